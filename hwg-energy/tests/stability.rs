//! The sequential-stability checker on streams and schedules.

use std::sync::Arc;

use hwg_energy::*;
use ndarray::{Array2, array};

fn circle_stream(tau: f64, steps: usize) -> Array2<f64> {
    Array2::from_shape_fn((steps, 2), |(k, j)| {
        let t = k as f64 * tau;
        if j == 0 { t.cos() } else { t.sin() }
    })
}

#[test]
fn slow_stream_is_accepted_with_a_tau_independent_l() {
    let mut ls = Vec::new();
    for tau in [0.1, 0.01, 0.001] {
        let seq =
            EnergySequence::stimulus_stream(2.0, circle_stream(tau, 30).view(), None).unwrap();
        let r = check_stability(&seq, &StabilityParams::new(tau, 5.0)).unwrap();
        assert!(r.is_stable(), "τ = {tau}: {:?}", r.first_violation);
        assert_eq!(r.lambda, 2.0);
        assert_eq!(
            (r.lambda_source, r.l_source),
            (Source::Declared, Source::Declared)
        );
        ls.push(r.l);
    }
    // |Δs| ≈ τ, so L ≈ α/2 · (1 + 0) ... bounded as τ → 0.
    assert!(ls.iter().all(|&l| l > 0.5 && l < 2.0), "{ls:?}");
}

#[test]
fn jump_is_rejected_as_tau_shrinks_at_the_jump_step() {
    let stimuli = Array2::from_shape_fn((20, 1), |(k, _)| if k >= 12 { 1.0 } else { 0.0 });
    let seq = EnergySequence::stimulus_stream(1.0, stimuli.view(), None).unwrap();
    let coarse = check_stability(&seq, &StabilityParams::new(0.5, 5.0)).unwrap();
    assert!(coarse.is_stable(), "{:?}", coarse.first_violation);
    let fine = check_stability(&seq, &StabilityParams::new(0.01, 5.0)).unwrap();
    let v = fine.first_violation.expect("rejected");
    assert_eq!((v.step, v.condition), (11, Condition::S3));
    // |ΔE| ≤ c0 + c1 M2 with c0 = c1 = α|Δs|/2 + α/2 · 1 = 1: L = 1/τ.
    assert!((v.measured - 100.0).abs() < 1e-9, "{}", v.measured);
}

#[test]
fn non_convex_energy_with_large_tau_is_rejected_at_its_step() {
    let mild: Arc<dyn ParticleEnergy> =
        Arc::new(Potential(Quadratic::attraction(1.0, array![0.0]).unwrap()));
    let well: Arc<dyn ParticleEnergy> = Arc::new(Potential(DoubleWell::new(1, 4.0).unwrap()));
    let seq = EnergySequence::new(vec![
        (Phase::Wake, mild.clone()),
        (Phase::Wake, mild),
        (Phase::Sleep, well),
    ])
    .unwrap();
    let r = check_stability(&seq, &StabilityParams::new(0.3, f64::INFINITY)).unwrap();
    let v = r.first_violation.expect("1 + λτ = 1 − 1.2 ≤ 0");
    assert_eq!((v.step, v.condition), (2, Condition::S1));
    assert!((v.measured - (1.0 - 4.0 * 0.3)).abs() < 1e-12);
    // Between different families no increment is declared: L is estimated on probes.
    assert_eq!(r.l_source, Source::Estimated);
    let ok = check_stability(&seq, &StabilityParams::new(0.2, f64::INFINITY)).unwrap();
    assert!(ok.is_stable() && ok.one_plus_lambda_tau > 0.0);
}

#[test]
fn risk_modulus_is_estimated_on_probes() {
    let risk: Arc<dyn ParticleEnergy> =
        Arc::new(TwoLayerRisk::new(array![[1.0], [-0.5], [0.3]], array![0.5, -0.2, 0.1]).unwrap());
    let seq = EnergySequence::new(vec![(Phase::Wake, risk)]).unwrap();
    let r = check_stability(&seq, &StabilityParams::new(0.1, 1.0)).unwrap();
    assert_eq!(r.lambda_source, Source::Estimated);
    assert!(r.lambda.is_finite());
}

#[test]
fn wake_sleep_schedules_follow_their_windows() {
    let stimuli = array![[0.0, 0.0], [0.1, 0.0], [0.2, 0.0], [0.3, 0.0]];
    let sleep: Arc<dyn ParticleEnergy> =
        Arc::new(Interaction(QuadraticKernel::new(2, 1.0).unwrap()));
    let seq = EnergySequence::wake_sleep(
        1.0,
        stimuli.view(),
        &[
            Window::Wake(2),
            Window::Sleep {
                steps: 3,
                mode: SleepMode::Fading { rate: 0.5 },
            },
            Window::Wake(2),
            Window::Sleep {
                steps: 2,
                mode: SleepMode::Frozen,
            },
        ],
        None,
        sleep,
    )
    .unwrap();
    assert_eq!(seq.len(), 9);
    let phases: Vec<Phase> = (0..9).map(|k| seq.phase(k).unwrap()).collect();
    use Phase::*;
    assert_eq!(
        phases,
        vec![Wake, Wake, Sleep, Sleep, Sleep, Wake, Wake, Sleep, Sleep]
    );
    // Frozen sleep: identical energies, zero increment.
    let inc = seq.increment(7).expect("declared");
    assert_eq!((inc.c0, inc.c1), (0.0, 0.0));
    // Fading: the attraction halves each step.
    let mu = hwg_measure::ParticleMeasure::dirac(array![1.1, 0.0].view()).unwrap();
    let (e2, e3) = (
        seq.energy(2).unwrap().value(mu.view()).unwrap(),
        seq.energy(3).unwrap().value(mu.view()).unwrap(),
    );
    assert!(
        (e2 - 0.5 * 0.5 * 1.0).abs() < 1e-12 && (e3 - 0.25 * 0.5 * 1.0).abs() < 1e-12,
        "{e2} {e3}"
    );
    assert!(seq.energy(9).is_err());
}
