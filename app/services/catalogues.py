"""Loading the shipped data catalogues: occasions with their greeting templates, and gifts.

``app.core`` does no I/O: it validates decoded JSON (:func:`app.core.templates.parse_entry`,
:func:`app.core.gifts.parse_catalogue`) and computes with the result. This module is the
one place that reads those files from ``resources/`` (through :mod:`app.paths`), checks
what only the disk can tell (every gift's SVG is there) and keeps what it read.

Public API::

    Catalogues(occasions_dir=None, gifts_file=None)   # None: the shipped files
    shipped() -> Catalogues                           # the shipped catalogues, one instance
    load_occasions(directory) -> templates.Catalogue  # read + validate, uncached
    load_gifts(path) -> tuple[Gift, ...]              # read + validate + artwork, uncached

A :class:`Catalogues` reads each catalogue on first use, then answers from memory:
``occasions`` and ``gifts`` (the parsed data, to pass to ``app.core`` functions), and the
everyday questions with the data filled in — ``entry``, ``suggest``, ``on``, ``upcoming``,
``next_occasion``, ``timing``, ``gift``, ``gifts_for``. A malformed file raises the
catalogue's :class:`CatalogueError` naming the file and field.

No Qt here.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
from pathlib import Path

from app.core import gifts as core_gifts
from app.core import occasions as core_occasions
from app.core import templates
from app.core.gifts import Gift
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
    if not directory.is_dir():
        raise templates.CatalogueError(f"{directory}: the occasions folder is missing")
    entries = []
    for path in sorted(directory.glob("*.json")):
        try:
            entries.append(_occasion_file(path))
        except templates.CatalogueError as exc:
            if skipped is None:
                raise
            log.warning("occasion file skipped: %s", exc)
            skipped.append(str(exc))
    return templates.build_catalogue(entries, directory)


def _occasion_file(path: Path) -> templates.Entry:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise templates.CatalogueError(f"{path.name}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise templates.CatalogueError(f"{path.name}: not valid JSON: {exc}") from None
    try:
        return templates.parse_entry(data, path)
    except (ValueError, TypeError, KeyError) as exc:  # CatalogueError is a ValueError
        if isinstance(exc, templates.CatalogueError):
            raise
        raise templates.CatalogueError(f"{path.name}: {exc}") from None


def load_gifts(path: Path) -> tuple[Gift, ...]:
    """Read and validate the gift catalogue at ``path``, checking every SVG exists."""
    source = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise core_gifts.CatalogueError(
            f"{path}: cannot read the gift catalogue ({exc.strerror})"
        ) from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise core_gifts.CatalogueError(f"{source}: not valid JSON ({exc})") from None
    found = core_gifts.parse_catalogue(data, path.parent, source)
    for gift in found:
        if not gift.path.is_file():
            raise core_gifts.CatalogueError(
                f"{source}: gift {gift.key!r}: artwork {gift.path.name} is missing"
            )
    return found


class Catalogues:
    """The occasion and gift catalogues of one set of files, read once on first use."""

    def __init__(self, occasions_dir: Path | None = None, gifts_file: Path | None = None) -> None:
        self._occasions_dir = occasions_dir
        self._gifts_file = gifts_file
        self.skipped: list[str] = []  # occasion files left out (logged), to tell the user

    @functools.cached_property
    def occasions(self) -> templates.Catalogue:
        return load_occasions(self._occasions_dir or shipped_occasions_dir(), self.skipped)

    @functools.cached_property
    def gifts(self) -> tuple[Gift, ...]:
        return load_gifts(self._gifts_file or shipped_gifts_file())

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
