//! Sinkhorn: convergence to the exact cost as ε → 0, marginals, robustness at
//! tiny ε with zero weights, the online and unbalanced variants, the divergence.

mod common;

use common::*;
use hwg_measure::rng::Rng;
use hwg_measure::{MassPolicy, ParticleMeasure};
use hwg_transport::*;
use ndarray::{Array1, Array2, array};
use proptest::prelude::*;

/// Weights a, b, cost C, points x, y.
type Instance = (
    Array1<f64>,
    Array1<f64>,
    Array2<f64>,
    Array2<f64>,
    Array2<f64>,
);

fn instance(seed: u64, n: usize, m: usize, zeros: f64) -> Instance {
    let mut rng = Rng::new(seed);
    let x = random_points(&mut rng, n, 2);
    let y = random_points(&mut rng, m, 2);
    let a = random_weights(&mut rng, n, zeros);
    let b = random_weights(&mut rng, m, zeros);
    let c = squared_euclidean(x.view(), y.view()).unwrap();
    (a, b, c, x, y)
}

#[test]
fn transport_cost_tends_to_the_exact_cost_as_epsilon_shrinks() {
    let (a, b, c, _, _) = instance(1, 60, 50, 0.0);
    let exact = emd(a.view(), b.view(), c.view(), ExactOptions::default())
        .unwrap()
        .cost;
    let cmax = c.iter().fold(0.0f64, |m, &v| m.max(v));
    let mut last = f64::INFINITY;
    for k in 1..=4 {
        let eps = cmax * 10f64.powi(-k);
        let sol = sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(eps)).unwrap();
        let gap = sol.transport_cost - exact;
        // ⟨π_ε, C⟩ ≥ OT (π_ε is a coupling) and the gap shrinks with ε.
        assert!(gap >= -1e-9, "ε = {eps}: {gap}");
        assert!(
            gap < last,
            "ε = {eps}: gap {gap} did not shrink from {last}"
        );
        last = gap;
    }
    assert!(
        last / exact < 1e-2,
        "relative gap at ε = 1e-4·max C: {}",
        last / exact
    );
}

#[test]
fn no_nan_or_infinity_down_to_tiny_epsilon_with_zero_weights() {
    let (a, b, c, _, _) = instance(2, 80, 70, 0.25);
    let cmax = c.iter().fold(0.0f64, |m, &v| m.max(v));
    for eps in [1e-2 * cmax, 1e-3 * cmax, 1e-4 * cmax] {
        for scaling in [Some(0.25), None] {
            let params = SinkhornParams {
                scaling,
                max_iterations: 1_000_000,
                ..SinkhornParams::new(eps)
            };
            let sol = sinkhorn(a.view(), b.view(), c.view(), &params).unwrap();
            assert!(sol.plan.iter().all(|p| p.is_finite() && *p >= 0.0));
            assert!(
                sol.f.iter().chain(&sol.g).all(|v| v.is_finite()),
                "ε = {eps}"
            );
            assert!(sol.objective.is_finite() && sol.transport_cost.is_finite());
            assert!(
                sol.marginal_error <= 1e-8,
                "ε = {eps}: {}",
                sol.marginal_error
            );
            // Zero-weight rows and columns carry no mass.
            for (i, &ai) in a.iter().enumerate() {
                if ai == 0.0 {
                    assert!(sol.plan.row(i).iter().all(|&p| p == 0.0));
                }
            }
        }
    }
}

#[test]
fn plan_is_the_gibbs_form_of_its_potentials_and_the_objective_matches() {
    let (a, b, c, _, _) = instance(3, 30, 40, 0.1);
    let eps = 0.05;
    let sol = sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(eps)).unwrap();
    let mut kl = 0.0;
    for i in 0..30 {
        for j in 0..40 {
            let gibbs = a[i] * b[j] * ((sol.f[i] + sol.g[j] - c[[i, j]]) / eps).exp();
            assert!(
                (sol.plan[[i, j]] - gibbs).abs() <= 1e-12 * gibbs.max(1e-300) + 1e-300,
                "({i},{j})"
            );
            let p = sol.plan[[i, j]];
            if p > 0.0 {
                kl += p * (p / (a[i] * b[j])).ln() - p + a[i] * b[j];
            } else {
                kl += a[i] * b[j];
            }
        }
    }
    let direct = sol.transport_cost + eps * kl;
    assert!(
        (sol.objective - direct).abs() <= 1e-9,
        "{} vs {direct}",
        sol.objective
    );
    // Weak duality: the dual value Σ a f + Σ b g matches at convergence.
    let dual: f64 = a.iter().zip(&sol.f).map(|(x, y)| x * y).sum::<f64>()
        + b.iter().zip(&sol.g).map(|(x, y)| x * y).sum::<f64>();
    assert!(
        (dual - sol.objective).abs() <= 1e-7,
        "{dual} vs {}",
        sol.objective
    );
}

