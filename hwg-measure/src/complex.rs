//! Particle measures on the complex internal space `C^d ≅ R^{2d}` (spectral extension).
//!
//! The real view interleaves real and imaginary parts: coordinate `2j` is
//! `Re z_j` and `2j + 1` is `Im z_j`. This identification is an isometry
//! (`|z|² = Σ_j Re(z_j)² + Im(z_j)²`), so transport on `C^d` is transport on `R^{2d}`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use num_complex::Complex64;
use serde::{Deserialize, Serialize};

use crate::particle::ParticleMeasure;
use crate::serde_rows::{Elems, Rows, rows_to_array, vec_to_array};
use crate::validate::{CompensatedSum, MassPolicy};
use crate::{MeasureError, Result};

/// `μ = Σ a_i δ_{z_i}` with atoms `z_i ∈ C^d` (rows of `points`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ComplexRecord")]
pub struct ComplexParticleMeasure {
    points: Array2<Complex64>,
    weights: Array1<f64>,
}

impl ComplexParticleMeasure {
    /// Complex atoms with weights summing to one. A non-finite part is
    /// reported at its coordinate in the interleaved real view (`2j` real, `2j+1` imaginary).
    pub fn new(points: Array2<Complex64>, weights: Array1<f64>) -> Result<Self> {
        Self::with_policy(points, weights, MassPolicy::Strict)
    }

    /// As [`new`](Self::new) with an explicit [`MassPolicy`].
    pub fn with_policy(
        points: Array2<Complex64>,
        weights: Array1<f64>,
        policy: MassPolicy,
    ) -> Result<Self> {
        // Validate through the real view so both share one rule and one error.
        let real = ParticleMeasure::with_policy(to_real_points(points.view()), weights, policy)?;
        Ok(Self {
            points,
            weights: real.into_parts().1,
        })
    }

    /// Equal weights on the given atoms.
    pub fn uniform(points: Array2<Complex64>) -> Result<Self> {
        let n = points.nrows();
        if n == 0 {
            return Err(MeasureError::Empty);
        }
        Self::new(points, Array1::from_elem(n, 1.0 / n as f64))
    }

    /// The real view in `R^{2d}` (interleaved `Re, Im`).
    pub fn to_real(&self) -> ParticleMeasure {
        ParticleMeasure::new(to_real_points(self.points.view()), self.weights.clone())
            .expect("a valid complex measure has a valid real view")
    }

    /// Back from `R^{2d}`; the dimension must be even.
    pub fn from_real(mu: &ParticleMeasure) -> Result<Self> {
        let d2 = mu.dim();
        if !d2.is_multiple_of(2) {
            return Err(MeasureError::DimensionMismatch {
                what: "real view of C^d must have even dimension",
                expected: d2 + 1,
                found: d2,
            });
        }
        let x = mu.points();
        let points = Array2::from_shape_fn((mu.len(), d2 / 2), |(i, j)| {
            Complex64::new(x[[i, 2 * j]], x[[i, 2 * j + 1]])
        });
        Ok(Self {
            points,
            weights: mu.weights().to_owned(),
        })
    }

    /// Complex atoms as rows.
    pub fn points(&self) -> ArrayView2<'_, Complex64> {
        self.points.view()
    }

    /// Weights.
    pub fn weights(&self) -> ArrayView1<'_, f64> {
        self.weights.view()
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.points.nrows()
    }

    /// Always `false`.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Complex dimension `d`.
    pub fn dim(&self) -> usize {
        self.points.ncols()
    }

    /// Mean `∫ z dμ ∈ C^d`.
    pub fn mean(&self) -> Array1<Complex64> {
        let d = self.dim();
        let mut re = vec![CompensatedSum::default(); d];
        let mut im = vec![CompensatedSum::default(); d];
        for (z, &a) in self.points.rows().into_iter().zip(&self.weights) {
            for j in 0..d {
                re[j].add(a * z[j].re);
                im[j].add(a * z[j].im);
            }
        }
        (0..d)
            .map(|j| Complex64::new(re[j].value(), im[j].value()))
            .collect()
    }

    /// Second moment `∫ |z|² dμ`.
    pub fn second_moment(&self) -> f64 {
        crate::compensated_sum(
            self.points
                .rows()
                .into_iter()
                .zip(&self.weights)
                .map(|(z, &a)| a * z.iter().map(Complex64::norm_sqr).sum::<f64>()),
        )
    }
}

fn to_real_points(z: ArrayView2<Complex64>) -> Array2<f64> {
    Array2::from_shape_fn((z.nrows(), 2 * z.ncols()), |(i, k)| {
        let c = z[[i, k / 2]];
        if k % 2 == 0 { c.re } else { c.im }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplexRecord {
    points: Vec<Vec<Complex64>>,
    weights: Vec<f64>,
}

impl TryFrom<ComplexRecord> for ComplexParticleMeasure {
    type Error = MeasureError;
    fn try_from(r: ComplexRecord) -> Result<Self> {
        ComplexParticleMeasure::new(
            rows_to_array(r.points, "atom coordinates")?,
            vec_to_array(r.weights),
        )
    }
}

impl Serialize for ComplexParticleMeasure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("ComplexParticleMeasure", 2)?;
        st.serialize_field("points", &Rows(self.points.view()))?;
        st.serialize_field("weights", &Elems(self.weights.view()))?;
        st.end()
    }
}
