#!/usr/bin/env python3
"""Turn the labellers' files into the repository's label set (offsets and
statuses only, never the text).

    tools/claims_labels/collect.py LABEL_DIR > tests/fixtures/claims/polnear-labels.jsonl

LABEL_DIR holds manifest.json (from prepare.py) and labels-N.jsonl, one line
per sentence key ("docid#k") with a status and the source words. Sentences
labelled by every labeller (the shared articles) take the majority status
(ties: the first labeller's) and record the agreement.
"""
import collections, json, os, sys

d = sys.argv[1]
manifest = json.load(open(os.path.join(d, "manifest.json")))
labels = collections.defaultdict(dict)
for name in sorted(os.listdir(d)):
    if name.startswith("labels-") and name.endswith(".jsonl"):
        who = name[len("labels-"):-len(".jsonl")]
        for line in open(os.path.join(d, name)):
            r = json.loads(line)
            labels[r["key"]][who] = r
texts = {}
here = os.path.dirname(os.path.abspath(__file__))
for f in ("polnear-train.jsonl", "polnear-dev.jsonl"):
    for line in open(os.path.join(here, "..", "..", "..", "shared", "eval", f)):
        doc = json.loads(line)
        texts[doc["id"]] = doc["text"]
for m in manifest:
    text = texts[m["id"]]
    out = []
    for k, (s, e) in enumerate(m["sentences"]):
        votes = labels.get(f"{m['id']}#{k}")
        if not votes:
            sys.exit(f"{m['id']}#{k}: no label")
        first = votes[sorted(votes)[0]]
        count = collections.Counter(v["status"] for v in votes.values())
        status = max(count, key=lambda st: (count[st], st == first["status"]))
        words = next((v["source_words"] for v in votes.values() if v["status"] == status and v["source_words"]), "")
        item = {"start": s, "end": e, "status": status}
        if words:
            at = text.find(words, s, e + 1)
            if at < 0:
                sys.exit(f"{m['id']}#{k}: source words not in the sentence")
            item["source_words"] = [at, at + len(words)]
        if len(votes) > 1:
            item["votes"] = dict(sorted(count.items()))
        out.append(item)
    print(json.dumps({"id": m["id"], "file": m["file"], "held_out": m["held_out"], "sentences": out}))
