//! The 1-D quantile (Lagrangian) backend: on the line the JKO step is a convex
//! problem in the sorted positions.
//!
//! Atoms `x_0 < … < x_{n−1}` with masses `a_i`; the internal energy spreads
//! the mass `q_i = (a_i + a_{i+1})/2` uniformly on `(x_i, x_{i+1})`, so with
//! `Δ_i = y_{i+1} − y_i` and `ρ_i = q_i/Δ_i` the step minimises
//! $$\Phi(y) = \sum_i a_i\frac{(y_i - x_i)^2}{2\tau} + \sum_i a_i V(y_i) + \sum_i \Delta_i U(q_i/\Delta_i).$$
//! For entropy the last sum is `−σ Σ q_i log Δ_i + const`, a log barrier that
//! keeps the order; for porous medium it is `Σ q_i^m Δ_i^{1−m}/(m − 1)`. Since
//! `d/dΔ [Δ U(q/Δ)] = −P(ρ)` (the pressure) and `d²/dΔ² = ρ² U''(ρ)/Δ`,
//! `∂Φ/∂y_j = a_j (y_j − x_j)/τ + a_j V'(y_j) + P(ρ_j) − P(ρ_{j−1})` and the
//! Hessian is tridiagonal: Newton costs `O(n)` per iteration (Thomas
//! algorithm). The realised map `x_i ↦ y_i` is monotone, hence optimal.

use std::sync::Arc;

use hwg_energy::{InternalEnergy, PotentialFn};
use hwg_measure::{SortedLine, compensated_sum};
use hwg_transport::wasserstein_1d;
use ndarray::{Array1, ArrayView1, array};

use crate::error::{check_tau, check_well_posed};
use crate::step::{StepCertificate, Stepper, backtrack};
use crate::{JkoError, Result};

/// `∫ V dμ + ∫ U(ρ)` on the line (either part optional).
#[derive(Clone, Default)]
pub struct QuantileEnergy {
    /// The potential `V` (1-D).
    pub potential: Option<Arc<dyn PotentialFn>>,
    /// The internal energy `U`.
    pub internal: Option<Arc<dyn InternalEnergy>>,
}

impl std::fmt::Debug for QuantileEnergy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuantileEnergy")
            .field("potential", &self.potential.as_ref().map(|p| p.name()))
            .field("internal", &self.internal.as_ref().map(|u| u.name()))
            .finish()
    }
}

fn cell_masses(a: ArrayView1<f64>) -> Array1<f64> {
    a.windows(2)
        .into_iter()
        .map(|w| 0.5 * (w[0] + w[1]))
        .collect()
}

impl QuantileEnergy {
    /// Potential and/or internal energy; a potential must be 1-D.
    pub fn new(
        potential: Option<Arc<dyn PotentialFn>>,
        internal: Option<Arc<dyn InternalEnergy>>,
    ) -> Result<Self> {
        if let Some(p) = &potential
            && p.dim() != 1
        {
            return Err(JkoError::Mismatch {
                what: "potential dimension (1-D backend)",
                expected: 1,
                found: p.dim(),
            });
        }
        Ok(Self {
            potential,
            internal,
        })
    }

    /// The discrete energy at positions `y` with masses `a` (`+∞` if the
    /// internal energy sees two atoms meet or cross).
    pub fn value_at(&self, y: ArrayView1<f64>, a: ArrayView1<f64>) -> Result<f64> {
        let mut total = 0.0;
        if let Some(p) = &self.potential {
            total += compensated_sum(
                y.iter()
                    .zip(a)
                    .map(|(&yi, &ai)| ai * p.value(array![yi].view())),
            );
        }
        if let Some(u) = &self.internal {
            total += u.value_quantile(y, cell_masses(a).view())?;
        }
        Ok(total)
    }

    /// `E(μ)` of a sorted line.
    pub fn value(&self, line: &SortedLine) -> Result<f64> {
        self.value_at(line.atoms(), line.weights())
    }

    /// `λ` of the potential (internal energies are 0-convex).
    pub fn modulus(&self) -> Option<f64> {
        match &self.potential {
            Some(p) => p.modulus(),
            None => Some(0.0),
        }
    }
}

