"""The CLI's words for the outbox: a target as one line (state, circle, account, link or
reason), every reason code in words (``Refusal``, ``ErrorKind``, the outbox's own), the
safety summary — in the language installed for the command (:mod:`app.cli_checks`).

Each table is built at each use (:class:`_Words`), so it speaks the language of this run;
the window's words for the same codes are :mod:`app.ui.errors`. Ids, links and times are
written as they are: a script may read them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from app.cli_checks import circle_word, translate
from app.cli_console import cell, width
from app.core.clock import TOKYO
from app.core.errors import ErrorKind, NetworkError
from app.core.models import Audience
from app.services.outbox_rows import (
    ACCOUNT_UNAVAILABLE,
    IN_TRANSIT,
    LATE,
    MAYBE_SENT,
    MessageKind,
    OutboxTarget,
    TargetState,
)
from app.services.send import Refusal

K = TypeVar("K")


def signed_out_words(why: str) -> str:
    """Why a saved account could not be opened (Session.signed_out), in words."""
    if why == "no_secret":
        return translate("Cli", "no sign-in in the keychain")
    if why == "bad_secret":
        return translate("Cli", "the keychain entry is unreadable")
    if why == "unknown_network":
        return translate("Cli", "this version of Kizuna does not know its network")
    return translate("Cli", "the keychain is unavailable or refused")


class _Words(Mapping[K, str]):
    """A table of words built at each use, in the language installed at that moment."""

    def __init__(self, build: Callable[[], dict[K, str]]) -> None:
        self._build = build

    def __getitem__(self, key: K) -> str:
        return self._build()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())


# The CLI's words for every reason code, one table each (the window's are app.ui.errors),
# built at each use so that they speak the language of this run (app.cli_checks).


def _refusals() -> dict[Refusal, str]:
    """Why a draft (or one of its targets) cannot be sent: every Refusal."""
    return {
        Refusal.NAIVE_TIME: translate("Cli", "a scheduled time needs a time zone"),
        Refusal.TIME_PASSED: translate(
            "Cli", "the new time has already passed; choose a later one"
        ),
        Refusal.NO_TARGET: translate("Cli", "no signed-in account serves the chosen audience"),
        Refusal.RECIPIENTS_NEED_FRIENDS: translate(
            "Cli", "chosen friends need the friends audience"
        ),
        Refusal.RECIPIENTS_SIGNED_OUT: translate(
            "Cli", "the chosen friends belong to an account that is not signed in"
        ),
        Refusal.NO_MEDIA: translate("Cli", "an account of this audience cannot carry pictures"),
        Refusal.NO_RECIPIENTS: translate(
            "Cli", "an account of this audience cannot address a post to chosen friends"
        ),
        Refusal.FRIENDS_NEED_RECIPIENTS: translate(
            "Cli",
            "an account keeps no followers-only posts: a friends post goes there only"
            " addressed to chosen friends",
        ),
        Refusal.AUDIENCE: translate("Cli", "an account cannot post to this audience"),
    }


REFUSALS: Mapping[Refusal, str] = _Words(_refusals)


def _kinds() -> dict[ErrorKind, str]:
    """Every ErrorKind."""
    return {
        ErrorKind.SIGNED_OUT: translate("Cli", "signed out: sign in again"),
        ErrorKind.RATE_LIMITED: translate("Cli", "rate limited by the server"),
        ErrorKind.AUDIENCE_REFUSED: translate("Cli", "this account cannot post to this audience"),
        #: Why a CLI send failed: the server answered with an error (HTTP 5xx).
        ErrorKind.SERVER_ERROR: translate("Cli", "server error"),
        ErrorKind.OFFLINE: translate("Cli", "cannot reach the server"),
        ErrorKind.TIMEOUT: translate("Cli", "the server did not answer in time"),
        ErrorKind.BAD_RESPONSE: translate("Cli", "unexpected reply from the server"),
        ErrorKind.REJECTED: translate("Cli", "refused by the server"),
        ErrorKind.UNSUPPORTED: translate("Cli", "this network cannot do that"),
    }


KINDS: Mapping[ErrorKind, str] = _Words(_kinds)


def _own_words() -> dict[str, str]:
    """The outbox's own reasons (not ErrorKinds)."""
    return {
        ACCOUNT_UNAVAILABLE: translate("Cli", "account not signed in; it is sent once it is"),
        MAYBE_SENT: translate(
            "Cli", "may already be posted: check the timeline, then retry or discard"
        ),
        IN_TRANSIT: translate(
            "Cli", "an earlier try may still arrive; Kizuna checks before sending again"
        ),
        LATE: translate(
            "Cli", "its scheduled time passed while Kizuna was closed: send it late or discard it"
        ),
    }


OWN_WORDS: Mapping[str, str] = _Words(_own_words)

# A detail that is a bare word (an exception's class name, a code) is for the log only.
_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def _refusal(code: object) -> Refusal | None:
    try:
        return Refusal(code)
    except ValueError:
        return None


def refusal_words(exc: Exception) -> str:
    """A refused draft in the CLI's words, from its reason code."""
    reason = getattr(exc, "reason", None)
    refusal = reason if isinstance(reason, Refusal) else _refusal(reason)
    if refusal is None:
        return translate("Cli", "the post cannot be sent as it is")
    account = getattr(exc, "account", "")
    words = REFUSALS[refusal]
    return _bracketed(words, account) if account else words


def _bracketed(words: str, detail: str) -> str:
    #: CLI: %1 a reason in words, %2 what it concerns (an account, the server's message).
    return translate("Cli", "%1 (%2)").replace("%1", words).replace("%2", detail)


