//! Network simplex against brute force, the 1-D closed form, its own
//! certificate, and every kind of bad input.

mod common;

use common::*;
use hwg_measure::rng::Rng;
use hwg_transport::*;
use ndarray::{Array1, Array2, array};

fn rel(a: f64, b: f64, scale: f64) -> f64 {
    (a - b).abs() / scale
}

#[test]
fn uniform_assignment_equals_brute_force_for_n_up_to_7() {
    let mut rng = Rng::new(1);
    for n in 1..=7 {
        for _ in 0..20 {
            let c = Array2::from_shape_simple_fn((n, n), || rng.uniform());
            let w = Array1::from_elem(n, 1.0 / n as f64);
            let sol = emd(w.view(), w.view(), c.view(), ExactOptions::default()).unwrap();
            let bf = brute_force_assignment(&c);
            assert!(
                rel(sol.cost, bf, 1.0) <= 1e-14,
                "n = {n}: {} vs {bf}",
                sol.cost
            );
            assert!(sol.plan.nnz() < 2 * n);
        }
    }
}

#[test]
fn costs_spanning_sixteen_decades_stay_exact() {
    // Log-uniform costs in [1e-8, 1e8]: the answer must be exact to 1e-12 of the scale.
    let mut rng = Rng::new(2);
    for n in 2..=7 {
        for _ in 0..20 {
            let c = Array2::from_shape_simple_fn((n, n), || 10f64.powf(rng.uniform_in(-8.0, 8.0)));
            let w = Array1::from_elem(n, 1.0 / n as f64);
            let sol = emd(w.view(), w.view(), c.view(), ExactOptions::default()).unwrap();
            let scale = c.iter().fold(0.0f64, |m, &v| m.max(v));
            let bf = brute_force_assignment(&c);
            assert!(rel(sol.cost, bf, scale) <= 1e-12, "{} vs {bf}", sol.cost);
            assert!(
                sol.certificate.relative_infeasibility() <= 1e-12,
                "{:?}",
                sol.certificate
            );
            assert!(
                sol.certificate.relative_gap(1.0) <= 1e-12,
                "{:?}",
                sol.certificate
            );
        }
    }
}

#[test]
fn weighted_1d_problems_match_the_cdf_merge() {
    let mut rng = Rng::new(3);
    for trial in 0..40 {
        let (n, m) = (1 + rng.below(60), 1 + rng.below(60));
        let x: Array1<f64> = (0..n).map(|_| rng.normal() * 3.0).collect();
        let y: Array1<f64> = (0..m).map(|_| rng.normal() + 1.0).collect();
        let a = random_weights(&mut rng, n, if trial % 3 == 0 { 0.3 } else { 0.0 });
        let b = random_weights(&mut rng, m, if trial % 4 == 0 { 0.3 } else { 0.0 });
        let c = Array2::from_shape_fn((n, m), |(i, j)| (x[i] - y[j]).powi(2));
        let sol = emd(a.view(), b.view(), c.view(), ExactOptions::default()).unwrap();
        let closed = wasserstein_1d(x.view(), a.view(), y.view(), b.view(), 2.0).unwrap();
        let scale = c.iter().fold(0.0f64, |m, &v| m.max(v));
        assert!(
            rel(sol.cost, closed, scale) <= 1e-12,
            "trial {trial}: {} vs {closed}",
            sol.cost
        );
        let cert = sol.certificate;
        assert!(
            cert.relative_infeasibility() <= 1e-12 && cert.relative_gap(1.0) <= 1e-12,
            "{cert:?}"
        );
        assert!(cert.marginal_error <= 1e-12, "{cert:?}");
        assert!(sol.plan.nnz() < n + m);
    }
}

#[test]
fn certificate_holds_on_random_rectangular_instances_with_zero_weights() {
    let mut rng = Rng::new(4);
    for &(n, m) in &[(1, 1), (1, 9), (9, 1), (30, 50), (200, 120), (300, 300)] {
        let x = random_points(&mut rng, n, 2);
        let y = random_points(&mut rng, m, 2);
        let a = random_weights(&mut rng, n, 0.2);
        let b = random_weights(&mut rng, m, 0.2);
        let c = squared_euclidean(x.view(), y.view()).unwrap();
        let sol = emd(a.view(), b.view(), c.view(), ExactOptions::default()).unwrap();
        let cert = sol.certificate;
        assert!(cert.relative_infeasibility() <= 1e-12, "{n}x{m}: {cert:?}");
        assert!(cert.relative_gap(1.0) <= 1e-12, "{n}x{m}: {cert:?}");
        assert!(cert.marginal_error <= 1e-12, "{n}x{m}: {cert:?}");
        assert!(sol.plan.nnz() < n + m);
        // Complementary slackness, checked independently of the certificate.
        for &(i, j, v) in sol.plan.entries() {
            assert!(v > 0.0);
            assert!((sol.f[i] + sol.g[j] - c[[i, j]]).abs() <= 1e-12 * cert.cost_scale.max(1e-300));
        }
        // Σ a f = Σ b g (the documented centring).
        let af: f64 = a.iter().zip(&sol.f).map(|(x, y)| x * y).sum();
        let bg: f64 = b.iter().zip(&sol.g).map(|(x, y)| x * y).sum();
        assert!((af - bg).abs() <= 1e-12 * cert.cost_scale.max(1.0));
    }
}

