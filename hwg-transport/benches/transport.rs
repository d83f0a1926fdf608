//! Size sweeps with fixed seeds: exact OT, dense and online Sinkhorn, 1-D W2.
//! Ratios against POT come from `cargo xtask bench-peers` (see README.md).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hwg_measure::ParticleMeasure;
use hwg_measure::rng::Rng;
use hwg_transport::*;
use ndarray::{Array1, Array2};

fn weights(rng: &mut Rng, n: usize) -> Array1<f64> {
    hwg_measure::rng::random_weights(rng, n, 0.0)
}

fn cloud(rng: &mut Rng, n: usize) -> (Array2<f64>, Array1<f64>) {
    (
        Array2::from_shape_simple_fn((n, 2), || rng.uniform()),
        weights(rng, n),
    )
}

fn exact(c: &mut Criterion) {
    let mut group = c.benchmark_group("exact_ot");
    group.sample_size(10);
    for n in [250usize, 500, 1000, 2000] {
        let mut rng = Rng::new(n as u64);
        let ((x, a), (y, b)) = (cloud(&mut rng, n), cloud(&mut rng, n));
        let cost = squared_euclidean(x.view(), y.view()).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| {
                emd(a.view(), b.view(), cost.view(), ExactOptions::default())
                    .unwrap()
                    .cost
            })
        });
    }
    group.finish();
}

fn entropic(c: &mut Criterion) {
    let mut group = c.benchmark_group("sinkhorn_eps0.05");
    group.sample_size(10);
    for n in [500usize, 2000] {
        let mut rng = Rng::new(7 + n as u64);
        let ((x, a), (y, b)) = (cloud(&mut rng, n), cloud(&mut rng, n));
        let cost = squared_euclidean(x.view(), y.view()).unwrap();
        let eps = 0.05 * cost.iter().fold(0.0f64, |m, &v| m.max(v));
        group.bench_with_input(BenchmarkId::new("dense", n), &n, |bch, _| {
            bch.iter(|| {
                sinkhorn(a.view(), b.view(), cost.view(), &SinkhornParams::new(eps))
                    .unwrap()
                    .iterations
            })
        });
        let (mu, nu) = (
            ParticleMeasure::new(x.clone(), a.clone()).unwrap(),
            ParticleMeasure::new(y, b).unwrap(),
        );
        group.bench_with_input(BenchmarkId::new("online", n), &n, |bch, _| {
            bch.iter(|| {
                sinkhorn_online(&mu, &nu, &SinkhornParams::new(eps))
                    .unwrap()
                    .iterations
            })
        });
    }
    group.finish();
}

fn line(c: &mut Criterion) {
    let mut group = c.benchmark_group("w2_1d");
    group.sample_size(10);
    for n in [10_000usize, 1_000_000] {
        let mut rng = Rng::new(9);
        let x: Array1<f64> = (0..n).map(|_| rng.normal()).collect();
        let y: Array1<f64> = (0..n).map(|_| rng.normal() * 2.0 + 1.0).collect();
        let (a, b) = (weights(&mut rng, n), weights(&mut rng, n));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |bch, _| {
            bch.iter(|| wasserstein_1d(x.view(), a.view(), y.view(), b.view(), 2.0).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, exact, entropic, line);
criterion_main!(benches);
