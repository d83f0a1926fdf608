//! Kernel mean embeddings `μ ↦ ∫ k(·, x) dμ(x)`, random Fourier features,
//! MMD between memory states, and recall by query.

use hwg_measure::rng::Rng;
use hwg_measure::{CompensatedSum, ParticleMeasure};
use hwg_transport::sq_dist;
use ndarray::{Array1, Array2, ArrayView1};
use rayon::prelude::*;

use crate::error::{ProjectError, Result, check_dim, check_finite, check_param};
use crate::projection::Projection;

/// The Gaussian kernel `k(x, y) = exp(−|x − y|²/(2h²))`, `h > 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianKernel {
    bandwidth: f64,
}

impl GaussianKernel {
    /// Bandwidth `h > 0`.
    pub fn new(bandwidth: f64) -> Result<Self> {
        check_param(
            "bandwidth",
            bandwidth,
            bandwidth > 0.0,
            "kernel bandwidth must be > 0",
        )?;
        Ok(Self { bandwidth })
    }

    /// The bandwidth.
    pub fn bandwidth(&self) -> f64 {
        self.bandwidth
    }

    /// `k(x, y)`.
    pub fn eval(&self, x: ArrayView1<f64>, y: ArrayView1<f64>) -> f64 {
        (-sq_dist(x, y) / (2.0 * self.bandwidth * self.bandwidth)).exp()
    }

    /// The embedding evaluated at `q`: `∫ k(q, x) dμ(x)`.
    pub fn embed_at(&self, mu: &ParticleMeasure, q: ArrayView1<f64>) -> Result<f64> {
        check_dim("query vs measure", mu.dim(), q.len())?;
        check_finite("query", q.iter())?;
        let (pts, a) = (mu.points(), mu.weights());
        let mut s = CompensatedSum::default();
        for (x, ai) in pts.rows().into_iter().zip(a.iter()) {
            s.add(ai * self.eval(q, x));
        }
        Ok(s.value())
    }

    /// `⟨P(μ), P(ν)⟩_H = ∬ k(x, y) dμ dν`.
    pub fn inner(&self, mu: &ParticleMeasure, nu: &ParticleMeasure) -> Result<f64> {
        check_dim("measures", mu.dim(), nu.dim())?;
        let (pn, an) = (nu.points(), nu.weights());
        let rows: Vec<f64> = (0..nu.len())
            .into_par_iter()
            .map(|j| self.embed_at(mu, pn.row(j)).map(|v| an[j] * v))
            .collect::<Result<_>>()?;
        Ok(hwg_measure::compensated_sum(rows))
    }

    /// `MMD²(μ, ν) = ‖P(μ) − P(ν)‖_H²` (clamped at 0 against rounding).
    pub fn mmd_squared(&self, mu: &ParticleMeasure, nu: &ParticleMeasure) -> Result<f64> {
        let v = self.inner(mu, mu)? + self.inner(nu, nu)? - 2.0 * self.inner(mu, nu)?;
        Ok(v.max(0.0))
    }
}

/// Random Fourier features for the Gaussian kernel (Rahimi–Recht):
/// `φ(x) = sqrt(2/D) (cos(⟨ω_r, x⟩ + b_r))_{r<D}` with `ω_r ~ N(0, I/h²)`,
/// `b_r ~ U[0, 2π)`, so `⟨φ(x), φ(y)⟩ → k(x, y)` at rate `D^{−1/2}`.
/// The projection `μ ↦ ∫ φ dμ ∈ R^D` costs `O(n D d)` instead of `O(n²)` per MMD.
#[derive(Debug, Clone, PartialEq)]
pub struct RandomFourierFeatures {
    omega: Array2<f64>,
    phase: Array1<f64>,
}

impl RandomFourierFeatures {
    /// `features` draws for inputs in `R^dim`, bandwidth `h > 0`, seeded.
    pub fn new(dim: usize, features: usize, bandwidth: f64, seed: u64) -> Result<Self> {
        check_param(
            "bandwidth",
            bandwidth,
            bandwidth > 0.0,
            "kernel bandwidth must be > 0",
        )?;
        check_param(
            "features",
            features as f64,
            features > 0,
            "at least one feature",
        )?;
        check_param("dim", dim as f64, dim > 0, "dimension must be ≥ 1")?;
        let mut rng = Rng::new(seed);
        let omega = Array2::from_shape_simple_fn((features, dim), || rng.normal() / bandwidth);
        let phase =
            Array1::from_shape_simple_fn(features, || rng.uniform() * std::f64::consts::TAU);
        Ok(Self { omega, phase })
    }

