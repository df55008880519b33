"""Keyboard only: a whole walkthrough example, and answering a workshop activity, with Tab, Shift+Tab,
Enter, Space and the arrow keys, never the mouse. Every control we use must show where the focus is
(an outline or a box-shadow ring that appears on focus, checked in the computed style) and be
inside the window. The journeys go on to the end when a focus ring is missing, and then fail with
``FocusNotVisible`` naming every control without one.
"""
from __future__ import annotations

import re

import pytest

from ndl_explain.i18n import catalogue
from tests.browser import workshops
from tests.browser.conftest import phone_context
from tests.browser.helpers import (
    FocusNotVisible,
    check_focus_visible,
    focused,
    open_page,
    page_file,
    tab_to,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser

T = catalogue().t


def _named(tag: str, words: str):
    pattern = re.compile(rf"(^|\W){re.escape(words)}(\W|$)", re.I)
    return lambda info: info["tag"] == tag and bool(pattern.search(info["name"]))


def _press_enter(page):
    return lambda: page.keyboard.press("Enter")


@pytest.mark.skipif(page_file("walkthrough") is None, reason="/walkthrough is not registered in app.py yet")
def test_whole_walkthrough_by_keyboard(desktop, site_url):
    from tests.browser.test_accessibility import FIRST_SCENARIO, SCENARIOS, step_heading

    if not SCENARIOS:
        pytest.skip("no walkthrough examples")
    scenario = SCENARIOS[FIRST_SCENARIO]
    total = scenario.step_count
    page = desktop
    open_page(page, site_url, f"/walkthrough?scenario={FIRST_SCENARIO}")
    is_next = _named("button", T("en", "walkthrough.next"))
    is_back = _named("button", T("en", "walkthrough.back"))
    focus_problems: list[str] = []

    tab_to(page, is_next)
    check_focus_visible(page, "on Next at step 1", focus_problems)
    focus_kept = []
    for number in range(1, total):
        wait_for_rerun(page, _press_enter(page), done=step_heading(page, scenario, number + 1).wait_for)
        if number + 1 == total:
            break
        info = focused(page)
        focus_kept.append(bool(info and is_next(info)))
        if not focus_kept[-1]:
            tab_to(page, is_next)
        check_focus_visible(page, f"on Next at step {number + 1}", focus_problems)
    assert page.get_by_role("button", name=T("en", "walkthrough.next"), exact=True).count() == 0

    tab_to(page, is_back, backwards=True)
    check_focus_visible(page, "on Back at the last step", focus_problems)
    wait_for_rerun(page, _press_enter(page), done=step_heading(page, scenario, total - 1).wait_for)
    assert all(focus_kept), f"focus stayed on Next after each step: {focus_kept}"
    if focus_problems:
        raise FocusNotVisible("\n".join(focus_problems))


@pytest.mark.skipif(page_file("workshop") is None, reason="/workshop is not registered in app.py yet")
def test_workshop_answer_by_keyboard(desktop, site_url, site_data_dir):
    service, created = workshops.create(site_data_dir, ["comfort"], title="Keyboard workshop")
    step = service.participant_view(created.code, "k" * 24).step
    page = desktop
    open_page(page, site_url, "/workshop")
    focus_problems: list[str] = []

    code_label = T("en", "workshop.code_label")
    tab_to(page, lambda f: f["tag"] == "input" and code_label in f["label"])
    check_focus_visible(page, "on the join code box", focus_problems)
    page.keyboard.type(created.code.lower())  # codes are not case sensitive
    tab_to(page, _named("button", T("en", "workshop.join_button")))
    check_focus_visible(page, "on Join", focus_problems)
    wait_for_rerun(page, _press_enter(page),
                   done=lambda: page.get_by_role("heading", name=step.title).wait_for())

    tab_to(page, lambda f: f["role"] == "radio")
    check_focus_visible(page, "on the first answer", focus_problems)
    page.keyboard.press("Space")  # choose the focused answer ...
    page.keyboard.press("ArrowDown")  # ... and move the choice to the next one
    page.wait_for_timeout(200)
    chosen = page.locator('[data-testid="stMain"] input[type="radio"]:checked')
    assert chosen.count() == 1, "one answer is chosen"
    check_focus_visible(page, "on the chosen answer", focus_problems)
    tab_to(page, _named("button", T("en", "workshop.send_answers")))
    check_focus_visible(page, "on Send my answers", focus_problems)
    wait_for_rerun(page, _press_enter(page), done=lambda: page.get_by_text(T("en", "workshop.saved")).wait_for())

    result = service.facilitator_view(created.token).steps[0]
    tallies = {t.value: t.phone for t in result.questions[0].tallies}
    assert sum(tallies.values()) == 1, f"the answer was saved: {tallies}"
    assert tallies[step.questions[0].options[1].value] == 1, f"the second choice was saved: {tallies}"
    if focus_problems:
        raise FocusNotVisible("\n".join(focus_problems))


def _tab_through(page, limit: int = 70) -> list[str]:
    """Tab from the top of the page until the focus comes back to the first stop; check each stop."""
    problems: list[str] = []
    first = None
    for number in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        key = info and (info["tag"], info["testid"], info["name"], info["label"])
        if number and key == first:
            return problems
        first = first or key
        check_focus_visible(page, f"at Tab stop {number + 1}", problems)
    problems.append(f"the focus did not come round again after {limit} Tab presses")
    return problems


def test_every_tab_stop_shows_its_focus_on_a_desktop(desktop, site_url):
    open_page(desktop, site_url, "/what-it-is")
    problems = _tab_through(desktop)
    if problems:
        raise FocusNotVisible("\n".join(problems))


def test_every_tab_stop_shows_its_focus_on_a_phone(new_context, site_url):
    page = phone_context(new_context, 390).new_page()
    open_page(page, site_url, "/what-it-is")
    problems = _tab_through(page)
    if problems:
        raise FocusNotVisible("\n".join(problems))
