"""Tests that break the suite's rules on purpose, for tests/qt/test_suite_rules.py, which
runs this file in a pytest of its own and reads how each one ended. Not collected by the
suite (the name does not start with ``test_``); run in file order.

- processing Qt events inside a running task, while another task's wakeup is due: the
  ``qloop`` fixture must fail it at teardown, naming the rule;
- the same input run through ``tests.helpers.outside_task``: passes;
- a test that leaves the Japanese translators installed: ``ui_stays_english`` must fail
  it at teardown — and the next test still runs in English.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from app.i18n import translators
from tests import english
from tests.helpers import outside_task


def _process_events_while_another_task_is_due(qloop: Any, *, outside: bool) -> list[str]:
    """Task ``main`` starts task ``other`` (its first step is now due on the loop) and
    processes Qt events: inside ``main``'s own step, or as a plain callback."""
    steps: list[str] = []

    async def other() -> None:
        steps.append("other ran")

    async def main() -> None:
        started = asyncio.ensure_future(other())
        if outside:
            await outside_task(QCoreApplication.processEvents)
        else:
            QCoreApplication.processEvents()  # the rule broken: other's step runs in here
        # Without the net's second delivery, the refused wakeup is lost: this hangs.
        await started
        steps.append("main done")

    qloop.run_until_complete(asyncio.wait_for(main(), 10))
    return steps


def test_events_processed_inside_a_task(qloop: Any) -> None:
    steps = _process_events_while_another_task_is_due(qloop, outside=False)
    assert steps == ["other ran", "main done"]  # late, through the net; fails at teardown


def test_the_same_events_outside_any_task(qloop: Any) -> None:
    steps = _process_events_while_another_task_is_due(qloop, outside=True)
    assert steps == ["other ran", "main done"]


def test_leaves_japanese_installed(qapp: Any, tmp_path: Path) -> None:
    translators.install(qapp, "ja", cache_dir=tmp_path)  # never uninstalled
    assert QCoreApplication.translate("Ledger", "Close") == "閉じる"


def test_the_next_test_is_english_again(qapp: Any) -> None:
    assert english.translated(english.probe())
    assert QCoreApplication.translate("Ledger", "Close") == "Close"
    assert QLocale().language() == QLocale.Language.English
