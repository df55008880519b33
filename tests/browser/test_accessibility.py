"""axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules: every registered page at every detail
level, every step of every walkthrough example, and each workshop screen.

The pages are found when the tests are collected (content pages from the Markdown files, page files
from app.py), so a new page is tested without changing this file. The page visits (and a desktop
screenshot of each page, full detail, whole length, in artifacts/screenshots/) come from visits.py.
"""
from __future__ import annotations

import pytest

from ndl_explain.i18n import catalogue
from ndl_explain.scenarios import load_scenarios
from ndl_explain import CONTENT_DIR
from ndl_explain.problems import ContentError
from tests.browser import workshops
from tests.browser.helpers import (
    DETAIL_LEVELS,
    axe_violations,
    describe_violations,
    open_page,
    page_file,
    shown_errors,
    site_pages,
    wait_for_rerun,
)
from tests.browser.visits import open_expanders

pytestmark = pytest.mark.browser

PAGES = site_pages()
try:
    SCENARIOS = load_scenarios(CONTENT_DIR, "en")
except ContentError:  # the content checks report it; do not break collection of this module
    SCENARIOS = {}
FIRST_SCENARIO = "warm-home-discount" if "warm-home-discount" in SCENARIOS else min(SCENARIOS, default=None)
T = catalogue().t


def assert_accessible(page, where: str) -> None:
    errors = shown_errors(page)
    assert not errors, f"{where} shows an error: {errors}"
    open_expanders(page)
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe_violations(violations)}"


@pytest.mark.parametrize("detail", DETAIL_LEVELS)
@pytest.mark.parametrize("site_page", PAGES, ids=lambda p: p.slug)
def test_page_has_no_wcag_violations(visits, site_page, detail):
    visit = visits.desktop(site_page, detail)
    assert not visit.errors, f"{visit.address} shows an error: {visit.errors}"
    if site_page.title:
        assert visit.h1 == site_page.title
    assert not visit.violations, f"{visit.address}:\n{describe_violations(visit.violations)}"


def _other_languages():
    from ndl_explain.content import load_site

    site = load_site()
    return [(code, site.language(code).html_lang) for code in site.languages if code != "en"]


@pytest.mark.parametrize("lang, html_lang", _other_languages())
def test_page_in_another_language_says_so_and_has_no_wcag_violations(shared_desktop, site_url, lang, html_lang):
    """Streamlit writes <html lang="en">; the frame must set the page's own language (WCAG 3.1.1)."""
    page = shared_desktop
    open_page(page, site_url, f"/?lang={lang}")
    page.wait_for_function(f"() => document.documentElement.lang === {html_lang!r}", timeout=10_000)
    assert_accessible(page, f"/?lang={lang}")


def test_chosen_detail_option_keeps_its_contrast_when_focused(shared_desktop, site_url):
    page = shared_desktop
    open_page(page, site_url, "/what-it-is")
    label = catalogue().get("en", "frame.detail_options")["more"]
    option = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button', has_text=label)
    wait_for_rerun(page, option.first.click, done=lambda: page.wait_for_url(lambda url: "detail=more" in url))
    violations = axe_violations(page, context='[data-testid="stMain"] [data-testid="stButtonGroup"]')
    assert not violations, describe_violations(violations)


def step_heading(page, scenario, number: int):
    """The heading of walkthrough step ``number`` ("Step 2 of 6: ...")."""
    title = T("en", "walkthrough.step_title", n=number, total=scenario.step_count, title=scenario.step(number).title)
    return page.get_by_text(title, exact=True)


def _needs(slug: str):
    missing = page_file(slug) is None or (slug == "walkthrough" and not SCENARIOS)
    return pytest.mark.skipif(missing, reason=f"/{slug} is not registered in app.py yet (or has no examples)")


@_needs("walkthrough")
def test_every_walkthrough_step_has_no_wcag_violations(shared_desktop, site_url):
    """One example at full detail (everything shown), from step 1 to the last with Next."""
    page = shared_desktop
    scenario_id = FIRST_SCENARIO
    scenario = SCENARIOS[scenario_id]
    total = scenario.step_count
    open_page(page, site_url, f"/walkthrough?scenario={scenario_id}&detail=full")
    next_button = page.get_by_role("button", name=T("en", "walkthrough.next"), exact=True)
    for number in range(1, total + 1):
        assert step_heading(page, scenario, number).is_visible(), f"step {number} is not shown"
        assert_accessible(page, f"/walkthrough?scenario={scenario_id} step {number}")
        if number < total:
            wait_for_rerun(page, next_button.click, done=step_heading(page, scenario, number + 1).wait_for)
    assert next_button.count() == 0, "the last step has no Next button"


@_needs("walkthrough")
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_walkthrough_example_has_no_wcag_violations(shared_desktop, site_url, scenario_id):
    """Each example's own words, at full detail, opened at its last step (which also shows the
    whole picture); the steps in between use the same parts as the example walked through above."""
    scenario = SCENARIOS[scenario_id]
    address = f"/walkthrough?scenario={scenario_id}&detail=full&step={scenario.step_count}"
    open_page(shared_desktop, site_url, address)
    assert step_heading(shared_desktop, scenario, scenario.step_count).is_visible()
    assert_accessible(shared_desktop, address)


