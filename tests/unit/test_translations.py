"""translations/*.ts are what the README's one command writes, and Japanese is complete.

The command (``python -m app.i18n.update_ts``) is run on a copy: a file lupdate would
rewrite, a UI string added without its Japanese translation, a translation that lost a
placeholder, a plural that is not a numerus message, an English "(s)", or a string
lupdate cannot see in context fails here.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.i18n import update_ts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
TS = TRANSLATIONS / "kizuna_ja.ts"
EN = TRANSLATIONS / "kizuna_en.ts"


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")
    ]


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of translations/ after the README's one command."""
    if update_ts.find_lupdate() is None:
        pytest.skip("lupdate is not available (PySide6 without its tools): cannot check the .ts")
    copy = tmp_path_factory.mktemp("translations")
    for ts in TRANSLATIONS.glob("kizuna_*.ts"):
        shutil.copy(ts, copy / ts.name)
    update_ts.update(copy)
    return copy


def test_the_files_are_exactly_what_the_one_command_writes(updated: Path) -> None:
    changed = [
        ts.name
        for ts in sorted(TRANSLATIONS.glob("kizuna_*.ts"))
        if (updated / ts.name).read_text("utf-8") != ts.read_text("utf-8")
    ]
    assert not changed, (
        f"{changed} differ from what `python -m app.i18n.update_ts` writes: run it"
        " (and translate what it adds)"
    )


def test_japanese_is_complete(updated: Path) -> None:
    found = messages(updated / "kizuna_ja.ts")
    assert found, "lupdate found no strings"
    missing = [
        f"{ctx}: {m.findtext('source')}"
        for ctx, m in found
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert not missing, "untranslated or stale strings:\n" + "\n".join(missing)
    assert all(ctx for ctx, _ in found), "a string has no context (one-argument tr wrapper?)"


def test_every_count_is_a_plural_message_with_the_languages_forms() -> None:
    for path, forms in ((TS, 1), (EN, 2)):
        for ctx, m in messages(path):
            if "%n" in (m.findtext("source") or ""):
                assert m.get("numerus") == "yes", f"{path.name}: {ctx}: {m.findtext('source')}"
                assert len(list(m.iter("numerusform"))) == forms, f"{ctx}: {m.findtext('source')}"


def test_the_english_ui_has_no_parenthesised_plural() -> None:
    """Every "(s)" of a source is a %n plural, and English has its own two forms for it."""
    bad = [
        f"{ctx}: {m.findtext('source')}"
        for ctx, m in messages(TS)
        if re.search(r"\w\((?:e?s|ies)\)", m.findtext("source") or "")
        and "%n" not in (m.findtext("source") or "")
    ]
    assert not bad, "an English '(s)' without a %n count (make it a plural):\n" + "\n".join(bad)
    for ctx, m in messages(EN):
        tr = m.find("translation")
        forms = [f.text or "" for f in tr.iter("numerusform")]
        assert tr.get("type") is None, f"kizuna_en.ts: {ctx}: {m.findtext('source')} unfinished"
        assert not any(re.search(r"\w\((?:e?s|ies)\)", f) for f in forms), forms
        plural_in_source = re.search(r"\w\((?:e?s|ies)\)", m.findtext("source") or "")
        assert forms[0] != forms[1] or not plural_in_source, forms


def test_english_forms_read_as_english() -> None:
    assert update_ts.english_forms("%1 in %n day(s) — write a greeting") == [
        "%1 in %n day — write a greeting",
        "%1 in %n days — write a greeting",
    ]
    assert update_ts.english_forms("Only the %n person(s)") == [
        "Only the %n person",
        "Only the %n people",
    ]
    assert update_ts.english_forms("%n match(es)") == ["%n match", "%n matches"]


@pytest.mark.parametrize("path", [TS, EN], ids=lambda p: p.name)
def test_translations_keep_every_placeholder(path: Path) -> None:
    for ctx, m in messages(path):
        source = m.findtext("source") or ""
        tr = m.find("translation")
        if tr.get("type") == "unfinished":
            continue
        forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
        for form in forms:
            for ph in set(re.findall(r"%\d|%n", source)):
                assert ph in form, f"{ctx}: {source!r} lost {ph} in {form!r}"


# translate("Context", "literal" …): the context and the (implicitly joined) source text.
_CALL = re.compile(r'translate\(\s*"([^"]+)",\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')


def test_every_translate_call_in_the_code_is_in_the_ts() -> None:
    """lupdate silently skips some calls it cannot parse (a count argument that is itself a
    call, such as ``len(rows)``): such a string would never be translated. Scan the code
    independently and compare."""
    in_ts = {(c, m.findtext("source")) for c, m in messages(TS)}
    unseen = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for match in _CALL.finditer(path.read_text(encoding="utf-8")):
            text = "".join(
                bytes(s, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                for s in re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2))
            )
            if (match.group(1), text) not in in_ts:
                unseen.append(f"{path.relative_to(ROOT)}: {match.group(1)}: {text!r}")
    assert not unseen, "strings lupdate did not pick up:\n" + "\n".join(unseen)


# translate("Context", <anything but a string literal> …): a wrapper such as
# ``def _tr(text): return translate("Ctx", text)`` hides every string passed to it from
# lupdate, so they silently leave the .ts and show in English.
_WRAPPED = re.compile(r'translate\(\s*"[^"]+",\s*(?!["\s])')


def test_no_translate_wrapper_hides_strings_from_lupdate() -> None:
    wrapped = [
        f"{path.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for m in _WRAPPED.finditer(text)
    ]
    assert not wrapped, "translate() with a non-literal source text:\n" + "\n".join(wrapped)


def test_the_wrapper_check_catches_a_wrapper() -> None:
    code = 'def _tr(text):\n    return QCoreApplication.translate("Errors", text)\n'
    assert _WRAPPED.search(code)
    assert not _WRAPPED.search('translate("Errors", "Sent")')
    assert not _WRAPPED.search('translate(\n    "Errors",\n    "Sent"\n)')
