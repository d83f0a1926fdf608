//! The verification registry shared by every layer.
//!
//! Each crate of the workspace exports `pub fn checks() -> Vec<Check>`; the
//! `xtask` binary collects them, runs them and writes the report, and each
//! crate's own test suite runs its checks at [`Scale::Quick`] as `#[test]`s.
//! A check *computes* a statistic; the pass/fail verdict is taken here by
//! comparing it with the check's [`Criterion`], never by the check itself.

use std::time::Instant;

use serde::Serialize;

/// Problem sizes: `Quick` for CI and tests, `Full` for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Scale {
    /// CI-sized.
    Quick,
    /// Report-sized.
    Full,
}

impl Scale {
    /// Pick the quick or the full value.
    pub fn pick<T>(self, quick: T, full: T) -> T {
        match self {
            Scale::Quick => quick,
            Scale::Full => full,
        }
    }
}

/// How the statistic is judged. NaN fails every criterion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Criterion {
    /// Pass when `value ≤ bound` (errors, residuals, counts of violations).
    AtMost(f64),
    /// Pass when `value ≥ bound` (speed-ups, recall rates).
    AtLeast(f64),
    /// Pass when `low ≤ value ≤ high` (fitted orders).
    Between(f64, f64),
}

impl Criterion {
    /// Whether `value` passes.
    pub fn accepts(&self, value: f64) -> bool {
        match *self {
            Criterion::AtMost(b) => value <= b,
            Criterion::AtLeast(b) => value >= b,
            Criterion::Between(lo, hi) => lo <= value && value <= hi,
        }
    }

    /// Short human form, e.g. `≤ 1e-12`.
    pub fn describe(&self) -> String {
        match *self {
            Criterion::AtMost(b) => format!("≤ {}", short(b)),
            Criterion::AtLeast(b) => format!("≥ {}", short(b)),
            Criterion::Between(lo, hi) => format!("in [{}, {}]", short(lo), short(hi)),
        }
    }
}

/// Plain notation for moderate numbers, scientific for tiny or huge ones.
fn short(x: f64) -> String {
    if x == 0.0 || (1e-3..1e6).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A named data series a check keeps for the report's plots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend label.
    pub name: String,
    /// Abscissae.
    pub x: Vec<f64>,
    /// Ordinates.
    pub y: Vec<f64>,
}

/// What a check measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Measurement {
    /// The statistic compared with the criterion.
    pub value: f64,
    /// One line of context (sizes, worst case, …).
    pub detail: String,
    /// Data kept for plots.
    pub series: Vec<Series>,
}

impl Measurement {
    /// A statistic with a line of context.
    pub fn new(value: f64, detail: impl Into<String>) -> Self {
        Self {
            value,
            detail: detail.into(),
            series: Vec::new(),
        }
    }

    /// Attach a data series.
    pub fn with_series(mut self, name: impl Into<String>, x: Vec<f64>, y: Vec<f64>) -> Self {
        self.series.push(Series {
            name: name.into(),
            x,
            y,
        });
        self
    }
}

/// One claim of DESIGN.md, made checkable.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable identifier, `layer.name`.
    pub id: &'static str,
    /// Crate (layer) that owns the claim.
    pub layer: &'static str,
    /// The claim in words.
    pub claim: &'static str,
    /// What the statistic is.
    pub statistic: &'static str,
    /// How the statistic is judged.
    pub criterion: Criterion,
    /// Compute the statistic; an `Err` (a solver failure, say) fails the check.
    pub run: fn(Scale) -> Result<Measurement, String>,
}

/// A check after it ran.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// See [`Check::id`].
    pub id: String,
    /// See [`Check::layer`].
    pub layer: String,
    /// See [`Check::claim`].
    pub claim: String,
    /// See [`Check::statistic`].
    pub statistic: String,
    /// See [`Check::criterion`].
    pub criterion: Criterion,
    /// The statistic, absent when the run failed.
    pub value: Option<f64>,
    /// Verdict.
    pub passed: bool,
    /// Wall time of the run.
    pub seconds: f64,
    /// Context line, or the error when the run failed.
    pub detail: String,
    /// Plot data.
    pub series: Vec<Series>,
}

