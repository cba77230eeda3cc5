#!/usr/bin/env bash
# Time to open a generated corpus of 10k articles, cold (no cache) and warm (cache current),
# as `parallax list --json > /dev/null` does it (walk, load every article, print the list),
# and what the reader pays to open it warm.
#
#   scripts/bench_open.sh [N]      # N articles (default 10000)
#
# Builds the release binary and the `synth_corpus` example, writes the corpus to a temporary
# folder (removed on exit), then times with hyperfine (if installed, else `/usr/bin/time`):
#   cold: the cache deleted before each run  (--prepare 'rm -rf DIR/.parallax')
#   warm: the cache current                  (after warm-up runs)
#   no cache: PARALLAX_NO_CACHE=1 (the parse alone, nothing written)
# then `/usr/bin/time` on one cold and three warm runs (CPU time and peak memory: steadier than
# wall time on a shared machine), and, when tmux is installed, the reader: `parallax DIR` in an
# 80x24 tmux pane with `q` already typed, so the time is loading, first frame and quitting.
# The load average is printed before each step: on a busy machine read the CPU times.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
cargo build --release --quiet --bin parallax --example synth_corpus
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
target/release/examples/synth_corpus "$dir" "$n"
bin="$PWD/target/release/parallax"
fmt="%e s wall, %U s user, %S s sys, %M KB peak RSS"
load() { echo "== $1 ($(uptime | sed 's/.*load/load/'))"; }
if command -v hyperfine >/dev/null; then
    load "hyperfine cold"
    hyperfine -N --runs 5 --prepare "rm -rf $dir/.parallax" --output=null \
        -n cold "$bin list --json --corpus $dir"
    load "hyperfine warm"
    hyperfine -N --warmup 2 --runs 10 --output=null -n warm "$bin list --json --corpus $dir"
    load "hyperfine no cache"
    PARALLAX_NO_CACHE=1 hyperfine -N --runs 3 --output=null -n no-cache "$bin list --json --corpus $dir"
fi
load "time cold"
rm -rf "$dir/.parallax"
/usr/bin/time -f "cold: $fmt" "$bin" list --json --corpus "$dir" >/dev/null
load "time warm"
for _ in 1 2 3; do
    /usr/bin/time -f "warm: $fmt" "$bin" list --json --corpus "$dir" >/dev/null
done
du -h "$dir/.parallax/cache.db"
if command -v tmux >/dev/null; then
    load "reader warm"
    for i in 1 2 3; do
        out="$dir/reader.$i"
        tmux new-session -d -s "bench_open_$$" -x 80 -y 24 \
            "/usr/bin/time -o $out -f 'reader: $fmt' $bin $dir"
        tmux send-keys -t "bench_open_$$" q
        while tmux has-session -t "bench_open_$$" 2>/dev/null; do sleep 0.05; done
        cat "$out"
    done
fi
