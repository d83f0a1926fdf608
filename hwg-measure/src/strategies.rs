//! proptest strategies for random valid states (feature `strategies`), so
//! that higher layers test against the same generators.

use ndarray::{Array1, Array2};
use proptest::prelude::*;

use crate::{ComplexParticleMeasure, FiberedState, MassPolicy, ParticleMeasure};

/// Coordinates in `[-10, 10]`, weights in `[0.01, 1]` renormalised;
/// `n` atoms in `n_range`, dimension in `d_range`.
pub fn particle_measure(
    n_range: std::ops::RangeInclusive<usize>,
    d_range: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = ParticleMeasure> {
    (n_range, d_range).prop_flat_map(|(n, d)| particle_measure_sized(n, d))
}

/// A particle measure with exactly `n` atoms in `R^d`.
pub fn particle_measure_sized(n: usize, d: usize) -> impl Strategy<Value = ParticleMeasure> {
    (
        proptest::collection::vec(-10.0f64..10.0, n * d),
        proptest::collection::vec(0.01f64..1.0, n),
    )
        .prop_map(move |(x, w)| {
            ParticleMeasure::with_policy(
                Array2::from_shape_vec((n, d), x).expect("n·d coordinates"),
                Array1::from_vec(w),
                MassPolicy::Renormalize,
            )
            .expect("finite coordinates and positive weights are valid")
        })
}

/// A fibered state with `fibers` fibers of `1..=max_atoms` atoms each in `R^d`.
pub fn fibered_state(
    fibers: std::ops::RangeInclusive<usize>,
    max_atoms: usize,
    d: usize,
) -> impl Strategy<Value = FiberedState> {
    proptest::collection::vec(particle_measure(1..=max_atoms, d..=d), fibers)
        .prop_map(|ms| FiberedState::from_measures(&ms).expect("common dimension"))
}

/// A complex measure with `n_range` atoms in `C^d`, `d` in `d_range`.
pub fn complex_measure(
    n_range: std::ops::RangeInclusive<usize>,
    d_range: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = ComplexParticleMeasure> {
    (n_range, d_range).prop_flat_map(|(n, d)| {
        particle_measure_sized(n, 2 * d)
            .prop_map(|real| ComplexParticleMeasure::from_real(&real).expect("even dimension"))
    })
}
