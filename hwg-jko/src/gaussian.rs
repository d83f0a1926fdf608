//! The Gaussian (Bures–Wasserstein) backend: exact for a quadratic potential
//! `V(x) = ½ (x − m*)ᵀ A (x − m*)` plus entropy `σ ∫ ρ log ρ`.
//!
//! The minimiser is Gaussian, reached by the affine map `T(x) = m' + M(x − m)`
//! with `M` symmetric positive definite and `Σ' = M Σ M`. The Euler–Lagrange
//! equation `(T − id)/τ + ∇V∘T − σ Σ'^{-1}(T − m') = 0` splits into
//! `m' = (I + τA)^{-1}(m + τ A m*)` and `(I + τA) M − I = τσ M^{-1} Σ^{-1}`.
//! When `A` and `Σ` commute each eigen-variance `s²` (with eigenvalue `a` of
//! `A`) updates in closed form,
//! `s' = (s + √(s² + 4(1 + τa)τσ)) / (2(1 + τa))`; in general `M` solves the
//! strictly convex problem `min ½ tr(A MΣM) − σ log det M + tr((M−I)Σ(M−I))/(2τ)`,
//! by Newton's method on the symmetric matrices (faer), and the residual of
//! the matrix equation is reported.

use faer::linalg::solvers::Solve;
use faer::{Mat, Side};
use hwg_energy::{Entropy, Quadratic};
use hwg_measure::Gaussian;
use hwg_transport::w2_squared_gaussian;
use ndarray::{Array1, Array2};

use crate::error::{check_tau, check_well_posed};
use crate::step::{StepCertificate, Stepper};
use crate::{JkoError, Result};

/// `E(μ) = ∫ V dμ + σ ∫ ρ log ρ` with a quadratic `V`.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianEnergy {
    /// The potential `½ (x − m*)ᵀ A (x − m*)`.
    pub potential: Quadratic,
    /// The entropy weight.
    pub entropy: Entropy,
}

impl GaussianEnergy {
    /// Potential plus entropy.
    pub fn new(potential: Quadratic, entropy: Entropy) -> Self {
        Self { potential, entropy }
    }

    /// `E(N(m, Σ)) = ½ (m − m*)ᵀA(m − m*) + ½ tr(AΣ) + σ ∫ρ log ρ`.
    pub fn value(&self, g: &Gaussian) -> Result<f64> {
        self.check(g)?;
        let a = self.potential.matrix();
        let z = &g.mean() - self.potential.center();
        let tr: f64 = (a * &g.covariance()).sum();
        Ok(0.5 * z.dot(&a.dot(&z)) + 0.5 * tr + self.entropy.value_gaussian(g))
    }

    fn check(&self, g: &Gaussian) -> Result<()> {
        if g.dim() != self.potential.center().len() {
            return Err(JkoError::Mismatch {
                what: "Gaussian vs energy dimension",
                expected: self.potential.center().len(),
                found: g.dim(),
            });
        }
        Ok(())
    }

    /// `λ = λ_min(A)` (entropy adds 0).
    pub fn modulus(&self) -> f64 {
        use hwg_energy::PotentialFn;
        self.potential
            .modulus()
            .expect("quadratic potentials declare their modulus")
    }
}

/// The exact Gaussian stepper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianStepper {
    /// Acceptance tolerance on the matrix-equation residual
    /// `‖(I + τA)M − I − τσ M^{-1}Σ^{-1}‖_F / (1 + ‖I + τA‖_F)` (Newton iterates
    /// until rounding stops it, then checks this).
    pub tolerance: f64,
    /// Newton budget for the non-commuting case.
    pub max_newton: usize,
}

impl Default for GaussianStepper {
    fn default() -> Self {
        Self {
            tolerance: 1e-12,
            max_newton: 50,
        }
    }
}

fn to_faer(a: &Array2<f64>) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
}

fn to_nd(a: &Mat<f64>) -> Array2<f64> {
    Array2::from_shape_fn((a.nrows(), a.ncols()), |(i, j)| a[(i, j)])
}

