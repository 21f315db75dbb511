"""The pseudo-locale (``--lang pseudo``): every English source, accented, about 40 %
longer and in brackets, made at run time — no file needed.

A string that shows without brackets was never translated (hard-coded, or built outside
``translate()``); a label cut off before its ``]`` is too narrow for a longer language.
Placeholders (``%1``, ``%n``, ``%L1``), markup (``<b>``, ``&amp;``), mnemonics (``&``) and
line breaks are kept as they are, so the text still works where it is used.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QTranslator

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must reach the UI unchanged: placeholders, tags and entities, a mnemonic's "&".
_KEEP = re.compile(r"%L?\d+|%n|<[^>]*>|&[a-zA-Z#0-9]+;|&&|&(?=\w)|\n")
_GROWTH = 0.4


def pseudo(text: str) -> str:
    """``Send now`` → ``[Šéñð ñöŵ ~~~~]``: accented, padded by ~40 %, bracketed."""
    if not text:
        return text
    parts: list[str] = []
    last = 0
    visible = 0
    for match in _KEEP.finditer(text):
        plain = text[last : match.start()]
        parts.append(plain.translate(_ACCENTED))
        parts.append(match.group(0))
        visible += len(plain)
        last = match.end()
    tail = text[last:]
    parts.append(tail.translate(_ACCENTED))
    visible += len(tail)
    padding = "~" * max(1, round(visible * _GROWTH))
    return f"[{''.join(parts)} {padding}]"


class PseudoTranslator(QTranslator):
    """A translator that answers every message with :func:`pseudo` of its source."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        return pseudo(source_text)

    def isEmpty(self) -> bool:
        return False
