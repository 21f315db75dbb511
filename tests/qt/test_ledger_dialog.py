"""The 挨拶帳 dialog on the sandbox with the ledger's clock on 2 January 2027: the
occasion open then is chosen, 「再確認」 finds the four New Year greetings, the three not
answered yet are marked, 「まとめて返礼」 asks first (how many, to whom, which circle) and
then answers them, after which nothing is marked; 喪中 goes to the window's setting."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services.ledger import LedgerService
from app.services.session import open_sandbox_session
from app.store.db import Store
from app.ui.ledger_dialog import LedgerDialog
from tests.helpers import ui_language
from tests.sandbox.test_ledger import (
    NOW,
    greet_haruka_first,
    greet_on_new_years_day,
    running,
)

__all__ = ["running"]  # the fixture, used by name


def column(dialog: LedgerDialog, which: str, index: int) -> list[str]:
    model = dialog.received_model if which == "received" else dialog.sent_model
    return [model.item(r, index).text() for r in range(model.rowCount())]


def bold_rows(dialog: LedgerDialog) -> list[str]:
    model = dialog.received_model
    return [
        model.item(r, 1).text() for r in range(model.rowCount()) if model.item(r, 1).font().bold()
    ]


def test_the_dialog_marks_what_is_unanswered_and_answers_all_after_asking(
    qtbot: Any, qloop: Any, running: Any
) -> None:
    thread, profile = running
    greet_on_new_years_day(thread)
    store = Store(profile / "kizuna.db")
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            await greet_haruka_first(thread, store, session)
            service = LedgerService(session, store, clock=NOW.timestamp)
            dialog = LedgerDialog(lambda: service, lang="en")
            qtbot.addWidget(dialog)
            dialog.show()
            seen["chosen"] = dialog.chosen()
            seen["empty"] = dialog.received_model.rowCount()
            qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
            await dialog.wait_idle()
            seen["from"] = sorted(column(dialog, "received", 1))
            seen["bold"] = sorted(bold_rows(dialog))
            seen["sent_state"] = column(dialog, "sent", 3)
            seen["enabled"] = dialog.answer_button.isEnabled()
            qtbot.mouseClick(dialog.answer_button, Qt.MouseButton.LeftButton)
            box = dialog.confirm_box
            assert isinstance(box, QMessageBox) and box.isVisible()
            seen["question"] = box.text()
            seen["whom"] = box.informativeText()
            box.button(QMessageBox.StandardButton.Yes).click()
            await dialog.wait_idle()
            seen["after_bold"] = bold_rows(dialog)
            seen["after_state"] = set(column(dialog, "received", 3))
            seen["after_enabled"] = dialog.answer_button.isEnabled()
            seen["summary"] = dialog.message()
            toggled: list[bool] = []
            dialog.mourningToggled.connect(toggled.append)
            dialog.mourning_box.setChecked(True)
            seen["mourning"] = toggled
        finally:
            await session.aclose()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        store.close()
    assert seen["chosen"] == ("shogatsu", 2027) and seen["empty"] == 0
    assert seen["from"] == ["@haruka@nakama", "@kenji@sora", "@mio@nakama", "@takumi@nakama"]
    assert seen["bold"] == ["@kenji@sora", "@mio@nakama", "@takumi@nakama"]
    assert seen["sent_state"] == ["Greeted back"]
    assert seen["enabled"]
    assert seen["question"] == "Send 3 answers?"
    for line in ("• @kenji@sora (Public)", "• @mio@nakama (Friends)", "• @takumi@nakama (Friends)"):
        assert line in seen["whom"]
    assert "haruka" not in seen["whom"]
    assert seen["after_bold"] == [] and seen["after_state"] == {"Answered"}
    assert not seen["after_enabled"]
    assert seen["summary"].startswith("0 greetings not answered yet")
    assert seen["mourning"] == [True]


def test_without_a_session_the_dialog_says_so(qtbot: Any, tmp_path: Path) -> None:
    dialog = LedgerDialog(lambda: None, lang="en")
    qtbot.addWidget(dialog)
    assert dialog.chosen() is None
    assert dialog.message() == "Not connected yet."
    assert not dialog.answer_button.isEnabled()
    assert dialog.confirm_answer_all() is None


def test_the_window_opens_the_ledger_from_its_settings_menu(
    qtbot: Any, qloop: Any, profile_dir: Path
) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    menu = window.settings_button.menu()
    assert menu is not None and menu.actions()[0] is window.ledger_action
    assert window.ledger_action.text() == "Greeting ledger…"
    assert window.ledger_action.shortcut().toString() == "Ctrl+Shift+L"
    window.ledger_action.trigger()
    dialog = window.ledger_dialog
    assert isinstance(dialog, LedgerDialog) and dialog.isVisible()
    assert dialog.message() == "Not connected yet."  # no session attached in this test
    dialog.mourning_box.setChecked(True)  # the window's own 喪中 setting
    assert window.mourning_action.isChecked()
    assert window.store.get("prefs.mourning") is True
    window.ledger_action.trigger()
    assert window.ledger_dialog is dialog  # one dialog


def test_gift_cards_are_named_in_the_ui_language(
    qtbot: Any, qapp: Any, qloop: Any, running: Any, tmp_path: Path
) -> None:
    """mio's and kenji's 年賀状 cards: 「🎁 Kadomatsu card: …」 in the English ledger,
    「🎁 門松のカード：…」 in the Japanese one (the service gives both names)."""
    thread, profile = running
    greet_on_new_years_day(thread)
    store = Store(profile / "kizuna.db")
    seen: dict[str, Any] = {}

    def cards(lang: str, service: LedgerService) -> list[str]:
        dialog = LedgerDialog(lambda: service, lang=lang)
        qtbot.addWidget(dialog)
        return [t for t in column(dialog, "received", 4) if t.startswith("🎁")]

    async def scenario() -> None:
        session = await open_sandbox_session(profile / "sandbox", store=store)
        try:
            service = LedgerService(session, store, clock=NOW.timestamp)
            await service.collect(*service.current())
            gifts = service.ledger(*service.current()).received
            seen["names"] = {service.gift_names(r.greeting.gift) for r in gifts if r.greeting.gift}
            seen["en"] = cards("en", service)
            with ui_language(qapp, "ja", tmp_path / "translations"):
                seen["ja"] = cards("ja", service)
        finally:
            await session.aclose()

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        store.close()
    names: set[tuple[str, str]] = seen["names"]
    assert names and all(ja != en for ja, en in names)  # e.g. ("門松", "Kadomatsu")
    assert len(seen["en"]) == len(seen["ja"]) == 2
    english = {text.split(" card: ")[0] for text in seen["en"]}
    japanese = {text.split("のカード：")[0] for text in seen["ja"]}
    assert english == {f"🎁 {en}" for _ja, en in names}
    assert japanese == {f"🎁 {ja}" for ja, _en in names}
