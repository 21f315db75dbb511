"""The reply composer: answer one post, in the audience it allows, through the outbox.

Opened by :mod:`app.ui.post_actions` (reply, and お返しを送る for a gift addressed to the
user). It shows the post it answers, the audience the reply will use — worked out by
:func:`app.core.answering.reply_audience` and shown *locked*: there is no control to
widen it — a counter by the network's own :class:`~app.core.models.Limits`, and, for a
return gift, the card it carries. Ctrl+Enter (⌘+Return) sends; plain Enter is the IME's.

Sending is the caller's coroutine (the session's :meth:`Poster.send_reply
<app.services.poster.Poster.send_reply>`: durable, exactly once); the dialog shows the
result in words and closes once the reply is sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.counting import measure
from app.core.models import Audience, Limits, MediaUpload, Post
from app.services.poster import TargetResult, TargetState
from app.ui.errors import describe
from app.ui.placeholders import fill
from app.ui.theme import named

translate = QCoreApplication.translate

Send = Callable[[str, Sequence[MediaUpload]], Awaitable[list[TargetResult]]]

__all__ = ["ReplyDialog", "audience_words"]


def audience_words(audience: Audience, people: int) -> str:
    """The locked audience, in words."""
    if audience is Audience.PUBLIC:
        return translate("ReplyComposer", "Public — like the post you answer")
    if people:
        #: Reply window, audience: %n is how many people the friends-only post was addressed to.
        return translate(
            "ReplyComposer", "Only the %n person(s) the post was for — locked", "", people
        )
    return translate("ReplyComposer", "Friends only — like the post you answer (locked)")


class ReplyDialog(QDialog):
    """One reply; see the module docstring. ``sent`` carries the results once sent."""

    sent = Signal(object)  # list[TargetResult]

    def __init__(
        self,
        post: Post,
        *,
        audience: Audience,
        people: int,
        limits: Limits,
        send: Send,
        text: str = "",
        card: MediaUpload | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.post, self.audience, self.limits = post, audience, limits
        self._send, self._card = send, card
        self._task: asyncio.Future[None] | None = None
        self.setObjectName("ReplyComposer")
        #: Window title of the reply composer.
        self.setWindowTitle(title or translate("ReplyComposer", "Reply"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        name = post.author.display_name or post.author.username
        self.parent_label = named(QLabel(), "ReplyParent")
        self.parent_label.setWordWrap(True)
        self.parent_label.setTextFormat(Qt.TextFormat.PlainText)
        #: Reply window, above the editor: the post being answered; %1 its author's name,
        #: %2 the author's handle (@rin@nakama), %3 the start of the post's text.
        answered = translate("ReplyComposer", "%1 %2\n%3")
        self.parent_label.setText(fill(answered, name, post.author.handle, _clip(post.text, 280)))
        #: Screen-reader name of the post being answered; %1 is its author's name.
        self.parent_label.setAccessibleName(
            translate("ReplyComposer", "In reply to %1").replace("%1", name)
        )
        layout.addWidget(self.parent_label)
        #: Reply window: who will read the reply (fixed, hence the lock); %1 says who
        #: (public, friends only, or the people the post was for).
        lock = translate("ReplyComposer", "🔒 %1")
        self.audience_label = named(
            QLabel(fill(lock, audience_words(audience, people))), "ReplyAudience"
        )
        #: Screen-reader name of the reply's audience (who will read it); %1 says who.
        self.audience_label.setAccessibleName(
            translate("ReplyComposer", "Audience: %1").replace(
                "%1", audience_words(audience, people)
            )
        )
        layout.addWidget(self.audience_label)
        self.editor = named(QPlainTextEdit(), "ReplyText")
        #: Screen-reader name of the reply's text box.
        self.editor.setAccessibleName(translate("ReplyComposer", "Reply text"))
        self.editor.setPlainText(text)
        self.editor.textChanged.connect(self._count)
        layout.addWidget(self.editor, 1)
        self.card_label = named(QLabel(), "ReplyCard")
        if card is not None:
            image = QImage.fromData(card.data)
            self.card_label.setPixmap(QPixmap.fromImage(image).scaledToWidth(240))
            self.card_label.setAccessibleName(card.description)
            self.card_label.setToolTip(card.description)
        self.card_label.setVisible(card is not None)
        layout.addWidget(self.card_label)
        self.counter = named(QLabel(), "ReplyCounter")
        layout.addWidget(self.counter)
        self.status = named(QLabel(), "ReplyStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        #: Reply window button: send the reply.
        self.send_button = QPushButton(translate("ReplyComposer", "Send"))
        self.send_button.setAccessibleName(translate("ReplyComposer", "Send the reply"))
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(self.send)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.send)
        self.resize(520, 380 if card is None else 560)
        self._count()

    def _count(self) -> None:
        used = measure(self.editor.toPlainText(), self.limits)
        #: Reply window counter: %1 characters used, %2 the network's limit.
        self.counter.setText(
            fill(translate("ReplyComposer", "%1 / %2"), str(used.used), str(used.limit))
        )
        fits = used.fits_characters and used.fits_bytes
        self.counter.setAccessibleName(
            #: Screen-reader name of the reply's counter; %1 characters used, %2 the limit.
            translate("ReplyComposer", "%1 of %2 characters")
            .replace("%1", str(used.used))
            .replace("%2", str(used.limit))
        )
        self.send_button.setEnabled(fits and bool(self.editor.toPlainText().strip()))
        if not fits:
            self.status.setText(
                translate("ReplyComposer", "The reply is too long for this network.")
            )
        elif self._task is None:
            self.status.clear()

    def send(self) -> None:
        if not self.send_button.isEnabled() or self._task is not None:
            return
        self.send_button.setEnabled(False)
        self.editor.setReadOnly(True)
        #: Reply window status while the reply is being sent.
        self.status.setText(translate("ReplyComposer", "Sending…"))
        self._task = asyncio.ensure_future(self._run(self.editor.toPlainText()))

    async def _run(self, text: str) -> None:
        try:
            results = await self._send(text, () if self._card is None else (self._card,))
        except Exception as exc:  # a refusal or a bug: said in words, the text is kept
            self._failed(describe(exc))
            return
        self.sent.emit(results)
        failed = [r for r in results if r.state is not TargetState.SENT]
        if not results or failed:
            # Queued: the outbox keeps it (retries, or the user decides there); sending
            # it again from here would make a second reply.
            error = failed[0].error if failed else None
            words = describe(error) if error is not None else ""
            if words:
                #: Reply window status when the reply could not be sent at once; %1 is
                #: why, in words (a sentence from the network's error).
                waiting = translate("ReplyComposer", "Not sent yet; it waits in the outbox. %1")
                self.status.setText(fill(waiting, words))
            else:
                self.status.setText(
                    translate("ReplyComposer", "Not sent yet; it waits in the outbox.")
                )
            return
        #: Reply window status once the reply is on the server.
        self.status.setText(translate("ReplyComposer", "Sent."))
        self.accept()

    def _failed(self, words: str) -> None:
        self._task = None
        self.editor.setReadOnly(False)
        self._count()
        self.status.setText(words)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
