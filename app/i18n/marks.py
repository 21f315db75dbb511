"""``QT_TRANSLATE_NOOP``: marks a literal for lupdate where it is written (argparse help
texts, built before the language is known); it is translated when it is shown. Standard
library only, so the command line's parser imports no Qt."""

from __future__ import annotations

__all__ = ["QT_TRANSLATE_NOOP"]


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate knows
    """Mark ``source`` for lupdate (in ``context``); returns it unchanged."""
    del context
    return source
