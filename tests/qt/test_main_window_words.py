"""Every reason code has words in the window, from one table each, and they are
translated: in the Japanese UI no English sentence and no raw code is left — for every
send refusal (``Refusal``), every reason the outbox keeps of its own, every ``ErrorKind``
(with an English server message as its detail, as a real server's would be), the
audience guard's refusal under ``AUDIENCE_REFUSED`` and ``no_media`` under ``REJECTED``.

Also through the window: a composer row whose target waits for its earlier try
(``in_transit``) says so in Japanese, not "could not read the reply"."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from app.core.errors import ErrorKind, NetworkError
from app.core.models import Audience
from app.i18n import translators
from app.services.outbox_rows import IN_TRANSIT, OWN_REASONS, TargetState
from app.services.send import Refusal, SendRefused
from app.services.session import Session
from app.store.db import Store
from app.store.outbox import OutboxStore
from app.ui import errors
from app.ui.main_window import MainWindow
from tests.qt.test_main_window_errors import Failing, untranslated

SERVER_WORDS = "Validation failed: Text is not allowed on this server"
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # a reason code such as friends_need_recipients


@pytest.fixture
def japanese(qapp, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    previous = QLocale()
    installed = translators.install(qapp, "ja", cache_dir=tmp_path)
    try:
        yield
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)


def assert_japanese(words: str, source: str) -> None:
    assert words, source
    assert untranslated([words]) == [], (source, words)
    assert not CODE.search(words), (source, words)
    assert "Validation" not in words


def test_each_table_covers_every_code(qapp) -> None:  # type: ignore[no-untyped-def]
    assert set(errors.refusal_texts()) == set(Refusal)
    assert set(errors.kind_texts()) == set(ErrorKind)
    assert set(errors.outbox_texts()) == set(OWN_REASONS)


@pytest.mark.parametrize("refusal", list(Refusal), ids=lambda r: r.value)
def test_every_refusal_is_worded_in_japanese(japanese, refusal: Refusal) -> None:  # type: ignore[no-untyped-def]
    assert_japanese(errors.describe_refusal(SendRefused(refusal, "@me@sora")), refusal.value)
    assert_japanese(errors.describe(SendRefused(refusal)), refusal.value)
    # The audience guard's code as the detail of a refusal at sending time.
    guarded = NetworkError(ErrorKind.AUDIENCE_REFUSED, refusal.value)
    assert_japanese(errors.describe(guarded), refusal.value)
    assert_japanese(errors.describe_kind("audience_refused", refusal.value), refusal.value)


@pytest.mark.parametrize("kind", list(ErrorKind), ids=lambda k: k.value)
def test_every_error_kind_is_worded_in_japanese(japanese, kind: ErrorKind) -> None:  # type: ignore[no-untyped-def]
    for retry_after in (None, 3.0):
        error = NetworkError(kind, SERVER_WORDS, status=422, retry_after=retry_after)
        assert_japanese(errors.describe(error), kind.value)
    assert_japanese(errors.describe_kind(kind.value, SERVER_WORDS), kind.value)
    assert_japanese(errors.describe_kind(kind.value, "ConnectError"), kind.value)


@pytest.mark.parametrize("reason", OWN_REASONS)
def test_every_reason_of_the_outbox_is_worded_in_japanese(japanese, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert_japanese(errors.describe_kind(reason, SERVER_WORDS), reason)


def test_no_pictures_is_our_own_refusal_not_the_servers(japanese) -> None:  # type: ignore[no-untyped-def]
    words = errors.describe(NetworkError(ErrorKind.REJECTED, "no_media"))
    assert_japanese(words, "no_media")
    assert words == errors.refusal_texts()[Refusal.NO_MEDIA]
    assert words != errors.kind_texts()[ErrorKind.REJECTED]


def test_the_outbox_reasons_are_told_apart(japanese) -> None:  # type: ignore[no-untyped-def]
    """Each reason has its own words, none the catch-all of an unknown one."""
    texts = [errors.describe_kind(r) for r in OWN_REASONS]
    assert len(set(texts)) == len(texts)
    assert errors.describe_kind("no such reason") not in texts


def test_a_row_waiting_for_its_earlier_try_says_so(  # type: ignore[no-untyped-def]
    qtbot, qloop, japanese, profile_dir: Path
) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="ja")
    qtbot.addWidget(window)
    window.show()
    public = Failing("sora", Audience.PUBLIC)
    public.error = NetworkError(ErrorKind.TIMEOUT, "ReadTimeout")

    async def scenario() -> str:
        session = Session([public], outbox_store=OutboxStore(window.store))
        window.attach_session(session)
        try:
            composer = window.open_composer()
            composer.set_audiences(frozenset({Audience.PUBLIC}))
            composer.set_text("こんにちは")
            composer.send_now()
            await composer.wait_sent()
            (row,) = session.outbox.pending()
            # The next attempt waits until the first request can no longer be in transit.
            session.outbox.store.mark_waiting(
                row.id,
                next_attempt_at=row.next_attempt_at or 0.0,
                error_kind=IN_TRANSIT,
                error_detail="",
                maybe_sent=True,
                now=0.0,
                from_state=TargetState.QUEUED,
            )
            window.outboxes.on_update(session.outbox.store.target(row.id))  # type: ignore[arg-type]
            (key,) = composer.target_states()
            return composer.status_text(key)
        finally:
            await window.detach_session()
            await session.aclose()

    shown = qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    assert errors.outbox_texts()[IN_TRANSIT] in shown, shown
    assert untranslated([shown]) == [], shown


@pytest.mark.parametrize("sandbox", [True, False])
def test_a_session_that_cannot_open_is_worded_in_japanese(japanese, sandbox: bool) -> None:  # type: ignore[no-untyped-def]
    for error in (OSError("address already in use"), NetworkError(ErrorKind.OFFLINE, "x y z")):
        words = errors.open_failed_words(error, sandbox=sandbox)
        assert_japanese(words, repr(error))
        assert "address" not in words
