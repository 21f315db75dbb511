"""``python -m app ledger [--occasion KEY] [--year YYYY] [--answer-all]``: the greeting
ledger (挨拶帳) in a terminal.

Signs in to the session's accounts, collects the greetings of the occasion
(:class:`app.services.ledger.LedgerService`) and prints two tables: who greeted you
(未返礼 where you have not answered yet) and whom you greeted (未返信 where they have
not greeted you back). Without ``--occasion``/``--year`` the occasion open now (or the
last one) is shown. ``--answer-all`` answers every unanswered greeting once, each in its
sender's audience, through the outbox, then prints the ledger again.

Exit status: 0 when the ledger was printed (and every answer sent), 1 when an answer
failed or needs attention (or the accounts could not be read), 75 when an answer waits
to be retried, 2 for an unknown occasion or year.

Every line is in the user's language (``--lang``; the ``Cli`` context of the .ts), the
occasion's and the gifts' names too (:mod:`app.i18n.data_names`); the greetings' own
texts are shown as written. Columns are aligned by display width (a kanji takes two).

Only the standard library (and :mod:`app.cli_help`, which marks the help texts for
translation) is imported at the top: :mod:`app.cli_parser` calls :func:`add_ledger_command`
on every start of the app, the window's too; Qt is imported when a command runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from app.cli_console import cell, width
from app.cli_help import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.core.ledger import Ledger
    from app.services.ledger import LedgerService
    from app.services.outbox_rows import OutboxTarget
    from app.services.session import Session
    from app.store.db import Store

EXIT_USAGE = 2
PERSON_WIDTH = 24  # display columns of the From/To column at most
TEXT_WIDTH = 36  # display columns of a greeting's text in the table

__all__ = ["add_ledger_command", "format_ledger", "run_ledger"]


def add_ledger_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The ``ledger`` subcommand on the app's parser (``common``: --profile, --sandbox)."""
    ledger = sub.add_parser(
        "ledger",
        parents=[common],
        help=QT_TRANSLATE_NOOP("CliHelp", "挨拶帳: who greeted you and whom you greeted"),
        description=QT_TRANSLATE_NOOP(
            "CliHelp",
            "The greeting ledger of one occasion and year: greetings received "
            "(未返礼: not answered yet) and sent (未返信: not greeted back).",
        ),
    )
    #: Help of ledger --occasion: examples of occasion keys. Keep the keys as they are.
    occasion_help = QT_TRANSLATE_NOOP("CliHelp", "e.g. shogatsu, oseibo, christmas")
    ledger.add_argument("--occasion", metavar="KEY", help=occasion_help)
    year_help = QT_TRANSLATE_NOOP("CliHelp", "the year the occasion starts")
    ledger.add_argument("--year", type=int, metavar="YYYY", help=year_help)
    ledger.add_argument(
        "--answer-all",
        action="store_true",
        help=QT_TRANSLATE_NOOP(
            "CliHelp", "answer every unanswered greeting (返礼), each in its sender's audience"
        ),
    )


