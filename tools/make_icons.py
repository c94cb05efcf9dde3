#!/usr/bin/env python3
"""Draws the extension's toolbar icons (extension/icons/icon-N.png).

A rounded square in deep teal with a white opening quotation mark (two
round dots with tails) and an amber dot for "which claims have no source".
Standard library only (zlib + struct): the icons are tiny and regenerating
them needs no image tools. Each pixel is supersampled 4x4 for smooth edges.

    python3 tools/make_icons.py
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
OUT = Path(__file__).resolve().parent.parent / "extension" / "icons"

TEAL = (17, 94, 89)
WHITE = (255, 255, 255)
AMBER = (245, 158, 11)
SAMPLES = 4


def in_rounded_square(x, y, radius=0.22):
    """Inside the unit square with rounded corners?"""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def in_quote_mark(x, y, cx, cy, r=0.115):
    """One half of an opening quotation mark: a dot with a tail rising to the right."""
    if (x - cx) ** 2 + (y - cy) ** 2 <= r**2:
        return True
    # The tail: a curved wedge from the dot's top towards the upper right.
    t = (cy - y) / (2.2 * r)
    if 0 <= t <= 1:
        mid = cx + 0.2 * r + t * 1.1 * r
        half = r * (1 - t) * 0.75
        return abs(x - mid - 0.3 * r * math.sin(t * math.pi)) <= half
    return False


def colour_at(x, y):
    """Colour of the point (x, y) in unit coordinates, or None if transparent."""
    if not in_rounded_square(x, y):
        return None
    if (x - 0.76) ** 2 + (y - 0.76) ** 2 <= 0.12**2:
        return AMBER
    if in_quote_mark(x, y, 0.33, 0.52) or in_quote_mark(x, y, 0.63, 0.52):
        return WHITE
    return TEAL


def render(size):
    """RGBA rows for a size x size icon."""
    rows = []
    n = SAMPLES * SAMPLES
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = colour_at((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            if a:
                row += bytes((r // a, g // a, b // a, 255 * a // n))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png(size, rows):
    """A PNG file (8-bit RGBA, no filter) as bytes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = OUT / f"icon-{size}.png"
        path.write_bytes(png(size, render(size)))
        print(f"{path.relative_to(OUT.parent.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
