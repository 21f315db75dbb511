"""The terminal the CLI prints to: streams that never raise on a character the console's
encoding cannot hold, and table cells cut and padded to display width.

A Windows console whose output is redirected writes cp932 (or another ANSI code page), a
minimal terminal may be ASCII-only: Python's ``print`` then raises UnicodeEncodeError at
the first emoji of a greeting and the command dies half-way through its output.
:func:`safe_console` keeps the console's own encoding — a cp932 reader still reads the
Japanese — and replaces only the characters it cannot hold (``?``). A UTF-8 console holds
every character and is left untouched.

Only the standard library: :mod:`app.__main__` calls :func:`safe_console` before parsing,
so argparse's usage and errors are safe too.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

__all__ = ["cell", "make_safe", "safe_console", "width"]

# Error handlers that never raise while encoding ("surrogateescape" does, for a character
# that is not a smuggled byte).
NEVER_RAISE = frozenset(
    {"replace", "backslashreplace", "ignore", "xmlcharrefreplace", "namereplace"}
)


def _holds_everything(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith("utf")


def make_safe(stream: object) -> bool:
    """Make a text stream replace what its encoding cannot hold instead of raising,
    keeping that encoding. True when the stream was changed; a UTF stream, one that never
    raises already, one without ``reconfigure`` (not a TextIOWrapper) or a closed one is
    left as it is."""
    encoding = getattr(stream, "encoding", None)
    reconfigure = getattr(stream, "reconfigure", None)
    if not isinstance(encoding, str) or reconfigure is None:
        return False
    if _holds_everything(encoding) or getattr(stream, "errors", None) in NEVER_RAISE:
        return False
    try:
        reconfigure(errors="replace")
    except (ValueError, OSError):  # closed, or detached from its buffer
        return False
    return True


def safe_console() -> None:
    """:func:`make_safe` for stdout and stderr (absent in a windowed frozen build)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            make_safe(stream)


def width(text: str) -> int:
    """Display columns: wide and full-width characters (kanji, kana, most emoji) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(text: str, columns: int) -> str:
    """``text`` on one line in exactly ``columns`` display columns: cut with "…" when
    longer, padded with spaces when shorter."""
    flat = " ".join(text.split())
    if width(flat) > columns:
        out = ""
        for char in flat:
            if width(out + char) > columns - 1:
                break
            out += char
        flat = out + "…"
    return flat + " " * max(0, columns - width(flat))
