"""挨拶帳 (greeting ledger): who greeted you and whom you greeted, per occasion and year.

An occasion/year chooser, two lists — greetings received (未返礼 where you have not
answered yet) and greetings sent (未返信 where they have not greeted you back) — a 喪中
checkbox (the window's own setting: answers become 寒中見舞い), and 「まとめて返礼」, which
answers every unanswered greeting once, each in its sender's audience, after a
confirmation that says how many and to whom. Everything goes through
:class:`app.services.ledger.LedgerService`; network work runs as tasks on the qasync
loop (never ``exec()`` inside a coroutine: the confirmation is ``open()``-ed).

:func:`open_ledger` opens the window's one dialog; 「挨拶帳…」 (Ctrl+Shift+L) in the 設定
menu is wired by :func:`app.ui.settings_menu.install_ledger_entry`, which imports this
module only when the entry is first chosen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QFont,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import TOKYO
from app.core.ledger import Ledger
from app.core.models import Audience
from app.i18n import data_names
from app.i18n.formatting import absolute_datetime
from app.services.ledger import Answer, LedgerService
from app.ui import theme
from app.ui.placeholders import fill
from app.ui.theme import named

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
RECEIVED_COLUMNS = ("when", "from", "circle", "state", "text")
SENT_COLUMNS = ("when", "to", "circle", "state", "text")


def _circle(audience: Audience) -> str:
    if audience is Audience.PUBLIC:
        #: Ledger, column Circle: the greeting went to the public timeline.
        return translate("Ledger", "Public")
    #: Ledger, column Circle: the greeting went to the friends feed.
    return translate("Ledger", "Friends")


def _table(parent: QWidget, name: str, headers: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(0, len(headers), parent)
    model.setHorizontalHeaderLabels(headers)
    table = named(QTableView(parent), name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table, model


class LedgerDialog(QDialog):
    """The ledger of one occasion; see the module docstring."""

    mourningToggled = Signal(bool)

    def __init__(
        self,
        service: Callable[[], LedgerService | None],
        *,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._lang = lang
        self._tasks: set[asyncio.Task[None]] = set()
        self._ledger: Ledger | None = None
        self.confirm_box: QMessageBox | None = None
        self.setObjectName("LedgerDialog")
        #: Window title of the greeting ledger (挨拶帳): who greeted you, whom you greeted.
        self.setWindowTitle(translate("Ledger", "Greeting ledger"))
        self.resize(980, 620)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_chooser())
        self._build_lists(layout)
        layout.addLayout(self._build_buttons())
        self.fill_choices()

    # -- building ----------------------------------------------------------------------------
    def _build_chooser(self) -> QHBoxLayout:
        row = QHBoxLayout()
        #: Ledger, label of the chooser of occasion and year (e.g. 年賀状 2027).
        label = QLabel(translate("Ledger", "Occasion:"))
        self.occasion_box = named(QComboBox(), "LedgerOccasion")
        self.occasion_box.setAccessibleName(translate("Ledger", "Occasion and year"))
        label.setBuddy(self.occasion_box)
        self.occasion_box.currentIndexChanged.connect(lambda _i: self.reload())
        #: Ledger button: look for new greetings on the networks again.
        self.refresh_button = named(
            QPushButton(translate("Ledger", "Check again")), "LedgerRefresh"
        )
        self.refresh_button.setToolTip(
            translate("Ledger", "Look for new greetings in your notifications and friends feed")
        )
        self.refresh_button.clicked.connect(self.collect)
        #: Ledger check box: you are in mourning (喪中), so answers are 寒中見舞い.
        self.mourning_box = named(
            QCheckBox(translate("Ledger", "Mourning (喪中)")), "LedgerMourning"
        )
        self.mourning_box.setToolTip(
            translate("Ledger", "Answer with a midwinter greeting (寒中見舞い) instead")
        )
        self.mourning_box.toggled.connect(self._mourning_toggled)
        row.addWidget(label)
        row.addWidget(self.occasion_box, 1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.mourning_box)
        return row

    def _build_lists(self, layout: QVBoxLayout) -> None:
        self.received_label = QLabel(translate("Ledger", "Greetings you received"))
        self.received_table, self.received_model = _table(
            self,
            "LedgerReceived",
            [
                translate("Ledger", "When (Japan time)"),
                #: Column header of greetings received: who sent the greeting.
                translate("Ledger", "From"),
                #: Column header: public timeline or friends feed.
                translate("Ledger", "Circle"),
                #: Column header: answered or not (未返礼) / greeted back or not (未返信).
                translate("Ledger", "State"),
                #: Column header: the greeting's text.
                translate("Ledger", "Greeting"),
            ],
        )
        self.received_table.setAccessibleName(translate("Ledger", "Greetings you received"))
        self.received_label.setBuddy(self.received_table)
        self.sent_label = QLabel(translate("Ledger", "Greetings you sent"))
        self.sent_table, self.sent_model = _table(
            self,
            "LedgerSent",
            [
                translate("Ledger", "When (Japan time)"),
                #: Column header of greetings sent: whom the greeting went to (宛先).
                translate("Ledger", "To"),
                translate("Ledger", "Circle"),
                translate("Ledger", "State"),
                translate("Ledger", "Greeting"),
            ],
        )
        self.sent_table.setAccessibleName(translate("Ledger", "Greetings you sent"))
        self.sent_label.setBuddy(self.sent_table)
        for widget in (self.received_label, self.received_table):
            layout.addWidget(widget, 0 if widget is self.received_label else 3)
        for widget in (self.sent_label, self.sent_table):
            layout.addWidget(widget, 0 if widget is self.sent_label else 2)

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.summary_label = named(QLabel(), "LedgerSummary")
        self.summary_label.setWordWrap(True)
        self.answer_button = named(
            QPushButton(translate("Ledger", "Answer all (まとめて返礼)")), "LedgerAnswerAll"
        )
        self.answer_button.setToolTip(
            translate(
                "Ledger",
                "Answer every unanswered greeting once, each in the circle it came from",
            )
        )
        self.answer_button.clicked.connect(self.confirm_answer_all)
        #: Ledger button: close the window.
        close = QPushButton(translate("Ledger", "Close"))
        close.clicked.connect(self.close)
        row.addWidget(self.summary_label, 1)
        row.addWidget(self.answer_button)
        row.addWidget(close)
        return row

    # -- the occasion ------------------------------------------------------------------------
    def fill_choices(self) -> None:
        service = self._service()
        self.occasion_box.blockSignals(True)
        self.occasion_box.clear()
        if service is not None:
            for o in service.choices():
                name = data_names.occasion_name(o.name_ja, o.name_en, self._lang)
                #: Ledger, the occasion to show: %1 its name (お歳暮), %2 the year (2026).
                label = fill(translate("Ledger", "%1 %2"), name, str(o.start.year))
                self.occasion_box.addItem(label, (o.key, o.start.year))
            current = self.occasion_box.findData(service.current())
            self.occasion_box.setCurrentIndex(max(current, 0))
            self.mourning_box.blockSignals(True)
            self.mourning_box.setChecked(service.mourning())
            self.mourning_box.blockSignals(False)
        self.occasion_box.blockSignals(False)
        self.reload()

    def chosen(self) -> tuple[str, int] | None:
        data = self.occasion_box.currentData()
        return (str(data[0]), int(data[1])) if data else None

    def choose(self, key: str, year: int) -> bool:
        index = self.occasion_box.findData((key, year))
        if index >= 0:
            self.occasion_box.setCurrentIndex(index)
        return index >= 0

    def _mourning_toggled(self, on: bool) -> None:
        self.mourningToggled.emit(on)
        self.reload()

    # -- showing -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Show the chosen ledger from what was collected (no network)."""
        service, chosen = self._service(), self.chosen()
        if service is None or chosen is None:
            self._ledger = None
            self._show(None)
            return
        self._ledger = service.ledger(*chosen)
        self._show(self._ledger)

    def _show(self, ledger: Ledger | None) -> None:
        self.received_model.removeRows(0, self.received_model.rowCount())
        self.sent_model.removeRows(0, self.sent_model.rowCount())
        if ledger is None:
            self.summary_label.setText(translate("Ledger", "Not connected yet."))
            self.answer_button.setEnabled(False)
            return
        known = {r.greeting.person: r.greeting.sender_handle for r in ledger.received}
        for row in ledger.received:
            g = row.greeting
            state = (
                #: Ledger, State of a received greeting: you have answered it.
                translate("Ledger", "Answered")
                if row.answered
                else translate("Ledger", "Not answered (未返礼)")
            )
            text = g.text
            if g.gift:  # 「🎁 門松のカード：…」
                #: A received gift card in the ledger; %1 the gift's name, %2 the card's text.
                card = translate("Ledger", "🎁 %1 card: %2").replace("%1", self._gift_name(g.gift))
                text = card.replace("%2", g.text)
            self._add(self.received_model, [self._when(g.at.timestamp()), g.sender_handle,
                      _circle(g.audience), state, text], marked=not row.answered)  # fmt: skip
        for sent in ledger.sent:
            s = sent.greeting
            people = [known.get((s.account_key, i), i) for i in s.recipient_ids]
            #: Ledger, between the people a greeting was sent to (To column).
            to = translate("Ledger", ", ").join([*people, *(f"@{n}" for n in s.recipient_names)])
            #: Ledger, To of a greeting sent to no one in particular (a public post).
            to = to or translate("Ledger", "Everyone")
            state = self._sent_state(sent.returned, s.addressed, s.delivered)
            self._add(self.sent_model, [self._when(s.at.timestamp()), to, _circle(s.audience),
                      state, s.text], marked=s.addressed and not sent.returned)  # fmt: skip
        for table in (self.received_table, self.sent_table):
            table.resizeColumnsToContents()
        self._summarise(ledger)

    def _gift_name(self, key: str) -> str:
        """The gift's name in the ledger's language (門松 / Kadomatsu / a translation)."""
        service = self._service()
        if service is None:
            return key
        return data_names.gift_name(*service.gift_names(key), self._lang)

    @staticmethod
    def _sent_state(returned: bool, addressed: bool, delivered: bool) -> str:
        if not delivered:
            return translate("Ledger", "Waiting in the outbox")
        if not addressed:
            #: Ledger, State of a sent greeting addressed to no one: no answer expected.
            return translate("Ledger", "To everyone")
        if returned:
            #: Ledger, State of a sent greeting the person has answered.
            return translate("Ledger", "Greeted back")
        return translate("Ledger", "Not greeted back (未返信)")

    def _when(self, ts: float) -> str:
        from datetime import UTC, datetime

        return absolute_datetime(datetime.fromtimestamp(ts, UTC), self._lang, tz=TOKYO)

    def _add(self, model: QStandardItemModel, cells: list[str], *, marked: bool) -> None:
        items = [QStandardItem(" ".join(c.split())) for c in cells]
        for item, cell in zip(items, cells, strict=True):
            item.setToolTip(cell)
        if marked:  # 未返礼 / 未返信: bold, and the state in the accent colour
            for item in items:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            ground = self.palette().color(QPalette.ColorRole.Base)
            items[3].setForeground(QBrush(theme.readable(theme.ERROR_TEXT, ground)))
        model.appendRow(items)

    def _summarise(self, ledger: Ledger) -> None:
        unanswered, waiting = len(ledger.unanswered), len(ledger.not_returned)
        #: Ledger summary; %n is how many received greetings you have not answered.
        text = translate("Ledger", "%n greeting(s) not answered yet", "", unanswered)
        #: Separator between the parts of the ledger summary line.
        text += translate("Ledger", " · ")
        #: Ledger summary; %n is how many people you greeted have not answered yet.
        text += translate("Ledger", "%n not greeted back yet", "", waiting)
        if ledger.mourning:
            text += translate("Ledger", " · ") + translate(
                "Ledger", "In mourning: answers are midwinter greetings (寒中見舞い)"
            )
        service = self._service()
        if service is not None and service.unreachable:
            #: Ledger summary, between the handles of accounts that could not be read.
            names = translate("Ledger", ", ").join(a.handle for a in service.unreachable)
            text += translate("Ledger", " · ")
            #: Ledger summary; %1 is the accounts (handles) whose greetings could not be read.
            text += translate("Ledger", "Could not read %1; its greetings may be missing").replace(
                "%1", names
            )
        self.summary_label.setText(text)
        self.answer_button.setEnabled(unanswered > 0 and not self._tasks)

    def message(self) -> str:
        return self.summary_label.text()

    # -- network work ------------------------------------------------------------------------
    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        self.refresh_button.setEnabled(False)
        self.answer_button.setEnabled(False)

        def done(t: asyncio.Task[None]) -> None:
            self._tasks.discard(t)
            self.refresh_button.setEnabled(True)
            if not t.cancelled() and t.exception() is not None:
                log.error("ledger action failed", exc_info=t.exception())
            self.reload()

        task.add_done_callback(done)

    async def wait_idle(self) -> None:
        """Until the work started here is done (for tests and closing)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def collect(self) -> None:
        """Look for new greetings of the chosen occasion, then show them."""
        service, chosen = self._service(), self.chosen()
        if service is None or chosen is None:
            return
        self.summary_label.setText(translate("Ledger", "Looking for greetings…"))
        self._run(self._collect(service, chosen))

    @staticmethod
    async def _collect(service: LedgerService, chosen: tuple[str, int]) -> None:
        await service.collect(*chosen)

    def answers(self) -> list[Answer]:
        """What 「まとめて返礼」 would send now."""
        service = self._service()
        if service is None or self._ledger is None:
            return []
        return service.plan(self._ledger)

    def confirm_answer_all(self) -> QMessageBox | None:
        """Ask first: how many answers, to whom and in which circle (``open()``, no exec)."""
        answers = self.answers()
        if not answers:
            return None
        #: Before answering all: one line per answer, %1 to whom, %2 the circle (Public
        #: or Friends) it goes to.
        line = translate("Ledger", "• %1 (%2)")
        people = "\n".join(fill(line, a.to, _circle(a.audience)) for a in answers)
        count = len(answers)
        box = named(QMessageBox(self), "LedgerConfirm")
        box.setIcon(QMessageBox.Icon.Question)
        #: Title of the question before answering every unanswered greeting (まとめて返礼).
        box.setWindowTitle(translate("Ledger", "Answer all"))
        #: The question; %n is how many answers would be sent.
        box.setText(translate("Ledger", "Send %n answer(s)?", "", count))
        box.setInformativeText(
            translate("Ledger", "Each goes to its sender alone, in the circle it came from:")
            + "\n"
            + people
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        #: The Yes button of that question.
        box.button(QMessageBox.StandardButton.Yes).setText(translate("Ledger", "Send answers"))
        box.accepted.connect(self.answer_all)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.open()
        self.confirm_box = box
        return box

    def answer_all(self) -> None:
        service, chosen = self._service(), self.chosen()
        if service is None or chosen is None:
            return
        #: Ledger summary line while the answers are being sent.
        self.summary_label.setText(translate("Ledger", "Sending answers…"))
        self._run(self._answer_all(service, chosen))

    @staticmethod
    async def _answer_all(service: LedgerService, chosen: tuple[str, int]) -> None:
        await service.answer_all(*chosen)


# -- the window's side ---------------------------------------------------------------------------


def open_ledger(window: Any) -> LedgerDialog:
    """The window's one ledger dialog, shown (made on first use)."""
    dialog: LedgerDialog | None = getattr(window, "ledger_dialog", None)
    if dialog is None:
        made: list[LedgerService] = []  # one service per session (it keeps what failed)

        def service() -> LedgerService | None:
            session = window.session
            if session is None:
                return None
            if not made or made[0].session is not session:
                made[:] = [LedgerService(session, window.store)]
            return made[0]

        dialog = LedgerDialog(
            service,
            lang=window.lang,
            parent=window,
        )
        dialog.mourningToggled.connect(window.mourning_action.setChecked)
        window.ledger_dialog = dialog
    else:
        dialog.fill_choices()
    dialog.show()
    dialog.raise_()
    return dialog
