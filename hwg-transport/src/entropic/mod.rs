//! Entropic optimal transport: stabilised log-domain Sinkhorn (dense, balanced
//! or unbalanced), an online variant for large point clouds, and the debiased
//! Sinkhorn divergence.
//!
//! With the reference measure `a ⊗ b`, the entropic problem
//! `OT_ε(a, b) = min_π ⟨π, C⟩ + ε KL(π | a ⊗ b)` has the solution
//! `π_ij = a_i b_j exp((f_i + g_j − C_ij)/ε)`, where the potentials solve
//! `f_i = −ε log Σ_j b_j exp((g_j − C_ij)/ε)` and symmetrically for `g`.

mod divergence;
mod fast_exp;
mod online;
mod simd;
mod sinkhorn;

pub use divergence::sinkhorn_divergence;
pub use online::{OnlineSinkhorn, sinkhorn_online};
pub use sinkhorn::{Marginals, SCALING_START, SinkhornParams, SinkhornSolution, sinkhorn};

/// Streaming log-sum-exp: one pass, rescaled when the running maximum grows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogSumExp {
    max: f64,
    sum: f64,
}

impl LogSumExp {
    pub(crate) fn new() -> Self {
        Self {
            max: f64::NEG_INFINITY,
            sum: 0.0,
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, v: f64) {
        if v <= self.max {
            self.sum += (v - self.max).exp();
        } else if v > f64::NEG_INFINITY {
            self.sum = self.sum * (self.max - v).exp() + 1.0;
            self.max = v;
        }
    }

    /// `log Σ exp(v)`; `−∞` when nothing (or only `−∞`) was added.
    pub(crate) fn value(&self) -> f64 {
        if self.sum == 0.0 {
            f64::NEG_INFINITY
        } else {
            self.max + self.sum.ln()
        }
    }
}
