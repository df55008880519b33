"""Workshop rules at the service level: codes, tokens, answering, moving on, paper votes, privacy, expiry."""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from ndl_explain.workshop import (
    BadParticipant,
    Closed,
    Expired,
    Finished,
    FreeTextOff,
    InvalidAnswer,
    InvalidSetup,
    NotCurrent,
    NotFacilitator,
    WorkshopService,
    WorkshopStore,
    WrongCode,
    new_participant_token,
    normalise_code,
)
from ndl_explain.workshop.service import CODE_ALPHABET, ttl_hours_from_env

ALL = ["check", "comfort", "reassure", "benefit"]


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "workshop.sqlite3"


@pytest.fixture
def service(db_path, clock):
    store = WorkshopStore(f"sqlite:///{db_path}")
    yield WorkshopService(store, ttl_hours=2, clock=clock)
    store.dispose()


@pytest.fixture
def ws(service):
    return service.create_workshop("Library evening", ALL, ["maps", "school-ai"])


def p():
    return new_participant_token()


def snapshot(db_path):
    """Every row of every workshop table: proof that a refused action changed nothing."""
    con = sqlite3.connect(db_path)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("ws_workshop", "ws_step", "ws_answer", "ws_paper_vote", "ws_comment")}
    finally:
        con.close()


# -- creating ------------------------------------------------------------------------------------
def test_create_gives_a_short_unambiguous_code_and_a_secret_token(service, db_path):
    created = service.create_workshop("  Town hall\x00 talk  ", ["reassure"])
    assert len(created.code) == 6 and set(created.code) <= set(CODE_ALPHABET)
    assert not set(created.code) & set("01OIL")
    assert len(created.token) >= 32
    assert created.title == "Town hall talk"
    raw = db_path.read_bytes() + (db_path.with_name(db_path.name + "-wal").read_bytes()
                                  if db_path.with_name(db_path.name + "-wal").exists() else b"")
    assert created.token.encode() not in raw  # only a hash is stored


def test_codes_and_tokens_differ_between_workshops(service):
    made = [service.create_workshop(f"W{i}", ["reassure"]) for i in range(30)]
    assert len({m.code for m in made}) == 30
    assert len({m.token for m in made}) == 30


@pytest.mark.parametrize(
    "title, activities, scenarios",
    [
        ("", ALL, ["a"]),
        ("   ", ALL, ["a"]),
        ("x" * 121, ALL, ["a"]),
        (None, ALL, ["a"]),
        ("ok", [], ["a"]),
        ("ok", ["dance"], ["a"]),
        ("ok", ["comfort"], []),  # a comfort vote needs a scenario
        ("ok", ["comfort"], ["Bad Id"]),
        ("ok", ["comfort"], ["../etc"]),
        ("ok", ["comfort"], [f"s{i}" for i in range(11)]),
    ],
)
def test_bad_setup_is_refused(service, title, activities, scenarios):
    with pytest.raises(InvalidSetup):
        service.create_workshop(title, activities, scenarios)


def test_unknown_scenarios_refused_when_the_list_is_known(service):
    with pytest.raises(InvalidSetup):
        service.create_workshop("ok", ["comfort"], ["nope"], known_scenarios={"maps"})
    assert service.create_workshop("ok", ["comfort"], ["maps"], known_scenarios={"maps"}).code


# -- joining -------------------------------------------------------------------------------------
def test_join_by_code_ignores_case_spaces_and_dashes(service, ws):
    messy = f" {ws.code[:3].lower()}-{ws.code[3:].lower()} "
    assert service.join(messy).code == ws.code
    assert normalise_code(messy) == ws.code


@pytest.mark.parametrize("code", ["", "ABC", "ABCDEFG", "ABCDE0", "ABCDEI", None, 123456, "<scrip", "'; --"])
def test_malformed_codes_are_wrong_codes(service, code):
    with pytest.raises(WrongCode):
        service.join(code)


def test_unknown_code_is_a_wrong_code(service, ws):
    other = "".join(reversed(ws.code)) if ws.code[::-1] != ws.code else "ZZZZZZ"
    with pytest.raises(WrongCode):
        service.join(other)


