//! This layer's `cargo xtask verify` checks, run as a test at CI size.

#[test]
fn transport_checks_pass_at_quick_scale() {
    hwg_transport::hwg_measure::verify::assert_all_pass(
        &hwg_transport::checks(),
        hwg_transport::hwg_measure::verify::Scale::Quick,
    );
}
