"""argparse in the user's language: the help, the usage and the errors of ``python -m app``
and ``kizuna-cli`` are worded through Kizuna's compiled translations (``CliHelp``
context), only when argparse prints them.

Help texts are marked where they are written with :func:`QT_TRANSLATE_NOOP` (lupdate
knows the name) and stay English in the parser; :class:`Formatter` translates each one as
it formats it. The language is ``--lang`` found on the command line being parsed (else
the system's, as :func:`app.i18n.translators.pick_language` picks it). Its ``.qm`` is
loaded into a QTranslator of its own (QtCore only; nothing is installed on an
application) the first time something is printed: parsing a command line that prints
nothing — the window's start — imports only the standard library from here.

argparse's own sentences (a missing argument, an invalid choice…) are matched against
the English templates of :data:`_ARGPARSE`; one that matches none is shown as it is.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any, NoReturn

from app.cli_console import width
from app.i18n.marks import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP", "Formatter", "Parser", "help_words"]

CONTEXT = "CliHelp"

# The command line being parsed, for the language of what argparse prints meanwhile.
_ARGV: ContextVar[tuple[str, ...] | None] = ContextVar("kizuna_cli_argv", default=None)


def lang_in(argv: Iterable[str]) -> str | None:
    """``--lang CODE`` (or ``--lang=CODE``) as written on the command line; None without
    one. Only the options before the subcommand count, as argparse reads them."""
    words = list(argv)
    for i, word in enumerate(words):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
        if word == "--lang" and i + 1 < len(words):
            return words[i + 1]
    return None


@functools.cache
def _translator(lang: str | None) -> Callable[[str], str]:
    """``source → its translation`` (the source itself when there is none)."""
    from PySide6.QtCore import QTranslator

    from app.i18n import languages, translators

    chosen = translators.pick_language(lang)
    if chosen == languages.SOURCE:
        return str
    if chosen == languages.PSEUDO:
        from app.i18n.pseudo import pseudo

        return pseudo
    qm = translators.kizuna_qm(chosen)
    loaded = QTranslator()
    if qm is None or not loaded.load(str(qm)):
        return str

    def words(source: str) -> str:
        return loaded.translate(CONTEXT, source) or source

    return words


def help_words(source: str) -> str:
    """``source`` (marked with QT_TRANSLATE_NOOP in ``CliHelp``) in the language of the
    command line being parsed."""
    argv = _ARGV.get()
    return _translator(lang_in(sys.argv[1:] if argv is None else argv))(source)


# argparse's own strings, marked here so that lupdate finds them.
_HEADINGS = (
    #: argparse, help: the heading before the usage line (keep the space at its end).
    QT_TRANSLATE_NOOP("CliHelp", "usage: "),
    #: argparse, help: the heading of the arguments without a dash (TEXT, POST_URL).
    QT_TRANSLATE_NOOP("CliHelp", "positional arguments"),
    #: argparse, help: the heading of the --options.
    QT_TRANSLATE_NOOP("CliHelp", "options"),
    #: argparse, help of -h/--help.
    QT_TRANSLATE_NOOP("CliHelp", "show this help message and exit"),
)

# (argparse's English template as a pattern, its source in CliHelp); %1 %2 in the order
# of the pattern's groups.
_ARGPARSE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (.+)"),
        #: argparse error; %1 the missing arguments (--to, TEXT). Keep them as they are.
        QT_TRANSLATE_NOOP("CliHelp", "the following arguments are required: %1"),
    ),
    (
        re.compile(r"argument (\S+): invalid choice: (.+) \(choose from (.+)\)"),
        #: argparse error; %1 the argument (--to), %2 what was given, %3 the choices.
        QT_TRANSLATE_NOOP("CliHelp", "argument %1: invalid choice: %2 (choose from %3)"),
    ),
    (
        re.compile(r"argument (\S+): invalid int value: (.+)"),
        #: argparse error; %1 the argument (--retry), %2 what was given instead of a number.
        QT_TRANSLATE_NOOP("CliHelp", "argument %1: not a number: %2"),
    ),
    (
        re.compile(r"argument (\S+): expected one argument"),
        #: argparse error; %1 the option (--at) given without its value.
        QT_TRANSLATE_NOOP("CliHelp", "argument %1: expected one argument"),
    ),
    (
        re.compile(r"argument (\S+): not allowed with argument (\S+)"),
        #: argparse error; %1 and %2 two options that cannot be used together.
        QT_TRANSLATE_NOOP("CliHelp", "argument %1: not allowed with argument %2"),
    ),
    (
        re.compile(r"unrecognized arguments: (.+)"),
        #: argparse error; %1 the words of the command line it does not know.
        QT_TRANSLATE_NOOP("CliHelp", "unrecognized arguments: %1"),
    ),
)


def error_words(message: str) -> str:
    """argparse's error ``message`` in the user's language when it is one of
    :data:`_ARGPARSE`; else as it is."""
    for pattern, source in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found is not None:
            words = help_words(source)
            for i, group in enumerate(found.groups(), start=1):
                words = words.replace(f"%{i}", group)
            return words
    return message


class Formatter(argparse.HelpFormatter):
    """argparse's formatter with every text translated as it is formatted."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, help_words("usage: ") if prefix is None else prefix
        )

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        wider = width(prefix) - len(prefix) if prefix else 0  # "使い方: " takes 8, not 5
        first, *rest = text.split("\n")
        return "\n".join([first, *(" " * wider + line if line.strip() else line for line in rest)])

    def start_section(self, heading: str | None) -> None:
        super().start_section(help_words(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(help_words(text) if text and text is not argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return help_words(action.help) if action.help else action.help

    def _split_lines(self, text: str, width: int) -> list[str]:
        if text.isascii():
            return super()._split_lines(text, width)
        return fold(" ".join(text.split()), width)  # argparse would count a kanji as one

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = self._split_lines(text, width - len(indent))
        return "\n".join(indent + line for line in lines)


def fold(line: str, columns: int) -> list[str]:
    """``line`` cut into pieces of at most ``columns`` display columns (a kanji takes
    two; argparse counts characters): Japanese has no spaces to wrap at. A run of ASCII
    (a word, an option, a file name) is not cut when the piece can end before it, and no
    piece starts with closing punctuation or a small kana (禁則)."""
    pieces: list[str] = []
    while width(line) > columns > 0:
        cut = 0
        while width(line[: cut + 1]) <= columns:
            cut += 1
        start = cut
        while start > 0 and _word(line[start - 1]) and _word(line[cut]):
            start -= 1
        while 1 < start and line[start] in _NO_LINE_START:  # 。、）ー never start a line
            start -= 1
        cut = max(start or cut, 1)  # a character wider than the column still moves on
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    return [*pieces, line] if line or not pieces else pieces


_NO_LINE_START = frozenset("、。，．）」』】ーぁぃぅぇぉっゃゅょァィゥェォッャュョ：！？")


def _word(char: str) -> bool:
    return char.isascii() and not char.isspace()


class Parser(argparse.ArgumentParser):
    """An ArgumentParser (and its subcommands' parsers) that prints in the user's
    language: :class:`Formatter`, and errors through :func:`error_words`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if _ARGV.get() is not None:  # a subcommand's parser, inside the whole line's
            return super().parse_known_args(args, namespace)
        token = _ARGV.set(tuple(sys.argv[1:] if args is None else args))
        try:
            return super().parse_known_args(args, namespace)
        finally:
            _ARGV.reset(token)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        #: argparse error line; %1 the program (kizuna), %2 what is wrong.
        words = help_words(QT_TRANSLATE_NOOP("CliHelp", "%1: error: %2"))
        self.exit(2, words.replace("%1", self.prog).replace("%2", error_words(message)) + "\n")
