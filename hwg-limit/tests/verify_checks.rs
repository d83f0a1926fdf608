//! Every check this layer registers passes at the CI scale.
use hwg_limit::hwg_measure::verify::{Scale, assert_all_pass};

#[test]
fn verify_checks_pass() {
    assert_all_pass(&hwg_limit::checks(), Scale::Quick);
}
