"""One model of a send: which targets a draft goes to, worked out once, and why not.

:func:`plan_send` turns a draft (texts per audience, pictures, chosen friends, an optional
time) and the signed-in adapters into a :class:`SendPlan` — the (account, audience)
targets, the pictures and recipients each keeps, and which targets their server will
hold for a far-off time — or raises :class:`SendRefused` with a reason code before
anything is stored or sent. The outbox stores the plan; nothing else works targets out.

:func:`audience_refusal` is the audience guard, the one place that says whether an
account may carry a post to an audience: the user's choice (what the account serves),
the network's word (its capabilities) and, for chosen friends, whether it can address a
post. The outbox asks it when a draft is queued and again right before each target is
published (an adapter may have learnt since that its server keeps no followers-only
posts); the adapters' own ``AudienceRefused`` stays as the last line of defence.

Reason codes are words for the UI to translate, never shown as they are.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from app.core.models import AccountRef, Audience, Capabilities, Friend, MediaUpload
from app.core.routing import capable, carries, targets_for

Pictures = Sequence[MediaUpload] | Mapping[Audience, Sequence[MediaUpload]]


class Refusal(enum.Enum):
    """Why a draft (or one of its targets) cannot be sent."""

    NAIVE_TIME = "naive_time"  # a scheduled time without a time zone
    TIME_PASSED = "time_passed"  # a new time for a schedule that is not ahead
    NO_TARGET = "no_target"  # no signed-in account serves the chosen audience
    RECIPIENTS_NEED_FRIENDS = "recipients_need_friends"  # chosen friends, no friends text
    RECIPIENTS_SIGNED_OUT = "recipients_signed_out"  # their account is not signed in
    NO_MEDIA = "no_media"  # the account's network cannot carry pictures
    NO_RECIPIENTS = "no_recipients"  # it cannot address a post to chosen friends
    FRIENDS_NEED_RECIPIENTS = "friends_need_recipients"  # no followers-only posts there
    AUDIENCE = "audience"  # the network cannot keep a post to that audience


class SendRefused(ValueError):
    """A draft refused before anything was stored or sent. ``reason`` says why;
    ``account`` names the account it is about (a handle, or account keys), if any.

    A ValueError, so callers written before the codes still catch it."""

    def __init__(self, reason: Refusal, account: str = "") -> None:
        super().__init__(f"{reason.value}: {account}" if account else reason.value)
        self.reason = reason
        self.account = account


@dataclass(frozen=True, slots=True)
class SendPlan:
    """A draft resolved into its targets, ready for the outbox to store."""

    texts: dict[Audience, str]
    targets: tuple[tuple[AccountRef, Audience], ...]
    pictures: Pictures = ()  # as stored: shared, or per audience
    recipients: dict[str, tuple[str, ...]] = field(default_factory=dict)  # account key → ids
    scheduled_at: float | None = None
    server_held: frozenset[str] = frozenset()  # account keys whose server keeps the time


def audience_refusal(
    account: AccountRef, caps: Capabilities, audience: Audience, *, addressed: bool
) -> Refusal | None:
    """Why ``account`` (its network: ``caps``) may not carry a post to ``audience``
    (``addressed``: to chosen friends of it only); None when it may. Never widens
    friends to public."""
    if audience is Audience.FRIENDS:
        if addressed and not caps.recipients:
            return Refusal.NO_RECIPIENTS
        if not addressed and caps.friends_need_recipients:
            return Refusal.FRIENDS_NEED_RECIPIENTS
    if not (
        carries(account, audience, addressed=addressed)
        and capable(caps, audience, addressed=addressed)
    ):
        return Refusal.AUDIENCE
    return None


def _recipients(friends: Iterable[Friend]) -> dict[str, tuple[str, ...]]:
    by_account: dict[str, list[str]] = {}
    for friend in friends:
        by_account.setdefault(friend.account_key, []).append(friend.user_id)
    return {key: tuple(dict.fromkeys(ids)) for key, ids in by_account.items()}


def _pictures(media: Pictures, audiences: frozenset[Audience]) -> tuple[Pictures, set[Audience]]:
    """The pictures as stored, and the audiences that carry any."""
    if isinstance(media, Mapping):
        # Only the pictures of audiences that are sent to are kept.
        kept = {a: tuple(m) for a, m in media.items() if a in audiences and m}
        return kept, set(kept)
    shared = tuple(media)
    return shared, set(audiences) if shared else set()


def _addressed_targets(
    targets: list[tuple[AccountRef, Audience]],
    audiences: frozenset[Audience],
    recipients: Mapping[str, Sequence[str]],
) -> list[tuple[AccountRef, Audience]]:
    """With chosen friends, the friends side goes only through their own accounts."""
    if not recipients:
        return targets
    if Audience.FRIENDS not in audiences:
        raise SendRefused(Refusal.RECIPIENTS_NEED_FRIENDS)
    kept = [(a, aud) for a, aud in targets if aud is not Audience.FRIENDS or a.key in recipients]
    unknown = set(recipients) - {a.key for a, aud in kept if aud is Audience.FRIENDS}
    if unknown:
        raise SendRefused(Refusal.RECIPIENTS_SIGNED_OUT, ", ".join(sorted(unknown)))
    return kept


def plan_send(
    accounts: Sequence[AccountRef],
    capabilities: Mapping[str, Capabilities],
    texts: Mapping[Audience, str],
    audiences: frozenset[Audience] | None = None,
    *,
    media: Pictures = (),
    recipients: Sequence[Friend] = (),
    at: datetime | None = None,
    now: float,
    server_schedule_ahead: float | None = None,
) -> SendPlan:
    """The targets of a draft for ``audiences`` (default: every audience with text) among
    ``accounts``. ``capabilities`` (by account key) are those of the signed-in accounts;
    an account not signed in yet is planned for by what it serves, and its network's
    word is asked when the target is sent.

    ``server_schedule_ahead``: a target whose server can hold a schedule
    (``capabilities.server_schedule``) is handed to it when ``at`` is at least this many
    seconds ahead (None: every schedule stays local). Raises :class:`SendRefused`."""
    if at is not None and at.tzinfo is None:
        raise SendRefused(Refusal.NAIVE_TIME)
    if audiences is None:
        audiences = frozenset(a for a, t in texts.items() if t.strip())
    by_account = _recipients(recipients)
    targets = _addressed_targets(
        targets_for(list(accounts), audiences, by_account), audiences, by_account
    )
    if not targets:
        raise SendRefused(Refusal.NO_TARGET)
    stored, with_pictures = _pictures(media, audiences)
    for account, audience in targets:
        caps = capabilities.get(account.key)
        if caps is None:
            continue
        if audience in with_pictures and not caps.media:
            raise SendRefused(Refusal.NO_MEDIA, account.handle)
        addressed = audience is Audience.FRIENDS and account.key in by_account
        refusal = audience_refusal(account, caps, audience, addressed=addressed)
        # A target its network cannot keep is stored all the same and refused alone when
        # its turn comes (one target's refusal never keeps the others from going out);
        # what the draft itself asks for and the account cannot do refuses the draft.
        if refusal is not None and refusal is not Refusal.AUDIENCE:
            raise SendRefused(refusal, account.handle)
    held: frozenset[str] = frozenset()
    if at is not None and server_schedule_ahead is not None:
        if at.timestamp() - now >= server_schedule_ahead:
            held = frozenset(
                acc.key
                for acc, _ in targets
                if (caps := capabilities.get(acc.key)) is not None and caps.server_schedule
            )
    return SendPlan(
        texts=dict(texts),
        targets=tuple(targets),
        pictures=stored,
        recipients=by_account,
        scheduled_at=at.timestamp() if at is not None else None,
        server_held=held,
    )
