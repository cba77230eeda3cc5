#!/usr/bin/env bash
# Time to open a generated corpus of 10k articles, cold (no cache) and warm (cache current),
# as `parallax list --json > /dev/null` does it (walk, load every article, print the list).
#
#   scripts/bench_open.sh [N]      # N articles (default 10000)
#
# Builds the release binary and the `synth_corpus` example, writes the corpus to a temporary
# folder (removed on exit), then times with hyperfine (if installed, else `time`):
#   cold: the cache deleted before each run  (--prepare 'rm -rf DIR/.parallax')
#   warm: the cache current                  (after warm-up runs)
#   no cache: PARALLAX_NO_CACHE=1 (the parse alone, nothing written)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
cargo build --release --quiet
cargo build --release --quiet --example synth_corpus
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
target/release/examples/synth_corpus "$dir" "$n"
bin="$PWD/target/release/parallax"
if command -v hyperfine >/dev/null; then
    hyperfine -N --runs 5 --prepare "rm -rf $dir/.parallax" --output=null \
        -n cold "$bin list --json --corpus $dir"
    hyperfine -N --warmup 2 --runs 10 --output=null -n warm "$bin list --json --corpus $dir"
    PARALLAX_NO_CACHE=1 hyperfine -N --runs 3 --output=null -n no-cache "$bin list --json --corpus $dir"
else
    rm -rf "$dir/.parallax"
    echo cold; time "$bin" list --json --corpus "$dir" >/dev/null
    echo warm; "$bin" list --json --corpus "$dir" >/dev/null; time "$bin" list --json --corpus "$dir" >/dev/null
fi
du -h "$dir/.parallax/cache.db"
