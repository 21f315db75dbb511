"""The user's accounts: adding (signing in), choosing what each serves, removing, and
opening their adapters (:meth:`AccountService.open_adapters_async`; the session facade,
:mod:`app.services.session`, is built over them).

Two places hold an account, and they never mix:

- the profile's accounts table (:class:`~app.store.accounts.AccountTable`) keeps the non-secret
  :class:`~app.core.models.AccountRef` fields — network, server, user id, username, handle,
  what it serves, label;
- the OS keychain (:class:`~app.auth.credentials.CredentialStore`) keeps the secret under
  the account key: the access token (Mastodon, Misskey) or the session JSON with both JWTs
  (Bluesky) or both OAuth tokens (X; refreshed tokens are written back).

How each network signs in: Mastodon by authorization code + PKCE with a loopback redirect,
or — when that cannot work — the out-of-band code the user pastes
(:meth:`AccountService.begin_mastodon_paste` / :meth:`AccountService.finish_mastodon_paste`);
Misskey by MiAuth with a loopback callback; Bluesky with a handle and an app password; X by
OAuth 2.0 + PKCE with the client id of the user's own X app and the fixed callback port
registered there (:meth:`AccountService.add_x`).

A Mastodon-API server that keeps no followers-only posts (snac) cannot serve the friends
side: after signing in, the service asks the adapter (its capabilities once the instance
info is read), drops FRIENDS from what the account serves and remembers why
(``AccountRef.friends_need_recipients``, non-secret); :meth:`AccountService.set_serves`
then refuses FRIENDS for it. Friends posts addressed to chosen friends still go through
it (see :mod:`app.core.routing`).

Every add checks the keychain before the sign-in starts and saves the secret before the
account is listed; if the keychain is missing or refuses, :class:`KeychainUnavailable`
propagates and nothing at all is saved — never a plain-text fallback.

No Qt here: errors carry English text for the log; the UI words them (see
:mod:`app.ui.accounts_dialog`).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.auth import loopback
from app.auth.credentials import (
    LOCKED_MESSAGE,
    NO_KEYCHAIN_MESSAGE,
    CredentialStore,
    KeychainUnavailable,
)
from app.auth.loopback import PortInUse, SignInError, SignInRefused, is_loopback
from app.core.models import AccountRef, Audience, Capabilities
from app.core.network_kinds import kind_of
from app.store.accounts import AccountTable
from app.store.db import Store
from app.store.settings import MAX_PORT, MIN_FIXED_PORT, X_CLIENT_ID, X_PORT, Settings

# The sign-in flows and the adapters (httpx and the network code) are imported by the
# methods that use them: the window's first paint builds this service but needs neither.
if TYPE_CHECKING:
    from app.auth.mastodon_oauth import OutOfBandSignIn
    from app.networks.base import NetworkAdapter

log = logging.getLogger(__name__)

# The sign-in errors and reason codes the UI words: ``ui`` reaches them through this
# service, never through ``auth`` itself.
SIGN_IN_REASONS = loopback
__all__ = [
    "DEFAULT_X_PORT",
    "LOCKED_MESSAGE",
    "MAX_PORT",
    "MIN_FIXED_PORT",
    "NO_KEYCHAIN_MESSAGE",
    "SIGN_IN_REASONS",
    "X_PORT_KEY",
    "AccountError",
    "AccountService",
    "KeychainUnavailable",
    "OpenedAccounts",
    "PortInUse",
    "SignInError",
    "SignInRefused",
    "can_serve",
    "honoured",
    "keychain_accounts",
    "normalise_url",
]

SIGN_IN_TIMEOUT = 300.0  # seconds the user has to approve in the browser
CALLBACK_PATH = "/callback"
DEFAULT_BLUESKY_SERVER = "https://bsky.social"
# X compares the whole callback URL with the one registered in the user's X app, so the
# port is fixed and remembered (non-secret settings, like the X app's public client id).
X_PORT_KEY = X_PORT.key
DEFAULT_X_PORT = X_PORT.default
X_LABEL = "X"
# X's own endpoints, as in app.auth.x_oauth (not imported here: it loads httpx).
X_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
X_API_BASE = "https://api.x.com"

# What each network can keep to its audience. Bluesky and X have no followers-only post,
# so they serve PUBLIC only: a friends post must never be widened to public there.
HONOURED: dict[str, frozenset[Audience]] = {
    "mastodon": frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    "misskey": frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    "bluesky": frozenset({Audience.PUBLIC}),
    "x": frozenset({Audience.PUBLIC}),
    # mixi2 has no friends feed to show; its friends sends are chat messages to chosen
    # people (friends_need_recipients), offered by the composer, not a column.
    "mixi2": frozenset({Audience.PUBLIC}),
}

OpenUrl = Callable[[str], Awaitable[object] | object]


class AccountError(Exception):
    """An add or change the service refuses before touching anything; ``reason`` is a code
    the UI words: "bad_url", "insecure_url", "friends_refused", "no_followers_only" (the
    account's server keeps no followers-only posts; detail: its label), "no_audience",
    "unknown_network", "unknown_account", "missing_field", "missing_client_id",
    "bad_port", "no_paste" (a pasted code with no paste sign-in begun)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class OpenedAccounts:
    """The adapters of the saved accounts, plus those that could not be opened, with why:
    ``"no_secret"`` (nothing in the keychain), ``"keychain"`` (the keychain refused) or
    ``"bad_secret"`` (what the keychain holds is unreadable) or ``"unknown_network"`` (an
    account a newer Kizuna saved, of a network this version does not know). They count as
    signed out."""

    adapters: list[NetworkAdapter] = field(default_factory=list)
    signed_out: list[tuple[AccountRef, str]] = field(default_factory=list)


def keychain_accounts(store: Store) -> AccountService:
    """The user's accounts over the profile's ``store`` and the OS keychain."""
    return AccountService(store, CredentialStore())


def honoured(network: str) -> frozenset[Audience]:
    return HONOURED.get(network, frozenset())


def can_serve(account: AccountRef) -> frozenset[Audience]:
    """What this account can serve: its network's audiences, without FRIENDS when its
    server keeps no followers-only posts (learnt at sign-in)."""
    can = honoured(account.network)
    if account.friends_need_recipients:
        can -= {Audience.FRIENDS}
    return can


def normalise_url(text: str) -> str:
    """``https://host[:port][/path]`` without a trailing slash; a bare host gets https.

    Plain http is accepted only for this machine (the sandbox, a test server): a token
    must not cross a network unencrypted.
    """
    text = text.strip()
    if not text:
        raise AccountError("bad_url", "no server address")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AccountError("bad_url", text)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise AccountError("bad_url", text)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise AccountError("insecure_url", text)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path}".rstrip("/")