#[test]
fn online_solver_matches_the_dense_one_without_storing_the_matrix() {
    let (a, b, c, x, y) = instance(4, 120, 90, 0.0);
    let mu = ParticleMeasure::new(x, a.clone()).unwrap();
    let nu = ParticleMeasure::new(y, b.clone()).unwrap();
    let params = SinkhornParams {
        tolerance: 1e-11,
        ..SinkhornParams::new(0.02)
    };
    let dense = sinkhorn(a.view(), b.view(), c.view(), &params).unwrap();
    let online = sinkhorn_online(&mu, &nu, &params).unwrap();
    // Potentials are unique up to f + k, g − k: compare the plan and the cost.
    let cost = online.transport_cost(mu.view(), nu.view());
    assert!(
        (cost - dense.transport_cost).abs() <= 1e-8,
        "{cost} vs {}",
        dense.transport_cost
    );
    for (i, j) in [(0, 0), (5, 7), (119, 89)] {
        let p = online.plan_entry(mu.view(), nu.view(), i, j);
        assert!(
            (p - dense.plan[[i, j]]).abs() <= 1e-9 * dense.plan[[i, j]].max(1e-12),
            "({i},{j})"
        );
    }
    let t = online.barycentric_map(mu.view(), nu.view());
    let t_dense = barycentric_map(&mu, &nu, dense.plan.view()).unwrap();
    assert!((&t - &t_dense).iter().all(|d| d.abs() < 1e-8));
}

#[test]
fn unbalanced_sinkhorn_meets_its_optimality_conditions() {
    // One atom each: minimising π c + ε KL(π|ab) + ρ KL(π|a) + ρ KL(π|b) over
    // π ≥ 0 gives π = exp((−c + (ε + ρ) log(ab)) / (ε + 2ρ)).
    let (eps, rho) = (0.3, 0.7);
    let (a1, b1, c1) = (array![0.8], array![1.5], array![[2.0]]);
    let p = SinkhornParams {
        marginals: Marginals::Unbalanced { rho },
        tolerance: 1e-14,
        ..SinkhornParams::new(eps)
    };
    let sol = sinkhorn(a1.view(), b1.view(), c1.view(), &p).unwrap();
    let closed = ((-2.0 + (eps + rho) * (0.8f64 * 1.5).ln()) / (eps + 2.0 * rho)).exp();
    assert!(
        (sol.plan[[0, 0]] - closed).abs() <= 1e-12,
        "{} vs {closed}",
        sol.plan[[0, 0]]
    );
    // In general the marginals satisfy r = a e^{−f/ρ}, c = b e^{−g/ρ} at the optimum.
    let (a, b, c, _, _) = instance(5, 40, 30, 0.0);
    let b2 = &b * 2.0;
    for rho in [0.1, 1.0, 10.0] {
        let p = SinkhornParams {
            marginals: Marginals::Unbalanced { rho },
            tolerance: 1e-13,
            ..SinkhornParams::new(0.05)
        };
        let sol = sinkhorn(a.view(), b2.view(), c.view(), &p).unwrap();
        let rows = sol.plan.sum_axis(ndarray::Axis(1));
        let cols = sol.plan.sum_axis(ndarray::Axis(0));
        for i in 0..40 {
            let expect = a[i] * (-sol.f[i] / rho).exp();
            assert!(
                (rows[i] - expect).abs() <= 1e-9 * expect,
                "ρ = {rho}, row {i}"
            );
        }
        for j in 0..30 {
            let expect = b2[j] * (-sol.g[j] / rho).exp();
            assert!(
                (cols[j] - expect).abs() <= 1e-9 * expect,
                "ρ = {rho}, col {j}"
            );
        }
    }
    // Balanced data: large ρ recovers the balanced solution.
    let bal = sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(0.05)).unwrap();
    // (For ρ ≫ 1 the potentials drift by a near-constant shift each sweep, so their change, the
    // unbalanced stopping statistic, decays slowly even though the plan has converged.)
    let p = SinkhornParams {
        marginals: Marginals::Unbalanced { rho: 1e5 },
        tolerance: 1e-7,
        ..SinkhornParams::new(0.05)
    };
    let unb = sinkhorn(a.view(), b.view(), c.view(), &p).unwrap();
    assert!(
        (unb.transport_cost - bal.transport_cost).abs() < 1e-4,
        "{} vs {}",
        unb.transport_cost,
        bal.transport_cost
    );
}

