//! Exact OT on the line by merging CDFs: `O((n + m) log(n + m))`.
//!
//! On `R` the monotone (north-west corner on sorted atoms) coupling is optimal
//! for every convex cost `|x − y|^p`, `p ≥ 1`, so
//! `W_p^p(μ, ν) = ∫_0^1 |Q_μ(u) − Q_ν(u)|^p du`, which the merge evaluates exactly.

use hwg_measure::ParticleView;
use ndarray::ArrayView1;
use rayon::prelude::*;

use crate::cost::check_weights;
use crate::exact::SparsePlan;
use crate::{Result, TransportError};

/// `W_p^p` and the monotone plan.
#[derive(Debug, Clone, PartialEq)]
pub struct OneDSolution {
    /// `W_p^p(μ, ν)` (for `p = 2`: `W2²`).
    pub cost: f64,
    /// The monotone plan, indexed by the *original* (unsorted) atom order.
    pub plan: SparsePlan,
}

fn check_p(p: f64) -> Result<()> {
    if p.is_finite() && p >= 1.0 {
        Ok(())
    } else {
        Err(TransportError::InvalidParameter {
            name: "p",
            value: p,
            reason: "W_p needs a finite p ≥ 1",
        })
    }
}

fn check_atoms(x: ArrayView1<f64>, w: ArrayView1<f64>, which: &'static str) -> Result<f64> {
    if x.len() != w.len() {
        return Err(TransportError::SizeMismatch {
            what: "atoms vs weights",
            expected: x.len(),
            found: w.len(),
        });
    }
    for (index, &value) in x.iter().enumerate() {
        if !value.is_finite() {
            return Err(TransportError::NonFiniteAtom {
                which,
                index,
                value,
            });
        }
    }
    check_weights(w, which)
}

/// Indices of `x` in increasing order (parallel sort for large inputs).
fn order(x: ArrayView1<f64>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    if idx.len() > 50_000 {
        idx.par_sort_unstable_by(|&i, &j| x[i].total_cmp(&x[j]));
    } else {
        idx.sort_unstable_by(|&i, &j| x[i].total_cmp(&x[j]));
    }
    idx
}

/// Merge the two CDFs, calling `visit(i, j, mass)` for every piece of the
/// monotone coupling (original indices).
fn merge(
    x: ArrayView1<f64>,
    a: ArrayView1<f64>,
    y: ArrayView1<f64>,
    b: ArrayView1<f64>,
    scale_b: f64,
    mut visit: impl FnMut(usize, usize, f64),
) {
    let (ox, oy) = (order(x), order(y));
    let (mut k, mut l) = (0, 0);
    let mut ra = a[ox[0]];
    let mut rb = b[oy[0]] * scale_b;
    while k < ox.len() && l < oy.len() {
        let mass = ra.min(rb);
        if mass > 0.0 {
            visit(ox[k], oy[l], mass);
        }
        ra -= mass;
        rb -= mass;
        // Advance past an exhausted atom (both when both are).
        if ra <= 0.0 {
            k += 1;
            if k < ox.len() {
                ra = a[ox[k]];
            }
        }
        if rb <= 0.0 {
            l += 1;
            if l < oy.len() {
                rb = b[oy[l]] * scale_b;
            }
        }
    }
}

fn validate(
    x: ArrayView1<f64>,
    a: ArrayView1<f64>,
    y: ArrayView1<f64>,
    b: ArrayView1<f64>,
    p: f64,
) -> Result<f64> {
    check_p(p)?;
    let mass_a = check_atoms(x, a, "a")?;
    let mass_b = check_atoms(y, b, "b")?;
    if (mass_a - mass_b).abs() > crate::cost::BALANCE_TOLERANCE * mass_a.max(mass_b) {
        return Err(TransportError::MassMismatch { mass_a, mass_b });
    }
    Ok(mass_a / mass_b)
}

#[inline]
fn ground(d: f64, p: f64) -> f64 {
    if p == 2.0 {
        d * d
    } else if p == 1.0 {
        d.abs()
    } else {
        d.abs().powf(p)
    }
}

/// `W_p^p` between weighted atoms `(x, a)` and `(y, b)` on the line, without the plan.
pub fn wasserstein_1d(
    x: ArrayView1<f64>,
    a: ArrayView1<f64>,
    y: ArrayView1<f64>,
    b: ArrayView1<f64>,
    p: f64,
) -> Result<f64> {
    let scale_b = validate(x, a, y, b, p)?;
    let mut acc = hwg_measure::CompensatedSum::default();
    merge(x, a, y, b, scale_b, |i, j, mass| {
        acc.add(mass * ground(x[i] - y[j], p))
    });
    Ok(acc.value())
}

/// `W_p^p` and the monotone plan between weighted atoms on the line.
pub fn ot_1d(
    x: ArrayView1<f64>,
    a: ArrayView1<f64>,
    y: ArrayView1<f64>,
    b: ArrayView1<f64>,
    p: f64,
) -> Result<OneDSolution> {
    let scale_b = validate(x, a, y, b, p)?;
    let mut acc = hwg_measure::CompensatedSum::default();
    let mut entries = Vec::with_capacity(x.len() + y.len());
    merge(x, a, y, b, scale_b, |i, j, mass| {
        acc.add(mass * ground(x[i] - y[j], p));
        entries.push((i, j, mass));
    });
    Ok(OneDSolution {
        cost: acc.value(),
        plan: SparsePlan::new(x.len(), y.len(), entries),
    })
}

/// `W2²` between two 1-D particle measures.
pub fn w2_squared_1d<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
) -> Result<f64> {
    let (mu, nu) = (mu.into(), nu.into());
    for (what, d) in [
        ("source dimension", mu.dim()),
        ("target dimension", nu.dim()),
    ] {
        if d != 1 {
            return Err(TransportError::SizeMismatch {
                what,
                expected: 1,
                found: d,
            });
        }
    }
    wasserstein_1d(
        mu.points().column(0),
        mu.weights(),
        nu.points().column(0),
        nu.weights(),
        2.0,
    )
}
