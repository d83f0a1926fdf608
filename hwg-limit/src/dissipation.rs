//! Discrete metric derivatives, slopes, the energy-dissipation inequality,
//! the Hölder estimate and the perturbed balance.

use hwg_energy::ParticleEnergy;
use hwg_jko::StepCertificate;
use hwg_measure::ParticleMeasure;

use crate::curve::{Geodesic, PiecewiseConstant};
use crate::error::{LimitError, Result, check_len, check_param};
use crate::{hwg_energy, hwg_jko, hwg_measure};

/// The first and last certificates, after checking every number is finite.
fn ends<'a>(
    what: &'static str,
    certificates: &'a [StepCertificate],
) -> Result<(&'a StepCertificate, &'a StepCertificate)> {
    for c in certificates {
        for (name, v) in [
            ("E_k(μ_k) of a certificate", c.energy_before),
            ("E_k(μ_(k+1)) of a certificate", c.energy_after),
            ("W2² of a certificate", c.w2_squared),
        ] {
            check_param(name, v, true, "certificates must hold finite numbers")?;
        }
    }
    match (certificates.first(), certificates.last()) {
        (Some(f), Some(l)) => Ok((f, l)),
        _ => Err(LimitError::TooFew {
            what,
            needed: 1,
            found: 0,
        }),
    }
}

/// `|μ'|_k` of certificates already checked by [`ends`].
fn speeds(tau: f64, certificates: &[StepCertificate]) -> Result<Vec<f64>> {
    check_param("tau", tau, tau > 0.0, "step must be > 0")?;
    Ok(certificates
        .iter()
        .map(|c| c.w2_squared.max(0.0).sqrt() / tau)
        .collect())
}

/// `|μ'|_k = W2(μ_k, μ_{k+1}) / τ` from the certificates' exact `W2²`.
pub fn metric_derivatives(tau: f64, certificates: &[StepCertificate]) -> Result<Vec<f64>> {
    ends("metric derivatives", certificates)?;
    speeds(tau, certificates)
}

/// The slope `|∂E|(μ) = ‖∇ δE/δμ‖_{L²(μ)}` at each state, from the energy's
/// Wasserstein gradient (independent of the step that produced the state).
pub fn particle_slopes(
    energy: &dyn ParticleEnergy,
    states: &[ParticleMeasure],
) -> Result<Vec<f64>> {
    states
        .iter()
        .map(|mu| {
            let g = energy.gradient(mu.view())?;
            let w = mu.weights();
            let s: f64 = g
                .rows()
                .into_iter()
                .zip(w.iter())
                .map(|(r, a)| a * r.dot(&r))
                .sum();
            Ok(s.sqrt())
        })
        .collect()
}

/// The terms of the discrete energy–dissipation inequality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdiReport {
    /// `τ`.
    pub tau: f64,
    /// The convexity modulus used.
    pub lambda: f64,
    /// `E(μ_0)`.
    pub energy_start: f64,
    /// `E(μ_N)`.
    pub energy_end: f64,
    /// `Σ_k (τ/2)(1 + λτ)|μ'|_k²`.
    pub metric_term: f64,
    /// `Σ_k (τ/2)|∂E|²(μ_{k+1})`.
    pub slope_term: f64,
    /// `E(μ_0) − E(μ_N) − metric_term − slope_term`, `≥ 0` by the theorem.
    pub slack: f64,
}

impl EdiReport {
    /// `slack / (E(μ_0) − E(μ_N))`: how far from equality (→ 0 as τ → 0).
    pub fn relative_slack(&self) -> f64 {
        self.slack
            / (self.energy_start - self.energy_end)
                .abs()
                .max(f64::MIN_POSITIVE)
    }
}

/// The discrete EDI for a time-independent `λ`-convex energy:
/// $$E(\mu_N) + \sum_k \tfrac\tau2\big[(1+\lambda\tau)|\mu'|_k^2 + |\partial E|^2(\mu_{k+1})\big] \le E(\mu_0).$$
///
/// Derivation: the JKO optimality condition gives
/// `∇δE/δμ(μ_{k+1}) = (T − id)/τ` with `T` the optimal map to `μ_k`, so
/// `|∂E|(μ_{k+1}) = |μ'|_k`; `λ`-convexity along that geodesic gives
/// `E(μ_k) ≥ E(μ_{k+1}) + W²/τ + (λ/2)W²`, and `W²/τ = (τ/2)(|μ'|_k² + |∂E|²(μ_{k+1}))`.
/// Summing gives the inequality; for `λ ≥ 0` the correction only helps, for
/// `λ < 0` it needs `1 + λτ > 0` (the JKO step's own condition).
///
/// `slopes[k] = |∂E|(μ_{k+1})` (see [`particle_slopes`]).
pub fn edi(
    tau: f64,
    lambda: f64,
    certificates: &[StepCertificate],
    slopes: &[f64],
) -> Result<EdiReport> {
    let speeds = speeds(tau, certificates)?;
    check_param(
        "lambda",
        lambda,
        1.0 + lambda * tau > 0.0,
        "the EDI needs 1 + λτ > 0",
    )?;
    check_len("slopes vs steps", certificates.len(), slopes.len())?;
    let (first, last) = ends("the EDI", certificates)?;
    for (k, w) in certificates.windows(2).enumerate() {
        let (next, current) = (w[1].energy_before, w[0].energy_after);
        if (next - current).abs() > 1e-12 * (1.0 + current.abs()) {
            return Err(LimitError::TimeDependentEnergy {
                step: k + 1,
                next,
                current,
            });
        }
    }
    let metric_term: f64 = speeds
        .iter()
        .map(|v| 0.5 * tau * (1.0 + lambda * tau) * v * v)
        .sum();
    let slope_term: f64 = slopes.iter().map(|s| 0.5 * tau * s * s).sum();
    let (energy_start, energy_end) = (first.energy_before, last.energy_after);
    Ok(EdiReport {
        tau,
        lambda,
        energy_start,
        energy_end,
        metric_term,
        slope_term,
        slack: energy_start - energy_end - metric_term - slope_term,
    })
}

