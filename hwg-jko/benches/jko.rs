//! Particle steps with an interaction energy, and fiberwise steps of many
//! small fibers, sequential against parallel in the same run.

use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use hwg_energy::{Interaction, MorseKernel, ParticleEnergy, Potential, Quadratic, Sum};
use hwg_jko::{ParticleStepper, Schedule, Stepper, step_fibers};
use hwg_measure::FiberedState;
use hwg_measure::rng::{Rng, random_measure};
use ndarray::array;

fn particle(c: &mut Criterion) {
    let mut group = c.benchmark_group("particle_step_morse_2d");
    group.sample_size(10);
    let energy: Arc<dyn ParticleEnergy> = Arc::new(
        Sum::new(vec![
            (
                1.0,
                Arc::new(Interaction(
                    MorseKernel::new(2, 1.0, 1.0, 0.5, 0.3).unwrap(),
                )) as Arc<dyn ParticleEnergy>,
            ),
            (
                0.1,
                Arc::new(Potential(
                    Quadratic::attraction(1.0, array![0.0, 0.0]).unwrap(),
                )),
            ),
        ])
        .unwrap(),
    );
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    for n in [500usize, 2000, 10_000] {
        if n == 10_000 {
            // O(n²) per Hessian-vector product: ~20 s per step on 2 cores.
            group
                .sampling_mode(criterion::SamplingMode::Flat)
                .measurement_time(std::time::Duration::from_secs(200));
        }
        let mu = random_measure(&mut Rng::new(n as u64), n, 2, 1.0).unwrap();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                stepper
                    .step(0, &mu, energy.as_ref(), 0.05)
                    .unwrap()
                    .1
                    .iterations
            })
        });
    }
    group.finish();
}

fn fibers(c: &mut Criterion) {
    let fibers = 100_000;
    let mut rng = Rng::new(3);
    let ms: Vec<_> = (0..fibers)
        .map(|_| random_measure(&mut rng, 32, 2, 1.0).unwrap())
        .collect();
    let state = FiberedState::from_measures(&ms).unwrap();
    let e: Arc<dyn ParticleEnergy> = Arc::new(Potential(
        Quadratic::attraction(1.0, array![0.5, -0.5]).unwrap(),
    ));
    let energies = vec![e; fibers];
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let mut group = c.benchmark_group("fiberwise_step_1e5x32_2d");
    group.sample_size(10);
    for (name, schedule) in [
        ("sequential", Schedule::Sequential),
        ("parallel", Schedule::Parallel),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                step_fibers(&stepper, 0, &state, &energies, 0.1, schedule)
                    .unwrap()
                    .1
                    .len()
            })
        });
    }
    group.finish();
}

fn quantile(c: &mut Criterion) {
    use hwg_energy::{Entropy, InternalEnergy, PotentialFn};
    use hwg_jko::{QuantileEnergy, QuantileStepper};
    use hwg_measure::{SortedLine, normal_quantile};
    let potential: Arc<dyn PotentialFn> =
        Arc::new(Quadratic::attraction(1.0, array![0.5]).unwrap());
    let internal: Arc<dyn InternalEnergy> = Arc::new(Entropy::new(0.3).unwrap());
    let energy = QuantileEnergy::new(Some(potential), Some(internal)).unwrap();
    let mut group = c.benchmark_group("quantile_step_entropy_ou");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let x: ndarray::Array1<f64> = (0..n)
            .map(|i| normal_quantile((i as f64 + 0.5) / n as f64).unwrap())
            .collect();
        let line = SortedLine::new(x, ndarray::Array1::from_elem(n, 1.0 / n as f64)).unwrap();
        let iters = QuantileStepper::default()
            .step(0, &line, &energy, 0.05)
            .unwrap()
            .1
            .iterations;
        println!("quantile step n = {n}: {iters} Newton iterations");
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                QuantileStepper::default()
                    .step(0, &line, &energy, 0.05)
                    .unwrap()
                    .1
                    .iterations
            })
        });
    }
    group.finish();
}

criterion_group!(benches, particle, fibers, quantile);
criterion_main!(benches);
