"""The command line's subcommands as argparse knows them (``post``, ``outbox``,
``safety``), apart from the code that runs them (:mod:`app.cli`).

``python -m app`` builds its parser with :func:`add_commands` on every start; keeping
it here means the window's start never imports the command code (services, the outbox,
the network stack). Only the standard library is imported.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_ledger import add_ledger_command
from app.cli_reply import add_reply_command
from app.i18n.gallery_args import add_gallery_command

# The audiences ``post --to`` accepts (app.cli maps each to its Audience set).
AUDIENCE_CHOICES = ("public", "friends", "both")


def add_commands(parser: argparse.ArgumentParser, *, window: bool = True) -> None:
    """The subcommands, on the app's own parser. ``window``: without a subcommand the
    window opens (``python -m app``, ``Kizuna``); the console program ``kizuna-cli`` has
    no window and says so in its help."""
    common = argparse.ArgumentParser(add_help=False)
    # Also accepted after the subcommand; SUPPRESS keeps a --profile given before it.
    common.add_argument("--profile", type=Path, default=argparse.SUPPRESS, help="profile folder")
    common.add_argument(
        "--sandbox",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the local practice sandbox, even when accounts are set up",
    )
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        title="commands",
        description="without one, the window opens" if window else "one is required",
    )

    post = sub.add_parser("post", parents=[common], help="queue and send a post")
    post.add_argument("--to", choices=AUDIENCE_CHOICES, required=True, help="audience")
    post.add_argument(
        "--at",
        metavar="ISO-TIME",
        help="send at this time (e.g. 2027-01-01T00:00; without an offset: Asia/Tokyo)",
    )
    post.add_argument("text", metavar="TEXT")

    outbox = sub.add_parser("outbox", parents=[common], help="what is waiting, scheduled, failed")
    action = outbox.add_mutually_exclusive_group()
    action.add_argument("--resume", action="store_true", help="send what is due now")
    action.add_argument("--retry", type=int, metavar="ID", help="send this target again")
    action.add_argument("--discard", type=int, metavar="ID", help="forget this unsent target")
    action.add_argument(
        "--cancel",
        type=int,
        metavar="ID",
        help="cancel this scheduled post (also one its server holds)",
    )

    safety = sub.add_parser(
        "safety", parents=[common], help="安否確認: tell both circles you are safe"
    )
    safety.add_argument("--message", metavar="TEXT", help="instead of 「無事です」")
    safety.add_argument("--place", metavar="PLACE", help="where you are")
    add_reply_command(sub, common)
    add_ledger_command(sub, common)
    add_gallery_command(sub)  # run by app.gallery_main, never through app.cli
