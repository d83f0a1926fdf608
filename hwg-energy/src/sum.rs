//! Weighted sums `Σ_k w_k E_k`, `w_k ≥ 0`: values, variations, gradients and
//! Hessian-vector products add; moduli add (`Σ w_k λ_k`, unknown if any is);
//! lower-bound constants add.

use std::sync::Arc;

use hwg_measure::ParticleView;
use ndarray::{Array1, Array2, ArrayView2};

use crate::error::{check_param, finite_value};
use crate::traits::*;
use crate::{EnergyError, Result};

/// A non-negative combination of particle energies on a common `R^d`.
#[derive(Clone)]
pub struct Sum {
    dim: usize,
    terms: Vec<(f64, Arc<dyn ParticleEnergy>)>,
}

impl std::fmt::Debug for Sum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<(f64, &str)> = self.terms.iter().map(|(w, e)| (*w, e.name())).collect();
        f.debug_struct("Sum")
            .field("dim", &self.dim)
            .field("terms", &names)
            .finish()
    }
}

impl Sum {
    /// `Σ w_k E_k`; weights finite and `≥ 0`, dimensions equal, at least one term.
    pub fn new(terms: Vec<(f64, Arc<dyn ParticleEnergy>)>) -> Result<Self> {
        let dim = terms
            .first()
            .ok_or(EnergyError::InvalidParameter {
                name: "terms",
                value: 0.0,
                reason: "a sum needs at least one term",
            })?
            .1
            .dim();
        for (w, e) in &terms {
            check_param(
                "sum weight",
                *w,
                *w >= 0.0,
                "weights must be finite and ≥ 0 (moduli only add for w ≥ 0)",
            )?;
            if e.dim() != dim {
                return Err(EnergyError::DimensionMismatch {
                    what: "sum terms",
                    expected: dim,
                    found: e.dim(),
                });
            }
        }
        Ok(Self { dim, terms })
    }

    /// The terms.
    pub fn terms(&self) -> &[(f64, Arc<dyn ParticleEnergy>)] {
        &self.terms
    }
}

impl Energy for Sum {
    fn name(&self) -> &'static str {
        "sum"
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, mu: ParticleView<'_>) -> Result<f64> {
        let mut total = 0.0;
        for (w, e) in &self.terms {
            total += w * e.value(mu)?;
        }
        finite_value("sum", total)
    }
}

impl FirstVariation for Sum {
    fn first_variation(&self, mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>> {
        let mut acc = Array1::zeros(at.nrows());
        for (w, e) in &self.terms {
            acc.scaled_add(*w, &e.first_variation(mu, at)?);
        }
        Ok(acc)
    }
}

impl WassersteinGradient for Sum {
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        let mut acc = Array2::zeros((mu.len(), mu.dim()));
        for (w, e) in &self.terms {
            acc.scaled_add(*w, &e.gradient(mu)?);
        }
        Ok(acc)
    }
}

impl HessianVector for Sum {
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>> {
        let mut acc = Array2::zeros((mu.len(), mu.dim()));
        for (w, e) in &self.terms {
            acc.scaled_add(*w, &e.hessian_vector(mu, v)?);
        }
        Ok(acc)
    }
}

impl Convexity for Sum {
    fn modulus(&self) -> Option<f64> {
        self.terms
            .iter()
            .map(|(w, e)| e.modulus().map(|l| w * l))
            .sum()
    }
}

impl LowerBound for Sum {
    fn lower_bound(&self) -> LowerBoundConstants {
        self.terms
            .iter()
            .fold(LowerBoundConstants::ZERO, |acc, (w, e)| {
                let c = e.lower_bound();
                LowerBoundConstants {
                    a: acc.a + w * c.a,
                    b: acc.b + w * c.b,
                }
            })
    }
}
