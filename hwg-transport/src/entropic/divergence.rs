//! Debiased Sinkhorn divergence `S_ε(μ, ν) = OT_ε(μ, ν) − ½ OT_ε(μ, μ) − ½ OT_ε(ν, ν)`
//! (Genevay–Peyré–Cuturi 2018; Feydy et al. 2019): non-negative, zero iff
//! `μ = ν`, and it interpolates between `W2²` (ε → 0) and MMD (ε → ∞).

use hwg_measure::ParticleView;

use super::sinkhorn::{Marginals, SinkhornParams, sinkhorn};
use crate::cost::particle_cost;
use crate::{Result, TransportError};

/// `S_ε(μ, ν)` for the squared Euclidean cost, from three balanced solves
/// (`params.marginals` must be balanced).
pub fn sinkhorn_divergence<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    params: &SinkhornParams,
) -> Result<f64> {
    if params.marginals != Marginals::Balanced {
        return Err(TransportError::InvalidParameter {
            name: "marginals",
            value: f64::NAN,
            reason: "the debiased divergence is defined for balanced problems",
        });
    }
    let (mu, nu) = (mu.into(), nu.into());
    let solve = |p: ParticleView<'_>, q: ParticleView<'_>| -> Result<f64> {
        let c = particle_cost(p, q)?;
        Ok(sinkhorn(p.weights(), q.weights(), c.view(), params)?.objective)
    };
    Ok(solve(mu, nu)? - 0.5 * solve(mu, mu)? - 0.5 * solve(nu, nu)?)
}
