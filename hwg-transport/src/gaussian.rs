//! Closed forms between Gaussians (Bures–Wasserstein geometry), with faer.
//!
//! For `μ_k = N(m_k, Σ_k)`:
//! `W2²(μ_1, μ_2) = |m_1 − m_2|² + tr(Σ_1 + Σ_2 − 2 (Σ_1^{1/2} Σ_2 Σ_1^{1/2})^{1/2})`,
//! the optimal map is affine, `T(x) = m_2 + A (x − m_1)` with
//! `A = Σ_1^{-1/2} (Σ_1^{1/2} Σ_2 Σ_1^{1/2})^{1/2} Σ_1^{-1/2}` (symmetric positive
//! definite), and the geodesic is `μ_t = ((1 − t) id + t T)#μ_1`, Gaussian with
//! mean `(1 − t) m_1 + t m_2` and covariance `B_t Σ_1 B_t`, `B_t = (1 − t) I + t A`.

use faer::{Mat, Side};
use hwg_measure::Gaussian;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::{Result, TransportError};

/// The affine optimal map `T(x) = offset + matrix · x` between two Gaussians.
#[derive(Debug, Clone, PartialEq)]
pub struct AffineMap {
    /// `A` (symmetric positive definite).
    pub matrix: Array2<f64>,
    /// `m_2 − A m_1`.
    pub offset: Array1<f64>,
}

impl AffineMap {
    /// `T(x)`.
    pub fn apply(&self, x: ArrayView1<f64>) -> Array1<f64> {
        self.matrix.dot(&x) + &self.offset
    }
}

fn to_faer(a: ArrayView2<f64>) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
}

fn to_nd(a: &Mat<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), a.ncols()), |(i, j)| a[(i, j)])
}

/// `S^{power}` of a symmetric positive semi-definite matrix through its
/// eigen-decomposition (eigenvalues below zero by rounding are clamped).
fn spd_power(s: &Mat<f64>, power: f64) -> Result<Mat<f64>> {
    let d = s.nrows();
    // Symmetrise: products of symmetric matrices are symmetric only up to rounding.
    let sym = Mat::from_fn(d, d, |i, j| 0.5 * (s[(i, j)] + s[(j, i)]));
    let evd = sym
        .self_adjoint_eigen(Side::Lower)
        .map_err(|_| TransportError::LinearAlgebra {
            what: "symmetric eigen-decomposition",
        })?;
    let (u, lambda) = (evd.U(), evd.S().column_vector());
    let scaled: Vec<f64> = (0..d).map(|k| lambda[k].max(0.0).powf(power)).collect();
    Ok(Mat::from_fn(d, d, |i, j| {
        (0..d).map(|k| u[(i, k)] * scaled[k] * u[(j, k)]).sum()
    }))
}

fn check_dims(g1: &Gaussian, g2: &Gaussian) -> Result<()> {
    if g1.dim() != g2.dim() {
        return Err(TransportError::SizeMismatch {
            what: "Gaussian dimensions",
            expected: g1.dim(),
            found: g2.dim(),
        });
    }
    Ok(())
}

/// `(Σ_1^{1/2}, (Σ_1^{1/2} Σ_2 Σ_1^{1/2})^{1/2})`.
fn roots(g1: &Gaussian, g2: &Gaussian) -> Result<(Mat<f64>, Mat<f64>)> {
    let s1 = to_faer(g1.covariance());
    let s2 = to_faer(g2.covariance());
    let r1 = spd_power(&s1, 0.5)?;
    let middle = spd_power(&(&r1 * &s2 * &r1), 0.5)?;
    Ok((r1, middle))
}

/// `W2²(N(m_1, Σ_1), N(m_2, Σ_2))` in closed form.
pub fn w2_squared_gaussian(g1: &Gaussian, g2: &Gaussian) -> Result<f64> {
    check_dims(g1, g2)?;
    let (_, middle) = roots(g1, g2)?;
    let dm = &g1.mean() - &g2.mean();
    let d = g1.dim();
    let trace: f64 = (0..d)
        .map(|i| g1.covariance()[[i, i]] + g2.covariance()[[i, i]] - 2.0 * middle[(i, i)])
        .sum();
    // The Bures term is ≥ 0 exactly; clamp rounding below zero.
    Ok(dm.dot(&dm) + trace.max(0.0))
}

/// The optimal affine map from `g1` to `g2`.
pub fn gaussian_map(g1: &Gaussian, g2: &Gaussian) -> Result<AffineMap> {
    check_dims(g1, g2)?;
    let (r1, middle) = roots(g1, g2)?;
    let r1_inv = spd_power(&(&r1 * &r1), -0.5)?;
    let a = &r1_inv * &middle * &r1_inv;
    let d = g1.dim();
    let matrix = Array2::from_shape_fn((d, d), |(i, j)| 0.5 * (a[(i, j)] + a[(j, i)]));
    let offset = &g2.mean() - &matrix.dot(&g1.mean());
    Ok(AffineMap { matrix, offset })
}

/// The point at time `t ∈ [0, 1]` of the Bures–Wasserstein geodesic from `g1` to `g2`.
pub fn bures_geodesic(g1: &Gaussian, g2: &Gaussian, t: f64) -> Result<Gaussian> {
    if !(0.0..=1.0).contains(&t) {
        return Err(TransportError::InvalidParameter {
            name: "t",
            value: t,
            reason: "geodesic time must lie in [0, 1]",
        });
    }
    let map = gaussian_map(g1, g2)?;
    let d = g1.dim();
    let bt = Array2::<f64>::eye(d) * (1.0 - t) + &map.matrix * t;
    let cov = bt.dot(&g1.covariance()).dot(&bt);
    let cov = Array2::from_shape_fn((d, d), |(i, j)| 0.5 * (cov[[i, j]] + cov[[j, i]]));
    let mean = &g1.mean() * (1.0 - t) + &g2.mean() * t;
    Ok(Gaussian::new(mean, cov)?)
}

/// Matrix power of a symmetric positive semi-definite matrix (`power = ½` is
/// the principal square root), exposed for the layers above.
pub fn symmetric_power(s: ArrayView2<f64>, power: f64) -> Result<Array2<f64>> {
    if s.nrows() != s.ncols() {
        return Err(TransportError::SizeMismatch {
            what: "square matrix",
            expected: s.nrows(),
            found: s.ncols(),
        });
    }
    Ok(to_nd(&spd_power(&to_faer(s), power)?))
}
