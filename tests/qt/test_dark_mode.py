"""Light and dark: every word a timeline column paints (cards, links, hashtags, the lock
badge's row, ALT and "+N" badges, avatar initials, the live indicator, the error banner,
placeholders) contrasts with what it is painted on by a WCAG ratio of at least 4.5, in
the light and in the dark palette, and a switch at run time re-derives every colour.

Each word's colour is taken from the painting itself: the column is rendered once into a
paint device that records every text item with its pen, and once into an image, whose
pixels under the item give the ground it really landed on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QPaintDevice,
    QPaintEngine,
    QPaintEngineState,
    QPainterPath,
    QPalette,
    QPixmap,
    QStyleHints,
    QTextItem,
    QTransform,
)
from PySide6.QtWidgets import QApplication, QWidget

from app.core.content import from_misskey_text
from app.core.models import Audience, Author, MediaAttachment, Post
from app.services.timeline import LiveState
from app.ui import theme
from app.ui.color_scheme import apply_color_scheme, dark_palette, is_dark, light_palette
from app.ui.images import ImageCache
from app.ui.timeline_column import TimelineColumn

NOW = datetime.now(UTC)
WIDTH, HEIGHT = 460, 600
MIN_RATIO = 4.5


# -- WCAG 2 contrast, written out here apart from the app's own -------------------------------
def relative_luminance(colour: QColor) -> float:
    def linear(c8: int) -> float:
        c = c8 / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = linear(colour.red()), linear(colour.green()), linear(colour.blue())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def composite(colour: QColor, ground: QColor) -> QColor:
    a = colour.alpha() / 255
    return QColor(
        round(colour.red() * a + ground.red() * (1 - a)),
        round(colour.green() * a + ground.green() * (1 - a)),
        round(colour.blue() * a + ground.blue() * (1 - a)),
    )


def test_the_formula_matches_wcag_reference_values() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#767676"), QColor("white")) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(QColor("#777777"), QColor("white")) < MIN_RATIO


# -- a paint device that records every text item -----------------------------------------------
@dataclass
class TextRun:
    text: str
    colour: QColor
    rect: QRect  # device pixels


class _Recorder(QPaintEngine):
    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.runs: list[TextRun] = []
        self._pen = QColor()
        self._transform = QTransform()

    def begin(self, device: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state: QPaintEngineState) -> None:
        # The state object lives only for this call: copy what is needed.
        flags = state.state()
        if flags & QPaintEngine.DirtyFlag.DirtyPen:
            self._pen = QColor(state.pen().color())
        if flags & QPaintEngine.DirtyFlag.DirtyTransform:
            self._transform = QTransform(state.transform())

    def drawTextItem(self, p: QPointF | QPoint | QPainterPath.Element, item: QTextItem) -> None:
        assert isinstance(p, QPointF)  # what QPainter passes
        text = item.text()
        if not text.strip():
            return
        box = QRectF(p.x(), p.y() - item.ascent(), item.width(), item.ascent() + item.descent())
        rect = self._transform.mapRect(box).toAlignedRect()
        self.runs.append(TextRun(text, QColor(self._pen), rect))

    # Everything else is drawn nowhere (each must exist: the defaults need a real engine).
    def drawPixmap(self, *args: Any) -> None: ...
    def drawImage(self, *args: Any) -> None: ...
    def drawTiledPixmap(self, *args: Any) -> None: ...
    def drawPolygon(self, *args: Any) -> None: ...
    def drawRects(self, *args: Any) -> None: ...
    def drawLines(self, *args: Any) -> None: ...
    def drawPath(self, *args: Any) -> None: ...
    def drawEllipse(self, *args: Any) -> None: ...
    def drawPoints(self, *args: Any) -> None: ...

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User


class RecordingDevice(QPaintDevice):
    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.engine = _Recorder()
        self._size = (width, height)

    def paintEngine(self) -> QPaintEngine:
        return self.engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        m = QPaintDevice.PaintDeviceMetric
        values = {
            m.PdmWidth: self._size[0],
            m.PdmHeight: self._size[1],
            m.PdmWidthMM: self._size[0] * 254 // 960,
            m.PdmHeightMM: self._size[1] * 254 // 960,
            m.PdmDpiX: 96,
            m.PdmDpiY: 96,
            m.PdmPhysicalDpiX: 96,
            m.PdmPhysicalDpiY: 96,
            m.PdmDepth: 32,
            m.PdmDevicePixelRatio: 1,
            m.PdmDevicePixelRatioScaled: int(QPaintDevice.devicePixelRatioFScale()),
        }
        return values.get(metric, 0)


def text_runs(widget: QWidget) -> list[TextRun]:
    device = RecordingDevice(widget.width(), widget.height())
    widget.render(device)
    return device.engine.runs


def picture(widget: QWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("magenta"))  # anything left unpainted would show, and fail
    widget.render(image)
    return image


def ground_under(image: QImage, run: TextRun) -> QColor:
    """The commonest pixel under ``run`` that is not the text's own colour: its ground."""
    pen = composite(run.colour, QColor("white")) if run.colour.alpha() == 255 else None
    counts: Counter[int] = Counter()
    rect = run.rect.intersected(image.rect())
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            rgb = image.pixel(x, y) & 0xFFFFFF
            if pen is not None and rgb == pen.rgb() & 0xFFFFFF:
                continue
            counts[rgb] += 1
    assert counts, f"nothing under {run.text!r} at {run.rect}"
    return QColor(counts.most_common(1)[0][0] | 0xFF000000)


