//! The check of `weight_decay`: a small network whose gradients `dw`, `db` are set, then every
//! layer compared with `dw + λW` (and `w`, `b`, `db` unchanged).

use crate::mine::WeightDecayFn;
use nalgebra::DMatrix;
use nn_core::{Activation, Architecture, Network};
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential};

/// λ of the check.
const LAMBDA: f32 = 0.1;

/// A 3-4-2 network (two layers, so "every layer" shows) with nonzero gradients.
fn network() -> Network<f32> {
    let arch = Architecture::classifier(&[3, 4, 2], Activation::Relu);
    let mut net: Network<f32> = Network::new(&arch, 7).expect("a 3-4-2 network builds");
    for (l, layer) in net.layers.iter_mut().enumerate() {
        layer.b = layer.b.map(|_| 0.3)
            + nalgebra::RowDVector::from_fn(layer.b.len(), |_, j| j as f32 * 0.1);
        layer.dw = DMatrix::from_fn(layer.w.nrows(), layer.w.ncols(), |i, j| {
            ((i * 3 + j + l) as f32 * 0.9).cos() * 0.2
        });
        layer.db = nalgebra::RowDVector::from_fn(layer.b.len(), |_, j| 0.05 * j as f32 - 0.1);
    }
    net
}

/// The reference: `dw ← dw + λ W` on every layer.
pub fn reference(net: &mut Network<f32>, lambda: f32) {
    for layer in &mut net.layers {
        layer.dw += &layer.w * lambda;
    }
}

fn same(a: &DMatrix<f32>, b: &DMatrix<f32>) -> bool {
    a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| (x - y).abs() <= 1e-6)
}

// ANCHOR: check_weight_decay
/// Checks a `weight_decay(net, λ)` (exercise `weight_decay`): every layer's `dw` becomes
/// `dw + λW`, and `w`, `b`, `db` stay as they were. The message names the mistake it recognizes:
/// `(λ/2)W` or `2λW`, `−λW`, `dw` replaced by `λW`, a layer left out, the bias decayed, the
/// weights changed instead of their gradient.
pub fn weight_decay(f: WeightDecayFn) -> Result<(), String> {
    let before = network();
    let mut got = before.clone();
    let what = format!("weight_decay(a 3-4-2 network, λ = {LAMBDA})");
    call(&what, || f(&mut got, LAMBDA))?;
    let mut want = before.clone();
    reference(&mut want, LAMBDA);
    for (l, ((g, w), b)) in got
        .layers
        .iter()
        .zip(&want.layers)
        .zip(&before.layers)
        .enumerate()
    {
        let layer = format!("layer {} (W^{})", l + 1, l + 1);
        if !same(&g.w, &b.w) {
            return Err(format!(
                "{what} changed the weights W of {layer}; change only their gradient dw — the \
                 optimizer then updates W with it"
            ));
        }
        if g.b != b.b || g.db != b.db {
            return Err(format!(
                "{what} changed the bias or its gradient db in {layer}; biases are not decayed, \
                 the penalty (λ/2) Σ ‖W‖² has only the weights"
            ));
        }
        if same(&g.dw, &w.dw) {
            continue;
        }
        let with = |c: f32| &b.dw + &b.w * c;
        let hint = if same(&g.dw, &b.dw) {
            "that dw is unchanged: add λ W to the gradient of every layer".to_string()
        } else if same(&g.dw, &with(LAMBDA / 2.0)) {
            "you added (λ/2) W; the derivative of (λ/2) w² is λ w".into()
        } else if same(&g.dw, &with(2.0 * LAMBDA)) {
            "you added 2λ W; the 2 of w² cancels the 1/2 of (λ/2): the term is λ W".into()
        } else if same(&g.dw, &with(-LAMBDA)) {
            "you subtracted λ W; the gradient gains +λ W (the optimizer's step −η ∂L/∂W then \
             shrinks the weights)"
                .into()
        } else if same(&g.dw, &(&b.w * LAMBDA)) {
            "dw was replaced by λ W; add it to the loss's gradient: dw + λ W".into()
        } else {
            "dw should be dw + λ W".into()
        };
        let (i, j) = (0..g.dw.nrows())
            .flat_map(|i| (0..g.dw.ncols()).map(move |j| (i, j)))
            .find(|&(i, j)| (g.dw[(i, j)] - w.dw[(i, j)]).abs() > 1e-6)
            .unwrap_or((0, 0));
        return Err(format!(
            "{what}: in {layer}, dw entry ({}, {}) is {} but should be {}; {hint}",
            i + 1,
            j + 1,
            g.dw[(i, j)],
            w.dw[(i, j)]
        ));
    }
    decay_differential(f)
}
// ANCHOR_END: check_weight_decay

