"""Limits that hold across sessions and processes: wrong join codes per client address, new workshops
per address and in total per hour. Counted in the database (``WorkshopStore``), so every site process
sees the same numbers; an address is kept only as a keyed hash, for at most an hour. No Streamlit here.

Settings (environment; 0 switches a limit off):

- ``NDL_WRONG_CODES_PER_ADDRESS`` wrong join codes from one address (default 60) within
  ``NDL_WRONG_CODES_WINDOW_MINUTES`` (default 10); then that address waits, even with a right code.
  A whole room often shares one address (the venue's wi-fi), so this is higher than the limit for
  one browser (``join_limit``: 10 a minute).
- ``NDL_WORKSHOPS_PER_ADDRESS_PER_HOUR`` new workshops from one address in an hour (default 10).
- ``NDL_WORKSHOPS_PER_HOUR`` new workshops in all, in an hour (default 100).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

HOUR = 3600
KEEP_SECONDS = HOUR  # events older than the longest window are deleted
WRONG_CODE, CREATE, CREATE_ALL = "wrong-code", "create", "create-all"
EVERYONE = "*"


@dataclass(frozen=True)
class Limits:
    wrong_codes_per_address: int = 60
    wrong_codes_window: int = 600  # seconds
    workshops_per_address_per_hour: int = 10
    workshops_per_hour: int = 100

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Limits":
        env = os.environ if env is None else env
        default = cls()

        def number(name: str, fallback: int, *, scale: int = 1, least: int = 0) -> int:
            try:
                value = int(str(env.get(name, "")).strip())
            except ValueError:
                return fallback
            return fallback if value < least else value * scale

        return cls(
            wrong_codes_per_address=number("NDL_WRONG_CODES_PER_ADDRESS", default.wrong_codes_per_address),
            wrong_codes_window=number("NDL_WRONG_CODES_WINDOW_MINUTES", default.wrong_codes_window, scale=60,
                                      least=1),
            workshops_per_address_per_hour=number("NDL_WORKSHOPS_PER_ADDRESS_PER_HOUR",
                                                  default.workshops_per_address_per_hour),
            workshops_per_hour=number("NDL_WORKSHOPS_PER_HOUR", default.workshops_per_hour),
        )


def wait_seconds(recent: list[int], limit: int, window: int, now: int) -> int:
    """Seconds until one more event is allowed, given the newest ``limit`` event times (newest first)
    within the window; 0 when allowed now, or when ``limit`` is 0 (no limit)."""
    if limit <= 0 or len(recent) < limit:
        return 0
    return max(1, recent[limit - 1] + window - now)
