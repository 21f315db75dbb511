"""High-DPI: on a 2× device, avatars and thumbnails are scaled to twice their logical size
in pixels (so a picture's own detail survives), and the gift preview is rendered again
when the window moves to a screen of another pixel ratio.

A picture of one-pixel black and white squares shows the difference: scaled to the
logical size and then stretched ×2 by the painter it turns grey; scaled once to the
device size it keeps its squares.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem

from app.core.models import Audience, Author, MediaAttachment, Post
from app.ui import theme
from app.ui.gift_picker import GiftPicker
from app.ui.images import ImageCache
from app.ui.post_delegate import PostDelegate
from app.ui.timeline_model import TimelineModel

WIDTH = 400
AVATAR = "https://img.example/avatar.png"
PHOTO = "https://img.example/photo.png"


def checkerboard(width: int, height: int) -> QPixmap:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for y in range(height):
        for x in range(width):
            image.setPixel(x, y, 0xFFFFFFFF if (x + y) % 2 else 0xFF000000)
    return QPixmap.fromImage(image)


def crisp_share(image: QImage, rect: QRect) -> float:
    """The share of pixels in ``rect`` (device pixels) that are near black or near white."""
    crisp = total = 0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            grey = QColor(image.pixel(x, y)).lightness()
            crisp += grey < 40 or grey > 215
            total += 1
    return crisp / total


async def no_fetch(url: str) -> bytes:
    raise AssertionError(url)


def paint_row(delegate: PostDelegate, model: TimelineModel, dpr: float) -> QImage:
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, WIDTH, 10)
    index = model.index(0)
    height = delegate.sizeHint(option, index).height()
    option.rect = QRect(0, 0, WIDTH, height)
    image = QImage(int(WIDTH * dpr), int(height * dpr), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def setup(photo_size: tuple[int, int]) -> tuple[PostDelegate, TimelineModel, QRectF]:
    images = ImageCache(no_fetch)
    images.insert(AVATAR, checkerboard(2 * theme.AVATAR_SIZE, 2 * theme.AVATAR_SIZE))
    images.insert(PHOTO, checkerboard(*photo_size))
    delegate = PostDelegate(images, lang="en")
    media = MediaAttachment(url=PHOTO, width=photo_size[0], height=photo_size[1])
    post = Post(
        id="1",
        network="mastodon",
        account_key="acct",
        author=Author(id="u", username="u", handle="@u@sora", display_name="U", avatar_url=AVATAR),
        created_at=datetime.now(UTC),
        text="photo",
        html="photo",
        audience=Audience.PUBLIC,
        visibility="public",
        media=(media,),
    )
    model = TimelineModel()
    model.add_posts([post])
    thumb = delegate.layout_for(post, WIDTH, QFont()).thumbs[0]
    return delegate, model, thumb


def test_avatars_and_thumbnails_are_scaled_to_device_pixels_at_2x(qtbot: Any) -> None:
    # The thumbnail's box is 326 × 180 logical pixels: a 652 × 360 photo fills it at 2×.
    delegate, model, thumb = setup((652, 360))
    assert (thumb.width(), thumb.height()) == (326, 180)
    sharp = paint_row(delegate, model, 2.0)
    centre = theme.CARD_PADDING + theme.AVATAR_SIZE // 2  # logical
    avatar = QRect(2 * centre - 10, 2 * centre - 10, 20, 20)  # device pixels, inside
    assert crisp_share(sharp, avatar) > 0.9
    inner = thumb.adjusted(20, 20, -20, -20)
    photo = QRect(int(inner.left() * 2), int(inner.top() * 2), 60, 60)
    assert crisp_share(sharp, photo) > 0.9


def test_at_1x_the_same_pictures_are_scaled_down_to_logical_pixels(qtbot: Any) -> None:
    # The other side of the test above: at 1× the 2× detail cannot survive, so the
    # measure really tells a device-sized pixmap from a logical one.
    delegate, model, _ = setup((652, 360))
    blurred = paint_row(delegate, model, 1.0)
    centre = theme.CARD_PADDING + theme.AVATAR_SIZE // 2
    assert crisp_share(blurred, QRect(centre - 5, centre - 5, 10, 10)) < 0.5


def test_the_gift_preview_is_rendered_again_on_a_new_pixel_ratio(qtbot: Any) -> None:
    picker = GiftPicker(today=lambda: dt.date(2026, 12, 20))
    qtbot.addWidget(picker)
    picker.set_occasion("christmas")
    assert picker.select_gift(picker.offered()[0].key)
    picker.show()
    qtbot.waitExposed(picker)
    picker.refresh_now()
    with qtbot.waitSignal(picker.previewRendered, timeout=5000):
        QCoreApplication.sendEvent(picker, QEvent(QEvent.Type.DevicePixelRatioChange))
    shown = picker.preview.pixmap()
    assert shown.devicePixelRatio() == picker.devicePixelRatioF()
