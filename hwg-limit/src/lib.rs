//! # hwg-limit — continuous-time limits and sleep-mode consolidation (skeleton)
//!
//! **Will own** (issue #7, DESIGN.md §6): interpolants of JKO runs (piecewise
//! constant and geodesic), discrete metric derivatives and slopes, the
//! energy–dissipation inequality, Hölder estimates, convergence order against
//! analytic solutions (Ornstein–Uhlenbeck, heat, Barenblatt) and by
//! Richardson extrapolation, and sleep-mode schedules with the
//! perturbed-gradient-flow balance and consolidation statistics.
//!
//! **May not touch**: the step itself (`hwg-jko`) or the observables' definitions
//! (`hwg-project`); it analyses sequences the lower layers produce.
//!
//! Today the crate only re-exports the layer below and registers no checks.
#![warn(missing_docs)]

pub use hwg_project;

/// This layer's claims for `cargo xtask verify` (none until issue #7 lands).
pub fn checks() -> Vec<hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure::verify::Check>
{
    Vec::new()
}
