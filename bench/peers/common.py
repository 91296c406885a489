"""What the two peers (numpy_twolayer.py, torch_mlp.py) share: their command line, the thread
settings, the Fashion-MNIST IDX reader and the JSON line they end with.

Nothing here imports NumPy at module level: the thread-count environment variables must be set
before NumPy (and the BLAS library it loads) is imported, so `parse_args` sets them first.
"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"  # Debian's package dataset-fashion-mnist
TRAIN_IMAGES, TEST_IMAGES, SIDE, CLASSES = 60000, 10000, 28, 10

# Every thread-count variable a BLAS or OpenMP runtime NumPy or PyTorch may load reads at start-up.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


def fail(message):
    """Stops with one sentence on stderr, named after the script, and exit status 1."""
    print("%s: %s" % (os.path.basename(sys.argv[0]), message), file=sys.stderr)
    sys.exit(1)


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a whole number" % text)
    if value < 1:
        raise argparse.ArgumentTypeError("%r must be at least 1" % text)
    return value


def positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number" % text)
    if not value > 0:
        raise argparse.ArgumentTypeError("%r must be greater than 0" % text)
    return value


def parse_args(description):
    """Parses the peers' common options and sets the thread-count variables (before any import
    of NumPy or PyTorch)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32",
                   help="floating-point type of weights and data (default float32)")
    p.add_argument("--threads", type=positive_int, default=1,
                   help="BLAS/OpenMP threads (default 1)")
    p.add_argument("--epochs", type=positive_int, default=5,
                   help="epochs to train and time (default 5; the median is reported)")
    p.add_argument("--hidden", type=positive_int, default=100,
                   help="units of the hidden layer (default 100)")
    p.add_argument("--batch", type=positive_int, default=100,
                   help="images per mini-batch (default 100)")
    p.add_argument("--eta", type=positive_float, default=0.1,
                   help="learning rate of plain SGD (default 0.1)")
    p.add_argument("--init", choices=["he", "book"], default="he",
                   help="he (default, as the course draws them): hidden weights N(0, 2/784), output "
                        "weights N(0, 1/hidden) (Xavier); book: every weight 0.01*N(0, 1), as "
                        "Deep Learning from Scratch ch. 5; biases start at 0")
    p.add_argument("--data", default=os.environ.get("FMNIST_DIR", DEFAULT_DATA),
                   help="directory with the four Fashion-MNIST IDX files, .gz or not "
                        "(default $FMNIST_DIR, else %s)" % DEFAULT_DATA)
    p.add_argument("--limit", type=positive_int, default=None,
                   help="train on the first N training images only (for smoke tests)")
    p.add_argument("--seed", type=int, default=1, help="seed of the weights and shuffles")
    p.add_argument("--quiet", action="store_true", help="print only the JSON line")
    a = p.parse_args()
    if a.limit is not None and a.limit > TRAIN_IMAGES:
        p.error("--limit %d is more than the %d training images" % (a.limit, TRAIN_IMAGES))
    if a.batch > (a.limit or TRAIN_IMAGES):
        p.error("--batch %d is more than the %d training images" % (a.batch, a.limit or TRAIN_IMAGES))
    for name in THREAD_VARIABLES:
        os.environ[name] = str(a.threads)
    return a


