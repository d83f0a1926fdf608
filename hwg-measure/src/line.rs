//! The 1-D view: sorted atoms, cumulative weights, CDF and quantile function.
//!
//! On the line `P2(R)` is flat: `μ ↦ Q_μ` (the quantile function) is an
//! isometry onto a convex subset of `L²(0, 1)`, so `W2(μ, ν) = ‖Q_μ − Q_ν‖_{L²}`.

use ndarray::{Array1, ArrayView1};

use crate::particle::ParticleMeasure;
use crate::validate::{CompensatedSum, MassPolicy};
use crate::{MeasureError, Result};

/// A probability measure on `R` with atoms in non-decreasing order.
#[derive(Debug, Clone, PartialEq)]
pub struct SortedLine {
    atoms: Array1<f64>,
    weights: Array1<f64>,
    /// `cumulative[i] = Σ_{j ≤ i} weights[j]`, compensated.
    cumulative: Array1<f64>,
}

impl SortedLine {
    /// Sort the atoms of a 1-D particle measure (stable, so ties keep order).
    pub fn from_measure(mu: &ParticleMeasure) -> Result<Self> {
        if mu.dim() != 1 {
            return Err(MeasureError::DimensionMismatch {
                what: "1-D view",
                expected: 1,
                found: mu.dim(),
            });
        }
        // Already validated: build directly.
        Ok(Self::sorted_unchecked(mu.points().column(0), mu.weights()))
    }

    /// Atoms and weights given directly (any order), validated.
    pub fn new(atoms: Array1<f64>, weights: Array1<f64>) -> Result<Self> {
        let points = atoms.insert_axis(ndarray::Axis(1));
        let mu = ParticleMeasure::with_policy(points, weights, MassPolicy::Strict)?;
        Self::from_measure(&mu)
    }

    fn sorted_unchecked(atoms: ArrayView1<f64>, weights: ArrayView1<f64>) -> Self {
        let mut order: Vec<usize> = (0..atoms.len()).collect();
        order.sort_by(|&i, &j| atoms[i].total_cmp(&atoms[j]));
        let atoms: Array1<f64> = order.iter().map(|&i| atoms[i]).collect();
        let weights: Array1<f64> = order.iter().map(|&i| weights[i]).collect();
        let mut acc = CompensatedSum::default();
        let cumulative = weights
            .iter()
            .map(|&w| {
                acc.add(w);
                acc.value()
            })
            .collect();
        Self {
            atoms,
            weights,
            cumulative,
        }
    }

    /// Sorted atoms.
    pub fn atoms(&self) -> ArrayView1<'_, f64> {
        self.atoms.view()
    }

    /// Weights in atom order.
    pub fn weights(&self) -> ArrayView1<'_, f64> {
        self.weights.view()
    }

    /// Cumulative weights `F(x_i)`.
    pub fn cumulative(&self) -> ArrayView1<'_, f64> {
        self.cumulative.view()
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.atoms.len()
    }

    /// Always `false`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Back to a (sorted) particle measure.
    pub fn to_measure(&self) -> ParticleMeasure {
        ParticleMeasure::new(
            self.atoms.clone().insert_axis(ndarray::Axis(1)),
            self.weights.clone(),
        )
        .expect("built from a valid measure")
    }

    /// CDF `F(x) = μ((−∞, x])`.
    pub fn cdf(&self, x: f64) -> Result<f64> {
        if x.is_nan() {
            return Err(MeasureError::InvalidParameter {
                name: "CDF argument",
                index: 0,
                value: x,
                reason: "must not be NaN",
            });
        }
        let k = self
            .atoms
            .as_slice()
            .expect("owned, contiguous")
            .partition_point(|&a| a <= x);
        Ok(if k == 0 {
            0.0
        } else {
            self.cumulative[k - 1].min(1.0)
        })
    }

    /// Quantile `Q(u) = min{x_i : F(x_i) ≥ u}` for `u ∈ [0, 1]`, the
    /// left-continuous inverse of the CDF. `Q(0)` is the smallest atom with
    /// positive weight; rounding in `F` never pushes `Q(1)` past the last such atom.
    pub fn quantile(&self, u: f64) -> Result<f64> {
        if !(0.0..=1.0).contains(&u) {
            return Err(MeasureError::InvalidParameter {
                name: "quantile level",
                index: 0,
                value: u,
                reason: "must lie in [0, 1]",
            });
        }
        let first = self
            .weights
            .iter()
            .position(|&w| w > 0.0)
            .expect("mass one");
        let last = self
            .weights
            .iter()
            .rposition(|&w| w > 0.0)
            .expect("mass one");
        let k = self
            .cumulative
            .as_slice()
            .expect("owned, contiguous")
            .partition_point(|&c| c < u);
        Ok(self.atoms[k.clamp(first, last)])
    }

    /// The quantile function at many levels (each validated).
    pub fn quantiles(&self, levels: ArrayView1<f64>) -> Result<Array1<f64>> {
        levels.iter().map(|&u| self.quantile(u)).collect()
    }
}
