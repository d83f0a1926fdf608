//! Dense Sinkhorn, stabilised by absorption (Schmitzer 2019) and ε-scaling.
//!
//! Potentials are split as `f = f̄ + ε log u`, `g = ḡ + ε log v`, and the
//! scaling iterations run on the stabilised kernel
//! `K̃_ij = exp((f̄_i + ḡ_j − C_ij)/ε)` at matrix–vector speed. When a scaling
//! leaves `[e^{-50}, e^{50}]` it is absorbed into the potentials and the
//! affected kernel rows or columns are rebuilt; a row or column whose kernel sum under- or overflows
//! is updated by an exact log-sum-exp instead. So no entry is ever NaN or
//! infinite, for any ε > 0, with zero weights present.

use hwg_measure::compensated_sum;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use super::LogSumExp;
use super::fast_exp::exp;
use super::simd;
use crate::cost::{check_cost, check_positive, check_weights};
use crate::{Result, TransportError};

/// Scalings beyond `e^{±ABSORB}` are absorbed into the potentials (row by row).
const ABSORB: f64 = 50.0;

/// First ε of an ε-scaling schedule, relative to `max C`: Sinkhorn from zero
/// potentials converges in a few dozen sweeps there, so coarser stages only cost.
pub const SCALING_START: f64 = 0.05;

/// Balanced marginals, or KL-relaxed ones of strength `ρ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Marginals {
    /// `π1 = a`, `πᵀ1 = b` (equal masses).
    Balanced,
    /// Penalty `ρ KL(π1 | a) + ρ KL(πᵀ1 | b)`.
    Unbalanced {
        /// Strength `ρ > 0` of the marginal penalty.
        rho: f64,
    },
}

/// Parameters of [`sinkhorn`], validated when the solver starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SinkhornParams {
    /// Target regularisation `ε > 0` (in cost units).
    pub epsilon: f64,
    /// Stop when the residual is below this: for balanced problems the L1
    /// row-marginal error (columns are exact after each sweep); for
    /// unbalanced ones the sup-norm change of `f` divided by `max C`.
    pub tolerance: f64,
    /// Iteration budget of the final ε stage; exhausting it is an error.
    pub max_iterations: u64,
    /// ε-scaling: when `epsilon` is below [`SCALING_START`]` · max C`, start
    /// there and multiply by this factor (in `(0, 1)`) down to `epsilon`,
    /// warm-starting each stage from the last. `None` starts at `epsilon`.
    pub scaling: Option<f64>,
    /// Marginal constraints.
    pub marginals: Marginals,
}

impl SinkhornParams {
    /// Balanced problem at `epsilon` with tolerance `1e-9`, up to 10⁵
    /// iterations, and ε-scaling by ¼.
    pub fn new(epsilon: f64) -> Self {
        Self {
            epsilon,
            tolerance: 1e-9,
            max_iterations: 100_000,
            scaling: Some(0.25),
            marginals: Marginals::Balanced,
        }
    }

    fn validate(&self) -> Result<()> {
        check_positive("epsilon", self.epsilon)?;
        check_positive("tolerance", self.tolerance)?;
        if self.max_iterations == 0 {
            return Err(TransportError::InvalidParameter {
                name: "max_iterations",
                value: 0.0,
                reason: "must allow at least one iteration",
            });
        }
        if let Some(f) = self.scaling
            && !(f > 0.0 && f < 1.0)
        {
            return Err(TransportError::InvalidParameter {
                name: "scaling",
                value: f,
                reason: "ε-scaling factor must lie in (0, 1)",
            });
        }
        if let Marginals::Unbalanced { rho } = self.marginals {
            check_positive("rho", rho)?;
        }
        Ok(())
    }
}

/// Result of a Sinkhorn solve.
#[derive(Debug, Clone, PartialEq)]
pub struct SinkhornSolution {
    /// The entropic plan `π_ij = a_i b_j exp((f_i + g_j − C_ij)/ε)`.
    pub plan: Array2<f64>,
    /// Source potential `f`.
    pub f: Array1<f64>,
    /// Target potential `g`.
    pub g: Array1<f64>,
    /// Iterations over all ε stages.
    pub iterations: u64,
    /// Stopping residual reached (see [`SinkhornParams::tolerance`]).
    pub residual: f64,
    /// `‖π1 − a‖_1 + ‖πᵀ1 − b‖_1`.
    pub marginal_error: f64,
    /// `⟨π, C⟩`.
    pub transport_cost: f64,
    /// Primal objective: `⟨π, C⟩ + ε KL(π | a⊗b)` (+ `ρ KL` marginal terms when unbalanced).
    pub objective: f64,
    /// The ε it was solved at.
    pub epsilon: f64,
}

