//! Time-dependent energy sequences `(E_k)`: a stimulus stream, and schedules
//! alternating wake windows (stimulus-driven) with sleep windows (frozen or
//! slowly varying energy).

use std::sync::Arc;

use ndarray::{Array1, ArrayView2};

use crate::error::{check_finite, check_param};
use crate::potential::{Potential, Quadratic};
use crate::sum::Sum;
use crate::traits::ParticleEnergy;
use crate::{EnergyError, Result};

/// Whether a step is driven by the world or by the sleeping network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Stimulus-driven.
    Wake,
    /// Frozen or slowly varying energy.
    Sleep,
}

/// How the energy behaves during a sleep window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SleepMode {
    /// The sleep energy alone, the same at every step.
    Frozen,
    /// The sleep energy plus the last wake attraction, whose strength decays
    /// by the factor `1 − rate` per step (a slowly varying energy).
    Fading {
        /// Decay per step, in `(0, 1)`.
        rate: f64,
    },
}

/// One window of a wake/sleep schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Window {
    /// `steps` stimulus-driven steps, consuming the next `steps` stimuli.
    Wake(usize),
    /// `steps` sleep steps.
    Sleep {
        /// Number of steps.
        steps: usize,
        /// Frozen or fading.
        mode: SleepMode,
    },
}

/// `|E_{k+1}(μ) − E_k(μ)| ≤ c0 + c1 M2(μ)`, derived from declared parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IncrementBound {
    /// Constant part.
    pub c0: f64,
    /// Second-moment part.
    pub c1: f64,
}

/// A sequence of energies `E_0, E_1, …` on a common `R^d`, each with its
/// phase, and (where the structure allows) a declared bound on consecutive
/// increments for the stability checker.
#[derive(Clone)]
pub struct EnergySequence {
    dim: usize,
    steps: Vec<(Phase, Arc<dyn ParticleEnergy>)>,
    increments: Vec<Option<IncrementBound>>,
}

impl std::fmt::Debug for EnergySequence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnergySequence")
            .field("dim", &self.dim)
            .field("len", &self.steps.len())
            .finish()
    }
}

/// Increment bound between two stimulus attractions of strengths `α_0, α_1`
/// with stimuli `s_0, s_1` (plus a common background):
/// `(α_1/2)|x − s_1|² − (α_0/2)|x − s_0|² = ((α_1 − α_0)/2)|x|² − ⟨x, α_1 s_1 − α_0 s_0⟩ + (α_1|s_1|² − α_0|s_0|²)/2`,
/// and `|⟨x, v⟩| ≤ |v|(1 + |x|²)/2`.
fn attraction_increment(a0: f64, s0: &Array1<f64>, a1: f64, s1: &Array1<f64>) -> IncrementBound {
    let v = s1 * a1 - s0 * a0;
    let lin = v.dot(&v).sqrt() / 2.0;
    let c = (a1 * s1.dot(s1) - a0 * s0.dot(s0)).abs() / 2.0;
    IncrementBound {
        c0: lin + c,
        c1: lin + (a1 - a0).abs() / 2.0,
    }
}

fn attraction_plus(
    alpha: f64,
    s: &Array1<f64>,
    background: Option<&Arc<dyn ParticleEnergy>>,
) -> Result<Arc<dyn ParticleEnergy>> {
    let attraction: Arc<dyn ParticleEnergy> =
        Arc::new(Potential(Quadratic::attraction(alpha, s.clone())?));
    Ok(match background {
        Some(b) => Arc::new(Sum::new(vec![(1.0, attraction), (1.0, b.clone())])?),
        None => attraction,
    })
}

/// `α ≥ 0` and finite stimuli.
fn check_stream(alpha: f64, stimuli: ArrayView2<f64>) -> Result<()> {
    check_param(
        "alpha",
        alpha,
        alpha >= 0.0,
        "attraction strength must be ≥ 0",
    )?;
    check_finite("stimuli", stimuli.iter())
}

impl EnergySequence {
    /// A sequence from explicit steps (no declared increments: the checker
    /// estimates them on probes).
    pub fn new(steps: Vec<(Phase, Arc<dyn ParticleEnergy>)>) -> Result<Self> {
        let dim = steps
            .first()
            .ok_or(EnergyError::OutOfRange {
                what: "energy sequence",
                index: 0,
                len: 0,
            })?
            .1
            .dim();
        for (_, e) in &steps {
            if e.dim() != dim {
                return Err(EnergyError::DimensionMismatch {
                    what: "sequence steps",
                    expected: dim,
                    found: e.dim(),
                });
            }
        }
        let increments = vec![None; steps.len().saturating_sub(1)];
        Ok(Self {
            dim,
            steps,
            increments,
        })
    }

