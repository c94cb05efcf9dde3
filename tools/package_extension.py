#!/usr/bin/env python3
"""Packages extension/ into one zip per browser, in dist/.

    python3 tools/package_extension.py [--pkg DIR] [--out DIR]

- dist/sourcecheck-chrome.zip: the background is the module service worker
  only (Chromium warns "'background.scripts' requires manifest version of 2
  or lower"), the panel is Chrome's side panel (`side_panel`, permission
  `sidePanel`), and there is no sidebar_action (an unrecognized key to
  Chromium) nor browser_specific_settings (Firefox's). Chromium's own
  manifest check finds nothing in it; web-ext lint, Firefox's linter, finds
  the four Firefox requirements this leaves out (tests/lint/packages.mjs).
- dist/sourcecheck-firefox.zip: the background is an event page running
  background.js as a module (Firefox has no extension service workers),
  the panel is Firefox's sidebar (`sidebar_action`; no `side_panel` and no
  `sidePanel` permission, which Firefox does not know), with the gecko
  settings.

extension/pkg (the wasm and its JS glue, made by ./build.sh) must exist;
--pkg packs another one instead (the e2e tests use it), --out writes the
zips elsewhere. Standard library only.
"""

import argparse
import copy
import json
import sys
import zipfile
from pathlib import Path

import page_rules_js

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "extension"
DIST = ROOT / "dist"
PKG_FILES = ("sourcecheck.js", "sourcecheck_bg.wasm")
# What wasm-bindgen or editors may leave that no browser needs.
LEFT_OUT_SUFFIXES = (".d.ts", ".map", ".md")
LEFT_OUT_NAMES = {"package.json", ".gitignore", ".DS_Store", "manifest.json"}
# The oldest Firefox with everything the extension uses (the CSS Custom
# Highlight API, data_collection_permissions).
FIREFOX_MIN = "140.0"
FIREFOX_ANDROID_MIN = "142.0"  # data_collection_permissions came later there
CHROME_MIN = "116"  # chrome.sidePanel.open()


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def chrome_manifest(base):
    m = copy.deepcopy(base)
    m["background"] = {"service_worker": m["background"]["service_worker"], "type": "module"}
    m.pop("browser_specific_settings", None)
    m.pop("sidebar_action", None)
    m["minimum_chrome_version"] = CHROME_MIN
    return m


def firefox_manifest(base):
    m = copy.deepcopy(base)
    m["background"] = {"scripts": m["background"]["scripts"], "type": "module"}
    m.pop("side_panel", None)
    m["permissions"] = [p for p in m["permissions"] if p != "sidePanel"]
    gecko = m.setdefault("browser_specific_settings", {}).setdefault("gecko", {})
    if "id" not in gecko:
        fail("manifest.json: browser_specific_settings.gecko.id is required for Firefox")
    gecko["strict_min_version"] = FIREFOX_MIN
    gecko.setdefault("data_collection_permissions", {"required": ["none"]})
    m["browser_specific_settings"].setdefault("gecko_android", {})["strict_min_version"] = FIREFOX_ANDROID_MIN
    return m


def files_to_pack(pkg):
    """(file, name in the zip) for extension/ less its pkg, then for pkg."""
    for root, prefix in ((EXT, ""), (pkg, "pkg/")):
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(root)
            if root == EXT and rel.parts[0] == "pkg":
                continue
            if rel.name in LEFT_OUT_NAMES or rel.name.endswith(LEFT_OUT_SUFFIXES):
                continue
            yield path, prefix + rel.as_posix()


def write_zip(target, manifest, pkg):
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for path, name in files_to_pack(pkg):
            z.write(path, name)
    return target.stat().st_size


def main():
    parser = argparse.ArgumentParser(description="Package extension/ for Chrome and Firefox.")
    parser.add_argument("--pkg", type=Path, default=EXT / "pkg", help="the wasm-bindgen pkg to pack (default: extension/pkg)")
    parser.add_argument("--out", type=Path, default=DIST, help="where to write the zips (default: dist/)")
    args = parser.parse_args()
    pkg = args.pkg.resolve()
    missing = [f for f in PKG_FILES if not (pkg / f).is_file()]
    if missing:
        fail(f"{pkg} is missing {', '.join(missing)}: run ./build.sh first (it builds the wasm into extension/pkg)")
    try:
        base = json.loads((EXT / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        fail(f"cannot read extension/manifest.json: {err}")
    page_rules_js.write()  # content/page-rules.js, from src/page/rules.json
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for name, manifest in (("chrome", chrome_manifest(base)), ("firefox", firefox_manifest(base))):
        target = out / f"sourcecheck-{name}.zip"
        size = write_zip(target, manifest, pkg)
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{shown}: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
