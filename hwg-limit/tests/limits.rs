//! Curves, sums and closed forms against independent computations; bad input.

use std::sync::Arc;

use hwg_limit::curve::{Geodesic, GeodesicInterpolant, PiecewiseConstant};
use hwg_limit::hwg_energy::{ParticleEnergy, Phase, Potential, Quadratic};
use hwg_limit::hwg_jko::{Executor, ParticleStepper, StepCertificate};
use hwg_limit::hwg_measure::rng::{Rng, random_measure};
use hwg_limit::hwg_measure::{Gaussian, ParticleMeasure};
use hwg_limit::*;
use ndarray::array;

fn cert(before: f64, after: f64, w2: f64, tau: f64) -> StepCertificate {
    StepCertificate::new(before, after, w2, w2, 0.0, tau, 1)
}

#[test]
fn piecewise_constant_takes_the_right_end_of_each_interval() {
    let c = PiecewiseConstant::uniform(0.5, vec!["a", "b", "c"]).unwrap();
    assert_eq!(*c.at(0.0).unwrap(), "a");
    assert_eq!(*c.at(0.2).unwrap(), "b");
    assert_eq!(*c.at(0.5).unwrap(), "b");
    assert_eq!(*c.at(0.51).unwrap(), "c");
    assert!(matches!(c.at(1.2), Err(LimitError::OutOfRange { .. })));
    assert!(matches!(c.at(f64::NAN), Err(LimitError::OutOfRange { .. })));
}

#[test]
fn geodesic_interpolant_is_a_constant_speed_geodesic() {
    // Particle JKO step on an attraction: the realised map is optimal, so
    // W2(μ_k, μ(t)) = s W2(μ_k, μ_{k+1}) along the interpolant.
    let mut rng = Rng::new(1);
    let mu0 = random_measure(&mut rng, 12, 2, 1.0).unwrap();
    let en = Potential(Quadratic::attraction(1.0, array![2.0, 1.0]).unwrap());
    let run = Executor::new(ParticleStepper::default(), 0.5)
        .unwrap()
        .run(
            mu0,
            [&en as &dyn ParticleEnergy, &en as &dyn ParticleEnergy],
        )
        .unwrap();
    let curve =
        GeodesicInterpolant::new(PiecewiseConstant::uniform(0.5, run.states.clone()).unwrap());
    let full = ParticleMeasure::distance(&run.states[1], &run.states[2]).unwrap();
    let mid = curve.at(0.5 + 0.3 * 0.5).unwrap();
    let part = ParticleMeasure::distance(&run.states[1], &mid).unwrap();
    assert!(
        (part - 0.3 * full).abs() < 1e-9 * (1.0 + full),
        "{part} vs {}",
        0.3 * full
    );
    // Gaussians: the Bures geodesic has the same property.
    let (g0, g1) = (
        Gaussian::new(array![0.0, 0.0], array![[1.0, 0.2], [0.2, 0.5]]).unwrap(),
        Gaussian::new(array![1.0, 2.0], array![[0.3, 0.0], [0.0, 2.0]]).unwrap(),
    );
    let g = GeodesicInterpolant::new(
        PiecewiseConstant::uniform(1.0, vec![g0.clone(), g1.clone()]).unwrap(),
    );
    let d = Gaussian::distance(&g0, &g1).unwrap();
    let dm = Gaussian::distance(&g0, &g.at(0.25).unwrap()).unwrap();
    assert!((dm - 0.25 * d).abs() < 1e-9);
}

