"""Occasion and gift names are translatable per language; the generated list lupdate
reads (app/i18n/data_strings.py) follows resources/."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from app.i18n import data_names, data_strings_gen, translators
from app.paths import resources_dir


def test_the_generated_names_follow_the_resources() -> None:
    assert data_strings_gen.TARGET.read_text("utf-8") == data_strings_gen.render(resources_dir()), (
        "run: python -m app.i18n.data_strings_gen, then python -m app.i18n.update_ts"
    )


def test_every_occasion_and_gift_name_is_listed() -> None:
    listed = data_strings_gen.entries(resources_dir())
    assert ("Occasions", "Christmas", "クリスマス") in listed
    assert ("Gifts", "Christmas cake", "クリスマスケーキ") in listed
    assert len({(c, en) for c, en, _ in listed}) == len(listed)


ONE_NAME = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Gifts</name>
    <message>
        <source>Christmas cake</source>
        <translation>크리스마스 케이크</translation>
    </message>
</context>
</TS>
"""


@pytest.fixture
def korean_gifts(qapp, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A compiled translation that knows one gift name, like a partly done kizuna_ko.ts."""
    tool = translators.find_lrelease()
    if tool is None:
        pytest.skip("lrelease is not available")
    ts, qm = tmp_path / "kizuna_ko.ts", tmp_path / "kizuna_ko.qm"
    ts.write_text(ONE_NAME, "utf-8")
    subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)], check=True)
    made = QTranslator(qapp)
    assert made.load(str(qm))
    qapp.installTranslator(made)
    try:
        yield
    finally:
        qapp.removeTranslator(made)


def test_names_per_language(korean_gifts: None) -> None:
    assert data_names.gift_name("クリスマスケーキ", "Christmas cake", "ja") == "クリスマスケーキ"
    assert data_names.gift_name("クリスマスケーキ", "Christmas cake", "ko") == "크리스마스 케이크"
    # Not translated yet: the English name, never nothing.
    assert data_names.occasion_name("クリスマス", "Christmas", "ko") == "Christmas"
    assert data_names.occasion_name("祝日", "", "ko") == "祝日"


def test_a_non_japanese_ui_says_the_cards_and_templates_stay_japanese(qtbot) -> None:
    import datetime as dt

    from app.ui.gift_picker import GiftPicker
    from app.ui.occasion_picker import OccasionPicker

    assert translators.ui_language() != "ja"  # the tests' UI is English
    picker = GiftPicker(today=lambda: dt.date(2026, 12, 20))
    qtbot.addWidget(picker)
    picker.show()
    assert picker.content_note.isVisible()
    assert "Japanese" in picker.content_note.text()
    occasions = OccasionPicker(today=lambda: dt.date(2026, 12, 20))
    qtbot.addWidget(occasions)
    assert "sent in Japanese" in occasions.another_button.toolTip()
    assert data_names.content_is_foreign("en") and not data_names.content_is_foreign("ja")
