//! Online (matrix-free) log-domain Sinkhorn for point clouds: the cost
//! `|x_i − y_j|²` is evaluated on the fly, so memory is `O(n + m)` and every
//! half-iteration is a parallel (rayon) log-sum-exp over rows or columns.

use hwg_measure::{ParticleView, compensated_sum};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rayon::prelude::*;

use super::simd;
use super::sinkhorn::{Marginals, SinkhornParams};
use crate::cost::{check_weights, sq_dist};
use crate::{Result, TransportError};

/// Potentials of an online Sinkhorn solve; the plan is never stored but can
/// be evaluated entry by entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineSinkhorn {
    /// Source potential `f`.
    pub f: Array1<f64>,
    /// Target potential `g`.
    pub g: Array1<f64>,
    /// Iterations over all ε stages.
    pub iterations: u64,
    /// L1 row-marginal error of the returned pair (columns are exact).
    pub marginal_error: f64,
    /// The ε it was solved at.
    pub epsilon: f64,
}

/// `h_i = −ε log Σ_j w_j exp((p_j − |x_i − y_j|²)/ε)` for every row `i`, in
/// parallel; `y` is read by columns so the inner loops vectorise.
fn soft_min(
    x: ArrayView2<f64>,
    y: ArrayView2<f64>,
    w: ArrayView1<f64>,
    p: &Array1<f64>,
    eps: f64,
) -> Array1<f64> {
    let inv = 1.0 / eps;
    let base: Vec<f64> = w
        .iter()
        .zip(p)
        .map(|(&wj, &pj)| {
            if wj > 0.0 {
                wj.ln() + pj * inv
            } else {
                f64::NEG_INFINITY
            }
        })
        .collect();
    let cols: Vec<Vec<f64>> = (0..y.ncols()).map(|k| y.column(k).to_vec()).collect();
    let col_refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let out: Vec<f64> = (0..x.nrows())
        .into_par_iter()
        .map_init(
            || vec![0.0; y.nrows()],
            |buf, i| {
                let xi: Vec<f64> = x.row(i).to_vec();
                -eps * simd::lse_row(&base, &col_refs, &xi, inv, buf)
            },
        )
        .collect();
    Array1::from_vec(out)
}

/// Balanced entropic OT between two particle measures for the squared
/// Euclidean cost, without ever forming the `n × m` matrix.
///
/// Uses `params.epsilon`, `tolerance`, `max_iterations` and `scaling`
/// (ε-scaling starts at [`SCALING_START`](super::SCALING_START) times the largest
/// squared distance between the clouds' bounding boxes);
/// only [`Marginals::Balanced`] is supported.
pub fn sinkhorn_online<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    params: &SinkhornParams,
) -> Result<OnlineSinkhorn> {
    let (mu, nu) = (mu.into(), nu.into());
    if params.marginals != Marginals::Balanced {
        return Err(TransportError::InvalidParameter {
            name: "marginals",
            value: f64::NAN,
            reason: "the online solver is balanced only",
        });
    }
    crate::cost::check_positive("epsilon", params.epsilon)?;
    crate::cost::check_positive("tolerance", params.tolerance)?;
    if mu.dim() != nu.dim() {
        return Err(TransportError::SizeMismatch {
            what: "point dimensions",
            expected: mu.dim(),
            found: nu.dim(),
        });
    }
    let (x, y, a, b) = (mu.points(), nu.points(), mu.weights(), nu.weights());
    let mass = check_weights(a, "a")?;
    check_weights(b, "b")?;
    let cmax = bounding_box_diameter_sq(x, y);
    let target = params.epsilon;
    let mut eps = match params.scaling {
        Some(factor) if factor > 0.0 && factor < 1.0 => {
            (super::sinkhorn::SCALING_START * cmax).max(target)
        }
        Some(factor) => {
            return Err(TransportError::InvalidParameter {
                name: "scaling",
                value: factor,
                reason: "ε-scaling factor must lie in (0, 1)",
            });
        }
        None => target,
    };
    let mut f: Array1<f64> = Array1::zeros(x.nrows());
    let mut g: Array1<f64> = Array1::zeros(y.nrows());
    let mut iterations = 0u64;
    loop {
        let last = eps <= target;
        let (tol, budget) = if last {
            (params.tolerance, params.max_iterations)
        } else {
            (params.tolerance.max(1e-4), 1_000)
        };
        let mut stage = 0u64;
        loop {
            let new_f = soft_min(x, y, b, &g, eps);
            // Row marginals of the current pair: a_i exp((f_i − f_i^new)/ε).
            let err = compensated_sum(
                a.iter()
                    .zip(&f)
                    .zip(&new_f)
                    .map(|((&ai, &fi), &nf)| (ai * ((fi - nf) / eps).exp() - ai).abs()),
            ) / mass;
            iterations += 1;
            stage += 1;
            if err <= tol && stage > 1 {
                if last {
                    return Ok(OnlineSinkhorn {
                        f,
                        g,
                        iterations,
                        marginal_error: err,
                        epsilon: eps,
                    });
                }
                break;
            }
            if stage >= budget {
                if last {
                    return Err(TransportError::NotConverged {
                        solver: "online sinkhorn",
                        budget,
                        unit: "iterations",
                        done: iterations,
                        residual: err,
                        tolerance: tol,
                    });
                }
                break;
            }
            f = new_f;
            g = soft_min(y, x, a, &f, eps);
        }
        eps = (eps * params.scaling.unwrap_or(1.0)).max(target);
    }
}

