"""The command line's subcommands as argparse knows them (``post``, ``outbox``,
``safety``), apart from the code that runs them (:mod:`app.cli`).

``python -m app`` builds its parser with :func:`add_commands` on every start; keeping
it here means the window's start never imports the command code (services, the outbox,
the network stack). Only the standard library is imported. Help texts are marked for
translation (``CliHelp``) and worded in the user's language when printed
(:mod:`app.cli_help`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_help import QT_TRANSLATE_NOOP
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
    #: Help of --profile (a subcommand's, as the app's own).
    profile_help = QT_TRANSLATE_NOOP("CliHelp", "profile folder")
    common.add_argument("--profile", type=Path, default=argparse.SUPPRESS, help=profile_help)
    common.add_argument(
        "--sandbox",
        action="store_true",
        default=argparse.SUPPRESS,
        help=QT_TRANSLATE_NOOP(
            "CliHelp", "use the local practice sandbox, even when accounts are set up"
        ),
    )
    #: Help, under the heading "commands": what happens without a command.
    opens = QT_TRANSLATE_NOOP("CliHelp", "without one, the window opens")
    #: Help of kizuna-cli, under the heading "commands": a command must be given.
    required = QT_TRANSLATE_NOOP("CliHelp", "one is required")
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        #: Help: the heading of the subcommands (post, outbox, safety…).
        title=QT_TRANSLATE_NOOP("CliHelp", "commands"),
        description=opens if window else required,
    )

    post = sub.add_parser(
        "post", parents=[common], help=QT_TRANSLATE_NOOP("CliHelp", "queue and send a post")
    )
    #: Help of post --to (public, friends or both).
    audience_help = QT_TRANSLATE_NOOP("CliHelp", "audience")
    post.add_argument("--to", choices=AUDIENCE_CHOICES, required=True, help=audience_help)
    post.add_argument(
        "--at",
        metavar="ISO-TIME",
        #: Help of post --at. Keep the example time as it is.
        help=QT_TRANSLATE_NOOP(
            "CliHelp",
            "send at this time (e.g. 2027-01-01T00:00; without an offset: Asia/Tokyo)",
        ),
    )
    post.add_argument("text", metavar="TEXT")

    outbox = sub.add_parser(
        "outbox",
        parents=[common],
        help=QT_TRANSLATE_NOOP("CliHelp", "what is waiting, scheduled, failed"),
    )
    action = outbox.add_mutually_exclusive_group()
    resume_help = QT_TRANSLATE_NOOP("CliHelp", "send what is due now")
    action.add_argument("--resume", action="store_true", help=resume_help)
    retry_help = QT_TRANSLATE_NOOP("CliHelp", "send this target again")
    action.add_argument("--retry", type=int, metavar="ID", help=retry_help)
    discard_help = QT_TRANSLATE_NOOP("CliHelp", "forget this unsent target")
    action.add_argument("--discard", type=int, metavar="ID", help=discard_help)
    action.add_argument(
        "--cancel",
        type=int,
        metavar="ID",
        help=QT_TRANSLATE_NOOP("CliHelp", "cancel this scheduled post (also one its server holds)"),
    )

    safety = sub.add_parser(
        "safety",
        parents=[common],
        help=QT_TRANSLATE_NOOP("CliHelp", "安否確認: tell both circles you are safe"),
    )
    #: Help of safety --message: the message that replaces the default 「無事です」.
    message_help = QT_TRANSLATE_NOOP("CliHelp", "instead of 「無事です」")
    safety.add_argument("--message", metavar="TEXT", help=message_help)
    #: Help of safety --place: where you are now (a place, added to the message).
    place_help = QT_TRANSLATE_NOOP("CliHelp", "where you are")
    safety.add_argument("--place", metavar="PLACE", help=place_help)
    add_reply_command(sub, common)
    add_ledger_command(sub, common)
    add_gallery_command(sub)  # run by app.gallery_main, never through app.cli