# -- the column under test ---------------------------------------------------------------------
def _png(colour: str, width: int, height: int) -> QPixmap:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    return QPixmap.fromImage(image)


def _post(
    n: int,
    text: str,
    *,
    name: str = "さくら",
    audience: Audience = Audience.PUBLIC,
    media: tuple[MediaAttachment, ...] = (),
    avatar: str | None = None,
) -> Post:
    content = from_misskey_text(text)
    return Post(
        id=f"{n:04d}",
        network="misskey",
        account_key="acct",
        author=Author(
            id=f"user-{n}", username=f"user{n}", handle=f"@user{n}@sora", display_name=name
        ),
        created_at=NOW - timedelta(minutes=5 * n),
        text=content.text,
        html=content.html,
        audience=audience,
        visibility="followers" if audience is Audience.FRIENDS else "public",
        tags=content.tags,
        media=media,
    )


def _posts() -> list[Post]:
    white = MediaAttachment(url="https://img.example/white.png", description="白い紙")
    black = MediaAttachment(url="https://img.example/black.png", description="夜空")
    many = tuple(
        MediaAttachment(url=f"https://img.example/{c}.png", description="")
        for c in ("white", "white", "white", "white", "white")
    )
    names = ["Yuki", "Haru", "Aki", "Natsu", "Mika", "Sora", "Ren", "Kai", "Emi", "Jun"]
    return [
        _post(1, "友だちだけに: 来週の #忘年会 どうする？", audience=Audience.FRIENDS),
        _post(2, "メリークリスマス！ #クリスマス https://example.com/xmas もどうぞ"),
        _post(3, "雪の写真 #冬", media=(white,)),
        _post(4, "夜の写真", media=(black,), avatar="https://img.example/avatar.png"),
        _post(5, "たくさん", media=many, audience=Audience.FRIENDS),
        *(_post(10 + i, f"{name} says hi", name=name) for i, name in enumerate(names)),
    ]


@pytest.fixture
def scheme_reset(qapp: QApplication) -> Iterator[None]:
    yield
    apply_color_scheme(qapp, "system")
    QApplication.processEvents()


def _images() -> ImageCache:
    async def no_fetch(url: str) -> bytes:
        raise AssertionError(url)

    images = ImageCache(no_fetch)
    images.insert("https://img.example/white.png", _png("white", 400, 300))
    images.insert("https://img.example/black.png", _png("black", 400, 300))
    images.insert("https://img.example/avatar.png", _png("#336699", 64, 64))
    return images


