"""A failure of the profile on disk, as a reason code for the window (ui reaches the
store only through services): :func:`problem_of` tells whether an exception that ended a
send, a save or a read is a profile problem — the disk full, the folder read-only, the
database locked or damaged — and which (:class:`app.store.profile_errors.Problem`
values); :func:`app.ui.profile_dialog.problem_text` words it."""

from __future__ import annotations

from pathlib import Path

from app.store.profile_errors import classify


def problem_of(
    error: BaseException, database: Path | None = None
) -> tuple[str, tuple[str, ...]] | None:
    """(reason code, programs holding the file) when ``error`` is a profile problem of
    ``database`` (its path names the holders when it is locked), else None."""
    found = classify(error, database or Path("kizuna.db"))
    if found is None:
        return None
    return found.problem.value, found.holders
