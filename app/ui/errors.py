"""Errors in words a person understands, in the UI language, from their reason codes.

Services and adapters raise typed errors with a code (:class:`~app.core.errors.ErrorKind`,
a refused draft's ``reason``, the outbox's own reasons); only here do they become words,
from the translations. No exception text and no server message is shown as it is: a
server's own words may be English (or anything) and are kept for the log.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.errors import ErrorKind, NetworkError


def _refusals() -> dict[str, str]:
    """Why a draft (or one of its targets) cannot be sent: ``app.services.send`` codes."""
    translate = QCoreApplication.translate
    return {
        "naive_time": translate("Errors", "The scheduled time has no time zone."),
        "no_target": translate("Errors", "No signed-in account serves the chosen audience."),
        "recipients_need_friends": translate(
            "Errors", "A post to chosen friends needs the friends audience."
        ),
        "recipients_signed_out": translate(
            "Errors", "The chosen friends belong to an account that is not signed in."
        ),
        "no_media": translate("Errors", "An account of this audience cannot carry pictures."),
        "no_recipients": translate(
            "Errors", "An account of this audience cannot address a post to chosen friends."
        ),
        "friends_need_recipients": translate(
            "Errors",
            "An account's server keeps no followers-only posts: a friends post goes there "
            "only to chosen friends.",
        ),
        "audience": translate(
            "Errors", "This network cannot limit a post to that audience, so nothing was sent."
        ),
    }


def describe_refusal(error: BaseException) -> str:
    """A draft refused before anything was stored or sent (its ``reason`` code)."""
    reason = getattr(error, "reason", None)
    code = getattr(reason, "value", reason)
    words = _refusals().get(code) if isinstance(code, str) else None
    return words or QCoreApplication.translate("Errors", "This post cannot be sent as it is.")


def describe(error: BaseException) -> str:
    translate = QCoreApplication.translate
    if not isinstance(error, NetworkError):
        if getattr(error, "reason", None) is not None:
            return describe_refusal(error)
        return translate("Errors", "Unexpected error: %1").replace("%1", type(error).__name__)
    kind = error.kind
    if kind is ErrorKind.RATE_LIMITED:
        if error.retry_after:
            seconds = max(1, round(error.retry_after))
            return translate(
                "Errors", "Rate limited by the server; try again in %n second(s).", "", seconds
            )
        return translate("Errors", "Rate limited by the server; try again shortly.")
    texts = {
        ErrorKind.SIGNED_OUT: translate(
            "Errors", "Signed out: the server no longer accepts this sign-in."
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
    text = texts[kind]
    # A detail that is one of our own codes (the audience guard's, say) is worded too;
    # a server's own message is not shown.
    refusal = _refusals().get(error.detail)
    if refusal is not None and refusal != text:
        text += " " + refusal
    return text


def describe_kind(kind: str | None, detail: str = "", retry_after: float | None = None) -> str:
    """Words for a stored outbox reason: an ErrorKind value or one of the outbox's own."""
    translate = QCoreApplication.translate
    if not kind:
        return ""
    own = {
        "account_unavailable": translate(
            "Errors", "The account is not signed in right now; it will be sent once it is."
        ),
        "maybe_sent": translate(
            "Errors", "It may already have been sent; check the timeline before retrying."
        ),
        "late": translate("Errors", "The scheduled time passed while Kizuna was closed."),
    }
    if kind in own:
        return own[kind]
    try:
        error_kind = ErrorKind(kind)
    except ValueError:
        return translate("Errors", "Not sent yet.")
    return describe(NetworkError(error_kind, detail, retry_after=retry_after))
