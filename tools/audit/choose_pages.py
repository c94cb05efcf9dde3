#!/usr/bin/env python3
"""Choose the real-page audit set (../shared/eval/real-page-audit.md).

The rule, written before any output was looked at: from the extraction
benchmark's saved pages (tools/extraction_eval/manifest.json, checked "ok"),
keep pages whose hand-checked article body holds at least three different
speech cues from CUES below, at most one page per site; order them by sha256
of the page id and take the first 24. Every third page in that order
(positions 2, 5, 8, …) is held aside: judged to measure, never read to tune.

    tools/audit/choose_pages.py PAGES_DIR TRUTH_DIR > tools/audit/pages.json
"""
import hashlib, json, os, re, sys
from urllib.parse import urlparse

CUES = ["said", "says", "told", "according to", "wrote", "announced", "added", "stated",
        "explained", "claimed", "argued", "warned", "tweeted", "reported", "denied", "insisted"]
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    pages_dir, truth_dir = sys.argv[1], sys.argv[2]
    manifest = json.load(open(os.path.join(HERE, "..", "extraction_eval", "manifest.json")))
    seen, chosen = set(), []
    for p in sorted(manifest["pages"], key=lambda p: hashlib.sha256(p["id"].encode()).hexdigest()):
        if p["check"] != "ok":
            continue
        host = urlparse(p["url"]).hostname.removeprefix("www.")
        truth = open(os.path.join(truth_dir, p["id"] + ".txt")).read().lower()
        cues = {c for c in CUES if re.search(r"\b" + c + r"\b", truth)}
        if len(cues) < 3 or host in seen:
            continue
        seen.add(host)
        chosen.append({"id": p["id"], "url": p["url"], "cues": len(cues)})
        if len(chosen) == 24:
            break
    for i, p in enumerate(chosen):
        p["held_aside"] = i % 3 == 2
    json.dump({"about": "Real-page audit set: pages judged by ../shared/eval/real-page-audit.md every round.",
               "rule": __doc__.split("\n\n")[1].replace("\n", " "),
               "pages_from": "tools/extraction_eval/manifest.json (scrapinghub/article-extraction-benchmark; pages kept outside the repository)",
               "pages": chosen}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
