//! serde helpers: matrices as lists of rows, which is what a person writes in JSON.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::{MeasureError, Result};

/// Serialise a borrowed matrix as a sequence of rows without copying it.
pub(crate) struct Rows<'a, T>(pub ArrayView2<'a, T>);

impl<T: Serialize> Serialize for Rows<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.nrows()))?;
        for row in self.0.rows() {
            seq.serialize_element(&Elems(row))?;
        }
        seq.end()
    }
}

/// Serialise a borrowed vector as a sequence without copying it.
pub(crate) struct Elems<'a, T>(pub ArrayView1<'a, T>);

impl<T: Serialize> Serialize for Elems<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

/// Assemble rows read from a file into a matrix; ragged rows are a dimension error.
pub(crate) fn rows_to_array<T: Clone>(rows: Vec<Vec<T>>, what: &'static str) -> Result<Array2<T>> {
    let n = rows.len();
    if n == 0 {
        return Err(MeasureError::Empty);
    }
    let d = rows[0].len();
    let mut flat = Vec::with_capacity(n * d);
    for row in rows {
        if row.len() != d {
            return Err(MeasureError::DimensionMismatch {
                what,
                expected: d,
                found: row.len(),
            });
        }
        flat.extend(row);
    }
    Ok(Array2::from_shape_vec((n, d), flat).expect("n·d entries were collected"))
}

/// A vector read from a file.
pub(crate) fn vec_to_array(v: Vec<f64>) -> Array1<f64> {
    Array1::from_vec(v)
}
