//! The functions an experiment can run on: the reference (nn-core, nn-data) or the learner's
//! own from [`crate::homework`] (`--mine`).

use crate::homework;
use nalgebra::DMatrix;
use nn_core::Activation;

/// An element-wise matrix function such as `hm_tanh` or `calc_r_tanh`.
pub type MatFn = fn(&DMatrix<f64>) -> DMatrix<f64>;
/// A 2-D `judge_term`: the label of the point (x, y).
pub type Judge2 = fn(f64, f64) -> usize;
/// A 3-D `judge_term`: the label of the point (x, y, z).
pub type Judge3 = fn(f64, f64, f64) -> usize;

/// The learner's file, named in every `--mine` message.
pub const HOMEWORK: &str = "lessons/lesson4/src/homework.rs";
/// One set of the functions lesson 4 lets the learner write.
#[derive(Debug, Clone, Copy)]
pub struct Fns {
    /// "reference" or "yours", for the printed story and the JSON.
    pub who: &'static str,
    /// tanh, element-wise.
    pub hm_tanh: MatFn,
    /// `1 − tanh²`, element-wise.
    pub calc_r_tanh: MatFn,
    /// The XOR-like labelling.
    pub judge_term_xor: Judge2,
    /// The linearly separable labelling.
    pub judge_term_linear: Judge2,
    /// The 4-class labelling of the homework.
    pub judge_term_4class: Judge3,
}

fn tanh_ref(a: &DMatrix<f64>) -> DMatrix<f64> {
    Activation::Tanh.apply(a)
}

fn tanh_derivative_ref(a: &DMatrix<f64>) -> DMatrix<f64> {
    Activation::Tanh.derivative(a)
}

impl Fns {
    /// nn-core's tanh and nn-data's labellings.
    pub fn reference() -> Self {
        Fns {
            who: "reference",
            hm_tanh: tanh_ref,
            calc_r_tanh: tanh_derivative_ref,
            judge_term_xor: nn_data::toy::judge_xor,
            judge_term_linear: nn_data::toy::judge_linear,
            judge_term_4class: nn_data::toy::judge_sphere_paraboloid,
        }
    }

    /// The learner's functions in `lessons/lesson4/src/homework.rs`.
    pub fn mine() -> Self {
        Fns {
            who: "yours",
            hm_tanh: homework::hm_tanh,
            calc_r_tanh: homework::calc_r_tanh,
            judge_term_xor: homework::judge_term_xor,
            judge_term_linear: homework::judge_term_linear,
            judge_term_4class: homework::judge_term_4class,
        }
    }

    /// [`Fns::mine`] if `mine`, else [`Fns::reference`].
    pub fn choose(mine: bool) -> Self {
        if mine {
            Self::mine()
        } else {
            Self::reference()
        }
    }
}

/// Runs `f`; with the learner's functions, a `todo!` or a panic in them becomes one sentence
/// (see `nn_course::mine::guard`) instead of a backtrace.
pub fn guarded<T>(mine: bool, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    if !mine {
        return f();
    }
    match nn_course::mine::guard(HOMEWORK, f) {
        Ok(result) => result,
        Err(message) => Err(anyhow::anyhow!("--mine: {message}")),
    }
}