def kind_words(kind: str, detail: str = "") -> str:
    """A stored reason (an ErrorKind value or the outbox's own) and its detail in words:
    our own codes worded, a server's message in brackets, never a bare code."""
    if kind in OWN_WORDS:
        return OWN_WORDS[kind]
    try:
        text = KINDS[ErrorKind(kind)]
    except ValueError:
        #: CLI, why a target is not sent when its stored reason is unknown to this version.
        text = translate("Cli", "not sent yet")
    refusal = _refusal(detail)
    if refusal is not None:
        #: CLI: %1 why a send failed (e.g. refused by the server), %2 the refusal in words.
        return translate("Cli", "%1: %2").replace("%1", text).replace("%2", REFUSALS[refusal])
    if detail and not _CODE.fullmatch(detail):
        return _bracketed(text, detail)
    return text


def error_words(exc: NetworkError) -> str:
    """A NetworkError in the CLI's words."""
    return kind_words(exc.kind.value, exc.detail)


def reason(target: OutboxTarget) -> str:
    """Why a target is not sent, in the CLI's words."""
    if not target.error_kind:
        return ""
    return kind_words(target.error_kind, target.error_detail or "")


def _clock(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).astimezone(TOKYO).strftime("%Y-%m-%d %H:%M:%S JST")


def _states() -> dict[str, str]:
    """The outbox's states as one word each (the first column of a row)."""
    return {
        #: CLI outbox state: published, or handed to its server (送信済み).
        "sent": translate("Cli", "sent"),
        #: CLI outbox state: waits for its time (予約中).
        "scheduled": translate("Cli", "scheduled"),
        #: CLI outbox state: a try failed; it is sent again later (再送待ち).
        "waiting": translate("Cli", "waiting"),
        #: CLI outbox state: due, not tried yet (送信待ち).
        "queued": translate("Cli", "queued"),
        #: CLI outbox state: being sent right now (送信中).
        "sending": translate("Cli", "sending"),
        #: CLI outbox state: its server refused it; it is not sent again by itself.
        "failed": translate("Cli", "failed"),
        #: CLI outbox state: the user must decide (retry or discard; 要確認).
        "attention": translate("Cli", "attention"),
    }


STATES: Mapping[str, str] = _Words(_states)


def _detail(target: OutboxTarget, now: float) -> tuple[str, str]:
    """The state's key (in STATES) and the detail after the handle: the link when sent,
    else the time or the reason."""
    state, detail = target.state.value, ""
    if target.state is TargetState.SENT and target.server_scheduled:
        # Its server publishes it at its time (the id is the scheduled post's).
        when = target.scheduled_at
        if when is not None and when > now:
            #: CLI outbox row; %1 is the time (2099-01-01 00:00:00 JST) its server posts it.
            state, detail = "scheduled", translate("Cli", "%1 (held by its server)")
        elif when is not None:
            #: CLI outbox row; %1 is the time (… JST) its server published it.
            detail = translate("Cli", "published by its server at %1")
        detail = detail.replace("%1", _clock(when)) if when is not None else detail
    elif target.state is TargetState.SENT:
        detail = target.url or target.remote_id or ""
    elif target.state is TargetState.QUEUED:
        due = target.next_attempt_at
        if target.scheduled_at is not None and due is not None and target.error_kind is None:
            state, detail = "scheduled", _clock(due)
        elif target.error_kind:
            state, detail = "waiting", reason(target)
            if due is not None and due > now:
                #: CLI outbox row; %1 why it waits, %2 the time (… JST) of the next try.
                words = translate("Cli", "%1; next try %2")
                detail = words.replace("%1", detail).replace("%2", _clock(due))
        else:
            #: CLI outbox row: its time has come; outbox --resume sends it.
            detail = translate("Cli", "due now")
    elif target.state is TargetState.NEEDS_ATTENTION:
        state, detail = "attention", reason(target)
    elif target.state is TargetState.FAILED:
        detail = reason(target)
    return state, detail


def line(target: OutboxTarget, now: float | None = None) -> str:
    """``state audience handle detail``: the link when sent, else the reason. The state
    and the audience are padded to the widest of their words (display columns)."""
    now = datetime.now(UTC).timestamp() if now is None else now
    state, detail = _detail(target, now)
    states = STATES
    circles = [circle_word(a) for a in Audience]
    state_cell = cell(states[state], max(map(width, states.values())))
    circle_cell = cell(circle_word(target.audience), max(map(width, circles)))
    if target.kind is MessageKind.SAFETY:
        #: CLI outbox row, at its end: the row is a safety message (安否確認).
        detail += " " + translate("Cli", "[safety]")
    return f"{state_cell} {circle_cell} {target.account.handle}  {detail}"


def safety_summary(targets: Sequence[OutboxTarget]) -> str:
    """Which circles the safety message reached, and which not yet."""
    circles = (Audience.PUBLIC, Audience.FRIENDS)
    sent = {t.audience for t in targets if t.state is TargetState.SENT}
    unsent = {t.audience for t in targets if t.state is not TargetState.SENT}
    #: CLI, between two circles in a list ("public, friends").
    comma = translate("Cli", ", ")
    reached = comma.join(circle_word(a) for a in circles if a in sent)
    missing = comma.join(circle_word(a) for a in circles if a in unsent)
    #: CLI safety summary: no circle (public, friends) has received it yet.
    reached = reached or translate("Cli", "no circle yet")
    if missing:
        #: CLI safety summary; %1 the circles it reached, %2 those it has not reached yet.
        words = translate("Cli", "safety message reached: %1; not yet: %2 (kept in the outbox)")
        return words.replace("%1", reached).replace("%2", missing)
    #: CLI safety summary; %1 the circles (public, friends) the safety message reached.
    return translate("Cli", "safety message reached: %1").replace("%1", reached)
