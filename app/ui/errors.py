"""Network errors in words a person understands, in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.networks.base import ErrorKind, NetworkError


def describe(error: BaseException) -> str:
    translate = QCoreApplication.translate
    if not isinstance(error, NetworkError):
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
    }
    text = texts[kind]
    if error.detail and kind in (ErrorKind.REJECTED, ErrorKind.SERVER_ERROR):
        text += " (" + error.detail[:200] + ")"
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
        return kind
    return describe(NetworkError(error_kind, detail, retry_after=retry_after))