/// The answer against [`reference`] on generated networks: 1 to 4 layers of 1 to 4 units,
/// gradients and weights from the network's seed, λ from 0 up; every layer's `dw` must be
/// `dw + λW` and nothing else may change.
fn decay_differential(f: WeightDecayFn) -> Result<(), String> {
    let inputs = (
        prop::collection::vec(1usize..=4, 2..=5),
        prop_oneof![Just(0.0f32), Just(0.5f32), 0.0f32..1.0],
        0u64..1000,
    );
    differential(inputs, |(sizes, lambda, seed)| {
        let arch = Architecture::classifier(sizes, Activation::Relu);
        let mut before: Network<f32> = Network::new(&arch, *seed).expect("the sizes are valid");
        for (l, layer) in before.layers.iter_mut().enumerate() {
            layer.dw = DMatrix::from_fn(layer.w.nrows(), layer.w.ncols(), |i, j| {
                ((i * 5 + j * 3 + l + *seed as usize) as f32 * 0.7).sin()
            });
        }
        let mut got = before.clone();
        let what = format!("weight_decay(a {sizes:?} network, λ = {lambda:?})");
        call(&what, || f(&mut got, *lambda))?;
        let mut want = before.clone();
        reference(&mut want, *lambda);
        for (l, (g, w)) in got.layers.iter().zip(&want.layers).enumerate() {
            if !same(&g.dw, &w.dw) || !same(&g.w, &w.w) || g.b != w.b || g.db != w.db {
                return Err(format!(
                    "{what}: layer {} of {} differs from dw + λW (with w, b and db unchanged): \
                     its dw is {} but should be {}",
                    l + 1,
                    got.layers.len(),
                    nn_course::check::exact(&g.dw.map(f64::from)),
                    nn_course::check::exact(&w.dw.map(f64::from))
                ));
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half(net: &mut Network<f32>, lambda: f32) {
        reference(net, lambda / 2.0);
    }
    fn minus(net: &mut Network<f32>, lambda: f32) {
        reference(net, -lambda);
    }
    fn replaced(net: &mut Network<f32>, lambda: f32) {
        for layer in &mut net.layers {
            layer.dw = &layer.w * lambda;
        }
    }
    fn first_layer_only(net: &mut Network<f32>, lambda: f32) {
        let layer = &mut net.layers[0];
        layer.dw += &layer.w * lambda;
    }
    fn bias_decayed_too(net: &mut Network<f32>, lambda: f32) {
        reference(net, lambda);
        for layer in &mut net.layers {
            layer.db += &layer.b * lambda;
        }
    }
    fn shrinks_the_weights(net: &mut Network<f32>, lambda: f32) {
        for layer in &mut net.layers {
            layer.w *= 1.0 - lambda;
        }
    }

    #[test]
    fn the_reference_and_the_solution_pass() {
        assert_eq!(weight_decay(reference), Ok(()));
        assert_eq!(
            weight_decay(crate::solution_for_tests::weight_decay),
            Ok(())
        );
        // The library's own weight decay is the same term.
        assert_eq!(
            weight_decay(nn_core::regularize::add_weight_decay::<f32>),
            Ok(())
        );
    }

    #[test]
    fn mistakes_are_rejected_with_their_reason() {
        let cases: [(WeightDecayFn, &str); 6] = [
            (half, "(λ/2) W"),
            (minus, "subtracted λ W"),
            (replaced, "dw was replaced"),
            (first_layer_only, "layer 2 (W^2), dw entry"),
            (bias_decayed_too, "biases are not decayed"),
            (shrinks_the_weights, "changed the weights W"),
        ];
        for (f, needle) in cases {
            let e = weight_decay(f).unwrap_err();
            assert!(e.contains(needle), "expected {needle:?} in {e}");
        }
    }
}
