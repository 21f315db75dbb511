"""The outbox as the window shows it: the Outbox button's count and dialog, the 安否確認
dialog's progress, retry and discard, and the question about schedules missed while
Kizuna was closed (never sent late without asking).

Every change of any target reaches :meth:`OutboxController.on_update` from the session's
outbox runner. When the runner's writes are refused (the disk full, the profile read-only
or locked: :attr:`OutboxService.writes <app.services.outbox.OutboxService.writes>`),
:attr:`OutboxController.writeProblem` says so once, and None once they work again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.models import Audience
from app.services.outbox import OutboxService
from app.services.outbox_rows import LATE, MessageKind, OutboxTarget
from app.services.profile_problems import WriteProblem
from app.ui.top_bar import TopBar

if TYPE_CHECKING:  # the dialogs are loaded when first opened, not at the window's start
    from app.ui.outbox_dialog import OutboxDialog
    from app.ui.safety_dialog import SafetyDialog

BOTH = frozenset({Audience.PUBLIC, Audience.FRIENDS})


class OutboxController(QObject):
    #: The shown session's sender: a :class:`~app.services.profile_problems.WriteProblem`
    #: when the profile refused its writes (once per problem), None when they work again.
    writeProblem = Signal(object)

    def __init__(
        self,
        *,
        window: QWidget,
        lang: str,
        outbox: Callable[[], OutboxService | None],
        wake: Callable[[], None],
        top_bar: TopBar,
        on_row: Callable[[OutboxTarget], None],
    ) -> None:
        """``outbox``: the shown session's (None: none shown). ``wake``: the outbox
        runner's. ``on_row``: also told of every change (the composer's rows)."""
        super().__init__(window)
        self._window = window
        self._lang = lang
        self._outbox = outbox
        self._wake = wake
        self._top_bar = top_bar
        self._on_row = on_row
        self.outbox_dialog: OutboxDialog | None = None
        self.safety_dialog: SafetyDialog | None = None
        self.safety_message: int | None = None  # the message the safety dialog follows
        self.late_box: QMessageBox | None = None
        self.write_problem: WriteProblem | None = None
        self._watched: OutboxService | None = None  # whose write problems are followed

    # -- what changed ------------------------------------------------------------------------
    def on_update(self, row: OutboxTarget) -> None:
        """Every change of any target, from the composer's sends and background retries."""
        self._on_row(row)
        outbox = self._outbox()
        if self.safety_dialog is not None and outbox is not None:
            if row.message_id == self.safety_message:
                self.safety_dialog.show_progress(outbox.targets(row.message_id))
        if row.error_kind == LATE and self.late_box is None:
            # Missed while the app was open but asleep: ask, as at start.
            self.ask_about_late_schedules()
        self.changed()

    def changed(self) -> None:
        """Recount the Outbox button; refresh its dialog when shown."""
        self._follow_writes()
        self._top_bar.set_outbox_count(len(self.pending()))
        if self.outbox_dialog is not None and self.outbox_dialog.isVisible():
            self.outbox_dialog.refresh()

    def _follow_writes(self) -> None:
        """Follow the write problems of the shown session's sender (a new session: its)."""
        outbox = self._outbox()
        if outbox is None or outbox is self._watched:
            return
        self._watched = outbox
        outbox.writes.listen(lambda problem: self._heard(outbox, problem))
        self._heard(outbox, outbox.writes.problem)

    def _heard(self, outbox: OutboxService, problem: WriteProblem | None) -> None:
        if outbox is not self._watched or problem == self.write_problem:
            return  # an earlier session's sender, or nothing new
        self.write_problem = problem
        self.writeProblem.emit(problem)

    def pending(self) -> list[OutboxTarget]:
        outbox = self._outbox()
        return outbox.pending() if outbox is not None else []

    def sent(self) -> None:
        """Something was queued: send it, and recount."""
        self._wake()
        self.changed()

    def retry(self, target_id: int) -> None:
        outbox = self._outbox()
        if outbox is not None and outbox.retry(target_id):
            self._wake()
        self.changed()

    def discard(self, target_id: int) -> None:
        outbox = self._outbox()
        if outbox is not None:
            outbox.discard(target_id)
        self.changed()

    # -- dialogs ------------------------------------------------------------------------------
    def open_outbox(self) -> OutboxDialog:
        if self.outbox_dialog is None:
            from app.ui.outbox_dialog import OutboxDialog

            self.outbox_dialog = OutboxDialog(
                self.pending, lang=self._lang, parent=self._window, outbox=self._outbox
            )
            self.outbox_dialog.changed.connect(self.changed)
            self.outbox_dialog.retryRequested.connect(self.retry)
            self.outbox_dialog.discardRequested.connect(self.discard)
            self.outbox_dialog.resumeRequested.connect(self._wake)
        self.outbox_dialog.refresh()
        self.outbox_dialog.show()
        return self.outbox_dialog

    def open_safety_check(self) -> SafetyDialog:
        if self.safety_dialog is None:
            from app.ui.safety_dialog import SafetyDialog

            self.safety_dialog = SafetyDialog(self._window)
            self.safety_dialog.sendRequested.connect(self._send_safety)
        self.safety_dialog.show()
        self.safety_dialog.raise_()
        return self.safety_dialog

    def _send_safety(self, message: str, place: str) -> None:
        outbox = self._outbox()
        if outbox is None or self.safety_dialog is None:
            return
        texts = self.safety_dialog.texts()
        self.safety_message = outbox.enqueue(texts, BOTH, kind=MessageKind.SAFETY)
        self.safety_dialog.show_progress(outbox.targets(self.safety_message))
        self._wake()

    def ask_about_late_schedules(self) -> None:
        """A schedule missed while the app was closed is never sent late without asking."""
        outbox = self._outbox()
        late = outbox.late_schedules() if outbox is not None else []
        if not late:
            return
        messages = sorted({row.message_id for row in late})
        count = len(messages)  # a plain name: lupdate skips a count that is a call
        #: Title of the question at start about scheduled posts whose time passed.
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("MainWindow", "Missed schedule"),
            #: The question; %n is how many scheduled posts are late.
            QCoreApplication.translate(
                "MainWindow",
                "%n scheduled post(s) should have gone out while Kizuna was closed. Send them now?",
                "",
                count,
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._window,
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "MainWindow", "No keeps them in the outbox, where you can send or discard them."
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(button: int) -> None:
            self.late_box = None  # deleted on close: never touch it again
            current = self._outbox()
            if button == QMessageBox.StandardButton.Yes and current is not None:
                for message_id in messages:
                    current.confirm_late(message_id)
                self._wake()
            self.changed()

        box.finished.connect(answered)
        box.open()  # never exec() inside the event loop's coroutines
        self.late_box = box
