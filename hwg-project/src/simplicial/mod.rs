//! Simplicial projections: structural weights on `Δ_K`, softmax of mean
//! logits, simplex barycenters, competition and pruning.

mod competition;
mod partition;
mod softmax;
mod weights;

pub use competition::CompetitionTracker;
pub use partition::Partition;
pub use softmax::{SimplexBarycenter, SoftmaxOfMean, softmax};
pub use weights::StructuralWeights;
