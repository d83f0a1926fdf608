//! # hwg-limit — continuous-time limits of JKO sequences
//!
//! As the step $\tau \to 0$ the JKO iterates $\mu_k^\tau$ converge to a curve
//! $\mu_t$ solving the (perturbed) Wasserstein gradient flow
//! $\partial_t \mu = \nabla\cdot(\mu\,\nabla \tfrac{\delta E}{\delta\mu})$. This
//! layer turns runs into curves and measures how close they are to that limit.
//!
//! ## Curves
//! The piecewise-constant interpolant $\bar\mu(t) = \mu_k$ on
//! $((k-1)\tau, k\tau]$ and the geodesic interpolant through the realised
//! maps ([`curve::PiecewiseConstant`], [`curve::GeodesicInterpolant`]).
//!
//! ## Energy dissipation
//! With $|\mu'|_k = W_2(\mu_k,\mu_{k+1})/\tau$ and the slope
//! $|\partial E|(\mu) = \|\nabla \tfrac{\delta E}{\delta\mu}\|_{L^2(\mu)}$, the JKO
//! optimality condition gives $|\partial E|(\mu_{k+1}) = |\mu'|_k$, and
//! $\lambda$-convexity along the geodesic from $\mu_{k+1}$ to $\mu_k$ gives
//! $E(\mu_k) \ge E(\mu_{k+1}) + W^2/\tau + \tfrac\lambda2 W^2$. Summing,
//! $$ E(\mu_N) + \sum_k \frac\tau2\Big[(1+\lambda\tau)|\mu'|_k^2 + |\partial E|^2(\mu_{k+1})\Big] \le E(\mu_0), $$
//! the EDI with its $(1+\lambda\tau)$ correction for $\lambda < 0$ ([`edi`]).
//! For time-dependent energies the discrete balance
//! $E_{N-1}(\mu_N) + \sum_k \tau|\mu'|_k^2 = E_0(\mu_0) + \sum_k [E_{k+1}(\mu_{k+1}) - E_k(\mu_{k+1})] + R_\tau$
//! has $R_\tau = O(\tau)$ ([`balance`]); [`holder`] measures
//! $W_2(\bar\mu(t),\bar\mu(s)) \le C\sqrt{|t-s|+\tau}$.
//!
//! ## Convergence
//! Closed forms: Ornstein–Uhlenbeck ([`ou_gaussian`]), heat ([`heat_gaussian`]),
//! Barenblatt for $\partial_t\rho = \Delta\rho^2$ ([`Barenblatt`]); a τ-sweep
//! fits the order ([`Sweep`]); [`Richardson`] estimates it without one.
//!
//! ## Sleep
//! Wake/sleep schedules in continuous time ([`SleepSchedule`]) and
//! consolidation statistics ([`cluster_count`], [`consolidation_trace`]).
//!
//! ## Example: first order on the OU flow
//! ```
//! use hwg_limit::{Sweep, ou_gaussian};
//! use hwg_limit::hwg_jko::{GaussianEnergy, GaussianStepper, Stepper};
//! use hwg_limit::hwg_energy::{Entropy, Quadratic};
//! use hwg_limit::hwg_measure::Gaussian;
//! use hwg_limit::hwg_transport::w2_squared_gaussian;
//! use ndarray::array;
//!
//! let init = Gaussian::new(array![2.0], array![[0.1]]).unwrap();
//! let energy = GaussianEnergy::new(
//!     Quadratic::attraction(1.0, array![0.0]).unwrap(),
//!     Entropy::new(0.5).unwrap(),
//! );
//! let exact = ou_gaussian(&init, 1.0, array![0.0].view(), 0.5, 1.0).unwrap();
//! let taus = vec![0.1, 0.05, 0.025];
//! let errors: Vec<f64> = taus.iter().map(|&tau| {
//!     let mut g = init.clone();
//!     for k in 0..(1.0 / tau as f64).round() as usize {
//!         g = GaussianStepper::default().step(k, &g, &energy, tau).unwrap().0;
//!     }
//!     w2_squared_gaussian(&g, &exact).unwrap().sqrt()
//! }).collect();
//! let order = Sweep::new(taus, errors).unwrap().order();
//! assert!((order - 1.0).abs() < 0.1, "order {order}");
//! ```
//!
//! **Owns**: interpolants, dissipation and balance sums, convergence
//! estimates, schedules and consolidation statistics. **May not touch**: how
//! steps are computed or what is observed; it analyses runs of the layers below.
#![warn(missing_docs)]

pub use hwg_project;
pub use hwg_project::hwg_jko;
pub use hwg_project::hwg_jko::hwg_energy;
pub use hwg_project::hwg_jko::hwg_energy::hwg_transport;
pub use hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure;

mod checks;
mod convergence;
pub mod curve;
mod dissipation;
mod error;
mod sleep;

pub use checks::checks;
pub use convergence::{Barenblatt, Richardson, Sweep, heat_gaussian, ou_gaussian};
pub use dissipation::{
    BalanceReport, EdiReport, HolderReport, balance, edi, holder, metric_derivatives,
    particle_slopes,
};
pub use error::{LimitError, Result};
pub use sleep::{
    ConsolidationTrace, SleepSchedule, StepTime, TimedWindow, cluster_count, consolidation_trace,
};

/// The workspace README's examples, compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
