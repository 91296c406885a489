//! Lecture 3 (placeholder until the full lesson lands): trains a 2-4-2 network on XOR with nn-core.

use nn_core::{
    Activation, Architecture, Data, Mode, Network, OptimizerKind, Schedule, TrainConfig, one_hot,
    train,
};

fn main() -> anyhow::Result<()> {
    let x = nalgebra::DMatrix::from_row_slice(4, 2, &[0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
    let t = one_hot(&[0, 1, 1, 0], 2);
    let mut net = Network::<f64>::new(&Architecture::classifier(&[2, 4, 2], Activation::Tanh), 3)?;
    let mut opt = OptimizerKind::Adam.build::<f64>();
    let cfg = TrainConfig {
        mode: Mode::Batch,
        iterations: 2000,
        show_interval: 500,
        schedule: Schedule::Constant { eta: 0.05 },
        seed: 3,
    };
    let history = train(
        &mut net,
        opt.as_mut(),
        Data { x: &x, t: &t },
        None,
        &cfg,
        &mut |p| {
            if let Some(r) = p.record {
                println!(
                    "iteration {:>5}  loss {:.6}  accuracy {:.2}",
                    r.iteration, r.train_loss, r.train_accuracy
                );
            }
        },
    )?;
    println!(
        "XOR learned: accuracy {:.2}",
        history.last().map_or(0.0, |r| r.train_accuracy)
    );
    Ok(())
}
