"""The composer's "Gift card" box: the gift picker, and the hint that says why a card
cannot go as it is — including what only the composer knows (a card for chosen friends
needs the Friends audience and at least one friend ticked). Strings keep the "Composer"
translation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from app.core.models import Audience
from app.services.catalogues import Catalogues
from app.ui.gift_draft import Prefs
from app.ui.gift_friends import Friends
from app.ui.gift_picker import GiftPicker
from app.ui.theme import named

translate = QCoreApplication.translate

__all__ = ["GiftPanel"]


class GiftPanel(QGroupBox):
    """The gift picker in its box, with the card's problem shown below it."""

    def __init__(
        self,
        *,
        friends: Friends | None,
        today: Callable[[], dt.date],
        prefs: Prefs | None,
        catalogues: Catalogues,
        parent: QWidget | None = None,
    ) -> None:
        #: Composer group box: attach a gift card image (お年賀, クリスマス…) to the post.
        super().__init__(translate("Composer", "Gift card"), parent)
        self.setObjectName("GiftBox")
        layout = QVBoxLayout(self)
        self.picker = GiftPicker(
            friends=friends, today=today, prefs=prefs, catalogues=catalogues, parent=self
        )
        layout.addWidget(self.picker)
        self.hint = named(QLabel(), "GiftHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)
        layout.addWidget(self.hint)

    def problem(self, audiences: frozenset[Audience]) -> str:
        """Why the card cannot be sent to ``audiences`` ("" when it can)."""
        card = self.picker.problem()
        if card:
            return card
        if not self.picker.for_chosen_friends():
            return ""
        if Audience.FRIENDS not in audiences:
            return translate(
                "Composer", "A card for chosen friends goes to your friends: turn on Friends."
            )
        if not self.picker.recipients():
            return translate("Composer", "Tick at least one friend, or make it an open card.")
        return ""

    def show_problem(self, audiences: frozenset[Audience]) -> None:
        problem = self.problem(audiences)
        self.hint.setText(problem)
        self.hint.setVisible(bool(problem))
