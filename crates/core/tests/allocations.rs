//! A training step allocates nothing of its own after warm-up: the only allocations left are the
//! packing buffers the `matrixmultiply` GEMM kernel takes for each product.

use nalgebra::DMatrix;
use nn_core::{Activation, Architecture, Network, OptimizerKind, one_hot, train_step};
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
fn a_training_step_allocates_only_gemm_packing_buffers() {
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
        let gemm_calls = 5.0;
        assert!(
            per_step <= gemm_calls,
            "{kind}: {per_step} allocations per step"
        );
    }
}
