"""The outbox tables on a real SQLite file: rows survive reopening, a target is claimed by
one sender only, and every per-target operation keeps the others as they were."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.models import AccountRef, Audience, MediaUpload
from app.store.db import Store
from app.store.outbox import LATE, MessageKind, OutboxStore, TargetState


def _sandbox_account(
    network: str, port: int, user_id: str, server: str, audience: Audience
) -> AccountRef:
    """Our own account on a sandbox server that is not running (nothing here sends)."""
    base = f"http://127.0.0.1:{port}"
    return AccountRef(
        key=f"{network}:{base}:me",
        network=network,
        base_url=base,
        user_id=user_id,
        username="me",
        handle=f"@me@{server}",
        serves=frozenset({audience}),
        label=server,
        sandbox=True,
    )


PUBLIC = _sandbox_account("mastodon", 1, "1", "sora", Audience.PUBLIC)
FRIENDS = _sandbox_account("misskey", 2, "abc", "nakama", Audience.FRIENDS)
BOTH = [(PUBLIC, Audience.PUBLIC), (FRIENDS, Audience.FRIENDS)]
TEXTS = {Audience.PUBLIC: "皆さまへ", Audience.FRIENDS: "みんなへ！"}


def _outbox(path: Path) -> OutboxStore:
    return OutboxStore(Store(path))


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[OutboxStore]:
    """A fresh profile's outbox, closed after the test."""
    store = _outbox(tmp_path / "kizuna.db")
    try:
        yield store
    finally:
        store.store.close()


def test_messages_and_targets_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    outbox = _outbox(path)
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=100.0)
    keys = {t.audience: t.idempotency_key for t in outbox.targets(message_id=mid)}
    outbox.store.close()

    again = _outbox(path)
    targets = again.targets(message_id=mid)
    assert [(t.account.handle, t.audience, t.state) for t in targets] == [
        ("@me@sora", Audience.PUBLIC, TargetState.QUEUED),
        ("@me@nakama", Audience.FRIENDS, TargetState.QUEUED),
    ]
    # Each target carries only its own audience's text, and the key chosen at enqueue.
    assert {t.audience: t.text for t in targets} == TEXTS
    assert {t.audience: t.idempotency_key for t in targets} == keys
    assert len(set(keys.values())) == 2
    assert targets[0].account == PUBLIC
    message = again.message(mid)
    assert message is not None and message.texts == TEXTS and message.kind is MessageKind.POST
    again.store.close()


def test_schema_upgrades_a_version_one_profile(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE drafts (key TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at REAL NOT NULL);"
        "INSERT INTO settings VALUES ('ui.splitter', '[1, 2]');"
        "PRAGMA user_version=1;"
    )
    db.close()
    store = Store(path)
    assert store.schema_version >= 2
    assert store.get("ui.splitter") == [1, 2]
    assert OutboxStore(store).targets() == []
    store.close()


def test_a_target_is_claimed_by_one_sender_only(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    first, second = _outbox(path), _outbox(path)  # the app and the command line
    mid = first.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0)
    target = first.targets(message_id=mid)[0]
    assert first.claim(target.id, pid=111, lease_until=500.0, now=2.0)
    assert not second.claim(target.id, pid=222, lease_until=500.0, now=2.0)
    claimed = second.target(target.id)
    assert claimed is not None
    assert (claimed.state, claimed.attempts, claimed.first_attempt_at) == (
        TargetState.SENDING,
        1,
        2.0,
    )
    assert second.owner(target.id) == (111, 500.0)
    # Only the owner seen at the time may be replaced when the sender is gone.
    assert not second.recover(target.id, owner_pid=222, now=3.0)
    assert second.recover(target.id, owner_pid=111, now=3.0)
    recovered = second.target(target.id)
    assert recovered is not None and recovered.state is TargetState.QUEUED
    assert recovered.maybe_sent and recovered.idempotency_key == target.idempotency_key
    first.store.close()
    second.store.close()


def test_due_order_puts_safety_first_and_respects_schedules(outbox: OutboxStore) -> None:
    early = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=10.0)
    later = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=11.0, scheduled_at=500.0)
    safety = outbox.add_message(TEXTS, BOTH, kind=MessageKind.SAFETY, now=12.0)
    assert [t.message_id for t in outbox.due(20.0)] == [safety, safety, early, early]
    assert outbox.next_due_at() == 0.0
    assert [t.message_id for t in outbox.due(600.0)][-2:] == [later, later]


