//! This layer's claims for `cargo xtask verify`.

use std::sync::Arc;

use hwg_energy::{
    DoubleWell, Entropy, Interaction, ParticleEnergy, Potential, Quadratic, QuadraticKernel, Sum,
};
use hwg_measure::rng::{Rng, random_measure};
use hwg_measure::verify::{Check, Criterion, Measurement, Scale};
use hwg_measure::{FiberedState, Gaussian, ParticleMeasure};
use ndarray::{Array1, array};

use crate::*;

/// The checks of `hwg-jko`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "jko.particle_attraction_exact",
            layer: "hwg-jko",
            claim: "a particle JKO step on the stimulus attraction moves every atom to (x + τα s)/(1 + τα)",
            statistic: "max |x' − (x + τα s)/(1 + τα)| over atoms and 50 steps",
            criterion: Criterion::AtMost(1e-10),
            run: particle_attraction,
        },
        Check {
            id: "jko.gaussian_recursion",
            layer: "hwg-jko",
            claim: "the Gaussian step (quadratic potential + entropy) follows the closed-form mean and eigen-variance recursion",
            statistic: "max relative error of means and standard deviations over 100 steps",
            criterion: Criterion::AtMost(1e-12),
            run: gaussian_recursion,
        },
        Check {
            id: "jko.quantile_recursion",
            layer: "hwg-jko",
            claim: "the 1-D quantile backend started from Gaussian quantiles follows the closed-form Ornstein–Uhlenbeck recursion, with error shrinking as n grows",
            statistic: "fitted order p of the std error ~ n^(−p) over n = 50…800 (fails if not decreasing)",
            criterion: Criterion::AtLeast(0.5),
            run: quantile_recursion,
        },
        Check {
            id: "jko.grid_vs_gaussian",
            layer: "hwg-jko",
            claim: "the entropic grid backend approaches the Gaussian recursion as the blur γ shrinks, and every grid step satisfies the descent inequality with the exact W2²",
            statistic: "error of mean + relative std after 5 OU steps at the smallest blur (fails if not decreasing in γ or if a step does not descend)",
            criterion: Criterion::AtMost(0.05),
            run: grid_vs_gaussian,
        },
        Check {
            id: "jko.backends_agree",
            layer: "hwg-jko",
            claim: "particle and Gaussian backends agree on a Gaussian sample without noise (σ = 0)",
            statistic: "max |particle covariance − Gaussian covariance| and mean error after 20 steps",
            criterion: Criterion::AtMost(1e-10),
            run: backends_agree,
        },
        Check {
            id: "jko.descent_and_realisation",
            layer: "hwg-jko",
            claim: "every step of every backend satisfies the energy descent inequality, and the realised map is optimal (its cost is the exact W2²)",
            statistic: "max over steps of max(−descent slack, |realised cost − W2²|) / (1 + scale)",
            criterion: Criterion::AtMost(1e-9),
            run: descent,
        },
        Check {
            id: "jko.fiberwise_parallel",
            layer: "hwg-jko",
            claim: "fiberwise parallel stepping is bit-identical to the sequential order, with fibers coupled through observables",
            statistic: "number of differing coordinates + |drift of the conserved global mean| / 1e-12",
            criterion: Criterion::AtMost(1.0),
            run: fiberwise,
        },
    ]
}

fn e<E: std::fmt::Display>(x: E) -> String {
    x.to_string()
}

fn particle_attraction(scale: Scale) -> Result<Measurement, String> {
    let (tau, alpha) = (0.3, 1.7);
    let n = scale.pick(50, 400);
    let mut rng = Rng::new(51);
    let mut mu = random_measure(&mut rng, n, 2, 2.0).map_err(e)?;
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let mut worst = 0.0f64;
    let mut trace = Vec::new();
    for k in 0..50 {
        let s = array![(k as f64 * 0.2).cos(), (k as f64 * 0.2).sin()];
        let en = Potential(Quadratic::attraction(alpha, s.clone()).map_err(e)?);
        let expect = (&mu.points() + &(&s * (tau * alpha))) / (1.0 + tau * alpha);
        let (next, _) = stepper
            .step(k, &mu, &en as &dyn ParticleEnergy, tau)
            .map_err(e)?;
        worst = worst.max(
            (&next.points() - &expect)
                .iter()
                .fold(0.0f64, |m, d| m.max(d.abs())),
        );
        trace.push(next.mean()[0]);
        mu = next;
    }
    Ok(
        Measurement::new(worst, format!("{n} atoms in 2-D, τα = {}", tau * alpha)).with_series(
            "mean x",
            (0..50).map(|k| k as f64).collect(),
            trace,
        ),
    )
}

