"""Walkthrough and "what if" pages in AppTest: every step renders, deep links land on the right
step, Back / Next move and keep the URL in step, odd links are handled kindly."""
from __future__ import annotations

import html
import re

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import load_site
from ndl_explain.i18n import catalogue
from ndl_explain.scenarios import (
    WHAT_IF_DIMENSIONS,
    clamp_step,
    filter_scenarios,
    load_scenarios,
    what_if_choices,
)
from tests.apptest import open_page, page_title, texts

SCENARIOS = load_scenarios(CONTENT_DIR, "en")
SITE_SOURCES = load_site().sources
STEPS = [(sid, n) for sid, s in SCENARIOS.items() for n in range(1, s.step_count + 1)]


def w(key: str, **values) -> str:
    return catalogue().t("en", f"walkthrough.{key}", **values)


def step_heading(at) -> str:
    """The step's heading: the "### " first line of the step's Markdown element."""
    return next(str(m.value).split("\n", 1)[0][4:] for m in at.markdown if str(m.value).startswith("### "))


def shown_step(at) -> int:
    """The number of the step on the page, read from its heading ("Step 2 of 5: ...")."""
    match = re.match(r"Step (\d+) of \d+", step_heading(at))
    assert match, step_heading(at)
    return int(match.group(1))


def url_step(at) -> str | None:
    """The step in the page's address (None when it has none: step 1)."""
    value = at.query_params.get("step")
    return value[0] if isinstance(value, list) else value


def has_button(at, key: str) -> bool:
    return any(b.key == key for b in at.button)


def links(at) -> list[tuple[str, str]]:
    """(page, query string) of every page link on the page: ``st.page_link`` and Markdown links to
    our own pages ("[label](/page?query)")."""
    found = [(e.proto.page, e.proto.query_string) for e in at.get("page_link")]
    for m in at.markdown:
        for href in re.findall(r"\]\((/[^)\s]*)\)", m.value):
            path, _, query = href[1:].partition("?")
            found.append((path, query))
    return found


@pytest.mark.parametrize("scenario_id, number", STEPS, ids=[f"{s}-{n}" for s, n in STEPS])
def test_every_step_renders_from_a_deep_link(scenario_id, number):
    scenario = SCENARIOS[scenario_id]
    at = open_page("walkthrough", {"scenario": scenario_id, "step": str(number)})
    assert not at.exception, at.exception
    assert page_title(at) == scenario.title
    assert shown_step(at) == number
    step = scenario.step(number)
    assert step_heading(at) == w("step_title", n=number, total=scenario.step_count, title=step.title)
    body = texts(at)
    for part in (step.who, step.data, step.why, step.rules, step.moves, step.stays):
        assert part in body
    # The diagram is plain HTML (Streamlit's Graphviz renderer cost a phone 0.6 MB: bench/README.md,
    # finding 22), with the part this step is about lit.
    assert not at.get("graphviz_chart")
    (diagram,) = [h.proto.body for h in at.get("html") if 'class="ndl-flow"' in h.proto.body]
    lit = re.findall(r'class="ndl-box ndl-box-lit"[^>]*><strong>([^<]*)</strong>', diagram)
    assert lit == [html.escape(catalogue().get("en", "walkthrough.diagram_labels")[step.focus])]
    assert w("diagram_in_words", holder=scenario.holder.name, requester=scenario.requester.name,
             through_ndl=w("diagram_through_ndl") if scenario.ndl_role else "",
             focus=catalogue().get("en", "walkthrough.focus_names")[step.focus],
             moves=step.moves, stays=step.stays) in body
    last = number == scenario.step_count
    assert (w("whole_picture") in [h.value for h in at.header]) == last
    # only the buttons that go somewhere: no Back on the first step, no Next on the last
    assert has_button(at, "wt_back") == (number > 1)
    assert has_button(at, "wt_next") == (not last)