def test_first_activity_is_open_on_creation(service, ws):
    view = service.participant_view(ws.code, p())
    assert view.status == "open"
    assert view.step.step_id == "check-before"
    assert view.step_count == 6 and view.position == 0
    assert view.results is None and view.my_answers == {}


# -- answering -----------------------------------------------------------------------------------
def test_a_repeat_answer_replaces_never_adds(service, ws):
    me = p()
    q = "check-before:collect-more"
    for value in ("true", "unsure", "false", "false"):
        service.answer(ws.code, me, q, value)
    service.answer(ws.code, p(), q, "false")
    assert service.store.answer_rows(service.join(ws.code).id) == 2
    result = service.results(ws.token)[0].questions[1]
    assert {t.value: t.phone for t in result.tallies} == {"true": 0, "false": 2, "unsure": 0}
    assert service.participant_view(ws.code, me).my_answers == {q: "false"}


def test_answers_can_be_changed_until_the_activity_closes(service, ws, db_path):
    me = p()
    q = "check-before:collect-more"
    service.answer(ws.code, me, q, "true")
    service.close_step(ws.token)
    assert service.participant_view(ws.code, me).status == "closed"
    before = snapshot(db_path)
    with pytest.raises(Closed):
        service.answer(ws.code, me, q, "false")
    assert snapshot(db_path) == before
    service.open_step(ws.token)
    service.answer(ws.code, me, q, "false")
    assert service.participant_view(ws.code, me).my_answers == {q: "false"}


def test_answers_to_another_activity_are_refused(service, ws, db_path):
    me = p()
    before = snapshot(db_path)
    with pytest.raises(NotCurrent):
        service.answer(ws.code, me, "comfort:maps", "3")  # a later step: an old or early screen
    with pytest.raises(InvalidAnswer):
        service.answer(ws.code, me, "check-before:made-up", "true")
    with pytest.raises(InvalidAnswer):
        service.answer(ws.code, me, "check-before:collect-more", "yes")
    with pytest.raises(InvalidAnswer):
        service.answer(ws.code, me, None, "true")
    assert snapshot(db_path) == before


def test_moving_on_closes_the_old_activity(service, ws):
    me = p()
    service.next_step(ws.token)
    with pytest.raises(NotCurrent):
        service.answer(ws.code, me, "check-before:collect-more", "false")
    view = service.participant_view(ws.code, me)
    assert view.step.step_id == "comfort:maps" and view.status == "open"
    service.answer(ws.code, me, "comfort:maps", 5)
    steps = service.facilitator_view(ws.token).steps
    assert [s.status for s in steps[:3]] == ["closed", "open", "ready"]


def test_previous_goes_back_closed_and_can_be_reopened(service, ws):
    service.next_step(ws.token)
    assert service.previous_step(ws.token) == 0
    view = service.participant_view(ws.code, p())
    assert view.step.step_id == "check-before" and view.status == "closed"
    service.open_step(ws.token)
    assert service.participant_view(ws.code, p()).status == "open"
    assert service.previous_step(ws.token) == 0  # cannot go before the first step


def test_after_the_last_step_the_workshop_is_finished(service, ws):
    for _ in range(6):
        service.next_step(ws.token)
    assert service.next_step(ws.token) == 6
    view = service.participant_view(ws.code, p())
    assert view.status == "finished" and view.step is None
    with pytest.raises(Finished):
        service.answer(ws.code, p(), "check-after:collect-more", "false")
    with pytest.raises(Finished):
        service.close_step(ws.token)
    assert service.facilitator_view(ws.token).finished


def test_multi_pick_counts_each_rule_once_per_person(service):
    ws = service.create_workshop("Rules", ["reassure"])
    rules = service.participant_view(ws.code, p()).step.questions[0].option_values()
    me = p()
    service.answer(ws.code, me, "reassure", [rules[0], rules[1]])
    service.answer(ws.code, me, "reassure", [rules[1], rules[2]])  # replaces
    service.answer(ws.code, p(), "reassure", [rules[1]])
    result = service.results(ws.token)[0].questions[0]
    counts = {t.value: t.phone for t in result.tallies}
    assert counts[rules[0]] == 0 and counts[rules[1]] == 2 and counts[rules[2]] == 1
    assert result.respondents_phone == 2


