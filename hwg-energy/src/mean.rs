//! Energies of the mean only, `E(μ) = F(∫ x dμ)` with
//! `F(m) = ½ (m − m*)ᵀ Q (m − m*)`. Then `δE/δμ(y) = ⟨∇F(m), y⟩`, every atom
//! moves with the same velocity `∇F(m)`, and `E` is `min(λ_min(Q), 0)`-convex
//! (the mean moves affinely along geodesics and `|Δm|² ≤ W2²`).

use hwg_measure::ParticleView;
use ndarray::{Array1, Array2, ArrayView2};

use crate::error::{check_finite, finite_value};
use crate::potential::symmetric_eigenvalues;
use crate::traits::*;
use crate::{EnergyError, Result};

/// `F(∫ x dμ)` for a quadratic `F`.
#[derive(Debug, Clone, PartialEq)]
pub struct MeanQuadratic {
    q: Array2<f64>,
    target: Array1<f64>,
    lambda_min: f64,
}

impl MeanQuadratic {
    /// `F(m) = ½ (m − m*)ᵀ Q (m − m*)`, `Q` symmetric.
    pub fn new(q: Array2<f64>, target: Array1<f64>) -> Result<Self> {
        if q.nrows() != target.len() {
            return Err(EnergyError::DimensionMismatch {
                what: "matrix vs target",
                expected: target.len(),
                found: q.nrows(),
            });
        }
        check_finite("target", target.iter())?;
        let lambda_min = symmetric_eigenvalues("mean-energy matrix", q.view())?[0];
        Ok(Self {
            q,
            target,
            lambda_min,
        })
    }

    /// `∇F(m)`.
    pub fn grad_f(&self, m: &Array1<f64>) -> Array1<f64> {
        self.q.dot(&(m - &self.target))
    }

    /// `Q`.
    pub fn matrix(&self) -> &Array2<f64> {
        &self.q
    }

    /// `m*`.
    pub fn target(&self) -> &Array1<f64> {
        &self.target
    }
}

impl Energy for MeanQuadratic {
    fn name(&self) -> &'static str {
        "quadratic energy of the mean"
    }
    fn dim(&self) -> usize {
        self.target.len()
    }
    fn value(&self, mu: ParticleView<'_>) -> Result<f64> {
        check_dim(self, mu)?;
        let z = mu.mean() - &self.target;
        finite_value(self.name(), 0.5 * z.dot(&self.q.dot(&z)))
    }
}

impl FirstVariation for MeanQuadratic {
    fn first_variation(&self, mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>> {
        check_dim(self, mu)?;
        check_points(self, at)?;
        Ok(at.dot(&self.grad_f(&mu.mean())))
    }
}

impl WassersteinGradient for MeanQuadratic {
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        let g = self.grad_f(&mu.mean());
        Ok(Array2::from_shape_fn((mu.len(), mu.dim()), |(_, k)| g[k]))
    }
}

impl HessianVector for MeanQuadratic {
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        check_direction(mu, v)?;
        // m = Σ a_k x_k: (D²F V)_i = a_i Q Σ_k a_k v_k.
        let qv = self.q.dot(&v.t().dot(&mu.weights()));
        Ok(Array2::from_shape_fn((mu.len(), mu.dim()), |(i, k)| {
            mu.weights()[i] * qv[k]
        }))
    }
}

impl Convexity for MeanQuadratic {
    fn modulus(&self) -> Option<f64> {
        Some(self.lambda_min.min(0.0))
    }
}

impl LowerBound for MeanQuadratic {
    fn lower_bound(&self) -> LowerBoundConstants {
        if self.lambda_min >= 0.0 {
            LowerBoundConstants::ZERO
        } else {
            // F(m) ≥ λ(|m|² + |m*|²) for λ < 0, and |m|² ≤ M2.
            LowerBoundConstants {
                a: -self.lambda_min * self.target.dot(&self.target),
                b: -self.lambda_min,
            }
        }
    }
}
