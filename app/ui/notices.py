"""Notices about input files Kizuna skipped (issue #13, point 7): never a crash, never
silent.

What was left out — a saved setting of the wrong type (read as its default), an
occasion data file that did not validate, a saved account of a network this version
does not know, a translation file that could not be read — is already logged where it
was found; :class:`NoticeBoard` says it in the window: the latest in the status bar, and
a button that stays in the status bar (「お知らせ (2)」) opening a non-modal list of them
all. The board is given reason codes and names (a setting's key, a file's name, an
account's handle and network), never an exception's text; the words are made here.

Writes the profile refuses while the window runs — the composer's draft, the outbox's
background sender, the Settings menu's toggles, on a full disk or a read-only or locked
profile — are notices too
(:func:`follow_writes`): said once per problem while it lasts, taken off the list when the
writes work again, with a line in the status bar saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models import AccountRef
from app.services.profile_problems import WriteProblem
from app.ui.draft_keeper import DraftKeeper
from app.ui.outbox_controller import OutboxController
from app.ui.placeholders import fill
from app.ui.profile_dialog import problem_text
from app.ui.settings_writes import SettingsWrites

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
        self._lasting: dict[str, str] = {}  # a problem's key: its line, while it lasts
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
        self._show(text)

    def problem(self, key: str, text: str) -> None:
        """Say ``text`` while the problem ``key`` lasts (a new text replaces its line)."""
        if self._lasting.get(key) == text:
            return
        self._drop(key)
        self._lasting[key] = text
        self.lines.append(text)
        self._show(text)

    def resolved(self, key: str, text: str) -> None:
        """The problem ``key`` is over: its line leaves the list, ``text`` says so."""
        if key not in self._lasting:
            return
        self._drop(key)
        self._show(text)

    def _drop(self, key: str) -> None:
        line = self._lasting.pop(key, None)
        if line is not None and line in self.lines:
            self.lines.remove(line)

    def _show(self, text: str) -> None:
        """``text`` in the status bar; the button and the open list follow the lines."""
        self._window.statusBar().showMessage(text, 15000)
        if self.dialog is not None:
            self.dialog.show_lines(self.lines)
        count = len(self.lines)  # a plain name: lupdate skips a count that is a call
        #: Status bar button (⚠) opening that list; %n is how many notices there are.
        label = translate("Notices", "Notices (%n)", None, count)
        #: Status bar button opening the notices: a warning sign before %1, the words
        #: "Notices (3)".
        self.button.setText(fill(translate("Notices", "⚠ %1"), label))
        self.button.setAccessibleName(label)
        self.button.setVisible(count > 0)

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


DRAFT_WRITES = "writes:draft"
OUTBOX_WRITES = "writes:outbox"
SETTINGS_WRITES = "writes:settings"


def draft_problem_text(problem: WriteProblem, folder: str) -> str:
    """The composer's draft could not be written, why and what to do."""
    why = problem_text(problem.reason, folder, problem.holders)
    #: A notice: the draft could not be saved; %1 is why and what to do (one or more
    #: sentences about the profile folder). Japanese joins the sentences without a space.
    return fill(
        translate("Notices", "The draft could not be saved. %1 Your text stays in the composer."),
        why,
    )


