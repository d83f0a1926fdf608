//! Particle (Lagrangian) measures `μ = Σ_i a_i δ_{x_i}` on `R^d`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use serde::{Deserialize, Serialize};

use crate::serde_rows::{Elems, Rows, rows_to_array, vec_to_array};
use crate::validate::{
    CompensatedSum, MassPolicy, check_finite_param, check_particles, check_points,
    check_probability,
};
use crate::{MeasureError, Result};

/// A probability measure with finitely many atoms: rows of `points` are the
/// atoms `x_i ∈ R^d`, `weights` their masses `a_i ≥ 0` with `Σ a_i = 1`.
///
/// Every constructor (and deserialisation) validates: finite coordinates,
/// finite non-negative weights, total mass one within
/// [`MASS_TOLERANCE`](crate::MASS_TOLERANCE) unless [`MassPolicy::Renormalize`]
/// is asked for. A value of this type is therefore always a valid state.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "ParticleRecord")]
pub struct ParticleMeasure {
    points: Array2<f64>,
    weights: Array1<f64>,
}

/// A borrowed particle measure (one fiber of a fibered state, or a whole
/// [`ParticleMeasure`]). It can only be obtained from a validated store.
#[derive(Debug, Clone, Copy)]
pub struct ParticleView<'a> {
    points: ArrayView2<'a, f64>,
    weights: ArrayView1<'a, f64>,
}

impl ParticleMeasure {
    /// Atoms `points` (`n × d`) with `weights` (length `n`) summing to one.
    pub fn new(points: Array2<f64>, weights: Array1<f64>) -> Result<Self> {
        Self::with_policy(points, weights, MassPolicy::Strict)
    }

    /// As [`new`](Self::new), rescaling the weights to total mass one when
    /// `policy` is [`MassPolicy::Renormalize`].
    pub fn with_policy(
        points: Array2<f64>,
        mut weights: Array1<f64>,
        policy: MassPolicy,
    ) -> Result<Self> {
        let scale = check_particles(points.view(), weights.view(), policy)?;
        if scale != 1.0 {
            weights.mapv_inplace(|w| w * scale);
        }
        Ok(Self { points, weights })
    }

    /// Equal weights `1/n` on the rows of `points`.
    pub fn uniform(points: Array2<f64>) -> Result<Self> {
        check_points(points.view())?;
        let n = points.nrows();
        let weights = Array1::from_elem(n, 1.0 / n as f64);
        Ok(Self { points, weights })
    }

    /// The Dirac mass at `x`.
    pub fn dirac(x: ArrayView1<f64>) -> Result<Self> {
        Self::uniform(x.to_owned().insert_axis(Axis(0)))
    }

