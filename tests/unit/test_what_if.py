"""The "what if" explorer: change one thing in a scenario and see what changes (table-driven)."""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
import yaml

from ndl_explain import CONTENT_DIR
from ndl_explain.problems import ContentError
from ndl_explain.scenarios import (
    WHAT_IF_CHOICES,
    WHAT_IF_DIMENSIONS,
    Point,
    load_scenarios,
    load_source_ids,
    load_what_if_rules,
    parse_what_if_rules,
    what_if,
    what_if_choices,
)
from ndl_explain.yamlfile import parse_yaml

SOURCES = {"s1", "s2"}


def said(text: str, source: str = "s1") -> dict:
    return {"text": text, "who": "People", "source": source}


def point(text: str, source: str = "s1") -> dict:
    return {"text": text, "source": source}


RULES = {
    "options": {
        "requester": {
            "council": {"safeguards": [point("law gateway"), point("DEA")], "people_felt": [said("trust councils")]},
            "university": {"safeguards": [point("agreement"), point("accreditation")], "people_felt": [said("tentatively ok")]},
            "private-company": {"safeguards": [point("agreement"), point("contract")], "people_felt": [said("wary of profit")]},
            "government-department": {"safeguards": [point("law gateway")], "people_felt": [said("trust government")]},
        },
        "data": {
            "personal": {
                "safeguards": [point("GDPR in full")],
                "gets": [point("names")],
                "never_gets": [point("more than needed")],
                "people_felt": [said("prefer anonymous")],
            },
            "aggregate": {
                "safeguards": [point("small groups")],
                "gets": [point("totals")],
                "never_gets": [point("one person's record")],
                "people_felt": [said("prefer grouped")],
            },
        },
        "access": {
            "tre": {"safeguards": [point("no download")], "gets": [point("log-in")], "never_gets": [point("a copy")], "people_felt": [said("reassuring")]},
            "copy": {"safeguards": [point("encryption")], "gets": [point("a copy")], "never_gets": [point("other uses")], "people_felt": [said("delete after")]},
            "results-only": {"results_only": True, "safeguards": [point("holder does the work")], "gets": [point("results")], "never_gets": [point("the records")]},
        },
    },
    "combinations": [
        {"when": {"requester": "private-company", "data": "personal"}, "text": "most wary", "source": "s2"},
        {"when": {"data": "personal", "access": "copy"}, "text": "loss risk", "source": "s1"},
    ],
}


def parse(doc: dict):
    text = yaml.safe_dump(doc, sort_keys=False)
    data, lines = parse_yaml(text, Path("what_if.yaml"))
    return parse_what_if_rules(data, Path("what_if.yaml"), lines, SOURCES)


@pytest.fixture(scope="module")
def rules():
    parsed, problems = parse(RULES)
    assert not problems, problems
    return parsed


@pytest.fixture(scope="module")
def base_scenario():
    return next(iter(load_scenarios(CONTENT_DIR, "en").values()))


def scenario_with(base, requester: str, data: str, access: str):
    return dataclasses.replace(
        base,
        requester=dataclasses.replace(base.requester, type=requester),
        data=dataclasses.replace(base.data, type=data),
        where_used=access,
    )


def texts(points) -> set[str]:
    return {p.text for p in points}


# (start: requester, data, access) -> change -> what should be added / dropped / kept,
# whether what they get changes, and which combination notes appear or go.
CASES = [
    # who asks
    (("council", "aggregate", "tre"), ("requester", "private-company"),
     {"added": {"agreement", "contract"}, "dropped": {"law gateway", "DEA"}, "kept": {"small groups", "no download"},
      "gets_changed": False, "notes_added": set(), "notes_dropped": set(),
      "felt_before": {"trust councils"}, "felt_after": {"wary of profit"}}),
    (("council", "personal", "copy"), ("requester", "private-company"),
     {"added": {"agreement", "contract"}, "dropped": {"law gateway", "DEA"},
      "gets_changed": False, "notes_added": {"most wary"}, "notes_dropped": set()}),
    (("private-company", "personal", "copy"), ("requester", "university"),
     {"added": {"accreditation"}, "dropped": {"contract"}, "kept": {"agreement", "GDPR in full", "encryption"},
      "notes_added": set(), "notes_dropped": {"most wary"}}),
    (("government-department", "aggregate", "tre"), ("requester", "council"),
     {"added": {"DEA"}, "dropped": set(), "kept": {"law gateway", "small groups", "no download"}}),
    # type of data
    (("council", "aggregate", "copy"), ("data", "personal"),
     {"added": {"GDPR in full"}, "dropped": {"small groups"}, "gets_changed": True,
      "gets_before": {"totals", "a copy"}, "gets_after": {"names", "a copy"},
      "never_before": {"one person's record", "other uses"}, "never_after": {"more than needed", "other uses"},
      "notes_added": {"loss risk"}, "felt_before": {"prefer grouped"}, "felt_after": {"prefer anonymous"}}),
    (("private-company", "personal", "tre"), ("data", "aggregate"),
     {"added": {"small groups"}, "dropped": {"GDPR in full"}, "notes_dropped": {"most wary"}, "notes_added": set()}),
    # where the data is used
    (("university", "personal", "tre"), ("access", "copy"),
     {"added": {"encryption"}, "dropped": {"no download"}, "gets_changed": True,
      "gets_after": {"names", "a copy"}, "never_after": {"more than needed", "other uses"},
      "notes_added": {"loss risk"}, "felt_before": {"reassuring"}, "felt_after": {"delete after"}}),
    (("university", "personal", "copy"), ("access", "tre"),
     {"added": {"no download"}, "dropped": {"encryption"}, "notes_dropped": {"loss risk"}, "notes_added": set()}),
    # a start the table says nothing about (the source does not say where the data is used)
    (("council", "aggregate", "not-stated"), ("access", "tre"),
     {"added": {"no download"}, "dropped": set(), "felt_before": set(), "felt_after": {"reassuring"},
      "gets_before": {"totals"}, "gets_after": {"totals", "log-in"}}),
    # only results come back: what the data is no longer decides what they get
    (("charity", "personal", "results-only"), ("requester", "council"),
     {"gets_changed": False, "gets_after": {"results"}, "never_after": {"the records"},
      "kept": {"GDPR in full", "holder does the work"}}),
    (("charity", "personal", "results-only"), ("access", "copy"),
     {"gets_changed": True, "gets_before": {"results"}, "gets_after": {"names", "a copy"},
      "never_before": {"the records"}, "notes_added": {"loss risk"}, "felt_before": set()}),
    (("charity", "aggregate", "copy"), ("access", "results-only"),
     {"gets_after": {"results"}, "dropped": {"encryption"}, "added": {"holder does the work"}}),
    # no change at all
    (("council", "aggregate", "tre"), ("requester", "council"),
     {"added": set(), "dropped": set(), "gets_changed": False, "changed": False,
      "notes_added": set(), "notes_dropped": set()}),
]


@pytest.mark.parametrize("start, change, expected", CASES, ids=[f"{c[0]}->{c[1]}" for c in CASES])
def test_what_if_table(rules, base_scenario, start, change, expected):
    scenario = scenario_with(base_scenario, *start)
    outcome = what_if(scenario, change[0], change[1], rules)
    assert outcome.before == dict(zip(("requester", "data", "access"), start))[change[0]]
    assert outcome.after == change[1]
    assert outcome.after_state[change[0]] == change[1]
    for other in WHAT_IF_DIMENSIONS:
        if other != change[0]:
            assert outcome.after_state[other] == outcome.before_state[other], "only one thing may change"
    checks = {
        "added": outcome.safeguards_added,
        "dropped": outcome.safeguards_dropped,
        "kept": outcome.safeguards_kept,
        "gets_before": outcome.gets_before,
        "gets_after": outcome.gets_after,
        "never_before": outcome.never_gets_before,
        "never_after": outcome.never_gets_after,
        "notes_added": outcome.notes_added,
        "notes_dropped": outcome.notes_dropped,
        "felt_before": outcome.felt_before,
        "felt_after": outcome.felt_after,
    }
    for key, value in expected.items():
        if key == "gets_changed":
            assert outcome.gets_changed is value
        elif key == "changed":
            assert outcome.changed is value
        elif key == "kept":
            assert value <= texts(checks[key])
        else:
            assert texts(checks[key]) == value, key
    # Nothing is both added and dropped; every safeguard after the change is added or kept.
    assert not texts(outcome.safeguards_added) & texts(outcome.safeguards_dropped)


def test_outcome_lists_its_sources(rules, base_scenario):
    scenario = scenario_with(base_scenario, "council", "personal", "tre")
    outcome = what_if(scenario, "requester", "private-company", rules)
    assert set(outcome.sources) == {"s1", "s2"}


