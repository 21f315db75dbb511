"""The profile's store as the window reads and writes it: settings, drafts, window state.

``ui`` reaches data only through ``services``; this names the store type for it.
"""

from __future__ import annotations

from app.store.db import Store

__all__ = ["Store"]
