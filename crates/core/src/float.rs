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
/// (used for printing, JSON and thresholds) and a fast matrix product `C ← α·op(A)·op(B) + β·C`
/// through the `matrixmultiply` crate's `sgemm`/`dgemm`.
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
    /// Name of the type, `"f32"` or `"f64"`, as stored in model files.
    const NAME: &'static str;

    /// Raw general matrix product `C ← α·A·B + β·C` on strided memory (see `matrixmultiply`).
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

impl Float for f32 {
    fn of(v: f64) -> Self {
        v as f32
    }
    fn as_f64(self) -> f64 {
        self as f64
    }
    const NAME: &'static str = "f32";
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
        // SAFETY: forwarded from the caller's contract.
        unsafe {
            matrixmultiply::sgemm(m, k, n, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc)
        }
    }
}

impl Float for f64 {
    fn of(v: f64) -> Self {
        v
    }
    fn as_f64(self) -> f64 {
        self
    }
    const NAME: &'static str = "f64";
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
        // SAFETY: forwarded from the caller's contract.
        unsafe {
            matrixmultiply::dgemm(m, k, n, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc)
        }
    }
}

/// Shorthand for `T::of(v)`.
pub fn cast<T: Float>(v: f64) -> T {
    T::of(v)
}
