//! Primal network simplex for the transportation problem.
//!
//! The complete bipartite graph sources → targets is extended by a root node
//! and one artificial arc per node (sources `u → root` at cost 0, targets
//! `root → v` at cost `M`), which gives a strongly feasible initial spanning
//! tree. Because the graph is complete, any flow routed `s → root → t` can be
//! rerouted through the real arc `s → t` at a saving of `M − C_st`, so
//! `M = 2 max C` already forces zero artificial flow at the optimum (no huge
//! big-M, hence potentials of the size of the costs and no loss of precision).
//!
//! Pivoting uses block search pricing, the leaving-arc rule of strongly
//! feasible trees (the last blocking arc along the cycle, which excludes
//! cycling), child lists for the tree and an `O(subtree)` potential update.
//! Potentials are recomputed exactly from the tree every `n + m` pivots and
//! at the end, where a clean pricing pass over every arc must find nothing
//! before the solver stops: stopping is decided on exact potentials, not on
//! accumulated updates.

use ndarray::{ArrayView1, ArrayView2};

use crate::{Result, TransportError};

const NONE: usize = usize::MAX;
/// Pred arc points from the node to its parent.
const UP: f64 = 1.0;
/// Pred arc points from the parent to the node.
const DOWN: f64 = -1.0;

/// Relative pricing tolerance: an arc enters when its reduced cost is below
/// `−PRICING_TOLERANCE · (max C + max |π|)`; a few ulps above rounding noise.
pub const PRICING_TOLERANCE: f64 = 1e-14;

/// Raw outcome of a simplex run: tree flows and node potentials.
pub(crate) struct SimplexOutcome {
    /// `(i, j, flow)` on real tree arcs with positive flow.
    pub plan: Vec<(usize, usize, f64)>,
    /// Node potentials `π` (sources then targets), exact from the final tree.
    pub pi: Vec<f64>,
    /// Pivots performed.
    pub pivots: u64,
    /// Flow left on artificial arcs (rounding of `Σa − Σb`).
    pub artificial_flow: f64,
}

struct Simplex<'a> {
    n: usize,
    m: usize,
    nm: usize,
    root: usize,
    cost: &'a [f64],
    art_cost: f64,
    /// 1 for non-tree arcs (real then artificial), 0 for tree arcs.
    state: Vec<u8>,
    /// Artificial arc of node `u` points `u → root` (true) or `root → u`.
    art_up: Vec<bool>,
    parent: Vec<usize>,
    pred: Vec<usize>,
    dir: Vec<f64>,
    flow: Vec<f64>,
    pi: Vec<f64>,
    depth: Vec<u32>,
    first_child: Vec<usize>,
    next_sib: Vec<usize>,
    prev_sib: Vec<usize>,
    next_arc: usize,
    block: usize,
    tol: f64,
    cmax: f64,
    stack: Vec<usize>,
    path: Vec<usize>,
}

impl<'a> Simplex<'a> {
    fn new(a: ArrayView1<f64>, b: ArrayView1<f64>, cost: &'a [f64], cmax: f64) -> Self {
        let (n, m) = (a.len(), b.len());
        let nodes = n + m + 1;
        let root = n + m;
        let nm = n * m;
        let art_cost = if cmax > 0.0 { 2.0 * cmax } else { 1.0 };
        let mut s = Simplex {
            n,
            m,
            nm,
            root,
            cost,
            art_cost,
            state: vec![1; nm + n + m],
            art_up: vec![true; n + m],
            parent: vec![root; nodes],
            pred: vec![NONE; nodes],
            dir: vec![UP; nodes],
            flow: vec![0.0; nodes],
            pi: vec![0.0; nodes],
            depth: vec![1; nodes],
            first_child: vec![NONE; nodes],
            next_sib: vec![NONE; nodes],
            prev_sib: vec![NONE; nodes],
            next_arc: 0,
            block: ((nm + n + m) as f64).sqrt().max(10.0) as usize,
            tol: 0.0,
            cmax,
            stack: Vec::new(),
            path: Vec::new(),
        };
        s.parent[root] = NONE;
        s.depth[root] = 0;
        for u in 0..n + m {
            let supply = if u < n { a[u] } else { -b[u - n] };
            s.pred[u] = nm + u;
            s.state[nm + u] = 0;
            s.flow[u] = supply.abs();
            if supply >= 0.0 {
                s.art_up[u] = true;
                s.dir[u] = UP;
                s.pi[u] = 0.0;
            } else {
                s.art_up[u] = false;
                s.dir[u] = DOWN;
                s.pi[u] = art_cost;
            }
            s.add_child(root, u);
        }
        s.update_tolerance();
        s
    }

    #[inline]
    fn ends(&self, arc: usize) -> (usize, usize) {
        if arc < self.nm {
            (arc / self.m, self.n + arc % self.m)
        } else {
            let u = arc - self.nm;
            if self.art_up[u] {
                (u, self.root)
            } else {
                (self.root, u)
            }
        }
    }

    #[inline]
    fn arc_cost(&self, arc: usize) -> f64 {
        if arc < self.nm {
            self.cost[arc]
        } else if self.art_up[arc - self.nm] {
            0.0
        } else {
            self.art_cost
        }
    }