#[test]
fn closed_forms() {
    let g = Gaussian::new(array![2.0, -1.0], array![[0.3, 0.1], [0.1, 0.4]]).unwrap();
    let c = array![0.0, 1.0];
    let same = ou_gaussian(&g, 1.5, c.view(), 0.2, 0.0).unwrap();
    assert!((Gaussian::distance(&g, &same).unwrap()).abs() < 1e-12);
    let late = ou_gaussian(&g, 1.5, c.view(), 0.2, 60.0).unwrap();
    let stationary = Gaussian::new(c.clone(), array![[0.2 / 1.5, 0.0], [0.0, 0.2 / 1.5]]).unwrap();
    assert!(Gaussian::distance(&late, &stationary).unwrap() < 1e-12);
    let h = heat_gaussian(&g, 0.5, 2.0).unwrap();
    assert!(
        (h.covariance()[[0, 0]] - 2.3).abs() < 1e-15
            && (h.covariance()[[0, 1]] - 0.1).abs() < 1e-15
    );
    // Barenblatt: mass one, quantile inverts the integrated density.
    for t in [0.5, 1.0, 3.0] {
        let a = Barenblatt::support(t).unwrap();
        let n = 20_000;
        let dx = 2.0 * a / n as f64;
        let mut mass = 0.0;
        let mut below_q = 0.0;
        let q = Barenblatt::quantile(t, 0.3).unwrap();
        for i in 0..n {
            let x = -a + (i as f64 + 0.5) * dx;
            let r = Barenblatt::density(t, x).unwrap() * dx;
            mass += r;
            if x < q {
                below_q += r;
            }
        }
        assert!((mass - 1.0).abs() < 1e-6, "mass {mass}");
        assert!((below_q - 0.3).abs() < 1e-3, "cdf {below_q}");
        assert!(Barenblatt::quantile(t, 0.5).unwrap().abs() < 1e-12);
    }
}

#[test]
fn sweeps_and_richardson_recover_a_power_law() {
    let taus = vec![0.1, 0.05, 0.025, 0.0125];
    let errs: Vec<f64> = taus.iter().map(|t| 0.7 * t * t).collect();
    let s = Sweep::new(taus, errs).unwrap();
    assert!((s.order() - 2.0).abs() < 1e-12 && s.decreasing());
    // u_τ = u + c τ: distances halve, order 1, error estimate = c τ/4.
    let (u, c, tau) = (array![1.0, 2.0], array![0.3, -0.4], 0.2);
    let at = |t: f64| &u + &(&c * t);
    let r = Richardson::from_values(&at(tau), &at(tau / 2.0), &at(tau / 4.0)).unwrap();
    assert!((r.order - 1.0).abs() < 1e-12);
    assert!((r.error_estimate - 0.5 * tau / 4.0).abs() < 1e-12);
}

#[test]
fn sums_telescope() {
    let tau = 0.1;
    // A time-dependent run: E_1(μ_1) = 2.5 ≠ E_0(μ_1) = 2.0.
    let certs = [cert(3.0, 2.0, 0.04, tau), cert(2.5, 1.0, 0.09, tau)];
    let b = balance(tau, &certs).unwrap();
    assert!((b.dissipation - 1.3).abs() < 1e-14);
    assert!((b.time_derivative - 0.5).abs() < 1e-14);
    assert!((b.residual - (1.0 + 1.3 - 3.0 - 0.5)).abs() < 1e-14);
    assert!(matches!(
        edi(tau, 0.0, &certs, &[0.0, 0.0]),
        Err(LimitError::TimeDependentEnergy { step: 1, .. })
    ));
    let steady = [cert(3.0, 2.0, 0.04, tau), cert(2.0, 1.5, 0.01, tau)];
    let r = edi(tau, -2.0, &steady, &[2.0, 1.0]).unwrap();
    // (τ/2)(1 + λτ)(4 + 1) and (τ/2)(4 + 1).
    assert!((r.metric_term - 0.05 * 0.8 * 5.0).abs() < 1e-14);
    assert!((r.slope_term - 0.25).abs() < 1e-14);
    assert!((r.slack - (1.5 - 0.2 - 0.25)).abs() < 1e-14);
    assert!(matches!(
        edi(tau, -10.0, &steady, &[2.0, 1.0]),
        Err(LimitError::InvalidParameter { name: "lambda", .. })
    ));
    assert!(matches!(
        edi(tau, 0.0, &steady, &[2.0]),
        Err(LimitError::Mismatch { .. })
    ));
}