def ask_close_without_draft(
    window: QWidget, problem: WriteProblem, folder: str, close: Callable[[], None]
) -> QMessageBox:
    """The window is closing and its unsent draft cannot be written: ask (window-modal,
    ``open()``-ed, never ``exec()``: the outbox loop runs on this thread). Keeping the
    window open is the default and Esc; closing calls ``close`` and the text is lost."""
    why = problem_text(problem.reason, folder, problem.holders)
    box = QMessageBox(window)
    box.setObjectName("DraftNotSavedOnClose")
    box.setIcon(QMessageBox.Icon.Warning)
    #: Title of the question asked when closing the window while the draft cannot be saved.
    title = translate("Notices", "Close without the draft?")
    box.setWindowTitle(title)
    #: Asked when closing the window while the draft cannot be saved; %1 is why and what
    #: to do (sentences about the profile folder). Japanese joins them without a space.
    question = translate(
        "Notices",
        "The draft could not be saved. %1 If you close the window now, the text in the"
        " composer is lost.",
    )
    box.setText(fill(question, why))
    #: Button of that question: do not close, keep the text.
    keep_words = translate("Notices", "Keep the window open")
    keep = box.addButton(keep_words, QMessageBox.ButtonRole.RejectRole)
    #: Button of that question: close the window anyway, losing the unsaved text.
    lose_words = translate("Notices", "Close and lose the draft")
    lose = box.addButton(lose_words, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda button: close() if button is lose else None)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def outbox_problem_text(problem: WriteProblem, folder: str) -> str:
    """The outbox's background sender cannot write, why, and that nothing is lost."""
    why = problem_text(problem.reason, folder, problem.holders)
    #: A notice: the outbox cannot record sends; %1 is why and what to do (one or more
    #: sentences about the profile folder). Japanese joins the sentences without a space.
    return fill(
        translate(
            "Notices",
            "The outbox cannot be updated. %1 Waiting posts stay as they are and are sent"
            " once Kizuna can write again.",
        ),
        why,
    )


def settings_problem_text(problem: WriteProblem, folder: str) -> str:
    """A settings change could not be written, why, and that it applies for this run."""
    why = problem_text(problem.reason, folder, problem.holders)
    #: A notice: a change made in the Settings menu (喪中, language, appearance…) could not
    #: be saved; %1 is why and what to do (one or more sentences about the profile
    #: folder). Japanese joins the sentences without a space.
    return fill(
        translate(
            "Notices",
            "The settings could not be saved. %1 Your change applies until Kizuna closes and"
            " is saved once Kizuna can write again.",
        ),
        why,
    )


def follow_settings_writes(board: NoticeBoard, window: QObject, folder: str) -> None:
    """Tell ``board`` the write problems of ``window``'s settings (its menu toggles), and
    write a refused value again with backoff (:class:`SettingsWrites`)."""

    def settings(problem: WriteProblem | None) -> None:
        if problem is not None:
            board.problem(SETTINGS_WRITES, settings_problem_text(problem, folder))
        else:
            #: Status bar, after settings changes could not be saved for a while.
            board.resolved(SETTINGS_WRITES, translate("Notices", "The settings are saved again."))

    keeper = window.findChild(DraftKeeper)  # the settings are written by its store worker
    for behind in keeper.worker.write_behinds if keeper is not None else ():
        SettingsWrites(behind, window)
        behind.writes.listen(settings)


def follow_writes(board: NoticeBoard, window: QObject, folder: str) -> None:
    """Tell ``board`` the write problems of ``window``'s draft keeper, outbox and
    settings."""

    def drafts(problem: WriteProblem | None) -> None:
        if problem is not None:
            board.problem(DRAFT_WRITES, draft_problem_text(problem, folder))
        else:
            #: Status bar, after the draft could not be saved for a while.
            board.resolved(DRAFT_WRITES, translate("Notices", "The draft is saved again."))

    def outbox(problem: WriteProblem | None) -> None:
        if problem is not None:
            board.problem(OUTBOX_WRITES, outbox_problem_text(problem, folder))
        else:
            #: Status bar, after the outbox could not be updated for a while.
            board.resolved(
                OUTBOX_WRITES,
                translate("Notices", "The outbox can be written again; waiting posts are sent."),
            )

    keeper = window.findChild(DraftKeeper)
    if keeper is not None:
        keeper.writeProblem.connect(drafts)
    controller = window.findChild(OutboxController)
    if controller is not None:
        controller.writeProblem.connect(outbox)
    follow_settings_writes(board, window, folder)


def install_notice_board(window: QMainWindow, store: Store, catalogues: Catalogues) -> NoticeBoard:
    """The board in ``window``'s status bar, told at once what the start skipped, and
    from then on the writes the profile refuses (the draft's, the outbox's, the settings')."""
    board = NoticeBoard(window)
    board.check_settings(store)
    board.check_catalogues(catalogues)
    follow_writes(board, window, str(store.path.parent))
    return board
