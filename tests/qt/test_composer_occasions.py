"""The composer's heart, on 2026-12-20: クリスマス fills a polite public text and a casual
friends text with tags on their last line, each counted against its own networks; a ケーキ
card for two friends; a schedule for 12/24 21:00 JST; Ctrl+Enter sends the Draft; queued
and failed lines offer Retry / Edit / Discard; 喪中 hides クリスマス."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, QTimeZone
from PySide6.QtGui import QInputMethodEvent

from app.core.models import Audience, Friend
from app.i18n import translators
from app.services.catalogues import shipped
from app.ui.composer import Composer, Draft, TargetInfo
from app.ui.occasion_picker import occasion_label

TODAY = dt.date(2026, 12, 20)
PUBLIC = TargetInfo("pub", "@me@sora", "mastodon", Audience.PUBLIC, 500, "graphemes")
FRIENDS = TargetInfo("fr", "@me@nakama", "misskey", Audience.FRIENDS, 3000, "utf16")
ACCOUNT = "misskey:http://127.0.0.1:4002:me"
YUKI = Friend(ACCOUNT, "u-yuki", "yuki", "@yuki@nakama", "ゆき")
HARU = Friend(ACCOUNT, "u-haru", "haru", "@haru@nakama", "はる")
SORA = Friend(ACCOUNT, "u-sora", "sora", "@sora@nakama", "そら")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cake_key() -> str:
    (cake,) = [g for g in shipped().gifts_for("christmas") if "ケーキ" in g.name_ja]
    return cake.key


class FakeSend:
    """The lead's send_draft stand-in: records Drafts, reports each target's outcome."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.outcomes: dict[str, tuple[str, str, int | None]] = {}
        self.composer: Composer | None = None
        self.friends_calls = 0

    def targets(self, audiences: frozenset[Audience]) -> list[TargetInfo]:
        return [t for t in (PUBLIC, FRIENDS) if t.audience in audiences]

    async def friends(self) -> list[Friend]:
        self.friends_calls += 1
        return [YUKI, HARU, SORA]

    async def __call__(self, draft: Draft) -> None:
        self.drafts.append(draft)
        assert self.composer is not None
        for target in self.targets(frozenset(draft.texts)):
            state, detail, outbox_id = self.outcomes.get(target.key, ("sent", "", None))
            self.composer.update_target(target.key, state, detail, None, outbox_id)


@pytest.fixture
def fake() -> FakeSend:
    return FakeSend()


def make(qtbot, fake: FakeSend, *, mourning: bool = False) -> Composer:
    c = Composer(
        targets=fake.targets,
        send_draft=fake,
        friends=fake.friends,
        today=lambda: TODAY,
        mourning=mourning,
        audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    )
    fake.composer = c
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    return c


@pytest.fixture
def composer(qtbot, qloop, fake: FakeSend) -> Composer:
    return make(qtbot, fake)


def settle(qloop, composer: Composer) -> None:
    qloop.run_until_complete(composer.wait_sent())


def last_line(text: str) -> str:
    return text.rstrip().split("\n")[-1]


