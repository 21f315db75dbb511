"""``python -m app reply POST_URL TEXT``: answer a post from a terminal, through the outbox.

The post is looked for by its link (or id) among the recent posts of the session's
accounts (:meth:`app.services.answers.AnswerService.find`); the reply goes through the
account that shows it, never wider than that post (the same rule as the window:
:func:`app.core.answering.reply_audience`), queued in the durable outbox and sent once.

Exit status: as ``post`` (0 sent, 1 failed, 75 waiting), and 2 with a clear message when
the post cannot be found or the text does not fit the network's limit.

Its messages are in the user's language (``--lang``; the ``Cli`` context of the .ts).

Only the standard library (and :mod:`app.cli_help`, which marks the help texts for
translation) is imported at the top: :mod:`app.cli_parser` calls :func:`add_reply_command`
on every start of the app, the window's too; Qt is imported when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.cli_help import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.core.counting import Measure
    from app.services.outbox_rows import OutboxTarget
    from app.services.session import Session

EXIT_USAGE = 2

__all__ = ["add_reply_command", "run_reply"]


def add_reply_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The ``reply`` subcommand on the app's parser (``common``: --profile, --sandbox)."""
    reply = sub.add_parser(
        "reply",
        parents=[common],
        help=QT_TRANSLATE_NOOP("CliHelp", "reply to a post (never wider than the post)"),
        description=QT_TRANSLATE_NOOP(
            "CliHelp",
            "Reply to the post at POST_URL through the account that shows it; "
            "a reply to a friends-only post stays friends-only.",
        ),
    )
    #: Help of reply POST_URL: the link of the post to answer, or its id.
    url_help = QT_TRANSLATE_NOOP("CliHelp", "the post's link (or id)")
    reply.add_argument("post_url", metavar="POST_URL", help=url_help)
    reply.add_argument("text", metavar="TEXT")


def _overlong(used: Measure) -> str:
    """Why the text does not fit its network, in words; "" when it fits."""
    from app.cli_checks import translate

    if not used.fits_characters:
        #: CLI error of `reply`; %1 characters the text has, %2 the network's limit.
        words = translate("Cli", "the text does not fit: %1 of %2 characters")
        return words.replace("%1", str(used.used)).replace("%2", str(used.limit))
    if not used.fits_bytes:
        #: CLI error of `reply`; %1 bytes (UTF-8) the text takes, %2 the network's limit.
        words = translate("Cli", "the text does not fit: %1 of %2 bytes")
        return words.replace("%1", str(used.bytes_used)).replace("%2", str(used.max_bytes))
    return ""


async def run_reply(
    session: Session,
    post_url: str,
    text: str,
    line: Callable[[OutboxTarget], str],
    exit_status: Callable[[Sequence[OutboxTarget]], int],
    refusal_words: Callable[[Exception], str],
) -> int:
    """Find the post, check the text fits, queue the reply and send it. The words and
    the exit status of a sent row are the CLI's own (``app.cli`` passes them in)."""
    from app.cli_checks import error_line, translate
    from app.core.counting import measure

    if not text.strip():
        print(error_line(translate("Cli", "the text is empty")), file=sys.stderr)
        return EXIT_USAGE
    await session.sign_in()
    parent = await session.answers.find(post_url)
    if parent is None:
        #: CLI error of `reply`; %1 is the post's link (or id) the user gave.
        words = translate("Cli", "post not found: %1 (not among the recent posts of your accounts)")
        print(error_line(words.replace("%1", post_url)), file=sys.stderr)
        return EXIT_USAGE
    overlong = _overlong(measure(text, session.answers.adapter(parent).limits))
    if overlong:
        print(error_line(overlong), file=sys.stderr)
        return EXIT_USAGE
    try:
        message_id = session.outbox.enqueue_reply(parent, text)
    except ValueError as exc:  # SendRefused, with its reason code
        print(error_line(refusal_words(exc)), file=sys.stderr)
        return EXIT_USAGE
    await session.outbox.send_message(message_id)
    targets = session.outbox.targets(message_id)
    for target in targets:
        print(line(target))
    return exit_status(targets)
