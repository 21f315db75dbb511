"""A tiny scanline rasteriser and PNG encoder, in pure Python, for the sandbox's artwork.

Every shape becomes horizontal spans written with slice assignment into row bytearrays;
span ends are anti-aliased horizontally by their fractional coverage. A :class:`Canvas`
is drawn on in *design units* (the picture's layout, e.g. 320×200) and stored at
``scale`` pixels per unit, so one drawing gives a sharp picture at any size: the artwork
is laid out once and rendered at the size the app shows it.
"""

from __future__ import annotations

import functools
import itertools
import math
import struct
import zlib
from collections.abc import Callable, Sequence

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def rgb(color: str) -> RGB:
    """``#rrggbb`` or ``#rgb`` as a colour; grey for anything else."""
    c = color.strip().lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except ValueError:
        return (138, 138, 138)


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    return (
        int(a[0] + (b[0] - a[0]) * t + 0.5),
        int(a[1] + (b[1] - a[1]) * t + 0.5),
        int(a[2] + (b[2] - a[2]) * t + 0.5),
    )


def ramp(stops: Sequence[tuple[float, RGB]], t: float) -> RGB:
    """Colour at ``t`` (0..1) along gradient stops [(position, colour), …]."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if t <= p1:
            return mix(c0, c1, (t - p0) / ((p1 - p0) or 1))
    return stops[-1][1]


def _blend_table(value: int, alpha: float) -> bytes:
    """old → old + (value - old) × alpha for every byte, alpha rounded to 1/64 so the tables
    stay few and cached."""
    return _blend_table_q(value, round(alpha * 64))


@functools.lru_cache(maxsize=4096)
def _blend_table_q(value: int, a64: int) -> bytes:
    a = a64 / 64
    return bytes(int(v + (value - v) * a + 0.5) for v in range(256))


def _blend_px(row: bytearray, x: int, col: RGB, a: float) -> None:
    """Blend one pixel of a row (x already within the row) towards ``col`` by ``a``."""
    i = 3 * x
    if a >= 0.999:
        row[i : i + 3] = bytes(col)
    elif a > 0.004:
        old = row[i]
        row[i] = int(old + (col[0] - old) * a + 0.5)
        old = row[i + 1]
        row[i + 1] = int(old + (col[1] - old) * a + 0.5)
        old = row[i + 2]
        row[i + 2] = int(old + (col[2] - old) * a + 0.5)


class Canvas:
    """An RGB picture drawn in design units ``w``×``h`` and stored at ``scale`` pixels per
    unit (``px_w``×``px_h``)."""

    __slots__ = ("h", "k", "px_h", "px_w", "rows", "w")

    def __init__(self, width: int, height: float, bg: RGB, scale: float = 1.0) -> None:
        self.w, self.h, self.k = width, height, scale
        self.px_w = max(1, round(width * scale))
        self.px_h = max(1, round(height * scale))
        line = bytes(bg) * self.px_w
        self.rows = [bytearray(line) for _ in range(self.px_h)]

    # ---- in pixels -------------------------------------------------------------------------

    def _span(self, y: int, x0: float, x1: float, col: RGB, alpha: float) -> None:
        # The hot path of every picture: kept flat, with the edge blends inlined.
        if y < 0 or y >= self.px_h:
            return
        if x0 < 0.0:
            x0 = 0.0
        if x1 > self.px_w:
            x1 = float(self.px_w)
        if x1 <= x0:
            return
        row = self.rows[y]
        a = int(x0)
        if a < x0:
            a += 1  # ceil (x0 >= 0)
        b = int(x1)  # floor
        if a > b:  # both ends inside one pixel
            _blend_px(row, b, col, (x1 - x0) * alpha)
            return
        if a > x0:
            _blend_px(row, a - 1, col, (a - x0) * alpha)
        if x1 > b:
            _blend_px(row, b, col, (x1 - b) * alpha)
        if b <= a:
            return
        if alpha >= 1:
            row[3 * a : 3 * b] = bytes(col) * (b - a)
            return
        # Translucent: blend each colour channel through a 256-entry table, at C speed.
        seg = row[3 * a : 3 * b]
        for ch in range(3):
            row[3 * a + ch : 3 * b : 3] = seg[ch::3].translate(_blend_table(col[ch], alpha))

    def _polygon_px(self, pts: Sequence[tuple[float, float]], col: RGB, alpha: float) -> None:
        n = len(pts)
        edges = [
            (pts[i][0], pts[i][1], pts[(i + 1) % n][0], pts[(i + 1) % n][1])
            for i in range(n)
            if pts[i][1] != pts[(i + 1) % n][1]
        ]
        ys = [p[1] for p in pts]
        for y in range(max(0, int(min(ys))), min(self.px_h, math.ceil(max(ys)))):
            yc = y + 0.5
            xs = sorted(
                x1 + (yc - y1) * (x2 - x1) / (y2 - y1)
                for x1, y1, x2, y2 in edges
                if (y1 <= yc < y2) or (y2 <= yc < y1)
            )
            for i in range(0, len(xs) - 1, 2):
                self._span(y, xs[i], xs[i + 1], col, alpha)

    # ---- in design units -------------------------------------------------------------------

    def gradient(
        self, stops: Sequence[tuple[float, RGB]], y0: float = 0, y1: float | None = None
    ) -> None:
        """Fill rows y0..y1 with a vertical gradient (whole rows, so it is cheap)."""
        top, bottom = int(y0 * self.k), int((self.h if y1 is None else y1) * self.k)
        for y in range(max(0, top), min(self.px_h, bottom)):
            color = ramp(stops, (y - top) / max(1, bottom - top - 1))
            self.rows[y][:] = bytes(color) * self.px_w

    def span(self, y: float, x0: float, x1: float, col: RGB, alpha: float = 1.0) -> None:
        """A horizontal run across the unit-high row ``y`` (every pixel row it covers)."""
        k = self.k
        top = round(y * k)
        for py in range(top, max(top + 1, round((y + 1) * k))):
            self._span(py, x0 * k, x1 * k, col, alpha)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        col: RGB,
        alpha: float = 1.0,
        *,
        shade: Callable[[float], RGB] | None = None,
    ) -> None:
        """A filled ellipse; ``shade`` (design y → colour) paints each row its own colour,
        e.g. to cover something with the sky gradient behind it."""
        k = self.k
        cx, cy, rx, ry = cx * k, cy * k, rx * k, ry * k
        if rx <= 0 or ry <= 0:
            return
        for y in range(max(0, int(cy - ry)), min(self.px_h, int(cy + ry) + 1)):
            dy = (y + 0.5 - cy) / ry
            if dy * dy < 1:
                dx = rx * math.sqrt(1 - dy * dy)
                row_col = col if shade is None else shade((y + 0.5) / k)
                self._span(y, cx - dx, cx + dx, row_col, alpha)

    def circle(self, cx: float, cy: float, r: float, col: RGB, alpha: float = 1.0) -> None:
        self.ellipse(cx, cy, r, r, col, alpha)

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, col: RGB, alpha: float = 1.0
    ) -> None:
        k = self.k
        for y in range(max(0, round(y0 * k)), min(self.px_h, round(y1 * k))):
            self._span(y, x0 * k, x1 * k, col, alpha)

    def polygon(self, pts: Sequence[tuple[float, float]], col: RGB, alpha: float = 1.0) -> None:
        k = self.k
        self._polygon_px([(x * k, y * k) for x, y in pts], col, alpha)

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float,
        col: RGB,
        alpha: float = 1.0,
    ) -> None:
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
        self.polygon(
            [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)],
            col,
            alpha,
        )

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(r) for r in self.rows)  # filter type 0 on every row
        return encode_png(self.px_w, self.px_h, raw)


def encode_png(width: int, height: int, raw: bytes) -> bytes:
    """An 8-bit RGB PNG of ``raw`` scanlines (each starting with its filter byte)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )
