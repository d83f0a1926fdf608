//! The one error type of this layer.

use hwg_project::ProjectError;
use hwg_project::hwg_jko::JkoError;
use hwg_project::hwg_jko::hwg_energy::EnergyError;
use hwg_project::hwg_jko::hwg_energy::hwg_transport::TransportError;
use hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure::MeasureError;

/// Everything that can go wrong when analysing continuous-time limits.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// An error of the projection layer (which wraps every layer below).
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// Times must increase strictly.
    #[error("time grid not increasing at index {index}: {value} after {previous}")]
    NonIncreasingTime {
        /// Index of the offending time.
        index: usize,
        /// The time before it.
        previous: f64,
        /// The offending time.
        value: f64,
    },
    /// A sweep or run too short for the estimate asked for.
    #[error("{what} needs at least {needed} values, found {found}")]
    TooFew {
        /// What was estimated.
        what: &'static str,
        /// Minimum length.
        needed: usize,
        /// Length given.
        found: usize,
    },
    /// Two things that must have matching sizes do not (states vs times,
    /// certificates vs slopes, a schedule vs a run, atoms vs atoms).
    #[error("mismatch in {what}: expected {expected}, found {found}")]
    Mismatch {
        /// What was compared.
        what: &'static str,
        /// Expected.
        expected: usize,
        /// Found.
        found: usize,
    },
    /// A parameter outside its domain.
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// An interpolant evaluated outside its time range.
    #[error("time {t} outside the curve's range [{start}, {end}]")]
    OutOfRange {
        /// Requested time.
        t: f64,
        /// First time.
        start: f64,
        /// Last time.
        end: f64,
    },
    /// A balance that assumes a time-independent energy was given a varying one.
    #[error(
        "step {step}: E_(k+1)(μ_(k+1)) = {next} differs from E_k(μ_(k+1)) = {current}; the energy varies in time (use the perturbed balance)"
    )]
    TimeDependentEnergy {
        /// Step index.
        step: usize,
        /// `E_{k+1}(μ_{k+1})`.
        next: f64,
        /// `E_k(μ_{k+1})`.
        current: f64,
    },
}

impl From<JkoError> for LimitError {
    fn from(e: JkoError) -> Self {
        LimitError::Project(ProjectError::Jko(e))
    }
}

impl From<EnergyError> for LimitError {
    fn from(e: EnergyError) -> Self {
        LimitError::Project(ProjectError::from(e))
    }
}

impl From<TransportError> for LimitError {
    fn from(e: TransportError) -> Self {
        LimitError::Project(ProjectError::from(e))
    }
}

impl From<MeasureError> for LimitError {
    fn from(e: MeasureError) -> Self {
        LimitError::Project(ProjectError::from(e))
    }
}

/// Result alias of this layer.
pub type Result<T, E = LimitError> = std::result::Result<T, E>;

pub(crate) fn check_param(
    name: &'static str,
    value: f64,
    ok: bool,
    reason: &'static str,
) -> Result<f64> {
    if ok && value.is_finite() {
        Ok(value)
    } else {
        Err(LimitError::InvalidParameter {
            name,
            value,
            reason,
        })
    }
}

pub(crate) fn check_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(LimitError::Mismatch {
            what,
            expected,
            found,
        })
    }
}

/// Strictly increasing and finite.
pub(crate) fn check_times(times: &[f64]) -> Result<()> {
    for (index, w) in times.windows(2).enumerate() {
        if w[1].partial_cmp(&w[0]) != Some(std::cmp::Ordering::Greater) {
            return Err(LimitError::NonIncreasingTime {
                index: index + 1,
                previous: w[0],
                value: w[1],
            });
        }
    }
    if let Some(&t) = times.iter().find(|t| !t.is_finite()) {
        return Err(LimitError::InvalidParameter {
            name: "time",
            value: t,
            reason: "times must be finite",
        });
    }
    Ok(())
}
