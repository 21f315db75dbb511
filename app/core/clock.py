"""Japan time: the one ``TOKYO`` zone every date in Kizuna is reckoned in.

Occasions, schedules and the greeting ledger all count days in Asia/Tokyo, whatever the
computer's own zone is (``tzdata`` ships the zone for Windows, which has no database).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo_today() -> dt.date:
    """Today's date in Japan."""
    return dt.datetime.now(TOKYO).date()
