"""The notice board's lasting problems (a write the profile refuses): said once while
they last, replaced when the reason changes, taken off the list when they end — and the
outbox sender's WriteWatch tells each change once, whatever a listener does."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow

from app.services.profile_problems import WriteProblem, WriteWatch
from app.ui.notices import OUTBOX_WRITES, NoticeBoard, draft_problem_text, outbox_problem_text


@pytest.fixture
def board(qtbot: Any) -> NoticeBoard:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return NoticeBoard(window)


def test_a_problem_is_said_once_while_it_lasts(board: NoticeBoard) -> None:
    full = outbox_problem_text(WriteProblem("disk_full"), "/p")
    for _ in range(3):
        board.problem(OUTBOX_WRITES, full)
    assert board.lines == [full]
    assert board.button.text() == "⚠ Notices (1)"
    locked = outbox_problem_text(WriteProblem("locked", ("sqlite3 (pid 7)",)), "/p")
    board.problem(OUTBOX_WRITES, locked)  # another reason: its line replaces the first
    assert board.lines == [locked]
    assert "in use by another program (sqlite3 (pid 7))" in locked


def test_a_resolved_problem_leaves_the_list_and_the_others_stay(board: NoticeBoard) -> None:
    board.add("setting:x", "A setting was reset.")
    board.resolved("writes:draft", "The draft is saved again.")  # never said: nothing
    assert board.lines == ["A setting was reset."]
    assert board._window.statusBar().currentMessage() == "A setting was reset."
    draft = draft_problem_text(WriteProblem("disk_full"), "/p")
    board.problem("writes:draft", draft)
    assert board.lines == ["A setting was reset.", draft]
    listed = board.open_list()
    board.resolved("writes:draft", "The draft is saved again.")
    assert board.lines == ["A setting was reset."]
    assert listed.message.text() == "A setting was reset."
    assert board._window.statusBar().currentMessage() == "The draft is saved again."
    assert board.button.text() == "⚠ Notices (1)" and board.button.isVisible()


def test_the_button_hides_when_the_last_problem_ends(board: NoticeBoard) -> None:
    board.problem("writes:draft", "full")
    assert board.button.isVisible()
    board.resolved("writes:draft", "saved")
    assert board.lines == [] and not board.button.isVisible()


def test_the_watch_tells_each_change_once_and_survives_a_bad_listener(
    caplog: pytest.LogCaptureFixture,
) -> None:
    watch = WriteWatch()
    heard: list[WriteProblem | None] = []

    def broken(_: WriteProblem | None) -> None:
        raise RuntimeError("a listener's bug")

    watch.listen(broken)
    watch.listen(heard.append)
    full = WriteProblem("disk_full")
    for problem in (None, full, full, WriteProblem("locked"), None, None):
        watch.report(problem)
    assert heard == [full, WriteProblem("locked"), None]
    assert watch.problem is None
    assert "a write-problem listener failed" in caplog.text
