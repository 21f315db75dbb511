"""The suite's own safety nets, proven on tests that break the rules on purpose
(tests/qt/rule_probes.py), run in a pytest of their own so that their failures are
observed here rather than suffered:

- Qt events processed inside a running asyncio task (qasync then steps another task
  within it; asyncio refuses and, in the app, that wakeup is lost): the ``qloop``
  fixture fails the test at teardown, naming the rule and ``tests.helpers.outside_task``;
  the same input through ``outside_task`` passes.
- A test that leaves another UI language installed fails at teardown, and the next test
  runs in the session's English again (the leak behind the "3 new post(s)" tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT

PROBES = "tests/qt/rule_probes.py"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each probe's name → the messages of its failures and errors ([] when it passed)."""
    report = tmp_path_factory.mktemp("probes") / "report.xml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            PROBES,
        ],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # 1: tests failed, as meant
    found: dict[str, list[str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        problems = [*case.iter("failure"), *case.iter("error")]
        found[case.get("name", "")] = [p.get("message", "") + (p.text or "") for p in problems]
    return found


def test_events_processed_inside_a_task_fail_the_test_naming_the_rule(
    outcomes: dict[str, list[str]],
) -> None:
    [message] = outcomes["test_events_processed_inside_a_task"]
    assert "Cannot enter into task" in message
    assert "never call processEvents(), exec() or QTest.mouseMove" in message
    assert "tests.helpers.outside_task" in message


def test_the_same_input_outside_any_task_passes(outcomes: dict[str, list[str]]) -> None:
    assert outcomes["test_the_same_events_outside_any_task"] == []


def test_a_language_left_installed_fails_and_the_next_test_is_english(
    outcomes: dict[str, list[str]],
) -> None:
    [message] = outcomes["test_leaves_japanese_installed"]
    assert "left the UI changed" in message and "'ja_JP'" in message
    assert "tests.helpers.ui_language" in message
    assert outcomes["test_the_next_test_is_english_again"] == []
