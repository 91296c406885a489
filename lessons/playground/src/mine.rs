//! `--mine`: the learner's lesson 3 functions (`lesson3::homework::{forward_loop, backward_loop,
//! update_eta}`) plugged into nn-core's one training loop — lesson 3's own `Learner`, reused.

pub use lesson3::learn::Mine;
