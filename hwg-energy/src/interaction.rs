//! Interaction energies `E(μ) = ½ ∫∫ W(x − y) dμ(x) dμ(y)` for an even kernel
//! `W`: `δE/δμ = W * μ`, Wasserstein gradient `Σ_j a_j ∇W(x_i − x_j)`.
//!
//! Convexity: along a geodesic with plan `π`, the defect of `E` is
//! `(λ_W/2) t(1−t) (W2² − |Δ mean|²)`, and `0 ≤ W2² − |Δ mean|² ≤ W2²`; so `E`
//! is `min(λ_W, 0)`-convex (translations cost nothing, so no positive modulus).

use hwg_measure::{ParticleView, compensated_sum};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{check_finite, check_param, finite_value};
use crate::traits::*;
use crate::{EnergyError, Result};

/// An even interaction kernel `W(z) = W(−z)` on `R^d`.
pub trait Kernel: Send + Sync {
    /// Short name.
    fn name(&self) -> &'static str;
    /// Dimension `d`.
    fn dim(&self) -> usize;
    /// `W(z)`.
    fn value(&self, z: &[f64]) -> f64;
    /// `∇W(z)` written into `out`.
    fn gradient(&self, z: &[f64], out: &mut [f64]);
    /// `∇²W(z) v` written into `out`.
    fn hessian_vector(&self, z: &[f64], v: &[f64], out: &mut [f64]);
    /// `λ_W` with `∇²W ≥ λ_W I`.
    fn kernel_modulus(&self) -> f64;
    /// `inf W` (finite for the kernels here).
    fn infimum(&self) -> f64;
}

/// `½ ∫∫ W(x − y) dμ dμ` for a [`Kernel`].
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction<K>(pub K);

fn diff(x: ArrayView1<f64>, y: ArrayView1<f64>, out: &mut [f64]) {
    for ((o, a), b) in out.iter_mut().zip(x).zip(y) {
        *o = a - b;
    }
}

impl<K: Kernel> Interaction<K> {
    /// `Σ_j a_j ∇W(x − x_j)` at one point.
    fn field_at(&self, mu: ParticleView<'_>, x: ArrayView1<f64>) -> Array1<f64> {
        let d = mu.dim();
        let (mut z, mut g) = (vec![0.0; d], vec![0.0; d]);
        let mut acc = Array1::zeros(d);
        for (xj, &aj) in mu.points().rows().into_iter().zip(mu.weights()) {
            diff(x, xj, &mut z);
            self.0.gradient(&z, &mut g);
            for (s, gk) in acc.iter_mut().zip(&g) {
                *s += aj * gk;
            }
        }
        acc
    }

    /// The O(n²) pair loop of the gradient, single-threaded: the baseline the
    /// bench compares the parallel [`WassersteinGradient::gradient`] with.
    pub fn gradient_sequential(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        let rows: Vec<Array1<f64>> = (0..mu.len())
            .map(|i| self.field_at(mu, mu.points().row(i)))
            .collect();
        Ok(crate::potential::stack(rows, mu.dim()))
    }
}

impl<K: Kernel> Energy for Interaction<K> {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn value(&self, mu: ParticleView<'_>) -> Result<f64> {
        check_dim(self, mu)?;
        let d = mu.dim();
        let n = mu.len();
        let rows: Vec<f64> = map_rows(n, n * d, |i| {
            let z = &mut vec![0.0; d];
            {
                {
                    let pts = mu.points();
                    let xi = pts.row(i);
                    let s: f64 = mu
                        .points()
                        .rows()
                        .into_iter()
                        .zip(mu.weights())
                        .map(|(xj, &aj)| {
                            diff(xi, xj, z);
                            aj * self.0.value(z)
                        })
                        .sum();
                    mu.weights()[i] * s
                }
            }
        });
        finite_value(self.0.name(), 0.5 * compensated_sum(rows))
    }
}

impl<K: Kernel> FirstVariation for Interaction<K> {
    fn first_variation(&self, mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>> {
        check_dim(self, mu)?;
        check_points(self, at)?;
        let d = mu.dim();
        Ok(at
            .rows()
            .into_iter()
            .map(|y| {
                let mut z = vec![0.0; d];
                mu.points()
                    .rows()
                    .into_iter()
                    .zip(mu.weights())
                    .map(|(xj, &aj)| {
                        diff(y, xj, &mut z);
                        aj * self.0.value(&z)
                    })
                    .sum()
            })
            .collect())
    }
}

impl<K: Kernel> WassersteinGradient for Interaction<K> {
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        let n = mu.len();
        let rows = map_rows(n, n * mu.dim(), |i| self.field_at(mu, mu.points().row(i)));
        Ok(crate::potential::stack(rows, mu.dim()))
    }
}

