//! # hwg-jko — learning as JKO minimizing movements (skeleton)
//!
//! **Will own** (issue #5, DESIGN.md §4): the step
//! $\mu_{k+1} \in \arg\min_\mu E_k(\mu) + W_2^2(\mu, \mu_k)/(2\tau)$ behind one
//! stepping trait (argmin-style `step`, an executor owning step counts and
//! tolerances, observers), with particle, 1-D quantile, Gaussian
//! (Bures–Wasserstein) and entropic-grid backends, fiberwise parallel stepping,
//! and a certificate per step (energies, exact $W_2^2$, descent slack,
//! Euler–Lagrange residual, optimal-transport realisation).
//!
//! **May not touch**: energy definitions (`hwg-energy`), transport solvers
//! (`hwg-transport`, used for certificates), observables (`hwg-project`) or
//! limits (`hwg-limit`).
//!
//! Today the crate only re-exports the layer below and registers no checks.
#![warn(missing_docs)]

pub use hwg_energy;

/// This layer's claims for `cargo xtask verify` (none until issue #5 lands).
pub fn checks() -> Vec<hwg_energy::hwg_transport::hwg_measure::verify::Check> {
    Vec::new()
}
