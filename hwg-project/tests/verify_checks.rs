//! Every check this layer registers passes at the CI scale.
use hwg_project::hwg_jko::hwg_energy::hwg_transport::hwg_measure::verify::{
    Scale, assert_all_pass,
};

#[test]
fn verify_checks_pass() {
    assert_all_pass(&hwg_project::checks(), Scale::Quick);
}
