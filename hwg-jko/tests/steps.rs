//! JKO steps against exact answers and their failure behaviour.

use std::sync::Arc;

use hwg_energy::{DoubleWell, Entropy, ParticleEnergy, Potential, Quadratic};
use hwg_jko::*;
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::{Gaussian, ParticleMeasure};
use ndarray::array;

#[test]
fn attraction_steps_are_exact_and_certified() {
    let mut rng = Rng::new(1);
    let mu = random_measure(&mut rng, 30, 3, 2.0).unwrap();
    let s = array![1.0, -1.0, 0.5];
    let e = Potential(Quadratic::attraction(3.0, s.clone()).unwrap());
    let (tau, alpha) = (0.1, 3.0);
    let (next, cert) = ParticleStepper::default()
        .step(0, &mu, &e as &dyn ParticleEnergy, tau)
        .unwrap();
    let expect = (&mu.points() + &(&s * (tau * alpha))) / (1.0 + tau * alpha);
    assert!((&next.points() - &expect).iter().all(|d| d.abs() < 1e-12));
    // A contraction towards s is an optimal map: realised cost = W2².
    assert!(cert.map_is_optimal(1e-12), "{cert:?}");
    assert!(cert.descent_slack >= 0.0);
    assert!(
        cert.euler_lagrange_residual < 1e-10,
        "{}",
        cert.euler_lagrange_residual
    );
    // W2² of a contraction: (τα/(1+τα))² ∫|x − s|² dμ.
    let c = tau * alpha / (1.0 + tau * alpha);
    let spread: f64 = mu
        .points()
        .rows()
        .into_iter()
        .zip(mu.weights())
        .map(|(x, &a)| a * (&x - &s).mapv(|v| v * v).sum())
        .sum();
    assert!((cert.w2_squared - c * c * spread).abs() < 1e-12 * spread);
}

#[test]
fn gaussian_step_matches_the_eigen_variance_recursion_and_solves_the_matrix_equation() {
    // Isotropic A commutes with any Σ: in Σ's eigenbasis every s updates in closed form.
    let cov = array![[2.0, 0.7], [0.7, 1.0]];
    let g = Gaussian::new(array![0.0, 0.0], cov.clone()).unwrap();
    let energy = GaussianEnergy::new(
        Quadratic::attraction(1.5, array![1.0, 1.0]).unwrap(),
        Entropy::new(0.4).unwrap(),
    );
    let (tau, s2) = (0.3, 0.4);
    let (next, cert) = GaussianStepper::default()
        .step(0, &g, &energy, tau)
        .unwrap();
    // Eigenvalues of Σ: (3 ± √(1 + 1.96))/2.
    let disc = (1.0f64 + 4.0 * 0.49).sqrt();
    let lam = [(3.0 - disc) / 2.0, (3.0 + disc) / 2.0];
    let new_var: Vec<f64> = lam
        .iter()
        .map(|l| eigen_std_update(l.sqrt(), 1.5, tau, s2).powi(2))
        .collect();
    let tr = next.covariance().diag().sum();
    let det =
        next.covariance()[[0, 0]] * next.covariance()[[1, 1]] - next.covariance()[[0, 1]].powi(2);
    assert!(
        (tr - (new_var[0] + new_var[1])).abs() < 1e-12,
        "{tr} vs {}",
        new_var[0] + new_var[1]
    );
    assert!((det - new_var[0] * new_var[1]).abs() < 1e-12, "{det}");
    assert!(
        cert.euler_lagrange_residual < 1e-10
            && cert.descent_slack >= 0.0
            && cert.map_is_optimal(1e-10),
        "{cert:?}"
    );
    // A non-commuting A: the Euler–Lagrange residual certifies the general solve.
    let energy = GaussianEnergy::new(
        Quadratic::new(array![[3.0, -1.0], [-1.0, 0.5]], array![0.0, 2.0]).unwrap(),
        Entropy::new(0.2).unwrap(),
    );
    let (_, cert) = GaussianStepper::default()
        .step(0, &g, &energy, 0.2)
        .unwrap();
    assert!(cert.euler_lagrange_residual < 1e-10, "{cert:?}");
}

#[test]
fn descent_inequality_holds_on_a_double_well_with_small_tau() {
    let mut rng = Rng::new(2);
    let mu = random_measure(&mut rng, 40, 2, 0.8).unwrap();
    let e: Arc<dyn ParticleEnergy> = Arc::new(Potential(DoubleWell::new(2, 2.0).unwrap()));
    let mut slacks = Vec::new();
    let mut ex = Executor::new(ParticleStepper::default(), 0.02)
        .unwrap()
        .observe(|_k: usize, _s: &ParticleMeasure, c: &StepCertificate| {
            slacks.push(c.descent_slack)
        });
    let run = ex.run(mu, vec![e; 40].iter()).unwrap();
    drop(ex);
    assert_eq!(slacks.len(), 40);
    for c in &run.certificates {
        assert!(c.descends(1e-12), "{c:?}");
        assert!(c.map_is_optimal(1e-9), "{c:?}");
    }
    // Energy is non-increasing along the run.
    assert!(
        run.certificates
            .windows(2)
            .all(|w| w[1].energy_before <= w[0].energy_before + 1e-14)
    );
}

#[test]
fn ill_posed_steps_are_refused_before_any_work() {
    let mu = ParticleMeasure::uniform(array![[0.1], [0.9]]).unwrap();
    let e = Potential(DoubleWell::new(1, 20.0).unwrap());
    match ParticleStepper::default()
        .step(3, &mu, &e as &dyn ParticleEnergy, 0.1)
        .unwrap_err()
    {
        JkoError::IllPosed {
            step: 3,
            lambda,
            one_plus_lambda_tau,
            ..
        } => {
            assert_eq!(lambda, -20.0);
            assert!((one_plus_lambda_tau + 1.0).abs() < 1e-12);
        }
        other => panic!("{other:?}"),
    }
    for tau in [0.0, -1.0, f64::NAN] {
        assert!(matches!(
            ParticleStepper::default()
                .step(0, &mu, &e as &dyn ParticleEnergy, tau)
                .unwrap_err(),
            JkoError::InvalidParameter { name: "tau", .. }
        ));
    }
    let e2 = Potential(Quadratic::attraction(1.0, array![0.0, 0.0]).unwrap());
    assert!(matches!(
        ParticleStepper::default()
            .step(0, &mu, &e2 as &dyn ParticleEnergy, 0.1)
            .unwrap_err(),
        JkoError::Mismatch { .. }
    ));
}

#[test]
fn an_unfinished_solve_is_an_error_with_its_residual_and_leaves_the_run_where_it_was() {
    let mut rng = Rng::new(3);
    let mu = random_measure(&mut rng, 20, 1, 1.5).unwrap();
    let e: Arc<dyn ParticleEnergy> = Arc::new(Potential(DoubleWell::new(1, 1.0).unwrap()));
    let stepper = ParticleStepper {
        max_newton: 1,
        ..ParticleStepper::default()
    };
    let before = mu.clone();
    match stepper.step(0, &mu, e.as_ref(), 0.5).unwrap_err() {
        JkoError::NotConverged {
            iterations: 1,
            residual,
            tolerance,
            ..
        } => assert!(residual > tolerance && residual.is_finite()),
        other => panic!("{other:?}"),
    }
    assert_eq!(mu, before);
    let mut ex = Executor::new(stepper, 0.5).unwrap();
    assert!(ex.run(mu, vec![e; 3].iter()).is_err());
}
