//! In-place matrix products `C ← α·op(A)·op(B) + β·C` without allocation, on the `gemm` crates'
//! kernels.
//!
//! nn-core writes a product as the lectures do, `x * &w`, which allocates its result and, for
//! `x.transpose() * &delta`, a transposed copy first. Here the result goes into a buffer that
//! lives from step to step, and a transpose is only a swap of strides handed to the kernel.

use gemm_common::Parallelism;
use nalgebra::DMatrix;
use nn_core::Float;

/// A float type with a fast matrix-product kernel: `f32` and `f64`, through `gemm-f32` and
/// `gemm-f64`, which choose at run time the widest SIMD instructions the processor has.
pub trait Kernel: Float {
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

/// `impl Kernel` for `f32` and `f64`: the same code but for the type and its `gemm` kernel.
macro_rules! impl_kernel {
    ($t:ident, $gemm_fn:path) => {
        impl Kernel for $t {
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

impl_kernel!(f32, gemm_f32::gemm::f32::get_gemm_fn);
impl_kernel!(f64, gemm_f64::gemm::f64::get_gemm_fn);

/// Whether an operand is used as is or transposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `op(A) = A`
    N,
    /// `op(A) = Aᵀ`
    T,
}

/// One product `C ← op(A)·op(B)`, op(A) m×k and op(B) k×n, with operands stored as [`Op`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// Rows of op(A) and of C.
    pub m: usize,
    /// Columns of op(A), rows of op(B).
    pub k: usize,
    /// Columns of op(B) and of C.
    pub n: usize,
    /// How A is stored.
    pub op_a: Op,
    /// How B is stored.
    pub op_b: Op,
}

impl Product {
    /// Floating-point operations: `2·m·k·n` (one multiply and one add per term).
    pub fn flops(&self) -> f64 {
        2.0 * (self.m * self.k * self.n) as f64
    }
}

fn view<T: Float>(m: &DMatrix<T>, op: Op) -> (usize, usize, isize, isize) {
    // nalgebra stores column-major: element (i, j) lives at i + j·nrows.
    let (r, c) = m.shape();
    match op {
        Op::N => (r, c, 1, r as isize),
        Op::T => (c, r, r as isize, 1),
    }
}

/// `C ← α·op(A)·op(B) + β·C`.
///
/// # Panics
/// If the shapes do not agree (an internal invariant: the passes check user data first).
pub fn gemm<T: Kernel>(
    c: &mut DMatrix<T>,
    alpha: T,
    a: &DMatrix<T>,
    op_a: Op,
    b: &DMatrix<T>,
    op_b: Op,
    beta: T,
) {
    let (m, k, rsa, csa) = view(a, op_a);
    let (k2, n, rsb, csb) = view(b, op_b);
    assert!(
        k == k2 && c.shape() == (m, n),
        "gemm shape mismatch: {m}×{k} · {k2}×{n} into {:?}",
        c.shape()
    );
    #[cfg(test)]
    record(Product {
        m,
        k,
        n,
        op_a,
        op_b,
    });
    if m == 0 || n == 0 {
        return;
    }
    let rsc = 1;
    let csc = m as isize;
    // SAFETY: the shapes and strides above describe the three column-major buffers exactly, and `c`
    // is borrowed mutably so it cannot alias `a` or `b`.
    unsafe {
        T::gemm_raw(
            m,
            k,
            n,
            alpha,
            a.as_ptr(),
            rsa,
            csa,
            b.as_ptr(),
            rsb,
            csb,
            beta,
            c.as_mut_ptr(),
            rsc,
            csc,
        );
    }
}

#[cfg(test)]
thread_local! {
    /// The products [`gemm`] made on this thread while [`recorded`] runs (tests only).
    static RECORD: std::cell::RefCell<Option<Vec<Product>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
fn record(p: Product) {
    RECORD.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(p);
        }
    });
}

/// Runs `f` and returns the products [`gemm`] made meanwhile on this thread, in order (tests only).
#[cfg(test)]
pub(crate) fn recorded(f: impl FnOnce()) -> Vec<Product> {
    RECORD.with(|r| *r.borrow_mut() = Some(Vec::new()));
    f();
    RECORD.with(|r| r.borrow_mut().take().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn mat(r: usize, c: usize, seed: u64) -> DMatrix<f64> {
        DMatrix::from_fn(r, c, |i, j| ((i * 31 + j * 17) as f64 + seed as f64).sin())
    }

    proptest! {
        #[test]
        fn gemm_equals_nalgebra(m in 1usize..7, k in 1usize..7, n in 1usize..7, ta: bool, tb: bool) {
            let a = if ta { mat(k, m, 1) } else { mat(m, k, 1) };
            let b = if tb { mat(n, k, 2) } else { mat(k, n, 2) };
            let opa = if ta { Op::T } else { Op::N };
            let opb = if tb { Op::T } else { Op::N };
            let ea = if ta { a.transpose() } else { a.clone() };
            let eb = if tb { b.transpose() } else { b.clone() };
            let mut c = mat(m, n, 3);
            let expected = &ea * &eb * 2.0 + &c * 0.5;
            gemm(&mut c, 2.0, &a, opa, &b, opb, 0.5);
            prop_assert!((c - expected).abs().max() < 1e-12);
        }
    }
}