def test_sent_waiting_and_failed_each_keep_their_own_target(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0)
    public, friends = outbox.targets(message_id=mid)
    for t in (public, friends):
        assert outbox.claim(t.id, pid=1, lease_until=100.0, now=2.0)
    assert outbox.mark_sent(public.id, remote_id="42", url="http://127.0.0.1:1/@me/42", now=3.0)
    assert outbox.mark_waiting(
        friends.id,
        next_attempt_at=50.0,
        error_kind="offline",
        error_detail="ConnectError",
        maybe_sent=False,
        now=3.0,
    )
    assert [t.id for t in outbox.due(10.0)] == []
    assert [t.id for t in outbox.due(50.0)] == [friends.id]
    # A sent target is never due again, whatever happens to the others.
    assert not outbox.retry(public.id, now=4.0)
    assert not outbox.discard(public.id)
    assert outbox.retry(friends.id, now=4.0)
    assert [t.id for t in outbox.due(4.0)] == [friends.id]
    assert outbox.claim(friends.id, pid=1, lease_until=100.0, now=5.0)
    assert outbox.mark_stopped(
        friends.id,
        TargetState.FAILED,
        error_kind="signed_out",
        error_detail="HTTP 401",
        maybe_sent=False,
        now=6.0,
    )
    failed = outbox.target(friends.id)
    assert failed is not None and failed.state is TargetState.FAILED
    assert (failed.error_kind, failed.error_detail) == ("signed_out", "HTTP 401")
    sent = outbox.target(public.id)
    assert sent is not None and (sent.state, sent.remote_id) == (TargetState.SENT, "42")


def test_edit_gives_a_new_key_and_discard_forgets_only_that_target(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0)
    public, friends = outbox.targets(message_id=mid)
    assert outbox.edit(friends.id, "書き直したよ", now=2.0)
    edited = outbox.target(friends.id)
    assert edited is not None and edited.text == "書き直したよ"
    assert edited.idempotency_key != friends.idempotency_key
    message = outbox.message(mid)
    assert message is not None and message.texts[Audience.FRIENDS] == "書き直したよ"
    with pytest.raises(ValueError):
        outbox.edit(friends.id, "   ", now=2.0)
    assert outbox.discard(friends.id)
    assert [t.id for t in outbox.targets(message_id=mid)] == [public.id]
    assert outbox.discard(public.id)
    assert outbox.message(mid) is None


def test_a_target_needs_the_text_of_its_own_audience(outbox: OutboxStore) -> None:
    with pytest.raises(ValueError):
        outbox.add_message({Audience.PUBLIC: "公開だけ"}, BOTH, kind=MessageKind.POST, now=1.0)
    assert outbox.targets() == []


def test_hurry_makes_waiting_targets_due_but_not_rate_limited_ones(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0)
    public, friends = outbox.targets(message_id=mid)
    for t, kind in ((public, "rate_limited"), (friends, "offline")):
        assert outbox.claim(t.id, pid=1, lease_until=100.0, now=2.0)
        assert outbox.mark_waiting(
            t.id, next_attempt_at=900.0, error_kind=kind, error_detail="", maybe_sent=False, now=2.0
        )
    assert outbox.hurry(now=3.0) == 1
    assert [t.id for t in outbox.due(3.0)] == [friends.id]


CARD = MediaUpload(b"\x89PNG fake card bytes", "card.png", "image/png", "ケーキのカード")


