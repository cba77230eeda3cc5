#!/usr/bin/env bash
# The reader's start on the generated corpora (issue #16), warm (the caches in DIR are used and
# kept, never deleted): `parallax DIR/N` in an 80x24 tmux pane with `q` typed ahead (launch,
# first frame, quit), three runs each, wall, CPU and peak RSS from /usr/bin/time.
#
#   scripts/bench_reader.sh BIN [N...]        # default N: 100000 300000 1000000
#   FULL=1 scripts/bench_reader.sh BIN 100000 # also: left running until everything is read
#                                             # (the title shows neither listing nor reading):
#                                             # seconds to the first frame, to the listing, to
#                                             # all read, then VmHWM and CPU from /proc
# Environment: BIG_DIR (default /work/corpora).
set -euo pipefail
bin="$1"; shift
dir="${BIG_DIR:-/work/corpora}"
fmt="%e s wall, %U + %S s CPU, %M KB peak RSS"
for n in "${@:-100000 300000 1000000}"; do
  for n in $n; do
    c="$dir/$n"
    echo "== $n $bin ($(date -u +%H:%M) UTC, $(uptime | sed 's/.*load/load/'))"
    for _ in 1 2 3; do
      out="$(mktemp)"
      tmux new-session -d -s "bench_reader_$$" -x 80 -y 24 "/usr/bin/time -o $out -f 'reader warm $n: $fmt' $bin $c"
      tmux send-keys -t "bench_reader_$$" q
      while tmux has-session -t "bench_reader_$$" 2>/dev/null; do sleep 0.02; done
      cat "$out"; rm -f "$out"
    done
    [ -n "${FULL:-}" ] || continue
    s="bench_reader_full_$$"
    t0=$(date +%s.%N)
    tmux new-session -d -s "$s" -x 80 -y 24 "$bin $c"
    pid=$(tmux display -p -t "$s" '#{pane_pid}')
    first=""; listed=""
    while :; do
      el=$(echo "$(date +%s.%N) - $t0" | bc)
      top="$(tmux capture-pane -p -t "$s" | head -1)"
      if [ -z "$first" ] && [[ "$top" == parallax* ]]; then first=$el; echo "first frame: $el s"; fi
      if [ -z "$listed" ] && [[ "$top" =~ reading\ [0-9]+/[1-9] ]]; then listed=$el; echo "listed: $el s"; fi
      if [ -n "$first" ] && [[ "$top" != *reading* ]] && [[ "$top" != *listing* ]]; then echo "all read: $el s"; break; fi
      sleep 0.05
    done
    grep -E "VmHWM|VmRSS" "/proc/$pid/status" | tr -s ' \t' ' ' | tr '\n' ' '
    awk '{printf "CPU %.2f + %.2f s\n", $14/100, $15/100}' "/proc/$pid/stat"
    t1=$(date +%s.%N)
    tmux send-keys -t "$s" q
    while tmux has-session -t "$s" 2>/dev/null; do sleep 0.02; done
    echo "q to exit: $(echo "$(date +%s.%N) - $t1" | bc) s"
  done
done