    fn add_child(&mut self, p: usize, c: usize) {
        let first = self.first_child[p];
        self.next_sib[c] = first;
        self.prev_sib[c] = NONE;
        if first != NONE {
            self.prev_sib[first] = c;
        }
        self.first_child[p] = c;
    }

    fn remove_child(&mut self, p: usize, c: usize) {
        let (prev, next) = (self.prev_sib[c], self.next_sib[c]);
        if prev != NONE {
            self.next_sib[prev] = next;
        } else {
            self.first_child[p] = next;
        }
        if next != NONE {
            self.prev_sib[next] = prev;
        }
    }

    fn update_tolerance(&mut self) {
        let pmax = self.pi.iter().fold(0.0f64, |m, p| m.max(p.abs()));
        self.tol = PRICING_TOLERANCE * (self.cmax + pmax).max(f64::MIN_POSITIVE);
    }

    /// Recompute every potential and depth from the root (removes drift).
    fn recompute_potentials(&mut self) {
        self.pi[self.root] = 0.0;
        self.depth[self.root] = 0;
        self.stack.clear();
        self.stack.push(self.root);
        while let Some(u) = self.stack.pop() {
            let mut c = self.first_child[u];
            while c != NONE {
                let arc = self.pred[c];
                self.pi[c] = self.pi[u] - self.dir[c] * self.arc_cost(arc);
                self.depth[c] = self.depth[u] + 1;
                self.stack.push(c);
                c = self.next_sib[c];
            }
        }
        self.update_tolerance();
    }

    /// Most negative reduced cost among non-tree arcs in `[start, end)`,
    /// below `threshold`; returns `(rc, arc)` or `(threshold, NONE)`.
    #[inline]
    fn scan(&self, start: usize, end: usize, threshold: f64) -> (f64, usize) {
        let mut min = threshold;
        let mut best = NONE;
        let mut arc = start;
        let (n, m) = (self.n, self.m);
        // Real arcs, one row segment at a time so the inner loop runs on slices.
        while arc < end.min(self.nm) {
            let i = arc / m;
            let row_end = ((i + 1) * m).min(end);
            let j0 = arc - i * m;
            let len = row_end - arc;
            let pi_i = self.pi[i];
            let costs = &self.cost[arc..row_end];
            let states = &self.state[arc..row_end];
            let pi_t = &self.pi[n + j0..n + j0 + len];
            for k in 0..len {
                let rc = costs[k] + pi_i - pi_t[k];
                if rc < min && states[k] != 0 {
                    min = rc;
                    best = arc + k;
                }
            }
            arc = row_end;
        }
        while arc < end {
            if self.state[arc] != 0 {
                let (s, t) = self.ends(arc);
                let rc = self.arc_cost(arc) + self.pi[s] - self.pi[t];
                if rc < min {
                    min = rc;
                    best = arc;
                }
            }
            arc += 1;
        }
        (min, best)
    }

    /// Block search: the most negative reduced cost in the first block that has one.
    fn find_entering(&mut self) -> Option<usize> {
        let total = self.nm + self.n + self.m;
        let threshold = -self.tol;
        let mut min = threshold;
        let mut best = NONE;
        let mut scanned = 0;
        let mut arc = self.next_arc;
        while scanned < total {
            let end = (arc + self.block).min(total);
            let (rc, a) = self.scan(arc, end, min);
            if a != NONE {
                min = rc;
                best = a;
            }
            scanned += end - arc;
            arc = if end == total { 0 } else { end };
            if best != NONE {
                self.next_arc = arc;
                return Some(best);
            }
        }
        None
    }

    fn find_join(&self, mut u: usize, mut v: usize) -> usize {
        while u != v {
            if self.depth[u] > self.depth[v] {
                u = self.parent[u];
            } else if self.depth[v] > self.depth[u] {
                v = self.parent[v];
            } else {
                u = self.parent[u];
                v = self.parent[v];
            }
        }
        u
    }

    /// One pivot on `in_arc` (state lower, reduced cost negative).
    fn pivot(&mut self, in_arc: usize) {
        let (s, t) = self.ends(in_arc);
        let join = self.find_join(s, t);
        // Cycle orientation: s → t along in_arc, t up to join, join down to s.
        // Strongly feasible rule: the last blocking arc in that orientation
        // (strict `<` on the s side walked upwards, `<=` on the t side).
        let mut delta = f64::INFINITY;
        let mut u_out = NONE;
        let mut out_on_s_side = true;
        let mut u = s;
        while u != join {
            if self.dir[u] == UP && self.flow[u] < delta {
                delta = self.flow[u];
                u_out = u;
            }
            u = self.parent[u];
        }
        let mut v = t;
        while v != join {
            if self.dir[v] == DOWN && self.flow[v] <= delta {
                delta = self.flow[v];
                u_out = v;
                out_on_s_side = false;
            }
            v = self.parent[v];
        }
        debug_assert!(u_out != NONE, "uncapacitated cycles are always blocked");
        // Push delta around the cycle.
        if delta > 0.0 {
            let mut u = s;
            while u != join {
                self.flow[u] -= self.dir[u] * delta;
                u = self.parent[u];
            }
            let mut v = t;
            while v != join {
                self.flow[v] += self.dir[v] * delta;
                v = self.parent[v];
            }
        }
        let (u_in, v_in) = if out_on_s_side { (s, t) } else { (t, s) };
        self.state[in_arc] = 0;
        self.state[self.pred[u_out]] = 1;
        self.reroot(u_in, v_in, u_out, in_arc, delta);
    }

