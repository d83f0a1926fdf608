//! This layer's claims for `cargo xtask verify`: classical learning rules
//! recovered as projections of JKO runs, each against an independent
//! recursion or closed form.

use std::f64::consts::PI;
use std::sync::Arc;

use hwg_energy::{
    CircleKernel, ComplexCorrelation, Energy, Entropy, Interaction, LinearDrive,
    LowerBoundConstants, MeanQuadratic, MorseKernel, ParticleEnergy, Potential, Quadratic, Sum,
    TwoLayerRisk, UserPotential, WassersteinGradient,
};
use hwg_jko::{ParticleStepper, QuantileEnergy, QuantileStepper, Stepper};
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::verify::{Check, Criterion, Measurement, Scale, loglog_slope};
use hwg_measure::{ComplexParticleMeasure, ParticleMeasure, SortedLine, normal_quantile};
use ndarray::{Array1, Array2, array};
use num_complex::Complex64;

use crate::Projection;
use crate::flat::{ClassicalNetwork, Mean};
use crate::hilbert::{
    EmbeddingMemory, GaussianKernel, OrderParameters, RandomFourierFeatures, Scorer,
};
use crate::simplicial::{
    CompetitionTracker, Partition, SimplexBarycenter, SoftmaxOfMean, StructuralWeights,
};
use crate::spectral::{CorrelationOperator, SpectralModes};

const LAYER: &str = "hwg-project";

/// The checks of `hwg-project`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "project.ema",
            layer: LAYER,
            claim: "with stimulus attraction, the flat projection (mean) of a JKO run of a non-Dirac state is the EMA with β = τα/(1 + τα)",
            statistic: "max over 1000 steps of |mean − EMA| / (1 + |EMA|)",
            criterion: Criterion::AtMost(1e-12),
            run: ema,
        },
        Check {
            id: "project.mirror_descent",
            layer: LAYER,
            claim: "with a linear drive on logit space, softmax of the mean follows exponentiated-gradient mirror descent p' ∝ p ⊙ exp(−τ g)",
            statistic: "max over steps and coordinates of |softmax(mean) − p_MD|",
            criterion: Criterion::AtMost(1e-12),
            run: mirror_descent,
        },
        Check {
            id: "project.frequency_estimator",
            layer: LAYER,
            claim: "a measure on the simplex attracted to one-hot stimuli stays on the simplex and its barycenter is the EMA frequency estimator",
            statistic: "max over steps of |barycenter − EMA of one-hots| (atoms checked on the simplex to 1e-9)",
            criterion: Criterion::AtMost(1e-12),
            run: frequency_estimator,
        },
        Check {
            id: "project.proximal_point",
            layer: LAYER,
            claim: "for an energy of the mean only, the flat projection follows the proximal point m' = (I + τQ)^(-1)(m + τQ m*) and the centred shape is carried unchanged",
            statistic: "max over 30 steps of |mean − proximal point| and |centred atoms − initial centred atoms|",
            criterion: Criterion::AtMost(1e-12),
            run: proximal_point,
        },
        Check {
            id: "project.network_gd",
            layer: LAYER,
            claim: "an explicit n-particle Wasserstein-gradient step of the two-layer risk equals one gradient-descent step (learning rate nτ) of an independently written n-neuron network",
            statistic: "max |θ_W − θ_GD| / (1 + |θ|) over 50 chained steps",
            criterion: Criterion::AtMost(1e-12),
            run: network_gd,
        },
        Check {
            id: "project.network_jko_order",
            layer: LAYER,
            claim: "the implicit (JKO) network step agrees with the explicit gradient step at first order: their difference is O(τ²)",
            statistic: "fitted log-log slope of max |x_JKO − x_explicit| against τ = 0.2 … 0.0125",
            criterion: Criterion::Between(1.8, 2.2),
            run: network_jko_order,
        },
        Check {
            id: "project.phase_alignment",
            layer: LAYER,
            claim: "along a Kuramoto JKO run |Z_1| never decreases and E = −(J/2)|Z_1|² at every step",
            statistic: "max over steps of (decrease of |Z_1|, |E − (−J/2)|Z_1|²|)",
            criterion: Criterion::AtMost(1e-10),
            run: phase_alignment,
        },
        Check {
            id: "project.multiscale_coherence",
            layer: LAYER,
            claim: "J_2 > J_1/4 from two antipodal groups: |Z_2| → 1 and |Z_1| → |2p − 1|; J_1 dominant from unimodal phases: |Z_1|, |Z_2| → 1",
            statistic: "max of | |Z_2| − 1 |, | |Z_1| − |2p−1| | (two clusters) and | |Z_k| − 1 | (one cluster) at the end",
            criterion: Criterion::AtMost(1e-6),
            run: multiscale_coherence,
        },
        Check {
            id: "project.competition_pruning",
            layer: LAYER,
            claim: "in a noisy tilted double well (quantile backend) structural weights sum to one at every step, the deeper well wins and the shallow well's cell is pruned",
            statistic: "max |Σ w − 1| over steps (1 if the deep well does not win or the shallow cell is never pruned)",
            criterion: Criterion::AtMost(1e-12),
            run: competition_pruning,
        },
        Check {
            id: "project.complex_oja",
            layer: LAYER,
            claim: "under −½ z*Cz + (κ/4)|z|⁴ the leading mode of K(μ) = ∫ z z* dμ aligns with the top eigenvector of C (complex Oja)",
            statistic: "1 − |⟨v_1(K(μ)), u_1(C)⟩| at the end of the run",
            criterion: Criterion::AtMost(1e-6),
            run: complex_oja,
        },
        Check {
            id: "project.embedding_recall",
            layer: LAYER,
            claim: "kernel mean embeddings recall stored memory states from noisy queries, exactly and with random Fourier features",
            statistic: "recall@1 over seeded noisy queries (minimum of exact and random-feature scoring)",
            criterion: Criterion::AtLeast(0.95),
            run: embedding_recall,
        },
    ]
}

