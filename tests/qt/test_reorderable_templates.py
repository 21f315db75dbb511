"""A translator can reorder and re-punctuate every text that puts a name, a count or a
circle beside words: the top bar, a notification's row, the composer's and the reply
window's counters, the reply window's header, the outbox's and the safety check's lines.

Each test installs a translator that answers those templates with their placeholders in
another order and full-width punctuation (as Japanese wants them) and reads what the
widget shows; with no translation the English stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QObject, QTranslator
from PySide6.QtWidgets import QApplication

from app.core.errors import ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Limits,
    MediaAttachment,
    MediaUpload,
    Notification,
    NotificationKind,
    Post,
)
from app.services.notifications import StoredNotification
from app.services.poster import TargetResult
from app.services.send import Refusal
from app.store.outbox import MessageKind, OutboxTarget, TargetState
from app.ui.composer_counters import Counters, TargetInfo
from app.ui.composer_reply import ReplyDialog
from app.ui.composer_results import ResultRows
from app.ui.composer_texts import TextPanes
from app.ui.errors import describe, open_failed_words
from app.ui.notifications_model import NotificationsModel, what_happened
from app.ui.placeholders import fill
from app.ui.safety_dialog import SafetyDialog
from app.ui.timeline_model import describe_post
from app.ui.top_bar import TopBar

REORDERED = {
    ("MainWindow", "Public: %1 · Friends: %2"): "友だち：%2／公開：%1",
    ("MainWindow", "Outbox (%n)"): "送信トレイ（%n）",
    ("MainWindow", "Notifications (%n)"): "%n 件の通知",
    ("Notifications", "[%1] %2 · %3"): "%3：%2（%1）",
    ("Notifications", "Unread. %1"): "%1（未読）",
    ("Composer", "%1 %2/%3"): "%3 字中 %2 字（%1）",
    ("ReplyComposer", "%1 / %2"): "%2 字中 %1 字",
    ("ReplyComposer", "%1 %2\n%3"): "%2（%1）\n%3",
    ("ReplyComposer", "🔒 %1"): "%1 🔒",
    ("SafetyDialog", "%1 %2: reached ✓"): "%2（%1）：届きました ✓",
    ("SafetyDialog", "%1 %2: not yet — %3"): "%2（%1）：まだです（%3）",
    ("Errors", "%1 %2"): "%2／%1",
    ("Composer", "%1: sent — %2"): "%2（%1）",
    ("TimelineModel", "%1 %n image(s)."): "%1。画像 %n 枚",
    ("TimelineModel", "%1 Friends only."): "%1（友だちのみ）",
    ("TimelineModel", "%1 · %2"): "%2／%1",
}

T0 = datetime(2026, 12, 24, 12, 0, tzinfo=UTC)
# A name with a placeholder in it: it must stay as written, not be filled in its turn.
RIN = Author("1", "rin", "@rin@nakama", "りん%3")


class Reordering(QTranslator):
    """Answers the templates above; every other text falls through to the next one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null string) lets Qt ask the next translator; "" would be the answer.
        return REORDERED.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def reordered(qapp: QApplication) -> Iterator[None]:
    made = Reordering(qapp)
    qapp.installTranslator(made)
    try:
        yield
    finally:
        qapp.removeTranslator(made)


def post(text: str = "メリークリスマス！") -> Post:
    return Post(
        id="9",
        network="misskey",
        account_key="fr",
        author=RIN,
        created_at=T0,
        text=text,
        html=text,
        audience=Audience.FRIENDS,
        visibility="followers",
    )


def account(handle: str) -> AccountRef:
    return AccountRef(handle, "misskey", "http://127.0.0.1:1", "u", "me", handle, frozenset())


def target(handle: str, audience: Audience, state: TargetState, error: str | None) -> OutboxTarget:
    return OutboxTarget(
        id=1, message_id=1, kind=MessageKind.SAFETY, account=account(handle),
        audience=audience, text="無事です", state=state, attempts=1, next_attempt_at=None,
        first_attempt_at=None, idempotency_key="k", maybe_sent=False, remote_id=None,
        url=None, error_kind=error, error_detail="", created_at=0.0, scheduled_at=None,
    )  # fmt: skip


def test_the_fill_is_one_pass_by_number() -> None:
    assert fill("%2（%1）", "a", "b") == "b（a）"
    assert fill("%1 %2", "50%2 off", "x") == "50%2 off x"
    assert fill("%1 %3", "a") == "a %3"


def test_the_top_bar_in_another_order(qtbot, reordered: None) -> None:  # type: ignore[no-untyped-def]
    bar = TopBar(use_sandbox=False, mourning=False, language="en")
    qtbot.addWidget(bar)
    bar.show_accounts("@me@sora", "@me@nakama")
    assert bar.accounts_label.text() == "友だち：@me@nakama／公開：@me@sora"
    bar.set_outbox_count(3)
    assert bar.outbox_button.text() == "送信トレイ（3）"
    bar.set_notifications_count(12)
    assert bar.notifications_button.text() == "12 件の通知"
    bar.set_outbox_count(0)
    bar.set_notifications_count(0)
    assert (bar.outbox_button.text(), bar.notifications_button.text()) == (
        "Outbox",
        "Notifications",
    )


