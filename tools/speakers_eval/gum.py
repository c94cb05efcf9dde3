#!/usr/bin/env python3
"""How well the engine resolves source mentions, scored on GUM's gold coreference.

    python3 tools/speakers_eval/gum.py --data /work/data/gum --bin target/release/sourcecheck [--show N]
        [--genre news|all|bio,interview,...] [--json OUT.json] [--jobs 2]

--data is what prepare_gum.py wrote (outside the repo; GUM may be used to
evaluate only). For every attribution with a source span the engine reports,
the gold mention that matches the span is found (same paragraph, overlapping;
best: its head inside the span, then the closest extent), and the engine's
`source.name` (or an alias of its entity) is compared with the names of the
mention's gold chain. See README.md for the rules.
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys

PRON12 = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
          "you", "your", "yours", "yourself", "yourselves"}
PRON3 = {"he", "him", "his", "himself", "she", "her", "hers", "herself", "they", "them", "their", "theirs",
         "themselves", "it", "its", "itself"}
OTHER_PRON = {"who", "whom", "whose", "which", "that", "this", "these", "those", "one", "some", "many", "others",
              "both", "all", "each", "someone", "somebody", "everyone", "everybody", "anyone", "nobody", "none",
              "most", "several", "few", "another", "either", "neither", "what", "whoever", "such"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
# Titles and role words stripped from the front of a name before comparing ("US President Barack Obama").
TITLES = set("""
mr mrs ms miss dr doctor prof professor sir dame lord lady rev reverend fr father sister brother
president vice prime minister secretary senator sen representative rep congressman congresswoman
governor gov mayor chief director spokesman spokeswoman spokesperson general gen lt lieutenant col colonel
adm admiral captain capt sgt sergeant commander ambassador chairman chairwoman chair ceo judge justice
attorney prosecutor pope king queen prince princess leader speaker sheriff commissioner deputy foreign
defense defence interior finance health state national security adviser advisor press former acting
candidate nominee democratic republican presidential house senate majority minority whip chancellor premier
lawmaker officer executive founder economist analyst coach dean principal treasurer manager editor
""".split())
CONNECTORS = {"of", "for", "and", "on", "at", "de", "du", "la", "del", "der", "von", "van", "&"}
# Words that are a name only as themselves ("the Church", "the Union"): matched exactly, never as a part.
GENERIC = set("""
foundation university museum party ministry department church government police council company office agency
authority committee commission association union institute center centre school college court army team club group
bank service corporation board society organization organisation movement conference state city republic
""".split())
KINDS = ["pronoun (3rd person)", "first/second person", "other pronoun", "description", "name", "group"]


def load_titles(path):
    """Add the engine's own title list (src/lexicon/titles.txt), read-only, when it is there."""
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    TITLES.update(w for w in line.split() if "-" not in w)
    except OSError:
        pass


# ---------------------------------------------------------------- text helpers

def u16_index(text):
    """UTF-16 offset → str index table for one paragraph."""
    table, u = {}, 0
    for i, ch in enumerate(text):
        table[u] = i
        u += 2 if ord(ch) > 0xFFFF else 1
    table[u] = len(text)
    return table


def words(s):
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"').lower()
    s = re.sub(r"'s\b", " ", s)
    s = re.sub(r"[^\w\s.&-]", " ", s)
    toks = []
    for w in re.split(r"[\s\-]+", s):
        w = w.strip(".")
        if w:
            toks.append(w.replace(".", ""))
    return toks


def norm(s):
    """Lower-case words without a leading determiner and titles (kept if nothing else is left)."""
    t = words(s)
    while t and t[0] in DETERMINERS:
        t = t[1:]
    u = list(t)
    while len(u) > 1 and u[0] in TITLES:
        u = u[1:]
    return u if u else t


def acronym(toks):
    return "".join(w[0] for w in toks if w not in ("of", "and", "the", "for", "de", "&"))