fn gaussian_recursion(_: Scale) -> Result<Measurement, String> {
    let (tau, sigma) = (0.2, 0.3);
    let a = array![[2.0, 0.0], [0.0, 0.5]];
    let target = array![1.0, -2.0];
    let energy = GaussianEnergy::new(
        Quadratic::new(a.clone(), target.clone()).map_err(e)?,
        Entropy::new(sigma).map_err(e)?,
    );
    let mut g = Gaussian::new(array![3.0, 0.0], array![[4.0, 0.0], [0.0, 0.1]]).map_err(e)?;
    let (mut s, mut m) = ([2.0f64, 0.1f64.sqrt()], [3.0, 0.0]);
    let stepper = GaussianStepper::default();
    let mut worst = 0.0f64;
    let mut energies = Vec::new();
    for k in 0..100 {
        let (next, cert) = stepper.step(k, &g, &energy, tau).map_err(e)?;
        for j in 0..2 {
            s[j] = eigen_std_update(s[j], a[[j, j]], tau, sigma);
            m[j] = (m[j] + tau * a[[j, j]] * target[j]) / (1.0 + tau * a[[j, j]]);
            worst = worst.max((next.covariance()[[j, j]].sqrt() - s[j]).abs() / s[j]);
            worst = worst.max((next.mean()[j] - m[j]).abs() / (1.0 + m[j].abs()));
        }
        energies.push(cert.energy_after);
        g = next;
    }
    Ok(
        Measurement::new(worst, "2-D, A = diag(2, ½), σ = 0.3, τ = 0.2, 100 steps").with_series(
            "energy",
            (1..=100).map(|k| k as f64).collect(),
            energies,
        ),
    )
}

fn quantile_recursion(scale: Scale) -> Result<Measurement, String> {
    use hwg_energy::{InternalEnergy, PotentialFn};
    use hwg_measure::{SortedLine, normal_quantile};
    let (alpha, sigma, tau, steps) = (1.5, 0.5, 0.05, 10);
    let ns: Vec<usize> = scale.pick(vec![50, 200, 800], vec![50, 200, 800, 3200]);
    let potential: Arc<dyn PotentialFn> =
        Arc::new(Quadratic::attraction(alpha, array![1.0]).map_err(e)?);
    let internal: Arc<dyn InternalEnergy> = Arc::new(Entropy::new(sigma).map_err(e)?);
    let energy = QuantileEnergy::new(Some(potential), Some(internal)).map_err(e)?;
    let mut errs = Vec::new();
    for &n in &ns {
        let x: Array1<f64> = (0..n)
            .map(|i| -1.0 + 0.7 * normal_quantile((i as f64 + 0.5) / n as f64).unwrap_or(0.0))
            .collect();
        let mut line = SortedLine::new(x, Array1::from_elem(n, 1.0 / n as f64)).map_err(e)?;
        let std = |l: &SortedLine| {
            let m = l.atoms().dot(&l.weights());
            l.atoms()
                .iter()
                .zip(l.weights())
                .map(|(x, a)| a * (x - m) * (x - m))
                .sum::<f64>()
                .sqrt()
        };
        let mut s = std(&line);
        for k in 0..steps {
            line = QuantileStepper::default()
                .step(k, &line, &energy, tau)
                .map_err(e)?
                .0;
            s = eigen_std_update(s, alpha, tau, sigma);
        }
        errs.push((std(&line) - s).abs() / s);
    }
    if errs.windows(2).any(|w| w[1] >= w[0]) {
        return Err(format!("error not decreasing in n: {errs:?}"));
    }
    let (first, last) = (errs[0], *errs.last().expect("several sizes"));
    let order = (first / last).ln() / (*ns.last().expect("sizes") as f64 / ns[0] as f64).ln();
    let nsf: Vec<f64> = ns.iter().map(|&n| n as f64).collect();
    Ok(Measurement::new(
        order,
        format!(
            "relative std errors {:?} for n = {ns:?}",
            errs.iter().map(|x| format!("{x:.2e}")).collect::<Vec<_>>()
        ),
    )
    .with_series("std error", nsf, errs))
}

