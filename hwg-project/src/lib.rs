//! # hwg-project — observables as projections of memory states (skeleton)
//!
//! **Will own** (issue #6, DESIGN.md §5): projection maps from $\mathcal P_2(X)$
//! to external spaces — flat (means, effective weights, mean-field networks),
//! simplicial (structural weights, softmax of mean logits, competition and
//! pruning), Hilbertian (Kuramoto–Daido order parameters, kernel mean
//! embeddings, MMD) and spectral (the Hermitian operator $\int z z^* d\mu$) — and
//! the demonstrations that classical rules (EMA, mirror descent, proximal
//! point, gradient descent, Oja) are projections of JKO dynamics.
//!
//! **May not touch**: how steps are computed (`hwg-jko`) or energies
//! (`hwg-energy`); it observes states, it does not evolve them.
//!
//! Today the crate only re-exports the layer below and registers no checks.
#![warn(missing_docs)]

pub use hwg_jko;

/// This layer's claims for `cargo xtask verify` (none until issue #6 lands).
pub fn checks() -> Vec<hwg_jko::hwg_energy::hwg_transport::hwg_measure::verify::Check> {
    Vec::new()
}
