//! This layer's `cargo xtask verify` checks, run as a test at CI size.

#[test]
fn measure_checks_pass_at_quick_scale() {
    hwg_measure::verify::assert_all_pass(&hwg_measure::checks(), hwg_measure::verify::Scale::Quick);
}
