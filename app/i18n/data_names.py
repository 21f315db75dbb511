"""The names of occasions and gifts in the UI language.

Occasion and gift data carry ``name_ja`` and ``name_en`` (resources/). Japanese shows
``name_ja``; every other language translates ``name_en`` in the contexts ``Occasions``
and ``Gifts`` of its ``.ts`` — lupdate finds them in the generated
:mod:`app.i18n.data_strings` — and shows ``name_en`` until a translator has done so.
The greeting templates and card texts are Japanese content, never translated.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

OCCASIONS = "Occasions"
GIFTS = "Gifts"


def _name(context: str, name_ja: str, name_en: str, lang: str | None) -> str:
    if lang is None:
        from app.i18n.translators import ui_language

        lang = ui_language()
    if lang == "ja" or not name_en:
        return name_ja
    return QCoreApplication.translate(context, name_en)


def occasion_name(name_ja: str, name_en: str, lang: str | None = None) -> str:
    """クリスマス / Christmas / 크리스마스 (``lang``: default the UI language)."""
    return _name(OCCASIONS, name_ja, name_en, lang)


def gift_name(name_ja: str, name_en: str, lang: str | None = None) -> str:
    """いちごのケーキ / Strawberry cake / … in the UI language."""
    return _name(GIFTS, name_ja, name_en, lang)


def content_is_foreign(lang: str | None = None) -> bool:
    """True when the UI is not Japanese: templates and card texts (Japanese content)
    are then marked as such where they show."""
    if lang is None:
        from app.i18n.translators import ui_language

        lang = ui_language()
    return lang != "ja"
