"""A short-lived, process-wide memory of each workshop's step state, so polling phones share one query.

Every phone in a room asks "has anything changed?" every few seconds. Without this, 150 phones
make 150 database queries per poll period; with it, one process makes about one query per
workshop per ``ttl`` seconds, however many phones are waiting. No Streamlit here.

A reader also learns *when* the value was read from the database, so a screen drawn from a
fresher read can ignore an older remembered value (no redraw loops).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_TTL_SECONDS = 1.0
MAX_ENTRIES = 1000  # workshops remembered at once; older entries are dropped first


class PollCache(Generic[T]):
    """key -> (read at, value), re-read when older than ``ttl`` seconds. Thread-safe."""

    def __init__(self, ttl: float = DEFAULT_TTL_SECONDS, *, clock: Callable[[], float] = time.monotonic,
                 max_entries: int = MAX_ENTRIES):
        self.ttl = ttl
        self.clock = clock
        self.max_entries = max_entries
        self._entries: dict[object, tuple[float, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: object, read: Callable[[], T]) -> tuple[float, T]:
        """(when it was read, value): the remembered value if fresh enough, else ``read()`` now.

        An exception from ``read`` is passed on and nothing is remembered."""
        now = self.clock()
        with self._lock:
            found = self._entries.get(key)
        if found is not None and now - found[0] < self.ttl:
            return found
        value = read()
        entry = (now, value)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                for old in sorted(self._entries, key=lambda k: self._entries[k][0])[: self.max_entries // 2]:
                    del self._entries[old]
            self._entries[key] = entry
        return entry

    def forget(self, key: object) -> None:
        """Drop one key (e.g. after the facilitator changed that workshop in this process)."""
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
