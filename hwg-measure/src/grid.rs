//! Grid histograms (Eulerian representation) on regular 1-D and 2-D grids.
//!
//! Cell `i` of a 1-D grid with origin `o` and spacing `h` is `[o + i h, o + (i+1) h)`
//! (the last cell also holds its right edge); its centre is `o + (i + ½) h`.
//! In 2-D, cell `(i, j)` is the product of the row cell `i` along the first
//! coordinate and the column cell `j` along the second.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::particle::ParticleMeasure;
use crate::serde_rows::{Elems, Rows, rows_to_array, vec_to_array};
use crate::validate::{CompensatedSum, MassPolicy, check_probability};
use crate::{MeasureError, Result};

/// A probability histogram on a regular 1-D grid.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "Grid1dRecord")]
pub struct GridHistogram1d {
    origin: f64,
    spacing: f64,
    masses: Array1<f64>,
}

/// A probability histogram on a regular 2-D grid (`masses[[i, j]]` is cell `(i, j)`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "Grid2dRecord")]
pub struct GridHistogram2d {
    origin: [f64; 2],
    spacing: [f64; 2],
    masses: Array2<f64>,
}

fn check_axis(origin: &[f64], spacing: &[f64]) -> Result<()> {
    for (index, &value) in origin.iter().enumerate() {
        if !value.is_finite() {
            return Err(MeasureError::InvalidParameter {
                name: "grid origin",
                index,
                value,
                reason: "must be finite",
            });
        }
    }
    for (index, &value) in spacing.iter().enumerate() {
        if !(value.is_finite() && value > 0.0) {
            return Err(MeasureError::InvalidParameter {
                name: "grid spacing",
                index,
                value,
                reason: "must be finite and positive",
            });
        }
    }
    Ok(())
}

/// Cell index of coordinate `x` on an axis of `n` cells, or `None` outside.
fn cell_of(x: f64, origin: f64, spacing: f64, n: usize) -> Option<usize> {
    let t = (x - origin) / spacing;
    if t.is_nan() || t < 0.0 {
        return None;
    }
    let i = t.floor() as usize;
    if i < n {
        Some(i)
    } else if x <= origin + n as f64 * spacing {
        Some(n - 1)
    } else {
        None
    }
}

/// Validate a cell count: zero cells is an empty grid.
fn check_cells(n: usize) -> Result<()> {
    if n == 0 {
        Err(MeasureError::Empty)
    } else {
        Ok(())
    }
}

impl GridHistogram1d {
    /// Histogram with `masses[i]` in cell `i`; masses form a probability vector.
    pub fn new(origin: f64, spacing: f64, masses: Array1<f64>) -> Result<Self> {
        Self::with_policy(origin, spacing, masses, MassPolicy::Strict)
    }

    /// As [`new`](Self::new), rescaling the masses under [`MassPolicy::Renormalize`].
    pub fn with_policy(
        origin: f64,
        spacing: f64,
        mut masses: Array1<f64>,
        policy: MassPolicy,
    ) -> Result<Self> {
        check_axis(&[origin], &[spacing])?;
        let scale = check_probability(masses.view(), policy)?;
        if scale != 1.0 {
            masses.mapv_inplace(|m| m * scale);
        }
        Ok(Self {
            origin,
            spacing,
            masses,
        })
    }

    /// Bin a 1-D particle measure into `cells` cells starting at `origin`.
    /// Every atom must fall inside the grid, so the total mass is preserved.
    pub fn bin(mu: &ParticleMeasure, origin: f64, spacing: f64, cells: usize) -> Result<Self> {
        check_axis(&[origin], &[spacing])?;
        check_cells(cells)?;
        if mu.dim() != 1 {
            return Err(MeasureError::DimensionMismatch {
                what: "1-D grid binning",
                expected: 1,
                found: mu.dim(),
            });
        }
        let mut acc = vec![CompensatedSum::default(); cells];
        for (index, (x, &a)) in mu.points().column(0).iter().zip(mu.weights()).enumerate() {
            let i = cell_of(*x, origin, spacing, cells).ok_or(MeasureError::OutsideGrid {
                index,
                coord: 0,
                value: *x,
                low: origin,
                high: origin + cells as f64 * spacing,
            })?;
            acc[i].add(a);
        }
        let masses = acc.iter().map(CompensatedSum::value).collect();
        Self::new(origin, spacing, masses)
    }

    /// Left edge of the grid.
    pub fn origin(&self) -> f64 {
        self.origin
    }

    /// Cell width.
    pub fn spacing(&self) -> f64 {
        self.spacing
    }

    /// Cell masses (a probability vector).
    pub fn masses(&self) -> ArrayView1<'_, f64> {
        self.masses.view()
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.masses.len()
    }

    /// Always `false`: a valid grid has at least one cell.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Cell centres `o + (i + ½) h`.
    pub fn cell_centers(&self) -> Array1<f64> {
        Array1::from_iter((0..self.len()).map(|i| self.origin + (i as f64 + 0.5) * self.spacing))
    }

    /// Piecewise-constant density `ρ_i = m_i / h`.
    pub fn densities(&self) -> Array1<f64> {
        &self.masses / self.spacing
    }

    /// The same masses as atoms at the cell centres.
    pub fn to_particles(&self) -> ParticleMeasure {
        let pts = self.cell_centers().insert_axis(ndarray::Axis(1));
        ParticleMeasure::new(pts, self.masses.clone())
            .expect("a valid grid has valid centres and masses")
    }
}