impl<K: Kernel> HessianVector for Interaction<K> {
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>> {
        check_dim(self, mu)?;
        check_direction(mu, v)?;
        let d = mu.dim();
        // F = ½ Σ_ij a_i a_j W(x_i − x_j): (D²F V)_i = a_i Σ_j a_j ∇²W(x_i − x_j)(v_i − v_j).
        let n = mu.len();
        let rows: Vec<Array1<f64>> = map_rows(n, n * d, |i| {
            let (mut z, mut dv, mut h) = (vec![0.0; d], vec![0.0; d], vec![0.0; d]);
            let mut acc = Array1::zeros(d);
            for j in 0..mu.len() {
                diff(mu.points().row(i), mu.points().row(j), &mut z);
                diff(v.row(i), v.row(j), &mut dv);
                self.0.hessian_vector(&z, &dv, &mut h);
                let aj = mu.weights()[j];
                for (s, hk) in acc.iter_mut().zip(&h) {
                    *s += aj * hk;
                }
            }
            acc * mu.weights()[i]
        });
        Ok(crate::potential::stack(rows, d))
    }
}

impl<K: Kernel> Convexity for Interaction<K> {
    fn modulus(&self) -> Option<f64> {
        Some(self.0.kernel_modulus().min(0.0))
    }
}

impl<K: Kernel> LowerBound for Interaction<K> {
    fn lower_bound(&self) -> LowerBoundConstants {
        // E ≥ ½ inf W (μ ⊗ μ has mass one).
        LowerBoundConstants {
            a: (-0.5 * self.0.infimum()).max(0.0),
            b: 0.0,
        }
    }
}

/// `W(z) = (c/2)|z|²`: aggregation (`c > 0`) or repulsion (`c < 0`).
#[derive(Debug, Clone, PartialEq)]
pub struct QuadraticKernel {
    dim: usize,
    c: f64,
}

impl QuadraticKernel {
    /// Kernel `(c/2)|z|²` in `R^d`; only `c ≥ 0` has a finite infimum.
    pub fn new(dim: usize, c: f64) -> Result<Self> {
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        check_param(
            "c",
            c,
            c >= 0.0,
            "quadratic interaction needs c ≥ 0 to be bounded below",
        )?;
        Ok(Self { dim, c })
    }
}

impl Kernel for QuadraticKernel {
    fn name(&self) -> &'static str {
        "quadratic interaction"
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, z: &[f64]) -> f64 {
        0.5 * self.c * z.iter().map(|v| v * v).sum::<f64>()
    }
    fn gradient(&self, z: &[f64], out: &mut [f64]) {
        out.iter_mut().zip(z).for_each(|(o, v)| *o = self.c * v);
    }
    fn hessian_vector(&self, _z: &[f64], v: &[f64], out: &mut [f64]) {
        out.iter_mut().zip(v).for_each(|(o, w)| *o = self.c * w);
    }
    fn kernel_modulus(&self) -> f64 {
        self.c
    }
    fn infimum(&self) -> f64 {
        0.0
    }
}

/// Attraction–repulsion (Morse type with Gaussian profiles):
/// `W(z) = −C_a e^{−|z|²/(2ℓ_a²)} + C_r e^{−|z|²/(2ℓ_r²)}`.
///
/// For `g = e^{−|z|²/(2ℓ²)}`, `∇²g = g (z zᵀ/ℓ⁴ − I/ℓ²)` has eigenvalues in
/// `[−1/ℓ², 2e^{−3/2}/ℓ²]`, so `λ_W = −2e^{−3/2} C_a/ℓ_a² − C_r/ℓ_r²`.
#[derive(Debug, Clone, PartialEq)]
pub struct MorseKernel {
    dim: usize,
    attraction: (f64, f64),
    repulsion: (f64, f64),
}

impl MorseKernel {
    /// Strengths `C_a, C_r ≥ 0` and ranges `ℓ_a, ℓ_r > 0`.
    pub fn new(dim: usize, c_a: f64, l_a: f64, c_r: f64, l_r: f64) -> Result<Self> {
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        check_param("C_a", c_a, c_a >= 0.0, "strength must be ≥ 0")?;
        check_param("C_r", c_r, c_r >= 0.0, "strength must be ≥ 0")?;
        check_param("l_a", l_a, l_a > 0.0, "range must be > 0")?;
        check_param("l_r", l_r, l_r > 0.0, "range must be > 0")?;
        Ok(Self {
            dim,
            attraction: (c_a, l_a),
            repulsion: (c_r, l_r),
        })
    }

    fn terms(&self) -> [(f64, f64); 2] {
        [
            (-self.attraction.0, self.attraction.1),
            (self.repulsion.0, self.repulsion.1),
        ]
    }
}

