"""Adding a mixi2 account (the user's own application) and keeping its chat rooms.

:func:`add_mixi2` checks the client id and secret against the token endpoint and the API
(:mod:`app.auth.mixi2`), then keeps the secret in the keychain and the account in the
profile through :class:`~app.services.accounts.AccountService`. :func:`keep_rooms`
hands the profile's room book (:class:`app.store.mixi2_rooms.Mixi2Rooms`) to every mixi2
adapter of a session, so the rooms learnt from the event stream — the mixi2 friends list —
survive a restart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from app.core.models import AccountRef
from app.networks.base import NetworkAdapter
from app.services.accounts import AccountError, AccountService
from app.store.mixi2_rooms import Mixi2Rooms


async def add_mixi2(
    service: AccountService, endpoint: str, client_id: str, client_secret: str
) -> AccountRef:
    """Sign in with the application's credentials; raises ``AccountError``
    (``missing_mixi2_credentials``, ``bad_mixi2_endpoint``), ``KeychainUnavailable`` or
    ``NetworkError`` (SIGNED_OUT: the id or secret was refused)."""
    # gRPC and the mixi2 code load only when a mixi2 account is used (a fast start).
    from app.auth import mixi2 as mixi2_auth
    from app.networks.mixi2_token import Mixi2Credentials

    client_id = client_id.strip()
    if not client_id or not client_secret.strip():
        raise AccountError("missing_mixi2_credentials")
    try:
        endpoint = mixi2_auth.endpoint_or_default(endpoint)
    except ValueError as exc:
        raise AccountError("bad_mixi2_endpoint", endpoint) from exc
    await service._ensure_keychain()  # before any request: a secret we cannot keep is no use
    credentials = Mixi2Credentials(client_id, client_secret.strip())
    account = mixi2_auth.mixi2_account(endpoint, client_id)
    await mixi2_auth.check_application(account, credentials)
    return await service._keep(account, credentials.to_json())


def keep_rooms(adapters: Iterable[NetworkAdapter], rooms: Mixi2Rooms) -> None:
    """Every mixi2 adapter among ``adapters`` keeps its rooms in ``rooms``."""
    # The factory imports the mixi2 module to build a mixi2 adapter: without it loaded
    # there is none, and gRPC stays unloaded.
    module = sys.modules.get("app.networks.mixi2")
    if module is None:
        return
    for adapter in adapters:
        if isinstance(adapter, module.Mixi2Adapter):
            adapter.keep_rooms_in(rooms)
