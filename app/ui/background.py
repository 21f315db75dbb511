"""Kizuna keeps running after its window is closed while something waits to be sent.

:class:`Background` decides what closing the main window means:

- nothing waits (no schedule, no retry): Kizuna quits, as it always did (the composer's
  unsent draft is kept by the window either way);
- a schedule or a retry waits and there is a system tray: the window hides, the outbox
  loop keeps running, and the tray icon says how many posts wait and when the next goes
  out (the first time, a notification says that Kizuna keeps running there);
- the same without a tray: the user is asked — keep running (the window is minimised)
  or quit.

Quitting for real (the tray's Quit Kizuna, Ctrl/⌘+Q, the macOS application menu's Quit)
first says what would then wait until the next start, and asks. "Waiting" here means
what the outbox loop itself would still send: targets queued (scheduled, or waiting to be
retried) or being sent. What waits for the user's decision waits anyway, and what a
server holds (Mastodon ``scheduled_at``) is published by the server.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.i18n.formatting import absolute_datetime
from app.services.outbox import OutboxService
from app.services.outbox_rows import OutboxTarget, TargetState
from app.services.prefs import TRAY_NOTICE_SHOWN, Settings
from app.ui.placeholders import fill
from app.ui.tray import Tray

log = logging.getLogger(__name__)

_LOOP_SENDS = (TargetState.QUEUED, TargetState.SENDING)
REFRESH_MS = 15_000


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` again, unminimised, raised and active (from the tray, or when
    Kizuna is started a second time on the same profile)."""
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def waiting_targets(outbox: OutboxService | None) -> list[OutboxTarget]:
    """What the outbox loop would still send: queued (scheduled, retrying) or sending."""
    if outbox is None:
        return []
    try:
        pending = outbox.pending()
    except Exception:  # a store already closed (shutting down): nothing to keep running for
        log.warning("cannot read the outbox while closing", exc_info=True)
        return []
    return [t for t in pending if t.state in _LOOP_SENDS and not outbox.is_held(t)]


def next_send(targets: list[OutboxTarget], now: dt.datetime) -> dt.datetime | None:
    """When the first of ``targets`` is due (``now`` for one due already)."""
    if not targets:
        return None
    first = min(t.next_attempt_at or 0.0 for t in targets)
    return max(now, dt.datetime.fromtimestamp(first, dt.UTC))


