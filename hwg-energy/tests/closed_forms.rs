//! Energies against closed forms and independent formulas, declared moduli
//! against geodesics (including a deliberately wrong λ), lower bounds.

use std::sync::Arc;

use hwg_energy::diagnostics::{convexity_defect, geodesic_samples};
use hwg_energy::*;
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::{ComplexParticleMeasure, Gaussian, GridHistogram1d, ParticleMeasure};
use ndarray::{Array1, Array2, array};
use num_complex::Complex64;

#[test]
fn every_declared_modulus_holds_on_random_geodesics() {
    for (name, e) in families() {
        if let Some(lambda) = e.modulus() {
            let d = convexity_defect(e.as_ref(), lambda, 20, 1.0, 3).unwrap();
            assert!(d <= 1e-10, "{name}: defect {d}");
        }
    }
}

#[test]
fn a_wrong_modulus_is_caught() {
    // The attraction is exactly α-convex (equality along geodesics), so α + 0.1 fails.
    let e = Potential(Quadratic::attraction(2.0, array![0.5, 0.5]).unwrap());
    assert!(convexity_defect(&e, 2.0, 10, 1.0, 1).unwrap() <= 1e-12);
    assert!(convexity_defect(&e, 2.1, 10, 1.0, 1).unwrap() > 1e-6);
    // The double well is not convex: λ = 0 fails on geodesics across the wells.
    let dw = Potential(DoubleWell::new(1, 1.0).unwrap());
    assert!(convexity_defect(&dw, 0.0, 30, 1.0, 2).unwrap() > 1e-6);
    assert!(convexity_defect(&dw, -1.0, 30, 1.0, 2).unwrap() <= 1e-12);
    // Interactions: the translation-invariant kernel has no positive modulus.
    let qi = Interaction(QuadraticKernel::new(2, 1.0).unwrap());
    assert_eq!(qi.modulus(), Some(0.0));
    let samples = geodesic_samples(&qi, 20, 1.0, 4).unwrap();
    assert!(samples.iter().all(|s| s.defect(0.0) <= 1e-12));
    assert!(samples.iter().any(|s| s.defect(1.0) > 0.0));
}

#[test]
fn circle_interaction_equals_minus_half_sum_of_order_parameters() {
    let couplings = vec![1.3, -0.4, 0.25];
    let e = Interaction(CircleKernel::new(couplings.clone()).unwrap());
    let mut rng = Rng::new(5);
    for _ in 0..20 {
        let mu = random_measure(&mut rng, 50, 1, 3.0).unwrap();
        let pairwise = e.value(mu.view()).unwrap();
        // Independent: Z_k = Σ a_j e^{ikθ_j} computed with complex numbers.
        let direct: f64 = couplings
            .iter()
            .enumerate()
            .map(|(k, j)| {
                let z: Complex64 = mu
                    .points()
                    .column(0)
                    .iter()
                    .zip(mu.weights())
                    .map(|(t, a)| Complex64::from_polar(*a, (k + 1) as f64 * t))
                    .sum();
                -0.5 * j * z.norm_sqr()
            })
            .sum();
        assert!((pairwise - direct).abs() <= 1e-12, "{pairwise} vs {direct}");
    }
}

#[test]
fn complex_correlation_is_z_star_c_z() {
    let c = array![
        [Complex64::new(2.0, 0.0), Complex64::new(0.5, -1.0)],
        [Complex64::new(0.5, 1.0), Complex64::new(-1.0, 0.0)]
    ];
    let e = ComplexCorrelation::new(c.clone(), 0.7).unwrap();
    let z = array![
        [Complex64::new(0.3, -0.2), Complex64::new(1.0, 0.5)],
        [Complex64::new(-1.0, 0.1), Complex64::new(0.0, 0.4)]
    ];
    let mu = ComplexParticleMeasure::new(z.clone(), array![0.25, 0.75]).unwrap();
    let direct: f64 = (0..2)
        .map(|i| {
            let zi = z.row(i);
            let czi: Vec<Complex64> = (0..2)
                .map(|r| (0..2).map(|k| c[[r, k]] * zi[k]).sum())
                .collect();
            let zcz: Complex64 = (0..2).map(|r| zi[r].conj() * czi[r]).sum();
            let r2: f64 = zi.iter().map(|v| v.norm_sqr()).sum();
            mu.weights()[i] * (-0.5 * zcz.re + 0.25 * 0.7 * r2 * r2)
        })
        .sum();
    assert!((e.value(&mu).unwrap() - direct).abs() < 1e-14);
    // The real matrix has C's eigenvalues twice: λ = −λ_max(C) = −(0.5 + √(9/4 + 1.25)).
    let lmax = 0.5 + (2.25f64 + 1.25).sqrt();
    assert!((e.real().modulus().unwrap() + lmax).abs() < 1e-12);
    let not_hermitian = array![
        [Complex64::new(1.0, 0.0), Complex64::new(0.0, 1.0)],
        [Complex64::new(0.0, 1.0), Complex64::new(1.0, 0.0)]
    ];
    assert!(matches!(
        ComplexCorrelation::new(not_hermitian, 1.0).unwrap_err(),
        EnergyError::NotHermitian { .. }
    ));
}

