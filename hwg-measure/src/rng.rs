//! A small seeded generator (xoshiro256++ seeded by SplitMix64) so that every
//! sample, test and check in the workspace is reproducible bit for bit on any
//! machine, without a dependency whose streams may change between versions.

/// Deterministic pseudo-random generator: xoshiro256++ (Blackman–Vigna).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    spare_normal: Option<f64>,
}

impl Rng {
    /// Seed through SplitMix64, as the xoshiro authors recommend.
    pub fn new(seed: u64) -> Self {
        let mut z = seed;
        let mut next = || {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^ (x >> 31)
        };
        Self {
            s: [next(), next(), next(), next()],
            spare_normal: None,
        }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = (self.s[0].wrapping_add(self.s[3]))
            .rotate_left(23)
            .wrapping_add(self.s[0]);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on `[low, high)`.
    pub fn uniform_in(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    /// Uniform index in `0..n` (`n > 0`), by rejection so it is unbiased.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0) has no value");
        let n = n as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }

    /// Standard normal by the Box–Muller transform.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        // 1 − U lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        self.spare_normal = Some(r * s);
        r * c
    }
}

/// A random particle measure for tests and checks: `n` atoms in `R^d` with
/// standard normal coordinates times `spread`, and weights drawn uniformly in
/// `[0.1, 1)` then normalised (so no weight is tiny and the mass is exactly
/// handled by [`MassPolicy::Renormalize`](crate::MassPolicy::Renormalize)).
pub fn random_measure(
    rng: &mut Rng,
    n: usize,
    d: usize,
    spread: f64,
) -> crate::Result<crate::ParticleMeasure> {
    let points = ndarray::Array2::from_shape_simple_fn((n, d), || spread * rng.normal());
    let weights = ndarray::Array1::from_shape_simple_fn(n, || rng.uniform_in(0.1, 1.0));
    crate::ParticleMeasure::with_policy(points, weights, crate::MassPolicy::Renormalize)
}

/// A random probability vector of length `n`: entries uniform in `[0.1, 1)`,
/// each replaced by zero with probability `zero_fraction` (at least one entry
/// stays positive), normalised with a compensated sum.
pub fn random_weights(rng: &mut Rng, n: usize, zero_fraction: f64) -> ndarray::Array1<f64> {
    let mut w: ndarray::Array1<f64> = (0..n)
        .map(|_| {
            if rng.uniform() < zero_fraction {
                0.0
            } else {
                rng.uniform_in(0.1, 1.0)
            }
        })
        .collect();
    if n > 0 && w.iter().all(|&v| v == 0.0) {
        w[0] = 1.0;
    }
    let total = crate::compensated_sum(w.iter().copied());
    w / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_and_normal_moments_match_their_laws() {
        // Mean and variance within 5 standard errors of the exact values.
        let n = 200_000;
        let mut rng = Rng::new(7);
        let u: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
        let mean = u.iter().sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 5.0 * (1.0 / 12.0f64 / n as f64).sqrt());
        let z: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let m = z.iter().sum::<f64>() / n as f64;
        let v = z.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 5.0 / (n as f64).sqrt(), "{m}");
        // Var of the sample variance of N(0,1) is 2/n.
        assert!((v - 1.0).abs() < 5.0 * (2.0 / n as f64).sqrt(), "{v}");
    }

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let a: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(1);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(2);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn below_covers_its_range_uniformly() {
        let mut rng = Rng::new(3);
        let mut counts = [0usize; 5];
        for _ in 0..50_000 {
            counts[rng.below(5)] += 1;
        }
        // Each count is Binomial(50000, 0.2): sd = 89.4.
        for c in counts {
            assert!((c as f64 - 10_000.0).abs() < 5.0 * 89.5, "{counts:?}");
        }
    }
}