class Background(QObject):
    def __init__(
        self,
        *,
        window: QMainWindow,
        outbox: Callable[[], OutboxService | None],
        settings: Settings,
        lang: str,
        now: Callable[[], dt.datetime] | None = None,
        platform: str | None = None,
        tray: Tray | None = None,
    ) -> None:
        """``outbox``: the shown session's (None: none). ``now``: the clock for "due
        already" (tests). ``platform``: ``sys.platform`` (tests simulate macOS).
        ``tray``: default one whose notifications fall back to the window's status bar
        (tests set ``tray.available``)."""
        super().__init__(window)
        self._window = window
        self.tray = tray or Tray(fallback=self._status, parent=self)
        self._outbox = outbox
        self._settings = settings
        self._lang = lang
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._platform = platform or sys.platform
        self.quitting = False
        self.box: QMessageBox | None = None  # the open question (quit, or keep running)
        self.tray.showRequested.connect(self.show_window)
        self.tray.quitRequested.connect(self.request_quit)
        self.tray.menu.aboutToShow.connect(self.refresh)
        # The tooltip follows the outbox (sent, rescheduled) while the icon is there.
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        if self.tray.show():
            self._timer.start()  # where there is a tray, its icon is there while Kizuna runs
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.commitDataRequest.connect(self.session_ending)

    # -- what waits ------------------------------------------------------------------------
    def waiting(self) -> list[OutboxTarget]:
        return waiting_targets(self._outbox())

    def describe(self, targets: list[OutboxTarget]) -> str:
        """「送信待ち 2 件・次は 12月24日 21:00」, or that nothing waits."""
        at = next_send(targets, self._now())
        if at is None:
            return QCoreApplication.translate("Tray", "Nothing waits to be sent")
        count = len(targets)
        #: Tray tooltip and quit question; %n posts in the outbox, %1 date and time of the next.
        return (
            QCoreApplication.translate("Tray", "%n post(s) waiting, the next at %1", None, count)
        ).replace("%1", absolute_datetime(at, self._lang))

    def refresh(self) -> None:
        """The tray's tooltip and first menu line from the outbox as it is now."""
        status = self.describe(self.waiting())
        #: The app's name, first line of the tray icon's tooltip.
        self.tray.set_status(QCoreApplication.translate("Tray", "Kizuna") + "\n" + status, status)

    # -- closing the window ------------------------------------------------------------------
    def keep_running(self) -> bool:
        """The window is being closed: True when Kizuna stays running (the caller then
        ignores the close), False when it quits."""
        if self.quitting:
            return False
        targets = self.waiting()
        if not targets:
            return False
        if self.tray.show():
            self.refresh()
            self._timer.start()
            self._window.hide()
            self._first_time_notice()
            return True
        self._ask(targets, tray=False)
        return True

    def _first_time_notice(self) -> None:
        if self._settings.get(TRAY_NOTICE_SHOWN):
            return
        self._settings.set(TRAY_NOTICE_SHOWN, True)
        title = QCoreApplication.translate("Tray", "Kizuna keeps running")
        if self._platform == "darwin":
            body = QCoreApplication.translate(
                "Tray",
                "Scheduled posts are sent at their time while Kizuna is in the menu bar. "
                "To quit, choose Quit Kizuna from its menu.",
            )
        else:
            body = QCoreApplication.translate(
                "Tray",
                "Scheduled posts are sent at their time while Kizuna is in the system tray. "
                "To quit, choose Quit Kizuna from its menu.",
            )
        self.tray.show_message(title, body)

    def _status(self, title: str, body: str) -> None:
        #: Status bar, in place of a desktop notification where the system shows none:
        #: %1 the notification's title, %2 its text.
        self._window.statusBar().showMessage(
            fill(QCoreApplication.translate("Tray", "%1 — %2"), title, body), 10_000
        )

    def session_ending(self, _manager: object = None) -> None:
        """Qt's commitDataRequest: the desktop session ends (logging out, shutting down),
        or on macOS the system asks Kizuna to quit (the Dock's Quit too). Closing then
        quits and never holds that up; what waits is sent at the next start."""
        self.quitting = True

    def show_window(self) -> None:
        bring_to_front(self._window)

    # -- quitting ------------------------------------------------------------------------------
    def request_quit(self) -> None:
        """Quit for real; when something waits, say what and ask first."""
        targets = self.waiting()
        if targets:
            self._ask(targets, tray=True)
        else:
            self.quit_now()

    def quit_now(self) -> None:
        """Quit without asking: the tray icon goes, the window closes (and with it the
        outbox loop, in the composition root)."""
        self.quitting = True
        self._timer.stop()
        self.tray.hide()
        self._window.close()

    def _ask(self, targets: list[OutboxTarget], *, tray: bool) -> None:
        """Quit, leaving ``targets`` for the next start? (``tray``: the question of a Quit;
        else of a close without a tray, whose other answer keeps running minimised.)"""
        if self.box is not None:
            bring_to_front(self.box)
            return
        words = self.describe(targets)
        box = QMessageBox(self._window)
        box.setObjectName("QuitBox")
        box.setIcon(QMessageBox.Icon.Question)
        #: Title of the question when closing Kizuna while posts wait to be sent.
        box.setWindowTitle(QCoreApplication.translate("Tray", "Quit Kizuna?"))
        #: %1 is the sentence "N posts waiting, the next at <date and time>".
        box.setText(
            QCoreApplication.translate(
                "Tray",
                "%1. They are sent only while Kizuna is running: after quitting, "
                "they wait until it starts again.",
            ).replace("%1", words)
        )
        #: Button of that question: quit now (the waiting posts stay in the outbox).
        quit_button = box.addButton(
            QCoreApplication.translate("Tray", "Quit"), QMessageBox.ButtonRole.AcceptRole
        )
        if tray:
            stay = box.addButton(QMessageBox.StandardButton.Cancel)
        else:
            stay = box.addButton(
                QCoreApplication.translate("Tray", "Keep running minimized"),
                QMessageBox.ButtonRole.RejectRole,
            )
        box.setDefaultButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered() -> None:
            self.box = None
            if box.clickedButton() is quit_button:
                self.quit_now()
            elif not tray:
                self._window.showMinimized()

        box.finished.connect(answered)
        self.box = box
        box.open()  # never exec(): the outbox loop runs on this thread
