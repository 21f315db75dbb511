"""Composer: Ctrl+Enter sends, plain Enter and IME confirmation never do, counters per
target, audiences can't all be off, one status line per target, text never lost; and the
Japanese UI actually loads from translations/kizuna_ja.ts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QInputMethodEvent

from app.core.models import Audience, Limits
from app.i18n import translators
from app.ui.composer import Composer, TargetInfo

PUBLIC = TargetInfo("pub", "@me@sora", "mastodon", Audience.PUBLIC, 500, "graphemes")
FRIENDS = TargetInfo("fr", "@me@nakama", "misskey", Audience.FRIENDS, 10, "utf16")


class FakeSend:
    """Stands in for the lead's send coroutine: records the call, reports per target."""

    def __init__(self, outcomes: dict[str, tuple[str, str, str | None]] | None = None) -> None:
        self.calls: list[dict[Audience, str]] = []
        self.outcomes = outcomes or {}
        self.composer: Composer | None = None
        self.error: Exception | None = None

    def targets(self, audiences: frozenset[Audience]) -> list[TargetInfo]:
        return [t for t in (PUBLIC, FRIENDS) if t.audience in audiences]

    async def __call__(self, texts: dict[Audience, str]) -> None:
        self.calls.append(dict(texts))
        if self.error is not None:
            raise self.error
        assert self.composer is not None
        for target in self.targets(frozenset(texts)):
            state, detail, url = self.outcomes.get(
                target.key, ("sent", "", f"https://{target.key}.example/1")
            )
            self.composer.update_target(target.key, state, detail, url)


@pytest.fixture
def fake() -> FakeSend:
    return FakeSend()


@pytest.fixture
def composer(qtbot, qloop, fake: FakeSend) -> Composer:
    c = Composer(targets=fake.targets, send=fake, audiences=frozenset({Audience.PUBLIC}))
    fake.composer = c
    qtbot.addWidget(c)
    c.show()
    qtbot.waitExposed(c)
    c.edit.setFocus()
    return c


def settle(qloop, composer: Composer) -> None:
    qloop.run_until_complete(composer.wait_sent())


def preedit(composer: Composer, text: str) -> None:
    QCoreApplication.sendEvent(composer.edit, QInputMethodEvent(text, []))


def commit(composer: Composer, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(composer.edit, event)


def test_ctrl_enter_sends_to_the_chosen_audiences(qtbot, qloop, composer, fake) -> None:
    composer.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    composer.set_text("メリクリ")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, composer)
    assert fake.calls == [{Audience.PUBLIC: "メリクリ", Audience.FRIENDS: "メリクリ"}]
    composer.set_audiences({Audience.FRIENDS})
    composer.set_text("内緒")
    # The keypad's Enter with Ctrl, too.
    qtbot.keyClick(
        composer.edit,
        Qt.Key.Key_Enter,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
    )
    settle(qloop, composer)
    assert fake.calls[1] == {Audience.FRIENDS: "内緒"}


def test_plain_enter_never_sends(qtbot, qloop, composer, fake) -> None:
    composer.set_text("一行目")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    qtbot.keyClick(composer.edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    settle(qloop, composer)
    assert fake.calls == []
    assert not composer.sending()
    assert composer.text() == "一行目\n\n"


def test_enter_during_ime_composition_does_not_send(qtbot, qloop, composer, fake) -> None:
    composer.set_text("きょうは")
    preedit(composer, "てんき")
    assert composer.edit.composing()
    assert composer.edit.preedit_text() == "てんき"
    # While composing, neither Enter nor Ctrl+Enter is taken from the input method.
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, composer)
    assert fake.calls == []
    commit(composer, "天気")  # Enter confirmed the conversion
    assert not composer.edit.composing()
    assert composer.text() == "きょうは天気"
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qloop, composer)
    assert fake.calls == [{Audience.PUBLIC: "きょうは天気"}]


