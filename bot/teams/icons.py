"""The two icons a Teams app package needs, drawn in code (no image files to ship).

- colour: 192x192, a white tick on the accent colour;
- outline: 32x32, the same tick in white on a transparent background.
"""

from __future__ import annotations

import struct
import zlib

ACCENT = (0x1F, 0x5C, 0x99)
COLOR_SIZE = 192
OUTLINE_SIZE = 32
# The tick as two strokes, in units of the icon's size.
_TICK = (((0.22, 0.52), (0.42, 0.72)), ((0.42, 0.72), (0.78, 0.30)))
_STROKE = 0.09

Pixel = tuple[int, int, int, int]


def _near_segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def _on_tick(x: float, y: float) -> bool:
    return any(_near_segment(x, y, a, b) <= _STROKE / 2 for a, b in _TICK)


def png(width: int, height: int, pixels: list[list[Pixel]]) -> bytes:
    """An RGBA PNG of the given pixel rows."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _draw(size: int, background: Pixel) -> bytes:
    white: Pixel = (255, 255, 255, 255)
    rows = [
        [white if _on_tick((x + 0.5) / size, (y + 0.5) / size) else background for x in range(size)]
        for y in range(size)
    ]
    return png(size, size, rows)


def color_icon() -> bytes:
    """The full-colour icon (192x192)."""
    return _draw(COLOR_SIZE, (*ACCENT, 255))


def outline_icon() -> bytes:
    """The outline icon (32x32, white on transparent)."""
    return _draw(OUTLINE_SIZE, (0, 0, 0, 0))


def accent_hex() -> str:
    """The accent colour as the manifest writes it (``#1F5C99``)."""
    return "#{:02X}{:02X}{:02X}".format(*ACCENT)
