//! Mirror descent on the simplex: a memory state on logit space `R^3` under
//! the linear drive `⟨g_k, θ⟩` moves every atom by `−τ g_k`, so the softmax
//! of its mean follows exponentiated gradient `p' ∝ p ⊙ exp(−τ g_k)`. Here
//! `g_k` is a noisy cost of three actions; the state learns to prefer the cheapest.
//!
//! `cargo run --release -p hwg-limit --example mirror_descent`

mod common;

use hwg_limit::hwg_energy::{LinearDrive, ParticleEnergy, Potential};
use hwg_limit::hwg_jko::{ParticleStepper, Stepper};
use hwg_limit::hwg_measure::rng::{Rng, random_measure};
use hwg_limit::hwg_project::Projection;
use hwg_limit::hwg_project::simplicial::SoftmaxOfMean;
use ndarray::{Array1, array};

fn main() {
    let (tau, steps) = (0.05, 400);
    let cost = array![1.0, 0.6, 0.8];
    let mut rng = Rng::new(11);
    let mut mu = random_measure(&mut rng, 16, 3, 0.5).unwrap();
    let mut p = SoftmaxOfMean.project(&mu).unwrap();
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let (mut k_axis, mut p0, mut p1, mut p2) = (vec![], vec![], vec![], vec![]);
    let mut worst = 0.0f64;
    for k in 0..steps {
        let g: Array1<f64> = cost.mapv(|c| c + 0.5 * rng.normal());
        let drive = Potential(LinearDrive::new(g.clone()).unwrap());
        mu = stepper
            .step(k, &mu, &drive as &dyn ParticleEnergy, tau)
            .unwrap()
            .0;
        let w: Array1<f64> = p
            .iter()
            .zip(&g)
            .map(|(pi, gi)| pi * (-tau * gi).exp())
            .collect();
        p = &w / w.sum();
        let q = SoftmaxOfMean.project(&mu).unwrap();
        worst = worst.max((&q - &p).iter().fold(0.0f64, |a, v| a.max(v.abs())));
        k_axis.push(k as f64 + 1.0);
        p0.push(q[0]);
        p1.push(q[1]);
        p2.push(q[2]);
    }
    println!(
        "mirror descent: {steps} steps, final p = {:.3?}; max |softmax(mean) − EG| = {worst:.2e}",
        p.to_vec()
    );
    common::save(
        "mirror_descent",
        "softmax of the mean logits",
        "step",
        &k_axis,
        &[
            ("p_0 (cost 1.0)", &p0),
            ("p_1 (cost 0.6)", &p1),
            ("p_2 (cost 0.8)", &p2),
        ],
    );
}
