//! The mean-field two-layer network `f_μ(u) = ∫ c tanh(⟨w, u⟩) dμ(c, w)`,
//! and a classical `n`-neuron network written independently of it.

use hwg_measure::{CompensatedSum, ParticleMeasure};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::{ProjectError, Result, check_dim, check_finite};
use crate::projection::Projection;

/// `μ ↦ (f_μ(u_1), …, f_μ(u_N))` on fixed inputs: a neuron is an atom
/// `(c, w) ∈ R^{1+p}` and the network is the flat projection of the
/// feature map `(c, w) ↦ c tanh(⟨w, u⟩)`.
#[derive(Debug, Clone)]
pub struct MeanFieldNetwork {
    inputs: Array2<f64>,
}

impl MeanFieldNetwork {
    /// Evaluate at the rows of `inputs` (`N × p`).
    pub fn new(inputs: Array2<f64>) -> Result<Self> {
        if inputs.nrows() == 0 || inputs.ncols() == 0 {
            return Err(ProjectError::InvalidParameter {
                name: "inputs",
                value: 0.0,
                reason: "at least one input of dimension ≥ 1",
            });
        }
        check_finite("inputs", inputs.iter())?;
        Ok(Self { inputs })
    }
}

impl Projection<ParticleMeasure> for MeanFieldNetwork {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        let p = self.inputs.ncols();
        check_dim("neuron (c, w) vs inputs", 1 + p, mu.dim())?;
        let (x, a) = (mu.points(), mu.weights());
        Ok(self
            .inputs
            .rows()
            .into_iter()
            .map(|u| {
                let mut s = CompensatedSum::default();
                for i in 0..mu.len() {
                    let pre: f64 = (0..p).map(|j| x[[i, 1 + j]] * u[j]).sum();
                    s.add(a[i] * x[[i, 0]] * pre.tanh());
                }
                s.value()
            })
            .collect())
    }
}

/// A classical two-layer network with `n` neurons,
/// `f(u) = (1/n) Σ_i c_i tanh(⟨w_i, u⟩)`, trained by plain gradient descent
/// on `L = (1/2N) Σ_k (f(u_k) − y_k)²`.
///
/// Written with explicit loops and hand-derived gradients, independently of
/// `hwg_energy::TwoLayerRisk`, so that the correspondence "one Wasserstein
/// gradient step of the `n`-atom measure = one GD step with learning rate
/// `nτ`" is a comparison of two implementations.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassicalNetwork {
    /// Output weights `c_i`.
    pub c: Vec<f64>,
    /// Input weights `w_i` (one `Vec` of length `p` per neuron).
    pub w: Vec<Vec<f64>>,
}

impl ClassicalNetwork {
    /// The neurons of an equal-weight measure on `R^{1+p}`.
    pub fn from_measure(mu: &ParticleMeasure) -> Result<Self> {
        let n = mu.len();
        let expected = 1.0 / n as f64;
        if let Some((atom, &weight)) = mu
            .weights()
            .iter()
            .enumerate()
            .find(|(_, a)| (*a - expected).abs() > 1e-14)
        {
            return Err(ProjectError::UnequalWeights {
                what: "a classical network",
                atom,
                weight,
                expected,
            });
        }
        let x = mu.points();
        Ok(Self {
            c: x.column(0).to_vec(),
            w: x.rows()
                .into_iter()
                .map(|r| r.iter().skip(1).copied().collect())
                .collect(),
        })
    }

    /// `(n, p)`, after checking `c` and `w` describe the same neurons with
    /// input weights of one length (the fields are public, so they may not).
    pub fn shape(&self) -> Result<(usize, usize)> {
        let n = self.c.len();
        check_dim("input-weight vectors vs output weights", n, self.w.len())?;
        let p = self.w.first().map_or(0, Vec::len);
        for w in &self.w {
            check_dim("input weights of a neuron", p, w.len())?;
        }
        Ok((n, p))
    }

    /// Back to the equal-weight measure.
    pub fn to_measure(&self) -> Result<ParticleMeasure> {
        let (n, p) = self.shape()?;
        let pts = Array2::from_shape_fn((n, 1 + p), |(i, j)| {
            if j == 0 { self.c[i] } else { self.w[i][j - 1] }
        });
        Ok(ParticleMeasure::uniform(pts)?)
    }

    fn check_data(&self, inputs: ArrayView2<f64>, targets: ArrayView1<f64>) -> Result<()> {
        let (_, p) = self.shape()?;
        check_dim("inputs vs network", p, inputs.ncols())?;
        check_dim("targets vs inputs", inputs.nrows(), targets.len())?;
        check_finite("inputs", inputs.iter())?;
        check_finite("targets", targets.iter())
    }

    /// `f(u)`.
    pub fn predict(&self, u: ArrayView1<f64>) -> f64 {
        let n = self.c.len() as f64;
        let mut s = 0.0;
        for (c, w) in self.c.iter().zip(&self.w) {
            let mut pre = 0.0;
            for (wj, uj) in w.iter().zip(u.iter()) {
                pre += wj * uj;
            }
            s += c * pre.tanh();
        }
        s / n
    }

    /// `L = (1/2N) Σ_k (f(u_k) − y_k)²`.
    pub fn loss(&self, inputs: ArrayView2<f64>, targets: ArrayView1<f64>) -> Result<f64> {
        self.check_data(inputs, targets)?;
        let n = inputs.nrows() as f64;
        let mut s = 0.0;
        for (u, y) in inputs.rows().into_iter().zip(targets.iter()) {
            let r = self.predict(u) - y;
            s += r * r;
        }
        Ok(s / (2.0 * n))
    }

    /// One gradient-descent step `θ ← θ − lr ∇L(θ)` (all neurons at once).
    pub fn gradient_step(
        &self,
        inputs: ArrayView2<f64>,
        targets: ArrayView1<f64>,
        lr: f64,
    ) -> Result<Self> {
        self.check_data(inputs, targets)?;
        let big_n = inputs.nrows() as f64;
        let n = self.c.len() as f64;
        let residuals: Vec<f64> = inputs
            .rows()
            .into_iter()
            .zip(targets.iter())
            .map(|(u, y)| self.predict(u) - y)
            .collect();
        let mut next = self.clone();
        for i in 0..self.c.len() {
            let (mut gc, mut gw) = (0.0, vec![0.0; self.w[i].len()]);
            for (u, r) in inputs.rows().into_iter().zip(&residuals) {
                let pre: f64 = self.w[i].iter().zip(u.iter()).map(|(a, b)| a * b).sum();
                let t = pre.tanh();
                // ∂f/∂c_i = t/n, ∂f/∂w_i = c_i (1 − t²) u / n.
                gc += r * t / n;
                for (g, uj) in gw.iter_mut().zip(u.iter()) {
                    *g += r * self.c[i] * (1.0 - t * t) * uj / n;
                }
            }
            next.c[i] -= lr * gc / big_n;
            for (wj, g) in next.w[i].iter_mut().zip(&gw) {
                *wj -= lr * g / big_n;
            }
        }
        Ok(next)
    }
}
