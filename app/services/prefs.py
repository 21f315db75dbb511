"""The profile's store and typed settings as the window reads and writes them: the user's
preferences, the window's own state, drafts.

``ui`` reaches data only through ``services``; this names the store type and the options
it uses (declared, with their types and rules, in :mod:`app.store.settings`).
"""

from __future__ import annotations

from app.store.db import Store
from app.store.settings import (
    COLOR_SCHEME,
    LANG,
    MOURNING,
    SANDBOX,
    SPLITTER,
    TRAY_NOTICE_SHOWN,
    WINDOW_SIZE,
    Settings,
)

__all__ = [
    "COLOR_SCHEME",
    "LANG",
    "MOURNING",
    "SANDBOX",
    "SPLITTER",
    "TRAY_NOTICE_SHOWN",
    "WINDOW_SIZE",
    "Settings",
    "Store",
]
