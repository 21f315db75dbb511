"""The composer's occasion picker: what is coming up, a button for another template, and
the occasion's hashtags as chips.

It only chooses; the composer fills the texts (polite for the public, casual for friends,
through :func:`app.core.templates.render`) and inserts tags by the safe rule
(:func:`app.core.hashtags.append_tags`). In 喪中 mode celebratory occasions are hidden
(the catalogues' ``upcoming`` with ``mourning=True``).

Public API:

- :func:`occasion_label` — 「クリスマス・あと4日」 in the UI language;
- :class:`OccasionPicker` — signals ``occasionChosen(object)`` (an Occasion or None),
  ``anotherRequested()`` and ``tagClicked(str)`` (a tag without '#'); its list follows the
  date: it refreshes itself at every Tokyo midnight;
- :class:`MidnightTimer` — ``dayChanged(date)`` at every midnight in Asia/Tokyo (also used
  by the main window's occasion hint), :func:`next_midnight`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.clock import TOKYO
from app.core.occasions import Occasion
from app.i18n import data_names
from app.services.catalogues import Catalogues, shipped
from app.ui.theme import named

translate = QCoreApplication.translate  # the name lupdate recognises

UPCOMING_DAYS = 60
# A QTimer counts on a clock that stands still while the machine sleeps: never wait longer
# than this before looking at the wall clock again (so a day that changed during sleep is
# noticed within minutes of waking, even if no wake-up signal arrives).
MIDNIGHT_CHECK_MAX_MS = 5 * 60 * 1000


def tokyo_now() -> dt.datetime:
    return dt.datetime.now(TOKYO)


def next_midnight(now: dt.datetime) -> dt.datetime:
    """The first 00:00 in Asia/Tokyo after ``now`` (aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    local = now.astimezone(TOKYO)
    return dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), tzinfo=TOKYO)