def test_pictures_and_recipients_survive_reopening_on_friends_targets_only(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    outbox = _outbox(path)
    recipients = {PUBLIC.key: ["9"], FRIENDS.key: ["u1", "u2", "u1"]}
    mid = outbox.add_message(
        TEXTS, BOTH, kind=MessageKind.POST, now=1.0, media=(CARD, CARD), recipients=recipients
    )
    outbox.store.close()

    again = _outbox(path)
    targets = {t.audience: t for t in again.targets(message_id=mid)}
    # Chosen friends apply to the friends target only, never to a public one.
    assert targets[Audience.FRIENDS].recipients == ("u1", "u2")
    assert targets[Audience.PUBLIC].recipients == ()
    assert {t.media_count for t in targets.values()} == {2}
    assert again.media(mid) == [CARD, CARD]
    assert again.media(mid)[0].description == "ケーキのカード"
    again.store.close()


def test_media_ids_are_recorded_one_by_one_while_sending(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0, media=(CARD, CARD))
    public, friends = outbox.targets(message_id=mid)
    assert not outbox.add_media_id(public.id, "m1")  # only a target being sent
    assert outbox.claim(public.id, pid=1, lease_until=99.0, now=2.0)
    assert outbox.add_media_id(public.id, "m1")
    # A failure keeps the ids: the retry uploads only what is missing.
    outbox.mark_waiting(
        public.id,
        next_attempt_at=5.0,
        error_kind="offline",
        error_detail="",
        maybe_sent=False,
        now=3.0,
    )
    assert outbox.claim(public.id, pid=1, lease_until=99.0, now=6.0)
    assert outbox.add_media_id(public.id, "m2")
    assert outbox.target(public.id).media_ids == ("m1", "m2")  # type: ignore[union-attr]
    assert outbox.target(friends.id).media_ids == ()  # type: ignore[union-attr]


def test_a_missed_schedule_waits_for_the_user_then_goes_when_confirmed(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=1.0, scheduled_at=100.0)
    assert outbox.due(99.0) == []
    public, friends = outbox.due(5000.0)
    assert outbox.mark_late(public.id, now=5000.0) and outbox.mark_late(friends.id, now=5000.0)
    assert outbox.due(5000.0) == []
    late = outbox.targets(states=(TargetState.NEEDS_ATTENTION,))
    assert {t.error_kind for t in late} == {LATE}
    assert outbox.confirm_late(mid, now=5001.0) == 2
    due = outbox.due(5001.0)
    assert [t.id for t in due] == [public.id, friends.id]
    assert all(t.late_confirmed and t.error_kind is None for t in due)
    # A target already tried is not "late": it was sent on time and is retrying.
    assert outbox.claim(public.id, pid=1, lease_until=9e9, now=5002.0)
    outbox.mark_waiting(
        public.id,
        next_attempt_at=6000.0,
        error_kind="offline",
        error_detail="",
        maybe_sent=False,
        now=5002.0,
    )
    assert not outbox.mark_late(public.id, now=9000.0)


def test_schema_upgrades_a_version_two_profile_keeping_its_outbox(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    store = Store(path)
    store.connection.execute("PRAGMA user_version=2")
    store.connection.execute("DROP TABLE outbox_media")
    store.close()
    db = sqlite3.connect(path)
    # Undo migration 3's columns as a version-2 profile would be (SQLite ≥ 3.35).
    db.executescript(
        "ALTER TABLE outbox_targets DROP COLUMN recipients;"
        "ALTER TABLE outbox_targets DROP COLUMN media_ids;"
        "ALTER TABLE outbox_messages DROP COLUMN late_confirmed;"
        'INSERT INTO outbox_messages(created_at, texts) VALUES (1, \'{"public": "old"}\');'
        "INSERT INTO outbox_targets(message_id, account_key, account, audience, text, state,"
        " idempotency_key, updated_at) VALUES (1, 'k', '{}', 'public', 'old', 'queued', 'key', 1);"
    )
    db.close()
    outbox = _outbox(path)
    assert outbox.store.schema_version >= 3
    [old] = outbox.targets(message_id=1)
    assert (old.text, old.recipients, old.media_ids, old.media_count) == ("old", (), (), 0)
    outbox.store.close()


OPEN_CARD = MediaUpload(b"\x89PNG open card", "cake-public.png", "image/png", "ケーキのカード")
ADDRESSED = MediaUpload(
    b"\x89PNG addressed card", "cake-friends.png", "image/png", "ゆきさんへのケーキのカード"
)


def test_each_audience_gets_its_own_picture_and_never_the_other(tmp_path: Path) -> None:
    path = tmp_path / "kizuna.db"
    outbox = _outbox(path)
    mid = outbox.add_message(
        TEXTS,
        BOTH,
        kind=MessageKind.POST,
        now=1.0,
        media={Audience.PUBLIC: (OPEN_CARD,), Audience.FRIENDS: (ADDRESSED,)},
        recipients={FRIENDS.key: ["u1"]},
    )
    outbox.store.close()

    again = _outbox(path)
    targets = {t.audience: t for t in again.targets(message_id=mid)}
    assert {a: t.media_count for a, t in targets.items()} == {
        Audience.PUBLIC: 1,
        Audience.FRIENDS: 1,
    }
    assert again.media(mid, Audience.PUBLIC) == [OPEN_CARD]
    assert again.media(mid, Audience.FRIENDS) == [ADDRESSED]
    assert again.media(mid) == [ADDRESSED, OPEN_CARD]  # every picture of the message
    # Shared pictures (a plain sequence) still go to every target.
    shared = again.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=2.0, media=(CARD,))
    assert again.media(shared, Audience.PUBLIC) == again.media(shared, Audience.FRIENDS) == [CARD]
    again.store.close()


def test_a_target_moved_alone_keeps_only_its_own_audiences_picture(outbox: OutboxStore) -> None:
    mid = outbox.add_message(
        TEXTS,
        BOTH,
        kind=MessageKind.POST,
        now=1.0,
        scheduled_at=500.0,
        media={Audience.PUBLIC: (OPEN_CARD,), Audience.FRIENDS: (ADDRESSED,)},
    )
    public, _friends = outbox.targets(message_id=mid)
    # Rescheduling one target of a shared message gives it a copy of the message.
    assert outbox.reschedule(public.id, at=900.0, due_at=900.0, now=2.0)
    moved = outbox.target(public.id)
    assert moved is not None and moved.message_id != mid
    assert outbox.media(moved.message_id, Audience.PUBLIC) == [OPEN_CARD]
    assert moved.media_count == 1
    assert outbox.media(mid, Audience.FRIENDS) == [ADDRESSED]


def test_schema_upgrades_a_version_four_profile_whose_pictures_go_to_every_target(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kizuna.db"
    store = Store(path)
    store.close()
    db = sqlite3.connect(path)
    # A version-4 profile: pictures had no audience (SQLite ≥ 3.35 drops the column).
    db.executescript(
        "ALTER TABLE outbox_media DROP COLUMN audience;"
        "PRAGMA user_version=4;"
        'INSERT INTO outbox_messages(created_at, texts) VALUES (1, \'{"public": "old",'
        ' "friends": "old"}\');'
        "INSERT INTO outbox_media(message_id, position, filename, mime, description, data)"
        " VALUES (1, 0, 'card.png', 'image/png', 'カード', x'89504e47');"
        "INSERT INTO outbox_targets(message_id, account_key, account, audience, text, state,"
        " idempotency_key, updated_at) VALUES (1, 'a', '{}', 'public', 'old', 'queued', 'k1', 1),"
        " (1, 'b', '{}', 'friends', 'old', 'queued', 'k2', 1);"
    )
    db.close()
    outbox = _outbox(path)
    assert outbox.store.schema_version >= 5
    old = MediaUpload(b"\x89PNG", "card.png", "image/png", "カード")
    assert outbox.media(1, Audience.PUBLIC) == outbox.media(1, Audience.FRIENDS) == [old]
    assert {t.media_count for t in outbox.targets(message_id=1)} == {1}
    outbox.store.close()


def test_a_request_start_is_kept_until_the_next_request(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=100.0)
    target = outbox.targets(message_id=mid)[1]
    assert outbox.target(target.id).request_started_at is None  # type: ignore[union-attr]
    assert outbox.claim(target.id, pid=1, lease_until=400.0, now=100.0)
    # Claimed, but no request left: nothing of it can be on the server.
    assert outbox.target(target.id).request_started_at is None  # type: ignore[union-attr]
    assert outbox.request_started(target.id, at=101.0)
    assert outbox.mark_waiting(
        target.id, next_attempt_at=200.0, error_kind="timeout", error_detail="",
        maybe_sent=True, now=131.0,
    )  # fmt: skip
    # A later claim (a look-up, say) keeps the start of the request that may have landed.
    assert outbox.claim(target.id, pid=1, lease_until=500.0, now=200.0)
    again = outbox.target(target.id)
    assert again is not None and again.request_started_at == 101.0 and again.maybe_sent
    assert not outbox.request_started(outbox.targets(message_id=mid)[0].id, at=1.0)  # not sending


def test_remote_ids_claimed_by_other_rows(outbox: OutboxStore) -> None:
    first = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=100.0)
    second = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=110.0)
    for target in outbox.targets(message_id=first):
        assert outbox.claim(target.id, pid=1, lease_until=400.0, now=100.0)
        assert outbox.mark_sent(target.id, remote_id=f"r{target.id}", url=None, now=101.0)
    mine = outbox.targets(message_id=second)[1]
    assert outbox.claimed_remote_ids(besides=mine.id) == {
        f"r{t.id}" for t in outbox.targets(message_id=first)
    }


def test_hurry_leaves_a_wait_for_a_request_in_transit(outbox: OutboxStore) -> None:
    mid = outbox.add_message(TEXTS, BOTH, kind=MessageKind.POST, now=100.0)
    public, friends = outbox.targets(message_id=mid)
    for target, kind in ((public, "offline"), (friends, "in_transit")):
        assert outbox.claim(target.id, pid=1, lease_until=400.0, now=100.0)
        assert outbox.mark_waiting(
            target.id, next_attempt_at=500.0, error_kind=kind, error_detail="",
            maybe_sent=True, now=100.0,
        )  # fmt: skip
    assert outbox.hurry(now=200.0) == 1
    assert [t.id for t in outbox.due(200.0)] == [public.id]
