//! One test per kind of bad input: the constructor and, where the input can
//! be written in JSON, deserialisation return the same typed error.

use hwg_measure::*;
use ndarray::{Array1, Array2, array};
use num_complex::Complex64;

fn col(v: &[f64]) -> Array2<f64> {
    Array1::from_vec(v.to_vec()).insert_axis(ndarray::Axis(1))
}

/// The JSON path must report the constructor's error verbatim.
fn json_rejects<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    json: &str,
    expected: &MeasureError,
) {
    let e = serde_json::from_str::<T>(json).expect_err("bad JSON must be rejected");
    assert!(
        e.to_string().contains(&expected.to_string()),
        "{e} vs {expected}"
    );
}

#[test]
fn nan_or_infinite_coordinate() {
    let e = ParticleMeasure::uniform(array![[0.0, 1.0], [2.0, f64::INFINITY]]).unwrap_err();
    assert!(
        matches!(e, MeasureError::NonFiniteCoordinate { index: 1, coord: 1, value } if value.is_infinite())
    );
    let e = ParticleMeasure::new(col(&[f64::NAN, 0.0]), array![0.5, 0.5]).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::NonFiniteCoordinate {
            index: 0,
            coord: 0,
            ..
        }
    ));
    // A push-forward that produces NaN is caught at the atom.
    let mu = ParticleMeasure::uniform(col(&[1.0, -1.0])).unwrap();
    let e = mu.push_forward(|x| array![x[0].sqrt()]).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::NonFiniteCoordinate { index: 1, .. }
    ));
    // Complex atoms are checked part by part.
    let z = array![[Complex64::new(0.0, 1.0)], [Complex64::new(1.0, f64::NAN)]];
    let e = ComplexParticleMeasure::uniform(z).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::NonFiniteCoordinate {
            index: 1,
            coord: 1,
            ..
        }
    ));
}

#[test]
fn negative_or_nan_weight() {
    let e = ParticleMeasure::new(col(&[0.0, 1.0, 2.0]), array![0.5, 0.7, -0.2]).unwrap_err();
    assert_eq!(
        e,
        MeasureError::InvalidWeight {
            index: 2,
            value: -0.2
        }
    );
    json_rejects::<ParticleMeasure>(
        r#"{"points": [[0.0], [1.0], [2.0]], "weights": [0.5, 0.7, -0.2]}"#,
        &e,
    );
    let e = ParticleMeasure::new(col(&[0.0, 1.0]), array![f64::NAN, 1.0]).unwrap_err();
    assert!(matches!(e, MeasureError::InvalidWeight { index: 0, value } if value.is_nan()));
    let e = GridHistogram1d::new(0.0, 1.0, array![1.5, -0.5]).unwrap_err();
    assert_eq!(
        e,
        MeasureError::InvalidWeight {
            index: 1,
            value: -0.5
        }
    );
}

#[test]
fn mass_not_one_unless_normalisation_is_asked_for() {
    let e = ParticleMeasure::new(col(&[0.0, 1.0]), array![0.5, 0.5 + 1e-11]).unwrap_err();
    assert!(
        matches!(e, MeasureError::MassNotOne { total, .. } if (total - 1.0 - 1e-11).abs() < 1e-15)
    );
    json_rejects::<ParticleMeasure>(
        &format!(
            r#"{{"points": [[0.0], [1.0]], "weights": [0.5, {:?}]}}"#,
            0.5 + 1e-11
        ),
        &e,
    );
    // Within 1e-12 is accepted as is; Renormalize rescales.
    assert!(ParticleMeasure::new(col(&[0.0, 1.0]), array![0.5, 0.5 + 5e-13]).is_ok());
    let mu =
        ParticleMeasure::with_policy(col(&[0.0, 1.0]), array![1.0, 3.0], MassPolicy::Renormalize)
            .unwrap();
    assert_eq!(mu.weights(), array![0.25, 0.75]);
}

#[test]
fn zero_total_mass() {
    let e =
        ParticleMeasure::with_policy(col(&[0.0, 1.0]), array![0.0, 0.0], MassPolicy::Renormalize)
            .unwrap_err();
    assert_eq!(e, MeasureError::ZeroMass);
    let mu = ParticleMeasure::new(col(&[0.0, 1.0]), array![0.0, 1.0]).unwrap();
    let e = mu
        .restrict(|x| x[0] < 0.5, MassPolicy::Renormalize)
        .unwrap_err();
    assert_eq!(e, MeasureError::ZeroMass);
}

