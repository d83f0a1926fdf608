//! The one error type of this layer.

use hwg_measure::MeasureError;
use hwg_transport::TransportError;

/// Everything that can go wrong in `hwg-energy`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EnergyError {
    /// An error of the transport layer (which wraps measure errors).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// Energy and measure (or two energies, or a vector) live in different dimensions.
    #[error("dimension mismatch in {what}: expected {expected}, found {found}")]
    DimensionMismatch {
        /// What was compared.
        what: &'static str,
        /// Expected dimension.
        expected: usize,
        /// Dimension found.
        found: usize,
    },
    /// A parameter outside its domain (σ < 0, τ ≤ 0, κ ≤ 0, bandwidth ≤ 0, …).
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// A non-finite entry in a parameter array (stimulus, matrix, data set).
    #[error("entry {index} of {name} is not finite: {value}")]
    NonFinite {
        /// Parameter name.
        name: &'static str,
        /// Flat index of the entry.
        index: usize,
        /// The offending value.
        value: f64,
    },
    /// A matrix that must be Hermitian (or symmetric) is not.
    #[error(
        "{name} is not Hermitian: entry ({row}, {col}) differs from the conjugate of ({col}, {row})"
    )]
    NotHermitian {
        /// Matrix name.
        name: &'static str,
        /// Row.
        row: usize,
        /// Column.
        col: usize,
    },
    /// The energy evaluated to NaN or ±∞ on finite input (overflow).
    #[error("{energy} evaluated to {value} on this state")]
    NonFiniteValue {
        /// Which energy.
        energy: &'static str,
        /// The value produced.
        value: f64,
    },
    /// A sequence or schedule with nothing in it, or an index past its end.
    #[error("{what}: index {index} out of range for length {len}")]
    OutOfRange {
        /// What was indexed.
        what: &'static str,
        /// The index.
        index: usize,
        /// The length.
        len: usize,
    },
}

impl From<MeasureError> for EnergyError {
    fn from(e: MeasureError) -> Self {
        EnergyError::Transport(TransportError::Measure(e))
    }
}

/// Result alias of this layer.
pub type Result<T, E = EnergyError> = std::result::Result<T, E>;

/// Every entry finite, else [`EnergyError::NonFinite`] naming it.
pub(crate) fn check_finite<'a>(
    name: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<()> {
    for (index, &value) in values.into_iter().enumerate() {
        if !value.is_finite() {
            return Err(EnergyError::NonFinite { name, index, value });
        }
    }
    Ok(())
}

/// A finite parameter satisfying `ok`, else [`EnergyError::InvalidParameter`].
pub(crate) fn check_param(
    name: &'static str,
    value: f64,
    ok: bool,
    reason: &'static str,
) -> Result<f64> {
    if value.is_finite() && ok {
        Ok(value)
    } else {
        Err(EnergyError::InvalidParameter {
            name,
            value,
            reason,
        })
    }
}

/// A computed energy value must be finite.
pub(crate) fn finite_value(energy: &'static str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(EnergyError::NonFiniteValue { energy, value })
    }
}
