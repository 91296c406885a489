//! The fast engine allocates nothing of its own per step: after warm-up, a step's only
//! allocations are the product kernel's own (the `gemm` crates take a packing buffer and a small
//! flag vector per call) — for one step of the passes on a batch in rows, and for lesson 6's
//! epochs on one thread and on two, with plain SGD and with Adam, dropout and weight decay. One
//! test in this file, so that no other test allocates while it counts.

mod common;

use common::images;
use nalgebra::DMatrix;
use nn_core::train::apply_gradients;
use nn_core::{Activation, Architecture, Network, OptimizerKind, one_hot};
use nn_fast::{EpochTrainer, ImageSet, Input, gradients, step_products, time_products};
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

/// Allocations made while `f` runs (on any thread).
fn counted(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    f();
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

/// The kernel's own allocations per step when `threads` threads each make the products of their
/// part of a batch of `batch` (the parts the trainer makes: rows j·n/k .. (j+1)·n/k).
fn kernel_per_step(net: &Network<f32>, batch: usize, threads: usize) -> f64 {
    let mut total = 0.0;
    for j in 0..threads {
        let part = (j + 1) * batch / threads - j * batch / threads;
        let x = DMatrix::<f32>::zeros(784, part);
        total += kernel_allocations(&step_products(net, part, Input::Columns(&x)));
    }
    total
}

/// The kernel's own allocations per step for the products of `products`.
fn kernel_allocations(products: &[nn_fast::Product]) -> f64 {
    // The difference between 20 and 10 runs: the operands are allocated once per run.
    let runs = |steps| {
        counted(|| {
            time_products::<f32>(products, steps);
        })
    };
    (runs(20) - runs(10)) as f64 / 10.0
}

#[test]
fn a_step_allocates_only_the_kernels_buffers() {
    a_step_of_the_passes_allocates_only_the_kernels_buffers();
    an_epochs_step_allocates_only_the_kernels_buffers_on_one_and_two_threads();
}

fn a_step_of_the_passes_allocates_only_the_kernels_buffers() {
    let n = 100;
    let x: DMatrix<f32> = DMatrix::from_fn(n, 784, |i, j| ((i + j) % 7) as f32 / 7.0);
    let t: DMatrix<f32> = one_hot(&(0..n).map(|i| i % 10).collect::<Vec<_>>(), 10);
    let arch = Architecture::classifier(&[784, 100, 10], Activation::Relu);
    let mut net = Network::<f32>::new(&arch, 0).unwrap();
    for kind in [OptimizerKind::Sgd, OptimizerKind::Adam] {
        let mut opt = kind.build::<f32>();
        let mut step = || {
            gradients(&mut net, Input::Rows(&x), &t).unwrap();
            apply_gradients(&mut net, opt.as_mut(), 0.01);
        };
        step(); // warm-up
        let steps = 10;
        let per_step = counted(|| (0..steps).for_each(|_| step())) as f64 / steps as f64;
        // Products per step for 2 layers: A¹, A², dW¹, dW², Δ¹ = Δ² W²ᵀ (no dX for layer 1).
        let products = step_products(&net, n, Input::Rows(&x));
        assert_eq!(products.len(), 5);
        let kernel = kernel_allocations(&products);
        assert!(
            kernel > 0.0 && kernel <= 2.0 * 5.0,
            "the kernel allocates {kernel} per step"
        );
        assert_eq!(
            per_step, kernel,
            "{kind}: {per_step} allocations per step, of which the kernel's own are {kernel}"
        );
    }
}

fn an_epochs_step_allocates_only_the_kernels_buffers_on_one_and_two_threads() {
    let batch = 20;
    let (small, large) = (images(5 * batch), images(15 * batch));
    let arch = Architecture::classifier(&[784, 32, 10], Activation::Relu);
    for threads in [1, 2] {
        for (kind, regularized) in [(OptimizerKind::Sgd, false), (OptimizerKind::Adam, true)] {
            let mut net: Network<f32> = Network::new(&arch, 1).unwrap();
            let mut opt = kind.build::<f32>();
            let mut trainer = EpochTrainer::new(&net, batch, threads, 7).unwrap();
            if regularized {
                trainer = trainer
                    .with_weight_decay(1e-4)
                    .with_shift(1)
                    .with_input_dropout(0.1)
                    .with_dropout(0.2);
            }
            let mut epoch = |set: &ImageSet| {
                counted(|| {
                    let loss =
                        common::epoch(&mut trainer, &mut net, opt.as_mut(), set, 0.01).unwrap();
                    assert!(loss.is_finite());
                })
            };
            epoch(&large); // warm-up: every buffer takes its size
            // An epoch's fixed allocations (e.g. starting the threads) cancel out between a
            // short and a long one; what is left is per step.
            let (short, long) = (epoch(&small), epoch(&large));
            let extra_steps = (large.n() - small.n()) / batch;
            let per_step = (long as f64 - short as f64) / extra_steps as f64;
            let kernel = kernel_per_step(&net, batch, threads);
            assert!(kernel > 0.0, "the kernel's allocations were not seen");
            assert_eq!(
                per_step, kernel,
                "{threads} thread(s), {kind}: {per_step} allocations per step, of which the \
                 kernel's own are {kernel}"
            );
        }
    }
}
