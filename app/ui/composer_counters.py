"""The composer's counters: one label per target under the editor that feeds it, counted
on committed text plus the IME preedit by :func:`app.core.counting.measure` with the
target's :class:`~app.core.models.Limits` — the adapter's own rule (unit, URL weight,
byte cap), the server's once its adapter has read it. Nothing here asks which network it
is: networks are only named, from :mod:`app.core.network_kinds`.

A text over a limit says which network and account it is too long for, in the hint below
the editors; over a byte cap, in bytes. Strings keep the "Composer" translation context.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from app.core.counting import Count, Measure, count, measure
from app.core.models import Audience, Limits
from app.core.network_kinds import display_name
from app.ui.composer_texts import TextPanes
from app.ui.placeholders import fill
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["Counted", "Counters", "TargetInfo", "measure_for", "too_long_words"]


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """One place a post goes: an account and the audience it is sent with."""

    key: str
    label: str  # e.g. "@me@sora"
    network: str  # "mastodon", "misskey", … (the name shown)
    audience: Audience
    limit: int
    unit: str = ""  # "graphemes", "utf16", "weighted" (informative)
    # What one URL weighs on this server (Mastodon's characters_reserved_per_url);
    # None: the network's default (23 where URLs are weighed, in full elsewhere).
    url_weight: int | None = None
    # The adapter's whole counting rule (its ``limits``); None, from older callers: the
    # network's default rule with ``limit`` and ``url_weight``.
    limits: Limits | None = None


Counted = Measure | Count  # both say .used .limit .fits .remaining


def measure_for(target: TargetInfo, text: str) -> Counted:
    """``text`` counted as ``target``'s network counts it."""
    if target.limits is not None:
        return measure(text, target.limits)
    return count(text, target.network, target.limit, target.url_weight)


def too_long_words(target: TargetInfo, c: Counted) -> str:
    """「Too long for Mastodon (@me@sora): 600 of 500…」: naming the network."""
    network = display_name(target.network)
    if isinstance(c, Measure) and c.fits_characters and not c.fits_bytes:
        return (
            #: Composer warning: %1 network (Bluesky…), %2 account, %3 bytes used, %4 the limit.
            translate("Composer", "Too long for %1 (%2): %3 of %4 bytes. Shorten it to send.")
            .replace("%1", network)
            .replace("%2", target.label)
            .replace("%3", str(c.bytes_used))
            .replace("%4", str(c.max_bytes))
        )
    return (
        #: Composer warning: %1 network (Mastodon…), %2 account, %3 characters used, %4 the limit.
        translate("Composer", "Too long for %1 (%2): %3 of %4. Shorten it to send.")
        .replace("%1", network)
        .replace("%2", target.label)
        .replace("%3", str(c.used))
        .replace("%4", str(c.limit))
    )


class Counters:
    """The counter labels of the current targets, and the limit hint."""

    def __init__(self, texts: TextPanes) -> None:
        self._texts = texts
        self.targets: list[TargetInfo] = []
        self.labels: dict[str, QLabel] = {}
        self.counts: dict[str, Counted] = {}
        # Why Send is off when a text is over a network's limit, naming the network.
        self.hint = named(QLabel(), "LimitHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        # Why nothing can be sent at all: no account serves the chosen audiences.
        self.no_targets = named(QLabel(), "NoTargets")
        self.no_targets.setWordWrap(True)
        self.no_targets.setVisible(False)

    def set_targets(self, targets: list[TargetInfo]) -> None:
        """One label per target, under the editor whose text it gets."""
        for pane in (self._texts.public_pane, self._texts.friends_pane):
            pane.clear_counters()
        self.targets = list(targets)
        self.labels = {}
        for target in self.targets:
            label = named(QLabel(), "TargetCount")
            self.labels[target.key] = label
            self._texts.pane_for(target.audience).add_counter(label)
        self.no_targets.setText(
            ""
            if targets
            else translate("Composer", "No signed-in account can post to this audience.")
        )
        self.no_targets.setVisible(not targets)

    def recount(self) -> None:
        self.counts = {}
        too_long: list[str] = []
        for target in self.targets:
            edit = self._texts.editor_for(target.audience)
            # Count what the reader will see once the IME conversion is confirmed.
            text = edit.toPlainText() + edit.preedit_text()
            c = measure_for(target, text)
            self.counts[target.key] = c
            label = self.labels[target.key]
            #: Composer counter under the editor, one per account: %1 the account's
            #: handle (@me@sora), %2 characters used, %3 the network's limit.
            counter = translate("Composer", "%1 %2/%3")
            label.setText(fill(counter, target.label, str(c.used), str(c.limit)))
            over = not c.fits
            if label.property("over") != over:
                label.setProperty("over", over)
                label.style().unpolish(label)
                label.style().polish(label)
            if over:
                too_long.append(too_long_words(target, c))
                label.setToolTip(too_long[-1])
            else:
                label.setToolTip(
                    #: Tooltip of an account's character counter; %1 is a number.
                    translate("Composer", "%1 characters left").replace("%1", str(c.remaining))
                )
            label.setAccessibleName(label.text())
        self.hint.setText("\n".join(too_long))
        self.hint.setVisible(bool(too_long))

    def all_fit(self) -> bool:
        return all(c.fits for c in self.counts.values())
