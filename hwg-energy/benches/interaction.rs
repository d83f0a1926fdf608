//! Interaction-energy gradient at n = 10⁴ atoms in 2-D: O(n²) pair
//! evaluations, parallel (rayon) against a plain single-threaded loop in the
//! same run. Criterion reports pair evaluations per second (elements = n²).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hwg_energy::{Interaction, MorseKernel, QuadraticKernel, WassersteinGradient};
use hwg_measure::rng::{Rng, random_measure};

fn gradient(c: &mut Criterion) {
    let n = 10_000;
    let mu = random_measure(&mut Rng::new(1), n, 2, 1.0).unwrap();
    let morse = Interaction(MorseKernel::new(2, 1.0, 1.0, 0.5, 0.3).unwrap());
    let quad = Interaction(QuadraticKernel::new(2, 1.0).unwrap());
    let mut group = c.benchmark_group("interaction_gradient_n1e4_2d");
    group.sample_size(10);
    group.throughput(Throughput::Elements((n * n) as u64));
    group.bench_function("morse/parallel", |b| {
        b.iter(|| morse.gradient(mu.view()).unwrap())
    });
    group.bench_function("morse/single_thread_loop", |b| {
        b.iter(|| morse.gradient_sequential(mu.view()).unwrap())
    });
    group.bench_function("quadratic/parallel", |b| {
        b.iter(|| quad.gradient(mu.view()).unwrap())
    });
    group.bench_function("quadratic/single_thread_loop", |b| {
        b.iter(|| quad.gradient_sequential(mu.view()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, gradient);
criterion_main!(benches);