def _column(qtbot: Any) -> TimelineColumn:
    col = TimelineColumn("友だちフィード", audience=Audience.FRIENDS, images=_images(), lang="ja")
    qtbot.addWidget(col)
    col.resize(WIDTH, HEIGHT)
    col.set_accounts("@me@nakama")
    col.show_error("接続できません。再試行します。")
    col.set_state(LiveState.RECONNECTING)
    col.model.add_posts(_posts())
    col.model.set_loading(True)  # the footer "Loading older posts…" shows
    col.show()
    qtbot.waitExposed(col)
    col.view.setCurrentIndex(col.model.index(1))  # one selected row: its tinted ground
    # Tall enough for every row: the recorder ignores clipping, so no word may be cut off.
    rows = sum(col.view.visualRect(col.model.index(r)).height() for r in range(len(_posts())))
    col.resize(WIDTH, col.height() - col.view.viewport().height() + rows + 8)
    QApplication.processEvents()
    last = col.view.visualRect(col.model.index(col.model.rowCount() - 1))
    assert last.bottom() < col.view.viewport().height()
    return col


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_word_the_column_paints_contrasts_with_its_ground(
    qtbot: Any, qapp: QApplication, scheme_reset: None, scheme: str
) -> None:
    col = _column(qtbot)
    # Switched after the column exists: the switch itself must re-derive every colour.
    assert apply_color_scheme(qapp, scheme) == scheme
    QApplication.processEvents()
    assert is_dark(col.palette()) == (scheme == "dark")
    assert is_dark(col.view.palette()) == (scheme == "dark")

    runs = text_runs(col)
    image = picture(col)
    painted = "".join(run.text for run in runs)  # a word may come in runs, one per font
    # What the column shows is all there (and so all measured below).
    for expected in (
        "友だちフィード",
        "@me@nakama",
        "再接続中…" if "再接続中…" in painted else "Reconnecting…",
        "ALT",
        "+1",
        "Y",  # an avatar's initial
        "さくら",
        "@user1@sora",
        "接続できません",  # the error banner
        "Loading older posts",  # the footer
        "#クリスマス",
        "example.com",
    ):
        assert expected in painted, (expected, painted)

    failures = []
    for run in runs:
        ground = ground_under(image, run)
        ratio = contrast_ratio(composite(run.colour, ground), ground)
        if ratio < MIN_RATIO:
            colour = run.colour.name(QColor.NameFormat.HexArgb)
            failures.append(f"{run.text!r} {colour} on {ground.name()}: {ratio:.2f}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_lock_badge_and_the_live_dot_stand_out(
    qtbot: Any, qapp: QApplication, scheme_reset: None, scheme: str
) -> None:
    col = _column(qtbot)
    apply_color_scheme(qapp, scheme)
    QApplication.processEvents()
    image = picture(col)
    palette = col.palette()
    base = palette.color(QPalette.ColorRole.Base)
    # The lock on the friends-only post (row 0): sampled pixels in the badge's colour,
    # which stands out from the row as text would (4.5, more than a mark's 3).
    rect = col.view.visualRect(col.model.index(0))
    top_left = col.view.viewport().mapTo(col, rect.topLeft())
    lock = QRect(
        top_left.x() + rect.width() - theme.CARD_PADDING - theme.LOCK_SIZE,
        top_left.y() + theme.CARD_PADDING - 2,
        theme.LOCK_SIZE,
        theme.LOCK_SIZE + 8,
    )
    badge = theme.friends_accent(palette)
    assert contrast_ratio(badge, base) >= MIN_RATIO
    hits = [
        QColor(image.pixel(x, y))
        for x in range(lock.left(), lock.right() + 1)
        for y in range(lock.top(), lock.bottom() + 1)
    ]
    assert sum(contrast_ratio(c, base) >= MIN_RATIO for c in hits) > 10
    # The live dot, against the header it sits on.
    dot = col.live_dot
    centre = dot.mapTo(col, dot.rect().center())
    dot_colour = QColor(image.pixel(centre))
    header = QColor(image.pixel(col.title_label.mapTo(col, col.title_label.rect().topLeft())))
    assert contrast_ratio(dot_colour, header) >= 3.0


