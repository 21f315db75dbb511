"""The application's icon (resources/icons/kizuna.svg) is set by the bootstrap and shown by
every window; and a timeline column's own empty text (``set_empty_text``)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QWidget

from app.bootstrap import app_icon, apply_identity
from app.core.models import Audience
from app.services.timeline import LiveState
from app.ui.timeline_column import TimelineColumn


def drawn_pixels(icon_size: int, image: object) -> int:
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    return sum(
        1
        for x in range(icon_size)
        for y in range(icon_size)
        if QColor(image.pixelColor(x, y)).alpha() > 0
    )


def test_the_app_icon_is_the_kizuna_svg_on_every_window(qapp: QGuiApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = qapp.windowIcon()
    try:
        apply_identity(qapp)
        assert qapp.applicationName() == "Kizuna"
        icon = qapp.windowIcon()
        assert not icon.isNull() and icon.cacheKey() != before.cacheKey()
        # The SVG really renders (Qt's SVG plugin is there): a picture, not a blank square.
        image = icon.pixmap(48, 48).toImage()
        assert (image.width(), image.height()) == (48, 48)
        assert 48 * 48 // 10 < drawn_pixels(48, image)
        assert image.pixelColor(24, 24) == app_icon().pixmap(48, 48).toImage().pixelColor(24, 24)
        # A window without an icon of its own shows the application's.
        window = QWidget()
        qtbot.addWidget(window)
        assert window.windowIcon().cacheKey() == icon.cacheKey()
    finally:
        qapp.setWindowIcon(before)


def test_set_empty_text_outlasts_state_changes_until_cleared(qtbot) -> None:  # type: ignore[no-untyped-def]
    column = TimelineColumn("Friends", audience=Audience.FRIENDS, lang="en")
    qtbot.addWidget(column)
    column.set_empty_text("No account serves the friends side")
    for state in (LiveState.OFFLINE, LiveState.LIVE, LiveState.CONNECTING):
        column.set_state(state)
        assert column.placeholder.text() == "No account serves the friends side"
        assert column.stack.currentWidget() is column.placeholder
    column.set_empty_text("")
    assert column.placeholder.text() == "Loading posts…"
    column.set_state(LiveState.LIVE)
    assert column.placeholder.text() == "No posts yet"
