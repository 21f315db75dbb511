"""A new language is a file, not a code change: a throwaway ``kizuna_ko.ts`` made with
the README's one command, with one string translated, in a copy of translations/ —
and Korean is offered, accepted, loaded, formatted and set in Korean fonts, with every
string not translated yet in English."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMenu

from app.__main__ import build_parser
from app.core.models import Audience
from app.i18n import fonts, formatting, languages, translators, update_ts
from app.ui.composer import Composer
from app.ui.language_menu import fill_language_menu
from tests.qt.test_composer import FakeSend

ROOT = Path(__file__).resolve().parents[2]


def translate_one(ts: Path, context: str, source: str, words: str) -> None:
    text = ts.read_text("utf-8")
    block = re.search(rf"(?s)<name>{context}</name>\n.*?</context>", text)
    assert block is not None
    # A translator comment (<extracomment>) may stand between the source and its translation.
    done = re.sub(
        rf"(<source>{re.escape(source)}</source>\n"
        r"(?:        <(?:extra)?comment>[^<]*</(?:extra)?comment>\n)*)"
        r'        <translation type="unfinished"></translation>',
        lambda m: f"{m.group(1)}        <translation>{words}</translation>",
        block.group(0),
        count=1,
    )
    assert done != block.group(0), f"{context}: {source} not found untranslated"
    ts.write_text(text.replace(block.group(0), done), "utf-8")


@pytest.fixture
def korean_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """translations/ copied, ``kizuna_ko.ts`` started with the one command, one string in
    Korean; the app looks in the copy (and finds no built .qm for Korean)."""
    if update_ts.find_lupdate() is None:
        pytest.skip("lupdate is not available: cannot make a .ts as a translator would")
    folder = tmp_path / "translations"
    folder.mkdir()
    for ts in (ROOT / "translations").glob("kizuna_*.ts"):
        shutil.copy(ts, folder / ts.name)
    update_ts.update(folder, ["ko"])
    translate_one(folder / "kizuna_ko.ts", "Composer", "Send", "보내기")
    for module in (languages, translators):
        monkeypatch.setattr(module, "translations_source_dir", lambda: folder)
    monkeypatch.setattr(languages, "compiled_translations_dir", lambda: tmp_path / "no-qm")
    return folder


@pytest.fixture
def korean(qapp, korean_file: Path, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    previous = QLocale()
    installed = translators.install(qapp, "ko", cache_dir=tmp_path / "cache")
    try:
        yield
    finally:
        translators.uninstall(qapp, installed)
        QLocale.setDefault(previous)


def test_the_file_makes_the_language_known_everywhere(qtbot, korean_file: Path) -> None:
    assert "ko" in languages.available()
    assert build_parser().parse_args(["--lang", "ko"]).lang == "ko"
    assert translators.pick_language("ko") == "ko"
    assert languages.match_system(["ko-KR", "en-US"]) == "ko"  # the system's language
    menu = QMenu()
    qtbot.addWidget(menu)
    fill_language_menu(menu, "ko", lambda _code: None)
    names = {a.text(): a.isChecked() for a in menu.actions()}
    assert names["한국어"] is True and names["日本語"] is False and "English" in names
    assert fonts.ui_families("ko", "win32")[0] == "Malgun Gothic"
    assert fonts.ui_families("ko", "linux")[0] == "Noto Sans CJK KR"
    assert formatting.babel_locale("ko") == "ko_KR"


def test_without_the_file_korean_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    if (ROOT / "translations" / "kizuna_ko.ts").exists():
        pytest.skip("Korean is shipped now")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "ko"])
    assert "no translation for 'ko'" in capsys.readouterr().err


def test_the_one_translated_string_shows_and_the_rest_is_english(
    qtbot, korean, fake: FakeSend
) -> None:
    assert translators.ui_language() == "ko"
    composer = Composer(targets=fake.targets, send=fake, audiences=frozenset({Audience.PUBLIC}))
    qtbot.addWidget(composer)
    composer.show()
    assert composer.send_button.text() == "보내기"
    assert composer.public_button.text() == "Public"  # not translated yet: English
    assert composer.friends_button.text() == "Friends"


@pytest.fixture
def fake() -> FakeSend:
    return FakeSend()