@pytest.mark.parametrize("scenario_id", list(SCENARIOS))
def test_next_and_back_walk_through_and_the_url_follows(scenario_id):
    scenario = SCENARIOS[scenario_id]
    at = open_page("walkthrough", {"scenario": scenario_id})
    assert shown_step(at) == 1 and url_step(at) is None
    for number in range(2, scenario.step_count + 1):
        at.button(key="wt_next").click().run()
        assert not at.exception, at.exception
        assert shown_step(at) == number
        assert step_heading(at).startswith(w("step_of", n=number, total=scenario.step_count))
        assert url_step(at) == str(number)
        assert at.query_params["scenario"] in (scenario_id, [scenario_id])
    assert not has_button(at, "wt_next")
    for number in range(scenario.step_count - 1, 0, -1):
        at.button(key="wt_back").click().run()
        assert shown_step(at) == number
        # step 1 is the example's plain address
        assert url_step(at) == (None if number == 1 else str(number))
    assert not has_button(at, "wt_back")


def test_a_full_run_shows_the_step_in_the_address():
    """A full run of the page (the browser's back button, a site-wide choice changed) shows the
    step the address says, also after moving with Next."""
    scenario = SCENARIOS["warm-home-discount"]
    at = open_page("walkthrough", {"scenario": scenario.id})
    at.button(key="wt_next").click().run()
    at.button(key="wt_next").click().run()
    assert shown_step(at) == 3
    at.query_params["step"] = "2"  # as the browser's back button leaves it
    at.run()
    assert shown_step(at) == 2
    at.session_state["detail"] = "more"  # a choice changed: the page runs again, on the same step
    at.run()
    assert not at.exception, at.exception
    assert shown_step(at) == 2 and url_step(at) == "2"


def test_end_of_walkthrough_has_the_whole_picture_and_links():
    scenario = SCENARIOS["warm-home-discount"]
    at = open_page("walkthrough", {"scenario": scenario.id, "step": str(scenario.step_count)})
    # level-3 headings, drawn by st.subheader or as "### " lines inside a Markdown element
    subheaders = [h.value for h in at.subheader] + [
        line[4:] for m in at.markdown for line in m.value.splitlines() if line.startswith("### ")]
    for key in ("benefits_heading", "risks_heading", "people_said_heading", "wrong_heading", "related_heading"):
        assert w(key) in subheaders
    body = texts(at)
    for item in scenario.risks + scenario.if_it_goes_wrong + scenario.benefits.you:
        assert item in body
    for said in scenario.people_said:
        assert said.text in body and said.who in body
    found = links(at)
    for other in scenario.related:
        assert ("walkthrough", f"scenario={other}") in found
    assert ("what-if", f"scenario={scenario.id}") in found  # the registered url_path
    assert ("leaflets", f"scenario={scenario.id}") in found
    assert ("walkthrough", "") in found  # choose another example


def test_links_at_the_end_keep_the_visitors_choices():
    scenario = SCENARIOS["warm-home-discount"]
    at = open_page("walkthrough", {"scenario": scenario.id, "step": str(scenario.step_count),
                                   "detail": "more", "nation": "wales"})
    assert not at.exception, at.exception
    found = dict(links(at))
    for page in ("what-if", "leaflets", "your-rights"):
        assert "detail=more" in found[page] and "nation=wales" in found[page], (page, found[page])
    for other in scenario.related:
        assert any(page == "walkthrough" and f"scenario={other}" in query and "detail=more" in query
                   for page, query in links(at)), other


def test_quotes_are_marked_as_quotes():
    scenario = next(s for s in SCENARIOS.values() if any(p.quote for p in s.people_said))
    at = open_page("walkthrough", {"scenario": scenario.id, "step": str(scenario.step_count)})
    quote = next(p for p in scenario.people_said if p.quote)
    assert any(f'\n> "{quote.text}"' in "\n" + m.value for m in at.markdown)


@pytest.mark.parametrize(
    "raw, expected_for",
    [("abc", "first"), ("", "first"), ("0", "first"), ("-3", "first"), ("2.6", 2), ("99", "last"),
     ("999999999999", "first"), ("1e9", "first"), ("<script>", "first"), ("3", 3)],
)
def test_bad_step_values_land_on_the_nearest_real_step(raw, expected_for):
    scenario = SCENARIOS["warm-home-discount"]
    expected = {"first": 1, "last": scenario.step_count}.get(expected_for, expected_for)
    assert expected == clamp_step(raw, scenario.step_count)
    at = open_page("walkthrough", {"scenario": scenario.id, "step": raw})
    assert not at.exception, at.exception
    assert shown_step(at) == expected
    assert "<script>" not in texts(at)


