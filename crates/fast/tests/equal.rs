//! The fast engine computes nn-core's formulas: on random networks, step after step, its
//! parameters stay equal to those nn-core's reference passes (`Network::forward`, `backward`,
//! `regularize::dropout_forward_backward`) give — within 1e-12 relative in f64 and 1e-5 in f32 —
//! with SGD, Momentum and Adam, dropout and weight decay, the input stored in rows or in columns;
//! and lesson 6's epoch trainer, on one thread and on two, learns what nn-core's step learns.

mod common;

use common::images;
use nalgebra::DMatrix;
use nn_core::regularize::{Dropout, add_weight_decay, dropout_forward_backward};
use nn_core::train::apply_gradients;
use nn_core::{Activation, Architecture, Float, Network, OptimizerKind, one_hot};
use nn_fast::dropout::dropout_step;
use nn_fast::{EpochTrainer, Input, Kernel, gradients, predict};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// `max |a − b| / max |b|` (the difference relative to the matrix's scale).
fn relative<T: Float>(a: &DMatrix<T>, b: &DMatrix<T>) -> f64 {
    let diff = (a - b).abs().max().as_f64();
    let scale = b.abs().max().as_f64();
    if scale == 0.0 { diff } else { diff / scale }
}

/// The largest difference between the parameters of `fast` and `reference`: a layer's `W^k`
/// and `b^k` together (the lecture's augmented weight matrix), relative to their largest
/// magnitude.
fn parameters_apart<T: Float>(fast: &Network<T>, reference: &Network<T>) -> f64 {
    let params = |l: &nn_core::Dense<T>| {
        let mut p = l.w.clone().insert_row(0, T::zero());
        p.row_mut(0).copy_from(&l.b);
        p
    };
    (fast.layers.iter().zip(&reference.layers))
        .map(|(f, r)| relative(&params(f), &params(r)))
        .fold(0.0, f64::max)
}

/// The largest difference between the gradients of `fast` and `reference` after a step on
/// targets `t` whose layers read `inputs` (X^(k−1), or X̃^(k−1) with dropout masks `masks`).
///
/// Each entry is measured against the size of the terms it is made of, since rounding errs by a
/// fraction of that, however much the terms cancel: `Δ^K = (X^K − T)/n` against
/// `M^K = (|X^K| + |T|)/n`, `Δ^k = (Δ^(k+1) W^(k+1)ᵀ) ⊙ h_k'(A^k) (⊙ M^k)` against
/// `M^k = (M^(k+1) |W^(k+1)|ᵀ) ⊙ |h_k'(A^k)| (⊙ |M^k|)`, the input X^(k−1) against
/// `S^(k−1) = |X^(k−1)| + |X^(k−2)| |W^(k−1)| + 1 ⊗ |b^(k−1)|` (what it was computed from), and
/// so `∂L/∂W^k = X^(k−1)ᵀ Δ^k` against `S^(k−1)ᵀ M^k`, `∂L/∂b^k = 1ᵀ Δ^k` against `1ᵀ M^k`.
fn gradients_apart<T: Float>(
    fast: &Network<T>,
    reference: &Network<T>,
    inputs: &[DMatrix<T>],
    t: &DMatrix<T>,
    masks: Option<&[DMatrix<T>]>,
) -> f64 {
    let depth = reference.depth();
    let last = &reference.layers[depth - 1];
    let mut size = (last.x.abs() + t.abs()) / T::of(t.nrows() as f64);
    let mut sizes = vec![size.clone()];
    for k in (0..depth - 1).rev() {
        let (layer, above) = (&reference.layers[k], &reference.layers[k + 1]);
        let h_prime = layer.activation.derivative_at(&layer.a, &layer.x).abs();
        size = (&size * above.w.abs().transpose()).component_mul(&h_prime);
        if let Some(masks) = masks {
            size = size.component_mul(&masks[k].abs());
        }
        sizes.push(size.clone());
    }
    sizes.reverse();
    // The inputs' own sizes: layer k's input X^k = h_k(X^(k−1) W^k + 1 ⊗ b^k) errs by a fraction
    // of |X^(k−1)| |W^k| + 1 ⊗ |b^k| (|h'| ≤ 1 for ReLU, tanh and the sigmoid), masked like X̃^k.
    let mut input_sizes = vec![inputs[0].abs()];
    for k in 1..depth {
        let below = &reference.layers[k - 1];
        let mut terms = &inputs[k - 1].abs() * below.w.abs();
        for mut column in terms.row_iter_mut() {
            column += below.b.abs();
        }
        if let Some(masks) = masks {
            terms = terms.component_mul(&masks[k - 1].abs());
        }
        input_sizes.push(inputs[k].abs() + terms);
    }
    let mut worst: f64 = 0.0;
    for (((f, r), x), m) in fast
        .layers
        .iter()
        .zip(&reference.layers)
        .zip(&input_sizes)
        .zip(&sizes)
    {
        let apart = |a: f64, scale: f64| if scale == 0.0 { a } else { a / scale };
        let terms_dw = x.transpose() * m;
        let dw = apart(
            (&f.dw - &r.dw).abs().max().as_f64(),
            terms_dw.max().as_f64(),
        );
        let db = apart(
            (&f.db - &r.db).abs().max().as_f64(),
            m.row_sum().max().as_f64(),
        );
        worst = worst.max(dw).max(db);
    }
    worst
}