@_needs("walkthrough")
@pytest.mark.parametrize("detail", ["short", "more"])
def test_walkthrough_example_has_no_wcag_violations_at_less_detail(shared_desktop, site_url, detail):
    address = f"/walkthrough?scenario={FIRST_SCENARIO}&detail={detail}"
    open_page(shared_desktop, site_url, address)
    assert_accessible(shared_desktop, address)


@_needs("workshop")
def test_workshop_participant_screens_have_no_wcag_violations(shared_desktop, site_url, site_data_dir):
    """Each activity as a participant sees it (open, answered, closed, with group results), then
    the end screen."""
    service, created = workshops.create(site_data_dir, ["check", "comfort", "reassure", "benefit"])
    page = shared_desktop
    address = f"/workshop?code={created.code}"
    view = service.facilitator_view(created.token)
    for position in range(view.step_count):
        open_page(page, site_url, address)
        assert_accessible(page, f"{address} activity {position + 1} (open)")
        send = page.get_by_role("button", name=T("en", "workshop.send_answers"))
        first_choice = page.locator('[data-testid="stMain"] [role="radiogroup"] label, '
                                    '[data-testid="stMain"] [data-testid="stCheckbox"] label').first
        first_choice.click()
        send.click()
        page.get_by_text(T("en", "workshop.saved")).wait_for(timeout=15_000)
        assert_accessible(page, f"{address} activity {position + 1} (answers sent)")
        # three more people answer every question, so the group results reach the privacy minimum
        # (results.MIN_GROUP_SIZE) and are drawn
        step = service.participant_view(created.code, "a" * 24).step
        for token in ("b" * 24, "c" * 24, "d" * 24):
            service.answer_many(created.code, token, {q.id: q.options[0].value for q in step.questions})
        service.close_step(created.token)
        service.show_results(created.token)
        open_page(page, site_url, address)
        page.get_by_text(T("en", "workshop.results_heading"), exact=True).wait_for()
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()  # axe checks the chart too
        assert_accessible(page, f"{address} activity {position + 1} (closed, results shown)")
        service.next_step(created.token)
    open_page(page, site_url, address)
    page.get_by_text(T("en", "workshop.finished_title")).wait_for()
    assert_accessible(page, f"{address} (finished)")


@_needs("facilitate")
def test_workshop_facilitator_and_presenter_screens_have_no_wcag_violations(shared_desktop, site_url, site_data_dir):
    """The facilitator's private page (its address is the private link, kept so a reload keeps the
    workshop) and the presenter view for the projector (/present, no private link)."""
    service, created = workshops.create(site_data_dir, ["check", "comfort", "reassure", "benefit"])
    page = shared_desktop
    open_page(page, site_url, f"/facilitate?token={created.token}")
    assert created.token in page.url, "the private link stays the page's address (a reload keeps the workshop)"
    assert_accessible(page, "/facilitate (first activity)")
    open_page(page, site_url, f"/present?code={created.code}")
    assert created.token not in page.content(), "no private link on the projector"
    assert_accessible(page, "/present (first activity)")
    service.next_step(created.token)
    step = service.participant_view(created.code, "a" * 24).step
    for token in ("a" * 24, "b" * 24, "c" * 24):  # enough people for the results to be drawn
        service.answer_many(created.code, token, {q.id: q.options[0].value for q in step.questions})
    service.show_results(created.token)
    open_page(page, site_url, f"/facilitate?token={created.token}")
    assert_accessible(page, "/facilitate (second activity, results shown)")
    open_page(page, site_url, f"/present?code={created.code}")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    assert_accessible(page, "/present (second activity, results shown)")


@_needs("leaflets")
def test_leaflet_screens_have_no_wcag_violations(shared_desktop, site_url):
    """One format of each kind (leaflet, Easy Read, poster, cards) with its page 1 preview shown,
    and a leaflet about an example opened from a link (?scenario=)."""
    from ndl_explain.leaflets.formats import FORMATS

    page = shared_desktop
    open_page(page, site_url, "/leaflets")
    format_ids = list(FORMATS)
    first_of_kind = {}
    for index, format_id in enumerate(format_ids):
        first_of_kind.setdefault(FORMATS[format_id].kind, index)
    preview = page.get_by_role("button", name=T("en", "leaflets.preview_button"))
    image = page.locator('[data-testid="stMain"] [data-testid="stImage"] img')
    formats = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').first.locator("label:has(input[type=radio])")
    notes = catalogue().get("en", "leaflets.format_notes")
    assert formats.count() == len(format_ids), "the first choice is the format"
    for kind, index in first_of_kind.items():
        if index:  # choosing a format reruns the page, which then shows that format's note
            note = page.get_by_text(notes[format_ids[index]], exact=True)
            wait_for_rerun(page, formats.nth(index).click, done=note.wait_for)
        wait_for_rerun(page, preview.click, done=lambda: image.first.wait_for(timeout=60_000))
        assert image.first.get_attribute("alt"), "the preview has a text alternative"
        assert_accessible(page, f"/leaflets {format_ids[index]} with its preview")
    if SCENARIOS:
        address = f"/leaflets?scenario={FIRST_SCENARIO}"
        open_page(page, site_url, address)
        wait_for_rerun(page, preview.click, done=lambda: image.first.wait_for(timeout=60_000))
        assert_accessible(page, f"{address} with its preview")
