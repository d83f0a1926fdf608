//! Complex Oja: memory atoms in C^6 under the complex Hebbian energy
//! `−½ z*Cz + (κ/4)|z|⁴`. The leading mode of `K(μ) = ∫ z z* dμ` turns to the
//! top eigenvector of the Hermitian correlation C, and its eigenvalue to `λ_1/κ`.
//!
//! `cargo run --release -p hwg-limit --example complex_oja`

mod common;

use hwg_limit::hwg_energy::{ComplexCorrelation, ParticleEnergy};
use hwg_limit::hwg_jko::{ParticleStepper, Stepper};
use hwg_limit::hwg_measure::ComplexParticleMeasure;
use hwg_limit::hwg_measure::rng::Rng;
use hwg_limit::hwg_project::Projection;
use hwg_limit::hwg_project::spectral::{CorrelationOperator, SpectralModes};
use ndarray::Array2;
use num_complex::Complex64;

fn main() {
    let (d, kappa, tau, steps) = (6, 1.0, 0.1, 400);
    let mut rng = Rng::new(31);
    // A random Hermitian C = (A + A*)/2 + shift: its top eigenvector is found by faer.
    let a = Array2::from_shape_simple_fn((d, d), || Complex64::new(rng.normal(), rng.normal()));
    let c = Array2::from_shape_fn((d, d), |(i, j)| {
        0.5 * (a[[i, j]] + a[[j, i]].conj()) + if i == j { 4.0 } else { 0.0 }
    });
    let top = SpectralModes::of(c.view()).unwrap();
    let energy = ComplexCorrelation::new(c.clone(), kappa).unwrap();
    let z0 =
        Array2::from_shape_simple_fn((32, d), || Complex64::new(rng.normal(), rng.normal()) * 0.2);
    let mut real = ComplexParticleMeasure::uniform(z0).unwrap().to_real();
    let (mut t, mut miss, mut value) = (vec![], vec![], vec![]);
    for k in 0..steps {
        real = ParticleStepper::default()
            .step(k, &real, energy.real() as &dyn ParticleEnergy, tau)
            .unwrap()
            .0;
        let kmu = CorrelationOperator
            .project(&ComplexParticleMeasure::from_real(&real).unwrap())
            .unwrap();
        let modes = SpectralModes::of(kmu.view()).unwrap();
        let align = modes.alignment(c.view(), 1).unwrap()[0];
        t.push((k + 1) as f64 * tau);
        miss.push((1.0 - align).abs().max(1e-16).log10());
        value.push(modes.values[0]);
    }
    println!(
        "complex Oja: 1 − |⟨v_1, u_1⟩| = {:.1e}; top eigenvalue of K(μ) {:.8} vs λ_1/κ = {:.8}",
        10f64.powf(miss[steps - 1]),
        value[steps - 1],
        top.values[0] / kappa
    );
    common::save(
        "complex_oja",
        "leading mode of K(μ)",
        "t",
        &t,
        &[("log10(1 − alignment)", &miss), ("top eigenvalue", &value)],
    );
}
