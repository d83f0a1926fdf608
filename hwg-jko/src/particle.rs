//! The particle (Lagrangian) backend: `μ_{k+1} = T#μ_k` with `T(x_i) = y_i`
//! minimising `Φ(Y) = Σ_i a_i |y_i − x_i|²/(2τ) + E(Σ_i a_i δ_{y_i})`.
//!
//! Newton's method with conjugate-gradient inner solves on the
//! Hessian-vector products of `hwg-energy`, preconditioned by the kinetic
//! term `diag(a_i/τ)` (falling back to the gradient on negative curvature) and an Armijo backtracking line search. Every accepted
//! iterate lowers `Φ` (within its rounding, once the decrease is below it),
//! so `Φ(Y) ≤ Φ(X) = E(μ_k)`: the descent inequality holds by construction. Atoms of zero mass do not enter `Φ` and are
//! carried along unchanged.

use hwg_energy::ParticleEnergy;
use hwg_measure::{ParticleMeasure, ParticleView, compensated_sum};
use hwg_transport::{ExactOptions, emd_particles};
use ndarray::{Array2, ArrayView2, Axis};

use crate::error::{check_tau, check_well_posed};
use crate::step::{StepCertificate, Stepper, backtrack};
use crate::{JkoError, Result};

/// Parameters of the particle stepper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParticleStepper {
    /// Stop when the Euler–Lagrange residual `‖∇Φ/a‖_{L²(μ_k)}` is below
    /// `tolerance · max(1, residual at the start)`.
    pub tolerance: f64,
    /// Newton iteration budget; running out is an error (state unchanged).
    pub max_newton: usize,
    /// Conjugate-gradient iterations per Newton step.
    pub max_cg: usize,
    /// Compute `W2²(μ_k, μ_{k+1})` with the exact solver for the certificate.
    pub certify: bool,
}

impl Default for ParticleStepper {
    fn default() -> Self {
        Self {
            tolerance: 1e-11,
            max_newton: 100,
            max_cg: 200,
            certify: true,
        }
    }
}

fn dot(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    compensated_sum(a.iter().zip(b).map(|(x, y)| x * y))
}

impl ParticleStepper {
    fn phi(
        &self,
        e: &dyn ParticleEnergy,
        x: ArrayView2<f64>,
        y: &Array2<f64>,
        mu: ParticleView<'_>,
        tau: f64,
    ) -> Option<f64> {
        let moved = ParticleMeasure::new(y.clone(), mu.weights().to_owned()).ok()?;
        let kinetic = compensated_sum(
            y.rows()
                .into_iter()
                .zip(x.rows())
                .zip(mu.weights())
                .map(|((yi, xi), &a)| a * (&yi - &xi).mapv(|v| v * v).sum()),
        ) / (2.0 * tau);
        let v = e.value(moved.view()).ok()?;
        let total = kinetic + v;
        total.is_finite().then_some(total)
    }

    /// `∇Φ` (position gradient) at `Y`.
    fn grad(
        &self,
        e: &dyn ParticleEnergy,
        x: ArrayView2<f64>,
        y: &Array2<f64>,
        w: &Array2<f64>,
        tau: f64,
    ) -> Result<Array2<f64>> {
        let moved = ParticleMeasure::new(y.clone(), w.column(0).to_owned())?;
        let g = e.gradient(moved.view())?;
        Ok((&(y - &x) / tau + &g) * w)
    }

    /// `Σ |g_i|²/a_i` over atoms of positive mass, square-rooted.
    fn residual(g: &Array2<f64>, w: &Array2<f64>) -> f64 {
        compensated_sum(
            g.rows()
                .into_iter()
                .zip(w.column(0))
                .filter(|(_, a)| **a > 0.0)
                .map(|(gi, &a)| gi.dot(&gi) / a),
        )
        .sqrt()
    }