fn sym(a: &Mat<f64>) -> Mat<f64> {
    Mat::from_fn(a.nrows(), a.ncols(), |i, j| 0.5 * (a[(i, j)] + a[(j, i)]))
}

fn inverse_spd(m: &Mat<f64>) -> Option<Mat<f64>> {
    let llt = m.llt(Side::Lower).ok()?;
    Some(llt.solve(Mat::<f64>::identity(m.nrows(), m.ncols())))
}

/// `(I + τA)M − I − τσ M^{-1}Σ^{-1}`.
fn equation_residual(a: &Mat<f64>, sigma_inv: &Mat<f64>, m: &Mat<f64>, tau: f64, s: f64) -> f64 {
    let d = m.nrows();
    let i = Mat::<f64>::identity(d, d);
    let m_inv = inverse_spd(m).expect("M is kept positive definite");
    let r = (&i + a * tau) * m - &i - (&m_inv * sigma_inv) * (tau * s);
    r.norm_l2()
}

impl GaussianStepper {
    /// Newton on `G(M) = sym(((I + τA)M − I)Σ)/τ − σ M^{-1}` over symmetric `M`.
    fn solve_m(
        &self,
        k: usize,
        a: &Mat<f64>,
        cov: &Mat<f64>,
        tau: f64,
        s: f64,
    ) -> Result<(Mat<f64>, usize, f64)> {
        let d = a.nrows();
        let i = Mat::<f64>::identity(d, d);
        let ita = &i + a * tau;
        let sigma_inv = inverse_spd(cov).ok_or(JkoError::InvalidParameter {
            name: "covariance",
            value: f64::NAN,
            reason: "not positive definite",
        })?;
        let g_of = |m: &Mat<f64>| -> Option<Mat<f64>> {
            let m_inv = inverse_spd(m)?;
            Some(sym(&((&ita * m - &i) * cov)) * (1.0 / tau) - m_inv * s)
        };
        let pairs: Vec<(usize, usize)> = (0..d).flat_map(|p| (p..d).map(move |q| (p, q))).collect();
        let flat = |g: &Mat<f64>| -> Mat<f64> {
            Mat::from_fn(pairs.len(), 1, |r, _| g[(pairs[r].0, pairs[r].1)])
        };
        let mut m = i.clone();
        let mut g = g_of(&m).expect("I is positive definite");
        let mut res = equation_residual(a, &sigma_inv, &m, tau, s);
        let scale = 1.0 + ita.norm_l2();
        let mut iterations = 0;
        // Newton converges quadratically: aim far below the acceptance
        // tolerance and stop when rounding leaves nothing to gain.
        for it in 0..self.max_newton {
            iterations = it;
            if res <= 1e-4 * self.tolerance * scale {
                break;
            }
            let m_inv = inverse_spd(&m).expect("kept positive definite");
            let jac = Mat::from_fn(pairs.len(), pairs.len(), |r, c| {
                let (p, q) = pairs[c];
                let mut e = Mat::<f64>::zeros(d, d);
                e[(p, q)] = 1.0;
                e[(q, p)] = 1.0;
                let dg = sym(&(&ita * &e * cov)) * (1.0 / tau) + (&m_inv * &e * &m_inv) * s;
                dg[(pairs[r].0, pairs[r].1)]
            });
            let step = jac.partial_piv_lu().solve(-flat(&g));
            let mut delta = Mat::<f64>::zeros(d, d);
            for (r, &(p, q)) in pairs.iter().enumerate() {
                delta[(p, q)] = step[(r, 0)];
                delta[(q, p)] = step[(r, 0)];
            }
            // Damped: stay positive definite and reduce ‖G‖.
            let mut t = 1.0;
            let gnorm = g.norm_l2();
            let mut moved = false;
            for _ in 0..60 {
                let trial = &m + &delta * t;
                if let Some(gt) = g_of(&trial)
                    && gt.norm_l2() < gnorm
                {
                    m = trial;
                    g = gt;
                    moved = true;
                    break;
                }
                t *= 0.5;
            }
            res = equation_residual(a, &sigma_inv, &m, tau, s);
            iterations = it + 1;
            if !moved {
                break;
            }
        }
        if res <= self.tolerance * scale {
            return Ok((m, iterations, res));
        }
        Err(JkoError::NotConverged {
            step: k,
            solver: "Gaussian matrix equation (Newton)",
            iterations: self.max_newton,
            residual: res,
            tolerance: self.tolerance,
        })
    }
}

