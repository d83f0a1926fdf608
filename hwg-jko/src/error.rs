//! The one error type of this layer.

use hwg_energy::EnergyError;

/// Everything that can go wrong in a JKO step.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum JkoError {
    /// An error of the energy layer (which wraps transport and measure errors).
    #[error(transparent)]
    Energy(#[from] EnergyError),
    /// `τ ≤ 0` or not finite, or another parameter out of range.
    #[error("invalid parameter {name} = {value}: {reason}")]
    InvalidParameter {
        /// Parameter name.
        name: &'static str,
        /// The offending value.
        value: f64,
        /// What it must satisfy.
        reason: &'static str,
    },
    /// `1 + λτ ≤ 0` for the declared modulus: the step is not well posed.
    #[error(
        "step {step}: 1 + λτ = {one_plus_lambda_tau} ≤ 0 (λ = {lambda}, τ = {tau}); take a smaller τ"
    )]
    IllPosed {
        /// Step index.
        step: usize,
        /// Declared λ.
        lambda: f64,
        /// τ.
        tau: f64,
        /// `1 + λτ`.
        one_plus_lambda_tau: f64,
    },
    /// The inner solve did not reach its tolerance; the state was not changed.
    #[error(
        "step {step}: {solver} stopped after {iterations} iterations at residual {residual:e} (tolerance {tolerance:e}); state unchanged"
    )]
    NotConverged {
        /// Step index.
        step: usize,
        /// Which solver.
        solver: &'static str,
        /// Iterations done.
        iterations: usize,
        /// Residual reached.
        residual: f64,
        /// Tolerance.
        tolerance: f64,
    },
    /// A state and an energy (or a sequence and a run) that do not fit.
    #[error("mismatch in {what}: expected {expected}, found {found}")]
    Mismatch {
        /// What was compared.
        what: &'static str,
        /// Expected.
        expected: usize,
        /// Found.
        found: usize,
    },
}

impl From<hwg_energy::hwg_transport::TransportError> for JkoError {
    fn from(e: hwg_energy::hwg_transport::TransportError) -> Self {
        JkoError::Energy(EnergyError::Transport(e))
    }
}

impl From<hwg_measure::MeasureError> for JkoError {
    fn from(e: hwg_measure::MeasureError) -> Self {
        JkoError::Energy(EnergyError::from(e))
    }
}

/// Result alias of this layer.
pub type Result<T, E = JkoError> = std::result::Result<T, E>;

/// `τ > 0` and finite.
pub(crate) fn check_tau(tau: f64) -> Result<f64> {
    if tau.is_finite() && tau > 0.0 {
        Ok(tau)
    } else {
        Err(JkoError::InvalidParameter {
            name: "tau",
            value: tau,
            reason: "time step must be finite and > 0",
        })
    }
}

/// `1 + λτ > 0` for a declared modulus.
pub(crate) fn check_well_posed(step: usize, lambda: Option<f64>, tau: f64) -> Result<()> {
    if let Some(lambda) = lambda
        && 1.0 + lambda * tau <= 0.0
    {
        return Err(JkoError::IllPosed {
            step,
            lambda,
            tau,
            one_plus_lambda_tau: 1.0 + lambda * tau,
        });
    }
    Ok(())
}