def names_match(engine, gold):
    """Engine name vs a gold proper name, both normalized token lists."""
    if not engine or not gold:
        return False
    if engine == gold:
        return True
    if (len(gold) == 1 and gold[0] in GENERIC) or (len(engine) == 1 and engine[0] in GENERIC):
        return False  # "the Church": only the very word, not "Church of England" nor "US Foundation"
    se, sg = set(engine), set(gold)
    if se <= sg and engine[-1] == gold[-1]:
        return True  # "Obama" for "Barack Obama"
    if sg <= se and engine[-1] == gold[-1]:
        return True  # "Barack Obama" for "Obama"
    if len(engine) == 1 and len(gold) > 2 and engine[0] == acronym(gold):
        return True
    if len(gold) == 1 and len(engine) > 2 and gold[0] == acronym(engine):
        return True
    return False


# Clitics and auxiliaries a source span may have swallowed after a pronoun ("I'm gonna", "They're").
CLITIC_TAIL = {"m", "ll", "re", "ve", "d", "s", "t", "nt", "am", "is", "are", "was", "were", "will", "would",
               "gonna", "can", "could", "couldn", "don", "do", "does", "did", "didn", "have", "has", "had", "wasn"}


def pronoun_core(s):
    """The words of s without a tail of clitics ("I'm gonna" → ["i"])."""
    t = words(s)
    while len(t) > 1 and t[-1] in CLITIC_TAIL:
        t = t[:-1]
    return t


def is_pronoun_text(s):
    raw = s.strip()
    if len(raw) > 1 and raw.replace(".", "").isupper():
        return False  # "US", "WHO", "U.S."
    t = pronoun_core(s)
    return len(t) == 1 and (t[0] in PRON3 or t[0] in PRON12 or t[0] in OTHER_PRON)


# ---------------------------------------------------------------- gold