fn e<E: std::fmt::Display>(x: E) -> String {
    x.to_string()
}

fn max_abs(a: &Array1<f64>, b: &Array1<f64>) -> f64 {
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

fn fast() -> ParticleStepper {
    ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    }
}

fn ema(scale: Scale) -> Result<Measurement, String> {
    let (alpha, tau, steps) = (1.5, 0.2, 1000);
    let n = scale.pick(16, 48);
    let mut rng = Rng::new(61);
    let mut mu = random_measure(&mut rng, n, 2, 2.0).map_err(e)?;
    let beta = tau * alpha / (1.0 + tau * alpha);
    let mut m = mu.mean();
    // Short-range repulsion keeps the state spread out (non-Dirac); a
    // symmetric interaction exerts no net force, so the mean is untouched.
    let spread: Arc<dyn ParticleEnergy> = Arc::new(Interaction(
        MorseKernel::new(2, 0.5, 2.0, 1.0, 0.5).map_err(e)?,
    ));
    // The mean inherits the solver's residual: solve to rounding.
    let stepper = ParticleStepper {
        tolerance: 1e-14,
        ..fast()
    };
    let (mut worst, mut xs, mut flat, mut rec) = (0.0f64, vec![], vec![], vec![]);
    for k in 0..steps {
        let s = array![rng.normal() + 1.0, 0.5 * rng.normal()];
        let pull: Arc<dyn ParticleEnergy> = Arc::new(Potential(
            Quadratic::attraction(alpha, s.clone()).map_err(e)?,
        ));
        let en = Sum::new(vec![(1.0, pull), (1.0, spread.clone())]).map_err(e)?;
        mu = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        m = &m * (1.0 - beta) + &s * beta;
        let p = Mean.project(&mu).map_err(e)?;
        worst = worst.max(max_abs(&p, &m) / (1.0 + m.iter().map(|v| v * v).sum::<f64>().sqrt()));
        if k < 200 {
            xs.push(k as f64 + 1.0);
            flat.push(p[0]);
            rec.push(m[0]);
        }
    }
    let var = mu.covariance()[[0, 0]] + mu.covariance()[[1, 1]];
    Ok(Measurement::new(
        worst,
        format!("{n} atoms in 2-D, attraction + Morse repulsion, β = {beta:.4}; the state stays spread out (trace of covariance {var:.3})"),
    )
    .with_series("flat projection (mean x)", xs.clone(), flat)
    .with_series("EMA recursion", xs, rec))
}

