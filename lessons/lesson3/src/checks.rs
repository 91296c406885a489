//! One check per homework exercise: each takes the function under test and returns `Ok(())` or a
//! message saying what is wrong and what to look at. Every check compares with nn-core on several
//! random networks (depths 1–3, ReLU and tanh, batch sizes 1 and 7).

use nalgebra::DMatrix;
use nn_core::{Activation, Architecture, Network, Schedule, column_sum};
use nn_course::check::proptest::prelude::*;
use nn_course::check::{call, differential};

/// The signature of the `forward_loop` exercise.
pub type ForwardFn = fn(&mut Network<f64>, &DMatrix<f64>);
/// The signature of the `backward_loop` exercise.
pub type BackwardFn = fn(&mut Network<f64>, &DMatrix<f64>, &DMatrix<f64>);
/// The signature of the `update_eta` exercise.
pub type UpdateEtaFn = fn(f64, usize, f64, usize) -> f64;

/// A deterministic "random" matrix (no RNG needed): entries in [−scale, scale].
fn matrix(rows: usize, cols: usize, seed: usize, scale: f64) -> DMatrix<f64> {
    DMatrix::from_fn(rows, cols, |i, j| {
        scale * ((i * 37 + j * 101 + seed * 13) as f64 * 0.7 + 0.3).sin()
    })
}

/// Networks of several shapes, with non-zero biases (so a forgotten bias shows).
fn cases() -> Vec<(Network<f64>, DMatrix<f64>, DMatrix<f64>)> {
    let shapes: [(&[usize], Activation, usize); 5] = [
        (&[2, 10, 10, 2], Activation::Relu, 7),
        (&[2, 10, 10, 2], Activation::Tanh, 1),
        (&[3, 5, 4], Activation::Relu, 7),
        (&[4, 4, 4, 3], Activation::Tanh, 5),
        (&[3, 2], Activation::Relu, 6),
    ];
    shapes
        .iter()
        .enumerate()
        .map(|(c, &(sizes, act, n))| case(sizes, act, n, c))
        .collect()
}

/// One case: a network of `sizes` with hidden activation `act` (seed `c`, non-zero biases), a
/// batch of `n` inputs and one-hot targets.
fn case(
    sizes: &[usize],
    act: Activation,
    n: usize,
    c: usize,
) -> (Network<f64>, DMatrix<f64>, DMatrix<f64>) {
    let mut net =
        Network::<f64>::new(&Architecture::classifier(sizes, act), c as u64).expect("valid sizes");
    for (l, layer) in net.layers.iter_mut().enumerate() {
        let m = layer.b.len();
        layer.b = matrix(1, m, 7 * c + l, 0.5).row(0).into_owned();
    }
    let x = matrix(n, sizes[0], c, 2.0);
    let classes = sizes[sizes.len() - 1];
    let labels: Vec<usize> = (0..n).map(|i| (i * 7 + c) % classes).collect();
    (net, x, nn_core::one_hot(&labels, classes))
}

/// Generated cases: 1 to 3 layers of 1 to 5 units (2 to 4 outputs), ReLU, tanh or sigmoid in
/// the hidden layers, batches of 1 to 6; proptest shrinks a failing one to the smallest network.
fn generated_cases() -> impl Strategy<Value = (Vec<usize>, usize, usize, usize)> {
    (
        prop::collection::vec(1usize..=5, 1..=3),
        2usize..=4,
        0usize..3,
        1usize..=6,
        0usize..1000,
    )
        .prop_map(|(mut sizes, out, act, n, seed)| {
            sizes.push(out);
            (sizes, act, n, seed)
        })
}

/// The generated case as a network, inputs and targets.
fn build(
    (sizes, act, n, seed): &(Vec<usize>, usize, usize, usize),
) -> (Network<f64>, DMatrix<f64>, DMatrix<f64>) {
    let act = [Activation::Relu, Activation::Tanh, Activation::Sigmoid][*act];
    case(sizes, act, *n, *seed)
}