/// A random network: 2–4 layers of widths 1–12, hidden activation `hidden`.
fn random_network<T: Kernel>(rng: &mut ChaCha8Rng, hidden: Activation) -> Network<T> {
    let depth = rng.random_range(2..=4);
    let mut sizes: Vec<usize> = (0..=depth).map(|_| rng.random_range(1..=12)).collect();
    // At least two classes (a softmax over one output is always 1: nothing to learn).
    sizes[depth] = sizes[depth].max(2);
    let arch = Architecture::classifier(&sizes, hidden);
    Network::new(&arch, rng.random()).unwrap()
}

/// A random batch of `n` rows for `net`: inputs in [−2, 2], one-hot targets.
fn random_batch<T: Kernel>(
    rng: &mut ChaCha8Rng,
    net: &Network<T>,
    n: usize,
) -> (DMatrix<T>, DMatrix<T>) {
    let x = DMatrix::from_fn(n, net.inputs(), |_, _| T::of(rng.random_range(-2.0..2.0)));
    let labels: Vec<usize> = (0..n).map(|_| rng.random_range(0..net.outputs())).collect();
    (x, one_hot(&labels, net.outputs()))
}

/// Trains a copy of a random network with nn-core's passes and another with the fast passes,
/// 12 steps on random batches, and returns the largest relative difference seen after any step.
fn steps_apart<T: Kernel>(
    seed: u64,
    hidden: Activation,
    kind: OptimizerKind,
    dropout: f32,
    lambda: f64,
    columns: bool,
) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut reference: Network<T> = random_network(&mut rng, hidden);
    let mut fast = reference.clone();
    let (mut opt_r, mut opt_f) = (kind.build::<T>(), kind.build::<T>());
    let (mut drop_r, mut drop_f) = (Dropout::default(), Dropout::default());
    let eta = T::of(0.05);
    let mut worst: f64 = 0.0;
    for _ in 0..12 {
        let n = rng.random_range(1..=9);
        let (x, t) = random_batch(&mut rng, &reference, n);
        let seeds: Vec<u64> = (0..n).map(|_| rng.random()).collect();
        let xt = x.transpose();
        let input = if columns {
            Input::Columns(&xt)
        } else {
            Input::Rows(&x)
        };
        let (loss_r, loss_f) = if dropout > 0.0 {
            (
                dropout_forward_backward(&mut reference, &x, &t, &seeds, dropout, &mut drop_r),
                dropout_step(&mut fast, input, &t, &seeds, dropout, &mut drop_f),
            )
        } else {
            reference.forward(&x).unwrap();
            let loss_r = reference.loss_value(&t);
            reference.backward(&x, &t).unwrap();
            (loss_r, gradients(&mut fast, input, &t).unwrap())
        };
        let loss_apart = (loss_r - loss_f).abs().as_f64() / loss_r.abs().as_f64().max(1e-300);
        worst = worst.max(loss_apart);
        let masks = (dropout > 0.0).then_some(&drop_r.masks[..]);
        let mut inputs = vec![x.clone()];
        for k in 1..reference.depth() {
            inputs.push(if dropout > 0.0 {
                drop_r.kept[k - 1].clone()
            } else {
                reference.layers[k - 1].x.clone()
            });
        }
        worst = worst.max(gradients_apart(&fast, &reference, &inputs, &t, masks));
        // Weight decay adds λW to the gradient: compare the parameters after the update.
        add_weight_decay(&mut reference, T::of(lambda));
        add_weight_decay(&mut fast, T::of(lambda));
        apply_gradients(&mut reference, opt_r.as_mut(), eta);
        apply_gradients(&mut fast, opt_f.as_mut(), eta);
        worst = worst.max(parameters_apart(&fast, &reference));
    }
    let (x, _) = random_batch(&mut rng, &reference, 5);
    let outputs = relative(
        &predict(&fast, &x).unwrap(),
        &reference.predict(&x).unwrap(),
    );
    worst.max(outputs)
}

