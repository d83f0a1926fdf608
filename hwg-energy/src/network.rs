//! The mean-field two-layer network risk. A neuron is an atom `x = (c, w) ∈
//! R^{1+p}`; the network is `f_μ(u) = ∫ c tanh(⟨w, u⟩) dμ(c, w)` and the risk
//! on data `(u_k, y_k)_{k<N}` is `R(μ) = (1/2N) Σ_k (f_μ(u_k) − y_k)²`.
//! With residuals `r_k = f_μ(u_k) − y_k` and `φ(x; u) = c tanh(⟨w, u⟩)`:
//! `δR/δμ(x) = (1/N) Σ_k r_k φ(x; u_k)`, and the velocity of a neuron is
//! `(1/N) Σ_k r_k ∇_x φ(x; u_k)` — on `n` equal-mass atoms, `n` times the
//! gradient of the classical network's loss with respect to that neuron.
//! The risk has no global convexity modulus.

use hwg_measure::ParticleView;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{check_finite, finite_value};
use crate::traits::*;
use crate::{EnergyError, Result};

/// Risk of a mean-field two-layer `tanh` network on a fixed data set.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLayerRisk {
    inputs: Array2<f64>,
    targets: Array1<f64>,
}

impl TwoLayerRisk {
    /// Data: inputs `u_k` (rows, `N × p`) and targets `y_k`.
    pub fn new(inputs: Array2<f64>, targets: Array1<f64>) -> Result<Self> {
        if inputs.nrows() != targets.len() {
            return Err(EnergyError::DimensionMismatch {
                what: "targets vs inputs",
                expected: inputs.nrows(),
                found: targets.len(),
            });
        }
        if inputs.nrows() == 0 || inputs.ncols() == 0 {
            return Err(EnergyError::InvalidParameter {
                name: "data",
                value: 0.0,
                reason: "at least one sample and one feature",
            });
        }
        check_finite("inputs", inputs.iter())?;
        check_finite("targets", targets.iter())?;
        Ok(Self { inputs, targets })
    }

    /// Input dimension `p` (atoms live in `R^{1+p}`).
    pub fn input_dim(&self) -> usize {
        self.inputs.ncols()
    }

    /// `f_μ(u)` at each row of `inputs` (any inputs of dimension `p`).
    pub fn predict(&self, mu: ParticleView<'_>, inputs: ArrayView2<f64>) -> Result<Array1<f64>> {
        check_dim(self, mu)?;
        if inputs.ncols() != self.input_dim() {
            return Err(EnergyError::DimensionMismatch {
                what: "inputs vs network",
                expected: self.input_dim(),
                found: inputs.ncols(),
            });
        }
        Ok(inputs
            .rows()
            .into_iter()
            .map(|u| {
                mu.points()
                    .rows()
                    .into_iter()
                    .zip(mu.weights())
                    .map(|(x, &a)| a * x[0] * x.slice(ndarray::s![1..]).dot(&u).tanh())
                    .sum()
            })
            .collect())
    }

    fn residuals(&self, mu: ParticleView<'_>) -> Result<Array1<f64>> {
        Ok(self.predict(mu, self.inputs.view())? - &self.targets)
    }

    /// `∇_x φ(x; u) = (tanh s, c (1 − tanh² s) u)`, `s = ⟨w, u⟩`.
    fn grad_phi(x: ArrayView1<f64>, u: ArrayView1<f64>) -> Array1<f64> {
        let t = x.slice(ndarray::s![1..]).dot(&u).tanh();
        let mut g = Array1::zeros(x.len());
        g[0] = t;
        g.slice_mut(ndarray::s![1..])
            .assign(&(&u * (x[0] * (1.0 - t * t))));
        g
    }
}

impl Energy for TwoLayerRisk {
    fn name(&self) -> &'static str {
        "two-layer network risk"
    }
    fn dim(&self) -> usize {
        1 + self.inputs.ncols()
    }
    fn value(&self, mu: ParticleView<'_>) -> Result<f64> {
        let r = self.residuals(mu)?;
        finite_value(self.name(), 0.5 * r.dot(&r) / r.len() as f64)
    }
}

impl FirstVariation for TwoLayerRisk {
    fn first_variation(&self, mu: ParticleView<'_>, at: ArrayView2<f64>) -> Result<Array1<f64>> {
        check_points(self, at)?;
        let r = self.residuals(mu)?;
        let n = r.len() as f64;
        Ok(at
            .rows()
            .into_iter()
            .map(|x| {
                self.inputs
                    .rows()
                    .into_iter()
                    .zip(&r)
                    .map(|(u, rk)| rk * x[0] * x.slice(ndarray::s![1..]).dot(&u).tanh())
                    .sum::<f64>()
                    / n
            })
            .collect())
    }
}

impl WassersteinGradient for TwoLayerRisk {
    fn gradient(&self, mu: ParticleView<'_>) -> Result<Array2<f64>> {
        let r = self.residuals(mu)?;
        let n = r.len() as f64;
        let rows: Vec<Array1<f64>> = map_rows(mu.len(), r.len() * mu.dim(), |i| {
            let pts = mu.points();
            let x = pts.row(i);
            let mut g = Array1::zeros(x.len());
            for (u, rk) in self.inputs.rows().into_iter().zip(&r) {
                g.scaled_add(*rk / n, &Self::grad_phi(x, u));
            }
            g
        });
        Ok(crate::potential::stack(rows, mu.dim()))
    }
}

impl HessianVector for TwoLayerRisk {
    fn hessian_vector(&self, mu: ParticleView<'_>, v: ArrayView2<f64>) -> Result<Array2<f64>> {
        check_direction(mu, v)?;
        let r = self.residuals(mu)?;
        let n = r.len() as f64;
        let d = mu.dim();
        // (D²F V)_i = (1/N) Σ_k a_i [∇φ_ik (Σ_j a_j ∇φ_jk · v_j) + r_k ∇²φ_ik v_i].
        let mut out = Array2::zeros((mu.len(), d));
        for (u, &rk) in self.inputs.rows().into_iter().zip(&r) {
            let grads: Vec<Array1<f64>> = (0..mu.len())
                .map(|j| Self::grad_phi(mu.points().row(j), u))
                .collect();
            let directional: f64 = (0..mu.len())
                .map(|j| mu.weights()[j] * grads[j].dot(&v.row(j)))
                .sum();
            for (i, grad_i) in grads.iter().enumerate() {
                let pts = mu.points();
                let x = pts.row(i);
                let vi = v.row(i);
                let s = x.slice(ndarray::s![1..]).dot(&u);
                let t = s.tanh();
                let (d1, d2) = (1.0 - t * t, -2.0 * t * (1.0 - t * t));
                // ∇²φ = [[0, d1 uᵀ], [d1 u, c d2 u uᵀ]].
                let uv = u.dot(&vi.slice(ndarray::s![1..]));
                let mut hv = Array1::zeros(d);
                hv[0] = d1 * uv;
                hv.slice_mut(ndarray::s![1..])
                    .assign(&(&u * (d1 * vi[0] + x[0] * d2 * uv)));
                let ai = mu.weights()[i];
                let mut row = out.row_mut(i);
                row.scaled_add(ai * directional / n, grad_i);
                row.scaled_add(ai * rk / n, &hv);
            }
        }
        Ok(out)
    }
}

impl Convexity for TwoLayerRisk {
    fn modulus(&self) -> Option<f64> {
        None
    }
}

impl LowerBound for TwoLayerRisk {
    fn lower_bound(&self) -> LowerBoundConstants {
        LowerBoundConstants::ZERO
    }
}
