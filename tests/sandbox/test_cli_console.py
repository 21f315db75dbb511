"""The terminal commands in the user's language and on a console that cannot hold every
character: ``python -m app --lang ja …`` as subprocesses against the sandbox.

- a cp932 console (a Windows console, PYTHONIOENCODING=cp932, strict) and a post with an
  emoji: nothing crashes, the Japanese of the CLI and of the post reads right in cp932,
  only the emoji is "?" — on the console alone: the outbox and the server keep it;
- ``ledger`` in Japanese (headings, states, the occasion's and the card's Japanese
  names, aligned by display width) and in English;
- ``reply``'s refusals in Japanese, exit 2, nothing queued;
- an ASCII-only console: ``--help``, ``ledger`` and ``outbox`` still print.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from app.cli_console import width
from app.sandbox.runner import SandboxThread
from app.services.session import open_sandbox_session
from app.store.db import Store
from tests.conftest import ROOT
from tests.sandbox.test_cli import RunningSandbox, running_sandbox
from tests.sandbox.test_cli_reply import note_as
from tests.sandbox.test_ledger import greet_haruka_first, greet_on_new_years_day, running

__all__ = ["running", "running_sandbox"]  # the fixtures, shared with test_cli, test_ledger

TIMEOUT = 120


def kizuna(
    profile: Path, *args: str, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[bytes]:
    """``python -m app --profile PROFILE ARGS`` on a console of ``encoding`` (strict)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "app", "--profile", str(profile), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def read(done: subprocess.CompletedProcess[bytes], encoding: str) -> tuple[str, str]:
    """stdout and stderr as the console shows them; never a traceback."""
    out, err = done.stdout.decode(encoding), done.stderr.decode(encoding)
    assert "Traceback" not in out + err and "UnicodeEncodeError" not in err, out + err
    return out, err


def queued_texts(profile: Path) -> list[str]:
    """Every outbox target's text, as SQLite keeps it."""
    db = sqlite3.connect(profile / "kizuna.db")
    try:
        rows = db.execute("SELECT text FROM outbox_targets ORDER BY id").fetchall()
    finally:
        db.close()
    return [str(r[0]) for r in rows]


def test_an_emoji_on_a_cp932_console_is_replaced_and_kept_everywhere_else(
    running_sandbox: RunningSandbox,
) -> None:
    tag = uuid.uuid4().hex[:10]
    text = f"年賀状の準備🎍 {tag}"
    profile = running_sandbox.profile
    running_sandbox.admin("down/friends")
    posted = kizuna(profile, "--lang", "ja", "post", "--to", "friends", text, encoding="cp932")
    out, _err = read(posted, "cp932")
    assert posted.returncode == 75, out
    assert "サーバーに接続できません" in out  # the CLI's own words, in Japanese

    listing = kizuna(profile, "--lang", "ja", "outbox", encoding="cp932")
    out, _err = read(listing, "cp932")
    assert listing.returncode == 0, out
    (row,) = out.splitlines()
    assert row.startswith("#") and "サーバーに接続できません" in row
    assert f"年賀状の準備? {tag}" in row  # only the emoji is lost, and on the console only
    assert queued_texts(profile) == [text]

    running_sandbox.admin("up/friends")
    resumed = kizuna(profile, "--lang", "ja", "outbox", "--resume", encoding="cp932")
    out, _err = read(resumed, "cp932")
    assert resumed.returncode == 0, out
    assert [n["text"] for n in running_sandbox.friends_notes(tag)] == [text]


def test_a_reply_that_cannot_be_sent_is_refused_in_japanese(
    running_sandbox: RunningSandbox,
) -> None:
    profile = running_sandbox.profile
    parent = note_as(running_sandbox, "mio", "長文チャレンジ", "followers")
    url = f"{running_sandbox.friends_url}/notes/{parent}"
    missing = f"{running_sandbox.public_url}/@nobody/999999999"
    cases = [
        ((url, "  "), "エラー: 本文が空です"),
        ((missing, "届かない返事🎍"), f"エラー: 投稿が見つかりません: {missing}（"),
        ((url, "あ" * 3001), "エラー: 本文が長すぎます: 3001 文字（上限 3000）"),
    ]
    for (target, text), words in cases:
        done = kizuna(profile, "--lang", "ja", "reply", target, text, encoding="cp932")
        out, err = read(done, "cp932")
        assert done.returncode == 2, err
        assert out == "" and words in err, err
    assert queued_texts(profile) == []


