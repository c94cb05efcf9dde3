#!/usr/bin/env python3
"""Finds the ground-truth bodies worth a look by hand, before they are trusted:

- truth words missing from the page's own text (the truth was taken from
  another version of the page, or holds text the HTML lacks);
- pages where every reference extractor disagrees with the truth (its
  precision or recall is low for all of them: the truth may be cut short or
  hold page furniture).

    python3 tools/extraction_eval/check_truth.py [--data DIR]

Prints one line per suspicious page; the verdicts (ok / dropped, with a
note) are written into manifest.json by hand. Uses the reference outputs
cached by eval.py in target/extraction-eval/.
"""

import argparse
import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from eval import CACHE, data_dir, load_pages, prf, tokens


class Text(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data")
    args = ap.parse_args()
    pages = load_pages(data_dir(args.data))
    refs = {}
    for f in sorted(CACHE.glob("*.json")):
        data = json.loads(f.read_text())
        if "output" in data:
            refs[f.stem] = data["output"]
        else:
            refs.update(data)
    for p in pages:
        parser = Text()
        parser.feed(Path(p["html"]).read_text(encoding="utf-8"))
        page_words = Counter(tokens(" ".join(parser.parts)))
        truth_words = Counter(tokens(p["truth"]))
        covered = sum((truth_words & page_words).values()) / max(1, sum(truth_words.values()))
        scores = {name: prf(p["truth"], out.get(p["id"], "")) for name, out in refs.items()}
        best_p = max((s[0] for s in scores.values()), default=1)
        best_r = max((s[1] for s in scores.values()), default=1)
        flags = []
        if covered < 0.95:
            flags.append(f"only {covered:.0%} of the truth's words are in the page")
        if best_p < 0.7:
            flags.append(f"best reference precision {best_p:.2f}")
        if best_r < 0.7:
            flags.append(f"best reference recall {best_r:.2f}")
        if sum(truth_words.values()) < 40:
            flags.append(f"truth has {sum(truth_words.values())} words")
        if flags:
            print(f"{p['id'][:12]} {p['split']:<8} {p['url'][:70]:<70} {'; '.join(flags)}")


if __name__ == "__main__":
    main()
