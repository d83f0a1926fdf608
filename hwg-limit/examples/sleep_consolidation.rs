//! Sleep consolidation: a memory of 60 atoms around three engrams learns from
//! stimuli while awake, then sleeps: short-range aggregation plus weak
//! confinement at the awake mean merges atoms into one cluster per engram.
//! The flat (mean) and simplicial (engram weights) observables learned awake
//! are retained; W2 to the awake state measures how much the state changed.
//!
//! `cargo run --release -p hwg-limit --example sleep_consolidation`

mod common;

use std::sync::Arc;

use hwg_limit::hwg_energy::{
    Interaction, MorseKernel, ParticleEnergy, Phase, Potential, Quadratic, Sum,
};
use hwg_limit::hwg_jko::Executor;
use hwg_limit::hwg_jko::ParticleStepper;
use hwg_limit::hwg_measure::ParticleMeasure;
use hwg_limit::hwg_measure::rng::Rng;
use hwg_limit::hwg_project::simplicial::{Partition, StructuralWeights};
use hwg_limit::{SleepSchedule, TimedWindow, consolidation_trace};
use ndarray::{Array2, array};

fn main() {
    let tau = 0.1;
    let centres = array![[0.0, 0.0], [3.0, 0.5], [1.0, 3.0]];
    let mut rng = Rng::new(51);
    let pts = Array2::from_shape_fn((60, 2), |(i, j)| centres[[i % 3, j]] + 0.35 * rng.normal());
    let start = ParticleMeasure::uniform(pts).unwrap();
    let schedule = SleepSchedule::new(vec![
        TimedWindow {
            phase: Phase::Wake,
            duration: 1.0,
        },
        TimedWindow {
            phase: Phase::Sleep,
            duration: 8.0,
        },
    ])
    .unwrap();
    let awake_steps = schedule
        .steps(tau)
        .unwrap()
        .iter()
        .filter(|s| s.phase == Phase::Wake)
        .count();
    // Wake: stimuli drawn from the engrams.
    let wake: Vec<Arc<dyn ParticleEnergy>> = (0..awake_steps)
        .map(|_| {
            Arc::new(Potential(
                Quadratic::attraction(0.3, centres.row(rng.below(3)).to_owned()).unwrap(),
            )) as _
        })
        .collect();
    let run = Executor::new(ParticleStepper::default(), tau)
        .unwrap()
        .run(start, wake.iter().map(|e| e.as_ref()))
        .unwrap();
    let awake = run.states.last().unwrap().clone();
    // Sleep: the energy no longer sees stimuli.
    let sleep: Arc<dyn ParticleEnergy> = Arc::new(
        Sum::new(vec![
            (
                1.0,
                Arc::new(Interaction(
                    MorseKernel::new(2, 1.0, 0.5, 0.0, 1.0).unwrap(),
                )) as Arc<dyn ParticleEnergy>,
            ),
            (
                1.0,
                Arc::new(Potential(
                    Quadratic::attraction(0.02, awake.mean()).unwrap(),
                )),
            ),
        ])
        .unwrap(),
    );
    let energies = schedule.energies(tau, |_| Ok(sleep.clone())).unwrap();
    let run = Executor::new(ParticleStepper::default(), tau)
        .unwrap()
        .run(
            awake.clone(),
            energies[awake_steps..].iter().map(|e| e.as_ref()),
        )
        .unwrap();
    let times: Vec<f64> = (0..run.states.len()).map(|k| k as f64 * tau).collect();
    let cells = StructuralWeights::new(Partition::voronoi(centres).unwrap());
    let trace = consolidation_trace(&awake, &times, &run.states, 0.05, &cells).unwrap();
    let last = times.len() - 1;
    println!(
        "sleep consolidation: clusters {} → {}; W2 to the awake state {:.3}; flat drift {:.1e}; engram-weight drift {:.1e}",
        trace.clusters[0],
        trace.clusters[last],
        trace.w2_to_awake[last],
        trace.flat_drift[last],
        trace.simplicial_drift[last]
    );
    let clusters: Vec<f64> = trace.clusters.iter().map(|&c| c as f64).collect();
    common::save(
        "sleep_consolidation",
        "sleep",
        "t asleep",
        &times,
        &[
            (
                "cluster count / 10",
                &clusters.iter().map(|c| c / 10.0).collect::<Vec<_>>(),
            ),
            ("W2 to awake", &trace.w2_to_awake),
        ],
    );
}
