//! # hwg-energy — Hebbian learning rules as energies (skeleton)
//!
//! **Will own** (issue #4, DESIGN.md §3): energies $E : \mathcal P_2(X) \to (-\infty, +\infty]$
//! with one capability per trait — value, first variation $\delta E/\delta\mu$,
//! Wasserstein gradient $\nabla \delta E/\delta\mu$ at atoms, Hessian-vector
//! products, declared convexity modulus $\lambda$ and lower-bound constants —
//! for potential, interaction, internal (entropy, porous medium) and Hebbian
//! families (stimulus attraction, correlation with quartic confinement,
//! linear drive, mean-only energies, mean-field network risk, complex
//! correlation); time-dependent sequences $E_k$ with wake and sleep windows;
//! and the sequential-stability checker (S1–S4).
//!
//! **May not touch**: the representations of states (`hwg-measure`), transport
//! solvers (`hwg-transport`, used only to build geodesics for convexity
//! probes), time stepping (`hwg-jko`) or observables (`hwg-project`).
//!
//! Today the crate only re-exports the layer below and registers no checks.
#![warn(missing_docs)]

pub use hwg_transport;

/// This layer's claims for `cargo xtask verify` (none until issue #4 lands).
pub fn checks() -> Vec<hwg_transport::hwg_measure::verify::Check> {
    Vec::new()
}
