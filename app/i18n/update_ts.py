"""The one command that writes the translation files: ``python -m app.i18n.update_ts``.

It runs the ``lupdate`` PySide6 ships over ``app/`` into every ``translations/kizuna_*.ts``
(and into ``kizuna_<code>.ts`` for each code given, which starts a new language), always
with the same options, so the files are exactly what lupdate writes and a translator's
diff holds only translations:

- ``-locations none``: no line numbers, which went stale with every edit of the code;
- ``-no-obsolete``: a string removed from the code leaves the files.

Plurals: lupdate's Python parser (Qt 6.11) reads ``translate(ctx, "%n …", None, count)``
with a *name* as the count as an old encoding argument and writes a plain message (only
a literal number makes it plural). So after lupdate, every message whose source holds
``%n`` is made a numerus message with the number of forms the language has (asked of
lupdate itself), keeping the forms translators wrote — in lupdate's own layout.

``tests/unit/test_translations.py`` runs it on a copy and fails on any difference.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = ("-extensions", "py", "-locations", "none", "-no-obsolete")
_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$")


def find_lupdate() -> list[str] | None:
    """The command line of the ``lupdate`` inside the PySide6 package (or on PATH)."""
    try:
        import PySide6
    except ImportError:  # pragma: no cover - PySide6 is what we run on
        return None
    pkg = Path(PySide6.__file__).resolve().parent
    for name in ("lupdate", "lupdate.exe", "Qt/bin/lupdate", "Qt/libexec/lupdate"):
        if (pkg / name).is_file():
            return [str(pkg / name)]
    found = shutil.which("pyside6-lupdate")
    return [found] if found else None


def ts_files(translations: Path, new_codes: Iterable[str] = ()) -> list[Path]:
    """Every ``kizuna_*.ts`` in ``translations`` and one per new code, sorted."""
    files = set(translations.glob("kizuna_*.ts"))
    files |= {translations / f"kizuna_{code}.ts" for code in new_codes}
    return sorted(files)


def command(lupdate: list[str], sources: Path, files: list[Path]) -> list[str]:
    return [*lupdate, *OPTIONS, str(sources), "-ts", *map(str, files)]


def update(translations: Path, new_codes: Iterable[str] = (), sources: Path | None = None) -> str:
    """Run lupdate into ``translations``; returns its report. Raises ``RuntimeError``
    without lupdate and ``subprocess.CalledProcessError`` when lupdate fails."""
    tool = find_lupdate()
    if tool is None:
        raise RuntimeError("lupdate is not available (pip install PySide6)")
    files = ts_files(translations, new_codes)
    before = {f: _translations(f) for f in files}
    done = subprocess.run(
        command(tool, sources or ROOT / "app", files),
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    for f in files:
        code = f.stem.removeprefix("kizuna_")
        forms = plural_forms(tool, code)
        text = make_plurals(f.read_text("utf-8"), before[f], forms, english=code == "en")
        f.write_text(source_language_only(text) if code == "en" else text, "utf-8")
    return done.stdout


# (context, source, disambiguation) -> (forms, finished)
Known = dict[tuple[str, str, str], tuple[list[str], bool]]


def _translations(path: Path) -> Known:
    """What a file held before lupdate ran: each message's forms and whether finished."""
    if not path.is_file():
        return {}
    known: Known = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is None:
                continue
            forms = [f.text or "" for f in tr.iter("numerusform")] or [tr.text or ""]
            key = (name, m.findtext("source") or "", m.findtext("comment") or "")
            known[key] = (forms, tr.get("type") is None)
    return known


def plural_forms(tool: list[str], code: str) -> int:
    """How many plural forms lupdate gives ``code`` (ja, ko: 1; en, fr: 2; ru: 3)."""
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.py"
        # Spelt in two pieces so that neither lupdate nor the tests take it for a string.
        probe.write_text("translate" + '("P", "%n", None, 1)\n', "utf-8")
        ts = Path(tmp) / f"kizuna_{code}.ts"
        subprocess.run([*tool, str(probe), "-ts", str(ts)], check=True, capture_output=True)
        return max(1, ts.read_text("utf-8").count("<numerusform"))