def _read_idx(directory, name, magic, dims):
    """The array of one IDX file (`name` or `name`.gz) after checking its magic number and its
    dimensions `dims` (None: any)."""
    import numpy as np

    path = os.path.join(directory, name + ".gz")
    opener = gzip.open
    if not os.path.exists(path):
        if not os.path.exists(os.path.join(directory, name)):
            fail("%s not found: install Debian's package dataset-fashion-mnist or pass --data DIR "
                 "with the four Fashion-MNIST IDX files." % path)
        path, opener = os.path.join(directory, name), open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as e:
        fail("%s cannot be read (%s)." % (path, e))
    ndim = len(dims)
    header = 4 + 4 * ndim
    if len(raw) < header:
        fail("%s is %d bytes long, too short for an IDX header." % (path, len(raw)))
    found = struct.unpack(">I", raw[:4])[0]
    if found != magic:
        fail("%s starts with magic number 0x%08x where an IDX file of unsigned bytes with %d "
             "dimension(s) has 0x%08x." % (path, found, ndim, magic))
    shape = struct.unpack(">" + "I" * ndim, raw[4:header])
    if any(want is not None and got != want for got, want in zip(shape, dims)):
        fail("%s holds an array of shape %s where Fashion-MNIST has %s."
             % (path, "x".join(map(str, shape)),
                "x".join("N" if d is None else str(d) for d in dims)))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        fail("%s is %d bytes long where its header announces %d." % (path, len(raw), expected))
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def load_fashion(directory, dtype):
    """Fashion-MNIST as (train images, train labels, test images, test labels): images as rows
    of 784 pixels scaled to [0, 1] in `dtype`, labels as int64 class numbers."""
    import numpy as np

    def images(name, n):
        x = _read_idx(directory, name, 0x00000803, (n, SIDE, SIDE))
        return (x.reshape(n, SIDE * SIDE).astype(dtype) / dtype(255)).astype(dtype)

    def labels(name, n):
        t = _read_idx(directory, name, 0x00000801, (n,))
        if t.max() >= CLASSES:
            fail("%s holds label %d where Fashion-MNIST has 0 to %d." % (name, t.max(), CLASSES - 1))
        return t.astype(np.int64)

    return (images("train-images-idx3-ubyte", TRAIN_IMAGES),
            labels("train-labels-idx1-ubyte", TRAIN_IMAGES),
            images("t10k-images-idx3-ubyte", TEST_IMAGES),
            labels("t10k-labels-idx1-ubyte", TEST_IMAGES))


def numpy_blas():
    """A short description of the BLAS library NumPy calls: its build name and version from
    numpy.show_config, and what threadpoolctl sees loaded (its kernels for this processor)."""
    import numpy as np

    parts = []
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        parts.append("%s %s" % (blas.get("name", "?"), blas.get("version", "")))
    except Exception:  # older NumPy: no mode="dicts"
        pass
    try:
        from threadpoolctl import threadpool_info
        for p in threadpool_info():
            if p.get("user_api") == "blas":
                parts.append("%s %s, %s kernels" % (
                    p.get("internal_api"), p.get("version"), p.get("architecture", "?")))
    except ImportError:
        parts.append("threadpoolctl not installed")
    return "; ".join(p.strip() for p in parts) or "unknown"


def blas_threads():
    """The thread counts threadpoolctl sees in the loaded BLAS and OpenMP pools (None without
    threadpoolctl), to confirm --threads took effect."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return {"%s:%s" % (p.get("user_api"), p.get("internal_api")): p.get("num_threads")
            for p in threadpool_info()}


def limit_threads(n):
    """Also limits the thread pools already loaded, through threadpoolctl if it is installed
    (the environment variables set by parse_args cover the rest). Returns the limiter, to keep."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None
    return threadpool_limits(limits=n)


def finish(args, impl, epoch_seconds, test_accuracy, train_images, **extra):
    """Prints the one JSON line every peer ends with."""
    report = {
        "impl": impl,
        "dtype": args.dtype,
        "threads": args.threads,
        "hidden": args.hidden,
        "batch": args.batch,
        "epochs": args.epochs,
        "eta": args.eta,
        "init": args.init,
        "seed": args.seed,
        "train_images": train_images,
        "seconds_per_epoch": statistics.median(epoch_seconds),
        "min_seconds_per_epoch": min(epoch_seconds),
        "epoch_seconds": [round(s, 6) for s in epoch_seconds],
        "test_accuracy": test_accuracy,
    }
    report.update(extra)
    print(json.dumps(report), flush=True)
