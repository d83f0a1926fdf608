//! # hwg-jko — learning as JKO minimizing movements
//!
//! One learning step is
//! $$\mu_{k+1} \in \arg\min_\mu\; E_k(\mu) + \frac{W_2^2(\mu, \mu_k)}{2\tau},$$
//! well posed when $E_k$ is $\lambda$-convex with $1 + \lambda\tau > 0$ (the
//! step is refused otherwise, before any work). This crate owns the steppers
//! and their certificates; it uses `hwg-energy` (energies, derivatives,
//! moduli) and `hwg-transport` (the exact $W_2$ of every certificate) and may
//! not touch observables (`hwg-project`) or limits (`hwg-limit`).
//!
//! ## Shape (argmin style)
//!
//! A [`Stepper`] makes one step and returns a [`StepCertificate`]:
//! $E_k(\mu_k)$, $E_k(\mu_{k+1})$, the exact $W_2^2(\mu_k,\mu_{k+1})$, the
//! descent slack $E_k(\mu_k) - E_k(\mu_{k+1}) - W_2^2/(2\tau) \ge 0$, the
//! Euler–Lagrange residual $\lVert (T - \mathrm{id})/\tau + \nabla\frac{\delta
//! E_k}{\delta\mu}(\mu_{k+1})\circ T\rVert_{L^2(\mu_k)}$ and the gap between
//! the realised map's cost and $W_2^2$ (zero when the map is optimal). An
//! [`Executor`] owns $\tau$ and the step count and calls [`Observer`]s.
//! A failed inner solve is a [`JkoError::NotConverged`] with the residual
//! reached; the state is borrowed, so it stays what it was.
//!
//! ## Backends in this version
//!
//! - [`ParticleStepper`]: Lagrangian, Newton–CG with Armijo backtracking
//!   on $\Phi(Y) = \sum_i a_i\lvert y_i - x_i\rvert^2/(2\tau) + E(\sum_i a_i\delta_{y_i})$.
//! - [`QuantileStepper`]: the 1-D Lagrangian scheme for potentials plus
//!   entropy or porous medium, Newton with a tridiagonal Hessian, `O(n)` per
//!   iteration; first order in `n` against the Gaussian closed form.
//! - [`GaussianStepper`]: exact Bures–Wasserstein step for a quadratic
//!   potential plus entropy, closed form when $A$ and $\Sigma$ commute
//!   ([`eigen_std_update`]), Newton on the matrix equation otherwise.
//! - [`GridStepper`]: the entropic Eulerian scheme of Peyré (2015) on 1-D
//!   and 2-D grids for a potential plus entropy or porous medium
//!   (log-domain generalised Sinkhorn); its coupling is blurred by $O(\gamma)$.
//! - [`step_fibers`] / [`run_fibers`]: fiberwise steps in parallel,
//!   bit-identical to sequential, coupled through observables between steps.
//!
//! ## Example: stimulus attraction is an exact contraction
//!
//! For $E(\mu) = \int \frac\alpha2\lvert x - s\rvert^2 d\mu$ every atom moves to
//! $x' = (x + \tau\alpha s)/(1 + \tau\alpha)$:
//!
//! ```
//! use hwg_energy::{ParticleEnergy, Potential, Quadratic};
//! use hwg_jko::{ParticleStepper, Stepper};
//! use hwg_measure::ParticleMeasure;
//! use ndarray::array;
//!
//! let e = Potential(Quadratic::attraction(2.0, array![1.0, 0.0])?);
//! let mu = ParticleMeasure::uniform(array![[0.0, 0.0], [2.0, 1.0]])?;
//! let (next, cert) = ParticleStepper::default().step(0, &mu, &e as &dyn ParticleEnergy, 0.5)?;
//! // (x + τα s)/(1 + τα) with τα = 1.
//! assert!((next.points()[[0, 0]] - 0.5).abs() < 1e-12);
//! assert!((next.points()[[1, 1]] - 0.5).abs() < 1e-12);
//! assert!(cert.descent_slack >= 0.0 && cert.map_is_optimal(1e-12));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod checks;
mod error;
mod fiber;
mod gaussian;
mod grid;
mod particle;
mod quantile;
mod step;

pub use hwg_energy;

pub use checks::checks;
pub use error::{JkoError, Result};
pub use fiber::{Schedule, run_fibers, step_fibers};
pub use gaussian::{GaussianEnergy, GaussianStepper, eigen_std_update};
pub use grid::{GridEnergy, GridStepper};
pub use particle::ParticleStepper;
pub use quantile::{QuantileEnergy, QuantileStepper};
pub use step::{Executor, Observer, Run, StepCertificate, Stepper};
