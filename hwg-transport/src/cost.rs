//! Cost matrices and marginal validation shared by every solver.

use hwg_measure::{ParticleView, compensated_sum};
use ndarray::{Array2, ArrayView1, ArrayView2};
use rayon::prelude::*;

use crate::{Result, TransportError};

/// Relative tolerance on `|Σa − Σb|` for balanced problems.
pub const BALANCE_TOLERANCE: f64 = 1e-12;

/// Squared Euclidean cost `C_ij = |x_i − y_j|²` between the rows of `x` and `y`.
pub fn squared_euclidean(x: ArrayView2<f64>, y: ArrayView2<f64>) -> Result<Array2<f64>> {
    if x.ncols() != y.ncols() {
        return Err(TransportError::SizeMismatch {
            what: "point dimensions",
            expected: x.ncols(),
            found: y.ncols(),
        });
    }
    let (n, m) = (x.nrows(), y.nrows());
    let mut c = Array2::zeros((n, m));
    c.axis_iter_mut(ndarray::Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(i, mut row)| {
            let xi = x.row(i);
            for (j, cij) in row.iter_mut().enumerate() {
                *cij = sq_dist(xi, y.row(j));
            }
        });
    Ok(c)
}

/// `|x − y|²`.
#[inline]
pub fn sq_dist(x: ArrayView1<f64>, y: ArrayView1<f64>) -> f64 {
    x.iter().zip(y).map(|(a, b)| (a - b) * (a - b)).sum()
}

/// Squared Euclidean cost between the atoms of two particle measures.
pub fn particle_cost(mu: ParticleView<'_>, nu: ParticleView<'_>) -> Result<Array2<f64>> {
    squared_euclidean(mu.points(), nu.points())
}

/// Finite non-negative weights; returns the compensated total.
pub(crate) fn check_weights(w: ArrayView1<f64>, which: &'static str) -> Result<f64> {
    if w.is_empty() {
        return Err(TransportError::Empty { what: which });
    }
    for (index, &value) in w.iter().enumerate() {
        if !(value.is_finite() && value >= 0.0) {
            return Err(TransportError::InvalidWeight {
                which,
                index,
                value,
            });
        }
    }
    let total = compensated_sum(w.iter().copied());
    if total == 0.0 {
        return Err(TransportError::ZeroMass { which });
    }
    Ok(total)
}

/// Finite non-negative costs of shape `n × m`; returns `max C`.
pub(crate) fn check_cost(c: ArrayView2<f64>, n: usize, m: usize) -> Result<f64> {
    if c.nrows() != n {
        return Err(TransportError::SizeMismatch {
            what: "cost rows vs a",
            expected: n,
            found: c.nrows(),
        });
    }
    if c.ncols() != m {
        return Err(TransportError::SizeMismatch {
            what: "cost columns vs b",
            expected: m,
            found: c.ncols(),
        });
    }
    // Fast pass (NaN fails `v >= 0`, +∞ fails `is_finite` of the max); locate the culprit only on failure.
    let scan = |s: &[f64]| {
        s.iter().fold((true, 0.0f64), |(ok, max), &v| {
            (ok & (v >= 0.0), max.max(v))
        })
    };
    let (ok, max) = match c.as_slice() {
        Some(s) => s
            .par_chunks(1 << 16)
            .map(scan)
            .reduce(|| (true, 0.0), |x, y| (x.0 & y.0, x.1.max(y.1))),
        None => c.iter().fold((true, 0.0f64), |(ok, max), &v| {
            (ok & (v >= 0.0), max.max(v))
        }),
    };
    if ok && max.is_finite() {
        return Ok(max);
    }
    let ((row, col), &value) = c
        .indexed_iter()
        .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        .expect("the fast pass found a bad entry");
    Err(TransportError::InvalidCost { row, col, value })
}

/// A balanced problem: valid marginals of equal mass and a valid cost.
/// Returns `(Σa, Σb, max C)`.
pub(crate) fn check_balanced(
    a: ArrayView1<f64>,
    b: ArrayView1<f64>,
    c: ArrayView2<f64>,
) -> Result<(f64, f64, f64)> {
    let mass_a = check_weights(a, "a")?;
    let mass_b = check_weights(b, "b")?;
    let cmax = check_cost(c, a.len(), b.len())?;
    if (mass_a - mass_b).abs() > BALANCE_TOLERANCE * mass_a.max(mass_b) {
        return Err(TransportError::MassMismatch { mass_a, mass_b });
    }
    Ok((mass_a, mass_b, cmax))
}

/// A strictly positive finite parameter.
pub(crate) fn check_positive(name: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(TransportError::InvalidParameter {
            name,
            value,
            reason: "must be finite and positive",
        })
    }
}
