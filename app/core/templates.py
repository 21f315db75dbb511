"""The greeting catalogue: occasions and their templates, as data in ``resources/occasions/``.

One JSON file per occasion, named after its key (``christmas.json``)::

    {
      "key": "christmas",                 # [a-z][a-z0-9_]*, equal to the file name
      "name_ja": "クリスマス", "name_en": "Christmas",
      "kind": "seasonal",                 # "custom" | "seasonal" | "national"
      "celebratory": true,                # hidden in 喪中 mode
      "rule": {"type": "fixed", "start": "12-24", "end": "12-25"},
      "tags": ["メリークリスマス", "メリクリ"],   # without '#', safe on every network
      "polite": ["…", "…"],               # ≥ 2, for the public audience (です・ます)
      "casual": ["…", "…"],               # ≥ 2, for friends
      "holidays": ["元日"],                # optional: jpholiday names this file stands for
      "late": ["onenga", "kanchu"],       # optional: what people send once it is over
      "not_before": true                  # optional: a greeting that must not come early
    }

``late`` and ``not_before`` drive the composer's timing hint (:func:`app.core.occasions.timing`):
a greeting sent after its window says which occasion people send instead (お歳暮 → お年賀
or 寒中見舞い; 年賀 → 寒中見舞い), and one marked ``not_before`` is flagged when it would
arrive before its window (「あけましておめでとう」 on 31 December).

Rules (see :mod:`app.core.occasions`): ``fixed`` (``start``/``end`` as ``MM-DD``),
``nth_weekday`` (``month``, ``weekday`` mon…sun, ``n``), ``computed`` (``name``: setsubun,
shochu, zansho, jugoya, kanchu) and ``national`` (every national holiday).

Templates may use these placeholders: ``{recipient}`` and ``{sender}`` (names as typed; a
line whose recipient or sender is left empty is dropped, so put them on their own line),
``{year_wareki}`` (令和9年, 元年 for the first year), ``{eto}`` (丁未), ``{eto_animal}`` (未),
``{date}`` (the occasion's day, by Babel in ``ja_JP``: 12月24日(木)) and ``{occasion}``
(its Japanese name). Which gifts suit an occasion is the gift catalogue's business
(``resources/gifts/``, keyed by these occasion keys). Everything is checked when the
catalogue loads; a problem raises :class:`CatalogueError` naming the file and the field,
so a writer can add an occasion without touching code.

This module is pure: it validates JSON already decoded and never reads a file. The files
are read (and the shipped catalogue cached) by :mod:`app.services.catalogues`.

Public API::

    parse_entry(data, source) -> Entry                     # one decoded file, validated
    build_catalogue(entries, directory) -> Catalogue       # cross-checks ``late`` keys
    Catalogue.get(key) -> Entry; Catalogue.suggest(occasion_key, register) -> list[str]
    render(template, *, occasion, today, recipient="", sender="", tz=TOKYO) -> str
    friends_address(names) -> str                          # 「ゆき」「ゆき、はる」「みんな」

``render`` takes any occasion with ``start``, ``end`` and ``name_ja``
(:class:`app.core.occasions.Occasion`); :mod:`app.core.occasions` depends on this module,
never the other way round.

Who ``{recipient}`` names: only the friends (casual) text is addressed to chosen friends,
with :func:`friends_address`; the public (polite) text goes to everyone and is rendered
with no recipient, so its ``{recipient}様`` line is dropped and no friend is ever named.

No I/O, no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from babel.dates import format_skeleton

from app.core import wareki
from app.core.clock import TOKYO

LOCALE = "ja_JP"  # not "ja": the first day of the week differs
PLACEHOLDERS = frozenset(
    {"recipient", "sender", "year_wareki", "eto", "eto_animal", "date", "occasion"}
)
# A line whose only job is to name someone disappears when that name is not given.
_OPTIONAL_LINE_FIELDS = ("recipient", "sender")
# From this many friends on, a casual greeting addresses them all at once (「みんなへ」):
# a long list of names reads as a roll call, not a greeting.
MANY_FRIENDS = 4
REGISTERS = ("polite", "casual")
KINDS = frozenset({"custom", "seasonal", "national"})
MIN_TEMPLATES = 2
_KEY = re.compile(r"[a-z][a-z0-9_]*\Z")
_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z")
_REQUIRED = ("key", "name_ja", "name_en", "celebratory", "rule", "tags", "polite", "casual")
_OPTIONAL = ("kind", "holidays", "late", "not_before")
_RULE_TYPES = ("fixed", "nth_weekday", "computed", "national")
_COMPUTED_NAMES = frozenset({"setsubun", "shochu", "zansho", "jugoya", "kanchu"})
_WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})


class DatedOccasion(Protocol):
    """What :func:`render` reads of an occasion. A protocol rather than an import of
    :class:`app.core.occasions.Occasion`, which would make the two modules a cycle."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...

    @property
    def name_ja(self) -> str: ...


