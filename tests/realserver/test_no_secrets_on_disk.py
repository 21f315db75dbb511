"""After a full sign-in and a post, no access token is anywhere in the profile folder.

The app runs as it does for a user: its file logging (``app.bootstrap.setup_logging``)
into ``PROFILE/logs``, the sandbox started in ``PROFILE/sandbox`` and signed in to through
the real flows, the profile's SQLite database with the durable outbox, a post to both
circles through the Poster, a timeline read. Then every file under the profile — the
database and its journal files, the logs, anything else — is searched for every token
sign-in returned. ``PROFILE/sandbox`` is left out: it is the *server's* data (the sandbox
stands in for the remote networks, which of course know their tokens); a scan of it is
the check that the search itself finds a token where there is one.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from app.compose import start_or_join_sandbox
from app.core.models import Audience
from app.services.outbox import OutboxService
from app.services.poster import Poster, TargetState
from app.services.session import open_session
from app.store.db import Store
from app.store.outbox import OutboxStore
from tests.realserver.secrets_scan import app_logging, files_holding, record_sandbox_tokens

__all__ = ["app_logging"]  # a fixture, used by name


def test_no_token_in_profile_or_logs_after_sign_in_and_post(
    profile_dir: Path, app_logging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = record_sandbox_tokens(monkeypatch)
    server_side = profile_dir / "sandbox"
    leaks_while_open: list[str] = []

    async def run() -> None:
        found, on_close = await start_or_join_sandbox(server_side, activity=None)
        session = await open_session(store=None, sandbox=found, on_close=on_close)
        store = Store(profile_dir / "kizuna.db")
        try:
            outbox = OutboxService(OutboxStore(store), session.adapters)
            poster = Poster(session.adapters, outbox)
            results = await poster.send(
                {Audience.PUBLIC: "秘密のない投稿 #絆", Audience.FRIENDS: "友だちだけに"}
            )
            assert {r.target.audience for r in results} == {Audience.PUBLIC, Audience.FRIENDS}
            assert all(r.state is TargetState.SENT for r in results), results
            for adapter in session.adapters:
                assert await adapter.timeline(limit=5)
            # The database's journal files exist only while it is open: search them now.
            leaks_while_open.extend(files_holding(profile_dir, tokens, skip=server_side))
        finally:
            store.close()
            await session.aclose()

    asyncio.run(run())
    for handler in logging.getLogger().handlers:
        handler.flush()

    assert len(tokens) == 2 and all(len(t) >= 16 for t in tokens)
    log_text = (app_logging / "kizuna.log").read_text(encoding="utf-8")
    assert "signed in" in log_text  # the app really logged the sign-in to disk
    assert (profile_dir / "kizuna.db").stat().st_size > 0
    assert leaks_while_open == []
    assert files_holding(profile_dir, tokens, skip=server_side) == []
    # The search finds tokens where they are: the sandbox server's own account file.
    assert files_holding(server_side, tokens)
