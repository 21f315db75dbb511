"""The send model (:mod:`app.services.send`): a draft's targets resolved once, refusals as
reason codes, the audience guard, and server schedules chosen by capability flag alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.core.models import AccountRef, Audience, Capabilities, Friend, MediaUpload
from app.services.send import Refusal, SendRefused, audience_refusal, plan_send

BOTH = frozenset(Audience)
FULL = Capabilities(audiences=BOTH, recipients=True, media=True)


def account(name: str, serves: frozenset[Audience], network: str = "misskey") -> AccountRef:
    return AccountRef(
        key=f"{network}:https://{name}.test:me",
        network=network,
        base_url=f"https://{name}.test",
        user_id="1",
        username="me",
        handle=f"@me@{name}",
        serves=serves,
    )


SORA = account("sora", frozenset({Audience.PUBLIC}))
NAKAMA = account("nakama", frozenset({Audience.FRIENDS}))
TEXTS = {Audience.PUBLIC: "皆さまへ", Audience.FRIENDS: "みんなへ"}
PICTURE = MediaUpload(b"png", "card.png", "image/png", "a card")


def test_targets_are_public_first_with_their_own_pictures() -> None:
    plan = plan_send(
        [NAKAMA, SORA],
        {NAKAMA.key: FULL, SORA.key: FULL},
        TEXTS,
        media={Audience.FRIENDS: [PICTURE]},
        now=0.0,
    )
    assert plan.targets == ((SORA, Audience.PUBLIC), (NAKAMA, Audience.FRIENDS))
    assert plan.pictures == {Audience.FRIENDS: (PICTURE,)}


@pytest.mark.parametrize(
    ("caps", "kwargs", "reason"),
    [
        (FULL, {"at": datetime(2026, 12, 24, 21)}, Refusal.NAIVE_TIME),
        (replace(FULL, media=False), {"media": [PICTURE]}, Refusal.NO_MEDIA),
        (
            replace(FULL, recipients=False),
            {"recipients": [Friend(NAKAMA.key, "9", "yui", "@yui", "ゆい")]},
            Refusal.NO_RECIPIENTS,
        ),
        (replace(FULL, friends_need_recipients=True), {}, Refusal.FRIENDS_NEED_RECIPIENTS),
        (
            FULL,
            {"recipients": [Friend("misskey:https://elsewhere:me", "9", "y", "@y", "Y")]},
            Refusal.RECIPIENTS_SIGNED_OUT,
        ),
    ],
)
def test_what_cannot_go_out_is_refused_with_a_reason_code(
    caps: Capabilities, kwargs: dict, reason: Refusal
) -> None:
    with pytest.raises(SendRefused) as refused:
        plan_send([NAKAMA], {NAKAMA.key: caps}, {Audience.FRIENDS: "やあ"}, now=0.0, **kwargs)
    assert refused.value.reason is reason
    assert "みんな" not in str(refused.value)  # a code, never text of the draft


def test_no_account_for_the_audience_is_no_target() -> None:
    with pytest.raises(SendRefused) as refused:
        plan_send([SORA], {SORA.key: FULL}, {Audience.FRIENDS: "やあ"}, now=0.0)
    assert refused.value.reason is Refusal.NO_TARGET


def test_an_account_not_signed_in_yet_is_planned_for_and_checked_when_sent() -> None:
    plan = plan_send([SORA, NAKAMA], {SORA.key: FULL}, TEXTS, media=[PICTURE], now=0.0)
    assert [aud for _, aud in plan.targets] == [Audience.PUBLIC, Audience.FRIENDS]


def test_the_server_keeps_the_schedule_by_its_flag_not_its_name() -> None:
    at = datetime(2026, 12, 24, 12, tzinfo=UTC)
    far = at.timestamp() - 3600
    caps = {SORA.key: replace(FULL, server_schedule=True), NAKAMA.key: FULL}
    plan = plan_send([SORA, NAKAMA], caps, TEXTS, at=at, now=far, server_schedule_ahead=360.0)
    assert plan.server_held == {SORA.key}  # a "misskey" account whose server keeps it
    assert plan.scheduled_at == at.timestamp()
    near = plan_send([SORA, NAKAMA], caps, TEXTS, at=at, now=at.timestamp() - 60,
                     server_schedule_ahead=360.0)  # fmt: skip
    assert near.server_held == frozenset()
    off = plan_send([SORA, NAKAMA], caps, TEXTS, at=at, now=far)
    assert off.server_held == frozenset()


def test_the_audience_guard_never_widens_friends() -> None:
    public_only = Capabilities(audiences=frozenset({Audience.PUBLIC}), recipients=True)
    assert audience_refusal(NAKAMA, public_only, Audience.FRIENDS, addressed=False) is (
        Refusal.AUDIENCE
    )
    assert audience_refusal(SORA, FULL, Audience.FRIENDS, addressed=False) is Refusal.AUDIENCE
    assert audience_refusal(NAKAMA, FULL, Audience.FRIENDS, addressed=False) is None
    snac = Capabilities(
        audiences=frozenset({Audience.PUBLIC}), recipients=True, friends_need_recipients=True
    )
    both = account("snac", BOTH, "mastodon")
    assert audience_refusal(both, snac, Audience.FRIENDS, addressed=True) is None
    assert audience_refusal(both, snac, Audience.FRIENDS, addressed=False) is (
        Refusal.FRIENDS_NEED_RECIPIENTS
    )
