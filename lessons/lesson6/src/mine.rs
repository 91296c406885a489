//! `train --mine`: the learner's functions (`src/homework.rs`) plugged into nn-core's one
//! training loop. [`Mine`] is a [`Learner`]: its forward pass masks each hidden layer with the
//! learner's `dropout_forward`, its backward pass sends Δ back through their `dropout_backward`,
//! it adds their `weight_decay` term, and it judges a data set with their `accuracy` (the
//! pixels come from their `normalize_pixels`, see [`crate::taught`]). Every call goes through
//! the one guard, [`nn_course::mine::guard`]: an unfinished `todo!` or a panic is one sentence
//! naming the function.

use crate::homework;
use nalgebra::DMatrix;
use nn_core::train::{Data, Learner};
use nn_core::{CoreError, Network};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// The learner's file, as the guard names it.
pub const FILE: &str = "lessons/lesson6/src/homework.rs";

/// `normalize_pixels(bytes, pixels) → X`.
pub type PixelsFn = fn(&[u8], usize) -> DMatrix<f32>;
/// `accuracy(X, labels) → fraction right`.
pub type AccuracyFn = fn(&DMatrix<f32>, &[usize]) -> f64;
/// `dropout_forward(X, u, p, training) → (X̃, M)`.
pub type DropoutForwardFn =
    fn(&DMatrix<f32>, &DMatrix<f32>, f32, bool) -> (DMatrix<f32>, DMatrix<f32>);
/// `dropout_backward(Δ, M) → Δ ⊙ M`.
pub type DropoutBackwardFn = fn(&DMatrix<f32>, &DMatrix<f32>) -> DMatrix<f32>;
/// `weight_decay(net, λ)`: `dw += λW` on every layer.
pub type WeightDecayFn = fn(&mut Network<f32>, f32);

/// Runs the learner's function through the guard; a `todo!` or a panic becomes one sentence
/// naming `exercise` (the function's name and its id in `exercises.toml`).
pub fn guarded<R>(exercise: &str, f: impl FnOnce() -> R) -> Result<R, String> {
    nn_course::mine::guard(FILE, f).map_err(|e| {
        let named = format!("`{exercise}`");
        if e.contains(&named) {
            e
        } else {
            format!("{named}: {e}")
        }
    })
}

/// [`guarded`] inside the training loop, whose errors are nn-core's.
fn mine<R>(exercise: &str, f: impl FnOnce() -> R) -> nn_core::Result<R> {
    guarded(exercise, f).map_err(CoreError::Plugged)
}

/// What the learner's `function` returned does not fit.
fn misshapen(function: &str, what: &str, got: (usize, usize), want: (usize, usize)) -> CoreError {
    CoreError::Plugged(format!(
        "your `{function}` returned {what} of {}×{}, but it should be {}×{} (lessons/lesson6/src/homework.rs; check it with `cargo homework`)",
        got.0, got.1, want.0, want.1
    ))
}

/// The seeds of the rows of each mini-batch: row r of step s gets its own, so its dropout mask
/// depends on the seed, the step and the row only (the same in [`Mine`] and the library's
/// learner, so both drop the same units).
#[derive(Debug, Clone)]
pub struct RowSeeds {
    seed: u64,
    step: u64,
}

impl RowSeeds {
    /// Seeds derived from the run's `seed`.
    pub fn new(seed: u64) -> Self {
        RowSeeds { seed, step: 0 }
    }

    /// The seeds of the next mini-batch's `n` rows.
    pub fn next(&mut self, n: usize) -> Vec<u64> {
        let base = self
            .seed
            .wrapping_mul(0x2545_F491_4F6C_DD1D)
            .wrapping_add(self.step << 20);
        self.step += 1;
        (0..n as u64).map(|r| base.wrapping_add(r)).collect()
    }
}

/// The uniform numbers `u_ij ∈ [0, 1)` of hidden layer `k` (n = `seeds.len()` rows, `m`
/// units): row r from the generator of `seeds[r]`, drawn as `nn_core::regularize::Dropout`
/// draws its masks — so `m_ij = 0 if u_ij < p else 1/(1 − p)` is exactly the library's mask.
pub fn uniforms(seeds: &[u64], k: usize, m: usize) -> DMatrix<f32> {
    let mut u = DMatrix::zeros(seeds.len(), m);
    for (r, &seed) in seeds.iter().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (0x9E37_79B9_7F4A_7C15 ^ k as u64));
        for j in 0..m {
            u[(r, j)] = rng.random::<f32>();
        }
    }
    u
}

/// The learner's dropout, weight decay and accuracy in nn-core's loop (`train --mine`).
#[derive(Debug, Clone)]
pub struct Mine {
    /// Dropout rate p of the hidden layers.
    pub p: f32,
    /// Weight decay λ (0: the learner's `weight_decay` is not called).
    pub lambda: f32,
    /// The rows' seeds, for the uniform numbers of the masks.
    pub seeds: RowSeeds,
    /// `X̃^k` of the last forward pass, per hidden layer.
    kept: Vec<DMatrix<f32>>,
    /// `M^k` of the last forward pass, kept for the backward pass.
    masks: Vec<DMatrix<f32>>,
}

