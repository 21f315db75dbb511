"""``python -m app --lang ja post | outbox | safety | --help`` as subprocesses against the
sandbox: every line the CLI prints is Japanese, the exit statuses are the README's, and
no English sentence of the CLI is left.

"No English left" reads the CLI's English sources from ``translations/kizuna_ja.ts``
(contexts ``Cli`` and ``CliHelp``, as lupdate finds them in the code) and looks for each
piece between placeholders in what was printed; a one-word source ("sent", "public") is
also a value the user types, so those are checked where they show (a row's first two
cells, a help heading). Ids, links and times stay as they are.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from app.cli_console import width
from app.store.db import Store
from tests.conftest import ROOT
from tests.sandbox.test_cli import RunningSandbox, running_sandbox, scheduled_on_server
from tests.sandbox.test_cli_console import kizuna, queued_texts, read

__all__ = ["running_sandbox"]  # the fixture, shared with test_cli

TS = ROOT / "translations" / "kizuna_ja.ts"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WAITING = 0, 1, 2, 75


@cache
def english_sources() -> tuple[frozenset[str], frozenset[str]]:
    """(pieces of two words or more, or ending in a colon; the one-word sources) of every
    English source in the Cli and CliHelp contexts."""
    pieces, words = set(), set()
    for ctx in ET.parse(TS).getroot().iter("context"):
        if ctx.findtext("name") not in ("Cli", "CliHelp"):
            continue
        for message in ctx.iter("message"):
            source = message.findtext("source") or ""
            if re.fullmatch(r"[A-Za-z]+", source.strip()):
                words.add(source.strip())
            for piece in re.split(r"%\d|%n", source):
                piece = piece.strip(" ;,.()")
                if len(piece.split()) >= 2 or re.fullmatch(r"[a-z]+:", piece):
                    pieces.add(piece)
    return frozenset(pieces), frozenset(words)


def assert_no_english(text: str) -> None:
    pieces, _words = english_sources()
    left = sorted(p for p in pieces if p in text)
    assert not left, f"English left: {left}\n{text}"


def ja(profile: Path, *args: str) -> tuple[int, list[str], list[str]]:
    """``python -m app --lang ja ARGS``: its exit status, stdout and stderr lines, each
    checked for English."""
    done = kizuna(profile, "--lang", "ja", *args)
    out, err = read(done, "utf-8")
    assert_no_english(out + err)
    return done.returncode, out.splitlines(), err.splitlines()


def cells(row: str) -> list[str]:
    """A row's state and circle (after its #id in a listing)."""
    parts = row.split()
    parts = parts[1:] if parts[0].startswith("#") else parts
    _pieces, words = english_sources()
    assert not set(parts[:2]) & words, row  # "sent", "public" …: not in English
    return parts[:2]


def test_post_outbox_and_safety_speak_japanese(running_sandbox: RunningSandbox) -> None:
    """Sent (0), waiting for a server that is down (75, a warning), listed (0), retried
    (0, an unknown id 2), the safety summary with one circle not reached yet (75), then
    resumed once the server is back (0), nothing due, and an empty outbox."""
    sandbox, tag = running_sandbox, uuid.uuid4().hex[:10]
    status, out, err = ja(sandbox.profile, "post", "--to", "both", f"こんにちは {tag}")
    assert status == EXIT_OK, err
    assert [cells(row) for row in out] == [["送信済み", "公開"], ["送信済み", "友だち"]]
    assert out[0].split()[3] == sandbox.public_posts(tag)[0]["url"]  # the link as it is

    sandbox.admin("down/friends")
    status, out, err = ja(sandbox.profile, "post", "--to", "friends", f"届くかな {tag}")
    assert status == EXIT_WAITING, out + err
    assert [cells(row) for row in out] == [["再送待ち", "友だち"]]
    assert "サーバーに接続できません" in out[0]
    assert any(e.startswith("警告: @me@nakama に今はサインインできませんでした") for e in err)

    status, out, err = ja(sandbox.profile, "outbox")
    assert status == EXIT_OK, err
    (row,) = out
    assert cells(row) == ["再送待ち", "友だち"] and f"届くかな {tag}" in row
    target = row.split()[0].lstrip("#")
    status, out, err = ja(sandbox.profile, "outbox", "--retry", target)
    assert status == EXIT_OK and out == [f"宛先 {target} を今すぐ送信できるようにしました。"
                                         "送信するには: outbox --resume"], err  # fmt: skip
    status, out, err = ja(sandbox.profile, "outbox", "--retry", "999999")
    assert status == EXIT_USAGE and err == ["エラー: 未送信の宛先 999999 はありません。"]

    status, out, err = ja(sandbox.profile, "safety", "--place", f"駅{tag}")
    assert status == EXIT_WAITING, out + err
    assert [cells(row) for row in out[:2]] == [["送信済み", "公開"], ["再送待ち", "友だち"]]
    assert out[0].endswith("[安否確認]")
    assert (
        out[-1]
        == "安否確認が届きました: 公開。まだ届いていません: 友だち（送信トレイに残っています）"
    )

    sandbox.admin("up/friends")
    status, out, err = ja(sandbox.profile, "outbox", "--resume")
    assert status == EXIT_OK, out + err
    assert [cells(row) for row in out] == [["送信済み", "友だち"], ["送信済み", "友だち"]]
    assert len(sandbox.friends_notes(tag)) == 3  # really there: the posts and the safety
    assert ja(sandbox.profile, "outbox", "--resume")[1] == ["送信する投稿はありません"]
    assert ja(sandbox.profile, "outbox")[1] == ["送信トレイは空です"]


