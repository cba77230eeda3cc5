#!/usr/bin/env bash
# Big corpora (issue #16): cold and warm `parallax list`, the reader's start, and `scan`, on
# generated corpora of N articles (gen_corpus, seed 42, ~3 KB articles), with wall time, CPU
# time (user + sys) and peak RSS from /usr/bin/time, the size of cache.db, and the load
# average before each step (other builds share the machine: read the CPU times).
#
#   scripts/bench_big.sh [N...]          # default: 10000 100000 300000
#   scripts/bench_big.sh 1000000         # a million articles (3 GB of text): scan only
#
# A corpus of 1,000,000 articles or more runs only the scan unless SKIP is set: generating it
# takes ~5 min and 5 GB (once), a cold list ~10 min of CPU. `SKIP= scripts/bench_big.sh
# 1000000` runs every step; `SKIP="reader" ...` all but the reader.
#
# Environment:
#   BIG_DIR   where the corpora are generated, once each (default /work/corpora; keep them out
#             of the repository: 100k is 300 MB, 300k about 1 GB)
#   BIN       the parallax binary to measure (default: target/release/parallax, built here);
#             set it to an older build to measure before/after on the same corpora
#   GEN       the gen_corpus binary (default: target/release/examples/gen_corpus, built here)
#   SKIP      steps to leave out, space-separated: cold warm search reader scan provenance
#             coverage (default: none, or "cold warm search reader provenance coverage" for
#             1,000,000 articles or more)
#
# Steps per corpus:
#   cold:   rm -rf DIR/.parallax; parallax list --json --corpus DIR >/dev/null
#   warm:   the same with the cache current, three runs
#   search: parallax search "central bank" --corpus DIR: the first builds the full-text index
#           (left by list since cache 9), then twice more with the index built
#   reader: `parallax DIR` in an 80x24 tmux pane with `q` typed ahead: launch, first frame
#           (the picker) and quit; cold (cache deleted) and warm
#   scan:   parallax scan --no-provenance --corpus DIR --json >/dev/null, with its peak RSS
#           as a multiple of the text (scan does not write into DIR)
#   provenance: the same with each pair's provenance (the default of `scan --json`)
#   coverage: parallax coverage a0000000 --corpus DIR >/dev/null (one article against all)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BIG_DIR:-/work/corpora}"
target="${CARGO_TARGET_DIR:-target}"
if [ -z "${BIN:-}" ] || [ -z "${GEN:-}" ]; then
    cargo build --release --quiet --bin parallax --example gen_corpus
fi
bin="${BIN:-$target/release/parallax}"
gen="${GEN:-$target/release/examples/gen_corpus}"
skip_for() {
    if [ -n "${SKIP+set}" ]; then
        echo " $SKIP "
    elif [ "$1" -ge 1000000 ]; then
        echo " cold warm search reader provenance coverage "
    else
        echo "  "
    fi
}
fmt="%e s wall, %U + %S s CPU, %M KB peak RSS"
load() { echo "== $1 ($(date -u +%H:%M) UTC, $(uptime | sed 's/.*load/load/'))"; }
timed() { /usr/bin/time -f "$1: $fmt" "${@:2}"; }
reader() {
    local c="$1" label="$2" out
    out="$(mktemp)"
    tmux new-session -d -s "bench_big_$$" -x 80 -y 24 \
        "/usr/bin/time -o $out -f '$label: $fmt' $bin $c"
    tmux send-keys -t "bench_big_$$" q
    while tmux has-session -t "bench_big_$$" 2>/dev/null; do sleep 0.02; done
    cat "$out"
    rm -f "$out"
}
mkdir -p "$dir"
for n in "${@:-10000 100000 300000}"; do
    for n in $n; do
        c="$dir/$n"
        if [ ! -f "$c/truth.tsv" ]; then
            rm -rf "$c"
            timed "generate $n" "$gen" "$c" "$n" 42
        fi
        bytes=$(du -sb --exclude=truth.tsv --exclude=.parallax "$c" | cut -f1)
        skip="$(skip_for "$n")"
        echo "#### $n articles, $bytes bytes of files, binary $bin"
        if [[ $skip != *" cold "* ]]; then
            load "list cold"
            rm -rf "$c/.parallax"
            timed "list cold" "$bin" list --json --corpus "$c" >/dev/null
            echo "cache.db: $(du -sb "$c/.parallax/cache.db" | cut -f1) bytes ($(du -sb "$c/.parallax" | cut -f1) with WAL)"
        fi
        if [[ $skip != *" warm "* ]]; then
            load "list warm"
            "$bin" list --json --corpus "$c" >/dev/null
            for _ in 1 2 3; do timed "list warm" "$bin" list --json --corpus "$c" >/dev/null; done
        fi
        if [[ $skip != *" search "* ]]; then
            # The full-text index is built by the first search (cache 9), then used.
            load "search"
            timed "search first (builds the index)" "$bin" search "central bank" --corpus "$c" >/dev/null
            echo "cache.db once indexed: $(du -sb "$c/.parallax/cache.db" | cut -f1) bytes"
            for _ in 1 2; do timed "search again" "$bin" search "central bank" --corpus "$c" >/dev/null; done
        fi
        if [[ $skip != *" reader "* ]] && command -v tmux >/dev/null; then
            load "reader"
            rm -rf "$c/.parallax"
            reader "$c" "reader cold"
            # The reader may not have finished the cache when it quit: a list completes it.
            "$bin" list --json --corpus "$c" >/dev/null
            for _ in 1 2; do reader "$c" "reader warm"; done
        fi
        if [[ $skip != *" scan "* ]]; then
            load "scan"
            out="$(mktemp)"
            /usr/bin/time -o "$out" -f "scan: $fmt" "$bin" scan --no-provenance --corpus "$c" --json >/dev/null
            cat "$out"
            awk -v b="$bytes" '{ for (i = 1; i <= NF; i++) if ($(i + 1) == "KB") printf "scan peak RSS: %.2fx the text\n", $i * 1024 / b }' "$out"
            rm -f "$out"
        fi
        if [[ $skip != *" provenance "* ]]; then
            load "provenance"
            timed "scan with provenance" "$bin" scan --corpus "$c" --json >/dev/null
        fi
        if [[ $skip != *" coverage "* ]]; then
            load "coverage"
            timed "coverage a0000000" "$bin" coverage a0000000 --corpus "$c" >/dev/null
        fi
    done
done
