"""The CLI has words for every reason code, from one table each (``Refusal``,
``ErrorKind``, the outbox's own reasons), and never prints a raw code: not a refusal's,
not an error kind's, not an exception's class name kept as a detail."""

from __future__ import annotations

import re

import pytest

from app import cli
from app.core.errors import ErrorKind, NetworkError
from app.services.outbox_rows import OWN_REASONS
from app.services.send import Refusal, SendRefused

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|ConnectError|ReadTimeout")


def assert_words(text: str) -> None:
    assert text and not CODE.search(text), text


def test_each_table_covers_every_code() -> None:
    assert set(cli.REFUSALS) == set(Refusal)
    assert set(cli.KINDS) == set(ErrorKind)
    assert set(cli.OWN_WORDS) == set(OWN_REASONS)


@pytest.mark.parametrize("refusal", list(Refusal), ids=lambda r: r.value)
def test_every_refusal_has_words(refusal: Refusal) -> None:
    words = cli.refusal_words(SendRefused(refusal, "@me@sora"))
    assert_words(words)
    assert cli.REFUSALS[refusal] in words and "@me@sora" in words
    # The audience guard's code under AUDIENCE_REFUSED at sending time.
    guarded = cli.error_words(NetworkError(ErrorKind.AUDIENCE_REFUSED, refusal.value))
    assert_words(guarded)
    assert cli.REFUSALS[refusal] in guarded


@pytest.mark.parametrize("kind", list(ErrorKind), ids=lambda k: k.value)
def test_every_error_kind_has_words(kind: ErrorKind) -> None:
    for detail in ("", "ConnectError", "ReadTimeout"):
        words = cli.kind_words(kind.value, detail)
        assert_words(words)
        assert words == cli.KINDS[kind]
    # A server's own message is kept in brackets: it is the point of "refused by the server".
    assert cli.kind_words(kind.value, "Text too long") == f"{cli.KINDS[kind]} (Text too long)"


@pytest.mark.parametrize("reason", OWN_REASONS)
def test_every_reason_of_the_outbox_has_words(reason: str) -> None:
    assert_words(cli.kind_words(reason, "ConnectError"))
    assert cli.kind_words(reason) == cli.OWN_WORDS[reason]


def test_no_pictures_is_worded() -> None:
    words = cli.error_words(NetworkError(ErrorKind.REJECTED, "no_media"))
    assert_words(words)
    assert cli.REFUSALS[Refusal.NO_MEDIA] in words


def test_an_unknown_code_is_not_printed() -> None:
    assert_words(cli.kind_words("some_future_reason"))
    assert_words(cli.refusal_words(ValueError("x")))