struct State<'a> {
    a: ArrayView1<'a, f64>,
    b: ArrayView1<'a, f64>,
    c: ArrayView2<'a, f64>,
    eps: f64,
    fbar: Array1<f64>,
    gbar: Array1<f64>,
    u: Array1<f64>,
    v: Array1<f64>,
    kernel: Array2<f64>,
}

impl State<'_> {
    fn rebuild_kernel(&mut self) {
        let (fbar, c, inv) = (&self.fbar, self.c, 1.0 / self.eps);
        let gbar = self.gbar.as_slice().expect("owned");
        self.kernel
            .axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(i, mut row)| {
                let ci = c.row(i);
                match ci.as_slice() {
                    Some(ci) => {
                        simd::exp_row(row.as_slice_mut().expect("owned"), fbar[i], gbar, ci, inv)
                    }
                    None => row
                        .iter_mut()
                        .zip(ci)
                        .zip(gbar)
                        .for_each(|((k, &cij), &gj)| *k = exp((fbar[i] + gj - cij) * inv)),
                }
            });
    }

    fn rebuild_rows(&mut self, rows: &[usize]) {
        if rows.len() * 4 > self.a.len() {
            return self.rebuild_kernel();
        }
        for &i in rows {
            let fi = self.fbar[i];
            for j in 0..self.b.len() {
                self.kernel[[i, j]] = exp((fi + self.gbar[j] - self.c[[i, j]]) / self.eps);
            }
        }
    }

    fn rebuild_cols(&mut self, cols: &[usize]) {
        if cols.len() * 4 > self.b.len() {
            return self.rebuild_kernel();
        }
        for &j in cols {
            let gj = self.gbar[j];
            for i in 0..self.a.len() {
                self.kernel[[i, j]] = exp((self.fbar[i] + gj - self.c[[i, j]]) / self.eps);
            }
        }
    }

    fn f(&self) -> Array1<f64> {
        &self.fbar + &self.u.mapv(|u| self.eps * u.ln())
    }

    fn g(&self) -> Array1<f64> {
        &self.gbar + &self.v.mapv(|v| self.eps * v.ln())
    }

    /// `s_i = Σ_j K̃_ij b_j v_j`.
    fn row_sums(&self) -> Array1<f64> {
        let bv = &self.b * &self.v;
        let mut s = Array1::zeros(self.a.len());
        let bv = bv.as_slice().expect("owned");
        s.as_slice_mut()
            .expect("owned")
            .par_iter_mut()
            .enumerate()
            .for_each(|(i, si)| {
                *si = simd::dot(self.kernel.row(i).as_slice().expect("row-major kernel"), bv);
            });
        s
    }

    /// `t_j = Σ_i K̃_ij a_i u_i`, as per-thread partial sums over row blocks
    /// (four rows per sweep of the accumulator, as a BLAS `gemv` would).
    fn col_sums(&self) -> Array1<f64> {
        let au = &self.a * &self.u;
        col_combination(self.kernel.view(), au.view())
    }

    /// Exact log-domain value `−ε log Σ_j b_j exp((g_j − C_ij)/ε)` for row `i`.
    fn exact_f(&self, i: usize, g: &Array1<f64>) -> f64 {
        let mut lse = LogSumExp::new();
        for ((&bj, &gj), &cij) in self.b.iter().zip(g).zip(self.c.row(i)) {
            if bj > 0.0 {
                lse.add(bj.ln() + (gj - cij) / self.eps);
            }
        }
        -self.eps * lse.value()
    }

    fn exact_g(&self, j: usize, f: &Array1<f64>) -> f64 {
        let mut lse = LogSumExp::new();
        for ((&ai, &fi), &cij) in self.a.iter().zip(f).zip(self.c.column(j)) {
            if ai > 0.0 {
                lse.add(ai.ln() + (fi - cij) / self.eps);
            }
        }
        -self.eps * lse.value()
    }
}

