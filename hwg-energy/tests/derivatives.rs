//! Every analytic derivative against finite differences of the value
//! (proptest over random measures), for every family.

use hwg_energy::diagnostics::{first_variation_error, gradient_error, hessian_error};
use hwg_energy::families;
use hwg_measure::strategies::particle_measure_sized;
use ndarray::Array1;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn gradients_and_hessian_vector_products_match_finite_differences(n in 1usize..8, seed in 0u64..1000, which in 0usize..12) {
        let all = families();
        let (name, e) = &all[which % all.len()];
        let d = e.dim();
        let mut rng = hwg_measure::rng::Rng::new(seed);
        let mu = hwg_measure::rng::random_measure(&mut rng, n, d, 0.7).unwrap();
        let g = gradient_error(e.as_ref(), mu.view(), seed).unwrap();
        let h = hessian_error(e.as_ref(), mu.view(), seed + 1).unwrap();
        let y = Array1::from_shape_simple_fn(d, || rng.normal());
        let f = first_variation_error(e.as_ref(), mu.view(), y).unwrap();
        prop_assert!(g <= 1e-6, "{}: gradient error {}", name, g);
        prop_assert!(h <= 1e-6, "{}: Hessian-vector error {}", name, h);
        prop_assert!(f <= 1e-6, "{}: first-variation error {}", name, f);
    }

    #[test]
    fn derivatives_on_strategy_measures(mu in particle_measure_sized(5, 2)) {
        // The same checks on the exported strategy's measures, rescaled to [-1, 1].
        let mu = mu.affine(ndarray::Array2::<f64>::eye(2).mapv(|v| v * 0.1).view(), ndarray::array![0.0, 0.0].view()).unwrap();
        for (name, e) in families().iter().filter(|(_, e)| e.dim() == 2) {
            let g = gradient_error(e.as_ref(), mu.view(), 3).unwrap();
            let h = hessian_error(e.as_ref(), mu.view(), 4).unwrap();
            prop_assert!(g <= 1e-6 && h <= 1e-6, "{}: {} {}", name, g, h);
        }
    }
}
