//! Kuramoto–Daido order parameters `Z_k(μ) = ∫ e^{i⟨k, θ⟩} dμ(θ)`.

use hwg_measure::{CompensatedSum, ParticleMeasure};
use num_complex::Complex64;

use crate::error::{ProjectError, Result, check_dim};
use crate::projection::Projection;

/// `(Z_{k_1}, …, Z_{k_m})` for phases on the circle (`d = 1`) or on the torus
/// `T^d`, one integer wave vector per harmonic.
///
/// For the coupling `W(θ) = −Σ_k J_k cos(kθ)` on the circle,
/// `E(μ) = −Σ_k (J_k/2)|Z_k|²`: energy descent is coherence growth.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderParameters {
    waves: Vec<Vec<i64>>,
}

impl OrderParameters {
    /// Harmonics `k = 1, …, m` on the circle.
    pub fn circle(harmonics: usize) -> Result<Self> {
        if harmonics == 0 {
            return Err(ProjectError::InvalidParameter {
                name: "harmonics",
                value: 0.0,
                reason: "at least one harmonic",
            });
        }
        Ok(Self {
            waves: (1..=harmonics as i64).map(|k| vec![k]).collect(),
        })
    }

    /// Wave vectors `k ∈ Z^d` on the torus `T^d` (all of the same length `d ≥ 1`).
    pub fn torus(waves: Vec<Vec<i64>>) -> Result<Self> {
        let d = waves.first().map_or(0, Vec::len);
        if d == 0 {
            return Err(ProjectError::InvalidParameter {
                name: "wave vectors",
                value: 0.0,
                reason: "at least one wave vector of dimension ≥ 1",
            });
        }
        for w in &waves {
            check_dim("wave vectors", d, w.len())?;
        }
        Ok(Self { waves })
    }

    /// Dimension of the phase space.
    pub fn dim(&self) -> usize {
        self.waves[0].len()
    }
}

impl Projection<ParticleMeasure> for OrderParameters {
    type Output = Vec<Complex64>;
    fn project(&self, mu: &ParticleMeasure) -> Result<Vec<Complex64>> {
        check_dim("phases vs wave vectors", self.dim(), mu.dim())?;
        let (pts, a) = (mu.points(), mu.weights());
        Ok(self
            .waves
            .iter()
            .map(|k| {
                let (mut re, mut im) = (CompensatedSum::default(), CompensatedSum::default());
                for (x, ai) in pts.rows().into_iter().zip(a.iter()) {
                    let phase: f64 = k.iter().zip(x.iter()).map(|(&kj, xj)| kj as f64 * xj).sum();
                    re.add(ai * phase.cos());
                    im.add(ai * phase.sin());
                }
                Complex64::new(re.value(), im.value())
            })
            .collect())
    }
}