#[test]
fn clusters_are_connected_components() {
    let mu = ParticleMeasure::uniform(array![
        [0.0, 0.0],
        [0.05, 0.0],
        [0.1, 0.0],
        [1.0, 1.0],
        [5.0, 5.0]
    ])
    .unwrap();
    assert_eq!(cluster_count(&mu, 0.06).unwrap(), 3);
    assert_eq!(cluster_count(&mu, 0.01).unwrap(), 5);
    assert_eq!(cluster_count(&mu, 100.0).unwrap(), 1);
}

#[test]
fn schedules_discretise_whole_windows() {
    let s = SleepSchedule::new(vec![
        TimedWindow {
            phase: Phase::Wake,
            duration: 0.5,
        },
        TimedWindow {
            phase: Phase::Sleep,
            duration: 0.3,
        },
    ])
    .unwrap();
    let st = s.steps(0.1).unwrap();
    assert_eq!(st.len(), 8);
    assert_eq!(st[4].phase, Phase::Wake);
    assert_eq!(st[5].phase, Phase::Sleep);
    assert!((st[5].since_start - 0.1).abs() < 1e-15 && (st[7].t - 0.8).abs() < 1e-12);
    assert!(matches!(
        s.steps(0.2),
        Err(LimitError::InvalidParameter { name: "tau", .. })
    ));
    assert!(matches!(
        s.phases(0.1, 7),
        Err(LimitError::Mismatch {
            expected: 8,
            found: 7,
            ..
        })
    ));
    let en: Arc<dyn ParticleEnergy> =
        Arc::new(Potential(Quadratic::attraction(1.0, array![0.0]).unwrap()));
    assert_eq!(s.energies(0.1, |_| Ok(en.clone())).unwrap().len(), 8);
}

#[test]
fn bad_input_gets_typed_errors() {
    assert!(matches!(
        PiecewiseConstant::new(vec![0.0, 1.0, 1.0], vec![1, 2, 3]),
        Err(LimitError::NonIncreasingTime { index: 2, .. })
    ));
    assert!(matches!(
        PiecewiseConstant::new(vec![0.0, 1.0], vec![1]),
        Err(LimitError::Mismatch { .. })
    ));
    assert!(matches!(
        PiecewiseConstant::uniform(0.0, vec![1]),
        Err(LimitError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Sweep::new(vec![0.1, 0.05], vec![1.0, 0.5]),
        Err(LimitError::TooFew {
            needed: 3,
            found: 2,
            ..
        })
    ));
    assert!(matches!(
        Sweep::new(vec![0.1, 0.05, -0.1], vec![1.0, 0.5, 0.2]),
        Err(LimitError::InvalidParameter { .. })
    ));
    assert!(matches!(
        Sweep::new(vec![0.1, 0.05, 0.02], vec![1.0, f64::NAN, 0.2]),
        Err(LimitError::InvalidParameter { .. })
    ));
    assert!(matches!(
        SleepSchedule::new(vec![]),
        Err(LimitError::TooFew { .. })
    ));
    assert!(matches!(
        SleepSchedule::new(vec![TimedWindow {
            phase: Phase::Sleep,
            duration: -1.0
        }]),
        Err(LimitError::InvalidParameter {
            name: "duration",
            ..
        })
    ));
    assert!(matches!(
        Richardson::from_distances(0.0, 1.0),
        Err(LimitError::InvalidParameter { .. })
    ));
    assert!(matches!(balance(0.1, &[]), Err(LimitError::TooFew { .. })));
    assert!(matches!(
        Barenblatt::quantile(1.0, 1.5),
        Err(LimitError::InvalidParameter { .. })
    ));
    let a = ParticleMeasure::uniform(array![[0.0], [1.0]]).unwrap();
    let b = ParticleMeasure::uniform(array![[0.0], [1.0], [2.0]]).unwrap();
    assert!(matches!(
        ParticleMeasure::geodesic(&a, &b, 0.5),
        Err(LimitError::Mismatch { .. })
    ));
}
