//! Invariant checks shared by every representation, and compensated sums.

use ndarray::{ArrayView1, ArrayView2};

use crate::{MeasureError, Result};

/// Tolerance on `|Σ a_i − 1|` for a probability vector.
pub const MASS_TOLERANCE: f64 = 1e-12;

/// What to do with weights that are valid but do not sum to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MassPolicy {
    /// Reject a total mass farther than [`MASS_TOLERANCE`] from one.
    #[default]
    Strict,
    /// Divide every weight by the total (which must be positive).
    Renormalize,
}

/// Neumaier's compensated sum: error `O(ε)` independent of the length,
/// so mass checks at `1e-12` stay meaningful for millions of atoms.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    /// Add one term.
    #[inline]
    pub fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    /// The compensated total.
    #[inline]
    pub fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// Compensated sum of an iterator of terms.
pub fn compensated_sum(terms: impl IntoIterator<Item = f64>) -> f64 {
    let mut acc = CompensatedSum::default();
    for x in terms {
        acc.add(x);
    }
    acc.value()
}

/// Every coordinate finite, at least one atom and one coordinate.
pub(crate) fn check_points(points: ArrayView2<f64>) -> Result<()> {
    if points.nrows() == 0 {
        return Err(MeasureError::Empty);
    }
    if points.ncols() == 0 {
        return Err(MeasureError::ZeroDimension);
    }
    for ((index, coord), &value) in points.indexed_iter() {
        if !value.is_finite() {
            return Err(MeasureError::NonFiniteCoordinate {
                index,
                coord,
                value,
            });
        }
    }
    Ok(())
}

/// Finite non-negative entries; returns the compensated total.
pub(crate) fn check_nonnegative(weights: ArrayView1<f64>) -> Result<f64> {
    let mut total = CompensatedSum::default();
    for (index, &value) in weights.iter().enumerate() {
        if !(value.is_finite() && value >= 0.0) {
            return Err(MeasureError::InvalidWeight { index, value });
        }
        total.add(value);
    }
    Ok(total.value())
}

/// Validate a weight vector as a probability vector under `policy`.
/// Returns the factor the weights must be multiplied by (1 under `Strict`).
pub(crate) fn check_probability(weights: ArrayView1<f64>, policy: MassPolicy) -> Result<f64> {
    if weights.is_empty() {
        return Err(MeasureError::Empty);
    }
    let total = check_nonnegative(weights)?;
    if total == 0.0 {
        return Err(MeasureError::ZeroMass);
    }
    match policy {
        MassPolicy::Strict if (total - 1.0).abs() > MASS_TOLERANCE => {
            Err(MeasureError::MassNotOne {
                total,
                tolerance: MASS_TOLERANCE,
            })
        }
        MassPolicy::Strict => Ok(1.0),
        MassPolicy::Renormalize => Ok(1.0 / total),
    }
}

/// Points and weights of one measure: sizes agree and both are valid.
pub(crate) fn check_particles(
    points: ArrayView2<f64>,
    weights: ArrayView1<f64>,
    policy: MassPolicy,
) -> Result<f64> {
    check_points(points)?;
    if weights.len() != points.nrows() {
        return Err(MeasureError::LengthMismatch {
            what: "weights vs atoms",
            expected: points.nrows(),
            found: weights.len(),
        });
    }
    check_probability(weights, policy)
}

/// Every entry of a parameter array finite.
pub(crate) fn check_finite_param<'a>(
    name: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<()> {
    for (index, &value) in values.into_iter().enumerate() {
        if !value.is_finite() {
            return Err(MeasureError::InvalidParameter {
                name,
                index,
                value,
                reason: "must be finite",
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_of_many_small_terms_is_exact_to_an_ulp() {
        // 1/n rounded has relative error ≤ ε/2, so the exact sum of the rounded
        // terms is within n·(ε/2)/n = ε/2 of one; a naive sum drifts by ~n ε.
        let n = 1_000_003;
        let w = 1.0 / n as f64;
        let total = compensated_sum(std::iter::repeat_n(w, n));
        assert!((total - 1.0).abs() <= 2.0 * f64::EPSILON, "{total}");
    }

    #[test]
    fn compensated_sum_recovers_cancelled_terms() {
        // Naive summation returns 0 here.
        assert_eq!(compensated_sum([1.0, 1e100, 1.0, -1e100]), 2.0);
    }
}
