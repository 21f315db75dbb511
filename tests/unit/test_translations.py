"""translations/kizuna_ja.ts is in sync with the code and complete.

lupdate is run on a copy: a UI string added without its Japanese translation, a
translation that lost a placeholder, or a string lupdate cannot see in context fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "kizuna_ja.ts"


def lupdate() -> list[str]:
    import PySide6

    pkg = Path(PySide6.__file__).resolve().parent
    for name in ("lupdate", "lupdate.exe", "Qt/bin/lupdate", "Qt/libexec/lupdate"):
        if (pkg / name).is_file():
            return [str(pkg / name)]
    found = shutil.which("pyside6-lupdate")
    if found is None:
        pytest.skip("lupdate is not available")
    return [found]


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")
    ]


def test_ts_is_complete_and_in_sync(tmp_path: Path) -> None:
    copy = tmp_path / "kizuna_ja.ts"
    shutil.copy(TS, copy)
    subprocess.run(
        [*lupdate(), "-extensions", "py", str(ROOT / "app"), "-ts", str(copy), "-no-obsolete"],
        check=True,
        capture_output=True,
    )
    found = messages(copy)
    assert found, "lupdate found no strings"
    missing = [
        f"{ctx}: {m.findtext('source')}"
        for ctx, m in found
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert not missing, "untranslated or stale strings:\n" + "\n".join(missing)
    assert all(ctx for ctx, _ in found), "a string has no context (one-argument tr wrapper?)"
    # The committed file already holds exactly what lupdate produces.
    assert {(c, m.findtext("source")) for c, m in found} == {
        (c, m.findtext("source")) for c, m in messages(TS)
    }


def test_translations_keep_every_placeholder() -> None:
    for ctx, m in messages(TS):
        source = m.findtext("source") or ""
        tr = m.find("translation")
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
