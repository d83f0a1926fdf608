//! Potential energies `E(μ) = ∫ V dμ`: `δE/δμ = V`, Wasserstein gradient
//! `∇V(x_i)`, position Hessian `a_i ∇²V(x_i)`; λ-convex along every
//! interpolation when `∇²V ≥ λ I`.

use faer::{Mat, Side};
use hwg_measure::{ParticleView, compensated_sum};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{check_finite, check_param, finite_value};
use crate::traits::*;
use crate::{EnergyError, Result};

/// A potential `V: R^d → R` with its derivatives and declared constants.
pub trait PotentialFn: Send + Sync {
    /// Short name.
    fn name(&self) -> &'static str;
    /// Dimension `d`.
    fn dim(&self) -> usize;
    /// `V(x)`.
    fn value(&self, x: ArrayView1<f64>) -> f64;
    /// `∇V(x)`.
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64>;
    /// `∇²V(x) v`.
    fn hessian_vector(&self, x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64>;
    /// `λ` with `∇²V ≥ λ I` everywhere, if one exists.
    fn modulus(&self) -> Option<f64>;
    /// `(A, B)` with `V(x) ≥ −A − B|x|²`.
    fn lower_bound(&self) -> LowerBoundConstants;
}

/// The potential energy `∫ V dμ` of a [`PotentialFn`].
#[derive(Debug, Clone, PartialEq)]
pub struct Potential<P>(pub P);

impl<P: PotentialFn> Energy for Potential<P> {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn value(&self, mu: ParticleView<'_>) -> Result<f64> {
        check_dim(self, mu)?;
        let v = compensated_sum(
            mu.points()
                .rows()
                .into_iter()
                .zip(mu.weights())
                .map(|(x, &a)| a * self.0.value(x)),
        );
        finite_value(self.0.name(), v)
    }
}

impl<P: PotentialFn> FirstVariation for Potential<P> {
    fn first_variation(&self, _mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>> {
        check_points(self, at)?;
        Ok(at.rows().into_iter().map(|x| self.0.value(x)).collect())
    }
}

impl<P: PotentialFn> WassersteinGradient for Potential<P> {
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        let rows = map_rows(mu.len(), self.dim(), |i| {
            self.0.gradient(mu.points().row(i))
        });
        Ok(stack(rows, mu.dim()))
    }
}

impl<P: PotentialFn> HessianVector for Potential<P> {
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        check_direction(mu, v)?;
        let rows = map_rows(mu.len(), self.dim(), |i| {
            self.0.hessian_vector(mu.points().row(i), v.row(i)) * mu.weights()[i]
        });
        Ok(stack(rows, mu.dim()))
    }
}

impl<P: PotentialFn> Convexity for Potential<P> {
    fn modulus(&self) -> Option<f64> {
        self.0.modulus()
    }
}

impl<P: PotentialFn> LowerBound for Potential<P> {
    fn lower_bound(&self) -> LowerBoundConstants {
        self.0.lower_bound()
    }
}

/// Rows into an `n × d` array.
pub(crate) fn stack(rows: Vec<Array1<f64>>, d: usize) -> Array2<f64> {
    let n = rows.len();
    let mut out = Array2::zeros((n, d));
    for (mut dst, src) in out.rows_mut().into_iter().zip(rows) {
        dst.assign(&src);
    }
    out
}

/// Eigenvalues (ascending) of a symmetric matrix, checked symmetric and finite.
pub(crate) fn symmetric_eigenvalues(name: &'static str, m: ArrayView2<f64>) -> Result<Vec<f64>> {
    let d = m.nrows();
    if m.ncols() != d {
        return Err(EnergyError::DimensionMismatch {
            what: "square matrix",
            expected: d,
            found: m.ncols(),
        });
    }
    check_finite(name, m.iter())?;
    let scale = m.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    for i in 0..d {
        for j in 0..i {
            if (m[[i, j]] - m[[j, i]]).abs() > 1e-12 * scale {
                return Err(EnergyError::NotHermitian {
                    name,
                    row: i,
                    col: j,
                });
            }
        }
    }
    let mat = Mat::from_fn(d, d, |i, j| 0.5 * (m[[i, j]] + m[[j, i]]));
    mat.self_adjoint_eigenvalues(Side::Lower)
        .map_err(|_| EnergyError::InvalidParameter {
            name,
            value: f64::NAN,
            reason: "eigen-decomposition failed",
        })
}

/// `V(x) = ½ (x − c)ᵀ A (x − c)`; with `A = α I` this is the Hebbian stimulus
/// attraction `(α/2)|x − s|²`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    a: Array2<f64>,
    center: Array1<f64>,
    lambda_min: f64,
}

