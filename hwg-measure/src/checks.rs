//! This layer's claims for `cargo xtask verify`.

use ndarray::{Array1, Array2, array};
use rayon::prelude::*;

use crate::rng::{Rng, random_measure};
use crate::verify::{Check, Criterion, Measurement, Scale};
use crate::{
    ComplexParticleMeasure, FiberedState, Gaussian, GridHistogram1d, GridHistogram2d, MassPolicy,
    MeasureError, ParticleMeasure, SortedLine,
};

/// The checks of `hwg-measure`.
pub fn checks() -> Vec<Check> {
    vec![
        Check {
            id: "measure.mass_invariants",
            layer: "hwg-measure",
            claim: "push-forward, affine images, mixtures, grid binning (1-D, 2-D), renormalised restriction and fiber splitting keep total mass 1",
            statistic: "max |mass − 1| over all operations on large random measures",
            criterion: Criterion::AtMost(1e-12),
            run: mass_invariants,
        },
        Check {
            id: "measure.affine_mean",
            layer: "hwg-measure",
            claim: "the mean of an affine image is the affine image of the mean",
            statistic: "max |mean(Aμ + b) − (A mean(μ) + b)| / (1 + |A mean(μ) + b|)",
            criterion: Criterion::AtMost(1e-12),
            run: affine_mean,
        },
        Check {
            id: "measure.serde_roundtrip",
            layer: "hwg-measure",
            claim: "JSON round trips of every representation are exact",
            statistic: "number of representations not reproduced bit for bit",
            criterion: Criterion::AtMost(0.0),
            run: serde_roundtrip,
        },
        Check {
            id: "measure.rejects_bad_input",
            layer: "hwg-measure",
            claim: "each kind of bad input is rejected with its own error, by constructors and by deserialisation alike",
            statistic: "number of bad inputs not rejected with the expected error",
            criterion: Criterion::AtMost(0.0),
            run: rejects_bad_input,
        },
        Check {
            id: "measure.gaussian_sampling",
            layer: "hwg-measure",
            claim: "seeded Gaussian samples have the prescribed mean and covariance",
            statistic: "max |z-score| of sample mean and covariance entries",
            criterion: Criterion::AtMost(5.0),
            run: gaussian_sampling,
        },
        Check {
            id: "measure.quantile_inverse",
            layer: "hwg-measure",
            claim: "the quantile function is the left inverse of the CDF: Q(F(x_i)) = x_i and F(Q(u)) ≥ u > F(Q(u)−)",
            statistic: "number of violations over atoms and random levels",
            criterion: Criterion::AtMost(0.0),
            run: quantile_inverse,
        },
        Check {
            id: "measure.fibered_parallel",
            layer: "hwg-measure",
            claim: "fiber views split and join without change; parallel iteration over fibers equals sequential",
            statistic: "number of fibers differing (split/join or parallel vs sequential means, bitwise)",
            criterion: Criterion::AtMost(0.0),
            run: fibered_parallel,
        },
    ]
}

fn err(e: MeasureError) -> String {
    e.to_string()
}

fn mass_invariants(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(100_000, 1_000_000);
    let mut rng = Rng::new(11);
    let mu = random_measure(&mut rng, n, 2, 1.0).map_err(err)?;
    let nu = random_measure(&mut rng, n / 3, 2, 2.0).map_err(err)?;
    let mut masses = vec![mu.total_mass(), nu.total_mass()];
    let pushed = mu
        .push_forward(|x| array![x[0].sin() + x[1], x[0] * x[1], x[1].exp().min(1e3)])
        .map_err(err)?;
    masses.push(pushed.total_mass());
    let a = array![[2.0, -1.0], [0.5, 3.0], [1.0, 1.0]];
    masses.push(
        mu.affine(a.view(), array![1.0, 2.0, 3.0].view())
            .map_err(err)?
            .total_mass(),
    );
    let mix = ParticleMeasure::mixture(&[(0.3, &mu), (0.7, &nu)]).map_err(err)?;
    masses.push(mix.total_mass());
    let line = mu.push_forward(|x| array![x[0]]).map_err(err)?;
    let g1 = GridHistogram1d::bin(&line, -8.0, 0.01, 1600).map_err(err)?;
    masses.push(crate::compensated_sum(g1.masses().iter().copied()));
    let g2 = GridHistogram2d::bin(&mu, [-8.0, -8.0], [0.05, 0.05], [320, 320]).map_err(err)?;
    masses.push(crate::compensated_sum(g2.masses().iter().copied()));
    let half = mu
        .restrict(|x| x[0] > 0.0, MassPolicy::Renormalize)
        .map_err(err)?;
    masses.push(half.total_mass());
    let sizes: Vec<usize> = (0..n / 100).map(|_| 1 + rng.below(199)).collect();
    let fibers: Vec<ParticleMeasure> = sizes
        .iter()
        .map(|&k| random_measure(&mut rng, k, 2, 1.0))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let state = FiberedState::from_measures(&fibers).map_err(err)?;
    for f in state.fibers() {
        masses.push(f.total_mass());
    }
    let worst = masses.iter().map(|m| (m - 1.0).abs()).fold(0.0, f64::max);
    Ok(Measurement::new(
        worst,
        format!("{n} atoms; {} operations and fibers checked", masses.len()),
    ))
}