class Doc:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.id = d["doc"]
        self.genre = d["genre"]
        self.paragraphs = [p["text"] for p in d["paragraphs"]]
        self.u16 = [u16_index(p) for p in self.paragraphs]
        self.tokens = d["tokens"]  # [para, start, end, form, lemma, upos, xpos, deprel, head, sent]
        self.mentions = d["mentions"]
        self.by_para = collections.defaultdict(list)
        for m in self.mentions:
            self.by_para[m["para"]].append(m)
        self.chains = collections.defaultdict(list)
        for m in self.mentions:
            self.chains[m["chain"]].append(m)
        self.toks_by_para = collections.defaultdict(list)
        for i, t in enumerate(self.tokens):
            self.toks_by_para[t[0]].append(i)
        self._names = {}
        self.dependents = collections.defaultdict(list)
        for i, t in enumerate(self.tokens):
            if t[8] >= 0:
                self.dependents[t[8]].append(i)

    def slice(self, para, start, end):
        tab = self.u16[para]
        return self.paragraphs[para][tab.get(start, 0):tab.get(end, len(self.paragraphs[para]))]

    def tokens_in(self, para, start, end):
        return [i for i in self.toks_by_para[para] if self.tokens[i][1] < end and self.tokens[i][2] > start]

    def sentence_of(self, para, start):
        toks = self.tokens_in(para, start, start + 1) or self.toks_by_para[para][:1]
        if not toks:
            return ""
        s = self.tokens[toks[0]][9]
        same = [i for i in self.toks_by_para[para] if self.tokens[i][9] == s]
        return self.slice(para, self.tokens[same[0]][1], self.tokens[same[-1]][2])

    def propn(self, i):
        t = self.tokens[i]
        return t[5] == "PROPN" or t[6] in ("NNP", "NNPS")

    def mention_names(self, m):
        """Proper names a mention gives its referent: the runs of proper-noun tokens tied to its head
        (the head's own run, or a run attached to the head as flat/compound/appos), leaving out runs
        that GUM marks as a mention of another entity ("Texas" in "Texas student Ahmed Mohamed") and
        runs of titles only ("Director of the ... study")."""
        if m["pronoun"]:
            return []
        st, en, head = m["tok_start"], m["tok_end"], m["head"]
        runs, cur = [], []
        for k in range(st, en + 1):
            t = self.tokens[k]
            # "Union of Rationalist Atheists and Agnostics", "al-Amr", "K.C."
            inner = cur and k < en and self.propn(k + 1) and (
                (t[5] == "PUNCT" and t[3] in ("-", ".", "&")) or t[3].lower() in CONNECTORS)
            if self.propn(k) or inner:
                cur.append(k)
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        others = [(o["tok_start"], o["tok_end"], o["etype"]) for o in self.by_para.get(m["para"], [])
                  if o["chain"] != m["chain"] and o["tok_start"] >= st and o["tok_end"] <= en]
        out = []
        for r in runs:
            tied = head in r or any(self.tokens[k][8] == head and self.tokens[k][7] in ("flat", "compound", "appos")
                                    for k in r)
            if not tied or any(a <= r[0] and r[-1] <= b for a, b, _ in others):
                continue  # not this entity's name, or wholly another entity's ("Texas" in "Texas student ...")
            # a place in front is a modifier ("US President Barack Obama", "Texas student"), unless
            # only a generic word would be left ("Texas Foundation")
            keep = list(r)
            for a, b, et in others:
                if et == "place" and a <= keep[0] <= b < keep[-1]:
                    rest = [k for k in keep if k > b]
                    if len(rest) > 1 or self.tokens[rest[0]][3].lower() not in GENERIC:
                        keep = rest
            text = self.slice(m["para"], self.tokens[keep[0]][1], self.tokens[keep[-1]][2])
            n = norm(text)
            if n and not all(w in TITLES for w in n):
                out.append(text)
        return out

    def chain_names(self, chain):
        """Normalized proper names of a chain: the names its mentions give and GUM's Wikification identity."""
        cached = self._names.get(chain)
        if cached is not None:
            return cached
        out = []
        for m in self.chains[chain]:
            out += self.mention_names(m)
            if m["identity"]:
                out.append(re.sub(r"\s*\(.*\)$", "", m["identity"]))
        seen, res = set(), []
        for n in out:
            k = tuple(norm(n))
            if k and k not in seen:
                seen.add(k)
                res.append((n, list(k)))
        self._names[chain] = res
        return res

    def chain_descriptions(self, chain):
        return [m for m in self.chains[chain] if not m["pronoun"]]

    def match(self, para, start, end):
        """The gold mention for a source span: overlapping; its head inside the span first, then closest extent."""
        best, key = None, None
        toks = self.tokens_in(para, start, end)
        span = set(toks)
        span_heads = set()
        for i in toks:
            if self.tokens[i][8] not in span and self.tokens[i][5] != "PUNCT":
                # a name in apposition or flat under a role noun heads the same mention
                # ("director ... Alia Salem"): climb to the role noun too
                span_heads.add(i)
                j = i
                while self.tokens[j][7] in ("flat", "appos", "compound") and self.tokens[j][8] >= 0:
                    j = self.tokens[j][8]
                    span_heads.add(j)
        for m in self.by_para.get(para, []):
            if m["start"] >= end or m["end"] <= start:
                continue
            h = self.tokens[m["head"]]
            head_in = h[1] >= start and h[2] <= end
            inter = min(end, m["end"]) - max(start, m["start"])
            union = max(end, m["end"]) - min(start, m["start"])
            k = (m["head"] in span_heads, head_in, inter / union)
            if key is None or k > key:
                best, key = m, k
        return best


def source_kind(doc, para, start, end, text):
    t = pronoun_core(text)
    if not is_pronoun_text(text):
        t = t + ["<not a pronoun>"]
    if len(t) == 1 and t[0] in PRON3:
        return "pronoun (3rd person)"
    if len(t) == 1 and t[0] in PRON12:
        return "first/second person"
    if len(t) == 1 and t[0] in OTHER_PRON:
        return "other pronoun"
    toks = doc.tokens_in(para, start, end)
    span = set(toks)
    heads = [i for i in toks if doc.tokens[i][8] not in span and doc.tokens[i][5] != "PUNCT"]
    propn = lambda i: doc.tokens[i][5] == "PROPN" or doc.tokens[i][6] in ("NNP", "NNPS")
    for h in heads[:1]:
        if propn(h):
            return "name"
        if any(propn(i) and doc.tokens[i][8] == h and doc.tokens[i][7] in ("flat", "compound", "appos") for i in toks):
            return "name"
    if not toks and text[:1].isupper() and not t[:1] == ["the"]:
        return "name"
    return "description"


# ---------------------------------------------------------------- engine