fn grid_vs_gaussian(scale: Scale) -> Result<Measurement, String> {
    use hwg_energy::{InternalEnergy, PotentialFn};
    use hwg_measure::{GridHistogram1d, MassPolicy};
    let (alpha, sigma, tau) = (1.0, 0.3, 0.1);
    let cells = scale.pick(80, 200);
    let blurs: Vec<f64> = scale.pick(vec![0.08, 0.02], vec![0.08, 0.02, 0.005]);
    let potential: Arc<dyn PotentialFn> =
        Arc::new(Quadratic::attraction(alpha, array![0.5]).map_err(e)?);
    let internal: Arc<dyn InternalEnergy> = Arc::new(Entropy::new(sigma).map_err(e)?);
    let energy = GridEnergy {
        potential: Some(potential),
        internal: Some(internal),
    };
    let h = 8.0 / cells as f64;
    let p: Array1<f64> = (0..cells)
        .map(|i| (-(-4.0 + (i as f64 + 0.5) * h + 1.0f64).powi(2) / (2.0 * 0.64)).exp())
        .collect();
    let g0 = GridHistogram1d::with_policy(-4.0, h, p, MassPolicy::Renormalize).map_err(e)?;
    let moments = |g: &GridHistogram1d| {
        let c = g.cell_centers();
        let m = c.dot(&g.masses());
        (
            m,
            c.iter()
                .zip(g.masses())
                .map(|(x, p)| p * (x - m) * (x - m))
                .sum::<f64>()
                .sqrt(),
        )
    };
    let mut errs = Vec::new();
    for &blur in &blurs {
        let mut g = g0.clone();
        let (mut m, mut s) = moments(&g);
        for k in 0..5 {
            let (next, cert) = GridStepper::new(blur)
                .step(k, &g, &energy, tau)
                .map_err(e)?;
            if !cert.descends(1e-12) {
                return Err(format!(
                    "γ = {blur}, step {k}: descent slack {:.3e}",
                    cert.descent_slack
                ));
            }
            g = next;
            s = eigen_std_update(s, alpha, tau, sigma);
            m = (m + tau * alpha * 0.5) / (1.0 + tau * alpha);
        }
        let (md, sd) = moments(&g);
        errs.push((md - m).abs() + (sd - s).abs() / s);
    }
    if errs.windows(2).any(|w| w[1] >= w[0]) {
        return Err(format!("error not decreasing in γ: {errs:?}"));
    }
    Ok(Measurement::new(
        *errs.last().expect("blurs"),
        format!(
            "{cells} cells; errors {:?} for γ = {blurs:?}",
            errs.iter().map(|x| format!("{x:.2e}")).collect::<Vec<_>>()
        ),
    )
    .with_series("grid error", blurs.clone(), errs))
}

fn backends_agree(scale: Scale) -> Result<Measurement, String> {
    let tau = 0.25;
    let a = array![[1.5, 0.4], [0.4, 0.8]];
    let target = array![0.5, 1.0];
    let g0 = Gaussian::new(array![-1.0, 2.0], array![[1.0, 0.3], [0.3, 0.5]]).map_err(e)?;
    let sample = g0.sample(scale.pick(200, 2000), 52).map_err(e)?;
    // Start the Gaussian backend from the sample's own moments.
    let mut g = Gaussian::new(sample.mean(), sample.covariance()).map_err(e)?;
    let mut mu = sample;
    let pot = Potential(Quadratic::new(a.clone(), target.clone()).map_err(e)?);
    let genergy = GaussianEnergy::new(
        Quadratic::new(a, target).map_err(e)?,
        Entropy::new(0.0).map_err(e)?,
    );
    let (ps, gs) = (
        ParticleStepper {
            certify: false,
            ..ParticleStepper::default()
        },
        GaussianStepper::default(),
    );
    for k in 0..20 {
        mu = ps
            .step(k, &mu, &pot as &dyn ParticleEnergy, tau)
            .map_err(e)?
            .0;
        g = gs.step(k, &g, &genergy, tau).map_err(e)?.0;
    }
    let dc = (&mu.covariance() - &g.covariance())
        .iter()
        .fold(0.0f64, |m, d| m.max(d.abs()));
    let dm = (&mu.mean() - &g.mean())
        .iter()
        .fold(0.0f64, |m, d| m.max(d.abs()));
    Ok(Measurement::new(
        dc.max(dm),
        format!("covariance error {dc:.2e}, mean error {dm:.2e}"),
    ))
}

