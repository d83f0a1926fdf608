//! The 1-D quantile backend against the Gaussian closed form.

use std::sync::Arc;

use hwg_energy::{Entropy, InternalEnergy, PorousMedium, PotentialFn, Quadratic};
use hwg_jko::*;
use hwg_measure::{SortedLine, normal_quantile};
use ndarray::{Array1, array};

fn gaussian_quantiles(n: usize, m: f64, s: f64) -> SortedLine {
    let x: Array1<f64> = (0..n)
        .map(|i| m + s * normal_quantile((i as f64 + 0.5) / n as f64).unwrap())
        .collect();
    SortedLine::new(x, Array1::from_elem(n, 1.0 / n as f64)).unwrap()
}

fn moments(line: &SortedLine) -> (f64, f64) {
    let m = line.atoms().dot(&line.weights());
    let v = line
        .atoms()
        .iter()
        .zip(line.weights())
        .map(|(x, a)| a * (x - m) * (x - m))
        .sum::<f64>();
    (m, v.sqrt())
}

/// Error of the discrete standard deviation against the recursion after `steps` steps.
fn ou_error(n: usize, alpha: f64, sigma: f64, tau: f64, steps: usize) -> f64 {
    let potential: Option<Arc<dyn PotentialFn>> = if alpha > 0.0 {
        Some(Arc::new(Quadratic::attraction(alpha, array![1.0]).unwrap()))
    } else {
        None
    };
    let internal: Option<Arc<dyn InternalEnergy>> = Some(Arc::new(Entropy::new(sigma).unwrap()));
    let energy = QuantileEnergy::new(potential, internal).unwrap();
    let mut line = gaussian_quantiles(n, -1.0, 0.7);
    let (mut m, mut s) = moments(&line);
    for k in 0..steps {
        let (next, cert) = QuantileStepper::default()
            .step(k, &line, &energy, tau)
            .unwrap();
        assert!(
            cert.descends(1e-12) && cert.map_is_optimal(1e-12),
            "{cert:?}"
        );
        line = next;
        s = eigen_std_update(s, alpha, tau, sigma);
        m = (m + tau * alpha * 1.0) / (1.0 + tau * alpha);
    }
    let (md, sd) = moments(&line);
    assert!((md - m).abs() < 1e-9, "mean {md} vs {m}");
    (sd - s).abs() / s
}

#[test]
fn heat_and_ou_flows_reproduce_the_gaussian_recursion_as_n_grows() {
    for alpha in [0.0, 1.5] {
        let ns = [50usize, 200, 800];
        let errs: Vec<f64> = ns
            .iter()
            .map(|&n| ou_error(n, alpha, 0.5, 0.05, 10))
            .collect();
        assert!(
            errs.windows(2).all(|w| w[1] < w[0]),
            "α = {alpha}: {errs:?}"
        );
        // Observed order of the discretisation error in n.
        let rate = (errs[0] / errs[2]).ln() / (16.0f64).ln();
        assert!(rate > 0.5, "α = {alpha}: errors {errs:?}, rate {rate}");
        assert!(errs[2] < 5e-3, "{errs:?}");
    }
}

#[test]
fn porous_medium_steps_descend_and_keep_order() {
    let energy =
        QuantileEnergy::new(None, Some(Arc::new(PorousMedium::new(2.0).unwrap()))).unwrap();
    let mut line = gaussian_quantiles(200, 0.0, 0.3);
    for k in 0..20 {
        let (next, cert) = QuantileStepper::default()
            .step(k, &line, &energy, 0.01)
            .unwrap();
        assert!(cert.descends(1e-12) && cert.map_is_optimal(1e-12));
        assert!(next.atoms().windows(2).into_iter().all(|w| w[1] > w[0]));
        // The porous-medium flow spreads mass: the standard deviation grows.
        assert!(moments(&next).1 > moments(&line).1);
        line = next;
    }
}

#[test]
fn quantile_and_gaussian_backends_agree_up_to_discretisation() {
    let tau = 0.1;
    let line = gaussian_quantiles(1000, 0.0, 1.0);
    let (_, s0) = moments(&line);
    let energy = QuantileEnergy::new(
        Some(Arc::new(Quadratic::attraction(1.0, array![2.0]).unwrap())),
        Some(Arc::new(Entropy::new(0.3).unwrap())),
    )
    .unwrap();
    let (next, _) = QuantileStepper::default()
        .step(0, &line, &energy, tau)
        .unwrap();
    let g = hwg_measure::Gaussian::new(array![0.0], array![[s0 * s0]]).unwrap();
    let ge = GaussianEnergy::new(
        Quadratic::attraction(1.0, array![2.0]).unwrap(),
        Entropy::new(0.3).unwrap(),
    );
    let (gn, _) = GaussianStepper::default().step(0, &g, &ge, tau).unwrap();
    let (m, s) = moments(&next);
    assert!((m - gn.mean()[0]).abs() < 1e-9);
    assert!(
        (s - gn.covariance()[[0, 0]].sqrt()).abs() / s < 2e-3,
        "{s} vs {}",
        gn.covariance()[[0, 0]].sqrt()
    );
}