impl GridHistogram2d {
    /// Histogram with `masses[[i, j]]` in cell `(i, j)`; masses form a probability vector.
    pub fn new(origin: [f64; 2], spacing: [f64; 2], masses: Array2<f64>) -> Result<Self> {
        Self::with_policy(origin, spacing, masses, MassPolicy::Strict)
    }

    /// As [`new`](Self::new), rescaling the masses under [`MassPolicy::Renormalize`].
    pub fn with_policy(
        origin: [f64; 2],
        spacing: [f64; 2],
        mut masses: Array2<f64>,
        policy: MassPolicy,
    ) -> Result<Self> {
        check_axis(&origin, &spacing)?;
        let flat: Array1<f64> = masses.iter().copied().collect();
        let scale = check_probability(flat.view(), policy)?;
        if scale != 1.0 {
            masses.mapv_inplace(|m| m * scale);
        }
        Ok(Self {
            origin,
            spacing,
            masses,
        })
    }

    /// Bin a 2-D particle measure into a `shape[0] × shape[1]` grid. Every atom
    /// must fall inside the grid, so the total mass is preserved.
    pub fn bin(
        mu: &ParticleMeasure,
        origin: [f64; 2],
        spacing: [f64; 2],
        shape: [usize; 2],
    ) -> Result<Self> {
        check_axis(&origin, &spacing)?;
        check_cells(shape[0])?;
        check_cells(shape[1])?;
        if mu.dim() != 2 {
            return Err(MeasureError::DimensionMismatch {
                what: "2-D grid binning",
                expected: 2,
                found: mu.dim(),
            });
        }
        let mut acc = vec![CompensatedSum::default(); shape[0] * shape[1]];
        for (index, (x, &a)) in mu.points().rows().into_iter().zip(mu.weights()).enumerate() {
            let mut cell = [0; 2];
            for coord in 0..2 {
                cell[coord] = cell_of(x[coord], origin[coord], spacing[coord], shape[coord])
                    .ok_or(MeasureError::OutsideGrid {
                        index,
                        coord,
                        value: x[coord],
                        low: origin[coord],
                        high: origin[coord] + shape[coord] as f64 * spacing[coord],
                    })?;
            }
            acc[cell[0] * shape[1] + cell[1]].add(a);
        }
        let masses =
            Array2::from_shape_fn((shape[0], shape[1]), |(i, j)| acc[i * shape[1] + j].value());
        Self::new(origin, spacing, masses)
    }

    /// Lower-left corner.
    pub fn origin(&self) -> [f64; 2] {
        self.origin
    }

    /// Cell widths along each coordinate.
    pub fn spacing(&self) -> [f64; 2] {
        self.spacing
    }

    /// Cell masses.
    pub fn masses(&self) -> ArrayView2<'_, f64> {
        self.masses.view()
    }

    /// Number of cells along each coordinate.
    pub fn shape(&self) -> [usize; 2] {
        [self.masses.nrows(), self.masses.ncols()]
    }

    /// Cell centres as rows `(x, y)`, cells in row-major order.
    pub fn cell_centers(&self) -> Array2<f64> {
        let [n0, n1] = self.shape();
        let mut c = Array2::zeros((n0 * n1, 2));
        for i in 0..n0 {
            for j in 0..n1 {
                c[[i * n1 + j, 0]] = self.origin[0] + (i as f64 + 0.5) * self.spacing[0];
                c[[i * n1 + j, 1]] = self.origin[1] + (j as f64 + 0.5) * self.spacing[1];
            }
        }
        c
    }

    /// Piecewise-constant density `ρ_ij = m_ij / (h_0 h_1)`.
    pub fn densities(&self) -> Array2<f64> {
        &self.masses / (self.spacing[0] * self.spacing[1])
    }

    /// The same masses as atoms at the cell centres.
    pub fn to_particles(&self) -> ParticleMeasure {
        let w: Array1<f64> = self.masses.iter().copied().collect();
        ParticleMeasure::new(self.cell_centers(), w)
            .expect("a valid grid has valid centres and masses")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grid1dRecord {
    origin: f64,
    spacing: f64,
    masses: Vec<f64>,
}

impl TryFrom<Grid1dRecord> for GridHistogram1d {
    type Error = MeasureError;
    fn try_from(r: Grid1dRecord) -> Result<Self> {
        GridHistogram1d::new(r.origin, r.spacing, vec_to_array(r.masses))
    }
}

impl Serialize for GridHistogram1d {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("GridHistogram1d", 3)?;
        st.serialize_field("origin", &self.origin)?;
        st.serialize_field("spacing", &self.spacing)?;
        st.serialize_field("masses", &Elems(self.masses.view()))?;
        st.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grid2dRecord {
    origin: [f64; 2],
    spacing: [f64; 2],
    masses: Vec<Vec<f64>>,
}

impl TryFrom<Grid2dRecord> for GridHistogram2d {
    type Error = MeasureError;
    fn try_from(r: Grid2dRecord) -> Result<Self> {
        GridHistogram2d::new(r.origin, r.spacing, rows_to_array(r.masses, "grid rows")?)
    }
}

impl Serialize for GridHistogram2d {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("GridHistogram2d", 3)?;
        st.serialize_field("origin", &self.origin)?;
        st.serialize_field("spacing", &self.spacing)?;
        st.serialize_field("masses", &Rows(self.masses.view()))?;
        st.end()
    }
}
