#!/usr/bin/env python3
"""The course's network (784-H-10, ReLU, softmax with cross-entropy, plain SGD) in NumPy, written
the way *Deep Learning from Scratch* (ゼロから作るDeep Learning) builds it in chapter 5: layer
classes Affine, Relu and SoftmaxWithLoss with forward and backward, assembled by a TwoLayerNet.

Each epoch draws its mini-batches from a fresh random permutation of the training set; only the
training loop is timed (time.perf_counter), not the evaluation. The last line printed is one JSON
object (see common.finish), which bench/compare reads.

    python3 numpy_twolayer.py --dtype float32 --threads 1 --epochs 5
"""
import time

import common

ARGS = common.parse_args(__doc__.split("\n\n")[0])  # sets the thread variables before NumPy loads

import numpy as np  # noqa: E402


class Affine:
    """out = x·W + b."""

    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.dW = self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T)


class Relu:
    """out = max(0, x); the gradient passes where x > 0."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


def softmax(x):
    x = x - np.max(x, axis=1, keepdims=True)  # no overflow in exp
    e = np.exp(x)
    return e / np.sum(e, axis=1, keepdims=True)


def cross_entropy_error(y, t):
    """Mean cross-entropy of probabilities y against integer labels t."""
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n


class SoftmaxWithLoss:
    """Softmax and cross-entropy in one layer, whose backward is (y − one-hot(t)) / batch."""

    def __init__(self):
        self.y = self.t = None
        self.loss = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, t)
        return self.loss

    def backward(self, dout=1):
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dout * dx / n


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, init, dtype, rng):
        if init == "book":  # Deep Learning from Scratch: weight_init_std = 0.01
            s1 = s2 = 0.01
        else:  # as the course: He for the ReLU layer, Xavier for the softmax layer
            s1, s2 = np.sqrt(2.0 / input_size), np.sqrt(1.0 / hidden_size)
        self.params = {
            "W1": (s1 * rng.standard_normal((input_size, hidden_size))).astype(dtype),
            "b1": np.zeros(hidden_size, dtype=dtype),
            "W2": (s2 * rng.standard_normal((hidden_size, output_size))).astype(dtype),
            "b2": np.zeros(output_size, dtype=dtype),
        }
        self.layers = {  # dicts keep their order
            "Affine1": Affine(self.params["W1"], self.params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(self.params["W2"], self.params["b2"]),
        }
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.lastLayer.forward(self.predict(x), t)

    def accuracy(self, x, t, chunk=10000):
        hits = 0
        for i in range(0, x.shape[0], chunk):
            hits += int(np.sum(np.argmax(self.predict(x[i:i + chunk]), axis=1) == t[i:i + chunk]))
        return hits / x.shape[0]

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.lastLayer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {
            "W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
            "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db,
        }


def main(a):
    limiter = common.limit_threads(a.threads)  # noqa: F841 (kept alive for the whole run)
    dtype = np.dtype(a.dtype).type
    x_train, t_train, x_test, t_test = common.load_fashion(a.data, dtype)
    if a.limit:
        x_train, t_train = x_train[:a.limit], t_train[:a.limit]
    rng = np.random.default_rng(a.seed)
    net = TwoLayerNet(784, a.hidden, 10, a.init, dtype, rng)
    n = x_train.shape[0]
    iters = n // a.batch  # a last partial batch is dropped, as the course does
    times = []
    for epoch in range(1, a.epochs + 1):
        perm = rng.permutation(n)
        start = time.perf_counter()
        for i in range(iters):
            idx = perm[i * a.batch:(i + 1) * a.batch]
            grad = net.gradient(x_train[idx], t_train[idx])
            for key in ("W1", "b1", "W2", "b2"):
                net.params[key] -= a.eta * grad[key]  # a Python float keeps the arrays' dtype
        times.append(time.perf_counter() - start)
        if not a.quiet:
            print("epoch %d: %.3f s, last batch loss %.4f, test accuracy %.4f"
                  % (epoch, times[-1], net.lastLayer.loss, net.accuracy(x_test, t_test)),
                  flush=True)
    assert net.params["W1"].dtype == dtype, "the weights changed type during training"
    common.finish(a, "numpy", times, net.accuracy(x_test, t_test), iters * a.batch,
                  numpy_version=np.__version__, blas=common.numpy_blas(),
                  pool_threads=common.blas_threads())


if __name__ == "__main__":
    main(ARGS)