class CatalogueError(ValueError):
    """A catalogue file is missing, unreadable or breaks a rule; the message names it."""


@dataclass(frozen=True)
class Entry:
    """One occasion file, validated."""

    key: str
    name_ja: str
    name_en: str
    kind: str
    celebratory: bool
    rule: Mapping[str, Any]
    tags: tuple[str, ...]
    polite: tuple[str, ...]
    casual: tuple[str, ...]
    holidays: tuple[str, ...]
    source: Path
    late: tuple[str, ...] = ()  # occasion keys to send instead once this one is over
    not_before: bool = False  # its greeting is wrong before its window opens


@dataclass(frozen=True, eq=False)  # identity-hashed: occasions caches per catalogue
class Catalogue:
    entries: Mapping[str, Entry]
    directory: Path

    def get(self, key: str) -> Entry:
        """The entry for an occasion key; ``holiday:YYYY-MM-DD`` keys share the national file."""
        if key in self.entries:
            return self.entries[key]
        if ":" in key:
            prefix = key.split(":", 1)[0]
            for entry in self.entries.values():
                if entry.rule.get("type") == "national" and prefix == "holiday":
                    return entry
        raise KeyError(key)

    def suggest(self, occasion_key: str, register: str) -> list[str]:
        if register not in REGISTERS:
            raise ValueError(f"register must be one of {REGISTERS}, not {register!r}")
        return list(getattr(self.get(occasion_key), register))


# ---------------------------------------------------------------------------- loading


def _fail(path: Path, field: str, problem: str) -> CatalogueError:
    return CatalogueError(f"{path.name}: {field}: {problem}")


def _string(path: Path, data: Mapping[str, Any], field: str) -> str:
    value = data[field]
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, field, "must be a non-empty string")
    return value


def _string_list(path: Path, data: Mapping[str, Any], field: str) -> tuple[str, ...]:
    value = data.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, field, "must be a list of non-empty strings")
    return tuple(value)