def test_counters_per_target_and_over_limit(qtbot, composer) -> None:
    composer.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    labels = composer.counter_labels()
    assert set(labels) == {"pub", "fr"}
    qtbot.keyClicks(composer.edit, "hello")
    assert labels["pub"].text() == "@me@sora 5/500"
    assert labels["fr"].text() == "@me@nakama 5/10"
    assert composer.send_button.isEnabled()
    # The IME preedit counts already (Misskey counts what will be committed).
    preedit(composer, "あいう")
    assert composer.counts()["fr"].used == 8
    commit(composer, "あいう")
    composer.edit.insertPlainText("😀😀")  # two UTF-16 units each on Misskey
    assert composer.counts()["fr"].used == 12
    assert composer.counts()["pub"].used == 10
    assert labels["fr"].property("over") is True
    assert labels["pub"].property("over") is False
    assert not composer.send_button.isEnabled()
    # Why Send is off, in words, naming the network and the account.
    assert composer.limit_hint.isVisible()
    assert composer.limit_hint.text() == (
        "Too long for Misskey (@me@nakama): 12 of 10. Shorten it to send."
    )
    assert labels["fr"].toolTip() == composer.limit_hint.text()
    composer.set_audiences({Audience.PUBLIC})  # the short-limit target is gone
    assert composer.send_button.isEnabled()
    assert not composer.limit_hint.isVisible()


def test_send_button_needs_text_and_tells_the_shortcut(composer) -> None:
    assert not composer.send_button.isEnabled()
    composer.set_text("   \n")
    assert not composer.send_button.isEnabled()
    composer.set_text("x")
    assert composer.send_button.isEnabled()
    assert "Ctrl+Enter" in composer.send_button.toolTip() or "⌘" in composer.send_button.toolTip()


def test_audiences_cannot_all_be_off(qtbot, composer) -> None:
    assert composer.audiences() == {Audience.PUBLIC}
    qtbot.mouseClick(composer.public_button, Qt.MouseButton.LeftButton)
    assert composer.audiences() == {Audience.PUBLIC}
    assert composer.public_button.isChecked()
    assert not composer.friends_hint.isVisible()
    qtbot.mouseClick(composer.friends_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(composer.public_button, Qt.MouseButton.LeftButton)
    assert composer.audiences() == {Audience.FRIENDS}
    assert composer.friends_hint.isVisible()
    assert composer.friends_hint_label.text() == "Only your friends will see this"
    with pytest.raises(ValueError):
        composer.set_audiences(set())


def test_statuses_per_target_and_failed_text_is_kept(qtbot, qloop, composer, fake) -> None:
    fake.outcomes = {"fr": ("failed", "Rate limited by the server; try again shortly.", None)}
    composer.set_audiences({Audience.PUBLIC, Audience.FRIENDS})
    composer.set_text("あけおめ")
    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert set(composer.target_states().values()) == {"sending"}
    assert "sending" in composer.status_text("pub")
    settle(qloop, composer)
    assert composer.target_states() == {"pub": "sent", "fr": "failed"}
    assert "@me@sora: sent" in composer.status_text("pub")
    assert 'href="https://pub.example/1"' in composer.status_text("pub")
    assert "failed — Rate limited by the server" in composer.status_text("fr")
    assert composer.text() == "あけおめ"  # not everyone has it: the text stays
    assert "kept" in composer.summary_label.text()
    assert composer.send_button.isEnabled()

    fake.outcomes = {}
    with qtbot.waitSignal(composer.sendFinished, timeout=5000) as finished:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        settle(qloop, composer)
    assert finished.args == [True]
    assert composer.target_states() == {"pub": "sent", "fr": "sent"}
    assert composer.text() == ""  # everyone has it now
    assert composer.isVisible() and composer.close_button.isVisible()


def test_a_crashing_send_marks_targets_failed_and_keeps_the_text(
    qtbot, qloop, composer, fake
) -> None:
    fake.error = RuntimeError("boom")
    composer.set_text("大事な文")
    composer.send_now()
    settle(qloop, composer)
    assert composer.target_states() == {"pub": "failed"}
    assert "RuntimeError" in composer.status_text("pub")
    assert composer.text() == "大事な文"


def test_status_text_is_escaped(qtbot, composer) -> None:
    composer.set_text("x")
    composer.update_target("pub", "failed", "<b>server</b> said no", None)
    assert "&lt;b&gt;server&lt;/b&gt;" in composer.status_text("pub")


# -- Japanese UI ----------------------------------------------------------------------------
def test_japanese_ui_compiles_the_translators_ts(qtbot, qapp, tmp_path: Path, fake) -> None:
    assert translators.pick_language("ja") == "ja"
    assert translators.pick_language("en") == "en"
    previous = QLocale()
    installed = translators.install(qapp, "ja", cache_dir=tmp_path)
    try:
        assert translators.ui_language() == "ja"
        assert len(installed) == 2  # Qt's own qtbase_ja and ours
        c = Composer(targets=fake.targets, send=fake, audiences=frozenset({Audience.FRIENDS}))
        qtbot.addWidget(c)
        assert c.send_button.text() == "送信"
        assert c.public_button.text() == "公開"
        assert c.friends_button.text() == "友だち"
        assert c.friends_hint_label.text() == "この投稿は友だちにだけ表示されます"
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)
    assert translators.ui_language() == (
        "ja" if previous.language() == QLocale.Language.Japanese else "en"
    )


