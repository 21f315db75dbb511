"""translations/GLOSSARY.md is kept: one Japanese term per concept in kizuna_ja.ts.

A finished translation never uses a word the glossary rules out for a term its English
source holds, and one English source is translated the same way in every context unless
the glossary's second table says why not.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
TS = ROOT / "translations" / "kizuna_ja.ts"


def table(markdown: str, heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first table under ``## heading``."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def finished(path: Path) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every finished message; plural forms joined."""
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is None or tr.get("type") is not None:
                continue
            text = " / ".join(f.text or "" for f in tr.iter("numerusform")) or tr.text or ""
            out.append((ctx.findtext("name") or "", m.findtext("source") or "", text))
    return out


def avoided_words(messages: list[tuple[str, str, str]], glossary: str) -> list[str]:
    wrong = []
    for english, japanese, avoid, _note in table(glossary, "Terms"):
        words = [w.strip() for w in avoid.split(",") if w.strip()]
        term = re.compile(rf"\b{re.escape(english)}", re.IGNORECASE)
        for ctx, source, text in messages:
            for word in words:
                if term.search(source) and word in text:
                    wrong.append(f"{ctx}: {source!r} → {text!r} uses {word} (say {japanese})")
    return wrong


def two_ways(messages: list[tuple[str, str, str]], glossary: str) -> list[str]:
    allowed = {row[0] for row in table(glossary, "Same English, different Japanese")}
    seen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for ctx, source, text in messages:
        seen[source][text].append(ctx)
    return [
        f"{source!r}: " + "; ".join(f"{t} ({', '.join(c)})" for t, c in ways.items())
        for source, ways in seen.items()
        if len(ways) > 1 and source not in allowed
    ]


def test_no_translation_uses_a_word_the_glossary_rules_out() -> None:
    wrong = avoided_words(finished(TS), GLOSSARY.read_text("utf-8"))
    assert not wrong, "see translations/GLOSSARY.md:\n" + "\n".join(wrong)


def test_one_english_source_has_one_japanese_translation() -> None:
    wrong = two_ways(finished(TS), GLOSSARY.read_text("utf-8"))
    assert not wrong, "translated two ways (or explain in GLOSSARY.md):\n" + "\n".join(wrong)


GLOSSARY_SAMPLE = """## Terms

| English | 日本語 | not | note |
|---|---|---|---|
| retry | 再送 | 再試行 | |

## Same English, different Japanese

| English source | contexts | why |
|---|---|---|
| Open | A, B | a door and a file |
"""


def test_the_checks_catch_what_they_are_for() -> None:
    messages = [
        ("Composer", "Retry", "再試行"),
        ("Outbox", "Retry", "再送"),
        ("A", "Open", "開く"),
        ("B", "Open", "開いている"),
    ]
    assert avoided_words(messages, GLOSSARY_SAMPLE) == [
        "Composer: 'Retry' → '再試行' uses 再試行 (say 再送)"
    ]
    assert two_ways(messages, GLOSSARY_SAMPLE) == ["'Retry': 再試行 (Composer); 再送 (Outbox)"]