    /// `sqrt(2/D)`.
    fn scale(&self) -> f64 {
        (2.0 / self.phase.len() as f64).sqrt()
    }

    /// `cos(⟨ω_r, x⟩ + b_r)` for every `r`, unscaled (`x` already checked).
    fn cosines(&self, x: ArrayView1<f64>) -> Array1<f64> {
        (self.omega.dot(&x) + &self.phase).mapv(f64::cos)
    }

    /// `φ(x)`.
    pub fn features(&self, x: ArrayView1<f64>) -> Result<Array1<f64>> {
        check_dim("point vs features", self.omega.ncols(), x.len())?;
        check_finite("point", x.iter())?;
        Ok(self.cosines(x) * self.scale())
    }
}

impl Projection<ParticleMeasure> for RandomFourierFeatures {
    type Output = Array1<f64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Array1<f64>> {
        check_dim("measure vs features", self.omega.ncols(), mu.dim())?;
        let (pts, w) = (mu.points(), mu.weights());
        // Fixed chunks summed in order: parallel, yet reproducible to the bit.
        let parts: Vec<Array1<f64>> = (0..mu.len())
            .collect::<Vec<_>>()
            .par_chunks(256)
            .map(|chunk| {
                let mut acc = Array1::<f64>::zeros(self.phase.len());
                for &i in chunk {
                    acc.scaled_add(w[i], &self.cosines(pts.row(i)));
                }
                acc
            })
            .collect();
        Ok(parts
            .into_iter()
            .fold(Array1::zeros(self.phase.len()), |s, p| s + p)
            * self.scale())
    }
}

/// How an [`EmbeddingMemory`] scores items.
#[derive(Debug, Clone)]
pub enum Scorer {
    /// Exact Gaussian kernel embeddings.
    Exact(GaussianKernel),
    /// Inner products of random-feature embeddings (precomputed per item).
    Features(RandomFourierFeatures),
}

/// An associative memory: items are memory states `μ_j`; a query `q` recalls
/// the items with the largest embedding value `∫ k(q, x) dμ_j(x)`.
#[derive(Debug, Clone)]
pub struct EmbeddingMemory {
    items: Vec<ParticleMeasure>,
    scorer: Scorer,
    embedded: Vec<Array1<f64>>,
}

impl EmbeddingMemory {
    /// Store `items` (all of one dimension, at least one).
    pub fn new(items: Vec<ParticleMeasure>, scorer: Scorer) -> Result<Self> {
        let d = items
            .first()
            .ok_or(ProjectError::NoItems {
                what: "embedding memory",
            })?
            .dim();
        for it in &items {
            check_dim("stored items", d, it.dim())?;
        }
        let embedded = match &scorer {
            Scorer::Exact(_) => Vec::new(),
            Scorer::Features(f) => items.iter().map(|m| f.project(m)).collect::<Result<_>>()?,
        };
        Ok(Self {
            items,
            scorer,
            embedded,
        })
    }

    /// Score of every item for query `q`.
    pub fn scores(&self, q: ArrayView1<f64>) -> Result<Vec<f64>> {
        match &self.scorer {
            Scorer::Exact(k) => self.items.iter().map(|m| k.embed_at(m, q)).collect(),
            Scorer::Features(f) => {
                let phi = f.features(q)?;
                Ok(self.embedded.iter().map(|e| e.dot(&phi)).collect())
            }
        }
    }

    /// The indices of the `k` best items for `q`, best first.
    pub fn recall(&self, q: ArrayView1<f64>, k: usize) -> Result<Vec<usize>> {
        let s = self.scores(q)?;
        let mut idx: Vec<usize> = (0..s.len()).collect();
        idx.sort_by(|&a, &b| s[b].total_cmp(&s[a]));
        idx.truncate(k);
        Ok(idx)
    }
}
