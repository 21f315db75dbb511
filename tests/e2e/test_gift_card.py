"""Issue 3 through the real window: a Christmas greeting in two registers with a cake card
for two chosen friends, its message and sender typed in the composer, scheduled a few
seconds ahead. It waits in the outbox, then each side gets its own card as an image with
alt text: the public an open card naming nobody, the friends side the card addressed to
those two friends, only for them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from app.core.models import Audience
from app.store.outbox import TargetState
from app.ui.main_window import MainWindow
from tests.helpers import IN_SEASON, run_on_sandbox, sandbox_window, until

pytestmark = pytest.mark.e2e
BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


def notes_seen_by(info, username: str, tag: str) -> list[dict]:  # type: ignore[no-untyped-def]
    body = {"i": info.token("friends", username), "limit": 40}
    notes = httpx.post(f"{info.friends_url}/api/notes/timeline", json=body).json()
    return [n for n in notes if tag in (n.get("text") or "")]


def test_scheduled_christmas_card_for_two_friends(qtbot, qloop, sandbox, profile_dir: Path) -> None:
    window = sandbox_window(qtbot, profile_dir, lang="ja", today=IN_SEASON)
    state: dict[str, object] = {}

    async def scenario(window: MainWindow) -> None:
        await window.wait_loaded()
        composer = window.open_composer()
        composer.set_audiences(BOTH)
        assert composer.choose_occasion("christmas")
        texts = composer.texts()
        assert texts[Audience.PUBLIC] != texts[Audience.FRIENDS]
        assert texts[Audience.PUBLIC].rstrip().splitlines()[-1].startswith("#")
        tag = f"#e2e{datetime.now(UTC):%H%M%S%f}"
        composer.set_texts({a: f"{t}\n{tag}" for a, t in texts.items()})
        state["tag"] = tag[1:]

        picker = composer.gift_picker
        assert picker.select_gift("christmas_cake")
        friends = await picker.load_friends()
        chosen = [f for f in friends if f.username in ("haruka", "takumi")]
        assert len(chosen) == 2
        picker.choose_friends(f.user_id for f in chosen)
        picker.set_message("メリークリスマス！\n今年もありがとう")
        picker.set_sender_name("わたし")
        picker.refresh_now()
        when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=4)
        composer.schedule_at(when)
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        await composer.wait_sent()
        assert set(composer.target_states().values()) == {"scheduled"}

        assert window.outbox is not None
        rows = [r for r in window.outbox.pending() if tag[1:] in r.text]
        assert len(rows) == 2 and all(r.state is TargetState.QUEUED for r in rows)
        assert not notes_seen_by(sandbox, "haruka", tag[1:]), "sent before its time"
        await until(lambda: set(composer.target_states().values()) == {"sent"}, timeout=30)
        assert datetime.now(UTC) >= when

    run_on_sandbox(qloop, window, sandbox, scenario, 90)
    tag = str(state["tag"])
    friend_cards = set()
    for friend in ("haruka", "takumi"):
        [note] = notes_seen_by(sandbox, friend, tag)
        assert note["visibility"] == "specified"
        [card] = note["files"]
        assert card["type"] == "image/png" and "ケーキ" in card["comment"]
        assert card["comment"].startswith("春香さん、拓海さんへの")
        assert card["comment"].endswith("「メリークリスマス！ 今年もありがとう」（わたしより）")
        friend_cards.add(httpx.get(card["url"]).content)
    for outsider in ("mio", "kaito"):
        assert not notes_seen_by(sandbox, outsider, tag)
    headers = {"Authorization": f"Bearer {sandbox.token('public')}"}
    statuses = httpx.get(f"{sandbox.public_url}/api/v1/timelines/public?limit=40").json()
    [status] = [s for s in statuses if tag in s["content"]]
    assert status["visibility"] == "public"
    [picture] = status["media_attachments"]
    # The public card is an open one: no friend's name in its description or its pixels
    # (it is not the friends' card).
    assert "ケーキ" in picture["description"] and "わたしより" in picture["description"]
    assert not any(n in picture["description"] for n in ("春香", "拓海", "haruka", "takumi"))
    assert httpx.get(picture["url"]).content not in friend_cards
    assert httpx.get(f"{sandbox.public_url}/api/v1/statuses/{status['id']}", headers=headers)
