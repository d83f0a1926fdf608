//! Structural weights `w_i = μ(A_i)`: the simplicial projection onto `Δ_K`.

use hwg_measure::{CompensatedSum, GridHistogram1d, ParticleMeasure, SortedLine};
use ndarray::Array1;

use super::Partition;
use crate::error::{Result, check_dim};
use crate::projection::Projection;

/// `μ ↦ (μ(A_1), …, μ(A_K)) ∈ Δ_K` for a [`Partition`].
///
/// The sum is one up to rounding for every state: one cell's gain is
/// another's loss (synaptic competition).
#[derive(Debug, Clone)]
pub struct StructuralWeights {
    partition: Partition,
}

impl StructuralWeights {
    /// Weights of the cells of `partition`.
    pub fn new(partition: Partition) -> Self {
        Self { partition }
    }

    /// The partition.
    pub fn partition(&self) -> &Partition {
        &self.partition
    }
}

impl Projection<ParticleMeasure> for StructuralWeights {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        check_dim("measure vs partition", self.partition.dim(), mu.dim())?;
        let (pts, w) = (mu.points(), mu.weights());
        let mut sums = vec![CompensatedSum::default(); self.partition.len()];
        for i in 0..mu.len() {
            sums[self.partition.cell_of(i, pts.row(i))?].add(w[i]);
        }
        Ok(sums.iter().map(|s| s.value()).collect())
    }
}

impl Projection<SortedLine> for StructuralWeights {
    type Output = Array1<f64>;
    /// Each quantile atom carries its weight into the cell of its position.
    fn project(&self, line: &SortedLine) -> Result<Array1<f64>> {
        self.project(&line.to_measure())
    }
}

impl Projection<GridHistogram1d> for StructuralWeights {
    type Output = Array1<f64>;
    /// Each grid cell carries its mass into the cell of its centre.
    fn project(&self, h: &GridHistogram1d) -> Result<Array1<f64>> {
        self.project(&h.to_particles())
    }
}