impl Quadratic {
    /// `½ (x − c)ᵀ A (x − c)` with `A` symmetric.
    pub fn new(a: Array2<f64>, center: Array1<f64>) -> Result<Self> {
        if a.nrows() != center.len() {
            return Err(EnergyError::DimensionMismatch {
                what: "matrix vs centre",
                expected: center.len(),
                found: a.nrows(),
            });
        }
        check_finite("centre", center.iter())?;
        let lambda_min = symmetric_eigenvalues("quadratic matrix", a.view())?[0];
        Ok(Self {
            a,
            center,
            lambda_min,
        })
    }

    /// The stimulus attraction `(α/2)|x − s|²`, `α ≥ 0`.
    pub fn attraction(alpha: f64, stimulus: Array1<f64>) -> Result<Self> {
        check_param(
            "alpha",
            alpha,
            alpha >= 0.0,
            "attraction strength must be ≥ 0",
        )?;
        let d = stimulus.len();
        Self::new(Array2::eye(d) * alpha, stimulus)
    }

    /// The matrix `A`.
    pub fn matrix(&self) -> &Array2<f64> {
        &self.a
    }

    /// The centre `c`.
    pub fn center(&self) -> &Array1<f64> {
        &self.center
    }
}

impl PotentialFn for Quadratic {
    fn name(&self) -> &'static str {
        "quadratic potential"
    }
    fn dim(&self) -> usize {
        self.center.len()
    }
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        let z = &x - &self.center;
        0.5 * z.dot(&self.a.dot(&z))
    }
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64> {
        self.a.dot(&(&x - &self.center))
    }
    fn hessian_vector(&self, _x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64> {
        self.a.dot(&v)
    }
    fn modulus(&self) -> Option<f64> {
        Some(self.lambda_min)
    }
    fn lower_bound(&self) -> LowerBoundConstants {
        if self.lambda_min >= 0.0 {
            LowerBoundConstants::ZERO
        } else {
            // ½ zᵀAz ≥ (λ/2)|x − c|² ≥ λ(|x|² + |c|²) for λ < 0.
            LowerBoundConstants {
                a: -self.lambda_min * self.center.dot(&self.center),
                b: -self.lambda_min,
            }
        }
    }
}

/// `V(x) = h (|x|² − 1)² / 4`: wells on the unit sphere, `∇²V ≥ −h I`.
#[derive(Debug, Clone, PartialEq)]
pub struct DoubleWell {
    dim: usize,
    height: f64,
}

impl DoubleWell {
    /// Double well of height scale `h > 0` in `R^d`.
    pub fn new(dim: usize, height: f64) -> Result<Self> {
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        check_param("height", height, height > 0.0, "well height must be > 0")?;
        Ok(Self { dim, height })
    }
}

impl PotentialFn for DoubleWell {
    fn name(&self) -> &'static str {
        "double well"
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        let r = x.dot(&x) - 1.0;
        0.25 * self.height * r * r
    }
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64> {
        &x * (self.height * (x.dot(&x) - 1.0))
    }
    fn hessian_vector(&self, x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64> {
        // ∇²V = h((|x|² − 1) I + 2 x xᵀ).
        (&v * (x.dot(&x) - 1.0) + &x * (2.0 * x.dot(&v))) * self.height
    }
    fn modulus(&self) -> Option<f64> {
        Some(-self.height)
    }
    fn lower_bound(&self) -> LowerBoundConstants {
        LowerBoundConstants::ZERO
    }
}

/// The linear drive `V(x) = ⟨g, x⟩` (0-convex).
#[derive(Debug, Clone, PartialEq)]
pub struct LinearDrive {
    g: Array1<f64>,
}

impl LinearDrive {
    /// Drive with a finite direction `g`.
    pub fn new(g: Array1<f64>) -> Result<Self> {
        check_finite("drive", g.iter())?;
        check_param(
            "dim",
            g.len() as f64,
            !g.is_empty(),
            "dimension must be ≥ 1",
        )?;
        Ok(Self { g })
    }

    /// The drive `g`.
    pub fn drive(&self) -> &Array1<f64> {
        &self.g
    }
}

impl PotentialFn for LinearDrive {
    fn name(&self) -> &'static str {
        "linear drive"
    }
    fn dim(&self) -> usize {
        self.g.len()
    }
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        self.g.dot(&x)
    }
    fn gradient(&self, _x: ArrayView1<f64>) -> Array1<f64> {
        self.g.clone()
    }
    fn hessian_vector(&self, _x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64> {
        Array1::zeros(v.len())
    }
    fn modulus(&self) -> Option<f64> {
        Some(0.0)
    }
    fn lower_bound(&self) -> LowerBoundConstants {
        // ⟨g, x⟩ ≥ −|g||x| ≥ −|g|²/2 − |x|²/2.
        LowerBoundConstants {
            a: 0.5 * self.g.dot(&self.g),
            b: 0.5,
        }
    }
}