impl Kernel for MorseKernel {
    fn name(&self) -> &'static str {
        "attraction-repulsion interaction"
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, z: &[f64]) -> f64 {
        let r2: f64 = z.iter().map(|v| v * v).sum();
        self.terms()
            .iter()
            .map(|&(c, l)| c * (-r2 / (2.0 * l * l)).exp())
            .sum()
    }
    fn gradient(&self, z: &[f64], out: &mut [f64]) {
        let r2: f64 = z.iter().map(|v| v * v).sum();
        let s: f64 = self
            .terms()
            .iter()
            .map(|&(c, l)| -c * (-r2 / (2.0 * l * l)).exp() / (l * l))
            .sum();
        out.iter_mut().zip(z).for_each(|(o, v)| *o = s * v);
    }
    fn hessian_vector(&self, z: &[f64], v: &[f64], out: &mut [f64]) {
        let r2: f64 = z.iter().map(|w| w * w).sum();
        let zv: f64 = z.iter().zip(v).map(|(a, b)| a * b).sum();
        out.iter_mut().for_each(|o| *o = 0.0);
        for (c, l) in self.terms() {
            let l2 = l * l;
            let g = c * (-r2 / (2.0 * l2)).exp();
            // ∇²(c g) v = c g (z (zᵀv)/ℓ⁴ − v/ℓ²).
            for ((o, &zk), &vk) in out.iter_mut().zip(z).zip(v) {
                *o += g * (zk * zv / (l2 * l2) - vk / l2);
            }
        }
    }
    fn kernel_modulus(&self) -> f64 {
        let (c_a, l_a) = self.attraction;
        let (c_r, l_r) = self.repulsion;
        -2.0 * (-1.5f64).exp() * c_a / (l_a * l_a) - c_r / (l_r * l_r)
    }
    fn infimum(&self) -> f64 {
        -self.attraction.0
    }
}

/// Kuramoto–Daido coupling on phases `θ ∈ R` (read modulo 2π):
/// `W(θ) = −Σ_k J_k cos(kθ)`, so that `E(μ) = −Σ_k (J_k/2)|Z_k(μ)|²` with
/// `Z_k = ∫ e^{ikθ} dμ`. `W'' = Σ_k J_k k² cos(kθ) ≥ −Σ_k |J_k| k²`.
#[derive(Debug, Clone, PartialEq)]
pub struct CircleKernel {
    couplings: Vec<f64>,
}

impl CircleKernel {
    /// Couplings `J_1, J_2, …` (harmonic `k` is entry `k − 1`).
    pub fn new(couplings: Vec<f64>) -> Result<Self> {
        if couplings.is_empty() {
            return Err(EnergyError::InvalidParameter {
                name: "couplings",
                value: 0.0,
                reason: "at least one harmonic",
            });
        }
        check_finite("couplings", couplings.iter())?;
        Ok(Self { couplings })
    }

    /// The couplings.
    pub fn couplings(&self) -> &[f64] {
        &self.couplings
    }

    /// `Z_k(μ) = ∫ e^{ikθ} dμ` as `(Re, Im)`.
    pub fn order_parameter(mu: ParticleView<'_>, k: usize) -> (f64, f64) {
        let re = compensated_sum(
            mu.points()
                .column(0)
                .iter()
                .zip(mu.weights())
                .map(|(t, a)| a * (k as f64 * t).cos()),
        );
        let im = compensated_sum(
            mu.points()
                .column(0)
                .iter()
                .zip(mu.weights())
                .map(|(t, a)| a * (k as f64 * t).sin()),
        );
        (re, im)
    }
}

impl Kernel for CircleKernel {
    fn name(&self) -> &'static str {
        "Kuramoto-Daido interaction"
    }
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, z: &[f64]) -> f64 {
        -self
            .couplings
            .iter()
            .enumerate()
            .map(|(k, j)| j * ((k + 1) as f64 * z[0]).cos())
            .sum::<f64>()
    }
    fn gradient(&self, z: &[f64], out: &mut [f64]) {
        out[0] = self
            .couplings
            .iter()
            .enumerate()
            .map(|(k, j)| j * (k + 1) as f64 * ((k + 1) as f64 * z[0]).sin())
            .sum();
    }
    fn hessian_vector(&self, z: &[f64], v: &[f64], out: &mut [f64]) {
        let h: f64 = self
            .couplings
            .iter()
            .enumerate()
            .map(|(k, j)| j * ((k + 1) as f64).powi(2) * ((k + 1) as f64 * z[0]).cos())
            .sum();
        out[0] = h * v[0];
    }
    fn kernel_modulus(&self) -> f64 {
        -self
            .couplings
            .iter()
            .enumerate()
            .map(|(k, j)| j.abs() * ((k + 1) as f64).powi(2))
            .sum::<f64>()
    }
    fn infimum(&self) -> f64 {
        -self.couplings.iter().map(|j| j.abs()).sum::<f64>()
    }
}

impl Interaction<CircleKernel> {
    /// The identity `E(μ) = −Σ_k (J_k/2)|Z_k(μ)|²`, evaluated in O(n K).
    pub fn value_from_order_parameters(&self, mu: ParticleView<'_>) -> Result<f64> {
        check_dim(self, mu)?;
        Ok(-self
            .0
            .couplings
            .iter()
            .enumerate()
            .map(|(k, j)| {
                let (re, im) = CircleKernel::order_parameter(mu, k + 1);
                0.5 * j * (re * re + im * im)
            })
            .sum::<f64>())
    }
}
