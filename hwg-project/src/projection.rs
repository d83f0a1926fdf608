//! The one capability every observable has.

use crate::Result;

/// A map from memory states `S` to an external space `Output`
/// (`R^d`, the simplex `Δ_K`, a Hilbert space, Hermitian matrices).
///
/// Projections observe: they borrow the state and never change it.
pub trait Projection<S: ?Sized> {
    /// Where the observable lives.
    type Output;
    /// `P(μ)`; a typed error when `μ` does not fit (dimension, simplex, …).
    fn project(&self, state: &S) -> Result<Self::Output>;
}