# -- showing results -----------------------------------------------------------------------------
def test_results_reach_participants_only_when_shown(service, ws):
    me = p()
    service.answer(ws.code, me, "check-before:collect-more", "false")
    assert service.participant_view(ws.code, me).results is None
    service.show_results(ws.token)
    shown = service.participant_view(ws.code, me).results
    assert shown is not None and shown.step.step_id == "check-before"
    assert shown.questions[1].share_correct == 1.0
    service.show_results(ws.token, False)
    assert service.participant_view(ws.code, me).results is None


def test_before_after_check_shows_the_change(service):
    ws = service.create_workshop("Check", ["check"])
    a, b = p(), p()
    service.answer(ws.code, a, "check-before:one-big-database", "true")
    service.answer(ws.code, b, "check-before:one-big-database", "false")
    service.next_step(ws.token)
    service.answer(ws.code, a, "check-after:one-big-database", "false")
    service.answer(ws.code, b, "check-after:one-big-database", "false")
    after = service.results(ws.token)[1]
    change = next(c for c in after.changes if c.statement_id == "one-big-database")
    assert change.before == 0.5 and change.after == 1.0


def test_benefit_profile_averages_each_criterion(service):
    ws = service.create_workshop("Benefit", ["benefit"], ["maps"])
    step = service.participant_view(ws.code, p()).step
    assert step.scenario_id == "maps"
    first = service.content().criteria[0]
    a, b = p(), p()
    for qid in first.question_ids:
        service.answer(ws.code, a, qid, "5")
        service.answer(ws.code, b, qid, "2")
    profile = service.results(ws.token)[0].profile
    assert profile[0].id == first.id and profile[0].mean == pytest.approx(3.5)
    assert profile[0].votes == 2 * len(first.question_ids)
    assert all(score.mean is None for score in profile[1:])


# -- paper votes ---------------------------------------------------------------------------------
def test_paper_votes_are_kept_apart_but_counted_in_totals(service, ws):
    service.next_step(ws.token)
    service.answer(ws.code, p(), "comfort:maps", "4")
    service.set_paper_votes(ws.token, "comfort:maps", {"4": 2, "1": 3})
    service.set_paper_votes(ws.token, "comfort:maps", {"4": 2, "1": 1})  # a recount replaces
    q = service.results(ws.token)[1].questions[0]
    by_value = {t.value: t for t in q.tallies}
    assert (by_value["4"].phone, by_value["4"].paper, by_value["4"].total) == (1, 2, 3)
    assert (by_value["1"].phone, by_value["1"].paper, by_value["1"].total) == (0, 1, 1)
    assert q.respondents_phone == 1 and q.respondents_paper == 3 and q.respondents == 4
    assert q.mean == pytest.approx((4 * 3 + 1) / 4)


def test_paper_votes_for_a_closed_or_earlier_step_are_allowed(service, ws):
    service.next_step(ws.token)
    service.set_paper_votes(ws.token, "check-before:collect-more", {"false": 5})
    assert service.results(ws.token)[0].questions[1].tallies[1].paper == 5


@pytest.mark.parametrize(
    "question, counts",
    [
        ("comfort:maps", {"6": 1}),
        ("comfort:maps", {"4": -1}),
        ("comfort:maps", {"4": 1.5}),
        ("comfort:maps", {"4": "2"}),
        ("comfort:maps", {"4": True}),
        ("comfort:maps", {"4": 10_001}),
        ("comfort:nowhere", {"4": 1}),
        ("comfort:maps", ["4"]),
    ],
)
def test_bad_paper_votes_change_nothing(service, ws, db_path, question, counts):
    before = snapshot(db_path)
    with pytest.raises(InvalidAnswer):
        service.set_paper_votes(ws.token, question, counts)
    assert snapshot(db_path) == before


