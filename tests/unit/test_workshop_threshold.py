"""The privacy threshold on every route: no figure for a group under MIN_GROUP_SIZE real people, paper
votes never unlock a screen that phone answers alone would give away, no split that shows a small group.

Issue 17, failure 2: the CSV applied no threshold (one respondent: exactly what they chose), and two
paper votes unlocked the results, whose phone/paper split then showed the one real answer.
"""
from __future__ import annotations

import csv
import io

import pytest

from ndl_explain.i18n import catalogue
from ndl_explain.workshop import WorkshopService, WorkshopStore, new_participant_token
from ndl_explain.workshop.charts import summarise
from ndl_explain.workshop.results import MIN_GROUP_SIZE, shareable, visibility
from ndl_explain.workshop.summary import format_date, summary_html

Q = "check-before:one-big-database"
COMFORT = "comfort:maps"


@pytest.fixture
def service(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    yield WorkshopService(store, ttl_hours=2, clock=lambda: 1_800_000_000.0)
    store.dispose()


def words(lang="en"):
    cat = catalogue()
    return (lambda key, **v: cat.t(lang, f"workshop.{key}", **v),
            lambda key, n, **v: cat.tn(lang, f"workshop.{key}", n, **v))


def phones(service, code, values, question=Q):
    for value in values:
        service.answer(code, new_participant_token(), question, value)


def csv_rows(service, ws, question=Q):
    return [r for r in csv.DictReader(io.StringIO(service.export_csv(ws.token))) if r["question_id"] == question]


def summary(service, ws):
    view = service.facilitator_view(ws.token)
    text, textn = words()
    months = catalogue().get("en", "workshop.summary_months")
    return summary_html(title=view.title, held_on=format_date(view.created_at, months), phones=view.participants,
                        results=view.steps, lang="en", text=text, textn=textn)


def test_the_csv_shows_no_counts_for_a_question_one_person_answered(service):
    ws = service.create_workshop("One person", ["check"])
    phones(service, ws.code, ["true"])
    rows = csv_rows(service, ws)
    assert rows, "the question is still listed"
    assert all(r["phone_votes"] == r["paper_votes"] == r["total_votes"] == "" for r in rows), rows
    note = catalogue().t("en", "workshop.csv_too_few", n=MIN_GROUP_SIZE)
    assert {r["note"] for r in rows} == {note}


def test_the_csv_shows_counts_once_three_people_answered(service):
    ws = service.create_workshop("Three people", ["check"])
    phones(service, ws.code, ["true", "false", "false"])
    rows = {r["choice_id"]: r for r in csv_rows(service, ws)}
    assert (rows["false"]["phone_votes"], rows["false"]["paper_votes"], rows["false"]["total_votes"]) == ("2", "0", "2")
    assert rows["false"]["note"] == ""


def test_paper_votes_never_unlock_what_one_phone_answer_would_give_away(service):
    ws = service.create_workshop("Paper", ["check"])
    phones(service, ws.code, ["true"])
    service.set_paper_votes(ws.token, Q, {"false": 2})  # 3 "people" in total, but only 1 phone
    result = service.results(ws.token)[0]
    assert visibility(result.questions[0]) == "hidden"
    assert shareable(result) is None
    assert all(r["total_votes"] == "" and r["phone_votes"] == "" for r in csv_rows(service, ws))
    html = summary(service, ws)
    text, _ = words()
    assert text("summary_too_few", n=MIN_GROUP_SIZE) in html
    assert '<td class="n">' not in html  # no number at all for that question


def test_a_small_paper_group_is_not_shown_apart_from_the_phones(service):
    ws = service.create_workshop("Split", ["check"])
    phones(service, ws.code, ["true", "true", "false"])
    service.set_paper_votes(ws.token, Q, {"false": 1})  # one paper voter: their choice must not show
    result = service.results(ws.token)[0]
    assert visibility(result.questions[0]) == "totals"
    shown = shareable(result)
    assert shown is not None
    q = shown.questions[0]
    assert not q.split and all(t.paper == 0 for t in q.tallies)  # the split is gone, not just hidden
    assert {t.value: t.total for t in q.tallies} == {"true": 2, "false": 2, "unsure": 0}
    text, textn = words()
    assert not any(text("summary_paper", n=1) in line for line in summarise(shown, text, textn))
    rows = {r["choice_id"]: r for r in csv_rows(service, ws)}
    assert (rows["false"]["phone_votes"], rows["false"]["paper_votes"], rows["false"]["total_votes"]) == ("", "", "2")
    assert rows["false"]["note"] == catalogue().t("en", "workshop.csv_no_split", n=MIN_GROUP_SIZE)
    html = summary(service, ws)
    assert '<td class="n">1</td>' not in html  # no paper column with the one vote
    assert text("chart_paper") not in html.split("<h3>", 2)[1]


def test_a_small_phone_group_is_not_shown_apart_from_a_big_paper_group(service):
    ws = service.create_workshop("Mostly paper", ["comfort"], ["maps"])
    phones(service, ws.code, ["1"], COMFORT)
    service.set_paper_votes(ws.token, COMFORT, {"4": 5})
    assert visibility(service.results(ws.token)[0].questions[0]) == "hidden"  # 1 phone: never shown


def test_paper_alone_needs_three_votes(service):
    ws = service.create_workshop("Paper only", ["comfort"], ["maps"])
    service.set_paper_votes(ws.token, COMFORT, {"4": 1, "2": 1})
    assert shareable(service.results(ws.token)[0]) is None
    service.set_paper_votes(ws.token, COMFORT, {"4": 2, "2": 1})
    shown = shareable(service.results(ws.token)[0])
    assert shown is not None and shown.questions[0].split


def test_the_start_of_the_check_is_left_out_when_paper_made_it_look_big_enough(service):
    ws = service.create_workshop("Before and after", ["check"])
    phones(service, ws.code, ["true"])
    service.set_paper_votes(ws.token, Q, {"false": 5})  # 6 in all, but one phone
    service.next_step(ws.token)
    phones(service, ws.code, ["false", "false", "true"], "check-after:one-big-database")
    shown = shareable(service.results(ws.token)[1])
    change = next(c for c in shown.changes if c.statement_id == "one-big-database")
    assert change.before is None


# -- ties --------------------------------------------------------------------------------------
def test_a_tie_is_described_as_a_tie(service):
    ws = service.create_workshop("Tie", ["comfort"], ["maps"])
    phones(service, ws.code, ["1", "1", "5", "5"], COMFORT)
    text, textn = words()
    lines = summarise(shareable(service.results(ws.token)[0]), text, textn)
    assert not any(line.startswith("Most people chose") for line in lines), lines
    tie = text("summary_tie", labels=text("tie_join").join(['"Very uncomfortable"', '"Very comfortable"']), count=2)
    assert tie in lines


def test_a_clear_winner_is_still_named(service):
    ws = service.create_workshop("Winner", ["comfort"], ["maps"])
    phones(service, ws.code, ["1", "5", "5"], COMFORT)
    text, textn = words()
    lines = summarise(shareable(service.results(ws.token)[0]), text, textn)
    assert text("summary_top", label="Very comfortable", count=2) in lines


def test_rules_tied_with_the_third_are_all_named(service):
    ws = service.create_workshop("Rules", ["reassure"])
    for picks in (["time-limit", "who-has-access"], ["time-limit", "secure-system"],
                  ["time-limit", "record-of-uses"], ["public-say"]):
        service.answer(ws.code, new_participant_token(), "reassure", picks)
    text, textn = words()
    lines = summarise(shareable(service.results(ws.token)[0]), text, textn)
    rules = next(line for line in lines if line.startswith("The rules picked most"))
    for label in ("Open about who can see the data", "Use only inside a secure system", "A public record of every use",
                  "The public has a say"):
        assert label in rules, rules


# -- titles --------------------------------------------------------------------------------------
def test_each_comfort_vote_is_named_after_its_example(service):
    from ndl_explain.workshop.activities import workshop_content
    from ndl_explain import CONTENT_DIR
    from ndl_explain.scenarios import load_scenarios

    ids = sorted(load_scenarios(CONTENT_DIR, "en"))[:2]
    ws = service.create_workshop("Two examples", ["comfort", "benefit"], ids)
    titles = [r.step.title for r in service.results(ws.token)]
    assert len(set(titles)) == len(titles) == 3, titles
    content = workshop_content("en")
    for sid, title in zip(ids, titles):
        assert content.example_title(sid) in title
    assert content.example_title(ids[0]) in titles[2]  # the benefit check names its example too
