"""The sandbox's pictures (app.sandbox.artwork, scenes and raster): avatars and post
pictures, drawn at the size the app shows them (×2 for high-DPI screens) so they are not
pixelated.

Pure Python, no Qt. PNGs are decoded here by hand (chunks, CRCs, zlib, rows) so a broken
encoder cannot pass by accident.
"""

from __future__ import annotations

import re
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.sandbox import artwork as a
from app.sandbox import community as c
from app.sandbox import post_generator as g
from app.sandbox.raster import WHITE, Canvas

NOW = datetime(2025, 12, 3, 5, 17, 42, tzinfo=UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
THEME = Path(__file__).resolve().parents[2] / "app" / "ui" / "theme.py"


@pytest.fixture(scope="module")
def public() -> list[c.SeedPost]:
    return g.public_posts(NOW)


@pytest.fixture(scope="module")
def friends() -> list[c.SeedPost]:
    return g.friends_posts(NOW)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB rows of an 8-bit truecolour, non-interlaced PNG."""
    assert data[:8] == PNG_SIGNATURE
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, interlace) == (8, 2, 0)
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = 1 + 3 * width
    assert len(raw) == height * stride
    rows = [raw[y * stride : (y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type "none" on every row
    return width, height, [row[1:] for row in rows]


def test_avatars_decode_at_the_shown_size_and_differ() -> None:
    seen = set()
    for m in c.MEMBERS:
        data = a.avatar_png(m)
        width, height, rows = decode_png(data)
        assert (width, height) == (a.AVATAR_SIZE, a.AVATAR_SIZE) == (80, 80)
        corner = rows[0][0:3]
        assert corner != bytes(3) and max(corner) > 200  # a light background
        middle = rows[height // 2]
        assert len({middle[i : i + 3] for i in range(0, 3 * width, 3)}) > 3  # something drawn
        seen.add(data)
    assert len(seen) == len(c.MEMBERS)


def test_avatar_other_sizes_and_unknown_members() -> None:
    stranger = c.Member("someone_new", "だれか", "", "#8a8a8a", "?")
    assert decode_png(a.avatar_png(stranger))[:2] == (80, 80)
    assert decode_png(a.avatar_png(c.MEMBERS[1], 48))[:2] == (48, 48)
    assert decode_png(a.avatar_png(c.Member("x", "x", "", "oops", "?"), 5))[:2] == (5, 5)


def test_every_seed_image_decodes(public: list[c.SeedPost], friends: list[c.SeedPost]) -> None:
    for p in public + friends:
        if p.image:
            width, height, rows = decode_png(a.image_png(p.image))
            assert (width, height) == a.IMAGE_SIZE
            assert len(set(rows)) > 5  # not a flat colour


@pytest.mark.parametrize(
    "name",
    [
        "momiji-1", "ichou-2", "momiji-river-3", "momiji-sunset-4", "momiji-club-5",
        "mountain-fuji-6", "ramen-7", "nabe-buri-8", "nabe-rice-9", "bento-10", "curry-11",
        "mikan-12", "karaage-13", "nabe-tonjiru-14", "bread-15", "bread-stollen-16", "cake-17",
        "coffee-18", "coffee-kissa-19", "cat-kotatsu-20", "cat-black-21", "dog-22",
        "dog-sunset-23", "dog-sweater-24", "illumination-25", "xmas-tree-26", "flower-27",
        "garden-daikon-28", "bird-kawasemi-29", "bird-mejiro-30", "bird-suzume-31", "book-32",
        "sky-morning-33", "sky-blue-34", "sunset-35", "night-sky-36", "night-camp-37",
        "sky-river-38", "sunset-illust-39", "no-such-motif", "",
    ],
)  # fmt: skip
def test_image_motifs_decode(name: str) -> None:
    width, height, rows = decode_png(a.image_png(name))
    assert (width, height) == a.IMAGE_SIZE == (1040, 650)
    assert len(set(rows)) > 5


def test_images_other_sizes_and_determinism() -> None:
    assert decode_png(a.image_png("sky", 64, 40))[:2] == (64, 40)
    assert decode_png(a.image_png("ramen", 1, 1))[:2] == (1, 1)
    first = a.image_png("momiji-9")
    a.image_png.cache_clear()
    a.avatar_png.cache_clear()
    assert a.image_png("momiji-9") == first
    assert a.image_png("momiji-9") != a.image_png("momiji-10")
    assert a.avatar_png(c.MEMBERS[2]) == a.avatar_png(c.MEMBERS[2])


def _ui_size(name: str) -> int:
    """A size constant of the app's timeline (read as text: unit tests import no Qt)."""
    match = re.search(rf"^{name} = (\d+)$", THEME.read_text(encoding="utf-8"), re.M)
    assert match, name
    return int(match.group(1))


def test_artwork_is_drawn_twice_the_size_the_timeline_shows_it() -> None:
    # A 40 px avatar on a 2× screen wants 80 pixels; anything less is scaled up and blurs.
    assert a.AVATAR_SIZE >= 2 * _ui_size("AVATAR_SIZE")
    # One picture fills a card's text column (~520 px in the default 1200 px window) and
    # is cropped to at most THUMB_HEIGHT_SINGLE high: 2× both, at the picture's 16:10.
    width, height = a.IMAGE_SIZE
    assert width >= 2 * 520 and width * 10 == height * 16
    assert height >= 2 * _ui_size("THUMB_HEIGHT_SINGLE")


def test_pictures_are_sharp_at_their_size_not_upscaled() -> None:
    """Edges are as fine as the pixels: a circle drawn at 3.25 pixels per unit has edge
    pixels at every row, not blocks of equal rows."""
    big = Canvas(320, 200, WHITE, 1040 / 320)
    big.circle(160, 100, 60, (200, 40, 40))
    rows = [bytes(r) for r in big.rows]
    assert (big.px_w, big.px_h) == (1040, 650)
    edges = [r.index(bytes((200, 40, 40))) for r in rows if bytes((200, 40, 40)) in r]
    assert len(edges) > 380  # 60 units × 3.25 × 2 ≈ 390 rows
    # A 60-pixel circle scaled up has at most 61 different left edges; drawn at its size
    # (195 pixels) it has far more.
    assert len(set(edges)) > 100


def test_seed_pictures_have_the_size_the_servers_announce() -> None:
    # The servers say a seed picture's size without drawing it (a fast start).
    assert a.IMAGE_SIZE == (1040, 650)
    width, height, _rows = decode_png(a.image_png("sky-1"))
    assert (width, height) == a.IMAGE_SIZE
