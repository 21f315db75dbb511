"""End to end with the friends' server down when the window opens (the sandbox's fault
injection takes it off its port): the window still opens, the public side works, a post to
both circles is sent to the public and waits in the outbox for the friends — and goes out
by itself once their server is back and the account has signed in."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.models import Audience
from app.store.db import Store
from app.ui.main_window import MainWindow
from tests.helpers import until

pytestmark = pytest.mark.e2e
BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


async def admin(sandbox: Any, path: str) -> None:
    async with httpx.AsyncClient(headers=sandbox.admin_headers()) as http:
        (await http.post(f"{sandbox.admin_url}/_sandbox/{path}", json={})).raise_for_status()


async def friends_notes(sandbox: Any, tag: str) -> list[dict[str, Any]]:
    body = {"i": sandbox.token("friends"), "limit": 40}
    async with httpx.AsyncClient() as http:
        reply = await http.post(f"{sandbox.friends_url}/api/notes/timeline", json=body)
    reply.raise_for_status()
    return [n for n in reply.json() if tag in (n.get("text") or "")]


def test_the_friends_side_down_never_blocks_the_public_side_nor_loses_the_post(
    qtbot, qloop, sandbox, profile_dir: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    text = f"片方が落ちていても {tag}"
    window = MainWindow(
        store=Store(profile_dir / "kizuna.db"), lang="en", sandbox_dir=sandbox.data_dir
    )
    qtbot.addWidget(window)
    window.show()

    async def scenario() -> None:
        await admin(sandbox, "down/friends")
        try:
            session = await window.open_session()
            assert [a.handle for a in session.waiting_for_sign_in()] == ["@me@nakama"]
            assert "@me@nakama" in window.statusBar().currentMessage()
            assert "@me@nakama" in window.accounts_label.text()  # listed, not dropped

            composer = window.open_composer()
            composer.set_audiences(BOTH)
            composer.set_text(text)
            composer.send_now()
            await composer.wait_sent()
            states = composer.target_states()
            assert sorted(states.values()) == ["queued", "sent"], states
            assert window.outbox is not None
            (waiting,) = window.outbox.pending()
            assert waiting.audience is Audience.FRIENDS and waiting.error_kind == "offline"

            await admin(sandbox, "up/friends")
            # The friends column reconnects, signs in, and what waited goes out.
            await until(lambda: window.outbox is not None and window.outbox.pending() == [], 60)
            await until(lambda: set(composer.target_states().values()) == {"sent"}, 10)
            assert len(await friends_notes(sandbox, tag)) == 1
            assert session.waiting_for_sign_in() == []
        finally:
            await admin(sandbox, "up/friends")
            await window.close_session()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 120))
