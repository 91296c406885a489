//! Learner answers to lesson 3's `backward_loop`.
use nalgebra::DMatrix;
use nn_core::{Network, column_sum};

/// Right: the reference's loop, written with a match on the layer.
pub fn right_rev(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows() as f64;
    for k in (0..depth).rev() {
        let delta = if k == depth - 1 {
            (&nn.layers[k].x - t) / n
        } else {
            let next = &nn.layers[k + 1];
            (&next.delta * next.w.transpose())
                .component_mul(&nn.layers[k].activation.derivative(&nn.layers[k].a))
        };
        let x_prev = if k == 0 {
            x0.clone()
        } else {
            nn.layers[k - 1].x.clone()
        };
        nn.layers[k].dw = x_prev.transpose() * &delta;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta;
    }
}

/// Right: a while loop counting down, the delta kept in a variable.
pub fn right_while(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let mut k = nn.depth();
    let mut delta = (&nn.layers[k - 1].x - t) / x0.nrows() as f64;
    while k > 0 {
        k -= 1;
        if k + 1 < nn.depth() {
            let back = &delta * nn.layers[k + 1].w.transpose();
            delta = back.component_mul(&nn.layers[k].activation.derivative(&nn.layers[k].a));
        }
        let input = if k == 0 { x0 } else { &nn.layers[k - 1].x };
        let dw = input.transpose() * &delta;
        nn.layers[k].dw = dw;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta.clone();
    }
}

/// Right: iterator over the reversed layer indices, db by summing rows by hand.
pub fn right_iter_rev(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    for k in (0..depth).rev() {
        let delta = if k + 1 == depth {
            (&nn.layers[k].x - t) * (1.0 / x0.nrows() as f64)
        } else {
            let r_h = nn.layers[k].activation.derivative(&nn.layers[k].a);
            (&nn.layers[k + 1].delta * nn.layers[k + 1].w.transpose()).component_mul(&r_h)
        };
        let mut db = nalgebra::RowDVector::zeros(delta.ncols());
        for row in delta.row_iter() {
            db += row;
        }
        nn.layers[k].dw = if k == 0 {
            x0.transpose() * &delta
        } else {
            nn.layers[k - 1].x.transpose() * &delta
        };
        nn.layers[k].db = db;
        nn.layers[k].delta = delta;
    }
}

/// Wrong: the loop runs forwards (issue 33: was told the Δ formula).
pub fn wrong_forwards(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows() as f64;
    for k in 0..depth {
        let delta = if k == depth - 1 {
            (&nn.layers[k].x - t) / n
        } else {
            let next = &nn.layers[k + 1];
            (&next.delta * next.w.transpose())
                .component_mul(&nn.layers[k].activation.derivative(&nn.layers[k].a))
        };
        let x_prev = if k == 0 {
            x0.clone()
        } else {
            nn.layers[k - 1].x.clone()
        };
        nn.layers[k].dw = x_prev.transpose() * &delta;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta;
    }
}

/// Wrong: no activation derivative.
pub fn wrong_no_derivative(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows() as f64;
    for k in (0..depth).rev() {
        let delta = if k == depth - 1 {
            (&nn.layers[k].x - t) / n
        } else {
            &nn.layers[k + 1].delta * nn.layers[k + 1].w.transpose()
        };
        let x_prev = if k == 0 {
            x0.clone()
        } else {
            nn.layers[k - 1].x.clone()
        };
        nn.layers[k].dw = x_prev.transpose() * &delta;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta;
    }
}

/// Wrong: the derivative at x instead of a.
pub fn wrong_derivative_at_x(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    let depth = nn.depth();
    let n = x0.nrows() as f64;
    for k in (0..depth).rev() {
        let delta = if k == depth - 1 {
            (&nn.layers[k].x - t) / n
        } else {
            let next = &nn.layers[k + 1];
            (&next.delta * next.w.transpose())
                .component_mul(&nn.layers[k].activation.derivative(&nn.layers[k].x))
        };
        let x_prev = if k == 0 {
            x0.clone()
        } else {
            nn.layers[k - 1].x.clone()
        };
        nn.layers[k].dw = x_prev.transpose() * &delta;
        nn.layers[k].db = column_sum(&delta);
        nn.layers[k].delta = delta;
    }
}

/// Wrong: the bias gradient averaged over the batch.
pub fn wrong_mean_bias(nn: &mut Network<f64>, x0: &DMatrix<f64>, t: &DMatrix<f64>) {
    right_rev(nn, x0, t);
    for layer in &mut nn.layers {
        layer.db = column_sum(&layer.delta) / layer.delta.nrows() as f64;
    }
}