# -- free text -----------------------------------------------------------------------------------
def test_free_text_is_off_unless_the_facilitator_turns_it_on(service, ws, db_path):
    me = p()
    before = snapshot(db_path)
    with pytest.raises(FreeTextOff):
        service.comment(ws.code, me, "hello")
    assert snapshot(db_path) == before
    service.set_free_text(ws.token, True)
    stored = service.comment(ws.code, me, "  <b>Who</b> checks\x07 this? ")
    assert stored == "<b>Who</b> checks this?"  # kept as text; the screen escapes it
    service.comment(ws.code, me, "Second thought")  # replaces
    view = service.facilitator_view(ws.token)
    assert view.comments == {0: ("Second thought",)}
    mine = service.participant_view(ws.code, me)
    assert mine.my_comment == "Second thought"
    assert "Second thought" not in repr(service.participant_view(ws.code, p()))
    assert "Second thought" not in service.export_csv(ws.token)
    with pytest.raises(InvalidAnswer):
        service.comment(ws.code, me, "x" * 501)
    with pytest.raises(InvalidAnswer):
        service.comment(ws.code, me, "   ")


# -- facilitator powers and tampering ------------------------------------------------------------
FACILITATOR_ACTIONS = [
    lambda s, t: s.facilitator_view(t),
    lambda s, t: s.next_step(t),
    lambda s, t: s.previous_step(t),
    lambda s, t: s.open_step(t),
    lambda s, t: s.close_step(t),
    lambda s, t: s.show_results(t),
    lambda s, t: s.set_free_text(t, True),
    lambda s, t: s.set_paper_votes(t, "check-before:collect-more", {"true": 3}),
    lambda s, t: s.export_csv(t),
    lambda s, t: s.results(t),
    lambda s, t: s.delete_workshop(t),
]


def _tampered(ws):
    flipped = ("A" if ws.token[0] != "A" else "B") + ws.token[1:]
    return [None, "", ws.code, ws.token[:-1], flipped, ws.token + "x", "a" * 40, " " + ws.token,
            "../../etc/passwd", "' OR 1=1 --", ["list"], 12345]


@pytest.mark.parametrize("action", FACILITATOR_ACTIONS)
def test_only_the_facilitator_token_allows_facilitator_actions(service, ws, db_path, action):
    before = snapshot(db_path)
    for bad in _tampered(ws):
        with pytest.raises(NotFacilitator):
            action(service, bad)
    assert snapshot(db_path) == before
    assert service.is_facilitator(ws.token)
    assert not service.is_facilitator(ws.code)


@pytest.mark.parametrize("token", [None, "", "short", "bad token with spaces!!", "é" * 30, 42])
def test_tampered_participant_tokens_are_refused(service, ws, db_path, token):
    before = snapshot(db_path)
    with pytest.raises(BadParticipant):
        service.answer(ws.code, token, "check-before:collect-more", "true")
    with pytest.raises(BadParticipant):
        service.participant_view(ws.code, token)
    assert snapshot(db_path) == before


def test_participant_hash_differs_between_workshops(service, ws, db_path):
    other = service.create_workshop("Other", ["check"])
    me = p()
    service.answer(ws.code, me, "check-before:collect-more", "true")
    service.answer(other.code, me, "check-before:collect-more", "true")
    con = sqlite3.connect(db_path)
    stored = [r[0] for r in con.execute("SELECT participant FROM ws_answer")]
    con.close()
    assert len(set(stored)) == 2 and me not in stored


