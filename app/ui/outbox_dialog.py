"""The outbox: what is waiting, scheduled or failed, with its reason, and per-target
Retry and Discard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from app.core.models import Audience
from app.i18n.formatting import absolute_datetime
from app.store.outbox import OutboxTarget, TargetState
from app.ui.errors import describe_kind

translate = QCoreApplication.translate
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def state_words(row: OutboxTarget, lang: str) -> str:
    now = datetime.now(UTC).timestamp()
    if row.state is TargetState.QUEUED and row.scheduled_at and row.scheduled_at > now:
        when = absolute_datetime(datetime.fromtimestamp(row.scheduled_at, UTC), lang)
        return translate("Outbox", "Scheduled for %1").replace("%1", when)
    return {
        TargetState.QUEUED: translate("Outbox", "Waiting to retry"),
        TargetState.SENDING: translate("Outbox", "Sending…"),
        TargetState.SENT: translate("Outbox", "Sent"),
        TargetState.FAILED: translate("Outbox", "Failed"),
        TargetState.NEEDS_ATTENTION: translate("Outbox", "Needs your decision"),
    }[row.state]


class OutboxDialog(QDialog):
    retryRequested = Signal(int)
    discardRequested = Signal(int)
    resumeRequested = Signal()

    def __init__(
        self, rows: Callable[[], list[OutboxTarget]], *, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._rows = rows
        self._lang = lang
        self.setWindowTitle(translate("Outbox", "Outbox"))
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.empty_label = QLabel(translate("Outbox", "Nothing is waiting: every post was sent."))
        layout.addWidget(self.empty_label)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels(
            [
                translate("Outbox", "To"),
                translate("Outbox", "State"),
                translate("Outbox", "Reason"),
                translate("Outbox", "Text"),
            ]
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(translate("Outbox", "Retry"))
        self.discard_button = QPushButton(translate("Outbox", "Discard"))
        self.resume_button = QPushButton(translate("Outbox", "Send everything due now"))
        self.retry_button.clicked.connect(lambda: self._emit(self.retryRequested))
        self.discard_button.clicked.connect(lambda: self._emit(self.discardRequested))
        self.resume_button.clicked.connect(self.resumeRequested)
        for b in (self.retry_button, self.discard_button, self.resume_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return int(self.model.item(rows[0].row(), 0).data(ID_ROLE))

    def _emit(self, signal: Signal) -> None:  # type: ignore[type-arg]
        target_id = self.selected_id()
        if target_id is not None:
            signal.emit(target_id)  # type: ignore[attr-defined]

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.retry_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    def refresh(self) -> None:
        keep = self.selected_id()
        rows = self._rows()
        self.model.setRowCount(0)
        for row in rows:
            circle = (
                translate("Outbox", "Public")
                if row.audience is Audience.PUBLIC
                else translate("Outbox", "Friends")
            )
            to = QStandardItem(f"{circle} {row.account.handle}")
            to.setData(row.id, ID_ROLE)
            reason = describe_kind(row.error_kind, row.error_detail)
            text = QStandardItem(row.text.replace("\n", " ")[:200])
            text.setToolTip(row.text)
            self.model.appendRow(
                [to, QStandardItem(state_words(row, self._lang)), QStandardItem(reason), text]
            )
            if row.id == keep:
                self.table.selectRow(self.model.rowCount() - 1)
        self.table.resizeColumnsToContents()
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._update_buttons()
