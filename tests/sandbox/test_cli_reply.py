"""``python -m app reply POST_URL TEXT`` as a subprocess against a sandbox in its own
process: the reply threads on the server through the outbox and keeps its parent's
audience (outsiders cannot read a reply to a friends-only note); a post that cannot be
found and a text that does not fit both exit 2 with a clear message and send nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.sandbox.test_cli import RunningSandbox, kizuna, running_sandbox

__all__ = ["running_sandbox"]  # the fixture, shared with test_cli


def token(sandbox: RunningSandbox, side: str, username: str) -> str:
    members = sandbox.accounts[side]["accounts"]
    return str(next(a["token"] for a in members if a["username"] == username))


def note_as(sandbox: RunningSandbox, username: str, text: str, visibility: str) -> str:
    r = httpx.post(
        f"{sandbox.friends_url}/api/notes/create",
        json={"i": token(sandbox, "friends", username), "text": text, "visibility": visibility},
    )
    r.raise_for_status()
    return str(r.json()["createdNote"]["id"])


def show_as(sandbox: RunningSandbox, username: str | None, note_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"noteId": note_id}
    if username is not None:
        body["i"] = token(sandbox, "friends", username)
    return dict(httpx.post(f"{sandbox.friends_url}/api/notes/show", json=body).json())


def test_reply_to_a_friends_note_threads_and_stays_friends_only(
    running_sandbox: RunningSandbox,
) -> None:
    parent_id = note_as(running_sandbox, "haruka", "忘年会どこにする？", "followers")
    url = f"{running_sandbox.friends_url}/notes/{parent_id}"
    tag = uuid.uuid4().hex[:8]
    done = kizuna(running_sandbox.profile, "reply", url, f"駅前がいいな {tag}")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.split()[:3] == ["sent", "friends", "@me@nakama"]
    reply_id = line.split()[3].rsplit("/", 1)[-1]
    as_friend = show_as(running_sandbox, "takumi", reply_id)
    assert (as_friend["replyId"], as_friend["visibility"]) == (parent_id, "followers")
    assert tag in as_friend["text"]
    for outsider in ("kaito", None):
        assert show_as(running_sandbox, outsider, reply_id)["text"] is None, outsider


def test_reply_to_a_public_status_by_its_link(running_sandbox: RunningSandbox) -> None:
    r = httpx.post(
        f"{running_sandbox.public_url}/api/v1/statuses",
        headers={"Authorization": f"Bearer {token(running_sandbox, 'public', 'takumi')}"},
        data={"status": "朝の川沿いを走ってきました"},
    )
    parent = r.json()
    done = kizuna(running_sandbox.profile, "reply", parent["url"], "おつかれさまです！")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.split()[:3] == ["sent", "public", "@me@sora"]
    mine = running_sandbox.public_posts("おつかれさまです")
    assert [s["in_reply_to_id"] for s in mine] == [parent["id"]]


def test_a_post_that_cannot_be_found_exits_2(running_sandbox: RunningSandbox) -> None:
    url = f"{running_sandbox.public_url}/@nobody/999999999"
    done = kizuna(running_sandbox.profile, "reply", url, "届かない返事")
    assert done.returncode == 2
    assert "post not found" in done.stderr and url in done.stderr
    assert done.stdout == ""
    assert kizuna(running_sandbox.profile, "outbox").stdout.strip() == "the outbox is empty"


def test_a_text_that_does_not_fit_exits_2(running_sandbox: RunningSandbox) -> None:
    parent_id = note_as(running_sandbox, "mio", "長文チャレンジ", "followers")
    url = f"{running_sandbox.friends_url}/notes/{parent_id}"
    done = kizuna(running_sandbox.profile, "reply", url, "あ" * 3001)
    assert done.returncode == 2
    assert "does not fit" in done.stderr and "3001 of 3000" in done.stderr
    assert kizuna(running_sandbox.profile, "outbox").stdout.strip() == "the outbox is empty"
