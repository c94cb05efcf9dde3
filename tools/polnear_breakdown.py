#!/usr/bin/env python3
"""PolNeAR dev, engine by engine, with recall split into speech cues and the rest.

    tools/polnear_breakdown.py [POLNEAR_DIR]      (default ../shared/eval)

Runs `target/release/sourcecheck analyze --engine E` for E in rules, model,
both, matches with the scorer's own functions (score.py), and prints one
table row per engine. A gold attribution counts as "speech" when a word of
its cue is a speech form in src/lexicon/cues.txt.
"""
import json, os, sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
EVAL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "eval")
sys.path.insert(0, EVAL)
import score as S  # noqa: E402

speech = set()
for line in open(os.path.join(ROOT, "src", "lexicon", "cues.txt")):
    line = line.split("#")[0].strip()
    if line.startswith("speech:"):
        speech.update(line.split(":", 1)[1].split())
docs = [json.loads(l) for l in open(os.path.join(EVAL, "polnear-dev.jsonl"))]
print("| engine | F1 | precision | recall | recall, speech cues | recall, other cues | source acc. | cue acc. | content word-F1 |")
print("|---|---|---|---|---|---|---|---|---|")
for engine in ("rules", "model", "both"):
    cmd = os.path.join(ROOT, "target", "release", "sourcecheck") + f" analyze --engine {engine}"
    T = dict(gold=0, pred=0, tp=0, src=0, cue=0, cf=0.0, sp=0, sp_tp=0, ot=0, ot_tp=0)
    for d in docs:
        rep, _, err = S.run(cmd, d, 60)
        if err:
            sys.exit(f"{d['id']}: {err}")
        preds = [p for p in rep["attributions"] if not p.get("parent")]
        gold = d["attributions"]
        m = S.match(gold, preds, lambda g: g["content"], lambda p: S.text_of(p.get("content")))
        T["gold"] += len(gold)
        T["pred"] += len(preds)
        T["tp"] += len(m)
        for i, g in enumerate(gold):
            is_speech = any(w in speech for w in S.words(g["cue"]))
            T["sp" if is_speech else "ot"] += 1
            if i in m:
                T["sp_tp" if is_speech else "ot_tp"] += 1
                p = preds[m[i]]
                T["src"] += S.source_ok(g["source"], p.get("source"), None)
                pc = S.text_of(p.get("cue"))
                T["cue"] += S.f1(g["cue"], pc) > 0 or (not S.words(g["cue"]) and g["cue"].strip() != "" and g["cue"].strip() in pc)
                T["cf"] += S.f1(g["content"], S.text_of(p.get("content")))
    P, R, F = S.prf(T["tp"], T["pred"], T["gold"])
    tp = max(T["tp"], 1)
    print(f"| {engine} | {F:.3f} | {P:.3f} | {R:.3f} | {T['sp_tp'] / T['sp']:.3f} ({T['sp']}) | {T['ot_tp'] / T['ot']:.3f} ({T['ot']}) "
          f"| {T['src'] / tp:.3f} | {T['cue'] / tp:.3f} | {T['cf'] / tp:.3f} |")
