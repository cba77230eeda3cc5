#!/usr/bin/env bash
# Capture what the command line prints on the shipped articles, one file per command, so that two
# builds can be compared byte for byte (a refactoring that moves code must not change a byte):
#
#   scripts/cli_outputs.sh BINARY OUT_DIR
#   diff -r OUT_A OUT_B
#
# Works on a copy of articles/ in a temporary folder (the cache and the marks store are written
# there, never into the repository). Times and ids of marks vary from run to run, so the marks
# commands' outputs have their RFC 3339 times (also as Markdown escapes them) and uids replaced
# by placeholders, and the
# temporary folder's path is <TMP>.
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$out"
out="$(realpath "$out")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/articles" "$tmp/articles"
cd "$tmp"
export PARALLAX_AUTHOR=tester COLUMNS=120 NO_COLOR=

n=0
run() {
    n=$((n + 1))
    local name
    name="$(printf '%03d' "$n")_$(echo "$*" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-80)"
    {
        echo "\$ parallax $*"
        set +e
        "$bin" "$@" 2>&1
        echo "[exit $?]"
        set -e
    } | sed -E "s#$tmp#<TMP>#g" | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<TIME>/g; s/[0-9]{4}\\-[0-9]{2}\\-[0-9]{2}T[0-9\\:.]+Z/<TIME>/g; s/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<UID>/g' \
        >"$out/$name.txt"
}

ids=(000 001 002 003 004)
run --help
run export --help
run compare --help
run scan --help
run list
run list --json
for a in "${ids[@]}"; do
    run show "$a"
    run show "$a" --json
    run coverage "$a"
    run coverage "$a" --json
done
for a in "${ids[@]}"; do
    for b in "${ids[@]}"; do
        [[ "$a" < "$b" ]] || continue
        run compare "$a" "$b" --json
        run compare "$a" "$b" --width 120
        run compare "$b" "$a" --width 80 --layout stacked
    done
done
run compare 004 002 --width 160 --full --color always
run compare 004 002 --width 100 --layout side --color always
run search "peacekeeping zone"
run search "Defense Ministry" --json
run scan
run scan --json
run scan --min-run 7 --json
run scan --min-share 0.5
run mark 004 002 --label copy --source left
run mark 004 002 --para 2:5 --label near-duplicate
run note 2 "checked against the DW original"
run marks
run marks --json
run export --format json
run export --format jsonl
run export --format csv
run export --format md
run export --format w3c
run undo
run marks
run unmark 1
run marks --json
run compare 004 004
run show nosuch
run compare 004
run scan --min-share 2
echo "$n outputs in $out"
