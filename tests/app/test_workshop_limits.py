"""Workshop pages in AppTest: the join-code guessing limit, results held back below 3 people,
the printable summary, and the work the pages save (shared polls, one read per presenter run)."""
from __future__ import annotations

import pytest

from ndl_explain.i18n import catalogue
from ndl_explain.ui import workshop_common as common
from ndl_explain.ui import workshop_facilitator as facilitator
from ndl_explain.workshop import WorkshopService, join_limit
from ndl_explain.workshop.poll_cache import PollCache
from tests.apptest import open_page, texts
from tests.app.test_workshop import button, create_workshop, join, own_database, send, service, w  # noqa: F401

Q = "check-before:one-big-database"


def wait_message(at) -> str | None:
    found = [m.value for m in at.warning if "did not work" in m.value]
    return found[0] if found else None


# -- guessing join codes -------------------------------------------------------------------------
def test_more_than_ten_wrong_codes_in_a_minute_asks_the_person_to_wait(monkeypatch):
    _, real = create_workshop()
    tried = []
    original = WorkshopService.join
    monkeypatch.setattr(WorkshopService, "join",
                        lambda self, code, **kw: tried.append(code) or original(self, code, **kw))
    at = open_page("workshop")
    for i in range(join_limit.MAX_WRONG_CODES):
        at.text_input(key="ws_code_input").input(f"WRONG{i % 8 + 2}")
        button(at, w("join_button")).click()
        at.run()
        assert not at.exception
        assert w("error_wrong_code").strip() in at.error[0].value
    assert len(tried) == 10
    # The eleventh try, even with the right code, waits: the database is not asked.
    at.text_input(key="ws_code_input").input(real)
    button(at, w("join_button")).click()
    at.run()
    assert not at.exception
    message = wait_message(at)
    assert message and "Please wait" in message and "seconds" in message
    assert len(tried) == 10 and not at.error
    assert at.text_input(key="ws_code_input")  # the form stays
    # A minute later it works again.
    at.session_state[common.WRONG_CODES] = [t - 61 for t in at.session_state[common.WRONG_CODES]]
    button(at, w("join_button")).click()
    at.run()
    assert at.header[0].value == "True or false? (start)"


def test_codes_in_the_link_count_too():
    at = open_page("workshop", {"code": "ZZZZZZ"})
    at.session_state[common.WRONG_CODES] = at.session_state[common.WRONG_CODES] * 10  # 10 wrong just now
    at.query_params["code"] = "ZZZZZY"
    at.run()
    assert not at.exception
    assert wait_message(at) and not at.error
    assert "code" not in at.query_params
    assert at.text_input(key="ws_code_input")


def test_the_wait_message_in_welsh_reads_as_welsh():
    text = catalogue().tn("cy", "workshop.too_many_codes", 42)
    assert "Arhoswch 42 eiliad" in text


# -- results held back below 3 people ------------------------------------------------------------
def test_phones_see_no_result_until_three_people_answered():
    fac, code = create_workshop(scenarios=())
    fac.toggle(key="ws_shown_0").set_value(True)
    fac.run()
    phones = [join(code) for _ in range(3)]
    for phone in phones[:2]:
        phone.radio(key=f"ws-{code}-0-{Q}").set_value("false")
        send(phone)
    phones[0].run()
    assert w("results_heading") in [h.value for h in phones[0].header]
    assert [m.value for m in phones[0].info if "Waiting" in m.value] == [w("waiting_for_group", n=3)]
    assert not phones[0].get("vega_lite_chart") and "got this right" not in texts(phones[0])
    phones[2].radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phones[2])
    phones[0].run()
    assert phones[0].get("vega_lite_chart") and "67% got this right" in texts(phones[0])
    assert w("waiting_for_group", n=3) not in texts(phones[0])


# -- the printable summary -----------------------------------------------------------------------
def test_the_presenter_offers_a_printable_summary_with_totals_only():
    fac, code = create_workshop(free_text=True)
    token = fac.session_state[facilitator.F_TOKEN]
    labels = [b.proto.label for b in fac.get("download_button")]
    assert w("summary_button_pdf") in labels or w("summary_button_html") in labels
    for value in ("false", "false", "true"):
        phone = join(code)
        phone.radio(key=f"ws-{code}-0-{Q}").set_value(value)
        phone.text_area(key=f"ws-comment-{code}-0").input("Private words")
        send(phone)
    text, textn = common.words("en")
    html = facilitator.build_summary_html(service(), token, "en", text, textn, {})
    assert "Library night" in html and textn("summary_people", 3, phone=3, paper=0) in html
    assert w("summary_privacy", n=3).replace("'", "&#x27;") in html
    assert "Private words" not in html and code not in html