/// Newton with a tridiagonal Hessian on the sorted positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantileStepper {
    /// Stop when `‖∇Φ/a‖_{L²(a)} ≤ tolerance · max(1, initial value)`, or at
    /// ten times the computed rounding floor of that residual when it is
    /// higher (pressure differences lose digits like the inverse spacing, so
    /// the floor grows with n).
    pub tolerance: f64,
    /// Newton budget; running out is an error.
    pub max_newton: usize,
}

impl Default for QuantileStepper {
    fn default() -> Self {
        Self {
            tolerance: 1e-11,
            max_newton: 200,
        }
    }
}

struct Problem<'a> {
    x: ArrayView1<'a, f64>,
    a: ArrayView1<'a, f64>,
    q: Array1<f64>,
    tau: f64,
    energy: &'a QuantileEnergy,
}

impl Problem<'_> {
    fn phi(&self, y: &Array1<f64>) -> Option<f64> {
        let kinetic = compensated_sum(
            y.iter()
                .zip(self.x)
                .zip(self.a)
                .map(|((yi, xi), ai)| ai * (yi - xi) * (yi - xi)),
        ) / (2.0 * self.tau);
        let e = self.energy.value_at(y.view(), self.a).ok()?;
        let v = kinetic + e;
        v.is_finite().then_some(v)
    }

    /// Gradient, the tridiagonal Hessian (diagonal, super-diagonal), and the
    /// rounding floor of the residual: each gradient entry is a sum whose
    /// terms carry relative error ε, and a pressure computed from a gap `Δ`
    /// between positions of size `|y|` carries `ε |y| / Δ`.
    fn derivatives(&self, y: &Array1<f64>) -> (Array1<f64>, Array1<f64>, Array1<f64>, f64) {
        let n = y.len();
        let mut round = Array1::<f64>::zeros(n);
        let mut g = Array1::zeros(n);
        let mut diag = Array1::zeros(n);
        let mut upper = Array1::zeros(n.saturating_sub(1));
        for j in 0..n {
            g[j] = self.a[j] * (y[j] - self.x[j]) / self.tau;
            round[j] = self.a[j] * (y[j].abs() + self.x[j].abs()) / self.tau;
            diag[j] = self.a[j] / self.tau;
            if let Some(p) = &self.energy.potential {
                let yj = array![y[j]];
                let vg = self.a[j] * p.gradient(yj.view())[0];
                g[j] += vg;
                round[j] += vg.abs();
                diag[j] += self.a[j] * p.hessian_vector(yj.view(), array![1.0].view())[0];
            }
        }
        if let Some(u) = &self.energy.internal {
            for i in 0..n.saturating_sub(1) {
                let dx = y[i + 1] - y[i];
                if self.q[i] == 0.0 || dx <= 0.0 {
                    continue;
                }
                let rho = self.q[i] / dx;
                let p = u.pressure(rho);
                // d/dy_{i+1} of Δ U(q/Δ) is −P, d/dy_i is +P.
                g[i + 1] -= p;
                g[i] += p;
                let err = p.abs() * (1.0 + (y[i].abs() + y[i + 1].abs()) / dx);
                round[i] += err;
                round[i + 1] += err;
                let h2 = rho * rho * u.second_derivative(rho) / dx;
                diag[i] += h2;
                diag[i + 1] += h2;
                upper[i] = -h2;
            }
        }
        let floor = f64::EPSILON
            * compensated_sum(
                round
                    .iter()
                    .zip(self.a)
                    .filter(|(_, a)| **a > 0.0)
                    .map(|(r, a)| r * r / a),
            )
            .sqrt();
        (g, diag, upper, floor)
    }

    fn residual(&self, g: &Array1<f64>) -> f64 {
        compensated_sum(
            g.iter()
                .zip(self.a)
                .filter(|(_, a)| **a > 0.0)
                .map(|(gi, ai)| gi * gi / ai),
        )
        .sqrt()
    }
}

