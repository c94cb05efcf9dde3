#!/usr/bin/env python3
"""Extract GUM's documents and gold coreference into plain text + JSON, for gum.py.

    python3 tools/speakers_eval/prepare_gum.py --mirror GITDIR --out /work/data/gum

GITDIR is a git directory of https://github.com/amir-zeldes/gum (read with
`git show`, no work tree needed). The source is `dep/*.conllu`: UD trees with
CorefUD-style `Entity=` brackets in MISC (GUM's own coreference scheme:
singletons included, entity types, Wikification identities).

For each document GUM_<genre>_<name> it writes, under --out (outside the repo:
GUM's data may be used to evaluate only, never committed or trained on):

  GUM_<genre>_<name>.txt   paragraphs (`# newpar`) separated by blank lines,
                           one paragraph a line, rebuilt from the tokens and
                           SpaceAfter=No; headings and captions are paragraphs
  GUM_<genre>_<name>.json  {doc, genre, source, paragraphs, tokens, mentions}

Offsets in the JSON are UTF-16 code units within the paragraph (the engine's
convention). A token is [para, start, end, form, lemma, upos, xpos, deprel,
head, sent] with head a document-wide token index (-1 for the root). A mention
is {id, para, start, end, text, chain, etype, infstat, link, identity,
tok_start, tok_end, head, head_text, head_upos, head_deprel, governor,
pronoun, name}: `chain` is GUM's entity id (singletons have their own),
`head` the token whose governor lies outside the mention, `name` the proper
name run tied to the head ("Suleiman al-Amr" in "director General Suleiman
al-Amr") or null.

Reddit documents are skipped: their text is not distributed (underscores).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse

PRONOUN_UPOS = {"PRON"}


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], check=True, capture_output=True).stdout


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def parse_entity_field(value):
    """`(1-person-new-...(3-place-...)` / `8)` / `3)5)` → list of ('open', eid, attrs, single) / ('close', eid)."""
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            body = value[i + 1:j]
            single = j < len(value) and value[j] == ")"
            parts = body.split("-")
            out.append(("open", parts[0], parts[1:], single))
            i = j + 1 if single else j
        else:
            j = i
            while j < len(value) and value[j] not in "()":
                j += 1
            if j < len(value) and value[j] == ")":
                out.append(("close", value[i:j], None, False))
                i = j + 1
            else:
                i = j
    return out


def read_conllu(text):
    """Sentences: dict(comments, newpar, tokens=[dict], ranges=[(first, last, form, space_after)])."""
    sents, cur = [], None
    for line in text.split("\n"):
        if not line.strip():
            if cur and cur["rows"]:
                sents.append(cur)
            cur = None
            continue
        if cur is None:
            cur = {"comments": [], "rows": [], "newpar": False, "newpar_block": None}
        if line.startswith("#"):
            cur["comments"].append(line)
            if line.strip() == "# newpar" or line.startswith("# newpar "):
                cur["newpar"] = True
            if line.startswith("# newpar_block"):
                cur["newpar_block"] = line.split("=", 1)[1].strip()
            if line.startswith("# newdoc"):
                cur["newpar"] = True
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            continue
        cur["rows"].append(cols)
    if cur and cur["rows"]:
        sents.append(cur)
    return sents


def misc_dict(misc):
    d = {}
    if misc != "_":
        for kv in misc.split("|"):
            k, _, v = kv.partition("=")
            d[k] = v
    return d


def block_kind(newpar_block):
    """'head rend:::"bold" (1 s)' → 'head'; 'figure ... | caption (1 s)' → 'caption' (the innermost)."""
    if not newpar_block:
        return "p"
    last = newpar_block.split("|")[-1].strip()
    return last.split()[0] if last else "p"


def convert(doc_id, text, source):
    sents = read_conllu(text)
    paragraphs = []  # dicts: text (str), kind
    tokens = []  # per word token: dict
    para_utf16 = []  # per paragraph: list of prefix utf16 lengths (computed at the end)
    mentions = []
    open_stack = {}  # eid -> list of (start_tok, attrs)
    sent_text_mismatch = 0
    for s_idx, s in enumerate(sents):
        if s["newpar"] or not paragraphs:
            paragraphs.append({"text": "", "kind": block_kind(s["newpar_block"])})
        para = paragraphs[-1]
        if para["text"]:
            para["text"] += " "
        sent_start = len(para["text"])
        base = len(tokens)
        id2idx = {}
        ranges = {}
        rows = s["rows"]
        # first pass: word ids
        words = [r for r in rows if re.fullmatch(r"\d+", r[0])]
        for k, r in enumerate(words):
            id2idx[int(r[0])] = base + k
        for r in rows:
            m = re.fullmatch(r"(\d+)-(\d+)", r[0])
            if m:
                ranges[int(m.group(1))] = (int(m.group(1)), int(m.group(2)), r[1], misc_dict(r[9]))
        built = ""
        wid = 0
        word_rows = {int(r[0]): r for r in words}
        ids = sorted(word_rows)
        i = 0
        offsets = {}
        while i < len(ids):
            w = ids[i]
            if w in ranges:
                first, last, form, misc = ranges[w]
                start = len(built)
                built += form
                # sub-token offsets when the parts spell the surface form
                parts = [word_rows[x][1] for x in range(first, last + 1) if x in word_rows]
                if "".join(parts).lower() == form.lower():
                    pos = start
                    for x in range(first, last + 1):
                        if x in word_rows:
                            offsets[x] = (pos, pos + len(word_rows[x][1]))
                            pos += len(word_rows[x][1])
                else:
                    for x in range(first, last + 1):
                        offsets[x] = (start, start + len(form))
                if misc.get("SpaceAfter") != "No":
                    built += " "
                i = ids.index(last) + 1 if last in ids else i + 1
                continue
            r = word_rows[w]
            start = len(built)
            built += r[1]
            offsets[w] = (start, len(built))
            if misc_dict(r[9]).get("SpaceAfter") != "No":
                built += " "
            i += 1
        built = built.rstrip(" ")
        for c in s["comments"]:
            if c.startswith("# text = ") and c[len("# text = "):].strip() != built:
                sent_text_mismatch += 1
        para["text"] += built
        for w in ids:
            r = word_rows[w]
            a, b = offsets[w]
            head = int(r[6]) if r[6].isdigit() else 0
            tokens.append({
                "para": len(paragraphs) - 1,
                "start": sent_start + a,
                "end": sent_start + b,
                "form": r[1], "lemma": r[2], "upos": r[3], "xpos": r[4], "deprel": r[7],
                "head": id2idx[head] if head in id2idx else -1,
                "sent": s_idx,
            })
        # entities
        for w in ids:
            misc = misc_dict(word_rows[w][9])
            if "Entity" not in misc:
                continue
            ti = id2idx[w]
            for kind, eid, attrs, single in parse_entity_field(misc["Entity"]):
                if kind == "open":
                    if single:
                        mentions.append((ti, ti, eid, attrs))
                    else:
                        open_stack.setdefault(eid, []).append((ti, attrs))
                else:
                    stack = open_stack.get(eid)
                    if stack:
                        st, attrs0 = stack.pop()
                        mentions.append((st, ti, eid, attrs0))
    # UTF-16 conversion tables
    for p in paragraphs:
        t = p["text"]
        pref = [0]
        for ch in t:
            pref.append(pref[-1] + utf16_len(ch))
        para_utf16.append(pref)
    for t in tokens:
        pref = para_utf16[t["para"]]
        t["start16"], t["end16"] = pref[t["start"]], pref[t["end"]]

    out_mentions = []
    skipped = 0
    for n, (st, en, eid, attrs) in enumerate(sorted(mentions, key=lambda m: (m[0], -m[1]))):
        if tokens[st]["para"] != tokens[en]["para"]:
            skipped += 1
            continue
        p = tokens[st]["para"]
        span = set(range(st, en + 1))
        heads = [k for k in range(st, en + 1) if tokens[k]["head"] not in span and tokens[k]["upos"] != "PUNCT"]
        nominal = [k for k in heads if tokens[k]["upos"] in ("NOUN", "PROPN", "PRON", "NUM")]
        head = (nominal or heads or [st])[0]
        name = proper_name_run(tokens, st, en, head)
        etype = attrs[0] if attrs else None
        identity = attrs[6] if len(attrs) > 6 else None
        if identity:
            identity = urllib.parse.unquote(identity).replace("_", " ")
        ptext = paragraphs[p]["text"]
        ht = tokens[head]
        out_mentions.append({
            "id": n,
            "para": p,
            "start": tokens[st]["start16"],
            "end": tokens[en]["end16"],
            "text": ptext[tokens[st]["start"]:tokens[en]["end"]],
            "chain": eid,
            "etype": etype,
            "infstat": attrs[1] if len(attrs) > 1 else None,
            "link": attrs[5] if len(attrs) > 5 else None,
            "identity": identity,
            "tok_start": st,
            "tok_end": en,
            "head": head,
            "head_text": ht["form"],
            "head_upos": ht["upos"],
            "head_deprel": ht["deprel"],
            "governor": ht["head"],
            "pronoun": ht["upos"] in PRONOUN_UPOS,
            "name": name,
        })
    genre = doc_id.split("_")[1]
    doc = {
        "doc": doc_id,
        "genre": genre,
        "source": source,
        "paragraphs": [{"text": p["text"], "kind": p["kind"]} for p in paragraphs],
        "tokens": [[t["para"], t["start16"], t["end16"], t["form"], t["lemma"], t["upos"], t["xpos"], t["deprel"], t["head"], t["sent"]] for t in tokens],
        "mentions": out_mentions,
    }
    return doc, {"sent_text_mismatch": sent_text_mismatch, "cross_para_skipped": skipped, "open_left": sum(len(v) for v in open_stack.values())}


def is_propn(t):
    return t["upos"] == "PROPN" or t["xpos"] in ("NNP", "NNPS")


def proper_name_run(tokens, st, en, head):
    """The contiguous run of proper-noun tokens (with inner hyphens and periods) tied to the head.

    The run containing the head if the head is a proper noun, else the run
    holding the head's flat/compound dependents ("director General Suleiman
    al-Amr" → "General Suleiman al-Amr"); a possessive 's ends it."""
    runs, cur = [], []
    for k in range(st, en + 1):
        t = tokens[k]
        inner_punct = t["upos"] == "PUNCT" and t["form"] in ("-", ".", "&") and cur and k < en and is_propn(tokens[k + 1])
        if is_propn(t) or inner_punct:
            cur.append(k)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    if not runs:
        return None
    chosen = None
    for r in runs:
        if head in r:
            chosen = r
    if chosen is None:
        for r in runs:
            if any(tokens[k]["head"] == head and tokens[k]["deprel"] in ("flat", "compound", "appos") for k in r):
                chosen = r
    if chosen is None:
        return None
    p = tokens[chosen[0]]["para"]
    a, b = tokens[chosen[0]], tokens[chosen[-1]]
    return {"tok_start": chosen[0], "tok_end": chosen[-1], "start": a["start16"], "end": b["end16"], "text": None, "_a": a["start"], "_b": b["end"], "_p": p}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", required=True, help="git directory of amir-zeldes/gum")
    ap.add_argument("--out", required=True, help="output folder (outside the repo)")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--genres", default="", help="comma-separated genres to keep (default: all but reddit)")
    args = ap.parse_args()
    commit = git(args.mirror, "rev-parse", args.rev).decode().strip()
    files = [f for f in git(args.mirror, "ls-tree", "--name-only", commit, "dep/").decode().split("\n")
             if f.startswith("dep/GUM_") and f.endswith(".conllu")]
    keep = set(g for g in args.genres.split(",") if g)
    os.makedirs(args.out, exist_ok=True)
    manifest = {"repo": "https://github.com/amir-zeldes/gum", "commit": commit, "path": "dep/*.conllu", "documents": []}
    for f in sorted(files):
        doc_id = os.path.basename(f)[:-len(".conllu")]
        genre = doc_id.split("_")[1]
        if genre == "reddit" or (keep and genre not in keep):
            continue
        text = git(args.mirror, "show", f"{commit}:{f}").decode("utf-8")
        doc, problems = convert(doc_id, text, {"repo": manifest["repo"], "commit": commit, "path": f})
        for p in doc["paragraphs"]:
            assert "\n" not in p["text"] and p["text"].strip() == p["text"] and "  " not in p["text"], (doc_id, p["text"][:80])
        # resolve name texts
        for m in doc["mentions"]:
            if m["name"]:
                nm = m["name"]
                nm["text"] = doc["paragraphs"][nm.pop("_p")]["text"][nm.pop("_a"):nm.pop("_b")]
        with open(os.path.join(args.out, doc_id + ".txt"), "w", encoding="utf-8") as o:
            o.write("\n\n".join(p["text"] for p in doc["paragraphs"]) + "\n")
        with open(os.path.join(args.out, doc_id + ".json"), "w", encoding="utf-8") as o:
            json.dump(doc, o, ensure_ascii=False)
        manifest["documents"].append({"doc": doc_id, "genre": genre, "paragraphs": len(doc["paragraphs"]),
                                      "tokens": len(doc["tokens"]), "mentions": len(doc["mentions"]),
                                      "chains": len({m["chain"] for m in doc["mentions"]}), **problems})
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as o:
        json.dump(manifest, o, indent=1)
    with open(os.path.join(args.out, "LICENSE-NOTE.txt"), "w", encoding="utf-8") as o:
        o.write("Extracted from https://github.com/amir-zeldes/gum at commit %s (dep/*.conllu).\n"
                "GUM: see its LICENSE.txt (texts under their sources' licences, several CC BY-NC-SA; the UD release\n"
                "is distributed as CC BY-NC-SA 4.0). Use for EVALUATION only: never train on it, never commit it.\n" % commit)
    docs = manifest["documents"]
    print(f"{len(docs)} documents, {sum(d['mentions'] for d in docs)} mentions, "
          f"{sum(d['sent_text_mismatch'] for d in docs)} sentences whose rebuilt text differs from '# text', "
          f"{sum(d['cross_para_skipped'] for d in docs)} mentions across paragraphs skipped, "
          f"{sum(d['open_left'] for d in docs)} unclosed", file=sys.stderr)


if __name__ == "__main__":
    main()