fn affine_mean(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(100_000, 1_000_000);
    let mut rng = Rng::new(12);
    let mut worst = 0.0f64;
    for (d_in, d_out) in [(1, 1), (2, 3), (5, 2)] {
        let mu = random_measure(&mut rng, n, d_in, 3.0).map_err(err)?;
        let a = Array2::from_shape_simple_fn((d_out, d_in), || rng.normal());
        let b = Array1::from_shape_simple_fn(d_out, || rng.normal());
        let image = mu.affine(a.view(), b.view()).map_err(err)?;
        let expected = a.dot(&mu.mean()) + &b;
        let got = image.mean();
        let scale_ = 1.0 + expected.dot(&expected).sqrt();
        worst = worst.max(
            (&got - &expected)
                .iter()
                .fold(0.0f64, |m, v| m.max(v.abs()))
                / scale_,
        );
    }
    Ok(Measurement::new(
        worst,
        format!("{n} atoms, (d_in, d_out) ∈ {{(1,1), (2,3), (5,2)}}"),
    ))
}

fn roundtrips<T>(value: &T) -> Result<bool, String>
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq,
{
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    let back: T = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    Ok(&back == value)
}

fn serde_roundtrip(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(2_000, 50_000);
    let mut rng = Rng::new(13);
    let mut failures = 0usize;
    let mut count = 0usize;
    for d in 1..=3 {
        let mu = random_measure(&mut rng, n, d, 1e3).map_err(err)?;
        failures += usize::from(!roundtrips(&mu)?);
        let z = ComplexParticleMeasure::from_real(
            &random_measure(&mut rng, n, 2 * d, 1e-3).map_err(err)?,
        )
        .map_err(err)?;
        failures += usize::from(!roundtrips(&z)?);
        let fibers: Vec<ParticleMeasure> = (0..20)
            .map(|k| random_measure(&mut rng, 1 + k, d, 1.0))
            .collect::<Result<_, _>>()
            .map_err(err)?;
        failures += usize::from(!roundtrips(
            &FiberedState::from_measures(&fibers).map_err(err)?,
        )?);
        let l = Array2::from_shape_simple_fn((d, d), || rng.normal());
        let cov = l.dot(&l.t()) + Array2::<f64>::eye(d);
        let g =
            Gaussian::new(Array1::from_shape_simple_fn(d, || rng.normal()), cov).map_err(err)?;
        failures += usize::from(!roundtrips(&g)?);
        count += 4;
    }
    let line = random_measure(&mut rng, n, 1, 1.0).map_err(err)?;
    failures += usize::from(!roundtrips(
        &GridHistogram1d::bin(&line, -10.0, 0.1, 200).map_err(err)?,
    )?);
    let plane = random_measure(&mut rng, n, 2, 1.0).map_err(err)?;
    failures += usize::from(!roundtrips(
        &GridHistogram2d::bin(&plane, [-10.0, -10.0], [0.5, 0.25], [40, 80]).map_err(err)?,
    )?);
    count += 2;
    Ok(Measurement::new(
        failures as f64,
        format!("{count} values round-tripped through JSON, up to {n} atoms each"),
    ))
}

/// One bad input: what to feed and which error variant must come back.
struct BadCase {
    name: &'static str,
    json: Option<String>,
    outcome: Result<(), MeasureError>,
    expect: fn(&MeasureError) -> bool,
}

