//! Independent checks of an energy's derivatives and declared modulus, from
//! its values alone (finite differences, probe geodesics). The checks and
//! tests use them on every family; use them on your own energies too.

use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::{ParticleMeasure, ParticleView};
use hwg_transport::{ExactOptions, displacement_interpolation, emd_particles};
use ndarray::{Array1, Array2, ArrayView2, Axis};

use crate::Result;
use crate::traits::ParticleEnergy;

fn moved(mu: ParticleView<'_>, v: ArrayView2<f64>, h: f64) -> Result<ParticleMeasure> {
    Ok(ParticleMeasure::new(
        &mu.points() + &(&v * h),
        mu.weights().to_owned(),
    )?)
}

fn direction(mu: ParticleView<'_>, seed: u64) -> (Array2<f64>, f64) {
    let mut rng = Rng::new(seed);
    let v = Array2::from_shape_simple_fn((mu.len(), mu.dim()), || rng.uniform_in(-1.0, 1.0));
    let scale = 1.0 + mu.points().iter().fold(0.0f64, |m, x| m.max(x.abs()));
    (v, 1e-5 * scale)
}

fn frob(a: &Array2<f64>) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Relative error of the Wasserstein gradient against a central difference of
/// the value along a random direction `V`: `|FD − Σ a_i ⟨∇_i, v_i⟩| / (‖a∘∇‖ ‖V‖)`.
pub fn gradient_error(e: &dyn ParticleEnergy, mu: ParticleView<'_>, seed: u64) -> Result<f64> {
    let (v, h) = direction(mu, seed);
    let fd = (e.value(moved(mu, v.view(), h)?.view())?
        - e.value(moved(mu, v.view(), -h)?.view())?)
        / (2.0 * h);
    let g = e.gradient(mu)? * mu.weights().insert_axis(Axis(1));
    let an: f64 = (&g * &v).sum();
    Ok((fd - an).abs() / (frob(&g) * frob(&v)).max(1e-300))
}

/// Relative error of the Hessian-vector product against a central difference
/// of the position gradient `G(X) = (a_i ∇_i)`.
pub fn hessian_error(e: &dyn ParticleEnergy, mu: ParticleView<'_>, seed: u64) -> Result<f64> {
    let (v, h) = direction(mu, seed);
    let w = mu.weights().insert_axis(Axis(1));
    let gp = e.gradient(moved(mu, v.view(), h)?.view())? * w;
    let gm = e.gradient(moved(mu, v.view(), -h)?.view())? * w;
    let fd = (gp - gm) / (2.0 * h);
    let hv = e.hessian_vector(mu, v.view())?;
    let g = e.gradient(mu)? * w;
    let scale =
        frob(&hv) + frob(&g) / (1.0 + mu.points().iter().fold(0.0f64, |m, x| m.max(x.abs())));
    Ok(frob(&(fd - &hv)) / scale.max(1e-300))
}

/// Relative error of the first variation at `y` against the derivative of
/// `ε ↦ E((1−ε)μ + ε δ_y)` at 0, which is `δE/δμ(y) − ∫ δE/δμ dμ`
/// (forward differences with one Richardson step).
pub fn first_variation_error(
    e: &dyn ParticleEnergy,
    mu: ParticleView<'_>,
    y: Array1<f64>,
) -> Result<f64> {
    let owned = mu.to_owned();
    let dirac = ParticleMeasure::dirac(y.view())?;
    let at = |eps: f64| -> Result<f64> {
        let mix = ParticleMeasure::mixture(&[(1.0 - eps, &owned), (eps, &dirac)])?;
        e.value(mix.view())
    };
    let e0 = at(0.0)?;
    let eps = 1e-4;
    let d1 = (at(eps)? - e0) / eps;
    let d2 = (at(eps / 2.0)? - e0) / (eps / 2.0);
    let fd = 2.0 * d2 - d1;
    let fv_y = e.first_variation(mu, y.view().insert_axis(Axis(0)))?[0];
    let fv_mu = e.first_variation(mu, mu.points())?.dot(&mu.weights());
    let an = fv_y - fv_mu;
    Ok((fd - an).abs() / (an.abs() + fv_y.abs() + fv_mu.abs() + 1e-12))
}

/// Energy values along one probe geodesic: `E(μ_0)`, `E(μ_1)`, `E(μ_t)`, `t`
/// and `W2²(μ_0, μ_1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeodesicSample {
    /// `E(μ_0)`.
    pub e0: f64,
    /// `E(μ_1)`.
    pub e1: f64,
    /// `E(μ_t)`.
    pub et: f64,
    /// `t`.
    pub t: f64,
    /// `W2²(μ_0, μ_1)` (exact).
    pub w2: f64,
}

impl GeodesicSample {
    /// Relative violation of λ-convexity:
    /// `max(E_t − (1−t)E_0 − tE_1 + (λ/2)t(1−t)W2², 0) / (|E_0| + |E_1| + |λ|W2² + 1)`.
    pub fn defect(&self, lambda: f64) -> f64 {
        let t = self.t;
        let bound = (1.0 - t) * self.e0 + t * self.e1 - 0.5 * lambda * t * (1.0 - t) * self.w2;
        (self.et - bound).max(0.0) / (self.e0.abs() + self.e1.abs() + lambda.abs() * self.w2 + 1.0)
    }

    /// The largest λ this sample allows: `2[(1−t)E_0 + tE_1 − E_t] / (t(1−t)W2²)`.
    pub fn largest_modulus(&self) -> f64 {
        let t = self.t;
        2.0 * ((1.0 - t) * self.e0 + t * self.e1 - self.et) / (t * (1.0 - t) * self.w2)
    }
}

/// Energies along exact geodesics between `pairs` seeded random pairs of
/// measures (2–9 atoms, normal coordinates times `spread`), at `t ∈ {¼, ½, ¾}`.
pub fn geodesic_samples(
    e: &dyn ParticleEnergy,
    pairs: usize,
    spread: f64,
    seed: u64,
) -> Result<Vec<GeodesicSample>> {
    let mut rng = Rng::new(seed);
    let d = e.dim();
    let mut out = Vec::with_capacity(3 * pairs);
    for _ in 0..pairs {
        let make = |rng: &mut Rng| -> Result<ParticleMeasure> {
            let n = 2 + rng.below(8);
            Ok(random_measure(rng, n, d, spread)?)
        };
        let (mu0, mu1) = (make(&mut rng)?, make(&mut rng)?);
        let sol = emd_particles(&mu0, &mu1, ExactOptions::default())?;
        if sol.cost <= 1e-14 {
            continue;
        }
        let (e0, e1) = (e.value(mu0.view())?, e.value(mu1.view())?);
        for t in [0.25, 0.5, 0.75] {
            let et = e.value(displacement_interpolation(&mu0, &mu1, &sol.plan, t)?.view())?;
            out.push(GeodesicSample {
                e0,
                e1,
                et,
                t,
                w2: sol.cost,
            });
        }
    }
    Ok(out)
}

/// Worst relative violation of λ-convexity over [`geodesic_samples`].
pub fn convexity_defect(
    e: &dyn ParticleEnergy,
    lambda: f64,
    pairs: usize,
    spread: f64,
    seed: u64,
) -> Result<f64> {
    Ok(geodesic_samples(e, pairs, spread, seed)?
        .iter()
        .map(|s| s.defect(lambda))
        .fold(0.0, f64::max))
}
