#!/usr/bin/env python3
"""trafilatura (PyPI) and, when installed, rs-trafilatura (PyPI, the Rust
port) over the dev set: reads a JSON list of [id, htmlPath] on stdin, prints
{extractor: {id: text}} as JSON. Run inside the venv eval.py sets up."""
import json
import sys
from importlib.metadata import version

pages = json.load(sys.stdin)
out = {}
try:
    import trafilatura

    out["trafilatura " + getattr(trafilatura, "__version__", "")] = {
        key: trafilatura.extract(open(path, encoding="utf-8").read(), include_comments=False) or ""
        for key, path in pages
    }
except ImportError as e:
    print(f"python_extractors: trafilatura not available: {e}", file=sys.stderr)
try:
    import rs_trafilatura

    import lxml.html

    def rs(html):
        # main_content runs paragraphs together ("on.Another"): take the text of its HTML instead.
        r = rs_trafilatura.extract(html)
        if r.content_html:
            return " ".join(lxml.html.fromstring(r.content_html).itertext())
        return r.main_content or ""

    out["rs-trafilatura (PyPI " + version("rs-trafilatura") + ")"] = {key: rs(open(path, encoding="utf-8").read()) or "" for key, path in pages}
except ImportError:
    pass
json.dump(out, sys.stdout)