    /// Hang the subtree of `u_out` below `v_in` through `in_arc`, reversing
    /// the path `u_in … u_out`, then shift its potentials and depths.
    fn reroot(&mut self, u_in: usize, v_in: usize, u_out: usize, in_arc: usize, delta: f64) {
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        path.push(u_in);
        while *path.last().expect("non-empty") != u_out {
            let last = *path.last().expect("non-empty");
            path.push(self.parent[last]);
        }
        self.remove_child(self.parent[u_out], u_out);
        for w in path.windows(2) {
            self.remove_child(w[1], w[0]);
        }
        let (mut carry_pred, mut carry_dir, mut carry_flow) =
            (self.pred[u_in], self.dir[u_in], self.flow[u_in]);
        self.pred[u_in] = in_arc;
        self.dir[u_in] = if self.ends(in_arc).0 == u_in {
            UP
        } else {
            DOWN
        };
        self.flow[u_in] = delta;
        self.parent[u_in] = v_in;
        self.add_child(v_in, u_in);
        for k in 1..path.len() {
            let (w, below) = (path[k], path[k - 1]);
            let (p, d, f) = (self.pred[w], self.dir[w], self.flow[w]);
            self.pred[w] = carry_pred;
            self.dir[w] = -carry_dir;
            self.flow[w] = carry_flow;
            self.parent[w] = below;
            self.add_child(below, w);
            (carry_pred, carry_dir, carry_flow) = (p, d, f);
        }
        self.path = path;
        let sigma = self.pi[v_in] - self.dir[u_in] * self.arc_cost(in_arc) - self.pi[u_in];
        // Depths along the reversed path change non-uniformly: set them by DFS.
        let base_depth = self.depth[v_in] + 1;
        self.stack.clear();
        self.stack.push(u_in);
        self.depth[u_in] = base_depth;
        while let Some(w) = self.stack.pop() {
            self.pi[w] += sigma;
            let mut c = self.first_child[w];
            while c != NONE {
                self.depth[c] = self.depth[w] + 1;
                self.stack.push(c);
                c = self.next_sib[c];
            }
        }
    }

    fn run(&mut self, max_pivots: Option<u64>) -> Result<u64> {
        let mut pivots: u64 = 0;
        let refresh = (self.n + self.m) as u64;
        loop {
            match self.find_entering() {
                Some(arc) => {
                    if max_pivots.is_some_and(|cap| pivots >= cap) {
                        let (s, t) = self.ends(arc);
                        let rc = self.arc_cost(arc) + self.pi[s] - self.pi[t];
                        return Err(TransportError::NotConverged {
                            solver: "network simplex",
                            budget: max_pivots.unwrap_or(0),
                            unit: "pivots",
                            done: pivots,
                            residual: -rc,
                            tolerance: self.tol,
                        });
                    }
                    self.pivot(arc);
                    pivots += 1;
                    if pivots.is_multiple_of(refresh) {
                        self.recompute_potentials();
                    }
                }
                None => {
                    // Decide optimality on exact potentials only.
                    self.recompute_potentials();
                    if self.find_entering().is_none() {
                        return Ok(pivots);
                    }
                }
            }
        }
    }
}

/// Solve `min ⟨π, C⟩` over couplings of `a` and `b` (validated by the caller,
/// `cost` row-major `n × m`).
pub(crate) fn solve(
    a: ArrayView1<f64>,
    b: ArrayView1<f64>,
    cost: ArrayView2<f64>,
    cmax: f64,
    max_pivots: Option<u64>,
) -> Result<SimplexOutcome> {
    let owned;
    let slice = match cost.as_slice() {
        Some(s) => s,
        None => {
            owned = cost.as_standard_layout().into_owned();
            owned.as_slice().expect("standard layout")
        }
    };
    let mut sx = Simplex::new(a, b, slice, cmax);
    let pivots = sx.run(max_pivots)?;
    let mut plan = Vec::with_capacity(sx.n + sx.m);
    let mut artificial_flow = 0.0;
    for u in 0..sx.n + sx.m {
        let arc = sx.pred[u];
        if arc < sx.nm {
            if sx.flow[u] > 0.0 {
                plan.push((arc / sx.m, arc % sx.m, sx.flow[u]));
            }
        } else {
            artificial_flow += sx.flow[u];
        }
    }
    plan.sort_unstable_by_key(|&(i, j, _)| (i, j));
    Ok(SimplexOutcome {
        plan,
        pi: sx.pi[..sx.n + sx.m].to_vec(),
        pivots,
        artificial_flow,
    })
}