fn descent(scale: Scale) -> Result<Measurement, String> {
    let mut worst = 0.0f64;
    let mut slacks = Vec::new();
    // Double well with small τ (λ = −1), plus aggregation.
    let energy: Arc<dyn ParticleEnergy> = Arc::new(
        Sum::new(vec![
            (
                1.0,
                Arc::new(Potential(DoubleWell::new(1, 1.0).map_err(e)?)) as Arc<dyn ParticleEnergy>,
            ),
            (
                0.2,
                Arc::new(Interaction(QuadraticKernel::new(1, 1.0).map_err(e)?)),
            ),
        ])
        .map_err(e)?,
    );
    let mut rng = Rng::new(53);
    let n = scale.pick(40, 200);
    let mu0 = random_measure(&mut rng, n, 1, 1.0).map_err(e)?;
    let energies = vec![energy; scale.pick(30, 100)];
    let mut ex = Executor::new(ParticleStepper::default(), 0.05).map_err(e)?;
    let run = ex.run(mu0, energies.iter()).map_err(e)?;
    for c in &run.certificates {
        worst = worst
            .max(-c.descent_slack / (1.0 + c.energy_before.abs()))
            .max(c.optimality_gap.abs() / (1.0 + c.w2_squared));
        slacks.push(c.descent_slack);
    }
    // Gaussian backend with a non-commuting A.
    let genergy = GaussianEnergy::new(
        Quadratic::new(array![[1.0, 0.6], [0.6, 2.0]], array![0.0, 1.0]).map_err(e)?,
        Entropy::new(0.1).map_err(e)?,
    );
    let mut g = Gaussian::new(array![2.0, -1.0], array![[0.5, -0.2], [-0.2, 1.5]]).map_err(e)?;
    for k in 0..30 {
        let (next, c) = GaussianStepper::default()
            .step(k, &g, &genergy, 0.1)
            .map_err(e)?;
        worst = worst
            .max(-c.descent_slack / (1.0 + c.energy_before.abs()))
            .max(c.optimality_gap.abs() / (1.0 + c.w2_squared));
        if c.euler_lagrange_residual > 1e-9 {
            return Err(format!(
                "Gaussian step {k}: Euler–Lagrange residual {:.2e}",
                c.euler_lagrange_residual
            ));
        }
        g = next;
    }
    Ok(Measurement::new(
        worst,
        format!(
            "particle double well ({} steps) and non-commuting Gaussian (30 steps)",
            run.certificates.len()
        ),
    )
    .with_series(
        "descent slack",
        (0..slacks.len()).map(|k| k as f64).collect(),
        slacks,
    ))
}

fn fiberwise(scale: Scale) -> Result<Measurement, String> {
    let fibers = scale.pick(200, 2000);
    let mut rng = Rng::new(54);
    let ms: Vec<ParticleMeasure> = (0..fibers)
        .map(|_| random_measure(&mut rng, 8, 2, 1.0))
        .collect::<Result<_, _>>()
        .map_err(e)?;
    let init = FiberedState::from_measures(&ms).map_err(e)?;
    let global_mean = |s: &FiberedState| -> Array1<f64> {
        s.fibers()
            .map(|f| f.mean())
            .fold(Array1::zeros(2), |acc, m| acc + m)
            / s.n_fibers() as f64
    };
    let m0 = global_mean(&init);
    // Each fiber is attracted to the mean of all fibers (an observable).
    let energies_for = |_: usize,
                        s: &FiberedState|
     -> crate::Result<Vec<Arc<dyn ParticleEnergy>>> {
        let target = global_mean(s);
        let e: Arc<dyn ParticleEnergy> = Arc::new(Potential(Quadratic::attraction(1.0, target)?));
        Ok(vec![e; s.n_fibers()])
    };
    let stepper = ParticleStepper {
        certify: false,
        ..ParticleStepper::default()
    };
    let (seq, _) = run_fibers(
        &stepper,
        init.clone(),
        5,
        0.5,
        Schedule::Sequential,
        energies_for,
    )
    .map_err(e)?;
    let (par, _) =
        run_fibers(&stepper, init, 5, 0.5, Schedule::Parallel, energies_for).map_err(e)?;
    let last = (seq.last().expect("states"), par.last().expect("states"));
    let differing = last
        .0
        .points()
        .iter()
        .zip(last.1.points())
        .filter(|(a, b)| a.to_bits() != b.to_bits())
        .count();
    let drift = (&global_mean(last.0) - &m0)
        .iter()
        .fold(0.0f64, |m, d| m.max(d.abs()));
    Ok(Measurement::new(
        differing as f64 + drift / 1e-12,
        format!(
            "{fibers} fibers × 8 atoms, 5 steps; {differing} coordinates differ; mean drift {drift:.1e}"
        ),
    ))
}
