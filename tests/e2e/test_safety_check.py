"""安否確認 from the main window: one click reaches both circles, and the dialog says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.store.outbox import TargetState
from app.ui.main_window import MainWindow
from tests.helpers import run_on_sandbox, sandbox_window, until

pytestmark = pytest.mark.e2e


def test_safety_check_reaches_both_circles(qtbot, qloop, sandbox, profile_dir: Path) -> None:
    window = sandbox_window(qtbot, profile_dir)
    public = window.public_column.model
    friends = window.friends_column.model

    def shown(model, needle: str) -> bool:  # type: ignore[no-untyped-def]
        return any(needle in model.post_at(r).text for r in range(model.rowCount()))

    async def scenario(window: MainWindow) -> None:
        await window.wait_loaded()
        dialog = window.open_safety_check()
        dialog.place_edit.setText("自宅")
        assert "【安否確認】" in dialog.public_preview.toPlainText()
        assert "自宅" in dialog.friends_preview.toPlainText()
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        assert window.outbox is not None and window.safety_message is not None
        rows = lambda: window.outbox.targets(window.safety_message)  # noqa: E731
        await until(lambda: all(r.state is TargetState.SENT for r in rows()))
        assert {r.audience.value for r in rows()} == {"public", "friends"}
        assert dialog.status_label.text().count("✓") == 2
        # The polite text reached the public column, the casual one the friends column.
        await until(lambda: shown(public, "【安否確認】") and shown(friends, "いま自宅にいるよ"))
        assert not shown(public, "いま自宅にいるよ")

    run_on_sandbox(qloop, window, sandbox, scenario, 60)