/// Largest absolute difference, or `None` if the shapes differ.
fn diff(a: &DMatrix<f64>, b: &DMatrix<f64>) -> Option<f64> {
    (a.shape() == b.shape()).then(|| {
        a.iter()
            .zip(b.iter())
            .map(|(x, y)| {
                if x.is_nan() || y.is_nan() {
                    f64::INFINITY
                } else {
                    (x - y).abs()
                }
            })
            .fold(0.0, f64::max)
    })
}

fn same(name: &str, got: &DMatrix<f64>, want: &DMatrix<f64>) -> Result<(), String> {
    match diff(got, want) {
        None => Err(format!(
            "{name} is {}×{} but should be {}×{}",
            got.nrows(),
            got.ncols(),
            want.nrows(),
            want.ncols()
        )),
        Some(d) if d > 1e-9 => Err(format!("{name} is off by up to {d:.3e}")),
        Some(_) => Ok(()),
    }
}

fn describe(net: &Network<f64>, n: usize) -> String {
    format!(
        "network {:?} ({}), batch of {n}",
        net.sizes(),
        net.layers[0].activation
    )
}

/// `nn.layers[k − 1].x`, or `x0` for the first layer, as the learner would write it.
fn input_of(k: usize) -> String {
    if k == 0 {
        "x0".into()
    } else {
        format!("nn.layers[{}].x", k - 1)
    }
}

/// Checks the `forward_loop` exercise: every layer's `a` and `x` must equal
/// `A^l = X^(l−1) W^l + B^l`, `X^l = h_l(A^l)` as nn-core computes them. Layers are counted as in
/// the lectures, l = 1…depth; layer l is `nn.layers[l − 1]`.
pub fn check_forward_loop(forward_loop: ForwardFn) -> Result<(), String> {
    for (net, x0, _) in cases() {
        forward_case(forward_loop, &net, &x0)?;
    }
    differential(generated_cases(), |g| {
        let (net, x0, _) = build(g);
        forward_case(forward_loop, &net, &x0)
    })
}

/// `forward_loop` on one network and batch, against nn-core's forward pass.
fn forward_case(
    forward_loop: ForwardFn,
    net: &Network<f64>,
    x0: &DMatrix<f64>,
) -> Result<(), String> {
    let x0 = x0.clone();
    {
        let mut want = net.clone();
        want.forward(&x0).map_err(|e| e.to_string())?;
        let mut got = net.clone();
        let what = describe(net, x0.nrows());
        call(&format!("forward_loop on a {what}"), || {
            forward_loop(&mut got, &x0)
        })?;
        let depth = net.depth();
        for k in 0..depth {
            let l = k + 1;
            let (g, w) = (&got.layers[k], &want.layers[k]);
            let layer = format!("layer {l} of {depth} (nn.layers[{k}])");
            if let Err(e) = same(&format!("{layer}: a"), &g.a, &w.a) {
                let x_prev = if k == 0 { &x0 } else { &want.layers[k - 1].x };
                let no_bias = x_prev * &w.w;
                let hint = if diff(&g.a, &no_bias).is_some_and(|d| d < 1e-9) {
                    format!(
                        "you forgot the bias: add B^{l} = (1,…,1)ᵀ ⊗ b^{l}, \
                         nn_core::expansion_bias(&nn.layers[{k}].b, n)"
                    )
                } else {
                    format!(
                        "A^{l} = X^{} W^{l} + B^{l}: nn.layers[{k}].a = {} * &nn.layers[{k}].w + \
                         expansion_bias(&nn.layers[{k}].b, n)",
                        l - 1,
                        input_of(k)
                    )
                };
                return Err(format!("{what}: {e}; {hint}"));
            }
            if let Err(e) = same(&format!("{layer}: x"), &g.x, &w.x) {
                return Err(format!(
                    "{what}: {e}; X^{l} = h_{l}(A^{l}) with h_{l} = nn.layers[{k}].activation \
                     ({} here: each layer has its own, and softmax is only in the last layer)",
                    w.activation
                ));
            }
        }
    }
    Ok(())
}