@pytest.mark.parametrize(
    "dimension, value",
    [("colour", "red"), ("requester", "bank"), ("data", "secret"), ("access", "email")],
)
def test_unknown_changes_are_refused(rules, base_scenario, dimension, value):
    with pytest.raises(ValueError):
        what_if(base_scenario, dimension, value, rules)


def test_choices_start_with_the_scenario_value(base_scenario):
    scenario = scenario_with(base_scenario, "nhs-body", "de-identified", "not-stated")
    assert what_if_choices(scenario, "requester") == ("nhs-body",) + WHAT_IF_CHOICES["requester"]
    assert what_if_choices(scenario, "data") == ("de-identified", "personal", "aggregate")
    scenario = scenario_with(base_scenario, "council", "personal", "tre")
    assert what_if_choices(scenario, "requester") == WHAT_IF_CHOICES["requester"]
    assert what_if_choices(scenario, "access") == ("tre", "copy")


# The rules table is checked like every other content file.
def broken(path: str, value):
    doc = copy.deepcopy(RULES)
    target = doc
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value
    return doc


BROKEN = [
    ("unknown dimension", broken("options.colour", {}), ['"colour" is not something the explorer can change']),
    ("unknown value", broken("options.requester.bank", {}), ['"bank" is not a value of requester']),
    ("unknown source", broken("options.data.personal.gets", [point("names", "blog")]), ['source "blog" is not in content/sources.yaml']),
    ("missing people_felt", broken("options.access.tre.people_felt", []), ['access = "tre" has no "people_felt"']),
    ("missing choice", {"options": {"requester": {}, "data": RULES["options"]["data"], "access": RULES["options"]["access"]}},
     ['offers requester = "council"', 'offers requester = "private-company"']),
    ("quote too long", broken("options.data.personal.people_felt", [{"quote": "word " * 50, "who": "x", "source": "s1"}]), ["a quote must be short"]),
    ("unknown field", broken("options.data.personal.score", 7), ['"options.data.personal.score" is not a field we know']),
    ("results_only outside access", broken("options.data.personal.results_only", True), ['"results_only" only makes sense under access']),
    ("results_only not a flag", broken("options.access.tre.results_only", "yes"), ['"results_only" must be true or false']),
    ("bad combination", broken("combinations", [{"when": {"data": "secret"}, "text": "x", "source": "s1"}]), ['"data: secret" is not a known value']),
]


@pytest.mark.parametrize("label, doc, fragments", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rules_are_reported(label, doc, fragments):
    parsed, problems = parse(doc)
    assert parsed is None
    text = "\n".join(str(p) for p in problems)
    for fragment in fragments:
        assert fragment in text, f"{label}: {fragment!r} not in\n{text}"
    assert all(p.line for p in problems)


# The real rules table, with every real scenario.
@pytest.fixture(scope="module")
def real_rules():
    return load_what_if_rules(CONTENT_DIR, "en")


def test_real_rules_load(real_rules):
    for dimension, values in WHAT_IF_CHOICES.items():
        for value in values:
            option = real_rules.option(dimension, value)
            assert option.people_felt, f"{dimension}={value} needs what people felt"
            assert option.safeguards, f"{dimension}={value} needs safeguards"


def test_every_scenario_every_change(real_rules):
    known = load_source_ids(CONTENT_DIR)
    for scenario in load_scenarios(CONTENT_DIR, "en").values():
        for dimension in WHAT_IF_DIMENSIONS:
            for value in what_if_choices(scenario, dimension):
                outcome = what_if(scenario, dimension, value, real_rules)
                assert set(outcome.sources) <= known
                if value in WHAT_IF_CHOICES[dimension]:
                    assert outcome.felt_after, (scenario.id, dimension, value)
                if outcome.changed:
                    assert outcome.before != outcome.after


def test_no_scores_in_what_people_felt(real_rules):
    """What people felt is words from the research, never an invented rating."""
    for option in real_rules.options.values():
        for item in option.people_felt:
            assert "/10" not in item.text and "score" not in item.text.lower()


def test_broken_real_file_raises(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "sources.yaml").write_text("s1: {title: x}\n", encoding="utf-8")
    (tmp_path / "en" / "what_if.yaml").write_text("options: {}\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_what_if_rules(tmp_path, "en")


def test_point_is_hashable():
    assert len({Point("a", "s1"), Point("a", "s1")}) == 1