def test_christmas_fills_polite_public_and_casual_friends_texts(qtbot, composer) -> None:
    christmas = [o for o in composer.occasion_picker.occasions() if o.key == "christmas"]
    assert christmas and occasion_label(christmas[0], TODAY) == "Christmas · in 4 days"
    combo = composer.occasion_picker.combo
    combo.setCurrentIndex(combo.findData("christmas"))  # as a user picks it
    texts = composer.texts()
    public, friends = texts[Audience.PUBLIC], texts[Audience.FRIENDS]
    assert public != friends
    assert "お過ごしください" in public  # です・ます for everyone
    assert "メリクリ" in friends.split("\n")[0]  # casual for friends
    assert last_line(public) == "#メリークリスマス #メリクリ"
    assert last_line(friends) == "#メリークリスマス #メリクリ"
    assert not composer.same_text()
    assert composer.public_pane.isVisible() and composer.friends_pane.isVisible()
    assert composer.public_pane.title.isVisible()

    # Each editor is counted against its own target's network.
    counts = composer.counts()
    assert counts["pub"].used == len(public)  # no emoji: graphemes == code points
    assert counts["fr"].used == len(friends.encode("utf-16-le")) // 2
    assert counts["pub"].used != counts["fr"].used
    # Typing (and composing) in the friends editor moves only the friends counter.
    composer.friends_edit.setFocus()
    before = composer.counts()
    QCoreApplication.sendEvent(composer.friends_edit, QInputMethodEvent("あいう", []))
    assert composer.counts()["fr"].used == before["fr"].used + 3
    assert composer.counts()["pub"].used == before["pub"].used
    commit = QInputMethodEvent("", [])
    commit.setCommitString("")
    QCoreApplication.sendEvent(composer.friends_edit, commit)

    # Another template gives other words, still with the tags on the last line.
    qtbot.mouseClick(composer.occasion_picker.another_button, Qt.MouseButton.LeftButton)
    assert composer.texts()[Audience.PUBLIC] != public
    assert last_line(composer.texts()[Audience.FRIENDS]) == "#メリークリスマス #メリクリ"


def test_tag_chips_insert_on_the_last_line_of_the_editor_in_use(qtbot, composer) -> None:
    composer.choose_occasion("christmas")
    assert composer.gift_picker.select_gift(cake_key())
    chips = composer.tag_chips.buttons
    assert set(chips) == {"メリークリスマス", "メリクリ", "クリスマスケーキ"}
    composer.friends_edit.setFocus()
    composer.friends_edit.replace_text("ケーキ食べた？")
    qtbot.mouseClick(chips["クリスマスケーキ"], Qt.MouseButton.LeftButton)
    assert composer.texts()[Audience.FRIENDS] == "ケーキ食べた？\n#クリスマスケーキ"
    assert "#クリスマスケーキ" not in composer.texts()[Audience.PUBLIC]
    qtbot.mouseClick(chips["メリクリ"], Qt.MouseButton.LeftButton)  # joins the tag line
    assert last_line(composer.texts()[Audience.FRIENDS]) == "#クリスマスケーキ #メリクリ"


def test_cake_card_for_two_friends_is_in_the_draft(qtbot, qloop, composer, fake) -> None:
    composer.choose_occasion("christmas")
    picker = composer.gift_picker
    assert [g.key for g in picker.offered()] == [g.key for g in shipped().gifts_for("christmas")]
    assert picker.select_gift(cake_key())
    assert picker.preview.pixmap() is not None and not picker.preview.pixmap().isNull()
    assert "クリスマスケーキ" in picker.alt_text(Audience.PUBLIC)
    loaded = qloop.run_until_complete(picker.load_friends())
    assert loaded == [SORA, HARU, YUKI]  # by name in gojūon order, not by romaji username
    picker.choose_friends(["u-yuki", "u-haru"])
    # The friends card's alt follows the recipients; the public card names nobody.
    assert "はるさん、ゆきさんへの" in picker.alt_text(Audience.FRIENDS)
    assert picker.shown_audience() is Audience.FRIENDS and picker.card_tabs.isVisible()
    assert "ゆき" not in picker.alt_text(Audience.PUBLIC)
    friends_alt = picker.alt_edits[Audience.FRIENDS]
    friends_alt.setPlainText(friends_alt.toPlainText() + "ろうそくは三本。")  # the user's words win
    picker.choose_friends(["u-yuki", "u-haru"])
    assert picker.alt_text(Audience.FRIENDS).endswith("ろうそくは三本。")
    assert not picker.alt_text(Audience.PUBLIC).endswith("ろうそくは三本。")

    draft = composer.draft()
    assert draft.occasion_key == "christmas"
    assert draft.gift is not None
    assert draft.gift.gift_key == cake_key()
    public, friends = draft.gift.cards
    assert (public.audience, friends.audience) == (Audience.PUBLIC, Audience.FRIENDS)
    for card in (public, friends):
        assert card.png.startswith(PNG_SIGNATURE) and len(card.png) > 10_000
    assert public.png != friends.png  # two cards, not one shown to both
    assert public.recipient == "" and friends.recipient == "はるさん、ゆきさん"
    assert friends.alt.endswith("ろうそくは三本。")
    assert "ゆき" not in public.alt and "はる" not in public.alt
    assert draft.gift.recipients == (HARU, YUKI)
    media = draft.gift.media()
    assert media[Audience.PUBLIC][0].data == public.png
    assert media[Audience.FRIENDS][0].description == friends.alt

    # A card for chosen friends needs the friends audience.
    composer.set_audiences({Audience.PUBLIC})
    assert not composer.can_send()
    assert composer.gift_hint.isVisible() and "Friends" in composer.gift_hint.text()
    assert not picker.card_tabs.isVisible()  # one audience, one card
    composer.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    assert composer.can_send()
    picker.choose_friends([])
    assert not composer.can_send()  # nobody ticked
    picker.open_radio.setChecked(True)
    assert composer.can_send() and composer.draft().gift.recipients == ()
    open_public, open_friends = composer.draft().gift.cards
    assert open_public.png == open_friends.png  # an open card is the same for everyone


