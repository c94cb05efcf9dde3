#!/usr/bin/env python3
"""Lays out the extraction dev set where eval.py reads it, from the public
benchmark it comes from, and writes (or checks) the manifest in this folder.

    python3 tools/extraction_eval/prepare.py SOURCE [--data DIR] [--write-manifest]

SOURCE is a checkout of scrapinghub/article-extraction-benchmark (MIT; the
pages themselves belong to their publishers, so neither the HTML nor the
article texts are committed here): a folder holding `html/*.html.gz` and
`ground-truth.json`. The pages go to DIR (default $EXTRACTION_DATA or
/work/data/extraction): `pages/<id>.html` and `truth/<id>.txt`.

With --write-manifest the manifest is rebuilt: every page with its origin,
licence note, split (a fifth of the sites, chosen by a fixed hash of the host,
is held out) and the result of the ground-truth check; otherwise the
existing manifest decides and only the files are written.
"""

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.json"
BENCHMARK = "scrapinghub/article-extraction-benchmark"
BENCHMARK_COMMIT = "4a3bc979f76c0df73cb95fe272e2fc1b96f9f010"
LICENCE = (
    "benchmark data and scripts MIT (Scrapinghub 2020); each page's HTML and article text belong to "
    "its publisher: kept outside the repository, not redistributed"
)

TOKEN = re.compile(r"\w+", re.UNICODE)


def data_dir(arg):
    return Path(arg or os.environ.get("EXTRACTION_DATA") or "/work/data/extraction")


def held_out(host):
    """A fifth of the sites, by a fixed hash: pages of one site stay together."""
    return int(hashlib.sha256(host.encode()).hexdigest(), 16) % 5 == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("--data", help="where the pages go (default $EXTRACTION_DATA or /work/data/extraction)")
    ap.add_argument("--write-manifest", action="store_true")
    args = ap.parse_args()
    truth_file = args.source / "ground-truth.json"
    if not truth_file.exists() or not (args.source / "html").is_dir():
        sys.exit(f"{args.source}: not a checkout of {BENCHMARK} (no html/ and ground-truth.json)")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    out = data_dir(args.data)
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for key, item in sorted(truth.items()):
        html = gzip.decompress((args.source / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        (out / "pages" / f"{key}.html").write_text(html, encoding="utf-8")
        (out / "truth" / f"{key}.txt").write_text(item.get("articleBody", ""), encoding="utf-8")
    print(f"{len(truth)} pages written to {out}")
    if args.write_manifest:
        old = {}
        if MANIFEST.exists():
            old = {p["id"]: p for p in json.loads(MANIFEST.read_text())["pages"]}
        pages = []
        for key, item in sorted(truth.items()):
            url = item.get("url", "")
            host = url.split("/")[2] if "//" in url else ""
            prev = old.get(key, {})
            pages.append(
                {
                    "id": key,
                    "url": url,
                    "split": "held-out" if held_out(host) else "dev",
                    "check": prev.get("check", "unchecked"),
                    "note": prev.get("note", ""),
                }
            )
        manifest = {
            "about": "Extraction dev set for issue 12: real news pages with a hand-checked article body.",
            "source": f"github:{BENCHMARK}@{BENCHMARK_COMMIT} (html/*.html.gz, ground-truth.json)",
            "licence": LICENCE,
            "split": "held-out: a fifth of the sites (sha256(host) % 5 == 0), used only for the final figures",
            "check": "ok: body checked against the page; dropped: ground truth wrong or page unusable (note says why)",
            "pages": pages,
        }
        MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        n_held = sum(p["split"] == "held-out" for p in pages)
        print(f"manifest: {len(pages)} pages, {n_held} held out -> {MANIFEST}")


if __name__ == "__main__":
    main()