def test_a_switch_back_to_light_leaves_nothing_dark_behind(
    qtbot: Any, qapp: QApplication, scheme_reset: None
) -> None:
    col = _column(qtbot)
    light_sheet = col.styleSheet()
    light_link = theme.readable(
        col.view.palette().color(QPalette.ColorRole.Link),
        col.view.palette().color(QPalette.ColorRole.Base),
    )
    apply_color_scheme(qapp, "dark")
    QApplication.processEvents()
    assert col.styleSheet() != light_sheet
    dark_runs = text_runs(col)
    assert apply_color_scheme(qapp, "light") == "light"
    QApplication.processEvents()
    assert not is_dark(col.palette())
    assert col.styleSheet() == light_sheet
    runs = text_runs(col)
    links = [r.colour.name() for r in runs if "example.com" in r.text]
    assert links == [light_link.name()]
    assert {r.colour.name() for r in runs} != {r.colour.name() for r in dark_runs}


def test_the_system_choice_follows_the_platform_and_an_explicit_one_stays(
    qtbot: Any, qapp: QApplication, scheme_reset: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    col = _column(qtbot)
    hints = QGuiApplication.styleHints()
    # The offscreen platform cannot turn dark: what it reports is simulated, and its turn
    # arrives as Qt's own signal.
    platform = {"scheme": Qt.ColorScheme.Light}
    monkeypatch.setattr(QStyleHints, "colorScheme", lambda _self: platform["scheme"])

    def system_turns(scheme: Qt.ColorScheme) -> None:
        platform["scheme"] = scheme
        hints.colorSchemeChanged.emit(scheme)
        QApplication.processEvents()

    assert apply_color_scheme(qapp, "system") == "light"
    system_turns(Qt.ColorScheme.Dark)
    assert is_dark(QApplication.palette())
    assert is_dark(col.view.palette())
    assert col.styleSheet() == theme.column_style(dark_palette())
    system_turns(Qt.ColorScheme.Light)
    assert not is_dark(col.view.palette())

    assert apply_color_scheme(qapp, "dark") == "dark"  # chosen: the platform is ignored
    system_turns(Qt.ColorScheme.Light)
    assert is_dark(col.view.palette())
    assert apply_color_scheme(qapp, "light") == "light"
    system_turns(Qt.ColorScheme.Dark)
    assert not is_dark(col.view.palette())
    assert apply_color_scheme(qapp, "system") == "dark"  # following again
    QApplication.processEvents()  # widgets hear of a new application palette by event
    assert is_dark(col.view.palette())
    assert apply_color_scheme(qapp, "nonsense") == "dark"  # unknown counts as "system"


def test_every_role_of_the_dark_palette_is_readable() -> None:
    palette = dark_palette()
    role = QPalette.ColorRole
    pairs = [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.Text, role.AlternateBase),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.Link, role.Base),
        (role.LinkVisited, role.Base),
        (role.PlaceholderText, role.Base),
        (role.ToolTipText, role.ToolTipBase),
    ]
    for fg, bg in pairs:
        ratio = contrast_ratio(palette.color(fg), palette.color(bg))
        assert ratio >= MIN_RATIO, (fg, bg, ratio)


RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
DECLARATION = re.compile(r"(?:^|;)\s*(color|background)\s*:\s*(#[0-9a-fA-F]{6})")


@pytest.mark.parametrize(
    "style", [theme.column_style, theme.composer_style, theme.window_colour_style]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_a_style_sheet_names_is_readable_on_its_ground(
    style: Callable[[QPalette], str], scheme: str
) -> None:
    palette = dark_palette() if scheme == "dark" else light_palette()
    window = palette.color(QPalette.ColorRole.Window)
    checked = 0
    for selector, body in RULE.findall(style(palette)):
        declared = dict(DECLARATION.findall(body))
        if "color" not in declared:
            continue
        ground = QColor(declared.get("background", window.name()))
        ratio = contrast_ratio(QColor(declared["color"]), ground)
        assert ratio >= MIN_RATIO, (selector.strip(), declared, ratio)
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_composer_lock_reads_on_the_window(
    qtbot: Any, qapp: QApplication, scheme_reset: None, scheme: str
) -> None:
    apply_color_scheme(qapp, scheme)
    icon = theme.LockIcon(28)
    qtbot.addWidget(icon)
    window = icon.palette().color(QPalette.ColorRole.Window)
    image = QImage(28, 28, QImage.Format.Format_ARGB32)
    image.fill(window)
    icon.render(image)
    body = QColor(image.pixel(6, 22))  # the padlock's body, beside its keyhole
    assert contrast_ratio(body, window) >= MIN_RATIO
