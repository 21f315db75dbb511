"""Who a post goes to and what each audience reads: the Public / Friends toggles, and the
texts — one shared editor, or one per audience (polite for the public, casual for friends)
when "Same text for both" is off. A friends-only post says so above the editor.

Strings keep the "Composer" translation context.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import hashtags
from app.core.models import Audience
from app.ui import theme
from app.ui.composer_edit import ComposeEdit, EditorPane
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["ORDER", "AudienceBar", "TextPanes"]

ORDER = (Audience.PUBLIC, Audience.FRIENDS)


class AudienceBar(QWidget):
    """ "Send to:" Public, Friends. At least one stays on: a post must go somewhere."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        #: Composer, label of the two audience buttons.
        row.addWidget(QLabel(translate("Composer", "Send to:")))
        #: Composer audience button: the public timeline.
        self.public_button = self._button(translate("Composer", "Public"), Audience.PUBLIC)
        #: Composer audience button: the friends feed.
        self.friends_button = self._button(translate("Composer", "Friends"), Audience.FRIENDS)
        self.public_button.setToolTip(translate("Composer", "Everyone can read it"))
        self.friends_button.setToolTip(translate("Composer", "Only your friends can read it"))
        row.addWidget(self.public_button)
        row.addWidget(self.friends_button)
        self._buttons = {Audience.PUBLIC: self.public_button, Audience.FRIENDS: self.friends_button}

    def _button(self, text: str, audience: Audience) -> QPushButton:
        button = named(QPushButton(text), "AudienceButton")
        button.setCheckable(True)
        button.setAutoDefault(False)
        button.setProperty("audience", audience.value)
        button.toggled.connect(lambda on, b=button: self._toggled(b, on))
        return button

    def audiences(self) -> frozenset[Audience]:
        return frozenset(a for a, button in self._buttons.items() if button.isChecked())

    def set_audiences(self, audiences: Iterable[Audience]) -> None:
        chosen = frozenset(audiences)
        if not chosen:
            raise ValueError("at least one audience must be chosen")
        for audience, button in self._buttons.items():
            button.blockSignals(True)
            button.setChecked(audience in chosen)
            button.blockSignals(False)
        self.changed.emit()

    def _toggled(self, button: QPushButton, on: bool) -> None:
        if not on and not self.audiences():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self.changed.emit()