def test_the_top_bar_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = TopBar(use_sandbox=False, mourning=False, language="en")
    qtbot.addWidget(bar)
    bar.show_accounts("", "@me@nakama")
    assert bar.accounts_label.text() == "Public: none · Friends: @me@nakama"
    bar.set_outbox_count(3)
    bar.set_notifications_count(1)
    assert bar.outbox_button.text() == "Outbox (3)"
    assert bar.notifications_button.text() == "Notifications (1)"


def test_a_notification_row_in_another_order(reordered: None) -> None:
    note = Notification("n1", NotificationKind.REPLY, "fr", RIN, T0, post("よいお年を"))
    row = StoredNotification(note, Audience.FRIENDS)
    model = NotificationsModel(lang="en", now=lambda: T0)
    model.set_rows([row])
    what = what_happened(row)
    assert "りん%3" in what
    head, body = model.display_text(row).split("\n")
    assert head.endswith(f"：{what}（Friends）") and not head.startswith("[")
    assert body == "よいお年を"
    spoken = model.spoken_text(row)
    assert spoken.endswith("（未読）") and spoken.startswith("Friends, ")


def test_a_notification_row_in_english() -> None:
    note = Notification("n1", NotificationKind.REPLY, "fr", RIN, T0, post("よいお年を"))
    row = StoredNotification(note, Audience.FRIENDS)
    model = NotificationsModel(lang="en", now=lambda: T0)
    what = what_happened(row)
    assert model.display_text(row).startswith(f"[Friends] {what} · ")
    assert model.spoken_text(row).startswith(f"Unread. Friends, {what}, ")


def test_the_composer_counter_in_another_order(qtbot, reordered: None) -> None:  # type: ignore[no-untyped-def]
    texts = TextPanes()
    qtbot.addWidget(texts)
    counters = Counters(texts)
    counters.set_targets([TargetInfo("fr", "@me@nakama", "misskey", Audience.FRIENDS, 3000)])
    texts.editor_for(Audience.FRIENDS).setPlainText("こんにちは")
    counters.recount()
    assert counters.labels["fr"].text() == "3000 字中 5 字（@me@nakama）"


def test_the_reply_window_in_another_order(qtbot, reordered: None) -> None:  # type: ignore[no-untyped-def]
    async def send(text: str, cards: Sequence[MediaUpload]) -> list[TargetResult]:
        raise AssertionError("not sent in this test")

    dialog = ReplyDialog(
        post(), audience=Audience.FRIENDS, people=0, limits=Limits(3000, "graphemes"),
        send=send, text="ありがとう",
    )  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.counter.text() == "3000 字中 5 字"
    assert dialog.parent_label.text() == "@rin@nakama（りん%3）\nメリークリスマス！"
    assert dialog.audience_label.text().endswith(" 🔒")


def test_the_safety_check_lines_in_another_order(qtbot, reordered: None) -> None:  # type: ignore[no-untyped-def]
    dialog = SafetyDialog()
    qtbot.addWidget(dialog)
    dialog.show_progress(
        [
            target("@me@sora", Audience.PUBLIC, TargetState.SENT, None),
            target("@me@nakama", Audience.FRIENDS, TargetState.QUEUED, None),
        ]
    )
    reached, waiting = dialog.status_label.text().split("\n")
    assert reached == "@me@sora（Public）：届きました ✓"
    assert waiting.startswith("@me@nakama（Friends）：まだです（") and waiting.endswith("）")


def test_an_error_in_two_sentences_in_another_order(reordered: None) -> None:
    error = NetworkError(ErrorKind.UNSUPPORTED, Refusal.NO_MEDIA.value)
    what, why = "This network cannot do that.", "An account of this audience cannot carry pictures."
    assert describe(error) == f"{why}／{what}"
    sandbox = "The practice sandbox could not be started or reached."
    assert open_failed_words(error, sandbox=True) == f"{why}／{what}／{sandbox}"


def test_an_error_in_two_sentences_in_english() -> None:
    error = NetworkError(ErrorKind.UNSUPPORTED, Refusal.NO_MEDIA.value)
    assert describe(error).startswith("This network cannot do that. ")
    sandbox = "The practice sandbox could not be started or reached."
    assert open_failed_words(error, sandbox=True) == f"{sandbox} {describe(error)}"


def test_a_sent_line_with_its_link_in_another_order(qtbot, reordered: None) -> None:  # type: ignore[no-untyped-def]
    rows = ResultRows(lambda key: "@me@sora")
    qtbot.addWidget(rows)
    rows.show_state("pub", "sent", url="https://sora.example/1")
    assert rows.status_text("pub") == '<a href="https://sora.example/1">open</a>（@me@sora）'
    rows.show_state("pub", "sent")
    assert rows.status_text("pub") == "@me@sora: sent"


def test_what_a_screen_reader_says_of_a_post_in_another_order(reordered: None) -> None:
    pictured = replace(post("写真です"), media=(MediaAttachment("http://127.0.0.1:1/a.png"),) * 2)
    spoken = describe_post(pictured, "en")
    assert spoken.startswith("りん%3 (@rin@nakama), ") and "%" not in spoken.replace("りん%3", "")
    assert spoken.endswith(": 写真です。画像 2 枚（友だちのみ）")


def test_what_a_screen_reader_says_of_a_post_in_english() -> None:
    pictured = replace(post("写真です"), media=(MediaAttachment("http://127.0.0.1:1/a.png"),))
    spoken = describe_post(pictured, "en")
    # "1 image." once kizuna_en.ts has this message's English forms (update_ts makes them)
    assert ": 写真です 1 image" in spoken and spoken.endswith(". Friends only.")
