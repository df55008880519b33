"""The phones' shared step-state memory (PollCache) and the wrong-join-code limit (join_limit)."""
from __future__ import annotations

import threading

import pytest

from ndl_explain.workshop import join_limit
from ndl_explain.workshop.poll_cache import PollCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_many_readers_within_the_ttl_share_one_read():
    clock, reads = Clock(), []
    cache = PollCache(ttl=1.0, clock=clock)

    def read():
        reads.append(clock.now)
        return (0, "open", False)

    for _ in range(150):  # 150 phones polling in the same second
        assert cache.get("ABC234", read) == (100.0, (0, "open", False))
    assert len(reads) == 1
    clock.now += 0.99
    cache.get("ABC234", read)
    assert len(reads) == 1
    clock.now += 0.02  # older than a second: read again, and say when
    assert cache.get("ABC234", read)[0] == clock.now
    assert len(reads) == 2
    cache.get("OTHER2", read)  # another workshop has its own entry
    assert len(reads) == 3


def test_a_failed_read_is_not_remembered_and_forget_drops_one_key():
    clock = Clock()
    cache = PollCache(ttl=1.0, clock=clock)

    def fail():
        raise ConnectionError("database gone")

    with pytest.raises(ConnectionError):
        cache.get("K", fail)
    assert cache.get("K", lambda: "back")[1] == "back"
    cache.forget("K")
    assert cache.get("K", lambda: "fresh")[1] == "fresh"


def test_the_cache_stays_small():
    clock = Clock()
    cache = PollCache(ttl=1.0, clock=clock, max_entries=10)
    for i in range(100):
        clock.now += 0.001
        cache.get(i, lambda i=i: i)
    assert len(cache._entries) <= 10  # noqa: SLF001
    assert cache.get(99, lambda: "re-read")[1] == 99  # the newest are kept


def test_the_cache_is_safe_across_threads():
    cache = PollCache(ttl=60.0)
    results = []

    def poll():
        for _ in range(200):
            results.append(cache.get("CODE22", lambda: (1, "open", True))[1])

    threads = [threading.Thread(target=poll) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(1, "open", True)] * 1600


def test_ten_wrong_codes_in_a_minute_then_wait():
    history: list[float] = []
    now = 1000.0
    for i in range(join_limit.MAX_WRONG_CODES):
        assert not join_limit.blocked(history, now + i)
        join_limit.record_wrong(history, now + i)
    assert join_limit.MAX_WRONG_CODES == 10 and join_limit.WINDOW_SECONDS == 60
    later = now + 9.5
    assert join_limit.blocked(history, later)
    assert join_limit.wait_seconds(history, later) == 51  # the first wrong code is 60 s old then
    assert not join_limit.blocked(history, now + 60)  # the oldest has dropped out of the minute
    assert join_limit.wait_seconds(history, now + 60) == 0
    assert len(history) == 9


def test_slow_mistakes_never_block():
    history: list[float] = []
    for i in range(100):  # one wrong code every 7 seconds
        assert not join_limit.blocked(history, i * 7.0)
        join_limit.record_wrong(history, i * 7.0)
    assert len(history) <= 9