    /// A borrowed view (cheap; all statistics live on the view).
    pub fn view(&self) -> ParticleView<'_> {
        ParticleView {
            points: self.points.view(),
            weights: self.weights.view(),
        }
    }

    /// Atoms as rows of an `n × d` array.
    pub fn points(&self) -> ArrayView2<'_, f64> {
        self.points.view()
    }

    /// Weights, summing to one.
    pub fn weights(&self) -> ArrayView1<'_, f64> {
        self.weights.view()
    }

    /// Number of atoms `n`.
    pub fn len(&self) -> usize {
        self.points.nrows()
    }

    /// Always `false`: a valid measure has at least one atom.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Dimension `d` of the ambient space.
    pub fn dim(&self) -> usize {
        self.points.ncols()
    }

    /// Give the arrays back.
    pub fn into_parts(self) -> (Array2<f64>, Array1<f64>) {
        (self.points, self.weights)
    }

    /// Mean `∫ x dμ`.
    pub fn mean(&self) -> Array1<f64> {
        self.view().mean()
    }

    /// Covariance `∫ (x − m)(x − m)ᵀ dμ` (a population covariance).
    pub fn covariance(&self) -> Array2<f64> {
        self.view().covariance()
    }

    /// Second moment `M2(μ) = ∫ |x|² dμ`.
    pub fn second_moment(&self) -> f64 {
        self.view().second_moment()
    }

    /// Total mass `Σ a_i` (compensated; one up to rounding).
    pub fn total_mass(&self) -> f64 {
        self.view().total_mass()
    }

    /// Push-forward `T#μ = Σ a_i δ_{T(x_i)}`. The map may change the dimension
    /// but must return the same dimension at every atom and finite values.
    pub fn push_forward<F>(&self, map: F) -> Result<Self>
    where
        F: Fn(ArrayView1<f64>) -> Array1<f64>,
    {
        let n = self.len();
        let mut flat = Vec::new();
        let mut dim = 0;
        for (i, x) in self.points.rows().into_iter().enumerate() {
            let y = map(x);
            if i == 0 {
                dim = y.len();
                if dim == 0 {
                    return Err(MeasureError::ZeroDimension);
                }
                flat.reserve(n * dim);
            } else if y.len() != dim {
                return Err(MeasureError::DimensionMismatch {
                    what: "push-forward image",
                    expected: dim,
                    found: y.len(),
                });
            }
            for (coord, &value) in y.iter().enumerate() {
                if !value.is_finite() {
                    return Err(MeasureError::NonFiniteCoordinate {
                        index: i,
                        coord,
                        value,
                    });
                }
            }
            flat.extend(y.iter().copied());
        }
        let points = Array2::from_shape_vec((n, dim), flat).expect("n·dim values were collected");
        Ok(Self {
            points,
            weights: self.weights.clone(),
        })
    }

    /// Affine image `x ↦ A x + b` with `A` of shape `d' × d` and `b` of length `d'`.
    pub fn affine(&self, a: ArrayView2<f64>, b: ArrayView1<f64>) -> Result<Self> {
        if a.ncols() != self.dim() {
            return Err(MeasureError::DimensionMismatch {
                what: "affine matrix columns vs measure",
                expected: self.dim(),
                found: a.ncols(),
            });
        }
        if b.len() != a.nrows() {
            return Err(MeasureError::LengthMismatch {
                what: "affine offset vs matrix rows",
                expected: a.nrows(),
                found: b.len(),
            });
        }
        check_finite_param("affine matrix", a.iter())?;
        check_finite_param("affine offset", b.iter())?;
        let points = self.points.dot(&a.t()) + b;
        // Finite inputs can still overflow.
        check_points(points.view())?;
        Ok(Self {
            points,
            weights: self.weights.clone(),
        })
    }

    /// Mixture `Σ_j λ_j μ_j`: the atoms of every component, weights scaled by
    /// `λ_j`. The `λ_j` form a probability vector (checked like weights).
    pub fn mixture(components: &[(f64, &ParticleMeasure)]) -> Result<Self> {
        let first = components.first().ok_or(MeasureError::Empty)?;
        let dim = first.1.dim();
        let lambdas = Array1::from_iter(components.iter().map(|c| c.0));
        check_probability(lambdas.view(), MassPolicy::Strict)?;
        let n: usize = components.iter().map(|c| c.1.len()).sum();
        let mut points = Array2::zeros((n, dim));
        let mut weights = Array1::zeros(n);
        let mut start = 0;
        for &(lambda, mu) in components {
            if mu.dim() != dim {
                return Err(MeasureError::DimensionMismatch {
                    what: "mixture component",
                    expected: dim,
                    found: mu.dim(),
                });
            }
            let end = start + mu.len();
            points
                .slice_mut(ndarray::s![start..end, ..])
                .assign(&mu.points);
            weights
                .slice_mut(ndarray::s![start..end])
                .assign(&(&mu.weights * lambda));
            start = end;
        }
        Ok(Self { points, weights })
    }

    /// Restriction `μ⌊A` to the atoms with `in_set(x_i)`. Without
    /// [`MassPolicy::Renormalize`] the kept mass must already be one (for
    /// example when only zero-weight atoms are dropped).
    pub fn restrict<F>(&self, in_set: F, policy: MassPolicy) -> Result<Self>
    where
        F: Fn(ArrayView1<f64>) -> bool,
    {
        let keep: Vec<usize> = (0..self.len())
            .filter(|&i| in_set(self.points.row(i)))
            .collect();
        if keep.is_empty() {
            return Err(MeasureError::Empty);
        }
        let points = self.points.select(Axis(0), &keep);
        let weights = self.weights.select(Axis(0), &keep);
        Self::with_policy(points, weights, policy)
    }
}

