//! The one float trait the whole course is generic over.
//!
//! Lessons 1–5 and every gradient check use `f64`; MNIST uses `f32` for speed. Teaching code reads
//! `Network<f64>` once and then plainly.

use nalgebra::RealField;
use serde::{Serialize, de::DeserializeOwned};
use std::fmt::{Debug, Display};

/// A floating-point number the network can compute with: `f32` or `f64`.
///
/// Beyond nalgebra's [`RealField`], it offers lossless-enough conversions to and from `f64`
/// (used for printing, JSON and thresholds). (The fast matrix-product kernels live in the crate
/// `nn-fast`, not here.)
pub trait Float:
    RealField
    + Copy
    + Default
    + std::iter::Sum
    + Display
    + Debug
    + Serialize
    + DeserializeOwned
    + Send
    + Sync
    + 'static
{
    /// Converts from `f64` (rounding for `f32`).
    fn of(v: f64) -> Self;
    /// Converts to `f64` (exact for both `f32` and `f64`).
    fn as_f64(self) -> f64;
    /// Converts a byte (a pixel) exactly; a plain conversion, so a loop of them vectorizes.
    fn of_u8(v: u8) -> Self;
    /// Name of the type, `"f32"` or `"f64"`, as stored in model files.
    const NAME: &'static str;
}

/// `impl Float` for `f32` and `f64`: the same code but for the type.
macro_rules! impl_float {
    ($t:ident, $name:literal) => {
        impl Float for $t {
            fn of(v: f64) -> Self {
                v as $t
            }
            fn as_f64(self) -> f64 {
                f64::from(self)
            }
            fn of_u8(v: u8) -> Self {
                $t::from(v)
            }
            const NAME: &'static str = $name;
        }
    };
}

impl_float!(f32, "f32");
impl_float!(f64, "f64");

/// Shorthand for `T::of(v)`.
pub fn cast<T: Float>(v: f64) -> T {
    T::of(v)
}
