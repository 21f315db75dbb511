"""End to end: the friends' server is down when the window opens (the sandbox's fault
endpoint takes it off its port), so the friends column's first page fails. Once the server
is back and the account signs in, the column loads the first page it missed — not only the
posts that arrive live afterwards (the sandbox's background activity is off here, so
nothing arrives live: every row is from that page)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.models import Audience
from app.store.db import Store
from app.ui.main_window import MainWindow
from tests.e2e.test_one_side_down import admin
from tests.helpers import until

pytestmark = pytest.mark.e2e


async def friends_timeline(sandbox: Any) -> list[dict[str, Any]]:
    body = {"i": sandbox.token("friends"), "limit": 20}
    async with httpx.AsyncClient() as http:
        reply = await http.post(f"{sandbox.friends_url}/api/notes/timeline", json=body)
    reply.raise_for_status()
    notes: list[dict[str, Any]] = reply.json()
    return notes


def test_a_column_whose_account_signs_in_late_loads_its_first_page(
    qtbot, qloop, sandbox, profile_dir: Path
) -> None:
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", sandbox_dir=sandbox.data_dir
    )
    qtbot.addWidget(window)
    window.show()
    friends = window.column(Audience.FRIENDS)
    public = window.column(Audience.PUBLIC)

    async def scenario() -> None:
        await admin(sandbox, "down/friends")
        try:
            session = await window.open_session()
            await window.sessions.wait_loaded()
            assert [a.handle for a in session.waiting_for_sign_in()] == ["@me@nakama"]
            assert friends.model.rowCount() == 0
            assert friends.error_frame.isVisibleTo(window)  # the first page failed, said so
            shown_public = public.model.rowCount()
            assert shown_public > 0

            await admin(sandbox, "up/friends")
            expected = await friends_timeline(sandbox)
            assert len(expected) > 1
            # The column reconnects, the account signs in, the missed page comes in.
            await until(lambda: friends.model.rowCount() >= len(expected), 60)
            assert session.waiting_for_sign_in() == []
            assert not friends.error_frame.isVisibleTo(window)
            assert public.model.rowCount() == shown_public  # the other column untouched
        finally:
            await admin(sandbox, "up/friends")
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 120))