    /// `E_k = (α/2)|x − s_k|² (+ background)`, one step per row of `stimuli`.
    pub fn stimulus_stream(
        alpha: f64,
        stimuli: ArrayView2<f64>,
        background: Option<Arc<dyn ParticleEnergy>>,
    ) -> Result<Self> {
        check_stream(alpha, stimuli)?;
        if stimuli.nrows() == 0 {
            return Err(EnergyError::OutOfRange {
                what: "stimulus stream",
                index: 0,
                len: 0,
            });
        }
        if let Some(b) = &background
            && b.dim() != stimuli.ncols()
        {
            return Err(EnergyError::DimensionMismatch {
                what: "background vs stimuli",
                expected: stimuli.ncols(),
                found: b.dim(),
            });
        }
        let s: Vec<Array1<f64>> = stimuli.rows().into_iter().map(|r| r.to_owned()).collect();
        let steps = s
            .iter()
            .map(|sk| {
                Ok((
                    Phase::Wake,
                    attraction_plus(alpha, sk, background.as_ref())?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let increments = s
            .windows(2)
            .map(|w| Some(attraction_increment(alpha, &w[0], alpha, &w[1])))
            .collect();
        Ok(Self {
            dim: stimuli.ncols(),
            steps,
            increments,
        })
    }

    /// Alternate wake windows (attraction `α` to the next stimuli, plus
    /// `wake_background` if any) and sleep windows (`sleep_energy`, frozen or
    /// with the last attraction fading).
    pub fn wake_sleep(
        alpha: f64,
        stimuli: ArrayView2<f64>,
        windows: &[Window],
        wake_background: Option<Arc<dyn ParticleEnergy>>,
        sleep_energy: Arc<dyn ParticleEnergy>,
    ) -> Result<Self> {
        check_stream(alpha, stimuli)?;
        let d = stimuli.ncols();
        if sleep_energy.dim() != d {
            return Err(EnergyError::DimensionMismatch {
                what: "sleep energy vs stimuli",
                expected: d,
                found: sleep_energy.dim(),
            });
        }
        let needed: usize = windows
            .iter()
            .map(|w| if let Window::Wake(k) = w { *k } else { 0 })
            .sum();
        if needed > stimuli.nrows() {
            return Err(EnergyError::OutOfRange {
                what: "stimuli for the wake windows",
                index: needed,
                len: stimuli.nrows(),
            });
        }
        let mut steps: Vec<(Phase, Arc<dyn ParticleEnergy>)> = Vec::new();
        // Per step: (attraction strength, stimulus, whether a background/sleep term is present and which).
        let mut shapes: Vec<(f64, Array1<f64>, u8)> = Vec::new();
        let mut next = 0;
        let mut last: Option<Array1<f64>> = None;
        for w in windows {
            match *w {
                Window::Wake(k) => {
                    for _ in 0..k {
                        let s = stimuli.row(next).to_owned();
                        steps.push((
                            Phase::Wake,
                            attraction_plus(alpha, &s, wake_background.as_ref())?,
                        ));
                        shapes.push((alpha, s.clone(), 0));
                        last = Some(s);
                        next += 1;
                    }
                }
                Window::Sleep { steps: k, mode } => {
                    let mut strength = alpha;
                    if let SleepMode::Fading { rate } = mode {
                        check_param(
                            "rate",
                            rate,
                            rate > 0.0 && rate < 1.0,
                            "fading rate must lie in (0, 1)",
                        )?;
                    }
                    for _ in 0..k {
                        match (mode, &last) {
                            (SleepMode::Fading { rate }, Some(s)) => {
                                strength *= 1.0 - rate;
                                let fade: Arc<dyn ParticleEnergy> = Arc::new(Potential(
                                    Quadratic::attraction(strength, s.clone())?,
                                ));
                                steps.push((
                                    Phase::Sleep,
                                    Arc::new(Sum::new(vec![
                                        (1.0, sleep_energy.clone()),
                                        (1.0, fade),
                                    ])?),
                                ));
                                shapes.push((strength, s.clone(), 1));
                            }
                            _ => {
                                steps.push((Phase::Sleep, sleep_energy.clone()));
                                shapes.push((0.0, Array1::zeros(d), 1));
                            }
                        }
                    }
                }
            }
        }
        if steps.is_empty() {
            return Err(EnergyError::OutOfRange {
                what: "wake/sleep schedule",
                index: 0,
                len: 0,
            });
        }
        // Declared increments where both steps share their non-attraction part.
        let increments = shapes
            .windows(2)
            .map(|w| {
                (w[0].2 == w[1].2).then(|| attraction_increment(w[0].0, &w[0].1, w[1].0, &w[1].1))
            })
            .collect();
        Ok(Self {
            dim: d,
            steps,
            increments,
        })
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Always `false` (a sequence has at least one step).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Dimension of every energy.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// `E_k`.
    pub fn energy(&self, k: usize) -> Result<&Arc<dyn ParticleEnergy>> {
        self.steps
            .get(k)
            .map(|s| &s.1)
            .ok_or(EnergyError::OutOfRange {
                what: "energy sequence",
                index: k,
                len: self.len(),
            })
    }

    /// Phase of step `k`.
    pub fn phase(&self, k: usize) -> Result<Phase> {
        self.steps
            .get(k)
            .map(|s| s.0)
            .ok_or(EnergyError::OutOfRange {
                what: "energy sequence",
                index: k,
                len: self.len(),
            })
    }

    /// Declared bound on `|E_{k+1} − E_k|`, if the structure gives one.
    pub fn increment(&self, k: usize) -> Option<IncrementBound> {
        self.increments.get(k).copied().flatten()
    }
}
