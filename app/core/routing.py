"""Which column a post belongs in, and which accounts a draft goes to.

The one rule that must never break: a friends-only post is never shown in, or sent to,
the public side.
"""

from __future__ import annotations

from app.core.models import AccountRef, Audience, Post


def belongs_in(post: Post, account: AccountRef, column: Audience) -> bool:
    """Whether ``post``, read through ``account``, is shown in ``column``.

    The public column shows only posts anyone may read. The friends column shows
    friends-only posts, and also everything an account that serves only friends reads
    (on a closed network, a friend's open post is still a friend's post).
    """
    if column not in account.serves:
        return False
    if column is Audience.PUBLIC:
        return post.audience is Audience.PUBLIC
    return post.audience is Audience.FRIENDS or Audience.PUBLIC not in account.serves


def targets_for(
    accounts: list[AccountRef], audiences: frozenset[Audience]
) -> list[tuple[AccountRef, Audience]]:
    """Every (account, audience) pair a draft for ``audiences`` goes to, public first."""
    order = [a for a in (Audience.PUBLIC, Audience.FRIENDS) if a in audiences]
    return [(acc, aud) for aud in order for acc in accounts if aud in acc.serves]
