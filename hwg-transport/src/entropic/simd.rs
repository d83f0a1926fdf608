//! The three inner loops of dense Sinkhorn — row dot products, column
//! combinations and kernel exponentials — compiled twice: for the baseline
//! target and, where the CPU has them (checked at run time), for AVX2 + FMA.
//! The bodies are plain Rust that the compiler vectorises; the kernel fits
//! in cache on current servers, so vector width is what bounds a sweep.

use super::fast_exp::exp;

/// `Σ_k a_k b_k` with eight independent accumulators (so it vectorises).
#[inline(always)]
fn dot_body(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut tail = 0.0;
    for (x, y) in ra.iter().zip(rb) {
        tail += x * y;
    }
    (acc[0] + acc[4]) + (acc[1] + acc[5]) + (acc[2] + acc[6]) + (acc[3] + acc[7]) + tail
}

/// `acc += Σ_r w_r row_r` over four rows.
#[inline(always)]
fn axpy4_body(acc: &mut [f64], w: [f64; 4], r: [&[f64]; 4]) {
    for ((((a, &x0), &x1), &x2), &x3) in acc.iter_mut().zip(r[0]).zip(r[1]).zip(r[2]).zip(r[3]) {
        *a += w[0] * x0 + w[1] * x1 + w[2] * x2 + w[3] * x3;
    }
}

/// `out_k = exp((base + add_k − sub_k) · scale)`.
#[inline(always)]
fn exp_row_body(out: &mut [f64], base: f64, add: &[f64], sub: &[f64], scale: f64) {
    for ((o, &p), &c) in out.iter_mut().zip(add).zip(sub) {
        *o = exp((base + p - c) * scale);
    }
}

/// `k_j ← r · k_j · s_j` in place; returns `(Σ_j k_j, Σ_j k_j c_j)` after scaling.
#[inline(always)]
fn plan_row_body(k: &mut [f64], r: f64, s: &[f64], c: &[f64]) -> (f64, f64) {
    let mut mass = [0.0f64; 4];
    let mut cost = [0.0f64; 4];
    let n = k.len();
    let mut j = 0;
    while j + 4 <= n {
        for l in 0..4 {
            let p = r * k[j + l] * s[j + l];
            k[j + l] = p;
            mass[l] += p;
            cost[l] += p * c[j + l];
        }
        j += 4;
    }
    let (mut tm, mut tc) = (0.0, 0.0);
    while j < n {
        let p = r * k[j] * s[j];
        k[j] = p;
        tm += p;
        tc += p * c[j];
        j += 1;
    }
    (
        (mass[0] + mass[2]) + (mass[1] + mass[3]) + tm,
        (cost[0] + cost[2]) + (cost[1] + cost[3]) + tc,
    )
}

/// `log Σ_j exp(base_j − |x − y_j|² · inv_eps)`, with `y` given by columns
/// (`cols[k][j]` is coordinate `k` of `y_j`) and `buf` as scratch of length m.
#[inline(always)]
fn lse_row_body(base: &[f64], cols: &[&[f64]], x: &[f64], inv_eps: f64, buf: &mut [f64]) -> f64 {
    buf.copy_from_slice(base);
    for (col, &xk) in cols.iter().zip(x) {
        for (b, &yk) in buf.iter_mut().zip(col.iter()) {
            let d = xk - yk;
            *b -= d * d * inv_eps;
        }
    }
    let max = buf.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    if max == f64::NEG_INFINITY {
        return max;
    }
    let mut acc = [0.0f64; 4];
    let chunks = buf.chunks_exact(4);
    let rest: f64 = chunks.remainder().iter().map(|&v| exp(v - max)).sum();
    for c in chunks {
        for l in 0..4 {
            acc[l] += exp(c[l] - max);
        }
    }
    max + ((acc[0] + acc[2]) + (acc[1] + acc[3]) + rest).ln()
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn lse_row(
        base: &[f64],
        cols: &[&[f64]],
        x: &[f64],
        inv_eps: f64,
        buf: &mut [f64],
    ) -> f64 {
        super::lse_row_body(base, cols, x, inv_eps, buf)
    }
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn plan_row(k: &mut [f64], r: f64, s: &[f64], c: &[f64]) -> (f64, f64) {
        super::plan_row_body(k, r, s, c)
    }
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
        super::dot_body(a, b)
    }
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn axpy4(acc: &mut [f64], w: [f64; 4], r: [&[f64]; 4]) {
        super::axpy4_body(acc, w, r)
    }
    #[target_feature(enable = "avx2,fma")]
    pub(super) fn exp_row(out: &mut [f64], base: f64, add: &[f64], sub: &[f64], scale: f64) {
        super::exp_row_body(out, base, add, sub, scale)
    }
}