/// Solve entropic OT between weights `a`, `b` for the cost `c`.
///
/// Errors: invalid weights, costs or parameters; unequal masses for a
/// balanced problem; [`TransportError::NotConverged`] (with the residual
/// reached) when the final stage exhausts `max_iterations`.
pub fn sinkhorn(
    a: ArrayView1<f64>,
    b: ArrayView1<f64>,
    c: ArrayView2<f64>,
    params: &SinkhornParams,
) -> Result<SinkhornSolution> {
    params.validate()?;
    let mass_a = check_weights(a, "a")?;
    let mass_b = check_weights(b, "b")?;
    let cmax = check_cost(c, a.len(), b.len())?;
    if params.marginals == Marginals::Balanced
        && (mass_a - mass_b).abs() > crate::cost::BALANCE_TOLERANCE * mass_a.max(mass_b)
    {
        return Err(TransportError::MassMismatch { mass_a, mass_b });
    }
    let (n, m) = (a.len(), b.len());
    let target = params.epsilon;
    let mut eps = match params.scaling {
        Some(_) => (SCALING_START * cmax).max(target),
        None => target,
    };
    let mut st = State {
        a,
        b,
        c,
        eps,
        fbar: Array1::zeros(n),
        gbar: Array1::zeros(m),
        u: Array1::ones(n),
        v: Array1::ones(m),
        kernel: Array2::zeros((n, m)),
    };
    st.rebuild_kernel();
    let mut iterations = 0u64;
    loop {
        let last = eps <= target;
        // None: balanced; Some(λ): the unbalanced damping ρ/(ρ + ε) (which can
        // round to 1 for huge ρ, so it is not used to tell the two apart).
        let lambda_stage = match params.marginals {
            Marginals::Balanced => None,
            Marginals::Unbalanced { rho } => Some(rho / (rho + eps)),
        };
        let (stage_tol, budget) = if last {
            (params.tolerance, params.max_iterations)
        } else {
            (params.tolerance.max(1e-4 * mass_a), 1_000)
        };
        let mut stage_iters = 0u64;
        let residual = loop {
            // Columns are exact only after a first g update in this stage.
            let early = (stage_iters > 0).then_some(stage_tol);
            let residual = sweep(&mut st, lambda_stage, cmax, mass_a, early);
            iterations += 1;
            stage_iters += 1;
            if residual <= stage_tol {
                break residual;
            }
            if stage_iters >= budget {
                if last {
                    return Err(TransportError::NotConverged {
                        solver: "sinkhorn",
                        budget,
                        unit: "iterations",
                        done: iterations,
                        residual,
                        tolerance: stage_tol,
                    });
                }
                break residual;
            }
        };
        if last {
            return Ok(finish(st, residual, iterations, params));
        }
        // Next stage: keep the potentials, shrink ε, rebuild the kernel.
        st.fbar = st.f();
        st.gbar = st.g();
        st.u.fill(1.0);
        st.v.fill(1.0);
        eps = (eps * params.scaling.expect("stages only with scaling")).max(target);
        st.eps = eps;
        st.rebuild_kernel();
    }
}

/// One `f` then `g` update; returns the stopping residual: balanced, the L1
/// row-marginal error of the current pair (whose columns are exact), in which
/// case a pair converged to `early_stop` is returned without updating it;
/// unbalanced, the change of `f`.
fn sweep(
    st: &mut State<'_>,
    damping: Option<f64>,
    cmax: f64,
    mass: f64,
    early_stop: Option<f64>,
) -> f64 {
    let lambda = damping.unwrap_or(1.0);
    let eps = st.eps;
    // f update: f_i ← λ (f̄_i − ε log s_i), or an exact log-sum-exp when s_i
    // under- or overflowed; a scaling out of range is absorbed row by row.
    let s = st.row_sums();
    let row_error = compensated_sum(
        st.a.iter()
            .zip(&st.u)
            .zip(&s)
            .map(|((&ai, &ui), &si)| (ai * ui * si - ai).abs()),
    );
    if damping.is_none() && early_stop.is_some_and(|tol| row_error / mass <= tol) {
        // Converged: return the pair that was measured, not one more update.
        return row_error / mass;
    }
    let g_now = st.g();
    let mut df = 0.0f64;
    let mut dirty = Vec::new();
    for i in 0..st.a.len() {
        let new_f = if s[i].is_finite() && s[i] > 1e-280 {
            lambda * (st.fbar[i] - eps * s[i].ln())
        } else {
            lambda * st.exact_f(i, &g_now)
        };
        let old_f = st.fbar[i] + eps * st.u[i].ln();
        df = df.max((new_f - old_f).abs());
        let log_u = (new_f - st.fbar[i]) / eps;
        if log_u.abs() <= ABSORB {
            st.u[i] = log_u.exp();
        } else {
            st.fbar[i] = new_f;
            st.u[i] = 1.0;
            dirty.push(i);
        }
    }
    st.rebuild_rows(&dirty);
    // g update, symmetrically.
    let t = st.col_sums();
    let f_now = st.f();
    let mut dirty = Vec::new();
    for j in 0..st.b.len() {
        let new_g = if t[j].is_finite() && t[j] > 1e-280 {
            lambda * (st.gbar[j] - eps * t[j].ln())
        } else {
            lambda * st.exact_g(j, &f_now)
        };
        let log_v = (new_g - st.gbar[j]) / eps;
        if log_v.abs() <= ABSORB {
            st.v[j] = log_v.exp();
        } else {
            st.gbar[j] = new_g;
            st.v[j] = 1.0;
            dirty.push(j);
        }
    }
    st.rebuild_cols(&dirty);
    if damping.is_none() {
        row_error / mass
    } else {
        df / cmax.max(f64::MIN_POSITIVE)
    }
}

