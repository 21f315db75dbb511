"""TimelineColumn, PostDelegate and ImageCache: cards paint from cached layouts, links and
thumbnails click through, the reader keeps their place when posts arrive, the live
indicator and the error banner say what is going on, images load once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem, QToolButton

from app.core.models import Audience, Author, MediaAttachment, Post
from app.services.timeline import LiveState
from app.ui import theme
from app.ui.images import ImageCache
from app.ui.post_delegate import PostDelegate
from app.ui.timeline_column import TimelineColumn
from app.ui.timeline_model import TimelineModel

NOW = datetime.now(UTC)


def make_post(
    n: int,
    *,
    html: str | None = None,
    audience: Audience = Audience.PUBLIC,
    media: tuple[MediaAttachment, ...] = (),
    avatar: str | None = None,
) -> Post:
    author = Author(
        id=f"u{n % 3}",
        username="sakura",
        handle="@sakura@sora",
        display_name="さくら",
        avatar_url=avatar,
    )
    text = f"投稿 {n}: 今日はいい天気ですね。散歩に行ってきます。"
    return Post(
        id=f"{n:06d}",
        network="mastodon",
        account_key="acct",
        author=author,
        created_at=NOW - timedelta(minutes=1000 - n),
        text=text,
        html=html if html is not None else text,
        audience=audience,
        visibility="public",
        media=media,
    )


def png_bytes(colour: str, size: int = 32) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


async def no_fetch(url: str) -> bytes:
    raise AssertionError(f"unexpected fetch of {url}")


@pytest.fixture
def column(qtbot) -> TimelineColumn:
    col = TimelineColumn("Public timeline", audience=Audience.PUBLIC, lang="en")
    qtbot.addWidget(col)
    col.resize(420, 500)
    col.show()
    qtbot.waitExposed(col)
    return col


def visible_top(col: TimelineColumn) -> tuple[int, int]:
    """(row of the topmost visible post, its y offset in the viewport)."""
    index = col.view.indexAt(QPoint(5, 1))
    assert index.isValid()
    return index.row(), col.view.visualRect(index).top()


# -- delegate -------------------------------------------------------------------------------
def render(delegate: PostDelegate, model: TimelineModel, row: int, width: int) -> QImage:
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 10)
    index = model.index(row)
    height = delegate.sizeHint(option, index).height()
    option.rect = QRect(0, 0, width, height)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    delegate.paint(painter, option, index)
    painter.end()
    return image


def colour_near(image: QImage, rect: QRect, colour: QColor, tolerance: int = 40) -> bool:
    for x in range(rect.left(), rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - colour.red())
                + abs(c.green() - colour.green())
                + abs(c.blue() - colour.blue())
                < tolerance
            ):
                return True
    return False


def test_delegate_paints_a_lock_only_on_friends_posts(qtbot) -> None:
    model = TimelineModel()
    images = ImageCache(no_fetch)
    images.insert(
        "https://img.example/a.png", QPixmap.fromImage(QImage.fromData(png_bytes("#00c000")))
    )
    delegate = PostDelegate(images, lang="ja")
    media = (MediaAttachment(url="https://img.example/a.png", description="緑の四角"),)
    model.add_posts(
        [
            make_post(2, audience=Audience.FRIENDS),
            make_post(1, media=media, avatar="https://img.example/a.png"),
        ]
    )
    width = 400
    friends = render(delegate, model, 0, width)
    public = render(delegate, model, 1, width)
    lock = QRect(
        width - theme.CARD_PADDING - theme.LOCK_SIZE,
        theme.CARD_PADDING,
        theme.LOCK_SIZE,
        theme.LOCK_SIZE + 8,
    )
    assert colour_near(friends, lock, theme.FRIENDS_ACCENT)
    assert not colour_near(public, lock, theme.FRIENDS_ACCENT)
    # The public post has the image: the loaded green thumbnail (and avatar) are drawn,
    # and its row is taller than the text-only one.
    assert public.height() > friends.height() + 48
    assert colour_near(public, QRect(0, 0, width, public.height()), QColor("#00c000"), 10)
    assert delegate.cached_layouts == 2
    render(delegate, model, 0, width)
    assert delegate.cached_layouts == 2  # painting again reuses the layout
    render(delegate, model, 0, 300)
    assert delegate.cached_layouts == 3  # another width is another layout


def test_layout_cache_is_bounded(qtbot) -> None:
    model = TimelineModel()
    model.add_posts(make_post(n) for n in range(50))
    delegate = PostDelegate(lang="en", layout_cache=10)
    for row in range(50):
        render(delegate, model, row, 300)
    assert delegate.cached_layouts == 10


def test_narrow_column_makes_taller_rows(column: TimelineColumn) -> None:
    column.model.add_posts([make_post(1)])
    option = QStyleOptionViewItem()
    index = column.model.index(0)
    wide = column.delegate.layout_for(column.model.post_at(0), 600, column.view.font()).height
    narrow = column.delegate.layout_for(column.model.post_at(0), 150, column.view.font()).height
    assert narrow > wide
    option.rect = QRect(0, 0, 600, 10)
    assert column.delegate.sizeHint(option, index).height() > 0


def test_a_narrower_column_keeps_the_post_at_the_top(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts(make_post(n) for n in range(200))
    qtbot.waitUntil(lambda: column.view.unmeasured == 0)
    bar = column.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    row, y = visible_top(column)
    reading = column.model.post_at(row).key
    wide = column.view.visualRect(column.model.index(0)).height()
    column.resize(240, 500)  # every card wraps again, taller
    column.grab()
    qtbot.waitUntil(lambda: column.view.unmeasured == 0)
    assert column.view.visualRect(column.model.index(0)).height() > wide
    row, now = visible_top(column)
    assert (column.model.post_at(row).key, now) == (reading, y)


def test_the_keyboard_moves_through_the_posts_in_view(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts(make_post(n) for n in range(60))
    view = column.view

    def current_in_view() -> bool:
        return view.viewport().rect().contains(view.visualRect(view.currentIndex()))

    view.setFocus()
    view.setCurrentIndex(column.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1 and current_in_view()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == 59 and current_in_view()
    assert view.selectionModel().isSelected(view.currentIndex())
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0 and view.verticalScrollBar().value() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.currentIndex().row() > 1 and current_in_view()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.currentIndex().row() == 0
    second = view.visualRect(column.model.index(1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert view.currentIndex().row() == 1
    assert view.selectionModel().selectedRows()[0].row() == 1


def test_screen_readers_are_given_a_list_of_the_posts(column: TimelineColumn) -> None:
    column.model.add_posts(make_post(n) for n in range(3))
    column.grab()
    view = QAccessible.queryAccessibleInterface(column.view)
    assert view.role() == QAccessible.Role.List and view.childCount() == 3
    first = view.child(0)
    assert first.role() == QAccessible.Role.ListItem
    assert "投稿 2" in first.text(QAccessible.Text.Name)  # the newest, with its words
    assert first.rect().size() == column.view.visualRect(column.model.index(0)).size()


# -- links ----------------------------------------------------------------------------------
def body_point(column: TimelineColumn, row: int, dx: int = 4, dy: int = 4) -> QPoint:
    index = column.model.index(row)
    rect = column.view.visualRect(index)
    layout = column.delegate.layout_for(column.model.post_at(row), rect.width(), column.view.font())
    return rect.topLeft() + layout.body_origin.toPoint() + QPoint(dx, dy)


def test_clicking_a_link_or_hashtag_emits_it(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts(
        [
            make_post(2, html='<a href="kizuna-tag:クリスマス">#クリスマス</a> です'),
            make_post(1, html='<a href="https://example.com/x">https://example.com/x</a>'),
        ]
    )
    column.grab()  # lay out and paint once
    viewport = column.view.viewport()
    with qtbot.waitSignal(column.linkActivated, timeout=1000) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=body_point(column, 0))
    assert blocker.args == ["kizuna-tag:クリスマス"]
    with qtbot.waitSignal(column.linkActivated, timeout=1000) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=body_point(column, 1))
    assert blocker.args == ["https://example.com/x"]
    # Plain text is not a link.
    with qtbot.assertNotEmitted(column.linkActivated):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=body_point(column, 0, dx=150))


def test_hovering_a_link_shows_the_hand_cursor(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts([make_post(1, html='<a href="https://example.com/">link</a> text')])
    column.grab()
    viewport = column.view.viewport()
    qtbot.mouseMove(viewport, body_point(column, 0))
    qtbot.waitUntil(lambda: viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor)
    qtbot.mouseMove(viewport, body_point(column, 0, dx=200))
    qtbot.waitUntil(lambda: viewport.cursor().shape() == Qt.CursorShape.ArrowCursor)


def test_clicking_a_thumbnail_opens_the_image(qtbot, column: TimelineColumn) -> None:
    media = (
        MediaAttachment(
            url="https://img.example/full.png", preview_url="https://img.example/small.png"
        ),
    )
    column.model.add_posts([make_post(1, media=media)])
    column.grab()
    rect = column.view.visualRect(column.model.index(0))
    thumb = column.delegate.layout_for(
        column.model.post_at(0), rect.width(), column.view.font()
    ).thumbs[0]
    with qtbot.waitSignal(column.linkActivated, timeout=1000) as blocker:
        qtbot.mouseClick(
            column.view.viewport(),
            Qt.MouseButton.LeftButton,
            pos=rect.topLeft() + thumb.center().toPoint(),
        )
    assert blocker.args == ["https://img.example/full.png"]


# -- keeping the reader's place -------------------------------------------------------------
def test_new_posts_do_not_move_a_reader_who_scrolled_down(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts(make_post(n) for n in range(100, 160))
    bar = column.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    row, offset = visible_top(column)
    reading = column.model.post_at(row).key
    column.model.add_posts([make_post(n) for n in range(160, 165)])  # arrive above
    column.model.add_posts([make_post(165)])
    new_row, new_offset = visible_top(column)
    assert column.model.post_at(new_row).key == reading
    assert new_row == row + 6
    assert new_offset == offset


def test_new_posts_show_at_the_top(qtbot, column: TimelineColumn) -> None:
    column.model.add_posts(make_post(n) for n in range(100, 160))
    assert column.at_top()
    column.model.add_posts([make_post(200)])
    assert column.view.verticalScrollBar().value() == 0
    assert visible_top(column) == (0, 0)
    assert column.model.post_at(0).id == f"{200:06d}"


def test_memory_is_trimmed_only_while_reading_at_the_top(qtbot) -> None:
    col = TimelineColumn("Friends feed", audience=Audience.FRIENDS, lang="en", max_rows=30)
    qtbot.addWidget(col)
    col.resize(400, 400)
    col.show()
    col.model.add_posts(make_post(n) for n in range(100, 140))  # first page: 40 > 30
    assert col.model.rowCount() == 30
    bar = col.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the reader went down to the oldest
    col.model.add_posts([make_post(n) for n in range(140, 150)])
    assert col.model.rowCount() == 40
    bar.setValue(0)
    col.model.add_posts([make_post(150)])
    assert col.model.rowCount() == 30
    assert col.model.post_at(0).id == f"{150:06d}"


# -- header, states, errors ----------------------------------------------------------------
def test_live_indicator_states(column: TimelineColumn) -> None:
    expected = {
        LiveState.LIVE: "Live",
        LiveState.CONNECTING: "Connecting…",
        LiveState.RECONNECTING: "Reconnecting…",
        LiveState.OFFLINE: "Offline",
    }
    for state, text in expected.items():
        column.set_state(state)
        assert column.state is state
        assert column.live_text.text() == text
        assert column.live.accessibleName() == f"Live status: {text}"
        assert theme.LIVE_COLOURS[state.value].name() in column.live_dot.styleSheet()


def test_placeholder_until_posts_arrive(column: TimelineColumn) -> None:
    assert column.stack.currentWidget() is column.placeholder
    assert column.placeholder.text() == "Loading posts…"
    column.set_state(LiveState.LIVE)
    assert column.placeholder.text() == "No posts yet"
    column.model.add_posts([make_post(1)])
    assert column.stack.currentWidget() is column.view


def test_error_banner_and_accounts_line(qtbot, column: TimelineColumn) -> None:
    column.set_accounts("@me@sora")
    assert column.accounts_label.text() == "@me@sora" and column.accounts_label.isVisible()
    assert not column.error_frame.isVisible()
    column.show_error("Rate limited by the server; try again shortly.")
    assert column.error_frame.isVisible()
    assert column.error_label.text() == "Rate limited by the server; try again shortly."
    close = column.findChild(QToolButton, "ColumnErrorClose")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not column.error_frame.isVisible()


def test_loading_footer_follows_older_page_requests(column: TimelineColumn) -> None:
    requested: list[int] = []
    column.model.older_loader = lambda: requested.append(1)
    column.model.add_posts(make_post(n) for n in range(3))  # fewer than a screenful
    # The view may ask by itself (the list does not fill it); asking again changes nothing.
    column.model.fetchMore(QModelIndex())
    column.model.fetchMore(QModelIndex())
    assert requested == [1]
    assert column.footer.isVisible()
    column.model.older_loaded([], exhausted=True)
    assert not column.footer.isVisible()


# -- images ---------------------------------------------------------------------------------
def test_image_cache_fetches_once_and_remembers_failures(qtbot, qloop) -> None:
    fetched: list[str] = []

    async def fetch(url: str) -> bytes:
        fetched.append(url)
        await asyncio.sleep(0)
        if "broken" in url:
            raise OSError("connection refused")
        return png_bytes("#ff0000")

    cache = ImageCache(fetch)
    loaded: list[str] = []
    failed: list[str] = []
    cache.loaded.connect(loaded.append)
    cache.failed.connect(failed.append)

    async def scenario() -> None:
        good, broken = "https://img.example/a.png", "https://img.example/broken.png"
        assert cache.pixmap(good) is None and cache.pixmap(broken) is None
        assert cache.pixmap(good) is None  # already on its way: not fetched twice
        assert cache.pending == {good, broken}
        while cache.pending:
            await asyncio.sleep(0.01)
        pix = cache.pixmap(good)
        assert pix is not None and pix.width() == 32
        assert cache.pixmap(broken) is None and cache.has_failed(broken)
        assert cache.pixmap("file:///etc/passwd") is None  # only http(s)
        assert cache.pixmap("data:image/png;base64,xx") is None

    qloop.run_until_complete(asyncio.wait_for(scenario(), 10))
    assert sorted(fetched) == ["https://img.example/a.png", "https://img.example/broken.png"]
    assert loaded == ["https://img.example/a.png"]
    assert failed == ["https://img.example/broken.png"]


def test_image_cache_is_bounded_by_bytes(qtbot) -> None:
    cache = ImageCache(no_fetch, max_bytes=3 * 32 * 32 * 4)
    pix = QPixmap.fromImage(QImage.fromData(png_bytes("#0000ff")))
    for i in range(5):
        cache.insert(f"https://img.example/{i}.png", pix)
    assert cache.cached_bytes <= 3 * 32 * 32 * 4
    assert cache.pixmap("https://img.example/4.png") is not None
    # The least recently used went first (and is not refetched here: no loop is running).
    assert cache.pixmap("https://img.example/0.png") is None


def test_column_repaints_when_an_avatar_arrives(qtbot, qloop) -> None:
    async def fetch(url: str) -> bytes:
        return png_bytes("#ff00ff", 64)

    images = ImageCache(fetch)
    col = TimelineColumn("Public timeline", audience=Audience.PUBLIC, images=images, lang="en")
    qtbot.addWidget(col)
    col.resize(400, 300)
    col.show()
    qtbot.waitExposed(col)

    async def scenario() -> None:
        col.model.add_posts([make_post(1, avatar="https://img.example/me.png")])
        col.repaint()  # the first paint asks for the avatar
        while images.pending or not images.pixmap("https://img.example/me.png"):
            await asyncio.sleep(0.01)

    qloop.run_until_complete(asyncio.wait_for(scenario(), 10))
    shot = col.view.viewport().grab().toImage()
    avatar = QRect(theme.CARD_PADDING, theme.CARD_PADDING, theme.AVATAR_SIZE, theme.AVATAR_SIZE)
    assert colour_near(shot, avatar, QColor("#ff00ff"), 10)
