#!/usr/bin/env python3
"""What a new binary changes on the real pages against a judged round, item
by item, on the tuning pages only (the held-aside pages are for measuring).

    tools/audit/carry.py ROUND_DIR OLD_BIN NEW_BIN [PAGES_DIR]

ROUND_DIR holds one directory per judge with `<page id>.json` (JUDGE.md's
format), judged on OLD_BIN's output. Attributions are matched by (cue text,
content text) and flags by sentence text; each item that NEW_BIN drops is
printed with its judge's verdict, each one it adds or changes without one.
An estimate to choose a mechanism by, not a new judging: report a change's
effect on the pages with a judged round.
"""
import glob, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
rd, old, new = sys.argv[1:4]
pages = sys.argv[4] if len(sys.argv) > 4 else os.environ.get("EXTRACTION_DATA", "/work/data/extraction") + "/pages"
meta = {p["id"]: p for p in json.load(open(os.path.join(HERE, "pages.json")))["pages"]}


def report(binary, pid):
    out = subprocess.run([binary, "analyze", "--url", meta[pid]["url"], os.path.join(pages, pid + ".html")],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def key(a):
    return (a["cue"]["text"], a["content"]["text"])


def flags(rep):
    return {c["text"]: c for c in rep["claims"] if c.get("status") in ("unsourced", "vague", "anonymous")}


totals = dict(dropped=0, dropped_right=0, added=0, flags_gone=0, flags_gone_deserved=0, flags_new=0)
for f in sorted(glob.glob(os.path.join(rd, "*", "*.json"))):
    judge = os.path.basename(os.path.dirname(f))
    j = json.load(open(f))
    pid = j.get("id")
    if pid not in meta or meta[pid]["held_aside"]:
        continue
    o, n = report(old, pid), report(new, pid)
    verdict = {a["id"]: a for a in j["attributions"]}
    old_keys, new_keys = {key(a) for a in o["attributions"]}, {key(a) for a in n["attributions"]}
    for a in o["attributions"]:
        if key(a) not in new_keys:
            v = verdict.get(a["id"], {})
            right = bool(v.get("real") and v.get("source_right"))
            totals["dropped"] += 1
            totals["dropped_right"] += right
            print(judge, "DROP", a["cue"]["text"], "|", a["content"]["text"][:70], "| right" if right else "| wrong",
                  v.get("error", ""))
    for a in n["attributions"]:
        if key(a) not in old_keys:
            totals["added"] += 1
            print(judge, "ADD", a["cue"]["text"], "|", a["content"]["text"][:70])
    of, nf = flags(o), flags(n)
    fv = {c["id"]: c for c in j["flags"]}
    for text, c in of.items():
        if text not in nf or nf[text]["status"] != c["status"]:
            v = fv.get(c["id"], {})
            totals["flags_gone"] += 1
            totals["flags_gone_deserved"] += bool(v.get("deserved"))
            print(judge, "FLAG-GONE", c["status"], "deserved" if v.get("deserved") else "undeserved", v.get("error", ""),
                  "|", text[:70])
    for text, c in nf.items():
        if text not in of or of[text]["status"] != c["status"]:
            totals["flags_new"] += 1
            print(judge, "FLAG-NEW", c["status"], "|", text[:70])
print(totals)
