//! Closed-form checks of each representation's operations.

use hwg_measure::*;
use ndarray::{Array2, array};
use num_complex::Complex64;

#[test]
fn affine_image_and_restriction_on_a_hand_computed_example() {
    let mu = ParticleMeasure::new(
        array![[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]],
        array![0.5, 0.25, 0.25],
    )
    .unwrap();
    let img = mu
        .affine(
            array![[2.0, 0.0], [1.0, 1.0]].view(),
            array![1.0, -1.0].view(),
        )
        .unwrap();
    assert_eq!(img.points(), array![[1.0, -1.0], [3.0, 0.0], [1.0, 1.0]]);
    assert_eq!(img.weights(), mu.weights());
    // μ⌊{y > 0} renormalised is δ_(0,2).
    let r = mu
        .restrict(|x| x[1] > 0.0, MassPolicy::Renormalize)
        .unwrap();
    assert_eq!(
        (r.points(), r.weights()),
        (array![[0.0, 2.0]].view(), array![1.0].view())
    );
    // Strict restriction is allowed when only zero-mass atoms are dropped.
    let with_zero = ParticleMeasure::new(array![[0.0], [5.0]], array![1.0, 0.0]).unwrap();
    assert_eq!(
        with_zero
            .restrict(|x| x[0] < 1.0, MassPolicy::Strict)
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        mu.restrict(|x| x[1] > 0.0, MassPolicy::Strict).unwrap_err(),
        MeasureError::MassNotOne { total, .. } if total == 0.25
    ));
}

#[test]
fn covariance_and_second_moment_of_two_atoms() {
    // ½δ_(−1,0) + ½δ_(1,2): mean (0,1), Σ = [[1,1],[1,1]], M2 = (1 + 5)/2.
    let mu = ParticleMeasure::uniform(array![[-1.0, 0.0], [1.0, 2.0]]).unwrap();
    assert_eq!(mu.mean(), array![0.0, 1.0]);
    assert_eq!(mu.covariance(), array![[1.0, 1.0], [1.0, 1.0]]);
    assert_eq!(mu.second_moment(), 3.0);
}

#[test]
fn grid_cells_centres_and_binning() {
    let mu = ParticleMeasure::new(
        array![[0.1], [0.9], [1.5], [3.0]],
        array![0.1, 0.2, 0.3, 0.4],
    )
    .unwrap();
    let g = GridHistogram1d::bin(&mu, 0.0, 1.0, 3).unwrap();
    // The right edge 3.0 belongs to the last cell.
    assert_eq!(g.masses(), array![0.1 + 0.2, 0.3, 0.4]);
    assert_eq!(g.cell_centers(), array![0.5, 1.5, 2.5]);
    assert_eq!(g.densities(), g.masses().to_owned());
    let p = g.to_particles();
    assert_eq!(p.points().column(0), g.cell_centers());
    let mu2 =
        ParticleMeasure::uniform(array![[0.1, 0.1], [0.1, 1.9], [1.9, 1.9], [1.2, 1.8]]).unwrap();
    let g2 = GridHistogram2d::bin(&mu2, [0.0, 0.0], [1.0, 1.0], [2, 2]).unwrap();
    assert_eq!(g2.masses(), array![[0.25, 0.25], [0.0, 0.5]]);
    assert_eq!(g2.cell_centers().row(1), array![0.5, 1.5]);
    assert_eq!(g2.densities()[[1, 1]], 0.5);
}

#[test]
fn quantile_and_cdf_of_a_weighted_line() {
    let line = SortedLine::new(array![3.0, 1.0, 2.0, 0.0], array![0.25, 0.25, 0.5, 0.0]).unwrap();
    assert_eq!(line.atoms(), array![0.0, 1.0, 2.0, 3.0]);
    assert_eq!(line.cdf(-1.0).unwrap(), 0.0);
    assert_eq!(line.cdf(1.5).unwrap(), 0.25);
    assert_eq!(line.cdf(2.0).unwrap(), 0.75);
    assert_eq!(line.cdf(10.0).unwrap(), 1.0);
    // Q(0) skips the zero-weight atom at 0; Q is left-continuous.
    assert_eq!(line.quantile(0.0).unwrap(), 1.0);
    assert_eq!(line.quantile(0.25).unwrap(), 1.0);
    assert_eq!(line.quantile(0.26).unwrap(), 2.0);
    assert_eq!(line.quantile(0.75).unwrap(), 2.0);
    assert_eq!(line.quantile(1.0).unwrap(), 3.0);
    assert_eq!(
        line.quantiles(array![0.1, 0.8].view()).unwrap(),
        array![1.0, 3.0]
    );
}

