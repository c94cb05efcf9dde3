#!/usr/bin/env python3
"""Score the engine's claim statuses against the independent labels.

    tools/claims_labels/score.py [--cmd "target/release/sourcecheck analyze"] [--split held-out|tuning|all] [--confusion]

Joins tests/fixtures/claims/polnear-labels*.jsonl (one file per labelling
round; offsets, statuses) with
the article texts in POLNEAR_DIR (default ../shared/eval/), runs the engine on each article, and
gives each labelled sentence the status of the engine's claim that overlaps
it most ("attributed" and "linked" count as sourced; no claim: none). Prints
per-status precision, recall and F1, and writes JSON with --json-out.
"""
import argparse, collections, glob, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# PolNeAR's texts: POLNEAR_DIR, as build.sh reads it, or ../shared/eval.
EVAL = os.path.normpath(os.environ.get("POLNEAR_DIR") or os.path.join(ROOT, "..", "shared", "eval"))
STATUS = {"attributed": "sourced", "linked": "sourced", "vague": "vague", "anonymous": "anonymous",
          "unsourced": "unsourced"}


def locate(text, claim):
    words = re.findall(r"\S+", claim)
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", default=os.path.join(ROOT, "target", "release", "sourcecheck") + " analyze")
    ap.add_argument("--split", default="held-out", choices=["held-out", "tuning", "all"])
    ap.add_argument("--json-out")
    ap.add_argument("--labels", nargs="*", help="label files to read (default: every tests/fixtures/claims/polnear-labels*.jsonl)")
    ap.add_argument("--confusion", action="store_true", help="print gold x engine counts (no text)")
    a = ap.parse_args()
    texts = {}
    for f in ("polnear-train.jsonl", "polnear-dev.jsonl"):
        for line in open(os.path.join(EVAL, f), encoding="utf-8"):
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    counts = collections.Counter()
    n = 0
    labels = []
    for path in a.labels or sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "claims", "polnear-labels*.jsonl"))):
        labels += [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    articles = 0
    for lab in labels:
        if a.split == "held-out" and not lab["held_out"] or a.split == "tuning" and lab["held_out"]:
            continue
        articles += 1
        text = texts[lab["id"]]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(text)
        try:
            out = subprocess.run(a.cmd + " " + f.name, shell=True, capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(f.name)
        spans = []
        for c in json.loads(out)["claims"]:
            at = locate(text, c["text"])
            if at:
                spans.append((at, STATUS.get(c["status"], "none")))
        for s in lab["sentences"]:
            best, pred = 0, "none"
            for (cs, ce), st in spans:
                ov = min(ce, s["end"]) - max(cs, s["start"])
                if ov > best:
                    best, pred = ov, st
            counts[(s["status"], pred)] += 1
            n += 1
    res = {"sentences": n, "articles": articles, "split": a.split}
    for st in ("unsourced", "vague", "anonymous", "sourced"):
        tp = counts[(st, st)]
        pred = sum(v for (g, p), v in counts.items() if p == st)
        gold = sum(v for (g, p), v in counts.items() if g == st)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        res[st] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "gold": gold, "predicted": pred}
        print(f"{st:10s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {gold}, predicted {pred})")
    print(f"{n} sentences ({a.split})")
    if a.confusion:
        cols = ("none", "sourced", "unsourced", "vague", "anonymous")
        print("gold \\ engine " + " ".join(f"{c:>9s}" for c in cols))
        for g in cols:
            print(f"{g:14s} " + " ".join(f"{counts[(g, c)]:9d}" for c in cols))
    res["confusion"] = {f"{g}->{p}": v for (g, p), v in sorted(counts.items())}
    if a.json_out:
        json.dump(res, open(a.json_out, "w"), indent=1)


if __name__ == "__main__":
    main()
