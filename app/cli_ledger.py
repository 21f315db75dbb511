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

Only the standard library is imported at the top: :mod:`app.cli_parser` calls
:func:`add_ledger_command` on every start of the app, the window's too.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.core.ledger import Ledger
    from app.services.outbox_rows import OutboxTarget
    from app.services.session import Session
    from app.store.db import Store

EXIT_USAGE = 2
TEXT_WIDTH = 36  # display columns of a greeting's text in the table

__all__ = ["add_ledger_command", "format_ledger", "run_ledger"]


def add_ledger_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The ``ledger`` subcommand on the app's parser (``common``: --profile, --sandbox)."""
    ledger = sub.add_parser(
        "ledger",
        parents=[common],
        help="挨拶帳: who greeted you and whom you greeted",
        description="The greeting ledger of one occasion and year: greetings received "
        "(未返礼: not answered yet) and sent (未返信: not greeted back).",
    )
    ledger.add_argument("--occasion", metavar="KEY", help="e.g. shogatsu, oseibo, christmas")
    ledger.add_argument("--year", type=int, metavar="YYYY", help="the year the occasion starts")
    ledger.add_argument(
        "--answer-all",
        action="store_true",
        help="answer every unanswered greeting (返礼), each in its sender's audience",
    )


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int) -> str:
    """``text`` on one line, cut and padded to ``width`` display columns."""
    flat = " ".join(text.split())
    out = ""
    for char in flat:
        if _width(out + char) > width - (1 if char != flat[-1] else 0):
            out += "…"
            break
        out += char
    return out + " " * max(0, width - _width(out))


def format_ledger(ledger: Ledger, title: str) -> list[str]:
    """The ledger as table lines: a heading, received, sent, and the counts."""
    from app.core.clock import TOKYO

    o = ledger.occasion
    lines = [f"{title} {o.year} ({o.start.isoformat()} – {o.end.isoformat()})"]
    if ledger.mourning:
        lines[0] += "  喪中: answers are 寒中見舞い"
    lines += ["", "received", f"  {'WHEN':<12} {'FROM':<24} {'CIRCLE':<8} {'STATE':<8} TEXT"]
    for row in ledger.received:
        g = row.greeting
        when = g.at.astimezone(TOKYO).strftime("%m-%d %H:%M")
        state = "返礼済" if row.answered else "未返礼"
        gift = f"[{g.gift}] " if g.gift else ""
        lines.append(
            f"  {when:<12} {_cell(g.sender_handle, 24)} {g.audience.value:<8} "
            f"{_cell(state, 8)} {_cell(gift + g.text, TEXT_WIDTH)}".rstrip()
        )
    lines += ["", "sent", f"  {'WHEN':<12} {'TO':<24} {'CIRCLE':<8} {'STATE':<8} TEXT"]
    known = {r.greeting.person: r.greeting.sender_handle for r in ledger.received}
    for sent in ledger.sent:
        s = sent.greeting
        when = s.at.astimezone(TOKYO).strftime("%m-%d %H:%M")
        people = [known.get((s.account_key, i), "1 friend") for i in s.recipient_ids]
        to = ", ".join([*people, *(f"@{n}" for n in s.recipient_names)]) or "everyone"
        state = "—" if not s.addressed else ("返信あり" if sent.returned else "未返信")
        if not s.delivered:
            state = "送信待ち"
        lines.append(
            f"  {when:<12} {_cell(to, 24)} {s.audience.value:<8} {_cell(state, 8)} "
            f"{_cell(s.text, TEXT_WIDTH)}".rstrip()
        )
    lines += ["", f"unanswered: {len(ledger.unanswered)}  not returned: {len(ledger.not_returned)}"]
    return lines


async def run_ledger(
    session: Session,
    store: Store,
    args: argparse.Namespace,
    exit_status: Callable[[Sequence[OutboxTarget]], int],
) -> int:
    """Sign in, collect, print; with ``--answer-all`` answer and print again. The exit
    status of sent answers is the CLI's own (``app.cli`` passes it in)."""
    from app.services.ledger import LedgerService

    service = LedgerService(session, store)
    key, year = service.current()
    key = args.occasion or key
    year = args.year or year
    try:
        title = service.occasion(key, year).name_ja
    except (KeyError, ValueError):
        print(f"error: no occasion {key!r} in {year}", file=sys.stderr)
        return EXIT_USAGE
    for account in await session.sign_in():
        print(f"warning: could not sign in to {account.handle} now", file=sys.stderr)
    await service.collect(key, year)
    for account in service.unreachable:
        print(f"warning: could not read {account.handle}; its greetings may be missing",
              file=sys.stderr)  # fmt: skip
    status = 0
    if args.answer_all:
        queued = await service.answer_all(key, year)
        targets = [t for m in queued for t in session.outbox.targets(m)]
        print(f"answered: {len(queued)}")
        status = exit_status(targets) if targets else 0
    for line in format_ledger(service.ledger(key, year), title):
        print(line)
    return status
