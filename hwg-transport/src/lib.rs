//! # hwg-transport — optimal transport with certificates
//!
//! This layer owns the transport problems between memory states: the
//! quadratic Wasserstein distance every JKO certificate uses, the plans that
//! realise it, and geodesics. It may use `hwg-measure` and nothing above it;
//! energies, dynamics and observables are not its business.
//!
//! ## The problem
//!
//! For $\mu = \sum_i a_i \delta_{x_i}$, $\nu = \sum_j b_j \delta_{y_j}$ and a cost
//! $C_{ij} \ge 0$,
//! $$ \mathrm{OT}(a, b) = \min_{\pi \ge 0,\ \pi 1 = a,\ \pi^\top 1 = b} \langle \pi, C\rangle
//!   = \max_{f_i + g_j \le C_{ij}} \sum_i a_i f_i + \sum_j b_j g_j ,$$
//! and $W_2^2(\mu, \nu)$ is the value for $C_{ij} = |x_i - y_j|^2$.
//!
//! | need | function | guarantee |
//! |---|---|---|
//! | exact plan, any sizes and weights | [`emd`], [`emd_particles`], [`w2_squared`] | network simplex; plan with ≤ n+m−1 non-zeros; potentials; [`Certificate`] (dual infeasibility, duality gap, marginal error) recomputed from scratch |
//! | the line | [`wasserstein_1d`], [`ot_1d`], [`w2_squared_1d`] | $W_p^p = \int_0^1 \lvert Q_\mu - Q_\nu\rvert^p$, merge of the CDFs, $O((n+m)\log(n+m))$ |
//! | Gaussians | [`w2_squared_gaussian`], [`gaussian_map`], [`bures_geodesic`] | closed forms with faer eigen-decompositions |
//! | entropic, dense | [`sinkhorn`] | stabilised log-domain scaling with ε-scaling; balanced or unbalanced (KL marginals); no NaN for any ε > 0 |
//! | entropic, large clouds | [`sinkhorn_online`] | matrix-free, memory $O(n+m)$, rayon |
//! | debiased | [`sinkhorn_divergence`] | $S_\varepsilon(\mu,\nu) = \mathrm{OT}_\varepsilon(\mu,\nu) - \tfrac12\mathrm{OT}_\varepsilon(\mu,\mu) - \tfrac12\mathrm{OT}_\varepsilon(\nu,\nu)$ |
//! | geodesics | [`displacement_interpolation`], [`barycentric_map`], [`barycentric_interpolation`] | $W_2(\mu_s,\mu_t) = \lvert t-s\rvert\, W_2(\mu_0,\mu_1)$ for exact plans |
//!
//! Solvers never stop silently: a caller-set budget that runs out is a
//! [`TransportError::NotConverged`] carrying the residual reached.
//!
//! ## Example: three closed forms agree
//!
//! On the line the monotone coupling is optimal, and between Gaussians
//! $W_2^2 = |m_1 - m_2|^2 + (s_1 - s_2)^2$ in 1-D. The exact solver, the 1-D
//! solver and the closed form must give the same numbers:
//!
//! ```
//! use hwg_measure::{Gaussian, ParticleMeasure};
//! use hwg_transport::{w2_squared, w2_squared_1d, w2_squared_gaussian};
//! use ndarray::array;
//!
//! // μ = ½δ_0 + ½δ_1, ν = ½δ_2 + ½δ_4: monotone pairing 0→2, 1→4, W2² = (4 + 9)/2.
//! let mu = ParticleMeasure::uniform(array![[1.0], [0.0]])?;
//! let nu = ParticleMeasure::uniform(array![[4.0], [2.0]])?;
//! assert!((w2_squared(&mu, &nu)? - 6.5).abs() < 1e-15);
//! assert!((w2_squared_1d(&mu, &nu)? - 6.5).abs() < 1e-15);
//!
//! let g1 = Gaussian::new(array![0.0], array![[4.0]])?;
//! let g2 = Gaussian::new(array![3.0], array![[1.0]])?;
//! assert!((w2_squared_gaussian(&g1, &g2)? - (9.0 + 1.0)).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod checks;
mod cost;
mod entropic;
mod error;
mod exact;
mod gaussian;
mod geodesic;

pub use hwg_measure;

pub use checks::checks;
pub use cost::{BALANCE_TOLERANCE, particle_cost, sq_dist, squared_euclidean};
pub use entropic::{
    Marginals, OnlineSinkhorn, SCALING_START, SinkhornParams, SinkhornSolution, sinkhorn,
    sinkhorn_divergence, sinkhorn_online,
};
pub use error::{Result, TransportError};
pub use exact::one_d::{OneDSolution, ot_1d, w2_squared_1d, wasserstein_1d};
pub use exact::{
    Certificate, ExactOptions, ExactSolution, PRICING_TOLERANCE, SparsePlan, emd, emd_particles,
    options_with_budget, w2_squared,
};
pub use gaussian::{AffineMap, bures_geodesic, gaussian_map, symmetric_power, w2_squared_gaussian};
pub use geodesic::{barycentric_interpolation, barycentric_map, displacement_interpolation};