@pytest.mark.parametrize(
    "raw", ["nope", "WARM-HOME-DISCOUNT", "<script>alert(1)</script>", "../../etc/passwd", "x" * 3000, "[a](http://evil)"]
)
def test_unknown_scenario_gets_a_friendly_message_and_the_list(raw):
    at = open_page("walkthrough", {"scenario": raw, "step": "2"})
    assert not at.exception, at.exception
    assert at.title[0].value == w("title")
    assert [m.value for m in at.warning] == [w("unknown_scenario")]
    assert "scenario" not in at.query_params
    listed = {q for page, q in links(at) if page == "walkthrough"}
    assert listed == {f"scenario={sid}" for sid in SCENARIOS}
    body = texts(at)
    assert "<script>" not in body and "evil" not in body


def test_the_list_without_a_scenario():
    at = open_page("walkthrough")
    assert not at.exception
    assert not at.warning
    assert w("choose_heading") in [h.value for h in at.header]
    assert len(at.get("page_link")) == len(SCENARIOS)


@pytest.mark.parametrize(
    "filters",
    [{"life_event": "at-school"}, {"life_event": "money-and-benefits"}, {"requester_type": "private-company"},
     {"data_type": "personal"}, {"life_event": "being-ill", "data_type": "de-identified"},
     {"life_event": "studying", "requester_type": "private-company"}],
)
def test_choose_by_life_event_who_asks_or_type_of_data(filters):
    at = open_page("walkthrough")
    for name, value in filters.items():
        at.selectbox(key=f"wt_filter_{name}").set_value(value).run()
    assert not at.exception
    expected = filter_scenarios(SCENARIOS, **filters)
    shown = [q for page, q in links(at) if page == "walkthrough"]
    assert shown == [f"scenario={s.id}" for s in expected]
    assert at.caption[0].value == catalogue().tn("en", "walkthrough.match_count", len(expected))
    assert (w("no_match") in [i.value for i in at.info]) == (not expected)


@pytest.mark.parametrize("detail", ["short", "more", "full"])
def test_detail_levels(detail):
    scenario = SCENARIOS["linked-data-for-government-analysts"]
    at = open_page("walkthrough", {"scenario": scenario.id, "detail": detail})
    assert not at.exception
    headers = [h.value for h in at.header]
    assert (w("details_heading") in headers) == (detail != "short")
    assert (w("reading_heading") in [h.value for h in at.subheader]) == (detail == "full")
    if detail != "short":
        assert scenario.legal_route in texts(at)


def test_choices_are_kept_on_links():
    at = open_page("walkthrough", {"scenario": "census-for-school-places", "step": "4", "detail": "more"})
    assert not at.exception
    assert all("detail=more" in q for page, q in links(at))


# ---------------------------------------------------------------------------------------------
# The "what if" explorer
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scenario_id", list(SCENARIOS))
def test_what_if_every_change_renders(scenario_id):
    scenario = SCENARIOS[scenario_id]
    at = open_page("what-if", {"scenario": scenario_id})
    assert not at.exception, at.exception
    assert at.selectbox(key="wi_scenario").value == scenario_id
    for dimension in WHAT_IF_DIMENSIONS:
        at.radio(key="wi_dimension").set_value(dimension).run()
        assert not at.exception, at.exception
        for value in what_if_choices(scenario, dimension):
            at.radio(key=f"wi_value_{scenario_id}_{dimension}").set_value(value).run()
            assert not at.exception, (dimension, value, at.exception)
            infos = [i.value for i in at.info]
            same = value == scenario.what_if_state()[dimension]
            assert (w("what_if_same") in infos) == same
            if not same:
                assert w("felt_heading") in texts(at)


def test_what_if_starts_with_a_change_and_names_its_sources():
    at = open_page("what-if", {"scenario": "warm-home-discount"})
    assert not at.exception
    heading = at.subheader[0].value
    assert heading == w("what_if_heading").format(
        before=catalogue().get("en", "walkthrough.requester_in_sentence")["government-department"],
        after=catalogue().get("en", "walkthrough.requester_in_sentence")["council"],
    )
    assert "National Data Library: Report (2025)" in texts(at)
    assert ("walkthrough", "scenario=warm-home-discount") in links(at)


