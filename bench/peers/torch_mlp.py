#!/usr/bin/env python3
"""The course's network (784-H-10, ReLU, softmax with cross-entropy, plain SGD) in PyTorch on the
CPU: nn.Linear, nn.ReLU, nn.CrossEntropyLoss and torch.optim.SGD, with torch.set_num_threads.

Same options, data, mini-batches (a fresh random permutation each epoch, the last partial batch
dropped) and timing (the training loop only) as numpy_twolayer.py; the last line printed is one
JSON object (see common.finish), which bench/compare reads.

    python3 torch_mlp.py --threads 1 --epochs 5
"""
import re
import time

import common

ARGS = common.parse_args(__doc__.split("\n\n")[0])  # sets the thread variables before torch loads

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def torch_blas():
    """The BLAS PyTorch was built with, from torch.__config__.show(): e.g. "mkl (Intel(R) oneAPI
    Math Kernel Library Version 2024.2)"."""
    shown = torch.__config__.show()
    name = re.search(r"BLAS_INFO=([^,\s]+)", shown)
    mkl = re.search(r"Math Kernel Library Version ([0-9.]+)", shown)
    blas = name.group(1) if name else "unknown"
    return "%s %s" % (blas, mkl.group(1)) if mkl and blas == "mkl" else blas


def main(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dtype = {"float32": torch.float32, "float64": torch.float64}[a.dtype]
    x_train, t_train, x_test, t_test = (
        torch.from_numpy(v) for v in common.load_fashion(a.data, np.dtype(a.dtype).type))
    if a.limit:
        x_train, t_train = x_train[:a.limit], t_train[:a.limit]

    model = nn.Sequential(nn.Linear(784, a.hidden), nn.ReLU(), nn.Linear(a.hidden, 10)).to(dtype)
    with torch.no_grad():
        for layer, gain in ((model[0], 2.0), (model[2], 1.0)):
            std = 0.01 if a.init == "book" else (gain / layer.in_features) ** 0.5
            layer.weight.normal_(0.0, std)  # the course: He, then Xavier; biases at 0
            layer.bias.zero_()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=a.eta)

    def accuracy(x, t):
        with torch.no_grad():
            return (model(x).argmax(dim=1) == t).double().mean().item()

    n = x_train.shape[0]
    iters = n // a.batch
    generator = torch.Generator().manual_seed(a.seed)
    times = []
    for epoch in range(1, a.epochs + 1):
        perm = torch.randperm(n, generator=generator)
        start = time.perf_counter()
        for i in range(iters):
            idx = perm[i * a.batch:(i + 1) * a.batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_train[idx]), t_train[idx])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
        if not a.quiet:
            print("epoch %d: %.3f s, last batch loss %.4f, test accuracy %.4f"
                  % (epoch, times[-1], loss.item(), accuracy(x_test, t_test)), flush=True)
    common.finish(a, "pytorch", times, accuracy(x_test, t_test), iters * a.batch,
                  torch_version=torch.__version__, blas=torch_blas(),
                  cpu_capability=torch.backends.cpu.get_cpu_capability(),
                  torch_threads=torch.get_num_threads())


if __name__ == "__main__":
    main(ARGS)
