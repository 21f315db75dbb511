"""Greetings in the composer: an occasion's templates filled into both texts (polite for
the public, casual for friends), "another" template, the friends text's ``{recipient}``
following the friends ticked for the gift card, ``{sender}`` following the card's sender,
and the hint when a greeting does not suit the day it would be sent.

Text is never rewritten in an editor that is composing (IME), nor once the user has
changed what was filled. Strings keep the "Composer" translation context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from app.core import hashtags, templates
from app.core.models import Audience
from app.core.occasions import Occasion
from app.services.catalogues import Catalogues
from app.ui.composer_texts import ORDER, TextPanes
from app.ui.gift_picker import GiftPicker
from app.ui.occasion_picker import occasion_name

translate = QCoreApplication.translate

__all__ = ["Greetings", "timing_words"]


def timing_words(
    catalogues: Catalogues, occasion: Occasion, day: dt.date, *, mourning: bool
) -> str:
    """Why ``occasion``'s greeting does not suit ``day`` ("" when it does)."""
    found = catalogues.timing(occasion, day, mourning=mourning)
    if found is None:
        return ""
    when = QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)
    name = occasion_name(occasion)
    if found.state == "early":
        #: Composer warning; %1 is the occasion's name, %2 the date the post would go out.
        text = translate("Composer", "%1 has not begun on %2: this greeting would come too early.")
    elif found.instead is not None:
        #: Composer warning; %1 the occasion, %2 the sending date, %3 what people send instead.
        text = translate(
            "Composer", "%1 is over on %2: people send %3 instead (choose it under Occasion)."
        ).replace("%3", occasion_name(found.instead))
    else:
        #: Composer warning; %1 is the occasion's name, %2 the date the post would go out.
        text = translate("Composer", "%1 is over on %2: this greeting would come late.")
    return text.replace("%1", name).replace("%2", when)


class Greetings:
    """Fills the texts from an occasion's templates and keeps them in step with the card."""

    def __init__(
        self,
        texts: TextPanes,
        gift_picker: GiftPicker,
        catalogues: Catalogues,
        today: Callable[[], dt.date],
    ) -> None:
        self._texts = texts
        self._gift_picker = gift_picker
        self._catalogues = catalogues
        self._today = today
        self.template_index = 0
        self._filled: dict[Audience, str] = {}  # the template texts as last filled
        self._filled_recipient = ""  # the friends' names those texts were filled with

    def recipient_name(self) -> str:
        """Who the friends text's ``{recipient}`` names: the friends ticked for the gift
        card (「ゆき、はる」), or "" when the card is open. Never used for the public text."""
        return templates.friends_address(
            [f.display_name or f.username for f in self._gift_picker.recipients()]
        )

    def start(self, occasion: Occasion | None) -> None:
        """A newly chosen occasion (or none): back to its first template."""
        self.template_index = 0
        if occasion is not None:
            self.fill(occasion)

    def another(self, occasion: Occasion) -> None:
        self.template_index += 1
        self.fill(occasion)

    def _render(self, occasion: Occasion, audience: Audience) -> str:
        entry = self._catalogues.entry(occasion.template_key or occasion.key)
        choices = entry.polite if audience is Audience.PUBLIC else entry.casual
        template = choices[self.template_index % len(choices)]
        text = templates.render(
            template,
            occasion=occasion,
            today=self._today(),
            # The public text goes to everyone: it never names the friends.
            recipient=self.recipient_name() if audience is Audience.FRIENDS else "",
            sender=self._gift_picker.sender_name(),
        )
        return hashtags.append_tags(text, occasion.tags)

    def fill(self, occasion: Occasion, only: Audience | None = None) -> None:
        """Fill both texts (or ``only`` one) from the occasion's current template."""
        audiences = ORDER if only is None else (only,)
        filled = {audience: self._render(occasion, audience) for audience in audiences}
        # Two registers, two texts: the public gets the polite one, friends the casual one.
        self._texts.set_same_text(False)
        self._filled_recipient = self.recipient_name()
        for audience, text in filled.items():
            edit = self._texts.editor_for(audience)
            if not edit.composing():  # never rewrite text under an open IME composition
                edit.replace_text(text)
                self._filled[audience] = text

    def recipients_changed(self, occasion: Occasion | None) -> None:
        """The friends ticked for the card fill the friends text's ``{recipient}`` line
        again — only when that text is as it was filled (the user's words win)."""
        if occasion is None or self._texts.same_text() or Audience.FRIENDS not in self._filled:
            return
        if self.recipient_name() == self._filled_recipient:
            return
        edit = self._texts.friends_edit
        if edit.composing():
            return  # never under an open IME composition; the next change tries again
        if edit.toPlainText() != self._filled[Audience.FRIENDS]:
            return
        self.fill(occasion, only=Audience.FRIENDS)

    def sender_changed(self, occasion: Occasion | None) -> None:
        """A new sender name fills the templates' {sender} line again — only in texts the
        user has not changed since they were filled."""
        if occasion is None or self._texts.same_text():
            return
        untouched = [
            a for a, t in self._filled.items() if self._texts.editor_for(a).toPlainText() == t
        ]
        if not untouched or len(untouched) < len(self._filled):
            return  # the user wrote something of their own: leave every text alone
        self.fill(occasion)
