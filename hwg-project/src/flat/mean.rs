//! The mean and per-cell effective weights.

use hwg_measure::{CompensatedSum, Gaussian, GridHistogram1d, ParticleMeasure, SortedLine};
use ndarray::{Array1, Array2};

use crate::error::{Result, check_dim};
use crate::projection::Projection;
use crate::simplicial::Partition;

/// `μ ↦ ∫ x dμ`: the effective synaptic weight.
///
/// For an energy of the mean only, `E(μ) = F(∫ x dμ)`, the mean after a JKO
/// step is the proximal point `m' = m − τ∇F(m')`; for the stimulus
/// attraction it is the EMA `m' = (1 − β) m + β s`, `β = τα/(1 + τα)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mean;

impl Projection<ParticleMeasure> for Mean {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        Ok(mu.mean())
    }
}

impl Projection<Gaussian> for Mean {
    type Output = Array1<f64>;
    fn project(&self, g: &Gaussian) -> Result<Array1<f64>> {
        Ok(g.mean().to_owned())
    }
}

impl Projection<SortedLine> for Mean {
    type Output = Array1<f64>;
    fn project(&self, line: &SortedLine) -> Result<Array1<f64>> {
        Ok(line.to_measure().mean())
    }
}

impl Projection<GridHistogram1d> for Mean {
    type Output = Array1<f64>;
    /// The masses sit at the cell centres.
    fn project(&self, h: &GridHistogram1d) -> Result<Array1<f64>> {
        Ok(h.to_particles().mean())
    }
}

/// Effective weight of each synapse cell, `∫_{A_i} x dμ` (row `i`, `K × d`):
/// the rows add up to the mean.
#[derive(Debug, Clone)]
pub struct EffectiveWeights {
    partition: Partition,
}

impl EffectiveWeights {
    /// Effective weights of the cells of `partition`.
    pub fn new(partition: Partition) -> Self {
        Self { partition }
    }
}

impl Projection<ParticleMeasure> for EffectiveWeights {
    type Output = Array2<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array2<f64>> {
        let d = mu.dim();
        check_dim("measure vs partition", self.partition.dim(), d)?;
        let k = self.partition.len();
        let mut sums = vec![CompensatedSum::default(); k * d];
        let (pts, w) = (mu.points(), mu.weights());
        for i in 0..mu.len() {
            let x = pts.row(i);
            let c = self.partition.cell_of(i, x)?;
            for j in 0..d {
                sums[c * d + j].add(w[i] * x[j]);
            }
        }
        Ok(Array2::from_shape_fn((k, d), |(c, j)| {
            sums[c * d + j].value()
        }))
    }
}
