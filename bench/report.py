"""Turns the runs bench/compare recorded (one tab-separated line per run: impl, dtype, threads,
width, batch, round, then the run's JSON line) into a Markdown table and a PNG chart:

    compare mode: OUT/compare.md, OUT/compare.png, OUT/compare-runs.jsonl
    scaling mode: OUT/scaling.md, OUT/scaling.png, OUT/scaling-runs.jsonl

Run by bench/compare with the venv's Python; not meant to be called by hand.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
from importlib import metadata

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

IMPLS = ("course", "baseline", "numpy", "pytorch")
NAMES = {"course": "course (lesson6)", "baseline": "course, earlier build (--baseline)",
         "numpy": "NumPy (book ch. 5 layers)", "pytorch": "PyTorch"}
SHORT = {"course": "course", "baseline": "earlier build", "numpy": "NumPy", "pytorch": "PyTorch"}
COLOURS = {"course": "#c0392b", "baseline": "#7f8c8d", "numpy": "#2471a3", "pytorch": "#d68910"}
OWN = ("course", "baseline")  # the implementations that report their floor
DTYPES = {"float32": "f32", "float64": "f64"}
WIDTHS, BATCHES = (50, 100, 300, 1000), (32, 100, 256)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["compare", "scaling"], required=True)
    p.add_argument("--runs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--rounds", type=int, required=True)
    p.add_argument("--course-epochs", type=int, required=True)
    p.add_argument("--peer-epochs", type=int, required=True)
    p.add_argument("--course-f64", type=int, required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--seconds", type=int, required=True)
    p.add_argument("--loadavg-start", default="?")
    p.add_argument("--busy-start", default="?")
    p.add_argument("--rustc", default="?")
    p.add_argument("--commit", default="?")
    p.add_argument("--limit", type=int)
    p.add_argument("--baseline", help="the earlier lesson6 binary run as 'baseline'")
    p.add_argument("--quick", action="store_true")
    return p.parse_args()


def read_runs(path):
    runs = []
    with open(path) as f:
        for line in f:
            impl, dtype, threads, width, batch, rnd, blob = line.rstrip("\n").split("\t", 6)
            runs.append({"impl": impl, "dtype": dtype, "threads": int(threads),
                         "width": int(width), "batch": int(batch), "round": int(rnd),
                         "result": json.loads(blob)})
    if not runs:
        raise SystemExit("report.py: %s holds no runs." % path)
    return runs


def cells(runs):
    """(impl, dtype, threads, width, batch) → the runs of that cell."""
    out = {}
    for r in runs:
        out.setdefault((r["impl"], r["dtype"], r["threads"], r["width"], r["batch"]), []).append(r)
    return out


def median_seconds(rs):
    """A cell's figure: the median over rounds of each run's median epoch."""
    return statistics.median(r["result"]["seconds_per_epoch"] for r in rs) if rs else None


def median_floor(rs):
    """The course's floor in a cell: the median over rounds of the epoch's matrix products alone
    (lesson6 bench's floor_seconds_per_epoch), or None for the peers."""
    floors = [r["result"]["floor_seconds_per_epoch"] for r in rs
              if "floor_seconds_per_epoch" in r["result"]]
    return statistics.median(floors) if floors else None


def median_efficiency(rs):
    """The course's share of an epoch spent in its products, the median over rounds of each run's
    efficiency (lesson6 bench pairs each epoch with a floor timed right after it); None without."""
    effs = [r["result"]["efficiency"] for r in rs if "efficiency" in r["result"]]
    return statistics.median(effs) if effs else None


def cpu():
    """Model name, family/model/stepping numbers, AVX flags and logical CPUs from /proc/cpuinfo."""
    info, flags, count = {}, set(), 0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if key == "processor":
                    count += 1
                elif key in ("model name", "cpu family", "model", "stepping") and key not in info:
                    info[key] = value
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    name = info.get("model name") or platform.processor() or "unknown processor"
    numbers = "family %s, model %s, stepping %s" % (
        info.get("cpu family", "?"), info.get("model", "?"), info.get("stepping", "?"))
    avx = "AVX2 %s, AVX-512F %s" % ("yes" if "avx2" in flags else "no",
                                    "yes" if "avx512f" in flags else "no")
    return {"name": name, "numbers": numbers, "avx": avx, "logical": count or os.cpu_count()}


def version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def first(runs, impl, key):
    for r in runs:
        if r["impl"] == impl and key in r["result"]:
            return r["result"][key]
    return None


def fmt_s(x):
    return "—" if x is None else ("%.3f" % x if x < 10 else "%.1f" % x)


def thread_label(t):
    return "1 thread" if t == 1 else "%d threads" % t


def header(a, runs, title, machine, now):
    impls = [i for i in IMPLS if any(r["impl"] == i for r in runs)]
    images = "the first %d training images" % a.limit if a.limit else "the 60000 training images"
    lines = ["# %s" % title, ""]
    if a.quick:
        lines += ["> **Smoke run** (`bench/compare --quick`): one epoch of %d images, one round, on a "
                  "machine that may have been busy. These figures check that everything runs; they "
                  "are not a measurement." % (a.limit or 60000), ""]
    # Busy: the cores worked more than a quarter of the second before the runs; without that
    # sample (an older run), a load average above a quarter of the CPUs.
    try:
        busy = float(a.busy_start) > 25
        now_said = "in the second before the runs its cores were %s%% busy (load average %s, " \
                   "which lags by minutes)" % (a.busy_start, a.loadavg_start)
    except ValueError:
        now_said = "load average %s before the run" % a.loadavg_start
        try:
            busy = float(a.loadavg_start.split()[0]) > 0.25 * machine["logical"]
        except (ValueError, IndexError):
            busy = False
    if busy and not a.quick:
        lines += ["> **The machine was busy**: %s, on %d logical CPUs. Other programs competed "
                  "for the cores, the more so for the runs on more than one thread; measure again "
                  "on a quiet machine." % (now_said, machine["logical"]), ""]
    lines += [
        "Figures for this processor only: **%s** (%s; %s; %d logical CPUs)."
        % (machine["name"], machine["numbers"], machine["avx"], machine["logical"]), "",
        "- Date: %s; the whole run took %.1f min; load average before %s, after %s%s."
        % (now, a.seconds / 60, a.loadavg_start, loadavg(),
           "" if a.busy_start == "?" else
           "; cores %s%% busy in the second before the runs" % a.busy_start),
        "- Data: Fashion-MNIST from `%s`, %s, pixels scaled to [0, 1]." % (a.data, images),
        "- Network: 784-*width*-10, ReLU, softmax with cross-entropy, He/Xavier initial weights, "
        "plain SGD η = 0.1; every epoch a new random permutation, a last partial batch dropped.",
        "- Timing: the training loop of each epoch (evaluation excluded); a run reports its "
        "median epoch; a cell is the median over %d round(s) of the runs, the rounds interleaving "
        "every implementation and thread count. The course trains %d epoch(s) a run, the peers %d."
        % (a.rounds, a.course_epochs, a.peer_epochs),
        "- Course: `lesson6 bench` at commit %s, %s." % (a.commit, a.rustc),
    ]
    if "numpy" in impls:
        lines.append("- NumPy %s (%s), threadpoolctl %s, Python %s: `bench/peers/numpy_twolayer.py`."
                     % (version("numpy"), first(runs, "numpy", "blas"), version("threadpoolctl"),
                        platform.python_version()))
    if "pytorch" in impls:
        lines.append("- PyTorch %s (BLAS %s, CPU capability %s): `bench/peers/torch_mlp.py`."
                     % (version("torch"), first(runs, "pytorch", "blas"),
                        first(runs, "pytorch", "cpu_capability")))
    lines.append("- Chart: matplotlib %s. Every run: `%s-runs.jsonl` next to this file."
                 % (version("matplotlib"), a.mode))
    return lines + [""]


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def chart_title(a, machine, what):
    smoke = "SMOKE RUN (1 epoch of %d images), not a measurement\n" % (a.limit or 60000) \
        if a.quick else ""
    return "%s%s\n%s (%s; %s)" % (smoke, what, machine["name"], machine["numbers"], machine["avx"])


def compare(a, runs, table, machine, now):
    threads = sorted({r["threads"] for r in runs})
    rows = []
    for impl in IMPLS:
        if not any(r["impl"] == impl for r in runs):
            continue
        for dtype in DTYPES:
            secs = [median_seconds(table.get((impl, dtype, t, 100, 100), [])) for t in threads]
            accs = [r["result"]["test_accuracy"] for t in threads
                    for r in table.get((impl, dtype, t, 100, 100), [])]
            rows.append((impl, dtype, secs, accs))
    floors_of = {impl: {dtype: [median_floor(table.get((impl, dtype, t, 100, 100), []))
                                for t in threads] for dtype in DTYPES} for impl in OWN}
    floors = floors_of["course"]
    base = {dtype: median_seconds(table.get(("numpy", dtype, 1, 100, 100), [])) for dtype in DTYPES}

    lines = header(a, runs, "Seconds per training epoch: the course, NumPy and PyTorch",
                   machine, now)
    cols = [thread_label(t) for t in threads]
    ratio_cols = ["%s ÷ NumPy 1 thread" % thread_label(t) for t in threads]
    lines += ["| implementation | " + " | ".join(cols) + " | " + " | ".join(ratio_cols)
              + " | test accuracy |",
              "|---|" + "---:|" * (2 * len(threads) + 1)]
    for impl, dtype, secs, accs in rows:
        ratios = ["—" if s is None or not base[dtype] else "%.2f×" % (s / base[dtype])
                  for s in secs]
        acc = "—" if not accs else ("%.1f%%" % (100 * min(accs)) if min(accs) == max(accs)
                                    else "%.1f–%.1f%%" % (100 * min(accs), 100 * max(accs)))
        lines.append("| %s %s | %s | %s | %s |" % (
            NAMES[impl], DTYPES[dtype], " | ".join("%s s" % fmt_s(s) if s else "—" for s in secs),
            " | ".join(ratios), acc))
        own = floors_of.get(impl, {}).get(dtype)
        if own and any(own):
            lines.append("| %s: its matrix products alone, %s | %s | %s | — |" % (
                SHORT[impl], DTYPES[dtype],
                " | ".join("%s s" % fmt_s(f) if f else "—" for f in own),
                " | ".join("—" if f is None or not base[dtype] else "%.2f×" % (f / base[dtype])
                           for f in own)))
    lines += ["",
              "Seconds per epoch of %s images (batch 100, width 100). A ratio divides a cell by "
              "NumPy's figure on one thread in the same precision: below 1 is faster than NumPy on "
              "one thread." % (a.limit or 60000),
              "A \"matrix products alone\" row is the floor `lesson6 bench` measures in the same "
              "run: the epoch's products on the same kernel and threads with nothing else, the "
              "least time the course's epoch can take on this processor."]
    if not a.course_f64:
        lines.append("The course's f64 cells are empty (—): `lesson6 bench --help` lists no `--f64` "
                     "flag, so the course measures f32 only.")
    if "pytorch" not in {r["impl"] for r in runs}:
        lines.append("PyTorch was not measured (run `bench/compare --torch` to include it).")
    effs = [median_efficiency(table.get(("course", "float32", t, 100, 100), [])) for t in threads]
    lines += targets(threads, rows, floors["float32"], effs, base["float32"])
    lines += against_baseline(a, threads, table)
    lines += [""] + run_list(runs)

    # the chart: one group of bars per implementation and precision, one bar per thread count
    # the course's f64 keeps its place, marked, when lesson6 bench has no --f64
    shown = [(impl, dtype, secs) for impl, dtype, secs, _ in rows
             if any(secs) or (impl == "course" and not a.course_f64)]
    fig, ax = plt.subplots(figsize=(10, 5.6))
    width = 0.8 / len(threads)
    shades = (1.0, 0.55, 0.35, 0.25)
    for j, t in enumerate(threads):
        for i, (impl, dtype, secs) in enumerate(shown):
            if secs[j] is None:
                continue
            x = i + (j - (len(threads) - 1) / 2) * width
            bar = ax.bar(x, secs[j], width * 0.92, color=COLOURS[impl],
                         alpha=shades[min(j, len(shades) - 1)], edgecolor="black", linewidth=0.6,
                         hatch="//" if dtype == "float64" else None)
            ax.bar_label(bar, labels=["%s s\n%d thr" % (fmt_s(secs[j]), t)], fontsize=8,
                         padding=2)
            floor = floors[dtype][j] if impl == "course" else None
            if floor:
                ax.hlines(floor, x - width * 0.46, x + width * 0.46, colors="black",
                          linewidth=2, label="the course's matrix products alone (its floor)"
                          if not ax.get_legend_handles_labels()[0] else None)
    for i, (impl, dtype, secs) in enumerate(shown):
        if not any(secs):
            ax.text(i, 0, "not measured:\nlesson6 bench\nhas no --f64", ha="center",
                    va="bottom", fontsize=8, color="0.35")
    ax.set_xticks(range(len(shown)))
    ax.set_xticklabels(["%s\n%s" % (SHORT[i], DTYPES[d]) for i, d, _ in shown])
    ax.set_ylabel("seconds per epoch (median; lower is better)")
    ax.set_xlabel("implementation and precision; bars: %s"
                  % ", ".join(thread_label(t) for t in threads) + " (lighter: more threads)")
    ax.set_ylim(0, max(s for _, _, secs in shown for s in secs if s) * 1.25)
    ax.set_title(chart_title(a, machine, "Fashion-MNIST 784-100-10, batch 100: seconds per training "
                                         "epoch of %d images" % (a.limit or 60000)), fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    fig.tight_layout()
    return lines, fig


def against_baseline(a, threads, table):
    """With --baseline: the course against its earlier build, thread count by thread count (f32):
    the ratio of their epochs and each one's share of the epoch spent in the products."""
    if not a.baseline:
        return []
    out = ["", "## Against the earlier build", "",
           "`--baseline %s`, run in the same rounds. A ratio below 1.00 means this build is "
           "faster; the share is the epoch's time spent in its matrix products (the median of "
           "each epoch paired with a floor timed right after it)." % a.baseline, "",
           "| threads | this build | earlier build | this ÷ earlier | share in products: this "
           "| earlier |", "|---:|---:|---:|---:|---:|---:|"]
    for t in threads:
        now_s = median_seconds(table.get(("course", "float32", t, 100, 100), []))
        then_s = median_seconds(table.get(("baseline", "float32", t, 100, 100), []))
        effs = [median_efficiency(table.get((impl, "float32", t, 100, 100), [])) for impl in OWN]
        out.append("| %d | %s | %s | %s | %s | %s |" % (
            t, "%s s" % fmt_s(now_s) if now_s else "—", "%s s" % fmt_s(then_s) if then_s else "—",
            "%.3f" % (now_s / then_s) if now_s and then_s else "—",
            *("%.0f%%" % (100 * e) if e else "—" for e in effs)))
    return out


# The course's own targets for f32, as multiples of NumPy's epoch on one thread.
TARGETS = {1: 0.50, 2: 0.30}


def targets(threads, rows, floors, effs, numpy_1t):
    """A paragraph per thread count with a target: the course's ratio to NumPy on one thread, the
    target, the ratio its products alone reach (how far this processor lets it go) and the share
    of the epoch they take (`effs`)."""
    course = next((secs for impl, dtype, secs, _ in rows
                   if impl == "course" and dtype == "float32"), None)
    if not course or not numpy_1t:
        return []
    out = ["", "## The course's speed targets, on this processor", ""]
    for j, t in enumerate(threads):
        if t not in TARGETS or course[j] is None:
            continue
        ratio, target = course[j] / numpy_1t, TARGETS[t]
        floor = floors[j] / numpy_1t if floors[j] else None
        eff = effs[j] if effs[j] is not None else (floors[j] / course[j] if floors[j] else None)
        said = "- %s: at most %.2f× NumPy's one-thread epoch; the course takes **%.3f×**: %s." % (
            thread_label(t), target, ratio, "met" if ratio <= target else "not met")
        if floor is not None:
            said += (" Its matrix products alone take %.3f×, so %s." % (floor, (
                "the rest of the step costs %.0f%% of the epoch" % (100 * (1 - eff))
                if ratio <= target else
                "the target is within reach by cutting the %.0f%% of the epoch outside the "
                "products" % (100 * (1 - eff))
                if floor <= target * 0.9 else
                "only an epoch spending at least %.0f%% of its time in the products at the "
                "kernel's speed could meet it (it spends %.0f%%)"
                % (100 * floor / target, 100 * eff)
                if floor <= target else
                "the target is out of reach here: even an epoch of nothing but products, at "
                "the speed this kernel reaches on this processor, would miss it")))
        out.append(said)
    return out


def scaling(a, runs, table, machine, now):
    threads = sorted({r["threads"] for r in runs})
    impls = [i for i in IMPLS if any(r["impl"] == i for r in runs)]
    lines = header(a, runs, "Seconds per training epoch against the width and the batch size",
                   machine, now)

    def sweep(title, key, values):
        out = ["## %s" % title, "",
               "| implementation | threads | " + " | ".join(str(v) for v in values) + " |",
               "|---|---:|" + "---:|" * len(values)]
        for impl in impls:
            for t in threads:
                out.append("| %s f32 | %d | %s |" % (NAMES[impl], t, " | ".join(
                    fmt_s(median_seconds(table.get((impl, "float32", t) + key(v), [])))
                    for v in values)))
                if impl == "course":
                    out.append("| course: its matrix products alone | %d | %s |" % (t, " | ".join(
                        fmt_s(median_floor(table.get((impl, "float32", t) + key(v), [])))
                        for v in values)))
        return out + [""]

    lines += sweep("Against the hidden width (batch 100, f32; seconds per epoch)",
                   lambda w: (w, 100), WIDTHS)
    lines += sweep("Against the batch size (width 100, f32; seconds per epoch)",
                   lambda b: (100, b), BATCHES)
    lines += ["## f32 against f64 (width 100, batch 100; seconds per epoch)", "",
              "| implementation | threads | f32 | f64 | f64 ÷ f32 |", "|---|---:|---:|---:|---:|"]
    for impl in impls:
        for t in threads:
            s32 = median_seconds(table.get((impl, "float32", t, 100, 100), []))
            s64 = median_seconds(table.get((impl, "float64", t, 100, 100), []))
            lines.append("| %s | %d | %s | %s | %s |" % (
                NAMES[impl], t, fmt_s(s32), fmt_s(s64),
                "%.2f×" % (s64 / s32) if s32 and s64 else "—"))
    lines.append("")
    if not a.course_f64:
        lines.append("The course's f64 cells are empty (—): `lesson6 bench --help` lists no `--f64` "
                     "flag, so the course measures f32 only.")
    lines.append("The course's \"matrix products alone\" rows are the floor `lesson6 bench` measures "
                 "in the same run: the epoch's products, timed on their own on the same kernel "
                 "and threads. The gap between a course row and its floor is everything else: "
                 "gathering the images, the element-wise work, the update, the threads meeting.")
    lines.append("")
    lines.append("An epoch is %d mini-batches at batch 32, %d at 100, %d at 256 (of %d images)."
                 % tuple([(a.limit or 60000) // b for b in BATCHES] + [a.limit or 60000]))
    lines += [""] + run_list(runs)

    fig, axes = plt.subplots(1, 2, figsize=(12, 6.2))
    styles = {t: s for t, s in zip(threads, ("-", "--", ":", "-."))}
    for ax, (xs, key, xlabel) in zip(axes, (
            (WIDTHS, lambda w: (w, 100), "hidden width (units; batch 100)"),
            (BATCHES, lambda b: (100, b), "batch size (images per step; width 100)"))):
        for impl in impls:
            for t in threads:
                pts = [(x, median_seconds(table.get((impl, "float32", t) + key(x), [])))
                       for x in xs]
                pts = [(x, s) for x, s in pts if s]
                if pts:
                    ax.plot(*zip(*pts), styles.get(t, "-"), marker="o", color=COLOURS[impl],
                            label="%s, %s" % (SHORT[impl], thread_label(t)))
                floors = [(x, median_floor(table.get((impl, "float32", t) + key(x), [])))
                          for x in xs]
                floors = [(x, s) for x, s in floors if s]
                if floors:
                    ax.plot(*zip(*floors), styles.get(t, "-"), color=COLOURS[impl], alpha=0.45,
                            linewidth=1, marker="x",
                            label="course's products alone, %s" % thread_label(t))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(xs)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(xlabel)
        ax.set_ylabel("seconds per epoch (median, f32; log scale)")
        ax.grid(which="major", alpha=0.4)
        ax.grid(which="minor", alpha=0.12)
    axes[0].set_title("against the hidden width", fontsize=10)
    axes[1].set_title("against the batch size", fontsize=10)
    # One legend for both panels, below them, so it hides no curve.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.suptitle(chart_title(a, machine, "Fashion-MNIST 784-H-10, plain SGD: seconds per training "
                                         "epoch of %d images" % (a.limit or 60000)), fontsize=10)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    return lines, fig


def run_list(runs):
    """Every run, folded away under the tables."""
    out = ["<details><summary>Every run (%d)</summary>" % len(runs), "",
           "| round | implementation | precision | threads | width | batch | median epoch (s) "
           "| epochs (s) | test accuracy |", "|---:|---|---|---:|---:|---:|---:|---|---:|"]
    for r in runs:
        res = r["result"]
        out.append("| %d | %s | %s | %d | %d | %d | %.3f | %s | %.4f |" % (
            r["round"], SHORT[r["impl"]], DTYPES[r["dtype"]], r["threads"], r["width"], r["batch"],
            res["seconds_per_epoch"], " ".join("%.3f" % s for s in res["epoch_seconds"]),
            res["test_accuracy"]))
    return out + ["", "</details>", ""]


def main():
    a = parse_args()
    runs = read_runs(a.runs)
    table = cells(runs)
    machine = cpu()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines, fig = (compare if a.mode == "compare" else scaling)(a, runs, table, machine, now)
    os.makedirs(a.out, exist_ok=True)
    md, png = (os.path.join(a.out, a.mode + ext) for ext in (".md", ".png"))
    with open(md, "w") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")
    fig.savefig(png, dpi=110)
    with open(os.path.join(a.out, a.mode + "-runs.jsonl"), "w") as f:
        for r in runs:
            f.write(json.dumps(r) + "\n")
    print("wrote %s, %s and %s" % (md, png, os.path.join(a.out, a.mode + "-runs.jsonl")))


if __name__ == "__main__":
    main()
