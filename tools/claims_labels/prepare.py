#!/usr/bin/env python3
"""Cut the PolNeAR articles chosen for claim labelling into numbered sentences.

The labellers see these sentences (and nothing the engine produced); their
labels keep only offsets and statuses, which `score.py`-style tools join with
the text again at scoring time. The splitter is deliberately independent of
the engine's, so the labels do not inherit its mistakes.

    tools/claims_labels/prepare.py OUT_DIR [--round 2]   (reads ../shared/eval/)

Choice of articles, fixed before anything was looked at: sort each file's
article ids by sha256, take the first 28 of train and 13 of dev; the first two
of train are labelled by every labeller (agreement), the rest go round-robin
to three labellers. Every third article in that order (positions 2, 5, 8, …)
is held out: it is scored, never used for tuning or training.

Round 2 (`--round 2`), the same order taken further: the next 12 of train and
3 of dev; the first of them is labelled by every labeller (agreement); the
held-out rule goes on over the whole order (article 42 of both rounds is
position 41, and so on), so round 1's choice is unchanged.
"""
import hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "eval"))
LABELLERS = 3

ABBREV = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st", "jr", "sr",
          "u.s", "u.n", "u.k", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr",
          "aug", "sept", "sep", "oct", "nov", "dec", "prof", "rev", "capt", "maj", "pres", "d.c", "a.m", "p.m"}


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def sentences(text):
    """(start, end) code-point offsets of each sentence, paragraph by paragraph."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        para, base = m.group(0), m.start()
        start = 0
        for e in re.finditer(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])", para):
            word = re.search(r"(\S+)$", para[: e.start()])
            w = (word.group(1) if word else "").lower().strip("\"“(")
            if w in ABBREV or (len(w) == 1 and w.isalpha()):
                continue
            end = e.end()
            seg = para[start:end].rstrip()
            if seg.strip():
                out.append((base + start, base + start + len(seg)))
            start = end
        seg = para[start:].rstrip()
        if seg.strip():
            out.append((base + start, base + start + len(seg)))
    return out


ROUNDS = {1: ((0, 28), (0, 13), 2), 2: ((28, 40), (13, 16), 1)}  # train range, dev range, shared articles


def main():
    out_dir = sys.argv[1]
    rnd = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--round" else 1
    os.makedirs(out_dir, exist_ok=True)
    chosen = []
    first = sum(a[1] - a[0] + b[1] - b[0] for r, (a, b, _) in ROUNDS.items() if r < rnd)
    (ta, tb), (da, db), n_shared = ROUNDS[rnd]
    for name, (a, b) in (("polnear-train.jsonl", (ta, tb)), ("polnear-dev.jsonl", (da, db))):
        docs = [json.loads(l) for l in open(os.path.join(EVAL, name))]
        docs.sort(key=lambda d: sha(d["id"]))
        chosen += [(name, d) for d in docs[a:b]]
    shared, rest = chosen[:n_shared], chosen[n_shared:]
    batches = [list(shared) for _ in range(LABELLERS)]
    for i, item in enumerate(rest):
        batches[i % LABELLERS].append(item)
    manifest = []
    for b, items in enumerate(batches):
        with open(os.path.join(out_dir, f"batch-{b + 1}.txt"), "w") as f:
            for name, d in items:
                f.write(f"=== ARTICLE {d['id']}\n")
                for k, (s, e) in enumerate(sentences(d["text"])):
                    text = d["text"][s:e].replace("\n", " ")
                    f.write(f"[{d['id']}#{k}] {text}\n")
                f.write("\n")
    for i, (name, d) in enumerate(chosen):
        manifest.append({"id": d["id"], "file": name, "held_out": (first + i) % 3 == 2,
                         "sentences": [[s, e] for s, e in sentences(d["text"])]})
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    n = sum(len(m["sentences"]) for m in manifest)
    print(f"{len(manifest)} articles, {n} sentences, {sum(m['held_out'] for m in manifest)} held out")


if __name__ == "__main__":
    main()