def ledger_rows(lines: list[str], heading: str) -> list[str]:
    """The table lines (heading first) under the section titled ``heading``."""
    start = lines.index(heading) + 1
    rows = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        rows.append(line)
    return rows


def assert_aligned(rows: list[str], state_words: tuple[str, ...]) -> None:
    """Every row's state cell starts at the same display column as the heading's."""
    starts = set()
    for row in rows:
        word = next(w for w in state_words if w in row)
        starts.add(width(row[: row.index(word)]))
    assert len(starts) == 1, rows


def ledger(profile: Path, lang: str, encoding: str = "utf-8") -> tuple[str, str, int]:
    done = kizuna(profile, "--lang", lang, "--sandbox", "ledger", "--occasion", "shogatsu",
                  "--year", "2027", encoding=encoding)  # fmt: skip
    out, err = read(done, encoding)
    return out, err, done.returncode


def test_the_ledger_in_japanese_and_in_english(running: tuple[SandboxThread, Path]) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    store = Store(profile / "kizuna.db")

    async def greeted_haruka() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await greet_haruka_first(thread, store, session)
        finally:
            await session.aclose()

    try:
        asyncio.run(greeted_haruka())
    finally:
        store.close()

    out, err, status = ledger(profile, "ja")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("正月・年賀 2027 (2027-01-01")
    received = ledger_rows(lines, "いただいた挨拶")
    assert received[0].split() == ["日時", "差出人", "範囲", "状態", "本文"]
    assert [r.split()[4] for r in received[1:]].count("未返礼") == 3
    assert "[門松]" in out  # mio's 年賀状 card, by the gift's Japanese name
    assert_aligned(received, ("状態", "未返礼", "返礼済み"))
    sent = ledger_rows(lines, "送った挨拶")
    assert sent[0].split() == ["日時", "宛先", "範囲", "状態", "本文"]
    assert "友だち" in sent[1] and "返信あり" in sent[1]
    assert lines[-1] == "未返礼 3件  未返信 0件"

    out, err, status = ledger(profile, "en")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("New Year 2027 (2027-01-01")
    received = ledger_rows(lines, "Greetings you received")
    assert received[0].split() == ["WHEN", "FROM", "CIRCLE", "STATE", "TEXT"]
    assert sum(" not answered " in r for r in received) == 3
    assert "[Kadomatsu" in out and "門松" not in out
    assert_aligned(received, ("STATE", "not answered", "answered"))
    assert ledger_rows(lines, "Greetings you sent")[0].split()[1] == "TO"
    assert lines[-1] == "3 greetings not answered yet  0 not greeted back yet"


def test_an_ascii_console_never_crashes(running: tuple[SandboxThread, Path]) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    out, err, status = ledger(profile, "ja", encoding="ascii")
    assert status == 0, err
    assert "????? 2027 (2027-01-01" in out  # 正月・年賀: one "?" per character
    assert "?" * 3 in out and out.isascii()

    helped = kizuna(profile, "--help", encoding="ascii")  # argparse's own output
    out, _err = read(helped, "ascii")
    assert helped.returncode == 0 and "Kizuna (?)" in out

    refused = kizuna(profile, "--lang", "ja", "--sandbox", "reply", "x", "", encoding="ascii")
    out, err = read(refused, "ascii")
    # stderr keeps Python's own handler for what it cannot hold (backslashreplace)
    # ("エラー: 本文…", the prefix in Japanese too)
    assert refused.returncode == 2 and err.startswith("\\u30a8\\u30e9\\u30fc: \\u672c\\u6587")
