"""End to end: the timeline cache across restarts of the real main window, with the
embedded sandbox on free ports.

- Both columns are filled from the sandbox, the window is closed and the sandbox stopped;
  the next window shows both columns from the cache at once and, with no server to
  reach, says it is offline — not empty, not connecting.
- The reader's place (the post at the top of the view, and how far past its top) comes
  back at the next start.
- When more posts arrived while the app was closed than the first page holds, a gap row
  stands between the new page and the cached posts; scrolling to it (or clicking it,
  after a try that failed) loads the missing posts from the server until they join up.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from app.core.errors import ErrorKind, NetworkError
from app.core.models import Audience
from app.sandbox.runner import SandboxThread
from app.services.session import SANDBOX_ACCOUNTS_FILE, Session, open_sandbox_session
from app.services.timeline import LiveState
from app.store.db import Store
from app.ui.main_window import MainWindow
from app.ui.timeline_column import TimelineColumn
from app.ui.timeline_model import TimelineModel
from tests.helpers import mastodon_get, post_by_friend, until

pytestmark = pytest.mark.e2e


def ids(model: TimelineModel) -> list[tuple[str, str]]:
    return [p.key for p in model.posts()]


def make_window(qtbot: Any, path: Path, sandbox_dir: Path, height: int = 800) -> MainWindow:
    window = MainWindow(store=Store(path), lang="en", sandbox_dir=sandbox_dir)
    qtbot.addWidget(window)
    window.resize(1200, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def visible_top(column: TimelineColumn) -> tuple[tuple[str, str], int]:
    index = column.view.indexAt(QPoint(5, 1))
    return column.model.post_at(index.row()).key, column.view.visualRect(index).top()


def test_a_restart_shows_both_columns_from_the_cache_offline(
    qtbot, qloop, tmp_path: Path, profile_dir: Path
) -> None:
    db = profile_dir / "kizuna.db"
    thread = SandboxThread(tmp_path / "sandbox", public_port=0, friends_port=0, activity=False)
    info = thread.start()
    shown: dict[Audience, list[tuple[str, str]]] = {}
    try:
        first = make_window(qtbot, db, info.data_dir)

        async def fill() -> None:
            await first.open_session()
            await first.wait_loaded()
            for audience in Audience:
                shown[audience] = ids(first.column(audience).model)
            await first.close_session()

        qloop.run_until_complete(asyncio.wait_for(fill(), 60))
        close(first)
    finally:
        thread.stop()
    # Gone, and its accounts file with it: nothing to sign in to.
    (info.data_dir / SANDBOX_ACCOUNTS_FILE).unlink(missing_ok=True)
    assert shown[Audience.PUBLIC] and shown[Audience.FRIENDS]

    again = make_window(qtbot, db, info.data_dir)
    # Painted from the cache before any session or network call.
    for audience in Audience:
        column = again.column(audience)
        assert ids(column.model) == shown[audience]
        assert column.stack.currentWidget() is column.view

    async def start() -> None:
        try:
            await again.open_session()
        except Exception as exc:  # what the bootstrap does when opening fails
            again.show_fatal(exc)

    try:
        qloop.run_until_complete(asyncio.wait_for(start(), 60))
        assert again.session is None
        for audience in Audience:
            column = again.column(audience)
            assert ids(column.model) == shown[audience]  # not empty
            assert column.stack.currentWidget() is column.view
            assert column.state is LiveState.OFFLINE  # not connecting
            assert column.live_text.text() == "Offline — showing saved posts"
    finally:
        qloop.run_until_complete(again.close_session())
        close(again)


def close(window: MainWindow) -> None:
    """Close the window, then its database (the window reads it while closing)."""
    window.close()
    window.store.close()


def test_the_reading_position_comes_back_after_a_restart(
    qtbot, qloop, sandbox, profile_dir: Path
) -> None:
    db = profile_dir / "kizuna.db"
    first = make_window(qtbot, db, sandbox.data_dir)
    column = first.column(Audience.PUBLIC)
    place: list[tuple[tuple[str, str], int]] = []

    async def read_down() -> None:
        await first.open_session()
        await first.wait_loaded()
        bar = column.view.verticalScrollBar()
        assert bar.maximum() > 300
        bar.setValue(bar.maximum() // 2 + 17)  # mid-post, not on a row's edge
        place.append(visible_top(column))
        # As the app quits: the window goes, then its session (which keeps the place).
        first.hide()
        await first.close_session()

    qloop.run_until_complete(asyncio.wait_for(read_down(), 60))
    close(first)

    again = make_window(qtbot, db, sandbox.data_dir)
    restored = again.column(Audience.PUBLIC)
    qtbot.waitUntil(lambda: restored.view.verticalScrollBar().value() > 0)
    assert visible_top(restored) == place[0]
    assert not restored.at_top()

    async def reconnect() -> None:
        await again.open_session()
        await again.wait_loaded()

    try:
        qloop.run_until_complete(asyncio.wait_for(reconnect(), 60))
        assert visible_top(restored) == place[0]  # the first page did not move it
    finally:
        qloop.run_until_complete(again.close_session())
        close(again)


def gap_rect(column: TimelineColumn) -> tuple[int, Any]:
    (above,) = column.model.gaps()
    row = column.model.gap_row(above)
    assert row is not None
    return row, column.view.visualRect(column.model.index(row))


def test_a_gap_row_loads_the_posts_missed_while_closed(
    qtbot, qloop, sandbox, profile_dir: Path
) -> None:
    db = profile_dir / "kizuna.db"
    tag = uuid.uuid4().hex[:8]
    first = make_window(qtbot, db, sandbox.data_dir)

    async def fill() -> list[tuple[str, str]]:
        session = await open_sandbox_session(sandbox.data_dir, store=first.store)
        session.feeds[Audience.PUBLIC].page_size = 5
        first.attach_session(session)
        await first.wait_loaded()
        cached = ids(first.column(Audience.PUBLIC).model)
        await first.detach_session()
        await session.aclose()
        for n in range(12):  # more than two pages arrive while the app is closed
            await post_by_friend(sandbox, "public", f"留守中の投稿 {n} {tag}")
        return cached

    cached = qloop.run_until_complete(asyncio.wait_for(fill(), 60))
    close(first)
    assert len(cached) >= 5  # the first page (and maybe the next, to fill the view)

    again = make_window(qtbot, db, sandbox.data_dir, height=420)
    column = again.column(Audience.PUBLIC)
    model = column.model

    sessions: list[Session] = []

    async def scenario() -> None:
        session = await open_sandbox_session(sandbox.data_dir, store=again.store)
        sessions.append(session)
        session.feeds[Audience.PUBLIC].page_size = 5
        again.attach_session(session)
        await again.wait_loaded()
        # The newest page (five of the twelve), a gap, then what was cached.
        assert [p.text.split()[1] for p in model.posts()[:5]] == ["11", "10", "9", "8", "7"]
        assert model.posts()[5:] == [p for p in model.posts() if p.key in set(cached)]
        row, rect = gap_rect(column)
        assert row == 5 and not column.view.viewport().rect().intersects(rect)
        assert model.gaps() and not column.model._gaps_loading  # not in view: waits
        # Scrolled to while the network fails: it tries, says so, and stays.
        feed = session.feeds[Audience.PUBLIC]
        real_gap_page = feed.gap_page

        async def offline_once(account_key: str, older_than: str) -> Any:
            feed.gap_page = real_gap_page  # type: ignore[method-assign]
            raise NetworkError(ErrorKind.OFFLINE, "unreachable")

        feed.gap_page = offline_once  # type: ignore[method-assign]
        column.view.scrollTo(model.index(row))
        await until(lambda: column.error_frame.isVisibleTo(again), 30)
        assert feed.gap_page == real_gap_page  # it was tried
        assert not model._gaps_loading and gap_rect(column)[0] == 5
        # Clicked: the next five come, the gap moves beneath them; then it closes.
        row, rect = gap_rect(column)
        qtbot.mouseClick(column.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: len(model.posts()) >= 10 + len(cached), 30)
        # Scrolled to where it moved: the rest comes, and it closes.
        column.view.scrollTo(model.index(gap_rect(column)[0]))
        await until(lambda: not model.gaps(), 30)

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 90))
        server = [s["id"] for s in await_home(qloop, sandbox)]
        shown = [p.id for p in model.posts()]
        assert shown == server[: len(shown)]  # every post, in the server's order
        assert sum(tag in p.text for p in model.posts()) == 12
    finally:
        qloop.run_until_complete(again.detach_session())
        for session in sessions:  # attached, not owned by the window
            qloop.run_until_complete(session.aclose())
        close(again)


def await_home(qloop: Any, sandbox: Any) -> list[dict[str, Any]]:
    home: list[dict[str, Any]] = qloop.run_until_complete(
        mastodon_get(sandbox, "/api/v1/timelines/home")
    )
    return home
