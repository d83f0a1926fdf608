//! 1-D merge, Gaussian closed forms and geodesics.

mod common;

use common::*;
use hwg_measure::rng::Rng;
use hwg_measure::{Gaussian, ParticleMeasure};
use hwg_transport::*;
use ndarray::{Array1, Array2, array};

#[test]
fn one_d_merge_matches_quantile_integral_and_handles_p() {
    // μ = ½δ_0 + ½δ_2, ν = δ_1: every p gives W_p^p = 1.
    let (x, a) = (array![2.0, 0.0], array![0.5, 0.5]);
    let (y, b) = (array![1.0], array![1.0]);
    for p in [1.0, 1.5, 2.0, 3.0] {
        assert!(
            (wasserstein_1d(x.view(), a.view(), y.view(), b.view(), p).unwrap() - 1.0).abs()
                < 1e-15
        );
    }
    let sol = ot_1d(x.view(), a.view(), y.view(), b.view(), 2.0).unwrap();
    // The plan refers to the original (unsorted) indices.
    assert_eq!(sol.plan.entries(), &[(1, 0, 0.5), (0, 0, 0.5)]);
    // Uniform samples: W2² is the mean squared difference of sorted values.
    let mut rng = Rng::new(1);
    let xs: Array1<f64> = (0..500).map(|_| rng.normal()).collect();
    let ys: Array1<f64> = (0..500).map(|_| rng.uniform()).collect();
    let w = Array1::from_elem(500, 1.0 / 500.0);
    let (mut sx, mut sy) = (xs.to_vec(), ys.to_vec());
    sx.sort_by(f64::total_cmp);
    sy.sort_by(f64::total_cmp);
    let direct: f64 = sx
        .iter()
        .zip(&sy)
        .map(|(p, q)| (p - q).powi(2))
        .sum::<f64>()
        / 500.0;
    let merged = wasserstein_1d(xs.view(), w.view(), ys.view(), w.view(), 2.0).unwrap();
    assert!((merged - direct).abs() <= 1e-14 * direct.max(1.0));
    assert!(matches!(
        wasserstein_1d(x.view(), a.view(), y.view(), b.view(), 0.5).unwrap_err(),
        TransportError::InvalidParameter { name: "p", .. }
    ));
    assert!(matches!(
        wasserstein_1d(
            array![f64::NAN].view(),
            array![1.0].view(),
            y.view(),
            b.view(),
            2.0
        )
        .unwrap_err(),
        TransportError::NonFiniteAtom {
            which: "a",
            index: 0,
            ..
        }
    ));
}

#[test]
fn gaussian_closed_forms_commuting_case_and_map() {
    // Commuting covariances: W2² = |Δm|² + Σ (√λ1 − √λ2)².
    let g1 = Gaussian::new(array![0.0, 1.0], array![[4.0, 0.0], [0.0, 9.0]]).unwrap();
    let g2 = Gaussian::new(array![3.0, -1.0], array![[1.0, 0.0], [0.0, 16.0]]).unwrap();
    let expect = 9.0 + 4.0 + 1.0 + 1.0;
    assert!((w2_squared_gaussian(&g1, &g2).unwrap() - expect).abs() < 1e-12);
    let t = gaussian_map(&g1, &g2).unwrap();
    assert!(
        (&t.matrix - &array![[0.5, 0.0], [0.0, 4.0 / 3.0]])
            .iter()
            .all(|d| d.abs() < 1e-12)
    );
    // A Σ1 A = Σ2 for a general pair, and A is symmetric positive definite.
    let g3 = Gaussian::new(array![1.0, 2.0], array![[2.0, 0.7], [0.7, 1.0]]).unwrap();
    let g4 = Gaussian::new(array![0.0, 0.0], array![[1.0, -0.4], [-0.4, 3.0]]).unwrap();
    let t = gaussian_map(&g3, &g4).unwrap();
    let pushed = t.matrix.dot(&g3.covariance()).dot(&t.matrix);
    assert!(
        (&pushed - &g4.covariance()).iter().all(|d| d.abs() < 1e-12),
        "{pushed}"
    );
    assert!(
        (t.apply(g3.mean()) - g4.mean())
            .iter()
            .all(|d| d.abs() < 1e-12)
    );
}

