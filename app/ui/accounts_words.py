"""The accounts dialog's failures in words, in the UI language, from reason codes and error
types (never from an exception's English text, which stays in the log).

The strings keep the translation context "AccountsDialog" they had in the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.errors import ErrorKind, NetworkError
from app.core.network_kinds import SignIn, display_name, kind_of
from app.services.accounts import (
    NO_KEYCHAIN_MESSAGE,
    SIGN_IN_REASONS,
    AccountError,
    KeychainUnavailable,
    PortInUse,
    SignInError,
)
from app.ui.errors import describe

translate = QCoreApplication.translate

__all__ = ["error_words", "sign_in_words"]


def error_words(error: BaseException, network: str = "") -> str:
    """What went wrong, for the status line of the dialog; ``network`` is the kind of
    account being added (it words a refused app password and a refused audience)."""
    if isinstance(error, KeychainUnavailable):
        return _keychain_words(error)
    if isinstance(error, AccountError):
        return _account_words(error, network)
    if isinstance(error, PortInUse):
        #: error; %1 a port number
        return translate(
            "AccountsDialog",
            "Port %1 is in use by another program. Close that program, or choose another "
            "callback port and register its callback URL in your X app.",
        ).replace("%1", str(error.port))
    if isinstance(error, SignInError):
        return sign_in_words(error)
    if isinstance(error, NetworkError) and error.kind is ErrorKind.SIGNED_OUT:
        kind = kind_of(network)
        if kind is not None and kind.sign_in is SignIn.APP_PASSWORD:
            # The typed handle or password, not a sign-in that expired.
            return translate("AccountsDialog", "The handle or app password was not accepted.")
        if kind is not None and kind.sign_in is SignIn.CLIENT_CREDENTIALS:
            return translate(
                "AccountsDialog", "mixi2 did not accept the Client ID or Client secret."
            )
    return describe(error)


def _keychain_words(error: KeychainUnavailable) -> str:
    # The same English literals as app.auth.credentials, so lupdate sees them here.
    if error.message == NO_KEYCHAIN_MESSAGE:
        return translate(
            "AccountsDialog",
            "No system keychain is available, so Kizuna cannot keep your sign-in safe and "
            "will not store it in a plain file. On Linux, install and start a Secret "
            "Service such as GNOME Keyring or KWallet, then sign in again.",
        )
    # LOCKED_MESSAGE, and any refusal worded otherwise: the English stays in the log.
    return translate(
        "AccountsDialog",
        "The system keychain is locked or refused access. Unlock it (or allow Kizuna) "
        "and try again.",
    )


def _account_words(error: AccountError, network: str) -> str:
    """An add or change the accounts service refused, from its reason code."""
    texts = {
        "bad_url": translate("AccountsDialog", "Enter the server's address, e.g. mastodon.social."),
        "insecure_url": translate(
            "AccountsDialog",
            "That server address is not secure (http). Use an https:// address.",
        ),
        #: %1 a network's name (Bluesky, X)
        "friends_refused": translate(
            "AccountsDialog",
            "%1 cannot keep a post to friends only, so it can serve the public side only.",
        ).replace("%1", display_name(error.detail or network)),
        #: %1 a server's address
        "no_followers_only": translate(
            "AccountsDialog",
            "%1 keeps no followers-only posts, so this account cannot serve the friends side.",
        ).replace("%1", error.detail),
        "no_audience": translate(
            "AccountsDialog", "Choose at least one side for this account: public or friends."
        ),
        "missing_field": translate("AccountsDialog", "Enter the handle and an app password."),
        "unknown_account": translate("AccountsDialog", "That account is no longer listed."),
        "missing_client_id": translate("AccountsDialog", "Enter the Client ID of your X app."),
        "missing_mixi2_credentials": translate(
            "AccountsDialog", "Enter the Client ID and Client secret of your mixi2 application."
        ),
        "bad_mixi2_endpoint": translate(
            "AccountsDialog",
            "Leave the server as https://application-api.mixi.social, or enter a test "
            "endpoint with its token_url.",
        ),
        "bad_port": translate("AccountsDialog", "Choose a callback port between 1024 and 65535."),
        "no_paste": translate(
            "AccountsDialog", "Start signing in with a code first: press Paste a code instead."
        ),
    }
    return texts.get(
        error.reason, translate("AccountsDialog", "Kizuna cannot use this kind of account.")
    )


def sign_in_words(error: SignInError) -> str:
    """A sign-in that did not finish, in the UI language, from its reason code; the English
    message of the error (a server's refusal text, an OS error) stays in the log."""
    texts = {
        SIGN_IN_REASONS.TIMEOUT: translate(
            "AccountsDialog",
            "Sign-in did not complete: the browser did not come back to Kizuna in time.",
        ),
        SIGN_IN_REASONS.DENIED: translate(
            "AccountsDialog",
            "Sign-in did not complete: Kizuna was not approved on the server's page.",
        ),
        SIGN_IN_REASONS.REFUSED: translate(
            "AccountsDialog", "Sign-in did not complete: the server refused to let Kizuna sign in."
        ),
        SIGN_IN_REASONS.STATE_MISMATCH: translate(
            "AccountsDialog",
            "The answer belonged to another sign-in, so Kizuna did not use it. Sign in again.",
        ),
        SIGN_IN_REASONS.NO_CODE: translate(
            "AccountsDialog",
            "Sign-in did not complete: the server sent the browser back without a code.",
        ),
        SIGN_IN_REASONS.EMPTY_CODE: translate(
            "AccountsDialog",
            "Paste the code shown on the server's page, then press Finish sign-in.",
        ),
        SIGN_IN_REASONS.BAD_CODE: translate(
            "AccountsDialog",
            "No code was found in the pasted text. Copy the code shown on the server's page.",
        ),
        SIGN_IN_REASONS.PORT_IN_USE: translate(
            "AccountsDialog",
            "Sign-in did not complete: the callback port is in use by another program.",
        ),
        SIGN_IN_REASONS.CANNOT_LISTEN: translate(
            "AccountsDialog",
            "Kizuna could not wait for the browser on this computer (127.0.0.1). A firewall "
            "or security program may be blocking it.",
        ),
        SIGN_IN_REASONS.NO_BROWSER: translate(
            "AccountsDialog", "Kizuna could not open the sign-in page in a web browser."
        ),
        SIGN_IN_REASONS.NO_CLIENT_ID: translate(
            "AccountsDialog", "Enter the Client ID of your X app."
        ),
        SIGN_IN_REASONS.BAD_REPLY: translate(
            "AccountsDialog", "Sign-in did not complete: the answer could not be understood."
        ),
    }
    return texts.get(error.reason, translate("AccountsDialog", "Sign-in did not complete."))
