"""Who a gift can be addressed to: the mutual follows of each signed-in account (async, no Qt).

A friends-only gift for chosen friends goes out as Misskey ``specified`` or Mastodon
``direct`` to the people picked here. Only accounts that serve the friends audience and
whose network can list friends and address chosen recipients (``capabilities.friends_list``
and ``recipients``) are asked; each adapter's ``friends()`` returns the accounts it follows
that follow it back (never a stranger). Lists are kept until :meth:`refresh`, so the
composer's picker does not ask the servers on every keystroke.

    service = FriendsService(session.adapters)
    friends = await service.friends()            # every friends-side account's, by handle
    mine = await service.friends(account.key)    # one account's
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core.errors import NetworkError
from app.core.models import Audience, Friend

if TYPE_CHECKING:  # the network code (httpx) is not loaded for the window's first paint
    from app.networks.base import NetworkAdapter

log = logging.getLogger(__name__)


class FriendsService:
    def __init__(self, adapters: Sequence[NetworkAdapter]) -> None:
        self.adapters = list(adapters)
        self._cache: dict[str, list[Friend]] = {}

    def sources(self) -> list[NetworkAdapter]:
        """Adapters that can address chosen friends: accounts serving the friends side, and
        accounts on a server without followers-only posts (they carry addressed posts only)."""
        return [
            a
            for a in self.adapters
            if (Audience.FRIENDS in a.account.serves or a.account.friends_need_recipients)
            and a.capabilities.recipients
            and a.capabilities.friends_list
        ]

    async def friends(self, account_key: str | None = None) -> list[Friend]:
        """The friends of one account (``account_key``) or of every friends-side account.

        An account whose server cannot be reached raises :class:`NetworkError` when asked
        for alone; asked together, it is left out (logged) so the others still show."""
        sources = [a for a in self.sources() if account_key in (None, a.account.key)]
        missing = [a for a in sources if a.account.key not in self._cache]
        results = await asyncio.gather(
            *(a.friends() for a in missing),
            return_exceptions=True,
        )
        for adapter, result in zip(missing, results, strict=True):
            if isinstance(result, BaseException):
                if account_key is not None or not isinstance(result, NetworkError):
                    raise result
                log.info("friends of %s unavailable: %s", adapter.account.key, result)
                continue
            self._cache[adapter.account.key] = list(result)
        out = [f for a in sources for f in self._cache.get(a.account.key, [])]
        return sorted(out, key=lambda f: (f.account_key, f.handle))

    def refresh(self, account_key: str | None = None) -> None:
        """Forget the kept lists (one account's, or all): the next call asks the servers."""
        if account_key is None:
            self._cache.clear()
        else:
            self._cache.pop(account_key, None)
