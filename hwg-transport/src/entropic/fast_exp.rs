//! A branch-free `exp` for building Gibbs kernels: Cody–Waite reduction
//! `x = k ln2 + r`, `|r| ≤ ln2/2`, a degree-13 Taylor polynomial for `e^r`
//! (truncation below 2⁻⁵⁶), and `2^k` assembled in the exponent bits. It
//! vectorises, unlike libm's `exp`; accuracy is a few ulps (tested against
//! `f64::exp`), and results below the normal range flush to zero, which is
//! what a kernel entry that small means anyway.

const LOG2_E: f64 = std::f64::consts::LOG2_E;
// ln 2 split (fdlibm's bit patterns) so that k · LN2_HI is exact for |k| < 2^11.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Below this, `e^x` is subnormal or zero: return 0.
const MIN_ARG: f64 = -708.0;
/// Above this, `e^x` overflows.
const MAX_ARG: f64 = 709.0;

/// `e^x` to a few ulps; 0 for `x < −708`, `+∞` above 709, NaN for NaN.
/// Branch-free (selects only), so loops over slices vectorise.
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    // 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    let xc = x.clamp(MIN_ARG, MAX_ARG);
    let kk = xc * LOG2_E + SHIFTER;
    let k = kk - SHIFTER;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    // Horner on 1 + r + r²/2! + … + r¹³/13!.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^k from the low bits of kk: (k + 1023) lands in the exponent field.
    let scale = f64::from_bits(kk.to_bits().wrapping_add(1023) << 52);
    let y = p * scale;
    let y = if x < MIN_ARG { 0.0 } else { y };
    if x > MAX_ARG { f64::INFINITY } else { y }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_to_a_few_ulps_over_the_kernel_range() {
        let mut worst = 0.0f64;
        let mut x = -708.0;
        while x <= 709.0 {
            let (a, b) = (exp(x), x.exp());
            worst = worst.max(((a - b) / b).abs());
            x += 0.000_731;
        }
        assert!(worst <= 4.0 * f64::EPSILON, "max relative error {worst:e}");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    }
}