fn mirror_descent(scale: Scale) -> Result<Measurement, String> {
    let (kdim, tau, steps) = (4, 0.1, scale.pick(200, 1000));
    let mut rng = Rng::new(62);
    let mut mu = random_measure(&mut rng, 12, kdim, 1.0).map_err(e)?;
    let mut p = SoftmaxOfMean.project(&mu).map_err(e)?;
    let stepper = fast();
    let (mut worst, mut xs, mut ys) = (0.0f64, vec![], vec![]);
    for k in 0..steps {
        let g = Array1::from_shape_fn(kdim, |i| rng.normal() + if i == 0 { -0.5 } else { 0.0 });
        let en = Potential(LinearDrive::new(g.clone()).map_err(e)?);
        mu = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        // Exponentiated gradient, written out.
        let unnorm: Array1<f64> = p
            .iter()
            .zip(&g)
            .map(|(pi, gi)| pi * (-tau * gi).exp())
            .collect();
        p = &unnorm / unnorm.sum();
        let q = SoftmaxOfMean.project(&mu).map_err(e)?;
        worst = worst.max(max_abs(&q, &p));
        xs.push(k as f64 + 1.0);
        ys.push(q[0]);
    }
    Ok(Measurement::new(
        worst,
        format!(
            "K = {kdim} logits, 12 atoms, τ = {tau}, {steps} steps; final p_0 = {:.4}",
            p[0]
        ),
    )
    .with_series("softmax(mean)_0", xs, ys))
}

fn frequency_estimator(scale: Scale) -> Result<Measurement, String> {
    let (alpha, tau, steps) = (1.0, 0.02, scale.pick(500, 3000));
    let freq = [0.5, 0.3, 0.2];
    let mut rng = Rng::new(63);
    let pts = Array2::from_shape_fn((10, 3), |_| rng.uniform() + 0.05);
    let sums = pts.sum_axis(ndarray::Axis(1));
    let pts = &pts / &sums.insert_axis(ndarray::Axis(1));
    let mut mu = ParticleMeasure::uniform(pts).map_err(e)?;
    let bary = SimplexBarycenter::default();
    let beta = tau * alpha / (1.0 + tau * alpha);
    let mut f = bary.project(&mu).map_err(e)?;
    let stepper = fast();
    let mut worst = 0.0f64;
    for k in 0..steps {
        let u = rng.uniform();
        let j = if u < freq[0] {
            0
        } else if u < freq[0] + freq[1] {
            1
        } else {
            2
        };
        let mut s = Array1::zeros(3);
        s[j] = 1.0;
        let en = Potential(Quadratic::attraction(alpha, s.clone()).map_err(e)?);
        mu = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        f = &f * (1.0 - beta) + &s * beta;
        worst = worst.max(max_abs(&bary.project(&mu).map_err(e)?, &f));
    }
    let dist = f
        .iter()
        .zip(freq)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    Ok(Measurement::new(
        worst,
        format!(
            "3 symbols with frequencies {freq:?}, β = {beta:.4}; final estimate {:.3?} (max deviation {dist:.3} from the true frequencies)",
            f.to_vec()
        ),
    ))
}

fn proximal_point(_: Scale) -> Result<Measurement, String> {
    let tau = 0.5;
    let q = array![[2.0, 0.5], [0.5, 1.0]];
    let target = array![1.0, -1.0];
    let en = MeanQuadratic::new(q.clone(), target.clone()).map_err(e)?;
    let mut rng = Rng::new(64);
    let mut mu = random_measure(&mut rng, 20, 2, 1.5).map_err(e)?;
    let centred = |mu: &ParticleMeasure| &mu.points() - &mu.mean();
    let shape0 = centred(&mu);
    let mut m = mu.mean();
    // (I + τQ)^{-1} by the 2 × 2 adjugate.
    let (a, b, c, d) = (
        1.0 + tau * q[[0, 0]],
        tau * q[[0, 1]],
        tau * q[[1, 0]],
        1.0 + tau * q[[1, 1]],
    );
    let det = a * d - b * c;
    let stepper = ParticleStepper {
        tolerance: 1e-14,
        ..ParticleStepper::default()
    };
    let mut worst = 0.0f64;
    for k in 0..30 {
        mu = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        let r = &m + &q.dot(&target) * tau;
        m = array![(d * r[0] - b * r[1]) / det, (a * r[1] - c * r[0]) / det];
        worst = worst.max(max_abs(&Mean.project(&mu).map_err(e)?, &m));
        let drift = (&centred(&mu) - &shape0)
            .iter()
            .fold(0.0f64, |s, v| s.max(v.abs()));
        worst = worst.max(drift);
    }
    Ok(Measurement::new(
        worst,
        format!(
            "F(m) = ½(m − m*)ᵀQ(m − m*), τ = {tau}, 20 atoms; final mean {:.6?}",
            m.to_vec()
        ),
    ))
}

