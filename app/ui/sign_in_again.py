"""Signing in again to a saved account the keychain could not open: the accounts dialog's
form filled in for it (signing in replaces the saved account and its keychain entry)."""

from __future__ import annotations

from app.core.models import AccountRef, Audience
from app.ui.accounts_dialog import AccountsDialog


def prefill(dialog: AccountsDialog, account: AccountRef) -> None:
    """``dialog``'s sign-in form for ``account``: its network, server, handle, audiences."""
    index = dialog.network_combo.findData(account.network)
    if index >= 0:
        dialog.network_combo.setCurrentIndex(index)
    dialog.server_edit.setText(account.base_url)
    # Only the networks that sign in with a handle show this field.
    dialog.handle_edit.setText(account.username)
    dialog.add_public.setChecked(Audience.PUBLIC in account.serves)
    dialog.add_friends.setChecked(Audience.FRIENDS in account.serves)
