//! Wake/sleep schedules in continuous time and memory consolidation.

use std::sync::Arc;

use hwg_energy::{ParticleEnergy, Phase};
use hwg_measure::ParticleMeasure;
use hwg_project::Projection;
use hwg_project::flat::Mean;
use hwg_project::simplicial::StructuralWeights;
use hwg_transport::sq_dist;
use ndarray::Array1;

use crate::curve::Geodesic;
use crate::error::{LimitError, Result, check_len, check_param};
use crate::{hwg_energy, hwg_measure, hwg_transport};

/// A window of the schedule: awake (stimuli) or asleep, for `duration` time units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedWindow {
    /// Wake or sleep.
    pub phase: Phase,
    /// Length in time units (`> 0`).
    pub duration: f64,
}

/// Where a step falls in the schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepTime {
    /// Step index `k` (minimising `E_k`, producing `μ_{k+1}`).
    pub k: usize,
    /// `t_{k+1} = (k + 1)τ`, the time the step lands at (implicit scheme).
    pub t: f64,
    /// Wake or sleep.
    pub phase: Phase,
    /// Index of the window.
    pub window: usize,
    /// `t_{k+1}` minus the window's start.
    pub since_start: f64,
}

/// Alternating wake and sleep windows in continuous time, so that runs with
/// different `τ` discretise the same schedule (needed for `τ → 0`).
#[derive(Debug, Clone, PartialEq)]
pub struct SleepSchedule {
    windows: Vec<TimedWindow>,
}

impl SleepSchedule {
    /// At least one window, every duration `> 0`.
    pub fn new(windows: Vec<TimedWindow>) -> Result<Self> {
        if windows.is_empty() {
            return Err(LimitError::TooFew {
                what: "a schedule",
                needed: 1,
                found: 0,
            });
        }
        for w in &windows {
            check_param(
                "duration",
                w.duration,
                w.duration > 0.0,
                "windows must last > 0",
            )?;
        }
        Ok(Self { windows })
    }

    /// The windows.
    pub fn windows(&self) -> &[TimedWindow] {
        &self.windows
    }

    /// Total duration.
    pub fn end(&self) -> f64 {
        self.windows.iter().map(|w| w.duration).sum()
    }

    /// The steps of a run with step `τ`; every window must be a whole number
    /// of steps (else the runs at different `τ` would not share the schedule).
    pub fn steps(&self, tau: f64) -> Result<Vec<StepTime>> {
        check_param("tau", tau, tau > 0.0, "step must be > 0")?;
        let mut out = Vec::new();
        let mut start = 0.0;
        for (window, w) in self.windows.iter().enumerate() {
            let n = (w.duration / tau).round();
            if n < 1.0 || (n * tau - w.duration).abs() > 1e-9 * w.duration {
                return Err(LimitError::InvalidParameter {
                    name: "tau",
                    value: tau,
                    reason: "every window must last a whole number (≥ 1) of steps",
                });
            }
            for j in 0..n as usize {
                let since_start = (j + 1) as f64 * tau;
                out.push(StepTime {
                    k: out.len(),
                    t: start + since_start,
                    phase: w.phase,
                    window,
                    since_start,
                });
            }
            start += w.duration;
        }
        Ok(out)
    }

    /// `E_k` for every step, from a builder that sees where the step falls.
    pub fn energies<F>(&self, tau: f64, mut build: F) -> Result<Vec<Arc<dyn ParticleEnergy>>>
    where
        F: FnMut(&StepTime) -> Result<Arc<dyn ParticleEnergy>>,
    {
        self.steps(tau)?.iter().map(&mut build).collect()
    }

    /// The phase of each of `steps` steps of a run at `τ` (a schedule/run mismatch is an error).
    pub fn phases(&self, tau: f64, steps: usize) -> Result<Vec<Phase>> {
        let s = self.steps(tau)?;
        check_len("steps of the run vs the schedule", s.len(), steps)?;
        Ok(s.iter().map(|st| st.phase).collect())
    }
}

/// Number of clusters: connected components of the graph joining atoms
/// closer than `radius` (single linkage, union–find, `O(n²)`).
pub fn cluster_count(mu: &ParticleMeasure, radius: f64) -> Result<usize> {
    check_param("radius", radius, radius > 0.0, "cluster radius must be > 0")?;
    let n = mu.len();
    let pts = mu.points();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let r2 = radius * radius;
    for i in 0..n {
        for j in i + 1..n {
            if sq_dist(pts.row(i), pts.row(j)) < r2 {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    Ok((0..n).filter(|&i| root(&mut parent, i) == i).count())
}

/// Consolidation along a sleep run, against the awake state.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsolidationTrace {
    /// Times of the records.
    pub times: Vec<f64>,
    /// Cluster count at each record.
    pub clusters: Vec<usize>,
    /// `W2(μ(t), μ_awake)`.
    pub w2_to_awake: Vec<f64>,
    /// `|mean(μ(t)) − mean(μ_awake)|` (flat retention).
    pub flat_drift: Vec<f64>,
    /// `max_i |w_i(μ(t)) − w_i(μ_awake)|` (simplicial retention).
    pub simplicial_drift: Vec<f64>,
}

/// Record cluster count, `W2` to the awake state and the drift of the flat and
/// simplicial observables along `states` (at `times`).
pub fn consolidation_trace(
    awake: &ParticleMeasure,
    times: &[f64],
    states: &[ParticleMeasure],
    radius: f64,
    cells: &StructuralWeights,
) -> Result<ConsolidationTrace> {
    check_len("states vs times", times.len(), states.len())?;
    let (m0, w0): (Array1<f64>, Array1<f64>) = (Mean.project(awake)?, cells.project(awake)?);
    let mut trace = ConsolidationTrace {
        times: times.to_vec(),
        clusters: Vec::new(),
        w2_to_awake: Vec::new(),
        flat_drift: Vec::new(),
        simplicial_drift: Vec::new(),
    };
    for mu in states {
        trace.clusters.push(cluster_count(mu, radius)?);
        trace
            .w2_to_awake
            .push(ParticleMeasure::distance(mu, awake)?);
        let dm = &Mean.project(mu)? - &m0;
        trace.flat_drift.push(dm.dot(&dm).sqrt());
        let dw = &cells.project(mu)? - &w0;
        trace
            .simplicial_drift
            .push(dw.iter().fold(0.0, |m, v| m.max(v.abs())));
    }
    Ok(trace)
}
