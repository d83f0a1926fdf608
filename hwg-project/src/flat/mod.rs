//! Flat (affine) projections: the mean, per-cell effective weights, the
//! mean-field network function.

mod mean;
mod network;

pub use mean::{EffectiveWeights, Mean};
pub use network::{ClassicalNetwork, MeanFieldNetwork};
