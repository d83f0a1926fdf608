//! This layer's `cargo xtask verify` checks, run as a test at CI size.

#[test]
fn energy_checks_pass_at_quick_scale() {
    use hwg_energy::hwg_transport::hwg_measure::verify::{Scale, assert_all_pass};
    assert_all_pass(&hwg_energy::checks(), Scale::Quick);
}
