//! The matrix products of one training step, listed and timed alone: the floor under an epoch.
//!
//! A step on a mini-batch of n instances through widths `d⁰ … d^K` makes, for every layer k,
//! `A^k = X^(k−1) W^k` (n×d^(k−1) · d^(k−1)×d^k) and `∂L/∂W^k = X^(k−1)ᵀ Δ^k`
//! (d^(k−1)×n · n×d^k), and for every layer but the first `Δ^(k−1) ← Δ^k W^kᵀ`
//! (n×d^k · d^k×d^(k−1)). Everything else in the step (bias, activation, softmax, update) is
//! element-wise. Timing these products alone, on the same kernel, gives the least time an epoch
//! can take: `lesson6 bench` prints it beside the epoch's time.

use crate::kernel::{Kernel, Op, Product, gemm};
use crate::passes::Input;
use nalgebra::DMatrix;
use nn_core::Network;
use std::time::Instant;

/// The products one forward and one backward pass of `net` on `n` instances make, in order,
/// with the input stored as `input` says (instances in rows, or in columns: `Xᵀ`).
pub fn step_products<T: Kernel>(net: &Network<T>, n: usize, input: Input<'_, T>) -> Vec<Product> {
    let (_, x_op) = input.x();
    let (_, xt_op) = input.x_transposed();
    let mut list = Vec::new();
    for (k, layer) in net.layers.iter().enumerate() {
        let op_a = if k == 0 { x_op } else { Op::N };
        list.push(Product {
            m: n,
            k: layer.inputs(),
            n: layer.outputs(),
            op_a,
            op_b: Op::N,
        });
    }
    for (k, layer) in net.layers.iter().enumerate().rev() {
        if let Some(next) = net.layers.get(k + 1) {
            list.push(Product {
                m: n,
                k: next.outputs(),
                n: next.inputs(),
                op_a: Op::N,
                op_b: Op::T,
            });
        }
        let op_a = if k == 0 { xt_op } else { Op::T };
        list.push(Product {
            m: layer.inputs(),
            k: n,
            n: layer.outputs(),
            op_a,
            op_b: Op::N,
        });
    }
    list
}

/// Operands for one [`Product`], allocated once.
struct Operands<T: Kernel> {
    a: DMatrix<T>,
    b: DMatrix<T>,
    c: DMatrix<T>,
    p: Product,
}

fn stored(rows: usize, cols: usize, op: Op) -> (usize, usize) {
    match op {
        Op::N => (rows, cols),
        Op::T => (cols, rows),
    }
}

/// Runs `products` `steps` times over, with the kernel every step uses ([`gemm`]), and returns
/// the seconds it took. The operands hold small non-zero values (no subnormals), allocated before
/// the clock starts.
pub fn time_products<T: Kernel>(products: &[Product], steps: usize) -> f64 {
    let value = |i: usize, j: usize| T::of(((i * 7 + j * 3) % 11) as f64 * 0.01 + 0.01);
    let mut ops: Vec<Operands<T>> = products
        .iter()
        .map(|&p| {
            let (ar, ac) = stored(p.m, p.k, p.op_a);
            let (br, bc) = stored(p.k, p.n, p.op_b);
            Operands {
                a: DMatrix::from_fn(ar, ac, value),
                b: DMatrix::from_fn(br, bc, value),
                c: DMatrix::zeros(p.m, p.n),
                p,
            }
        })
        .collect();
    let start = Instant::now();
    for _ in 0..steps {
        for o in &mut ops {
            gemm(
                &mut o.c,
                T::one(),
                &o.a,
                o.p.op_a,
                &o.b,
                o.p.op_b,
                T::zero(),
            );
        }
    }
    start.elapsed().as_secs_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::recorded;
    use crate::passes::{backward, forward};
    use nalgebra::DMatrix;
    use nn_core::{Activation, Architecture};

    #[test]
    fn the_list_is_what_forward_and_backward_compute() {
        for widths in [&[5usize, 3][..], &[6, 4, 3], &[7, 5, 4, 3]] {
            let arch = Architecture::classifier(widths, Activation::Relu);
            let mut net: Network<f64> = Network::new(&arch, 1).unwrap();
            let n = 9;
            let x = DMatrix::from_fn(n, widths[0], |i, j| ((i + 2 * j) % 5) as f64 * 0.1);
            let xt = x.transpose();
            let t = nn_core::one_hot(&(0..n).map(|i| i % 3).collect::<Vec<_>>(), 3);
            for input in [Input::Rows(&x), Input::Columns(&xt)] {
                let made = recorded(|| {
                    forward(&mut net, input).unwrap();
                    backward(&mut net, input, &t).unwrap();
                });
                assert_eq!(made, step_products(&net, n, input), "widths {widths:?}");
            }
        }
    }

    #[test]
    fn a_784_h_10_network_costs_2_times_2_784_plus_3_10_times_h_per_image() {
        // Lesson 6's "How the cost grows with the work": two products of 784·H terms (forward,
        // ∂L/∂W¹) and three of 10·H (forward, ∂L/∂W², Δ¹ ← Δ² W²ᵀ) per image, whatever the batch.
        for h in [50, 100, 300, 1000] {
            let arch = Architecture::classifier(&[784, h, 10], Activation::Relu);
            let net: Network<f32> = Network::new(&arch, 1).unwrap();
            for n in [32, 100, 256] {
                let x = DMatrix::<f32>::zeros(784, n);
                let flops: f64 = step_products(&net, n, Input::Columns(&x))
                    .iter()
                    .map(Product::flops)
                    .sum();
                assert_eq!(flops / n as f64, (2 * (2 * 784 + 3 * 10) * h) as f64);
            }
        }
    }

    #[test]
    fn flops_count_every_term_once() {
        let p = Product {
            m: 2,
            k: 3,
            n: 4,
            op_a: Op::N,
            op_b: Op::T,
        };
        assert_eq!(p.flops(), 48.0);
    }

    #[test]
    fn timing_runs_every_product_and_takes_time() {
        let p = Product {
            m: 64,
            k: 64,
            n: 64,
            op_a: Op::T,
            op_b: Op::N,
        };
        let made = recorded(|| {
            time_products::<f32>(&[p, p], 3);
        });
        assert_eq!(made, vec![p; 6]);
        assert!(time_products::<f64>(&[p], 2) > 0.0);
    }
}