/// A seeded regression problem and an equal-weight network on it.
fn network_problem(
    n: usize,
) -> Result<(TwoLayerRisk, Array2<f64>, Array1<f64>, ParticleMeasure), String> {
    let mut rng = Rng::new(65);
    let inputs = Array2::from_shape_fn((24, 2), |_| rng.normal());
    let targets = inputs
        .rows()
        .into_iter()
        .map(|u| (1.5 * u[0] - u[1]).sin())
        .collect::<Array1<f64>>();
    let risk = TwoLayerRisk::new(inputs.clone(), targets.clone()).map_err(e)?;
    let pts = Array2::from_shape_fn((n, 3), |_| rng.normal());
    Ok((
        risk,
        inputs,
        targets,
        ParticleMeasure::uniform(pts).map_err(e)?,
    ))
}

fn explicit_step(
    risk: &TwoLayerRisk,
    mu: &ParticleMeasure,
    tau: f64,
) -> Result<ParticleMeasure, String> {
    let v = risk.gradient(mu.view()).map_err(e)?;
    ParticleMeasure::new(&mu.points() - &(v * tau), mu.weights().to_owned()).map_err(e)
}

fn network_gd(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(16, 64);
    let tau = 0.05;
    let (risk, inputs, targets, mut mu) = network_problem(n)?;
    let mut net = ClassicalNetwork::from_measure(&mu).map_err(e)?;
    let (mut worst, mut xs, mut loss) = (0.0f64, vec![], vec![]);
    for k in 0..50 {
        mu = explicit_step(&risk, &mu, tau)?;
        net = net
            .gradient_step(inputs.view(), targets.view(), n as f64 * tau)
            .map_err(e)?;
        let theta = net.to_measure().map_err(e)?;
        let diff = (&mu.points() - &theta.points())
            .iter()
            .fold(0.0f64, |s, v| s.max(v.abs()));
        let size = mu.points().iter().fold(0.0f64, |s, v| s.max(v.abs()));
        worst = worst.max(diff / (1.0 + size));
        xs.push(k as f64 + 1.0);
        loss.push(net.loss(inputs.view(), targets.view()).map_err(e)?);
        let r = risk.value(mu.view()).map_err(e)?;
        worst = worst.max((r - loss[k]).abs() / (1.0 + r));
    }
    Ok(Measurement::new(
        worst,
        format!(
            "{n} neurons, 24 samples in 2-D, τ = {tau}, learning rate nτ = {}; risk {:.4} → {:.4}",
            n as f64 * tau,
            loss[0],
            loss[49]
        ),
    )
    .with_series("classical GD loss", xs, loss))
}

fn network_jko_order(scale: Scale) -> Result<Measurement, String> {
    let (risk, _, _, mu) = network_problem(scale.pick(8, 32))?;
    let stepper = ParticleStepper {
        tolerance: 1e-13,
        ..ParticleStepper::default()
    };
    let taus = [0.2, 0.1, 0.05, 0.025, 0.0125];
    let mut gaps = Vec::new();
    for &tau in &taus {
        let (jko, _) = stepper
            .step(0, &mu, &risk as &dyn ParticleEnergy, tau)
            .map_err(e)?;
        let ex = explicit_step(&risk, &mu, tau)?;
        gaps.push(
            (&jko.points() - &ex.points())
                .iter()
                .fold(0.0f64, |s, v| s.max(v.abs())),
        );
    }
    let slope = loglog_slope(&taus, &gaps);
    Ok(
        Measurement::new(slope, format!("gaps {:.2e} … {:.2e}", gaps[0], gaps[4])).with_series(
            "|JKO − explicit|",
            taus.to_vec(),
            gaps,
        ),
    )
}