/// Every combination, on `networks` random networks each: the largest difference.
fn all_apart<T: Kernel>(networks: u64) -> f64 {
    let mut worst: f64 = 0.0;
    for seed in 0..networks {
        for hidden in [Activation::Relu, Activation::Tanh, Activation::Sigmoid] {
            for kind in [
                OptimizerKind::Sgd,
                OptimizerKind::Momentum,
                OptimizerKind::Adam,
            ] {
                for (dropout, lambda) in [(0.0, 0.0), (0.3, 0.0), (0.0, 1e-2), (0.25, 1e-3)] {
                    for columns in [false, true] {
                        let d = steps_apart::<T>(seed, hidden, kind, dropout, lambda, columns);
                        assert!(
                            d.is_finite(),
                            "{hidden} {kind} dropout {dropout} λ {lambda}: {d}"
                        );
                        worst = worst.max(d);
                    }
                }
            }
        }
    }
    worst
}

#[test]
fn in_f64_the_fast_passes_stay_within_1e_12_of_nn_core_step_after_step() {
    let worst = all_apart::<f64>(6);
    assert!(worst < 1e-12, "f64: relative difference {worst:e}");
}

#[test]
fn in_f32_the_fast_passes_stay_within_1e_5_of_nn_core_step_after_step() {
    let worst = all_apart::<f32>(6);
    assert!(worst < 1e-5, "f32: relative difference {worst:e}");
}

#[test]
fn the_comparison_sees_a_wrong_formula() {
    // The same harness, with the fast side's bias gradient not summed over the batch (only the
    // first row): the difference must be large, or the tests above could not fail.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let arch = Architecture::classifier(&[4, 5, 3], Activation::Tanh);
    let mut reference: Network<f64> = Network::new(&arch, 3).unwrap();
    let mut fast = reference.clone();
    let (x, t) = random_batch(&mut rng, &reference, 6);
    reference.forward(&x).unwrap();
    reference.backward(&x, &t).unwrap();
    gradients(&mut fast, Input::Rows(&x), &t).unwrap();
    let inputs = [x.clone(), reference.layers[0].x.clone()];
    assert!(gradients_apart(&fast, &reference, &inputs, &t, None) < 1e-12);
    let last = fast.layers.last_mut().unwrap();
    let first_row = last.delta.row(0).into_owned();
    last.db = first_row;
    assert!(gradients_apart(&fast, &reference, &inputs, &t, None) > 1e-3);
}

#[test]
fn a_wrongly_shaped_input_is_an_error_that_names_the_layout() {
    let arch = Architecture::classifier(&[5, 7, 3], Activation::Tanh);
    let mut net: Network<f64> = Network::new(&arch, 9).unwrap();
    let x = DMatrix::from_fn(4, 5, |i, j| ((i * 5 + j) as f64 * 0.7).sin());
    let err = nn_fast::forward(&mut net, Input::Columns(&x))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("one instance per column") && err.contains("5 rows"),
        "{err}"
    );
    let err = nn_fast::forward(&mut net, Input::Rows(&x.transpose()))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the input X") && err.contains("4 columns"),
        "{err}"
    );
}

#[test]
fn the_epoch_trainer_learns_what_nn_cores_step_learns_on_one_and_two_threads() {
    // One batch of the whole set per epoch: the trainer's shuffle only reorders the rows, which
    // changes a gradient's rounding, not its value. (Dropout and shifts draw per position; the
    // tests above check dropout's passes, epoch.rs that threads do not change the updates.)
    let set = images(30);
    let (x, t) = (set.rows_as::<f64>(), one_hot::<f64>(&set.labels, 10));
    let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
    for kind in [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adam,
    ] {
        for threads in [1, 2] {
            let mut reference: Network<f64> = Network::new(&arch, 4).unwrap();
            let mut fast = reference.clone();
            let (mut opt_r, mut opt_f) = (kind.build::<f64>(), kind.build::<f64>());
            let lambda = 1e-3;
            let mut trainer = EpochTrainer::new(&fast, set.n(), threads, 5)
                .unwrap()
                .with_weight_decay(lambda as f32);
            for epoch in 0..4 {
                reference.forward(&x).unwrap();
                let loss_r = reference.loss_value(&t);
                reference.backward(&x, &t).unwrap();
                add_weight_decay(&mut reference, f64::from(lambda as f32));
                apply_gradients(&mut reference, opt_r.as_mut(), 0.1);
                let loss_f =
                    common::epoch(&mut trainer, &mut fast, opt_f.as_mut(), &set, 0.1).unwrap();
                assert!(
                    (loss_f - loss_r).abs() < 1e-12 * loss_r,
                    "{kind}, {threads} thread(s), epoch {epoch}: loss {loss_f} against {loss_r}"
                );
                for (f, r) in fast.layers.iter().zip(&reference.layers) {
                    let d = relative(&f.w, &r.w);
                    assert!(d < 1e-12, "{kind}, {threads} thread(s): W apart by {d:e}");
                }
            }
            assert_ne!(
                fast.layers[0].w,
                Network::<f64>::new(&arch, 4).unwrap().layers[0].w
            );
        }
    }
}