class Prefs(dict):  # type: ignore[type-arg]
    """The Store's get/set, in memory."""

    def set(self, key: str, value: object) -> None:
        self[key] = value


def test_message_and_sender_are_edited_and_the_preview_follows_after_a_pause(
    qtbot, qloop, fake
) -> None:
    prefs = Prefs()
    composer = Composer(
        targets=fake.targets,
        send_draft=fake,
        friends=fake.friends,
        today=lambda: TODAY,
        audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
        prefs=prefs,
    )
    fake.composer = composer
    qtbot.addWidget(composer)
    composer.show()
    qtbot.waitExposed(composer)
    composer.choose_occasion("christmas")
    picker = composer.gift_picker
    picker.select_gift(cake_key())
    cake = shipped().gift(cake_key())
    assert picker.message_edit.toPlainText() == cake.message_ja  # the gift's own words
    renders: list[int] = []
    picker.previewRendered.connect(lambda: renders.append(1))
    before = picker.preview.pixmap().toImage()

    # Typing is never held up by painting: no render per key, one after the pause.
    picker.message_edit.setFocus()
    picker.message_edit.selectAll()
    qtbot.keyClicks(picker.message_edit, "Merry")
    # Japanese arrives through the input method: preedit first, then the commit.
    QCoreApplication.sendEvent(picker.message_edit, QInputMethodEvent("よいおとしを", []))
    commit = QInputMethodEvent("", [])
    commit.setCommitString("よいお年を！")
    QCoreApplication.sendEvent(picker.message_edit, commit)
    assert picker.message_edit.toPlainText() == "Merryよいお年を！"
    assert renders == [] and picker.preview_timer.isActive()
    qtbot.waitUntil(lambda: renders == [1], timeout=3000)
    assert picker.preview.pixmap().toImage() != before
    assert picker.alt_text(Audience.PUBLIC).endswith("メッセージ：「Merryよいお年を！」")

    composer.another_template()  # templates with a {sender} line
    assert "Haru" not in composer.texts()[Audience.PUBLIC]
    qtbot.keyClicks(picker.sender_edit, "Haru")
    assert renders == [1]
    qtbot.waitUntil(lambda: len(renders) == 2, timeout=3000)
    assert prefs["prefs.sender_name"] == "Haru"  # remembered for next time
    # The sender signs both cards, their alt texts and the greeting's {sender} line.
    assert picker.alt_text(Audience.FRIENDS).endswith("（Haruより）")
    texts = composer.texts()
    assert "\nHaru\n" in texts[Audience.PUBLIC]  # filled again: the user had not touched it
    assert "Haruより" in texts[Audience.FRIENDS]

    draft = composer.draft()
    assert draft.gift is not None
    assert (draft.gift.message, draft.gift.sender) == ("Merryよいお年を！", "Haru")
    # Another gift keeps the user's own message.
    picker.select_gift(next(g.key for g in picker.offered() if g.key != cake_key()))
    assert picker.message() == "Merryよいお年を！"

    # A text the user changed is left alone when the sender changes.
    composer.public_edit.replace_text("自分の言葉で")
    picker.set_sender_name("ハル")
    picker.refresh_now()
    assert composer.texts()[Audience.PUBLIC] == "自分の言葉で"
    assert prefs["prefs.sender_name"] == "ハル"

    # The next composer starts with the remembered name.
    again = Composer(targets=fake.targets, send_draft=fake, today=lambda: TODAY, prefs=prefs)
    qtbot.addWidget(again)
    assert again.gift_picker.sender_name() == "ハル"