def test_newer_ts_is_compiled_older_is_not(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "translations"
    built_dir = tmp_path / "built"
    built_dir.mkdir()
    cache = tmp_path / "cache"
    # No built .qm: the .ts is compiled into the cache.
    qm = translators.kizuna_qm("ja", source_dir=source, compiled_dir=built_dir, cache_dir=cache)
    assert qm == cache / "kizuna_ja.qm" and qm.stat().st_size > 0
    # A built .qm newer than the .ts wins.
    built = built_dir / "kizuna_ja.qm"
    built.write_bytes(qm.read_bytes())
    assert (
        translators.kizuna_qm("ja", source_dir=source, compiled_dir=built_dir, cache_dir=cache)
        == built
    )
    assert (
        translators.kizuna_qm("xx", source_dir=source, compiled_dir=built_dir, cache_dir=cache)
        is None
    )


class LateLimits:
    """Targets whose limits change later, as adapters learn the server's own limits from
    /api/v2/instance (Mastodon) and /api/meta (Misskey) with the first timeline page."""

    def __init__(self) -> None:
        self.limits = {"pub": 500, "fr": 3000}

    def targets(self, audiences: frozenset[Audience]) -> list[TargetInfo]:
        found = [
            TargetInfo("pub", "@me@sora", "mastodon", Audience.PUBLIC, self.limits["pub"]),
            TargetInfo("fr", "@me@nakama", "misskey", Audience.FRIENDS, self.limits["fr"]),
        ]
        return [t for t in found if t.audience in audiences]


def test_counters_follow_limits_that_arrive_after_the_composer_opened(qtbot, qloop, fake) -> None:
    late = LateLimits()
    composer = Composer(
        targets=late.targets,
        send=fake,
        audiences=frozenset({Audience.PUBLIC, Audience.FRIENDS}),
    )
    qtbot.addWidget(composer)
    composer.show()  # the user opens the composer at once, before any page has loaded
    qtbot.waitExposed(composer)
    composer.set_text("あ" * 600)
    assert composer.counts()["pub"].limit == 500 and not composer.counts()["pub"].fits
    assert not composer.send_button.isEnabled()
    assert "Mastodon (@me@sora): 600 of 500" in composer.limit_hint.text()
    # The servers answer: a larger Mastodon limit, a smaller Misskey one. Nobody types;
    # the window says it knows more (MainWindow does so when a first page is in).
    late.limits = {"pub": 1000, "fr": 550}
    assert composer.refresh_targets() is True
    assert composer.counts()["pub"].limit == 1000
    assert composer.counter_labels()["pub"].text() == "@me@sora 600/1000"
    assert composer.counter_labels()["fr"].text() == "@me@nakama 600/550"
    assert composer.limit_hint.text() == (
        "Too long for Misskey (@me@nakama): 600 of 550. Shorten it to send."
    )
    assert not composer.send_button.isEnabled()
    # Typing asks again at once; refresh_targets() is there for the main window too.
    late.limits = {"pub": 1000, "fr": 3000}
    qtbot.keyClicks(composer.edit, "x")
    assert composer.counts()["fr"].limit == 3000 and composer.send_button.isEnabled()
    assert not composer.limit_hint.isVisible()
    assert composer.refresh_targets() is False  # nothing changed


def test_bluesky_byte_cap_blocks_sending_in_bytes(qtbot, qloop, fake) -> None:
    # The byte cap comes with the target's rule (the adapter's Limits.max_bytes).
    rule = Limits(300, "graphemes", None, max_bytes=3000, hashtag_dialect="to-space")
    sky = TargetInfo("sky", "@me.bsky.social", "bluesky", Audience.PUBLIC, 300, limits=rule)
    composer = Composer(targets=lambda a: [sky], send=fake)
    qtbot.addWidget(composer)
    # 290 family emoji (18 UTF-8 bytes each) fit the 300 graphemes, not the 3000 bytes.
    composer.set_text("\U0001f468\u200d\U0001f469\u200d\U0001f467" * 290)
    count = composer.counts()["sky"]
    assert count.used == 290 and not count.fits
    assert not composer.send_button.isEnabled()
    assert composer.limit_hint.text() == (
        "Too long for Bluesky (@me.bsky.social): 5220 of 3000 bytes. Shorten it to send."
    )


def test_a_servers_own_url_weight_is_what_a_link_counts(qtbot, fake) -> None:
    # A Mastodon server that reserves 40 characters per URL (not the usual 23): the counter
    # and the Send button follow the server, and a target without one keeps 23.
    text = "あ" * 455 + " https://example.com/a"  # 455 + 1 + 40 = 496 here, 479 with 23
    wide = TargetInfo("wide", "@me@wide", "mastodon", Audience.PUBLIC, 500, "graphemes", 40)
    usual = TargetInfo("usual", "@me@sora", "mastodon", Audience.PUBLIC, 500, "graphemes")
    composer = Composer(targets=lambda a: [wide, usual], send=fake)
    qtbot.addWidget(composer)
    composer.set_text(text)
    assert composer.counts()["wide"].used == 496 and composer.counts()["usual"].used == 479
    assert composer.send_button.isEnabled()
    composer.set_text("あ" * 5 + text)  # 501 with 40 per URL: too long there only
    assert not composer.counts()["wide"].fits and composer.counts()["usual"].fits
    assert not composer.send_button.isEnabled()
    assert composer.limit_hint.text() == (
        "Too long for Mastodon (@me@wide): 501 of 500. Shorten it to send."
    )


def test_the_counting_rule_is_the_targets_not_the_networks_name(qtbot, fake) -> None:
    # The target's Limits decide (here a byte cap on a UTF-16 network); the hint names its
    # network.
    rule = Limits(3000, "utf16", max_bytes=30)
    tight = TargetInfo("t", "@me@tight", "misskey", Audience.PUBLIC, 3000, limits=rule)
    composer = Composer(targets=lambda a: [tight], send=fake)
    qtbot.addWidget(composer)
    composer.set_text("あ" * 10)  # 10 units, 30 bytes: fits
    assert composer.counts()["t"].fits and composer.send_button.isEnabled()
    composer.set_text("あ" * 11)
    assert not composer.counts()["t"].fits and not composer.send_button.isEnabled()
    assert composer.limit_hint.text() == (
        "Too long for Misskey (@me@tight): 33 of 30 bytes. Shorten it to send."
    )


def test_a_targets_limits_say_how_links_and_mentions_count(qtbot, fake) -> None:
    # One network name, two rules: the counter follows the rule, not the name.
    weighed = Limits(500, "graphemes", 23, mentions_count_local_part=True)
    in_full = Limits(500, "graphemes", None)
    a = TargetInfo("a", "@me@a", "mastodon", Audience.PUBLIC, 500, limits=weighed)
    b = TargetInfo("b", "@me@b", "mastodon", Audience.PUBLIC, 500, limits=in_full)
    composer = Composer(targets=lambda _a: [a, b], send=fake)
    qtbot.addWidget(composer)
    link = "https://example.com/" + "x" * 40  # 60 characters
    composer.set_text(f"@yuki@nakama.example {link}")
    assert composer.counts()["a"].used == len("@yuki") + 1 + 23
    assert composer.counts()["b"].used == len("@yuki@nakama.example") + 1 + len(link)