_CONTEXT = re.compile(r"(?s)<context>\n    <name>(.*?)</name>\n.*?</context>\n")
_MESSAGE = re.compile(r"(?s)    <message>\n.*?    </message>\n")


def _escape(text: str) -> str:
    for raw, entity in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ("'", "&apos;"),
        ('"', "&quot;"),
    ):
        text = text.replace(raw, entity)
    return text


def _numerus(block: str, context: str, known: Known, count: int, english: bool) -> str:
    """One plain ``%n`` message of lupdate's output as a numerus message."""
    m = ET.fromstring(block)
    key = (context, m.findtext("source") or "", m.findtext("comment") or "")
    tr = m.find("translation")
    fallback = ([tr.text or ""] if tr is not None else [""], False)
    forms, finished = known.get(key, fallback)
    forms = (forms + [""] * count)[:count]
    finished = finished and all(forms)
    if english and not finished:
        forms, finished = english_forms(key[1]), True
    lines = block.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("        <translation"))
    end = next(i for i in range(start, len(lines)) if "</translation>" in lines[i])
    kind = "" if finished else ' type="unfinished"'
    translation = [f"        <translation{kind}>\n"]
    translation += [f"            <numerusform>{_escape(f)}</numerusform>\n" for f in forms]
    translation.append("        </translation>\n")
    head = ['    <message numerus="yes">\n', *lines[1:start]]
    return "".join([*head, *translation, *lines[end + 1 :]])


_UNFINISHED_PLAIN = re.compile(
    r'(?s)    <message>\n(?:(?!    </message>).)*?<translation type="unfinished">'
    r"(?:(?!    </message>).)*?    </message>\n"
)
_EMPTY_CONTEXT = re.compile(r"<context>\n    <name>[^<]*</name>\n</context>\n")


def source_language_only(text: str) -> str:
    """English is the source language: its file keeps the plural messages (the English
    forms, "1 day" / "5 days") and any English rewording already made, nothing else."""
    return _EMPTY_CONTEXT.sub("", _UNFINISHED_PLAIN.sub("", text))


_IRREGULAR = {"person(s)": ("person", "people"), "repl(ies)": ("reply", "replies")}


def english_forms(source: str) -> list[str]:
    """The English singular and plural of a source written with "(s)": ``%n day(s)`` →
    ``%n day`` / ``%n days`` (irregular words from a short table)."""
    one, many = source, source
    for word, (singular, plural) in _IRREGULAR.items():
        one, many = one.replace(word, singular), many.replace(word, plural)
    one = re.sub(r"(\w)\((?:e?s)\)", r"\1", one)
    many = re.sub(r"(\w)\((e?s)\)", r"\1\2", many)
    return [one, many]


def make_plurals(text: str, known: Known, count: int, *, english: bool = False) -> str:
    """Every plain message whose source holds ``%n`` made numerus (see the module doc);
    in the English file an untranslated one gets its forms from :func:`english_forms`."""

    def one_context(ctx: re.Match[str]) -> str:
        name = ET.fromstring(f"<n>{ctx.group(1)}</n>").text or ""

        def one_message(msg: re.Match[str]) -> str:
            block = msg.group(0)
            source = ET.fromstring(block).findtext("source") or ""
            return _numerus(block, name, known, count, english) if "%n" in source else block

        return _MESSAGE.sub(one_message, ctx.group(0))

    return _CONTEXT.sub(one_context, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.i18n.update_ts", description=__doc__)
    parser.add_argument("codes", nargs="*", help="start these languages too: ko, fr, zh_TW …")
    parser.add_argument("--translations", type=Path, default=ROOT / "translations")
    args = parser.parse_args(argv)
    bad = [c for c in args.codes if not _CODE.match(c)]
    if bad:
        parser.error(f"not a language code: {', '.join(bad)} (write ko, fr, zh_TW)")
    try:
        print(update(args.translations, args.codes))
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