impl Mine {
    /// The learner's functions with dropout rate `p`, weight decay `lambda` and masks from
    /// `seed`.
    pub fn new(p: f32, lambda: f32, seed: u64) -> Self {
        Mine {
            p,
            lambda,
            seeds: RowSeeds::new(seed),
            kept: Vec::new(),
            masks: Vec::new(),
        }
    }
}

impl Learner<f32> for Mine {
    /// Forward: `A^k = X̃^(k−1) W^k + B^k`, `X^k = h_k(A^k)`, and for a hidden layer
    /// `(X̃^k, M^k) = dropout_forward(X^k, u, p, true)`. Backward: `Δ^K = (X^K − T)/n`, then
    /// `Δ^k = dropout_backward((Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k), M^k)` and
    /// `∂L/∂W^k = X̃^(k−1)ᵀ Δ^k`; finally `weight_decay(net, λ)` when λ > 0.
    fn gradients(
        &mut self,
        net: &mut Network<f32>,
        x: &DMatrix<f32>,
        t: &DMatrix<f32>,
    ) -> nn_core::Result<f32> {
        let (depth, p) = (net.depth(), self.p);
        let seeds = self.seeds.next(x.nrows());
        self.kept.clear();
        self.masks.clear();
        for k in 0..depth {
            let x_in = if k == 0 { x } else { &self.kept[k - 1] };
            net.layers[k].forward(x_in); // A^k = X̃^(k−1) W^k + B^k, X^k = h_k(A^k)
            if k + 1 < depth {
                let out = &net.layers[k].x;
                let u = uniforms(&seeds, k, out.ncols());
                let (xt, mask) = mine("dropout_forward", || {
                    homework::dropout_forward(out, &u, p, true)
                })?;
                for (what, m) in [("X̃", &xt), ("the mask M", &mask)] {
                    if m.shape() != out.shape() {
                        return Err(misshapen("dropout_forward", what, m.shape(), out.shape()));
                    }
                }
                self.kept.push(xt);
                self.masks.push(mask);
            }
        }
        // ANCHOR: mine_backward
        let loss = net.loss_value(t);
        net.layers[depth - 1].delta = net.output_delta(t); // Δ^K = (X^K − T)/n
        for k in (0..depth - 1).rev() {
            // Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k), then back through the mask
            let delta = net.hidden_delta(k);
            let mask = &self.masks[k];
            let d = mine("dropout_backward", || {
                homework::dropout_backward(&delta, mask)
            })?;
            if d.shape() != delta.shape() {
                return Err(misshapen("dropout_backward", "Δ", d.shape(), delta.shape()));
            }
            net.layers[k].delta = d;
        }
        for k in 0..depth {
            let x_in = if k == 0 { x } else { &self.kept[k - 1] };
            net.layers[k].gradients(x_in); // ∂L/∂W^k = X̃^(k−1)ᵀ Δ^k, ∂L/∂b^k = 1ᵀ Δ^k
        }
        // ANCHOR_END: mine_backward
        if self.lambda > 0.0 {
            let shapes: Vec<_> = net.layers.iter().map(|l| l.dw.shape()).collect();
            mine("weight_decay", || homework::weight_decay(net, self.lambda))?;
            for (l, (layer, want)) in net.layers.iter().zip(shapes).enumerate() {
                if layer.dw.shape() != want {
                    let what = format!("W^{}'s gradient dw", l + 1);
                    return Err(misshapen("weight_decay", &what, layer.dw.shape(), want));
                }
            }
        }
        Ok(loss)
    }

    /// Loss and accuracy on a whole data set: the output with the learner's test-time dropout
    /// between the layers (which must change nothing), in chunks of 10 000 rows as
    /// `Network::evaluate` does, judged by their `accuracy`.
    fn evaluate(&self, net: &Network<f32>, data: Data<'_, f32>) -> nn_core::Result<(f64, f64)> {
        let n = data.x.nrows();
        if n == 0 {
            return Ok((0.0, 0.0));
        }
        let labels = nn_core::argmax_rows(data.t);
        let mut out = DMatrix::zeros(n, net.outputs());
        let mut loss_sum = 0.0;
        for start in (0..n).step_by(10_000) {
            let rows = 10_000.min(n - start);
            let mut x = data.x.rows(start, rows).into_owned();
            for (k, layer) in net.layers.iter().enumerate() {
                x = layer.predict(&x);
                if k + 1 < net.depth() {
                    let u = DMatrix::zeros(x.nrows(), x.ncols());
                    let (xt, _) = mine("dropout_forward", || {
                        homework::dropout_forward(&x, &u, self.p, false)
                    })?;
                    if xt.shape() != x.shape() {
                        return Err(misshapen("dropout_forward", "X̃", xt.shape(), x.shape()));
                    }
                    x = xt;
                }
            }
            let t = data.t.rows(start, rows).into_owned();
            loss_sum += f64::from(net.loss.value(&x, &t)) * rows as f64;
            out.rows_mut(start, rows).copy_from(&x);
        }
        let accuracy = mine("accuracy", || homework::accuracy(&out, &labels))?;
        if !(0.0..=1.0).contains(&accuracy) {
            return Err(CoreError::Plugged(format!(
                "your `accuracy` returned {accuracy} for {n} images; an accuracy is a fraction between 0 and 1 (lessons/lesson6/src/homework.rs; check it with `cargo homework`)"
            )));
        }
        Ok((loss_sum / n as f64, accuracy))
    }
}