# -- work saved ----------------------------------------------------------------------------------
def test_polling_phones_share_one_step_state_read(monkeypatch):
    _, code = create_workshop()
    calls = []
    svc = service()
    original = svc.step_state
    monkeypatch.setattr(svc, "step_state", lambda c: calls.append(c) or original(c))
    now = [1000.0]
    monkeypatch.setattr(common, "STEP_STATES", PollCache(ttl=common.STEP_STATE_TTL, clock=lambda: now[0]))
    phones = [join(code) for _ in range(5)]
    assert all(not p.exception for p in phones)
    for _ in range(3):
        for phone in phones:
            phone.run()  # AppTest runs the poll inline with the page
    assert len(calls) == 1  # 20 polls within the second: one read
    now[0] += common.STEP_STATE_TTL
    phones[0].run()
    phones[1].run()
    assert len(calls) == 2  # a second later: read again, once


def test_a_remembered_older_state_does_not_redraw_the_page_again_and_again(monkeypatch):
    fac, code = create_workshop()
    anna = join(code)
    ticks = iter(range(1, 10_000))
    cache = PollCache(ttl=10_000, clock=lambda: float(next(ticks)))  # never expires in this test
    monkeypatch.setattr(common, "STEP_STATES", cache)
    fac.button(key="ws_next").click()
    fac.run()
    cache.get((id(service()), code), lambda: (0, "open", False))  # what another process's phones saw before
    anna.run()  # drawn from a fresh read; the older remembered state must not trigger redraws
    assert not anna.exception
    assert anna.header[0].value.endswith(": how comfortable are you?")


def test_the_presenter_reads_the_workshop_once_per_run_and_encodes_the_qr_code_once(monkeypatch):
    fac, code = create_workshop()
    calls = []
    svc = service()
    original = svc.facilitator_view
    monkeypatch.setattr(svc, "facilitator_view", lambda *a, **k: calls.append(1) or original(*a, **k))
    common.qr.cache_clear()
    for _ in range(3):
        fac.run()
        assert not fac.exception
    assert len(calls) == 3
    info = common.qr.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_charts_are_built_once_per_set_of_numbers(monkeypatch):
    fac, code = create_workshop()
    for value in ("false", "false", "true"):
        phone = join(code)
        phone.radio(key=f"ws-{code}-0-{Q}").set_value(value)
        send(phone)
    built = []
    original = common.step_chart
    monkeypatch.setattr(common, "step_chart", lambda *a, **k: built.append(1) or original(*a, **k))
    common.chart_spec.clear()
    for _ in range(3):
        fac.run()
    assert len(built) == 1  # live result and "all results" share it; refreshes reuse it
    assert len(fac.get("vega_lite_chart")) == 2
    phone = join(code)
    phone.radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phone)
    fac.run()
    assert len(built) == 2  # new numbers, new chart


def test_the_paper_votes_form_is_drawn_only_when_asked_for():
    fac, _ = create_workshop()
    assert not fac.number_input
    toggle = fac.toggle(key=facilitator.PAPER_ON)
    assert toggle.label == w("paper_toggle") and toggle.value is False
    toggle.set_value(True)
    fac.run()
    assert fac.number_input and w("paper_save") in [b.label for b in fac.button]


@pytest.fixture(autouse=True)
def _fresh_caches():
    common.STEP_STATES.clear()
    yield
    common.STEP_STATES.clear()


def test_the_comfort_vote_links_to_the_whole_example():
    fac, code = create_workshop()
    fac.button(key="ws_next").click()
    fac.run()
    phone = join(code)
    assert phone.header[0].value.endswith(": how comfortable are you?")
    links = phone.get("page_link")
    assert [link.proto.label for link in links] == [w("scenario_read_more")]
    assert "maps-for-technology-companies" in str(links[0].proto)
