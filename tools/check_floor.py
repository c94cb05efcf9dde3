#!/usr/bin/env python3
"""Fails when a score falls below README's floor line for it.

    tools/check_floor.py NAME SCORES.json TOLERANCE KEY=JSON.PATH...

README.md carries `<!-- floor: NAME KEY=VALUE ... -->`, the shipped figures;
each KEY is read from SCORES.json at its dotted JSON.PATH and must be at
least VALUE - TOLERANCE. Prints one line per key (figures only, no text).
"""
import json, re, sys


def main():
    name, scores, tol, pairs = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    keys = dict(p.split("=", 1) for p in pairs)
    m = re.search(r"<!-- floor: " + re.escape(name) + r" ([^>]*?) -->", open("README.md", encoding="utf-8").read())
    if not m:
        sys.exit(f"README.md has no '<!-- floor: {name} {' '.join(k + '=…' for k in keys)} -->' line")
    want = dict(kv.split("=", 1) for kv in m.group(1).split())
    missing = sorted(set(keys) - set(want))
    if missing:
        sys.exit(f"README.md's floor line for {name} lacks {', '.join(missing)}")
    got = json.load(open(scores, encoding="utf-8"))
    ok = True
    for key, path in keys.items():
        g = got
        for part in path.split("."):
            g = g[part]
        w = float(want[key])
        print(f"    {key}: {g:.3f} (README {w:.3f}, floor {w - tol:.3f})")
        ok &= g >= w - tol
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