impl Stepper<Gaussian> for GaussianStepper {
    type Energy = GaussianEnergy;

    fn step(
        &self,
        k: usize,
        state: &Gaussian,
        energy: &GaussianEnergy,
        tau: f64,
    ) -> Result<(Gaussian, StepCertificate)> {
        check_tau(tau)?;
        energy.check(state)?;
        check_well_posed(k, Some(energy.modulus()), tau)?;
        let d = state.dim();
        let a_nd = energy.potential.matrix();
        let a = to_faer(a_nd);
        let i = Mat::<f64>::identity(d, d);
        let ita = &i + &a * tau;
        // Mean: m' = (I + τA)^{-1}(m + τ A m*).
        let m = state.mean().to_owned();
        let rhs_nd = &m + &(a_nd.dot(energy.potential.center()) * tau);
        let rhs = Mat::from_fn(d, 1, |r, _| rhs_nd[r]);
        let m_new_f = ita.partial_piv_lu().solve(rhs);
        let m_new: Array1<f64> = (0..d).map(|r| m_new_f[(r, 0)]).collect();
        // Covariance through the map matrix M.
        let cov = to_faer(&state.covariance().to_owned());
        let s = energy.entropy.sigma();
        let (mm, iterations, residual) = self.solve_m(k, &a, &cov, tau, s)?;
        let m_nd = to_nd(&sym(&mm));
        let cov_new = m_nd.dot(&state.covariance()).dot(&m_nd);
        let cov_new =
            Array2::from_shape_fn((d, d), |(p, q)| 0.5 * (cov_new[[p, q]] + cov_new[[q, p]]));
        let next = Gaussian::new(m_new.clone(), cov_new)?;
        // Certificate, all in closed form.
        let energy_before = energy.value(state)?;
        let energy_after = energy.value(&next)?;
        let w2_squared = w2_squared_gaussian(state, &next)?;
        let dm = &m_new - &m;
        let mi = &m_nd - &Array2::<f64>::eye(d);
        let realised_cost = dm.dot(&dm) + (mi.dot(&state.covariance()).dot(&mi)).diag().sum();
        // EL field r(x) = R (x − m) + c: ‖r‖²_{L²(μ_k)} = |c|² + tr(R Σ Rᵀ).
        let sig_inv = to_nd(&inverse_spd(&cov).expect("state covariance is SPD"));
        let m_inv = to_nd(&inverse_spd(&mm).expect("kept SPD"));
        let r = &mi / tau + &a_nd.dot(&m_nd) - &(m_inv.dot(&sig_inv) * s);
        let c = &dm / tau + &a_nd.dot(&(&m_new - energy.potential.center()));
        let el = (c.dot(&c) + r.dot(&state.covariance()).dot(&r.t()).diag().sum()).sqrt();
        debug_assert!(residual.is_finite());
        let cert = StepCertificate::new(
            energy_before,
            energy_after,
            w2_squared,
            realised_cost,
            el,
            tau,
            iterations,
        );
        Ok((next, cert))
    }
}

/// The commuting-case closed form for one eigen-direction: standard
/// deviation `s` with potential curvature `a` ↦ `s'`.
pub fn eigen_std_update(s: f64, a: f64, tau: f64, sigma: f64) -> f64 {
    let c = 1.0 + tau * a;
    (s + (s * s + 4.0 * c * tau * sigma).sqrt()) / (2.0 * c)
}
