//! Fiberwise stepping: one particle JKO step per fiber of a
//! [`FiberedState`], in parallel with rayon, bit-identical to the sequential
//! order (each fiber's solve is independent and deterministic, and results
//! are collected in fiber order). Fibers couple only through observables
//! computed between steps: `energies_for` sees the whole current state and
//! returns every fiber's energy for the next step (context-dependent
//! computation by operator splitting).

use std::sync::Arc;

use hwg_energy::ParticleEnergy;
use hwg_measure::FiberedState;
use ndarray::{Array2, s};
use rayon::prelude::*;

use crate::particle::ParticleStepper;
use crate::step::{StepCertificate, Stepper};
use crate::{JkoError, Result};

/// Sequential or parallel over fibers (same results, bit for bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// One fiber after the other.
    Sequential,
    /// Fibers in parallel (rayon).
    Parallel,
}

/// One step of every fiber; fiber `s` minimises `energies[s]`. On any
/// fiber's error nothing is returned but the error (the input is borrowed).
pub fn step_fibers(
    stepper: &ParticleStepper,
    k: usize,
    state: &FiberedState,
    energies: &[Arc<dyn ParticleEnergy>],
    tau: f64,
    schedule: Schedule,
) -> Result<(FiberedState, Vec<StepCertificate>)> {
    if energies.len() != state.n_fibers() {
        return Err(JkoError::Mismatch {
            what: "energies vs fibers",
            expected: state.n_fibers(),
            found: energies.len(),
        });
    }
    let one = |f: usize| -> Result<(Array2<f64>, StepCertificate)> {
        let mu = state.fiber(f).to_owned();
        let (next, cert) = stepper.step(k, &mu, energies[f].as_ref(), tau)?;
        Ok((next.into_parts().0, cert))
    };
    let results: Vec<Result<(Array2<f64>, StepCertificate)>> = match schedule {
        Schedule::Sequential => (0..state.n_fibers()).map(one).collect(),
        Schedule::Parallel => (0..state.n_fibers()).into_par_iter().map(one).collect(),
    };
    let mut points = Array2::zeros((state.n_atoms(), state.dim()));
    let mut certs = Vec::with_capacity(results.len());
    for (f, r) in results.into_iter().enumerate() {
        let (p, c) = r?;
        let (a, b) = (state.offsets()[f], state.offsets()[f + 1]);
        points.slice_mut(s![a..b, ..]).assign(&p);
        certs.push(c);
    }
    Ok((state.with_points(points)?, certs))
}

/// Run `steps` fiberwise steps; before each, `energies_for(k, state)` maps
/// the current state (its observables) to every fiber's energy.
pub fn run_fibers<F>(
    stepper: &ParticleStepper,
    init: FiberedState,
    steps: usize,
    tau: f64,
    schedule: Schedule,
    mut energies_for: F,
) -> Result<(Vec<FiberedState>, Vec<Vec<StepCertificate>>)>
where
    F: FnMut(usize, &FiberedState) -> Result<Vec<Arc<dyn ParticleEnergy>>>,
{
    let mut states = vec![init];
    let mut certs = Vec::with_capacity(steps);
    for k in 0..steps {
        let current = states.last().expect("non-empty");
        let energies = energies_for(k, current)?;
        let (next, c) = step_fibers(stepper, k, current, &energies, tau, schedule)?;
        states.push(next);
        certs.push(c);
    }
    Ok((states, certs))
}
