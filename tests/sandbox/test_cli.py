"""``python -m app post | outbox | safety`` as subprocesses, against a sandbox running in its
own process (``python -m app.sandbox``) in the profile, as a user's terminal would.

With no saved account the commands use the sandbox; with saved accounts they use those —
their secrets from a real OS keychain (GNOME Keyring on a private D-Bus, started by the
test and reached by the subprocesses through their environment, as on a desktop) — unless
``--sandbox`` is given."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import sqlite3
import stat
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from app.auth.credentials import CredentialStore
from app.auth.sandbox import play_browser
from app.core.clock import TOKYO
from app.core.models import Audience
from app.services.accounts import AccountService
from app.store.db import Store
from tests.conftest import ROOT

TIMEOUT = 60.0


class Lines:
    """The lines a subprocess writes to one pipe, readable with a timeout."""

    def __init__(self, pipe: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._pipe = pipe
        self._thread = threading.Thread(target=self._pump, args=(pipe,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        """After the process ended: let the reader see the end, then close the pipe."""
        self._thread.join(timeout=TIMEOUT)
        self._pipe.close()

    def _pump(self, pipe: IO[str]) -> None:
        for line in pipe:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, prefix: str, count: int = 1, timeout: float = TIMEOUT) -> list[str]:
        found = [line for line in self.seen if line.startswith(prefix)]
        while len(found) < count:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} line within {timeout}s: {self.seen}") from None
            if line is None:
                raise AssertionError(f"the process ended before {prefix!r}: {self.seen}")
            self.seen.append(line)
            if line.startswith(prefix):
                found.append(line)
        return found


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


@dataclass
class RunningSandbox:
    profile: Path
    process: subprocess.Popen[str]
    accounts: dict[str, Any]

    def token(self, side: str) -> str:
        return str(
            next(a["token"] for a in self.accounts[side]["accounts"] if a["username"] == "me")
        )

    @property
    def public_url(self) -> str:
        return str(self.accounts["public"]["url"])

    @property
    def friends_url(self) -> str:
        return str(self.accounts["friends"]["url"])

    def public_posts(self, tag: str) -> list[dict[str, Any]]:
        r = httpx.get(
            f"{self.public_url}/api/v1/timelines/home?limit=40",
            headers={"Authorization": f"Bearer {self.token('public')}"},
        )
        r.raise_for_status()
        return [s for s in r.json() if tag in s["content"]]

    def admin(self, path: str, body: dict[str, Any] | None = None) -> None:
        """The sandbox's fault admin endpoint: ``down/friends``, ``up/friends``,
        ``faults/public`` … (see app.sandbox.faults)."""
        token = self.accounts.get("admin_token")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = httpx.post(f"{self.accounts['admin_url']}/_sandbox/{path}", json=body or {},
                       headers=headers)  # fmt: skip
        r.raise_for_status()

    def friends_notes(self, tag: str) -> list[dict[str, Any]]:
        r = httpx.post(
            f"{self.friends_url}/api/notes/timeline",
            json={"i": self.token("friends"), "limit": 100},
        )
        r.raise_for_status()
        return [n for n in r.json() if tag in (n.get("text") or "")]


@pytest.fixture
def running_sandbox(profile_dir: Path) -> Iterator[RunningSandbox]:
    """``python -m app.sandbox`` serving ``PROFILE/sandbox`` until the test ends."""
    data = profile_dir / "sandbox"
    process = subprocess.Popen(
        [sys.executable, "-m", "app.sandbox", "--data", str(data), "--public-port", "0",
         "--friends-port", "0", "--no-activity"],
        cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    out = Lines(process.stdout)  # type: ignore[arg-type]
    try:
        out.wait_for("sandbox ready")
        accounts = json.loads((data / "accounts.json").read_text(encoding="utf-8"))
        yield RunningSandbox(profile_dir, process, accounts)
    finally:
        process.terminate()
        process.wait(timeout=30)
        out.close()


def kizuna(profile: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``python -m app --lang en --profile PROFILE ARGS``: the English words, whatever the
    system's language (tests/sandbox/test_cli_japanese.py reads the Japanese)."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--lang", "en", "--profile", str(profile), *args],
        cwd=ROOT,
        env=env(**extra_env),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_post_to_both_prints_one_line_per_target(running_sandbox: RunningSandbox) -> None:
    tag = uuid.uuid4().hex[:10]
    done = kizuna(running_sandbox.profile, "post", "--to", "both", f"こんにちは {tag}")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:3] == ["sent", "public", "@me@sora"]
    assert lines[1].split()[:3] == ["sent", "friends", "@me@nakama"]
    public = running_sandbox.public_posts(tag)
    friends = running_sandbox.friends_notes(tag)
    assert len(public) == 1 and len(friends) == 1
    assert lines[0].split()[3] == public[0]["url"]
    assert lines[1].split()[3].endswith(friends[0]["id"])
    listing = kizuna(running_sandbox.profile, "outbox")
    assert listing.returncode == 0 and listing.stdout.strip() == "the outbox is empty"


def test_post_while_friends_are_down_waits_and_resume_sends_it(
    running_sandbox: RunningSandbox,
) -> None:
    """Friends' server down (nothing listens on its port): the post is queued before any
    network call, waits with the reason (exit 75), and ``outbox --resume`` sends it once
    the server is back."""
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    running_sandbox.admin("down/friends")
    done = kizuna(profile, "post", "--to", "friends", f"届くかな {tag}")
    assert done.returncode == 75, done.stdout + done.stderr
    (line,) = done.stdout.splitlines()
    assert line.split()[:3] == ["waiting", "friends", "@me@nakama"]
    assert "cannot reach the server" in line
    assert "could not sign in to @me@nakama" in done.stderr

    listing = kizuna(profile, "outbox")
    assert listing.returncode == 0
    (row,) = listing.stdout.splitlines()
    assert row.startswith("#") and "waiting" in row and "cannot reach the server" in row

    running_sandbox.admin("up/friends")
    assert running_sandbox.friends_notes(tag) == []
    resumed = kizuna(profile, "outbox", "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert resumed.stdout.split()[:3] == ["sent", "friends", "@me@nakama"]
    assert len(running_sandbox.friends_notes(tag)) == 1
    assert running_sandbox.public_posts(tag) == []
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"
    again = kizuna(profile, "outbox", "--resume")
    assert again.returncode == 0 and again.stdout.strip() == "nothing due"
    assert len(running_sandbox.friends_notes(tag)) == 1


@pytest.mark.parametrize("fault", ["down", "sign-in refused"])
def test_one_side_down_never_blocks_the_other_nor_loses_the_message(
    running_sandbox: RunningSandbox, fault: str
) -> None:
    """Queue first, sign in later: with the friends side down (or every request of it
    answered 500, the sign-in included) ``post --to both`` sends the public side, keeps
    the friends side waiting (exit 75), and the resume sends it exactly once."""
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    if fault == "down":
        running_sandbox.admin("down/friends")
    else:
        running_sandbox.admin("faults/friends", {"error_rate": 1.0})
    done = kizuna(profile, "post", "--to", "both", f"片方だけ {tag}")
    assert done.returncode == 75, done.stdout + done.stderr
    public_line, friends_line = done.stdout.splitlines()
    assert public_line.split()[:3] == ["sent", "public", "@me@sora"]
    assert friends_line.split()[:3] == ["waiting", "friends", "@me@nakama"]
    assert len(running_sandbox.public_posts(tag)) == 1

    # Only the friends side's own commands are held up: public posts and the safety
    # check still go out, each side's targets waiting on their own.
    alone = kizuna(profile, "post", "--to", "public", f"公開だけ {tag}")
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert [ln.split()[:2] for ln in alone.stdout.splitlines()] == [["sent", "public"]]
    safety = kizuna(profile, "safety", "--place", f"駅{tag}")
    assert safety.returncode == 75, safety.stdout + safety.stderr
    assert [ln.split()[:2] for ln in safety.stdout.splitlines()[:2]] == [
        ["sent", "public"],
        ["waiting", "friends"],
    ]
    assert safety.stdout.splitlines()[-1] == (
        "safety message reached: public; not yet: friends (kept in the outbox)"
    )
    waiting = kizuna(profile, "outbox").stdout.splitlines()
    assert len(waiting) == 2 and all("waiting" in row and "friends" in row for row in waiting)

    if fault == "down":
        running_sandbox.admin("up/friends")
    else:
        running_sandbox.admin("faults/friends", {"reset": True})
    resumed = kizuna(profile, "outbox", "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert [ln.split()[:2] for ln in resumed.stdout.splitlines()] == [
        ["sent", "friends"],
        ["sent", "friends"],
    ]
    assert len(running_sandbox.friends_notes(tag)) == 2  # the post and the safety message
    assert len(running_sandbox.public_posts(tag)) == 3
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"


def test_failed_and_late_targets_are_reported_and_exit_one(
    running_sandbox: RunningSandbox,
) -> None:
    """A text too long is refused before anything is queued (exit 2). A target its server
    refused stays failed; a schedule missed while Kizuna was closed waits for the user.
    Both are what ``outbox`` and ``outbox --resume`` report, exiting 1."""
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    refused = kizuna(profile, "post", "--to", "public", f"{tag} " + "長" * 600)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "too long for @me@sora (mastodon): 611 characters of 500" in refused.stderr
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"

    # Both targets scheduled here (under six minutes ahead: no server holds them) ...
    soon = (datetime.now(TOKYO) + timedelta(minutes=3)).replace(tzinfo=None, microsecond=0)
    queued = kizuna(profile, "post", "--to", "both", "--at", soon.isoformat(), f"遅刻 {tag}")
    assert queued.returncode == 0, queued.stdout + queued.stderr
    # ... then Kizuna is closed for two hours, and the public one was refused by its
    # server (as the outbox records a refusal).
    db = sqlite3.connect(profile / "kizuna.db")
    db.execute("UPDATE outbox_messages SET scheduled_at = scheduled_at - 7500")
    db.execute("UPDATE outbox_targets SET next_attempt_at = next_attempt_at - 7500")
    db.execute(
        "UPDATE outbox_targets SET state='failed', error_kind='rejected',"
        " error_detail='Validation failed' WHERE audience='public'"
    )
    db.commit()
    db.close()

    resumed = kizuna(profile, "outbox", "--resume")
    assert resumed.returncode == 1, resumed.stdout + resumed.stderr
    assert "nothing due" not in resumed.stdout
    assert sorted(row.split()[1] for row in resumed.stdout.splitlines()) == [
        "attention",
        "failed",
    ]
    listing = kizuna(profile, "outbox")
    assert listing.returncode == 1
    assert sorted(row.split()[1:3] for row in listing.stdout.splitlines()) == [
        ["attention", "friends"],
        ["failed", "public"],
    ]
    assert running_sandbox.public_posts(tag) == [] and running_sandbox.friends_notes(tag) == []


def test_safety_reaches_both_circles_in_their_own_register(
    running_sandbox: RunningSandbox,
) -> None:
    tag = uuid.uuid4().hex[:10]
    done = kizuna(running_sandbox.profile, "safety", "--place", f"渋谷駅{tag}")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [ln.split()[:2] for ln in lines[:2]] == [["sent", "public"], ["sent", "friends"]]
    assert lines[-1] == "safety message reached: public, friends"
    (public,) = running_sandbox.public_posts(tag)
    (friends,) = running_sandbox.friends_notes(tag)
    assert "【安否確認】無事です。ご心配をおかけしました。" in public["content"]
    assert friends["text"].startswith("無事だよ！心配かけてごめんね")
    assert "JST" not in friends["text"] and "時点" not in friends["text"]


def scheduled_on_server(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    r = httpx.get(
        f"{sandbox.public_url}/api/v1/scheduled_statuses",
        headers={"Authorization": f"Bearer {sandbox.token('public')}"},
    )
    r.raise_for_status()
    return list(r.json())


def test_a_post_scheduled_for_later_is_held_by_mastodon_listed_and_cancelled(
    running_sandbox: RunningSandbox,
) -> None:
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    done = kizuna(profile, "post", "--to", "both", "--at", "2099-01-01T00:00", f"未来へ {tag}")
    assert done.returncode == 0, done.stderr
    public_line, friends_line = done.stdout.splitlines()
    # As in the window: Mastodon's server keeps it; Misskey's waits in the local outbox.
    assert public_line.split()[:4] == ["scheduled", "public", "@me@sora", "2099-01-01"]
    assert public_line.endswith("(held by its server)")
    assert friends_line.split()[:4] == ["scheduled", "friends", "@me@nakama", "2099-01-01"]
    assert "held" not in friends_line
    [held] = scheduled_on_server(running_sandbox)
    assert held["params"]["text"] == f"未来へ {tag}"
    assert held["scheduled_at"].startswith("2098-12-31T15:00:00")  # 2099-01-01 00:00 JST

    listing = kizuna(profile, "outbox")
    rows = listing.stdout.splitlines()
    assert len(rows) == 2 and all("2099-01-01 00:00:00 JST" in row for row in rows)
    public_row, friends_row = rows
    assert "scheduled" in public_row and "held by its server" in public_row
    assert "scheduled" in friends_row and "held" not in friends_row
    public_id, friends_id = (row.split()[0].lstrip("#") for row in rows)
    assert kizuna(profile, "outbox", "--resume").stdout.strip() == "nothing due"
    assert running_sandbox.public_posts(tag) == [] and running_sandbox.friends_notes(tag) == []

    refused = kizuna(profile, "outbox", "--discard", public_id)
    assert refused.returncode == 1 and f"outbox --cancel {public_id}" in refused.stderr
    local = kizuna(profile, "outbox", "--cancel", friends_id)
    assert local.returncode == 0 and local.stdout.strip() == f"target {friends_id} cancelled"
    # The server cannot be reached: it says so, and the schedule stays where it was.
    running_sandbox.admin("down/public")
    offline = kizuna(profile, "outbox", "--cancel", public_id)
    running_sandbox.admin("up/public")
    assert offline.returncode == 1
    assert "could not cancel" in offline.stderr and "cannot reach the server" in offline.stderr
    assert kizuna(profile, "outbox").stdout.splitlines() == [public_row]
    assert len(scheduled_on_server(running_sandbox)) == 1
    cancelled = kizuna(profile, "outbox", "--cancel", public_id)
    assert cancelled.returncode == 0, cancelled.stderr
    assert cancelled.stdout.strip() == f"target {public_id} cancelled"
    assert scheduled_on_server(running_sandbox) == []
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"
    again = kizuna(profile, "outbox", "--cancel", public_id)
    assert again.returncode == 2 and "There is no unsent target" in again.stderr  # gone


def test_a_schedule_too_close_for_the_server_waits_locally(
    running_sandbox: RunningSandbox,
) -> None:
    tag = uuid.uuid4().hex[:10]
    profile = running_sandbox.profile
    soon = (datetime.now(TOKYO) + timedelta(minutes=3)).replace(tzinfo=None, microsecond=0)
    done = kizuna(profile, "post", "--to", "public", "--at", soon.isoformat(), f"すぐ {tag}")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    assert line.split()[:3] == ["scheduled", "public", "@me@sora"] and "held" not in line
    assert f"{soon:%Y-%m-%d %H:%M:%S} JST" in line
    assert scheduled_on_server(running_sandbox) == []
    (row,) = kizuna(profile, "outbox").stdout.splitlines()
    assert kizuna(profile, "outbox", "--cancel", row.split()[0].lstrip("#")).returncode == 0
    assert kizuna(profile, "outbox").stdout.strip() == "the outbox is empty"
    assert running_sandbox.public_posts(tag) == []


def test_usage_errors_exit_two(profile_dir: Path) -> None:
    bad_time = kizuna(profile_dir, "post", "--to", "both", "--at", "someday", "text")
    assert bad_time.returncode == 2 and "Not a date and time: someday" in bad_time.stderr
    no_audience = kizuna(profile_dir, "post", "text")
    assert no_audience.returncode == 2
    # --profile is also understood after the subcommand; listing needs no network.
    listing = subprocess.run(
        [sys.executable, "-m", "app", "--lang", "en", "outbox", "--profile", str(profile_dir)],
        cwd=ROOT, env=env(), capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert listing.returncode == 0 and listing.stdout.strip() == "the outbox is empty"
    assert (profile_dir / "kizuna.db").exists()
    if os.name == "posix":  # the profile is the user's alone, as the window's
        assert stat.S_IMODE(profile_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE((profile_dir / "kizuna.db").stat().st_mode) == 0o600


# -- the window's choice of accounts -------------------------------------------------


def test_commands_use_the_saved_accounts_unless_sandbox_is_asked_for(
    running_sandbox: RunningSandbox, keychain: object
) -> None:
    """The saved account (the sandbox's Mastodon side, serving both circles) is what
    ``post`` uses — both targets on @me@sora, none on the sandbox's Misskey side — and
    ``--sandbox`` gives the sandbox's own two accounts instead. A saved account whose
    secret the keychain lost is reported signed out, not replaced by the sandbox."""
    profile, tag = running_sandbox.profile, uuid.uuid4().hex[:10]
    store = Store(profile / "kizuna.db")
    try:
        accounts = AccountService(store, CredentialStore())  # the real keychain, as the app
        both = frozenset({Audience.PUBLIC, Audience.FRIENDS})
        approval = running_sandbox.accounts.get("approval")

        async def browser(url: str) -> None:  # the user approving in their browser
            await play_browser(url, approval)

        account = asyncio.run(accounts.add_mastodon(running_sandbox.public_url, browser, both))
    finally:
        store.close()
    assert account.serves == both

    done = kizuna(profile, "post", "--to", "both", f"アカウントから {tag}")
    assert done.returncode == 0, done.stderr
    assert [ln.split()[:3] for ln in done.stdout.splitlines()] == [
        ["sent", "public", "@me@sora"],
        ["sent", "friends", "@me@sora"],
    ]
    statuses = running_sandbox.public_posts(tag)
    assert sorted(s["visibility"] for s in statuses) == ["private", "public"]
    assert running_sandbox.friends_notes(tag) == []

    forced = kizuna(profile, "post", "--sandbox", "--to", "friends", f"砂場から {tag}")
    assert forced.returncode == 0, forced.stderr
    assert [ln.split()[:3] for ln in forced.stdout.splitlines()] == [
        ["sent", "friends", "@me@nakama"]
    ]
    assert [n["text"] for n in running_sandbox.friends_notes(tag)] == [f"砂場から {tag}"]

    CredentialStore().delete(account.key)  # the keychain no longer has the sign-in
    lost = kizuna(profile, "post", "--to", "public", f"届かない {tag}")
    assert lost.returncode == 1
    assert (
        "warning: @me@sora is signed out (no sign-in in the keychain); sign in again in "
        "the window: Settings → Accounts"
    ) in lost.stderr
    assert "no signed-in account serves the chosen audience" in lost.stderr
    assert [s for s in running_sandbox.public_posts(tag) if "届かない" in s["content"]] == []
