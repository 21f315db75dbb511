"""Which column a post belongs in, and which accounts a draft goes to.

The one rule that must never break: a friends-only post is never shown in, or sent to,
the public side.

A target must be allowed twice: by the user's choice (:func:`carries`: what the account
serves) and by the network's own word (:func:`capable`: its adapter's capabilities). An
account on a server without followers-only posts (snac) serves no friends side, yet a
friends post addressed to chosen friends of that account ("addressed") still goes through
it — as a post only they can read.
"""

from __future__ import annotations

from collections.abc import Collection

from app.core.models import AccountRef, Audience, Capabilities, Post


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


def carries(account: AccountRef, audience: Audience, *, addressed: bool = False) -> bool:
    """Whether the user's choice lets ``account`` carry a post to ``audience``.

    ``addressed``: the post goes to chosen friends of this account only. On a server that
    keeps no followers-only posts (``account.friends_need_recipients``) that is the only
    friends post it carries, whatever ``serves`` says.
    """
    if audience is Audience.FRIENDS and account.friends_need_recipients:
        return addressed
    return audience in account.serves


def capable(capabilities: Capabilities, audience: Audience, *, addressed: bool = False) -> bool:
    """Whether the network (``capabilities``) can keep a post to ``audience``, addressed to
    chosen friends or not. A server without followers-only posts
    (``friends_need_recipients``) keeps a friends post only when it is addressed."""
    if addressed and not capabilities.recipients:
        return False
    if audience in capabilities.audiences:
        return True
    return audience is Audience.FRIENDS and addressed and capabilities.friends_need_recipients


def targets_for(
    accounts: list[AccountRef],
    audiences: frozenset[Audience],
    addressed: Collection[str] = (),
) -> list[tuple[AccountRef, Audience]]:
    """Every (account, audience) pair a draft for ``audiences`` goes to, public first.

    ``addressed``: keys of the accounts whose friends target is addressed to chosen
    friends (so an account without followers-only posts takes part for them).
    """
    order = [a for a in (Audience.PUBLIC, Audience.FRIENDS) if a in audiences]
    return [
        (acc, aud)
        for aud in order
        for acc in accounts
        if carries(acc, aud, addressed=aud is Audience.FRIENDS and acc.key in addressed)
    ]
