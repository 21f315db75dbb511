"""The composer's counters: one label per target under the editor that feeds it, counted
by :func:`app.core.counting.count` on committed text plus the IME preedit, against the
target's own limit and URL weight (the server's, once its adapter has read it).

A text over a limit says which network and account it is too long for, in the hint below
the editors; a byte cap (``TargetInfo.max_bytes``) is named in bytes. Networks are named
from :mod:`app.core.network_kinds`. Strings keep the "Composer" translation context.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from app.core.counting import Count, count, utf8_bytes
from app.core.models import Audience
from app.core.network_kinds import display_name
from app.ui.composer_texts import TextPanes
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["Counters", "TargetInfo", "too_long_words"]


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """One place a post goes: an account and the audience it is sent with."""

    key: str
    label: str  # e.g. "@me@sora"
    network: str  # "mastodon", "misskey", … (picks the counting rule and the name shown)
    audience: Audience
    limit: int
    unit: str = ""  # "graphemes", "utf16", "weighted" (informative)
    # What one URL weighs on this server (Mastodon's characters_reserved_per_url);
    # None: the network's default (23 where URLs are weighed, in full elsewhere).
    url_weight: int | None = None
    # A second cap in UTF-8 bytes (Limits.max_bytes: Bluesky's 3000); None: none.
    max_bytes: int | None = None


def too_long_words(target: TargetInfo, text: str, c: Count) -> str:
    """「Too long for Mastodon (@me@sora): 600 of 500…」: naming the network."""
    network = display_name(target.network)
    size = utf8_bytes(text)
    if c.used <= c.limit and target.max_bytes is not None and size > target.max_bytes:
        return (
            translate("Composer", "Too long for %1 (%2): %3 of %4 bytes. Shorten it to send.")
            .replace("%1", network)
            .replace("%2", target.label)
            .replace("%3", str(size))
            .replace("%4", str(target.max_bytes))
        )
    return (
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
        self.counts: dict[str, Count] = {}
        # Why Send is off when a text is over a network's limit, naming the network.
        self.hint = named(QLabel(), "LimitHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)

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

    def recount(self) -> None:
        self.counts = {}
        too_long: list[str] = []
        for target in self.targets:
            edit = self._texts.editor_for(target.audience)
            # Count what the reader will see once the IME conversion is confirmed.
            text = edit.toPlainText() + edit.preedit_text()
            c = count(text, target.network, target.limit, target.url_weight)
            if target.max_bytes is not None and utf8_bytes(text) > target.max_bytes:
                c = Count(used=c.used, limit=c.limit, fits=False)
            self.counts[target.key] = c
            label = self.labels[target.key]
            label.setText(f"{target.label} {c.used}/{c.limit}")
            over = not c.fits
            if label.property("over") != over:
                label.setProperty("over", over)
                label.style().unpolish(label)
                label.style().polish(label)
            if over:
                too_long.append(too_long_words(target, text, c))
                label.setToolTip(too_long[-1])
            else:
                label.setToolTip(
                    translate("Composer", "%1 characters left").replace("%1", str(c.remaining))
                )
            label.setAccessibleName(label.text())
        self.hint.setText("\n".join(too_long))
        self.hint.setVisible(bool(too_long))

    def all_fit(self) -> bool:
        return all(c.fits for c in self.counts.values())
