"""The accounts dialog: the signed-in accounts with what each serves (public, friends),
Remove, and adding an account (Mastodon, Misskey, Bluesky, X) by signing in.

- Mastodon: the browser and a loopback redirect; when that does not come back (or the user
  chooses "Paste a code instead") the server's page shows a code to paste into the
  "Sign in with a code" box (``urn:ietf:wg:oauth:2.0:oob``).
- X: no server field (X is one service, its endpoints come from the service so tests can
  point them at a fake); the Client ID of the user's own X app and a fixed callback port
  (remembered) whose URL, ``http://127.0.0.1:PORT/callback``, is shown to register there.

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
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.auth import loopback
from app.auth.credentials import LOCKED_MESSAGE, NO_KEYCHAIN_MESSAGE, KeychainUnavailable
from app.auth.loopback import PortInUse, SignInError, SignInRefused
from app.core.models import AccountRef, Audience
from app.networks.base import ErrorKind, NetworkError
from app.services.accounts import (
    DEFAULT_BLUESKY_SERVER,
    MAX_PORT,
    MIN_FIXED_PORT,
    AccountError,
    AccountService,
    can_serve,
    honoured,
)
from app.ui.errors import describe

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
AUDIENCE_ROLE = Qt.ItemDataRole.UserRole + 2
COL_ACCOUNT, COL_NETWORK, COL_SERVER, COL_PUBLIC, COL_FRIENDS = range(5)
NETWORKS = ("mastodon", "misskey", "bluesky", "x")


def network_name(network: str) -> str:
    return {
        "mastodon": translate("AccountsDialog", "Mastodon"),
        "misskey": translate("AccountsDialog", "Misskey"),
        "bluesky": translate("AccountsDialog", "Bluesky"),
        "x": translate("AccountsDialog", "X"),
    }.get(network, network)


def error_words(error: BaseException, network: str = "") -> str:
    """What went wrong, for the status line of the dialog."""
    if isinstance(error, KeychainUnavailable):
        # The same English literals as app.auth.credentials, so lupdate sees them here.
        if error.message == NO_KEYCHAIN_MESSAGE:
            return translate(
                "AccountsDialog",
                "No system keychain is available, so Kizuna cannot keep your sign-in safe and "
                "will not store it in a plain file. On Linux, install and start a Secret "
                "Service such as GNOME Keyring or KWallet, then sign in again.",
            )
        if error.message == LOCKED_MESSAGE:
            return translate(
                "AccountsDialog",
                "The system keychain is locked or refused access. Unlock it (or allow Kizuna) "
                "and try again.",
            )
        return error.message
    if isinstance(error, AccountError):
        texts = {
            "bad_url": translate(
                "AccountsDialog", "Enter the server's address, e.g. mastodon.social."
            ),
            "insecure_url": translate(
                "AccountsDialog",
                "That server address is not secure (http). Use an https:// address.",
            ),
            "friends_refused": translate(
                "AccountsDialog",
                "%1 cannot keep a post to friends only, so it can serve the public side only.",
            ).replace("%1", network_name(error.detail or network)),
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
            "bad_port": translate(
                "AccountsDialog", "Choose a callback port between 1024 and 65535."
            ),
            "no_paste": translate(
                "AccountsDialog", "Start signing in with a code first: press Paste a code instead."
            ),
        }
        return texts.get(
            error.reason, translate("AccountsDialog", "Kizuna cannot use this kind of account.")
        )
    if isinstance(error, PortInUse):
        return translate(
            "AccountsDialog",
            "Port %1 is in use by another program. Close that program, or choose another "
            "callback port and register its callback URL in your X app.",
        ).replace("%1", str(error.port))
    if isinstance(error, SignInError):
        return sign_in_words(error)
    if isinstance(error, NetworkError):
        if network == "bluesky" and error.kind is ErrorKind.SIGNED_OUT:
            return translate("AccountsDialog", "The handle or app password was not accepted.")
        return describe(error)
    return describe(error)


def sign_in_words(error: SignInError) -> str:
    """A sign-in that did not finish, in the UI language, from its reason code; the English
    message of the error (a server's refusal text, an OS error) stays in the log."""
    texts = {
        loopback.TIMEOUT: translate(
            "AccountsDialog",
            "Sign-in did not complete: the browser did not come back to Kizuna in time.",
        ),
        loopback.DENIED: translate(
            "AccountsDialog",
            "Sign-in did not complete: Kizuna was not approved on the server's page.",
        ),
        loopback.REFUSED: translate(
            "AccountsDialog", "Sign-in did not complete: the server refused to let Kizuna sign in."
        ),
        loopback.STATE_MISMATCH: translate(
            "AccountsDialog",
            "The answer belonged to another sign-in, so Kizuna did not use it. Sign in again.",
        ),
        loopback.NO_CODE: translate(
            "AccountsDialog",
            "Sign-in did not complete: the server sent the browser back without a code.",
        ),
        loopback.EMPTY_CODE: translate(
            "AccountsDialog",
            "Paste the code shown on the server's page, then press Finish sign-in.",
        ),
        loopback.BAD_CODE: translate(
            "AccountsDialog",
            "No code was found in the pasted text. Copy the code shown on the server's page.",
        ),
        loopback.PORT_IN_USE: translate(
            "AccountsDialog",
            "Sign-in did not complete: the callback port is in use by another program.",
        ),
        loopback.CANNOT_LISTEN: translate(
            "AccountsDialog",
            "Kizuna could not wait for the browser on this computer (127.0.0.1). A firewall "
            "or security program may be blocking it.",
        ),
        loopback.NO_BROWSER: translate(
            "AccountsDialog", "Kizuna could not open the sign-in page in a web browser."
        ),
        loopback.NO_CLIENT_ID: translate("AccountsDialog", "Enter the Client ID of your X app."),
        loopback.BAD_REPLY: translate(
            "AccountsDialog", "Sign-in did not complete: the answer could not be understood."
        ),
    }
    return texts.get(error.reason, translate("AccountsDialog", "Sign-in did not complete."))


def _open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        raise SignInError("no web browser could be opened", loopback.NO_BROWSER)


def _paste_may_help(error: BaseException) -> bool:
    """Whether a failed Mastodon loopback sign-in is worth retrying with a pasted code:
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
        self._filling = False  # True while the table is rebuilt: no itemChanged handling
        self.pending: asyncio.Future[AccountRef | None] | None = None
        self.setModal(False)
        self.setWindowTitle(translate("AccountsDialog", "Accounts"))
        self.resize(760, 640)  # four accounts and the X form without scrolling
        layout = QVBoxLayout(self)

        self.empty_label = QLabel(
            translate("AccountsDialog", "No accounts yet. Add one below to post and read.")
        )
        layout.addWidget(self.empty_label)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                translate("AccountsDialog", "Account"),
                translate("AccountsDialog", "Network"),
                translate("AccountsDialog", "Server"),
                translate("AccountsDialog", "Public"),
                translate("AccountsDialog", "Friends"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_SERVER, QHeaderView.ResizeMode.Stretch
        )
        self.table.itemChanged.connect(self._serves_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.remove_button = QPushButton(translate("AccountsDialog", "Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        add_box = QGroupBox(translate("AccountsDialog", "Add an account"), self)
        form = QFormLayout(add_box)
        self.network_combo = QComboBox(add_box)
        for network in NETWORKS:
            self.network_combo.addItem(network_name(network), network)
        self.network_combo.currentIndexChanged.connect(self._network_changed)
        form.addRow(translate("AccountsDialog", "Network:"), self.network_combo)
        self.server_label = QLabel(translate("AccountsDialog", "Server:"))
        self.server_edit = QLineEdit(add_box)
        self.server_edit.setPlaceholderText(translate("AccountsDialog", "e.g. mastodon.social"))
        form.addRow(self.server_label, self.server_edit)
        self.handle_label = QLabel(translate("AccountsDialog", "Handle:"))
        self.handle_edit = QLineEdit(add_box)
        self.handle_edit.setPlaceholderText(translate("AccountsDialog", "e.g. name.bsky.social"))
        form.addRow(self.handle_label, self.handle_edit)
        self.password_label = QLabel(translate("AccountsDialog", "App password:"))
        self.password_edit = QLineEdit(add_box)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setToolTip(
            translate(
                "AccountsDialog",
                "Create an app password in Bluesky's settings; never use your main password.",
            )
        )
        form.addRow(self.password_label, self.password_edit)
        self._add_x_fields(add_box, form)
        serves = QHBoxLayout()
        self.add_public = QCheckBox(translate("AccountsDialog", "Public"), add_box)
        self.add_public.setChecked(True)
        self.add_friends = QCheckBox(translate("AccountsDialog", "Friends"), add_box)
        serves.addWidget(self.add_public)
        serves.addWidget(self.add_friends)
        serves.addStretch(1)
        form.addRow(translate("AccountsDialog", "Serves:"), serves)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.sign_in_button = QPushButton(translate("AccountsDialog", "Sign in"))
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.cancel_button = QPushButton(translate("AccountsDialog", "Cancel sign-in"))
        self.cancel_button.clicked.connect(self.cancel_sign_in)
        self.paste_button = QPushButton(translate("AccountsDialog", "Paste a code instead"))
        self.paste_button.setToolTip(
            translate(
                "AccountsDialog",
                "For when the browser cannot come back to Kizuna: the server shows a code "
                "to copy into Kizuna.",
            )
        )
        self.paste_button.clicked.connect(self.begin_paste)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.paste_button)
        buttons.addWidget(self.sign_in_button)
        form.addRow(buttons)
        layout.addWidget(add_box)
        self._add_paste_box(layout)

        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        self.close_button = QPushButton(translate("AccountsDialog", "Close"))
        self.close_button.clicked.connect(self.close)
        close_row.addWidget(self.close_button)
        layout.addLayout(close_row)

        self._network_changed()
        self.refresh()

    def _add_x_fields(self, parent: QWidget, form: QFormLayout) -> None:
        self.client_id_label = QLabel(translate("AccountsDialog", "Client ID:"))
        self.client_id_edit = QLineEdit(parent)
        self.client_id_edit.setPlaceholderText(
            translate("AccountsDialog", "OAuth 2.0 Client ID of your X app")
        )
        self.client_id_edit.setText(self._service.x_client_id())
        form.addRow(self.client_id_label, self.client_id_edit)
        self.port_label = QLabel(translate("AccountsDialog", "Callback port:"))
        self.port_spin = QSpinBox(parent)
        self.port_spin.setRange(MIN_FIXED_PORT, MAX_PORT)
        self.port_spin.setValue(self._service.x_port())
        self.port_spin.valueChanged.connect(self._port_changed)
        form.addRow(self.port_label, self.port_spin)
        self.callback_label = QLabel(translate("AccountsDialog", "Callback URL:"))
        self.callback_box = QWidget(parent)
        row = QHBoxLayout(self.callback_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.callback_edit = QLineEdit(self.callback_box)
        self.callback_edit.setReadOnly(True)
        self.copy_callback_button = QPushButton(translate("AccountsDialog", "Copy"))
        self.copy_callback_button.setAutoDefault(False)
        self.copy_callback_button.clicked.connect(self._copy_callback)
        row.addWidget(self.callback_edit, 1)
        row.addWidget(self.copy_callback_button)
        form.addRow(self.callback_label, self.callback_box)
        self.x_help = QLabel(
            translate(
                "AccountsDialog",
                "X needs an app of your own: create one in the X Developer Console "
                "(console.x.com) and, in its OAuth 2.0 settings, choose the type “Native App” "
                "(a public client, no secret), the permissions Read and write, and exactly the "
                "callback URL above. Then enter its OAuth 2.0 Client ID here.",
            )
        )
        self.x_help.setWordWrap(True)
        self.x_help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.x_help)
        self._port_changed()

    def _add_paste_box(self, layout: QVBoxLayout) -> None:
        self.paste_box = QGroupBox(translate("AccountsDialog", "Sign in with a code"), self)
        outer = QVBoxLayout(self.paste_box)
        self.paste_help = QLabel("")
        self.paste_help.setWordWrap(True)
        # Above the form, not a spanning row in it: a wrapped label in a form row can be
        # given too little height and cut off.
        outer.addWidget(self.paste_help)
        form = QFormLayout()
        outer.addLayout(form)
        self.paste_url_edit = QLineEdit(self.paste_box)
        self.paste_url_edit.setReadOnly(True)
        form.addRow(translate("AccountsDialog", "Page:"), self.paste_url_edit)
        self.code_edit = QLineEdit(self.paste_box)
        self.code_edit.setPlaceholderText(
            translate("AccountsDialog", "Paste the code the server shows")
        )
        form.addRow(translate("AccountsDialog", "Code:"), self.code_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        self.finish_button = QPushButton(translate("AccountsDialog", "Finish sign-in"))
        self.finish_button.clicked.connect(self.finish_paste)
        row.addWidget(self.finish_button)
        form.addRow(row)
        self.paste_box.setVisible(False)
        layout.addWidget(self.paste_box)

    # ------------------------------------------------------------------ the list
    def refresh(self) -> None:
        accounts = self._service.accounts()
        self._filling = True
        try:
            self.table.setRowCount(len(accounts))
            for row, account in enumerate(accounts):
                self._fill_row(row, account)
        finally:
            self._filling = False
        self.table.resizeColumnsToContents()
        for column in (COL_ACCOUNT, COL_NETWORK):  # a little air after the longest name
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        self.empty_label.setVisible(not accounts)
        self._update_buttons()

    def _fill_row(self, row: int, account: AccountRef) -> None:
        texts = (account.handle, network_name(account.network), account.base_url)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(KEY_ROLE, account.key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, column, item)
        can = can_serve(account)
        for column, audience in ((COL_PUBLIC, Audience.PUBLIC), (COL_FRIENDS, Audience.FRIENDS)):
            item = QTableWidgetItem()
            item.setData(KEY_ROLE, account.key)
            item.setData(AUDIENCE_ROLE, audience.value)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            if audience in can:
                flags |= Qt.ItemFlag.ItemIsEnabled
            elif account.friends_need_recipients:
                # A Mastodon-API server without followers-only posts (snac).
                item.setToolTip(
                    translate(
                        "AccountsDialog",
                        "This server keeps no followers-only posts, so this account cannot "
                        "serve the friends side.",
                    )
                )
            else:
                item.setToolTip(
                    translate(
                        "AccountsDialog",
                        "This network cannot keep a post to friends only.",
                    )
                )
            item.setFlags(flags)
            item.setCheckState(
                Qt.CheckState.Checked if audience in account.serves else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, column, item)

    def row_of(self, key: str) -> int:
        """The table row showing account ``key``; -1 when it is not listed."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, COL_ACCOUNT)
            if item is not None and item.data(KEY_ROLE) == key:
                return row
        return -1

    def _serves_of_row(self, row: int) -> frozenset[Audience]:
        chosen = set()
        for column in (COL_PUBLIC, COL_FRIENDS):
            item = self.table.item(row, column)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.add(Audience(item.data(AUDIENCE_ROLE)))
        return frozenset(chosen)

    def _serves_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.data(AUDIENCE_ROLE) is None:
            return
        key = item.data(KEY_ROLE)
        try:
            account = self._service.set_serves(key, self._serves_of_row(item.row()))
        except (AccountError, ValueError) as exc:
            self._say(error_words(exc))
            self.refresh()  # back to what is saved
            return
        self._say(
            translate("AccountsDialog", "%1 now serves: %2.")
            .replace("%1", account.handle)
            .replace("%2", self._serves_words(account.serves))
        )
        self.accountsChanged.emit()

    @staticmethod
    def _serves_words(serves: frozenset[Audience]) -> str:
        words = []
        if Audience.PUBLIC in serves:
            words.append(translate("AccountsDialog", "Public"))
        if Audience.FRIENDS in serves:
            words.append(translate("AccountsDialog", "Friends"))
        return translate("AccountsDialog", ", ").join(words)

    def _selected_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), COL_ACCOUNT)
        return None if item is None else str(item.data(KEY_ROLE))

    def _remove_selected(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        handle = self.table.item(self.row_of(key), COL_ACCOUNT).text()
        try:
            self._service.remove(key)
        except KeychainUnavailable as exc:
            self._say(error_words(exc))
            return
        self.refresh()
        self._say(translate("AccountsDialog", "Removed %1.").replace("%1", handle))
        self.accountsChanged.emit()

    # ------------------------------------------------------------------ adding
    def network(self) -> str:
        return str(self.network_combo.currentData())

    def _network_changed(self) -> None:
        network = self.network()
        bluesky, x = network == "bluesky", network == "x"
        for widget in (
            self.handle_label,
            self.handle_edit,
            self.password_label,
            self.password_edit,
        ):
            widget.setVisible(bluesky)
        for widget in (
            self.client_id_label,
            self.client_id_edit,
            self.port_label,
            self.port_spin,
            self.callback_label,
            self.callback_box,
            self.x_help,
        ):
            widget.setVisible(x)
        # X is one service: its address is not the user's to choose.
        self.server_label.setVisible(not x)
        self.server_edit.setVisible(not x)
        self.paste_button.setVisible(network == "mastodon")
        if network != "mastodon":
            self._end_paste()
        if bluesky and not self.server_edit.text().strip():
            self.server_edit.setText(DEFAULT_BLUESKY_SERVER)
        elif not bluesky and self.server_edit.text().strip() == DEFAULT_BLUESKY_SERVER:
            self.server_edit.clear()
        friends_ok = Audience.FRIENDS in honoured(network)
        if not friends_ok:
            self.add_friends.setChecked(False)
            self.add_public.setChecked(True)
        self.add_friends.setEnabled(friends_ok)
        self.add_friends.setToolTip(
            ""
            if friends_ok
            else translate("AccountsDialog", "This network cannot keep a post to friends only.")
        )

    def _chosen_serves(self) -> frozenset[Audience]:
        chosen = set()
        if self.add_public.isChecked():
            chosen.add(Audience.PUBLIC)
        if self.add_friends.isChecked() and self.add_friends.isEnabled():
            chosen.add(Audience.FRIENDS)
        return frozenset(chosen)

    def _port_changed(self) -> None:
        self.callback_edit.setText(self._service.x_callback_url(self.port_spin.value()))

    def _copy_callback(self) -> None:
        QGuiApplication.clipboard().setText(self.callback_edit.text())
        self._say(translate("AccountsDialog", "Copied the callback URL."))

    def _update_buttons(self) -> None:
        busy = self.pending is not None and not self.pending.done()
        self.sign_in_button.setEnabled(not busy)
        self.paste_button.setEnabled(not busy)
        self.finish_button.setEnabled(not busy)
        self.network_combo.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.remove_button.setEnabled(self._selected_key() is not None)

    def sign_in(self) -> None:
        """Start adding the account described by the form (Sign in button)."""
        if self.pending is not None and not self.pending.done():
            return
        network = self.network()
        server, serves = self.server_edit.text(), self._chosen_serves()
        self._end_paste()
        if network == "bluesky":
            handle, password = self.handle_edit.text(), self.password_edit.text()

            def start() -> Awaitable[AccountRef]:
                return self._service.add_bluesky(server, handle, password, serves)

            self._say(translate("AccountsDialog", "Signing in…"))
        elif network == "misskey":

            def start() -> Awaitable[AccountRef]:
                return self._service.add_misskey(server, self._open_url, serves)

            self._say(self._browser_words())
        elif network == "x":
            client_id, port = self.client_id_edit.text(), self.port_spin.value()
            self._service.remember_x_app(client_id, port)

            def start() -> Awaitable[AccountRef]:
                return self._service.add_x(client_id, self._open_url, serves, port=port)

            self._say(self._browser_words())
        else:

            def start() -> Awaitable[AccountRef]:
                return self._service.add_mastodon(server, self._open_url, serves)

            self._say(self._browser_words())
        self.pending = asyncio.ensure_future(
            self._run_sign_in(start, network, fallback=(server, serves))
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
        start: Callable[[], Awaitable[AccountRef]],
        network: str,
        *,
        fallback: tuple[str, frozenset[Audience]] | None = None,
    ) -> AccountRef | None:
        # The coroutine is made here, not in sign_in(): a task cancelled before it ran
        # then leaves no never-awaited coroutine behind.
        try:
            account = await start()
        except asyncio.CancelledError:
            self._say(translate("AccountsDialog", "Sign-in cancelled."))
            return None
        except Exception as exc:  # every failure is shown in words, none is fatal
            log.info("adding a %s account failed: %s", network, type(exc).__name__)
            if isinstance(exc, SignInError):
                # The English detail (not shown: the dialog words the reason code).
                log.info("sign-in failure (%s): %s", exc.reason, exc)
            if network == "mastodon" and fallback is not None and _paste_may_help(exc):
                # Same task: the form stays busy until the server's page is open again.
                await self._paste_begin(*fallback, failure=exc)
            else:
                self._say(error_words(exc, network))
            return None
        finally:
            self.password_edit.clear()  # the app password is not kept around
            self.pending = None
            self._update_buttons()
        self._signed_in(account)
        return account

    def _signed_in(self, account: AccountRef) -> None:
        self.handle_edit.clear()
        self.refresh()
        if account.friends_need_recipients and account.serves:
            # The service dropped the friends side: its server cannot keep it.
            words = translate(
                "AccountsDialog",
                "Signed in as %1. Its server keeps no followers-only posts, so it serves the "
                "public side only.",
            )
        elif account.friends_need_recipients:
            words = translate(
                "AccountsDialog",
                "Signed in as %1. Its server keeps no followers-only posts, so it cannot serve "
                "the friends side: tick Public to use it for the public side.",
            )
        else:
            words = translate("AccountsDialog", "Signed in as %1.")
        self._say(words.replace("%1", account.handle))
        self.accountsChanged.emit()

    # ------------------------------------------------------------------ pasting a code
    def begin_paste(self) -> None:
        """Mastodon without the loopback redirect (the "Paste a code instead" button): open
        the server's page, which shows a code, and show the box to paste it into."""
        if self.pending is not None and not self.pending.done():
            return
        server, serves = self.server_edit.text(), self._chosen_serves()
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
            self._say(error_words(failure or exc, "mastodon"))
            return False
        self.paste_url_edit.setText(url)
        self.paste_url_edit.setCursorPosition(0)  # show the server's address, not the tail
        self.code_edit.clear()
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
                translate(
                    "AccountsDialog", "%1 Kizuna asks the server for a code to paste instead."
                ).replace("%1", error_words(failure, "mastodon"))
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
                self._say(error_words(exc, "mastodon"))
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
        self.code_edit.clear()
        self.paste_url_edit.clear()
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
