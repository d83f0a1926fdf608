//! Shared helpers for the transport tests (independent reference solvers).
#![allow(dead_code)]

use hwg_measure::rng::Rng;
use ndarray::{Array1, Array2};

/// Minimum of `Σ_i C[i, σ(i)] / n` over all permutations σ (Heap's algorithm).
pub fn brute_force_assignment(c: &Array2<f64>) -> f64 {
    let n = c.nrows();
    let mut perm: Vec<usize> = (0..n).collect();
    let mut best = f64::INFINITY;
    let mut counters = vec![0usize; n];
    let eval = |p: &[usize]| -> f64 {
        p.iter().enumerate().map(|(i, &j)| c[[i, j]]).sum::<f64>() / n as f64
    };
    best = best.min(eval(&perm));
    let mut i = 0;
    while i < n {
        if counters[i] < i {
            if i % 2 == 0 {
                perm.swap(0, i);
            } else {
                perm.swap(counters[i], i);
            }
            best = best.min(eval(&perm));
            counters[i] += 1;
            i = 0;
        } else {
            counters[i] = 0;
            i += 1;
        }
    }
    best
}

/// Random probability vector with about `zero_frac` zeros (shared generator).
pub fn random_weights(rng: &mut Rng, n: usize, zero_frac: f64) -> Array1<f64> {
    hwg_measure::rng::random_weights(rng, n, zero_frac)
}

/// Uniform random points in the unit square.
pub fn random_points(rng: &mut Rng, n: usize, d: usize) -> Array2<f64> {
    Array2::from_shape_simple_fn((n, d), || rng.uniform())
}
