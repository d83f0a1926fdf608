//! This layer's claims for `cargo xtask verify`, and one instance of every
//! energy family (used by the checks and the tests).

use std::sync::Arc;

use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::verify::{Check, Criterion, Measurement, Scale};
use hwg_measure::{MassPolicy, ParticleMeasure};
use ndarray::{Array1, Array2, array};

use crate::diagnostics::{first_variation_error, geodesic_samples, gradient_error, hessian_error};
use crate::*;

/// One instance of each particle-energy family, with its name and the
/// dimension it lives in: quadratic, double well, linear drive, correlation
/// with quartic confinement, mean-only, quadratic / Morse / circle
/// interactions, the network risk, the complex correlation (real view), and
/// a sum.
pub fn families() -> Vec<(&'static str, Arc<dyn ParticleEnergy>)> {
    let build = || -> Result<Vec<(&'static str, Arc<dyn ParticleEnergy>)>> {
        let data_u = Array2::from_shape_fn((12, 2), |(k, j)| ((k * 7 + j * 3) as f64 * 0.37).sin());
        let data_y = Array1::from_shape_fn(12, |k| (k as f64 * 0.9).cos());
        let c = array![[1.0, 0.4], [0.4, -0.5]];
        let hc = array![
            [
                num_complex::Complex64::new(2.0, 0.0),
                num_complex::Complex64::new(0.3, 0.4)
            ],
            [
                num_complex::Complex64::new(0.3, -0.4),
                num_complex::Complex64::new(1.0, 0.0)
            ]
        ];
        Ok(vec![
            (
                "quadratic",
                Arc::new(Potential(Quadratic::new(
                    array![[2.0, 0.5], [0.5, 1.0]],
                    array![0.3, -0.2],
                )?)),
            ),
            (
                "stimulus attraction",
                Arc::new(Potential(Quadratic::attraction(1.5, array![1.0, -1.0])?)),
            ),
            ("double well", Arc::new(Potential(DoubleWell::new(2, 1.0)?))),
            (
                "linear drive",
                Arc::new(Potential(LinearDrive::new(array![0.7, -1.2])?)),
            ),
            (
                "correlation + confinement",
                Arc::new(Potential(Correlation::new(c, 0.5)?)),
            ),
            (
                "mean quadratic",
                Arc::new(MeanQuadratic::new(
                    array![[1.0, 0.2], [0.2, 0.5]],
                    array![1.0, 0.0],
                )?),
            ),
            (
                "quadratic interaction",
                Arc::new(Interaction(QuadraticKernel::new(2, 0.8)?)),
            ),
            (
                "Morse interaction",
                Arc::new(Interaction(MorseKernel::new(2, 1.0, 1.0, 0.5, 0.3)?)),
            ),
            (
                "circle interaction",
                Arc::new(Interaction(CircleKernel::new(vec![1.0, 0.6, -0.2])?)),
            ),
            (
                "two-layer risk",
                Arc::new(TwoLayerRisk::new(data_u, data_y)?),
            ),
            (
                "complex correlation",
                Arc::new(ComplexCorrelation::new(hc, 0.3)?.real().clone()),
            ),
            (
                "sum",
                Arc::new(Sum::new(vec![
                    (
                        1.0,
                        Arc::new(Potential(DoubleWell::new(2, 0.5)?)) as Arc<dyn ParticleEnergy>,
                    ),
                    (0.3, Arc::new(Interaction(QuadraticKernel::new(2, 1.0)?))),
                ])?),
            ),
        ])
    };
    build().expect("the fixed parameters are valid")
}

/// The checks of `hwg-energy`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "energy.derivatives",
            layer: "hwg-energy",
            claim: "analytic Wasserstein gradients, Hessian-vector products and first variations match finite differences of the value, for every family",
            statistic: "max relative error over families and random measures",
            criterion: Criterion::AtMost(1e-6),
            run: derivatives,
        },
        Check {
            id: "energy.convexity",
            layer: "hwg-energy",
            claim: "every family is λ-convex along random exact geodesics with its declared λ (and a wrong λ is caught)",
            statistic: "max relative violation of the λ-convexity inequality",
            criterion: Criterion::AtMost(1e-10),
            run: convexity,
        },
        Check {
            id: "energy.circle_identity",
            layer: "hwg-energy",
            claim: "the circle interaction satisfies E(μ) = −Σ_k (J_k/2)|Z_k(μ)|²",
            statistic: "max |pairwise E − order-parameter E| over random phase measures",
            criterion: Criterion::AtMost(1e-12),
            run: circle_identity,
        },
        Check {
            id: "energy.sequential_stability",
            layer: "hwg-energy",
            claim: "the checker accepts a slowly varying stimulus stream at every τ, and rejects an O(1) jump as τ → 0 and a non-convex energy with 1 + λτ ≤ 0, naming the step",
            statistic: "number of wrong verdicts over the τ sweep",
            criterion: Criterion::AtMost(0.0),
            run: stability,
        },
    ]
}

fn s(e: EnergyError) -> String {
    e.to_string()
}

