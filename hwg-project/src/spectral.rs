//! Spectral projections on `C^d`: the Hermitian correlation operator
//! `K(μ) = ∫ z z* dμ(z)` and its modes (faer's self-adjoint eigensolver).

use faer::{Mat, Side};
use hwg_measure::ComplexParticleMeasure;
use ndarray::{Array1, Array2, ArrayView2};
use num_complex::Complex64;

use crate::error::{ProjectError, Result, check_dim};
use crate::projection::Projection;

/// `μ ↦ K(μ) = ∫ z z* dμ` (`d × d`, Hermitian, positive semi-definite).
#[derive(Debug, Clone, Copy, Default)]
pub struct CorrelationOperator;

impl Projection<ComplexParticleMeasure> for CorrelationOperator {
    type Output = Array2<Complex64>;
    fn project(&self, mu: &ComplexParticleMeasure) -> Result<Array2<Complex64>> {
        let (z, a) = (mu.points(), mu.weights());
        let d = mu.dim();
        let mut k = Array2::<Complex64>::zeros((d, d));
        for (row, ai) in z.rows().into_iter().zip(a.iter()) {
            for i in 0..d {
                for j in 0..=i {
                    k[[i, j]] += row[i] * row[j].conj() * ai;
                }
            }
        }
        // Exactly Hermitian: fill the upper triangle from the lower one.
        for i in 0..d {
            k[[i, i]].im = 0.0;
            for j in 0..i {
                k[[j, i]] = k[[i, j]].conj();
            }
        }
        Ok(k)
    }
}

/// Eigen-pairs of a Hermitian matrix, largest eigenvalue first.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectralModes {
    /// Eigenvalues, non-increasing.
    pub values: Array1<f64>,
    /// Unit eigenvectors as columns, in the order of `values`.
    pub vectors: Array2<Complex64>,
}

/// `Err(NotHermitian)` naming the worst entry when `|C_ij − conj C_ji| > 1e-12 · max|C|`.
pub fn check_hermitian(name: &'static str, c: ArrayView2<Complex64>) -> Result<()> {
    let d = c.nrows();
    check_dim("square matrix", d, c.ncols())?;
    crate::error::check_finite(name, c.iter().flat_map(|z| [&z.re, &z.im]))?;
    let scale = c.iter().fold(0.0f64, |s, z| s.max(z.norm()));
    let mut worst = (0.0, 0, 0);
    for i in 0..d {
        for j in 0..=i {
            let gap = (c[[i, j]] - c[[j, i]].conj()).norm();
            if gap > worst.0 {
                worst = (gap, i, j);
            }
        }
    }
    if worst.0 > 1e-12 * scale.max(f64::MIN_POSITIVE) {
        return Err(ProjectError::NotHermitian {
            name,
            row: worst.1,
            col: worst.2,
            gap: worst.0,
        });
    }
    Ok(())
}

impl SpectralModes {
    /// The modes of a Hermitian `c` (checked).
    pub fn of(c: ArrayView2<Complex64>) -> Result<Self> {
        check_hermitian("matrix", c)?;
        let d = c.nrows();
        if d == 0 {
            return Err(ProjectError::InvalidParameter {
                name: "matrix size",
                value: 0.0,
                reason: "at least 1 × 1",
            });
        }
        let m = Mat::<Complex64>::from_fn(d, d, |i, j| c[[i, j]]);
        let evd = m
            .self_adjoint_eigen(Side::Lower)
            .map_err(|_| ProjectError::LinearAlgebra {
                what: "Hermitian eigen-decomposition",
            })?;
        let (u, s) = (evd.U(), evd.S().column_vector());
        // faer sorts ascending; report largest first.
        let values = Array1::from_shape_fn(d, |k| s[d - 1 - k].re);
        let vectors = Array2::from_shape_fn((d, d), |(i, k)| u[(i, d - 1 - k)]);
        Ok(Self { values, vectors })
    }

    /// `|⟨v_k, u_k⟩|` for the leading `count` modes `v_k` of `self` and `u_k`
    /// of the Hermitian `c` (1 means aligned up to a phase).
    pub fn alignment(&self, c: ArrayView2<Complex64>, count: usize) -> Result<Vec<f64>> {
        check_dim("matrix vs modes", self.values.len(), c.nrows())?;
        let other = Self::of(c)?;
        let count = count.min(self.values.len());
        Ok((0..count)
            .map(|k| {
                self.vectors
                    .column(k)
                    .iter()
                    .zip(other.vectors.column(k))
                    .map(|(a, b)| a.conj() * b)
                    .sum::<Complex64>()
                    .norm()
            })
            .collect())
    }
}
