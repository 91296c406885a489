//! # nn-fast: the same network, fast
//!
//! nn-core writes the lectures' formulas as the lectures write them (`x * &w`,
//! `x.transpose() * &delta`). This crate computes the same formulas for lesson 6's 60,000 images,
//! and nothing in it is new mathematics; read it after lessons 3 and 6, as engineering:
//!
//! - [`kernel`]: the matrix products on the `gemm` crates' SIMD kernels, into buffers that live
//!   from step to step, with a transpose that is only a swap of strides;
//! - [`passes`]: nn-core's forward and backward passes on those products, with the input stored
//!   one instance per row or per column ([`Input`]), allocating nothing once the batch size is
//!   fixed; [`dropout`]: the same for the dropout step;
//! - [`images`] and [`pixels`]: the images kept as bytes (in huge pages where granted) and
//!   prefetched, so gathering a random mini-batch does not wait for memory;
//! - [`epoch`]: the engine nn-core's one loop ([`nn_core::fit`]) runs lesson 6 with: a fresh
//!   shuffle each epoch, and each step on one thread or, in [`parallel`], split between threads
//!   whose gradients are combined with weights `n_j / n` (the same update as one thread, up to
//!   rounding), meeting at the spin [`barrier`] three times per step; [`batch`]: one thread's
//!   mini-batch, gathered and backpropagated;
//! - [`products`]: a step's products listed and timed alone, the floor under an epoch.
//!
//! `tests/equal.rs` proves it equal to nn-core step after step (`tests/epochs.rs`: whatever the
//! number of threads) (f64 within 1e-12, f32 within
//! 1e-5, with SGD, Momentum and Adam, dropout and weight decay); `tests/allocations.rs` and
//! `tests/step_allocations.rs` that a step allocates only the product kernel's buffers.

pub mod barrier;
pub mod batch;
pub mod dropout;
pub mod epoch;
pub mod images;
pub mod kernel;
pub mod parallel;
pub mod passes;
pub mod pixels;
pub mod products;

pub use batch::Augment;
pub use epoch::{EpochTrainer, OnImages};
pub use images::{ImageSet, pixel_as, to_unit};
pub use kernel::{Kernel, Op, Product, gemm};
pub use passes::{Input, backward, evaluate, forward, gradients, predict};
pub use products::{step_products, time_products};