def run_engine(binary, path):
    p = subprocess.run([binary, "analyze", path], capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr[-500:]
    return json.loads(p.stdout), None


# ---------------------------------------------------------------- scoring

TYPE_OK = {  # GUM entity type → engine source types that agree with it (the clean cases)
    "person": {"person"},
    "organization": {"organization", "outlet"},
    "place": {"organization"},  # a country or city as a source stands for its government
}
# Loose, reported apart and kept out of the "type ok" column: GUM's abstract/object types hold documents
# ("the report", "a study") but also ideas, theories and things.
TYPE_LOOSE = {"abstract": {"document"}, "object": {"document"}}
UNNAMED_OK = {"vague", "anonymous"}  # also agree with an unnamed person/organization chain


def judge(doc, m, engine_names, surface, group=None):
    """(chain kind, verdict, ok) for a matched gold mention and the engine's candidate names.

    chain kind: 'named' (the gold chain has a proper name) or 'noname'.
    verdict: 'correct' (a name of the chain) | 'unresolved' (left as a pronoun, or as the surface
    description) | 'described' (a description that the chain contains) | 'wrong'.
    ok: named chain → 'correct'; no-name chain → 'unresolved' or 'described'."""
    names = doc.chain_names(m["chain"])
    if group is not None:
        # a coordinated source: every speaker must match a name of the chain, of a mention nested in
        # one of its mentions, or of a mention inside the source span itself
        pool = list(names)
        for cm in doc.chains[m["chain"]]:
            for sub in doc.by_para.get(cm["para"], []):
                if sub["start"] >= cm["start"] and sub["end"] <= cm["end"] and sub["chain"] != cm["chain"]:
                    pool += doc.chain_names(sub["chain"])
        for sub in doc.by_para.get(m["para"], []):
            if sub["start"] >= group[1][0] and sub["end"] <= group[1][1]:
                pool += doc.chain_names(sub["chain"])
        ok = bool(group[0]) and all(any(names_match(norm(g), n) for _, n in pool) for g in group[0])
        return ("named" if pool else "noname"), ("correct" if ok else "wrong"), ok
    if names:
        for e in engine_names:
            if any(names_match(norm(e), n) for _, n in names):
                return "named", "correct", True
        e = engine_names[0]
        if is_pronoun_text(e) or norm(e) == norm(surface):
            return "named", "unresolved", False
        return "named", "wrong", False
    # no proper name in the chain
    e = engine_names[0]
    ne = norm(e)
    if is_pronoun_text(e):
        return "noname", "unresolved", True
    for d in doc.chain_descriptions(m["chain"]):
        head = doc.tokens[d["head"]]
        if ne == norm(d["text"]) or head[3].lower() in ne or head[4].lower() in ne:
            return "noname", "described", True
    if ne == norm(surface):
        return "noname", "described", True
    return "noname", "wrong", False


def evaluate(doc, report):
    """Rows for one document: one per distinct source span."""
    rows, notes = [], collections.Counter()
    blocks = {b["id"]: b for b in report["blocks"]}
    ents = {e["id"]: e for e in report["entities"]}
    seen = set()
    for a in report["attributions"]:
        s = a["source"]
        if s.get("start") is None:
            notes["implicit source (no span)"] += 1
            continue
        if s["start"] >= s["end"] or not s["text"].strip():
            notes["empty source span"] += 1
            continue
        b = blocks[a["block"]]
        para = b["input"]
        if para >= len(doc.paragraphs) or b["text"] != doc.paragraphs[para]:
            notes["block text differs from gold paragraph"] += 1
            continue
        key = (para, s["start"], s["end"])
        if key in seen:
            notes["source span shared by several attributions (scored once)"] += 1
            continue
        seen.add(key)
        kind = "group" if s.get("group") else source_kind(doc, para, s["start"], s["end"], s["text"])
        m = doc.match(para, s["start"], s["end"])
        row = {"doc": doc.id, "genre": doc.genre, "para": para, "start": s["start"], "end": s["end"],
               "text": s["text"], "name": s["name"], "entity": s.get("entity"), "type": s["type"], "kind": kind,
               "cue": a["cue"]["text"], "gold": None}
        if m is None:
            notes["no gold mention overlaps the source"] += 1
            row["verdict"] = None
            rows.append(row)
            continue
        aliases = []
        if s.get("entity") in ents:
            e = ents[s["entity"]]
            aliases = [e["name"]] + list(e.get("aliases") or [])
        span = (s["start"], s["end"])
        group = ([g["name"] for g in s["group"]], span) if s.get("group") else None
        chain_kind, strict, strict_ok = judge(doc, m, [s["name"]], s["text"], group)
        _, verdict, ok = judge(doc, m, [s["name"]] + aliases, s["text"], group)
        _, _, base_ok = judge(doc, m, [s["text"]], s["text"], ([s["text"]], span) if group else None)
        exact = (m["start"], m["end"]) == (s["start"], s["end"])
        # the source span runs on past the mention into its verb ("Microsoft no longer", "I'm gonna")
        tail = [i for i in doc.tokens_in(para, m["end"], s["end"]) if doc.tokens[i][1] >= m["end"]]
        overshoot = any(doc.tokens[i][5] in ("VERB", "AUX", "ADV", "PART") for i in tail)
        row.update({
            "gold": {"text": m["text"], "chain": m["chain"], "etype": m["etype"], "exact_span": exact,
                     "overshoot": overshoot,
                     "names": [n for n, _ in doc.chain_names(m["chain"])],
                     "mentions": sorted({c["text"] for c in doc.chains[m["chain"]] if not c["pronoun"]}, key=len)[:6]},
            "chain_kind": chain_kind, "verdict": verdict, "ok": ok, "strict_ok": strict_ok, "baseline_ok": base_ok,
            "sentence": doc.sentence_of(para, s["start"]),
        })
        ok = TYPE_OK.get(m["etype"])
        if m["etype"] in TYPE_LOOSE:
            row["type_loose_ok"] = s["type"] in TYPE_LOOSE[m["etype"]]
        if ok is not None:
            allowed = ok | (UNNAMED_OK if chain_kind == "noname" and m["etype"] in ("person", "organization") else set())
            row["type_ok"] = s["type"] in allowed
        rows.append(row)
    return rows, notes


def coverage(doc, report, cue_lemmas, rows):
    """Gold mentions in subject position of a cue word (the lemmas the engine uses as cues): how many the
    engine reported as a source. A subject is the nsubj of a cue verb, or X in 'according to X'."""
    sources = collections.defaultdict(list)
    for r in rows:
        sources[r["para"]].append((r["start"], r["end"]))
    out = collections.Counter()
    for i, t in enumerate(doc.tokens):
        if t[4].lower() not in cue_lemmas:
            continue
        subj = []
        if t[5] in ("VERB", "NOUN"):
            subj = [d for d in doc.dependents[i] if doc.tokens[d][7] == "nsubj"]
        if t[4].lower() == "accord" and t[8] >= 0:
            subj = [t[8]]
        for h in subj:
            cands = [m for m in doc.by_para.get(doc.tokens[h][0], []) if m["head"] == h]
            if not cands:
                continue
            m = max(cands, key=lambda m: m["end"] - m["start"])
            group = "person/organization/place" if m["etype"] in ("person", "organization", "place") else "other types"
            hit = any(s < m["end"] and e > m["start"] for s, e in sources[m["para"]])
            out[(group, "total")] += 1
            out[(group, "found")] += hit
            if t[4].lower() in ("say", "tell", "accord") and group != "other types":
                out[("say/tell/according to", "total")] += 1
                out[("say/tell/according to", "found")] += hit
            if group != "other types" and not hit:
                out[("missed lemma", t[4].lower())] += 1
    return out


# ---------------------------------------------------------------- output

def pct(a, b):
    return f"{100 * a / b:5.1f}%" if b else "    -"


def print_table(rows, title):
    scored = [r for r in rows if r.get("verdict")]
    print(f"\n== {title}: {len(rows)} source spans, {len(scored)} matched to a gold mention "
          f"({sum(1 for r in scored if r['gold']['exact_span'])} with the exact span)")
    hdr = f"{'kind':22} {'n':>5}  {'accuracy':>8} {'strict':>7} {'baseline':>8} | {'named':>5} {'acc':>6} {'unres':>5} | {'no-name':>7} {'acc':>6} {'descr':>5} {'unres':>5} | {'type ok':>7}"
    print(hdr)
    print("-" * len(hdr))
    for kind in KINDS + ["all"]:
        rs = [r for r in scored if kind == "all" or r["kind"] == kind]
        if not rs:
            continue
        named = [r for r in rs if r["chain_kind"] == "named"]
        noname = [r for r in rs if r["chain_kind"] == "noname"]
        typed = [r for r in rs if "type_ok" in r]
        print(f"{kind:22} {len(rs):5}  {pct(sum(r['ok'] for r in rs), len(rs)):>8} "
              f"{pct(sum(r['strict_ok'] for r in rs), len(rs)):>7} "
              f"{pct(sum(r['baseline_ok'] for r in rs), len(rs)):>8} | "
              f"{len(named):5} {pct(sum(r['verdict'] == 'correct' for r in named), len(named)):>6} "
              f"{sum(r['verdict'] == 'unresolved' for r in named):5} | "
              f"{len(noname):7} {pct(sum(r['ok'] for r in noname), len(noname)):>6} "
              f"{sum(r['verdict'] == 'described' for r in noname):5} {sum(r['verdict'] == 'unresolved' for r in noname):5} | "
              f"{pct(sum(r['type_ok'] for r in typed), len(typed)):>7}")
    ex = [r for r in scored if r["gold"]["exact_span"]]
    nx = [r for r in scored if not r["gold"]["exact_span"]]
    print(f"{'':22} source span = a gold mention's extent: {pct(sum(r['ok'] for r in ex), len(ex))} of {len(ex)};"
          f" other extents: {pct(sum(r['ok'] for r in nx), len(nx))} of {len(nx)}")
    ov = [r for r in scored if r["gold"]["overshoot"]]
    print(f"{'':22} source span running on into the verb after the mention: {len(ov)}"
          f" ({sum(not r['ok'] for r in ov)} of them wrong)")
    print("  accuracy: name or an alias of its entity matches the gold chain (no-name chains: left unresolved or "
          "described from the chain);\n  strict: source.name alone; baseline: the surface text as the name; "
          "named/no-name: whether the gold chain has a proper name (unres = left unresolved, wrong there).")


def print_types(rows):
    scored = [r for r in rows if r.get("verdict")]
    m = collections.Counter((r["gold"]["etype"], r["type"]) for r in scored)
    gt = sorted({g for g, _ in m})
    et = sorted({e for _, e in m})
    print("\nGUM entity type (rows) × engine source type (columns), matched sources:")
    print(f"{'':14}" + "".join(f"{e:>13}" for e in et))
    for g in gt:
        print(f"{g:14}" + "".join(f"{m[(g, e)]:13}" for e in et))


def print_errors(rows, n):
    print(f"\n== errors (up to {n} a kind)")
    for kind in KINDS:
        errs = [r for r in rows if r.get("verdict") and not r["ok"] and r["kind"] == kind]
        if not errs:
            continue
        print(f"\n-- {kind}: {len(errs)} errors")
        for r in errs[:n]:
            g = r["gold"]
            extent = "" if g["exact_span"] else f" [span≠gold {g['text'][:60]!r}]"
            print(f"  [{r['doc']} ¶{r['para']}] {r['verdict']}{extent}: source {r['text']!r} → engine {r['name']!r} ({r['type']})"
                  f"; gold {g['etype']} chain {g['chain']} names {g['names'][:4]} mentions {g['mentions'][:4]}")
            sent = r["sentence"]
            print(f"      «{sent[:300]}{'…' if len(sent) > 300 else ''}»")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="folder prepare_gum.py wrote")
    ap.add_argument("--bin", required=True, help="the sourcecheck binary")
    ap.add_argument("--genre", default="news", help="news (default), all, or a comma-separated list")
    ap.add_argument("--show", type=int, default=0, help="print up to N errors a kind")
    ap.add_argument("--json", help="write every scored row here (keep it outside the repo)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    load_titles(os.path.join(here, "..", "..", "src", "lexicon", "titles.txt"))

    paths = sorted(glob.glob(os.path.join(args.data, "GUM_*.json")))
    genres = None if args.genre == "all" else set(args.genre.split(","))
    paths = [p for p in paths if genres is None or os.path.basename(p).split("_")[1] in genres]
    if not paths:
        sys.exit(f"no documents for genre {args.genre!r} in {args.data}")
    docs = [Doc(p) for p in paths]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        reports = list(ex.map(lambda d: run_engine(args.bin, os.path.join(args.data, d.id + ".txt")), docs))

    rows, notes, per_doc = [], collections.Counter(), []
    for d, (rep, err) in zip(docs, reports):
        if rep is None:
            notes["engine failed"] += 1
            print(f"engine failed on {d.id}: {err}", file=sys.stderr)
            continue
        r, n = evaluate(d, rep)
        rows += r
        notes += n
        per_doc.append((d, rep, r))
    # the engine's cue words: the gold lemma of each reported cue's last verb ("went on to say" → say;
    # "according to" → accord), kept when the engine used it as a cue at least twice
    cue_count = collections.Counter()
    for d, rep, _ in per_doc:
        for a in rep["attributions"]:
            para = rep["blocks"][a["block"]]["input"]
            toks = d.tokens_in(para, a["cue"]["start"], a["cue"]["end"])
            verbs = [i for i in toks if d.tokens[i][5] == "VERB" or d.tokens[i][4] == "accord"]
            nouns = [i for i in toks if d.tokens[i][5] == "NOUN"]
            for i in (verbs or nouns)[-1:]:
                cue_count[d.tokens[i][4].lower()] += 1
    cue_lemmas = {l for l, n in cue_count.items() if n >= 2}
    cov = collections.Counter()
    for d, rep, r in per_doc:
        cov += coverage(d, rep, cue_lemmas, r)

    n_mentions = sum(len(d.mentions) for d in docs)
    try:
        with open(os.path.join(args.data, "manifest.json"), encoding="utf-8") as f:
            man = json.load(f)
        print(f"gold: {man['repo']} @ {man['commit'][:12]} ({man['path']}); evaluation only, do not commit")
    except (OSError, ValueError, KeyError):
        pass
    st = os.stat(args.bin)
    import hashlib
    with open(args.bin, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    print(f"engine: {args.bin} (sha256 {digest}, {st.st_size} bytes)")
    n_attr = sum(len(rep["attributions"]) for _, rep, _ in per_doc)
    print(f"{len(docs)} documents ({args.genre}), {n_mentions} gold mentions in "
          f"{sum(len(d.chains) for d in docs)} chains; engine: {n_attr} attributions")
    print_table(rows, "all matched sources")
    if genres is None or len(genres) > 1:
        print("\nby genre (accuracy on matched sources, n):")
        for g in sorted({r["genre"] for r in rows}):
            rs = [r for r in rows if r["genre"] == g and r.get("verdict")]
            pr = [r for r in rs if r["kind"] == "pronoun (3rd person)"]
            print(f"  {g:12} {pct(sum(r['ok'] for r in rs), len(rs))} of {len(rs):4}"
                  f"   3rd-person pronouns {pct(sum(r['ok'] for r in pr), len(pr))} of {len(pr)}")
    print_types(rows)
    print("\ntype agreement by GUM type (person→person; organization→organization|outlet; place→organization; "
          "vague/anonymous also fine for an unnamed person/organization chain; loose, not in the 'type ok' column: "
          "abstract|object→document):")
    for g in list(TYPE_OK) + list(TYPE_LOOSE):
        rs = [r for r in rows if r.get("verdict") and r["gold"]["etype"] == g]
        key = "type_ok" if g in TYPE_OK else "type_loose_ok"
        if rs:
            print(f"  {g:13} {pct(sum(r[key] for r in rs), len(rs))} of {len(rs)}{'  (loose)' if g in TYPE_LOOSE else ''}")
    print(f"\ncoverage: gold mentions in subject position of the engine's cue words ({len(cue_lemmas)} lemmas: "
          f"{', '.join(sorted(cue_lemmas)[:12])}{'…' if len(cue_lemmas) > 12 else ''}) that some reported source overlaps:")
    for g in ("person/organization/place", "other types", "say/tell/according to"):
        t, f = cov[(g, "total")], cov[(g, "found")]
        print(f"  {g:26} {f:5} of {t:5} found ({pct(f, t)}); {t - f} with no attribution")
    missed = sorted(((v, k[1]) for k, v in cov.items() if k[0] == "missed lemma"), reverse=True)[:12]
    if missed:
        print("  missed person/organization/place subjects by cue lemma: " + ", ".join(f"{l} {v}" for v, l in missed))
    if notes:
        print("\nnotes: " + "; ".join(f"{k}: {v}" for k, v in sorted(notes.items())))
    if args.show:
        print_errors(rows, args.show)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
