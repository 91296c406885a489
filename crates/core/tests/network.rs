//! End-to-end behaviour of nn-core: learning XOR, reproducibility, the lectures' factor of 2,
//! divergence and shape errors.

use nalgebra::DMatrix;
use nn_core::loss::{calc_r_cross_entropy_lecture, output_delta_by_jacobian};
use nn_core::{
    Activation, Architecture, CoreError, Data, Mode, Network, OptimizerKind, Schedule, TrainConfig,
    one_hot, softmax_jacobian, train,
};

fn xor() -> (DMatrix<f64>, DMatrix<f64>) {
    let x = DMatrix::from_row_slice(4, 2, &[0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
    (x, one_hot(&[0, 1, 1, 0], 2))
}

fn train_xor(seed: u64) -> (Network<f64>, f64) {
    let (x, t) = xor();
    let mut net = Network::new(
        &Architecture::classifier(&[2, 4, 2], Activation::Tanh),
        seed,
    )
    .unwrap();
    let mut opt = OptimizerKind::Adam.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: 2000,
        show_interval: 500,
        schedule: Schedule::Constant { eta: 0.05 },
        seed,
        weight_decay: 0.0,
    };
    let h = train(
        &mut net,
        opt.as_mut(),
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(h.records.len(), 4);
    (net, h.last().unwrap().train_accuracy)
}

#[test]
fn a_2_4_2_network_learns_xor_and_runs_are_identical() {
    let (a, acc) = train_xor(3);
    assert_eq!(acc, 1.0);
    let (b, _) = train_xor(3);
    for (la, lb) in a.layers.iter().zip(&b.layers) {
        assert_eq!(la.w, lb.w, "same seed, same weights");
        assert_eq!(la.b, lb.b);
    }
    let (c, _) = train_xor(4);
    assert_ne!(
        a.layers[0].w, c.layers[0].w,
        "another seed gives other weights"
    );
}

#[test]
fn minibatch_and_online_training_learn_a_separable_task() {
    let n = 200;
    let x = DMatrix::from_fn(n, 2, |i, j| ((i * 37 + j * 11) % 97) as f64 / 48.5 - 1.0);
    let labels: Vec<usize> = (0..n)
        .map(|i| usize::from(x[(i, 0)] + x[(i, 1)] > 0.0))
        .collect();
    let t = one_hot(&labels, 2);
    for mode in [Mode::MiniBatch(20), Mode::Online] {
        let mut net =
            Network::new(&Architecture::classifier(&[2, 8, 2], Activation::Relu), 1).unwrap();
        let mut opt = OptimizerKind::Sgd.build::<f64>();
        let cfg = TrainConfig {
            mode,
            iterations: 3000,
            show_interval: 1000,
            schedule: Schedule::StepDecay {
                eta: 0.1,
                attenuation: 0.6,
                learning_plan: 1000,
            },
            seed: 2,
            weight_decay: 0.0,
        };
        let mut calls = 0;
        let h = train(
            &mut net,
            opt.as_mut(),
            Data { x: &x, t: &t },
            Some(Data { x: &x, t: &t }),
            &cfg,
            &mut |p| {
                calls += 1;
                assert!(p.iteration <= p.total);
            },
        )
        .unwrap();
        assert_eq!(calls, 3000);
        let last = h.last().unwrap();
        assert!(last.test_accuracy.unwrap() > 0.95, "{mode}: {last:?}");
        assert!(h.records[0].train_loss > last.train_loss);
    }
}

#[test]
fn the_lectures_cross_entropy_derivative_doubles_the_output_delta_of_a_network() {
    let (x, t) = xor();
    let mut net = Network::new(&Architecture::classifier(&[2, 3, 2], Activation::Relu), 5).unwrap();
    net.forward(&x).unwrap();
    net.backward(&x, &t).unwrap();
    let out = net.output().clone();
    let lecture = output_delta_by_jacobian(
        &calc_r_cross_entropy_lecture(&out, &t),
        &softmax_jacobian(&out),
    );
    let correct = &net.layers[1].delta;
    assert!((lecture - correct * 2.0).abs().max() < 1e-12);
}

#[test]
fn divergence_stops_with_the_iteration_and_a_hint() {
    let (x, t) = xor();
    // A regression network (identity output, squared error) with far too large a step: every
    // update overshoots further, until the numbers overflow.
    let arch = Architecture {
        sizes: vec![2, 4, 2],
        hidden: Activation::Relu,
        output: Activation::Identity,
        loss: nn_core::Loss::MeanSquaredError,
    };
    let mut net = Network::new(&arch, 1).unwrap();
    let mut opt = OptimizerKind::Sgd.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: 5000,
        show_interval: 10,
        schedule: Schedule::Constant { eta: 50.0 },
        seed: 0,
        weight_decay: 0.0,
    };
    let err = train(
        &mut net,
        opt.as_mut(),
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |_| {},
    )
    .unwrap_err();
    match &err {
        CoreError::Diverged { iteration, .. } => assert!(*iteration >= 2 && *iteration < 5000),
        e => panic!("expected divergence, got {e}"),
    }
    assert!(
        err.to_string().contains("smaller learning rate (--eta)"),
        "{err}"
    );
}

#[test]
fn wrong_width_names_both_widths() {
    let mut net =
        Network::<f64>::new(&Architecture::classifier(&[2, 4, 2], Activation::Relu), 1).unwrap();
    let x = DMatrix::zeros(5, 3);
    let e = net.forward(&x).unwrap_err().to_string();
    assert_eq!(
        e,
        "the input X has 3 columns but the network's first layer expects 2 columns"
    );
    let t = DMatrix::zeros(5, 3);
    let e = net
        .evaluate(&DMatrix::zeros(5, 2), &t)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("T has 3 columns") && e.contains("gives 2 columns"),
        "{e}"
    );
    let bad =
        Network::<f64>::new(&Architecture::classifier(&[2], Activation::Relu), 1).unwrap_err();
    assert!(bad.to_string().contains("layer sizes"));
}

