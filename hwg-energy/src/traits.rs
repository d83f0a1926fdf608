//! One capability per trait, in the style of argmin's problem traits.
//!
//! For a particle measure `μ = Σ a_i δ_{x_i}` write `F(X) = E(Σ a_i δ_{x_i})`
//! for the energy as a function of the atom positions `X` (rows `x_i`). Then
//! `∂F/∂x_i = a_i ∇(δE/δμ)(x_i)`: the Wasserstein gradient at an atom is the
//! position gradient divided by the atom's mass, and the Hessian-vector
//! product is that of `F`.

use hwg_measure::ParticleView;
use ndarray::{Array1, Array2, ArrayView2};

use crate::{EnergyError, Result};

/// The value `E(μ)` of an energy on particle measures in `R^d`.
pub trait Energy: Send + Sync {
    /// Short name for reports and errors.
    fn name(&self) -> &'static str;
    /// The dimension `d` of the space the energy lives on.
    fn dim(&self) -> usize;
    /// `E(μ)`; a dimension mismatch or a non-finite result is an error.
    fn value(&self, mu: ParticleView<'_>) -> Result<f64>;
}

/// The first variation `δE/δμ(μ)`, a function on `R^d`.
pub trait FirstVariation: Energy {
    /// `δE/δμ(μ)(y)` at each row `y` of `at`.
    fn first_variation(&self, mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>>;
}

/// The Wasserstein gradient (velocity field) `∇ δE/δμ(μ)` at the atoms.
pub trait WassersteinGradient: Energy {
    /// Row `i` is `∇ δE/δμ(μ)(x_i)` (`n × d`).
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>>;
}

/// Hessian-vector products of `F(X) = E(Σ a_i δ_{x_i})` in the positions.
pub trait HessianVector: Energy {
    /// `D²F(X)[V]` for a direction `V` (`n × d`).
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>>;
}

/// The declared convexity modulus: `E` is λ-convex along (generalised)
/// geodesics, `E(μ_t) ≤ (1−t)E(μ_0) + tE(μ_1) − (λ/2) t(1−t) W2²(μ_0, μ_1)`.
pub trait Convexity {
    /// `Some(λ)`, or `None` when no global modulus exists (then the
    /// stability checker estimates one on probe measures).
    fn modulus(&self) -> Option<f64>;
}

/// Constants `(A, B)` with `E(μ) ≥ −A − B M2(μ)` for every `μ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LowerBoundConstants {
    /// `A`.
    pub a: f64,
    /// `B ≥ 0`.
    pub b: f64,
}

impl LowerBoundConstants {
    /// `E ≥ 0`.
    pub const ZERO: Self = Self { a: 0.0, b: 0.0 };

    /// The bound `−A − B M2` at a given second moment.
    pub fn at(&self, m2: f64) -> f64 {
        -self.a - self.b * m2
    }
}

/// The declared lower bound of condition (S2).
pub trait LowerBound {
    /// `(A, B)` with `E ≥ −A − B M2`.
    fn lower_bound(&self) -> LowerBoundConstants;
}

/// Everything a particle JKO step needs; implemented for every type that has
/// all the capabilities.
pub trait ParticleEnergy:
    Energy + FirstVariation + WassersteinGradient + HessianVector + Convexity + LowerBound
{
}

impl<T: Energy + FirstVariation + WassersteinGradient + HessianVector + Convexity + LowerBound>
    ParticleEnergy for T
{
}

/// The measure lives in the energy's dimension.
pub(crate) fn check_dim(energy: &dyn Energy, mu: ParticleView<'_>) -> Result<()> {
    if mu.dim() != energy.dim() {
        return Err(EnergyError::DimensionMismatch {
            what: "measure vs energy",
            expected: energy.dim(),
            found: mu.dim(),
        });
    }
    Ok(())
}

/// A direction has the shape of the atoms.
pub(crate) fn check_direction(mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<()> {
    if v.nrows() != mu.len() || v.ncols() != mu.dim() {
        return Err(EnergyError::DimensionMismatch {
            what: "direction vs atoms (rows × columns)",
            expected: mu.len() * mu.dim(),
            found: v.nrows() * v.ncols(),
        });
    }
    crate::error::check_finite("direction", v.iter())
}

/// Evaluation points have the energy's dimension.
pub(crate) fn check_points(energy: &dyn Energy, at: ArrayView2<f64>) -> Result<()> {
    if at.ncols() != energy.dim() {
        return Err(EnergyError::DimensionMismatch {
            what: "evaluation points vs energy",
            expected: energy.dim(),
            found: at.ncols(),
        });
    }
    crate::error::check_finite("evaluation points", at.iter())
}

/// Below this many elementary evaluations a rayon split costs more than it saves.
const PARALLEL_WORK: usize = 50_000;

/// `(0..n).map(f)`, in parallel when `n · work_per_row` is large enough to
/// pay for it (small fibers stepped in parallel stay single-threaded inside).
pub(crate) fn map_rows<T: Send>(
    n: usize,
    work_per_row: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> Vec<T> {
    use rayon::prelude::*;
    if n.saturating_mul(work_per_row) >= PARALLEL_WORK {
        (0..n).into_par_iter().map(f).collect()
    } else {
        (0..n).map(f).collect()
    }
}
