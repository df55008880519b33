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


# -- limits per client address, shared by every process through the database (issue 17, failure 4) --
from ndl_explain.workshop import Limited, WorkshopService, WorkshopStore, WrongCode  # noqa: E402
from ndl_explain.workshop.limits import Limits  # noqa: E402

ROOM, ELSEWHERE = "203.0.113.5", "198.51.100.7"


@pytest.fixture
def two_processes(tmp_path):
    """Two services on one database file, as two site processes would be."""
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    clock = Clock()
    clock.now = 1_800_000_000.0
    limits = Limits(wrong_codes_per_address=5, wrong_codes_window=600, workshops_per_address_per_hour=2,
                    workshops_per_hour=3)
    stores = [WorkshopStore(url), WorkshopStore(url)]
    yield [WorkshopService(s, clock=clock, limits=limits) for s in stores], clock
    for s in stores:
        s.dispose()


def test_wrong_codes_are_limited_per_address_across_sessions_and_processes(two_processes):
    (a, b), clock = two_processes
    real = a.create_workshop("Real", ["check"])
    for i in range(5):  # a new session per guess changes nothing: the address is what counts
        with pytest.raises(WrongCode):
            (a if i % 2 else b).join(f"ZZZZZ{i + 2}", client=ROOM)
    for service in (a, b):
        with pytest.raises(Limited) as caught:
            service.join(real.code, client=ROOM)  # even the right code waits: no guessing around it
        assert caught.value.what == "join" and 0 < caught.value.wait <= 600
    assert b.join(real.code, client=ELSEWHERE).code == real.code  # another address is not held up
    clock.now += 601
    assert a.join(real.code, client=ROOM).code == real.code


def test_right_codes_do_not_count_towards_the_limit(two_processes):
    (a, _), _ = two_processes
    real = a.create_workshop("Real", ["check"])
    for _ in range(50):  # a whole room on one wi-fi address joining
        assert a.join(real.code, client=ROOM).code == real.code


def test_workshop_creation_is_limited_per_address_and_in_total(two_processes):
    (a, b), clock = two_processes
    a.create_workshop("One", ["check"], client=ROOM)
    b.create_workshop("Two", ["check"], client=ROOM)
    with pytest.raises(Limited) as caught:
        a.create_workshop("Three", ["check"], client=ROOM)
    assert caught.value.what == "create" and 0 < caught.value.wait <= 3600
    b.create_workshop("Elsewhere", ["check"], client=ELSEWHERE)  # 3 in the hour: the total is reached
    with pytest.raises(Limited):
        a.create_workshop("Another place", ["check"], client="192.0.2.9")
    clock.now += 3601
    assert a.create_workshop("Next hour", ["check"], client=ROOM).code


def test_limits_come_from_the_environment_with_sane_defaults():
    assert Limits.from_env({}) == Limits()
    assert Limits().wrong_codes_per_address >= 30 and Limits().workshops_per_hour >= 50
    custom = Limits.from_env({"NDL_WRONG_CODES_PER_ADDRESS": "7", "NDL_WRONG_CODES_WINDOW_MINUTES": "2",
                              "NDL_WORKSHOPS_PER_ADDRESS_PER_HOUR": "4", "NDL_WORKSHOPS_PER_HOUR": "0"})
    assert custom == Limits(7, 120, 4, 0)  # 0: no limit
    assert Limits.from_env({"NDL_WRONG_CODES_PER_ADDRESS": "lots"}) == Limits()


def test_no_limit_when_set_to_zero(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    service = WorkshopService(store, limits=Limits(0, 600, 0, 0))
    for i in range(20):
        with pytest.raises(WrongCode):
            service.join(f"ZZZZZ{i % 8 + 2}", client=ROOM)
        service.create_workshop(f"W{i}", ["check"], client=ROOM)
    store.dispose()


def test_the_address_itself_is_never_stored(two_processes, tmp_path):
    (a, _), _ = two_processes
    for i in range(3):
        with pytest.raises(WrongCode):
            a.join(f"ZZZZZ{i + 2}", client=ROOM)
    a.create_workshop("Made", ["check"], client=ROOM)
    for path in tmp_path.glob("w.sqlite3*"):
        data = path.read_bytes()
        assert ROOM.encode() not in data and b"203.0.113" not in data, path


def test_old_attempts_are_deleted(two_processes):
    (a, _), clock = two_processes
    for i in range(3):
        with pytest.raises(WrongCode):
            a.join(f"ZZZZZ{i + 2}", client=ROOM)
    clock.now += 2 * 3600
    with pytest.raises(WrongCode):
        a.join("ZZZZZ9", client=ELSEWHERE)  # any new attempt clears out those past every window
    assert a.store.limit_event_count() == 1