#[test]
fn network_risk_matches_an_independent_forward_pass() {
    let u = array![[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]];
    let y = array![0.2, -0.1, 0.4];
    let risk = TwoLayerRisk::new(u.clone(), y.clone()).unwrap();
    let mu =
        ParticleMeasure::new(array![[1.0, 0.3, -0.2], [-0.5, 1.0, 0.4]], array![0.4, 0.6]).unwrap();
    let mut loss = 0.0;
    for k in 0..3 {
        let f = 0.4 * 1.0 * (0.3 * u[[k, 0]] - 0.2 * u[[k, 1]]).tanh()
            + 0.6 * -0.5 * (1.0 * u[[k, 0]] + 0.4 * u[[k, 1]]).tanh();
        loss += (f - y[k]).powi(2);
    }
    assert!((risk.value(mu.view()).unwrap() - loss / 6.0).abs() < 1e-15);
}

#[test]
fn internal_energies_on_grids_gaussians_and_quantiles() {
    // Uniform density on [0, 2]: ∫ρ log ρ = log ½, ∫ρ²/(2−1) = ½.
    let g = GridHistogram1d::new(0.0, 0.5, Array1::from_elem(4, 0.25)).unwrap();
    let ent = Entropy::new(1.0).unwrap();
    assert!((ent.value_grid1d(&g) - 0.5f64.ln()).abs() < 1e-15);
    let pm = PorousMedium::new(2.0).unwrap();
    assert!((pm.value_grid1d(&g) - 0.5).abs() < 1e-15);
    // The same density through the Lagrangian discretisation.
    let atoms = array![0.0, 0.5, 1.0, 1.5, 2.0];
    assert!(
        (ent.value_quantile(atoms.view(), Array1::from_elem(4, 0.25).view())
            .unwrap()
            - 0.5f64.ln())
        .abs()
            < 1e-15
    );
    // Coinciding atoms carrying mass: +∞.
    let bad = array![0.0, 0.0, 1.0];
    assert_eq!(
        ent.value_quantile(bad.view(), array![0.5, 0.5].view())
            .unwrap(),
        f64::INFINITY
    );
    // Gaussian entropy: N(0, s²) has ∫ρ log ρ = −½ log(2πe s²).
    let gauss = Gaussian::new(array![0.0], array![[4.0]]).unwrap();
    let expect = -0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E * 4.0).ln();
    assert!((ent.value_gaussian(&gauss) - expect).abs() < 1e-14);
    // Lower bound: ∫ρ log ρ ≥ −A − B M2 for that Gaussian (M2 = 4).
    let c = ent.lower_bound(1);
    assert!(ent.value_gaussian(&gauss) >= c.at(4.0));
    assert!(matches!(
        Entropy::new(-0.1).unwrap_err(),
        EnergyError::InvalidParameter { name: "sigma", .. }
    ));
    assert!(matches!(
        PorousMedium::new(1.0).unwrap_err(),
        EnergyError::InvalidParameter { name: "m", .. }
    ));
}

#[test]
fn declared_lower_bounds_hold_on_random_measures() {
    let mut rng = Rng::new(8);
    for (name, e) in families() {
        let c = e.lower_bound();
        for k in 0..30 {
            let mu = random_measure(&mut rng, 1 + k % 7, e.dim(), [0.1, 1.0, 5.0][k % 3]).unwrap();
            let v = e.value(mu.view()).unwrap();
            assert!(
                v >= c.at(mu.second_moment()) - 1e-12,
                "{name}: {v} < {}",
                c.at(mu.second_moment())
            );
        }
    }
}

