//! The sequential-stability checker (DESIGN §3, conditions S1–S4).
//!
//! For a sequence `(E_k)` and a step `τ`:
//! (S1) each `E_k` is λ-convex with `1 + λτ > 0`; (S2) `E_k ≥ −A − B M2`;
//! (S3) `|E_{k+1}(μ) − E_k(μ)| ≤ L τ (1 + M2(μ))`; (S4) lower semicontinuity,
//! true by construction for the families of this crate. The checker takes
//! constants from declared parameters where they exist and estimates them on
//! seeded probe measures (and exact geodesics between them) where not; it
//! reports the first step that violates a condition and the measured value.
//! Whether `L` is acceptable is a modelling statement — the rate at which
//! the world may change — so the caller states the admissible `L_max`; a
//! stream that jumps by O(1) has `L ~ 1/τ` and fails it as `τ → 0`.

use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::{ParticleMeasure, ParticleView};

use crate::error::check_param;
use crate::sequence::EnergySequence;
use crate::traits::ParticleEnergy;
use crate::{EnergyError, Result};

/// Parameters of [`check_stability`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StabilityParams {
    /// Step size `τ > 0`.
    pub tau: f64,
    /// Admissible time-Lipschitz constant `L_max` of (S3).
    pub l_max: f64,
    /// Number of probe measures (and probe geodesics) for estimates.
    pub probes: usize,
    /// Seed of the probes.
    pub seed: u64,
}

impl StabilityParams {
    /// `τ` and `L_max`, with 24 probes.
    pub fn new(tau: f64, l_max: f64) -> Self {
        Self {
            tau,
            l_max,
            probes: 24,
            seed: 7,
        }
    }
}

/// Which condition failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// `1 + λτ ≤ 0`, or a declared λ contradicted by a probe geodesic.
    S1,
    /// A lower bound that is not finite or has `B < 0`, or is contradicted by a probe.
    S2,
    /// `L_k > L_max`.
    S3,
}

/// The first violation found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Violation {
    /// Step `k` (for S3: between `k` and `k + 1`).
    pub step: usize,
    /// Which condition.
    pub condition: Condition,
    /// The measured value (`1 + λτ`, `B`, `L_k`, or a probe's defect).
    pub measured: f64,
    /// The bound it violates.
    pub bound: f64,
}

/// Where a constant came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// From declared parameters (exact).
    Declared,
    /// Estimated on probe measures.
    Estimated,
}

/// Constants `(λ, A, B, L)` of the sequence at step `τ`, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct StabilityReport {
    /// `τ`.
    pub tau: f64,
    /// `λ = min_k λ_k`.
    pub lambda: f64,
    /// Whether any `λ_k` had to be estimated.
    pub lambda_source: Source,
    /// `1 + λτ`.
    pub one_plus_lambda_tau: f64,
    /// `A = max_k A_k`.
    pub a: f64,
    /// `B = max_k B_k`.
    pub b: f64,
    /// `L = max_k L_k`.
    pub l: f64,
    /// Whether any `L_k` had to be estimated.
    pub l_source: Source,
    /// `L_k` for each consecutive pair.
    pub l_per_step: Vec<f64>,
    /// The first violation, if any.
    pub first_violation: Option<Violation>,
}

impl StabilityReport {
    /// No condition violated.
    pub fn is_stable(&self) -> bool {
        self.first_violation.is_none()
    }
}

fn probes(dim: usize, count: usize, seed: u64) -> Result<Vec<ParticleMeasure>> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|k| {
            let spread = [0.1, 0.5, 1.0, 2.0, 4.0][k % 5];
            let n = 3 + rng.below(10);
            let mu = random_measure(&mut rng, n, dim, spread)?;
            let shift = ndarray::Array1::from_shape_simple_fn(dim, || rng.normal() * spread);
            Ok(mu.affine(ndarray::Array2::eye(dim).view(), shift.view())?)
        })
        .collect()
}

