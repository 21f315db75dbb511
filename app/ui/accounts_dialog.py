"""The accounts dialog: the signed-in accounts with what each serves (public, friends),
Remove, and adding an account by signing in.

The add form is built from :mod:`app.core.network_kinds`: each kind's sign-in method says
which fields show and which service call signs in —

- browser OAuth (Mastodon): the browser and a loopback redirect; when that does not come
  back (or the user chooses "Paste a code instead", offered for kinds with
  ``pasted_code``) the server's page shows a code to paste into the "Sign in with a code"
  box (``urn:ietf:wg:oauth:2.0:oob``);
- MiAuth (Misskey): the browser and a loopback callback;
- handle + app password (Bluesky): no browser;
- own client (X): no server field (one service, its endpoints come from the service so
  tests can point them at a fake); the Client ID of the user's own app and a fixed
  callback port (remembered) whose URL, ``http://127.0.0.1:PORT/callback``, is shown to
  register there;
- client credentials (mixi2): the client id and secret of the user's own application
  (no browser); the server field is mixi2's API unless a test endpoint is written there.

Non-modal: show it with ``open()`` or ``show()``. Signing in runs the
:class:`~app.services.accounts.AccountService` coroutine with ``asyncio.ensure_future`` (the
app's asyncio loop is the Qt loop, through qasync), so the window stays responsive while
the user approves Kizuna in the browser. The browser is opened with
``QDesktopServices.openUrl``; tests inject ``open_url`` (an HTTP client playing the
browser). ``accountsChanged`` tells the main window to rebuild its session.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.errors import ErrorKind, NetworkError
from app.core.models import AccountRef, Audience
from app.core.network_kinds import NetworkKind, SignIn
from app.services.accounts import (
    SIGN_IN_REASONS,
    AccountError,
    AccountService,
    KeychainUnavailable,
    SignInError,
    SignInRefused,
)
from app.services.mixi2_accounts import add_mixi2
from app.ui.accounts_forms import (
    AUDIENCE_ROLE,
    COL_ACCOUNT,
    COL_FRIENDS,
    COL_NETWORK,
    COL_PUBLIC,
    COL_SERVER,
    KEY_ROLE,
    AccountsTable,
    AddAccountForm,
    PasteCodeBox,
)
from app.ui.accounts_words import error_words, sign_in_words

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

__all__ = [
    "AUDIENCE_ROLE",
    "COL_ACCOUNT",
    "COL_FRIENDS",
    "COL_NETWORK",
    "COL_PUBLIC",
    "COL_SERVER",
    "KEY_ROLE",
    "AccountsDialog",
    "error_words",
    "sign_in_words",
]

Start = Callable[[], Awaitable[AccountRef]]


def _open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        raise SignInError("no web browser could be opened", SIGN_IN_REASONS.NO_BROWSER)


def _paste_may_help(error: BaseException) -> bool:
    """Whether a failed browser sign-in is worth retrying with a pasted code:
    the redirect did not come back, or the server would not take the loopback address.
    Not when the user or server said no, nor when the server cannot be reached."""
    if isinstance(error, SignInRefused):
        return False
    if isinstance(error, SignInError):
        return True
    return isinstance(error, NetworkError) and error.kind in (
        ErrorKind.REJECTED,
        ErrorKind.BAD_RESPONSE,
    )


async def _show_page(open_url: Callable[[str], object], url: str) -> None:
    """``open_url`` may be plain (QDesktopServices) or a coroutine (a test browser)."""
    result = open_url(url)
    if inspect.isawaitable(result):
        await result


class AccountsDialog(QDialog):
    accountsChanged = Signal()

    def __init__(
        self,
        service: AccountService,
        parent: QWidget | None = None,
        *,
        open_url: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._open_url = open_url or _open_in_browser
        # The sign-in (or the paste step) in flight; its result is the account added, if any.
        self.pending: asyncio.Future[AccountRef | None] | asyncio.Future[None] | None = None
        self.setModal(False)
        #: window title of Settings → Accounts…
        self.setWindowTitle(translate("AccountsDialog", "Accounts"))
        self.resize(760, 640)  # four accounts and the X form without scrolling
        layout = QVBoxLayout(self)
        self._build_list(layout)
        self.form = AddAccountForm(service, self)
        layout.addWidget(self.form)
        self.paste = PasteCodeBox(self)
        layout.addWidget(self.paste)
        self._expose_fields()
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        #: button: closes the accounts window
        self.close_button = QPushButton(translate("AccountsDialog", "Close"))
        self.close_button.clicked.connect(self.close)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)
        self.form.sign_in_button.clicked.connect(self.sign_in)
        self.form.cancel_button.clicked.connect(self.cancel_sign_in)
        self.form.paste_button.clicked.connect(self.begin_paste)
        self.form.copied.connect(
            lambda: self._say(translate("AccountsDialog", "Copied the callback URL."))
        )
        self.form.kindChanged.connect(self._kind_changed)
        self.paste.finish_button.clicked.connect(self.finish_paste)
        self.form.sync()
        self.refresh()

    def _build_list(self, layout: QVBoxLayout) -> None:
        self.empty_label = QLabel(
            translate("AccountsDialog", "No accounts yet. Add one below to post and read.")
        )
        layout.addWidget(self.empty_label)
        self.table = AccountsTable(self)
        self.table.servesEdited.connect(self._serves_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        #: button: removes the selected account from Kizuna
        self.remove_button = QPushButton(translate("AccountsDialog", "Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

    def _expose_fields(self) -> None:
        """The form's fields under the dialog's own names (the main window and tests fill
        the form through them)."""
        form, password, client = self.form, self.form.app_password, self.form.own_client
        self.network_combo = form.network_combo
        self.server_label, self.server_edit = form.server_label, form.server_edit
        self.handle_edit, self.password_edit = password.handle_edit, password.password_edit
        self.client_id_edit, self.port_spin = client.client_id_edit, client.port_spin
        self.callback_edit = client.callback_edit
        self.copy_callback_button = client.copy_callback_button
        self.x_help = client.help
        mixi2 = form.mixi2
        self.mixi2_client_id_edit, self.mixi2_secret_edit = mixi2.client_id_edit, mixi2.secret_edit
        self.add_public, self.add_friends = form.add_public, form.add_friends
        self.sign_in_button, self.cancel_button = form.sign_in_button, form.cancel_button
        self.paste_button = form.paste_button
        self.paste_box, self.paste_help = self.paste, self.paste.help
        self.paste_url_edit, self.code_edit = self.paste.url_edit, self.paste.code_edit
        self.finish_button = self.paste.finish_button

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        accounts = self._service.accounts()
        self.table.fill(accounts)
        self.empty_label.setVisible(not accounts)
        self._update_buttons()

    def row_of(self, key: str) -> int:
        """The table row showing account ``key``; -1 when it is not listed."""
        return self.table.row_of(key)

    def _serves_changed(self, key: str, serves: frozenset[Audience]) -> None:
        try:
            account = self._service.set_serves(key, serves)
        except (AccountError, ValueError) as exc:
            self._say(error_words(exc))
            self.refresh()  # back to what is saved
            return
        self._say(
            #: status line; %1 an account (@name@server), %2 a list of Public/Friends
            translate("AccountsDialog", "%1 now serves: %2.")
            .replace("%1", account.handle)
            .replace("%2", self._serves_words(account.serves))
        )
        self.accountsChanged.emit()

    @staticmethod
    def _serves_words(serves: frozenset[Audience]) -> str:
        words = []
        if Audience.PUBLIC in serves:
            #: what an account serves: the public circle (timeline)
            words.append(translate("AccountsDialog", "Public"))
        if Audience.FRIENDS in serves:
            #: what an account serves: the friends circle
            words.append(translate("AccountsDialog", "Friends"))
        #: separator between Public and Friends in "… now serves: Public, Friends."
        return translate("AccountsDialog", ", ").join(words)

    def _remove_selected(self) -> None:
        key = self.table.selected_key()
        if key is None:
            return
        item = self.table.item(self.row_of(key), COL_ACCOUNT)
        handle = item.text() if item is not None else key
        try:
            self._service.remove(key)
        except KeychainUnavailable as exc:
            self._say(error_words(exc))
            return
        self.refresh()
        #: status line; %1 the account removed (@name@server)
        self._say(translate("AccountsDialog", "Removed %1.").replace("%1", handle))
        self.accountsChanged.emit()

    # ------------------------------------------------------------------ adding
    def network(self) -> str:
        return self.form.kind().name

    def _kind_changed(self) -> None:
        if not self.form.kind().pasted_code:
            self._end_paste()

    def _update_buttons(self) -> None:
        busy = self.pending is not None and not self.pending.done()
        self.form.set_busy(busy)
        self.finish_button.setEnabled(not busy)
        self.remove_button.setEnabled(self.table.selected_key() is not None)

    def _start_for(self, kind: NetworkKind, server: str, serves: frozenset[Audience]) -> Start:
        """The service call that signs in an account of ``kind`` from the form's fields."""
        service, open_url = self._service, self._open_url
        if kind.sign_in is SignIn.APP_PASSWORD:
            handle, password = self.handle_edit.text(), self.password_edit.text()
            return lambda: service.add_bluesky(server, handle, password, serves)
        if kind.sign_in is SignIn.MIAUTH:
            return lambda: service.add_misskey(server, open_url, serves)
        if kind.sign_in is SignIn.CLIENT_CREDENTIALS:
            mixi2_id, secret = self.mixi2_client_id_edit.text(), self.mixi2_secret_edit.text()
            return lambda: add_mixi2(service, server, mixi2_id, secret)
        if kind.sign_in is SignIn.OWN_CLIENT:
            client_id, port = self.client_id_edit.text(), self.port_spin.value()
            service.remember_x_app(client_id, port)
            return lambda: service.add_x(client_id, open_url, serves, port=port)
        return lambda: service.add_mastodon(server, open_url, serves)

    def sign_in(self) -> None:
        """Start adding the account described by the form (Sign in button)."""
        if self.pending is not None and not self.pending.done():
            return
        kind = self.form.kind()
        server, serves = self.server_edit.text(), self.form.chosen_serves()
        self._end_paste()
        start = self._start_for(kind, server, serves)
        if kind.sign_in in (SignIn.APP_PASSWORD, SignIn.CLIENT_CREDENTIALS):
            #: status line while a sign-in runs
            self._say(translate("AccountsDialog", "Signing in…"))
        else:
            self._say(self._browser_words())
        self.pending = asyncio.ensure_future(
            self._run_sign_in(start, kind, fallback=(server, serves))
        )
        self._update_buttons()

    @staticmethod
    def _browser_words() -> str:
        return translate(
            "AccountsDialog",
            "Your web browser opens the server's page: approve Kizuna there, then come back.",
        )

    async def _run_sign_in(
        self,
        start: Start,
        kind: NetworkKind,
        *,
        fallback: tuple[str, frozenset[Audience]] | None = None,
    ) -> AccountRef | None:
        # The coroutine is made here, not in sign_in(): a task cancelled before it ran
        # then leaves no never-awaited coroutine behind.
        try:
            account = await start()
        except asyncio.CancelledError:
            #: status line after the user cancelled a sign-in
            self._say(translate("AccountsDialog", "Sign-in cancelled."))
            return None
        except Exception as exc:  # every failure is shown in words, none is fatal
            log.info("adding a %s account failed: %s", kind.name, type(exc).__name__)
            if isinstance(exc, SignInError):
                # The English detail (not shown: the dialog words the reason code).
                log.info("sign-in failure (%s): %s", exc.reason, exc)
            if kind.pasted_code and fallback is not None and _paste_may_help(exc):
                # Same task: the form stays busy until the server's page is open again.
                await self._paste_begin(*fallback, failure=exc)
            else:
                self._say(error_words(exc, kind.name))
            return None
        finally:
            self.password_edit.clear()  # the app password is not kept around
            self.mixi2_secret_edit.clear()  # nor the mixi2 secret (the keychain has it)
            self.pending = None
            self._update_buttons()
        self._signed_in(account)
        return account

    def _signed_in(self, account: AccountRef) -> None:
        self.handle_edit.clear()
        self.refresh()
        if account.friends_need_recipients and account.serves:
            # The service dropped the friends side: its server cannot keep it.
            #: status line; %1 the new account (@name@server)
            words = translate(
                "AccountsDialog",
                "Signed in as %1. Its server keeps no followers-only posts, so it serves the "
                "public side only.",
            )
        elif account.friends_need_recipients:
            #: status line; %1 the new account (@name@server)
            words = translate(
                "AccountsDialog",
                "Signed in as %1. Its server keeps no followers-only posts, so it cannot serve "
                "the friends side: tick Public to use it for the public side.",
            )
        else:
            #: status line; %1 the new account (@name@server)
            words = translate("AccountsDialog", "Signed in as %1.")
        self._say(words.replace("%1", account.handle))
        self.accountsChanged.emit()

    # ------------------------------------------------------------------ pasting a code
    def begin_paste(self) -> None:
        """Browser OAuth without the loopback redirect (the "Paste a code instead" button): open
        the server's page, which shows a code, and show the box to paste it into."""
        if self.pending is not None and not self.pending.done():
            return
        server, serves = self.server_edit.text(), self.form.chosen_serves()
        self._end_paste()
        self._say(translate("AccountsDialog", "Opening the server's page…"))
        self.pending = asyncio.ensure_future(self._run_paste_begin(server, serves))
        self._update_buttons()

    async def _run_paste_begin(self, server: str, serves: frozenset[Audience]) -> None:
        try:
            await self._paste_begin(server, serves)
        finally:
            self.pending = None
            self._update_buttons()

    async def _paste_begin(
        self,
        server: str,
        serves: frozenset[Audience],
        *,
        failure: BaseException | None = None,
    ) -> bool:
        """Start the out-of-band sign-in and show its page; whether the paste box is shown."""
        try:
            url = await self._service.begin_mastodon_paste(server, serves)
        except asyncio.CancelledError:
            self._say(translate("AccountsDialog", "Sign-in cancelled."))
            return False
        except Exception as exc:
            log.info("starting a paste sign-in failed: %s", type(exc).__name__)
            self._say(error_words(failure or exc, self.network()))
            return False
        self.paste.show_page(url)
        self._show_paste(True)
        opened = True
        try:
            await _show_page(self._open_url, url)
        except asyncio.CancelledError:
            self._end_paste()
            self._say(translate("AccountsDialog", "Sign-in cancelled."))
            return False
        except Exception as exc:
            log.info("could not open the paste sign-in page: %s", type(exc).__name__)
            opened = False
        if not opened:
            steps = translate(
                "AccountsDialog",
                "Open the page below in your web browser, approve Kizuna there, copy the code "
                "it shows, paste it below and press Finish sign-in.",
            )
        else:
            steps = translate(
                "AccountsDialog",
                "The server's page is open in your web browser: approve Kizuna there, copy "
                "the code it shows, paste it below and press Finish sign-in.",
            )
        self.paste_help.setText(steps)
        if failure is not None:
            # Two whole sentences: why the browser sign-in ended, in words, then what next.
            self._say(
                #: status line; %1 why the browser sign-in failed (a sentence)
                translate(
                    "AccountsDialog", "%1 Kizuna asks the server for a code to paste instead."
                ).replace("%1", error_words(failure, self.network()))
            )
        else:
            self._say(steps)
        self.code_edit.setFocus()
        return True

    def finish_paste(self) -> None:
        """Exchange the pasted code (the "Finish sign-in" button)."""
        if self.pending is not None and not self.pending.done():
            return
        code = self.code_edit.text()
        self._say(translate("AccountsDialog", "Signing in…"))
        self.pending = asyncio.ensure_future(self._run_paste_finish(code))
        self._update_buttons()

    async def _run_paste_finish(self, code: str) -> AccountRef | None:
        try:
            account = await self._service.finish_mastodon_paste(code)
        except asyncio.CancelledError:
            self._say(translate("AccountsDialog", "Sign-in cancelled."))
            return None
        except Exception as exc:  # a mistyped code: say so, keep the box to paste again
            log.info("finishing a paste sign-in failed: %s", type(exc).__name__)
            if isinstance(exc, NetworkError) and exc.status in (400, 401):
                # The token endpoint's invalid_grant: a wrong, spent or expired code.
                self._say(
                    translate(
                        "AccountsDialog",
                        "The server did not accept that code. Copy it again from the "
                        "server's page, or press Paste a code instead for a new one.",
                    )
                )
            else:
                self._say(error_words(exc, self.network()))
            return None
        finally:
            self.pending = None
            self._update_buttons()
        self._end_paste()
        self._signed_in(account)
        return account

    def _show_paste(self, shown: bool) -> None:
        self.paste_box.setVisible(shown)
        # Enter in the code field finishes; otherwise it signs in.
        self.finish_button.setDefault(shown)
        self.sign_in_button.setDefault(not shown)

    def _end_paste(self) -> None:
        self._service.cancel_mastodon_paste()
        self.paste.clear()
        self._show_paste(False)

    def cancel_sign_in(self) -> None:
        if self.pending is not None and not self.pending.done():
            self.pending.cancel()

    def status_text(self) -> str:
        return self.status_label.text()

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def done(self, result: int) -> None:
        # Closing the window gives up a sign-in in progress (its loopback receiver too).
        self.cancel_sign_in()
        self._end_paste()
        super().done(result)
