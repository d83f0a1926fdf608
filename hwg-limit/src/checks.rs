//! This layer's claims for `cargo xtask verify`: convergence orders against
//! analytic solutions, EDI, Hölder, the perturbed balance, consolidation.

use std::sync::Arc;

use hwg_energy::{
    Convexity, DoubleWell, Entropy, Interaction, MorseKernel, ParticleEnergy, Phase, PorousMedium,
    Potential, Quadratic, QuadraticKernel, Sum,
};
use hwg_jko::{
    Executor, GaussianEnergy, GaussianStepper, ParticleStepper, QuantileEnergy, QuantileStepper,
    Stepper,
};
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::verify::{Check, Criterion, Measurement, Scale, loglog_slope};
use hwg_measure::{Gaussian, ParticleMeasure, SortedLine, normal_quantile};
use hwg_project::simplicial::{Partition, StructuralWeights};
use hwg_transport::{w2_squared, w2_squared_gaussian};
use ndarray::{Array1, Array2, array};

use crate::curve::{Geodesic, PiecewiseConstant};
use crate::*;
use crate::{hwg_energy, hwg_jko, hwg_measure, hwg_transport};

const LAYER: &str = "hwg-limit";

/// The checks of `hwg-limit`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "limit.ou_gaussian_order",
            layer: LAYER,
            claim: "Gaussian JKO runs converge to the Ornstein–Uhlenbeck flow at order 1 in τ (d = 1 and 2)",
            statistic: "fitted log-log slope of W2(μ^τ(T), μ(T)) against τ furthest from 1 (d = 1, 2)",
            criterion: Criterion::Between(0.9, 1.1),
            run: ou_gaussian_order,
        },
        Check {
            id: "limit.ou_particle_order",
            layer: LAYER,
            claim: "particle JKO runs converge to the zero-noise Ornstein–Uhlenbeck flow (anisotropic, 2-D) at order 1",
            statistic: "fitted log-log slope of the exact W2 error at T against τ",
            criterion: Criterion::Between(0.9, 1.1),
            run: ou_particle_order,
        },
        Check {
            id: "limit.heat_quantile_order",
            layer: LAYER,
            claim: "quantile JKO runs converge to the 1-D heat flow from Gaussian data at order 1 in τ",
            statistic: "fitted log-log slope of the W2 error at T against τ",
            criterion: Criterion::Between(0.9, 1.1),
            run: heat_quantile_order,
        },
        Check {
            id: "limit.barenblatt",
            layer: LAYER,
            claim: "quantile JKO runs of ∫ρ² converge to the Barenblatt solution of ∂ρ = Δ(ρ²): the error decreases in τ and in n",
            statistic: "smaller of the observed rates in τ and in n (fails unless the error decreases at every refinement)",
            criterion: Criterion::AtLeast(0.5),
            run: barenblatt,
        },
        Check {
            id: "limit.richardson",
            layer: LAYER,
            claim: "without an analytic solution (Morse aggregation + attraction), Richardson's estimate on τ, τ/2, τ/4 shows order 1",
            statistic: "p = log2(W2(μ_τ, μ_τ/2) / W2(μ_τ/2, μ_τ/4)) at T = 1",
            criterion: Criterion::Between(0.9, 1.1),
            run: richardson,
        },
        Check {
            id: "limit.edi",
            layer: LAYER,
            claim: "the discrete EDI with the (1 + λτ) correction holds for a λ < 0 energy at every τ, with near-equality as τ → 0",
            statistic: "fitted slope of the relative EDI slack against τ (−1 if any slack is negative)",
            criterion: Criterion::Between(0.8, 1.2),
            run: edi_check,
        },
        Check {
            id: "limit.holder",
            layer: LAYER,
            claim: "W2(μ̄(t), μ̄(s)) ≤ C sqrt(|t − s| + τ) with C² = 2 Σ_k [E_k(μ_k) − E_k(μ_{k+1})], over every pair of times",
            statistic: "largest measured Hölder constant / C over three step sizes",
            criterion: Criterion::AtMost(1.0),
            run: holder_check,
        },
        Check {
            id: "limit.balance",
            layer: LAYER,
            claim: "wake/sleep runs satisfy the perturbed balance E(t, μ_t) + ∫|μ'|² = E(0, μ_0) + ∫ ∂_s E, with a residual linear in τ",
            statistic: "fitted slope of |balance residual| against τ",
            criterion: Criterion::Between(0.8, 1.2),
            run: balance_check,
        },
        Check {
            id: "limit.consolidation",
            layer: LAYER,
            claim: "in sleep, short-range aggregation + weak confinement merges atoms into one cluster per engram while the flat and simplicial observables learned awake are retained",
            statistic: "max drift of mean and structural weights during sleep (1 if the cluster count is not the number of engrams)",
            criterion: Criterion::AtMost(1e-9),
            run: consolidation,
        },
    ]
}

