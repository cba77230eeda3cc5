#!/usr/bin/env python3
"""Turn a folder of generated .txt articles into a mixed corpus, as a scraper's output folder
looks: plain UTF-8 text, Windows-1252 text, text with front matter, HTML pages, JSON objects,
and JSON Lines files of several articles each (one in every ten files of each kind).

    scripts/mixed_corpus.py SRC_DIR DST_DIR [N]

Deterministic: the kind of each file follows its position in SRC_DIR's sorted listing."""
import html, json, os, sys

src, dst = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else None
os.makedirs(dst, exist_ok=True)
names = sorted(f for f in os.listdir(src) if f.endswith(".txt"))[:n]
kinds = ["txt", "cp1252", "front", "html", "json", "jsonl"]
batch = []
for i, name in enumerate(names):
    text = open(os.path.join(src, name), encoding="utf-8").read()
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    title, body = paras[0], paras[1:]
    stem = name[:-4]
    kind = kinds[i % len(kinds)]
    date = f"2022-03-{1 + i % 28:02d}"
    if kind == "txt":
        open(os.path.join(dst, name), "w", encoding="utf-8").write(text)
    elif kind == "cp1252":
        # Pound signs and typographic quotes, as UK newspaper files hold them.
        t = text.replace(" on ", " on \u201c", 1).replace(" in ", " in \u201d", 1) + "\n\nIt cost \u00a330,000.\n"
        open(os.path.join(dst, stem + "_w.txt"), "wb").write(t.encode("cp1252", "replace"))
    elif kind == "front":
        fm = f"---\ntitle: {title}\nsource: Wire {i % 7}\ndate: {date}\nurl: https://example.org/{stem}\n---\n\n"
        open(os.path.join(dst, stem + ".md"), "w", encoding="utf-8").write(fm + "\n\n".join(body) + "\n")
    elif kind == "html":
        ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
        page = (f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(title)} | Site {i % 5}</title>"
                f"<meta property=og:site_name content='Site {i % 5}'>"
                f"<meta property=article:published_time content='{date}T18:30:00+02:00'></head><body>"
                f"<nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>{html.escape(title)}</h1>"
                f"<figure><img src=a.jpg><figcaption>Photo: Someone, AP</figcaption></figure>{ps}</article>"
                f"<footer>\u00a9 Site {i % 5}</footer></body></html>")
        open(os.path.join(dst, stem + ".html"), "w", encoding="utf-8").write(page)
    elif kind == "json":
        obj = {"title": title, "text": "\n\n".join(body), "date": date, "source": f"Feed {i % 3}"}
        open(os.path.join(dst, stem + ".json"), "w", encoding="utf-8").write(json.dumps(obj))
    else:
        batch.append({"title": title, "text": "\n\n".join(body), "date": date, "url": f"https://example.net/{stem}"})
        if len(batch) == 10 or i == len(names) - 1:
            with open(os.path.join(dst, stem + ".jsonl"), "w", encoding="utf-8") as f:
                for o in batch:
                    f.write(json.dumps(o) + "\n")
            batch = []
