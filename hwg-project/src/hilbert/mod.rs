//! Hilbertian projections `P_φ(μ) = ∫ φ dμ`: order parameters on the circle
//! and torus, kernel mean embeddings, MMD, recall.

mod kernel;
mod order;

pub use kernel::{EmbeddingMemory, GaussianKernel, RandomFourierFeatures, Scorer};
pub use order::OrderParameters;
