#!/usr/bin/env python3
"""trafilatura on the extraction benchmark's pages, scored as parallax is scored.

Write the pages first (`cargo run -p parallax-core --example extract_bench -- --dir DIR`),
then: `python3 scripts/bench_extract_trafilatura.py DIR` (needs `pip install trafilatura`).
Word 4-gram F1 of the extracted body against NAME.expected.txt: words are runs of letters
and digits, lower-cased; 4-grams counted as a multiset (as parallax_synth::pages::f1_4gram).
A listing page (empty expected body) counts as skipped when trafilatura returns nothing.
"""
import re
import sys
from collections import Counter
from pathlib import Path

import trafilatura


def grams(s):
    w = [x.lower() for x in re.findall(r"[^\W_]+", s)]
    return Counter(tuple(w[i : i + 4]) for i in range(len(w) - 3))


def f1(got, exp):
    a, b = grams(got), grams(exp)
    na, nb = sum(a.values()), sum(b.values())
    if na == 0 and nb == 0:
        return 1.0, 1.0, 1.0
    common = sum((a & b).values())
    p = common / na if na else 0.0
    r = common / nb if nb else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    d = Path(sys.argv[1])
    sums, n, listings, skipped = [0.0, 0.0, 0.0], 0, 0, 0
    print("page\tP\tR\tF1")
    for page in sorted(d.glob("*.html")):
        exp = page.with_name(page.stem + ".expected.txt").read_text(encoding="utf-8")
        got = trafilatura.extract(page.read_text(encoding="utf-8"), include_comments=False) or ""
        if not exp.strip():
            listings += 1
            skipped += not got.strip()
            print(f"{page.name}\tlisting: {len(got.split())} words extracted")
            continue
        p, r, f = f1(got, exp)
        n += 1
        for i, x in enumerate((p, r, f)):
            sums[i] += x
        print(f"{page.name}\t{p:.3f}\t{r:.3f}\t{f:.3f}")
    m = [x / max(n, 1) for x in sums]
    print(f"\n{n} article pages: mean precision {m[0]:.3f}, recall {m[1]:.3f}, F1 {m[2]:.3f}")
    print(f"{listings} listing pages: {skipped} with nothing extracted")


if __name__ == "__main__":
    main()
