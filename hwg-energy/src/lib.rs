//! # hwg-energy — Hebbian learning rules as energies
//!
//! A learning rule is an energy $E : \mathcal P_2(X) \to (-\infty, +\infty]$ on
//! memory states; one learning step is a JKO step on it (`hwg-jko`). This
//! crate owns the energies and the condition that makes every step well
//! posed. It uses `hwg-measure` (states) and `hwg-transport` (geodesics, for
//! convexity probes) and may not touch stepping (`hwg-jko`) or observables
//! (`hwg-project`).
//!
//! ## Capabilities (one trait each)
//!
//! For $\mu = \sum_i a_i \delta_{x_i}$ let $F(X) = E(\sum_i a_i\delta_{x_i})$.
//! [`Energy`] gives $E(\mu)$; [`FirstVariation`] $\frac{\delta E}{\delta\mu}$;
//! [`WassersteinGradient`] the velocity $\nabla\frac{\delta E}{\delta\mu}(x_i)
//! = a_i^{-1}\partial F/\partial x_i$; [`HessianVector`] $D^2F(X)\,V$;
//! [`Convexity`] the modulus $\lambda$ with
//! $E(\mu_t) \le (1-t)E(\mu_0) + tE(\mu_1) - \frac\lambda2 t(1-t) W_2^2(\mu_0,\mu_1)$;
//! [`LowerBound`] constants with $E \ge -A - B\,M_2$. [`ParticleEnergy`] is all
//! of them, and [`Sum`] combines energies with non-negative weights.
//!
//! ## Families and their moduli
//!
//! | family | type | $\lambda$ |
//! |---|---|---|
//! | potential $\int V d\mu$ | [`Potential`] of [`Quadratic`] (stimulus attraction $\frac\alpha2\lvert x-s\rvert^2$), [`DoubleWell`], [`LinearDrive`], [`Correlation`] ($-\frac12 x^\top Cx + \frac\kappa4\lvert x\rvert^4$), [`UserPotential`] | $\inf \nabla^2 V$ |
//! | interaction $\frac12\iint W(x-y)$ | [`Interaction`] of [`QuadraticKernel`], [`MorseKernel`], [`CircleKernel`] (Kuramoto–Daido) | $\min(\lambda_W, 0)$ |
//! | mean only $F(\int x\,d\mu)$ | [`MeanQuadratic`] | $\min(\lambda_F, 0)$ |
//! | network risk | [`TwoLayerRisk`] | none (estimated) |
//! | complex $-\frac12\int z^*Cz + \frac\kappa4\int\lvert z\rvert^4$ | [`ComplexCorrelation`] | $-\lambda_{\max}(C)$ |
//! | internal $\int U(\rho)$ | [`Entropy`], [`PorousMedium`] ([`InternalEnergy`], on densities) | 0 |
//!
//! Sequences $(E_k)$ driven by a stimulus stream, with wake and sleep
//! windows, are [`EnergySequence`]s; [`check_stability`] derives or estimates
//! $(\lambda, A, B, L)$ and names the first step that violates (S1)–(S3).
//!
//! ## Example: the circle identity
//!
//! For $W(\theta) = -J\cos\theta$ and phases $\{0, \pi/2\}$ with equal mass,
//! $Z_1 = (1 + i)/2$, so $E = -\frac J2 \lvert Z_1\rvert^2 = -J/4$:
//!
//! ```
//! use hwg_energy::{CircleKernel, Energy, Interaction};
//! use hwg_measure::ParticleMeasure;
//! use ndarray::array;
//!
//! let e = Interaction(CircleKernel::new(vec![2.0])?);
//! let mu = ParticleMeasure::uniform(array![[0.0], [std::f64::consts::FRAC_PI_2]])?;
//! assert!((e.value(mu.view())? - (-0.5)).abs() < 1e-15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod checks;
mod complex;
pub mod diagnostics;
mod error;
mod interaction;
mod internal;
mod mean;
mod network;
mod potential;
mod sequence;
mod stability;
mod sum;
mod traits;

pub use hwg_transport;

pub use checks::{checks, families};
pub use complex::ComplexCorrelation;
pub use error::{EnergyError, Result};
pub use interaction::{CircleKernel, Interaction, Kernel, MorseKernel, QuadraticKernel};
pub use internal::{Entropy, InternalEnergy, PorousMedium};
pub use mean::MeanQuadratic;
pub use network::TwoLayerRisk;
pub use potential::{
    Correlation, DoubleWell, LinearDrive, Potential, PotentialFn, Quadratic, UserPotential,
};
pub use sequence::{EnergySequence, IncrementBound, Phase, SleepMode, Window};
pub use stability::{
    Condition, Source, StabilityParams, StabilityReport, Violation, check_stability,
    estimate_modulus,
};
pub use sum::Sum;
pub use traits::{
    Convexity, Energy, FirstVariation, HessianVector, LowerBound, LowerBoundConstants,
    ParticleEnergy, WassersteinGradient,
};
