//! A training step allocates nothing of its own after warm-up: the only allocations left are the
//! kernel's own for each matrix product (the `gemm` crates take a packing buffer and a small
//! flag vector per call, at most two).

use nalgebra::DMatrix;
use nn_core::{
    Activation, Architecture, Input, Network, OptimizerKind, one_hot, time_products, train_step,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_training_step_allocates_only_the_kernels_buffers() {
    let n = 100;
    let x: DMatrix<f32> = DMatrix::from_fn(n, 784, |i, j| ((i + j) % 7) as f32 / 7.0);
    let t: DMatrix<f32> = one_hot(&(0..n).map(|i| i % 10).collect::<Vec<_>>(), 10);
    let arch = Architecture::classifier(&[784, 100, 10], Activation::Relu);
    let mut net = Network::<f32>::new(&arch, 0).unwrap();
    for kind in [OptimizerKind::Sgd, OptimizerKind::Adam] {
        let mut opt = kind.build::<f32>();
        train_step(&mut net, opt.as_mut(), &x, &t, 0.01).unwrap(); // warm-up
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        let steps = 10;
        for _ in 0..steps {
            train_step(&mut net, opt.as_mut(), &x, &t, 0.01).unwrap();
        }
        let per_step = (ALLOCATIONS.load(Ordering::SeqCst) - before) as f64 / steps as f64;
        // Products per step for 2 layers: A¹, A², dW¹, dW², Δ¹ = Δ² W²ᵀ (no dX for layer 1).
        let products = net.step_products(n, Input::Rows(&x));
        assert_eq!(products.len(), 5);
        // What the kernel alone allocates for those products, per step: the difference between
        // 20 and 10 runs of them (the operands are allocated once per run, outside the steps).
        let count = |steps| {
            let before = ALLOCATIONS.load(Ordering::SeqCst);
            time_products::<f32>(&products, steps);
            ALLOCATIONS.load(Ordering::SeqCst) - before
        };
        let kernel = (count(20) - count(10)) as f64 / 10.0;
        assert!(
            kernel <= 2.0 * 5.0,
            "the kernel allocates {kernel} per step"
        );
        assert_eq!(
            per_step, kernel,
            "{kind}: {per_step} allocations per step, of which the kernel's own are {kernel}"
        );
    }
}
