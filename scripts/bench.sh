#!/usr/bin/env bash
# Whole-process timings of `parallax compare` against `git diff --no-index --word-diff`, with
# hyperfine (warm cache: warm-up runs first, files read from the page cache).
#
#   scripts/bench.sh [OUT_DIR]          # hyperfine only
#   scripts/bench.sh --criterion [OUT]  # also `cargo bench --bench compare`, and its medians
#
# What it does:
#   1. builds the release binary and the `synth_pair` example;
#   2. writes the generated ~1 MiB pair (`parallax::synth::pair(42, 1 MiB)`: an article and its
#      lightly edited copy) to a temporary folder (removed on exit);
#   3. times, each with hyperfine, the two commands
#        parallax compare A B --json > /dev/null
#        git diff --no-index --word-diff A B > /dev/null     (exits 1 on differences: -i)
#      (run without a shell, hyperfine -N, with stdout sent to /dev/null by --output=null)
#      on the two largest sample articles (articles/002_*.txt, articles/003_*.txt) and on the
#      generated pair;
#   4. writes hyperfine's markdown and JSON exports to OUT_DIR (default target/bench/):
#      seeds.md, seeds.json, synth_1mb.md, synth_1mb.json (and criterion_medians.md).
#
# Environment: WARMUP (default 5), MIN_RUNS (default 30), SEED (default 42), BYTES (default
# 1048576).
#
# hyperfine is the Debian/Ubuntu package `hyperfine`; when it is missing and we are root with
# apt-get, the script installs it (apt-get update && apt-get install -y hyperfine). Otherwise it
# says how: `sudo apt-get install hyperfine`, or `cargo install hyperfine`.
set -euo pipefail

criterion=0
if [[ "${1:-}" == "--criterion" ]]; then
    criterion=1
    shift
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/bench}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
warmup="${WARMUP:-5}"
min_runs="${MIN_RUNS:-30}"
seed="${SEED:-42}"
bytes="${BYTES:-1048576}"

if ! command -v hyperfine >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "bench.sh: installing hyperfine with apt-get" >&2
        apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null
    else
        echo "bench.sh: hyperfine is missing; install it with 'sudo apt-get install hyperfine'" >&2
        echo "          (Debian/Ubuntu) or 'cargo install hyperfine', then run this again." >&2
        exit 1
    fi
fi

cargo build --release --quiet --bin parallax --example synth_pair
bin="$root/target/release/parallax"

one() {
    local matches=("$root"/articles/"$1"_*.txt)
    if [[ ${#matches[@]} -ne 1 || ! -f "${matches[0]}" ]]; then
        echo "bench.sh: expected one articles/$1_*.txt" >&2
        exit 1
    fi
    echo "${matches[0]}"
}
s2="$(one 002)"
s3="$(one 003)"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mapfile -t pair < <("$root/target/release/examples/synth_pair" "$tmp" "$seed" "$bytes")
sa="${pair[0]}"
sb="${pair[1]}"

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
rustc --version
git --version
hyperfine --version
echo "seeds: $(wc -c <"$s2") + $(wc -c <"$s3") bytes; synthetic pair: $(wc -c <"$sa") + $(wc -c <"$sb") bytes"

# bench NAME LEFT RIGHT
bench() {
    local name="$1" a="$2" b="$3"
    echo
    echo "== $name"
    # -N: no intermediate shell (a shell's start-up is as long as the seeds' runs); stdout
    # goes to /dev/null (--output=null), as with '> /dev/null'.
    hyperfine -N --output=null --warmup "$warmup" --min-runs "$min_runs" --ignore-failure \
        --export-markdown "$out/$name.md" --export-json "$out/$name.json" \
        -n "parallax compare --json ($name)" "'$bin' compare '$a' '$b' --json" \
        -n "git diff --no-index --word-diff ($name)" \
        "git diff --no-index --word-diff '$a' '$b'"
}
bench seeds "$s2" "$s3"
bench synth_1mb "$sa" "$sb"

if [[ $criterion == 1 ]]; then
    echo
    echo "== cargo bench --bench compare"
    cargo bench --bench compare
    {
        echo "| benchmark | median | 95% CI of the median |"
        echo "|:---|---:|---:|"
        for f in "$root"/target/criterion/*/*/new/estimates.json; do
            name="${f#"$root"/target/criterion/}"
            name="${name%/new/estimates.json}"
            python3 - "$f" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["median"]
def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"
ci = m["confidence_interval"]
print(f"| {sys.argv[2]} | {fmt(m['point_estimate'])} | {fmt(ci['lower_bound'])} – {fmt(ci['upper_bound'])} |")
PY
        done
    } >"$out/criterion_medians.md"
    cat "$out/criterion_medians.md"
fi

echo
echo "hyperfine exports in $out"