/// `Σ_i w_i K[i, :]` for a row-major `K`, in parallel over row blocks.
fn col_combination(k: ArrayView2<f64>, w: ArrayView1<f64>) -> Array1<f64> {
    let (rows, m) = k.dim();
    let chunk = rows
        .div_ceil(rayon::current_num_threads().max(1) * 2)
        .max(16);
    (0..rows.div_ceil(chunk))
        .into_par_iter()
        .map(|blk| {
            let mut acc = vec![0.0; m];
            let (lo, hi) = (blk * chunk, ((blk + 1) * chunk).min(rows));
            let mut i = lo;
            while i + 4 <= hi {
                let (w0, w1, w2, w3) = (w[i], w[i + 1], w[i + 2], w[i + 3]);
                let (r0, r1, r2, r3) = (k.row(i), k.row(i + 1), k.row(i + 2), k.row(i + 3));
                let (r0, r1, r2, r3) = (
                    r0.as_slice().expect("row-major"),
                    r1.as_slice().expect("row-major"),
                    r2.as_slice().expect("row-major"),
                    r3.as_slice().expect("row-major"),
                );
                simd::axpy4(&mut acc, [w0, w1, w2, w3], [r0, r1, r2, r3]);
                i += 4;
            }
            while i < hi {
                let (wi, ri) = (w[i], k.row(i));
                for (a, &v) in acc.iter_mut().zip(ri) {
                    *a += wi * v;
                }
                i += 1;
            }
            acc
        })
        .reduce(
            || vec![0.0; m],
            |mut x, y| {
                x.iter_mut().zip(&y).for_each(|(a, b)| *a += b);
                x
            },
        )
        .into()
}

fn kl(p: ArrayView1<f64>, q: ArrayView1<f64>) -> f64 {
    compensated_sum(p.iter().zip(q).map(|(&pi, &qi)| {
        if pi > 0.0 {
            pi * (pi / qi).ln() - pi + qi
        } else {
            qi
        }
    }))
}

fn finish(
    mut st: State<'_>,
    residual: f64,
    iterations: u64,
    params: &SinkhornParams,
) -> SinkhornSolution {
    let (f, g) = (st.f(), st.g());
    let eps = st.eps;
    // π_ij = a_i u_i K̃_ij v_j b_j: the kernel already holds the exponentials.
    let row_scale = &st.a * &st.u;
    let col_scale = &st.b * &st.v;
    let col_scale = col_scale.as_slice().expect("owned");
    // The kernel is not needed afterwards: scale it into the plan in place.
    let mut plan = std::mem::replace(&mut st.kernel, Array2::zeros((0, 0)));
    let c = st.c;
    let per_row: Vec<(f64, f64)> = plan
        .axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .map(|(i, mut row)| {
            let ci = c.row(i);
            let k = row.as_slice_mut().expect("owned, row-major");
            match ci.as_slice() {
                Some(ci) => simd::plan_row(k, row_scale[i], col_scale, ci),
                None => {
                    let (mut mass, mut cost) = (0.0, 0.0);
                    for ((p, &sj), &cij) in k.iter_mut().zip(col_scale).zip(ci) {
                        *p *= row_scale[i] * sj;
                        mass += *p;
                        cost += *p * cij;
                    }
                    (mass, cost)
                }
            }
        })
        .collect();
    let r: Array1<f64> = per_row.iter().map(|x| x.0).collect();
    let col = col_combination(plan.view(), Array1::ones(st.a.len()).view());
    let marginal_error = compensated_sum(
        (&r - &st.a)
            .iter()
            .chain((&col - &st.b).iter())
            .map(|e| e.abs()),
    );
    let transport_cost = compensated_sum(per_row.iter().map(|x| x.1));
    // ε KL(π | a⊗b) = Σ π (f_i + g_j − C_ij) − ε (Σπ − Σa Σb), with log(π/(ab)) read off the potentials.
    let total = compensated_sum(r.iter().copied());
    let mass_prod = compensated_sum(st.a.iter().copied()) * compensated_sum(st.b.iter().copied());
    let pot = compensated_sum(
        r.iter()
            .zip(&f)
            .map(|(x, y)| if *x > 0.0 { x * y } else { 0.0 }),
    ) + compensated_sum(
        col.iter()
            .zip(&g)
            .map(|(x, y)| if *x > 0.0 { x * y } else { 0.0 }),
    );
    let mut objective = pot - eps * (total - mass_prod);
    if let Marginals::Unbalanced { rho } = params.marginals {
        objective += rho * (kl(r.view(), st.a) + kl(col.view(), st.b));
    }
    SinkhornSolution {
        plan,
        f,
        g,
        iterations,
        residual,
        marginal_error,
        transport_cost,
        objective,
        epsilon: eps,
    }
}