#[test]
fn sinkhorn_divergence_is_zero_on_equal_measures_and_positive_otherwise() {
    let mut rng = Rng::new(6);
    let x = random_points(&mut rng, 40, 2);
    let mu = ParticleMeasure::with_policy(
        x.clone(),
        random_weights(&mut rng, 40, 0.0),
        MassPolicy::Strict,
    )
    .unwrap();
    let nu = mu
        .affine(Array2::eye(2).view(), array![0.3, -0.2].view())
        .unwrap();
    let params = SinkhornParams {
        tolerance: 1e-12,
        ..SinkhornParams::new(0.05)
    };
    let same = sinkhorn_divergence(&mu, &mu, &params).unwrap();
    assert!(same.abs() < 1e-10, "{same}");
    let moved = sinkhorn_divergence(&mu, &nu, &params).unwrap();
    // For a translation by v, W2² = |v|² = 0.13; S_ε is positive and below it.
    assert!(moved > 0.0 && moved <= 0.13 + 1e-9, "{moved}");
}

#[test]
fn a_budget_that_runs_out_reports_the_residual() {
    let (a, b, c, _, _) = instance(7, 50, 50, 0.0);
    let params = SinkhornParams {
        max_iterations: 2,
        scaling: None,
        tolerance: 1e-14,
        ..SinkhornParams::new(1e-3)
    };
    match sinkhorn(a.view(), b.view(), c.view(), &params).unwrap_err() {
        TransportError::NotConverged {
            budget: 2,
            residual,
            ..
        } => assert!(residual > 1e-14 && residual.is_finite()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_parameters_get_typed_errors() {
    let (a, b, c, _, _) = instance(8, 5, 5, 0.0);
    for eps in [0.0, -1.0, f64::NAN] {
        assert!(matches!(
            sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(eps)).unwrap_err(),
            TransportError::InvalidParameter {
                name: "epsilon",
                ..
            }
        ));
    }
    let p = SinkhornParams {
        scaling: Some(1.5),
        ..SinkhornParams::new(0.1)
    };
    assert!(matches!(
        sinkhorn(a.view(), b.view(), c.view(), &p).unwrap_err(),
        TransportError::InvalidParameter {
            name: "scaling",
            ..
        }
    ));
    let p = SinkhornParams {
        marginals: Marginals::Unbalanced { rho: 0.0 },
        ..SinkhornParams::new(0.1)
    };
    assert!(matches!(
        sinkhorn(a.view(), b.view(), c.view(), &p).unwrap_err(),
        TransportError::InvalidParameter { name: "rho", .. }
    ));
    let b2 = &b * 1.5;
    assert!(matches!(
        sinkhorn(a.view(), b2.view(), c.view(), &SinkhornParams::new(0.1)).unwrap_err(),
        TransportError::MassMismatch { .. }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn plan_marginals_match(seed in 0u64..1000, n in 1usize..40, m in 1usize..40, eps in 0.01f64..1.0) {
        let (a, b, c, _, _) = instance(seed, n, m, 0.1);
        let sol = sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(eps)).unwrap();
        let rows = sol.plan.sum_axis(ndarray::Axis(1));
        let cols = sol.plan.sum_axis(ndarray::Axis(0));
        let err: f64 = (&rows - &a).iter().chain((&cols - &b).iter()).map(|e| e.abs()).sum();
        prop_assert!(err <= 2e-9, "marginal error {}", err);
        prop_assert!((err - sol.marginal_error).abs() <= 1e-12);
    }
}
