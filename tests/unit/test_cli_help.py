"""argparse in the user's language (app.cli_help): ``--lang`` is found on the command line
before argparse reads it, argparse's own error sentences of this Python are recognised,
and the pseudo-locale (made at run time, no translation file needed) reaches every help
text, heading and error of ``python -m app``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import NoReturn

import pytest

from app import cli_help
from app.i18n.pseudo import pseudo
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "ja", "post", "--help"], "ja"),
        (["--profile", "p", "--lang=ko", "--help"], "ko"),
        (["post", "--to", "both", "--", "--lang", "ja"], None),  # a text, not the option
        (["--lang"], None),
        ([], None),
    ],
)
def test_the_language_is_found_on_the_command_line(argv: list[str], lang: str | None) -> None:
    assert cli_help.lang_in(argv) == lang


class Refused(Exception):
    pass


class Recording(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Refused(message)


@pytest.mark.parametrize(
    "argv",
    [
        ["post", "text"],  # --to is missing
        ["post", "--to", "nowhere", "text"],
        ["outbox", "--retry", "seven"],
        ["post", "--to", "both", "--at"],
        ["outbox", "--retry", "1", "--discard", "2"],
        ["outbox", "--unknown"],
    ],
)
def test_argparse_errors_of_this_python_are_recognised(argv: list[str]) -> None:
    """Each template of app.cli_help matches what this Python's argparse says (a newer
    argparse that rewords one would leave it in English: this test says which)."""
    parser = Recording(prog="kizuna")
    from app.cli_parser import add_commands

    add_commands(parser)
    with pytest.raises(Refused) as refused:
        parser.parse_args(argv)
    message = str(refused.value)
    assert any(pattern.fullmatch(message) for pattern, _source in cli_help._ARGPARSE), message


def test_an_unknown_error_is_shown_as_it_is() -> None:
    assert cli_help.error_words("something argparse never said") == (
        "something argparse never said"
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_and_errors_go_through_the_translation() -> None:
    """With --lang pseudo every text argparse prints is the pseudo-locale's: the usage
    heading, the section headings, argparse's own help and ours, and the error line."""
    helped = run("--lang", "pseudo", "post", "--help")
    assert helped.returncode == 0, helped.stderr
    out = helped.stdout
    assert out.startswith(pseudo("usage: ").rstrip()), out
    for english in ("usage:", "options:", "positional arguments:", "show this help", "audience"):
        assert english not in out, out
    flat = " ".join(out.split())  # argparse wraps long help texts
    assert " ".join(pseudo("show this help message and exit").split()) in flat, out
    assert pseudo("audience") in out

    refused = run("--lang", "pseudo", "post", "text")
    assert refused.returncode == 2
    last = refused.stderr.splitlines()[-1]
    assert "kizuna post: " in last and "--to" in last, last
    assert "error" not in last and "the following arguments" not in last, last

    plain = run("--lang", "en", "post", "--help")  # the sources, unchanged
    assert plain.stdout.startswith("usage: kizuna post") and "audience" in plain.stdout


@pytest.mark.parametrize(
    ("line", "columns", "pieces"),
    [
        ("両方の列に投稿が表示されたら保存します", 20,
         ["両方の列に投稿が表示", "されたら保存します"]),
        ("表示言語: ja、または translations/kizuna_CODE.ts の中", 30,
         ["表示言語: ja、または", "translations/kizuna_CODE.ts の", "中"]),
        ("あいう、えお", 6, ["あい", "う、え", "お"]),  # 、 never starts a line
        ("漢字", 1, ["漢", "字"]),  # wider than the column: still one per line
        ("short", 80, ["short"]),
    ],
)  # fmt: skip
def test_japanese_help_is_folded_by_display_width(
    line: str, columns: int, pieces: list[str]
) -> None:
    assert cli_help.fold(line, columns) == pieces
    assert "".join(pieces).replace(" ", "") == line.replace(" ", "")  # nothing lost
