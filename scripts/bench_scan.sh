#!/usr/bin/env bash
# Corpus scan benchmark: generate N articles with planted truth, scan them, report wall time,
# peak memory (/usr/bin/time -v), stage times and recall/precision. Usage: scripts/bench_scan.sh [N...]
# (default: 10000 100000). Corpora go to ${BENCH_DIR:-target/scan-bench}/N.
# The scan alone: `--no-provenance` (who copied whom for every pair is measured apart, see
# docs/benchmarks.md "Provenance").
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin parallax --example gen_corpus
dir=${BENCH_DIR:-target/scan-bench}
for n in "${@:-10000 100000}"; do
  for n in $n; do
    c=$dir/$n
    if [ ! -f "$c/truth.tsv" ]; then
      rm -rf "$c"
      /usr/bin/time -f "generate $n: %e s" target/release/examples/gen_corpus "$c" "$n" 42
    fi
    bytes=$(du -sb --exclude=truth.tsv "$c" | cut -f1)
    echo "== $n articles, $bytes bytes"
    # Warm cache run, then the measured one.
    target/release/parallax scan --no-provenance --corpus "$c" --json > /dev/null
    # PARALLAX_SCAN_TIMINGS: the time each stage starts, on stderr (reading = after listing
    # the folder; indexing = after reading every file).
    uptime
    PARALLAX_SCAN_TIMINGS=1 /usr/bin/time -v target/release/parallax scan --no-provenance --corpus "$c" --json > "$dir/scan_$n.json" 2> "$dir/time_$n.txt"
    grep -E " s  |Elapsed|User time|System time|Percent of CPU|Maximum resident" "$dir/time_$n.txt"
    target/release/examples/gen_corpus eval "$c/truth.tsv" "$dir/scan_$n.json"
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['stats'])" "$dir/scan_$n.json"
  done
done
