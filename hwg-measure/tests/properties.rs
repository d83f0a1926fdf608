//! Property tests on random measures from the exported strategies.

use hwg_measure::strategies::{complex_measure, fibered_state, particle_measure};
use hwg_measure::*;
use ndarray::{Array1, Array2};
use proptest::prelude::*;

fn mass_ok(m: f64) -> bool {
    (m - 1.0).abs() <= MASS_TOLERANCE
}

proptest! {
    #[test]
    fn push_forward_preserves_mass(mu in particle_measure(1..=200, 1..=4)) {
        let image = mu.push_forward(|x| x.mapv(|v| v.tanh() * 3.0 + v * v)).unwrap();
        prop_assert!(mass_ok(image.total_mass()));
        prop_assert_eq!(image.weights(), mu.weights());
    }

    #[test]
    fn mixture_preserves_mass(mu in particle_measure(1..=100, 2..=2), nu in particle_measure(1..=100, 2..=2), t in 0.0f64..=1.0) {
        let mix = ParticleMeasure::mixture(&[(t, &mu), (1.0 - t, &nu)]).unwrap();
        prop_assert!(mass_ok(mix.total_mass()));
        prop_assert_eq!(mix.len(), mu.len() + nu.len());
    }

    #[test]
    fn binning_preserves_mass(mu in particle_measure(1..=300, 2..=2), cells in 1usize..50) {
        // Coordinates lie in [-10, 10): a grid over [-10, 10] holds every atom.
        let h = 20.0 / cells as f64;
        let g = GridHistogram2d::bin(&mu, [-10.0, -10.0], [h, h], [cells, cells]).unwrap();
        prop_assert!(mass_ok(compensated_sum(g.masses().iter().copied())));
        let line = mu.push_forward(|x| Array1::from_vec(vec![x[0]])).unwrap();
        let g1 = GridHistogram1d::bin(&line, -10.0, h, cells).unwrap();
        prop_assert!(mass_ok(compensated_sum(g1.masses().iter().copied())));
    }

    #[test]
    fn mean_of_affine_image_is_affine_image_of_mean(
        mu in particle_measure(1..=200, 3..=3),
        a in proptest::collection::vec(-3.0f64..3.0, 6),
        b in proptest::collection::vec(-3.0f64..3.0, 2),
    ) {
        let a = Array2::from_shape_vec((2, 3), a).unwrap();
        let b = Array1::from_vec(b);
        let lhs = mu.affine(a.view(), b.view()).unwrap().mean();
        let rhs = a.dot(&mu.mean()) + &b;
        // Each side is a compensated sum of terms of size ≤ 3·3·10 + 3; error ~ 100 ε.
        for (l, r) in lhs.iter().zip(&rhs) {
            prop_assert!((l - r).abs() <= 1e-12, "{} vs {}", l, r);
        }
    }

    #[test]
    fn serde_round_trip_is_exact(mu in particle_measure(1..=50, 1..=3), z in complex_measure(1..=20, 1..=2), f in fibered_state(1..=5, 6, 2)) {
        let back: ParticleMeasure = serde_json::from_str(&serde_json::to_string(&mu).unwrap()).unwrap();
        prop_assert_eq!(back, mu);
        let back: ComplexParticleMeasure = serde_json::from_str(&serde_json::to_string(&z).unwrap()).unwrap();
        prop_assert_eq!(back, z);
        let back: FiberedState = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        prop_assert_eq!(back, f);
    }

    #[test]
    fn fibered_split_join_is_the_identity(f in fibered_state(1..=20, 10, 3)) {
        let parts = f.split();
        prop_assert_eq!(parts.len(), f.n_fibers());
        prop_assert_eq!(FiberedState::from_measures(&parts).unwrap(), f.clone());
        for (s, p) in parts.iter().enumerate() {
            prop_assert_eq!(f.fiber(s).points(), p.points());
        }
    }
}