# -- export --------------------------------------------------------------------------------------
def test_csv_has_totals_only_with_phone_and_paper_apart(service, ws):
    a, b, c = p(), p(), p()
    service.answer(ws.code, a, "check-before:collect-more", "false")
    service.answer(ws.code, b, "check-before:collect-more", "true")
    service.answer(ws.code, c, "check-before:collect-more", "true")
    service.set_paper_votes(ws.token, "check-before:collect-more", {"false": 4})
    text = service.export_csv(ws.token, scenario_titles={"maps": "Detailed maps"})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["workshop_code", "workshop_title", "step", "step_id", "activity", "scenario",
                             "question_id", "question", "choice_id", "choice", "phone_votes",
                             "paper_votes", "total_votes", "note"]
    row = next(r for r in rows if r["question_id"] == "check-before:collect-more" and r["choice_id"] == "false")
    assert (row["phone_votes"], row["paper_votes"], row["total_votes"]) == ("1", "4", "5")
    assert row["workshop_code"] == ws.code and row["workshop_title"] == "Library evening"
    assert row["choice"] == "False"
    comfort = [r for r in rows if r["step_id"] == "comfort:maps"]
    assert len(comfort) == 5 and all(r["scenario"] == "Detailed maps" for r in comfort)
    assert {r["step_id"] for r in rows} == {"check-before", "comfort:maps", "comfort:school-ai", "reassure",
                                            "benefit", "check-after"}
    assert a not in text and b not in text and c not in text


def test_csv_cells_cannot_become_spreadsheet_formulas(service):
    ws = service.create_workshop("=HYPERLINK(\"http://evil\")", ["reassure"])
    rows = list(csv.reader(io.StringIO(service.export_csv(ws.token))))
    assert rows[1][1].startswith("'=")


# -- deleting and expiry -------------------------------------------------------------------------
def test_delete_removes_every_row_of_that_workshop_only(service, ws, db_path):
    keep = service.create_workshop("Keep", ["check"])
    for code in (ws.code, keep.code):
        service.answer(code, p(), "check-before:collect-more", "true")
    service.set_free_text(ws.token, True)
    service.comment(ws.code, p(), "note")
    service.set_paper_votes(ws.token, "check-before:collect-more", {"true": 2})
    service.delete_workshop(ws.token)
    with pytest.raises(WrongCode):
        service.join(ws.code)
    with pytest.raises(NotFacilitator):
        service.facilitator_view(ws.token)
    rows = snapshot(db_path)
    assert len(rows["ws_workshop"]) == 1 and len(rows["ws_answer"]) == 1
    assert rows["ws_paper_vote"] == [] and rows["ws_comment"] == []
    assert service.join(keep.code).title == "Keep"


def test_workshops_expire_and_are_then_removed(service, ws, clock, db_path):
    me = p()
    service.answer(ws.code, me, "check-before:collect-more", "true")
    clock.now += 2 * 3600 + 1
    before = snapshot(db_path)
    for action in (lambda: service.join(ws.code),
                   lambda: service.participant_view(ws.code, me),
                   lambda: service.answer(ws.code, me, "check-before:collect-more", "false"),
                   lambda: service.facilitator_view(ws.token),
                   lambda: service.next_step(ws.token)):
        with pytest.raises(Expired):
            action()
    assert snapshot(db_path) == before
    assert service.purge_expired() == 1
    assert all(rows == [] for rows in snapshot(db_path).values())
    with pytest.raises(WrongCode):
        service.join(ws.code)


def test_creating_a_workshop_removes_expired_ones(service, ws, clock, db_path):
    clock.now += 3 * 3600
    service.create_workshop("New", ["reassure"])
    assert len(snapshot(db_path)["ws_workshop"]) == 1


def test_expiry_store_check_refuses_late_answers(service, ws, clock):
    """The write transaction itself re-checks expiry (the clock can pass it between read and write)."""
    workshop = service.join(ws.code)
    with pytest.raises(Expired):
        service.store.record_answer(workshop_id=workshop.id, step_position=0, question_id="check-before:x",
                                    participant="p" * 64, value="true", now=workshop.expires_at)


@pytest.mark.parametrize("raw, hours", [(None, 24.0), ("6", 6.0), ("0.5", 0.5), ("nonsense", 24.0),
                                        ("-3", 24.0), ("0", 24.0), ("inf", 24.0), ("1e9", 24.0 * 90)])
def test_ttl_comes_from_the_environment(raw, hours):
    env = {} if raw is None else {"NDL_WORKSHOP_TTL_HOURS": raw}
    assert ttl_hours_from_env(env) == hours