/// Times, `(|Z_1|, |Z_2|)`, energies and per-step descent slacks along a Kuramoto run.
type KuramotoTrace = (Vec<f64>, Vec<[f64; 2]>, Vec<f64>, Vec<f64>);

fn kuramoto_run(
    couplings: Vec<f64>,
    phases: Array1<f64>,
    tau: f64,
    steps: usize,
) -> Result<KuramotoTrace, String> {
    let mut mu = ParticleMeasure::uniform(phases.insert_axis(ndarray::Axis(1))).map_err(e)?;
    let en = Interaction(CircleKernel::new(couplings).map_err(e)?);
    let order = OrderParameters::circle(2).map_err(e)?;
    let stepper = ParticleStepper::default();
    let (mut t, mut z, mut energy, mut slack) = (vec![0.0], vec![], vec![], vec![]);
    let z0 = order.project(&mu).map_err(e)?;
    z.push([z0[0].norm(), z0[1].norm()]);
    energy.push(en.value(mu.view()).map_err(e)?);
    for k in 0..steps {
        let (next, cert) = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?;
        mu = next;
        let zk = order.project(&mu).map_err(e)?;
        t.push((k + 1) as f64 * tau);
        z.push([zk[0].norm(), zk[1].norm()]);
        energy.push(cert.energy_after);
        slack.push(cert.descent_slack);
    }
    Ok((t, z, energy, slack))
}

fn phase_alignment(scale: Scale) -> Result<Measurement, String> {
    let (j, tau, steps) = (1.0, 0.2, scale.pick(100, 300));
    let n = scale.pick(48, 128);
    let mut rng = Rng::new(66);
    let phases = Array1::from_shape_fn(n, |_| rng.uniform_in(-2.5, 2.5));
    let (t, z, energy, slack) = kuramoto_run(vec![j], phases, tau, steps)?;
    let mut worst = 0.0f64;
    for k in 0..z.len() {
        worst = worst.max((energy[k] + 0.5 * j * z[k][0] * z[k][0]).abs());
        if k > 0 {
            worst = worst.max(z[k - 1][0] - z[k][0]);
        }
    }
    // The JKO descent inequality, which the monotonicity rests on.
    worst = slack.iter().fold(worst, |w, s| w.max(-s));
    let last = z.last().expect("steps")[0];
    Ok(Measurement::new(
        worst,
        format!(
            "{n} phases on (−2.5, 2.5), J = {j}, τ = {tau}: |Z_1| {:.4} → {last:.10}",
            z[0][0]
        ),
    )
    .with_series("|Z_1|", t.clone(), z.iter().map(|v| v[0]).collect())
    .with_series("energy", t.clone(), energy)
    .with_series("descent slack", t[1..].to_vec(), slack))
}