impl Check {
    /// Run the check and judge it. A panic inside the check is caught and
    /// reported as a failure, so one broken check cannot hide the others.
    pub fn evaluate(&self, scale: Scale) -> CheckResult {
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(|| (self.run)(scale))
            .unwrap_or_else(|p| Err(format!("panicked: {}", panic_message(&p))));
        let seconds = start.elapsed().as_secs_f64();
        let (value, passed, detail, series) = match outcome {
            Ok(m) => (
                Some(m.value),
                self.criterion.accepts(m.value),
                m.detail,
                m.series,
            ),
            Err(e) => (None, false, e, Vec::new()),
        };
        CheckResult {
            id: self.id.into(),
            layer: self.layer.into(),
            claim: self.claim.into(),
            statistic: self.statistic.into(),
            criterion: self.criterion,
            value,
            passed,
            seconds,
            detail,
            series,
        }
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Run `checks` at `scale` and panic with every failure listed: the body of
/// each crate's `#[test] fn verify_checks_pass()`.
pub fn assert_all_pass(checks: &[Check], scale: Scale) {
    let failures: Vec<String> = checks
        .iter()
        .map(|c| c.evaluate(scale))
        .filter(|r| !r.passed)
        .map(|r| {
            format!(
                "{}: {:?} vs {} — {}",
                r.id,
                r.value,
                r.criterion.describe(),
                r.detail
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failed checks:\n{}",
        failures.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_reject_nan_and_judge_bounds() {
        assert!(Criterion::AtMost(1.0).accepts(1.0));
        assert!(!Criterion::AtMost(1.0).accepts(1.5));
        assert!(!Criterion::AtMost(1.0).accepts(f64::NAN));
        assert!(!Criterion::AtLeast(1.0).accepts(f64::NAN));
        assert!(!Criterion::Between(0.9, 1.1).accepts(f64::NAN));
        assert!(Criterion::Between(0.9, 1.1).accepts(1.0));
        assert!(!Criterion::Between(0.9, 1.1).accepts(1.2));
    }

    #[test]
    fn failing_and_panicking_checks_are_reported_as_failures() {
        let failing = Check {
            id: "t.fail",
            layer: "t",
            claim: "",
            statistic: "",
            criterion: Criterion::AtMost(0.0),
            run: |_| Ok(Measurement::new(1.0, "")),
        };
        let erring = Check {
            run: |_| Err("solver did not converge".into()),
            ..failing.clone()
        };
        let panicking = Check {
            run: |_| panic!("boom"),
            ..failing.clone()
        };
        assert!(!failing.evaluate(Scale::Quick).passed);
        let r = erring.evaluate(Scale::Quick);
        assert!(!r.passed && r.detail.contains("converge"));
        let r = panicking.evaluate(Scale::Quick);
        assert!(!r.passed && r.detail.contains("boom"), "{}", r.detail);
    }
}

/// Least-squares slope of `ln y` against `ln x` (an observed order of
/// convergence). `NaN` when fewer than two usable points (positive, finite) remain.
pub fn loglog_slope(x: &[f64], y: &[f64]) -> f64 {
    let pts: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| **a > 0.0 && **b > 0.0 && a.is_finite() && b.is_finite())
        .map(|(a, b)| (a.ln(), b.ln()))
        .collect();
    if pts.len() < 2 {
        return f64::NAN;
    }
    let n = pts.len() as f64;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (a, b)| (sx + a / n, sy + b / n));
    let (sxy, sxx) = pts.iter().fold((0.0, 0.0), |(sxy, sxx), (a, b)| {
        (sxy + (a - mx) * (b - my), sxx + (a - mx) * (a - mx))
    });
    sxy / sxx
}

#[cfg(test)]
mod slope_tests {
    use super::loglog_slope;

    #[test]
    fn slope_of_a_power_law_is_its_exponent() {
        let x = [0.1, 0.05, 0.025, 0.0125];
        let y: Vec<f64> = x.iter().map(|t: &f64| 3.0 * t.powf(1.5)).collect();
        assert!((loglog_slope(&x, &y) - 1.5).abs() < 1e-12);
        assert!(loglog_slope(&[1.0], &[1.0]).is_nan());
    }
}