#[test]
fn empirical_w2_of_gaussian_samples_matches_the_closed_form() {
    // Push one sample through the optimal affine map T (the gradient of a
    // convex function): the identity coupling between x_i and T(x_i) is
    // optimal, so the exact solver must reproduce (1/n) Σ|x_i − T x_i|²
    // exactly, and by the CLT that mean is within 5 standard errors of the
    // closed form W2².
    let g1 = Gaussian::new(array![0.0, 0.0], array![[2.0, 0.6], [0.6, 1.0]]).unwrap();
    let g2 = Gaussian::new(array![1.0, -0.5], array![[0.5, -0.2], [-0.2, 1.5]]).unwrap();
    let t = gaussian_map(&g1, &g2).unwrap();
    let n = 400;
    let sample = g1.sample(n, 11).unwrap();
    let image = sample.push_forward(|x| t.apply(x)).unwrap();
    let costs: Vec<f64> = (0..n)
        .map(|i| sq_dist(sample.points().row(i), image.points().row(i)))
        .collect();
    let identity_cost = costs.iter().sum::<f64>() / n as f64;
    let exact = emd_particles(&sample, &image, ExactOptions::default()).unwrap();
    assert!(
        (exact.cost - identity_cost).abs() <= 1e-12 * identity_cost,
        "{} vs {identity_cost}",
        exact.cost
    );
    let closed = w2_squared_gaussian(&g1, &g2).unwrap();
    let sd = (costs
        .iter()
        .map(|c| (c - identity_cost).powi(2))
        .sum::<f64>()
        / (n - 1) as f64)
        .sqrt();
    assert!(
        (identity_cost - closed).abs() <= 5.0 * sd / (n as f64).sqrt(),
        "{identity_cost} vs {closed}"
    );
}

#[test]
fn bures_geodesic_has_constant_speed() {
    let g1 = Gaussian::new(array![0.0, 0.0], array![[2.0, 0.6], [0.6, 1.0]]).unwrap();
    let g2 = Gaussian::new(array![1.0, -0.5], array![[0.5, -0.2], [-0.2, 1.5]]).unwrap();
    let w = w2_squared_gaussian(&g1, &g2).unwrap().sqrt();
    for (s, t) in [(0.0, 0.3), (0.25, 0.75), (0.5, 1.0)] {
        let (gs, gt) = (
            bures_geodesic(&g1, &g2, s).unwrap(),
            bures_geodesic(&g1, &g2, t).unwrap(),
        );
        let d = w2_squared_gaussian(&gs, &gt).unwrap().sqrt();
        assert!((d - (t - s) * w).abs() <= 1e-10, "{d} vs {}", (t - s) * w);
    }
    assert!(bures_geodesic(&g1, &g2, 1.5).is_err());
}

#[test]
fn displacement_interpolation_is_a_constant_speed_geodesic() {
    let mut rng = Rng::new(3);
    for (n, m) in [(15, 20), (30, 30)] {
        let mu = ParticleMeasure::new(
            random_points(&mut rng, n, 2),
            random_weights(&mut rng, n, 0.1),
        )
        .unwrap();
        let nu = ParticleMeasure::new(
            random_points(&mut rng, m, 2) * 3.0,
            random_weights(&mut rng, m, 0.0),
        )
        .unwrap();
        let sol = emd_particles(&mu, &nu, ExactOptions::default()).unwrap();
        let w = sol.cost.sqrt();
        let at = |t: f64| displacement_interpolation(&mu, &nu, &sol.plan, t).unwrap();
        for (s, t) in [(0.0, 1.0), (0.0, 0.4), (0.2, 0.9), (0.5, 0.6)] {
            let d = w2_squared(&at(s), &at(t)).unwrap().sqrt();
            assert!(
                (d - (t - s) * w).abs() <= 1e-10 * w.max(1.0),
                "({s},{t}): {d} vs {}",
                (t - s) * w
            );
        }
        // End points: μ_1 has ν's atoms and masses.
        assert!((w2_squared(&at(1.0), &nu).unwrap()).abs() < 1e-12);
    }
}

#[test]
fn barycentric_map_of_a_permutation_plan_is_the_permutation() {
    let mu = ParticleMeasure::uniform(array![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]).unwrap();
    let nu = ParticleMeasure::uniform(array![[5.0, 5.0], [6.0, 5.0], [5.0, 6.0]]).unwrap();
    let plan = Array2::from_diag(&Array1::from_elem(3, 1.0 / 3.0));
    let t = barycentric_map(&mu, &nu, plan.view()).unwrap();
    assert_eq!(t, nu.points());
    let half = barycentric_interpolation(&mu, &nu, plan.view(), 0.5).unwrap();
    assert_eq!(half.points().row(0), array![2.5, 2.5]);
    assert!(barycentric_map(&mu, &nu, Array2::zeros((2, 3)).view()).is_err());
}