fn e<E: std::fmt::Display>(x: E) -> String {
    x.to_string()
}

fn taus(scale: Scale) -> Vec<f64> {
    scale.pick(
        vec![0.1, 0.05, 0.025, 0.0125],
        vec![0.1, 0.05, 0.025, 0.0125, 0.00625],
    )
}

fn steps(t: f64, tau: f64) -> usize {
    (t / tau).round() as usize
}

fn ou_gaussian_order(scale: Scale) -> Result<Measurement, String> {
    let (alpha, sigma, t_end) = (1.0, 0.5, 1.0);
    let mut worst: f64 = 1.0;
    let mut meas = Measurement::new(0.0, "");
    let mut detail = Vec::new();
    for (d, init, center) in [
        (
            1,
            Gaussian::new(array![2.0], array![[0.1]]).map_err(e)?,
            array![-1.0],
        ),
        (
            2,
            Gaussian::new(array![2.0, 0.0], array![[2.0, 0.3], [0.3, 0.2]]).map_err(e)?,
            array![1.0, -1.0],
        ),
    ] {
        let energy = GaussianEnergy::new(
            Quadratic::attraction(alpha, center.clone()).map_err(e)?,
            Entropy::new(sigma).map_err(e)?,
        );
        let exact = ou_gaussian(&init, alpha, center.view(), sigma, t_end).map_err(e)?;
        let ts = taus(scale);
        let mut errs = Vec::new();
        for &tau in &ts {
            let mut g = init.clone();
            for k in 0..steps(t_end, tau) {
                g = GaussianStepper::default()
                    .step(k, &g, &energy, tau)
                    .map_err(e)?
                    .0;
            }
            errs.push(w2_squared_gaussian(&g, &exact).map_err(e)?.sqrt());
        }
        let sweep = Sweep::new(ts.clone(), errs.clone()).map_err(e)?;
        let p = sweep.order();
        if (p - 1.0).abs() > (worst - 1.0).abs() || d == 1 {
            worst = p;
        }
        detail.push(format!(
            "d = {d}: order {p:.3}, error {:.2e} → {:.2e}",
            errs[0],
            errs[errs.len() - 1]
        ));
        meas = meas.with_series(format!("OU Gaussian d = {d}"), ts, errs);
    }
    meas.value = worst;
    meas.detail = detail.join("; ");
    Ok(meas)
}

fn ou_particle_order(scale: Scale) -> Result<Measurement, String> {
    let a = array![[2.0, 0.0], [0.0, 0.5]];
    let center = array![1.0, -1.0];
    let t_end = 1.0;
    let energy = Potential(Quadratic::new(a.clone(), center.clone()).map_err(e)?);
    let mut rng = Rng::new(81);
    let init = random_measure(&mut rng, scale.pick(24, 64), 2, 1.5).map_err(e)?;
    let exact_pts = Array2::from_shape_fn((init.len(), 2), |(i, j)| {
        center[j] + (-a[[j, j]] * t_end).exp() * (init.points()[[i, j]] - center[j])
    });
    let exact = ParticleMeasure::new(exact_pts, init.weights().to_owned()).map_err(e)?;
    let ts = taus(scale);
    let mut errs = Vec::new();
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    for &tau in &ts {
        let mut mu = init.clone();
        for k in 0..steps(t_end, tau) {
            mu = stepper
                .step(k, &mu, &energy as &dyn ParticleEnergy, tau)
                .map_err(e)?
                .0;
        }
        errs.push(w2_squared(&mu, &exact).map_err(e)?.sqrt());
    }
    let p = Sweep::new(ts.clone(), errs.clone()).map_err(e)?.order();
    Ok(Measurement::new(
        p,
        format!(
            "{} atoms, A = diag(2, 0.5), T = {t_end}: error {:.2e} → {:.2e}",
            init.len(),
            errs[0],
            errs[errs.len() - 1]
        ),
    )
    .with_series("OU particles (σ = 0)", ts, errs))
}

