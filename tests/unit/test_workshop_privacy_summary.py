"""The minimum group size before a result is shown, and the printable one-page summary."""
from __future__ import annotations

import io

import pytest

from ndl_explain.i18n import catalogue
from ndl_explain.workshop import WorkshopService, WorkshopStore, new_participant_token
from ndl_explain.workshop.charts import summarise
from ndl_explain.workshop.results import MIN_GROUP_SIZE, fewest_respondents, shareable
from ndl_explain.workshop.summary import format_date, pdf_available, summary_html, summary_pdf

Q = "check-before:one-big-database"


@pytest.fixture
def service(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    yield WorkshopService(store, ttl_hours=2, clock=lambda: 1_800_000_000.0)
    store.dispose()


def words(lang="en"):
    cat = catalogue()
    return (lambda key, **v: cat.t(lang, f"workshop.{key}", **v),
            lambda key, n, **v: cat.tn(lang, f"workshop.{key}", n, **v))


def answer(service, code, value, question=Q):
    service.answer(code, new_participant_token(), question, value)


def test_a_result_is_shown_only_from_three_people():
    assert MIN_GROUP_SIZE == 3


def test_two_answers_are_held_back_and_a_third_shows_them(service):
    ws = service.create_workshop("Small group", ["check"])
    first = service.results(ws.token)[0]
    assert fewest_respondents(first) == 0 and shareable(first) is None
    answer(service, ws.code, "true")
    answer(service, ws.code, "false")
    two = service.results(ws.token)[0]
    assert fewest_respondents(two) == 2 and shareable(two) is None
    answer(service, ws.code, "false")
    three = service.results(ws.token)[0]
    assert shareable(three) == three  # nothing taken out: 3 phones, no paper


def test_paper_votes_count_towards_the_group_but_never_unlock_a_small_phone_group(service):
    ws = service.create_workshop("Paper", ["check"])
    answer(service, ws.code, "true")
    service.set_paper_votes(ws.token, Q, {"false": 2})
    assert shareable(service.results(ws.token)[0]) is None  # 1 phone: its answer would show (issue 17)
    for _ in range(2):
        answer(service, ws.code, "true")
    service.set_paper_votes(ws.token, Q, {"false": 3})
    assert shareable(service.results(ws.token)[0]) is not None


def test_a_question_with_fewer_answers_holds_back_the_whole_activity(service):
    ws = service.create_workshop("Uneven", ["check"])
    for _ in range(5):
        answer(service, ws.code, "false")
    answer(service, ws.code, "true", "check-before:collect-more")  # only one person answered this
    assert shareable(service.results(ws.token)[0]) is None


def test_a_small_start_is_left_out_of_the_end_comparison(service):
    ws = service.create_workshop("Before and after", ["check"])
    answer(service, ws.code, "true")  # one person at the start
    service.next_step(ws.token)
    for _ in range(3):
        answer(service, ws.code, "false", "check-after:one-big-database")
    after = service.results(ws.token)[1]
    change = next(c for c in after.changes if c.statement_id == "one-big-database")
    assert change.before == 0.0 and change.before_respondents == 1  # kept for the facilitator's CSV
    shown = shareable(after)
    assert shown is not None
    assert next(c for c in shown.changes if c.statement_id == "one-big-database").before is None
    text, textn = words()
    assert any("right at the end" in line for line in summarise(shown, text, textn))
    assert not any("at the start" in line for line in summarise(shown, text, textn))


def summary(service, ws, lang="en"):
    view = service.facilitator_view(ws.token, lang)
    text, textn = words(lang)
    months = catalogue().get(lang, "workshop.summary_months")
    return summary_html(title=view.title, held_on=format_date(view.created_at, months), phones=view.participants,
                        results=view.steps, lang=lang, text=text, textn=textn,
                        scenario_titles={"maps": "Detailed maps"}, site="https://ndl.example.org")


def test_the_summary_has_each_question_its_counts_the_date_and_says_answers_are_anonymous(service):
    ws = service.create_workshop("Library <evening> & talk", ["check", "comfort"], ["maps"], free_text=True)
    for value in ("false", "false", "true"):
        answer(service, ws.code, value)
    service.set_paper_votes(ws.token, Q, {"false": 4})
    someone = new_participant_token()
    service.answer(ws.code, someone, "check-before:collect-more", "true")
    service.comment(ws.code, someone, "My name is Secret Person")
    html = summary(service, ws)
    text, textn = words()
    assert "Library &lt;evening&gt; &amp; talk" in html  # escaped
    assert text("summary_date", date="15 January 2027") in html  # 1_800_000_000 is 15 January 2027 (UTC)
    assert textn("summary_phones", 4) in html
    assert text("summary_privacy", n=3).replace("'", "&#x27;") in html
    assert "The NDL would be one big database" in html
    assert textn("summary_people", 7, phone=3, paper=4) in html
    assert '<td class="n">2</td><td class="n">4</td><td class="n">6</td>' in html  # "false": phone, paper, total
    assert text("summary_too_few", n=3) in html  # the question only one person answered
    assert text("scenario_heading", title="Detailed maps") in html
    assert ws.code not in html and "Secret" not in html  # no join code, no comments
    assert html.startswith('<!DOCTYPE html><html lang="en">')


def test_the_summary_in_welsh():
    from ndl_explain.workshop.summary import format_date as fd

    assert fd(1_800_000_000, catalogue().get("cy", "workshop.summary_months")) == "15 Ionawr 2027"


def test_every_new_word_exists_in_welsh_too():
    keys = ["waiting_for_group", "too_many_codes", "paper_toggle", "paper_toggle_help", "summary_button_pdf",
            "summary_button_html", "summary_help", "summary_title", "summary_date", "summary_phones",
            "summary_paper_note", "summary_privacy", "summary_too_few", "summary_people", "summary_total",
            "summary_footer", "summary_months"]
    cat = catalogue()
    for key in keys:
        assert cat.strings["cy"]["workshop"][key] != cat.strings["en"]["workshop"][key], key
    assert len(cat.get("cy", "workshop.summary_months")) == 12


@pytest.mark.skipif(not pdf_available(), reason="WeasyPrint / Pango not installed here")
def test_the_summary_as_a_tagged_pdf(service):
    ws = service.create_workshop("Printed", ["check"])
    for value in ("false", "false", "true"):
        answer(service, ws.code, value)
    data = summary_pdf(summary(service, ws))
    assert data.startswith(b"%PDF")
    pikepdf = pytest.importorskip("pikepdf")
    pdfplumber = pytest.importorskip("pdfplumber")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.docinfo.Title) == "Workshop results: Printed"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0].extract_text()
    assert "All answers were anonymous" in page and "The NDL would be one big database" in page