def test_a_schedule_is_listed_refused_and_cancelled_in_japanese(
    running_sandbox: RunningSandbox,
) -> None:
    """A post for 2099: Mastodon's server holds it, Misskey's waits here; ``--discard`` of
    the held one is refused (1) and says which command cancels it; ``--cancel`` cancels
    both (0), on the server too."""
    profile, tag = running_sandbox.profile, uuid.uuid4().hex[:10]
    status, out, err = ja(profile, "post", "--to", "both", "--at", "2099-01-01T00:00", tag)
    assert status == EXIT_OK, err
    held, local = out
    assert cells(held) == ["予約中", "公開"]
    assert held.endswith("2099-01-01 00:00:00 JST（サーバーで予約中）")
    assert cells(local) == ["予約中", "友だち"] and local.endswith("2099-01-01 00:00:00 JST")

    status, rows, err = ja(profile, "outbox")
    assert status == EXIT_OK and len(rows) == 2, err
    held_id, local_id = (row.split()[0].lstrip("#") for row in rows)
    status, out, err = ja(profile, "outbox", "--discard", held_id)
    assert status == EXIT_FAILED and out == []
    assert err == [f"エラー: 宛先 {held_id} はサーバーで予約中です。"
                   f"取り消すには: outbox --cancel {held_id}"]  # fmt: skip
    for target in (local_id, held_id):
        status, out, err = ja(profile, "outbox", "--cancel", target)
        assert status == EXIT_OK and out == [f"宛先 {target} の予約を取り消しました"], err
    assert scheduled_on_server(running_sandbox) == []
    assert ja(profile, "outbox")[1] == ["送信トレイは空です"]
    assert running_sandbox.public_posts(tag) == [] and running_sandbox.friends_notes(tag) == []
    status, out, err = ja(profile, "outbox", "--cancel", held_id)
    assert status == EXIT_USAGE and err == [f"エラー: 未送信の宛先 {held_id} はありません。"]


def test_help_usage_and_refusals_speak_japanese(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--help`` of the app and of each command (folded to an 80-column terminal by
    display width), argparse's usage error (2) and the CLI's own refusals (2) before
    anything is queued."""
    monkeypatch.setenv("COLUMNS", "80")
    for command in ([], ["post"], ["outbox"], ["safety"], ["ledger"]):
        status, out, err = ja(profile_dir, *command, "--help")
        assert status == EXIT_OK and err == [], err
        assert max(map(width, out)) <= 80, out
        assert out[0].startswith("使い方: kizuna") and "オプション:" in out, out
        assert any(line.split()[:3] == ["-h,", "--help", "このヘルプを表示して終了します"]
                   for line in out), out  # fmt: skip
        _pieces, words = english_sources()
        assert not {line.rstrip(":") for line in out} & words, out  # "options:" …
    assert "コマンド:" in ja(profile_dir, "--help")[1]

    status, out, err = ja(profile_dir, "post", "本文だけ")
    assert status == EXIT_USAGE and out == []
    assert err[0].startswith("使い方: kizuna post")
    assert err[-1] == "kizuna post: エラー: 次の引数が必要です: --to"
    status, out, err = ja(profile_dir, "post", "--to", "both", "--at", "いつか", "本文")
    assert status == EXIT_USAGE
    assert err == [
        "エラー: 日時として読めません: いつか（2027-01-01T09:00 のように書いてください）"
    ]
    status, out, err = ja(profile_dir, "post", "--to", "both", "  ")
    assert status == EXIT_USAGE and err == ["エラー: 本文が空です"]
    assert queued_texts(profile_dir) == []


def test_without_lang_the_profiles_language_is_spoken(profile_dir: Path) -> None:
    """As the window: the language chosen in 設定 → 言語 (kept in the profile) when no
    --lang is given; --lang wins over it."""
    store = Store(profile_dir / "kizuna.db")
    try:
        store.set("prefs.lang", "ja")
    finally:
        store.close()
    saved = kizuna(profile_dir, "outbox")
    assert read(saved, "utf-8") == ("送信トレイは空です\n", "") and saved.returncode == 0
    english = kizuna(profile_dir, "--lang", "en", "outbox")
    assert read(english, "utf-8") == ("the outbox is empty\n", "")


def test_the_check_finds_english_sentences() -> None:
    """The check this file relies on: the CLI's English sources are read, and an English
    line of the CLI is caught."""
    pieces, words = english_sources()
    assert {"sent", "public", "friends", "options"} <= words
    assert "the outbox is empty" in pieces and "is signed out" in pieces
    for english in ("the outbox is empty", "warning: @me@sora is signed out (x)", "usage: k"):
        try:
            assert_no_english(english)
        except AssertionError:
            continue
        raise AssertionError(f"not caught: {english}")
