//! The one error type of this layer.

use hwg_energy::EnergyError;
use hwg_jko::JkoError;
use hwg_measure::MeasureError;
use hwg_transport::TransportError;

/// Everything that can go wrong when projecting a memory state.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectError {
    /// An error of the JKO layer (which wraps energy, transport and measure errors).
    #[error(transparent)]
    Jko(#[from] JkoError),
    /// A partition with no cells (no centres, a grid with zero cells, a classifier with `K = 0`).
    #[error("empty partition: {what} has no cells")]
    EmptyPartition {
        /// Which partition.
        what: &'static str,
    },
    /// An embedding memory (or another collection) with nothing stored in it.
    #[error("{what} is empty: store at least one item")]
    NoItems {
        /// Which collection.
        what: &'static str,
    },
    /// State and projection (or two arrays) live in different dimensions.
    #[error("dimension mismatch in {what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// What was compared.
        what: &'static str,
        /// Expected.
        expected: usize,
        /// Found.
        found: usize,
    },
    /// A parameter outside its domain (bandwidth ≤ 0, threshold outside (0, 1), …).
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// A non-finite entry in user data (a query, a centre, a matrix).
    #[error("entry {index} of {name} is not finite: {value}")]
    NonFinite {
        /// Which array.
        name: &'static str,
        /// Flat index.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A matrix that must be Hermitian is not.
    #[error("{name} is not Hermitian: |C[{row},{col}] − conj C[{col},{row}]| = {gap:e}")]
    NotHermitian {
        /// Matrix name.
        name: &'static str,
        /// Row.
        row: usize,
        /// Column.
        col: usize,
        /// Size of the asymmetry.
        gap: f64,
    },
    /// An atom that must lie on the probability simplex does not.
    #[error("atom {atom} is not on the simplex: {reason} (value {value})")]
    NotOnSimplex {
        /// Atom index.
        atom: usize,
        /// What failed.
        reason: &'static str,
        /// Offending coordinate or coordinate sum.
        value: f64,
    },
    /// A classifier returned a cell index `≥ K`.
    #[error("classifier sent atom {atom} to cell {cell}, but the partition has {cells} cells")]
    CellOutOfRange {
        /// Atom index.
        atom: usize,
        /// Returned cell.
        cell: usize,
        /// Number of cells.
        cells: usize,
    },
    /// A weight that must match the others (equal-weight networks) does not.
    #[error("atom {atom} has weight {weight}, but {what} needs equal weights 1/n = {expected}")]
    UnequalWeights {
        /// What needs equal weights.
        what: &'static str,
        /// Atom index.
        atom: usize,
        /// Its weight.
        weight: f64,
        /// `1/n`.
        expected: f64,
    },
    /// A dense factorisation failed.
    #[error("linear algebra failure in {what}")]
    LinearAlgebra {
        /// Which factorisation.
        what: &'static str,
    },
}

impl From<EnergyError> for ProjectError {
    fn from(e: EnergyError) -> Self {
        ProjectError::Jko(JkoError::from(e))
    }
}

impl From<TransportError> for ProjectError {
    fn from(e: TransportError) -> Self {
        ProjectError::Jko(JkoError::from(e))
    }
}

impl From<MeasureError> for ProjectError {
    fn from(e: MeasureError) -> Self {
        ProjectError::Jko(JkoError::from(e))
    }
}

/// Result alias of this layer.
pub type Result<T, E = ProjectError> = std::result::Result<T, E>;

/// Every entry finite, else the first offender.
pub(crate) fn check_finite<'a>(
    name: &'static str,
    xs: impl IntoIterator<Item = &'a f64>,
) -> Result<()> {
    match xs.into_iter().enumerate().find(|(_, x)| !x.is_finite()) {
        Some((index, &value)) => Err(ProjectError::NonFinite { name, index, value }),
        None => Ok(()),
    }
}

/// `ok`, else an `InvalidParameter` (NaN never passes).
pub(crate) fn check_param(
    name: &'static str,
    value: f64,
    ok: bool,
    reason: &'static str,
) -> Result<f64> {
    if ok && value.is_finite() {
        Ok(value)
    } else {
        Err(ProjectError::InvalidParameter {
            name,
            value,
            reason,
        })
    }
}

/// Dimensions agree.
pub(crate) fn check_dim(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(ProjectError::DimensionMismatch {
            what,
            expected,
            found,
        })
    }
}
