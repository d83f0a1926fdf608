//! The stepping interface (argmin-style): a stepper makes one certified JKO
//! step; an [`Executor`] owns the step count and runs a sequence, calling
//! observers after every step.

use crate::Result;

/// Evidence about one step `μ_k → μ_{k+1}` at step size `τ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepCertificate {
    /// `E_k(μ_k)`.
    pub energy_before: f64,
    /// `E_k(μ_{k+1})`.
    pub energy_after: f64,
    /// `W2²(μ_k, μ_{k+1})` from an exact solver (network simplex, or the
    /// Gaussian closed form).
    pub w2_squared: f64,
    /// `E_k(μ_k) − E_k(μ_{k+1}) − W2²/(2τ)`: the energy descent inequality
    /// says this is `≥ 0` (up to rounding).
    pub descent_slack: f64,
    /// `‖(T − id)/τ + ∇δE_k/δμ(μ_{k+1})∘T‖_{L²(μ_k)}` for the realised map `T`.
    pub euler_lagrange_residual: f64,
    /// Cost `∫|T − id|² dμ_k` of the realised map.
    pub realised_cost: f64,
    /// `realised_cost − w2_squared` (`≥ 0`; zero when the realised map is optimal).
    pub optimality_gap: f64,
    /// Inner iterations of the solver.
    pub iterations: usize,
}

impl StepCertificate {
    /// A certificate from the measured quantities; the descent slack and the
    /// optimality gap are derived from them.
    pub fn new(
        energy_before: f64,
        energy_after: f64,
        w2_squared: f64,
        realised_cost: f64,
        euler_lagrange_residual: f64,
        tau: f64,
        iterations: usize,
    ) -> Self {
        Self {
            energy_before,
            energy_after,
            w2_squared,
            descent_slack: energy_before - energy_after - w2_squared / (2.0 * tau),
            euler_lagrange_residual,
            realised_cost,
            optimality_gap: realised_cost - w2_squared,
            iterations,
        }
    }

    /// Descent holds within `tol` (relative to `1 + |E_k(μ_k)|`).
    pub fn descends(&self, tol: f64) -> bool {
        self.descent_slack >= -tol * (1.0 + self.energy_before.abs())
    }

    /// The realised map is optimal within `tol` (relative to `1 + W2²`).
    pub fn map_is_optimal(&self, tol: f64) -> bool {
        self.optimality_gap.abs() <= tol * (1.0 + self.w2_squared)
    }
}

/// One JKO step `μ_{k+1} ∈ argmin E(μ) + W2²(μ, μ_k)/(2τ)` on states `S`.
pub trait Stepper<S> {
    /// The energies this stepper can minimise.
    type Energy: ?Sized;
    /// Step `k` from `state`; on error nothing is changed (the state is borrowed).
    fn step(
        &self,
        k: usize,
        state: &S,
        energy: &Self::Energy,
        tau: f64,
    ) -> Result<(S, StepCertificate)>;
}

/// Called after every step with the step index, the new state and its certificate.
pub trait Observer<S> {
    /// Record step `k` (`state` is `μ_{k+1}`).
    fn observe(&mut self, k: usize, state: &S, certificate: &StepCertificate);
}

impl<S, F: FnMut(usize, &S, &StepCertificate)> Observer<S> for F {
    fn observe(&mut self, k: usize, state: &S, certificate: &StepCertificate) {
        self(k, state, certificate)
    }
}

/// A finished run: the states `μ_0, …, μ_N` and the certificates of the N steps.
#[derive(Debug, Clone)]
pub struct Run<S> {
    /// `μ_0 … μ_N`.
    pub states: Vec<S>,
    /// One certificate per step.
    pub certificates: Vec<StepCertificate>,
}

/// Owns `τ` and the step count; runs a stepper through a sequence of energies.
pub struct Executor<'a, S, T: Stepper<S>> {
    stepper: T,
    tau: f64,
    observers: Vec<Box<dyn Observer<S> + 'a>>,
}

impl<'a, S: Clone, T: Stepper<S>> Executor<'a, S, T> {
    /// A run with step size `τ > 0`.
    pub fn new(stepper: T, tau: f64) -> Result<Self> {
        crate::error::check_tau(tau)?;
        Ok(Self {
            stepper,
            tau,
            observers: Vec::new(),
        })
    }

    /// Add an observer (progress, recording, plotting).
    pub fn observe(mut self, observer: impl Observer<S> + 'a) -> Self {
        self.observers.push(Box::new(observer));
        self
    }

    /// Run `energies.len()` steps from `init`, step `k` minimising `energies[k]`.
    /// The first failing step aborts the run with its error.
    pub fn run<'e, E>(
        &mut self,
        init: S,
        energies: impl IntoIterator<Item = &'e E>,
    ) -> Result<Run<S>>
    where
        E: std::borrow::Borrow<T::Energy> + ?Sized + 'e,
    {
        let mut states = vec![init];
        let mut certificates = Vec::new();
        for (k, e) in energies.into_iter().enumerate() {
            let current = states.last().expect("non-empty");
            let (next, cert) = self.stepper.step(k, current, e.borrow(), self.tau)?;
            for o in &mut self.observers {
                o.observe(k, &next, &cert);
            }
            states.push(next);
            certificates.push(cert);
        }
        Ok(Run {
            states,
            certificates,
        })
    }
}

/// Backtracking from `y` along `p` (with `slope = ⟨p, ∇Φ(y)⟩ < 0`): Armijo's
/// rule on `Φ` while the predicted decrease is above the rounding of `Φ`;
/// below it, a step is taken when it lowers the residual `r` without raising
/// `Φ` beyond its rounding (Newton's endgame). Returns the accepted point and
/// its `Φ`, or `None` when 60 halvings found none.
pub(crate) fn backtrack<D: ndarray::Dimension>(
    y: &ndarray::Array<f64, D>,
    p: &ndarray::Array<f64, D>,
    (phi, slope, r): (f64, f64, f64),
    value: impl Fn(&ndarray::Array<f64, D>) -> Option<f64>,
    residual: impl Fn(&ndarray::Array<f64, D>) -> Result<f64>,
) -> Result<Option<(ndarray::Array<f64, D>, f64)>> {
    let rounding = 1e3 * f64::EPSILON * (1.0 + phi.abs());
    let resolvable = -slope > rounding;
    let mut t = 1.0;
    for _ in 0..60 {
        let trial = y + &(p * t);
        if let Some(v) = value(&trial) {
            let ok = if resolvable {
                v <= phi + 1e-4 * t * slope
            } else {
                v <= phi + rounding && residual(&trial)? < r
            };
            if ok {
                return Ok(Some((trial, v.min(phi))));
            }
        }
        t *= 0.5;
    }
    Ok(None)
}
