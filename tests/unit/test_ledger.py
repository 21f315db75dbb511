"""The greeting ledger's rules (app.core.ledger) with the time passed in: the window's
edges in Tokyo, the year boundary of 年賀, words and gift cards, people per account,
and 喪中 answers (寒中見舞い) — plus the ledger table's answer-once claim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.core import ledger
from app.core.clock import TOKYO
from app.core.models import AccountRef, Audience, Capabilities
from app.services.catalogues import shipped
from app.store.db import Store
from app.store.ledger import CLAIM_TIMEOUT, LedgerStore
from app.store.outbox import MessageKind

UTC = dt.UTC


def occasion(key: str, year: int) -> ledger.Occasion:
    found = next(o for o in shipped().on(year) if o.key == key)
    return ledger.Occasion(found.key, found.name_ja, found.start, found.end, found.tags)


def tokyo(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TOKYO)  # type: ignore[misc, arg-type]


def received(sender: str = "haruka", at: dt.datetime | None = None, **kw: Any) -> ledger.Received:
    values: dict[str, Any] = {
        "account_key": "misskey:nakama:me",
        "post_id": f"p-{sender}",
        "sender_id": f"id-{sender}",
        "sender_username": sender,
        "sender_handle": f"@{sender}@nakama",
        "sender_name": sender,
        "audience": Audience.FRIENDS,
        "at": at or tokyo(2027, 1, 1, 9),
        "text": "あけおめ！",
    }
    return ledger.Received(**(values | kw))


def sent(text: str = "あけおめ！", at: dt.datetime | None = None, **kw: Any) -> ledger.Sent | None:
    values: dict[str, Any] = {
        "account_key": "misskey:nakama:me",
        "audience": Audience.FRIENDS,
        "at": at or tokyo(2027, 1, 1, 0, 5),
        "text": text,
    }
    candidate = ledger.SentCandidate(**(values | kw))
    return ledger.sent_greeting(occasion("shogatsu", 2027), candidate, shipped().gifts)


# -- the window ---------------------------------------------------------------------------


def test_new_year_starts_at_midnight_in_tokyo_not_utc() -> None:
    nenga = occasion("shogatsu", 2027)
    assert nenga.year == 2027
    # 23:59 on New Year's Eve in Tokyo is not the next year's 年賀 …
    assert not ledger.received_greeting(nenga, "あけおめ！", tokyo(2026, 12, 31, 23, 59))
    # … 0:00 on 1 January is, though it is still 31 December in UTC.
    midnight = dt.datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    assert ledger.received_greeting(nenga, "あけおめ！", midnight)
    # and a greeting of 2027's New Year is not one of 2026's
    assert not ledger.received_greeting(occasion("shogatsu", 2026), "あけおめ！", midnight)


def test_the_window_ends_a_grace_period_after_the_last_day() -> None:
    nenga = occasion("shogatsu", 2027)
    assert nenga.end == dt.date(2027, 1, 7)
    last = nenga.end + dt.timedelta(days=ledger.GRACE_DAYS)
    assert ledger.within(nenga, tokyo(last.year, last.month, last.day, 23, 59, 59))
    after = last + dt.timedelta(days=1)
    assert not ledger.within(nenga, tokyo(after.year, after.month, after.day))


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        ledger.within(occasion("christmas", 2026), dt.datetime(2026, 12, 24, 12))


def test_oseibo_is_counted_in_the_year_it_is_given() -> None:
    oseibo = occasion("oseibo", 2026)
    assert (oseibo.start, oseibo.end) == (dt.date(2026, 12, 1), dt.date(2026, 12, 20))
    assert ledger.received_greeting(oseibo, "今年もありがとう！", tokyo(2026, 12, 10, 20))
    assert not ledger.received_greeting(oseibo, "今年もありがとう！", tokyo(2026, 11, 30, 23))


# -- what is a greeting -------------------------------------------------------------------


def test_words_tags_and_widths_all_count_and_other_talk_does_not() -> None:
    nenga = occasion("shogatsu", 2027)
    at = tokyo(2027, 1, 2, 10)
    for text in (
        "#あけおめ",
        "＃謹賀新年",
        "アケオメ〜",
        "明けましておめでとう",
        "今年もよろしく！",
    ):
        assert ledger.received_greeting(nenga, text, at), text
    assert not ledger.received_greeting(nenga, "初売り行ってきた", at)
    assert not ledger.received_greeting(occasion("christmas", 2026), "あけおめ", at)


def test_a_gift_card_counts_by_its_alt_text_even_without_words() -> None:
    gifts = shipped().gifts
    kadomatsu = next(g for g in gifts if g.key == "kadomatsu")
    from app.core.gifts import default_alt

    alt = default_alt(kadomatsu, "わたし", "よい一年を", "春香")
    found = ledger.gift_of([alt], gifts)
    assert found is not None and found.key == "kadomatsu"
    assert ledger.received_greeting(occasion("shogatsu", 2027), "🎁", tokyo(2027, 1, 1), found)
    cake = ledger.gift_of(
        [default_alt(next(g for g in gifts if g.key == "christmas_cake"), "", "")], gifts
    )
    assert cake is not None
    assert not ledger.received_greeting(occasion("shogatsu", 2027), "🎁", tokyo(2027, 1, 1), cake)
    assert ledger.gift_of(["猫の写真"], gifts) is None


# -- people -------------------------------------------------------------------------------


def test_answered_by_a_greeting_naming_them_through_the_same_account() -> None:
    to_haruka = sent(recipient_ids=("id-haruka",))
    mention = sent("@kenji@sora あけましておめでとうございます", account_key="mastodon:sora:me")
    everyone = sent("あけおめ！みんな今年もよろしく")
    assert to_haruka and mention and everyone
    book = ledger.build(
        occasion("shogatsu", 2027),
        [
            received("haruka"),
            received("mio"),
            received("kenji", account_key="mastodon:sora:me", audience=Audience.PUBLIC),
            # the same user name on another account is someone else
            received("haruka", account_key="mastodon:sora:me", post_id="p2"),
        ],
        [to_haruka, mention, everyone],
    )
    unanswered = {(r.greeting.account_key, r.greeting.sender_username) for r in book.unanswered}
    assert unanswered == {("misskey:nakama:me", "mio"), ("mastodon:sora:me", "haruka")}
    # an open greeting names nobody: neither answered by it nor waiting for a return
    assert {r.greeting.text for r in book.not_returned} == set()
    assert not everyone.addressed


def test_whom_you_greeted_and_who_has_not_greeted_back() -> None:
    to_mio = sent(recipient_ids=("id-mio",))
    assert to_mio is not None
    book = ledger.build(occasion("shogatsu", 2027), [received("haruka")], [to_mio])
    assert [r.greeting for r in book.not_returned] == [to_mio]
    assert [r.greeting.sender_username for r in book.unanswered] == ["haruka"]


def test_sent_posts_outside_the_window_or_without_words_are_not_greetings() -> None:
    assert sent("あけおめ！", at=tokyo(2026, 12, 31, 23, 0)) is None
    assert sent("おはよう") is None
    # a scheduled 年賀 at 0:00 on New Year's Day counts
    assert sent("あけおめ！", at=tokyo(2027, 1, 1, 0, 0)) is not None
    # the ledger's own answers count whenever they were queued
    assert sent("寒中お見舞い申し上げます", at=tokyo(2026, 12, 7), answer_to=("a", "p")) is not None


# -- 喪中 -----------------------------------------------------------------------------------


def test_in_mourning_a_kanchu_mimai_answers_a_new_year_greeting() -> None:
    kanchu = sent("寒中お見舞い申し上げます", at=tokyo(2027, 1, 10), recipient_ids=("id-mio",))
    assert kanchu is not None
    book = ledger.build(occasion("shogatsu", 2027), [received("mio")], [kanchu], mourning=True)
    assert book.unanswered == ()
    assert ledger.answer_occasion_key("shogatsu", True) == "kanchu"
    assert ledger.answer_occasion_key("shogatsu", False) == "shogatsu"


class _Adapter:
    def __init__(self, account: AccountRef) -> None:
        self.account = account
        self.capabilities = Capabilities(audiences=frozenset(Audience), recipients=True)


def _plan(store: Store, mourning: bool) -> list[Any]:
    from app.services.ledger import LedgerService
    from app.services.session import Session
    from app.store.settings import MOURNING

    account = AccountRef(
        "misskey:nakama:me", "misskey", "http://nakama", "id-me", "me", "@me@nakama",
        frozenset(Audience), label="nakama",
    )  # fmt: skip
    store.set(MOURNING.key, mourning)
    service = LedgerService(Session([_Adapter(account)]), store, clock=tokyo(2027, 1, 2).timestamp)  # type: ignore[list-item]
    book = ledger.build(
        occasion("shogatsu", 2027),
        [received("mio"), received("kenji", post_id="k", audience=Audience.PUBLIC,
                                  sender_handle="@kenji@sora")],
        [],
        mourning=service.mourning(),
    )  # fmt: skip
    return service.plan(book, sender="わたし")


def test_answers_each_in_its_audience_and_kanchu_in_mourning(store: Store) -> None:
    answers = {a.audience: a for a in _plan(store, mourning=False)}
    friends, public = answers[Audience.FRIENDS], answers[Audience.PUBLIC]
    assert friends.recipient is not None and friends.recipient.user_id == "id-mio"
    assert "みおへ" in friends.text or "mioへ" in friends.text
    assert public.recipient is None
    assert public.text.startswith("@kenji@sora\n") and "#あけおめ" in public.text
    mourning = {a.audience: a for a in _plan(store, mourning=True)}
    for answer in mourning.values():
        assert "寒" in answer.text and "おめでと" not in answer.text and "#" not in answer.text


# -- the table ------------------------------------------------------------------------------


def test_a_greeting_is_claimed_for_an_answer_once(tmp_path: Path) -> None:
    db = Store(tmp_path / "k.db")
    try:
        table = LedgerStore(db)
        assert table.add("shogatsu", 2027, [received("mio"), received("takumi")]) == 2
        assert table.add("shogatsu", 2027, [received("mio")]) == 0  # kept once
        keys = [("misskey:nakama:me", "p-mio")]
        assert table.claim("shogatsu", 2027, keys, now=100.0) == keys
        assert table.claim("shogatsu", 2027, keys, now=101.0) == []  # someone is answering
        table.answered("shogatsu", 2027, keys, 7)
        assert table.answers("shogatsu", 2027) == {7: keys}
        mio = next(r for r in table.received("shogatsu", 2027) if r.sender_username == "mio")
        assert mio.answer_message == 7
        # a claim whose run died is released after the timeout
        other = [("misskey:nakama:me", "p-takumi")]
        assert table.claim("shogatsu", 2027, other, now=100.0) == other
        assert table.claim("shogatsu", 2027, other, now=100.0 + CLAIM_TIMEOUT + 1) == other
        # a discarded answer makes its greetings unanswered again
        assert table.forget_answer(7) == 1
        assert table.claim("shogatsu", 2027, keys, now=200.0) == keys
    finally:
        db.close()


def test_sent_greetings_outlive_the_outbox_and_a_discarded_answer_is_forgotten(
    store: Store,
) -> None:
    """The outbox forgets sent messages after a month; the ledger keeps them. An answer
    discarded before it was sent makes its greeting unanswered again."""
    from app.services.ledger import LedgerService
    from app.services.session import Session
    from app.store.outbox import OutboxStore

    account = AccountRef(
        "misskey:nakama:me", "misskey", "http://nakama", "id-me", "me", "@me@nakama",
        frozenset(Audience), label="nakama",
    )  # fmt: skip
    outbox = OutboxStore(store)
    session = Session([_Adapter(account)], outbox_store=outbox)  # type: ignore[list-item]
    service = LedgerService(session, store, clock=tokyo(2027, 1, 2).timestamp)
    new_year = tokyo(2027, 1, 1, 0, 5).timestamp()
    to_haruka = outbox.add_message(
        {Audience.FRIENDS: "あけおめ！"}, [(account, Audience.FRIENDS)],
        kind=MessageKind.POST, now=new_year, recipients={account.key: ("id-haruka",)},
    )  # fmt: skip
    (target,) = outbox.targets(message_id=to_haruka)
    assert outbox.claim(target.id, pid=1, lease_until=new_year + 60, now=new_year)
    assert outbox.mark_sent(target.id, remote_id="n1", url=None, now=new_year)
    table = LedgerStore(store)
    table.add("shogatsu", 2027, [received("haruka"), received("mio")])
    mio = [("misskey:nakama:me", "p-mio")]
    assert table.claim("shogatsu", 2027, mio, now=1.0) == mio
    answer = outbox.add_message(
        {Audience.FRIENDS: "あけおめ！"}, [(account, Audience.FRIENDS)],
        kind=MessageKind.POST, now=new_year, recipients={account.key: ("id-mio",)},
    )  # fmt: skip
    table.answered("shogatsu", 2027, mio, answer)
    book = service.ledger("shogatsu", 2027)
    assert book.unanswered == () and len(book.sent) == 2

    assert outbox.prune_sent(before=new_year + 86400 * 60) == 1  # haruka's, a month on
    (waiting,) = outbox.targets(message_id=answer)
    assert outbox.discard(waiting.id)  # the answer to mio, never sent
    book = service.ledger("shogatsu", 2027)
    assert [s.greeting.recipient_ids for s in book.sent] == [("id-haruka",)]
    assert [r.greeting.sender_username for r in book.unanswered] == ["mio"]
