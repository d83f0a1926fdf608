//! A fiberwise network of 10^4 synapses: each synapse is its own memory
//! state (8 atoms on the line), stepped in parallel, coupled only through an
//! observable — homeostatic scaling. Each synapse is attracted to its input
//! times a global gain that pulls the network's mean weight (the flat
//! projection of all fibers) to a target.
//!
//! `cargo run --release -p hwg-limit --example fiberwise_network`

mod common;

use std::sync::Arc;

use hwg_limit::hwg_energy::{ParticleEnergy, Potential, Quadratic};
use hwg_limit::hwg_jko::{ParticleStepper, Schedule, run_fibers};
use hwg_limit::hwg_measure::rng::Rng;
use hwg_limit::hwg_measure::{FiberedState, ParticleMeasure};
use ndarray::{Array2, array};

/// The observable coupling the fibers: the network's mean weight, the flat
/// projection over every atom of every fiber (each fiber has unit mass).
fn mean_weight(state: &FiberedState, synapses: usize) -> f64 {
    let w = state.weights();
    state
        .points()
        .column(0)
        .iter()
        .zip(w.iter())
        .map(|(x, a)| x * a)
        .sum::<f64>()
        / synapses as f64
}

fn main() {
    let (synapses, atoms, tau, steps, target) = (10_000, 8, 0.2, 40, 1.0);
    let mut rng = Rng::new(61);
    let inputs: Vec<f64> = (0..synapses).map(|_| rng.uniform_in(0.5, 3.0)).collect();
    let fibers: Vec<ParticleMeasure> = (0..synapses)
        .map(|_| {
            ParticleMeasure::uniform(Array2::from_shape_simple_fn((atoms, 1), || {
                0.3 * rng.normal()
            }))
            .unwrap()
        })
        .collect();
    let init = FiberedState::from_measures(&fibers).unwrap();
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let (mut k_axis, mut global, mut gains) = (vec![], vec![], vec![]);
    let start = std::time::Instant::now();
    let (states, _) = run_fibers(
        &stepper,
        init,
        steps,
        tau,
        Schedule::Parallel,
        |k, state| {
            let mean = mean_weight(state, synapses);
            let gain =
                target / inputs.iter().sum::<f64>() * synapses as f64 * (1.0 + (target - mean));
            k_axis.push(k as f64);
            global.push(mean);
            gains.push(gain);
            inputs
                .iter()
                .map(|&u| {
                    Ok(
                        Arc::new(Potential(Quadratic::attraction(1.0, array![gain * u])?))
                            as Arc<dyn ParticleEnergy>,
                    )
                })
                .collect()
        },
    )
    .unwrap();
    let mean = mean_weight(states.last().unwrap(), synapses);
    println!(
        "fiberwise network: {synapses} synapses × {atoms} atoms, {steps} steps in {:.2} s; mean weight {:.4} → {mean:.6} (target {target})",
        start.elapsed().as_secs_f64(),
        global[0]
    );
    common::save(
        "fiberwise_network",
        "homeostatic scaling",
        "step",
        &k_axis,
        &[("mean weight", &global), ("gain", &gains)],
    );
}
