//! Fibered states `(μ_s)_s`: one particle measure per fiber (synapse, neuron,
//! context), stored contiguously so fibers are processed in parallel through
//! zero-copy views.

use ndarray::{Array1, Array2, s};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::particle::{ParticleMeasure, ParticleView};
use crate::serde_rows::{Elems, Rows, rows_to_array, vec_to_array};
use crate::validate::{MassPolicy, check_particles};
use crate::{MeasureError, Result};

/// A family of particle measures on a common `R^d`.
///
/// Fiber `s` owns atoms `offsets[s]..offsets[s + 1]` of one `N × d` array;
/// its weights sum to one. Offsets start at 0, increase strictly (no empty
/// fiber) and end at `N`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "FiberedRecord")]
pub struct FiberedState {
    points: Array2<f64>,
    weights: Array1<f64>,
    offsets: Vec<usize>,
}

impl FiberedState {
    /// Build from a contiguous store, validating every fiber.
    pub fn from_parts(
        points: Array2<f64>,
        weights: Array1<f64>,
        offsets: Vec<usize>,
    ) -> Result<Self> {
        check_offsets(&offsets, points.nrows())?;
        if weights.len() != points.nrows() {
            return Err(MeasureError::LengthMismatch {
                what: "weights vs atoms",
                expected: points.nrows(),
                found: weights.len(),
            });
        }
        for (fiber, w) in offsets.windows(2).enumerate() {
            check_particles(
                points.slice(s![w[0]..w[1], ..]),
                weights.slice(s![w[0]..w[1]]),
                MassPolicy::Strict,
            )
            .map_err(|e| e.in_fiber(fiber))?;
        }
        Ok(Self {
            points,
            weights,
            offsets,
        })
    }

    /// Concatenate measures of a common dimension, one per fiber.
    pub fn from_measures(measures: &[ParticleMeasure]) -> Result<Self> {
        let dim = measures.first().ok_or(MeasureError::Empty)?.dim();
        let total: usize = measures.iter().map(ParticleMeasure::len).sum();
        let mut points = Array2::zeros((total, dim));
        let mut weights = Array1::zeros(total);
        let mut offsets = Vec::with_capacity(measures.len() + 1);
        offsets.push(0);
        let mut start = 0;
        for (fiber, mu) in measures.iter().enumerate() {
            if mu.dim() != dim {
                return Err(MeasureError::DimensionMismatch {
                    what: "fiber dimension",
                    expected: dim,
                    found: mu.dim(),
                }
                .in_fiber(fiber));
            }
            let end = start + mu.len();
            points.slice_mut(s![start..end, ..]).assign(&mu.points());
            weights.slice_mut(s![start..end]).assign(&mu.weights());
            offsets.push(end);
            start = end;
        }
        Ok(Self {
            points,
            weights,
            offsets,
        })
    }

    /// Copy every fiber out into its own measure (inverse of [`from_measures`](Self::from_measures)).
    pub fn split(&self) -> Vec<ParticleMeasure> {
        self.fibers().map(|v| v.to_owned()).collect()
    }

    /// Number of fibers.
    pub fn n_fibers(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Total number of atoms over all fibers.
    pub fn n_atoms(&self) -> usize {
        self.points.nrows()
    }

    /// Common dimension of the fibers.
    pub fn dim(&self) -> usize {
        self.points.ncols()
    }

    /// Fiber offsets (length `n_fibers + 1`).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// All atoms, fiber after fiber.
    pub fn points(&self) -> ndarray::ArrayView2<'_, f64> {
        self.points.view()
    }

    /// All weights, fiber after fiber (each fiber sums to one).
    pub fn weights(&self) -> ndarray::ArrayView1<'_, f64> {
        self.weights.view()
    }

    /// Zero-copy view of fiber `s`, or `IndexOutOfRange`.
    pub fn get(&self, s: usize) -> Result<ParticleView<'_>> {
        if s >= self.n_fibers() {
            return Err(MeasureError::IndexOutOfRange {
                index: s,
                len: self.n_fibers(),
            });
        }
        Ok(self.fiber(s))
    }

    /// Zero-copy view of fiber `s`.
    ///
    /// # Panics
    /// When `s >= n_fibers()`, like slice indexing; use [`get`](Self::get) for a checked lookup.
    pub fn fiber(&self, s: usize) -> ParticleView<'_> {
        let (a, b) = (self.offsets[s], self.offsets[s + 1]);
        ParticleView::new_unchecked(
            self.points.slice(s![a..b, ..]),
            self.weights.slice(s![a..b]),
        )
    }

    /// Sequential iterator over fiber views.
    pub fn fibers(&self) -> impl ExactSizeIterator<Item = ParticleView<'_>> + '_ {
        (0..self.n_fibers()).map(move |s| self.fiber(s))
    }

    /// Parallel (rayon) iterator over fiber views, indexed so that
    /// `collect` keeps fiber order.
    pub fn par_fibers(&self) -> impl IndexedParallelIterator<Item = ParticleView<'_>> + '_ {
        (0..self.n_fibers())
            .into_par_iter()
            .map(move |s| self.fiber(s))
    }

    /// A new state with the same weights and offsets and new atom positions
    /// (the shape a fiberwise push-forward produces).
    pub fn with_points(&self, points: Array2<f64>) -> Result<Self> {
        if points.nrows() != self.n_atoms() {
            return Err(MeasureError::LengthMismatch {
                what: "new points vs existing atoms",
                expected: self.n_atoms(),
                found: points.nrows(),
            });
        }
        if points.ncols() != self.dim() {
            return Err(MeasureError::DimensionMismatch {
                what: "new points vs existing atoms",
                expected: self.dim(),
                found: points.ncols(),
            });
        }
        crate::validate::check_points(points.view())?;
        Ok(Self {
            points,
            weights: self.weights.clone(),
            offsets: self.offsets.clone(),
        })
    }
}

/// Offsets start at 0, increase strictly, end at `n`.
fn check_offsets(offsets: &[usize], n: usize) -> Result<()> {
    if offsets.len() < 2 {
        return Err(MeasureError::Empty);
    }
    if offsets[0] != 0 {
        return Err(MeasureError::FiberOffsets {
            index: 0,
            offset: offsets[0],
            previous: 0,
        });
    }
    for (i, w) in offsets.windows(2).enumerate() {
        if w[1] <= w[0] {
            return Err(MeasureError::FiberOffsets {
                index: i + 1,
                offset: w[1],
                previous: w[0],
            });
        }
    }
    let last = offsets.len() - 1;
    if offsets[last] != n {
        return Err(MeasureError::FiberOffsets {
            index: last,
            offset: offsets[last],
            previous: n,
        });
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FiberedRecord {
    points: Vec<Vec<f64>>,
    weights: Vec<f64>,
    offsets: Vec<usize>,
}

impl TryFrom<FiberedRecord> for FiberedState {
    type Error = MeasureError;
    fn try_from(r: FiberedRecord) -> Result<Self> {
        FiberedState::from_parts(
            rows_to_array(r.points, "atom coordinates")?,
            vec_to_array(r.weights),
            r.offsets,
        )
    }
}

impl Serialize for FiberedState {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("FiberedState", 3)?;
        st.serialize_field("points", &Rows(self.points.view()))?;
        st.serialize_field("weights", &Elems(self.weights.view()))?;
        st.serialize_field("offsets", &self.offsets)?;
        st.end()
    }
}