def _table(heading: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Each column as wide as its widest cell in display columns (a kanji counts two),
    the person's (second) at most PERSON_WIDTH; the last, the text, cut at TEXT_WIDTH."""
    table = [heading, *rows]
    widths = [max(width(row[i]) for row in table) for i in range(len(heading) - 1)]
    widths[1] = min(widths[1], PERSON_WIDTH)
    return [
        "  " + " ".join([*map(cell, row, widths), cell(row[-1], TEXT_WIDTH)]).rstrip()
        for row in table
    ]


def _when(at: dt.datetime) -> str:
    from app.core.clock import TOKYO

    return at.astimezone(TOKYO).strftime("%m-%d %H:%M")


def _heading(person: str) -> list[str]:
    """The column headings of both tables; ``person``: FROM or TO, translated."""
    from app.cli_checks import translate

    return [
        #: CLI ledger column heading: when a greeting was sent (Japan time).
        translate("Cli", "WHEN"),
        person,
        #: CLI ledger column heading: the circle (public or friends) it went through.
        translate("Cli", "CIRCLE"),
        #: CLI ledger column heading: answered or not, greeted back or not.
        translate("Cli", "STATE"),
        #: CLI ledger column heading: the greeting's text.
        translate("Cli", "TEXT"),
    ]


def _received(ledger: Ledger, gift_name: Callable[[str], str]) -> list[str]:
    from app.cli_checks import circle_word, translate

    rows: list[list[str]] = []  # (lupdate drops a comment right after an import)
    #: CLI ledger column heading: who sent you the greeting (差出人).
    person = translate("Cli", "FROM")
    heading = _heading(person)
    for row in ledger.received:
        g = row.greeting
        #: CLI ledger, State of a received greeting: you have answered it (返礼済み).
        state = translate("Cli", "answered")
        if not row.answered:
            #: CLI ledger, State of a received greeting: not answered yet (未返礼).
            state = translate("Cli", "not answered")
        gift = f"[{gift_name(g.gift)}] " if g.gift else ""
        rows.append([_when(g.at), g.sender_handle, circle_word(g.audience), state, gift + g.text])
    return _table(heading, rows)


def _sent_state(returned: bool, addressed: bool, delivered: bool) -> str:
    from app.cli_checks import translate

    if not delivered:
        #: CLI ledger, State of a greeting you sent: still waiting in the outbox (送信待ち).
        return translate("Cli", "waiting to be sent")
    if not addressed:
        return "—"
    if returned:
        #: CLI ledger, State of a greeting you sent: they greeted you too (返信あり).
        return translate("Cli", "greeted back")
    #: CLI ledger, State of a greeting you sent: they have not greeted you (未返信).
    return translate("Cli", "not greeted back")


def _sent(ledger: Ledger) -> list[str]:
    from app.cli_checks import circle_word, translate

    rows: list[list[str]] = []  # (lupdate drops a comment right after an import)
    #: CLI ledger column heading: whom you greeted (宛先).
    person = translate("Cli", "TO")
    heading = _heading(person)
    known = {r.greeting.person: r.greeting.sender_handle for r in ledger.received}
    for sent in ledger.sent:
        s = sent.greeting
        #: CLI ledger, To: a friend you greeted whose name is not known here.
        someone = translate("Cli", "a friend")
        people = [known.get((s.account_key, i), someone) for i in s.recipient_ids]
        to = ", ".join([*people, *(f"@{n}" for n in s.recipient_names)])
        #: CLI ledger, To of a greeting sent to no one in particular (a public post).
        to = to or translate("Cli", "everyone")
        state = _sent_state(sent.returned, s.addressed, s.delivered)
        rows.append([_when(s.at), to, circle_word(s.audience), state, s.text])
    return _table(heading, rows)


def format_ledger(ledger: Ledger, title: str, gift_name: Callable[[str], str] = str) -> list[str]:
    """The ledger as lines in the installed language: a heading (``title``: the
    occasion's name), the greetings received and sent as tables, and the counts.
    ``gift_name``: a card's gift key as the gift's name."""
    from app.cli_checks import translate

    o = ledger.occasion
    lines = [f"{title} {o.year} ({o.start.isoformat()} – {o.end.isoformat()})"]
    if ledger.mourning:
        #: CLI ledger heading, after the occasion: 喪中 (mourning) is set in Settings.
        lines[0] += "  " + translate(
            "Cli", "In mourning (喪中): answers are midwinter greetings (寒中見舞い)"
        )
    lines += ["", translate("Cli", "Greetings you received"), *_received(ledger, gift_name)]
    lines += ["", translate("Cli", "Greetings you sent"), *_sent(ledger)]
    unanswered, not_returned = len(ledger.unanswered), len(ledger.not_returned)
    #: CLI ledger summary; %n greetings you received and have not answered (未返礼).
    left = translate("Cli", "%n greeting(s) not answered yet", None, unanswered)
    #: CLI ledger summary; %n greetings you sent that were not answered (未返信).
    right = translate("Cli", "%n not greeted back yet", None, not_returned)
    lines += ["", f"{left}  {right}"]
    return lines


def _names(service: LedgerService) -> Callable[[str], str]:
    """A gift key as its name in the UI language; an unknown key as it is."""
    from app.i18n.data_names import gift_name

    def name(key: str) -> str:
        try:
            gift = service.catalogues.gift(key)
        except KeyError:
            return key
        return gift_name(gift.name_ja, gift.name_en)

    return name


async def run_ledger(
    session: Session,
    store: Store,
    args: argparse.Namespace,
    exit_status: Callable[[Sequence[OutboxTarget]], int],
) -> int:
    """Sign in, collect, print; with ``--answer-all`` answer and print again. The exit
    status of sent answers is the CLI's own (``app.cli`` passes it in)."""
    from app.cli_checks import error_line, translate, warning_line
    from app.i18n.data_names import occasion_name
    from app.services.ledger import LedgerService

    service = LedgerService(session, store)
    key, year = service.current()
    key = args.occasion or key
    year = args.year or year
    try:
        found = service.occasion(key, year)
    except (KeyError, ValueError):
        #: CLI error: %1 is the --occasion key the user gave (quoted), %2 the --year.
        words = translate("Cli", "no occasion %1 in %2")
        print(error_line(words.replace("%1", repr(key)).replace("%2", str(year))),
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    title = occasion_name(found.name_ja, found.name_en)
    for account in await session.sign_in():
        #: CLI warning; %1 is an account's handle (@me@sora).
        words = translate("Cli", "could not sign in to %1 now")
        print(warning_line(words.replace("%1", account.handle)), file=sys.stderr)
    await service.collect(key, year)
    for account in service.unreachable:
        #: CLI warning; %1 is an account's handle whose notifications could not be read.
        words = translate("Cli", "Could not read %1; its greetings may be missing")
        print(warning_line(words.replace("%1", account.handle)), file=sys.stderr)
    status = 0
    if args.answer_all:
        queued = await service.answer_all(key, year)
        targets = [t for m in queued for t in session.outbox.targets(m)]
        answered = len(queued)
        #: CLI, ledger --answer-all; %n greetings answered (返礼) just now.
        print(translate("Cli", "%n greeting(s) answered", None, answered))
        status = exit_status(targets) if targets else 0
    for line in format_ledger(service.ledger(key, year), title, _names(service)):
        print(line)
    return status
