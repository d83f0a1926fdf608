//! Costs of the curve analyses: the all-pairs Hölder scan (O(N²) exact W2
//! solves), EDI slopes, and single-linkage cluster counts.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use hwg_limit::curve::PiecewiseConstant;
use hwg_limit::hwg_energy::{Interaction, MorseKernel, ParticleEnergy, Potential, Quadratic, Sum};
use hwg_limit::hwg_jko::{Executor, ParticleStepper};
use hwg_limit::hwg_measure::rng::{Rng, random_measure};
use hwg_limit::{cluster_count, holder, particle_slopes};
use ndarray::array;

fn curves(c: &mut Criterion) {
    let mut group = c.benchmark_group("curves");
    group.sample_size(10);
    let energy = Sum::new(vec![
        (
            1.0,
            Arc::new(Interaction(
                MorseKernel::new(2, 1.0, 1.0, 0.5, 0.3).unwrap(),
            )) as Arc<dyn ParticleEnergy>,
        ),
        (
            1.0,
            Arc::new(Potential(
                Quadratic::attraction(0.5, array![0.0, 0.0]).unwrap(),
            )),
        ),
    ])
    .unwrap();
    let mut rng = Rng::new(1);
    let init = random_measure(&mut rng, 16, 2, 1.5).unwrap();
    let list: Vec<&dyn ParticleEnergy> = vec![&energy; 100];
    let run = Executor::new(ParticleStepper::default(), 0.05)
        .unwrap()
        .run(init, list)
        .unwrap();
    let curve = PiecewiseConstant::uniform(0.05, run.states.clone()).unwrap();
    group.bench_function("holder_101_states_16_atoms", |b| {
        b.iter(|| holder(&curve, &run.certificates).unwrap())
    });
    group.bench_function("edi_slopes_100_states", |b| {
        b.iter(|| particle_slopes(&energy, &run.states[1..]).unwrap())
    });
    let big = random_measure(&mut rng, 2000, 2, 3.0).unwrap();
    group.bench_function("cluster_count_2000", |b| {
        b.iter(|| cluster_count(&big, 0.05).unwrap())
    });
    group.finish();
}

criterion_group!(benches, curves);
criterion_main!(benches);
