#!/usr/bin/env python3
"""Totals of one audit round from the judges' per-page files.

    tools/audit/figures.py ROUND_DIR BIN PAGES_DIR [--held-aside-only]

ROUND_DIR holds one directory per judge with `<page id>.json` (JUDGE.md's
format). BIN is the binary that round judged: it is run again on each page
to read each attribution's `category` and `negated`, so that "statement
precision" counts what the panel lists by default (statements, not negated).
"""
import glob, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
round_dir, binary, pages = sys.argv[1], sys.argv[2], sys.argv[3]
only_aside = "--held-aside-only" in sys.argv
meta = {p["id"]: p for p in json.load(open(os.path.join(HERE, "pages.json")))["pages"]}
T = dict(shown=0, ok=0, st_shown=0, st_ok=0, st_real=0, st_src=0, st_typ=0, real=0, src=0, typ=0, cont=0, art=0, found=0,
         flags=0, flags_ok=0, boiler=0, outside=0, pages=0)
for f in sorted(glob.glob(os.path.join(round_dir, "*", "*.json"))):
    j = json.load(open(f))
    pid = j.get("id")
    if pid not in meta or (only_aside and not meta[pid]["held_aside"]):
        continue
    T["pages"] += 1
    rep = json.loads(subprocess.run([binary, "analyze", "--url", meta[pid]["url"], os.path.join(pages, pid + ".html")],
                                    capture_output=True, text=True, check=True).stdout)
    by_id = {a["id"]: a for a in rep["attributions"]}
    for a in j["attributions"]:
        good = a["real"] and a["source_right"]
        T["shown"] += 1
        T["ok"] += good
        r = by_id.get(a["id"], {})
        if r.get("category", "statement") == "statement" and not r.get("negated", False):
            T["st_shown"] += 1
            T["st_ok"] += good and a.get("speech", True)
            # Issue 15's measure: speakers and types on the real statements the panel lists.
            if a["real"]:
                T["st_real"] += 1
                T["st_src"] += a["source_right"]
                T["st_typ"] += a["type_right"]
        if a["real"]:
            T["real"] += 1
            T["src"] += a["source_right"]
            T["typ"] += a["type_right"]
            T["cont"] += a["content_right"]
    for fl in j["flags"]:
        T["flags"] += 1
        T["flags_ok"] += fl["deserved"]
        T["boiler"] += fl["boilerplate"]
    T["art"] += j["article_speech_attributions"]
    T["found"] += j["found_speech_attributions"]
    T["outside"] += j["outside_article_items"]
d = lambda a, b: f"{T[a] / T[b]:.3f}" if T[b] else "-"
print(f"pages {T['pages']}: attribution precision {d('ok', 'shown')} ({T['shown']} shown), "
      f"statement precision {d('st_ok', 'st_shown')} ({T['st_shown']} statements), source {d('src', 'real')}, "
      f"type {d('typ', 'real')}, content {d('cont', 'real')}, "
      f"on real statements: source {d('st_src', 'st_real')}, type {d('st_typ', 'st_real')} ({T['st_real']}), "
      f"speech recall {d('found', 'art')} ({T['art']}), "
      f"flag precision {d('flags_ok', 'flags')} ({T['flags']} flags), boilerplate flags {T['boiler']}, outside items {T['outside']}")
