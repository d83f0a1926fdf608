//! Internal energies `∫ U(ρ) dx` on density representations: entropy
//! `σ ∫ ρ log ρ` (noise) and porous medium `∫ ρ^m/(m−1)`. Both are
//! displacement convex (McCann; porous medium for `m ≥ 1 − 1/d`), modulus 0.
//! They are `+∞` on measures without a density, so particle measures are not
//! accepted; grids, the 1-D quantile (Lagrangian) discretisation and
//! Gaussians (entropy) are.

use hwg_measure::{Gaussian, GridHistogram1d, GridHistogram2d, compensated_sum};
use ndarray::ArrayView1;

use crate::error::{check_finite, check_param};
use crate::traits::LowerBoundConstants;
use crate::{EnergyError, Result};

/// An internal energy density `U(ρ)` with `U(0) = 0`.
pub trait InternalEnergy: Send + Sync {
    /// Short name.
    fn name(&self) -> &'static str;
    /// `U(ρ)`, `ρ ≥ 0`.
    fn density(&self, rho: f64) -> f64;
    /// `U'(ρ)` (the first variation is `U'(ρ(x))`), `ρ > 0`.
    fn derivative(&self, rho: f64) -> f64;
    /// `U''(ρ)`.
    fn second_derivative(&self, rho: f64) -> f64;
    /// `U'(ρ)` at `ρ = e^ℓ`, without underflow for very negative `ℓ`.
    fn derivative_at_log(&self, log_rho: f64) -> f64 {
        self.derivative(log_rho.exp())
    }
    /// `ρ U''(ρ)` at `ρ = e^ℓ` (the derivative of `U'(e^ℓ)` in `ℓ`).
    fn rho_second_derivative_at_log(&self, log_rho: f64) -> f64 {
        let rho = log_rho.exp();
        rho * self.second_derivative(rho)
    }
    /// Pressure `P(ρ) = ρ U'(ρ) − U(ρ)` (the flux is `−ρ ∇U'(ρ) = −∇P(ρ)`).
    fn pressure(&self, rho: f64) -> f64 {
        rho * self.derivative(rho) - self.density(rho)
    }
    /// Displacement-convexity modulus (0 for both families).
    fn modulus(&self) -> f64 {
        0.0
    }
    /// `(A, B)` with `∫U(ρ) ≥ −A − B M2` on `R^d`.
    fn lower_bound(&self, dim: usize) -> LowerBoundConstants;

    /// `Σ_c h U(m_c / h)` on a 1-D grid.
    fn value_grid1d(&self, g: &GridHistogram1d) -> f64 {
        let h = g.spacing();
        compensated_sum(g.masses().iter().map(|&m| h * self.density(m / h)))
    }

    /// `Σ_c |cell| U(m_c / |cell|)` on a 2-D grid.
    fn value_grid2d(&self, g: &GridHistogram2d) -> f64 {
        let vol = g.spacing()[0] * g.spacing()[1];
        compensated_sum(g.masses().iter().map(|&m| vol * self.density(m / vol)))
    }

    /// Lagrangian 1-D discretisation: mass `q_i` spread uniformly on
    /// `(x_i, x_{i+1})`, so `Σ_i (x_{i+1} − x_i) U(q_i / (x_{i+1} − x_i))`.
    /// `+∞` when two atoms meet (the density is singular).
    fn value_quantile(&self, atoms: ArrayView1<f64>, cell_masses: ArrayView1<f64>) -> Result<f64> {
        if cell_masses.len() + 1 != atoms.len() {
            return Err(EnergyError::DimensionMismatch {
                what: "cell masses vs atoms − 1",
                expected: atoms.len().saturating_sub(1),
                found: cell_masses.len(),
            });
        }
        check_finite("atoms", atoms.iter())?;
        check_finite("cell masses", cell_masses.iter())?;
        let mut acc = hwg_measure::CompensatedSum::default();
        for (w, &q) in atoms.windows(2).into_iter().zip(cell_masses) {
            let dx = w[1] - w[0];
            if q < 0.0 {
                return Err(EnergyError::NonFinite {
                    name: "cell masses (negative)",
                    index: 0,
                    value: q,
                });
            }
            if dx <= 0.0 {
                if q > 0.0 {
                    return Ok(f64::INFINITY);
                }
                continue;
            }
            acc.add(dx * self.density(q / dx));
        }
        Ok(acc.value())
    }
}

