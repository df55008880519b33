"""Workshops you can trust in a real room (issue 17), through the pages as a browser runs them.

A reload is a new AppTest session opened at the address the last one left in the address bar
(``at.query_params``): that is what a browser keeps across reloads, reconnections and restarts.
"""
from __future__ import annotations

import pytest

from ndl_explain.ui import workshop_common as common
from ndl_explain.ui import workshop_facilitator as facilitator
from ndl_explain.ui import workshop_participant as participant
from ndl_explain.workshop.service import TOKEN_PATTERN
from tests.apptest import open_page, texts
from tests.app.test_workshop import button, create_workshop, join, own_database, send, service, w  # noqa: F401
from tests.unit.test_workshop_timeouts import SilentDatabase

Q = "check-before:one-big-database"


def address(at) -> dict[str, str]:
    """The page's address parameters, as the browser would keep them."""
    return {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def people(code: str) -> int:
    svc = service()
    return svc.store.participant_count(svc.join(code).id)


def reload(at, page: str = "workshop"):
    fresh = open_page(page, address(at))
    assert not fresh.exception, fresh.exception
    return fresh


# -- 1. one person, one voice --------------------------------------------------------------------
def test_after_joining_the_address_keeps_an_anonymous_key():
    _, code = create_workshop()
    phone = join(code)
    kept = address(phone)
    assert kept["code"] == code and TOKEN_PATTERN.fullmatch(kept["p"])
    assert kept["p"] == phone.session_state[participant.P_TOKEN]
    assert join(code).session_state[participant.P_TOKEN] != kept["p"]  # another phone, another person


def test_five_reloads_are_still_one_person_and_a_repeat_replaces():
    _, code = create_workshop()
    phone = join(code)
    phone.radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phone)
    before = "true"
    for value in ("false", "unsure", "false", "true", "false"):
        phone = reload(phone)
        assert phone.radio(key=f"ws-{code}-0-{Q}").value == before  # its own answer, after the reload
        phone.radio(key=f"ws-{code}-0-{Q}").set_value(value)
        send(phone)
        before = value
    assert people(code) == 1
    result = service().results(facilitator_token_for(code))[0]
    assert {t.value: t.phone for t in result.questions[0].tallies} == {"true": 0, "false": 1, "unsure": 0}


def test_a_reloaded_phone_shows_what_it_answered():
    _, code = create_workshop()
    phone = join(code)
    phone.radio(key=f"ws-{code}-0-{Q}").set_value("false")
    send(phone)
    again = reload(phone)
    assert again.radio(key=f"ws-{code}-0-{Q}").value == "false"


def test_an_answer_sent_again_after_a_restart_counts_once(monkeypatch):
    _, code = create_workshop()
    phone = join(code)
    phone.radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phone)
    monkeypatch.setattr(common, "_SERVICES", {})  # a restarted (or another) site process
    again = reload(phone)
    again.radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(again)
    assert people(code) == 1


@pytest.mark.parametrize("bad", ["<script>", "short", "a" * 500, "bad key with spaces!!"])
def test_a_tampered_key_in_the_address_is_replaced(bad):
    _, code = create_workshop()
    phone = open_page("workshop", {"code": code, "p": bad})
    assert not phone.exception, phone.exception
    assert not phone.error
    assert TOKEN_PATTERN.fullmatch(address(phone)["p"]) and address(phone)["p"] != bad


def test_leaving_takes_the_code_and_the_key_out_of_the_address():
    _, code = create_workshop()
    phone = join(code)
    button(phone, w("leave_button")).click()
    phone.run()
    assert "code" not in address(phone) and "p" not in address(phone)
    assert phone.text_input(key="ws_code_input")


def test_joining_by_typing_the_code_keeps_the_key_in_the_address_too():
    _, code = create_workshop()
    phone = open_page("workshop")
    phone.text_input(key="ws_code_input").input(code.lower())
    button(phone, w("join_button")).click()
    phone.run()
    assert address(phone)["code"] == code and TOKEN_PATTERN.fullmatch(address(phone)["p"])


def facilitator_token_for(code: str) -> str:
    return _TOKENS[code]


_TOKENS: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _remember_tokens(monkeypatch):
    """Keep each workshop's private token (made in the facilitator's session) for the service calls here."""
    original = type(service()).create_workshop

    def create(self, *args, **kwargs):
        created = original(self, *args, **kwargs)
        _TOKENS[created.code] = created.token
        return created

    monkeypatch.setattr(type(service()), "create_workshop", create)


# -- 6. the confirmation where the participant is looking ----------------------------------------
def _in_order(block) -> list:
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child)
        found.extend(_in_order(child))
    return found


def test_the_confirmation_is_just_above_the_send_button():
    _, code = create_workshop()
    phone = join(code)
    phone.radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phone)
    form = next(b for b in _in_order(phone.main) if getattr(b, "type", "") == "form")
    inside = _in_order(form)
    kinds = [(getattr(e, "type", ""), getattr(e, "value", None), getattr(e, "label", None)) for e in inside]
    saved = next(i for i, k in enumerate(kinds) if k[0] == "success" and k[1] == w("saved"))
    send_button = next(i for i, k in enumerate(kinds) if k[2] == w("send_answers"))
    assert saved < send_button, kinds


