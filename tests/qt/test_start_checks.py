"""What the window's start leaves until after its first paint (issue #11) still happens:
the occasions' tags are checked once the session opens — a file with a tag that is not
safe on every network is left out and said in the notices, as before — and 設定 → 挨拶帳…
opens the ledger although its module is imported only then.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core import templates
from app.services import catalogues
from app.services.catalogues import Catalogues, load_occasions
from app.store.db import Store
from app.ui.main_window import MainWindow
from tests.helpers import until

BAD_TAG = "お歳暮 ギフト"  # a space ends the tag on every network


def _with_bad_tag(tmp_path: Path) -> Path:
    """The shipped occasions, お歳暮's tags given one that is not safe."""
    folder = tmp_path / "occasions"
    shutil.copytree(catalogues.shipped_occasions_dir(), folder)
    bad = folder / "oseibo.json"
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["tags"] = [*data["tags"], BAD_TAG]
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_the_hint_reads_tags_unchecked_and_the_check_leaves_the_file_out(
    tmp_path: Path,
) -> None:
    folder = _with_bad_tag(tmp_path)
    with pytest.raises(templates.CatalogueError) as raised:
        load_occasions(folder)  # read whole, the file fails as it always did
    mine = Catalogues(folder)
    hinted = mine.hint(dt.date(2026, 12, 1), 60)
    assert "oseibo" in [o.key for o in hinted]  # the tags are not checked yet
    assert not mine.tags_checked and mine.skipped == []
    assert "oseibo" not in mine.occasions.entries  # the check leaves it out
    assert mine.tags_checked and mine.skipped == [str(raised.value)]
    assert "oseibo" not in [o.key for o in mine.hint(dt.date(2026, 12, 1), 60)]
    assert len(mine.occasions.entries) == len(load_occasions(folder, []).entries)


def test_an_occasion_file_with_an_unsafe_tag_is_said_once_the_session_opens(
    qtbot: Any,
    qapp: QApplication,
    qloop: Any,
    profile_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _with_bad_tag(tmp_path)
    monkeypatch.setattr(catalogues, "shipped_occasions_dir", lambda: folder)
    catalogues.shipped.cache_clear()
    try:

        async def offline(sandbox: bool) -> Any:
            raise OSError("no network in this test")

        window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en", opener=offline)
        qtbot.addWidget(window)
        window.show()
        assert not catalogues.shipped().tags_checked  # the first paint did without it
        assert window.notice_board.lines == []

        async def scenario() -> list[str]:
            with pytest.raises(OSError):
                await window.open_session()
            await until(lambda: catalogues.shipped().tags_checked, 10)
            return list(window.notice_board.lines)

        lines = qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
        assert any("The occasion file oseibo.json is not valid" in line for line in lines)
        assert "oseibo" not in catalogues.shipped().occasions.entries
    finally:
        catalogues.shipped.cache_clear()  # the next test reads the real files again


def test_the_ledger_entry_opens_the_ledger(qtbot: Any, qloop: Any, profile_dir: Path) -> None:
    window = MainWindow(store=Store(profile_dir / "kizuna.db"), lang="en")
    qtbot.addWidget(window)
    menu = window.settings_button.menu()
    assert menu is not None and menu.actions()[0] is window.ledger_action
    assert window.ledger_action.shortcut().toString() == "Ctrl+Shift+L"
    window.ledger_action.trigger()
    from app.ui.ledger_dialog import LedgerDialog

    dialog = getattr(window, "ledger_dialog", None)  # set by app.ui.ledger_dialog.open_ledger
    assert isinstance(dialog, LedgerDialog) and dialog.isVisible()
