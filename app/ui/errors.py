"""Errors in words a person understands, in the UI language, from their reason codes.

Services and adapters raise typed errors with a code; only here do they become words,
from the translations, each from one table:

- :func:`refusal_texts` — every :class:`~app.services.send.Refusal` (a draft, or one of
  its targets, that cannot be sent);
- :func:`outbox_texts` — the outbox's own reasons (:data:`~app.services.outbox_rows.OWN_REASONS`:
  not signed in, may already be sent, an earlier try in transit, a missed schedule);
- :func:`kind_texts` — every :class:`~app.core.errors.ErrorKind`.

A detail that is one of our own codes (the audience guard's refusal under
``AUDIENCE_REFUSED``, ``no_media`` under ``REJECTED``) is worded too. No exception text and
no server message is shown as it is: a server's own words may be English (or anything)
and are kept for the log.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.errors import ErrorKind, NetworkError
from app.services.outbox_rows import ACCOUNT_UNAVAILABLE, IN_TRANSIT, LATE, MAYBE_SENT
from app.services.send import Refusal
from app.ui.placeholders import fill

# Written out at each call (not through a helper) so that lupdate sees every string.
translate = QCoreApplication.translate


def refusal_texts() -> dict[Refusal, str]:
    """Why a draft (or one of its targets) cannot be sent: every ``Refusal``."""
    return {
        Refusal.NAIVE_TIME: translate("Errors", "The scheduled time has no time zone."),
        Refusal.TIME_PASSED: translate(
            "Errors", "The new time has already passed; choose a later one."
        ),
        Refusal.NO_TARGET: translate("Errors", "No signed-in account serves the chosen audience."),
        Refusal.RECIPIENTS_NEED_FRIENDS: translate(
            "Errors", "A post to chosen friends needs the friends audience."
        ),
        Refusal.RECIPIENTS_SIGNED_OUT: translate(
            "Errors", "The chosen friends belong to an account that is not signed in."
        ),
        Refusal.NO_MEDIA: translate("Errors", "An account of this audience cannot carry pictures."),
        Refusal.NO_RECIPIENTS: translate(
            "Errors", "An account of this audience cannot address a post to chosen friends."
        ),
        Refusal.FRIENDS_NEED_RECIPIENTS: translate(
            "Errors",
            "An account's server keeps no followers-only posts: a friends post goes there "
            "only to chosen friends.",
        ),
        Refusal.AUDIENCE: translate(
            "Errors", "This network cannot limit a post to that audience, so nothing was sent."
        ),
    }


def outbox_texts() -> dict[str, str]:
    """The outbox's own reasons for a target that is not sent (not ErrorKinds)."""
    return {
        ACCOUNT_UNAVAILABLE: translate(
            "Errors", "The account is not signed in right now; it will be sent once it is."
        ),
        MAYBE_SENT: translate(
            "Errors", "It may already have been sent; check the timeline before retrying."
        ),
        IN_TRANSIT: translate(
            "Errors", "An earlier try may still arrive; Kizuna checks before sending again."
        ),
        LATE: translate("Errors", "The scheduled time passed while Kizuna was closed."),
    }


def kind_texts() -> dict[ErrorKind, str]:
    """Every ErrorKind (a rate limit with a known wait is worded with it by :func:`describe`)."""
    return {
        ErrorKind.SIGNED_OUT: translate(
            "Errors", "Signed out: the server no longer accepts this sign-in."
        ),
        ErrorKind.RATE_LIMITED: translate(
            "Errors", "Rate limited by the server; try again shortly."
        ),
        ErrorKind.AUDIENCE_REFUSED: translate(
            "Errors", "This network cannot limit a post to that audience, so nothing was sent."
        ),
        ErrorKind.SERVER_ERROR: translate("Errors", "The server had a problem."),
        ErrorKind.OFFLINE: translate(
            "Errors", "Cannot reach the server. Check the network connection."
        ),
        ErrorKind.TIMEOUT: translate("Errors", "The server took too long to answer."),
        ErrorKind.BAD_RESPONSE: translate(
            "Errors", "The server sent a reply Kizuna could not read."
        ),
        ErrorKind.REJECTED: translate("Errors", "The server refused the post."),
        ErrorKind.UNSUPPORTED: translate("Errors", "This network cannot do that."),
    }


def _refusal(code: object) -> Refusal | None:
    try:
        return Refusal(code)
    except ValueError:
        return None


def describe_refusal(error: BaseException) -> str:
    """A draft refused before anything was stored or sent (its ``reason`` code)."""
    reason = getattr(error, "reason", None)
    refusal = reason if isinstance(reason, Refusal) else _refusal(reason)
    if refusal is None:
        return translate("Errors", "This post cannot be sent as it is.")
    return refusal_texts()[refusal]


def describe(error: BaseException) -> str:
    if not isinstance(error, NetworkError):
        if getattr(error, "reason", None) is not None:
            return describe_refusal(error)
        #: %1 the kind of error, in English (for a bug report)
        return translate("Errors", "Unexpected error: %1").replace("%1", type(error).__name__)
    kind = error.kind
    if kind is ErrorKind.RATE_LIMITED and error.retry_after:
        seconds = max(1, round(error.retry_after))
        #: %n seconds to wait
        return QCoreApplication.translate(
            "Errors", "Rate limited by the server; try again in %n second(s).", "", seconds
        )
    text = kind_texts()[kind]
    # A detail that is one of our own codes is worded too; a server's own message is not
    # shown. Our own check that a network carries no pictures is no refusal by the server.
    refusal = _refusal(error.detail)
    if refusal is None:
        return text
    words = refusal_texts()[refusal]
    if kind is ErrorKind.REJECTED:
        return words
    if words == text:
        return text
    #: Two sentences of an error, in this order in English: %1 what went wrong (e.g. "The
    #: server refused it."), %2 why, from the server's reason (e.g. "It is too long.").
    return fill(translate("Errors", "%1 %2"), text, words)


def describe_kind(kind: str | None, detail: str = "", retry_after: float | None = None) -> str:
    """Words for a stored outbox reason: an ErrorKind value or one of the outbox's own."""
    if not kind:
        return ""
    own = outbox_texts().get(kind)
    if own is not None:
        return own
    try:
        error_kind = ErrorKind(kind)
    except ValueError:
        return translate("Errors", "Not sent yet.")
    return describe(NetworkError(error_kind, detail, retry_after=retry_after))


def open_failed_words(error: BaseException | None, *, sandbox: bool) -> str:
    """Why the session (the practice sandbox, or the saved accounts) could not be opened
    (the details are in the log)."""
    if sandbox:
        text = translate("Errors", "The practice sandbox could not be started or reached.")
    else:
        text = translate("Errors", "Your saved accounts could not be opened.")
    if isinstance(error, NetworkError):
        #: Two sentences of an error, in this order in English: %1 what went wrong (e.g. "The
        #: server refused it."), %2 why, from the server's reason (e.g. "It is too long.").
        text = fill(translate("Errors", "%1 %2"), text, describe(error))
    return text