def test_a_message_too_long_for_the_card_cannot_be_sent(qtbot, composer) -> None:
    composer.choose_occasion("christmas")
    picker = composer.gift_picker
    picker.select_gift(cake_key())
    picker.set_message("あ" * 201)
    picker.refresh_now()
    assert not composer.can_send()
    assert composer.gift_hint.isVisible() and "200" in composer.gift_hint.text()
    picker.set_message("メリークリスマス")
    picker.refresh_now()
    assert composer.can_send()


def test_schedule_for_christmas_eve_is_an_aware_datetime(qtbot, composer) -> None:
    assert composer.scheduled_at() is None  # send now by default
    composer.choose_occasion("christmas")
    qtbot.mouseClick(composer.at_radio, Qt.MouseButton.LeftButton)
    expected = dt.datetime(2026, 12, 24, 12, tzinfo=dt.UTC)
    at = composer.scheduled_at()  # the sensible default for Christmas Eve
    assert at == expected and at.utcoffset() == dt.timedelta(hours=9)
    assert composer.send_button.text() == "Schedule"
    # A user typing 12/24 21:00 (shown in Japan time) gets the same moment.
    composer.at_edit.setDateTime(QDateTime(QDate(2026, 12, 23), QTime(8, 0), QTimeZone(9 * 3600)))
    assert composer.scheduled_at() == dt.datetime(2026, 12, 22, 23, tzinfo=dt.UTC)
    composer.at_edit.setDateTime(QDateTime(QDate(2026, 12, 24), QTime(21, 0), QTimeZone(9 * 3600)))
    assert composer.scheduled_at() == expected
    assert composer.draft().at == expected
    composer.schedule_at(None)
    assert composer.draft().at is None and composer.send_button.text() == "Send"
    composer.schedule_at(dt.datetime(2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=9))))
    assert composer.scheduled_at() == dt.datetime(2026, 12, 31, 15, tzinfo=dt.UTC)


