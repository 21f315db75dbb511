"""Putting values into a translated template: ``%1``, ``%2``… in one pass.

A translator may reorder the placeholders of a template (「（%2）%1」), so the values
go in by number, never by joining pieces in code. One pass, not a chain of
``str.replace``: a value that itself holds ``%2`` (a display name, a post's text) stays
as it is instead of being replaced in its turn.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%(\d)")


def fill(template: str, *values: str) -> str:
    """``fill("%2 (%1)", "a", "b")`` → ``"b (a)"``; a number with no value stays as it is."""

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return values[number - 1] if 1 <= number <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)