#[test]
fn empty_measure() {
    assert_eq!(
        ParticleMeasure::uniform(Array2::zeros((0, 3))).unwrap_err(),
        MeasureError::Empty
    );
    json_rejects::<ParticleMeasure>(r#"{"points": [], "weights": []}"#, &MeasureError::Empty);
    assert_eq!(
        ParticleMeasure::mixture(&[]).unwrap_err(),
        MeasureError::Empty
    );
    assert_eq!(
        FiberedState::from_measures(&[]).unwrap_err(),
        MeasureError::Empty
    );
    let mu = ParticleMeasure::uniform(col(&[1.0])).unwrap();
    assert_eq!(
        mu.restrict(|_| false, MassPolicy::Renormalize).unwrap_err(),
        MeasureError::Empty
    );
    assert_eq!(
        GridHistogram1d::bin(&mu, 0.0, 1.0, 0).unwrap_err(),
        MeasureError::Empty
    );
    assert_eq!(
        ParticleMeasure::uniform(Array2::zeros((2, 0))).unwrap_err(),
        MeasureError::ZeroDimension
    );
}

#[test]
fn length_mismatch() {
    let e = ParticleMeasure::new(col(&[0.0, 1.0, 2.0]), array![0.5, 0.5]).unwrap_err();
    assert_eq!(
        e,
        MeasureError::LengthMismatch {
            what: "weights vs atoms",
            expected: 3,
            found: 2
        }
    );
    json_rejects::<ParticleMeasure>(
        r#"{"points": [[0.0], [1.0], [2.0]], "weights": [0.5, 0.5]}"#,
        &e,
    );
    let mu = ParticleMeasure::uniform(array![[0.0, 1.0]]).unwrap();
    let e = mu
        .affine(Array2::eye(2).view(), array![1.0, 2.0, 3.0].view())
        .unwrap_err();
    assert!(matches!(
        e,
        MeasureError::LengthMismatch {
            expected: 2,
            found: 3,
            ..
        }
    ));
}

#[test]
fn dimension_mismatch() {
    let e = serde_json::from_str::<ParticleMeasure>(
        r#"{"points": [[0.0, 1.0], [2.0]], "weights": [0.5, 0.5]}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("dimension mismatch"), "{e}");
    let a = ParticleMeasure::uniform(col(&[0.0])).unwrap();
    let b = ParticleMeasure::uniform(array![[0.0, 0.0]]).unwrap();
    let e = ParticleMeasure::mixture(&[(0.5, &a), (0.5, &b)]).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::DimensionMismatch {
            expected: 1,
            found: 2,
            ..
        }
    ));
    let e = FiberedState::from_measures(&[a.clone(), b.clone()]).unwrap_err();
    assert!(matches!(e, MeasureError::InFiber { fiber: 1, .. }));
    let e = a
        .affine(Array2::eye(2).view(), array![0.0, 0.0].view())
        .unwrap_err();
    assert!(matches!(
        e,
        MeasureError::DimensionMismatch {
            expected: 1,
            found: 2,
            ..
        }
    ));
    assert!(matches!(
        SortedLine::from_measure(&b).unwrap_err(),
        MeasureError::DimensionMismatch { found: 2, .. }
    ));
    let e = Gaussian::new(array![0.0, 0.0], Array2::eye(3)).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::DimensionMismatch {
            expected: 2,
            found: 3,
            ..
        }
    ));
    let odd = ParticleMeasure::uniform(array![[0.0, 1.0, 2.0]]).unwrap();
    assert!(matches!(
        ComplexParticleMeasure::from_real(&odd).unwrap_err(),
        MeasureError::DimensionMismatch { found: 3, .. }
    ));
    let e = a.push_forward(|x| {
        if x[0] > 0.5 {
            array![1.0]
        } else {
            array![1.0, 2.0]
        }
    });
    assert!(e.is_ok(), "single atom: one image, one dimension");
    let two = ParticleMeasure::uniform(col(&[0.0, 1.0])).unwrap();
    let e = two
        .push_forward(|x| {
            if x[0] > 0.5 {
                array![1.0]
            } else {
                array![1.0, 2.0]
            }
        })
        .unwrap_err();
    assert!(matches!(
        e,
        MeasureError::DimensionMismatch {
            expected: 2,
            found: 1,
            ..
        }
    ));
}

#[test]
fn covariance_not_spd_or_not_symmetric() {
    let e = Gaussian::new(array![0.0, 0.0], array![[1.0, 2.0], [2.0, 1.0]]).unwrap_err();
    assert_eq!(e, MeasureError::NotPositiveDefinite { pivot: 1 });
    json_rejects::<Gaussian>(
        r#"{"mean": [0.0, 0.0], "cov": [[1.0, 2.0], [2.0, 1.0]]}"#,
        &e,
    );
    let e = Gaussian::new(array![0.0], array![[0.0]]).unwrap_err();
    assert_eq!(e, MeasureError::NotPositiveDefinite { pivot: 0 });
    let e = Gaussian::new(array![0.0, 0.0], array![[2.0, 0.5], [0.4, 2.0]]).unwrap_err();
    assert_eq!(
        e,
        MeasureError::NotSymmetric {
            row: 1,
            col: 0,
            value: 0.4,
            transposed: 0.5
        }
    );
    let e = Gaussian::new(array![f64::NAN, 0.0], Array2::eye(2)).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::InvalidParameter {
            name: "mean",
            index: 0,
            ..
        }
    ));
}

