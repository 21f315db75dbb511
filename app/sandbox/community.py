"""The sandbox's small Japanese community: members, who follows whom, seed posts, and the
pictures (avatars, post images) generated for this project as PNG in pure Python.

Pure data and functions; both sandbox servers seed themselves from here.
"""

from __future__ import annotations

import random
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

DEMO_USERNAME = "me"


@dataclass(frozen=True, slots=True)
class Member:
    username: str
    display_name: str
    bio: str
    color: str  # "#rrggbb", avatar background
    glyph: str  # one character drawn on the avatar (informational; the PNG is a pattern)


@dataclass(frozen=True, slots=True)
class SeedPost:
    username: str
    text: str
    created_at: datetime  # aware UTC
    visibility: str  # the wire value of the network it is for
    image: str | None = None  # name passed to image_png()
    image_alt: str = ""
    recipients: tuple[str, ...] = ()  # usernames, for specified/direct posts


MEMBERS: tuple[Member, ...] = (
    Member(DEMO_USERNAME, "わたし", "Kizuna のサンドボックスで練習中です。", "#3b6ea5", "私"),
    Member("haruka", "春香", "東京で編集の仕事をしています。週末は喫茶店めぐり。", "#e57a8a", "春"),
    Member("takumi", "拓海", "エンジニア。自転車と写真が好き。", "#4a9d7c", "拓"),
)


def follows(network: str) -> list[tuple[str, str]]:
    """(follower, followee) pairs. On both networks the demo user and every member are mutual."""
    names = [m.username for m in MEMBERS]
    return [(a, b) for a in names for b in names if a != b]


def public_posts(now: datetime) -> list[SeedPost]:
    """Seed posts for the public network (Mastodon visibilities), oldest first."""
    texts = ["おはようございます。今日もよろしくお願いします。 #おはよう", "新しいカフェを見つけました。 #カフェ"]
    out = [
        SeedPost(MEMBERS[1 + i % 2].username, t, now - timedelta(minutes=30 * (len(texts) - i)), "public")
        for i, t in enumerate(texts)
    ]
    return out


def friends_posts(now: datetime) -> list[SeedPost]:
    """Seed posts for the friends network (Misskey visibilities), oldest first."""
    return [
        SeedPost("haruka", "今夜ごはん行かない？", now - timedelta(minutes=50), "followers"),
        SeedPost("takumi", "写真送るね #散歩", now - timedelta(minutes=20), "followers", "walk", "夕暮れの川沿いの道"),
    ]


def random_activity(rng: random.Random, network: str) -> SeedPost:
    """One new post for the background activity, as of now."""
    from datetime import UTC

    member = rng.choice(MEMBERS[1:])
    vis = "public" if network == "public" else "followers"
    return SeedPost(member.username, rng.choice(["いい天気ですね。", "お疲れさまです！"]), datetime.now(UTC), vis)


def _png(width: int, height: int, pixel) -> bytes:  # type: ignore[no-untyped-def]
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def avatar_png(member: Member, size: int = 96) -> bytes:
    """A symmetric 5×5 identicon in the member's colour on white."""
    rng = random.Random(member.username)
    cells = [[rng.random() < 0.5 for _ in range(3)] for _ in range(5)]
    fg = _rgb(member.color)
    cell = size // 6
    pad = (size - cell * 5) // 2

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        cx, cy = (x - pad) // cell, (y - pad) // cell
        if 0 <= cx < 5 and 0 <= cy < 5 and x >= pad and y >= pad and cells[cy][min(cx, 4 - cx)]:
            return fg
        return (246, 244, 240)

    return _png(size, size, pixel)


def image_png(name: str, width: int = 320, height: int = 200) -> bytes:
    """A soft two-colour gradient picture, the same for the same name."""
    rng = random.Random(name)
    a = (rng.randrange(80, 255), rng.randrange(80, 255), rng.randrange(80, 255))
    b = (rng.randrange(20, 200), rng.randrange(20, 200), rng.randrange(20, 200))

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        t = (x + y) / (width + height)
        return tuple(int(a[i] * (1 - t) + b[i] * t) for i in range(3))  # type: ignore[return-value]

    return _png(width, height, pixel)