    /// Minimise `Φ` from `Y = X`; returns `(Y, iterations)`.
    fn solve(
        &self,
        k: usize,
        e: &dyn ParticleEnergy,
        mu: ParticleView<'_>,
        tau: f64,
    ) -> Result<(Array2<f64>, usize)> {
        let x = mu.points();
        let w = mu.weights().to_owned().insert_axis(Axis(1));
        let w_full = Array2::from_shape_fn((mu.len(), mu.dim()), |(i, _)| w[[i, 0]]);
        let mut y = x.to_owned();
        let mut phi = self.phi(e, x, &y, mu, tau).ok_or(JkoError::NotConverged {
            step: k,
            solver: "particle Newton (initial energy not finite)",
            iterations: 0,
            residual: f64::NAN,
            tolerance: self.tolerance,
        })?;
        let mut g = self.grad(e, x, &y, &w_full, tau)?;
        let r0 = Self::residual(&g, &w_full);
        let target = self.tolerance * r0.max(1.0);
        let mut r = r0;
        for it in 0..self.max_newton {
            if r <= target {
                return Ok((y, it));
            }
            let moved = ParticleMeasure::new(y.clone(), mu.weights().to_owned())?;
            let hv = |v: &Array2<f64>| -> Result<Array2<f64>> {
                Ok(&(v * &w_full) / tau + &e.hessian_vector(moved.view(), v.view())?)
            };
            // Preconditioned CG on H p = −g (H is SPD where Φ is strictly
            // convex), preconditioned by the kinetic part diag(a_i/τ): for
            // potentials H is then a near-multiple of the identity.
            let precondition = |r: &Array2<f64>| -> Array2<f64> {
                Array2::from_shape_fn(r.raw_dim(), |(i, j)| {
                    if w_full[[i, j]] > 0.0 {
                        r[[i, j]] * tau / w_full[[i, j]]
                    } else {
                        0.0
                    }
                })
            };
            let mut p = Array2::zeros(g.raw_dim());
            let mut res = -&g;
            let mut z = precondition(&res);
            let mut dir = z.clone();
            let mut rz = dot(&res, &z);
            // Inexact Newton: forcing term η = min(10⁻³, ‖g‖^½), superlinear convergence.
            let gnorm = dot(&res, &res).sqrt();
            let stop = ((1e-3f64).min(gnorm.sqrt()) * gnorm).powi(2);
            for _ in 0..self.max_cg {
                let hd = hv(&dir)?;
                let curv = dot(&dir, &hd);
                if curv <= 0.0 {
                    if p.iter().all(|v| *v == 0.0) {
                        p = -&g;
                    }
                    break;
                }
                let alpha = rz / curv;
                p.scaled_add(alpha, &dir);
                res.scaled_add(-alpha, &hd);
                if dot(&res, &res) <= stop {
                    break;
                }
                z = precondition(&res);
                let rz_new = dot(&res, &z);
                dir = &z + &(&dir * (rz_new / rz));
                rz = rz_new;
            }
            if dot(&p, &g) >= 0.0 {
                p = -&g;
            }
            // Every accepted step lowers Φ (within its rounding).
            let slope = dot(&p, &g);
            let found = backtrack(
                &y,
                &p,
                (phi, slope, r),
                |trial| self.phi(e, x, trial, mu, tau),
                |trial| {
                    Ok(Self::residual(
                        &self.grad(e, x, trial, &w_full, tau)?,
                        &w_full,
                    ))
                },
            )?;
            let accepted = found.is_some();
            if let Some((next, v)) = found {
                y = next;
                phi = v;
            }
            g = self.grad(e, x, &y, &w_full, tau)?;
            r = Self::residual(&g, &w_full);
            if !accepted {
                // No decrease possible in floating point: converged only if the residual says so.
                if r <= target {
                    return Ok((y, it + 1));
                }
                return Err(JkoError::NotConverged {
                    step: k,
                    solver: "particle Newton (line search)",
                    iterations: it + 1,
                    residual: r,
                    tolerance: target,
                });
            }
        }
        if r <= target {
            return Ok((y, self.max_newton));
        }
        Err(JkoError::NotConverged {
            step: k,
            solver: "particle Newton",
            iterations: self.max_newton,
            residual: r,
            tolerance: target,
        })
    }
}

impl Stepper<ParticleMeasure> for ParticleStepper {
    type Energy = dyn ParticleEnergy;

    fn step(
        &self,
        k: usize,
        state: &ParticleMeasure,
        energy: &dyn ParticleEnergy,
        tau: f64,
    ) -> Result<(ParticleMeasure, StepCertificate)> {
        check_tau(tau)?;
        check_well_posed(k, energy.modulus(), tau)?;
        if energy.dim() != state.dim() {
            return Err(JkoError::Mismatch {
                what: "energy vs state dimension",
                expected: state.dim(),
                found: energy.dim(),
            });
        }
        let mu = state.view();
        let (y, iterations) = self.solve(k, energy, mu, tau)?;
        let next = ParticleMeasure::new(y, state.weights().to_owned())?;
        let cert = certify(energy, state, &next, tau, iterations, self.certify)?;
        Ok((next, cert))
    }
}

/// Certificate of a particle step `x_i ↦ y_i` (same weights).
pub(crate) fn certify(
    energy: &dyn ParticleEnergy,
    before: &ParticleMeasure,
    after: &ParticleMeasure,
    tau: f64,
    iterations: usize,
    exact_w2: bool,
) -> Result<StepCertificate> {
    let energy_before = energy.value(before.view())?;
    let energy_after = energy.value(after.view())?;
    let a = before.weights();
    let disp = &after.points() - &before.points();
    let realised_cost =
        compensated_sum(disp.rows().into_iter().zip(a).map(|(d, &w)| w * d.dot(&d)));
    let w2_squared = if exact_w2 {
        emd_particles(before, after, ExactOptions::default())?.cost
    } else {
        realised_cost
    };
    let grad = energy.gradient(after.view())?;
    let el = &disp / tau + &grad;
    let euler_lagrange_residual =
        compensated_sum(el.rows().into_iter().zip(a).map(|(r, &w)| w * r.dot(&r))).sqrt();
    Ok(StepCertificate::new(
        energy_before,
        energy_after,
        w2_squared,
        realised_cost,
        euler_lagrange_residual,
        tau,
        iterations,
    ))
}
