"""Paints one post as a card: avatar, name, handle, relative time, rich text body,
thumbnails with alt text, and a lock badge on friends-only posts; on the hovered row the
action buttons (:mod:`app.ui.post_buttons`, ``actionTriggered``), and on a gift card
addressed to the user the ribbon that ``ribbon_for`` names.

Every colour comes from the view's palette (text, links, placeholder, highlight) or is
derived from it (:func:`app.ui.theme.readable`), so a card reads the same in light and in
dark; pictures are scaled once at the device pixel ratio of what they are painted on.

Everything that costs time is cached: the body's QTextDocument layout per (post, width)
in a bounded LRU, with the header line laid out beside it (static texts, elided once per
time text), row heights per (post, width) in a larger one, the fonts and metrics per font,
the header colours per palette and ground, scaled avatars, initial avatars and
thumbnails, and relative-time strings (refreshed by the column once a minute). Painting
draws from those caches; the view only asks for the visible rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from app.core.models import Audience, Post
from app.i18n.formatting import relative_time
from app.ui import theme
from app.ui.images import ImageCache
from app.ui.post_buttons import button_rects, label, paint_buttons, paint_ribbon, ribbon_rect
from app.ui.post_layout import (
    LRU,
    CardLayout,
    Colours,
    Fonts,
    Header,
    circle,
    content_left,
    cover,
    initial_avatar,
    paint_alt_badge,
    paint_background,
    paint_more,
    thumb_rects,
)
from app.ui.timeline_model import Roles

translate = QCoreApplication.translate  # the name lupdate recognises

Index = QModelIndex | QPersistentModelIndex


class PostDelegate(QStyledItemDelegate):
    linkActivated = Signal(str)
    actionTriggered = Signal(str, object)  # an action key of app.ui.post_buttons, the Post

    def __init__(
        self,
        images: ImageCache | None = None,
        parent: QObject | None = None,
        *,
        lang: str = "en",
        layout_cache: int = 400,
        height_cache: int = 20000,
    ) -> None:
        super().__init__(parent)
        self.images = images
        self.lang = lang
        self._layouts: LRU[tuple[Any, ...], CardLayout] = LRU(layout_cache)
        self._measured: LRU[tuple[Any, ...], CardLayout] = LRU(32)  # not painted yet
        self._heights: LRU[tuple[Any, ...], int] = LRU(height_cache)
        self._times: dict[tuple[str, str], str] = {}
        self._avatars: LRU[tuple[str, int, float], QPixmap] = LRU(300)
        self._thumbs: LRU[tuple[str, int, int, float], QPixmap] = LRU(120)
        self._initials: LRU[tuple[str, str, int, float], QPixmap] = LRU(300)
        self._colours: dict[tuple[int, int], Colours] = {}  # by (palette, ground)
        self._font = QFont()
        self._fonts = Fonts(self._font)
        self._font_set = False
        self._palette_key = -1
        self._link = QColor(0, 0, 255)  # the link colour baked into the cached layouts
        self._pressed: str | None = None
        self._hover_anchor = False
        self._view: QAbstractItemView | None = None
        # The ribbon a post shows (a gift for the user), or None: set by app.ui.post_actions.
        self.ribbon_for: Callable[[Post], str | None] | None = None

    # -- caches --------------------------------------------------------------------------
    def clear_caches(self) -> None:
        self._layouts.clear()
        self._measured.clear()
        self._heights.clear()
        self._times.clear()
        self._initials.clear()

    def refresh_times(self) -> None:
        """Forget relative-time strings ("3分前" becomes "4分前"); the column calls this."""
        self._times.clear()

    @property
    def cached_layouts(self) -> int:
        return len(self._layouts)

    def _check_font(self, font: QFont) -> None:
        # Every cached layout depends on the font; a new application font starts afresh.
        if not self._font_set or font != self._font:
            self._font = QFont(font)
            self._fonts = Fonts(font)
            self._font_set = True
            self.clear_caches()

    def _check_palette(self, palette: QPalette) -> None:
        # A document keeps the link colour it was laid out with: a new palette (light ↔
        # dark) lays the text out again. Heights do not change. (Once per palette.)
        key = palette.cacheKey()
        if key == self._palette_key:
            return
        self._palette_key = key
        link = theme.readable(palette.color(QPalette.ColorRole.Link), _ground(palette))
        if link != self._link:
            self._link = link
            self._layouts.clear()
            self._measured.clear()

    def layout_for(self, post: Post, width: int, font: QFont) -> CardLayout:
        """The card's layout for painting and hit testing (kept among the painted ones)."""
        self._check_font(font)
        cache_key = (post.key, width)
        layout = self._layouts.get_fresh(cache_key)
        if layout is None:
            layout = self._measured.pop(cache_key, None) or self._build_layout(post, width, font)
            self._layouts.put(cache_key, layout)
            self._heights.put(cache_key, layout.height)
        return layout

    def _build_layout(self, post: Post, width: int, font: QFont) -> CardLayout:
        pad = theme.CARD_PADDING
        left = content_left()
        content_width = max(60, width - left - pad)
        header_height = self._fonts.bold_metrics.height()
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        doc.setUndoRedoEnabled(False)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        # Links read as links without underlining every hashtag.
        doc.setDefaultStyleSheet(f"a {{ color: {self._link.name()}; text-decoration: none; }}")
        if post.html:
            doc.setHtml(post.html)
        else:
            doc.setPlainText(post.text)
        doc.setTextWidth(content_width)
        body_top = pad + header_height + theme.HEADER_GAP
        ribbon_text = self.ribbon_for(post) if self.ribbon_for is not None else None
        ribbon = None
        if ribbon_text:
            ribbon = ribbon_rect(ribbon_text, font, left, body_top)
            body_top += math.ceil(ribbon.height()) + theme.HEADER_GAP
        bottom = body_top + math.ceil(doc.size().height())
        thumbs = thumb_rects(post.media, left, bottom + theme.THUMB_GAP, content_width)
        if thumbs:
            bottom = math.ceil(max(r.bottom() for r in thumbs))
        lock = None
        if post.audience is Audience.FRIENDS:
            size = theme.LOCK_SIZE
            lock = QRectF(width - pad - size, pad + (header_height - size) / 2, size, size)
        height = max(pad + theme.AVATAR_SIZE, bottom) + pad
        origin = QPointF(left, body_top)
        layout = CardLayout(
            doc, width, height, header_height, origin, thumbs, lock, ribbon, ribbon_text or ""
        )
        self._header_for(post, layout)  # laid out with the rest (rows are measured first)
        return layout

    def _header_for(self, post: Post, layout: CardLayout) -> Header:
        """The header line, laid out again only when the time text changed."""
        time_text = self._time_text(post)
        header = layout.header
        if header is None or header.time_text != time_text:
            left = content_left()
            right = layout.width - theme.CARD_PADDING
            if layout.lock is not None:
                right = math.floor(layout.lock.left()) - 6
            line = QRect(left, theme.CARD_PADDING, max(0, right - left), layout.header_height)
            name = post.author.display_name or post.author.username
            header = Header(time_text, name, post.author.handle, self._fonts, line)
            layout.header = header
        return header

    def _time_text(self, post: Post) -> str:
        text = self._times.get(post.key)
        if text is None:
            text = relative_time(post.created_at, datetime.now(UTC), self.lang)
            self._times[post.key] = text
        return text

    # -- geometry ------------------------------------------------------------------------
    @staticmethod
    def _width(option: QStyleOptionViewItem) -> int:
        widget = option.widget
        if isinstance(widget, QAbstractItemView):
            return widget.viewport().width()
        return option.rect.width()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # Called for every row on every relayout of the list: keep it to dictionary lookups.
        post = index.data(Roles.PostRole)
        if not isinstance(post, Post):
            return super().sizeHint(option, index)
        width = self._width(option)
        font: QFont = option.font
        self._check_font(font)
        self._check_palette(option.palette)
        cache_key = (post.key, width)
        height = self._heights.get(cache_key)
        if height is None:
            # Laid out only to be measured (rows out of view, measured while idle): kept
            # where there is room and among the few measured last, so that measuring
            # thousands never pushes out the layouts of the rows on screen.
            layout = self._build_layout(post, width, font)
            self._layouts.put_cold(cache_key, layout)
            self._measured.put(cache_key, layout)
            self._heights.put(cache_key, layout.height)
            height = layout.height
        return QSize(width, height)

    # -- painting ------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        post = index.data(Roles.PostRole)
        if not isinstance(post, Post):
            super().paint(painter, option, index)
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        state = option.state
        self._check_palette(palette)
        layout = self.layout_for(post, rect.width(), font)
        painter.save()
        ground = paint_background(painter, rect, palette, state)  # crisp, not antialiased
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.translate(rect.topLeft())
        self._paint_avatar(painter, post)
        self._paint_header(painter, post, layout, palette, ground)
        painter.save()
        painter.translate(layout.body_origin)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = palette
        layout.doc.documentLayout().draw(painter, context)
        painter.restore()
        self._paint_thumbs(painter, post, layout, palette)
        if layout.ribbon is not None:
            paint_ribbon(painter, layout.ribbon_text, layout.ribbon)
        if state & QStyle.StateFlag.State_MouseOver:
            paint_buttons(painter, post, rect.width(), rect.height(), palette)
        painter.restore()

    def _paint_avatar(self, painter: QPainter, post: Post) -> None:
        size = theme.AVATAR_SIZE
        target = QRectF(theme.CARD_PADDING, theme.CARD_PADDING, size, size)
        url = post.author.avatar_url
        source = self.images.pixmap(url) if self.images is not None and url else None
        if source is not None and url:
            dpr = painter.device().devicePixelRatioF()
            round_pix = self._avatars.get_fresh((url, size, dpr))
            if round_pix is None:
                round_pix = circle(source, size, dpr)
                self._avatars.put((url, size, dpr), round_pix)
            painter.drawPixmap(target.topLeft(), round_pix)
            return
        seed = post.author.id or post.author.handle
        name = post.author.display_name or post.author.username or "?"
        letter = name.strip()[:1].upper() or "?"
        dpr = painter.device().devicePixelRatioF()
        key = (seed, letter, size, dpr)
        initial = self._initials.get_fresh(key)
        if initial is None:
            initial = initial_avatar(seed, letter, size, dpr, self._font)
            self._initials.put(key, initial)
        painter.drawPixmap(target.topLeft(), initial)

    def _colours_for(self, palette: QPalette, ground: QColor) -> Colours:
        key = (palette.cacheKey(), ground.rgba())
        colours = self._colours.get(key)
        if colours is None:
            if len(self._colours) > 32:  # palettes come and go (light ↔ dark): a few kept
                self._colours.clear()
            colours = self._colours[key] = Colours(palette, ground)
        return colours

    def _paint_header(
        self, painter: QPainter, post: Post, layout: CardLayout, palette: QPalette, ground: QColor
    ) -> None:
        colours = self._colours_for(palette, ground)
        if layout.lock is not None:
            theme.draw_lock(painter, layout.lock, colours.friends)
        self._header_for(post, layout).paint(painter, self._fonts, colours)

    def _paint_thumbs(
        self, painter: QPainter, post: Post, layout: CardLayout, palette: QPalette
    ) -> None:
        hidden = len(post.media) - len(layout.thumbs)
        dpr = painter.device().devicePixelRatioF()
        for i, (media, rect) in enumerate(zip(post.media, layout.thumbs, strict=False)):
            path = QPainterPath()
            path.addRoundedRect(rect, theme.THUMB_RADIUS, theme.THUMB_RADIUS)
            url = media.preview_url or media.url
            source = self.images.pixmap(url) if self.images is not None else None
            painter.save()
            painter.setClipPath(path)
            if source is not None:
                key = (url, int(rect.width()), int(rect.height()), dpr)
                scaled = self._thumbs.get_fresh(key)
                if scaled is None:
                    scaled = cover(source, rect.size().toSize(), dpr)
                    self._thumbs.put(key, scaled)
                painter.drawPixmap(rect.topLeft(), scaled)
            else:
                placeholder = QColor(palette.color(QPalette.ColorRole.Text))
                placeholder.setAlpha(22)
                painter.fillRect(rect, placeholder)
            if hidden > 0 and i == len(layout.thumbs) - 1:
                paint_more(painter, rect, hidden)
            painter.restore()
            if media.description:
                paint_alt_badge(painter, rect)

    # -- hit testing ---------------------------------------------------------------------
    def hit(self, post: Post, rect: QRect, font: QFont, pos: QPointF) -> tuple[str, str] | None:
        """What is under ``pos`` (view coordinates): ("action", key) for a hover button or
        the gift ribbon, ("link", href), ("image", index), ("lock", "") or None."""
        layout = self.layout_for(post, rect.width(), font)
        local = pos - QPointF(rect.topLeft())
        for key, button in button_rects(post, rect.width(), rect.height()):
            if button.contains(local):
                return ("action", key)
        if layout.ribbon is not None and layout.ribbon.contains(local):
            return ("action", "return_gift")
        if layout.lock is not None and layout.lock.adjusted(-3, -3, 3, 3).contains(local):
            return ("lock", "")
        for i, thumb in enumerate(layout.thumbs):
            if thumb.contains(local):
                return ("image", str(i))
        body = local - layout.body_origin
        size = layout.doc.size()
        if 0 <= body.x() <= size.width() and 0 <= body.y() <= size.height():
            anchor = layout.doc.documentLayout().anchorAt(body)
            if anchor:
                return ("link", anchor)
        return None

    def _target_url(self, post: Post, what: tuple[str, str] | None) -> str | None:
        if what is None:
            return None
        kind, value = what
        if kind == "link":
            return value
        if kind == "image":
            return post.media[int(value)].url
        return None

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        post = index.data(Roles.PostRole)
        if not isinstance(post, Post) or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        rect: QRect = option.rect
        font: QFont = option.font
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self._set_cursor(option.widget, self.hit(post, rect, font, event.position()))
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return super().editorEvent(event, model, option, index)
        what = self.hit(post, rect, font, event.position())
        if what is not None and what[0] == "action":
            return self._action_click(kind, what[1], post)
        url = self._target_url(post, what)
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = url
            return url is not None
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if url is not None and url == pressed:
                self.linkActivated.emit(url)
                return True
        return super().editorEvent(event, model, option, index)

    def _action_click(self, kind: QEvent.Type, key: str, post: Post) -> bool:
        """A hover button (or the ribbon) pressed and released: ``actionTriggered``."""
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = f"action:{key}"
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if pressed == f"action:{key}":
                self.actionTriggered.emit(key, post)
            return True
        return False

    def _set_cursor(self, widget: QWidget | None, what: tuple[str, str] | None) -> None:
        over = what is not None and what[0] in ("link", "image", "action")
        if widget is None or over == self._hover_anchor:
            return
        self._hover_anchor = over
        target = widget.viewport() if isinstance(widget, QAbstractItemView) else widget
        if over:
            target.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            target.unsetCursor()

    def watch(self, view: QAbstractItemView) -> None:
        """Track the mouse over ``view`` so hovering a link shows the hand cursor (the view
        only passes presses and releases to ``editorEvent``)."""
        view.setMouseTracking(True)
        view.viewport().installEventFilter(self)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self._view
        if view is not None and watched is view.viewport():
            if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                index = view.indexAt(event.position().toPoint())
                post = index.data(Roles.PostRole) if index.isValid() else None
                what = None
                if isinstance(post, Post):
                    what = self.hit(post, view.visualRect(index), view.font(), event.position())
                self._set_cursor(view, what)
            elif event.type() == QEvent.Type.Leave:
                self._set_cursor(view, None)
        return False

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        post = index.data(Roles.PostRole)
        if event is None or not isinstance(post, Post) or event.type() != QEvent.Type.ToolTip:
            return super().helpEvent(event, view, option, index)
        what = self.hit(post, option.rect, option.font, QPointF(event.pos()))
        text = None
        if what is not None:
            kind, value = what
            if kind == "lock":
                #: Tooltip of the lock on a post shared with friends only.
                text = translate("PostDelegate", "Friends only")
            elif kind == "image":
                text = post.media[int(value)].description or translate(
                    "PostDelegate", "No description (alt text) for this image"
                )
            elif kind == "link":
                text = value
            elif kind == "action":
                text = label(value)
        if text is None:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), text, view)
        return True


def _ground(palette: QPalette) -> QColor:
    """What a row is painted on: the view's base colour."""
    return palette.color(QPalette.ColorRole.Base)
