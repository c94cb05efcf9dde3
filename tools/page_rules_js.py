#!/usr/bin/env python3
"""Writes extension/content/page-rules.js from src/page/rules.json: the page
rules for the live-DOM reader, the very tables the Rust side compiles in.

    python3 tools/page_rules_js.py [--check]

build.sh and tools/package_extension.py run it; the output is a build
product (in .gitignore), never edited by hand. --check only says whether the
file is up to date (exit 1 if not). Standard library only.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "page" / "rules.json"
TARGET = ROOT / "extension" / "content" / "page-rules.js"


def render():
    rules = json.loads(SOURCE.read_text(encoding="utf-8"))
    body = json.dumps(rules, indent=1, ensure_ascii=False)
    return (
        "// Generated from src/page/rules.json by tools/page_rules_js.py (build.sh): do not edit.\n"
        "// The page rules the live-DOM reader (page-reader.js) decides from; the\n"
        "// Rust readers compile in the same file.\n"
        f"globalThis.sourcecheckPageRules = Object.freeze({body});\n"
    )


def write():
    text = render()
    if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
        TARGET.write_text(text, encoding="utf-8")
    return TARGET


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        ok = TARGET.exists() and TARGET.read_text(encoding="utf-8") == render()
        print(f"{TARGET.relative_to(ROOT)}: {'up to date' if ok else 'stale or missing'}")
        sys.exit(0 if ok else 1)
    print(f"{write().relative_to(ROOT)}: written from {SOURCE.relative_to(ROOT)}")
