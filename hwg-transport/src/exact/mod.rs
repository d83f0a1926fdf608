//! Exact optimal transport: network simplex with a certificate, and the 1-D solver.

mod network_simplex;
pub mod one_d;

use hwg_measure::{ParticleView, compensated_sum};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rayon::prelude::*;

use crate::cost::{check_balanced, particle_cost};
use crate::{Result, TransportError};

pub use network_simplex::PRICING_TOLERANCE;

/// Options of the exact solver.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ExactOptions {
    /// Pivot budget. `None` (the default) runs to optimality; with `Some(k)`
    /// the solver returns [`TransportError::NotConverged`] after `k` pivots
    /// instead of a plan that is not optimal.
    pub max_pivots: Option<u64>,
}

/// A transport plan stored by its non-zero entries `(i, j, π_ij)`, sorted by `(i, j)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SparsePlan {
    n: usize,
    m: usize,
    entries: Vec<(usize, usize, f64)>,
}

impl SparsePlan {
    /// Build from entries (used by the solvers of this crate).
    pub(crate) fn new(n: usize, m: usize, entries: Vec<(usize, usize, f64)>) -> Self {
        Self { n, m, entries }
    }

    /// Number of sources `n`.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of targets `m`.
    pub fn m(&self) -> usize {
        self.m
    }

    /// Non-zero entries `(i, j, π_ij)`.
    pub fn entries(&self) -> &[(usize, usize, f64)] {
        &self.entries
    }

    /// Number of non-zeros.
    pub fn nnz(&self) -> usize {
        self.entries.len()
    }

    /// Dense `n × m` copy.
    pub fn to_dense(&self) -> Array2<f64> {
        let mut p = Array2::zeros((self.n, self.m));
        for &(i, j, v) in &self.entries {
            p[[i, j]] += v;
        }
        p
    }

    /// Row sums `π 1`.
    pub fn row_sums(&self) -> Array1<f64> {
        let mut r = Array1::zeros(self.n);
        for &(i, _, v) in &self.entries {
            r[i] += v;
        }
        r
    }

    /// Column sums `πᵀ 1`.
    pub fn col_sums(&self) -> Array1<f64> {
        let mut c = Array1::zeros(self.m);
        for &(_, j, v) in &self.entries {
            c[j] += v;
        }
        c
    }

    /// `⟨π, C⟩`, compensated.
    pub fn cost(&self, c: ArrayView2<f64>) -> f64 {
        compensated_sum(self.entries.iter().map(|&(i, j, v)| v * c[[i, j]]))
    }
}

/// Evidence that a solution is optimal, all in the units of the cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Certificate {
    /// `max C`, the scale relative errors refer to.
    pub cost_scale: f64,
    /// `max_ij max(f_i + g_j − C_ij, 0)`: dual infeasibility.
    pub max_dual_infeasibility: f64,
    /// `|⟨π, C⟩ − (Σ a_i f_i + Σ b_j g_j)|`: duality gap.
    pub duality_gap: f64,
    /// `max(‖π1 − a‖_∞, ‖πᵀ1 − b‖_∞)`.
    pub marginal_error: f64,
}

impl Certificate {
    /// Dual infeasibility divided by the cost scale.
    pub fn relative_infeasibility(&self) -> f64 {
        self.max_dual_infeasibility / self.cost_scale.max(f64::MIN_POSITIVE)
    }

    /// Duality gap divided by `cost_scale × mass`.
    pub fn relative_gap(&self, mass: f64) -> f64 {
        self.duality_gap / (self.cost_scale * mass).max(f64::MIN_POSITIVE)
    }
}

/// An optimal plan with its dual potentials and certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactSolution {
    /// Optimal cost `⟨π, C⟩`.
    pub cost: f64,
    /// Optimal plan (a vertex: at most `n + m − 1` non-zeros).
    pub plan: SparsePlan,
    /// Source potentials `f`.
    pub f: Array1<f64>,
    /// Target potentials `g`, with `f_i + g_j ≤ C_ij` and `Σ a f = Σ b g`.
    pub g: Array1<f64>,
    /// Optimality certificate.
    pub certificate: Certificate,
    /// Simplex pivots performed.
    pub pivots: u64,
}

impl ExactSolution {
    /// Dual objective `Σ a_i f_i + Σ b_j g_j`.
    pub fn dual_value(&self, a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
        compensated_sum(
            a.iter()
                .zip(&self.f)
                .map(|(x, y)| x * y)
                .chain(b.iter().zip(&self.g).map(|(x, y)| x * y)),
        )
    }
}