/// Plain Hebb with Oja-like confinement: `V(x) = −½ xᵀ C x + (κ/4)|x|⁴`,
/// `C` symmetric (the pre/post correlation), `κ > 0`. `∇²V ≥ −λ_max(C) I`.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlation {
    c: Array2<f64>,
    kappa: f64,
    lambda_max: f64,
}

impl Correlation {
    /// Correlation `C` (symmetric) with confinement `κ > 0`.
    pub fn new(c: Array2<f64>, kappa: f64) -> Result<Self> {
        check_param("kappa", kappa, kappa > 0.0, "confinement must be > 0")?;
        let ev = symmetric_eigenvalues("correlation matrix", c.view())?;
        let lambda_max = *ev.last().expect("d ≥ 1");
        Ok(Self {
            c,
            kappa,
            lambda_max,
        })
    }

    /// The correlation matrix.
    pub fn matrix(&self) -> &Array2<f64> {
        &self.c
    }
}

impl PotentialFn for Correlation {
    fn name(&self) -> &'static str {
        "correlation + quartic confinement"
    }
    fn dim(&self) -> usize {
        self.c.nrows()
    }
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        let r2 = x.dot(&x);
        -0.5 * x.dot(&self.c.dot(&x)) + 0.25 * self.kappa * r2 * r2
    }
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64> {
        -self.c.dot(&x) + &x * (self.kappa * x.dot(&x))
    }
    fn hessian_vector(&self, x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64> {
        // ∇²V = −C + κ(|x|² I + 2 x xᵀ).
        -self.c.dot(&v) + (&v * x.dot(&x) + &x * (2.0 * x.dot(&v))) * self.kappa
    }
    fn modulus(&self) -> Option<f64> {
        Some(-self.lambda_max)
    }
    fn lower_bound(&self) -> LowerBoundConstants {
        // −c r/2 + κ r²/4 ≥ −c²/(4κ) with c = λ_max⁺, r = |x|².
        let c = self.lambda_max.max(0.0);
        LowerBoundConstants {
            a: c * c / (4.0 * self.kappa),
            b: 0.0,
        }
    }
}

type VFn = dyn Fn(ArrayView1<f64>) -> f64 + Send + Sync;
type GFn = dyn Fn(ArrayView1<f64>) -> Array1<f64> + Send + Sync;
type HFn = dyn Fn(ArrayView1<f64>, ArrayView1<f64>) -> Array1<f64> + Send + Sync;

/// A user-supplied potential: value, gradient and Hessian-vector product as
/// closures, with declared modulus and lower bound (checked by the
/// stability checker's probes).
pub struct UserPotential {
    dim: usize,
    value: Box<VFn>,
    gradient: Box<GFn>,
    hessian_vector: Box<HFn>,
    modulus: Option<f64>,
    lower: LowerBoundConstants,
}

impl UserPotential {
    /// Build from closures and declared constants.
    pub fn new(
        dim: usize,
        value: impl Fn(ArrayView1<f64>) -> f64 + Send + Sync + 'static,
        gradient: impl Fn(ArrayView1<f64>) -> Array1<f64> + Send + Sync + 'static,
        hessian_vector: impl Fn(ArrayView1<f64>, ArrayView1<f64>) -> Array1<f64> + Send + Sync + 'static,
        modulus: Option<f64>,
        lower: LowerBoundConstants,
    ) -> Result<Self> {
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        if let Some(l) = modulus {
            check_param("modulus", l, true, "must be finite")?;
        }
        check_param("A", lower.a, true, "must be finite")?;
        check_param("B", lower.b, lower.b >= 0.0, "must be finite and ≥ 0")?;
        Ok(Self {
            dim,
            value: Box::new(value),
            gradient: Box::new(gradient),
            hessian_vector: Box::new(hessian_vector),
            modulus,
            lower,
        })
    }
}

impl std::fmt::Debug for UserPotential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserPotential")
            .field("dim", &self.dim)
            .field("modulus", &self.modulus)
            .finish_non_exhaustive()
    }
}

impl PotentialFn for UserPotential {
    fn name(&self) -> &'static str {
        "user potential"
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        (self.value)(x)
    }
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64> {
        (self.gradient)(x)
    }
    fn hessian_vector(&self, x: ArrayView1<f64>, v: ArrayView1<f64>) -> Array1<f64> {
        (self.hessian_vector)(x, v)
    }
    fn modulus(&self) -> Option<f64> {
        self.modulus
    }
    fn lower_bound(&self) -> LowerBoundConstants {
        self.lower
    }
}
