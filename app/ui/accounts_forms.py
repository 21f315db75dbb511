"""The pieces of the accounts dialog: the table of accounts, the "Add an account" form
(built from :mod:`app.core.network_kinds`: which fields show depends on the chosen kind's
sign-in method, never on the network's name; mixi2's client id and secret are
:class:`ClientCredentialsFields`) and the box for pasting a sign-in code.

They hold widgets and read them; the sign-in flows live in
:class:`app.ui.accounts_dialog.AccountsDialog`. Strings keep the "AccountsDialog" context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from app.core.models import AccountRef, Audience
from app.core.network_kinds import KINDS, NetworkKind, SignIn, display_name
from app.services.accounts import MAX_PORT, MIN_FIXED_PORT, AccountService, can_serve, honoured

translate = QCoreApplication.translate

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
AUDIENCE_ROLE = Qt.ItemDataRole.UserRole + 2
COL_ACCOUNT, COL_NETWORK, COL_SERVER, COL_PUBLIC, COL_FRIENDS = range(5)
_SERVES_COLUMNS = ((COL_PUBLIC, Audience.PUBLIC), (COL_FRIENDS, Audience.FRIENDS))


class AccountsTable(QTableWidget):
    """One row per account: handle, network, server, and a tick per side it serves."""

    servesEdited = Signal(str, object)  # account key, frozenset[Audience] now ticked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self._filling = False  # True while rows are rebuilt: no servesEdited
        self.setHorizontalHeaderLabels(
            [
                #: column header of the accounts table: the account's handle
                translate("AccountsDialog", "Account"),
                #: column header of the accounts table: Mastodon, Misskey, Bluesky…
                translate("AccountsDialog", "Network"),
                #: column header of the accounts table: the server's address
                translate("AccountsDialog", "Server"),
                translate("AccountsDialog", "Public"),
                translate("AccountsDialog", "Friends"),
            ]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(COL_SERVER, QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(self._item_changed)

    def fill(self, accounts: list[AccountRef]) -> None:
        self._filling = True
        try:
            self.setRowCount(len(accounts))
            for row, account in enumerate(accounts):
                self._fill_row(row, account)
        finally:
            self._filling = False
        self.resizeColumnsToContents()
        for column in (COL_ACCOUNT, COL_NETWORK):  # a little air after the longest name
            self.setColumnWidth(column, self.columnWidth(column) + 16)

    def _fill_row(self, row: int, account: AccountRef) -> None:
        texts = (account.handle, display_name(account.network), account.base_url)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(KEY_ROLE, account.key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, column, item)
        can = can_serve(account)
        for column, audience in _SERVES_COLUMNS:
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
            self.setItem(row, column, item)

    def row_of(self, key: str) -> int:
        """The row showing account ``key``; -1 when it is not listed."""
        for row in range(self.rowCount()):
            item = self.item(row, COL_ACCOUNT)
            if item is not None and item.data(KEY_ROLE) == key:
                return row
        return -1

    def serves_of_row(self, row: int) -> frozenset[Audience]:
        chosen = set()
        for column, _audience in _SERVES_COLUMNS:
            item = self.item(row, column)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.add(Audience(item.data(AUDIENCE_ROLE)))
        return frozenset(chosen)

    def selected_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.item(rows[0].row(), COL_ACCOUNT)
        return None if item is None else str(item.data(KEY_ROLE))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.data(AUDIENCE_ROLE) is None:
            return
        self.servesEdited.emit(str(item.data(KEY_ROLE)), self.serves_of_row(item.row()))


class _FieldGroup:
    """Form rows shown together (one sign-in method's fields)."""

    def __init__(self) -> None:
        self.widgets: list[QWidget] = []

    def add_row(self, form: QFormLayout, label: QWidget | None, field: QWidget) -> None:
        if label is None:
            form.addRow(field)
        else:
            form.addRow(label, field)
            self.widgets.append(label)
        self.widgets.append(field)

    def set_shown(self, shown: bool) -> None:
        for widget in self.widgets:
            widget.setVisible(shown)


class AppPasswordFields(_FieldGroup):
    """A handle and an app password (no browser)."""

    def __init__(self, parent: QWidget, form: QFormLayout) -> None:
        super().__init__()
        #: form label: a Bluesky handle such as name.bsky.social
        self.handle_label = QLabel(translate("AccountsDialog", "Handle:"))
        self.handle_edit = QLineEdit(parent)
        #: placeholder of the Bluesky handle field; keep the example as is
        self.handle_edit.setPlaceholderText(translate("AccountsDialog", "e.g. name.bsky.social"))
        self.add_row(form, self.handle_label, self.handle_edit)
        #: form label: a Bluesky app password (not the main password)
        self.password_label = QLabel(translate("AccountsDialog", "App password:"))
        self.password_edit = QLineEdit(parent)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setToolTip(
            translate(
                "AccountsDialog",
                "Create an app password in Bluesky's settings; never use your main password.",
            )
        )
        self.add_row(form, self.password_label, self.password_edit)


class OwnClientFields(_FieldGroup):
    """The client id of the user's own app, the fixed callback port, and its URL to copy."""

    def __init__(self, parent: QWidget, form: QFormLayout, service: AccountService) -> None:
        super().__init__()
        self._service = service
        #: form label: the Client ID of the user's own X or mixi2 app
        self.client_id_label = QLabel(translate("AccountsDialog", "Client ID:"))
        self.client_id_edit = QLineEdit(parent)
        self.client_id_edit.setPlaceholderText(
            translate("AccountsDialog", "OAuth 2.0 Client ID of your X app")
        )
        self.client_id_edit.setText(service.x_client_id())
        self.add_row(form, self.client_id_label, self.client_id_edit)
        #: form label: the 127.0.0.1 port X returns to after sign-in
        self.port_label = QLabel(translate("AccountsDialog", "Callback port:"))
        self.port_spin = QSpinBox(parent)
        self.port_spin.setRange(MIN_FIXED_PORT, MAX_PORT)
        self.port_spin.setValue(service.x_port())
        self.port_spin.valueChanged.connect(self._port_changed)
        self.add_row(form, self.port_label, self.port_spin)
        #: form label: the URL to register in the user's X app
        self.callback_label = QLabel(translate("AccountsDialog", "Callback URL:"))
        self.callback_box = QWidget(parent)
        row = QHBoxLayout(self.callback_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.callback_edit = QLineEdit(self.callback_box)
        self.callback_edit.setReadOnly(True)
        #: button: copies the callback URL to the clipboard
        self.copy_callback_button = QPushButton(translate("AccountsDialog", "Copy"))
        self.copy_callback_button.setAutoDefault(False)
        self.copy_callback_button.clicked.connect(self.copy_callback)
        row.addWidget(self.callback_edit, 1)
        row.addWidget(self.copy_callback_button)
        self.add_row(form, self.callback_label, self.callback_box)
        self.help = QLabel(
            translate(
                "AccountsDialog",
                "X needs an app of your own: create one in the X Developer Console "
                "(console.x.com) and, in its OAuth 2.0 settings, choose the type “Native App” "
                "(a public client, no secret), the permissions Read and write, and exactly the "
                "callback URL above. Then enter its OAuth 2.0 Client ID here.",
            )
        )
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_row(form, None, self.help)
        self._port_changed()

    def _port_changed(self) -> None:
        self.callback_edit.setText(self._service.x_callback_url(self.port_spin.value()))

    def copy_callback(self) -> None:
        QGuiApplication.clipboard().setText(self.callback_edit.text())


class ClientCredentialsFields(_FieldGroup):
    """The client id and secret of the user's own mixi2 application, and how to get them.
    The secret is only read to sign in (then cleared); it goes to the keychain alone."""

    def __init__(self, parent: QWidget, form: QFormLayout) -> None:
        super().__init__()
        self.client_id_label = QLabel(translate("AccountsDialog", "Client ID:"))
        self.client_id_edit = QLineEdit(parent)
        self.client_id_edit.setAccessibleName(
            translate("AccountsDialog", "Client ID of your mixi2 application")
        )
        self.add_row(form, self.client_id_label, self.client_id_edit)
        #: form label: the Client secret of the user's mixi2 application
        self.secret_label = QLabel(translate("AccountsDialog", "Client secret:"))
        self.secret_edit = QLineEdit(parent)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAccessibleName(
            translate("AccountsDialog", "Client secret of your mixi2 application")
        )
        self.add_row(form, self.secret_label, self.secret_edit)
        self.help = QLabel(
            translate(
                "AccountsDialog",
                "mixi2 needs an application of your own: in mixi2's developer console "
                "(mixi2 Developer Platform) register an application, then copy its Client ID "
                "and Client secret here. The application posts as its own mixi2 account; "
                "people who write to it in a chat become the friends it can send cards to. "
                "The secret is kept only in the system keychain. Leave the server as it is "
                "unless you test against another endpoint.",
            )
        )
        self.help.setWordWrap(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_row(form, None, self.help)


class AddAccountForm(QGroupBox):
    """Network, server, the chosen kind's own fields, the sides it serves, and buttons."""

    copied = Signal()  # the callback URL is on the clipboard
    kindChanged = Signal()

    def __init__(self, service: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(translate("AccountsDialog", "Add an account"), parent)
        form = QFormLayout(self)
        self.network_combo = QComboBox(self)
        for kind in KINDS.values():
            self.network_combo.addItem(kind.display_name, kind.name)
        #: form label: which network to add (Mastodon, Misskey, Bluesky, X, mixi2)
        form.addRow(translate("AccountsDialog", "Network:"), self.network_combo)
        self.server = _FieldGroup()
        #: form label: the server's address, e.g. mastodon.social
        self.server_label = QLabel(translate("AccountsDialog", "Server:"))
        self.server_edit = QLineEdit(self)
        #: placeholder of the server field; keep the example as is
        self.server_edit.setPlaceholderText(translate("AccountsDialog", "e.g. mastodon.social"))
        self.server.add_row(form, self.server_label, self.server_edit)
        self.app_password = AppPasswordFields(self, form)
        self.own_client = OwnClientFields(self, form, service)
        self.own_client.copy_callback_button.clicked.connect(self.copied)
        self.mixi2 = ClientCredentialsFields(self, form)
        serves = QHBoxLayout()
        self.add_public = QCheckBox(translate("AccountsDialog", "Public"), self)
        self.add_public.setChecked(True)
        self.add_friends = QCheckBox(translate("AccountsDialog", "Friends"), self)
        serves.addWidget(self.add_public)
        serves.addWidget(self.add_friends)
        serves.addStretch(1)
        #: form label before the Public and Friends check boxes
        form.addRow(translate("AccountsDialog", "Serves:"), serves)
        form.addRow(self._buttons())
        self.network_combo.currentIndexChanged.connect(self._kind_changed)

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        #: button: starts signing in to the new account
        self.sign_in_button = QPushButton(translate("AccountsDialog", "Sign in"))
        self.sign_in_button.setDefault(True)
        #: button: stops the sign-in that is running
        self.cancel_button = QPushButton(translate("AccountsDialog", "Cancel sign-in"))
        self.paste_button = QPushButton(translate("AccountsDialog", "Paste a code instead"))
        self.paste_button.setToolTip(
            translate(
                "AccountsDialog",
                "For when the browser cannot come back to Kizuna: the server shows a code "
                "to copy into Kizuna.",
            )
        )
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.paste_button)
        buttons.addWidget(self.sign_in_button)
        return buttons

    def kind(self) -> NetworkKind:
        return KINDS[str(self.network_combo.currentData())]

    def sync(self) -> None:
        """Show the fields the chosen kind asks for (also called once the form is placed)."""
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.app_password.set_shown(kind.sign_in is SignIn.APP_PASSWORD)
        self.own_client.set_shown(kind.sign_in is SignIn.OWN_CLIENT)
        self.mixi2.set_shown(kind.sign_in is SignIn.CLIENT_CREDENTIALS)
        self.server.set_shown(kind.asks_server)
        self.paste_button.setVisible(kind.pasted_code)
        # A default address is filled in, and taken away again when another kind is chosen.
        defaults = {k.default_server for k in KINDS.values() if k.default_server}
        current = self.server_edit.text().strip()
        if kind.default_server and not current:
            self.server_edit.setText(kind.default_server)
        elif current in defaults and current != kind.default_server:
            self.server_edit.clear()
        friends_ok = Audience.FRIENDS in honoured(kind.name)
        if not friends_ok:
            self.add_friends.setChecked(False)
            self.add_public.setChecked(True)
        self.add_friends.setEnabled(friends_ok)
        self.add_friends.setToolTip(
            ""
            if friends_ok
            else translate("AccountsDialog", "This network cannot keep a post to friends only.")
        )
        self.kindChanged.emit()

    def chosen_serves(self) -> frozenset[Audience]:
        chosen = set()
        if self.add_public.isChecked():
            chosen.add(Audience.PUBLIC)
        if self.add_friends.isChecked() and self.add_friends.isEnabled():
            chosen.add(Audience.FRIENDS)
        return frozenset(chosen)

    def set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.paste_button.setEnabled(not busy)
        self.network_combo.setEnabled(not busy)
        self.cancel_button.setVisible(busy)


class PasteCodeBox(QGroupBox):
    """Sign in with a code the server's page shows (when the browser cannot come back)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("AccountsDialog", "Sign in with a code"), parent)
        outer = QVBoxLayout(self)
        self.help = QLabel("")
        self.help.setWordWrap(True)
        # Above the form, not a spanning row in it: a wrapped label in a form row can be
        # given too little height and cut off.
        outer.addWidget(self.help)
        form = QFormLayout()
        outer.addLayout(form)
        self.url_edit = QLineEdit(self)
        self.url_edit.setReadOnly(True)
        #: form label: the server's page that shows the code to paste
        form.addRow(translate("AccountsDialog", "Page:"), self.url_edit)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(
            translate("AccountsDialog", "Paste the code the server shows")
        )
        #: form label: the code the server showed, to paste here
        form.addRow(translate("AccountsDialog", "Code:"), self.code_edit)
        row = QHBoxLayout()
        row.addStretch(1)
        #: button: finishes signing in with the pasted code
        self.finish_button = QPushButton(translate("AccountsDialog", "Finish sign-in"))
        row.addWidget(self.finish_button)
        form.addRow(row)
        self.setVisible(False)

    def show_page(self, url: str) -> None:
        self.url_edit.setText(url)
        self.url_edit.setCursorPosition(0)  # show the server's address, not the tail
        self.code_edit.clear()

    def clear(self) -> None:
        self.code_edit.clear()
        self.url_edit.clear()
