//! In-place matrix products `C ← α·op(A)·op(B) + β·C` without allocation.
//!
//! nalgebra's own `tr_mul`/`gemm_tr` walk the transposed operand with dot products and are several
//! times slower for our shapes; here the transpose is just a swap of strides handed to the
//! kernel ([`Float::gemm_raw`]).

use crate::Float;
use nalgebra::DMatrix;

/// Whether an operand is used as is or transposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `op(A) = A`
    N,
    /// `op(A) = Aᵀ`
    T,
}

/// The input X of a layer (n instances × features), as it is stored: one instance per row — the
/// lectures' layout — or one instance per column (Xᵀ, how image sets keep each image contiguous).
/// Either is used in the products as is, without copying.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a, T: Float> {
    /// The matrix is X itself: n×features.
    Rows(&'a DMatrix<T>),
    /// The matrix is Xᵀ: features×n.
    Columns(&'a DMatrix<T>),
}

impl<'a, T: Float> Input<'a, T> {
    /// Number of instances n.
    pub fn instances(&self) -> usize {
        match self {
            Input::Rows(m) => m.nrows(),
            Input::Columns(m) => m.ncols(),
        }
    }

    /// Number of features per instance.
    pub fn features(&self) -> usize {
        match self {
            Input::Rows(m) => m.ncols(),
            Input::Columns(m) => m.nrows(),
        }
    }

    /// The stored matrix and the [`Op`] that turns it into X.
    pub fn x(&self) -> (&'a DMatrix<T>, Op) {
        match *self {
            Input::Rows(m) => (m, Op::N),
            Input::Columns(m) => (m, Op::T),
        }
    }

    /// The stored matrix and the [`Op`] that turns it into Xᵀ.
    pub fn x_transposed(&self) -> (&'a DMatrix<T>, Op) {
        match *self {
            Input::Rows(m) => (m, Op::T),
            Input::Columns(m) => (m, Op::N),
        }
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
/// If the shapes do not agree (an internal invariant: the network checks user data first).
pub fn gemm<T: Float>(
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
    record(crate::products::Product {
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
    static RECORD: std::cell::RefCell<Option<Vec<crate::products::Product>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
fn record(p: crate::products::Product) {
    RECORD.with(|r| {
        if let Some(list) = r.borrow_mut().as_mut() {
            list.push(p);
        }
    });
}

/// Runs `f` and returns the products [`gemm`] made meanwhile on this thread, in order (tests only).
#[cfg(test)]
pub(crate) fn recorded(f: impl FnOnce()) -> Vec<crate::products::Product> {
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
