//! Projection costs at memory sizes: exact MMD (O(n²)) against random Fourier
//! features (O(n D d)), order parameters and Voronoi weights at n = 10^5.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hwg_measure::rng::{Rng, random_measure};
use hwg_project::Projection;
use hwg_project::hilbert::{GaussianKernel, OrderParameters, RandomFourierFeatures};
use hwg_project::simplicial::{Partition, StructuralWeights};
use ndarray::Array2;

fn mmd(c: &mut Criterion) {
    let mut group = c.benchmark_group("mmd_8d");
    group.sample_size(10);
    let mut rng = Rng::new(1);
    for n in [1000usize, 4000] {
        let mu = random_measure(&mut rng, n, 8, 1.0).unwrap();
        let nu = random_measure(&mut rng, n, 8, 1.0).unwrap();
        let k = GaussianKernel::new(1.0).unwrap();
        group.bench_with_input(BenchmarkId::new("exact", n), &n, |b, _| {
            b.iter(|| k.mmd_squared(&mu, &nu).unwrap())
        });
        let f = RandomFourierFeatures::new(8, 1024, 1.0, 2).unwrap();
        group.bench_with_input(BenchmarkId::new("rff_1024", n), &n, |b, _| {
            b.iter(|| {
                let d = f.project(&mu).unwrap() - f.project(&nu).unwrap();
                d.dot(&d)
            })
        });
    }
    group.finish();
}

fn observables(c: &mut Criterion) {
    let mut group = c.benchmark_group("observables_1e5");
    group.sample_size(10);
    let mut rng = Rng::new(3);
    let phases = random_measure(&mut rng, 100_000, 1, 2.0).unwrap();
    let order = OrderParameters::circle(4).unwrap();
    group.bench_function("order_parameters_k4", |b| {
        b.iter(|| order.project(&phases).unwrap())
    });
    let mu = random_measure(&mut rng, 100_000, 2, 2.0).unwrap();
    let centres = Array2::from_shape_fn((16, 2), |_| rng.normal());
    let w = StructuralWeights::new(Partition::voronoi(centres).unwrap());
    group.bench_function("voronoi_weights_k16", |b| {
        b.iter(|| w.project(&mu).unwrap())
    });
    group.finish();
}

criterion_group!(benches, mmd, observables);
criterion_main!(benches);