#[inline]
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Dot product of two equal-length slices.
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { avx2::dot(a, b) };
    }
    dot_body(a, b)
}

/// `acc += Σ_r w_r row_r` over four rows of the length of `acc`.
pub(crate) fn axpy4(acc: &mut [f64], w: [f64; 4], r: [&[f64]; 4]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { avx2::axpy4(acc, w, r) };
    }
    axpy4_body(acc, w, r)
}

/// `out_k = exp((base + add_k − sub_k) · scale)`.
pub(crate) fn exp_row(out: &mut [f64], base: f64, add: &[f64], sub: &[f64], scale: f64) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { avx2::exp_row(out, base, add, sub, scale) };
    }
    exp_row_body(out, base, add, sub, scale)
}

/// Turn a kernel row into a plan row in place, `k_j ← r · k_j · s_j`, and
/// return its mass and its cost against `c`.
pub(crate) fn plan_row(k: &mut [f64], r: f64, s: &[f64], c: &[f64]) -> (f64, f64) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { avx2::plan_row(k, r, s, c) };
    }
    plan_row_body(k, r, s, c)
}

/// `log Σ_j exp(base_j − |x − y_j|² · inv_eps)` (see the online solver).
pub(crate) fn lse_row(
    base: &[f64],
    cols: &[&[f64]],
    x: &[f64],
    inv_eps: f64,
    buf: &mut [f64],
) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above).
        return unsafe { avx2::lse_row(base, cols, x, inv_eps, buf) };
    }
    lse_row_body(base, cols, x, inv_eps, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatched_kernels_match_plain_loops() {
        let a: Vec<f64> = (0..1003).map(|k| (k as f64 * 0.37).sin()).collect();
        let b: Vec<f64> = (0..1003).map(|k| (k as f64 * 0.11).cos()).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() <= 1e-12 * 1003.0);
        let mut acc = vec![1.0; 1003];
        axpy4(&mut acc, [1.0, 2.0, -1.0, 0.5], [&a, &b, &a, &b]);
        for k in 0..1003 {
            let expect = 1.0 + a[k] + 2.0 * b[k] - a[k] + 0.5 * b[k];
            assert!((acc[k] - expect).abs() <= 1e-14, "{k}");
        }
        let mut buf = vec![0.0; 1003];
        let lse = lse_row(&a, &[&b, &a], &[0.3, -0.2], 2.0, &mut buf);
        let direct: f64 = (0..1003)
            .map(|j| (a[j] - ((0.3 - b[j]).powi(2) + (-0.2 - a[j]).powi(2)) * 2.0).exp())
            .sum::<f64>()
            .ln();
        assert!(
            (lse - direct).abs() <= 1e-13 * direct.abs().max(1.0),
            "{lse} vs {direct}"
        );
        let mut out = a.clone();
        let (mass, cost) = plan_row(&mut out, 2.0, &b, &a);
        let (mut pm, mut pc) = (0.0, 0.0);
        for k in 0..1003 {
            assert_eq!(out[k], 2.0 * a[k] * b[k]);
            pm += out[k];
            pc += out[k] * a[k];
        }
        assert!((mass - pm).abs() <= 1e-12 && (cost - pc).abs() <= 1e-12);
        exp_row(&mut out, 0.5, &a, &b, -3.0);
        for k in 0..1003 {
            let expect = ((0.5 + a[k] - b[k]) * -3.0).exp();
            assert!(
                (out[k] - expect).abs() <= 4.0 * f64::EPSILON * expect,
                "{k}"
            );
        }
    }
}