#[test]
fn complex_measures_and_their_real_view() {
    let z = array![
        [Complex64::new(1.0, 2.0), Complex64::new(-3.0, 0.5)],
        [Complex64::new(0.0, -1.0), Complex64::new(4.0, 4.0)]
    ];
    let mu = ComplexParticleMeasure::new(z.clone(), array![0.25, 0.75]).unwrap();
    let real = mu.to_real();
    assert_eq!(real.points().row(0), array![1.0, 2.0, -3.0, 0.5]);
    assert_eq!(ComplexParticleMeasure::from_real(&real).unwrap(), mu);
    // |z|² equals the squared norm of the real view.
    assert_eq!(mu.second_moment(), real.second_moment());
    let m = mu.mean();
    assert_eq!(m[0], Complex64::new(0.25, -0.25));
    assert_eq!(real.mean().to_vec()[2..], [m[1].re, m[1].im]);
}

#[test]
fn gaussian_cholesky_and_seeded_sampling() {
    let cov = array![[4.0, 2.0], [2.0, 5.0]];
    let g = Gaussian::new(array![1.0, -1.0], cov.clone()).unwrap();
    let l = g.cholesky_factor();
    let llt = l.dot(&l.t());
    assert!((&llt - &cov).iter().all(|e| e.abs() < 1e-14), "{llt}");
    assert_eq!(l[[0, 1]], 0.0);
    assert_eq!(g.sample(100, 5).unwrap(), g.sample(100, 5).unwrap());
    assert_ne!(g.sample(100, 5).unwrap(), g.sample(100, 6).unwrap());
    let iso = Gaussian::isotropic(array![0.0, 0.0, 0.0], 2.0).unwrap();
    assert_eq!(iso.second_moment(), 6.0);
}

#[test]
fn fibered_views_do_not_copy_and_keep_order() {
    let a = ParticleMeasure::uniform(array![[0.0], [1.0]]).unwrap();
    let b = ParticleMeasure::dirac(array![5.0].view()).unwrap();
    let s = FiberedState::from_measures(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(s.offsets(), &[0, 2, 3]);
    // Zero copy: the view points into the contiguous store.
    assert_eq!(s.fiber(1).points().as_ptr(), s.points().row(2).as_ptr());
    assert_eq!(s.split(), vec![a, b]);
    use rayon::prelude::*;
    let means: Vec<f64> = s.par_fibers().map(|f| f.mean()[0]).collect();
    assert_eq!(means, vec![0.5, 5.0]);
    let moved = s.with_points(s.points().mapv(|x| x + 1.0)).unwrap();
    assert_eq!(moved.fiber(1).points()[[0, 0]], 6.0);
    assert!(s.with_points(Array2::zeros((3, 2))).is_err());
    assert_eq!(moved.weights(), s.weights());
}

#[test]
fn normal_quantile_inverts_the_normal_cdf() {
    // Independent CDF: Simpson's rule on the density from 0 to x.
    let cdf = |x: f64| {
        let n = 2000;
        let h = x / n as f64;
        let f = |t: f64| (-0.5 * t * t).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut s = f(0.0) + f(x);
        for k in 1..n {
            s += if k % 2 == 1 { 4.0 } else { 2.0 } * f(k as f64 * h);
        }
        0.5 + s * h / 3.0
    };
    for u in [
        1e-6,
        0.01,
        0.02425,
        0.1,
        0.3,
        0.5,
        0.7,
        0.975,
        0.999,
        1.0 - 1e-6,
    ] {
        let x = normal_quantile(u).unwrap();
        // The error in x is |Φ(x) − u| / φ(x); Acklam's bound is 1.15e-9 relative.
        let density = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        assert!(
            (cdf(x) - u).abs() / density <= 1.2e-9 * x.abs() + 1e-12,
            "u = {u}: Φ({x}) = {}",
            cdf(x)
        );
    }
    assert!((normal_quantile(0.975).unwrap() - 1.959_963_984_540_054).abs() < 3e-9);
    assert_eq!(normal_quantile(0.5).unwrap(), 0.0);
    assert!(
        normal_quantile(0.0).is_err()
            && normal_quantile(1.0).is_err()
            && normal_quantile(f64::NAN).is_err()
    );
}
