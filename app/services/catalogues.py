"""Loading the shipped data catalogues: occasions with their greeting templates, and gifts.

``app.core`` does no I/O: it validates decoded JSON (:func:`app.core.templates.parse_entry`,
:func:`app.core.gifts.parse_catalogue`) and computes with the result. This module is the
one place that reads those files from ``resources/`` (through :mod:`app.paths`), checks
what only the disk can tell (every gift's SVG is there) and keeps what it read.

Public API::

    Catalogues(occasions_dir=None, gifts_file=None)   # None: the shipped files
    shipped() -> Catalogues                           # the shipped catalogues, one instance
    load_occasions(directory) -> templates.Catalogue  # read + validate, uncached
    check_tags(catalogue, skipped) -> templates.Catalogue  # less the files of unsafe tags
    load_gifts(path) -> tuple[Gift, ...]              # read + validate + artwork, uncached
    load_thanks(path) -> Thanks                       # the catalogue's お返し texts, uncached

A :class:`Catalogues` reads each catalogue on first use, then answers from memory:
``occasions``, ``gifts`` and ``thanks`` (the parsed data, to pass to ``app.core``
functions), and the everyday questions with the data filled in — ``entry``, ``suggest``,
``on``, ``upcoming``, ``hint``, ``next_occasion``, ``timing``, ``gift``, ``gifts_for``.
``hint`` (the top bar's) may answer before the occasions' tags are checked (the check
compiles ``regex``). A malformed file raises the catalogue's :class:`CatalogueError`
naming the file and field.

No Qt here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import logging
from pathlib import Path

from app.core import gifts as core_gifts
from app.core import occasions as core_occasions
from app.core import templates
from app.core.gifts import Gift, Thanks
from app.core.occasions import Occasion, Timing
from app.paths import resources_dir

log = logging.getLogger(__name__)


def shipped_occasions_dir() -> Path:
    return resources_dir() / "occasions"


def shipped_gifts_file() -> Path:
    return resources_dir() / "gifts" / "catalogue.json"


def load_occasions(directory: Path, skipped: list[str] | None = None) -> templates.Catalogue:
    """Read and validate every ``*.json`` in ``directory`` (one occasion per file).
    ``skipped``: a file that cannot be read or validated (a bad date, …) is logged and
    its error appended here instead of failing the whole catalogue (issue #13)."""
    return _load(directory, skipped, check_tags=True)


def _load(directory: Path, skipped: list[str] | None, *, check_tags: bool) -> templates.Catalogue:
    """:func:`load_occasions`; without ``check_tags`` each file is validated but its
    ``tags`` (the check that imports and compiles ``regex``; :func:`check_tags` does it)."""
    if not directory.is_dir():
        raise templates.CatalogueError(f"{directory}: the occasions folder is missing")
    entries = []
    for path in sorted(directory.glob("*.json")):
        try:
            entries.append(_occasion_file(path, check_tags=check_tags))
        except templates.CatalogueError as exc:
            if skipped is None:
                raise
            _skip(exc, skipped)
    return templates.build_catalogue(entries, directory)


def _skip(exc: templates.CatalogueError, skipped: list[str]) -> None:
    log.warning("occasion file skipped: %s", exc)
    skipped.append(str(exc))


def check_tags(catalogue: templates.Catalogue, skipped: list[str]) -> templates.Catalogue:
    """``catalogue`` less the entries whose tags are not safe on every network (each
    logged and appended to ``skipped``, as :func:`load_occasions` words it); the same
    object when all are safe."""
    from app.core.hashtags import is_safe_tag  # here: it brings the dialects and regex

    bad = set()
    for key, entry in catalogue.entries.items():
        for tag in entry.tags:
            if not is_safe_tag(tag):
                _skip(_unsafe_tag(entry.source, tag), skipped)
                bad.add(key)
                break
    if not bad:
        return catalogue
    kept = [e for k, e in catalogue.entries.items() if k not in bad]
    return templates.build_catalogue(kept, catalogue.directory)


def _unsafe_tag(source: Path, tag: str) -> templates.CatalogueError:
    """The error :func:`app.core.templates.parse_entry` raises for such a tag."""
    try:
        templates.parse_entry(json.loads(source.read_text(encoding="utf-8")), source)
    except templates.CatalogueError as exc:
        return exc
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return templates.CatalogueError(f"{source.name}: tags: {tag!r} is not safe on every network")


def _occasion_file(path: Path, *, check_tags: bool = True) -> templates.Entry:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise templates.CatalogueError(f"{path.name}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise templates.CatalogueError(f"{path.name}: not valid JSON: {exc}") from None
    tags = data.get("tags") if isinstance(data, dict) else None
    try:
        if not check_tags and isinstance(tags, list) and all(isinstance(t, str) for t in tags):
            # Validated without them, then given back (check_tags checks them later).
            entry = templates.parse_entry({**data, "tags": []}, path)
            return dataclasses.replace(entry, tags=tuple(tags))
        return templates.parse_entry(data, path)
    except (ValueError, TypeError, KeyError) as exc:  # CatalogueError is a ValueError
        if isinstance(exc, templates.CatalogueError):
            raise
        raise templates.CatalogueError(f"{path.name}: {exc}") from None


def _read_gift_catalogue(path: Path) -> tuple[object, str]:
    """The decoded JSON of the gift catalogue at ``path`` and the name errors give it."""
    source = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise core_gifts.CatalogueError(
            f"{path}: cannot read the gift catalogue ({exc.strerror})"
        ) from None
    try:
        return json.loads(raw), source
    except ValueError as exc:
        raise core_gifts.CatalogueError(f"{source}: not valid JSON ({exc})") from None


def load_gifts(path: Path) -> tuple[Gift, ...]:
    """Read and validate the gift catalogue at ``path``, checking every SVG exists."""
    data, source = _read_gift_catalogue(path)
    found = core_gifts.parse_catalogue(data, path.parent, source)
    for gift in found:
        if not gift.path.is_file():
            raise core_gifts.CatalogueError(
                f"{source}: gift {gift.key!r}: artwork {gift.path.name} is missing"
            )
    return found


def load_thanks(path: Path) -> Thanks:
    """The お返し texts of the gift catalogue at ``path``; the shipped catalogue's when it
    has none of its own."""
    data, source = _read_gift_catalogue(path)
    found = core_gifts.parse_thanks(data, source)
    if found is not None:
        return found
    shipped_file = shipped_gifts_file()
    if path.resolve() == shipped_file.resolve():
        raise core_gifts.CatalogueError(f"{source}: 'thanks' is missing")
    return load_thanks(shipped_file)


class Catalogues:
    """The occasion and gift catalogues of one set of files, read once on first use."""

    def __init__(self, occasions_dir: Path | None = None, gifts_file: Path | None = None) -> None:
        self._occasions_dir = occasions_dir
        self._gifts_file = gifts_file
        self.skipped: list[str] = []  # occasion files left out (logged), to tell the user

    @functools.cached_property
    def occasions(self) -> templates.Catalogue:
        """Every occasion file that validates, tags and all."""
        return check_tags(self._unchecked, self.skipped)

    @functools.cached_property
    def _unchecked(self) -> templates.Catalogue:
        directory = self._occasions_dir or shipped_occasions_dir()
        return _load(directory, self.skipped, check_tags=False)

    @property
    def tags_checked(self) -> bool:
        """:attr:`occasions` was read: :attr:`skipped` names every file left out."""
        return "occasions" in self.__dict__

    @functools.cached_property
    def gifts(self) -> tuple[Gift, ...]:
        return load_gifts(self._gifts_file or shipped_gifts_file())

    @functools.cached_property
    def thanks(self) -> Thanks:
        """The お返し (thank-you) texts for a gift received."""
        return load_thanks(self._gifts_file or shipped_gifts_file())

    # -- occasions and their greetings --
    def entry(self, key: str) -> templates.Entry:
        """An occasion's catalogue entry (``holiday:YYYY-MM-DD`` keys share the national one)."""
        return self.occasions.get(key)

    def suggest(self, occasion_key: str, register: str) -> list[str]:
        """An occasion's templates in a register ("polite" or "casual")."""
        return self.occasions.suggest(occasion_key, register)

    def on(self, year: int) -> list[Occasion]:
        return core_occasions.on(year, catalogue=self.occasions)

    def upcoming(
        self, today: dt.date, days: int, mourning: bool = False, *, national: bool = True
    ) -> list[Occasion]:
        return core_occasions.upcoming(
            today, days, mourning, catalogue=self.occasions, national=national
        )

    def hint(self, today: dt.date, days: int, mourning: bool = False) -> list[Occasion]:
        """:meth:`upcoming` without national holidays, for the top bar's hint. Before
        :attr:`occasions` is read, from the files with their tags not checked yet: a hint
        names an occasion and its days, and the check imports and compiles ``regex``,
        which the window's first paint does not need (issue #11)."""
        catalogue = self.occasions if self.tags_checked else self._unchecked
        return core_occasions.upcoming(today, days, mourning, catalogue=catalogue, national=False)

    def next_occasion(self, today: dt.date, mourning: bool = False) -> Occasion | None:
        return core_occasions.next_occasion(today, mourning, catalogue=self.occasions)

    def timing(self, occasion: Occasion, day: dt.date, mourning: bool = False) -> Timing | None:
        return core_occasions.timing(occasion, day, mourning, catalogue=self.occasions)

    # -- gifts --
    def gift(self, key: str) -> Gift:
        """The gift called ``key``; KeyError if there is none."""
        return core_gifts.get(key, self.gifts)

    def gifts_for(self, occasion_key: str) -> list[Gift]:
        """The gifts for an occasion key, in catalogue order."""
        return core_gifts.gifts_for(occasion_key, self.gifts)


@functools.cache
def shipped() -> Catalogues:
    """The catalogues shipped with the app; every caller shares what was read."""
    return Catalogues()