# -- 6. the presenter view ---------------------------------------------------------------------------
def everything(at) -> str:
    return "\n".join(str(e.proto) for e in _in_order(at.main) if hasattr(e, "proto"))


def test_the_presenter_view_has_the_code_and_no_private_link_and_no_controls():
    fac, code = create_workshop()
    token = fac.session_state[facilitator.F_TOKEN]
    screen = open_page("present", {"code": code})
    assert not screen.exception, screen.exception
    shown = everything(screen)
    assert code in texts(screen) and "Library night" in texts(screen)
    assert token not in shown and "token" not in shown and "facilitate" not in shown
    assert not [b for b in screen.button if b.key and b.key.startswith("ws_")]  # no controls
    assert not screen.get("download_button")
    assert screen.get("image"), "the QR code"


def test_the_presenter_view_shows_results_only_when_shown_and_only_from_three_phones():
    fac, code = create_workshop(scenarios=())
    phones = [join(code) for _ in range(3)]
    for phone in phones[:2]:
        phone.radio(key=f"ws-{code}-0-{Q}").set_value("false")
        send(phone)
    screen = open_page("present", {"code": code})
    assert "got this right" not in texts(screen) and w("present_results_later") in texts(screen)
    fac.toggle(key="ws_shown_0").set_value(True)
    fac.run()
    screen.run()
    assert w("waiting_for_group", n=3) in texts(screen) and not screen.get("vega_lite_chart")
    fac.toggle(key=facilitator.PAPER_ON).set_value(True)
    fac.run()
    fac.number_input(key=f"ws-paper-0-{Q}-true").set_value(4)
    button(fac, w("paper_save")).click()
    fac.run()
    screen.run()
    assert w("waiting_for_group", n=3) in texts(screen), "paper votes never unlock 2 phone answers"
    phones[2].radio(key=f"ws-{code}-0-{Q}").set_value("true")
    send(phones[2])
    screen.run()
    assert screen.get("vega_lite_chart") and "got this right" in texts(screen)


def test_a_wrong_code_on_the_presenter_view_gives_the_form():
    screen = open_page("present", {"code": "ZZZZZZ"})
    assert not screen.exception
    assert w("error_wrong_code").strip() in screen.error[0].value
    assert screen.text_input(key="ws_present_code_input")


# -- 4. limits that hold -----------------------------------------------------------------------------
def test_wrong_codes_from_one_address_are_limited_across_sessions(monkeypatch):
    monkeypatch.setenv("NDL_WRONG_CODES_PER_ADDRESS", "3")
    monkeypatch.setattr(common, "_SERVICES", {})
    _, real = create_workshop()
    monkeypatch.setattr(common, "client_address", lambda: "203.0.113.5")
    for i in range(3):  # a new session for every guess, as the script in the issue did
        at = open_page("workshop", {"code": f"ZZZZZ{i + 2}"})
        assert w("error_wrong_code").strip() in at.error[0].value
    late = open_page("workshop", {"code": real})  # the right code, from the same address
    assert not late.exception
    assert [m.value for m in late.warning if "Please wait" in m.value], texts(late)
    assert not late.radio
    monkeypatch.setattr(common, "client_address", lambda: "198.51.100.7")
    assert open_page("workshop", {"code": real}).header[0].value == "True or false? (start)"


def test_creating_too_many_workshops_gives_a_clear_message(monkeypatch):
    monkeypatch.setenv("NDL_WORKSHOPS_PER_ADDRESS_PER_HOUR", "1")
    monkeypatch.setattr(common, "_SERVICES", {})
    create_workshop()
    at = open_page("facilitate")
    at.text_input(key="ws_new_title").input("Second")
    at.checkbox(key="ws_new_comfort").uncheck()
    button(at, w("create_button")).click()
    at.run()
    assert not at.exception
    assert "try again in 60 minutes" in at.error[0].value
    assert facilitator.F_TOKEN not in at.session_state


# -- 5. a database that never answers ----------------------------------------------------------------
def test_a_silent_database_gives_the_notice_and_the_next_visitor_does_not_wait_again(monkeypatch):
    silent = SilentDatabase()
    try:
        monkeypatch.setenv("NDL_DATABASE_URL", silent.url)
        for page in ("workshop", "facilitate", "present", "workshop"):
            at = open_page(page)
            assert not at.exception, at.exception
            assert [m.value for m in at.warning] == [w("unavailable_view").strip()], page
        assert len(silent.accepted) == 1, "one attempt; the next visitors are told at once"
    finally:
        silent.close()


# -- 6. the room ---------------------------------------------------------------------------------
def test_the_run_a_workshop_page_links_to_the_printable_cards():
    at = open_page("facilitate")
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == w("cards_link") and "leaflets" in link.page for link in links), links
    (cards,) = [link for link in links if link.label == w("cards_link")]
    assert cards.query_string == "format=cards", "the Leaflets page opens on the workshop cards"
    fac, _ = create_workshop()
    assert any(link.proto.label == w("cards_link") for link in fac.get("page_link"))