def test_ctrl_enter_sends_the_draft_from_either_editor(qtbot, qloop, composer, fake) -> None:
    composer.choose_occasion("christmas")
    composer.gift_picker.select_gift(cake_key())
    texts = composer.texts()
    composer.friends_edit.setFocus()
    qtbot.keyClick(composer.friends_edit, Qt.Key.Key_Return)  # plain Enter: a new line
    qtbot.keyClick(composer.public_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    settle(qloop, composer)
    assert fake.drafts == []
    assert composer.texts()[Audience.FRIENDS] == texts[Audience.FRIENDS] + "\n"
    qtbot.keyClick(composer.friends_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, composer)
    (draft,) = fake.drafts
    assert dict(draft.texts) == {
        Audience.PUBLIC: texts[Audience.PUBLIC] + "\n",
        Audience.FRIENDS: texts[Audience.FRIENDS] + "\n",
    }
    assert draft.gift is not None and draft.gift.recipients == ()
    assert draft.at is None and draft.occasion_key == "christmas"
    assert composer.target_states() == {"pub": "sent", "fr": "sent"}
    assert composer.texts() == {Audience.PUBLIC: "", Audience.FRIENDS: ""}
    assert composer.gift_picker.gift() is None


def test_queued_and_failed_lines_offer_retry_edit_discard(qtbot, qloop, composer, fake) -> None:
    composer.choose_occasion("christmas")
    sent_texts = composer.texts()
    fake.outcomes = {
        "pub": ("queued", "the server is busy", 41),
        "fr": ("failed", "the note was refused", 42),
    }
    composer.send_now()
    settle(qloop, composer)
    assert composer.target_states() == {"pub": "queued", "fr": "failed"}
    assert "waiting — the server is busy, will retry" in composer.status_text("pub")
    assert "failed — the note was refused" in composer.status_text("fr")
    for key in ("pub", "fr"):
        buttons = composer.status_buttons(key)
        assert all(b.isVisible() for b in buttons.values())

    with qtbot.waitSignal(composer.retryRequested) as retried:
        qtbot.mouseClick(composer.status_buttons("pub")["retry"], Qt.MouseButton.LeftButton)
    assert retried.args == [41]
    composer.friends_edit.replace_text("書き直し中")
    with qtbot.waitSignal(composer.editRequested) as edited:
        qtbot.mouseClick(composer.status_buttons("fr")["edit"], Qt.MouseButton.LeftButton)
    assert edited.args == [42]
    assert composer.texts()[Audience.FRIENDS] == sent_texts[Audience.FRIENDS]
    with qtbot.waitSignal(composer.discardRequested) as discarded:
        qtbot.mouseClick(composer.status_buttons("fr")["discard"], Qt.MouseButton.LeftButton)
    assert discarded.args == [42]
    assert "discarded" in composer.status_text("fr")
    assert not composer.status_buttons("fr")["retry"].isVisible()

    # Sent and scheduled lines have no buttons; a schedule says when, in Japan time.
    composer.update_target("pub", "sent", "", "https://sora.example/1", 41)
    assert not composer.status_buttons("pub")["retry"].isVisible()
    at = dt.datetime(2026, 12, 24, 12, tzinfo=dt.UTC)
    composer.update_target("fr", "scheduled", "", None, 42, at=at)
    assert "scheduled for" in composer.status_text("fr")
    assert QLocale().toString(QTime(21, 0), QLocale.FormatType.ShortFormat) in (
        composer.status_text("fr")
    )
    assert not composer.status_buttons("fr")["discard"].isVisible()


def test_mourning_hides_christmas(qtbot, qloop, fake) -> None:
    c = make(qtbot, fake, mourning=True)
    keys = [o.key for o in c.occasion_picker.occasions()]
    assert "christmas" not in keys and "kanchu" in keys
    assert not c.choose_occasion("christmas")
    c.set_mourning(False)
    assert c.choose_occasion("christmas")
    c.set_mourning(True)
    assert c.occasion() is None and c.gift_picker.gift() is None


def test_japanese_labels(qtbot, qapp, qloop, tmp_path: Path, fake) -> None:
    previous = QLocale()
    installed = translators.install(qapp, "ja", cache_dir=tmp_path)
    try:
        c = make(qtbot, fake)
        c.choose_occasion("christmas")
        assert c.occasion_picker.combo.currentText() == "クリスマス・あと4日"
        assert c.public_pane.title.text() == "公開（ていねい）"
        assert c.friends_pane.title.text() == "友だち（カジュアル）"
        assert c.same_text_box.text() == "両方に同じ文を送る"
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)


