#!/usr/bin/env python3
"""A CoNLL-U file's raw text: the `# text` lines of each paragraph joined by
a space, paragraphs separated by a blank line (what `sourcecheck parse`
reads, so the CoNLL 2018 scorer can score it from raw text)."""
import sys

paragraphs, current = [], []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.startswith(("# newdoc", "# newpar")) and current:
            paragraphs.append(" ".join(current))
            current = []
        if line.startswith("# text = "):
            current.append(line[len("# text = "):].strip())
if current:
    paragraphs.append(" ".join(current))
sys.stdout.write("\n\n".join(paragraphs) + "\n")
