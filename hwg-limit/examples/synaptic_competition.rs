//! Synaptic competition and pruning: a 1-D memory with noise (entropy σ) in
//! a tilted double well, on the quantile (Lagrangian) backend. The two wells
//! are two synapse cells; their structural weights always sum to one, mass
//! drains to the deeper well and the shallow cell is pruned once its weight
//! falls below 5 %.
//!
//! `cargo run --release -p hwg-limit --example synaptic_competition`

mod common;

use std::sync::Arc;

use hwg_limit::hwg_energy::{Entropy, LowerBoundConstants, UserPotential};
use hwg_limit::hwg_jko::{QuantileEnergy, QuantileStepper, Stepper};
use hwg_limit::hwg_measure::{SortedLine, normal_quantile};
use hwg_limit::hwg_project::Projection;
use hwg_limit::hwg_project::simplicial::{CompetitionTracker, Partition, StructuralWeights};
use ndarray::{Array1, array};

fn main() {
    let (h, tilt, sigma, tau, steps, m) = (0.5, 0.12, 0.06, 0.1, 1200, 300);
    // V(x) = h(x² − 1)²/4 + tilt·x: the left well is deeper.
    let well = UserPotential::new(
        1,
        move |x| h * (x[0] * x[0] - 1.0).powi(2) / 4.0 + tilt * x[0],
        move |x| array![h * x[0] * (x[0] * x[0] - 1.0) + tilt],
        move |x, v| array![h * (3.0 * x[0] * x[0] - 1.0) * v[0]],
        Some(-h),
        LowerBoundConstants { a: 1.0, b: 0.0 },
    )
    .unwrap();
    let energy = QuantileEnergy::new(
        Some(Arc::new(well)),
        Some(Arc::new(Entropy::new(sigma).unwrap())),
    )
    .unwrap();
    // Start with equal mass around both wells.
    let z: Vec<f64> = (0..m)
        .map(|i| 0.15 * normal_quantile((i as f64 + 0.5) / m as f64).unwrap())
        .collect();
    let atoms: Array1<f64> = z
        .iter()
        .map(|v| v - 1.0)
        .chain(z.iter().map(|v| v + 1.0))
        .collect();
    let mut line = SortedLine::new(atoms, Array1::from_elem(2 * m, 0.5 / m as f64)).unwrap();
    let cells = StructuralWeights::new(Partition::intervals(vec![0.0]).unwrap());
    let mut tracker = CompetitionTracker::new(2, 0.05).unwrap();
    tracker
        .record(0, cells.project(&line).unwrap().view())
        .unwrap();
    for k in 0..steps {
        line = QuantileStepper::default()
            .step(k, &line, &energy, tau)
            .unwrap()
            .0;
        tracker
            .record(k + 1, cells.project(&line).unwrap().view())
            .unwrap();
    }
    let t: Vec<f64> = tracker.steps().iter().map(|&k| k as f64 * tau).collect();
    println!(
        "competition: max |Σw − 1| = {:.1e}; winner cell {:?}; shallow cell pruned at step {:?} (t = {:?})",
        tracker.max_mass_defect(),
        tracker.winner(),
        tracker.pruned_at()[1],
        tracker.pruned_at()[1].map(|k| k as f64 * tau)
    );
    let (w0, w1) = (tracker.trajectory(0), tracker.trajectory(1));
    common::save(
        "synaptic_competition",
        "structural weights",
        "t",
        &t,
        &[("deep well", &w0), ("shallow well", &w1)],
    );
}