#[test]
fn degenerate_uniform_assignments_and_ties_terminate_exactly() {
    // Points on a lattice: many equal costs, a highly degenerate problem.
    for n in [10, 64, 200] {
        let side = (n as f64).sqrt().ceil() as usize;
        let x = Array2::from_shape_fn((n, 2), |(i, k)| {
            if k == 0 {
                (i % side) as f64
            } else {
                (i / side) as f64
            }
        });
        let y = &x + 0.5;
        let w = Array1::from_elem(n, 1.0 / n as f64);
        let c = squared_euclidean(x.view(), y.view()).unwrap();
        let sol = emd(w.view(), w.view(), c.view(), ExactOptions::default()).unwrap();
        // Shifting every point by (½, ½) is optimal (translation): W2² = ½.
        assert!((sol.cost - 0.5).abs() <= 1e-12, "{}", sol.cost);
    }
    // All costs zero.
    let w = Array1::from_elem(5, 0.2);
    let sol = emd(
        w.view(),
        w.view(),
        Array2::zeros((5, 5)).view(),
        ExactOptions::default(),
    )
    .unwrap();
    assert_eq!(sol.cost, 0.0);
}

#[test]
fn a_budget_that_runs_out_is_an_error_that_says_how_far_it_got() {
    let mut rng = Rng::new(5);
    let c = Array2::from_shape_simple_fn((50, 50), || rng.uniform());
    let w = Array1::from_elem(50, 0.02);
    let e = emd(
        w.view(),
        w.view(),
        c.view(),
        options_with_budget(3).unwrap(),
    )
    .unwrap_err();
    match e {
        TransportError::NotConverged {
            done,
            budget: 3,
            residual,
            ..
        } => {
            assert_eq!(done, 3);
            assert!(residual > 0.0);
        }
        other => panic!("{other:?}"),
    }
    assert!(options_with_budget(0).is_err());
}

#[test]
fn bad_input_gets_typed_errors() {
    let c = Array2::<f64>::ones((2, 3));
    let a = array![0.5, 0.5];
    let b = array![0.2, 0.3, 0.5];
    let o = ExactOptions::default();
    assert!(matches!(
        emd(a.view(), array![0.5, 0.5].view(), c.view(), o).unwrap_err(),
        TransportError::SizeMismatch {
            expected: 2,
            found: 3,
            ..
        }
    ));
    assert!(matches!(
        emd(array![1.5, -0.5].view(), b.view(), c.view(), o).unwrap_err(),
        TransportError::InvalidWeight { which: "a", index: 1, value } if value == -0.5
    ));
    assert!(matches!(
        emd(a.view(), array![0.2, f64::NAN, 0.5].view(), c.view(), o).unwrap_err(),
        TransportError::InvalidWeight {
            which: "b",
            index: 1,
            ..
        }
    ));
    let mut bad = c.clone();
    bad[[1, 2]] = -1.0;
    assert!(matches!(
        emd(a.view(), b.view(), bad.view(), o).unwrap_err(),
        TransportError::InvalidCost { row: 1, col: 2, value } if value == -1.0
    ));
    bad[[1, 2]] = f64::INFINITY;
    assert!(matches!(
        emd(a.view(), b.view(), bad.view(), o).unwrap_err(),
        TransportError::InvalidCost { .. }
    ));
    assert!(matches!(
        emd(a.view(), array![0.2, 0.3, 0.5 + 1e-9].view(), c.view(), o).unwrap_err(),
        TransportError::MassMismatch { .. }
    ));
    assert!(matches!(
        emd(
            array![0.0, 0.0].view(),
            array![0.0, 0.0, 0.0].view(),
            c.view(),
            o
        )
        .unwrap_err(),
        TransportError::ZeroMass { which: "a" }
    ));
    assert!(matches!(
        emd(
            Array1::zeros(0).view(),
            b.view(),
            Array2::zeros((0, 3)).view(),
            o
        )
        .unwrap_err(),
        TransportError::Empty { .. }
    ));
}
