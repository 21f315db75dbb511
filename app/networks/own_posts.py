"""Finding a post of the account's own again: the rule every ``find_own`` shares.

Networks without an idempotency key (Misskey, X, a Mastodon server that ignores the key,
such as snac) cannot tell a client "you already made this". Before re-sending, the outbox
asks the adapter for the post its earlier attempt may have made. A match must be exact,
or a lost post is recorded as sent (issue 10, finding 1: greeting templates make equal
texts common):

- the same text (surrounding whitespace aside: servers trim it),
- the same audience (the wire visibility mapped back to ours),
- created within ``[since, until)``,
- not already claimed by another outbox row (``exclude``),

and of those the **oldest**, so two rows with the same text claim two posts in the order
they were sent. Each adapter reads its own listing and hands the candidates to
:class:`OwnMatcher`; paging stops once a page reaches back before ``since``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from app.core.models import Audience, Published


@dataclass(frozen=True, slots=True)
class Candidate:
    """One post of ours as a listing shows it."""

    remote_id: str
    text: str
    audience: Audience
    created_at: datetime  # aware
    url: str | None = None


class OwnMatcher:
    """Collects the candidates that match and keeps the oldest."""

    def __init__(
        self,
        text: str,
        audience: Audience,
        since: datetime,
        until: datetime | None = None,
        exclude: Collection[str] = (),
        *,
        normalize: Callable[[str], str] = str.strip,
    ) -> None:
        """``normalize`` brings both texts to the form the listing shows (Mastodon
        renders HTML, which loses a remote mention's domain); by default only the
        surrounding whitespace goes."""
        if since.tzinfo is None or (until is not None and until.tzinfo is None):
            raise ValueError("find_own needs aware times")
        self._normalize = normalize
        self.text = normalize(text)
        self.audience = audience
        self.since = since
        self.until = until
        self.exclude = frozenset(exclude)
        self._best: Candidate | None = None

    def in_window(self, created_at: datetime) -> bool:
        return created_at >= self.since and (self.until is None or created_at < self.until)

    def offer(self, candidate: Candidate) -> None:
        if (
            candidate.remote_id
            and candidate.remote_id not in self.exclude
            and candidate.audience is self.audience
            and self.in_window(candidate.created_at)
            and self._normalize(candidate.text) == self.text
        ):
            best = self._best
            if best is None or (candidate.created_at, candidate.remote_id) < (
                best.created_at,
                best.remote_id,
            ):
                self._best = candidate

    def reached_back(self, oldest_on_page: datetime) -> bool:
        """Whether a newest-first listing whose page ends at ``oldest_on_page`` has gone
        back past ``since`` (so no later page can hold a match)."""
        return oldest_on_page < self.since

    def result(self) -> Published | None:
        best = self._best
        return None if best is None else Published(remote_id=best.remote_id, url=best.url)
