#!/usr/bin/env bash
# Regenerates everything the book shows that a lesson produces: each lesson is run in release mode
# with a fixed seed, exactly as a learner would run it (same default output directory out/lessonN),
# its stdout is captured into book/src/output/NAME.txt (first line: the command), and the pictures
# it wrote under out/lessonN/ are copied to the same place under book/src/img/lessonN/. Commit them.
#
#   book/regenerate.sh            # every lesson that exists
#   book/regenerate.sh lesson3    # only one lesson
#   book/regenerate.sh --check    # CI: are the committed outputs and pictures still what the
#                                 # lessons produce? (writes nothing under book/)
#
# --check runs the lessons' dev build (the one `cargo test --workspace` has just built: the same
# arithmetic as the release build, only slower) into a scratch directory and compares: every
# output line as committed, except the seconds a run took; every picture byte for byte. A
# difference is one line each and exit status 1: run book/regenerate.sh and commit.
#
# The book's check (book/check.sh) never runs this: it only reads the committed files.
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/strict.sh
. .ci/strict.sh
export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
only="${1:-all}"

outdir=book/src/output
imgdir=book/src/img
profile=(--release)
if ((check)); then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    outdir=$scratch/output
    imgdir=$scratch/img
    profile=()
fi
mkdir -p "$outdir" "$imgdir"

# capture NAME LESSON [ARGS...]: run `cargo run --release -p LESSON -- ARGS`, keep its stdout in
# book/src/output/NAME.txt and copy the PNG/GIF files it wrote under out/LESSON to img/LESSON.
capture() {
    local name=$1 lesson=$2
    shift 2
    local marker
    marker=$(mktemp)
    sleep 1 # file times have a one-second resolution on some file systems
    local shown="cargo run --release -p $lesson"
    [ $# -gt 0 ] && shown="$shown -- $*"
    if ((check)); then
        echo "-- book/src/output/$name.txt: running it with the dev build" >&2
    else
        echo "-- $shown  →  $outdir/$name.txt" >&2
    fi
    local errors
    errors=$(mktemp)
    if ! cargo run "${profile[@]}" -q -p "$lesson" -- "$@" </dev/null 2>"$errors" >"$outdir/$name.txt.raw"; then
        cat "$errors" >&2
        rm -f "$errors" "$outdir/$name.txt.raw" "$marker"
        echo "regenerate: '$shown' failed (above); $outdir/$name.txt is unchanged" >&2
        exit 1
    fi
    { echo "\$ $shown"; cat "$outdir/$name.txt.raw"; } |
        sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' -e 's/[[:space:]]*$//' >"$outdir/$name.txt"
    rm -f "$errors" "$outdir/$name.txt.raw"
    if [ -d "out/$lesson" ]; then
        find "out/$lesson" -type f \( -name '*.png' -o -name '*.gif' \) -newer "$marker" -print0 |
            while IFS= read -r -d '' f; do
                rel=${f#out/}                 # lessonN/…/name.png, subdirectories kept
                mkdir -p "$imgdir/$(dirname "$rel")"
                cp "$f" "$imgdir/$rel"
                echo "   picture $imgdir/$rel" >&2
            done
    fi
    rm -f "$marker"
}

want() { [ "$only" = all ] || [ "$only" = "$1" ]; }
has_lesson() { grep -q '^name *= *"'"$1"'"' "lessons/$1/Cargo.toml" 2>/dev/null; }

if want lesson1; then
    capture lesson1 lesson1 --seed 1
fi
if want lesson2; then
    capture lesson2 lesson2 --seed 1
fi
if want lesson3; then
    capture lesson3 lesson3 --seed 1
fi
if want lesson4 && has_lesson lesson4; then
    for experiment in grid-search boundary activations xor linear optimizers multiclass homework4 animate; do
        if cargo run "${profile[@]}" -q -p lesson4 -- "$experiment" --help >/dev/null 2>&1; then
            capture "lesson4-$experiment" lesson4 "$experiment" --seed 1
        else
            echo "lesson4 has no '$experiment' experiment yet: skipped" >&2
        fi
    done
fi
if want lesson5; then
    capture lesson5-iris lesson5 iris --seed 1
    capture lesson5-titanic lesson5 titanic --seed 1
fi
if want lesson6; then
    # The bundled MNIST sample (datasets/mnist-sample), so the result does not depend on whether
    # full MNIST was downloaded; two threads make the run reproducible on any machine.
    capture lesson6 lesson6 train --data-dir datasets/mnist-sample --seed 1 --threads 2
fi
# The explanatory pictures of lesson 4 (optimizer paths, vanishing gradients, …);
# `book/regenerate.sh lesson4-figures` runs only these.
if want lesson4 || want lesson4-figures; then
    for experiment in paths vanishing learning-rate polygon init cross-entropy; do
        capture "lesson4-$experiment" lesson4 "$experiment" --seed 1
    done
fi
if ! ((check)); then
    echo "done: $outdir and $imgdir are up to date; commit them" >&2
    exit 0
fi

# --check: compare the scratch outputs and pictures with the committed ones.
untimed() { sed -E 's/[0-9]+\.[0-9]+ s\b/… s/g' "$1"; }
stale=0
for made in "$outdir"/*.txt; do
    name=$(basename "$made")
    if [ ! -f "book/src/output/$name" ]; then
        echo "book/src/output/$name: not committed, but the lessons write it" >&2
        stale=1
    elif ! diff -q <(untimed "book/src/output/$name") <(untimed "$made") >/dev/null; then
        echo "book/src/output/$name: the lesson now prints otherwise, first difference:" >&2
        diff <(untimed "book/src/output/$name") <(untimed "$made") | head -4 >&2 || true
        stale=1
    fi
done
while IFS= read -r -d '' made; do
    rel=${made#"$imgdir"/}
    if ! cmp -s "$made" "book/src/img/$rel"; then
        echo "book/src/img/$rel: the lesson now draws another picture" >&2
        stale=1
    fi
done < <(find "$imgdir" -type f -print0)
if ((stale)); then
    echo "regenerate --check: the book shows outputs the lessons no longer produce (above); run book/regenerate.sh and commit" >&2
    exit 1
fi
echo "regenerate --check: every output and picture the book shows is what the lessons produce now" >&2
