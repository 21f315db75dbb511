"""The command line: ``post``, ``outbox`` and ``safety`` — the same outbox, accounts and
``--profile`` as the app, without Qt.

- ``post --to public|friends|both [--at ISO-TIME] TEXT``: queue, and unless ``--at`` is
  in the future send now; one line per target.
- ``outbox``: what is waiting, scheduled (here or held by its server), failed or needs
  attention, with the reason and the start of its text. ``outbox --resume`` sends what
  is due (and takes over what a crash left "sending"); ``--retry ID`` / ``--discard ID``
  / ``--cancel ID`` act on one target (ids as ``outbox`` lists them); ``--cancel`` also
  cancels a post its server holds.
- ``safety [--message TEXT] [--place PLACE]``: the 安否確認 message to every account of
  both audiences, ahead of everything else queued, and which circles it reached.

Exit status: 0 when every target concerned is sent (or scheduled for later), 1 when one
failed or needs attention, 75 (EX_TEMPFAIL) when one is still waiting to be retried,
2 for a usage error.

Queue first, sign in later: ``post`` and ``safety`` put the message in the outbox before
any network call; then each account signs in on its own, and one that cannot (its server
down, a sign-in refused) keeps its targets waiting with the reason (exit 75) while the
others are sent. ``outbox`` and ``outbox --resume`` report what failed or missed its time
and then exit 1.

The accounts are the window's choice (:func:`app.services.session.open_chosen_session`):
the user's saved accounts, their secrets from the OS keychain — or the profile's sandbox
(joined if running, else started for the duration of the command) when no account is
saved yet, when the window's "practice sandbox" setting is on, or with ``--sandbox``.
A saved account the keychain cannot give back is reported as signed out on stderr,
never replaced by the sandbox.

Every line is in the user's language (``--lang``, else the profile's choice, else the
system's: :class:`app.cli_checks.CliLanguage`); the outbox's words are
:mod:`app.cli_words`, the help's :mod:`app.cli_help`.

Schedules behave as in the window: a Mastodon post at least six minutes ahead is handed to
its server (``scheduled_at``), which publishes it even while nothing of Kizuna runs; the
rest waits in the local outbox for ``outbox --resume`` (or the window) at its time.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import cli_checks as checks
from app.cli_console import cell, safe_console
from app.cli_ledger import run_ledger
from app.cli_parser import add_commands
from app.cli_reply import run_reply
from app.cli_words import (  # the words; REFUSALS, KINDS… are read by tests as cli.*
    KINDS,
    OWN_WORDS,
    REFUSALS,
    STATES,
    error_words,
    kind_words,
    line,
    reason,
    refusal_words,
    safety_summary,
    signed_out_words,
)
from app.core.clock import TOKYO
from app.core.errors import NetworkError
from app.core.models import AccountRef, Audience, Limits
from app.services.outbox import OutboxService, safety_texts
from app.services.outbox_rows import MessageKind, OutboxTarget, TargetState
from app.services.prefs import SANDBOX, Settings
from app.services.session import Session, offline_session
from app.store.db import Store
from app.store.profile_errors import ProfileError, classify

if TYPE_CHECKING:
    from app.compose import SessionOpener

__all__ = [  # add_commands: the parser, in app.cli_parser; the words, in app.cli_words
    "KINDS",
    "OWN_WORDS",
    "REFUSALS",
    "STATES",
    "add_commands",
    "error_words",
    "kind_words",
    "line",
    "reason",
    "refusal_words",
    "run",
    "safety_summary",
]

log = logging.getLogger(__name__)
translate = checks.translate
error_line, warning_line = checks.error_line, checks.warning_line

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_WAITING = 0, 1, 2, 75

_AUDIENCES = {
    "public": frozenset({Audience.PUBLIC}),
    "friends": frozenset({Audience.FRIENDS}),
    "both": frozenset({Audience.PUBLIC, Audience.FRIENDS}),
}


def at_time(value: str) -> datetime:
    """An ``--at`` time; without an offset it is Asia/Tokyo time."""
    when = datetime.fromisoformat(value)
    return when.replace(tzinfo=TOKYO) if when.tzinfo is None else when


def run(args: argparse.Namespace) -> int:
    """Run one command in the user's language (``--lang``, else the profile's choice, else
    the system's); a profile problem is one line on stderr and its exit status, never a
    traceback."""
    # The terminal gets worded lines only: log records go to the profile's log (once it
    # is set up), never to stderr through logging's last-resort handler.
    if not any(isinstance(h, logging.NullHandler) for h in logging.getLogger("app").handlers):
        logging.getLogger("app").addHandler(logging.NullHandler())
    safe_console()  # an emoji on a cp932 console is "?", never a UnicodeEncodeError
    language = checks.CliLanguage(getattr(args, "lang", None))
    try:
        return _run(args, language)
    finally:
        language.close()


def _run(args: argparse.Namespace, language: checks.CliLanguage) -> int:
    from app.compose import setup_logging
    from app.profile import default_profile_dir, ensure_private_profile

    try:
        # The user's alone (0700/0600 on POSIX) before the log or the database is written.
        profile: Path = ensure_private_profile(args.profile or default_profile_dir())
        setup_logging(profile / "logs")
        return asyncio.run(_dispatch(args, profile, language))
    except KeyboardInterrupt:
        return 130
    except (ProfileError, OSError, sqlite3.Error) as exc:
        folder = Path(args.profile or default_profile_dir())
        problem = classify(exc, folder / "kizuna.db" if isinstance(exc, sqlite3.Error) else folder)
        if problem is None:
            raise
        log.info("profile problem: %s", exc)
        print(checks.problem_line(problem), file=sys.stderr)
        return checks.problem_exit(problem)


async def _dispatch(args: argparse.Namespace, profile: Path, language: checks.CliLanguage) -> int:
    from app.compose import SessionOpener
    from app.profile import sandbox_dir

    store = Store(profile / "kizuna.db", backups=profile / "backups")
    language.use_saved(store.get("prefs.lang"))  # the window's choice, unless --lang
    if store.recovery is not None:
        for warning in checks.recovery_lines(store.recovery):
            print(warning, file=sys.stderr)
    try:
        # The window's choice: --sandbox, or its "practice sandbox" setting.
        sandbox = bool(getattr(args, "sandbox", False)) or Settings(store).get(SANDBOX)
        opener = SessionOpener(store, sandbox_dir(profile))
        if args.command == "outbox" and args.cancel is not None:
            return await _cancel_target(store, opener, args.cancel, sandbox=sandbox)
        if args.command == "outbox" and not args.resume:
            return _outbox_offline(offline_session(store).outbox, args)
        if args.command == "post":
            try:
                at = at_time(args.at) if args.at else None
            except ValueError:
                print(checks.not_iso_line(args.at), file=sys.stderr)
                return EXIT_USAGE
            if at is not None and at <= datetime.now(UTC):
                print(checks.passed_line(), file=sys.stderr)
                return EXIT_USAGE
            if not args.text.strip():
                print(error_line(translate("Cli", "the text is empty")), file=sys.stderr)
                return EXIT_USAGE
            audiences = _AUDIENCES[args.to]
            texts = {a: args.text for a in audiences}
            return await _with_session(opener, sandbox, lambda s: _post(s, texts, audiences, at))
        if args.command == "reply":
            return await _with_session(
                opener,
                sandbox,
                lambda s: run_reply(s, args.post_url, args.text, line, exit_status, refusal_words),
            )
        if args.command == "ledger":
            return await _with_session(
                opener, sandbox, lambda s: run_ledger(s, store, args, exit_status)
            )
        if args.command == "safety":
            return await _with_session(
                opener, sandbox, lambda s: _safety(s, args.message, args.place)
            )
        return await _with_session(opener, sandbox, _resume)
    finally:
        for key in sorted(store.unreadable_settings):
            print(checks.setting_line(key), file=sys.stderr)
        store.close()


Work = Callable[[Session], Coroutine[Any, Any, int]]


async def _with_session(opener: SessionOpener, sandbox: bool, work: Work) -> int:
    """Run ``work`` with the session the window would open: the saved accounts (secrets
    from the OS keychain), else — or with ``sandbox`` — the profile's sandbox. Its
    accounts are known before any sign-in (``work`` queues first, then signs in)."""
    try:
        session = await opener(sandbox, sign_in=False)
    except Exception as exc:
        log.exception("could not open a session")
        print(checks.session_failed_line(exc, opener.sandbox_dir), file=sys.stderr)
        return EXIT_FAILED
    for notice in checks.sandbox_reset_lines(opener.sandbox_dir):
        print(notice, file=sys.stderr)
    for account, why in session.signed_out:
        #: CLI warning; %1 an account's handle, %2 why (e.g. no sign-in in the keychain).
        words = translate(
            "Cli", "%1 is signed out (%2); sign in again in the window: Settings → Accounts"
        )
        why_words = signed_out_words(why)  # never the bare code
        print(warning_line(words.replace("%1", account.handle).replace("%2", why_words)),
              file=sys.stderr)  # fmt: skip
    try:
        return await work(session)
    finally:
        await session.aclose()


async def _sign_in(session: Session) -> None:
    """Each account on its own: one that cannot sign in now keeps its targets waiting."""
    for account in await session.sign_in():
        #: CLI warning; %1 is an account's handle (@me@sora).
        words = translate("Cli", "could not sign in to %1 now; its posts wait in the outbox")
        print(warning_line(words.replace("%1", account.handle)), file=sys.stderr)


# -- commands -------------------------------------------------------------------------


async def _send(
    session: Session,
    texts: dict[Audience, str],
    audiences: frozenset[Audience],
    *,
    at: datetime | None = None,
    kind: MessageKind = MessageKind.POST,
) -> list[OutboxTarget] | None:
    """Queue first (no network yet), then sign in, then send what is due; the message's
    targets as they ended up (None: refused before anything was stored, said on stderr)."""
    overlong = checks.too_long(_limits(session, audiences), texts)
    for item in overlong:
        print(checks.too_long_line(item), file=sys.stderr)
    if overlong:
        raise _Usage
    try:
        message_id = session.outbox.enqueue(texts, audiences, at=at, kind=kind)
    except ValueError as exc:  # SendRefused, with its reason code
        print(error_line(refusal_words(exc)), file=sys.stderr)
        return None
    session.outbox.store.store.backup_if_changed()  # queued: in the backup before sending
    await _sign_in(session)
    await session.outbox.run_due()
    targets = session.outbox.targets(message_id)
    for target in targets:
        print(line(target))
    return targets


class _Usage(Exception):
    """A draft refused before anything is stored (said on stderr): exit status 2."""


def _limits(
    session: Session, audiences: frozenset[Audience]
) -> list[tuple[AccountRef, Limits | None, Audience]]:
    """Each target's account, its signed-in adapter's limits (None until signed in: the
    network's declared ones are counted) and audience."""
    out: list[tuple[AccountRef, Limits | None, Audience]] = []
    for adapter in session.adapters:
        real = getattr(adapter, "signed_in", adapter)  # a PendingSignIn until signed in
        limits = real.limits if real is not None else None
        for audience in audiences & adapter.account.serves & adapter.capabilities.audiences:
            out.append((adapter.account, limits, audience))
    return out


async def _post(
    session: Session,
    texts: dict[Audience, str],
    audiences: frozenset[Audience],
    at: datetime | None,
) -> int:
    try:
        targets = await _send(session, texts, audiences, at=at)
    except _Usage:
        return EXIT_USAGE
    return EXIT_FAILED if targets is None else exit_status(targets)


async def _safety(session: Session, message: str | None, place: str | None) -> int:
    texts = safety_texts(message, place=place)
    both = frozenset({Audience.PUBLIC, Audience.FRIENDS})
    try:
        targets = await _send(session, texts, both, kind=MessageKind.SAFETY)
    except _Usage:
        return EXIT_USAGE
    if targets is None:
        return EXIT_FAILED
    print(safety_summary(targets))
    return exit_status(targets)


async def _cancel_target(
    store: Store, opener: SessionOpener, target_id: int, *, sandbox: bool
) -> int:
    """A local target is discarded at once; one its server holds needs the server."""
    outbox = offline_session(store).outbox
    target = outbox.store.target(target_id)
    if target is None:
        print(checks.no_target_line(target_id), file=sys.stderr)
        return EXIT_USAGE  # an id the outbox never had: a usage error
    if target.state is TargetState.SENT and not outbox.is_held(target):
        print(_no_scheduled_line(target_id), file=sys.stderr)
        return EXIT_FAILED
    if not outbox.is_held(target):
        return await _cancel(outbox, target_id)

    async def on_server(session: Session) -> int:
        await _sign_in(session)
        return await _cancel(session.outbox, target_id)

    return await _with_session(opener, sandbox, on_server)


async def _cancel(outbox: OutboxService, target_id: int) -> int:
    try:
        done = await outbox.cancel(target_id)
    except NetworkError as exc:
        #: CLI error of outbox --cancel; %1 the target's number, %2 why (in words).
        words = translate(
            "Cli", "could not cancel target %1 on its server (%2); it is still scheduled there"
        )
        print(error_line(words.replace("%1", str(target_id)).replace("%2", error_words(exc))),
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    if not done:
        print(_no_scheduled_line(target_id), file=sys.stderr)
        return EXIT_FAILED
    #: CLI, outbox --cancel done; %1 is the target's number (as outbox lists it).
    print(translate("Cli", "target %1 cancelled").replace("%1", str(target_id)))
    return EXIT_OK


def _no_scheduled_line(target_id: int) -> str:
    #: CLI error of outbox --cancel; %1 is the number of a target that was already sent.
    words = translate("Cli", "no scheduled or unsent target %1")
    return error_line(words.replace("%1", str(target_id)))


async def _resume(session: Session) -> int:
    """Sign in, send what is due; then report what still needs the user (failed, needs
    attention, missed its time) — those make the exit status 1."""
    await _sign_in(session)
    handled = await session.outbox.resume()
    for target in handled:
        print(line(target))
    seen = {t.id for t in handled}
    stuck = [t for t in _needs_user(session.outbox.pending()) if t.id not in seen]
    for target in stuck:
        print(f"#{target.id:<4} {line(target)}")
    if not handled and not stuck:
        #: CLI, outbox --resume: no post was due to be sent.
        print(translate("Cli", "nothing due"))
    return exit_status([*handled, *stuck])


def _needs_user(targets: Sequence[OutboxTarget]) -> list[OutboxTarget]:
    return [t for t in targets if t.state in (TargetState.FAILED, TargetState.NEEDS_ATTENTION)]


def _outbox_offline(outbox: OutboxService, args: argparse.Namespace) -> int:
    """Listing, retry and discard need no network."""
    if args.retry is not None:
        return _retry(outbox, args.retry)
    if args.discard is not None:
        return _discard(outbox, args.discard)
    pending = outbox.pending()
    if not pending:
        #: CLI, outbox: nothing is waiting, scheduled or failed.
        print(translate("Cli", "the outbox is empty"))
    for target in pending:
        print(f"#{target.id:<4} {line(target)}  {cell(target.text, 30).rstrip()}")
    # Listed and waiting is fine; failed or missed its time needs the user.
    return EXIT_FAILED if _needs_user(pending) else EXIT_OK


def _no_unsent_line(target_id: int) -> str:
    #: CLI error of outbox --retry/--discard; %1 is the number of a target already sent.
    words = translate("Cli", "no unsent target %1")
    return error_line(words.replace("%1", str(target_id)))


def _retry(outbox: OutboxService, target_id: int) -> int:
    if outbox.store.target(target_id) is None:
        print(checks.no_target_line(target_id), file=sys.stderr)
        return EXIT_USAGE
    if not outbox.retry(target_id):
        print(_no_unsent_line(target_id), file=sys.stderr)
        return EXIT_FAILED
    #: CLI, outbox --retry done; %1 is the target's number. Keep "outbox --resume" as is.
    words = translate("Cli", "target %1 is due now; send it with: outbox --resume")
    print(words.replace("%1", str(target_id)))
    return EXIT_OK


def _discard(outbox: OutboxService, target_id: int) -> int:
    if outbox.store.target(target_id) is None:
        print(checks.no_target_line(target_id), file=sys.stderr)
        return EXIT_USAGE
    if not outbox.discard(target_id):
        target = outbox.store.target(target_id)
        if target is not None and outbox.is_held(target):
            #: CLI error of outbox --discard; %1 is the target's number (twice). Keep the
            #: command "outbox --cancel %1" as it is.
            words = translate(
                "Cli", "target %1 is held by its server; cancel it with: outbox --cancel %1"
            )
            print(error_line(words.replace("%1", str(target_id))), file=sys.stderr)
            return EXIT_FAILED
        print(_no_unsent_line(target_id), file=sys.stderr)
        return EXIT_FAILED
    #: CLI, outbox --discard done; %1 is the target's number (as outbox lists it).
    print(translate("Cli", "target %1 discarded").replace("%1", str(target_id)))
    return EXIT_OK


def exit_status(targets: Sequence[OutboxTarget]) -> int:
    states = {t.state for t in targets}
    if states & {TargetState.FAILED, TargetState.NEEDS_ATTENTION}:
        return EXIT_FAILED
    now = datetime.now(UTC).timestamp()
    waiting = [
        t
        for t in targets
        if t.state in (TargetState.QUEUED, TargetState.SENDING)
        and not (t.scheduled_at is not None and t.error_kind is None and t.scheduled_at > now)
    ]
    return EXIT_WAITING if waiting else EXIT_OK
