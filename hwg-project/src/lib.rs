//! # hwg-project — observables as projections of memory states
//!
//! A memory state is a probability measure $\mu \in \mathcal P_2(X)$; an
//! experimenter sees a **projection** $P(\mu)$ in an external space. This
//! layer owns those maps ([`Projection`]) and shows that classical learning
//! rules are projections of JKO dynamics.
//!
//! ## Flat: the mean is the effective weight
//! For an energy of the mean only, $E(\mu) = F(\int x\,d\mu)$, the first
//! variation $\delta E/\delta\mu(x) = \langle \nabla F(m), x\rangle$ has the
//! same gradient at every atom, so the JKO optimality condition
//! $T(x) = x - \tau \nabla F(m')$ moves all atoms by one vector and the mean
//! satisfies $m' = m - \tau \nabla F(m')$: the proximal-point step. For the
//! stimulus attraction $E_k(\mu) = \tfrac\alpha2\int |x - s_k|^2 d\mu$ the step is
//! $x' = (x + \tau\alpha s_k)/(1 + \tau\alpha)$, hence
//! $$ m_{k+1} = (1-\beta)\, m_k + \beta\, s_k, \qquad \beta = \frac{\tau\alpha}{1+\tau\alpha}, $$
//! an exponential moving average for every $\mu$ ([`flat::Mean`]).
//! The mean-field network $f_\mu(u) = \int c\,\tanh\langle w, u\rangle\,d\mu(c,w)$
//! is the flat projection of a feature map ([`flat::MeanFieldNetwork`]); on
//! $n$ equal atoms one explicit Wasserstein-gradient step is one step of
//! gradient descent with learning rate $n\tau$ ([`flat::ClassicalNetwork`]).
//!
//! ## Simplicial: competition on $\Delta_K$
//! A partition $(A_i)$ gives $w_i = \mu(A_i)$, $\sum_i w_i = 1$ always
//! ([`simplicial::StructuralWeights`], [`simplicial::CompetitionTracker`]).
//! On logits with the linear drive $\langle g, \theta\rangle$ every atom moves
//! by $-\tau g$, so $\mathrm{softmax}(\int\theta\,d\mu)$ follows
//! $p' \propto p \odot e^{-\tau g}$: exponentiated-gradient mirror descent
//! ([`simplicial::SoftmaxOfMean`]).
//!
//! ## Hilbertian: coherence and embeddings
//! $Z_k(\mu) = \int e^{ik\theta} d\mu$ ([`hilbert::OrderParameters`]); for
//! $W(\theta) = -\sum_k J_k\cos k\theta$,
//! $E(\mu) = \tfrac12\iint W\,d\mu\,d\mu = -\sum_k \tfrac{J_k}{2}|Z_k|^2$.
//! Kernel mean embeddings $q \mapsto \int k(q,x)\,d\mu(x)$ give recall and
//! MMD ([`hilbert::GaussianKernel`], [`hilbert::RandomFourierFeatures`],
//! [`hilbert::EmbeddingMemory`]).
//!
//! ## Spectral: complex modes
//! $K(\mu) = \int z z^*\,d\mu$ on $\mathbb C^d$ and its eigen-pairs
//! ([`spectral::CorrelationOperator`], [`spectral::SpectralModes`]).
//!
//! ## Example: the EMA, checked against its closed form
//! ```
//! use hwg_project::{Projection, flat::Mean};
//! use hwg_project::hwg_jko::{Executor, ParticleStepper};
//! use hwg_project::hwg_jko::hwg_energy::{ParticleEnergy, Potential, Quadratic};
//! use hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure::ParticleMeasure;
//! use ndarray::array;
//!
//! let (alpha, tau) = (2.0, 0.1);
//! let stimuli = [array![1.0, 0.0], array![0.0, 1.0], array![-1.0, 0.5]];
//! let energies: Vec<Box<dyn ParticleEnergy>> = stimuli
//!     .iter()
//!     .map(|s| Box::new(Potential(Quadratic::attraction(alpha, s.clone()).unwrap())) as _)
//!     .collect();
//! let mu0 = ParticleMeasure::uniform(array![[0.0, 0.0], [1.0, 2.0], [3.0, -1.0]]).unwrap();
//! let run = Executor::new(ParticleStepper::default(), tau).unwrap()
//!     .run(mu0.clone(), energies.iter().map(|e| e.as_ref()))
//!     .unwrap();
//!
//! let beta = tau * alpha / (1.0 + tau * alpha);
//! let mut ema = mu0.mean();
//! for (s, state) in stimuli.iter().zip(&run.states[1..]) {
//!     ema = &ema * (1.0 - beta) + s * beta;
//!     let m = Mean.project(state).unwrap();
//!     assert!((&m - &ema).iter().all(|e| e.abs() < 1e-12));
//! }
//! ```
//!
//! **Owns**: projection maps and the recovery demonstrations (checks).
//! **May not touch**: how steps are computed (`hwg-jko`) or energies
//! (`hwg-energy`); it observes states, it never evolves them.
#![warn(missing_docs)]

pub use hwg_jko;

mod checks;
mod error;
pub mod flat;
pub mod hilbert;
mod projection;
pub mod simplicial;
pub mod spectral;

pub use checks::checks;
pub use error::{ProjectError, Result};
pub use projection::Projection;
