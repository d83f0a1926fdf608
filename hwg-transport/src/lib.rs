//! # hwg-transport — optimal transport (skeleton)
//!
//! **Will own** (issue #3, DESIGN.md §2): exact discrete OT by a certified
//! network simplex, 1-D OT by merging CDFs, Gaussian closed forms, log-domain
//! Sinkhorn (online, unbalanced, debiased), displacement interpolation and
//! barycentric maps.
//!
//! **May not touch**: energies, dynamics or observables (the layers above).
#![warn(missing_docs)]

pub use hwg_measure;

/// This layer's claims for `cargo xtask verify` (none until issue #3 lands).
pub fn checks() -> Vec<hwg_measure::verify::Check> {
    Vec::new()
}