/// The Hölder estimate `W2(μ̄(t), μ̄(s)) ≤ C sqrt(|t − s| + τ)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HolderReport {
    /// `sup W2(μ̄(t), μ̄(s)) / sqrt(|t − s| + τ)` over the run.
    pub measured: f64,
    /// `C = sqrt(2 Σ_k [E_k(μ_k) − E_k(μ_{k+1})])`, the bound from the run's energies.
    pub bound: f64,
}

/// The Hölder constant of the piecewise-constant interpolant of a run with
/// uniform step `τ`, against the bound
/// `C² = 2 Σ_k [E_k(μ_k) − E_k(μ_{k+1})] ≥ Σ_k W2²(μ_k, μ_{k+1})/τ` (JKO
/// minimality), which by Cauchy–Schwarz bounds `W2(μ_j, μ_k)` by
/// `C sqrt((k − j)τ)`. For a time-independent energy `C² ≤ 2(E(μ_0) − inf E)`;
/// a varying one adds its increments. The supremum over `t ∈ (t_{j−1}, t_j]`,
/// `s ∈ (t_{k−1}, t_k]` is reached as `|t − s| → t_{k−1} − t_j`; every pair is visited.
pub fn holder<S: Geodesic>(
    curve: &PiecewiseConstant<S>,
    certificates: &[StepCertificate],
) -> Result<HolderReport> {
    let states = curve.states();
    check_len(
        "certificates vs steps of the curve",
        states.len() - 1,
        certificates.len(),
    )?;
    let tau = curve.max_step();
    let times = curve.times();
    let mut measured = 0.0f64;
    for j in 0..states.len() {
        for k in j + 1..states.len() {
            let gap = (times[k - 1] - times[j]).max(0.0);
            measured = measured.max(S::distance(&states[j], &states[k])? / (gap + tau).sqrt());
        }
    }
    let descent: f64 = certificates
        .iter()
        .map(|c| c.energy_before - c.energy_after)
        .sum();
    Ok(HolderReport {
        measured,
        bound: (2.0 * descent).max(0.0).sqrt(),
    })
}

/// The discrete perturbed-gradient-flow balance
/// `E_{N−1}(μ_N) + Σ_k τ|μ'|_k² = E_0(μ_0) + Σ_k [E_{k+1}(μ_{k+1}) − E_k(μ_{k+1})] + residual`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalanceReport {
    /// `τ`.
    pub tau: f64,
    /// `E_0(μ_0)`.
    pub energy_start: f64,
    /// `E_{N−1}(μ_N)`.
    pub energy_end: f64,
    /// `Σ_k τ|μ'|_k² = Σ_k W2²(μ_k, μ_{k+1})/τ`, the discrete `∫|μ'|²`.
    pub dissipation: f64,
    /// `Σ_k [E_{k+1}(μ_{k+1}) − E_k(μ_{k+1})]`, the discrete `∫ ∂_t E(t, μ_t) dt`.
    pub time_derivative: f64,
    /// Left side minus right side; `O(τ)` on a fixed horizon.
    pub residual: f64,
}

/// The balance of a run through a (slowly) varying energy, from its certificates.
pub fn balance(tau: f64, certificates: &[StepCertificate]) -> Result<BalanceReport> {
    let speeds = speeds(tau, certificates)?;
    let (first, last) = ends("a balance", certificates)?;
    let dissipation: f64 = speeds.iter().map(|v| tau * v * v).sum();
    let time_derivative: f64 = certificates
        .windows(2)
        .map(|w| w[1].energy_before - w[0].energy_after)
        .sum();
    let (energy_start, energy_end) = (first.energy_before, last.energy_after);
    Ok(BalanceReport {
        tau,
        energy_start,
        energy_end,
        dissipation,
        time_derivative,
        residual: energy_end + dissipation - energy_start - time_derivative,
    })
}