class TextPanes(QWidget):
    """The friends-only hint and the two editors; ``same_text_box`` is placed by the
    composer (beside the hashtag chips)."""

    textChanged = Signal()
    preeditChanged = Signal()
    sendRequested = Signal()
    sameTextToggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.friends_hint = named(QWidget(), "FriendsHintRow")
        hint = QHBoxLayout(self.friends_hint)
        hint.setContentsMargins(0, 0, 0, 0)
        hint.addWidget(theme.LockIcon(14), 0, Qt.AlignmentFlag.AlignVCenter)
        self.friends_hint_label = named(
            QLabel(translate("Composer", "Only your friends will see this")), "FriendsHint"
        )
        hint.addWidget(self.friends_hint_label, 1)
        outer.addWidget(self.friends_hint)
        self.last_editor: ComposeEdit | None = None
        self.public_edit = self._editor(translate("Composer", "Public post text"))
        self.friends_edit = self._editor(translate("Composer", "Friends post text"))
        #: Title of the public text box: polite register (です・ます).
        self.public_pane = EditorPane(self.public_edit, translate("Composer", "Public (polite)"))
        #: Title of the friends text box: casual register.
        self.friends_pane = EditorPane(self.friends_edit, translate("Composer", "Friends (casual)"))
        self.friends_pane.title.setObjectName("PaneTitleFriends")
        editors = QHBoxLayout()
        editors.addWidget(self.public_pane, 1)
        editors.addWidget(self.friends_pane, 1)
        outer.addLayout(editors, 1)
        self.same_text_box = QCheckBox(translate("Composer", "Same text for both"))
        self.same_text_box.setToolTip(
            translate("Composer", "Send one text to the public and to friends")
        )
        self.same_text_box.setChecked(True)
        self.same_text_box.toggled.connect(self._same_text_toggled)

    def _editor(self, accessible: str) -> ComposeEdit:
        edit = ComposeEdit(self)
        edit.setObjectName("ComposeEdit")
        edit.setPlaceholderText(translate("Composer", "What would you like to share?"))
        edit.setAccessibleName(accessible)
        edit.textChanged.connect(self.textChanged)
        edit.preeditChanged.connect(lambda _text: self.preeditChanged.emit())
        edit.sendRequested.connect(self.sendRequested)
        edit.focused.connect(lambda e=edit: setattr(self, "last_editor", e))
        return edit

    def same_text(self) -> bool:
        return self.same_text_box.isChecked()

    def set_same_text(self, on: bool) -> None:
        self.same_text_box.setChecked(on)

    def _same_text_toggled(self, on: bool) -> None:
        if not on and not self.friends_edit.toPlainText().strip():
            # Splitting starts from the shared text, so friends do not get an empty box.
            self.friends_edit.replace_text(self.public_edit.toPlainText())
        self.sameTextToggled.emit()

    def editor_for(self, audience: Audience) -> ComposeEdit:
        """The editor whose text goes to ``audience`` (the shared one in “same text” mode)."""
        if audience is Audience.FRIENDS and not self.same_text():
            return self.friends_edit
        return self.public_edit

    def pane_for(self, audience: Audience) -> EditorPane:
        if self.editor_for(audience) is self.public_edit:
            return self.public_pane
        return self.friends_pane

    def editors(self, audiences: frozenset[Audience]) -> list[ComposeEdit]:
        """The editors on screen for ``audiences``, public first."""
        found: list[ComposeEdit] = []
        for audience in ORDER:
            if audience in audiences and self.editor_for(audience) not in found:
                found.append(self.editor_for(audience))
        return found

    def texts(self, audiences: frozenset[Audience]) -> dict[Audience, str]:
        return {a: self.editor_for(a).toPlainText() for a in ORDER if a in audiences}

    def set_text(self, text: str, audience: Audience | None = None) -> None:
        """Set the text of ``audience``'s editor, or of every editor when None."""
        edits = (
            [self.public_edit, self.friends_edit]
            if audience is None
            else [self.editor_for(audience)]
        )
        for edit in edits:
            edit.set_text_at_end(text)

    def set_texts(self, texts: Mapping[Audience, str]) -> None:
        """Load texts per audience; different texts turn “same text for both” off."""
        if len(set(texts.values())) > 1:
            self.set_same_text(False)
        for audience, text in texts.items():
            self.set_text(text, audience)

    def show_for(self, audiences: frozenset[Audience]) -> None:
        """Show the editors (and hints) ``audiences`` need."""
        self.friends_hint.setVisible(audiences == frozenset({Audience.FRIENDS}))
        self.same_text_box.setVisible(audiences == frozenset(ORDER))
        shown = self.editors(audiences)
        self.public_pane.setVisible(self.public_edit in shown)
        self.friends_pane.setVisible(self.friends_edit in shown)
        split = len(shown) > 1
        self.public_pane.title.setVisible(split)
        self.friends_pane.title.setVisible(split)

    def insert_tag(self, tag: str, audiences: frozenset[Audience]) -> None:
        """Add ``#tag`` on the last line (the safe rule) of the editor last typed in, or of
        every editor on screen when none has been; never under an IME composition."""
        shown = self.editors(audiences)
        chosen = [self.last_editor] if self.last_editor in shown else shown
        for edit in chosen:
            if edit is not None and not edit.composing():
                edit.replace_text(hashtags.append_tags(edit.toPlainText(), [tag]))

    def put_back(self, audience: Audience, text: str, *, split: bool) -> None:
        """Load ``text`` into ``audience``'s editor and focus it (Edit on a result row);
        ``split``: the texts differed, so they go back into separate editors."""
        if split or not self.same_text():
            self.set_same_text(False)
        edit = self.editor_for(audience)
        if not edit.composing():
            edit.replace_text(text)
        edit.setFocus()
