"""Notices about input files Kizuna skipped (issue #13, point 7): never a crash, never
silent.

What was left out — a saved setting of the wrong type (read as its default), an
occasion data file that did not validate, a saved account of a network this version
does not know, a translation file that could not be read — is already logged where it
was found; :class:`NoticeBoard` says it in the window: the latest in the status bar, and
a button that stays in the status bar (「お知らせ (2)」) opening a non-modal list of them
all. The board is given reason codes and names (a setting's key, a file's name, an
account's handle and network), never an exception's text; the words are made here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models import AccountRef
from app.ui.placeholders import fill

if TYPE_CHECKING:
    from app.services.catalogues import Catalogues
    from app.services.prefs import Store
    from app.services.session import Session

log = logging.getLogger(__name__)

# Written out at each call (not through a helper) so that lupdate sees every string.
translate = QCoreApplication.translate

UNKNOWN_NETWORK = "unknown_network"  # app.services.accounts' reason for such an account


class NoticesDialog(QDialog):
    """Every notice of this run, one paragraph each (non-modal)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticesDialog")
        #: Title of the list of problems found at start (a file skipped, a setting reset…).
        self.setWindowTitle(translate("Notices", "Notices"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("Notices", "What Kizuna skipped"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def show_lines(self, lines: list[str]) -> None:
        self.message.setText("\n\n".join(lines))


class NoticeBoard(QObject):
    """The window's notices: each said once, the latest in the status bar, all of them
    behind the status bar's 「お知らせ」 button."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._keys: set[str] = set()
        self.lines: list[str] = []
        self.button = QPushButton()
        self.button.setObjectName("NoticesButton")
        self.button.setFlat(True)
        self.button.setAccessibleName(translate("Notices", "Notices"))
        self.button.setToolTip(translate("Notices", "Files Kizuna skipped, and why"))
        self.button.setVisible(False)
        self.button.clicked.connect(self.open_list)
        window.statusBar().addPermanentWidget(self.button)
        self.dialog: NoticesDialog | None = None

    def add(self, key: str, text: str) -> None:
        """Say ``text`` (once per ``key`` for the window's life)."""
        if key in self._keys:
            return
        self._keys.add(key)
        self.lines.append(text)
        count = len(self.lines)  # a plain name: lupdate skips a count that is a call
        #: Status bar button (⚠) opening that list; %n is how many notices there are.
        label = translate("Notices", "Notices (%n)", None, count)
        #: Status bar button opening the notices: a warning sign before %1, the words
        #: "Notices (3)".
        self.button.setText(fill(translate("Notices", "⚠ %1"), label))
        self.button.setAccessibleName(label)
        self.button.setVisible(True)
        self._window.statusBar().showMessage(text, 15000)
        if self.dialog is not None:
            self.dialog.show_lines(self.lines)

    def open_list(self) -> NoticesDialog:
        """The list of every notice (non-modal)."""
        if self.dialog is None:
            self.dialog = NoticesDialog(self._window)
        self.dialog.show_lines(self.lines)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    # -- what is told ---------------------------------------------------------------------
    def check_settings(self, store: Store) -> None:
        """Saved settings that held a value of the wrong type (their default was used)."""
        for key in sorted(store.unreadable_settings):
            #: A notice; %1 is the setting's key (e.g. ui/language).
            self.add(
                "setting:" + key,
                translate(
                    "Notices",
                    "The saved setting %1 could not be read; its default is used until you"
                    " change it.",
                ).replace("%1", key),
            )

    def check_catalogues(self, catalogues: Catalogues) -> None:
        """Occasion files left out because they did not validate (the rest are shown)."""
        for skipped in catalogues.skipped:
            name = skipped.split(":", 1)[0]  # "<file>.json: <why>": the why is for the log
            #: A notice; %1 is the name of the occasion file (e.g. christmas.json).
            self.add(
                "occasion:" + name,
                translate(
                    "Notices",
                    "The occasion file %1 is not valid and was left out; the other occasions"
                    " are shown. Details are in the log.",
                ).replace("%1", name),
            )

    def check_session(self, session: Session) -> None:
        """Saved accounts of a network this version does not know (left out)."""
        for account, why in session.signed_out:
            if why == UNKNOWN_NETWORK:
                self.tell_unknown_network(account)

    def tell_unknown_network(self, account: AccountRef) -> None:
        log.warning("account %s of unknown network %s left out", account.key, account.network)
        #: A notice; %1 is the account's handle, %2 its network's name as saved.
        self.add(
            "network:" + account.key,
            translate(
                "Notices",
                "The account %1 uses a network this version of Kizuna does not know (%2); it"
                " was left out and kept as it is. Update Kizuna to use it.",
            )
            .replace("%1", account.handle)
            .replace("%2", account.network),
        )

    def tell_translations(self, failed: Iterable[str]) -> None:
        """Translation files that could not be compiled or loaded (skipped)."""
        for path in failed:
            name = Path(path).name
            #: A notice; %1 is the name of the translation file (e.g. kizuna_ko.ts).
            self.add(
                "translation:" + name,
                translate(
                    "Notices",
                    "The translation file %1 could not be read and was skipped; untranslated"
                    " words are shown in English. Details are in the log.",
                ).replace("%1", name),
            )


def install_notice_board(window: QMainWindow, store: Store, catalogues: Catalogues) -> NoticeBoard:
    """The board in ``window``'s status bar, told at once what the start skipped."""
    board = NoticeBoard(window)
    board.check_settings(store)
    board.check_catalogues(catalogues)
    return board
