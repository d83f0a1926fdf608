//! This layer's claims for `cargo xtask verify`.

use hwg_measure::rng::{Rng, random_weights};
use hwg_measure::verify::{Check, Criterion, Measurement, Scale};
use hwg_measure::{Gaussian, MassPolicy, ParticleMeasure, compensated_sum};
use ndarray::{Array1, Array2, array};

use crate::*;

/// The checks of `hwg-transport`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "transport.exact_vs_brute_force",
            layer: "hwg-transport",
            claim: "the network simplex finds the optimal assignment, for costs spanning 1e-8 to 1e8",
            statistic: "max |simplex − brute force over all permutations| / max C, n ≤ 7",
            criterion: Criterion::AtMost(1e-12),
            run: exact_vs_brute_force,
        },
        Check {
            id: "transport.exact_vs_1d",
            layer: "hwg-transport",
            claim: "exact OT equals the 1-D closed form (merge of CDFs) on weighted data",
            statistic: "max |simplex − 1-D merge| / max C over random weighted instances",
            criterion: Criterion::AtMost(1e-12),
            run: exact_vs_1d,
        },
        Check {
            id: "transport.exact_vs_gaussian",
            layer: "hwg-transport",
            claim: "on Gaussian samples pushed by the optimal affine map, exact OT reproduces the map's cost, which matches the closed-form W2²",
            statistic: "max(|simplex − identity coupling| / (1e-12 cost), |cost − closed form| / (5 standard errors))",
            criterion: Criterion::AtMost(1.0),
            run: exact_vs_gaussian,
        },
        Check {
            id: "transport.certificate",
            layer: "hwg-transport",
            claim: "every exact solution is certified: dual feasibility and zero duality gap",
            statistic: "max over instances of relative dual infeasibility, relative gap and marginal error",
            criterion: Criterion::AtMost(1e-12),
            run: certificate,
        },
        Check {
            id: "transport.sinkhorn_to_exact",
            layer: "hwg-transport",
            claim: "Sinkhorn's ⟨π_ε, C⟩ decreases to the exact cost as ε → 0, with no NaN down to ε = 1e-4 max C",
            statistic: "relative gap (⟨π_ε, C⟩ − OT)/OT at ε = 1e-4 max C (fails if not monotone or not finite)",
            criterion: Criterion::AtMost(1e-2),
            run: sinkhorn_to_exact,
        },
        Check {
            id: "transport.geodesic_identity",
            layer: "hwg-transport",
            claim: "displacement interpolation is a constant-speed geodesic: W2(μ_s, μ_t) = |t − s| W2(μ_0, μ_1)",
            statistic: "max |W2(μ_s, μ_t) − |t − s| W2(μ_0, μ_1)| / W2(μ_0, μ_1) over (s, t) pairs",
            criterion: Criterion::AtMost(1e-10),
            run: geodesic_identity,
        },
    ]
}

fn e(err: TransportError) -> String {
    err.to_string()
}

fn cmax(c: &Array2<f64>) -> f64 {
    c.iter().fold(0.0f64, |m, &v| m.max(v))
}

/// Minimum over permutations σ of `Σ_i C[i, σ(i)] / n`, by Heap's algorithm.
fn brute_force(c: &Array2<f64>) -> f64 {
    let n = c.nrows();
    let mut perm: Vec<usize> = (0..n).collect();
    let eval = |p: &[usize]| p.iter().enumerate().map(|(i, &j)| c[[i, j]]).sum::<f64>() / n as f64;
    let mut best = eval(&perm);
    let mut counters = vec![0; n];
    let mut i = 0;
    while i < n {
        if counters[i] < i {
            let k = if i % 2 == 0 { 0 } else { counters[i] };
            perm.swap(k, i);
            best = best.min(eval(&perm));
            counters[i] += 1;
            i = 0;
        } else {
            counters[i] = 0;
            i += 1;
        }
    }
    best
}

