"""The scenes of the sandbox's post pictures, one painter per motif, and which words in a
picture's name choose which painter (:func:`painter_for`).

Painters draw on a :class:`app.sandbox.raster.Canvas` in design units, 320 wide (200 high
for the usual 16:10), whatever size the picture is rendered at; every random choice comes
from the ``rng`` they are given, so a name always gives the same picture.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence

from app.sandbox.raster import BLACK, RGB, WHITE, Canvas, mix, ramp


def _leaf(
    c: Canvas, cx: float, cy: float, r: float, angle: float, col: RGB, alpha: float = 1.0
) -> None:
    """A momiji leaf: a seven-pointed star with deep notches."""
    pts = []
    for i in range(14):
        rad = r if i % 2 == 0 else r * 0.42
        a = angle + math.pi * i / 7
        pts.append((cx + rad * math.sin(a), cy - rad * math.cos(a)))
    c.polygon(pts, col, alpha)


def _ridge(
    c: Canvas, base: float, amp: float, col: RGB, rng: random.Random, alpha: float = 1.0
) -> None:
    """A band of rolling hills whose top wanders around ``base``."""
    p1, p2 = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    f1, f2 = rng.uniform(1.2, 2.4), rng.uniform(3.0, 5.5)
    pts = [(0.0, float(c.h))]
    for i in range(33):
        x = c.w * i / 32
        t = x / c.w * math.pi
        pts.append((x, base - amp * (0.6 * math.sin(f1 * t + p1) + 0.4 * math.sin(f2 * t + p2))))
    pts.append((float(c.w), float(c.h)))
    c.polygon(pts, col, alpha)


_SKIES: dict[str, list[tuple[float, RGB]]] = {
    "day": [(0.0, (86, 146, 222)), (1.0, (200, 228, 248))],
    "morning": [(0.0, (120, 158, 214)), (0.55, (236, 192, 196)), (1.0, (255, 216, 166))],
    "sunset": [(0.0, (72, 72, 142)), (0.5, (212, 118, 134)), (1.0, (255, 182, 104))],
    "night": [(0.0, (10, 16, 44)), (1.0, (46, 60, 116))],
}


def _sky_kind(tokens: set[str]) -> str:
    if tokens & {"sunset", "yuuyake", "illust", "club"}:
        return "sunset"
    if tokens & {"night", "camp", "yoru", "star"}:
        return "night"
    if tokens & {"morning", "asa", "river"}:
        return "morning"
    return "day"


def _clouds(c: Canvas, rng: random.Random, count: int, top: float, bottom: float) -> None:
    W = c.w
    for _ in range(count):
        cx, cy = rng.uniform(0, W), rng.uniform(top, bottom)
        size = rng.uniform(0.05, 0.09) * W
        for dx, dy, k in ((-1.0, 0.2, 0.8), (0.0, -0.25, 1.0), (1.1, 0.15, 0.75), (0.5, 0.35, 0.9)):
            c.ellipse(cx + dx * size, cy + dy * size, size * k * 1.2, size * k * 0.7, WHITE, 0.55)


def _stars(c: Canvas, rng: random.Random, bottom: float, n: int = 70) -> None:
    for _ in range(n):
        x, y = rng.uniform(0, c.w), rng.uniform(0, bottom)
        size = rng.choice((0.8, 1.0, 1.0, 1.6))
        c.ellipse(x, y, size, size, (255, 250, 226), rng.uniform(0.5, 1.0))


def _sun(c: Canvas, x: float, y: float, r: float, col: RGB) -> None:
    for k, a in ((3.2, 0.10), (2.2, 0.14), (1.5, 0.2)):
        c.circle(x, y, r * k, col, a)
    c.circle(x, y, r, col)


def _draw_sky(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    kind = _sky_kind(tokens)
    stops = _SKIES[kind]
    horizon = H * 0.7
    c.gradient(stops, 0, horizon)
    if kind == "night":
        _stars(c, rng, horizon)
        mx, my, mr = W * 0.76, H * 0.2, H * 0.07
        c.circle(mx, my, mr * 2.2, (200, 210, 255), 0.08)
        c.circle(mx, my, mr, (250, 240, 200))
        # a crescent: cover part of the moon with the sky colour of each row
        c.ellipse(
            mx + mr * 0.45,
            my - mr * 0.25,
            mr,
            mr,
            stops[0][1],
            shade=lambda y: ramp(stops, y / horizon),
        )
    else:
        sun_y = H * (0.55 if kind == "sunset" else 0.25 if kind == "day" else 0.45)
        _sun(c, W * rng.uniform(0.2, 0.8), sun_y, H * 0.07, (255, 238, 188))
        _clouds(c, rng, rng.randint(2, 4), H * 0.08, H * 0.45)
    if "river" in tokens or "sea" in tokens:
        water = [(0.0, mix(stops[-1][1], (70, 110, 150), 0.3)), (1.0, (60, 96, 130))]
        c.gradient(water, horizon, H)
        _ridge(c, horizon, H * 0.03, mix(stops[-1][1], (60, 80, 100), 0.6), rng)
        c.gradient(water, horizon + H * 0.03, H)
        for _ in range(24):
            y = rng.uniform(horizon + 6, H)
            x = rng.uniform(0, W)
            c.span(int(y), x, x + rng.uniform(10, 40), WHITE, 0.25)
        if kind == "morning":  # morning mist over the water
            for i in range(6):
                c.rect(0, horizon - 8 + i * 5, W, horizon - 4 + i * 5, WHITE, 0.12)
        return
    far = mix(stops[-1][1], (70, 96, 120), 0.45)
    near_col = (34, 40, 58) if kind in ("night", "sunset") else (96, 140, 104)
    _ridge(c, horizon - H * 0.06, H * 0.05, far, rng)
    _ridge(c, horizon + H * 0.06, H * 0.06, near_col, rng)
    if "camp" in tokens:  # a little tent and a fire
        tx, ty = W * 0.35, H * 0.86
        c.polygon([(tx - 34, ty + 14), (tx, ty - 30), (tx + 34, ty + 14)], (214, 150, 70))
        c.polygon([(tx - 8, ty + 14), (tx, ty - 6), (tx + 8, ty + 14)], (60, 40, 30))
        fx, fy = W * 0.62, H * 0.9
        c.circle(fx, fy - 6, 26, (255, 170, 80), 0.15)
        c.polygon([(fx - 9, fy + 4), (fx, fy - 22), (fx + 9, fy + 4)], (255, 150, 60))
        c.polygon([(fx - 4, fy + 4), (fx, fy - 10), (fx + 4, fy + 4)], (255, 226, 120))
    if kind == "sunset" and "illust" not in tokens:  # a utility pole and its wires
        px = W * 0.82
        c.rect(px - 3, H * 0.12, px + 3, H, (40, 36, 52))
        c.rect(px - 16, H * 0.2, px + 16, H * 0.22, (40, 36, 52))
        for k in (0.21, 0.27, 0.33):
            y0 = H * k
            pts = [(px - 20 - i * 16, y0 + 10 * math.sin(math.pi * i / 14)) for i in range(15)]
            for (x0, y0_), (x1, y1) in itertools.pairwise(pts):
                c.line(x0, y0_, x1, y1, 1.4, (40, 36, 52))


def _draw_leaves(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    """Autumn colours: shrine steps under momiji, a ginkgo avenue, a river bank, a close-up."""
    W, H = c.w, c.h
    yellow = "ichou" in tokens
    reds = [(214, 58, 42), (232, 96, 40), (190, 36, 48), (240, 140, 50)]
    golds = [(246, 200, 60), (236, 178, 40), (250, 216, 96)]
    leaf_cols = golds if yellow else reds
    stops = _SKIES["sunset" if "sunset" in tokens else "day"]
    if "club" in tokens:
        _leaves_close_up(c, rng, reds)
        return
    horizon = H * 0.62
    c.gradient(stops, 0, horizon)
    if "sunset" in tokens:
        _sun(c, W * 0.2, H * 0.5, H * 0.06, (255, 220, 160))
    else:
        _clouds(c, rng, 2, H * 0.06, H * 0.3)
    _ridge(c, horizon - H * 0.05, H * 0.04, mix(stops[-1][1], (90, 110, 120), 0.5), rng)
    ground = (196, 170, 120) if yellow else (150, 130, 100)
    c.gradient([(0.0, ground), (1.0, mix(ground, BLACK, 0.15))], horizon, H)
    if "river" in tokens:
        _leaves_river_bank(c, rng, horizon, leaf_cols)
    elif yellow:
        _ginkgo_avenue(c, rng, horizon, golds)
    else:
        _shrine_steps(c, rng, horizon, leaf_cols)


def _leaves_close_up(c: Canvas, rng: random.Random, reds: Sequence[RGB]) -> None:
    """Leaves against soft light."""
    W, H = c.w, c.h
    c.gradient([(0.0, (60, 90, 60)), (1.0, (30, 50, 40))])
    for _ in range(14):
        c.circle(rng.uniform(0, W), rng.uniform(0, H), rng.uniform(10, 36), (240, 230, 170), 0.18)
    for _ in range(9):
        _leaf(
            c,
            rng.uniform(W * 0.1, W * 0.9),
            rng.uniform(H * 0.15, H * 0.85),
            rng.uniform(18, 34),
            rng.uniform(-0.6, 0.6),
            rng.choice(reds),
        )


def _leaves_river_bank(
    c: Canvas, rng: random.Random, horizon: float, leaf_cols: Sequence[RGB]
) -> None:
    """Momiji along a river: wooden posts, trees, leaves floating."""
    W, H = c.w, c.h
    c.gradient([(0.0, (120, 170, 210)), (1.0, (70, 120, 170))], H * 0.7, H * 0.86)
    for post_x in range(-10, W + 20, 26):  # wooden posts along the bank
        cx, cy = post_x + rng.uniform(-6, 6), horizon + rng.uniform(-4, 6)
        c.rect(cx - 2, cy, cx + 2, cy + 22, (90, 60, 40))
        for _ in range(4):
            c.circle(
                cx + rng.uniform(-14, 14),
                cy - rng.uniform(4, 20),
                rng.uniform(9, 15),
                rng.choice(leaf_cols),
            )
    for _ in range(20):
        y = rng.uniform(H * 0.72, H * 0.85)
        x = rng.uniform(0, W)
        c.span(int(y), x, x + rng.uniform(8, 30), rng.choice(leaf_cols), 0.5)


def _ginkgo_avenue(c: Canvas, rng: random.Random, horizon: float, golds: Sequence[RGB]) -> None:
    """The path narrows to the horizon, ginkgo trees on both sides, leaves on the ground."""
    W, H = c.w, c.h
    vx = W * 0.5
    c.polygon([(vx - 6, horizon), (vx + 6, horizon), (W * 0.78, H), (W * 0.22, H)], (214, 200, 170))
    for i in range(7, -1, -1):
        t = i / 7
        y = horizon + (H - horizon) * (1 - t) * 0.9
        s = 0.25 + 0.75 * (1 - t)
        for side in (-1, 1):
            x = vx + side * (20 + (W * 0.42) * (1 - t))
            c.rect(x - 3 * s, y - 30 * s, x + 3 * s, y + 4, (100, 76, 50))
            c.ellipse(x, y - 52 * s, 22 * s, 38 * s, rng.choice(golds))
            c.ellipse(x - 6 * s, y - 60 * s, 12 * s, 18 * s, (252, 226, 120), 0.6)
    for _ in range(160):
        c.circle(
            rng.uniform(0, W),
            rng.uniform(horizon + 8, H),
            rng.uniform(1.2, 2.6),
            rng.choice(golds),
            0.9,
        )


def _shrine_steps(c: Canvas, rng: random.Random, horizon: float, leaf_cols: Sequence[RGB]) -> None:
    """Stone steps up to a small red torii, momiji on both sides."""
    W, H = c.w, c.h
    cx = W * 0.5
    steps = 7
    for i in range(steps):
        t0, t1 = i / steps, (i + 1) / steps
        y0 = H - (H - horizon) * t0
        y1 = H - (H - horizon) * t1
        half0, half1 = W * (0.22 - 0.15 * t0), W * (0.22 - 0.15 * t1)
        shade = 150 + int(50 * (i % 2))
        c.polygon(
            [(cx - half0, y0), (cx + half0, y0), (cx + half1, y1), (cx - half1, y1)],
            (shade, shade - 6, shade - 14),
        )
    tw, ty = W * 0.07, horizon
    red = (200, 48, 40)
    c.rect(cx - tw, ty - H * 0.16, cx - tw + 4, ty, red)
    c.rect(cx + tw - 4, ty - H * 0.16, cx + tw, ty, red)
    c.rect(cx - tw * 1.45, ty - H * 0.18, cx + tw * 1.45, ty - H * 0.155, (40, 30, 30))
    c.rect(cx - tw * 1.2, ty - H * 0.13, cx + tw * 1.2, ty - H * 0.115, red)
    for side in (-1, 1):
        for j in range(3):
            x = cx + side * (W * (0.32 + 0.12 * j))
            y = horizon + H * 0.1 + j * 12
            c.rect(x - 4, y - 10, x + 4, y + 40, (86, 60, 44))
            for _ in range(7):
                c.circle(
                    x + rng.uniform(-30, 30),
                    y - rng.uniform(8, 46),
                    rng.uniform(12, 22),
                    rng.choice(leaf_cols),
                )
    for _ in range(16):
        _leaf(
            c,
            rng.uniform(0, W),
            rng.uniform(0, H),
            rng.uniform(4, 7),
            rng.uniform(0, 6.3),
            rng.choice(leaf_cols),
            0.9,
        )


def _draw_mountain(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    stops = _SKIES["morning" if "morning" in tokens else "day"]
    horizon = H * 0.68
    c.gradient(stops, 0, horizon)
    _clouds(c, rng, 2, H * 0.05, H * 0.2)
    peak_x, peak_y = W * 0.5, H * 0.2
    body = (84, 108, 150)
    side = [
        (W * 0.5 + W * 0.6 * t**1.4, peak_y + (horizon - peak_y) * t)
        for t in (i / 10 for i in range(11))
    ]
    left = [(2 * peak_x - x, y) for x, y in reversed(side)]
    c.polygon(
        [
            (peak_x - 16, peak_y),
            (peak_x + 16, peak_y),
            *[(x + 16, y) for x, y in side[1:]],
            *[(x - 16, y) for x, y in left[:-1]],
        ],
        body,
    )
    cap_y = peak_y + (horizon - peak_y) * 0.33
    cap = [(peak_x - 16, peak_y), (peak_x + 16, peak_y)]
    for i in range(9, -1, -1):
        t = i / 9
        x = peak_x + (W * 0.6 * 0.33**1.4 + 16) * (2 * t - 1)
        cap.append((x, cap_y + (10 if i % 2 else -6)))
    c.polygon(cap, (246, 248, 252))
    water = [(0.0, mix(stops[-1][1], (90, 130, 170), 0.5)), (1.0, (60, 100, 140))]
    c.gradient(water, horizon, H)
    # a soft reflection of the mountain
    refl = [(x, 2 * horizon - y) for x, y in side] + [(x, 2 * horizon - y) for x, y in left]
    c.polygon(refl, body, 0.35)
    for x0 in (W * 0.06, W * 0.14, W * 0.88, W * 0.95):
        h = rng.uniform(30, 50)
        c.polygon([(x0 - 14, horizon + 4), (x0, horizon - h), (x0 + 14, horizon + 4)], (34, 80, 58))


def _wood(c: Canvas, rng: random.Random, dark: bool = False) -> None:
    base = (150, 104, 70) if dark else (196, 150, 104)
    y = 0
    while y < c.h:
        band = rng.randint(14, 30)
        c.rect(0, y, c.w, y + band, mix(base, BLACK, rng.uniform(0.0, 0.12)))
        c.rect(0, y, c.w, y + 1, mix(base, BLACK, 0.3))
        y += band


def _steam(c: Canvas, x: float, y: float, rng: random.Random) -> None:
    for i in range(3):
        for k in range(5):
            c.ellipse(x + (i - 1) * 18 + 5 * math.sin(k + i), y - k * 9, 5, 6, WHITE, 0.22)


def _draw_food(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    """Bowls and pots seen from above at an angle, a bento box, a box of mikan."""
    W, H = c.w, c.h
    _wood(c, rng)
    cx, cy = W * 0.5, H * 0.56
    if "mikan" in tokens:
        _mikan_box(c)
    elif "bento" in tokens:
        _bento(c)
    elif "karaage" in tokens:
        _karaage(c, rng, cx, cy)
    else:
        _bowl_or_pot(c, rng, tokens, cx, cy)


def _mikan_box(c: Canvas) -> None:
    W, H = c.w, c.h
    c.polygon(
        [(W * 0.16, H * 0.2), (W * 0.84, H * 0.2), (W * 0.9, H * 0.95), (W * 0.1, H * 0.95)],
        (184, 140, 90),
    )
    c.rect(W * 0.2, H * 0.26, W * 0.8, H * 0.9, (120, 84, 50))
    for row in range(4):
        for col in range(7):
            x = W * 0.26 + col * W * 0.08 + (row % 2) * W * 0.04
            y = H * 0.36 + row * H * 0.14
            if x < W * 0.78:
                c.circle(x, y, W * 0.045, (244, 140, 30))
                c.circle(x - 4, y - 4, W * 0.015, (255, 190, 100), 0.7)
                c.circle(x + 2, y - W * 0.035, 2.5, (70, 120, 40))


def _bento(c: Canvas) -> None:
    """Rice with an umeboshi, tamagoyaki, meatballs and greens."""
    W, H = c.w, c.h
    c.rect(W * 0.14, H * 0.16, W * 0.86, H * 0.9, (60, 34, 30))
    c.rect(W * 0.17, H * 0.21, W * 0.5, H * 0.85, (248, 246, 240))  # rice
    c.circle(W * 0.335, H * 0.53, W * 0.03, (200, 40, 60))  # umeboshi
    c.rect(W * 0.52, H * 0.21, W * 0.83, H * 0.85, (110, 70, 50))
    for i in range(3):
        c.rect(
            W * 0.54 + i * W * 0.09,
            H * 0.25,
            W * 0.615 + i * W * 0.09,
            H * 0.43,
            (248, 206, 80),
        )
    for i in range(3):
        c.circle(W * 0.58 + i * W * 0.08, H * 0.58, W * 0.04, (176, 104, 44))
    for i in range(5):
        c.circle(
            W * 0.6 + (i % 3) * W * 0.04,
            H * 0.74 + (i // 3) * H * 0.04,
            W * 0.025,
            (60, 140, 60),
        )


def _karaage(c: Canvas, rng: random.Random, cx: float, cy: float) -> None:
    W, H = c.w, c.h
    c.ellipse(cx, cy, W * 0.38, H * 0.36, (248, 248, 244))
    c.ellipse(cx, cy, W * 0.3, H * 0.28, (236, 236, 230))
    for _ in range(5):
        c.ellipse(cx + rng.uniform(-60, 60), cy + rng.uniform(-10, 30), 26, 14, (120, 180, 80))
    for _ in range(13):
        c.circle(
            cx + rng.uniform(-70, 70),
            cy + rng.uniform(-36, 24),
            rng.uniform(16, 22),
            mix((172, 100, 40), (210, 140, 60), rng.random()),
        )
    c.polygon([(cx + 70, cy + 10), (cx + 100, cy - 10), (cx + 96, cy + 24)], (250, 226, 80))


def _bowl_or_pot(c: Canvas, rng: random.Random, tokens: set[str], cx: float, cy: float) -> None:
    """Ramen in a bowl, or a pot of nabe, curry or rice, seen from above at an angle."""
    W, H = c.w, c.h
    pot = "nabe" in tokens or "curry" in tokens
    rim = (
        (60, 50, 46)
        if "nabe" in tokens
        else (180, 184, 190)
        if "curry" in tokens
        else (190, 50, 44)
    )
    rx, ry = W * 0.32, H * 0.3
    c.ellipse(cx + 6, cy + 10, rx * 1.02, ry * 1.02, (90, 60, 40), 0.35)  # shadow
    c.ellipse(cx, cy, rx, ry, rim)
    if pot:
        c.rect(cx - rx - 14, cy - 8, cx - rx + 4, cy + 8, rim)
        c.rect(cx + rx - 4, cy - 8, cx + rx + 14, cy + 8, rim)
    inner_rx, inner_ry = rx * 0.86, ry * 0.84
    soups: dict[str, RGB] = {
        "curry": (150, 90, 40),
        "rice": (250, 248, 240),
        "buri": (190, 120, 50),
        "tonjiru": (196, 150, 96),
        "nabe": (226, 196, 150),
    }
    soup = next((v for k, v in soups.items() if k in tokens), (214, 150, 80))
    c.ellipse(cx, cy, inner_rx, inner_ry, soup)
    if not pot:
        _ramen_toppings(c, rng, cx, cy)
    elif "rice" in tokens:
        for _ in range(40):
            c.ellipse(cx + rng.uniform(-80, 80), cy + rng.uniform(-40, 40), 3, 1.6, (230, 228, 220))
        c.ellipse(cx + 50, cy + 30, 24, 10, (210, 160, 90), 0.6)
    elif "curry" in tokens:
        for _ in range(12):
            veg = rng.choice([(240, 140, 40), (236, 206, 120), (130, 70, 40)])
            c.circle(cx + rng.uniform(-80, 80), cy + rng.uniform(-36, 36), rng.uniform(7, 12), veg)
    else:
        _nabe_ingredients(c, rng, tokens, cx, cy)
    _steam(c, cx, cy - ry - 6, rng)


def _ramen_toppings(c: Canvas, rng: random.Random, cx: float, cy: float) -> None:
    """Noodles, nori, chashu, egg, naruto and negi."""
    for _ in range(7):
        c.ellipse(cx + rng.uniform(-50, 50), cy + rng.uniform(-20, 30), 40, 5, (250, 226, 150), 0.7)
    c.polygon(
        [(cx - 70, cy - 52), (cx - 30, cy - 60), (cx - 26, cy - 10), (cx - 66, cy - 4)],
        (30, 50, 36),
    )
    c.circle(cx + 36, cy - 18, 26, (200, 140, 110))
    c.circle(cx + 36, cy - 18, 18, (226, 176, 150))
    c.ellipse(cx - 10, cy + 24, 22, 17, (252, 250, 244))
    c.ellipse(cx - 10, cy + 26, 11, 9, (246, 160, 40))
    c.circle(cx + 52, cy + 28, 13, (252, 248, 248))
    c.circle(cx + 52, cy + 28, 7, (236, 110, 150))
    c.circle(cx + 52, cy + 28, 3, (252, 248, 248))
    for _ in range(22):
        c.circle(cx + rng.uniform(-70, 10), cy + rng.uniform(-10, 40), 2.6, (90, 170, 70))


def _nabe_ingredients(
    c: Canvas, rng: random.Random, tokens: set[str], cx: float, cy: float
) -> None:
    """Cabbage, tofu, shiitake, carrot flowers, and buri when it is buri-nabe."""
    for _ in range(5):
        c.ellipse(cx + rng.uniform(-60, 60), cy + rng.uniform(-30, 30), 26, 14, (180, 210, 140))
    for _ in range(4):
        x, y = cx + rng.uniform(-70, 70), cy + rng.uniform(-35, 35)
        c.rect(x - 10, y - 8, x + 10, y + 8, (252, 250, 240))
    for _ in range(4):
        x, y = cx + rng.uniform(-70, 70), cy + rng.uniform(-35, 35)
        c.circle(x, y, 9, (120, 80, 50))
        c.line(x - 6, y - 6, x + 6, y + 6, 2, (230, 210, 180))
        c.line(x - 6, y + 6, x + 6, y - 6, 2, (230, 210, 180))
    for _ in range(4):
        c.circle(cx + rng.uniform(-70, 70), cy + rng.uniform(-35, 35), 7, (240, 120, 40))
    if "buri" in tokens:
        for _ in range(3):
            x, y = cx + rng.uniform(-60, 60), cy + rng.uniform(-30, 30)
            c.circle(x, y, 18, (222, 176, 100))
            c.ellipse(x + 30, y + 6, 16, 10, (150, 80, 50))


def _draw_bread(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    _wood(c, rng, dark=True)
    if tokens & {"cake"}:
        cx, cy = W * 0.5, H * 0.62
        c.ellipse(cx, cy + 24, W * 0.34, H * 0.2, (250, 250, 246))
        c.polygon(
            [(cx - 70, cy - 10), (cx + 50, cy - 34), (cx + 70, cy + 20), (cx - 50, cy + 40)],
            (252, 244, 226),
        )
        c.polygon(
            [(cx - 70, cy - 10), (cx + 50, cy - 34), (cx + 50, cy - 48), (cx - 70, cy - 24)],
            (255, 252, 246),
        )
        c.line(cx - 60, cy + 10, cx + 60, cy - 12, 4, (230, 70, 80))
        for i in range(3):
            c.circle(cx - 40 + i * 36, cy - 34 - i * 6, 11, (226, 40, 60))
            c.circle(cx - 43 + i * 36, cy - 37 - i * 6, 3, (255, 200, 200))
        return
    c.ellipse(W * 0.5, H * 0.6, W * 0.42, H * 0.34, (226, 200, 160))  # board / paper
    if "stollen" in tokens:
        c.ellipse(W * 0.5, H * 0.58, W * 0.3, H * 0.14, (200, 140, 70))
        c.ellipse(W * 0.5, H * 0.55, W * 0.28, H * 0.11, (250, 248, 244), 0.85)
        for _ in range(60):
            c.circle(W * 0.5 + rng.uniform(-90, 90), H * 0.55 + rng.uniform(-18, 18), 1.4, WHITE)
        c.ellipse(W * 0.82, H * 0.6, W * 0.05, H * 0.12, (240, 220, 180))
        for _ in range(6):
            c.circle(
                W * 0.82 + rng.uniform(-8, 8), H * 0.6 + rng.uniform(-16, 16), 2.4, (150, 60, 60)
            )
        return
    spots = [(0.32, 0.5), (0.56, 0.45), (0.74, 0.6), (0.42, 0.7), (0.62, 0.74)]
    for fx, fy in spots:
        x, y = W * fx, H * fy
        rx, ry = W * rng.uniform(0.07, 0.1), H * rng.uniform(0.09, 0.12)
        crust = mix((196, 128, 56), (226, 170, 90), rng.random())
        c.ellipse(x, y, rx, ry, crust)
        c.ellipse(x - rx * 0.2, y - ry * 0.3, rx * 0.5, ry * 0.35, mix(crust, WHITE, 0.35), 0.7)
        if rng.random() < 0.6:
            for k in (-1, 0, 1):
                c.line(
                    x - rx * 0.4 + k * 8,
                    y + ry * 0.3,
                    x - rx * 0.1 + k * 8,
                    y - ry * 0.4,
                    2,
                    mix(crust, WHITE, 0.5),
                )


def _draw_cup(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    _wood(c, rng, dark="kissa" in tokens)
    cx, cy = W * 0.48, H * 0.6
    c.ellipse(cx, cy + 26, W * 0.22, H * 0.12, (244, 240, 232))
    c.ellipse(cx, cy + 26, W * 0.15, H * 0.08, (232, 226, 216))
    cup = (250, 248, 242) if "kissa" not in tokens else (220, 236, 236)
    c.ellipse(cx + W * 0.13, cy - 4, 16, 20, cup)
    c.ellipse(cx + W * 0.13, cy - 4, 9, 12, mix((196, 150, 104), BLACK, 0.1))
    c.polygon([(cx - 46, cy - 34), (cx + 46, cy - 34), (cx + 36, cy + 26), (cx - 36, cy + 26)], cup)
    c.ellipse(cx, cy + 26, 36, 8, cup)
    c.ellipse(cx, cy - 34, 46, 12, mix(cup, BLACK, 0.08))
    c.ellipse(cx, cy - 33, 41, 9.5, (120, 74, 44))
    c.ellipse(cx - 4, cy - 34, 16, 4, (214, 176, 130), 0.8)
    if "kissa" in tokens:
        c.rect(cx - 38, cy - 10, cx + 38, cy - 4, (60, 130, 130))
    _steam(c, cx, cy - 52, rng)
    c.ellipse(W * 0.84, H * 0.3, 26, 18, (250, 250, 246))  # a sugar bowl


def _draw_cat(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    black = "black" in tokens
    fur = (48, 44, 50) if black else (236, 160, 84)
    stripe = (60, 56, 62) if black else (200, 118, 52)
    c.gradient([(0.0, (250, 238, 222)), (1.0, (238, 220, 200))])
    cx, cy, r = W * 0.5, H * 0.52, H * 0.26
    if "kotatsu" in tokens:
        c.rect(0, H * 0.28, W, H * 0.36, (140, 96, 60))  # the table top
        c.rect(0, H * 0.36, W, H, (196, 70, 70))  # futon
        for x in range(0, W, 32):
            c.rect(x, H * 0.36, x + 16, H, (214, 110, 96), 0.7)
        cy = H * 0.62
    else:
        c.ellipse(W * 0.5, H * 0.98, W * 0.6, H * 0.32, (150, 186, 220))  # blanket
        c.ellipse(cx + r * 0.8, cy + r * 1.0, r * 1.2, r * 0.6, fur)  # body
    for side in (-1, 1):
        c.polygon(
            [
                (cx + side * r * 0.9, cy - r * 0.35),
                (cx + side * r * 0.78, cy - r * 1.25),
                (cx + side * r * 0.2, cy - r * 0.8),
            ],
            fur,
        )
        c.polygon(
            [
                (cx + side * r * 0.78, cy - r * 0.5),
                (cx + side * r * 0.72, cy - r * 1.05),
                (cx + side * r * 0.38, cy - r * 0.78),
            ],
            (240, 170, 170),
        )
    c.ellipse(cx, cy, r * 1.05, r * 0.9, fur)
    if not black:
        for k in (-1, 0, 1):
            c.polygon(
                [
                    (cx + k * 10 - 3, cy - r * 0.88),
                    (cx + k * 10 + 3, cy - r * 0.88),
                    (cx + k * 7, cy - r * 0.5),
                ],
                stripe,
            )
        c.ellipse(cx, cy + r * 0.38, r * 0.5, r * 0.36, (252, 236, 214))
    eye = (220, 210, 70) if black else (60, 40, 30)
    for side in (-1, 1):
        ex, ey = cx + side * r * 0.4, cy - r * 0.05
        if "kotatsu" in tokens and not black:  # sleepy closed eyes
            c.ellipse(ex, ey, r * 0.16, r * 0.035, (60, 40, 30))
        else:
            c.ellipse(ex, ey, r * 0.13, r * 0.16, eye)
            c.ellipse(ex, ey, r * 0.04, r * 0.13, (20, 20, 20))
            c.circle(ex + r * 0.05, ey - r * 0.06, r * 0.035, WHITE)
        for k in (-1, 0, 1):
            wx = cx + side * r * 0.45
            c.line(
                wx,
                cy + r * 0.25 + k * 5,
                wx + side * r * 0.75,
                cy + r * 0.18 + k * 10,
                1.2,
                (90, 80, 80),
            )
    c.polygon(
        [(cx - 6, cy + r * 0.18), (cx + 6, cy + r * 0.18), (cx, cy + r * 0.28)], (230, 120, 130)
    )


def _draw_dog(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    if "sunset" in tokens:
        c.gradient(_SKIES["sunset"], 0, H * 0.75)
        _sun(c, W * 0.25, H * 0.6, H * 0.07, (255, 232, 170))
        c.rect(0, H * 0.75, W, H, (70, 60, 70))
    else:
        c.gradient([(0.0, (200, 222, 240)), (1.0, (236, 240, 244))], 0, H * 0.6)
        c.gradient([(0.0, (200, 196, 186)), (1.0, (170, 164, 150))], H * 0.6, H)
        for _ in range(120):  # frost
            c.circle(rng.uniform(0, W), rng.uniform(H * 0.6, H), 1.2, WHITE, 0.8)
    tan, cream = (214, 138, 66), (252, 240, 220)
    cx, cy, r = W * 0.5, H * 0.5, H * 0.24
    if "sweater" in tokens:
        c.ellipse(cx, cy + r * 1.55, r * 1.4, r * 0.9, (200, 40, 50))
        for k in range(-3, 4):
            c.rect(cx + k * 18 - 3, cy + r * 1.0, cx + k * 18 + 3, H, (240, 230, 220), 0.6)
    else:
        c.ellipse(cx, cy + r * 1.5, r * 1.1, r * 0.9, tan)
        c.ellipse(cx, cy + r * 1.3, r * 0.6, r * 0.6, cream)
    for side in (-1, 1):
        c.polygon(
            [
                (cx + side * r * 0.95, cy - r * 0.3),
                (cx + side * r * 0.7, cy - r * 1.2),
                (cx + side * r * 0.2, cy - r * 0.75),
            ],
            tan,
        )
        c.polygon(
            [
                (cx + side * r * 0.75, cy - r * 0.5),
                (cx + side * r * 0.68, cy - r * 0.98),
                (cx + side * r * 0.38, cy - r * 0.72),
            ],
            (120, 70, 40),
        )
    c.ellipse(cx, cy, r * 1.05, r * 0.92, tan)
    c.ellipse(cx - r * 0.38, cy + r * 0.3, r * 0.45, r * 0.4, cream)
    c.ellipse(cx + r * 0.38, cy + r * 0.3, r * 0.45, r * 0.4, cream)
    c.ellipse(cx, cy + r * 0.45, r * 0.42, r * 0.35, cream)
    for side in (-1, 1):
        c.ellipse(cx + side * r * 0.38, cy - r * 0.45, r * 0.12, r * 0.07, cream)  # maro brows
        c.circle(cx + side * r * 0.38, cy - r * 0.15, r * 0.09, (30, 24, 20))
        c.circle(cx + side * r * 0.36, cy - r * 0.18, r * 0.03, WHITE)
    c.ellipse(cx, cy + r * 0.2, r * 0.14, r * 0.1, (30, 24, 20))
    c.line(cx, cy + r * 0.3, cx, cy + r * 0.45, 1.5, (90, 60, 50))


def _draw_lights(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    bulbs = [(255, 236, 170), (170, 210, 255), (255, 255, 255), (255, 170, 190)]
    if tokens & {"xmas", "tree", "christmas"}:  # indoors
        c.gradient([(0.0, (84, 60, 70)), (1.0, (120, 86, 80))], 0, H * 0.78)
        c.rect(0, H * 0.78, W, H, (150, 106, 76))
        c.rect(W * 0.71, H * 0.18, W * 0.93, H * 0.52, (230, 220, 200))  # a window at night
        c.rect(W * 0.72, H * 0.2, W * 0.92, H * 0.5, (30, 40, 76))
        for _ in range(8):
            c.circle(
                rng.uniform(W * 0.73, W * 0.91),
                rng.uniform(H * 0.22, H * 0.48),
                1.2,
                (255, 250, 220),
            )
        c.rect(W * 0.815, H * 0.2, W * 0.825, H * 0.5, (230, 220, 200))
        c.rect(W * 0.72, H * 0.345, W * 0.92, H * 0.355, (230, 220, 200))
        cx = W * 0.42
        c.rect(cx - 8, H * 0.72, cx + 8, H * 0.84, (110, 70, 40))
        c.rect(cx - 22, H * 0.8, cx + 22, H * 0.92, (190, 60, 60))
        for i, (top, bottom, half) in enumerate(
            ((0.12, 0.4, 0.14), (0.28, 0.58, 0.19), (0.44, 0.76, 0.24))
        ):
            c.polygon(
                [(cx, H * top), (cx + W * half, H * bottom), (cx - W * half, H * bottom)],
                (40, 110 + i * 12, 70),
            )
        for _ in range(26):
            t = rng.uniform(0.2, 0.74)
            half = W * 0.24 * (t - 0.12) / 0.64
            x, y = cx + rng.uniform(-half * 0.85, half * 0.85), H * t
            col = rng.choice([(230, 60, 60), (250, 210, 70), (90, 150, 230), (240, 240, 240)])
            c.circle(x, y, 4, col)
        star = []
        for i in range(10):
            r = 12 if i % 2 == 0 else 5.4
            star.append(
                (cx + r * math.sin(math.pi * i / 5), H * 0.1 - r * math.cos(math.pi * i / 5))
            )
        c.polygon(star, (255, 214, 80))
        return
    c.gradient([(0.0, (8, 12, 36)), (1.0, (30, 36, 80))], 0, H * 0.72)
    c.gradient([(0.0, (40, 40, 60)), (1.0, (70, 66, 80))], H * 0.72, H)
    for i in range(6):  # trees along an avenue, wrapped in lights
        x = W * (0.08 + i * 0.17)
        s = 1.0 - abs(i - 2.5) * 0.08
        c.rect(x - 3, H * 0.55, x + 3, H * 0.76, (30, 24, 30))
        c.ellipse(x, H * 0.42, 34 * s, 46 * s, (20, 30, 40))
        for _ in range(34):
            a, d = rng.uniform(0, 6.3), rng.random() ** 0.5
            bx, by = x + math.cos(a) * 32 * s * d, H * 0.42 + math.sin(a) * 44 * s * d
            col = rng.choice(bulbs[:3])
            c.circle(bx, by, 4, col, 0.18)
            c.circle(bx, by, 1.5, col)
    for _ in range(40):
        x = rng.uniform(0, W)
        c.span(int(rng.uniform(H * 0.78, H)), x, x + rng.uniform(6, 20), rng.choice(bulbs), 0.25)


def _draw_flower(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    c.gradient([(0.0, (120, 150, 110)), (1.0, (70, 100, 70))])
    for _ in range(18):
        x, y, a = rng.uniform(0, W), rng.uniform(0, H), rng.uniform(0, math.pi)
        dx, dy = math.cos(a) * 26, math.sin(a) * 26
        leaf = [(x - dx, y - dy), (x - dy * 0.35, y + dx * 0.35), (x + dx, y + dy)]
        leaf.append((x + dy * 0.35, y - dx * 0.35))
        c.polygon(leaf, rng.choice([(40, 90, 50), (54, 110, 60), (30, 76, 44)]))
    petal, centre = (226, 74, 128), (250, 210, 70)
    for _ in range(6):
        x, y, r = (
            rng.uniform(W * 0.1, W * 0.9),
            rng.uniform(H * 0.15, H * 0.85),
            rng.uniform(14, 24),
        )
        a0 = rng.uniform(0, 6.3)
        for k in range(5):
            a = a0 + k * 2 * math.pi / 5
            c.circle(x + math.cos(a) * r * 0.7, y + math.sin(a) * r * 0.7, r * 0.62, petal)
        c.circle(x, y, r * 0.5, mix(petal, WHITE, 0.3), 0.8)
        for k in range(10):
            a = k * 2 * math.pi / 10
            c.circle(x + math.cos(a) * r * 0.28, y + math.sin(a) * r * 0.28, 2, centre)


def _draw_garden(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    c.gradient([(0.0, (214, 232, 244)), (1.0, (244, 240, 230))], 0, H * 0.6)
    c.rect(0, H * 0.6, W, H, (196, 190, 176))  # the balcony floor
    c.rect(W * 0.1, H * 0.52, W * 0.9, H * 0.9, (190, 100, 64))  # planter
    c.rect(W * 0.1, H * 0.52, W * 0.9, H * 0.57, (160, 80, 50))
    c.rect(W * 0.12, H * 0.5, W * 0.88, H * 0.54, (90, 64, 44))
    x0, y0 = W * 0.24, H * 0.46
    for k in range(6):  # leaves first, the root lies over their base
        a = -math.pi / 2 - 0.9 + k * 0.36
        c.line(x0, y0, x0 + math.cos(a) * 70, y0 + math.sin(a) * 60, 10, (70, 140, 60))
    root = [(x0 - 4, y0 - 14), (x0 + W * 0.5, y0 - 5), (x0 + W * 0.62, y0 + 1)]
    root += [(x0 + W * 0.5, y0 + 11), (x0 - 4, y0 + 16)]
    c.polygon([(x + 2, y + 3) for x, y in root], (150, 120, 100), 0.5)  # its shadow
    c.polygon(root, (252, 251, 246))
    c.polygon(
        [(x0 - 4, y0 - 14), (x0 + 30, y0 - 12), (x0 + 30, y0 + 14), (x0 - 4, y0 + 16)],
        (214, 232, 186),
    )
    for k in range(4):
        xk = x0 + 60 + k * 30
        c.line(xk, y0 - 6, xk + 4, y0 + 8, 1, (210, 200, 186))


def _draw_bird(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    c.gradient([(0.0, (180, 214, 236)), (1.0, (226, 238, 232))])
    for _ in range(10):  # soft out-of-focus leaves
        c.circle(rng.uniform(0, W), rng.uniform(0, H), rng.uniform(16, 40), (150, 190, 150), 0.25)
    c.line(-10, H * 0.8, W + 10, H * 0.6, 10, (110, 80, 56))
    c.line(W * 0.7, H * 0.66, W * 0.85, H * 0.45, 5, (110, 80, 56))
    kinds: dict[str, tuple[RGB, RGB, RGB]] = {
        "kawasemi": ((40, 130, 200), (240, 140, 60), (30, 100, 170)),
        "mejiro": ((150, 178, 70), (236, 232, 204), (130, 160, 60)),
        "suzume": ((150, 104, 64), (236, 226, 210), (120, 70, 40)),
    }
    back, belly, head = next((v for k, v in kinds.items() if k in tokens), kinds["suzume"])
    birds = 3 if "suzume" in tokens else 1
    for i in range(birds):
        bx = W * (0.5 if birds == 1 else 0.25 + i * 0.25)
        by = H * 0.72 - (bx / W) * H * 0.2 - 28
        s = 1.0 if birds == 1 else 0.8
        c.polygon(
            [(bx + 20 * s, by + 4), (bx + 52 * s, by + 20 * s), (bx + 46 * s, by + 28 * s)], head
        )  # tail
        c.ellipse(bx, by, 30 * s, 24 * s, back)
        c.ellipse(bx - 6 * s, by + 8 * s, 20 * s, 15 * s, belly)
        hx, hy = bx - 24 * s, by - 16 * s
        c.circle(hx, hy, 15 * s, head)
        if "kawasemi" in tokens:
            c.ellipse(hx + 2, hy + 6, 9, 4, (240, 140, 60))
            c.polygon([(hx - 10, hy - 2), (hx - 42, hy + 2), (hx - 10, hy + 5)], (30, 30, 36))
        else:
            c.polygon(
                [(hx - 12 * s, hy - 2), (hx - 22 * s, hy + 1), (hx - 12 * s, hy + 4)], (60, 50, 40)
            )
        if "mejiro" in tokens:
            c.circle(hx - 3, hy - 2, 5, WHITE)
        if "suzume" in tokens:
            c.circle(hx + 3, hy + 6, 3.5, (40, 30, 30))
        c.circle(hx - 3, hy - 2, 2.4, (20, 20, 20))


def _draw_books(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    _wood(c, rng)
    y = H * 0.86
    for _ in range(5):
        h = rng.uniform(14, 22)
        w = rng.uniform(W * 0.34, W * 0.46)
        x = W * 0.36 + rng.uniform(-12, 12)
        col = rng.choice(
            [(60, 90, 140), (170, 70, 70), (70, 130, 100), (220, 190, 120), (120, 90, 140)]
        )
        c.rect(x - w / 2, y - h, x + w / 2, y, col)
        c.rect(x + w / 2 - 6, y - h + 3, x + w / 2, y - 3, (246, 240, 226))
        c.rect(x - w / 2 + 10, y - h * 0.6, x - w / 2 + 30, y - h * 0.45, (240, 220, 160), 0.8)
        y -= h
    mx, my = W * 0.78, H * 0.62
    c.rect(mx - 24, my - 30, mx + 24, my + 24, (244, 236, 220))
    c.ellipse(mx + 28, my - 4, 10, 13, (244, 236, 220))
    c.ellipse(mx, my - 30, 24, 6, (110, 70, 40))
    _steam(c, mx, my - 44, rng)


def _draw_abstract(c: Canvas, rng: random.Random, tokens: set[str]) -> None:
    W, H = c.w, c.h
    a = mix((rng.randrange(120, 255), rng.randrange(120, 255), rng.randrange(120, 255)), WHITE, 0.3)
    b = mix((rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200)), a, 0.2)
    c.gradient([(0.0, a), (1.0, b)])
    for i in range(-4, 8):
        x = i * W / 6
        c.polygon([(x, 0), (x + W / 12, 0), (x + W / 12 + H, H), (x + H, H)], WHITE, 0.12)
    for _ in range(5):
        c.circle(rng.uniform(0, W), rng.uniform(0, H), rng.uniform(12, 40), WHITE, 0.3)


Painter = Callable[[Canvas, random.Random, set[str]], None]

# Keywords in an image name → the picture drawn for it (the first word that matches wins).
_MOTIFS: tuple[tuple[frozenset[str], Painter], ...] = (
    (frozenset({"momiji", "koyo", "kouyou", "autumn", "leaves", "ichou", "ginkgo"}), _draw_leaves),
    (frozenset({"fuji", "mountain", "yama"}), _draw_mountain),
    (frozenset({"cat", "neko"}), _draw_cat),
    (frozenset({"dog", "inu", "shiba"}), _draw_dog),
    (
        frozenset(
            {
                "ramen",
                "udon",
                "soba",
                "nabe",
                "curry",
                "soup",
                "bento",
                "karaage",
                "mikan",
                "food",
                "tonjiru",
            }
        ),
        _draw_food,
    ),
    (frozenset({"bread", "pan", "stollen", "cake", "sweets"}), _draw_bread),
    (frozenset({"coffee", "cafe", "tea", "latte", "kissa"}), _draw_cup),
    (frozenset({"illumination", "xmas", "christmas", "tree", "lights"}), _draw_lights),
    (frozenset({"garden", "daikon", "yasai"}), _draw_garden),
    (frozenset({"flower", "hana", "sazanka"}), _draw_flower),
    (frozenset({"bird", "tori", "kawasemi", "mejiro", "suzume"}), _draw_bird),
    (frozenset({"book", "books", "hon"}), _draw_books),
    (
        frozenset(
            {"sky", "sora", "sunset", "yuuyake", "night", "morning", "river", "sea", "camp", "star"}
        ),
        _draw_sky,
    ),
)


def painter_for(tokens: Sequence[str]) -> Painter:
    for token in tokens:
        for words, painter in _MOTIFS:
            if token in words:
                return painter
    return _draw_abstract
