//! This layer's `cargo xtask verify` checks, run as a test at CI size.

#[test]
fn jko_checks_pass_at_quick_scale() {
    use hwg_measure::verify::{Scale, assert_all_pass};
    assert_all_pass(&hwg_jko::checks(), Scale::Quick);
}
