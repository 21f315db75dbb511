"""app.cli_console: a narrow console replaces what it cannot hold and keeps its encoding;
a UTF-8 one is untouched; table cells are cut and padded by display width."""

from __future__ import annotations

import io

import pytest

from app.cli_console import cell, make_safe, width


def console(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors)


def written(stream: io.TextIOWrapper) -> bytes:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue()


def test_a_cp932_console_replaces_the_emoji_and_keeps_the_japanese() -> None:
    stream = console("cp932")
    with pytest.raises(UnicodeEncodeError):  # what Python does on its own
        stream.write("絆🎍\n")
    stream = console("cp932")
    assert make_safe(stream)
    stream.write("年賀状の準備🎍 絆\n")
    assert stream.encoding == "cp932"
    assert written(stream).decode("cp932") == "年賀状の準備? 絆\n"


def test_an_ascii_console_replaces_every_character_it_lacks() -> None:
    stream = console("ascii")
    assert make_safe(stream)
    stream.write("error: 本文🎍\n")
    assert written(stream) == b"error: ???\n"


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-16"])
def test_a_utf_console_is_left_untouched(encoding: str) -> None:
    stream = console(encoding)
    assert not make_safe(stream)
    assert stream.errors == "strict"
    stream.write("絆🎍")
    assert written(stream).decode(encoding).endswith("絆🎍")


def test_a_handler_that_never_raises_is_kept() -> None:
    stream = console("cp932", errors="backslashreplace")
    assert not make_safe(stream)
    stream.write("🎍")
    assert written(stream) == b"\\U0001f38d"


def test_what_cannot_be_reconfigured_is_left_alone() -> None:
    closed = console("cp932")
    closed.close()
    assert not make_safe(closed)
    assert not make_safe(io.StringIO())  # no encoding to protect
    assert not make_safe(object())


def test_surrogateescape_is_made_safe_too() -> None:
    stream = console("ascii", errors="surrogateescape")
    assert make_safe(stream)
    stream.write("絆")
    assert written(stream) == b"?"


def test_cells_count_wide_characters_twice() -> None:
    assert width("絆 a🎍") == 6
    assert cell("未返礼", 8) == "未返礼  "
    assert cell("ああああ", 6) == "ああ… "  # cut to fit with its ellipsis, then padded
    assert width(cell("ああああ", 6)) == 6
    assert cell("abcdef", 4) == "abc…"
    assert cell("one\ntwo  three", 20) == "one two three".ljust(20)
    assert cell("", 3) == "   "