class MidnightTimer(QObject):
    """``dayChanged(date)`` when the date in Asia/Tokyo changes: at midnight, or at the
    first look after the machine woke from a sleep across midnight.

    A single-shot timer is armed from the wall clock (``clock``) to the next midnight — or
    :data:`MIDNIGHT_CHECK_MAX_MS` at most — and re-armed from the wall clock every time it
    fires, never by adding 24 hours; the application becoming active again also looks at
    once. ``today`` decides the date (the composer's injectable day); :meth:`check` looks
    now (tests call it with an injected clock instead of waiting)."""

    dayChanged = Signal(object)  # datetime.date

    def __init__(
        self,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        today: Callable[[], dt.date] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._today = today or (lambda: self.now().astimezone(TOKYO).date())
        self._day = self._today()
        self._timer = QTimer(self, singleShot=True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # on time at midnight
        self._timer.timeout.connect(self.check)
        self._stopped = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
        self._arm()

    def stop(self) -> None:
        """No more looks (the window closed): a midnight after it tells no one. Stopping
        again (a window closed twice) does nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.disconnect(self._state_changed)

    @property
    def day(self) -> dt.date:
        """The date of the last look."""
        return self._day

    def now(self) -> dt.datetime:
        """The wall clock: ``clock``, else :func:`tokyo_now` (looked up at each call)."""
        return self._clock() if self._clock is not None else tokyo_now()

    def remaining_ms(self) -> int:
        """How long until the timer fires (-1: not armed)."""
        return self._timer.remainingTime() if self._timer.isActive() else -1

    def interval_ms(self) -> int:
        """How long the timer waits now: until the next Tokyo midnight (a moment after,
        so the new day has surely begun), at most :data:`MIDNIGHT_CHECK_MAX_MS`."""
        now = self.now()
        left = (next_midnight(now) - now).total_seconds()
        return max(1, min(MIDNIGHT_CHECK_MAX_MS, int(left * 1000) + 50))

    def _arm(self) -> None:
        self._timer.start(self.interval_ms())

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Look at the date now (and re-arm from the wall clock); True when it changed.
        Once stopped, always False."""
        if self._stopped:
            return False
        today = self._today()
        changed = today != self._day
        self._day = today
        self._arm()
        if changed:
            self.dayChanged.emit(today)
        return changed


def occasion_name(occasion: Occasion) -> str:
    """The Japanese name in a Japanese UI; in another its translation of the English one
    (the English one until a translator has done it) — see :mod:`app.i18n.data_names`."""
    return data_names.occasion_name(occasion.name_ja, occasion.name_en)


def occasion_label(occasion: Occasion, today: dt.date) -> str:
    """「クリスマス・あと4日」, 「大晦日・明日」, 「寒中見舞い・期間中」 (or English)."""
    name = occasion_name(occasion)
    if occasion.start == today:
        #: an occasion in the list; %1 its name: it is today
        return translate("OccasionPicker", "%1 · today").replace("%1", name)
    if occasion.contains(today):
        #: an occasion in the list; %1 its name: its period is on now
        return translate("OccasionPicker", "%1 · now").replace("%1", name)
    days = occasion.days_until(today)
    if days < 0:
        #: an occasion in the list; %1 its name: its period is over
        return translate("OccasionPicker", "%1 · over").replace("%1", name)
    if days == 1:
        #: an occasion in the list; %1 its name: it is tomorrow
        return translate("OccasionPicker", "%1 · tomorrow").replace("%1", name)
    #: an occasion in the list; %1 its name, %n the days until it (2 or more)
    return translate("OccasionPicker", "%1 · in %n day(s)", None, days).replace("%1", name)


class OccasionPicker(QWidget):
    """A combo of the occasions of the next :data:`UPCOMING_DAYS` days, plus hashtag chips."""

    occasionChosen = Signal(object)  # Occasion | None
    anotherRequested = Signal()
    tagClicked = Signal(str)

    def __init__(
        self,
        *,
        today: Callable[[], dt.date],
        mourning: bool = False,
        catalogues: Catalogues | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``catalogues``: the occasions offered (the shipped ones if None)."""
        super().__init__(parent)
        self._today = today
        self._catalogues = catalogues or shipped()
        self._mourning = mourning
        self._occasions: list[Occasion] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        #: label of the occasion list (New Year, Christmas…)
        row.addWidget(QLabel(translate("OccasionPicker", "Occasion:")))
        self.combo = named(QComboBox(), "OccasionCombo")
        #: accessible name of the occasion list
        self.combo.setAccessibleName(translate("OccasionPicker", "Occasion"))
        self.combo.setMinimumContentsLength(14)
        self.combo.currentIndexChanged.connect(self._chosen)
        row.addWidget(self.combo)
        self.another_button = named(
            #: button: fills in the next Japanese template text
            QPushButton(translate("OccasionPicker", "Another template")),
            "AnotherTemplate",
        )
        self.another_button.setAutoDefault(False)
        tip = translate("OccasionPicker", "Try the next greeting for this occasion")
        if data_names.content_is_foreign():
            # The templates are Japanese content: a reader of another UI language is told.
            tip += "\n" + translate(
                "OccasionPicker",
                "The greetings are Japanese texts, sent in Japanese.",
                "tooltip line in a UI that is not Japanese",
            )
        self.another_button.setToolTip(tip)
        self.another_button.clicked.connect(self.anotherRequested)
        row.addWidget(self.another_button)
        row.addStretch(1)
        self.refresh()
        # What is "coming up" changes at midnight: follow it while the composer is open.
        self.midnight = MidnightTimer(today=self._today, parent=self)
        self.midnight.dayChanged.connect(lambda _day: self.refresh(keep_current=True))

    # -- occasions -----------------------------------------------------------------------
    def mourning(self) -> bool:
        return self._mourning

    def set_mourning(self, on: bool) -> None:
        if on != self._mourning:
            self._mourning = on
            self.refresh()

    def occasions(self) -> list[Occasion]:
        return list(self._occasions)

    def refresh(self, *, keep_current: bool = False) -> None:
        """Reload the upcoming occasions (keeps the choice when it is still offered).

        ``keep_current`` (at midnight): a chosen occasion that is no longer coming up stays
        in the list and chosen, so nothing the user is writing is reset under them."""
        current = self.current()
        today = self._today()
        self._occasions = self._catalogues.upcoming(today, UPCOMING_DAYS, mourning=self._mourning)
        if keep_current and current is not None:
            if all(o.key != current.key for o in self._occasions):
                self._occasions.append(current)
        self.combo.blockSignals(True)
        self.combo.clear()
        #: first entry of the occasion list: a plain post
        self.combo.addItem(translate("OccasionPicker", "No occasion"), None)
        for occasion in self._occasions:
            self.combo.addItem(occasion_label(occasion, today), occasion.key)
        keep = self.combo.findData(current.key) if current is not None else -1
        self.combo.setCurrentIndex(max(keep, 0))
        self.combo.blockSignals(False)
        self.another_button.setEnabled(self.current() is not None)
        if current is not None and keep < 0:
            self.occasionChosen.emit(None)

    def current(self) -> Occasion | None:
        index = self.combo.currentIndex() - 1
        return self._occasions[index] if 0 <= index < len(self._occasions) else None

    def select(self, key: str | None) -> bool:
        """Choose the occasion ``key`` (None: no occasion); False when it is not offered."""
        index = 0 if key is None else self.combo.findData(key)
        if index < 0:
            return False
        if index == self.combo.currentIndex():
            self._chosen(index)  # choosing it again fills the texts again
        else:
            self.combo.setCurrentIndex(index)
        return True

    def _chosen(self, _index: int) -> None:
        self.another_button.setEnabled(self.current() is not None)
        self.occasionChosen.emit(self.current())


class TagChips(QWidget):
    """A row of clickable ``#tag`` chips; a click emits ``tagClicked(tag)`` (without '#')."""

    tagClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        #: label before the occasion's hashtags to add
        self._title = QLabel(translate("OccasionPicker", "Add hashtag:"))
        self._row.addWidget(self._title)
        self._row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        self.setVisible(False)

    def set_tags(self, tags: list[str]) -> None:
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        seen: set[str] = set()
        for tag in tags:
            if tag.casefold() in seen:
                continue
            seen.add(tag.casefold())
            button = named(QPushButton("#" + tag), "TagChip")
            button.setAutoDefault(False)
            button.setToolTip(translate("OccasionPicker", "Add this hashtag on the last line"))
            button.clicked.connect(lambda _=False, t=tag: self.tagClicked.emit(t))
            self._row.insertWidget(self._row.count() - 1, button)
            self.buttons[tag] = button
        self.setVisible(bool(self.buttons))