fn exact_vs_brute_force(scale: Scale) -> Result<Measurement, String> {
    let trials = scale.pick(30, 200);
    let mut rng = Rng::new(31);
    let mut worst = 0.0f64;
    for t in 0..trials {
        let n = 2 + t % 6;
        let c = if t % 2 == 0 {
            Array2::from_shape_simple_fn((n, n), || 10f64.powf(rng.uniform_in(-8.0, 8.0)))
        } else {
            let x = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
            let y = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
            squared_euclidean(x.view(), y.view()).map_err(e)?
        };
        let w = Array1::from_elem(n, 1.0 / n as f64);
        let sol = emd(w.view(), w.view(), c.view(), ExactOptions::default()).map_err(e)?;
        worst = worst.max((sol.cost - brute_force(&c)).abs() / cmax(&c));
    }
    Ok(Measurement::new(
        worst,
        format!("{trials} instances, n = 2…7, half with log-uniform costs in [1e-8, 1e8]"),
    ))
}

fn exact_vs_1d(scale: Scale) -> Result<Measurement, String> {
    let trials = scale.pick(20, 100);
    let mut rng = Rng::new(32);
    let mut worst = 0.0f64;
    for t in 0..trials {
        let (n, m) = (
            1 + rng.below(scale.pick(80, 300)),
            1 + rng.below(scale.pick(80, 300)),
        );
        let x: Array1<f64> = (0..n).map(|_| 3.0 * rng.normal()).collect();
        let y: Array1<f64> = (0..m).map(|_| rng.normal() + 1.0).collect();
        let a = random_weights(&mut rng, n, if t % 3 == 0 { 0.2 } else { 0.0 });
        let b = random_weights(&mut rng, m, 0.0);
        let c = Array2::from_shape_fn((n, m), |(i, j)| (x[i] - y[j]).powi(2));
        let sol = emd(a.view(), b.view(), c.view(), ExactOptions::default()).map_err(e)?;
        let closed = wasserstein_1d(x.view(), a.view(), y.view(), b.view(), 2.0).map_err(e)?;
        worst = worst.max((sol.cost - closed).abs() / cmax(&c));
    }
    Ok(Measurement::new(
        worst,
        format!(
            "{trials} weighted instances, sizes up to {}",
            scale.pick(80, 300)
        ),
    ))
}

