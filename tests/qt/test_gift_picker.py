"""The gift picker's list of friends: in the order a Japanese reader looks for a name (by
display name, kana in gojūon order, not by the romaji username), with the same order when
Qt has no Japanese collation, and a restored choice scrolled into view."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.core.models import Audience, Friend
from app.ui import gift_draft
from app.ui.gift_picker import GiftPicker, friends_in_display_order

ACCOUNT = "misskey:http://127.0.0.1:4002:me"


def friend(username: str, display_name: str) -> Friend:
    return Friend(ACCOUNT, f"u-{username}", username, f"@{username}@nakama", display_name)


# Romaji order (a…z) is far from the names' order: the test fails if the list keeps it.
MIXED = [
    friend("aoi", "渡辺"),
    friend("bunta", "ｻｸﾗ"),  # half-width katakana: sorts as さくら
    friend("chika", "はる"),
    friend("daichi", "カナ"),
    friend("emi", "あおい"),
    friend("fumi", "Yuki"),
    friend("gen", ""),  # no display name: the username stands in
    friend("hana", "そら"),
]


def names(friends: list[Friend]) -> list[str]:
    return [f.display_name or f.username for f in friends]


def test_friends_are_ordered_by_display_name_in_gojuon_order() -> None:
    ordered = names(friends_in_display_order(MIXED))
    kana = [n for n in ordered if n in ("あおい", "カナ", "ｻｸﾗ", "そら", "はる")]
    assert kana == ["あおい", "カナ", "ｻｸﾗ", "そら", "はる"]  # hiragana and katakana mixed
    assert ordered.index("はる") < ordered.index("渡辺")  # kana before kanji
    assert ordered.index("gen") < ordered.index("Yuki") < ordered.index("あおい")


def test_without_japanese_collation_kana_still_sort_together(monkeypatch) -> None:
    # A Qt build that collates by code point only: the fallback key folds katakana and
    # half-width forms, so the kana order is the same and kanji still come last.
    monkeypatch.setattr(gift_draft, "_japanese_collator", lambda: None)
    ordered = names(friends_in_display_order(MIXED))
    assert ordered == ["gen", "Yuki", "あおい", "カナ", "ｻｸﾗ", "そら", "はる", "渡辺"]


@pytest.fixture
def many_friends() -> list[Friend]:
    # Thirty friends: the list shows five, so the last ones are far below at first.
    gojuon = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほ"
    return [friend(f"user{i:02d}", f"{kana}{kana}") for i, kana in enumerate(reversed(gojuon))]


def test_restored_recipients_are_in_view_and_listed_in_order(
    qtbot, qloop, many_friends: list[Friend]
) -> None:
    async def source() -> list[Friend]:
        return list(many_friends)

    picker = GiftPicker(friends=source, today=lambda: dt.date(2026, 12, 20))
    qtbot.addWidget(picker)
    picker.set_occasion("christmas")
    assert picker.select_gift(picker.offered()[0].key)
    picker.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    picker.show()
    loaded = qloop.run_until_complete(picker.load_friends())
    assert names(loaded)[:3] == ["ああ", "いい", "うう"]  # not the source's (romaji) order
    listed = [picker.friends_list.item(i).text().split()[0] for i in range(len(loaded))]
    assert listed == names(loaded)

    # A draft reopened with two friends near the end: the first of them is in view.
    picker.choose_friends(["u-user00", "u-user02"])  # ほほ and ふふ
    qtbot.waitUntil(picker.friends_list.isVisible)
    first = picker.friends_list.item(names(loaded).index("ふふ"))
    assert first.checkState() == Qt.CheckState.Checked
    viewport = picker.friends_list.viewport().rect()
    shown = picker.friends_list.visualItemRect(first)
    assert viewport.contains(shown.topLeft()) and shown.height() > 0
    assert picker.friends_list.visualItemRect(picker.friends_list.item(0)).bottom() < 0
    assert names(list(picker.recipients())) == ["ふふ", "ほほ"]
    assert picker.recipient_name(Audience.FRIENDS) == "ふふさん、ほほさん"


def test_friends_that_cannot_load_are_explained_by_reason_not_by_exception_name(
    qtbot, qloop
) -> None:
    from app.core.errors import ErrorKind, NetworkError

    async def source() -> list[Friend]:
        raise NetworkError(ErrorKind.TIMEOUT, "read timed out after 10.0 s")

    picker = GiftPicker(friends=source, today=lambda: dt.date(2026, 12, 20))
    qtbot.addWidget(picker)
    picker.set_occasion("christmas")
    assert picker.select_gift(picker.offered()[0].key)
    picker.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    picker.show()
    assert qloop.run_until_complete(picker.load_friends()) == []
    shown = picker.friends_status.text()
    assert shown.startswith("Could not load your friends: ")
    assert "NetworkError" not in shown and "read timed out" not in shown
    assert "took too long to answer" in shown  # the reason's own words (ErrorKind.TIMEOUT)
