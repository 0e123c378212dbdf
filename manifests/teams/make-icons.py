#!/usr/bin/env python3
"""Draws the Teams app icons (no image libraries needed): color.png 192x192 and outline.png 32x32.

The glyph is a switchboard plug: two jacks joined by a cord. color.png is white on the accent colour;
outline.png is white on transparent, as Teams requires for outline icons.
Run: python3 manifests/teams/make-icons.py
"""
import math
import os
import struct
import zlib

ACCENT = (0x4F, 0x6B, 0xED)
HERE = os.path.dirname(os.path.abspath(__file__))


def png(path, width, height, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x + 0.5, y + 0.5))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def segment_distance(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def glyph(x, y, size):
    """True where the white glyph is, in a size x size square."""
    s = size / 32.0
    jacks = [(9 * s, 10 * s), (23 * s, 22 * s)]
    ring_outer, ring_inner = 5.5 * s, 2.5 * s
    for cx, cy in jacks:
        d = math.hypot(x - cx, y - cy)
        if ring_inner <= d <= ring_outer:
            return True
    # The cord from one jack to the other, bowed through the lower left.
    cord = [(9 * s, 15.5 * s), (9 * s, 22 * s), (17.5 * s, 22 * s)]
    for (ax, ay), (bx, by) in zip(cord, cord[1:]):
        if segment_distance(x, y, ax, ay, bx, by) <= 1.6 * s:
            return True
    return False


def color_pixel(x, y):
    size, radius = 192, 36
    cx, cy = min(max(x, radius), size - radius), min(max(y, radius), size - radius)
    if math.hypot(x - cx, y - cy) > radius:
        return (0, 0, 0, 0)
    # The glyph sits in the middle 128 px.
    gx, gy = (x - 32) / 4.0, (y - 32) / 4.0
    if 0 <= gx < 32 and 0 <= gy < 32 and glyph(gx * 4, gy * 4, 128):
        return (255, 255, 255, 255)
    return ACCENT + (255,)


def outline_pixel(x, y):
    return (255, 255, 255, 255) if glyph(x, y, 32) else (0, 0, 0, 0)


if __name__ == "__main__":
    png(os.path.join(HERE, "color.png"), 192, 192, color_pixel)
    png(os.path.join(HERE, "outline.png"), 32, 32, outline_pixel)
