//! # hwg-measure — memory states as probability measures
//!
//! In Hebbian–Wasserstein geometry a memory state is a probability measure
//! $\mu \in \mathcal P_2(X)$ on an internal space $X$: a distribution of
//! synaptic configurations rather than a single weight vector. This crate
//! owns the *representations* of such states and their invariants; it knows
//! nothing of transport, energies or dynamics (those live in the layers
//! above: `hwg-transport` ← `hwg-energy` ← `hwg-jko` ← `hwg-project` ←
//! `hwg-limit`), and it may not depend on any of them.
//!
//! ## Representations
//!
//! | type | measure | use |
//! |---|---|---|
//! | [`ParticleMeasure`] | $\mu = \sum_i a_i \delta_{x_i}$, $x_i \in \mathbb R^d$ | Lagrangian JKO steps, transport |
//! | [`FiberedState`] | a family $(\mu_s)_s$ in one contiguous store | fiberwise (per-synapse) updates in parallel |
//! | [`GridHistogram1d`], [`GridHistogram2d`] | masses $m_c$ on regular cells | Eulerian schemes, density energies |
//! | [`Gaussian`] | $\mathcal N(m, \Sigma)$ | closed-form Bures–Wasserstein dynamics |
//! | [`SortedLine`] | quantile function $Q_\mu$ on $(0,1)$ | 1-D, where $\mathcal P_2(\mathbb R)$ is flat |
//! | [`ComplexParticleMeasure`] | atoms $z_i \in \mathbb C^d \cong \mathbb R^{2d}$ | spectral (complex) extension |
//!
//! ## Invariants
//!
//! Every value of these types satisfies, checked at construction *and* at
//! deserialisation: finite coordinates; finite weights $a_i \ge 0$; total
//! mass $|\sum_i a_i - 1| \le 10^{-12}$ (sums are compensated, so the check
//! is meaningful for millions of atoms), unless the caller asks for
//! [`MassPolicy::Renormalize`]; consistent dimensions. Bad input is a
//! [`MeasureError`] naming the offending index and value; nothing panics on
//! user data.
//!
//! ## Moments
//!
//! For $\mu = \sum_i a_i \delta_{x_i}$: mean $m = \sum_i a_i x_i$,
//! covariance $\Sigma = \sum_i a_i (x_i - m)(x_i - m)^\top$, second moment
//! $M_2 = \sum_i a_i |x_i|^2 = |m|^2 + \operatorname{tr}\Sigma$. The last
//! identity holds for every measure, which the example checks on a mixture
//! and, in closed form, on a Gaussian:
//!
//! ```
//! use hwg_measure::{Gaussian, ParticleMeasure};
//! use ndarray::array;
//!
//! // Mixture ½ δ_(0,0) + ¼ δ_(2,0) + ¼ δ_(0,4): mean (½, 1).
//! let a = ParticleMeasure::dirac(array![0.0, 0.0].view())?;
//! let b = ParticleMeasure::uniform(array![[2.0, 0.0], [0.0, 4.0]])?;
//! let mix = ParticleMeasure::mixture(&[(0.5, &a), (0.5, &b)])?;
//! assert_eq!(mix.mean(), array![0.5, 1.0]);
//! let (m, cov) = (mix.mean(), mix.covariance());
//! assert!((mix.second_moment() - (m.dot(&m) + cov.diag().sum())).abs() < 1e-14);
//!
//! // N(m, Σ): M2 = |m|² + tr Σ = 5 + 3.
//! let g = Gaussian::new(array![1.0, 2.0], array![[2.0, 0.5], [0.5, 1.0]])?;
//! assert_eq!(g.second_moment(), 8.0);
//! # Ok::<(), hwg_measure::MeasureError>(())
//! ```
//!
//! ## Verification
//!
//! [`checks()`] lists this layer's claims for `cargo xtask verify`; the
//! [`verify`] module holds the registry types every layer uses.
#![warn(missing_docs)]

mod checks;
mod complex;
mod error;
mod fibered;
mod gaussian;
mod grid;
mod line;
mod particle;
pub mod rng;
mod serde_rows;
#[cfg(feature = "strategies")]
pub mod strategies;
mod validate;
pub mod verify;

pub use checks::checks;
pub use complex::ComplexParticleMeasure;
pub use error::{MeasureError, Result};
pub use fibered::FiberedState;
pub use gaussian::{Gaussian, SYMMETRY_TOLERANCE, normal_quantile};
pub use grid::{GridHistogram1d, GridHistogram2d};
pub use line::SortedLine;
pub use particle::{ParticleMeasure, ParticleView};
pub use validate::{CompensatedSum, MASS_TOLERANCE, MassPolicy, compensated_sum};