def template_fields(template: str) -> list[str]:
    """The placeholder names in ``template``; ValueError on malformed braces."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} must not carry a format spec or conversion")
        names.append(name)
    return names


def _check_template(path: Path, field: str, template: str) -> None:
    try:
        names = template_fields(template)
    except ValueError as exc:
        raise _fail(path, field, f"malformed placeholder in {template!r}: {exc}") from None
    for name in names:
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise _fail(path, field, f"unknown placeholder {{{name}}} (known: {known})")


def _check_rule(path: Path, rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict) or rule.get("type") not in _RULE_TYPES:
        raise _fail(path, "rule", f"must be an object whose type is one of {_RULE_TYPES}")
    kind = rule["type"]
    if kind == "fixed":
        for part in ("start", "end"):
            value = rule.get(part, rule.get("start"))
            if not isinstance(value, str) or not _MONTH_DAY.match(value):
                raise _fail(path, f"rule.{part}", "must be a MM-DD date such as 12-24")
        if rule.get("end", rule["start"]) < rule["start"]:
            raise _fail(path, "rule.end", "must not come before start (no year-crossing windows)")
    elif kind == "nth_weekday":
        if rule.get("weekday") not in _WEEKDAYS:
            raise _fail(path, "rule.weekday", f"must be one of {sorted(_WEEKDAYS)}")
        if not isinstance(rule.get("month"), int) or not 1 <= rule["month"] <= 12:
            raise _fail(path, "rule.month", "must be 1-12")
        if not isinstance(rule.get("n"), int) or not 1 <= rule["n"] <= 4:
            raise _fail(path, "rule.n", "must be 1-4")
    elif kind == "computed" and rule.get("name") not in _COMPUTED_NAMES:
        raise _fail(path, "rule.name", f"must be one of {sorted(_COMPUTED_NAMES)}")
    return dict(rule)


def parse_entry(data: Any, source: Path) -> Entry:
    """Validate one occasion file's decoded JSON. ``source`` is the file it came from: its
    name is what errors cite and its stem must equal the key (nothing is read from it)."""
    path = source
    if not isinstance(data, dict):
        raise CatalogueError(f"{path.name}: must hold a JSON object")
    for field in _REQUIRED:
        if field not in data:
            raise _fail(path, field, "missing")
    for field in data:
        if field not in _REQUIRED and field not in _OPTIONAL:
            raise _fail(path, field, "unknown field")
    key = _string(path, data, "key")
    if not _KEY.match(key) or key != path.stem:
        raise _fail(path, "key", f"must match [a-z][a-z0-9_]* and the file name ({path.stem!r})")
    if not isinstance(data["celebratory"], bool):
        raise _fail(path, "celebratory", "must be true or false")
    kind = data.get("kind", "custom")
    if kind not in KINDS:
        raise _fail(path, "kind", f"must be one of {sorted(KINDS)}")
    tags = _string_list(path, data, "tags")
    if tags:
        from app.core.hashtags import is_safe_tag  # the dialects (and regex): not for no tags
    for tag in tags:
        if not is_safe_tag(tag):
            raise _fail(path, "tags", f"{tag!r} is not safe on every network (ASCII '#' rule)")
    not_before = data.get("not_before", False)
    if not isinstance(not_before, bool):
        raise _fail(path, "not_before", "must be true or false")
    registers = {}
    for register in REGISTERS:
        templates = _string_list(path, data, register)
        if len(templates) < MIN_TEMPLATES:
            raise _fail(path, register, f"needs at least {MIN_TEMPLATES} templates")
        for template in templates:
            _check_template(path, register, template)
        registers[register] = templates
    return Entry(
        key=key,
        name_ja=_string(path, data, "name_ja"),
        name_en=_string(path, data, "name_en"),
        kind=kind,
        celebratory=data["celebratory"],
        rule=_check_rule(path, data["rule"]),
        tags=tags,
        polite=registers["polite"],
        casual=registers["casual"],
        holidays=_string_list(path, data, "holidays"),
        source=path,
        late=_string_list(path, data, "late"),
        not_before=not_before,
    )


def build_catalogue(entries: Iterable[Entry], directory: Path) -> Catalogue:
    """The catalogue of already-parsed entries (from ``directory``, named in errors): at
    least one, and every ``late`` key naming another occasion of it."""
    by_key = {entry.key: entry for entry in entries}
    if not by_key:
        raise CatalogueError(f"{directory}: holds no occasion files")
    for entry in by_key.values():
        for key in entry.late:
            if key not in by_key or key == entry.key:
                raise _fail(entry.source, "late", f"{key!r} is not another occasion's key")
    return Catalogue(entries=by_key, directory=directory)


# --------------------------------------------------------------------------- rendering


def friends_address(names: Sequence[str]) -> str:
    """The ``{recipient}`` of a casual greeting to these friends (templates add 「へ」):
    「ゆき」, 「ゆき、はる」, 「ゆき、はる、そら」, and 「みんな」 from
    :data:`MANY_FRIENDS` names on. Names are written as given (a friend's own 「ちゃん」
    stays); empty names are skipped; no names give "" (the line is dropped)."""
    cleaned = [" ".join(n.split()) for n in names]
    cleaned = [n for n in cleaned if n]
    if len(cleaned) >= MANY_FRIENDS:
        return "みんな"
    return "、".join(cleaned)


def _local_day(today: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.date:
    if isinstance(today, dt.datetime):
        if today.tzinfo is None:
            # Babel and we would read a naive time as UTC; refuse rather than guess.
            raise ValueError("today must be a date or an aware datetime")
        return today.astimezone(tz).date()
    return today


def format_day(day: dt.date, tz: dt.tzinfo = TOKYO) -> str:
    """``12月24日(木)``: Babel, ``ja_JP``, from an aware datetime in ``tz``."""
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=tz)
    return format_skeleton("MMMEd", moment, tzinfo=tz, locale=LOCALE)


def render(
    template: str,
    *,
    occasion: DatedOccasion,
    today: dt.date | dt.datetime,
    recipient: str = "",
    sender: str = "",
    tz: dt.tzinfo = TOKYO,
) -> str:
    """Fill a template's placeholders for ``occasion`` as seen on ``today`` (in ``tz``).

    ``{date}`` is the occasion's day: today while its window is open, else its first day.
    The year (和暦 and 干支) is the occasion's. Lines whose ``{recipient}`` or ``{sender}``
    would be empty are dropped.
    """
    day = _local_day(today, tz)
    shown = min(max(day, occasion.start), occasion.end)
    values = {
        "recipient": recipient.strip(),
        "sender": sender.strip(),
        "year_wareki": wareki.format_wareki(occasion.start),
        "eto": wareki.eto(occasion.start.year),
        "eto_animal": wareki.eto_animal(occasion.start.year),
        "date": format_day(shown, tz),
        "occasion": occasion.name_ja,
    }
    lines = []
    for line in template.split("\n"):
        names = template_fields(line)
        if any(n in _OPTIONAL_LINE_FIELDS and not values[n] for n in names):
            continue
        lines.append(line.format_map(values))
    return "\n".join(lines).strip()
