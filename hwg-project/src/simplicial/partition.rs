//! Partitions of `X` into synapse cells `A_1, …, A_K`.

use std::sync::Arc;

use hwg_transport::sq_dist;
use ndarray::{Array2, ArrayView1};

use crate::error::{ProjectError, Result, check_dim, check_finite, check_param};

type ClassifyFn = dyn Fn(ArrayView1<f64>) -> usize + Send + Sync;

#[derive(Clone)]
enum Cells {
    /// Axis-aligned boxes; points outside the box are clamped to the border cells.
    Grid {
        origin: Vec<f64>,
        spacing: Vec<f64>,
        shape: Vec<usize>,
    },
    /// 1-D cells `(−∞, c_1), [c_1, c_2), …, [c_m, ∞)`.
    Intervals(Vec<f64>),
    /// Nearest centre (ties to the lower index).
    Voronoi(Array2<f64>),
    /// A user classifier onto `0..cells`.
    Classifier {
        cells: usize,
        dim: usize,
        f: Arc<ClassifyFn>,
    },
}

/// A partition of `R^d` into `K ≥ 1` cells, each point in exactly one.
#[derive(Clone)]
pub struct Partition {
    cells: Cells,
}

impl std::fmt::Debug for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.cells {
            Cells::Grid { .. } => "grid",
            Cells::Intervals(_) => "intervals",
            Cells::Voronoi(_) => "voronoi",
            Cells::Classifier { .. } => "classifier",
        };
        f.debug_struct("Partition")
            .field("kind", &kind)
            .field("cells", &self.len())
            .finish()
    }
}

impl Partition {
    /// A box grid with `shape[j]` cells of width `spacing[j]` from `origin[j]`
    /// on axis `j`; cells are numbered row-major, and a point outside the box
    /// belongs to the nearest border cell (so the cells cover `R^d`).
    pub fn grid(origin: Vec<f64>, spacing: Vec<f64>, shape: Vec<usize>) -> Result<Self> {
        let d = origin.len();
        if d == 0 || shape.contains(&0) {
            return Err(ProjectError::EmptyPartition { what: "grid" });
        }
        check_dim("grid spacing", d, spacing.len())?;
        check_dim("grid shape", d, shape.len())?;
        check_finite("grid origin", origin.iter())?;
        for &h in &spacing {
            check_param("spacing", h, h > 0.0, "cell widths must be > 0")?;
        }
        Ok(Self {
            cells: Cells::Grid {
                origin,
                spacing,
                shape,
            },
        })
    }

    /// 1-D cells cut at the strictly increasing points `cuts` (`K = cuts.len() + 1`).
    pub fn intervals(cuts: Vec<f64>) -> Result<Self> {
        check_finite("cuts", cuts.iter())?;
        if let Some(i) = (1..cuts.len()).find(|&i| cuts[i] <= cuts[i - 1]) {
            return Err(ProjectError::InvalidParameter {
                name: "cuts",
                value: cuts[i],
                reason: "cut points must increase strictly",
            });
        }
        Ok(Self {
            cells: Cells::Intervals(cuts),
        })
    }

    /// Voronoi cells of the rows of `centres` (nearest centre; ties go to the lower index).
    pub fn voronoi(centres: Array2<f64>) -> Result<Self> {
        if centres.nrows() == 0 || centres.ncols() == 0 {
            return Err(ProjectError::EmptyPartition {
                what: "Voronoi centres",
            });
        }
        check_finite("centres", centres.iter())?;
        Ok(Self {
            cells: Cells::Voronoi(centres),
        })
    }

    /// Cells given by a classifier `f: R^dim → {0, …, cells − 1}`; an index out
    /// of range is reported when a state is projected.
    pub fn classifier(
        cells: usize,
        dim: usize,
        f: impl Fn(ArrayView1<f64>) -> usize + Send + Sync + 'static,
    ) -> Result<Self> {
        if cells == 0 {
            return Err(ProjectError::EmptyPartition { what: "classifier" });
        }
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        Ok(Self {
            cells: Cells::Classifier {
                cells,
                dim,
                f: Arc::new(f),
            },
        })
    }

    /// Number of cells `K`.
    pub fn len(&self) -> usize {
        match &self.cells {
            Cells::Grid { shape, .. } => shape.iter().product(),
            Cells::Intervals(c) => c.len() + 1,
            Cells::Voronoi(c) => c.nrows(),
            Cells::Classifier { cells, .. } => *cells,
        }
    }

    /// Always `false`: constructors refuse empty partitions.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Dimension of the space partitioned.
    pub fn dim(&self) -> usize {
        match &self.cells {
            Cells::Grid { origin, .. } => origin.len(),
            Cells::Intervals(_) => 1,
            Cells::Voronoi(c) => c.ncols(),
            Cells::Classifier { dim, .. } => *dim,
        }
    }

    /// The cell of `x` (`atom` names the point in errors).
    pub fn cell_of(&self, atom: usize, x: ArrayView1<f64>) -> Result<usize> {
        check_dim("point vs partition", self.dim(), x.len())?;
        check_finite("point", x.iter())?;
        Ok(match &self.cells {
            Cells::Grid {
                origin,
                spacing,
                shape,
            } => {
                let mut idx = 0;
                for j in 0..origin.len() {
                    let t = ((x[j] - origin[j]) / spacing[j]).floor();
                    let c = t.clamp(0.0, (shape[j] - 1) as f64) as usize;
                    idx = idx * shape[j] + c;
                }
                idx
            }
            Cells::Intervals(cuts) => cuts.partition_point(|&c| c <= x[0]),
            Cells::Voronoi(centres) => {
                let mut best = (f64::INFINITY, 0);
                for (i, c) in centres.rows().into_iter().enumerate() {
                    let d2 = sq_dist(c, x);
                    if d2 < best.0 {
                        best = (d2, i);
                    }
                }
                best.1
            }
            Cells::Classifier { cells, f, .. } => {
                let c = f(x);
                if c >= *cells {
                    return Err(ProjectError::CellOutOfRange {
                        atom,
                        cell: c,
                        cells: *cells,
                    });
                }
                c
            }
        })
    }
}