def test_friends_text_names_the_chosen_friends_and_the_public_text_never_does(
    qtbot, qloop, composer
) -> None:
    composer.choose_occasion("christmas")
    picker = composer.gift_picker
    assert picker.select_gift(cake_key())
    qloop.run_until_complete(picker.load_friends())
    composer.another_template()  # the templates with a {recipient} line
    assert not composer.texts()[Audience.FRIENDS].startswith("へ")  # an open card: no line
    picker.choose_friends(["u-yuki", "u-haru"])
    friends = composer.texts()[Audience.FRIENDS]
    assert friends.split("\n")[0] == "はる、ゆきへ"  # filled again: the text was untouched
    assert last_line(friends) == "#メリークリスマス #メリクリ"
    # Every template, in both registers: the public text names nobody, the friends text
    # names exactly the chosen friends wherever its template has a {recipient} line.
    entry = shipped().entry("christmas")
    for _ in range(max(len(entry.polite), len(entry.casual))):
        composer.another_template()
        public, friends = composer.texts()[Audience.PUBLIC], composer.texts()[Audience.FRIENDS]
        for name in ("ゆき", "はる", "そら", "yuki", "haru"):
            assert name not in public, public
        assert "様\n" not in public and not public.startswith("様")
        template = entry.casual[composer.template_index() % len(entry.casual)]
        assert ("はる、ゆきへ" in friends) == ("{recipient}" in template), friends
        assert "そら" not in friends
    while "{recipient}" not in entry.casual[composer.template_index() % len(entry.casual)]:
        composer.another_template()
    # Ticking a third friend renames; four or more are greeted at once.
    picker.choose_friends(["u-yuki", "u-haru", "u-sora"])
    assert composer.texts()[Audience.FRIENDS].startswith("そら、はる、ゆきへ\n")
    # Back to an open card: the name line goes.
    picker.open_radio.setChecked(True)
    assert "へ\n" not in composer.texts()[Audience.FRIENDS].split("\n")[0] + "\n"
    assert "ゆき" not in composer.texts()[Audience.FRIENDS]
    # The user's own words are never rewritten by a change of recipients.
    picker.choose_friends(["u-yuki"])
    assert composer.texts()[Audience.FRIENDS].startswith("ゆきへ\n")
    composer.friends_edit.replace_text("ゆきへ\nケーキ一緒に食べよう")
    picker.choose_friends(["u-haru"])
    assert composer.texts()[Audience.FRIENDS] == "ゆきへ\nケーキ一緒に食べよう"
    # The draft: the public text and card name nobody, the friends card is addressed.
    draft = composer.draft()
    assert draft.gift is not None and draft.gift.recipients == (HARU,)
    assert "はる" not in draft.texts[Audience.PUBLIC]
    assert draft.gift.card(Audience.PUBLIC).recipient == ""


def test_nothing_rewrites_a_text_under_an_open_ime_composition(qtbot, qloop, composer) -> None:
    composer.choose_occasion("christmas")
    picker = composer.gift_picker
    picker.select_gift(cake_key())
    qloop.run_until_complete(picker.load_friends())
    composer.friends_edit.setFocus()
    before = composer.texts()
    QCoreApplication.sendEvent(composer.friends_edit, QInputMethodEvent("めりく", []))
    assert composer.friends_edit.composing()
    counted = composer.counts()["fr"].used
    assert counted == len((before[Audience.FRIENDS] + "めりく").encode("utf-16-le")) // 2
    # Another template, a tag chip, the recipients, the occasion again: the friends text
    # (committed part and preedit alike) stays as the input method left it.
    composer.another_template()
    assert composer.texts()[Audience.PUBLIC] != before[Audience.PUBLIC]  # not composing
    composer.insert_tag("クリスマスケーキ")
    picker.choose_friends(["u-yuki", "u-haru"])
    composer.choose_occasion("christmas")
    assert composer.friends_edit.toPlainText() == before[Audience.FRIENDS]
    assert composer.friends_edit.preedit_text() == "めりく"
    assert composer.counts()["fr"].used == counted
    commit = QInputMethodEvent("", [])
    commit.setCommitString("メリク")
    QCoreApplication.sendEvent(composer.friends_edit, commit)
    assert not composer.friends_edit.composing()
    assert "メリク" in composer.texts()[Audience.FRIENDS]