/// Checks the `backward_loop` exercise: after nn-core's forward pass, every layer's `delta`, `dw` and
/// `db` must equal nn-core's backpropagation.
pub fn check_backward_loop(backward_loop: BackwardFn) -> Result<(), String> {
    for (net, x0, t) in cases() {
        backward_case(backward_loop, &net, &x0, &t)?;
    }
    differential(generated_cases(), |g| {
        let (net, x0, t) = build(g);
        backward_case(backward_loop, &net, &x0, &t)
    })
}

/// `backward_loop` on one network, batch and targets, against nn-core's backward pass.
fn backward_case(
    backward_loop: BackwardFn,
    net: &Network<f64>,
    x0: &DMatrix<f64>,
    t: &DMatrix<f64>,
) -> Result<(), String> {
    let (x0, t) = (x0.clone(), t.clone());
    {
        let mut want = net.clone();
        want.forward(&x0).map_err(|e| e.to_string())?;
        let mut got = want.clone();
        // Every delta starts as a marker of the right shape: a loop that runs forwards reads
        // the next layer's delta before it is computed, and the marker shows that it did.
        let n = x0.nrows();
        let markers: Vec<DMatrix<f64>> = (0..got.layers.len())
            .map(|k| matrix(n, got.layers[k].b.len(), 50 + k, 3.0))
            .collect();
        for (layer, marker) in got.layers.iter_mut().zip(&markers) {
            layer.delta = marker.clone();
        }
        want.backward(&x0, &t).map_err(|e| e.to_string())?;
        let what = describe(net, x0.nrows());
        call(&format!("backward_loop on a {what}"), || {
            backward_loop(&mut got, &x0, &t)
        })?;
        let depth = net.depth();
        for k in (0..depth).rev() {
            let l = k + 1;
            let (g, w) = (&got.layers[k], &want.layers[k]);
            let layer = format!("layer {l} of {depth} (nn.layers[{k}])");
            if let Err(e) = same(&format!("{layer}: delta"), &g.delta, &w.delta) {
                if k + 1 < depth {
                    let next = &want.layers[k + 1];
                    let stale = (&markers[k + 1] * next.w.transpose())
                        .component_mul(&w.activation.derivative(&w.a));
                    if diff(&g.delta, &stale).is_some_and(|d| d < 1e-9) {
                        return Err(format!(
                            "{what}: {e}; the loop runs the wrong way: layer {l} used \
                             nn.layers[{}].delta before the loop had computed it (it still held \
                             what was there before the call). Δ flows from the output back to the \
                             input: the last layer first, `for k in (0..depth).rev()`",
                            k + 1
                        ));
                    }
                }
                return Err(format!(
                    "{what}: {e}; {}",
                    delta_hint(&want, k, &g.delta, &w.delta)
                ));
            }
            if let Err(e) = same(&format!("{layer}: dw"), &g.dw, &w.dw) {
                return Err(format!(
                    "{what}: {e}; ∂L/∂W^{l} = X^{}ᵀ Δ^{l}: nn.layers[{k}].dw = {}.transpose() * \
                     &nn.layers[{k}].delta",
                    l - 1,
                    input_of(k)
                ));
            }
            let (gb, wb) = (
                DMatrix::from_row_slice(1, g.db.len(), g.db.as_slice()),
                DMatrix::from_row_slice(1, w.db.len(), w.db.as_slice()),
            );
            if let Err(e) = same(&format!("{layer}: db"), &gb, &wb) {
                let mean = column_sum(&w.delta) / w.delta.nrows() as f64;
                let hint = if g.db.len() == mean.len() && (&g.db - &mean).amax() < 1e-9 {
                    "you averaged Δ over the batch; ∂L/∂b is its column sum (the 1/n is already in \
                     the last layer's Δ)"
                        .to_string()
                } else {
                    format!(
                        "∂L/∂b^{l} is the column sums of Δ^{l}: (Σ_i δ_i1, Σ_i δ_i2, …), \
                         nn_core::column_sum(&nn.layers[{k}].delta)"
                    )
                };
                return Err(format!("{what}: {e}; {hint}"));
            }
        }
    }
    Ok(())
}