/// Exact discrete optimal transport `min_{π ∈ Π(a, b)} ⟨π, C⟩` by the
/// network simplex.
///
/// `a` (length `n`) and `b` (length `m`) are non-negative with equal totals
/// (within `1e-12` relative; zeros allowed); `cost` is `n × m`, finite and
/// non-negative. The result carries the optimal cost, a sparse plan, dual
/// potentials and a [`Certificate`] recomputed from scratch.
pub fn emd(
    a: ArrayView1<f64>,
    b: ArrayView1<f64>,
    cost: ArrayView2<f64>,
    options: ExactOptions,
) -> Result<ExactSolution> {
    let (mass_a, mass_b, cmax) = check_balanced(a, b, cost)?;
    // Rescale b to the mass of a so the artificial arcs carry only rounding.
    let b_scaled: Array1<f64> = if mass_a == mass_b {
        b.to_owned()
    } else {
        b.mapv(|v| v * (mass_a / mass_b))
    };
    let out = network_simplex::solve(a, b_scaled.view(), cost, cmax, options.max_pivots)?;
    let (n, m) = (a.len(), b.len());
    let mut f: Array1<f64> = out.pi[..n].iter().map(|p| -p).collect();
    let mut g: Array1<f64> = out.pi[n..].iter().copied().collect();
    // Potentials are defined up to f + c, g − c: pick Σ a f = Σ b g.
    let af = compensated_sum(a.iter().zip(&f).map(|(x, y)| x * y));
    let bg = compensated_sum(b.iter().zip(&g).map(|(x, y)| x * y));
    let shift = (bg - af) / (mass_a + mass_b);
    f += shift;
    g -= shift;
    let plan = SparsePlan::new(n, m, out.plan);
    let primal = plan.cost(cost);
    let certificate = certify(a, b, cost, cmax, &plan, f.view(), g.view(), primal);
    debug_assert!(
        out.artificial_flow <= 1e-9 * mass_a,
        "artificial flow {}",
        out.artificial_flow
    );
    Ok(ExactSolution {
        cost: primal,
        plan,
        f,
        g,
        certificate,
        pivots: out.pivots,
    })
}

/// Recompute the certificate of a plan and potentials from scratch.
#[allow(clippy::too_many_arguments)]
fn certify(
    a: ArrayView1<f64>,
    b: ArrayView1<f64>,
    cost: ArrayView2<f64>,
    cmax: f64,
    plan: &SparsePlan,
    f: ArrayView1<f64>,
    g: ArrayView1<f64>,
    primal: f64,
) -> Certificate {
    let infeasibility = (0..a.len())
        .into_par_iter()
        .map(|i| {
            let row = cost.row(i);
            g.iter()
                .zip(row)
                .fold(0.0f64, |worst, (gj, cij)| worst.max(f[i] + gj - cij))
        })
        .reduce(|| 0.0, f64::max);
    let dual = compensated_sum(
        a.iter()
            .zip(f)
            .map(|(x, y)| x * y)
            .chain(b.iter().zip(g).map(|(x, y)| x * y)),
    );
    let row_err = (&plan.row_sums() - &a)
        .iter()
        .fold(0.0f64, |w, e| w.max(e.abs()));
    let col_err = (&plan.col_sums() - &b)
        .iter()
        .fold(0.0f64, |w, e| w.max(e.abs()));
    Certificate {
        cost_scale: cmax,
        max_dual_infeasibility: infeasibility,
        duality_gap: (primal - dual).abs(),
        marginal_error: row_err.max(col_err),
    }
}

/// Exact OT between two particle measures for the squared Euclidean cost:
/// `W2²(μ, ν)` is `solution.cost`.
pub fn emd_particles<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
    options: ExactOptions,
) -> Result<ExactSolution> {
    let (mu, nu) = (mu.into(), nu.into());
    let c = particle_cost(mu, nu)?;
    emd(mu.weights(), nu.weights(), c.view(), options)
}

/// `W2²(μ, ν)` between particle measures by the exact solver.
pub fn w2_squared<'a>(
    mu: impl Into<ParticleView<'a>>,
    nu: impl Into<ParticleView<'a>>,
) -> Result<f64> {
    Ok(emd_particles(mu, nu, ExactOptions::default())?.cost)
}

/// Convenience: reject a budget of zero pivots as a parameter error.
pub fn options_with_budget(max_pivots: u64) -> Result<ExactOptions> {
    if max_pivots == 0 {
        return Err(TransportError::InvalidParameter {
            name: "max_pivots",
            value: 0.0,
            reason: "a budget must allow at least one pivot",
        });
    }
    Ok(ExactOptions {
        max_pivots: Some(max_pivots),
    })
}