/// Solve the symmetric tridiagonal system `H p = r` (Thomas algorithm);
/// `None` if a pivot is not positive (H not positive definite).
fn thomas(diag: &Array1<f64>, upper: &Array1<f64>, r: &Array1<f64>) -> Option<Array1<f64>> {
    let n = diag.len();
    let mut c = Array1::zeros(n);
    let mut d = Array1::zeros(n);
    let mut pivot = diag[0];
    if pivot <= 0.0 {
        return None;
    }
    c[0] = if n > 1 { upper[0] / pivot } else { 0.0 };
    d[0] = r[0] / pivot;
    for i in 1..n {
        pivot = diag[i] - upper[i - 1] * c[i - 1];
        if pivot <= 0.0 || !pivot.is_finite() {
            return None;
        }
        if i + 1 < n {
            c[i] = upper[i] / pivot;
        }
        d[i] = (r[i] - upper[i - 1] * d[i - 1]) / pivot;
    }
    for i in (0..n - 1).rev() {
        d[i] -= c[i] * d[i + 1];
    }
    Some(d)
}

impl Stepper<SortedLine> for QuantileStepper {
    type Energy = QuantileEnergy;

    fn step(
        &self,
        k: usize,
        state: &SortedLine,
        energy: &QuantileEnergy,
        tau: f64,
    ) -> Result<(SortedLine, StepCertificate)> {
        check_tau(tau)?;
        check_well_posed(k, energy.modulus(), tau)?;
        let (x, a) = (state.atoms(), state.weights());
        let prob = Problem {
            x,
            a,
            q: cell_masses(a),
            tau,
            energy,
        };
        let mut y = x.to_owned();
        let not_finite = |it| JkoError::NotConverged {
            step: k,
            solver: "quantile Newton (energy not finite)",
            iterations: it,
            residual: f64::INFINITY,
            tolerance: self.tolerance,
        };
        let mut phi = prob.phi(&y).ok_or_else(|| not_finite(0))?;
        let (mut g, mut diag, mut upper, mut floor) = prob.derivatives(&y);
        let r0 = prob.residual(&g);
        // Converged at the tolerance, or at the rounding floor when that is higher.
        let target = |floor: f64| (self.tolerance * r0.max(1.0)).max(10.0 * floor);
        let mut r = r0;
        let mut iterations = 0;
        while r > target(floor) {
            if iterations == self.max_newton {
                return Err(JkoError::NotConverged {
                    step: k,
                    solver: "quantile Newton",
                    iterations,
                    residual: r,
                    tolerance: target(floor),
                });
            }
            iterations += 1;
            let p = thomas(&diag, &upper, &-&g)
                .unwrap_or_else(|| -(&g * tau) / &a.mapv(|v| v.max(f64::MIN_POSITIVE)));
            let found = backtrack(
                &y,
                &p,
                (phi, p.dot(&g), r),
                |trial| prob.phi(trial),
                |trial| Ok(prob.residual(&prob.derivatives(trial).0)),
            )?;
            let accepted = found.is_some();
            if let Some((next, v)) = found {
                y = next;
                phi = v;
            }
            (g, diag, upper, floor) = prob.derivatives(&y);
            r = prob.residual(&g);
            if !accepted && r > target(floor) {
                return Err(JkoError::NotConverged {
                    step: k,
                    solver: "quantile Newton (line search)",
                    iterations,
                    residual: r,
                    tolerance: target(floor),
                });
            }
        }
        let next = SortedLine::new(y.clone(), a.to_owned())?;
        let energy_before = energy.value(state)?;
        let energy_after = energy.value_at(y.view(), a)?;
        let w2_squared = wasserstein_1d(x, a, y.view(), a, 2.0)?;
        let realised_cost = compensated_sum(
            y.iter()
                .zip(x)
                .zip(a)
                .map(|((yi, xi), ai)| ai * (yi - xi) * (yi - xi)),
        );
        let cert = StepCertificate::new(
            energy_before,
            energy_after,
            w2_squared,
            realised_cost,
            r,
            tau,
            iterations,
        );
        Ok((next, cert))
    }
}
