"""PySide6's source scan of every imported module, skipped for the window's start.

PySide6 replaces ``builtins.__import__`` with a hook that reads the whole source of each
module imported after it (``inspect.getsource``) to see whether it mentions "PySide6", so
that ``from __feature__ import snake_case`` (PYSIDE-1019) can apply to some modules and
not to others. Kizuna uses no ``__feature__``. At the window's start the scan read some
260 modules (about 40 ms of a 0.7 s start on the benchmark's machine) and left their text
in ``linecache`` (about 8 MiB, see :func:`app.bootstrap.forget_sources`).

The hook leaves alone a module whose name is already in PySide6's feature table.
:func:`skip_source_scan` puts a finder first on ``sys.meta_path`` that enters each module
about to be imported there as 0 — "no feature", what the scan concludes for a module that
uses PySide6, and the same selection PySide6 falls back to for one that does not. The
finder finds nothing itself: the import goes on as before. Where the table is not there
(another PySide6 layout) nothing is changed and the scan runs as it did.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

NO_FEATURE = 0  # PySide6's select id for "no feature"


class _NoFeatureFinder:
    """Enters each module name it is asked about as "no feature"; finds nothing."""

    def __init__(self, table: MutableMapping[str, int]) -> None:
        self.table = table

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        self.table.setdefault(fullname, NO_FEATURE)
        return None  # the other finders import it, as they would have


def feature_table() -> MutableMapping[str, int] | None:
    """PySide6's table of modules and their ``__feature__`` selection (None: not found)."""
    try:  # PySide6 publishes it there (no stubs: it is support code, not Qt's API)
        feature = importlib.import_module("PySide6.support.feature")
    except ImportError:
        return None
    table = getattr(feature, "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


def skip_source_scan() -> bool:
    """Spare the modules imported from now on PySide6's source scan (see the module).
    Idempotent; False when PySide6's feature table was not found (nothing changed)."""
    if any(isinstance(finder, _NoFeatureFinder) for finder in sys.meta_path):
        return True
    table = feature_table()
    if table is None:
        return False
    sys.meta_path.insert(0, _NoFeatureFinder(table))
    return True
