//! The entropic Eulerian backend on regular 1-D and 2-D grids (Peyré,
//! "Entropic approximation of Wasserstein gradient flows", SIIMS 2015).
//!
//! With cell centres `c_i`, the Gibbs kernel `K_ij = exp(−|c_i − c_j|²/γ)`
//! (blur `γ > 0`) and `f(p) = Σ_c V(c) p_c + Σ_c h U(p_c/h)`, the step
//! `p' = argmin_p W_γ²(p_k, p) + 2τ f(p)` is the fixed point of
//! `a ← p_k ⊘ (K b)`, `b ← prox^{KL}_{(2τ/γ) f}(Kᵀa) ⊘ (Kᵀa)`, with
//! `p' = b ⊙ Kᵀa`. The KL-proximal map is separable: per cell,
//! `s = log p` solves `s + λ(V + U'(e^s/h)) = log z` (`λ = 2τ/γ`), a
//! monotone scalar equation (closed form for entropy, Newton in general).
//!
//! The entropic coupling blurs the step by `O(γ)`: its transport cost exceeds
//! the exact `W2²` by that much (the certificate's optimality gap), and the
//! descent slack measured with the exact `W2²` can be negative by `O(γ)`.
//! The residual reported is the L1 error of the fixed point's first marginal.
//! Iterations run in the log domain (potentials `log a`, `log b`), so a
//! small blur cannot underflow the kernel into NaN.

use std::sync::Arc;

use hwg_energy::{InternalEnergy, PotentialFn};
use hwg_measure::{GridHistogram1d, GridHistogram2d, compensated_sum};
use hwg_transport::{ExactOptions, emd, squared_euclidean, wasserstein_1d};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::error::check_tau;
use crate::step::{StepCertificate, Stepper};
use crate::{JkoError, Result};

/// `Σ V(c) p_c + Σ h U(p_c/h)` on a grid (either part optional).
#[derive(Clone, Default)]
pub struct GridEnergy {
    /// Potential, evaluated at cell centres.
    pub potential: Option<Arc<dyn PotentialFn>>,
    /// Internal energy of the density `p_c / h`.
    pub internal: Option<Arc<dyn InternalEnergy>>,
}

impl std::fmt::Debug for GridEnergy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GridEnergy")
            .field("potential", &self.potential.as_ref().map(|p| p.name()))
            .field("internal", &self.internal.as_ref().map(|u| u.name()))
            .finish()
    }
}

impl GridEnergy {
    fn potential_at(&self, centers: ArrayView2<f64>) -> Result<Array1<f64>> {
        match &self.potential {
            Some(v) => {
                if v.dim() != centers.ncols() {
                    return Err(JkoError::Mismatch {
                        what: "potential vs grid dimension",
                        expected: centers.ncols(),
                        found: v.dim(),
                    });
                }
                Ok(centers.rows().into_iter().map(|c| v.value(c)).collect())
            }
            None => Ok(Array1::zeros(centers.nrows())),
        }
    }

    fn value_flat(&self, v: &Array1<f64>, p: ArrayView1<f64>, h: f64) -> f64 {
        let pot = compensated_sum(v.iter().zip(p).map(|(vc, pc)| vc * pc));
        let int = match &self.internal {
            Some(u) => compensated_sum(p.iter().map(|&pc| h * u.density(pc / h))),
            None => 0.0,
        };
        pot + int
    }
}

/// The entropic grid stepper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridStepper {
    /// Blur `γ > 0` of the Gibbs kernel (squared-distance units).
    pub blur: f64,
    /// Stop when the first marginal's L1 error is below this.
    pub tolerance: f64,
    /// Fixed-point budget; running out is an error.
    pub max_iterations: usize,
}

impl GridStepper {
    /// Blur `γ`, tolerance 1e-10, 10⁵ iterations.
    pub fn new(blur: f64) -> Self {
        Self {
            blur,
            tolerance: 1e-10,
            max_iterations: 100_000,
        }
    }