/// Largest squared distance between the two point clouds' bounding boxes (a
/// bound on every cost, used as the first ε of the schedule).
fn bounding_box_diameter_sq(x: ArrayView2<f64>, y: ArrayView2<f64>) -> f64 {
    let d = x.ncols();
    (0..d)
        .map(|k| {
            let lo = x
                .column(k)
                .iter()
                .chain(y.column(k))
                .fold(f64::INFINITY, |m, &v| m.min(v));
            let hi = x
                .column(k)
                .iter()
                .chain(y.column(k))
                .fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            (hi - lo) * (hi - lo)
        })
        .sum::<f64>()
        .max(f64::MIN_POSITIVE)
}

impl OnlineSinkhorn {
    /// `π_ij = a_i b_j exp((f_i + g_j − |x_i − y_j|²)/ε)`.
    pub fn plan_entry(
        &self,
        mu: ParticleView<'_>,
        nu: ParticleView<'_>,
        i: usize,
        j: usize,
    ) -> f64 {
        let c = sq_dist(mu.points().row(i), nu.points().row(j));
        mu.weights()[i] * nu.weights()[j] * ((self.f[i] + self.g[j] - c) / self.epsilon).exp()
    }

    /// `⟨π, C⟩`, evaluated on the fly in parallel.
    pub fn transport_cost(&self, mu: ParticleView<'_>, nu: ParticleView<'_>) -> f64 {
        (0..mu.len())
            .into_par_iter()
            .map(|i| {
                (0..nu.len())
                    .map(|j| {
                        let c = sq_dist(mu.points().row(i), nu.points().row(j));
                        mu.weights()[i]
                            * nu.weights()[j]
                            * ((self.f[i] + self.g[j] - c) / self.epsilon).exp()
                            * c
                    })
                    .sum::<f64>()
            })
            .sum()
    }

    /// Barycentric map `T(x_i) = Σ_j π_ij y_j / Σ_j π_ij`, on the fly.
    pub fn barycentric_map(&self, mu: ParticleView<'_>, nu: ParticleView<'_>) -> Array2<f64> {
        let d = nu.dim();
        let rows: Vec<Vec<f64>> = (0..mu.len())
            .into_par_iter()
            .map(|i| {
                let mut acc = vec![0.0; d];
                let mut total = 0.0;
                for (j, yj) in nu.points().rows().into_iter().enumerate() {
                    let w = self.plan_entry(mu, nu, i, j);
                    total += w;
                    for (k, &v) in yj.iter().enumerate() {
                        acc[k] += w * v;
                    }
                }
                if total > 0.0 {
                    acc.iter().map(|v| v / total).collect()
                } else {
                    mu.points().row(i).to_vec()
                }
            })
            .collect();
        Array2::from_shape_fn((mu.len(), d), |(i, k)| rows[i][k])
    }
}
