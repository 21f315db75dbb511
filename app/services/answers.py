"""Answering a post back, through the account that shows it (async, no Qt).

The window's post actions and the ``reply`` command act here; replies themselves go
through the durable outbox (:meth:`app.services.poster.Poster.send_reply`). Likes
(reactions) and boosts are single requests, not queued: they change nothing for anyone
if they fail, and the UI says so.

- :meth:`AnswerService.react` — like / favourite / Misskey reaction;
- :meth:`AnswerService.boost` — boost / renote / repost, refused *before any request*
  for a post that is not public (:func:`app.core.answering.check_boost`);
- :meth:`AnswerService.conversation` — a :class:`Thread`: ancestors, the post, replies,
  and whether replies could be looked for at all (``replies_known``);
- :meth:`AnswerService.find` — a post by its link (or id) among the recent posts of the
  session's accounts, for the terminal's ``reply POST_URL``.

Errors travel as :class:`~app.core.errors.NetworkError` (``ErrorKind``) and
:class:`~app.core.errors.AudienceRefused`; words are the UI's and the CLI's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.answering import check_boost
from app.core.errors import ErrorKind, NetworkError
from app.core.models import Post, Published

if TYPE_CHECKING:  # types only: no network code (httpx) before the first paint
    from app.networks.base import NetworkAdapter

__all__ = ["AnswerService", "Thread"]

# How far back ``find`` looks in each account's timeline (pages of PAGE posts).
FIND_PAGES = 5
PAGE = 40


@dataclass(frozen=True, slots=True)
class Thread:
    """A post's conversation, oldest first around it."""

    post: Post
    ancestors: tuple[Post, ...]
    replies: tuple[Post, ...]
    replies_known: bool  # False: the network could list ancestors only


class AnswerService:
    """Likes, boosts, threads and look-ups over the session's adapters (the list is the
    session's own, so an account that signs in later is seen here too)."""

    def __init__(self, adapters: Sequence[NetworkAdapter]) -> None:
        self._adapters = adapters

    def adapter(self, post: Post) -> NetworkAdapter:
        """The adapter of the account that shows ``post``; SIGNED_OUT when it is gone."""
        for adapter in self._adapters:
            if adapter.account.key == post.account_key:
                return adapter
        raise NetworkError(ErrorKind.SIGNED_OUT, post.account_key)

    def me(self, post: Post) -> tuple[str, str]:
        """(user id, username) of the account that shows ``post`` ("", "" when gone)."""
        try:
            account = self.adapter(post).account
        except NetworkError:
            return "", ""
        return account.user_id, account.username

    async def react(self, post: Post, reaction: str | None = None) -> None:
        adapter = self.adapter(post)
        if not adapter.capabilities.react:
            raise NetworkError(ErrorKind.UNSUPPORTED, "react")
        await adapter.react(post, reaction)

    async def boost(self, post: Post) -> Published:
        """Boost ``post``; a post that is not public raises AudienceRefused, no request."""
        check_boost(post)
        adapter = self.adapter(post)
        if not adapter.capabilities.boost:
            raise NetworkError(ErrorKind.UNSUPPORTED, "boost")
        return await adapter.boost(post)

    async def conversation(self, post: Post) -> Thread:
        adapter = self.adapter(post)
        if not adapter.capabilities.conversation:
            raise NetworkError(ErrorKind.UNSUPPORTED, "conversation")
        posts = await adapter.conversation(post)
        at = next((i for i, p in enumerate(posts) if p.subject_id == post.subject_id), None)
        if at is None:
            return Thread(post, tuple(posts), (), adapter.capabilities.thread_replies)
        return Thread(
            posts[at],
            tuple(posts[:at]),
            tuple(posts[at + 1 :]),
            # Asked after the call: an adapter may learn then that it has no index.
            adapter.capabilities.thread_replies,
        )

    async def find(self, link: str) -> Post | None:
        """The post whose link (or id) is ``link``, among each account's recent posts
        (at most :data:`FIND_PAGES` pages each); None when none of them shows it."""
        wanted = link.strip()
        for adapter in self._adapters:
            older: str | None = None
            for _ in range(FIND_PAGES):
                try:
                    page = await adapter.timeline(limit=PAGE, older_than=older)
                except NetworkError:
                    break
                for post in page:
                    if wanted in (post.url, post.id, post.subject_id):
                        return post
                if not page:
                    break
                older = page[-1].id
        return None
