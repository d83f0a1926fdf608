//! The entropic grid backend against the Gaussian closed form.

use std::sync::Arc;

use hwg_energy::{Entropy, InternalEnergy, PorousMedium, PotentialFn, Quadratic};
use hwg_jko::*;
use hwg_measure::{GridHistogram1d, GridHistogram2d, MassPolicy};
use ndarray::{Array1, Array2, array};

fn gaussian_grid(cells: usize, lo: f64, hi: f64, m: f64, s: f64) -> GridHistogram1d {
    let h = (hi - lo) / cells as f64;
    let p: Array1<f64> = (0..cells)
        .map(|i| {
            let x = lo + (i as f64 + 0.5) * h;
            (-(x - m) * (x - m) / (2.0 * s * s)).exp()
        })
        .collect();
    GridHistogram1d::with_policy(lo, h, p, MassPolicy::Renormalize).unwrap()
}

fn moments(g: &GridHistogram1d) -> (f64, f64) {
    let c = g.cell_centers();
    let m = c.dot(&g.masses());
    let v = c
        .iter()
        .zip(g.masses())
        .map(|(x, p)| p * (x - m) * (x - m))
        .sum::<f64>();
    (m, v.sqrt())
}

fn ou_error(blur: f64) -> (f64, Vec<StepCertificate>) {
    let (alpha, sigma, tau) = (1.0, 0.3, 0.1);
    let potential: Arc<dyn PotentialFn> =
        Arc::new(Quadratic::attraction(alpha, array![0.5]).unwrap());
    let internal: Arc<dyn InternalEnergy> = Arc::new(Entropy::new(sigma).unwrap());
    let energy = GridEnergy {
        potential: Some(potential),
        internal: Some(internal),
    };
    let mut g = gaussian_grid(200, -4.0, 4.0, -1.0, 0.8);
    let (mut m, mut s) = moments(&g);
    let mut certs = Vec::new();
    for k in 0..10 {
        let (next, cert) = GridStepper::new(blur).step(k, &g, &energy, tau).unwrap();
        certs.push(cert);
        g = next;
        s = eigen_std_update(s, alpha, tau, sigma);
        m = (m + tau * alpha * 0.5) / (1.0 + tau * alpha);
    }
    let (md, sd) = moments(&g);
    ((sd - s).abs() / s + (md - m).abs(), certs)
}

#[test]
fn grid_steps_approach_the_gaussian_recursion_as_the_blur_shrinks() {
    let blurs = [0.04, 0.01, 0.0025];
    let errs: Vec<f64> = blurs.iter().map(|&b| ou_error(b).0).collect();
    assert!(errs.windows(2).all(|w| w[1] < w[0]), "{errs:?}");
    assert!(errs[2] < 0.02, "{errs:?}");
}

#[test]
fn certificates_report_the_blur() {
    let (_, certs) = ou_error(0.005);
    for c in &certs {
        // The entropic coupling costs more than W2², by O(γ) (≈ 0.45 γ here);
        // the descent inequality with the exact W2² holds.
        assert!(
            c.optimality_gap >= -1e-12 && c.optimality_gap <= 0.005,
            "{c:?}"
        );
        assert!(c.descends(1e-12), "{c:?}");
        assert!(c.energy_after < c.energy_before);
    }
}

#[test]
fn porous_medium_and_two_dimensional_grids_conserve_mass() {
    let energy = GridEnergy {
        potential: None,
        internal: Some(Arc::new(PorousMedium::new(2.0).unwrap())),
    };
    let g = gaussian_grid(60, -2.0, 2.0, 0.0, 0.3);
    let (next, cert) = GridStepper::new(0.01).step(0, &g, &energy, 0.01).unwrap();
    assert!((next.masses().sum() - 1.0).abs() < 1e-12);
    assert!(moments(&next).1 > moments(&g).1 && cert.energy_after < cert.energy_before);
    let masses = Array2::from_shape_fn((16, 16), |(i, j)| {
        let (x, y) = (i as f64 - 7.5, j as f64 - 7.5);
        (-(x * x + y * y) / 8.0).exp()
    });
    let g2 =
        GridHistogram2d::with_policy([-4.0, -4.0], [0.5, 0.5], masses, MassPolicy::Renormalize)
            .unwrap();
    let energy = GridEnergy {
        potential: Some(Arc::new(
            Quadratic::attraction(1.0, array![1.0, 0.0]).unwrap(),
        )),
        internal: Some(Arc::new(Entropy::new(0.1).unwrap())),
    };
    let (next, cert) = GridStepper::new(0.1).step(0, &g2, &energy, 0.1).unwrap();
    assert!((next.masses().sum() - 1.0).abs() < 1e-12);
    assert!(cert.energy_after < cert.energy_before);
    assert!(GridStepper::new(0.0).step(0, &g2, &energy, 0.1).is_err());
}
