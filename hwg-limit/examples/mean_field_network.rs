//! A mean-field two-layer network: 64 neurons `(c, w)` as atoms of a measure,
//! trained by JKO steps of the risk `R(μ) = (1/2N) Σ (f_μ(u_k) − y_k)²`, side by
//! side with classical gradient descent (learning rate nτ) on an independently
//! written 64-neuron network from the same start. The implicit and explicit
//! schemes agree to first order; both fit the data.
//!
//! `cargo run --release -p hwg-limit --example mean_field_network`

mod common;

use hwg_limit::hwg_energy::{Energy, ParticleEnergy, TwoLayerRisk};
use hwg_limit::hwg_jko::{ParticleStepper, Stepper};
use hwg_limit::hwg_measure::ParticleMeasure;
use hwg_limit::hwg_measure::rng::Rng;
use hwg_limit::hwg_project::Projection;
use hwg_limit::hwg_project::flat::{ClassicalNetwork, MeanFieldNetwork};
use ndarray::{Array1, Array2};

fn main() {
    let (n, tau, steps) = (64, 0.2, 400);
    let mut rng = Rng::new(41);
    let inputs = Array2::from_shape_simple_fn((40, 2), || rng.uniform_in(-2.0, 2.0));
    let targets: Array1<f64> = inputs
        .rows()
        .into_iter()
        .map(|u| (1.5 * u[0]).sin() - 0.5 * u[1])
        .collect();
    let risk = TwoLayerRisk::new(inputs.clone(), targets.clone()).unwrap();
    let mut mu =
        ParticleMeasure::uniform(Array2::from_shape_simple_fn((n, 3), || rng.normal())).unwrap();
    let mut net = ClassicalNetwork::from_measure(&mu).unwrap();
    let (mut k_axis, mut jko, mut gd) = (vec![], vec![], vec![]);
    for k in 0..steps {
        mu = ParticleStepper {
            certify: false,
            ..ParticleStepper::default()
        }
        .step(k, &mu, &risk as &dyn ParticleEnergy, tau)
        .unwrap()
        .0;
        net = net
            .gradient_step(inputs.view(), targets.view(), n as f64 * tau)
            .unwrap();
        k_axis.push(k as f64 + 1.0);
        jko.push(risk.value(mu.view()).unwrap());
        gd.push(net.loss(inputs.view(), targets.view()).unwrap());
    }
    // The flat projection f_μ at the data, against the targets.
    let fit = MeanFieldNetwork::new(inputs).unwrap().project(&mu).unwrap();
    let max_err = (&fit - &targets).iter().fold(0.0f64, |a, v| a.max(v.abs()));
    println!(
        "mean-field network: risk {:.4} → {:.5} (JKO), {:.5} (classical GD, lr nτ); max |f_μ − y| = {max_err:.3}",
        jko[0],
        jko[steps - 1],
        gd[steps - 1]
    );
    common::save(
        "mean_field_network",
        "risk during training",
        "step",
        &k_axis,
        &[("JKO (implicit)", &jko), ("gradient descent", &gd)],
    );
}
