//! The one error type of this layer.

/// Everything that can be wrong with user data handed to `hwg-measure`.
///
/// Every variant names the offending index and value, so that a caller can
/// point at the bad entry of a file or array.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MeasureError {
    /// A measure (or a list of measures, or a grid) with nothing in it.
    #[error("empty measure: at least one atom is required")]
    Empty,
    /// Atoms must live in `R^d` with `d ≥ 1`.
    #[error("atoms have dimension 0: at least one coordinate is required")]
    ZeroDimension,
    /// A coordinate is NaN or infinite.
    #[error("coordinate {coord} of atom {index} is not finite: {value}")]
    NonFiniteCoordinate {
        /// Atom (row) index.
        index: usize,
        /// Coordinate (column) index.
        coord: usize,
        /// The offending value.
        value: f64,
    },
    /// A weight (or cell mass) is negative, NaN or infinite.
    #[error("weight {index} is {value}: weights must be finite and non-negative")]
    InvalidWeight {
        /// Weight index.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// The weights do not sum to one and the caller did not ask to normalise.
    #[error(
        "total mass is {total:.17}, not 1 within {tolerance:e}; use MassPolicy::Renormalize to rescale"
    )]
    MassNotOne {
        /// The total mass found.
        total: f64,
        /// The tolerance it was checked against.
        tolerance: f64,
    },
    /// All weights are zero, so there is nothing to normalise.
    #[error("total mass is zero: the measure cannot be normalised")]
    ZeroMass,
    /// Two arrays that must have the same length do not.
    #[error("length mismatch in {what}: expected {expected}, found {found}")]
    LengthMismatch {
        /// Which quantity was being compared.
        what: &'static str,
        /// The expected length.
        expected: usize,
        /// The length found.
        found: usize,
    },
    /// Two objects that must live in the same space do not.
    #[error("dimension mismatch in {what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// Which quantity was being compared.
        what: &'static str,
        /// The expected dimension.
        expected: usize,
        /// The dimension found.
        found: usize,
    },
    /// A covariance matrix that is not symmetric.
    #[error(
        "covariance is not symmetric: entry ({row}, {col}) = {value} but ({col}, {row}) = {transposed}"
    )]
    NotSymmetric {
        /// Row of the offending entry.
        row: usize,
        /// Column of the offending entry.
        col: usize,
        /// `Σ[row, col]`.
        value: f64,
        /// `Σ[col, row]`.
        transposed: f64,
    },
    /// A symmetric covariance matrix whose Cholesky factorisation fails.
    #[error("covariance is not positive definite: Cholesky pivot {pivot} is not positive")]
    NotPositiveDefinite {
        /// Index of the first non-positive pivot.
        pivot: usize,
    },
    /// Fiber offsets must start at 0, increase strictly and end at the atom count.
    #[error("fiber offsets out of order at position {index}: offset {offset} after {previous}")]
    FiberOffsets {
        /// Position in the offsets array.
        index: usize,
        /// The offending offset.
        offset: usize,
        /// The offset before it (or the required value at the ends).
        previous: usize,
    },
    /// An error inside one fiber of a fibered state.
    #[error("fiber {fiber}: {source}")]
    InFiber {
        /// The fiber index.
        fiber: usize,
        /// What was wrong inside it (indices are local to the fiber).
        source: Box<MeasureError>,
    },
    /// An index past the end of a collection.
    #[error("index {index} out of range for length {len}")]
    IndexOutOfRange {
        /// The requested index.
        index: usize,
        /// The collection length.
        len: usize,
    },
    /// An atom that falls outside the grid it is binned into.
    #[error(
        "coordinate {coord} of atom {index} is {value}, outside the grid range [{low}, {high}]"
    )]
    OutsideGrid {
        /// Atom index.
        index: usize,
        /// Coordinate index.
        coord: usize,
        /// The coordinate value.
        value: f64,
        /// Lower edge of the grid along that coordinate.
        low: f64,
        /// Upper edge of the grid along that coordinate.
        high: f64,
    },
    /// A parameter (spacing, probability level, matrix entry, …) that is out of range.
    #[error("invalid {name} (entry {index}) = {value}: {reason}")]
    InvalidParameter {
        /// Name of the parameter.
        name: &'static str,
        /// Entry index inside the parameter (0 for scalars).
        index: usize,
        /// The offending value.
        value: f64,
        /// What the value must satisfy.
        reason: &'static str,
    },
}

impl MeasureError {
    /// Wrap an error found inside fiber `fiber`.
    pub(crate) fn in_fiber(self, fiber: usize) -> Self {
        MeasureError::InFiber {
            fiber,
            source: Box::new(self),
        }
    }
}

/// Result alias of this layer.
pub type Result<T, E = MeasureError> = std::result::Result<T, E>;
