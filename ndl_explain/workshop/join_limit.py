"""A limit on wrong join codes per browser session, so codes cannot be found by guessing quickly.

Kept in the session's own memory (a list of times): no names, no internet addresses, nothing
stored on the server. A new session starts with a clean slate; together with 31^6 possible codes
and workshops that expire, that makes guessing slow enough. No Streamlit here.
"""
from __future__ import annotations

from collections.abc import MutableSequence

MAX_WRONG_CODES = 10  # wrong codes allowed ...
WINDOW_SECONDS = 60.0  # ... within this many seconds; then the session waits


def _recent(history: MutableSequence[float], now: float, window: float) -> MutableSequence[float]:
    history[:] = [t for t in history if 0 <= now - t < window]
    return history


def blocked(history: MutableSequence[float], now: float, *, limit: int = MAX_WRONG_CODES,
            window: float = WINDOW_SECONDS) -> bool:
    """True when this session has had ``limit`` or more wrong codes in the last ``window`` seconds.

    Forgets attempts older than the window (so ``history`` stays short)."""
    return len(_recent(history, now, window)) >= limit


def record_wrong(history: MutableSequence[float], now: float, *, window: float = WINDOW_SECONDS) -> None:
    """Remember one wrong code at ``now``."""
    _recent(history, now, window).append(now)


def wait_seconds(history: MutableSequence[float], now: float, *, limit: int = MAX_WRONG_CODES,
                 window: float = WINDOW_SECONDS) -> int:
    """Whole seconds until this session may try again (0 if it may now)."""
    recent = sorted(_recent(history, now, window))
    if len(recent) < limit:
        return 0
    return max(1, int(recent[-limit] + window - now + 0.999))