#[test]
fn fiber_offsets_out_of_order() {
    let pts = col(&[0.0, 1.0, 2.0]);
    let w = array![1.0, 0.5, 0.5];
    let e = FiberedState::from_parts(pts.clone(), w.clone(), vec![0, 2, 1, 3]).unwrap_err();
    assert_eq!(
        e,
        MeasureError::FiberOffsets {
            index: 2,
            offset: 1,
            previous: 2
        }
    );
    json_rejects::<FiberedState>(
        r#"{"points": [[0.0], [1.0], [2.0]], "weights": [1.0, 0.5, 0.5], "offsets": [0, 2, 1, 3]}"#,
        &e,
    );
    // Empty fiber, wrong start, wrong end.
    assert!(matches!(
        FiberedState::from_parts(pts.clone(), w.clone(), vec![0, 1, 1, 3]).unwrap_err(),
        MeasureError::FiberOffsets { index: 2, .. }
    ));
    assert!(matches!(
        FiberedState::from_parts(pts.clone(), w.clone(), vec![1, 3]).unwrap_err(),
        MeasureError::FiberOffsets { index: 0, .. }
    ));
    assert!(matches!(
        FiberedState::from_parts(pts.clone(), w.clone(), vec![0, 1, 2]).unwrap_err(),
        MeasureError::FiberOffsets {
            index: 2,
            offset: 2,
            previous: 3
        }
    ));
    // A fiber whose own mass is wrong is named.
    let e = FiberedState::from_parts(pts, array![1.0, 0.5, 0.6], vec![0, 1, 3]).unwrap_err();
    assert!(
        matches!(e, MeasureError::InFiber { fiber: 1, ref source } if matches!(**source, MeasureError::MassNotOne { .. }))
    );
}

#[test]
fn grid_parameters_and_atoms_outside() {
    assert!(matches!(
        GridHistogram1d::new(0.0, 0.0, array![1.0]).unwrap_err(),
        MeasureError::InvalidParameter {
            name: "grid spacing",
            ..
        }
    ));
    assert!(matches!(
        GridHistogram2d::new([0.0, f64::NAN], [1.0, 1.0], array![[1.0]]).unwrap_err(),
        MeasureError::InvalidParameter {
            name: "grid origin",
            index: 1,
            ..
        }
    ));
    let mu = ParticleMeasure::uniform(array![[0.5, 0.5], [0.5, 2.5]]).unwrap();
    let e = GridHistogram2d::bin(&mu, [0.0, 0.0], [1.0, 1.0], [2, 2]).unwrap_err();
    assert!(matches!(
        e,
        MeasureError::OutsideGrid {
            index: 1,
            coord: 1,
            value: 2.5,
            ..
        }
    ));
}

#[test]
fn parameters_out_of_range() {
    let line = SortedLine::new(array![0.0, 1.0], array![0.5, 0.5]).unwrap();
    assert!(matches!(
        line.quantile(-0.1).unwrap_err(),
        MeasureError::InvalidParameter { .. }
    ));
    assert!(matches!(
        line.quantile(f64::NAN).unwrap_err(),
        MeasureError::InvalidParameter { .. }
    ));
    assert!(matches!(
        line.cdf(f64::NAN).unwrap_err(),
        MeasureError::InvalidParameter { .. }
    ));
    let mu = ParticleMeasure::uniform(array![[0.0, 1.0]]).unwrap();
    let e = mu
        .affine(array![[1.0, f64::NAN]].view(), array![0.0].view())
        .unwrap_err();
    assert!(matches!(
        e,
        MeasureError::InvalidParameter {
            name: "affine matrix",
            index: 1,
            ..
        }
    ));
    // Finite parameters that overflow are caught on the image.
    let e = mu
        .affine(array![[1e308, 1e308]].view(), array![1e308].view())
        .unwrap_err();
    assert!(
        matches!(e, MeasureError::NonFiniteCoordinate { .. }),
        "{e:?}"
    );
    let fibers = FiberedState::from_measures(&[mu]).unwrap();
    assert_eq!(
        fibers.get(1).unwrap_err(),
        MeasureError::IndexOutOfRange { index: 1, len: 1 }
    );
}
