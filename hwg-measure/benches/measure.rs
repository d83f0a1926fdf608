//! Throughput of the O(n) operations every higher layer leans on.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::{FiberedState, GridHistogram2d, ParticleMeasure};
use rayon::prelude::*;
use std::hint::black_box;

fn moments(c: &mut Criterion) {
    let mut group = c.benchmark_group("moments");
    for n in [10_000usize, 1_000_000] {
        let mu = random_measure(&mut Rng::new(1), n, 2, 1.0).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("mean", n), &mu, |b, mu| {
            b.iter(|| black_box(mu.mean()))
        });
        group.bench_with_input(BenchmarkId::new("covariance", n), &mu, |b, mu| {
            b.iter(|| black_box(mu.covariance()))
        });
        group.bench_with_input(BenchmarkId::new("bin_2d_256x256", n), &mu, |b, mu| {
            b.iter(|| {
                GridHistogram2d::bin(mu, [-8.0, -8.0], [16.0 / 256.0; 2], [256, 256]).unwrap()
            })
        });
    }
    group.finish();
}

fn fibers(c: &mut Criterion) {
    let mut rng = Rng::new(2);
    let ms: Vec<ParticleMeasure> = (0..100_000)
        .map(|_| random_measure(&mut rng, 32, 2, 1.0).unwrap())
        .collect();
    let state = FiberedState::from_measures(&ms).unwrap();
    let mut group = c.benchmark_group("fiber_means_1e5x32");
    group.throughput(Throughput::Elements(state.n_fibers() as u64));
    group.bench_function("sequential", |b| {
        b.iter(|| state.fibers().map(|f| f.mean()[0]).sum::<f64>())
    });
    group.bench_function("parallel", |b| {
        b.iter(|| state.par_fibers().map(|f| f.mean()[0]).sum::<f64>())
    });
    group.finish();
}

criterion_group!(benches, moments, fibers);
criterion_main!(benches);
