"""When a post goes out: "Send now" or "At" a moment in Japan time, and the moment an
occasion suggests. Strings keep the "Composer" translation context.

Japan keeps no daylight saving time: a fixed +9 h zone shows Tokyo wall time exactly and
does not depend on the system's zone database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from app.core.clock import TOKYO
from app.core.occasions import NEW_YEAR_KEYS, Occasion
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["ScheduleBar", "default_time", "format_tokyo"]

_QT_TOKYO = QTimeZone(9 * 3600)


def default_time(occasion: Occasion | None, today: dt.date) -> dt.datetime:
    """A sensible moment to send for ``occasion``: 0:00 on 1/1 for the New Year, 21:00 on
    Christmas Eve, else 9:00 on its first day; the next full hour when that is past."""
    if occasion is not None:
        if occasion.key in NEW_YEAR_KEYS:
            moment = dt.datetime(occasion.start.year, 1, 1, tzinfo=TOKYO)
        elif occasion.key == "christmas":
            moment = dt.datetime.combine(occasion.start, dt.time(21), tzinfo=TOKYO)
        else:
            moment = dt.datetime.combine(occasion.start, dt.time(9), tzinfo=TOKYO)
        if moment.date() > today:
            return moment
    now = dt.datetime.now(TOKYO)
    base = now if now.date() == today else dt.datetime.combine(today, dt.time(9), tzinfo=TOKYO)
    return base.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


def format_tokyo(moment: dt.datetime) -> str:
    """``moment`` as Japan time in the UI locale's short format (「2026/12/24 21:00」)."""
    local = moment.astimezone(TOKYO)
    qdt = QDateTime(
        QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), _QT_TOKYO
    )
    return QLocale().toString(qdt, QLocale.FormatType.ShortFormat)


class ScheduleBar(QWidget):
    """ "When: ( ) Send now ( ) At [date time] Japan time"."""

    changed = Signal()  # now/at switched, or the moment changed

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        #: Composer, label of the choice between sending now and at a time.
        row.addWidget(QLabel(translate("Composer", "When:")))
        #: Composer, When: send at once.
        self.now_radio = QRadioButton(translate("Composer", "Send now"))
        #: Composer, When: at the date and time that follows (予約).
        self.at_radio = QRadioButton(translate("Composer", "At"))
        group = QButtonGroup(self)
        group.addButton(self.now_radio)
        group.addButton(self.at_radio)
        self.now_radio.setChecked(True)
        self.at_edit = named(QDateTimeEdit(), "ScheduleEdit")
        self.at_edit.setTimeZone(_QT_TOKYO)
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setAccessibleName(translate("Composer", "Send at (Japan time)"))
        self.at_edit.setDisplayFormat(
            QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat).replace(":ss", "")
        )
        self.at_edit.setEnabled(False)
        self.set_moment(default_time(None, today()))
        row.addWidget(self.now_radio)
        row.addWidget(self.at_radio)
        row.addWidget(self.at_edit)
        #: After the date and time field: the time is Japan's (Asia/Tokyo).
        row.addWidget(named(QLabel(translate("Composer", "Japan time")), "ZoneLabel"))
        row.addStretch(1)
        self.at_radio.toggled.connect(self._toggled)
        self.at_edit.dateTimeChanged.connect(lambda _moment: self.changed.emit())

    def _toggled(self, _on: bool) -> None:
        self.at_edit.setEnabled(self.at_radio.isChecked())
        self.changed.emit()

    def is_scheduled(self) -> bool:
        return self.at_radio.isChecked()

    def set_moment(self, moment: dt.datetime) -> None:
        """Put ``moment`` (aware) in the time field, without choosing "At"."""
        local = moment.astimezone(TOKYO)
        self.at_edit.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute, local.second),  # a set time keeps its seconds
                _QT_TOKYO,
            )
        )

    def suggest(self, moment: dt.datetime) -> None:
        """An occasion's moment, unless the user has chosen a time already."""
        if not self.is_scheduled():
            self.set_moment(moment)

    def schedule_at(self, moment: dt.datetime | None) -> None:
        """Send at ``moment`` (aware), or now when None."""
        if moment is None:
            self.now_radio.setChecked(True)
            return
        if moment.tzinfo is None:
            raise ValueError("a schedule needs an aware datetime")
        self.set_moment(moment)
        self.at_radio.setChecked(True)

    def scheduled_at(self) -> dt.datetime | None:
        """The chosen moment as an aware datetime in Asia/Tokyo, or None for “now”."""
        if not self.is_scheduled():
            return None
        seconds = self.at_edit.dateTime().toSecsSinceEpoch()
        return dt.datetime.fromtimestamp(seconds, dt.UTC).astimezone(TOKYO)

    def send_day(self, today: dt.date) -> dt.date:
        """The Tokyo date the post would go out: the scheduled one, else ``today``."""
        at = self.scheduled_at()
        return at.astimezone(TOKYO).date() if at is not None else today
