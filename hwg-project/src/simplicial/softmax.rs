//! Softmax of the mean logits, and the barycenter of a measure on the simplex.

use hwg_measure::ParticleMeasure;
use ndarray::Array1;

use crate::error::{ProjectError, Result};
use crate::projection::Projection;

/// `μ ↦ softmax(∫ θ dμ)` for a measure on logit space `R^K`.
///
/// With the linear drive `⟨g, θ⟩` every atom moves by `−τ g` in a JKO step,
/// so this projection follows `p' ∝ p ⊙ exp(−τ g)`: exponentiated-gradient
/// mirror descent.
#[derive(Debug, Clone, Copy, Default)]
pub struct SoftmaxOfMean;

/// `softmax(θ)_i = e^{θ_i − max θ} / Σ_j e^{θ_j − max θ}` (shifted, so it never overflows).
pub fn softmax(theta: &Array1<f64>) -> Array1<f64> {
    let top = theta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let e = theta.mapv(|t| (t - top).exp());
    let z = e.sum();
    e / z
}

impl Projection<ParticleMeasure> for SoftmaxOfMean {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        Ok(softmax(&mu.mean()))
    }
}

/// The barycenter `∫ p dμ(p)` of a measure on the simplex `Δ_K` — the
/// frequency estimate when `μ` learns from one-hot stimuli.
///
/// Checks that every atom lies on the simplex (coordinates `≥ −tol`,
/// sum within `tol` of one).
#[derive(Debug, Clone, Copy)]
pub struct SimplexBarycenter {
    /// Tolerance on the simplex constraints.
    pub tolerance: f64,
}

impl Default for SimplexBarycenter {
    fn default() -> Self {
        Self { tolerance: 1e-9 }
    }
}

impl Projection<ParticleMeasure> for SimplexBarycenter {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        let pts = mu.points();
        for (atom, p) in pts.rows().into_iter().enumerate() {
            if let Some(&v) = p.iter().find(|&&v| v < -self.tolerance) {
                return Err(ProjectError::NotOnSimplex {
                    atom,
                    reason: "negative coordinate",
                    value: v,
                });
            }
            let s = hwg_measure::compensated_sum(p.iter().copied());
            if (s - 1.0).abs() > self.tolerance {
                return Err(ProjectError::NotOnSimplex {
                    atom,
                    reason: "coordinates do not sum to one",
                    value: s,
                });
            }
        }
        Ok(mu.mean())
    }
}
