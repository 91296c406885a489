//! The one float trait the whole course is generic over.
//!
//! Lessons 1–5 and every gradient check use `f64`; MNIST uses `f32` for speed. Teaching code reads
//! `Network<f64>` once and then plainly.

use gemm_common::Parallelism;
use nalgebra::RealField;
use serde::{Serialize, de::DeserializeOwned};
use std::fmt::{Debug, Display};

/// A floating-point number the network can compute with: `f32` or `f64`.
///
/// Beyond nalgebra's [`RealField`], it offers lossless-enough conversions to and from `f64`
/// (used for printing, JSON and thresholds) and a fast matrix product `C ← α·op(A)·op(B) + β·C`
/// through the `gemm` crates' kernels (`gemm-f32`, `gemm-f64`), which choose at run time the
/// widest SIMD instructions the processor has.
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

    /// Raw general matrix product `C ← α·A·B + β·C` on strided memory: A is m×k with element
    /// (i, l) at `a + i·rsa + l·csa`, B k×n likewise, C m×n.
    ///
    /// # Safety
    /// The pointers and strides must describe valid, non-overlapping (for `c`) matrices of shapes
    /// m×k, k×n and m×n.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemm_raw(
        m: usize,
        k: usize,
        n: usize,
        alpha: Self,
        a: *const Self,
        rsa: isize,
        csa: isize,
        b: *const Self,
        rsb: isize,
        csb: isize,
        beta: Self,
        c: *mut Self,
        rsc: isize,
        csc: isize,
    );
}

/// `impl Float` for `f32` and `f64`: the same code but for the type and its `gemm` kernel.
macro_rules! impl_float {
    ($t:ident, $name:literal, $gemm_fn:path) => {
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
            unsafe fn gemm_raw(
                m: usize,
                k: usize,
                n: usize,
                alpha: Self,
                a: *const Self,
                rsa: isize,
                csa: isize,
                b: *const Self,
                rsb: isize,
                csb: isize,
                beta: Self,
                c: *mut Self,
                rsc: isize,
                csc: isize,
            ) {
                // SAFETY: forwarded from the caller's contract. The kernel computes
                // dst ← α'·dst + β'·lhs·rhs, reading dst only when asked: α' = β, β' = α.
                unsafe {
                    $gemm_fn()(
                        m,
                        n,
                        k,
                        c,
                        csc,
                        rsc,
                        beta != 0.0,
                        a,
                        csa,
                        rsa,
                        b,
                        csb,
                        rsb,
                        beta,
                        alpha,
                        false,
                        false,
                        false,
                        Parallelism::None,
                    )
                }
            }
        }
    };
}

impl_float!(f32, "f32", gemm_f32::gemm::f32::get_gemm_fn);
impl_float!(f64, "f64", gemm_f64::gemm::f64::get_gemm_fn);

/// Shorthand for `T::of(v)`.
pub fn cast<T: Float>(v: f64) -> T {
    T::of(v)
}
