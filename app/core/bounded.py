"""A dict that forgets its least recently used entries past a size: for maps that grow
with every post seen (paging cursors, tokens, seen-sets) in a session that runs all day."""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

PAGE_CURSORS = 256  # paging cursors an adapter keeps (a page of 20 each: 5,000 posts)

K = TypeVar("K")
V = TypeVar("V")


class BoundedDict(OrderedDict[K, V]):
    """At most ``cap`` entries; setting or reading one makes it the most recent, and the
    least recent goes when a new one would exceed ``cap``."""

    def __init__(self, cap: int) -> None:
        if cap < 1:
            raise ValueError("cap must be at least 1")
        super().__init__()
        self.cap = cap

    def __setitem__(self, key: K, value: V) -> None:
        if key in self:
            self.move_to_end(key)
        super().__setitem__(key, value)
        while len(self) > self.cap:
            self.popitem(last=False)

    def __getitem__(self, key: K) -> V:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        if key in self:
            return self[key]
        return default