async def _call_open_url(open_url: OpenUrl, url: str) -> None:
    """``open_url`` may be plain (QDesktopServices.openUrl) or a coroutine (a test browser)."""
    result = open_url(url)
    if inspect.isawaitable(result):
        await result


class AccountService:
    def __init__(
        self,
        store: Store,
        credentials: CredentialStore,
        *,
        sign_in_timeout: float = SIGN_IN_TIMEOUT,
        x_authorize_url: str = X_AUTHORIZE_URL,
        x_api_base: str = X_API_BASE,
    ) -> None:
        """``x_authorize_url`` and ``x_api_base`` are X's own (the same as
        :mod:`app.auth.x_oauth`'s; a test checks); tests point them at a fake."""
        self._store = store
        self._table = AccountTable(store)
        self._settings = Settings(store)
        self._credentials = credentials
        self.sign_in_timeout = sign_in_timeout
        self.x_authorize_url = x_authorize_url
        self.x_api_base = x_api_base.rstrip("/")
        # The Mastodon paste sign-in under way: (flow, server, what it will serve).
        self._paste: tuple[OutOfBandSignIn, str, frozenset[Audience]] | None = None

    # ------------------------------------------------------------------ the list
    def accounts(self) -> list[AccountRef]:
        return self._table.list()

    def account(self, key: str) -> AccountRef:
        account = self._table.get(key)
        if account is None:
            raise AccountError("unknown_account", key)
        return account

    async def _keep(self, account: AccountRef, secret: str) -> AccountRef:
        """Secret to the keychain first (on a worker thread: a keychain may take seconds),
        then the account into the list (replacing an earlier sign-in of the same account).
        A keychain failure leaves everything as it was."""
        await self._credentials.save_async(account.key, secret)
        try:
            self._table.save(account)
        except BaseException:
            # The list could not be written: do not leave an orphaned secret behind.
            try:
                await self._credentials.delete_async(account.key)
            except KeychainUnavailable:
                log.warning("could not take back the secret of %s", account.key)
            raise
        log.info("added %s", account.key)
        return account

    @staticmethod
    def check_serves(network: str, serves: Iterable[Audience]) -> frozenset[Audience]:
        chosen = frozenset(serves)
        can = honoured(network)
        if not can:
            raise AccountError("unknown_network", network)
        if not chosen:
            raise AccountError("no_audience")
        if Audience.FRIENDS in chosen and Audience.FRIENDS not in can:
            raise AccountError("friends_refused", network)
        if not chosen <= can:
            raise AccountError("unknown_network", network)
        return chosen

    def set_serves(self, key: str, serves: Iterable[Audience]) -> AccountRef:
        account = self.account(key)
        chosen = self.check_serves(account.network, serves)
        if not chosen <= can_serve(account):
            # Its server keeps no followers-only posts: a friends post there would reach
            # nobody (or be refused), never just the followers.
            raise AccountError("no_followers_only", account.label or account.base_url)
        changed = replace(account, serves=chosen)
        self._table.update(changed)
        return changed

    def remove(self, key: str) -> None:
        """Forget the account and its keychain entry. If the keychain refuses, the account
        stays listed so that no secret is left behind unknowingly."""
        self._credentials.delete(key)
        self._table.remove(key)
        log.info("removed %s", key)

    # ------------------------------------------------------------------ adding
    async def _ensure_keychain(self) -> None:
        # Ask before the browser opens: signing in only to learn the token cannot be kept
        # would waste the user's time (and leave a granted token unused). Off the GUI
        # thread when the keychain must be asked (the first check: D-Bus); known after.
        known = self._credentials.known_available()
        if not (known if known is not None else await self._credentials.available_async()):
            raise KeychainUnavailable()

    async def add_mastodon(
        self,
        base_url: str,
        open_url: OpenUrl,
        serves: Iterable[Audience] = frozenset({Audience.PUBLIC}),
    ) -> AccountRef:
        """Register the app, then authorization code + PKCE S256 through a loopback
        redirect; the token goes to the keychain only."""
        from app.auth import mastodon_oauth

        base = normalise_url(base_url)
        chosen = self.check_serves("mastodon", serves)
        await self._ensure_keychain()
        user, token = await mastodon_oauth.sign_in(
            base,
            lambda url: _call_open_url(open_url, url),
            callback_path=CALLBACK_PATH,
            timeout=self.sign_in_timeout,
        )
        return await self._keep(await self._mastodon_ref(base, user, chosen, token), token)

    async def add_misskey(
        self,
        base_url: str,
        open_url: OpenUrl,
        serves: Iterable[Audience] = frozenset({Audience.PUBLIC}),
    ) -> AccountRef:
        """MiAuth with a loopback callback; the token goes to the keychain only."""
        from app.auth import miauth

        base = normalise_url(base_url)
        chosen = self.check_serves("misskey", serves)
        await self._ensure_keychain()
        user, token = await miauth.sign_in(
            base,
            lambda url: _call_open_url(open_url, url),
            callback_path=CALLBACK_PATH,
            timeout=self.sign_in_timeout,
        )
        return await self._keep(await self._ref("misskey", base, user, chosen), token)

    async def add_bluesky(
        self,
        base_url: str,
        handle: str,
        app_password: str,
        serves: Iterable[Audience] = frozenset({Audience.PUBLIC}),
    ) -> AccountRef:
        """``createSession`` with an app password; the session (both JWTs) goes to the
        keychain only. Bluesky serves the public side only."""
        from app.networks.bluesky import create_session

        base = normalise_url(base_url or DEFAULT_BLUESKY_SERVER)
        chosen = self.check_serves("bluesky", serves)
        if not handle.strip() or not app_password:
            raise AccountError("missing_field")
        await self._ensure_keychain()
        session = await create_session(base, handle, app_password)
        label = urlsplit(base).hostname or ""
        account = AccountRef(
            key=f"bluesky:{base}:{session.did}",
            network="bluesky",
            base_url=base,
            user_id=session.did,
            username=session.handle,
            handle=f"@{session.handle}",
            serves=chosen,
            label=label,
        )
        return await self._keep(account, session.to_json())

    async def begin_mastodon_paste(
        self,
        base_url: str,
        serves: Iterable[Audience] = frozenset({Audience.PUBLIC}),
    ) -> str:
        """Start the out-of-band sign-in (``urn:ietf:wg:oauth:2.0:oob``): register the app and
        return the authorization page to show. The server shows a code there; the user
        pastes it into :meth:`finish_mastodon_paste`. Replaces a paste sign-in under way."""
        from app.auth.mastodon_oauth import OutOfBandSignIn

        base = normalise_url(base_url)
        chosen = self.check_serves("mastodon", serves)
        await self._ensure_keychain()
        self._paste = None
        flow = OutOfBandSignIn(base)
        url = await flow.begin()
        self._paste = (flow, base, chosen)
        return url

    @property
    def mastodon_paste_pending(self) -> bool:
        return self._paste is not None

    def cancel_mastodon_paste(self) -> None:
        self._paste = None

    async def finish_mastodon_paste(self, code: str) -> AccountRef:
        """Exchange the pasted code (as the server showed it: bare, ``CODE&state=…`` or a
        redirect's query) for the token; keychain only. A wrong or mistyped code leaves the
        sign-in open so the user can paste again."""
        if self._paste is None:
            raise AccountError("no_paste")
        flow, base, chosen = self._paste
        user, token = await flow.finish(code)
        if self._paste is not None and self._paste[0] is flow:
            self._paste = None  # an authorization code is good for one exchange only
        return await self._keep(await self._mastodon_ref(base, user, chosen, token), token)

    # ------------------------------------------------------------------ X
    def x_port(self) -> int:
        """The callback port the user chose for X (remembered), else :data:`DEFAULT_X_PORT`."""
        return self._settings.get(X_PORT)

    def x_client_id(self) -> str:
        """The client id of the user's X app last used (public, not a secret)."""
        return self._settings.get(X_CLIENT_ID)

    def remember_x_app(self, client_id: str, port: int) -> None:
        if MIN_FIXED_PORT <= port <= MAX_PORT:
            self._settings.set(X_PORT, port)
        if client_id.strip():
            self._settings.set(X_CLIENT_ID, client_id.strip())

    @staticmethod
    def x_callback_url(port: int) -> str:
        """The callback URL to register in the X app for ``port``."""
        return f"http://127.0.0.1:{port}{CALLBACK_PATH}"

    async def add_x(
        self,
        client_id: str,
        open_url: OpenUrl,
        serves: Iterable[Audience] = frozenset({Audience.PUBLIC}),
        *,
        port: int = 0,
    ) -> AccountRef:
        """OAuth 2.0 + PKCE with the user's own X app (``client_id``) and a loopback
        redirect on ``port`` (0: any free port — only a test server accepts that; X wants
        the registered ``http://127.0.0.1:PORT/callback``). The session (both tokens) goes
        to the keychain only. X serves the public side only."""
        from app.auth import x_oauth

        chosen = self.check_serves("x", serves)
        client_id = client_id.strip()
        if not client_id:
            raise AccountError("missing_client_id")
        if port != 0 and not MIN_FIXED_PORT <= port <= MAX_PORT:
            raise AccountError("bad_port", str(port))
        await self._ensure_keychain()
        session = await x_oauth.sign_in(
            client_id,
            lambda url: _call_open_url(open_url, url),
            authorize_endpoint=self.x_authorize_url,
            api_base=self.x_api_base,
            callback_path=CALLBACK_PATH,
            timeout=self.sign_in_timeout,
            port=port,
        )
        account = AccountRef(
            # The user id, not the username: an X username can be changed.
            key=f"x:{self.x_api_base}:{session.user_id}",
            network="x",
            base_url=self.x_api_base,
            user_id=session.user_id,
            username=session.username,
            handle=f"@{session.username}",
            serves=chosen,
            label=X_LABEL,
        )
        return await self._keep(account, session.to_json())

    async def _mastodon_ref(
        self, base: str, user: dict[str, Any], chosen: frozenset[Audience], token: str
    ) -> AccountRef:
        """The new account, with what its server can keep: the adapter reads the instance
        info (as its first page would) and says whether friends posts can be kept to
        followers. If not (snac), FRIENDS is dropped from what it serves, and remembered.
        When the server cannot be asked now, the adapter keeps its defaults (followers-only
        posts possible); a friends post is then still refused by the adapter itself if the
        server turns out to have none."""
        account = await self._ref("mastodon", base, user, chosen)
        capabilities = await self._server_capabilities(account, token)
        if Audience.FRIENDS in capabilities.audiences:
            return account
        log.info("%s keeps no followers-only posts: %s serves no friends", base, account.key)
        return replace(
            account,
            serves=account.serves - {Audience.FRIENDS},
            friends_need_recipients=True,
        )

    @staticmethod
    async def _server_capabilities(account: AccountRef, token: str) -> Capabilities:
        from app.networks.mastodon import MastodonAdapter

        adapter = MastodonAdapter(account, token)
        try:
            await adapter.refresh_instance()
            return adapter.capabilities
        finally:
            await adapter.aclose()

    @staticmethod
    async def _ref(
        network: str, base: str, user: dict[str, Any], serves: frozenset[Audience]
    ) -> AccountRef:
        from app.auth.sandbox import handle_domain

        username = str(user["username"])
        # The domain the server writes in handles (Mastodon's LOCAL_DOMAIN may differ from
        # the host its API is on; the sandbox names itself そら/なかま).
        label = await handle_domain(network, base)
        return AccountRef(
            key=f"{network}:{base}:{username}",
            network=network,
            base_url=base,
            user_id=str(user["id"]),
            username=username,
            handle=f"@{username}@{label}",
            serves=serves,
            label=label,
        )

    # ------------------------------------------------------------------ opening
    def _save_refreshed(self, key: str) -> Callable[[str], None]:
        """For adapters whose tokens refresh: the new secret back to the keychain."""

        def save(secret: str) -> None:
            try:
                self._credentials.save(key, secret)
            except KeychainUnavailable as exc:
                # The adapter keeps working with the fresh tokens in memory; the next
                # start will ask the user to sign in again.
                log.warning("could not keep refreshed tokens of %s: %s", key, exc.detail)

        return save

    async def open_adapters_async(self) -> OpenedAccounts:
        """Adapters for every saved account whose secret the keychain gives back; the rest
        are listed in ``signed_out`` (the app asks the user to sign in again). No network
        call: streaming URLs come from the servers later (Mastodon's instance info). Every
        keychain read runs on a worker thread: a keychain may take seconds to answer (or
        wait for an unlock prompt), and the window's event loop must not wait for it."""
        opened = OpenedAccounts()
        for account in self.accounts():
            if kind_of(account.network) is None:
                opened.signed_out.append((account, "unknown_network"))
                continue
            try:
                secret = await self._credentials.load_async(account.key)
            except KeychainUnavailable:
                opened.signed_out.append((account, "keychain"))
                continue
            self._open_one(opened, account, secret)
        return self._logged(opened)

    def _open_one(self, opened: OpenedAccounts, account: AccountRef, secret: str | None) -> None:
        """The adapter of ``account`` over ``secret`` into ``opened``, else why not."""
        from app.networks.factory import make_adapter

        if not secret:
            opened.signed_out.append((account, "no_secret"))
            return
        try:
            opened.adapters.append(
                make_adapter(account, secret, on_secret_changed=self._save_refreshed(account.key))
            )
        except Exception as exc:  # an unreadable secret must not stop the others
            log.warning("cannot open %s: %s", account.key, type(exc).__name__)
            opened.signed_out.append((account, "bad_secret"))

    @staticmethod
    def _logged(opened: OpenedAccounts) -> OpenedAccounts:
        for account, why in opened.signed_out:
            log.info("%s is signed out (%s)", account.key, why)
        return opened