#[test]
fn softmax_cross_entropy_divergence_is_reported_not_floored() {
    let (x, t) = xor();
    // A classifier with an absurd step: the weights overflow to ±inf, the softmax turns into
    // NaN, and the NaN must reach the loss (cross entropy's log floor must not hide it).
    let arch = Architecture {
        sizes: vec![2, 8, 2],
        hidden: Activation::Relu,
        output: Activation::Softmax,
        loss: nn_core::Loss::CrossEntropy,
    };
    let mut net = Network::new(&arch, 3).unwrap();
    let mut opt = OptimizerKind::Sgd.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: 2000,
        show_interval: 10,
        schedule: Schedule::Constant { eta: 1e300 },
        seed: 0,
        weight_decay: 0.0,
    };
    let result = train(
        &mut net,
        opt.as_mut(),
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |_| {},
    );
    assert!(
        matches!(result, Err(CoreError::Diverged { iteration: 1, .. })),
        "an absurd step must stop training at once as divergence, got {:?}",
        result.map(|h| h.records.last().cloned())
    );
}

#[test]
fn a_far_too_large_eta_is_divergence_even_while_the_loss_stays_finite() {
    // η = 1e9 throws the weights to ~1e8: the floored cross entropy stays finite and training
    // would silently stop learning. The weight limit catches it; a sane η does not trip it.
    let (x, t) = xor();
    let arch = Architecture::classifier(&[2, 8, 2], Activation::Relu);
    for (eta, diverges) in [(1e9, true), (0.5, false)] {
        let mut net: Network<f64> = Network::new(&arch, 3).unwrap();
        let mut opt = OptimizerKind::Sgd.build::<f64>();
        let cfg = TrainConfig {
            mode: Mode::Batch,
            iterations: 500,
            show_interval: 100,
            schedule: Schedule::Constant { eta },
            seed: 0,
            weight_decay: 0.0,
        };
        let result = train(
            &mut net,
            opt.as_mut(),
            Data { x: &x, t: &t },
            None,
            &cfg,
            &mut |_| {},
        );
        match result {
            Err(CoreError::Diverged { loss, .. }) => {
                assert!(diverges, "η = {eta} is not divergence");
                assert!(
                    loss.is_finite(),
                    "caught while the loss was still finite: {loss}"
                );
            }
            Ok(h) => assert!(!diverges && h.final_loss().is_finite(), "η = {eta}"),
            Err(e) => panic!("η = {eta}: {e}"),
        }
    }
}