/// Largest λ compatible with seeded probe geodesics (see
/// [`geodesic_samples`](crate::diagnostics::geodesic_samples)).
pub fn estimate_modulus(energy: &dyn ParticleEnergy, count: usize, seed: u64) -> Result<f64> {
    let samples = crate::diagnostics::geodesic_samples(energy, count.max(1), 1.0, seed)?;
    Ok(samples
        .iter()
        .map(|s| s.largest_modulus())
        .fold(f64::INFINITY, f64::min))
}

fn m2(mu: ParticleView<'_>) -> f64 {
    mu.second_moment()
}

/// Check (S1)–(S3) for `seq` at step `params.tau`.
pub fn check_stability(seq: &EnergySequence, params: &StabilityParams) -> Result<StabilityReport> {
    let tau = check_param("tau", params.tau, params.tau > 0.0, "time step must be > 0")?;
    if params.l_max.is_nan() || params.l_max < 0.0 {
        return Err(EnergyError::InvalidParameter {
            name: "l_max",
            value: params.l_max,
            reason: "must be ≥ 0 (+∞ allowed)",
        });
    }
    if params.probes == 0 {
        return Err(EnergyError::InvalidParameter {
            name: "probes",
            value: 0.0,
            reason: "at least one probe",
        });
    }
    let ps = probes(seq.dim(), params.probes, params.seed)?;
    let mut first: Option<Violation> = None;
    let mut note = |v: Violation| {
        if first.is_none_or(|f| v.step < f.step) {
            first = Some(v);
        }
    };
    let (mut lambda, mut a, mut b) = (f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut lambda_source = Source::Declared;
    for k in 0..seq.len() {
        let e = seq.energy(k)?;
        let lk = match e.modulus() {
            Some(l) => l,
            None => {
                lambda_source = Source::Estimated;
                estimate_modulus(e.as_ref(), params.probes / 2 + 1, params.seed ^ k as u64)?
            }
        };
        lambda = lambda.min(lk);
        if 1.0 + lk * tau <= 0.0 {
            note(Violation {
                step: k,
                condition: Condition::S1,
                measured: 1.0 + lk * tau,
                bound: 0.0,
            });
        }
        let c = e.lower_bound();
        if !(c.a.is_finite() && c.b.is_finite() && c.b >= 0.0) {
            note(Violation {
                step: k,
                condition: Condition::S2,
                measured: c.b,
                bound: 0.0,
            });
        }
        a = a.max(c.a);
        b = b.max(c.b);
        // The declared bound must hold on the probes.
        for p in &ps {
            let v = e.value(p.view())?;
            let floor = c.at(m2(p.view()));
            if v < floor - 1e-9 * (1.0 + floor.abs()) {
                note(Violation {
                    step: k,
                    condition: Condition::S2,
                    measured: v,
                    bound: floor,
                });
                break;
            }
        }
    }
    let mut l_source = Source::Declared;
    let mut l_per_step = Vec::with_capacity(seq.len().saturating_sub(1));
    for k in 0..seq.len().saturating_sub(1) {
        let lk = match seq.increment(k) {
            Some(bound) => bound.c0.max(bound.c1) / tau,
            None => {
                l_source = Source::Estimated;
                let (e0, e1) = (seq.energy(k)?, seq.energy(k + 1)?);
                let mut worst = 0.0f64;
                for p in &ps {
                    let diff = (e1.value(p.view())? - e0.value(p.view())?).abs();
                    worst = worst.max(diff / (tau * (1.0 + m2(p.view()))));
                }
                worst
            }
        };
        if lk > params.l_max {
            note(Violation {
                step: k,
                condition: Condition::S3,
                measured: lk,
                bound: params.l_max,
            });
        }
        l_per_step.push(lk);
    }
    let l = l_per_step.iter().copied().fold(0.0, f64::max);
    Ok(StabilityReport {
        tau,
        lambda,
        lambda_source,
        one_plus_lambda_tau: 1.0 + lambda * tau,
        a,
        b,
        l,
        l_source,
        l_per_step,
        first_violation: first,
    })
}
