//! The one error type of this layer.

use hwg_measure::MeasureError;

/// Everything that can go wrong in `hwg-transport`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// Invalid measure data from the layer below.
    #[error(transparent)]
    Measure(#[from] MeasureError),
    /// A marginal or cost array of zero length.
    #[error("empty {what}: at least one entry is required")]
    Empty {
        /// Which input.
        what: &'static str,
    },
    /// Sizes of marginals and cost matrix disagree.
    #[error("size mismatch in {what}: expected {expected}, found {found}")]
    SizeMismatch {
        /// Which sizes were compared.
        what: &'static str,
        /// Expected size.
        expected: usize,
        /// Size found.
        found: usize,
    },
    /// A marginal weight that is negative, NaN or infinite.
    #[error("weight {index} of {which} is {value}: weights must be finite and non-negative")]
    InvalidWeight {
        /// `"a"` (source) or `"b"` (target).
        which: &'static str,
        /// Index of the weight.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// An atom position that is NaN or infinite.
    #[error("atom {index} of {which} is {value}: atoms must be finite")]
    NonFiniteAtom {
        /// `"a"` (source) or `"b"` (target).
        which: &'static str,
        /// Index of the atom.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A cost entry that is negative, NaN or infinite.
    #[error("cost ({row}, {col}) is {value}: costs must be finite and non-negative")]
    InvalidCost {
        /// Row (source index).
        row: usize,
        /// Column (target index).
        col: usize,
        /// The offending value.
        value: f64,
    },
    /// Marginals of a balanced problem with different total masses.
    #[error("unbalanced masses: Σa = {mass_a}, Σb = {mass_b} (relative difference above 1e-12)")]
    MassMismatch {
        /// Total source mass.
        mass_a: f64,
        /// Total target mass.
        mass_b: f64,
    },
    /// All weights zero.
    #[error("total mass of {which} is zero")]
    ZeroMass {
        /// `"a"` or `"b"`.
        which: &'static str,
    },
    /// A parameter (ε, p, ρ, t, budget, …) outside its domain.
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// A solver used up its caller-set budget before reaching its tolerance.
    #[error(
        "{solver} did not finish within its budget of {budget} {unit}: stopped at {done} with residual {residual:e} (tolerance {tolerance:e})"
    )]
    NotConverged {
        /// Which solver.
        solver: &'static str,
        /// The budget.
        budget: u64,
        /// Unit of the budget (pivots, iterations).
        unit: &'static str,
        /// Work done when it stopped.
        done: u64,
        /// Residual reached (most negative reduced cost, marginal error, …).
        residual: f64,
        /// The tolerance that was not reached.
        tolerance: f64,
    },
    /// A dense linear-algebra failure (eigen-decomposition) in the Gaussian formulas.
    #[error("linear algebra failure in {what}")]
    LinearAlgebra {
        /// Which operation failed.
        what: &'static str,
    },
}

/// Result alias of this layer.
pub type Result<T, E = TransportError> = std::result::Result<T, E>;