fn multiscale_coherence(scale: Scale) -> Result<Measurement, String> {
    let (tau, steps) = (0.1, scale.pick(250, 400));
    let n = scale.pick(40, 100);
    let p = 0.7;
    let mut rng = Rng::new(67);
    let n_a = (p * n as f64).round() as usize;
    let two = Array1::from_shape_fn(n, |i| 0.3 * rng.normal() + if i < n_a { 0.0 } else { PI });
    let p_real = n_a as f64 / n as f64;
    let (t, z, _, _) = kuramoto_run(vec![1.0, 1.0], two, tau, steps)?;
    let one = Array1::from_shape_fn(n, |_| 0.5 + 0.6 * rng.normal());
    let (t1, z1, _, _) = kuramoto_run(vec![1.0, 0.1], one, tau, steps)?;
    let (a, b) = (z.last().expect("steps"), z1.last().expect("steps"));
    let worst = [
        (a[1] - 1.0).abs(),
        (a[0] - (2.0 * p_real - 1.0).abs()).abs(),
        (b[0] - 1.0).abs(),
        (b[1] - 1.0).abs(),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    Ok(Measurement::new(
        worst,
        format!("two antipodal groups (p = {p_real}, J = (1, 1)): |Z_1| = {:.8}, |Z_2| = {:.8}; unimodal (J = (1, 0.1)): |Z_1| = {:.8}, |Z_2| = {:.8}", a[0], a[1], b[0], b[1]),
    )
    .with_series("two clusters |Z_1|", t.clone(), z.iter().map(|v| v[0]).collect())
    .with_series("two clusters |Z_2|", t, z.iter().map(|v| v[1]).collect())
    .with_series("one cluster |Z_1|", t1.clone(), z1.iter().map(|v| v[0]).collect())
    .with_series("one cluster |Z_2|", t1, z1.iter().map(|v| v[1]).collect()))
}

/// `V(x) = h(x² − 1)²/4 + s x`: the left well is deeper by about `2s`.
pub(crate) fn tilted_double_well(h: f64, s: f64) -> Result<UserPotential, String> {
    UserPotential::new(
        1,
        move |x| h * (x[0] * x[0] - 1.0).powi(2) / 4.0 + s * x[0],
        move |x| array![h * x[0] * (x[0] * x[0] - 1.0) + s],
        move |x, v| array![h * (3.0 * x[0] * x[0] - 1.0) * v[0]],
        Some(-h),
        LowerBoundConstants {
            a: s * s / h + s.abs() + h,
            b: 0.0,
        },
    )
    .map_err(e)
}

fn competition_pruning(scale: Scale) -> Result<Measurement, String> {
    let (h, s, sigma, tau) = (0.5, 0.15, 0.05, 0.1);
    let (m, steps) = (scale.pick(100, 200), scale.pick(800, 1500));
    // Equal masses in the two wells, Gaussian quantiles around ±1.
    let z: Vec<f64> = (0..m)
        .map(|i| normal_quantile((i as f64 + 0.5) / m as f64).map(|q| 0.15 * q))
        .collect::<Result<_, _>>()
        .map_err(e)?;
    let atoms: Array1<f64> = z
        .iter()
        .map(|v| v - 1.0)
        .chain(z.iter().map(|v| v + 1.0))
        .collect();
    let mut line = SortedLine::new(atoms, Array1::from_elem(2 * m, 0.5 / m as f64)).map_err(e)?;
    let energy = QuantileEnergy::new(
        Some(Arc::new(tilted_double_well(h, s)?)),
        Some(Arc::new(Entropy::new(sigma).map_err(e)?)),
    )
    .map_err(e)?;
    let weights = StructuralWeights::new(Partition::intervals(vec![0.0]).map_err(e)?);
    let mut tracker = CompetitionTracker::new(2, 0.05).map_err(e)?;
    tracker
        .record(0, weights.project(&line).map_err(e)?.view())
        .map_err(e)?;
    let stepper = QuantileStepper::default();
    for k in 0..steps {
        line = stepper.step(k, &line, &energy, tau).map_err(e)?.0;
        tracker
            .record(k + 1, weights.project(&line).map_err(e)?.view())
            .map_err(e)?;
    }
    let defect = tracker.max_mass_defect();
    let pruned = tracker.pruned_at()[1];
    let won = tracker.winner() == Some(0);
    let value = if won && pruned.is_some() { defect } else { 1.0 };
    let t: Vec<f64> = tracker.steps().iter().map(|&k| k as f64 * tau).collect();
    let mut meas = Measurement::new(
        value,
        format!(
            "{} quantile atoms, h = {h}, tilt {s}, σ = {sigma}, τ = {tau}: final weights deep {:.4} / shallow {:.4}; shallow cell pruned (w < 0.05) at step {pruned:?}",
            2 * m,
            tracker.trajectory(0).last().copied().unwrap_or(f64::NAN),
            tracker.trajectory(1).last().copied().unwrap_or(f64::NAN),
        ),
    )
    .with_series("deep well w_0", t.clone(), tracker.trajectory(0))
    .with_series("shallow well w_1", t, tracker.trajectory(1));
    if let Some(k) = pruned {
        meas = meas.with_series("pruned", vec![k as f64 * tau], vec![0.05]);
    }
    Ok(meas)
}

/// A Hermitian `C = Σ_k λ_k u_k u_k*` with orthonormal `u_k` (Gram–Schmidt of seeded vectors).
pub(crate) fn hermitian_with_spectrum(
    lambda: &[f64],
    seed: u64,
) -> (Array2<Complex64>, Array2<Complex64>) {
    let d = lambda.len();
    let mut rng = Rng::new(seed);
    let mut u = Array2::<Complex64>::zeros((d, d));
    for k in 0..d {
        let mut v: Array1<Complex64> = (0..d)
            .map(|_| Complex64::new(rng.normal(), rng.normal()))
            .collect();
        for j in 0..k {
            let proj: Complex64 = (0..d).map(|i| u[[i, j]].conj() * v[i]).sum();
            for i in 0..d {
                v[i] -= proj * u[[i, j]];
            }
        }
        let norm = v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        for i in 0..d {
            u[[i, k]] = v[i] / norm;
        }
    }
    let c = Array2::from_shape_fn((d, d), |(i, j)| {
        (0..d)
            .map(|k| u[[i, k]] * u[[j, k]].conj() * lambda[k])
            .sum()
    });
    (c, u)
}

fn complex_oja(scale: Scale) -> Result<Measurement, String> {
    let (kappa, tau, steps) = (1.0, 0.2, scale.pick(200, 400));
    let lambda = [3.0, 1.5, 1.0, 0.5];
    let (c, u) = hermitian_with_spectrum(&lambda, 68);
    let energy = ComplexCorrelation::new(c, kappa).map_err(e)?;
    let n = scale.pick(16, 64);
    let mut rng = Rng::new(69);
    let z0 = Array2::from_shape_fn((n, 4), |_| Complex64::new(rng.normal(), rng.normal()) * 0.3);
    let mut real = ComplexParticleMeasure::uniform(z0).map_err(e)?.to_real();
    let stepper = fast();
    let (mut t, mut miss) = (vec![], vec![]);
    let mut last = (0.0, 0.0);
    for k in 0..steps {
        real = stepper
            .step(k, &real, energy.real() as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        let kmu = CorrelationOperator
            .project(&ComplexParticleMeasure::from_real(&real).map_err(e)?)
            .map_err(e)?;
        let modes = SpectralModes::of(kmu.view()).map_err(e)?;
        let align: Complex64 = (0..4)
            .map(|i| modes.vectors[[i, 0]].conj() * u[[i, 0]])
            .sum();
        last = ((1.0 - align.norm()).abs(), modes.values[0]);
        if k % 5 == 4 {
            t.push((k + 1) as f64 * tau);
            miss.push(last.0.max(1e-16));
        }
    }
    Ok(Measurement::new(
        last.0,
        format!("C on C^4 with spectrum {lambda:?}, κ = {kappa}, {n} atoms, τ = {tau}: top eigenvalue of K(μ) {:.10} (λ_1/κ = {})", last.1, lambda[0] / kappa),
    )
    .with_series("1 − alignment", t, miss))
}

fn embedding_recall(scale: Scale) -> Result<Measurement, String> {
    let (items, d, queries) = (scale.pick(20, 50), 8, scale.pick(200, 1000));
    let mut rng = Rng::new(70);
    let patterns = Array2::from_shape_fn((items, d), |_| rng.normal());
    let stored = (0..items)
        .map(|j| {
            let pts =
                Array2::from_shape_fn((16, d), |(_, c)| patterns[[j, c]] + 0.3 * rng.normal());
            ParticleMeasure::uniform(pts)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(e)?;
    let h = 1.0;
    let exact = EmbeddingMemory::new(
        stored.clone(),
        Scorer::Exact(GaussianKernel::new(h).map_err(e)?),
    )
    .map_err(e)?;
    let rff = RandomFourierFeatures::new(d, scale.pick(512, 2048), h, 71).map_err(e)?;
    let approx = EmbeddingMemory::new(stored, Scorer::Features(rff)).map_err(e)?;
    let (mut hit_exact, mut hit_rff) = (0usize, 0usize);
    for q in 0..queries {
        let j = q % items;
        let query: Array1<f64> = (0..d)
            .map(|c| patterns[[j, c]] + 0.4 * rng.normal())
            .collect();
        hit_exact += usize::from(exact.recall(query.view(), 1).map_err(e)?[0] == j);
        hit_rff += usize::from(approx.recall(query.view(), 1).map_err(e)?[0] == j);
    }
    let (re, rr) = (
        hit_exact as f64 / queries as f64,
        hit_rff as f64 / queries as f64,
    );
    Ok(Measurement::new(
        re.min(rr),
        format!(
            "{items} stored states in R^{d} (16 atoms each), {queries} queries with noise 0.4: recall@1 exact {re:.3}, random features {rr:.3}"
        ),
    ))
}
