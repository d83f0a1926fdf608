//! Interpolants of a JKO sequence: piecewise constant and geodesic.

use hwg_measure::{Gaussian, ParticleMeasure, SortedLine};
use hwg_transport::{bures_geodesic, w2_squared, w2_squared_1d, w2_squared_gaussian};

use crate::error::{LimitError, Result, check_len, check_param, check_times};
use crate::{hwg_measure, hwg_transport};

/// States with a Wasserstein geodesic between consecutive JKO iterates and
/// the exact `W2` between any two.
pub trait Geodesic: Sized {
    /// The point at fraction `s ∈ [0, 1]` of the geodesic from `a` to `b`,
    /// built from the map the JKO step realised.
    fn geodesic(a: &Self, b: &Self, s: f64) -> Result<Self>;
    /// `W2(a, b)`.
    fn distance(a: &Self, b: &Self) -> Result<f64>;
}

/// The JKO particle step moves atom `i` to atom `i` (same weights), and that
/// map is optimal (its certificate shows the gap), so the geodesic moves each
/// atom on a straight line.
impl Geodesic for ParticleMeasure {
    fn geodesic(a: &Self, b: &Self, s: f64) -> Result<Self> {
        check_len("atoms of consecutive states", a.len(), b.len())?;
        check_len("dimension of consecutive states", a.dim(), b.dim())?;
        if let Some(i) = (0..a.len()).find(|&i| a.weights()[i] != b.weights()[i]) {
            return Err(LimitError::InvalidParameter {
                name: "weight of the atom in the later state",
                value: b.weights()[i],
                reason: "consecutive particle states must carry equal weights atom by atom",
            });
        }
        let pts = &a.points() * (1.0 - s) + &b.points() * s;
        Ok(ParticleMeasure::new(pts, a.weights().to_owned())?)
    }
    fn distance(a: &Self, b: &Self) -> Result<f64> {
        let d2 = if a.dim() == 1 && b.dim() == 1 {
            w2_squared_1d(a, b)?
        } else {
            w2_squared(a, b)?
        };
        Ok(d2.max(0.0).sqrt())
    }
}

/// Quantile atoms move monotonically, atom `i` to atom `i`.
impl Geodesic for SortedLine {
    fn geodesic(a: &Self, b: &Self, s: f64) -> Result<Self> {
        check_len("atoms of consecutive lines", a.len(), b.len())?;
        let x = &a.atoms() * (1.0 - s) + &b.atoms() * s;
        Ok(SortedLine::new(x, a.weights().to_owned())?)
    }
    fn distance(a: &Self, b: &Self) -> Result<f64> {
        Ok(w2_squared_1d(&a.to_measure(), &b.to_measure())?
            .max(0.0)
            .sqrt())
    }
}

/// The Bures–Wasserstein geodesic.
impl Geodesic for Gaussian {
    fn geodesic(a: &Self, b: &Self, s: f64) -> Result<Self> {
        Ok(bures_geodesic(a, b, s)?)
    }
    fn distance(a: &Self, b: &Self) -> Result<f64> {
        Ok(w2_squared_gaussian(a, b)?.max(0.0).sqrt())
    }
}

/// `μ̄(t) = μ_k` for `t ∈ (t_{k−1}, t_k]` (and `μ̄(t_0) = μ_0`).
#[derive(Debug, Clone)]
pub struct PiecewiseConstant<S> {
    times: Vec<f64>,
    states: Vec<S>,
}

impl<S> PiecewiseConstant<S> {
    /// States `μ_0 … μ_N` at strictly increasing times `t_0 < … < t_N`.
    pub fn new(times: Vec<f64>, states: Vec<S>) -> Result<Self> {
        check_len("states vs times", times.len(), states.len())?;
        if states.is_empty() {
            return Err(LimitError::TooFew {
                what: "a curve",
                needed: 1,
                found: 0,
            });
        }
        check_times(&times)?;
        Ok(Self { times, states })
    }

    /// States `μ_0 … μ_N` of a run with step `τ`, at `t_k = kτ`.
    pub fn uniform(tau: f64, states: Vec<S>) -> Result<Self> {
        check_param("tau", tau, tau > 0.0, "step must be > 0")?;
        let times = (0..states.len()).map(|k| k as f64 * tau).collect();
        Self::new(times, states)
    }

    /// The time grid.
    pub fn times(&self) -> &[f64] {
        &self.times
    }

    /// The states.
    pub fn states(&self) -> &[S] {
        &self.states
    }

    /// The index `k` with `t ∈ (t_{k−1}, t_k]`.
    pub fn index(&self, t: f64) -> Result<usize> {
        let (start, end) = (self.times[0], *self.times.last().expect("non-empty"));
        if !(t >= start && t <= end) {
            return Err(LimitError::OutOfRange { t, start, end });
        }
        Ok(self.times.partition_point(|&s| s < t))
    }

    /// `μ̄(t)`.
    pub fn at(&self, t: f64) -> Result<&S> {
        Ok(&self.states[self.index(t)?])
    }

    /// The largest step `max_k (t_k − t_{k−1})`.
    pub fn max_step(&self) -> f64 {
        self.times
            .windows(2)
            .map(|w| w[1] - w[0])
            .fold(0.0, f64::max)
    }
}

/// Geodesic (displacement) interpolation between consecutive states.
#[derive(Debug, Clone)]
pub struct GeodesicInterpolant<S> {
    curve: PiecewiseConstant<S>,
}

impl<S: Geodesic + Clone> GeodesicInterpolant<S> {
    /// Interpolate the states of `curve`.
    pub fn new(curve: PiecewiseConstant<S>) -> Self {
        Self { curve }
    }

    /// The state at time `t` on the geodesic through `μ_{k−1}` and `μ_k`.
    pub fn at(&self, t: f64) -> Result<S> {
        let k = self.curve.index(t)?;
        if k == 0 {
            return Ok(self.curve.states[0].clone());
        }
        let (t0, t1) = (self.curve.times[k - 1], self.curve.times[k]);
        S::geodesic(
            &self.curve.states[k - 1],
            &self.curve.states[k],
            (t - t0) / (t1 - t0),
        )
    }
}
