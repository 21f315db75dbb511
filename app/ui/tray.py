"""Kizuna's icon in the system tray (the menu bar on macOS): what waits to be sent, Show
Kizuna, Quit Kizuna, and desktop notifications.

:class:`Tray` owns one ``QSystemTrayIcon``, made only where the platform has a tray
(``available``, injected by tests; Qt's offscreen platform and a GNOME without its tray
extension have none). Without a tray every call still works: the icon is simply not
there, :attr:`Tray.visible` is False and :meth:`Tray.show_message` hands the words to the
``fallback`` (the window's status bar). Other rooms use :meth:`Tray.show_message` for
desktop notifications (mentions, gifts).

What the tray says comes from :class:`~app.ui.background.Background`, which decides when
Kizuna stays running after its window is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from app.paths import resources_dir

log = logging.getLogger(__name__)

MESSAGE_MS = 8000  # how long a desktop notification stays (where the platform obeys)


def system_tray_available() -> bool:
    """Whether the desktop shows tray icons now (Qt's own answer)."""
    return bool(QSystemTrayIcon.isSystemTrayAvailable())


def _app_icon() -> QIcon:
    """The application's icon (set by the bootstrap), else Kizuna's own file."""
    icon = QApplication.windowIcon()
    return icon if not icon.isNull() else QIcon(str(resources_dir() / "icons" / "kizuna.svg"))


class Tray(QObject):
    """The tray icon and its menu. ``showRequested``: the icon was clicked or Show Kizuna
    chosen; ``quitRequested``: Quit Kizuna was chosen (the caller says what would wait
    and quits)."""

    showRequested = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        *,
        available: Callable[[], bool] = system_tray_available,
        fallback: Callable[[str, str], None] | None = None,
        icon: QIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``available``: whether there is a tray now (asked each time the icon would be
        shown). ``fallback``: shows a notification's title and body where there is no
        tray. ``icon``: default the application's."""
        super().__init__(parent)
        self.available = available
        self._fallback = fallback
        self._icon_image = icon
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.setObjectName("TrayMenu")
        #: Tray menu, first line (information): no post waits to be sent.
        self.status_action = QAction(QCoreApplication.translate("Tray", "Nothing waits"), self)
        self.status_action.setEnabled(False)  # information, not a command
        #: Tray menu entry: bring the main window back.
        self.show_action = QAction(QCoreApplication.translate("Tray", "Show Kizuna"), self)
        self.show_action.triggered.connect(self.showRequested)
        #: Tray menu entry: close Kizuna.
        self.quit_action = QAction(QCoreApplication.translate("Tray", "Quit Kizuna"), self)
        self.quit_action.triggered.connect(self.quitRequested)
        self.menu.addAction(self.status_action)
        self.menu.addSeparator()
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.quit_action)
        #: The app's name, the tray icon's tooltip.
        self._tooltip = QCoreApplication.translate("Tray", "Kizuna")
        self.destroyed.connect(self.menu.deleteLater)

    @property
    def visible(self) -> bool:
        """Whether the icon is in the tray now."""
        return self.icon is not None and self.icon.isVisible()

    def show(self) -> bool:
        """Put the icon in the tray when there is one; returns whether it is there."""
        if self.icon is None:
            if not self.available():
                return False
            self.icon = QSystemTrayIcon(self._icon_image or _app_icon(), self)
            self.icon.setObjectName("TrayIcon")
            self.icon.setContextMenu(self.menu)
            self.icon.setToolTip(self._tooltip)
            self.icon.activated.connect(self._activated)
        self.icon.show()
        return True

    def hide(self) -> None:
        """Take the icon out of the tray (quitting)."""
        if self.icon is not None:
            self.icon.hide()

    def set_status(self, tooltip: str, status: str) -> None:
        """What the icon's tooltip and the menu's first line say."""
        self._tooltip = tooltip
        self.status_action.setText(status)
        if self.icon is not None:
            self.icon.setToolTip(tooltip)

    @property
    def tooltip(self) -> str:
        return self._tooltip

    def show_message(self, title: str, body: str) -> None:
        """A desktop notification: from the tray icon when it is there, else through the
        fallback (the window's status bar), else only the log."""
        if self.visible and self.icon is not None and self.icon.supportsMessages():
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        elif self._fallback is not None:
            self._fallback(title, body)
        else:
            log.info("notification with nowhere to show it: %s", title)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A click or double click shows the window; the context menu opens by itself.
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()
