//! # Appendix: how fast it can go
//!
//! The taught path is lecture 3's training loop, written once in `nn_core::train_with`: take a
//! mini-batch, forward, backward, update. Lesson 6 trains the same network with the same
//! formulas (`nn_core`'s layers, `nn_core::regularize`'s dropout and weight decay, its
//! optimizers), but on 60 000 images it is worth going faster, and this module shows how:
//!
//! - [`trainer`]: one epoch at a time, each mini-batch split between threads whose gradients
//!   are combined with weights `n_j / n` (the same update as one thread, up to rounding), the
//!   next batch's images prefetched while this one is learned, no allocation of its own per step
//!   (`tests/allocations.rs`: only the product kernel's buffers);
//! - [`crew`]: the spin barrier where the worker threads meet, twice per step.
//!
//! Nothing here is new mathematics; read it after lessons 3 and 6, as engineering.

pub mod crew;
pub mod trainer;