impl<'a> ParticleView<'a> {
    /// Build a view on arrays that the caller has already validated.
    pub(crate) fn new_unchecked(points: ArrayView2<'a, f64>, weights: ArrayView1<'a, f64>) -> Self {
        Self { points, weights }
    }

    /// Atoms as rows.
    pub fn points(&self) -> ArrayView2<'a, f64> {
        self.points
    }

    /// Weights, summing to one.
    pub fn weights(&self) -> ArrayView1<'a, f64> {
        self.weights
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.points.nrows()
    }

    /// Always `false`: a valid measure has at least one atom.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Ambient dimension.
    pub fn dim(&self) -> usize {
        self.points.ncols()
    }

    /// An owned copy.
    pub fn to_owned(&self) -> ParticleMeasure {
        ParticleMeasure {
            points: self.points.to_owned(),
            weights: self.weights.to_owned(),
        }
    }

    /// Total mass (compensated sum).
    pub fn total_mass(&self) -> f64 {
        crate::compensated_sum(self.weights.iter().copied())
    }

    /// Mean `∫ x dμ`, with compensated sums per coordinate.
    pub fn mean(&self) -> Array1<f64> {
        let d = self.dim();
        let mut acc = vec![CompensatedSum::default(); d];
        for (x, &a) in self.points.rows().into_iter().zip(self.weights) {
            for (s, &xj) in acc.iter_mut().zip(x) {
                s.add(a * xj);
            }
        }
        acc.iter().map(CompensatedSum::value).collect()
    }

    /// Covariance `∫ (x − m)(x − m)ᵀ dμ`, exactly symmetric.
    pub fn covariance(&self) -> Array2<f64> {
        let m = self.mean();
        let d = self.dim();
        let mut acc = vec![CompensatedSum::default(); d * (d + 1) / 2];
        for (x, &a) in self.points.rows().into_iter().zip(self.weights) {
            let mut k = 0;
            for i in 0..d {
                let ci = a * (x[i] - m[i]);
                for j in 0..=i {
                    acc[k].add(ci * (x[j] - m[j]));
                    k += 1;
                }
            }
        }
        let mut cov = Array2::zeros((d, d));
        let mut k = 0;
        for i in 0..d {
            for j in 0..=i {
                cov[[i, j]] = acc[k].value();
                cov[[j, i]] = cov[[i, j]];
                k += 1;
            }
        }
        cov
    }

    /// Second moment `∫ |x|² dμ`.
    pub fn second_moment(&self) -> f64 {
        crate::compensated_sum(
            self.points
                .rows()
                .into_iter()
                .zip(self.weights)
                .map(|(x, &a)| a * x.dot(&x)),
        )
    }
}

impl<'a> From<&'a ParticleMeasure> for ParticleView<'a> {
    fn from(mu: &'a ParticleMeasure) -> Self {
        mu.view()
    }
}

/// On-disk form: `{"points": [[x00, x01], …], "weights": [a0, …]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParticleRecord {
    points: Vec<Vec<f64>>,
    weights: Vec<f64>,
}

impl TryFrom<ParticleRecord> for ParticleMeasure {
    type Error = MeasureError;
    fn try_from(r: ParticleRecord) -> Result<Self> {
        let points = rows_to_array(r.points, "atom coordinates")?;
        ParticleMeasure::new(points, vec_to_array(r.weights))
    }
}

impl Serialize for ParticleMeasure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("ParticleMeasure", 2)?;
        s.serialize_field("points", &Rows(self.points.view()))?;
        s.serialize_field("weights", &Elems(self.weights.view()))?;
        s.end()
    }
}
