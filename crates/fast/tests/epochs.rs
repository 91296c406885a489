//! The epoch trainer in nn-core's loop: threads change no update, f64 and f32 agree, divergence
//! stops every thread, bad settings are errors.

mod common;

use common::{epoch, images as tiny_set};
use nn_core::{Activation, Architecture, Network, OptimizerKind};
use nn_fast::EpochTrainer;

#[test]
fn two_and_three_threads_give_the_same_updates_as_one() {
    let set = tiny_set(60);
    let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
    let start: Network<f32> = Network::new(&arch, 1).unwrap();
    // Adam keeps state per element and counts steps; weight decay touches the weights only.
    for (kind, decay) in [(OptimizerKind::Sgd, 0.0), (OptimizerKind::Adam, 1e-3)] {
        let mut results = Vec::new();
        for threads in [1, 2, 3] {
            let mut net = start.clone();
            let mut opt = kind.build::<f32>();
            let mut tr = EpochTrainer::new(&net, 20, threads, 9)
                .unwrap()
                .with_shift(2)
                .with_input_dropout(0.2)
                .with_dropout(0.3)
                .with_weight_decay(decay);
            // two epochs: the threads' optimizers keep their state between epochs
            let mut losses = Vec::new();
            for _ in 0..2 {
                losses.push(epoch(&mut tr, &mut net, opt.as_mut(), &set, 0.01).unwrap());
            }
            results.push((net, losses));
        }
        let (a, _) = &results[0];
        for (b, losses) in &results[1..] {
            for (la, lb) in a.layers.iter().zip(&b.layers) {
                assert!((&la.w - &lb.w).abs().max() < 1e-5, "{kind}");
                assert!((&la.b - &lb.b).abs().max() < 1e-5, "{kind}");
            }
            for (x, y) in results[0].1.iter().zip(losses) {
                assert!((x - y).abs() < 1e-5, "{kind}: losses {x} and {y}");
            }
        }
        assert_ne!(
            a.layers[0].w, start.layers[0].w,
            "training changed the weights"
        );
    }
}

#[test]
fn f64_trains_as_f32_does_up_to_rounding() {
    let set = tiny_set(60);
    let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
    let mut n32: Network<f32> = Network::new(&arch, 1).unwrap();
    let mut n64: Network<f64> = Network::new(&arch, 1).unwrap();
    let (mut o32, mut o64) = (
        OptimizerKind::Adam.build::<f32>(),
        OptimizerKind::Adam.build::<f64>(),
    );
    let mut t32 = EpochTrainer::new(&n32, 20, 1, 9).unwrap().with_dropout(0.3);
    let mut t64 = EpochTrainer::new(&n64, 20, 2, 9).unwrap().with_dropout(0.3);
    for _ in 0..2 {
        let l32 = epoch(&mut t32, &mut n32, o32.as_mut(), &set, 0.01);
        let l64 = epoch(&mut t64, &mut n64, o64.as_mut(), &set, 0.01);
        let (l32, l64) = (l32.unwrap(), l64.unwrap());
        assert!((l32 - l64).abs() < 1e-4 * l64.abs(), "{l32} against {l64}");
    }
    let w32 = n32.layers[0].w.map(f64::from);
    assert!((w32 - &n64.layers[0].w).abs().max() < 1e-4);
}

#[test]
fn divergence_stops_every_thread_with_an_error() {
    let set = tiny_set(40);
    let arch = Architecture::classifier(&[784, 16, 10], Activation::Relu);
    for threads in [1, 2, 3] {
        let mut net: Network<f32> = Network::new(&arch, 1).unwrap();
        let mut opt = OptimizerKind::Sgd.build::<f32>();
        let mut tr = EpochTrainer::new(&net, 10, threads, 9).unwrap();
        let err = epoch(&mut tr, &mut net, opt.as_mut(), &set, 1e30).unwrap_err();
        let nn_core::CoreError::Diverged { iteration, .. } = err else {
            panic!("{threads} threads: {err}");
        };
        assert!(
            iteration < 4,
            "{threads} threads: stopped after {iteration} steps"
        );
        // The trainer still works afterwards, with all its workers.
        let mut net: Network<f32> = Network::new(&arch, 1).unwrap();
        let loss = epoch(&mut tr, &mut net, opt.as_mut(), &set, 0.01).unwrap();
        assert!(loss.is_finite());
    }
}

#[test]
fn bad_settings_are_errors() {
    let net: Network<f32> = Network::new(
        &Architecture::classifier(&[784, 4, 10], Activation::Relu),
        1,
    )
    .unwrap();
    assert!(EpochTrainer::new(&net, 0, 1, 0).is_err());
    assert!(EpochTrainer::new(&net, 10, 0, 0).is_err());
    let mut tr = EpochTrainer::new(&net, 100, 1, 0).unwrap();
    let mut opt = OptimizerKind::Sgd.build::<f32>();
    let err = epoch(&mut tr, &mut net.clone(), opt.as_mut(), &tiny_set(10), 0.1).unwrap_err();
    assert!(err.to_string().contains("fewer than one batch"));
}