/// Atoms at the mid-mass levels of `quantile`, equal weights.
fn quantized(
    n: usize,
    quantile: impl Fn(f64) -> Result<f64, String>,
) -> Result<(SortedLine, Vec<f64>), String> {
    let levels: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
    let atoms = levels
        .iter()
        .map(|&u| quantile(u))
        .collect::<Result<Array1<f64>, String>>()?;
    Ok((
        SortedLine::new(atoms, Array1::from_elem(n, 1.0 / n as f64)).map_err(e)?,
        levels,
    ))
}

/// `sqrt(Σ_i a_i (x_i − X(u_i))²)`: the W2 distance to the exact solution
/// quantised at the same mass levels (the Lagrangian error of the scheme).
fn lagrangian_error(line: &SortedLine, exact: &[f64]) -> f64 {
    line.atoms()
        .iter()
        .zip(line.weights())
        .zip(exact)
        .map(|((x, a), y)| a * (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

fn quantile_run(
    init: &SortedLine,
    energy: &QuantileEnergy,
    tau: f64,
    t_end: f64,
) -> Result<SortedLine, String> {
    let stepper = QuantileStepper::default();
    let mut line = init.clone();
    for k in 0..steps(t_end, tau) {
        line = stepper.step(k, &line, energy, tau).map_err(e)?.0;
    }
    Ok(line)
}

fn heat_quantile_order(scale: Scale) -> Result<Measurement, String> {
    let (s0, sigma, t_end) = (0.5, 0.5, 0.5);
    let n = scale.pick(1000, 2000);
    let nq = |u: f64| normal_quantile(u).map_err(e);
    let (init, levels) = quantized(n, |u| Ok(s0 * nq(u)?))?;
    let s_t = (s0 * s0 + 2.0 * sigma * t_end).sqrt();
    let exact = levels
        .iter()
        .map(|&u| Ok(s_t * nq(u)?))
        .collect::<Result<Vec<f64>, String>>()?;
    let energy =
        QuantileEnergy::new(None, Some(Arc::new(Entropy::new(sigma).map_err(e)?))).map_err(e)?;
    let ts = taus(scale);
    let errs = ts
        .iter()
        .map(|&tau| {
            Ok(lagrangian_error(
                &quantile_run(&init, &energy, tau, t_end)?,
                &exact,
            ))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    let p = Sweep::new(ts.clone(), errs.clone()).map_err(e)?.order();
    Ok(Measurement::new(
        p,
        format!(
            "{n} atoms, σ = {sigma}, T = {t_end}: error {:.2e} → {:.2e}",
            errs[0],
            errs[errs.len() - 1]
        ),
    )
    .with_series("heat (quantile)", ts, errs))
}

fn barenblatt(scale: Scale) -> Result<Measurement, String> {
    let (t0, t_end) = (1.0, 1.0);
    let energy =
        QuantileEnergy::new(None, Some(Arc::new(PorousMedium::new(2.0).map_err(e)?))).map_err(e)?;
    let bq = |t: f64| move |u: f64| Barenblatt::quantile(t, u).map_err(e);
    let run = |n: usize, tau: f64| -> Result<f64, String> {
        let (init, levels) = quantized(n, bq(t0))?;
        let exact = levels
            .iter()
            .map(|&u| bq(t0 + t_end)(u))
            .collect::<Result<Vec<f64>, String>>()?;
        Ok(lagrangian_error(
            &quantile_run(&init, &energy, tau, t_end)?,
            &exact,
        ))
    };
    let ts = taus(scale);
    let n_fixed = scale.pick(1000, 2000);
    let err_tau = ts
        .iter()
        .map(|&t| run(n_fixed, t))
        .collect::<Result<Vec<f64>, String>>()?;
    let ns: Vec<usize> = scale.pick(vec![25, 50, 100], vec![25, 50, 100, 200]);
    let tau_fixed = 0.002;
    let err_n = ns
        .iter()
        .map(|&n| run(n, tau_fixed))
        .collect::<Result<Vec<f64>, String>>()?;
    let rate_tau = Sweep::new(ts.clone(), err_tau.clone()).map_err(e)?;
    let inv_n: Vec<f64> = ns.iter().map(|&n| 1.0 / n as f64).collect();
    let rate_n = Sweep::new(inv_n.clone(), err_n.clone()).map_err(e)?;
    let value = if rate_tau.decreasing() && rate_n.decreasing() {
        rate_tau.order().min(rate_n.order())
    } else {
        0.0
    };
    Ok(Measurement::new(
        value,
        format!(
            "rate in τ {:.3} (n = {n_fixed}, error {:.2e} → {:.2e}); rate in n {:.3} (τ = {tau_fixed}, error {:.2e} → {:.2e})",
            rate_tau.order(),
            err_tau[0],
            err_tau[err_tau.len() - 1],
            rate_n.order(),
            err_n[0],
            err_n[err_n.len() - 1]
        ),
    )
    .with_series("Barenblatt, error vs τ", ts, err_tau)
    .with_series("Barenblatt, error vs 1/n", inv_n, err_n))
}

fn morse_flow() -> Result<Sum, String> {
    Sum::new(vec![
        (
            1.0,
            Arc::new(Interaction(
                MorseKernel::new(2, 1.0, 1.0, 0.5, 0.3).map_err(e)?,
            )) as Arc<dyn ParticleEnergy>,
        ),
        (
            1.0,
            Arc::new(Potential(
                Quadratic::attraction(0.5, array![0.0, 0.0]).map_err(e)?,
            )),
        ),
    ])
    .map_err(e)
}

fn richardson(scale: Scale) -> Result<Measurement, String> {
    let energy = morse_flow()?;
    let mut rng = Rng::new(82);
    let init = random_measure(&mut rng, scale.pick(24, 48), 2, 1.5).map_err(e)?;
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let base = scale.pick(0.05, 0.025);
    let finals = [base, base / 2.0, base / 4.0]
        .iter()
        .map(|&tau| {
            let mut mu = init.clone();
            for k in 0..steps(1.0, tau) {
                mu = stepper
                    .step(k, &mu, &energy as &dyn ParticleEnergy, tau)
                    .map_err(e)?
                    .0;
            }
            Ok(mu)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let d1 = ParticleMeasure::distance(&finals[0], &finals[1]).map_err(e)?;
    let d2 = ParticleMeasure::distance(&finals[1], &finals[2]).map_err(e)?;
    let r = Richardson::from_distances(d1, d2).map_err(e)?;
    Ok(Measurement::new(
        r.order,
        format!(
            "{} atoms, τ = {base}, {}, {}: W2 gaps {d1:.2e}, {d2:.2e}; estimated error at τ/4 {:.2e}",
            init.len(),
            base / 2.0,
            base / 4.0,
            r.error_estimate
        ),
    ))
}

/// A double well (`λ = −h`) with quadratic aggregation (modulus 0: it is translation invariant), so `λ = −h`.
fn double_well_flow() -> Result<(Sum, f64), String> {
    let (h, c) = (1.0, 0.3);
    let energy = Sum::new(vec![
        (
            1.0,
            Arc::new(Potential(DoubleWell::new(2, h).map_err(e)?)) as Arc<dyn ParticleEnergy>,
        ),
        (
            1.0,
            Arc::new(Interaction(QuadraticKernel::new(2, c).map_err(e)?)),
        ),
    ])
    .map_err(e)?;
    let lambda = energy
        .modulus()
        .ok_or("the double well declares its modulus")?;
    Ok((energy, lambda))
}

fn particle_run(
    energy: &Sum,
    init: &ParticleMeasure,
    tau: f64,
    t_end: f64,
) -> Result<hwg_jko::Run<ParticleMeasure>, String> {
    let list: Vec<&dyn ParticleEnergy> = vec![energy as &dyn ParticleEnergy; steps(t_end, tau)];
    Executor::new(ParticleStepper::default(), tau)
        .map_err(e)?
        .run(init.clone(), list)
        .map_err(e)
}

fn edi_check(scale: Scale) -> Result<Measurement, String> {
    let (energy, lambda) = double_well_flow()?;
    let mut rng = Rng::new(83);
    let init = random_measure(&mut rng, scale.pick(16, 40), 2, 0.8).map_err(e)?;
    let ts = taus(scale);
    let (mut rel, mut min_slack, mut naive_min) = (Vec::new(), f64::INFINITY, f64::INFINITY);
    for &tau in &ts {
        let run = particle_run(&energy, &init, tau, 1.0)?;
        let slopes = particle_slopes(&energy, &run.states[1..]).map_err(e)?;
        let report = edi(tau, lambda, &run.certificates, &slopes).map_err(e)?;
        let naive = edi(tau, 0.0, &run.certificates, &slopes).map_err(e)?;
        min_slack = min_slack.min(report.slack / (1.0 + report.energy_start.abs()));
        naive_min = naive_min.min(naive.slack);
        rel.push(report.relative_slack());
    }
    let slope = loglog_slope(&ts, &rel);
    let value = if min_slack >= -1e-12 { slope } else { -1.0 };
    Ok(Measurement::new(
        value,
        format!("λ = {lambda}: relative slack {:.2e} → {:.2e}, min slack {min_slack:.2e}; without the correction the slack would be {naive_min:.2e}", rel[0], rel[rel.len() - 1]),
    )
    .with_series("relative EDI slack", ts, rel))
}

fn holder_check(scale: Scale) -> Result<Measurement, String> {
    let (energy, _) = double_well_flow()?;
    let mut rng = Rng::new(84);
    let init = random_measure(&mut rng, scale.pick(12, 24), 2, 1.0).map_err(e)?;
    let mut worst = 0.0f64;
    let mut parts = Vec::new();
    for tau in [0.2, 0.1, 0.05] {
        let run = particle_run(&energy, &init, tau, 2.0)?;
        let curve = PiecewiseConstant::uniform(tau, run.states.clone()).map_err(e)?;
        let h = holder(&curve, &run.certificates).map_err(e)?;
        worst = worst.max(h.measured / h.bound);
        parts.push(format!("τ = {tau}: {:.3} ≤ {:.3}", h.measured, h.bound));
    }
    Ok(Measurement::new(worst, parts.join("; ")))
}

/// Wake for 1 time unit (attraction to a stimulus circling the origin), then
/// sleep for 1 (Morse aggregation plus the last attraction fading as `e^{−2s}`).
fn wake_sleep_energies(tau: f64) -> Result<Vec<Arc<dyn ParticleEnergy>>, String> {
    let schedule = SleepSchedule::new(vec![
        TimedWindow {
            phase: Phase::Wake,
            duration: 1.0,
        },
        TimedWindow {
            phase: Phase::Sleep,
            duration: 1.0,
        },
    ])
    .map_err(e)?;
    let alpha = 1.0;
    let aggregation: Arc<dyn ParticleEnergy> = Arc::new(Interaction(
        MorseKernel::new(2, 0.5, 0.7, 0.0, 1.0).map_err(e)?,
    ));
    schedule
        .energies(tau, |st| {
            let pull = |strength: f64, s: Array1<f64>| -> crate::Result<Arc<dyn ParticleEnergy>> {
                Ok(Arc::new(Potential(Quadratic::attraction(strength, s)?)))
            };
            Ok(match st.phase {
                Phase::Wake => pull(alpha, array![st.t.cos(), st.t.sin()])?,
                Phase::Sleep => Arc::new(Sum::new(vec![
                    (1.0, aggregation.clone()),
                    (
                        1.0,
                        pull(
                            alpha * (-2.0 * st.since_start).exp(),
                            array![1f64.cos(), 1f64.sin()],
                        )?,
                    ),
                ])?),
            })
        })
        .map_err(e)
}

fn balance_check(scale: Scale) -> Result<Measurement, String> {
    let mut rng = Rng::new(85);
    let init = random_measure(&mut rng, scale.pick(16, 32), 2, 1.0).map_err(e)?;
    let ts = taus(scale);
    let (mut res, mut dt) = (Vec::new(), Vec::new());
    for &tau in &ts {
        let energies = wake_sleep_energies(tau)?;
        let run = Executor::new(ParticleStepper::default(), tau)
            .map_err(e)?
            .run(init.clone(), energies.iter().map(|a| a.as_ref()))
            .map_err(e)?;
        let b = balance(tau, &run.certificates).map_err(e)?;
        res.push(b.residual.abs());
        dt.push(b.time_derivative);
    }
    let slope = loglog_slope(&ts, &res);
    Ok(Measurement::new(
        slope,
        format!(
            "wake 1 + sleep 1 time units: |residual| {:.2e} → {:.2e}; ∫∂_t E ≈ {:.4} → {:.4}",
            res[0],
            res[res.len() - 1],
            dt[0],
            dt[dt.len() - 1]
        ),
    )
    .with_series("|balance residual|", ts.clone(), res)
    .with_series("Σ ∂_t E", ts, dt))
}

fn consolidation(scale: Scale) -> Result<Measurement, String> {
    let centres = array![[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]];
    let per = scale.pick(8, 16);
    let mut rng = Rng::new(86);
    let pts = Array2::from_shape_fn((3 * per, 2), |(i, j)| {
        centres[[i / per, j]] + 0.35 * rng.normal()
    });
    let mut mu = ParticleMeasure::uniform(pts).map_err(e)?;
    let stepper = ParticleStepper::default();
    // Awake: a short stimulus stream from the three engrams (EMA of the mean).
    let tau = 0.1;
    for k in 0..10 {
        let s = centres.row(rng.below(3)).to_owned();
        let en = Potential(Quadratic::attraction(0.2, s).map_err(e)?);
        mu = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
    }
    let awake = mu.clone();
    // Asleep: short-range aggregation plus weak confinement at the awake mean.
    let sleep = Sum::new(vec![
        (
            1.0,
            Arc::new(Interaction(
                MorseKernel::new(2, 1.0, 0.6, 0.0, 1.0).map_err(e)?,
            )) as Arc<dyn ParticleEnergy>,
        ),
        (
            1.0,
            Arc::new(Potential(
                Quadratic::attraction(0.02, awake.mean()).map_err(e)?,
            )),
        ),
    ])
    .map_err(e)?;
    let steps_sleep = scale.pick(80, 150);
    let run = particle_run(&sleep, &awake, tau, steps_sleep as f64 * tau)?;
    let times: Vec<f64> = (0..run.states.len()).map(|k| k as f64 * tau).collect();
    let cells = StructuralWeights::new(Partition::voronoi(centres.clone()).map_err(e)?);
    let trace = consolidation_trace(&awake, &times, &run.states, 0.05, &cells).map_err(e)?;
    let last = trace.clusters.len() - 1;
    let drift = trace
        .flat_drift
        .iter()
        .chain(&trace.simplicial_drift)
        .fold(0.0f64, |m, v| m.max(*v));
    let value = if trace.clusters[last] == 3 {
        drift
    } else {
        1.0
    };
    Ok(Measurement::new(
        value,
        format!(
            "{} atoms around 3 engrams: clusters {} → {}, W2 to the awake state {:.3}, flat drift {:.1e}, simplicial drift {:.1e}",
            3 * per,
            trace.clusters[0],
            trace.clusters[last],
            trace.w2_to_awake[last],
            trace.flat_drift.iter().fold(0.0f64, |m, v| m.max(*v)),
            trace.simplicial_drift.iter().fold(0.0f64, |m, v| m.max(*v))
        ),
    )
    .with_series("cluster count", times.clone(), trace.clusters.iter().map(|&c| c as f64).collect())
    .with_series("W2 to awake state", times, trace.w2_to_awake))
}