/// `U(ρ) = σ ρ log ρ`, `σ ≥ 0` (the noise level).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entropy {
    sigma: f64,
}

impl Entropy {
    /// Entropy with weight `σ ≥ 0`.
    pub fn new(sigma: f64) -> Result<Self> {
        check_param("sigma", sigma, sigma >= 0.0, "noise level must be ≥ 0")?;
        Ok(Self { sigma })
    }

    /// `σ`.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// `σ ∫ ρ log ρ` of `N(m, Σ)`: `−σ (d/2)(1 + log 2π) − (σ/2) log det Σ`.
    pub fn value_gaussian(&self, g: &Gaussian) -> f64 {
        let d = g.dim() as f64;
        let l = g.cholesky_factor();
        let log_det: f64 = (0..g.dim()).map(|i| 2.0 * l[[i, i]].ln()).sum();
        -self.sigma * (0.5 * d * (1.0 + (2.0 * std::f64::consts::PI).ln()) + 0.5 * log_det)
    }
}

impl InternalEnergy for Entropy {
    fn name(&self) -> &'static str {
        "entropy"
    }
    fn density(&self, rho: f64) -> f64 {
        if rho > 0.0 {
            self.sigma * rho * rho.ln()
        } else {
            0.0
        }
    }
    fn derivative(&self, rho: f64) -> f64 {
        self.sigma * (rho.ln() + 1.0)
    }
    fn second_derivative(&self, rho: f64) -> f64 {
        self.sigma / rho
    }
    fn derivative_at_log(&self, log_rho: f64) -> f64 {
        self.sigma * (log_rho + 1.0)
    }
    fn rho_second_derivative_at_log(&self, _log_rho: f64) -> f64 {
        self.sigma
    }
    fn lower_bound(&self, dim: usize) -> LowerBoundConstants {
        // The Gaussian maximises −∫ρ log ρ at fixed M2: ∫ρ log ρ ≥ −(d/2) log(2πe M2/d),
        // and log M2 ≤ M2 − 1.
        let d = dim as f64;
        let two_pi_e = 2.0 * std::f64::consts::PI * std::f64::consts::E;
        LowerBoundConstants {
            a: self.sigma * 0.5 * d * ((two_pi_e / d).ln() - 1.0),
            b: self.sigma * 0.5 * d,
        }
    }
}

/// `U(ρ) = ρ^m / (m − 1)`, `m > 1` (porous medium; `m = 2` is the Barenblatt case).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PorousMedium {
    m: f64,
}

impl PorousMedium {
    /// Exponent `m > 1`.
    pub fn new(m: f64) -> Result<Self> {
        check_param("m", m, m > 1.0, "porous-medium exponent must be > 1")?;
        Ok(Self { m })
    }

    /// The exponent.
    pub fn exponent(&self) -> f64 {
        self.m
    }
}

impl InternalEnergy for PorousMedium {
    fn name(&self) -> &'static str {
        "porous medium"
    }
    fn density(&self, rho: f64) -> f64 {
        if rho > 0.0 {
            rho.powf(self.m) / (self.m - 1.0)
        } else {
            0.0
        }
    }
    fn derivative(&self, rho: f64) -> f64 {
        self.m / (self.m - 1.0) * rho.powf(self.m - 1.0)
    }
    fn second_derivative(&self, rho: f64) -> f64 {
        self.m * rho.powf(self.m - 2.0)
    }
    fn lower_bound(&self, _dim: usize) -> LowerBoundConstants {
        LowerBoundConstants::ZERO
    }
}
