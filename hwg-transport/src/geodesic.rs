//! Wasserstein geodesics: McCann's displacement interpolation and the
//! barycentric map.
//!
//! For an optimal plan `π` between `μ = Σ a_i δ_{x_i}` and `ν = Σ b_j δ_{y_j}`,
//! `μ_t = Σ_ij π_ij δ_{(1−t) x_i + t y_j}` is a constant-speed geodesic:
//! `W2(μ_s, μ_t) = |t − s| W2(μ_0, μ_1)` exactly.

use hwg_measure::{MassPolicy, ParticleMeasure, ParticleView};
use ndarray::{Array1, Array2, ArrayView2};

use crate::exact::SparsePlan;
use crate::{Result, TransportError};

fn check_t(t: f64) -> Result<()> {
    if (0.0..=1.0).contains(&t) {
        Ok(())
    } else {
        Err(TransportError::InvalidParameter {
            name: "t",
            value: t,
            reason: "interpolation time must lie in [0, 1]",
        })
    }
}

fn check_plan_shape(n: usize, m: usize, mu: ParticleView<'_>, nu: ParticleView<'_>) -> Result<()> {
    if n != mu.len() {
        return Err(TransportError::SizeMismatch {
            what: "plan rows vs source atoms",
            expected: mu.len(),
            found: n,
        });
    }
    if m != nu.len() {
        return Err(TransportError::SizeMismatch {
            what: "plan columns vs target atoms",
            expected: nu.len(),
            found: m,
        });
    }
    if mu.dim() != nu.dim() {
        return Err(TransportError::SizeMismatch {
            what: "point dimensions",
            expected: mu.dim(),
            found: nu.dim(),
        });
    }
    Ok(())
}

/// McCann interpolation `μ_t` from a (sparse, e.g. exact) plan: one atom per
/// non-zero of the plan.
pub fn displacement_interpolation<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    plan: &SparsePlan,
    t: f64,
) -> Result<ParticleMeasure> {
    let (mu, nu) = (mu.into(), nu.into());
    check_t(t)?;
    check_plan_shape(plan.n(), plan.m(), mu, nu)?;
    let d = mu.dim();
    let entries = plan.entries();
    let mut points = Array2::zeros((entries.len(), d));
    let mut weights = Array1::zeros(entries.len());
    for (k, &(i, j, w)) in entries.iter().enumerate() {
        for c in 0..d {
            points[[k, c]] = (1.0 - t) * mu.points()[[i, c]] + t * nu.points()[[j, c]];
        }
        weights[k] = w;
    }
    // The plan's mass is one up to the rounding of the solver that produced it.
    Ok(ParticleMeasure::with_policy(
        points,
        weights,
        MassPolicy::Strict,
    )?)
}

/// Barycentric projection of a dense plan: `T(x_i) = Σ_j π_ij y_j / Σ_j π_ij`
/// (rows without mass keep `x_i`).
pub fn barycentric_map<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    plan: ArrayView2<f64>,
) -> Result<Array2<f64>> {
    let (mu, nu) = (mu.into(), nu.into());
    check_plan_shape(plan.nrows(), plan.ncols(), mu, nu)?;
    let mut out = plan.dot(&nu.points());
    for (i, mut row) in out.rows_mut().into_iter().enumerate() {
        let mass: f64 = plan.row(i).sum();
        if mass > 0.0 {
            row /= mass;
        } else {
            row.assign(&mu.points().row(i));
        }
    }
    Ok(out)
}

/// Interpolation along the barycentric map of an entropic plan:
/// `μ_t = ((1 − t) id + t T)#μ`.
pub fn barycentric_interpolation<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    plan: ArrayView2<f64>,
    t: f64,
) -> Result<ParticleMeasure> {
    let (mu, nu) = (mu.into(), nu.into());
    check_t(t)?;
    let map = barycentric_map(mu, nu, plan)?;
    let points = &mu.points() * (1.0 - t) + &(map * t);
    Ok(ParticleMeasure::new(points, mu.weights().to_owned())?)
}
