//! Analytic solutions, τ-sweeps and Richardson estimates of the order.

use hwg_measure::Gaussian;
use hwg_measure::verify::loglog_slope;
use ndarray::{Array1, Array2, ArrayView1};

use crate::error::{LimitError, Result, check_len, check_param};
use crate::hwg_measure;

/// The Ornstein–Uhlenbeck flow of `V = (α/2)|x − m*|²` plus `σ ∫ ρ log ρ`
/// from Gaussian data: `m(t) = m* + e^{−αt}(m_0 − m*)`,
/// `Σ(t) = (σ/α) I + e^{−2αt}(Σ_0 − (σ/α) I)`.
pub fn ou_gaussian(
    initial: &Gaussian,
    alpha: f64,
    center: ArrayView1<f64>,
    sigma: f64,
    t: f64,
) -> Result<Gaussian> {
    check_param("alpha", alpha, alpha > 0.0, "confinement must be > 0")?;
    check_param("sigma", sigma, sigma >= 0.0, "noise must be ≥ 0")?;
    check_param("t", t, t >= 0.0, "time must be ≥ 0")?;
    check_len("centre vs Gaussian", initial.dim(), center.len())?;
    let (decay, decay2) = ((-alpha * t).exp(), (-2.0 * alpha * t).exp());
    let m = &center + &((&initial.mean() - &center) * decay);
    let d = initial.dim();
    let s = sigma / alpha;
    let cov = Array2::from_shape_fn((d, d), |(i, j)| {
        let eye = if i == j { s } else { 0.0 };
        eye + decay2 * (initial.covariance()[[i, j]] - eye)
    });
    Ok(Gaussian::new(m, cov)?)
}

/// The heat flow `∂_t ρ = σ Δρ` from Gaussian data: `N(m_0, Σ_0 + 2σt I)`.
pub fn heat_gaussian(initial: &Gaussian, sigma: f64, t: f64) -> Result<Gaussian> {
    check_param("sigma", sigma, sigma >= 0.0, "noise must be ≥ 0")?;
    check_param("t", t, t >= 0.0, "time must be ≥ 0")?;
    let d = initial.dim();
    let cov = Array2::from_shape_fn((d, d), |(i, j)| {
        initial.covariance()[[i, j]] + if i == j { 2.0 * sigma * t } else { 0.0 }
    });
    Ok(Gaussian::new(initial.mean().to_owned(), cov)?)
}

/// The Barenblatt solution of `∂_t ρ = Δ(ρ²)` in 1-D (the flow of
/// `∫ ρ² dx`, porous medium `m = 2`), unit mass:
/// `ρ(t, x) = t^{−1/3} (C − x² t^{−2/3}/12)_+` with `C = (3/(4√12))^{2/3}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Barenblatt;

impl Barenblatt {
    const K: f64 = 1.0 / 12.0;

    fn c() -> f64 {
        (3.0 / (4.0 * 12f64.sqrt())).powf(2.0 / 3.0)
    }

    /// Half-width of the support at time `t > 0`.
    pub fn support(t: f64) -> Result<f64> {
        check_param("t", t, t > 0.0, "Barenblatt time must be > 0")?;
        Ok((Self::c() / Self::K).sqrt() * t.powf(1.0 / 3.0))
    }

    /// `ρ(t, x)`.
    pub fn density(t: f64, x: f64) -> Result<f64> {
        check_param("t", t, t > 0.0, "Barenblatt time must be > 0")?;
        let y = x * t.powf(-1.0 / 3.0);
        Ok(t.powf(-1.0 / 3.0) * (Self::c() - Self::K * y * y).max(0.0))
    }

    /// The quantile `X(t, u)`, `u ∈ [0, 1]`: self-similar, `t^{1/3} Y(u)`
    /// with `Y` the inverse of `F(y) = C(y + a) − (y³ + a³)/36` (bisection to rounding).
    pub fn quantile(t: f64, u: f64) -> Result<f64> {
        check_param("u", u, (0.0..=1.0).contains(&u), "level must lie in [0, 1]")?;
        check_param("t", t, t > 0.0, "Barenblatt time must be > 0")?;
        let a = Self::support(1.0)?;
        let c = Self::c();
        let cdf = |y: f64| c * (y + a) - (y * y * y + a * a * a) / 36.0;
        let (mut lo, mut hi) = (-a, a);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if cdf(mid) < u {
                lo = mid;
            } else {
                hi = mid;
            }
            if hi - lo <= f64::EPSILON * a {
                break;
            }
        }
        Ok(t.powf(1.0 / 3.0) * 0.5 * (lo + hi))
    }
}

/// Errors at a fixed time for decreasing steps, and the fitted order.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// The steps `τ`.
    pub taus: Vec<f64>,
    /// The error at each `τ`.
    pub errors: Vec<f64>,
}

impl Sweep {
    /// At least three `(τ, error)` pairs, `τ > 0`, errors finite and `≥ 0`.
    pub fn new(taus: Vec<f64>, errors: Vec<f64>) -> Result<Self> {
        check_len("errors vs steps", taus.len(), errors.len())?;
        if taus.len() < 3 {
            return Err(LimitError::TooFew {
                what: "a τ-sweep",
                needed: 3,
                found: taus.len(),
            });
        }
        for &t in &taus {
            check_param("tau", t, t > 0.0, "steps must be > 0")?;
        }
        for &e in &errors {
            check_param("error", e, e >= 0.0, "errors must be finite and ≥ 0")?;
        }
        Ok(Self { taus, errors })
    }

    /// Least-squares slope of `log error` against `log τ`.
    pub fn order(&self) -> f64 {
        loglog_slope(&self.taus, &self.errors)
    }

    /// `true` when the error shrinks with every halving of `τ`.
    pub fn decreasing(&self) -> bool {
        let mut pairs: Vec<(f64, f64)> = self
            .taus
            .iter()
            .copied()
            .zip(self.errors.iter().copied())
            .collect();
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        pairs.windows(2).all(|w| w[1].1 < w[0].1)
    }
}

/// Richardson's estimate from solutions at `τ`, `τ/2`, `τ/4` where no
/// analytic solution exists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Richardson {
    /// `p = log2(d(τ, τ/2) / d(τ/2, τ/4))`.
    pub order: f64,
    /// Estimated error of the `τ/4` solution, `d(τ/2, τ/4) / (2^p − 1)`.
    pub error_estimate: f64,
}

impl Richardson {
    /// From the distances `d(u_τ, u_{τ/2})` and `d(u_{τ/2}, u_{τ/4})` (in `W2`, say).
    pub fn from_distances(coarse: f64, fine: f64) -> Result<Self> {
        check_param("coarse distance", coarse, coarse > 0.0, "must be > 0")?;
        check_param("fine distance", fine, fine > 0.0, "must be > 0")?;
        let order = (coarse / fine).log2();
        Ok(Self {
            order,
            error_estimate: fine / (2f64.powf(order) - 1.0),
        })
    }

    /// From three vectors (observables of the three runs).
    pub fn from_values(
        tau: &Array1<f64>,
        half: &Array1<f64>,
        quarter: &Array1<f64>,
    ) -> Result<Self> {
        check_len("values at τ/2", tau.len(), half.len())?;
        check_len("values at τ/4", tau.len(), quarter.len())?;
        let d = |a: &Array1<f64>, b: &Array1<f64>| (a - b).mapv(|v| v * v).sum().sqrt();
        Self::from_distances(d(tau, half), d(half, quarter))
    }
}
