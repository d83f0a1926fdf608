//! Complex Hebbian energies on `C^d ≅ R^{2d}`: `−½ ∫ z* C z dμ + (κ/4) ∫ |z|⁴ dμ`
//! for a Hermitian `C`. Under the interleaved real view of `hwg-measure`
//! (`x_{2j} = Re z_j`, `x_{2j+1} = Im z_j`), `z* C z = xᵀ C_R x` with the
//! real symmetric `C_R` whose 2×2 block `(j, k)` is
//! `[[Re C_jk, −Im C_jk], [Im C_jk, Re C_jk]]`, so this is a real
//! [`Correlation`] potential on `R^{2d}`; its eigenvalues are those of `C`,
//! each twice.

use hwg_measure::ComplexParticleMeasure;
use ndarray::Array2;
use num_complex::Complex64;

use crate::error::{check_finite, check_param};
use crate::potential::{Correlation, Potential};
use crate::traits::Energy;
use crate::{EnergyError, Result};

/// The complex correlation energy, as a potential on the real view.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplexCorrelation {
    real: Potential<Correlation>,
}

impl ComplexCorrelation {
    /// `C` Hermitian (`d × d`), `κ > 0`.
    pub fn new(c: Array2<Complex64>, kappa: f64) -> Result<Self> {
        let d = c.nrows();
        if c.ncols() != d {
            return Err(EnergyError::DimensionMismatch {
                what: "square matrix",
                expected: d,
                found: c.ncols(),
            });
        }
        check_finite("correlation (real parts)", c.iter().map(|z| &z.re))?;
        check_finite("correlation (imaginary parts)", c.iter().map(|z| &z.im))?;
        check_param("kappa", kappa, kappa > 0.0, "confinement must be > 0")?;
        let scale = c.iter().fold(0.0f64, |s, z| s.max(z.norm()));
        for i in 0..d {
            for j in 0..=i {
                if (c[[i, j]] - c[[j, i]].conj()).norm() > 1e-12 * scale.max(f64::MIN_POSITIVE) {
                    return Err(EnergyError::NotHermitian {
                        name: "complex correlation",
                        row: i,
                        col: j,
                    });
                }
            }
        }
        let real = Array2::from_shape_fn((2 * d, 2 * d), |(p, q)| {
            let z = c[[p / 2, q / 2]];
            match (p % 2, q % 2) {
                (0, 0) | (1, 1) => z.re,
                (0, 1) => -z.im,
                _ => z.im,
            }
        });
        Ok(Self {
            real: Potential(Correlation::new(real, kappa)?),
        })
    }

    /// The equivalent real potential on `R^{2d}` (all energy capabilities).
    pub fn real(&self) -> &Potential<Correlation> {
        &self.real
    }

    /// `E(μ)` of a complex measure.
    pub fn value(&self, mu: &ComplexParticleMeasure) -> Result<f64> {
        self.real.value(mu.to_real().view())
    }
}