fn derivatives(scale: Scale) -> Result<Measurement, String> {
    let trials = scale.pick(3, 10);
    let mut worst = (0.0f64, "");
    for (name, e) in families() {
        for t in 0..trials {
            let mut rng = Rng::new(100 + t as u64);
            let mu = random_measure(&mut rng, 3 + t, e.dim(), 0.8).map_err(|x| x.to_string())?;
            let y = Array1::from_shape_simple_fn(e.dim(), || rng.normal());
            let err = gradient_error(e.as_ref(), mu.view(), t as u64)
                .map_err(s)?
                .max(hessian_error(e.as_ref(), mu.view(), t as u64 + 50).map_err(s)?)
                .max(first_variation_error(e.as_ref(), mu.view(), y).map_err(s)?);
            if err > worst.0 {
                worst = (err, name);
            }
        }
    }
    Ok(Measurement::new(
        worst.0,
        format!(
            "{} families × {trials} measures; worst: {}",
            families().len(),
            worst.1
        ),
    ))
}

fn convexity(scale: Scale) -> Result<Measurement, String> {
    let pairs = scale.pick(6, 30);
    let mut worst = (0.0f64, "");
    let mut caught = 0;
    let mut declared = 0;
    for (name, e) in families() {
        let Some(lambda) = e.modulus() else { continue };
        declared += 1;
        let samples = geodesic_samples(e.as_ref(), pairs, 1.0, 9).map_err(s)?;
        let defect = samples.iter().map(|x| x.defect(lambda)).fold(0.0, f64::max);
        if defect > worst.0 {
            worst = (defect, name);
        }
        // A λ above what the sharpest probe allows must be rejected by the same probes.
        let sharpest = samples
            .iter()
            .map(|x| x.largest_modulus())
            .fold(f64::INFINITY, f64::min);
        if samples
            .iter()
            .any(|x| x.defect(sharpest.max(lambda) + 0.5) > 0.0)
        {
            caught += 1;
        }
    }
    if caught < declared {
        return Err(format!(
            "a wrong λ was caught for only {caught} of {declared} families"
        ));
    }
    Ok(Measurement::new(
        worst.0,
        format!(
            "{declared} families with a declared λ, {pairs} geodesics each; wrong λ caught for all"
        ),
    ))
}

fn circle_identity(scale: Scale) -> Result<Measurement, String> {
    let k = CircleKernel::new(vec![1.0, 0.6, -0.2, 0.05]).map_err(s)?;
    let e = Interaction(k);
    let mut rng = Rng::new(4);
    let mut worst = 0.0f64;
    for _ in 0..scale.pick(10, 50) {
        let n = 1 + rng.below(scale.pick(80, 300));
        let pts = Array2::from_shape_simple_fn((n, 1), || rng.uniform_in(-10.0, 10.0));
        let w: Array1<f64> = (0..n).map(|_| rng.uniform_in(0.1, 1.0)).collect();
        let mu = ParticleMeasure::with_policy(pts, w, MassPolicy::Renormalize)
            .map_err(|x| x.to_string())?;
        let pairwise = e.value(mu.view()).map_err(s)?;
        let order = e.value_from_order_parameters(mu.view()).map_err(s)?;
        worst = worst.max((pairwise - order).abs());
    }
    Ok(Measurement::new(
        worst,
        "4 harmonics, random phase measures",
    ))
}

fn stability(_: Scale) -> Result<Measurement, String> {
    let mut wrong = Vec::new();
    let l_max = 10.0;
    for tau in [0.1, 0.01, 0.001] {
        // Slow stream: s(t) = (cos t, sin t), sampled every τ.
        let steps = 40;
        let slow = Array2::from_shape_fn((steps, 2), |(k, j)| {
            let t = k as f64 * tau;
            if j == 0 { t.cos() } else { t.sin() }
        });
        let seq = EnergySequence::stimulus_stream(1.0, slow.view(), None).map_err(s)?;
        let r = check_stability(&seq, &StabilityParams::new(tau, l_max)).map_err(s)?;
        if !r.is_stable() {
            wrong.push(format!(
                "slow stream rejected at τ = {tau}: {:?}",
                r.first_violation
            ));
        }
        // Jump of size 1 at step 20.
        let jump = Array2::from_shape_fn(
            (steps, 2),
            |(k, j)| if k >= 20 && j == 0 { 1.0 } else { 0.0 },
        );
        let seq = EnergySequence::stimulus_stream(1.0, jump.view(), None).map_err(s)?;
        let r = check_stability(&seq, &StabilityParams::new(tau, l_max)).map_err(s)?;
        let expect_reject = tau < 0.1;
        match (r.first_violation, expect_reject) {
            (Some(v), true) if v.step == 19 && v.condition == Condition::S3 => {}
            (None, false) => {}
            (v, _) => wrong.push(format!("jump stream at τ = {tau}: {v:?}")),
        }
    }
    // Double well of height 20: λ = −20, so 1 + λτ ≤ 0 for τ ≥ 0.05.
    let dw: Arc<dyn ParticleEnergy> = Arc::new(Potential(DoubleWell::new(1, 20.0).map_err(s)?));
    let seq = EnergySequence::new(vec![(Phase::Wake, dw.clone()), (Phase::Wake, dw)]).map_err(s)?;
    for (tau, reject) in [(0.1, true), (0.01, false)] {
        let r = check_stability(&seq, &StabilityParams::new(tau, l_max)).map_err(s)?;
        let rejected =
            matches!(r.first_violation, Some(v) if v.condition == Condition::S1 && v.step == 0);
        if rejected != reject {
            wrong.push(format!("double well at τ = {tau}: {:?}", r.first_violation));
        }
    }
    Ok(Measurement::new(
        wrong.len() as f64,
        if wrong.is_empty() {
            "τ ∈ {0.1, 0.01, 0.001}, L_max = 10".to_string()
        } else {
            wrong.join("; ")
        },
    ))
}