#[test]
fn sums_combine_values_gradients_and_moduli() {
    let a: Arc<dyn ParticleEnergy> =
        Arc::new(Potential(Quadratic::attraction(2.0, array![1.0]).unwrap()));
    let b: Arc<dyn ParticleEnergy> = Arc::new(Potential(DoubleWell::new(1, 0.5).unwrap()));
    let s = Sum::new(vec![(1.0, a.clone()), (3.0, b.clone())]).unwrap();
    let mu = ParticleMeasure::uniform(array![[0.2], [-1.3]]).unwrap();
    let expect = a.value(mu.view()).unwrap() + 3.0 * b.value(mu.view()).unwrap();
    assert!((s.value(mu.view()).unwrap() - expect).abs() < 1e-15);
    assert_eq!(s.modulus(), Some(2.0 - 1.5));
    let g = s.gradient(mu.view()).unwrap();
    let ge = a.gradient(mu.view()).unwrap() + b.gradient(mu.view()).unwrap() * 3.0;
    assert!((&g - &ge).iter().all(|d| d.abs() < 1e-15));
    assert!(Sum::new(vec![(-1.0, a.clone())]).is_err());
    let c2: Arc<dyn ParticleEnergy> =
        Arc::new(Potential(LinearDrive::new(array![1.0, 1.0]).unwrap()));
    assert!(matches!(
        Sum::new(vec![(1.0, a), (1.0, c2)]).unwrap_err(),
        EnergyError::DimensionMismatch { .. }
    ));
}

#[test]
fn bad_input_gets_typed_errors() {
    let e = Potential(Quadratic::attraction(1.0, array![0.0, 0.0]).unwrap());
    let mu1 = ParticleMeasure::uniform(array![[1.0]]).unwrap();
    assert!(matches!(
        e.value(mu1.view()).unwrap_err(),
        EnergyError::DimensionMismatch {
            expected: 2,
            found: 1,
            ..
        }
    ));
    assert!(matches!(
        Quadratic::attraction(1.0, array![f64::NAN, 0.0]).unwrap_err(),
        EnergyError::NonFinite { index: 0, .. }
    ));
    assert!(matches!(
        Quadratic::attraction(-1.0, array![0.0]).unwrap_err(),
        EnergyError::InvalidParameter { name: "alpha", .. }
    ));
    assert!(matches!(
        Correlation::new(array![[1.0, 2.0], [0.0, 1.0]], 1.0).unwrap_err(),
        EnergyError::NotHermitian { .. }
    ));
    assert!(matches!(
        Correlation::new(Array2::eye(2), 0.0).unwrap_err(),
        EnergyError::InvalidParameter { name: "kappa", .. }
    ));
    assert!(matches!(
        LinearDrive::new(array![f64::INFINITY]).unwrap_err(),
        EnergyError::NonFinite { .. }
    ));
    assert!(matches!(
        CircleKernel::new(vec![]).unwrap_err(),
        EnergyError::InvalidParameter { .. }
    ));
    assert!(matches!(
        MorseKernel::new(2, 1.0, 0.0, 1.0, 1.0).unwrap_err(),
        EnergyError::InvalidParameter { name: "l_a", .. }
    ));
    let stimuli = array![[0.0, 1.0], [f64::NAN, 0.0]];
    assert!(matches!(
        EnergySequence::stimulus_stream(1.0, stimuli.view(), None).unwrap_err(),
        EnergyError::NonFinite {
            name: "stimuli",
            index: 2,
            ..
        }
    ));
    let seq = EnergySequence::stimulus_stream(1.0, array![[0.0], [1.0]].view(), None).unwrap();
    for tau in [0.0, -1.0, f64::NAN] {
        assert!(matches!(
            check_stability(&seq, &StabilityParams::new(tau, 1.0)).unwrap_err(),
            EnergyError::InvalidParameter { name: "tau", .. }
        ));
    }
    let mu2 = ParticleMeasure::uniform(array![[1.0, 2.0]]).unwrap();
    assert!(
        e.hessian_vector(mu2.view(), Array2::zeros((2, 2)).view())
            .is_err()
    );
    assert!(
        e.first_variation(mu2.view(), Array2::zeros((1, 3)).view())
            .is_err()
    );
}
