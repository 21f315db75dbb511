"""The adapter protocol every network implements, and the errors adapters raise.

The UI and the services never ask "is this Misskey"; they ask an adapter for its
``capabilities`` and ``limits``. ``Audience`` is Kizuna's; each adapter maps it to its own
wire visibility and raises :class:`AudienceRefused` *before sending anything* when it
cannot honour it — nothing is ever silently widened from friends to public.

Every operation is declared here. The optional ones have a capability flag
(:class:`~app.core.models.Capabilities`) and a default in :class:`AdapterBase` that raises
``NetworkError(ErrorKind.UNSUPPORTED)``; callers check the flag, never probe with
``getattr`` and never branch on ``network``:

=====================================  ================================================
operation                              capability flag
=====================================  ================================================
``me``, ``timeline``, ``stream``,      always
``publish``, ``aclose``
``upload(media) -> media id``          ``media``
``friends() -> list[Friend]``          ``friends_list``
``cancel_scheduled``, ``reschedule``   ``server_schedule``
``find_own(...) -> Published | None``  ``own_lookup``
``reply`` / ``react`` / ``boost``      ``reply`` / ``react`` / ``boost`` (answering back)
``conversation(post) -> list[Post]``   ``conversation``
``notifications(since) -> list[...]``  ``notifications``
``notification_stream(on_open)``       ``notification_stream``
=====================================  ================================================

Answering back keeps audiences (:mod:`app.core.answering`): ``reply`` refuses a reply
wider than the post it answers and ``boost`` a friends-only post, with
:class:`AudienceRefused` before any request. ``conversation`` lists a thread oldest first:
the post's ancestors, the post, then its replies. ``notifications`` lists the newest
first, after the notification id ``since`` when given; ``notification_stream`` yields them
live as the server pushes them, until the connection drops (like ``stream``).

- ``async timeline(limit=20, older_than=None) -> list[Post]``  newest first; ``older_than``
  is a post id from an earlier page
- ``stream(on_open=None) -> AsyncIterator[Post]``  one live connection; yields new posts,
  calls ``on_open()`` once the server accepted the subscription, ends or raises
  :class:`NetworkError` when the connection drops (the caller reconnects with backoff)
- ``request_timeout``  the longest one request of the adapter can take (every phase of
  its own HTTP client's timeout added up, :func:`app.networks.http.request_bound`): after
  that a create request that failed can no longer reach the server, which the outbox
  waits for before it looks for the post or sends it again
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from datetime import datetime
from typing import Protocol, runtime_checkable

from app.core.errors import AudienceRefused, ErrorKind, NetworkError
from app.core.models import (
    AccountRef,
    Audience,
    Author,
    Capabilities,
    Friend,
    Limits,
    MediaUpload,
    Notification,
    Outgoing,
    Post,
    Published,
)
from app.networks.http import DEFAULT_TIMEOUT, request_bound

__all__ = [
    "AdapterBase",
    "AudienceRefused",
    "ErrorKind",
    "NetworkAdapter",
    "NetworkError",
]


@runtime_checkable
class NetworkAdapter(Protocol):
    network: str
    account: AccountRef

    @property
    def capabilities(self) -> Capabilities: ...

    @property
    def limits(self) -> Limits: ...

    @property
    def request_timeout(self) -> float: ...

    async def me(self) -> Author: ...

    async def timeline(self, *, limit: int = 20, older_than: str | None = None) -> list[Post]: ...

    def stream(self, on_open: Callable[[], None] | None = None) -> AsyncIterator[Post]: ...

    async def publish(self, outgoing: Outgoing) -> Published: ...

    async def upload(self, media: MediaUpload) -> str: ...

    async def friends(self) -> list[Friend]: ...

    async def cancel_scheduled(self, remote_id: str) -> None: ...

    async def reschedule(self, remote_id: str, at: datetime) -> datetime: ...

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None: ...

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published: ...

    async def react(self, post: Post, reaction: str | None = None) -> None: ...

    async def boost(self, post: Post) -> Published: ...

    async def conversation(self, post: Post) -> list[Post]: ...

    async def notifications(self, since: str | None = None) -> list[Notification]: ...

    def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]: ...

    async def aclose(self) -> None: ...


def _unsupported(adapter: AdapterBase, operation: str) -> NetworkError:
    return NetworkError(ErrorKind.UNSUPPORTED, f"{adapter.network}: {operation}")


class AdapterBase:
    """Defaults for the optional operations: each raises ``UNSUPPORTED``. An adapter
    overrides what it offers and turns on the matching capability flag."""

    network: str
    account: AccountRef

    @property
    def request_timeout(self) -> float:
        """The longest one request can take: here the bound of
        :func:`~app.networks.http.make_client`'s timeouts, which an adapter's client has
        unless it was given another; an adapter answers from its own client."""
        return request_bound(DEFAULT_TIMEOUT)

    async def upload(self, media: MediaUpload) -> str:
        raise _unsupported(self, "upload")

    async def friends(self) -> list[Friend]:
        return []

    async def cancel_scheduled(self, remote_id: str) -> None:
        raise _unsupported(self, "cancel_scheduled")

    async def reschedule(self, remote_id: str, at: datetime) -> datetime:
        raise _unsupported(self, "reschedule")

    async def find_own(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        *,
        until: datetime | None = None,
        exclude: Collection[str] = (),
    ) -> Published | None:
        """A post of the account's own with exactly ``text`` and ``audience``, created
        at or after ``since`` (and before ``until``), whose id is not in ``exclude`` (posts
        other outbox rows already claimed); the oldest such post. None when there is none."""
        raise _unsupported(self, "find_own")

    async def reply(self, in_reply_to: Post, outgoing: Outgoing) -> Published:
        raise _unsupported(self, "reply")

    async def react(self, post: Post, reaction: str | None = None) -> None:
        raise _unsupported(self, "react")

    async def boost(self, post: Post) -> Published:
        raise _unsupported(self, "boost")

    async def conversation(self, post: Post) -> list[Post]:
        raise _unsupported(self, "conversation")

    async def notifications(self, since: str | None = None) -> list[Notification]:
        raise _unsupported(self, "notifications")

    async def notification_stream(
        self, on_open: Callable[[], None] | None = None
    ) -> AsyncIterator[Notification]:
        raise _unsupported(self, "notification_stream")
        yield  # pragma: no cover - makes this an async generator, as the overrides are