/// What to say about a wrong `delta` of layer `k + 1` (0-based `k`), given the correct network
/// `want` (its next layer's delta is already known to be right).
fn delta_hint(want: &Network<f64>, k: usize, got: &DMatrix<f64>, right: &DMatrix<f64>) -> String {
    let depth = want.depth();
    let l = k + 1;
    if l < depth {
        let (layer, next) = (&want.layers[k], &want.layers[k + 1]);
        let back = &next.delta * next.w.transpose();
        let matches = |m: DMatrix<f64>| diff(got, &m).is_some_and(|d| d < 1e-9);
        let own = layer.activation;
        let formula = format!(
            "Δ^{l} = (Δ^{} W^{}ᵀ) ⊙ h_{l}'(A^{l}): (&nn.layers[{}].delta * nn.layers[{}].w.transpose())\
             .component_mul(&nn.layers[{k}].activation.derivative(&nn.layers[{k}].a))",
            l + 1,
            l + 1,
            k + 1,
            k + 1
        );
        if matches(back.clone()) {
            return format!(
                "you left out ⊙ h_{l}'(A^{l}), the derivative of the layer's activation; {formula}"
            );
        }
        if matches(back.component_mul(&own.derivative(&layer.x))) {
            return format!(
                "the derivative is taken at the layer's a (A^{l}, before the activation), not at its x; {formula}"
            );
        }
        if let Some(other) = [Activation::Relu, Activation::Tanh, Activation::Sigmoid]
            .into_iter()
            .filter(|&h| h != own)
            .find(|h| matches(back.component_mul(&h.derivative(&layer.a))))
        {
            return format!(
                "this is {other}'s derivative, but this network's hidden layers use {own}: take each \
                 layer's own activation, nn.layers[{k}].activation, rather than a fixed one; {formula}"
            );
        }
        return format!(
            "{formula} — the next layer's delta and w, times element-wise the derivative of this \
             layer's own activation ({own} here) at this layer's a"
        );
    }
    let ratio = if got.shape() == right.shape() {
        let (dot, norm) = got
            .iter()
            .zip(right.iter())
            .fold((0.0, 0.0), |(d, s), (g, w)| (d + g * w, s + w * w));
        dot / norm
    } else {
        f64::NAN
    };
    let k_ = format!("Δ^{l} = (X^{l} − T)/n, with X^{l} = nn.layers[{k}].x");
    if (ratio - 2.0).abs() < 1e-6 {
        format!(
            "the last layer's Δ is twice the true gradient, as with the lectures' \
             calc_r_cross_entropy; for softmax + cross entropy {k_}"
        )
    } else if (ratio - right.nrows() as f64).abs() < 1e-6 && right.nrows() > 1 {
        format!("divide by the batch size n = x0.nrows(): {k_}")
    } else {
        format!("for softmax + cross entropy the last layer's delta is {k_}")
    }
}

