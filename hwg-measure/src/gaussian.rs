//! Gaussian measures `N(m, Σ)`, the closed-form (Bures–Wasserstein) family.

use faer::{Mat, Side};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::particle::ParticleMeasure;
use crate::rng::Rng;
use crate::serde_rows::{Elems, Rows, rows_to_array, vec_to_array};
use crate::validate::check_finite_param;
use crate::{MeasureError, Result};

/// Relative tolerance on `|Σ_ij − Σ_ji|` (against the largest entry).
pub const SYMMETRY_TOLERANCE: f64 = 1e-12;

/// A Gaussian measure with a symmetric positive definite covariance.
///
/// Construction checks symmetry and factorises `Σ = L Lᵀ` with faer's
/// Cholesky; a failed factorisation is [`MeasureError::NotPositiveDefinite`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "GaussianRecord")]
pub struct Gaussian {
    mean: Array1<f64>,
    cov: Array2<f64>,
    chol: Array2<f64>,
}

impl Gaussian {
    /// `N(mean, cov)`.
    pub fn new(mean: Array1<f64>, cov: Array2<f64>) -> Result<Self> {
        let d = mean.len();
        if d == 0 {
            return Err(MeasureError::ZeroDimension);
        }
        if cov.nrows() != d || cov.ncols() != d {
            return Err(MeasureError::DimensionMismatch {
                what: "covariance vs mean",
                expected: d,
                found: if cov.nrows() != d {
                    cov.nrows()
                } else {
                    cov.ncols()
                },
            });
        }
        check_finite_param("mean", mean.iter())?;
        check_finite_param("covariance", cov.iter())?;
        let scale = cov.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for i in 0..d {
            for j in 0..i {
                if (cov[[i, j]] - cov[[j, i]]).abs() > SYMMETRY_TOLERANCE * scale {
                    return Err(MeasureError::NotSymmetric {
                        row: i,
                        col: j,
                        value: cov[[i, j]],
                        transposed: cov[[j, i]],
                    });
                }
            }
        }
        let chol = cholesky(cov.view())?;
        Ok(Self { mean, cov, chol })
    }

    /// The isotropic Gaussian `N(mean, s² I)`.
    pub fn isotropic(mean: Array1<f64>, variance: f64) -> Result<Self> {
        let d = mean.len();
        Self::new(mean, Array2::eye(d) * variance)
    }

    /// Dimension `d`.
    pub fn dim(&self) -> usize {
        self.mean.len()
    }

    /// Mean `m`.
    pub fn mean(&self) -> ArrayView1<'_, f64> {
        self.mean.view()
    }

    /// Covariance `Σ`.
    pub fn covariance(&self) -> ArrayView2<'_, f64> {
        self.cov.view()
    }

    /// Lower Cholesky factor `L` with `Σ = L Lᵀ`.
    pub fn cholesky_factor(&self) -> ArrayView2<'_, f64> {
        self.chol.view()
    }

    /// Second moment `M2 = |m|² + tr Σ`.
    pub fn second_moment(&self) -> f64 {
        self.mean.dot(&self.mean) + self.cov.diag().sum()
    }

    /// `n` independent samples `m + L z`, `z ~ N(0, I)`, as a uniform particle
    /// measure; the same `seed` gives the same atoms on every machine.
    pub fn sample(&self, n: usize, seed: u64) -> Result<ParticleMeasure> {
        let d = self.dim();
        let mut rng = Rng::new(seed);
        let z = Array2::from_shape_simple_fn((n, d), || rng.normal());
        let points = z.dot(&self.chol.t()) + &self.mean;
        ParticleMeasure::uniform(points)
    }
}

/// Lower Cholesky factor through faer; a non-positive pivot is reported.
fn cholesky(cov: ArrayView2<f64>) -> Result<Array2<f64>> {
    let d = cov.nrows();
    let a = Mat::<f64>::from_fn(d, d, |i, j| cov[[i, j]]);
    let llt = a.llt(Side::Lower).map_err(|e| match e {
        faer::linalg::cholesky::llt::factor::LltError::NonPositivePivot { index } => {
            MeasureError::NotPositiveDefinite { pivot: index }
        }
    })?;
    let l = llt.L();
    Ok(Array2::from_shape_fn((d, d), |(i, j)| {
        if j <= i { l[(i, j)] } else { 0.0 }
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GaussianRecord {
    mean: Vec<f64>,
    cov: Vec<Vec<f64>>,
}

impl TryFrom<GaussianRecord> for Gaussian {
    type Error = MeasureError;
    fn try_from(r: GaussianRecord) -> Result<Self> {
        Gaussian::new(
            vec_to_array(r.mean),
            rows_to_array(r.cov, "covariance rows")?,
        )
    }
}

impl Serialize for Gaussian {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("Gaussian", 2)?;
        st.serialize_field("mean", &Elems(self.mean.view()))?;
        st.serialize_field("cov", &Rows(self.cov.view()))?;
        st.end()
    }
}