def test_what_if_choosing_another_example_updates_the_url():
    at = open_page("what-if", {"scenario": "warm-home-discount"})
    at.selectbox(key="wi_scenario").set_value("genome-data-for-research").run()
    assert not at.exception
    assert at.query_params["scenario"] in ("genome-data-for-research", ["genome-data-for-research"])


@pytest.mark.parametrize("raw", ["nope", "<b>x</b>", ""])
def test_what_if_unknown_scenario(raw):
    at = open_page("what-if", {"scenario": raw})
    assert not at.exception, at.exception
    assert at.selectbox(key="wi_scenario").value == next(iter(SCENARIOS))
    assert bool(at.warning) == bool(raw)
    assert "<b>" not in texts(at)


@pytest.mark.parametrize("url_path", ["walkthrough", "what-if"])
def test_other_languages_fall_back_to_english_examples(url_path):
    """A Welsh visitor sees the Welsh example (marked as a draft translation), never an error."""
    from ndl_explain import CONTENT_DIR
    from ndl_explain.scenarios import load_scenarios

    welsh = load_scenarios(CONTENT_DIR, "cy")
    at = open_page(url_path, {"lang": "cy", "scenario": "warm-home-discount", "step": "2"})
    assert not at.exception, at.exception
    if url_path == "walkthrough":
        expected = welsh.get("warm-home-discount", SCENARIOS["warm-home-discount"])
        assert page_title(at) == expected.title
        if expected.translation == "draft":
            assert any("drafft" in w.value.lower() for w in at.warning)
    else:
        assert at.selectbox(key="wi_scenario").value == "warm-home-discount"


def test_an_example_lists_its_sources_and_when_it_was_updated():
    scenario_id, scenario = next(iter(SCENARIOS.items()))
    at = open_page("walkthrough", {"scenario": scenario_id})
    body = texts(at)
    assert w("updated", date=scenario.updated.isoformat()) in body
    for source_id in scenario.sources:
        assert SITE_SOURCES[source_id].title in body


@pytest.mark.parametrize("scenario_id", [s.id for s in SCENARIOS.values() if s.ndl_role])
def test_examples_with_an_ndl_part_say_the_ndl_is_a_proposal(scenario_id):
    scenario = SCENARIOS[scenario_id]
    at = open_page("walkthrough", {"scenario": scenario_id})
    notice = catalogue().t("en", "frame.proposal_notice")
    status = catalogue().get("en", "walkthrough.statuses")[scenario.status]
    alerts = [a.value for kind in ("warning", "info", "success") for a in getattr(at, kind)]
    # one box: the status, then the notice (none of these examples is "real")
    assert any(a.startswith(f"**{status}.**") and notice in a for a in alerts)


def _status_box_script(scenario_id: str, status: str) -> None:
    import dataclasses

    from ndl_explain import CONTENT_DIR
    from ndl_explain.scenarios import load_scenarios
    from ndl_explain.ui.walkthrough import Words, _status_box

    scenario = dataclasses.replace(load_scenarios(CONTENT_DIR, "en")[scenario_id], status=status)
    _status_box(scenario, Words("en"))


@pytest.mark.parametrize("status", ["real", "hypothetical", "illustrative"])
def test_the_proposal_notice_is_never_inside_a_green_real_box(status):
    from streamlit.testing.v1 import AppTest

    scenario = next(s for s in SCENARIOS.values() if s.ndl_role)
    at = AppTest.from_function(_status_box_script, args=(scenario.id, status)).run()
    assert not at.exception, at.exception
    notice = catalogue().t("en", "frame.proposal_notice")
    boxes = [a.value for kind in ("warning", "info", "success") for a in getattr(at, kind)]
    assert sum(notice in b for b in boxes) == 1
    assert not any(notice in a.value for a in at.success)
    assert len(boxes) == (2 if status == "real" else 1)


def language_link(at) -> str:
    """The href of the link to this page in the other language (drawn by the frame's st.html)."""
    # The header's link (the footer repeats it, the same).
    html = [e.proto.body for e in at.get("html") if "hreflang=" in e.proto.body][0]
    match = re.search(r'<a href="([^"]+)"[^>]*hreflang=', html)
    assert match, html
    return match.group(1).replace("&amp;", "&")