fn exact_vs_gaussian(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(300, 1500);
    let g1 = Gaussian::new(array![0.0, 0.0], array![[2.0, 0.6], [0.6, 1.0]])
        .map_err(|x| x.to_string())?;
    let g2 = Gaussian::new(array![1.0, -0.5], array![[0.5, -0.2], [-0.2, 1.5]])
        .map_err(|x| x.to_string())?;
    let map = gaussian_map(&g1, &g2).map_err(e)?;
    let sample = g1.sample(n, 33).map_err(|x| x.to_string())?;
    let image = sample
        .push_forward(|x| map.apply(x))
        .map_err(|x| x.to_string())?;
    // T = ∇φ with φ convex: the identity coupling of x_i with T(x_i) is optimal.
    let costs: Vec<f64> = (0..n)
        .map(|i| sq_dist(sample.points().row(i), image.points().row(i)))
        .collect();
    let identity = compensated_sum(costs.iter().copied()) / n as f64;
    let exact = emd_particles(&sample, &image, ExactOptions::default())
        .map_err(e)?
        .cost;
    let closed = w2_squared_gaussian(&g1, &g2).map_err(e)?;
    let sd = (costs.iter().map(|c| (c - identity).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let stat = ((exact - identity).abs() / (1e-12 * identity))
        .max((identity - closed).abs() / (5.0 * sd / (n as f64).sqrt()));
    Ok(Measurement::new(
        stat,
        format!(
            "n = {n}: simplex {exact:.12}, identity coupling {identity:.12}, closed form {closed:.12}"
        ),
    ))
}

fn certificate(scale: Scale) -> Result<Measurement, String> {
    let sizes: &[(usize, usize)] = scale.pick(
        &[(1, 1), (1, 40), (40, 1), (100, 70), (300, 300)],
        &[(1, 1), (3, 200), (200, 3), (500, 400), (1000, 1000)],
    );
    let mut rng = Rng::new(34);
    let mut worst = 0.0f64;
    for &(n, m) in sizes {
        let x = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
        let y = Array2::from_shape_simple_fn((m, 2), || 2.0 * rng.uniform());
        let (a, b) = (
            random_weights(&mut rng, n, 0.1),
            random_weights(&mut rng, m, 0.1),
        );
        let c = squared_euclidean(x.view(), y.view()).map_err(e)?;
        let sol = emd(a.view(), b.view(), c.view(), ExactOptions::default()).map_err(e)?;
        let cert = sol.certificate;
        if sol.plan.nnz() >= n + m {
            return Err(format!(
                "{n}×{m}: {} non-zeros, more than n + m − 1",
                sol.plan.nnz()
            ));
        }
        worst = worst
            .max(cert.relative_infeasibility())
            .max(cert.relative_gap(1.0))
            .max(cert.marginal_error);
    }
    Ok(Measurement::new(
        worst,
        format!(
            "{} instances with zero weights, up to {:?}",
            sizes.len(),
            sizes.last()
        ),
    ))
}

fn sinkhorn_to_exact(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(60, 200);
    let mut rng = Rng::new(35);
    let x = Array2::from_shape_simple_fn((n, 2), || rng.uniform());
    let y = Array2::from_shape_simple_fn((n + 7, 2), || rng.uniform());
    let (a, b) = (
        random_weights(&mut rng, n, 0.1),
        random_weights(&mut rng, n + 7, 0.1),
    );
    let c = squared_euclidean(x.view(), y.view()).map_err(e)?;
    let exact = emd(a.view(), b.view(), c.view(), ExactOptions::default())
        .map_err(e)?
        .cost;
    let (mut eps_s, mut gaps) = (Vec::new(), Vec::new());
    for k in 1..=4 {
        let eps = cmax(&c) * 10f64.powi(-k);
        let sol = sinkhorn(a.view(), b.view(), c.view(), &SinkhornParams::new(eps)).map_err(e)?;
        if !(sol.plan.iter().all(|p| p.is_finite())
            && sol.f.iter().chain(&sol.g).all(|v| v.is_finite()))
        {
            return Err(format!("non-finite output at ε = {eps}"));
        }
        eps_s.push(eps);
        gaps.push((sol.transport_cost - exact) / exact);
    }
    if gaps.windows(2).any(|w| w[1] >= w[0]) {
        return Err(format!("gap not decreasing in ε: {gaps:?}"));
    }
    let last = *gaps.last().expect("four values");
    Ok(Measurement::new(
        last,
        format!(
            "n = {n}; relative gaps {:?} at ε/max C = 1e-1…1e-4",
            gaps.iter().map(|g| format!("{g:.2e}")).collect::<Vec<_>>()
        ),
    )
    .with_series("relative gap", eps_s, gaps))
}

fn geodesic_identity(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(25, 80);
    let mut rng = Rng::new(36);
    let mu = ParticleMeasure::with_policy(
        Array2::from_shape_simple_fn((n, 2), || rng.normal()),
        random_weights(&mut rng, n, 0.1),
        MassPolicy::Strict,
    )
    .map_err(|x| x.to_string())?;
    let nu = ParticleMeasure::with_policy(
        Array2::from_shape_simple_fn((n + 5, 2), || 2.0 * rng.normal() + 1.0),
        random_weights(&mut rng, n + 5, 0.0),
        MassPolicy::Strict,
    )
    .map_err(|x| x.to_string())?;
    let sol = emd_particles(&mu, &nu, ExactOptions::default()).map_err(e)?;
    let w = sol.cost.sqrt();
    let mut worst = 0.0f64;
    let times = [0.0, 0.1, 0.3, 0.5, 0.8, 1.0];
    for (k, &s) in times.iter().enumerate() {
        for &t in &times[k + 1..] {
            let ms = displacement_interpolation(&mu, &nu, &sol.plan, s).map_err(e)?;
            let mt = displacement_interpolation(&mu, &nu, &sol.plan, t).map_err(e)?;
            let d = w2_squared(&ms, &mt).map_err(e)?.sqrt();
            worst = worst.max((d - (t - s) * w).abs() / w);
        }
    }
    Ok(Measurement::new(
        worst,
        format!("{n} + {} atoms in 2-D, 15 (s, t) pairs", n + 5),
    ))
}