/// Every bad-input kind, through its constructor and (where it has one) its JSON form.
fn bad_cases() -> Vec<BadCase> {
    use MeasureError as E;
    let pts = |v: Vec<f64>, d: usize| Array2::from_shape_vec((v.len() / d, d), v).expect("shape");
    let pm = |p: Array2<f64>, w: Vec<f64>| ParticleMeasure::new(p, Array1::from_vec(w)).map(|_| ());
    vec![
        BadCase {
            name: "NaN coordinate",
            // JSON has no NaN or infinity, so only the constructor path applies.
            json: None,
            outcome: pm(pts(vec![0.0, f64::NAN], 1), vec![0.5, 0.5]),
            expect: |e| {
                matches!(
                    e,
                    E::NonFiniteCoordinate {
                        index: 1,
                        coord: 0,
                        ..
                    }
                )
            },
        },
        BadCase {
            name: "negative weight",
            json: Some(r#"{"points": [[0.0], [1.0]], "weights": [1.5, -0.5]}"#.into()),
            outcome: pm(pts(vec![0.0, 1.0], 1), vec![1.5, -0.5]),
            expect: |e| matches!(e, E::InvalidWeight { index: 1, value } if *value == -0.5),
        },
        BadCase {
            name: "NaN weight",
            json: None,
            outcome: pm(pts(vec![0.0, 1.0], 1), vec![f64::NAN, 1.0]),
            expect: |e| matches!(e, E::InvalidWeight { index: 0, value } if value.is_nan()),
        },
        BadCase {
            name: "mass not one",
            json: Some(format!(
                r#"{{"points": [[0.0], [1.0]], "weights": [0.5, {:?}]}}"#,
                0.5 + 1e-11
            )),
            outcome: pm(pts(vec![0.0, 1.0], 1), vec![0.5, 0.5 + 1e-11]),
            expect: |e| matches!(e, E::MassNotOne { .. }),
        },
        BadCase {
            name: "zero mass",
            json: None,
            outcome: ParticleMeasure::with_policy(
                pts(vec![0.0, 1.0], 1),
                array![0.0, 0.0],
                MassPolicy::Renormalize,
            )
            .map(|_| ()),
            expect: |e| matches!(e, E::ZeroMass),
        },
        BadCase {
            name: "empty measure",
            json: Some(r#"{"points": [], "weights": []}"#.into()),
            outcome: ParticleMeasure::uniform(Array2::zeros((0, 2))).map(|_| ()),
            expect: |e| matches!(e, E::Empty),
        },
        BadCase {
            name: "length mismatch",
            json: Some(r#"{"points": [[0.0], [1.0]], "weights": [1.0]}"#.into()),
            outcome: pm(pts(vec![0.0, 1.0], 1), vec![1.0]),
            expect: |e| {
                matches!(
                    e,
                    E::LengthMismatch {
                        expected: 2,
                        found: 1,
                        ..
                    }
                )
            },
        },
        BadCase {
            name: "dimension mismatch",
            // Ragged JSON rows are tested in tests/bad_input.rs.
            json: None,
            outcome: {
                let a = ParticleMeasure::uniform(pts(vec![0.0], 1)).expect("valid");
                let b = ParticleMeasure::uniform(pts(vec![0.0, 0.0], 2)).expect("valid");
                ParticleMeasure::mixture(&[(0.5, &a), (0.5, &b)]).map(|_| ())
            },
            expect: |e| {
                matches!(
                    e,
                    E::DimensionMismatch {
                        expected: 1,
                        found: 2,
                        ..
                    } | E::DimensionMismatch {
                        expected: 2,
                        found: 1,
                        ..
                    }
                )
            },
        },
        BadCase {
            name: "non-SPD covariance",
            json: Some(r#"{"mean": [0.0, 0.0], "cov": [[1.0, 2.0], [2.0, 1.0]]}"#.into()),
            outcome: Gaussian::new(array![0.0, 0.0], array![[1.0, 2.0], [2.0, 1.0]]).map(|_| ()),
            expect: |e| matches!(e, E::NotPositiveDefinite { pivot: 1 }),
        },
        BadCase {
            name: "non-symmetric covariance",
            json: None,
            outcome: Gaussian::new(array![0.0, 0.0], array![[2.0, 0.5], [0.0, 2.0]]).map(|_| ()),
            expect: |e| matches!(e, E::NotSymmetric { row: 1, col: 0, .. }),
        },
        BadCase {
            name: "fiber offsets out of order",
            json: Some(
                r#"{"points": [[0.0], [1.0], [2.0]], "weights": [1.0, 0.5, 0.5], "offsets": [0, 2, 1, 3]}"#
                    .into(),
            ),
            outcome: FiberedState::from_parts(
                pts(vec![0.0, 1.0, 2.0], 1),
                array![1.0, 0.5, 0.5],
                vec![0, 2, 1, 3],
            )
            .map(|_| ()),
            expect: |e| {
                matches!(
                    e,
                    E::FiberOffsets {
                        index: 2,
                        offset: 1,
                        previous: 2
                    }
                )
            },
        },
        BadCase {
            name: "fiber with wrong mass",
            json: Some(
                r#"{"points": [[0.0], [1.0], [2.0]], "weights": [1.0, 0.5, 0.6], "offsets": [0, 1, 3]}"#
                    .into(),
            ),
            outcome: FiberedState::from_parts(
                pts(vec![0.0, 1.0, 2.0], 1),
                array![1.0, 0.5, 0.6],
                vec![0, 1, 3],
            )
            .map(|_| ()),
            expect: |e| matches!(e, E::InFiber { fiber: 1, source } if matches!(**source, E::MassNotOne { .. })),
        },
        BadCase {
            name: "grid spacing ≤ 0",
            json: Some(r#"{"origin": 0.0, "spacing": -1.0, "masses": [1.0]}"#.into()),
            outcome: GridHistogram1d::new(0.0, -1.0, array![1.0]).map(|_| ()),
            expect: |e| {
                matches!(
                    e,
                    E::InvalidParameter {
                        name: "grid spacing",
                        ..
                    }
                )
            },
        },
        BadCase {
            name: "atom outside the grid",
            json: None,
            outcome: GridHistogram1d::bin(
                &ParticleMeasure::uniform(pts(vec![0.5, 3.0], 1)).expect("valid"),
                0.0,
                1.0,
                2,
            )
            .map(|_| ()),
            expect: |e| matches!(e, E::OutsideGrid { index: 1, .. }),
        },
        BadCase {
            name: "quantile level outside [0, 1]",
            json: None,
            outcome: SortedLine::new(array![0.0, 1.0], array![0.5, 0.5])
                .and_then(|l| l.quantile(1.5).map(|_| ())),
            expect: |e| {
                matches!(
                    e,
                    E::InvalidParameter {
                        name: "quantile level",
                        ..
                    }
                )
            },
        },
        BadCase {
            name: "odd real dimension for C^d",
            json: None,
            outcome: ComplexParticleMeasure::from_real(
                &ParticleMeasure::uniform(pts(vec![0.0; 3], 3)).expect("valid"),
            )
            .map(|_| ()),
            expect: |e| matches!(e, E::DimensionMismatch { found: 3, .. }),
        },
    ]
}

/// Deserialise `json` into the type the case is about and return its error.
fn json_error(case: &BadCase, json: &str) -> Option<String> {
    let err = if case.name.contains("covariance") {
        serde_json::from_str::<Gaussian>(json).err()
    } else if case.name.contains("fiber") {
        serde_json::from_str::<FiberedState>(json).err()
    } else if case.name.contains("grid") {
        serde_json::from_str::<GridHistogram1d>(json).err()
    } else {
        serde_json::from_str::<ParticleMeasure>(json).err()
    };
    err.map(|e| e.to_string())
}

fn rejects_bad_input(_: Scale) -> Result<Measurement, String> {
    let mut misses = Vec::new();
    let cases = bad_cases();
    for case in &cases {
        match &case.outcome {
            Err(e) if (case.expect)(e) => {
                // The file path must fail with the very same message.
                if let Some(json) = &case.json {
                    match json_error(case, json) {
                        Some(msg) if msg.contains(&e.to_string()) => {}
                        other => misses.push(format!("{} (JSON: {other:?})", case.name)),
                    }
                }
            }
            other => misses.push(format!("{} ({other:?})", case.name)),
        }
    }
    Ok(Measurement::new(
        misses.len() as f64,
        if misses.is_empty() {
            format!("{} kinds of bad input rejected", cases.len())
        } else {
            format!("not rejected as expected: {}", misses.join("; "))
        },
    ))
}

fn gaussian_sampling(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(50_000, 1_000_000);
    let mean = array![1.0, -2.0, 0.5];
    let cov = array![[2.0, 0.6, -0.3], [0.6, 1.0, 0.2], [-0.3, 0.2, 0.5]];
    let g = Gaussian::new(mean.clone(), cov.clone()).map_err(err)?;
    let sample = g.sample(n, 2024).map_err(err)?;
    let (m_hat, c_hat) = (sample.mean(), sample.covariance());
    let nf = n as f64;
    let mut worst = 0.0f64;
    for i in 0..3 {
        worst = worst.max((m_hat[i] - mean[i]).abs() / (cov[[i, i]] / nf).sqrt());
        for j in 0..=i {
            // Var of a sample covariance entry of a Gaussian: (Σ_ii Σ_jj + Σ_ij²)/n.
            let sd = ((cov[[i, i]] * cov[[j, j]] + cov[[i, j]].powi(2)) / nf).sqrt();
            worst = worst.max((c_hat[[i, j]] - cov[[i, j]]).abs() / sd);
        }
    }
    Ok(Measurement::new(
        worst,
        format!("{n} samples of a 3-D Gaussian"),
    ))
}

fn quantile_inverse(scale: Scale) -> Result<Measurement, String> {
    let n = scale.pick(10_000, 200_000);
    let mut rng = Rng::new(14);
    // Rounded atoms create ties; some zero weights test the positive-mass rule.
    let atoms: Array1<f64> = (0..n).map(|_| (rng.normal() * 50.0).round()).collect();
    let weights: Array1<f64> = (0..n)
        .map(|i| {
            if i % 7 == 0 {
                0.0
            } else {
                rng.uniform_in(0.1, 1.0)
            }
        })
        .collect();
    let total = crate::compensated_sum(weights.iter().copied());
    let weights = weights / total;
    let mu = ParticleMeasure::with_policy(
        atoms.insert_axis(ndarray::Axis(1)),
        weights,
        MassPolicy::Renormalize,
    )
    .map_err(err)?;
    let line = SortedLine::from_measure(&mu).map_err(err)?;
    let mut violations = 0usize;
    for (i, &x) in line.atoms().iter().enumerate() {
        if line.weights()[i] > 0.0
            && line
                .quantile(line.cdf(x).map_err(err)?.min(1.0))
                .map_err(err)?
                != x
        {
            violations += 1;
        }
    }
    for _ in 0..n {
        let u = rng.uniform();
        let q = line.quantile(u).map_err(err)?;
        let f_at = line.cdf(q).map_err(err)?;
        // F(Q(u)−) is the CDF at the largest atom below q (binary search).
        let k = line
            .atoms()
            .as_slice()
            .expect("owned")
            .partition_point(|&a| a < q);
        let f_left = if k == 0 {
            0.0
        } else {
            line.cdf(line.atoms()[k - 1]).map_err(err)?
        };
        // F is evaluated with rounding ~1e-16 away from exact sums.
        if f_at < u - 1e-14 || f_left >= u + 1e-14 {
            violations += 1;
        }
    }
    Ok(Measurement::new(
        violations as f64,
        format!("{n} atoms with ties and zero weights, {n} random levels"),
    ))
}

fn fibered_parallel(scale: Scale) -> Result<Measurement, String> {
    let fibers = scale.pick(10_000, 100_000);
    let mut rng = Rng::new(15);
    let measures: Vec<ParticleMeasure> = (0..fibers)
        .map(|_| {
            let k = 1 + rng.below(32);
            random_measure(&mut rng, k, 2, 1.0)
        })
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let state = FiberedState::from_measures(&measures).map_err(err)?;
    let back = state.split();
    let mut mismatches = back.iter().zip(&measures).filter(|(a, b)| a != b).count();
    let seq: Vec<Array1<f64>> = state.fibers().map(|f| f.mean()).collect();
    let par: Vec<Array1<f64>> = state.par_fibers().map(|f| f.mean()).collect();
    mismatches += seq.iter().zip(&par).filter(|(a, b)| a != b).count();
    let rebuilt = FiberedState::from_measures(&back).map_err(err)?;
    mismatches += usize::from(rebuilt != state);
    Ok(Measurement::new(
        mismatches as f64,
        format!("{fibers} fibers of 1–32 atoms in 2-D"),
    ))
}