def test_the_language_link_keeps_the_example_the_step_and_the_choices():
    """A visitor on step 3 who switches language lands on step 3 of the same example."""
    at = open_page("walkthrough", {"scenario": "warm-home-discount", "step": "3",
                                   "detail": "more", "nation": "wales"})
    href = language_link(at)
    path, _, query = href.partition("?")
    assert path == "/walkthrough"
    assert dict(part.split("=", 1) for part in query.split("&")) == {
        "scenario": "warm-home-discount", "step": "3", "detail": "more", "nation": "wales", "lang": "cy"}
    welsh = open_page("walkthrough", {"scenario": "warm-home-discount", "step": "3", "lang": "cy"})
    assert language_link(welsh) == "/walkthrough?scenario=warm-home-discount&step=3&lang=en"


def test_the_language_link_carries_nothing_else_from_the_address():
    """Only the page's own parameters go into the link: never the facilitator's token, never junk."""
    at = open_page("walkthrough", {"scenario": "warm-home-discount", "token": "secret-token",
                                   "x": "<script>alert(1)</script>"})
    href = language_link(at)
    assert "secret" not in href and "script" not in href and "x=" not in href
    assert href == "/walkthrough?scenario=warm-home-discount&lang=cy"


def test_the_language_is_chosen_with_the_link_only():
    """No second language control in the sidebar: the link at the top does it, in the other language."""
    at = open_page("what-it-is")
    assert not [r for r in at.radio if r.key == "lang"]
    assert language_link(at) == "/what-it-is?lang=cy"


def test_the_language_link_escapes_and_checks_what_it_carries():
    at = open_page("walkthrough", {"scenario": "warm-home-discount", "step": '3"><script>alert(1)</script>'})
    assert not at.exception, at.exception
    html = [e.proto.body for e in at.get("html") if "hreflang=" in e.proto.body][0]
    assert "<script>alert" not in html and "alert(1)" not in language_link(at)
    assert language_link(at) == "/walkthrough?scenario=warm-home-discount&lang=cy"


def test_the_language_link_on_the_leaflets_page_does_not_carry_a_stale_example():
    """The leaflets page reads ?scenario= once and does not keep it in the address, so the link
    does not carry it (the visitor may have picked another example since)."""
    at = open_page("leaflets", {"scenario": "warm-home-discount"})
    assert language_link(at) == "/leaflets?lang=cy"
    html = [e.proto.body for e in at.get("html") if "hreflang=" in e.proto.body][0]
    assert "data-ndl-keep=" not in html[html.index("<a href="):], "the script leaves this link alone"


def test_another_example_in_the_same_session_starts_at_step_1():
    """From step 3 of one example to another (the list, a related example) and back: each opens at
    step 1 when its address names no step."""
    at = open_page("walkthrough", {"scenario": "warm-home-discount", "step": "3"})
    assert shown_step(at) == 3
    at.query_params["scenario"] = "justice-data-lab"
    del at.query_params["step"]
    at.run()
    assert not at.exception, at.exception
    assert page_title(at) == SCENARIOS["justice-data-lab"].title and shown_step(at) == 1
    at.query_params["scenario"] = "warm-home-discount"
    at.run()
    assert page_title(at) == SCENARIOS["warm-home-discount"].title and shown_step(at) == 1


def test_an_address_that_already_means_the_step_is_left_alone():
    """step=1 or step=99 on the last step are not rewritten: a rewrite is a new entry in the browser's
    history that looks the same, and the back button would seem to do nothing."""
    scenario = SCENARIOS["warm-home-discount"]
    assert url_step(open_page("walkthrough", {"scenario": scenario.id, "step": "1"})) == "1"
    last = open_page("walkthrough", {"scenario": scenario.id, "step": "99"})
    assert shown_step(last) == scenario.step_count and url_step(last) == "99"
    last.button(key="wt_back").click().run()
    assert url_step(last) == str(scenario.step_count - 1)


def test_an_odd_step_in_the_address_is_written_plainly():
    """step=2.6 shows step 2 and the address then says step=2, so the language link, which takes
    the step from the address as it is followed and accepts plain values only, keeps the step."""
    at = open_page("walkthrough", {"scenario": "warm-home-discount", "step": "2.6"})
    assert shown_step(at) == 2 and url_step(at) == "2"
