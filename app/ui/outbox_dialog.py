"""The outbox: everything that still waits, in one place — local schedules, posts a server
holds to publish later (Mastodon ``scheduled_at``), waiting and retrying, failed — each
with its state, its time (Asia/Tokyo, in the UI language through Babel) and its reason.

Per row: Retry, Send now, Reschedule (to the time in the Japan-time field beside it) and
Cancel (Discard for what is not scheduled). Retry and Discard of a local row go out as
signals for the window to act on; the schedule actions run here, through the window's
:class:`~app.services.outbox.OutboxService` (``outbox=``, or the parent's ``outbox``),
because a server-held schedule is cancelled or moved on the server first
(``DELETE``/``PUT /api/v1/scheduled_statuses/:id``). When the server cannot be reached,
the dialog says so and the row stays as it was.

Signals: ``retryRequested(int)``, ``discardRequested(int)`` (also after a server-held post
was cancelled: the row is gone already and the window only recounts), ``resumeRequested()``
(something became due: wake the outbox loop), ``changed()`` (after any schedule action).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    Qt,
    QTime,
    QTimeZone,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import TOKYO
from app.core.errors import NetworkError
from app.core.models import Audience
from app.i18n.formatting import absolute_datetime
from app.services.outbox import OutboxService, ScheduleGone
from app.services.outbox_rows import LATE, OutboxTarget, TargetState
from app.ui.errors import describe, describe_kind
from app.ui.placeholders import fill
from app.ui.theme import named

log = logging.getLogger(__name__)

translate = QCoreApplication.translate
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_QT_TOKYO = QTimeZone(9 * 3600)  # Japan has no daylight saving time
COLUMNS = ("to", "state", "when", "reason", "text")


def is_held(row: OutboxTarget) -> bool:
    """Handed to its server, which publishes it at its time."""
    return row.state is TargetState.SENT and row.server_scheduled


def is_local_schedule(row: OutboxTarget, now: float) -> bool:
    """Waiting in Kizuna for its time (no error: not a retry)."""
    return (
        row.state is TargetState.QUEUED
        and row.error_kind is None
        and row.scheduled_at is not None
        and row.scheduled_at > now
    )


def when_of(row: OutboxTarget, now: float) -> float | None:
    """The time that matters for the row: its schedule, or its next try."""
    if is_held(row) or is_local_schedule(row, now):
        return row.scheduled_at
    if row.state is TargetState.NEEDS_ATTENTION and row.error_kind == LATE:
        return row.scheduled_at  # the time it missed
    if row.state is TargetState.QUEUED and row.next_attempt_at and row.next_attempt_at > now:
        return row.next_attempt_at
    return None


def format_when(ts: float, lang: str) -> str:
    """``2026年12月24日 21:00`` / ``Dec 24, 2026 9:00 PM``, in Japan time."""
    return absolute_datetime(datetime.fromtimestamp(ts, UTC), lang, tz=TOKYO)


def state_words(row: OutboxTarget, lang: str, now: float | None = None) -> str:
    now = time.time() if now is None else now
    if is_held(row):
        #: state of a post: its server holds it and publishes it at its time
        return translate("Outbox", "Scheduled on the server")
    if is_local_schedule(row, now):
        # Its time is in the When column beside it: the state says who keeps it.
        return translate("Outbox", "Scheduled in Kizuna")
    if row.state is TargetState.QUEUED and row.error_kind is None:
        return translate("Outbox", "Waiting to send")
    if row.state is TargetState.NEEDS_ATTENTION and row.error_kind == LATE:
        return translate("Outbox", "Missed its time")
    return {
        TargetState.QUEUED: translate("Outbox", "Waiting to retry"),
        #: state of a post in the outbox: going out now
        TargetState.SENDING: translate("Outbox", "Sending…"),
        #: state of a post in the outbox: it has gone out
        TargetState.SENT: translate("Outbox", "Sent"),
        #: state of a post in the outbox: it needs the user's decision
        TargetState.FAILED: translate("Outbox", "Failed"),
        TargetState.NEEDS_ATTENTION: translate("Outbox", "Needs your decision"),
    }[row.state]


def reason_words(row: OutboxTarget, now: float) -> str:
    if is_held(row):
        server = row.account.label or row.account.handle
        #: %1 the server that holds the scheduled post
        return translate(
            "Outbox", "Kept by %1: it is published at its time even while Kizuna is closed."
        ).replace("%1", server)
    if is_local_schedule(row, now):
        return translate("Outbox", "Kept by Kizuna: sent at its time while Kizuna is running.")
    return describe_kind(row.error_kind, row.error_detail)


class OutboxDialog(QDialog):
    retryRequested = Signal(int)
    discardRequested = Signal(int)
    resumeRequested = Signal()
    changed = Signal()

    def __init__(
        self,
        rows: Callable[[], list[OutboxTarget]],
        *,
        lang: str,
        parent: QWidget | None = None,
        outbox: Callable[[], OutboxService | None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``rows``: what to list (the service's ``pending``); ``outbox``: the service the
        schedule actions go through (None: listing only)."""
        super().__init__(parent)
        self._rows = rows
        self._lang = lang
        self._outbox = outbox
        self._clock = clock
        self._shown: dict[int, OutboxTarget] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        #: window title (送信トレイ)
        self.setWindowTitle(translate("Outbox", "Outbox"))
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        self._build_table(layout)
        layout.addLayout(self._build_schedule_bar())
        layout.addLayout(self._build_buttons())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def _build_table(self, layout: QVBoxLayout) -> None:
        self.empty_label = QLabel(translate("Outbox", "Nothing is waiting: every post was sent."))
        layout.addWidget(self.empty_label)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(
            [
                #: column header: the account a post goes to
                translate("Outbox", "To"),
                #: column header: waiting, scheduled, failed…
                translate("Outbox", "State"),
                translate("Outbox", "When (Japan time)"),
                #: column header: why a post waits or failed
                translate("Outbox", "Reason"),
                #: column header: the post's text
                translate("Outbox", "Text"),
            ]
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            COLUMNS.index("text"), QHeaderView.ResizeMode.Stretch
        )
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.message_label = named(QLabel(), "OutboxMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)
        layout.addWidget(self.message_label)

    def _build_schedule_bar(self) -> QHBoxLayout:
        """Send now, reschedule, discard: for the selected scheduled post."""
        schedule = QHBoxLayout()
        #: button: sends the selected post now
        self.send_now_button = QPushButton(translate("Outbox", "Send now"))
        self.send_now_button.setToolTip(
            translate("Outbox", "Send this post now instead of at its scheduled time")
        )
        self.reschedule_edit = named(QDateTimeEdit(), "RescheduleEdit")
        self.reschedule_edit.setTimeZone(_QT_TOKYO)
        self.reschedule_edit.setCalendarPopup(True)
        self.reschedule_edit.setDisplayFormat(
            QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        )
        self.reschedule_edit.setAccessibleName(translate("Outbox", "New time (Japan time)"))
        #: button: moves the selected scheduled post to the time beside it
        self.reschedule_button = QPushButton(translate("Outbox", "Reschedule"))
        self.reschedule_button.setToolTip(
            translate("Outbox", "Move this post to the time on the left (Japan time)")
        )
        #: button: forgets the selected unsent post
        self.cancel_button = QPushButton(translate("Outbox", "Discard"))
        self.send_now_button.clicked.connect(self._send_now)
        self.reschedule_button.clicked.connect(self._reschedule)
        self.cancel_button.clicked.connect(self._cancel)
        schedule.addWidget(self.send_now_button)
        schedule.addWidget(self.reschedule_edit)
        #: after the date and time field: the time is in Japan time
        schedule.addWidget(QLabel(translate("Outbox", "Japan time")))
        schedule.addWidget(self.reschedule_button)
        schedule.addWidget(self.cancel_button)
        schedule.addStretch(1)
        return schedule

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        #: button: sends the selected failed post again
        self.retry_button = QPushButton(translate("Outbox", "Retry"))
        self.resume_button = QPushButton(translate("Outbox", "Send everything due now"))
        self.retry_button.clicked.connect(lambda: self._emit(self.retryRequested))
        self.resume_button.clicked.connect(self.resumeRequested)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.resume_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons.addWidget(close)
        return buttons

    # -- rows ---------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return int(self.model.item(rows[0].row(), 0).data(ID_ROLE))

    def selected(self) -> OutboxTarget | None:
        target_id = self.selected_id()
        return None if target_id is None else self._shown.get(target_id)

    def select(self, target_id: int) -> bool:
        """Select the row of ``target_id`` (False: not listed)."""
        for i in range(self.model.rowCount()):
            if self.model.item(i, 0).data(ID_ROLE) == target_id:
                self.table.selectRow(i)
                return True
        return False

    def cell(self, target_id: int, column: str) -> str:
        """The text shown for ``target_id`` in ``column`` (one of :data:`COLUMNS`)."""
        for i in range(self.model.rowCount()):
            if self.model.item(i, 0).data(ID_ROLE) == target_id:
                return self.model.item(i, COLUMNS.index(column)).text()
        raise KeyError(target_id)

    def refresh(self) -> None:
        keep = self.selected_id()
        rows = self._rows()
        now = self._clock()
        self._shown = {row.id: row for row in rows}
        self.model.setRowCount(0)
        for row in rows:
            circle = (
                #: the circle a post goes to: public
                translate("Outbox", "Public")
                if row.audience is Audience.PUBLIC
                #: the circle a post goes to: friends
                else translate("Outbox", "Friends")
            )
            #: Outbox "To" column: %1 the circle (Public or Friends), %2 the account's handle.
            to = QStandardItem(fill(translate("Outbox", "%1 %2"), circle, row.account.handle))
            to.setData(row.id, ID_ROLE)
            when = when_of(row, now)
            text = QStandardItem(row.text.replace("\n", " ")[:200])
            text.setToolTip(row.text)
            reason = QStandardItem(reason_words(row, now))
            reason.setToolTip(reason.text())
            self.model.appendRow(
                [
                    to,
                    QStandardItem(state_words(row, self._lang, now)),
                    QStandardItem(format_when(when, self._lang) if when else ""),
                    reason,
                    text,
                ]
            )
            if row.id == keep:
                self.table.selectRow(self.model.rowCount() - 1)
        self.table.resizeColumnsToContents()
        # A long state or reason wraps (its tooltip has it all) instead of pushing the text,
        # the column that tells the posts apart, out of sight.
        em = self.fontMetrics().height()
        for name, widest in (("state", 12 * em), ("reason", 18 * em)):
            column = COLUMNS.index(name)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.resizeRowsToContents()
        tallest = 2 * self.fontMetrics().lineSpacing() + 8  # two lines; the tooltip has all
        for i in range(self.model.rowCount()):
            self.table.setRowHeight(i, min(self.table.rowHeight(i), tallest))
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._update_buttons()

    def _selection_changed(self) -> None:
        row = self.selected()
        if row is not None:
            now = self._clock()
            when = row.scheduled_at if row.scheduled_at and row.scheduled_at > now else None
            self.set_reschedule_time(datetime.fromtimestamp(when if when else now + 3600, UTC))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected()
        busy = bool(self._tasks)
        now = self._clock()
        movable = row is not None and (
            is_held(row)
            or row.state in (TargetState.QUEUED, TargetState.FAILED, TargetState.NEEDS_ATTENTION)
        )
        scheduled = row is not None and (is_held(row) or is_local_schedule(row, now))
        self.retry_button.setEnabled(
            row is not None
            and not busy
            and not is_held(row)
            and row.state is not TargetState.SENDING
            and not is_local_schedule(row, now)
        )
        for button in (self.send_now_button, self.reschedule_button, self.cancel_button):
            button.setEnabled(movable and not busy)
        self.reschedule_edit.setEnabled(movable and not busy)
        self.cancel_button.setText(
            #: button: cancels the selected scheduled post (on its server too)
            translate("Outbox", "Cancel schedule") if scheduled else translate("Outbox", "Discard")
        )

    # -- actions ------------------------------------------------------------------------
    def set_reschedule_time(self, moment: datetime) -> None:
        """Put ``moment`` (aware) in the Japan-time field beside Reschedule."""
        local = moment.astimezone(TOKYO)
        self.reschedule_edit.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
                _QT_TOKYO,
            )
        )

    def reschedule_time(self) -> datetime:
        seconds = self.reschedule_edit.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, UTC).astimezone(TOKYO)

    def _service(self) -> OutboxService | None:
        return self._outbox() if self._outbox is not None else None

    def _emit(self, signal: SignalInstance) -> None:
        target_id = self.selected_id()
        if target_id is not None:
            signal.emit(target_id)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def message(self) -> str:
        return "" if self.message_label.isHidden() else self.message_label.text()

    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)

        def done(t: asyncio.Task[None]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("outbox action failed", exc_info=t.exception())
            self.refresh()

        task.add_done_callback(done)
        self._update_buttons()

    async def wait_idle(self) -> None:
        """Until the schedule actions started here are done (for tests and closing)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _cancel(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.show_message("")
        if not is_held(row):
            self.discardRequested.emit(row.id)  # local: the window discards it
            return
        self._run(self._cancel_held(row))

    async def _cancel_held(self, row: OutboxTarget) -> None:
        service = self._service()
        if service is None:
            self.show_message(translate("Outbox", "Not signed in yet: try again in a moment."))
            return
        try:
            await service.cancel(row.id)
        except NetworkError as exc:
            self.show_message(
                #: %1 why (a sentence)
                translate(
                    "Outbox", "Could not cancel it on the server: %1 It is still scheduled there."
                ).replace("%1", describe(exc))
            )
            return
        self.show_message(translate("Outbox", "Cancelled: the server will not publish it."))
        self.discardRequested.emit(row.id)  # gone already: the window recounts
        self.changed.emit()

    def _send_now(self) -> None:
        row = self.selected()
        if row is not None:
            self.show_message("")
            self._run(self._act(row, None))

    def _reschedule(self) -> None:
        row = self.selected()
        if row is not None:
            self.show_message("")
            self._run(self._act(row, self.reschedule_time()))

    async def _act(self, row: OutboxTarget, at: datetime | None) -> None:
        """Send now (``at`` None) or move the row to ``at``."""
        service = self._service()
        if service is None:
            self.show_message(translate("Outbox", "Not signed in yet: try again in a moment."))
            return
        try:
            if at is None:
                done = await service.send_now(row.id)
            else:
                done = await service.reschedule(row.id, at)
        except ScheduleGone:
            self.show_message(
                translate(
                    "Outbox", "The server no longer holds it: published or cancelled elsewhere."
                )
            )
            self.discardRequested.emit(row.id)  # gone already: the window recounts
            return
        except ValueError:
            self.show_message(translate("Outbox", "Choose a time that has not passed yet."))
            return
        except NetworkError as exc:
            words = describe(exc)
            if is_held(row):
                #: %1 why (a sentence)
                text = translate(
                    "Outbox", "Could not change it on the server: %1 It is still scheduled there."
                )
            else:
                #: %1 why (a sentence)
                text = translate("Outbox", "Could not change it: %1")
            self.show_message(text.replace("%1", words))
            return
        if not done:
            self.show_message(
                translate("Outbox", "It changed meanwhile (sent or being sent); nothing was done.")
            )
            return
        if at is None:
            #: status line after Send now
            self.show_message(translate("Outbox", "Sending now."))
        else:
            self.show_message(
                #: status line; %1 the new date and time
                translate("Outbox", "Rescheduled for %1.").replace(
                    "%1", format_when(at.timestamp(), self._lang)
                )
            )
        self.resumeRequested.emit()  # it may be due now (or for its server now)
        self.changed.emit()
