//! One training step (forward + backward + Adam update) of a 784-100-10 network at batch 100,
//! in f32 and f64: `cargo bench --manifest-path bench/Cargo.toml`.

use criterion::{Criterion, criterion_group, criterion_main};
use nalgebra::DMatrix;
use nn_core::{Activation, Architecture, Float, Network, OptimizerKind, one_hot, train_step};
use std::hint::black_box;

fn bench_step<T: Float>(c: &mut Criterion) {
    let n = 100;
    let x: DMatrix<T> = DMatrix::from_fn(n, 784, |i, j| {
        T::of(((i * 31 + j * 7) % 255) as f64 / 255.0)
    });
    let labels: Vec<usize> = (0..n).map(|i| i % 10).collect();
    let t: DMatrix<T> = one_hot(&labels, 10);
    let mut net = Network::<T>::new(
        &Architecture::classifier(&[784, 100, 10], Activation::Relu),
        0,
    )
    .unwrap();
    let mut opt = OptimizerKind::Adam.build::<T>();
    let eta = T::of(0.001);
    c.bench_function(
        &format!("train_step 784-100-10 batch 100 adam {}", T::NAME),
        |b| {
            b.iter(|| {
                train_step(&mut net, opt.as_mut(), black_box(&x), black_box(&t), eta).unwrap()
            })
        },
    );
    let mut sgd = OptimizerKind::Sgd.build::<T>();
    c.bench_function(
        &format!("train_step 784-100-10 batch 100 sgd {}", T::NAME),
        |b| {
            b.iter(|| {
                train_step(&mut net, sgd.as_mut(), black_box(&x), black_box(&t), eta).unwrap()
            })
        },
    );
}

fn benches(c: &mut Criterion) {
    bench_step::<f32>(c);
    bench_step::<f64>(c);
}

criterion_group!(train_step_benches, benches);
criterion_main!(train_step_benches);
