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

/// The standard normal quantile `Φ^{-1}(u)` for `u ∈ (0, 1)`, by Acklam's
/// rational approximation (relative error below 1.2e-9 over the whole
/// range). Used to build Gaussian-quantile atoms, whose discretisation error
/// (of order 1/n) is far larger.
pub fn normal_quantile(u: f64) -> crate::Result<f64> {
    if !(u > 0.0 && u < 1.0) {
        return Err(MeasureError::InvalidParameter {
            name: "quantile level",
            index: 0,
            value: u,
            reason: "must lie in (0, 1)",
        });
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if u < P_LOW {
        tail((-2.0 * u.ln()).sqrt())
    } else if u > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - u).ln()).sqrt())
    } else {
        let q = u - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    Ok(x)
}
