//! Hebbian memory as an EMA: a spread-out memory state (32 synapses with
//! short-range repulsion) learns from a drifting stimulus by JKO steps on the
//! attraction `(α/2)|x − s_k|²`. Its flat projection (the mean, the effective
//! weight) is exactly the EMA `m' = (1 − β)m + β s_k`, `β = τα/(1 + τα)`.
//!
//! `cargo run --release -p hwg-limit --example ema_memory`

mod common;

use std::sync::Arc;

use hwg_limit::hwg_energy::{Interaction, MorseKernel, ParticleEnergy, Potential, Quadratic, Sum};
use hwg_limit::hwg_jko::{ParticleStepper, Stepper};
use hwg_limit::hwg_measure::rng::{Rng, random_measure};
use hwg_limit::hwg_project::{Projection, flat::Mean};
use ndarray::array;

fn main() {
    let (alpha, tau, steps) = (1.0, 0.25, 300);
    let beta = tau * alpha / (1.0 + tau * alpha);
    let mut rng = Rng::new(7);
    let mut mu = random_measure(&mut rng, 32, 2, 1.0).unwrap();
    let repulsion: Arc<dyn ParticleEnergy> = Arc::new(Interaction(
        MorseKernel::new(2, 0.5, 2.0, 1.0, 0.5).unwrap(),
    ));
    let stepper = ParticleStepper {
        tolerance: 1e-14,
        certify: false,
        ..ParticleStepper::default()
    };
    let mut ema = Mean.project(&mu).unwrap();
    let (mut k_axis, mut flat, mut recursion, mut stimulus) = (vec![], vec![], vec![], vec![]);
    let mut worst = 0.0f64;
    for k in 0..steps {
        // The source drifts slowly around a circle; each stimulus is a noisy sample.
        let phase = k as f64 / 60.0;
        let s = array![
            2.0 * phase.cos() + 0.3 * rng.normal(),
            2.0 * phase.sin() + 0.3 * rng.normal()
        ];
        let pull: Arc<dyn ParticleEnergy> =
            Arc::new(Potential(Quadratic::attraction(alpha, s.clone()).unwrap()));
        let energy = Sum::new(vec![(1.0, pull), (1.0, repulsion.clone())]).unwrap();
        mu = stepper
            .step(k, &mu, &energy as &dyn ParticleEnergy, tau)
            .unwrap()
            .0;
        ema = &ema * (1.0 - beta) + &s * beta;
        let m = Mean.project(&mu).unwrap();
        worst = worst.max((&m - &ema).iter().fold(0.0f64, |a, v| a.max(v.abs())));
        k_axis.push(k as f64 + 1.0);
        flat.push(m[0]);
        recursion.push(ema[0]);
        stimulus.push(s[0]);
    }
    let spread = mu.covariance()[[0, 0]] + mu.covariance()[[1, 1]];
    println!(
        "EMA memory: {steps} steps, β = {beta:.3}; max |mean − EMA| = {worst:.2e}; the state keeps spread tr Σ = {spread:.3}"
    );
    common::save(
        "ema_memory",
        "flat projection = EMA",
        "step",
        &k_axis,
        &[
            ("stimulus x", &stimulus),
            ("mean x (JKO)", &flat),
            ("EMA x", &recursion),
        ],
    );
}
