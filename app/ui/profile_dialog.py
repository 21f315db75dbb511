"""The window's words for a profile that cannot be used, and for a recovered one.

- :class:`ProfileProblemDialog`: what is wrong (a reason code of
  :class:`app.store.profile_errors.Problem`, given as its string value: ui does not
  import the store) and the next step — 再試行 (try again, after the user fixed it; the
  dialog runs the check it was given), フォルダを開く (open the folder in the file
  manager) or 終了 (quit).
- :class:`RecoveryDialog`: a damaged database was recovered — how many unsent posts and
  drafts were kept, how many came back from the backup (to check before retrying), how
  many damaged places could not be read, and where the damaged file was kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

translate = QCoreApplication.translate

# A check run by "Try again": None when the profile can now be used, else the reason
# code that still stands (and the programs holding the database, for "locked").
Check = Callable[[], tuple[str, Sequence[str]] | None]


def problem_text(reason: str, path: str, holders: Sequence[str] = ()) -> str:
    """What is wrong and what to do, in the user's language."""
    words = {
        #: Profile problem at start; %1 is the profile's path.
        "not_a_folder": translate(
            "ProfileDialog",
            "The profile %1 is a file, not a folder. Move the file away, or start Kizuna"
            " with --profile and another folder.",
        ),
        #: Profile problem at start; %1 is the profile folder's path.
        "cannot_create": translate(
            "ProfileDialog",
            "The profile folder %1 cannot be created. Check the path and your permissions.",
        ),
        #: Profile problem at start; %1 is the profile folder's path.
        "read_only": translate(
            "ProfileDialog",
            "The profile %1 cannot be written: it is read-only. Make it writable; nothing"
            " was changed.",
        ),
        #: Profile problem at start; %1 is the profile folder's path.
        "disk_full": translate(
            "ProfileDialog",
            "The disk holding %1 is full. Free some space; nothing was half-written.",
        ),
        #: Profile problem; %1 the database's path, %2 empty or ' (the programs holding it)'.
        "locked": translate(
            "ProfileDialog",
            "The profile database %1 is in use by another program%2. Close it, then try again.",
        ),
        #: Profile problem at start; %1 is the profile folder's path.
        "newer_version": translate(
            "ProfileDialog",
            "The profile %1 was written by a newer version of Kizuna. Update Kizuna; this"
            " version leaves it unchanged.",
        ),
    }
    text = words.get(
        reason,
        #: Profile problem at start; %1 is the database file's path.
        translate("ProfileDialog", "The profile database %1 is damaged and could not be read."),
    )
    who = f" ({', '.join(holders)})" if holders else ""
    return text.replace("%1", path).replace("%2", who)


class ProfileProblemDialog(QDialog):
    """A profile problem and the next step; ``exec()`` returns Accepted once ``check``
    finds the profile usable, Rejected when the user quits."""

    def __init__(
        self,
        reason: str,
        path: Path,
        check: Check,
        holders: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProfileProblemDialog")
        self.setWindowTitle(translate("ProfileDialog", "Kizuna cannot open your profile"))
        self.setAccessibleName(self.windowTitle())
        self.path = path
        self.reason = reason
        self._check = check
        layout = QVBoxLayout(self)
        self.message = QLabel(problem_text(reason, str(path), holders))
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("ProfileDialog", "What is wrong"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        #: Profile problem dialog button: check the profile again and start if it is usable.
        self.retry_button = QPushButton(translate("ProfileDialog", "Try again"))
        self.open_button = QPushButton(translate("ProfileDialog", "Open the folder"))
        #: Profile problem dialog button: quit Kizuna.
        self.quit_button = QPushButton(translate("ProfileDialog", "Quit"))
        for button, role in (
            (self.retry_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.open_button, QDialogButtonBox.ButtonRole.ActionRole),
            (self.quit_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            button.setAccessibleName(button.text())
            buttons.addButton(button, role)
        self.retry_button.setDefault(True)
        self.retry_button.clicked.connect(self.try_again)
        self.open_button.clicked.connect(self.open_folder)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def try_again(self) -> None:
        """Run the check again: accepted when the profile can be used now, else the
        (perhaps new) reason is shown."""
        found = self._check()
        if found is None:
            self.accept()
            return
        self.reason, holders = found
        self.message.setText(problem_text(self.reason, str(self.path), holders))

    def open_folder(self) -> None:
        """The folder (or, when it is a file or missing, the one it is in)."""
        folder = self.path if self.path.is_dir() else self.path.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


@dataclass(frozen=True)
class RecoveryFacts:
    """What a recovery kept, as plain numbers (from app.store.recovery.RecoveryReport)."""

    unsent: int
    drafts: int
    from_backup: int  # unsent posts that came back from the backup
    unreadable: int  # damaged places that could not be read
    moved_to: str  # where the damaged file was kept ("" when there was none)


def recovery_text(facts: RecoveryFacts) -> str:
    # lupdate sees a %n message only when the count is a plain name.
    unsent, drafts, from_backup, unreadable = (
        facts.unsent,
        facts.drafts,
        facts.from_backup,
        facts.unreadable,
    )
    parts = [
        translate(
            "ProfileDialog",
            "Your profile database was damaged. Kizuna set it aside and recovered what"
            " could still be read:",
        ),
        #: A line of the recovery report; %n is how many unsent posts came back.
        translate("ProfileDialog", "Unsent posts recovered: %n", None, unsent)
        + "\n"
        #: A line of the recovery report; %n is how many drafts came back.
        + translate("ProfileDialog", "Drafts recovered: %n", None, drafts),
    ]
    if facts.from_backup:
        parts.append(
            #: Recovery report; %n is how many unsent posts the backup restored.
            translate(
                "ProfileDialog",
                "%n post(s) came back from the backup. They may have been sent already:"
                " check in the Outbox, then retry or discard them.",
                None,
                from_backup,
            )
        )
    if facts.unreadable:
        parts.append(
            #: Recovery report; %n is how many damaged parts of the database were lost.
            translate(
                "ProfileDialog",
                "%n damaged part(s) of the file could not be read; what was there is lost.",
                None,
                unreadable,
            )
        )
    if facts.moved_to:
        parts.append(
            #: Recovery report; %1 is the path the damaged file was moved to.
            translate("ProfileDialog", "The damaged file was kept as %1.").replace(
                "%1", facts.moved_to
            )
        )
    return "\n\n".join(parts)


class RecoveryDialog(QDialog):
    """A damaged profile was recovered: what was kept and what was not (non-modal)."""

    def __init__(self, facts: RecoveryFacts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecoveryDialog")
        self.setWindowTitle(translate("ProfileDialog", "Your profile was recovered"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.message = QLabel(recovery_text(facts))
        self.message.setWordWrap(True)
        self.message.setAccessibleName(translate("ProfileDialog", "What was recovered"))
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
