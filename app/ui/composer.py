"""The composer: audience toggles, an occasion with greeting templates and hashtag chips,
one text per audience (polite for the public, casual for friends), a live counter per
target, a gift card, a schedule, send, and one status line per target after sending.

It knows no network. ``targets(audiences)`` says where a post for those audiences would
go (with each target's limit). Sending calls the lead's coroutine: ``send_draft(Draft)``
when given (texts per audience, the rendered gift, the schedule), else the older
``send({audience: text})``; either reports progress through :meth:`Composer.update_target`.

Composed of: :mod:`~app.ui.composer_texts` (audiences, editors: :mod:`~app.ui.composer_edit`),
:mod:`~app.ui.composer_counters` (counters, :class:`TargetInfo`),
:mod:`~app.ui.composer_greetings` (templates, late-window hint), :mod:`~app.ui.gift_picker`,
:mod:`~app.ui.composer_schedule`, :mod:`~app.ui.composer_send` and
:mod:`~app.ui.composer_results` (result rows with Retry / Edit / Discard).

Public API::

    Draft(texts, gift=None, at=None, occasion_key=None)      # what a send carries
    GiftDraft(gift_key, message, sender, cards, recipients)  # from app.ui.gift_picker:
                                                             # one GiftCard per audience
    Composer(*, targets, send=None, send_draft=None, friends=None, today=None,
             mourning=False, audiences={PUBLIC}, prefs=None, catalogues=None, parent=None)
      .edit / .public_edit / .friends_edit                    # ComposeEdit editors
      .text() .texts() .set_text(text, audience=None) .set_texts({audience: text})
      .audiences() .set_audiences(...) .same_text() .set_same_text(on)
      .choose_occasion(key) .another_template() .template_index() .insert_tag(tag)
      .set_mourning(on)
      .schedule_at(aware datetime | None) .scheduled_at() .draft() .send_now()
      .refresh_targets()   # ask targets() again: a server's limit may arrive late
      .target_audience(key) .counter_labels()
      .recipient_name()    # who the friends text's {recipient} names (never the public's)
      .update_target(key, state, detail="", url=None, outbox_id=None, *, at=None)
      .target_states() .status_text(key) .status_buttons(key) .counts() .wait_sent()
    signals: textEdited, sendFinished(bool), retryRequested(int), editRequested(int),
             discardRequested(int)

Keyboard: Ctrl+Enter / Ctrl+Return sends from either editor (⌘+Return on macOS). Plain
Enter never sends. Text is never rewritten in an editor that is composing, and it is only
cleared once every target has the post (or has it scheduled).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Awaitable, Callable, Mapping

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import hashtags
from app.core.clock import tokyo_today
from app.core.models import Audience, Friend
from app.core.occasions import Occasion
from app.services.catalogues import Catalogues, shipped
from app.ui import theme
from app.ui.composer_counters import Counted, Counters, TargetInfo
from app.ui.composer_edit import ComposeEdit
from app.ui.composer_gift import GiftPanel
from app.ui.composer_greetings import Greetings, timing_words
from app.ui.composer_results import ResultRows
from app.ui.composer_schedule import ScheduleBar, default_time
from app.ui.composer_send import Draft, Send, SendDraft, SendFlow
from app.ui.composer_texts import AudienceBar, TextPanes
from app.ui.gift_draft import GiftDraft, Prefs
from app.ui.occasion_picker import OccasionPicker, TagChips
from app.ui.theme import named

translate = QCoreApplication.translate  # the name lupdate recognises

__all__ = ["ComposeEdit", "Composer", "Draft", "Friend", "GiftDraft", "TargetInfo"]


Targets = Callable[[frozenset[Audience]], list[TargetInfo]]
Friends = Callable[[], Awaitable[list[Friend]]]


class Composer(QDialog):
    textEdited = Signal()
    sendFinished = Signal(bool)  # True when every target has the post (or has it scheduled)
    retryRequested = Signal(int)  # outbox id
    editRequested = Signal(int)
    discardRequested = Signal(int)

    def __init__(
        self,
        *,
        targets: Targets,
        send: Send | None = None,
        send_draft: SendDraft | None = None,
        friends: Friends | None = None,
        today: Callable[[], dt.date] | None = None,
        mourning: bool = False,
        audiences: frozenset[Audience] = frozenset({Audience.PUBLIC}),
        prefs: Prefs | None = None,
        catalogues: Catalogues | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``prefs`` (the profile's Store) remembers the sender name between sessions;
        ``catalogues`` are the occasions and their templates (the shipped ones if None)."""
        super().__init__(parent)
        self._targets_for = targets
        self._today = today or tokyo_today
        self._catalogues = catalogues or shipped()
        self._names: dict[str, str] = {}  # target key → label, kept after the targets change
        self._target_audience: dict[str, Audience] = {}
        self.setModal(False)
        self.setObjectName("Composer")
        #: Window title of the composer (新規投稿).
        self.setWindowTitle(translate("Composer", "New post"))
        theme.follow_palette(self, theme.composer_style)
        self.resize(900, 700)
        outer = QVBoxLayout(self)
        self._build_top(outer, mourning)
        self._build_texts(outer)
        self._build_gift(outer, friends, prefs)
        self._greetings = Greetings(
            self.texts_panes, self.gift_picker, self._catalogues, self._today
        )
        self._build_schedule(outer)
        self._build_bottom(outer)
        self._flow = SendFlow(self.results, send, send_draft, self)  # (checks there is one)
        self._flow.finished.connect(self._send_finished)
        self.set_audiences(audiences or frozenset({Audience.PUBLIC}))

    # -- layout --------------------------------------------------------------------------
    def _build_top(self, outer: QVBoxLayout, mourning: bool) -> None:
        row = QHBoxLayout()
        self.audience_bar = AudienceBar(self)
        self.public_button = self.audience_bar.public_button
        self.friends_button = self.audience_bar.friends_button
        self.audience_bar.changed.connect(self._audiences_changed)
        row.addWidget(self.audience_bar)
        row.addSpacing(16)
        self.occasion_picker = OccasionPicker(
            today=self._today, mourning=mourning, catalogues=self._catalogues, parent=self
        )
        self.occasion_picker.occasionChosen.connect(self._occasion_chosen)
        self.occasion_picker.anotherRequested.connect(self.another_template)
        row.addWidget(self.occasion_picker, 1)
        outer.addLayout(row)

    def _build_texts(self, outer: QVBoxLayout) -> None:
        panes = self.texts_panes = TextPanes(self)
        self.friends_hint, self.friends_hint_label = panes.friends_hint, panes.friends_hint_label
        self.public_edit, self.friends_edit = panes.public_edit, panes.friends_edit
        self.public_pane, self.friends_pane = panes.public_pane, panes.friends_pane
        self.same_text_box = panes.same_text_box
        panes.textChanged.connect(self._text_changed)
        panes.preeditChanged.connect(self._recount)
        panes.sendRequested.connect(self.send_now)
        panes.sameTextToggled.connect(self._audiences_changed)
        outer.addWidget(panes, 1)
        self.counters = Counters(panes)
        self.limit_hint = self.counters.hint
        outer.addWidget(self.limit_hint)
        options = QHBoxLayout()
        options.addWidget(self.same_text_box)
        self.tag_chips = TagChips(self)
        self.tag_chips.tagClicked.connect(self.insert_tag)
        options.addWidget(self.tag_chips, 1)
        outer.addLayout(options)

    def _build_gift(self, outer: QVBoxLayout, friends: Friends | None, prefs: Prefs | None) -> None:
        self.gift_box = GiftPanel(
            friends=friends, today=self._today, prefs=prefs, catalogues=self._catalogues
        )
        self.gift_picker, self.gift_hint = self.gift_box.picker, self.gift_box.hint
        self.gift_picker.changed.connect(self._recount)
        self.gift_picker.changed.connect(
            lambda: self._greetings.recipients_changed(self.occasion())
        )
        self.gift_picker.senderChanged.connect(
            lambda _sender: self._greetings.sender_changed(self.occasion())
        )
        self.gift_picker.combo.currentIndexChanged.connect(self._update_chips)
        outer.addWidget(self.gift_box)

    def _build_schedule(self, outer: QVBoxLayout) -> None:
        self.schedule = ScheduleBar(self._today, self)
        self.now_radio, self.at_radio = self.schedule.now_radio, self.schedule.at_radio
        self.at_edit = self.schedule.at_edit
        outer.addWidget(self.schedule)
        # A greeting sent after its window (or, for some, before it): say so, and what
        # people send instead. A hint only: the user may have rewritten the text.
        self.timing_hint = named(QLabel(), "TimingHint")
        self.timing_hint.setWordWrap(True)
        self.timing_hint.setVisible(False)
        outer.addWidget(self.timing_hint)
        self.schedule.changed.connect(self._update_timing)
        self.at_radio.toggled.connect(self._schedule_toggled)
        self.occasion_picker.midnight.dayChanged.connect(self._update_timing)

    def _build_bottom(self, outer: QVBoxLayout) -> None:
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        #: Composer button: close the window (the draft is kept).
        self.close_button = named(QPushButton(translate("Composer", "Close")), "CloseButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        #: Composer button: send the post now to every account chosen.
        self.send_button = named(QPushButton(translate("Composer", "Send")), "SendButton")
        # Enter in the editor must never press a default button.
        self.send_button.setAutoDefault(False)
        shortcut = (
            #: The send shortcut as shown on macOS (in the Send button's tooltip).
            translate("Composer", "⌘+Return")
            if sys.platform == "darwin"
            #: The send shortcut as shown on Windows and Linux.
            else translate("Composer", "Ctrl+Enter")
        )
        #: Tooltip of the Send button; %1 is the keyboard shortcut (Ctrl+Enter).
        self.send_button.setToolTip(translate("Composer", "Send (%1)").replace("%1", shortcut))
        self.send_button.clicked.connect(self.send_now)
        bottom.addWidget(self.send_button)
        outer.addLayout(bottom)
        self.no_targets_label = self.counters.no_targets
        outer.addWidget(self.no_targets_label)
        self.results = ResultRows(self._label_of, self)
        self.status_box, self.summary_label = self.results, self.results.summary_label
        self.results.retryRequested.connect(self.retryRequested)
        self.results.editRequested.connect(self._edit_requested)
        self.results.discardRequested.connect(self.discardRequested)
        outer.addWidget(self.results)

    # -- audiences and editors -----------------------------------------------------------
    def audiences(self) -> frozenset[Audience]:
        return self.audience_bar.audiences()

    def set_audiences(self, audiences: frozenset[Audience] | set[Audience]) -> None:
        self.audience_bar.set_audiences(audiences)  # (its changed signal rebuilds the rest)

    def same_text(self) -> bool:
        return self.texts_panes.same_text()

    def set_same_text(self, on: bool) -> None:
        self.texts_panes.set_same_text(on)

    def editor_for(self, audience: Audience) -> ComposeEdit:
        """The editor whose text goes to ``audience`` (the shared one in “same text” mode)."""
        return self.texts_panes.editor_for(audience)

    def editors(self) -> list[ComposeEdit]:
        """The editors on screen, public first."""
        return self.texts_panes.editors(self.audiences())

    @property
    def edit(self) -> ComposeEdit:
        """The first editor on screen (the only one with one audience or one shared text)."""
        shown = self.editors()
        return shown[0] if shown else self.public_edit

    def _audiences_changed(self) -> None:
        audiences = self.audiences()
        self.texts_panes.show_for(audiences)
        targets = self._targets_for(audiences)
        for target in targets:
            self._names[target.key] = target.label
            self._target_audience[target.key] = target.audience
        self.counters.set_targets(targets)
        self.gift_picker.set_audiences(audiences)  # one card per audience
        self._recount()

    def target_audience(self, key: str) -> Audience | None:
        """The audience target ``key`` was offered for (kept after the targets change)."""
        return self._target_audience.get(key)

    # -- text and counting ---------------------------------------------------------------
    def text(self) -> str:
        """The text of the first editor on screen (see :meth:`texts` for every audience)."""
        return self.edit.toPlainText()

    def texts(self) -> dict[Audience, str]:
        """The text each chosen audience would get."""
        return self.texts_panes.texts(self.audiences())

    def set_text(self, text: str, audience: Audience | None = None) -> None:
        """Set the text of ``audience``'s editor, or of every editor when None."""
        self.texts_panes.set_text(text, audience)

    def set_texts(self, texts: Mapping[Audience, str]) -> None:
        """Load texts per audience; different texts turn “same text for both” off."""
        self.texts_panes.set_texts(texts)

    def counts(self) -> dict[str, Counted]:
        return dict(self.counters.counts)

    def counter_labels(self) -> dict[str, QLabel]:
        """The counter label of each current target, by target key."""
        return dict(self.counters.labels)

    def _text_changed(self) -> None:
        if not self.refresh_targets():  # (a refresh counts again itself)
            self._recount()
        self.textEdited.emit()

    def refresh_targets(self) -> bool:
        """Ask ``targets`` again; True when they changed (a server's own limit arrived
        after the composer opened, an account came or went) and the counters were rebuilt.
        Called while typing, when shown, and by the main window when it knows more (an
        account attached, a column's first page in with its server's limits)."""
        if self._targets_for(self.audiences()) == self.counters.targets:
            return False
        self._audiences_changed()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_targets()

    def _recount(self, *_: object) -> None:
        self.counters.recount()
        self.gift_box.show_problem(self.audiences())
        self.send_button.setEnabled(self.can_send())

    def can_send(self) -> bool:
        texts = self.texts()
        return (
            bool(texts)
            and all(t.strip() for t in texts.values())
            and bool(self.counters.targets)
            and self.counters.all_fit()
            and not self.gift_box.problem(self.audiences())
            and not self.sending()
        )

    # -- occasions, templates and tags ---------------------------------------------------
    def set_mourning(self, on: bool) -> None:
        """喪中: celebratory occasions are no longer offered."""
        self.occasion_picker.set_mourning(on)

    def choose_occasion(self, key: str | None) -> bool:
        """Pick an occasion by key (as the combo would); False when it is not offered."""
        return self.occasion_picker.select(key)

    def occasion(self) -> Occasion | None:
        return self.occasion_picker.current()

    def _occasion_chosen(self, occasion: Occasion | None) -> None:
        self.gift_picker.set_occasion(occasion.key if occasion else None)
        self._update_chips()
        self._update_timing()
        self._greetings.start(occasion)
        if occasion is not None:
            self.schedule.suggest(default_time(occasion, self._today()))

    def another_template(self) -> None:
        occasion = self.occasion()
        if occasion is not None:
            self._greetings.another(occasion)

    def template_index(self) -> int:
        """Which of the occasion's templates is filled in (counts up with "another")."""
        return self._greetings.template_index

    def recipient_name(self) -> str:
        """Who the friends text's ``{recipient}`` names: the friends ticked for the gift
        card (「ゆき、はる」), or "" when the card is open. Never used for the public text."""
        return self._greetings.recipient_name()

    def send_day(self) -> dt.date:
        """The Tokyo date the post would go out: the scheduled one, else today."""
        return self.schedule.send_day(self._today())

    def timing_problem(self) -> str:
        """Why the chosen occasion's greeting does not suit the send day ("" when it does)."""
        occasion = self.occasion()
        if occasion is None:
            return ""
        return timing_words(
            self._catalogues,
            occasion,
            self.send_day(),
            mourning=self.occasion_picker.mourning(),
        )

    def _update_timing(self, *_: object) -> None:
        problem = self.timing_problem()
        self.timing_hint.setText(problem)
        self.timing_hint.setVisible(bool(problem))

    def _update_chips(self, *_: object) -> None:
        tags: list[str] = []
        occasion = self.occasion()
        if occasion is not None:
            tags.extend(occasion.tags)
        gift = self.gift_picker.gift()
        if gift is not None:
            tags.extend(gift.tags)
        self.tag_chips.set_tags([t for t in tags if hashtags.is_safe_tag(t)])

    def insert_tag(self, tag: str) -> None:
        """Add ``#tag`` on the last line (the safe rule) of the editor last typed in, or of
        every editor on screen when none has been."""
        self.texts_panes.insert_tag(tag, self.audiences())

    # -- schedule ------------------------------------------------------------------------
    def schedule_at(self, moment: dt.datetime | None) -> None:
        """Send at ``moment`` (aware), or now when None."""
        self.schedule.schedule_at(moment)

    def scheduled_at(self) -> dt.datetime | None:
        """The chosen moment as an aware datetime in Asia/Tokyo, or None for “now”."""
        return self.schedule.scheduled_at()

    def _schedule_toggled(self, _on: object) -> None:
        at = self.schedule.is_scheduled()
        #: Composer button when a time is chosen under When: schedule the post.
        self.send_button.setText(
            translate("Composer", "Schedule") if at else translate("Composer", "Send")
        )

    # -- sending -------------------------------------------------------------------------
    def draft(self) -> Draft:
        """What Send would send now (renders the gift card at full size)."""
        occasion = self.occasion()
        return Draft(
            texts=self.texts(),
            gift=self.gift_picker.gift_draft(),
            at=self.scheduled_at(),
            occasion_key=occasion.key if occasion else None,
        )

    def sending(self) -> bool:
        return self._flow.sending()

    def send_now(self) -> None:
        self.gift_picker.refresh_now()  # the card as typed, even within the typing pause
        if not self.can_send():
            return
        self._flow.start(self.draft(), [t.key for t in self.counters.targets])
        self.send_button.setEnabled(False)

    def _send_finished(self, ok: bool, draft: Draft) -> None:
        if ok:
            self.summary_label.setText(translate("Composer", "Sent to every target."))
            # Clear only what nobody changed meanwhile.
            sent = {self.editor_for(a): t for a, t in draft.texts.items()}
            for edit, text in sent.items():
                if edit.toPlainText() == text:
                    edit.clear()
            if draft.gift is not None:
                self.gift_picker.reset()
            self.schedule_at(None)
        else:
            self.summary_label.setText(
                translate(
                    "Composer", "Not everything was sent. Your text is kept: edit it or send again."
                )
            )
        self.send_button.setEnabled(self.can_send())
        self.sendFinished.emit(ok)

    async def wait_sent(self) -> None:
        """For callers that need to wait for the send in flight (tests, shutdown)."""
        await self._flow.wait()

    def update_target(
        self,
        key: str,
        state: str,
        detail: str = "",
        url: str | None = None,
        outbox_id: int | None = None,
        *,
        at: dt.datetime | None = None,
    ) -> None:
        """Progress of one target: "sending" | "sent" | "queued" | "scheduled" | "failed".

        ``detail`` is the reason (failed, queued); ``at`` the time of a schedule (else the
        last draft's); ``outbox_id`` enables the line's Retry / Edit / Discard buttons.
        """
        self._flow.update(key, state, detail, url, outbox_id, at=at)

    def status_buttons(self, key: str) -> dict[str, QPushButton]:
        """The Retry / Edit / Discard buttons of a target's line, by "retry", "edit", "discard"."""
        return self.results.status_buttons(key)

    def target_states(self) -> dict[str, str]:
        return self.results.states()

    def status_text(self, key: str) -> str:
        return self.results.status_text(key)

    def _label_of(self, key: str) -> str:
        return self._names.get(key, key)

    def _edit_requested(self, key: str, outbox_id: int) -> None:
        self._edit_target(key)
        self.editRequested.emit(outbox_id)

    def _edit_target(self, key: str) -> None:
        """Put the text a target was sent (or failed to get) back in its editor."""
        audience = self._target_audience.get(key)
        draft = self._flow.last_draft
        if audience is None or draft is None or audience not in draft.texts:
            return
        if audience not in self.audiences():
            self.set_audiences(self.audiences() | {audience})
        split = len(set(draft.texts.values())) > 1
        self.texts_panes.put_back(audience, draft.texts[audience], split=split)