/// Checks the `update_eta` exercise against the learning plan
/// `η_i = η · attenuation^⌊i / learning_plan⌋` over 10 000 iterations of several plans.
pub fn check_update_eta(update_eta: UpdateEtaFn) -> Result<(), String> {
    let plans = [
        (0.03, 0.6, 2000),
        (1.0, 0.5, 3),
        (0.1, 0.9, 1),
        (0.2, 0.5, 0),
    ];
    for (eta0, attenuation, learning_plan) in plans {
        let plan = Schedule::StepDecay {
            eta: eta0,
            attenuation,
            learning_plan,
        };
        let mut eta = eta0;
        for i in 0..10_000 {
            eta = call("update_eta", || {
                update_eta(eta, i, attenuation, learning_plan)
            })
            .map_err(|e| format!("{e} (with learning_plan = {learning_plan}, 0 means never)"))?;
            let want = plan.eta(i + 1);
            if (eta - want).abs() > 1e-12 * want.abs().max(1e-300) {
                return Err(format!(
                    "with eta = {eta0}, attenuation = {attenuation}, learning_plan = \
                     {learning_plan}: after iteration i = {i} (0-based) eta should be {want} but \
                     is {eta}; attenuate when (i+1) % learning_plan == 0{}",
                    if learning_plan == 0 {
                        ", and never when learning_plan is 0"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    // One step at a time on generated plans: any η, every attenuation, plans 0 (never) to 7.
    let steps = (
        prop_oneof![Just(1.0f64), 1e-6..10.0f64],
        0usize..=50,
        prop_oneof![Just(0.5f64), 0.0..1.0f64],
        0usize..=7,
    );
    differential(steps, |&(eta, i, attenuation, learning_plan)| {
        let what = format!(
            "update_eta(eta = {eta:?}, i = {i}, attenuation = {attenuation:?}, learning_plan = \
             {learning_plan})"
        );
        let got = call(&what, || update_eta(eta, i, attenuation, learning_plan))?;
        let attenuate = learning_plan > 0 && (i + 1) % learning_plan == 0;
        let want = if attenuate { eta * attenuation } else { eta };
        if got == want || (got - want).abs() <= 1e-12 * want.abs() {
            return Ok(());
        }
        Err(format!(
            "{what} is {got:?} but should be {want:?}: (i + 1) % learning_plan {} 0{}",
            if attenuate { "==" } else { "!=" },
            if learning_plan == 0 {
                " — learning_plan = 0 means never attenuate"
            } else if attenuate {
                ", so this step attenuates: eta · attenuation"
            } else {
                ", so eta stays as it is"
            }
        ))
    })
}

#[cfg(test)]
// The wrong solutions are written the lecture's way, with `%`.
#[allow(clippy::manual_is_multiple_of)]
mod tests {
    use super::*;
    use nn_core::expansion_bias;

    fn reference_forward(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
        nn.forward(x0).unwrap();
    }
    fn reference_backward(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        nn.backward(x0, t).unwrap();
    }
    fn forward_without_bias(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
        for k in 0..nn.depth() {
            let x_prev = if k == 0 {
                x0.clone()
            } else {
                nn.layers[k - 1].x.clone()
            };
            nn.layers[k].a = x_prev * &nn.layers[k].w;
            nn.layers[k].x = nn.layers[k].activation.apply(&nn.layers[k].a);
        }
    }
    fn forward_relu_everywhere(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
        for k in 0..nn.depth() {
            let x_prev = if k == 0 {
                x0.clone()
            } else {
                nn.layers[k - 1].x.clone()
            };
            let n = x_prev.nrows();
            nn.layers[k].a = x_prev * &nn.layers[k].w + expansion_bias(&nn.layers[k].b, n);
            nn.layers[k].x = Activation::Relu.apply(&nn.layers[k].a);
        }
    }
    /// Backpropagation with the lectures' doubled cross-entropy derivative.
    fn backward_doubled(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        nn.backward(x0, t).unwrap();
        let depth = nn.depth();
        let last = &mut nn.layers[depth - 1];
        last.delta *= 2.0;
    }
    fn backward_mean_bias(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        nn.backward(x0, t).unwrap();
        for layer in &mut nn.layers {
            layer.db = column_sum(&layer.delta) / layer.delta.nrows() as f64;
        }
    }
    /// Backpropagation through the hidden layers with `derivative(layer)` in place of
    /// `h_k'(A^k)`.
    fn backward_with(
        nn: &mut Network<f64>,
        x0: &DMatrix<f64>,
        t: &DMatrix<f64>,
        derivative: fn(&nn_core::Dense<f64>) -> DMatrix<f64>,
    ) {
        let depth = nn.depth();
        let n = x0.nrows() as f64;
        for k in (0..depth).rev() {
            let delta = if k == depth - 1 {
                (&nn.layers[k].x - t) / n
            } else {
                let next = &nn.layers[k + 1];
                (&next.delta * next.w.transpose()).component_mul(&derivative(&nn.layers[k]))
            };
            let x_prev = if k == 0 { x0 } else { &nn.layers[k - 1].x };
            nn.layers[k].dw = x_prev.transpose() * &delta;
            nn.layers[k].db = column_sum(&delta);
            nn.layers[k].delta = delta;
        }
    }
    /// The lecture's loop with `for k in 0..depth`: each hidden layer reads the next layer's
    /// delta before it is computed (issue 33: told the Δ formula instead).
    fn backward_forwards(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        let depth = nn.depth();
        let n = x0.nrows() as f64;
        for k in 0..depth {
            let delta = if k == depth - 1 {
                (&nn.layers[k].x - t) / n
            } else {
                let next = &nn.layers[k + 1];
                let r_h = nn.layers[k].activation.derivative(&nn.layers[k].a);
                (&next.delta * next.w.transpose()).component_mul(&r_h)
            };
            let x_prev = if k == 0 { x0 } else { &nn.layers[k - 1].x };
            nn.layers[k].dw = x_prev.transpose() * &delta;
            nn.layers[k].db = column_sum(&delta);
            nn.layers[k].delta = delta;
        }
    }

    #[test]
    fn a_backward_loop_running_forwards_is_told_so() {
        let e = check_backward_loop(backward_forwards).unwrap_err();
        assert!(
            e.contains("the loop runs the wrong way") && e.contains("(0..depth).rev()"),
            "{e}"
        );
        // The right loop is not told so by accident: each mistake keeps its own message.
        let e = check_backward_loop(backward_without_derivative).unwrap_err();
        assert!(!e.contains("wrong way"), "{e}");
    }

    /// Right for the fixed cases' ReLU and tanh layers, wrong for sigmoid ones: only the
    /// generated networks have those.
    fn backward_sigmoid_as_tanh(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        backward_with(nn, x0, t, |layer| match layer.activation {
            Activation::Sigmoid => Activation::Tanh.derivative(&layer.a),
            other => other.derivative(&layer.a),
        });
    }

    #[test]
    fn generated_networks_catch_what_the_fixed_cases_miss() {
        let e = check_backward_loop(backward_sigmoid_as_tanh).unwrap_err();
        assert!(
            e.contains("generated inputs") && e.contains("[1, 1, 2] (sigmoid)"),
            "{e}"
        );
    }

    fn backward_relu_everywhere(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        backward_with(nn, x0, t, |layer| Activation::Relu.derivative(&layer.a));
    }
    fn backward_derivative_at_x(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        backward_with(nn, x0, t, |layer| layer.activation.derivative(&layer.x));
    }
    fn backward_without_derivative(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        backward_with(nn, x0, t, |layer| layer.a.map(|_| 1.0));
    }
    fn backward_own_x_in_dw(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
        nn.backward(x0, t).unwrap();
        // ∂L/∂W from the layer's own x when the shapes allow it (they do for the 10-10 layer).
        for layer in &mut nn.layers {
            if layer.x.ncols() == layer.dw.nrows() {
                layer.dw = layer.x.transpose() * &layer.delta;
            }
        }
    }
    fn forward_from_a(nn: &mut Network<f64>, x0: &DMatrix<f64>) {
        // Feeds each layer the previous layer's a (before its activation) instead of its x.
        for k in 0..nn.depth() {
            let x_prev = if k == 0 {
                x0.clone()
            } else {
                nn.layers[k - 1].a.clone()
            };
            let n = x_prev.nrows();
            nn.layers[k].a = x_prev * &nn.layers[k].w + expansion_bias(&nn.layers[k].b, n);
            nn.layers[k].x = nn.layers[k].activation.apply(&nn.layers[k].a);
        }
    }
    fn eta_off_by_one(eta: f64, i: usize, attenuation: f64, learning_plan: usize) -> f64 {
        if learning_plan > 0 && i % learning_plan == 0 {
            eta * attenuation
        } else {
            eta
        }
    }
    fn eta_panics_on_zero(eta: f64, i: usize, attenuation: f64, learning_plan: usize) -> f64 {
        if (i + 1) % learning_plan == 0 {
            eta * attenuation
        } else {
            eta
        }
    }

    #[test]
    fn the_reference_passes() {
        assert_eq!(check_forward_loop(reference_forward), Ok(()));
        assert_eq!(check_backward_loop(reference_backward), Ok(()));
        let plan = |eta: f64, i: usize, att: f64, lp: usize| {
            if lp > 0 && (i + 1) % lp == 0 {
                eta * att
            } else {
                eta
            }
        };
        assert_eq!(check_update_eta(plan), Ok(()));
    }

    #[test]
    fn a_forgotten_bias_is_named() {
        let e = check_forward_loop(forward_without_bias).unwrap_err();
        assert!(e.contains("forgot the bias"), "{e}");
    }

    #[test]
    fn relu_in_the_output_layer_is_rejected() {
        let e = check_forward_loop(forward_relu_everywhere).unwrap_err();
        assert!(e.contains("softmax is only in the last layer"), "{e}");
    }

    #[test]
    fn the_lectures_doubled_gradient_is_named() {
        let e = check_backward_loop(backward_doubled).unwrap_err();
        assert!(e.contains("twice the true gradient"), "{e}");
    }

    #[test]
    fn an_averaged_bias_gradient_is_named() {
        let e = check_backward_loop(backward_mean_bias).unwrap_err();
        assert!(e.contains("averaged"), "{e}");
    }

    #[test]
    fn a_fixed_relu_derivative_in_a_tanh_network_is_named() {
        let e = check_backward_loop(backward_relu_everywhere).unwrap_err();
        assert!(
            e.contains("relu's derivative, but this network's hidden layers use tanh")
                && e.contains("nn.layers[1].activation.derivative(&nn.layers[1].a)"),
            "{e}"
        );
    }

    #[test]
    fn a_derivative_at_x_or_none_is_named() {
        let e = check_backward_loop(backward_derivative_at_x).unwrap_err();
        assert!(e.contains("not at its x"), "{e}");
        let e = check_backward_loop(backward_without_derivative).unwrap_err();
        assert!(e.contains("you left out ⊙ h_2'(A^2)"), "{e}");
    }

    #[test]
    fn layers_are_counted_from_1_and_named_by_their_index_in_the_code() {
        let e = check_backward_loop(backward_own_x_in_dw).unwrap_err();
        assert!(
            e.contains("layer 2 of 3 (nn.layers[1]): dw")
                && e.contains("nn.layers[1].dw = nn.layers[0].x.transpose()"),
            "{e}"
        );
        let e = check_forward_loop(forward_from_a).unwrap_err();
        assert!(
            e.contains("layer 2 of 3 (nn.layers[1]): a")
                && e.contains(
                    "A^2 = X^1 W^2 + B^2: nn.layers[1].a = nn.layers[0].x * &nn.layers[1].w"
                ),
            "{e}"
        );
        let e = check_forward_loop(forward_without_bias).unwrap_err();
        assert!(e.contains("layer 1 of 3 (nn.layers[0])"), "{e}");
    }

    #[test]
    fn an_early_attenuation_and_a_division_by_zero_are_rejected() {
        let e = check_update_eta(eta_off_by_one).unwrap_err();
        assert!(e.contains("(i+1) % learning_plan"), "{e}");
        let e = check_update_eta(eta_panics_on_zero).unwrap_err();
        assert!(e.contains("panicked") && e.contains("0 means never"), "{e}");
    }
}