    /// One step on flat masses `p` at `centers` with cell volume `h`.
    fn solve(
        &self,
        k: usize,
        energy: &GridEnergy,
        centers: ArrayView2<f64>,
        p: ArrayView1<f64>,
        h: f64,
        tau: f64,
    ) -> Result<(Array1<f64>, StepCertificate)> {
        check_tau(tau)?;
        if !(self.blur.is_finite() && self.blur > 0.0) {
            return Err(JkoError::InvalidParameter {
                name: "blur",
                value: self.blur,
                reason: "must be finite and > 0",
            });
        }
        let n = p.len();
        let v = energy.potential_at(centers)?;
        let cost = squared_euclidean(centers, centers)?;
        let lambda = 2.0 * tau / self.blur;
        let inv = 1.0 / self.blur;
        // Log-domain prox: s = log q solves s + λ U'(e^s/h) = log z − λV.
        let log_prox = |log_z: f64, vc: f64| -> f64 {
            if log_z == f64::NEG_INFINITY {
                return f64::NEG_INFINITY;
            }
            let rhs = log_z - lambda * vc;
            match &energy.internal {
                None => rhs,
                Some(u) => {
                    let (mut s, log_h) = (rhs, h.ln());
                    for _ in 0..200 {
                        let g = s + lambda * u.derivative_at_log(s - log_h) - rhs;
                        let dg = 1.0 + lambda * u.rho_second_derivative_at_log(s - log_h);
                        let step = g / dg;
                        s -= step;
                        if step.abs() <= 1e-15 * (1.0 + s.abs()) {
                            break;
                        }
                    }
                    s
                }
            }
        };
        // log Σ_j exp(log w_j − C_ij/γ), row by row (or column by column: C is symmetric).
        let lse = |log_w: &Array1<f64>| -> Array1<f64> {
            Array1::from_shape_fn(n, |i| {
                let row = cost.row(i);
                let mx = log_w
                    .iter()
                    .zip(row)
                    .map(|(w, c)| w - c * inv)
                    .fold(f64::NEG_INFINITY, f64::max);
                if mx == f64::NEG_INFINITY {
                    return mx;
                }
                mx + log_w
                    .iter()
                    .zip(row)
                    .map(|(w, c)| (w - c * inv - mx).exp())
                    .sum::<f64>()
                    .ln()
            })
        };
        let log_p = p.mapv(|x| if x > 0.0 { x.ln() } else { f64::NEG_INFINITY });
        let mut log_b = Array1::<f64>::zeros(n);
        let mut log_a = Array1::<f64>::zeros(n);
        let mut err = f64::INFINITY;
        let mut iterations = 0;
        while iterations < self.max_iterations {
            iterations += 1;
            log_a = &log_p - &lse(&log_b);
            log_a.mapv_inplace(|x| if x.is_nan() { f64::NEG_INFINITY } else { x });
            let log_z = lse(&log_a);
            log_b = Array1::from_shape_fn(n, |j| {
                if log_z[j] == f64::NEG_INFINITY {
                    f64::NEG_INFINITY
                } else {
                    log_prox(log_z[j], v[j]) - log_z[j]
                }
            });
            let kb = lse(&log_b);
            err = compensated_sum((0..n).map(|i| {
                let first = if log_a[i] == f64::NEG_INFINITY {
                    0.0
                } else {
                    (log_a[i] + kb[i]).exp()
                };
                (first - p[i]).abs()
            }));
            if err <= self.tolerance || err.is_nan() {
                break;
            }
        }
        if err.is_nan() || err > self.tolerance {
            return Err(JkoError::NotConverged {
                step: k,
                solver: "entropic grid (generalised Sinkhorn)",
                iterations,
                residual: err,
                tolerance: self.tolerance,
            });
        }
        let log_z = lse(&log_a);
        let raw = Array1::from_shape_fn(n, |j| {
            if log_b[j] == f64::NEG_INFINITY {
                0.0
            } else {
                (log_b[j] + log_z[j]).exp()
            }
        });
        let total = compensated_sum(raw.iter().copied());
        let next = raw / total;
        // Transport cost of the entropic coupling π_ij = exp(log a_i − C_ij/γ + log b_j).
        let realised = compensated_sum((0..n).flat_map(|i| {
            let (log_a, log_b, cost) = (&log_a, &log_b, &cost);
            (0..n).map(move |j| {
                let e = log_a[i] - cost[[i, j]] * inv + log_b[j];
                if e == f64::NEG_INFINITY || e.is_nan() {
                    0.0
                } else {
                    e.exp() * cost[[i, j]]
                }
            })
        }));
        let w2 = if centers.ncols() == 1 {
            wasserstein_1d(centers.column(0), p, centers.column(0), next.view(), 2.0)?
        } else {
            emd(p, next.view(), cost.view(), ExactOptions::default())?.cost
        };
        let cert = StepCertificate::new(
            energy.value_flat(&v, p, h),
            energy.value_flat(&v, next.view(), h),
            w2,
            realised,
            err,
            tau,
            iterations,
        );
        Ok((next, cert))
    }
}

impl Stepper<GridHistogram1d> for GridStepper {
    type Energy = GridEnergy;

    fn step(
        &self,
        k: usize,
        state: &GridHistogram1d,
        energy: &GridEnergy,
        tau: f64,
    ) -> Result<(GridHistogram1d, StepCertificate)> {
        let centers = state.cell_centers().insert_axis(ndarray::Axis(1));
        let (p, cert) = self.solve(
            k,
            energy,
            centers.view(),
            state.masses(),
            state.spacing(),
            tau,
        )?;
        Ok((
            GridHistogram1d::new(state.origin(), state.spacing(), p)?,
            cert,
        ))
    }
}

impl Stepper<GridHistogram2d> for GridStepper {
    type Energy = GridEnergy;

    fn step(
        &self,
        k: usize,
        state: &GridHistogram2d,
        energy: &GridEnergy,
        tau: f64,
    ) -> Result<(GridHistogram2d, StepCertificate)> {
        let centers = state.cell_centers();
        let flat: Array1<f64> = state.masses().iter().copied().collect();
        let [h0, h1] = state.spacing();
        let (p, cert) = self.solve(k, energy, centers.view(), flat.view(), h0 * h1, tau)?;
        let [n0, n1] = state.shape();
        let masses = Array2::from_shape_vec((n0, n1), p.to_vec()).expect("n0·n1 cells");
        Ok((
            GridHistogram2d::new(state.origin(), state.spacing(), masses)?,
            cert,
        ))
    }
}
