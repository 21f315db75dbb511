"""The sandbox's pictures, drawn for this project: avatars (a friendly face in the
member's colour, a badge for shop and club accounts) and the photos of seed posts (autumn
leaves, Mt. Fuji, ramen, bread, coffee, cats, dogs, illuminations, flowers, birds, books,
skies …, chosen by words in the picture's name).

They are drawn at the size the app shows them, twice over for high-DPI screens, so they
are never scaled up: an avatar is shown 40 px wide (:data:`AVATAR_SIZE` = 80 px), a post's
single picture fills a card's text column (about 520 px in a 1200 px window, cropped to at
most 180 px high; :data:`IMAGE_SIZE` = 1040×650 px). Shapes are laid out once in design
units (96×96 for avatars, 320 wide for pictures: :mod:`app.sandbox.scenes`) and rendered
at any size by :class:`app.sandbox.raster.Canvas`. The same name (or member) always gives
the same picture.
"""

from __future__ import annotations

import functools
import math
import random
import re

from app.sandbox.community import ACCOUNTS, Member
from app.sandbox.raster import BLACK, RGB, WHITE, Canvas, mix, rgb
from app.sandbox.scenes import painter_for

AVATAR_SIZE = 80  # shown 40 px wide (ui.theme.AVATAR_SIZE), ×2 for high-DPI screens
IMAGE_SIZE = (1040, 650)  # a card's ~520 px text column ×2; 16:10 as the layout
_AVATAR_UNITS = 96  # avatars are laid out on a 96×96 grid
_IMAGE_UNITS = 320  # pictures are laid out 320 units wide (200 high at 16:10)


@functools.lru_cache(maxsize=256)  # every seed picture (~60) and room to spare; ~30 KB each
def image_png(name: str, width: int = IMAGE_SIZE[0], height: int = IMAGE_SIZE[1]) -> bytes:
    """A picture for a seed post, the same for the same name. Words in the name (split on
    ``-`` / ``_``) choose the scene: ``momiji``, ``ichou``, ``fuji``, ``ramen``, ``nabe``,
    ``bento``, ``bread``, ``cake``, ``coffee``, ``cat``, ``dog``, ``illumination``,
    ``xmas``, ``flower``, ``garden``, ``bird``, ``book``, ``sky`` / ``sunset`` / ``night``
    …; anything else gets a soft abstract pattern."""
    tokens = [t for t in re.split(r"[-_.\s/]+", name.lower()) if t]
    width, height = max(1, width), max(1, height)
    scale = width / _IMAGE_UNITS
    canvas = Canvas(_IMAGE_UNITS, height / scale, WHITE, scale)
    painter_for(tokens)(canvas, random.Random(f"kizuna-image:{name}"), set(tokens))
    return canvas.png()


@functools.lru_cache(maxsize=256)
def avatar_png(member: Member, size: int = AVATAR_SIZE) -> bytes:
    """The member's avatar: a friendly face with hair and clothes in their colour on a light
    tint of it (a badge for shop / club accounts). Designed to survive a circular crop."""
    col = rgb(member.color)
    c = Canvas(_AVATAR_UNITS, _AVATAR_UNITS, mix(col, WHITE, 0.82), max(1, size) / _AVATAR_UNITS)
    rng = random.Random(f"kizuna-avatar:{member.username}")
    dark = mix(col, BLACK, 0.35)
    if member.username in ACCOUNTS:
        _badge(c, col, dark, bakery="bakery" in member.username)
        return c.png()
    _face(c, col, rng)
    return c.png()


def _badge(c: Canvas, col: RGB, dark: RGB, *, bakery: bool) -> None:
    c.circle(48, 48, 36, col)
    c.circle(48, 48, 30, mix(col, WHITE, 0.9))
    if bakery:  # a loaf of bread
        c.ellipse(48, 50, 22, 14, (206, 146, 74))
        c.ellipse(44, 45, 12, 6, (232, 186, 120), 0.8)
        for dx in (-9, 0, 9):
            c.line(44 + dx, 58, 52 + dx, 42, 2.2, (150, 96, 44))
    else:  # a camera
        c.rect(28, 38, 68, 64, dark)
        c.rect(34, 33, 46, 39, dark)
        c.circle(48, 51, 10, mix(col, WHITE, 0.9))
        c.circle(48, 51, 6.5, col)
        c.circle(62, 43, 2, (250, 220, 120))


def _face(c: Canvas, col: RGB, rng: random.Random) -> None:
    skin = rng.choice([(255, 226, 204), (250, 216, 190), (244, 204, 172)])
    c.ellipse(48, 100, 36, 30, col)  # shoulders
    style = rng.randrange(4)
    hair = mix(col, BLACK, 0.45)
    if style == 0:  # long hair behind the face
        c.ellipse(48, 52, 30, 32, hair)
    if style == 3:  # a bun
        c.circle(48, 18, 10, hair)
    c.circle(48, 48, 24, skin)
    c.ellipse(48, 32, 26, 14, hair)  # fringe
    if style == 1:  # side part
        c.polygon([(24, 40), (40, 26), (72, 30), (72, 40), (52, 34)], hair)
    elif style == 2:  # short spiky
        for dx in (-16, -8, 0, 8, 16):
            c.polygon([(48 + dx - 6, 30), (48 + dx, 18), (48 + dx + 6, 30)], hair)
    eye_y = 50
    if rng.random() < 0.5:  # open eyes
        for dx in (-9, 9):
            c.ellipse(48 + dx, eye_y, 2.6, 3.2, (40, 34, 36))
    else:  # smiling eyes: little arches
        for dx in (-9, 9):
            for i in range(7):
                a = math.pi * (i / 6)
                c.circle(48 + dx - math.cos(a) * 3.4, eye_y - math.sin(a) * 2.4, 0.9, (40, 34, 36))
    for dx in (-15, 15):
        c.circle(48 + dx, 57, 4, (240, 140, 150), 0.45)
    for i in range(9):  # the smile
        a = math.pi * (0.2 + 0.6 * i / 8)
        c.circle(48 + math.cos(a) * 6, 56 + math.sin(a) * 4, 1.0, (170, 80, 80))
