"""Scenario model: loading, checking (with helpful messages), filters, step links and the diagram."""
from __future__ import annotations

import copy
import datetime
import re
from pathlib import Path

import pytest
import yaml

from ndl_explain import CONTENT_DIR
from ndl_explain.figures import flow_html
from ndl_explain.problems import ContentError
from ndl_explain.readability import measure
from ndl_explain.scenarios import (
    DATA_TYPES,
    LIFE_EVENTS,
    MAX_STEPS,
    MIN_STEPS,
    REQUESTER_TYPES,
    Scenario,
    clamp_step,
    filter_options,
    filter_scenarios,
    load_scenarios,
    scenario_problems,
    step_diagram,
)

SOURCES = {"ipsos-2025": {"title": "Report"}, "involve-2018": {"title": "Data for public benefit"}}

STEP = {
    "title": "A step",
    "who": "A council.",
    "data": "Grouped numbers.",
    "why": "To plan school places.",
    "rules": "Data protection law applies.",
    "moves": "Totals move.",
    "stays": "Records stay.",
    "focus": "requester",
}

VALID = {
    "id": "example",
    "title": "An example",
    "summary": "A council uses grouped numbers to plan school places.",
    "status": "illustrative",
    "status_note": "An example.",
    "life_events": ["at-school"],
    "requester": {"name": "A council", "type": "council"},
    "holder": {"name": "The government", "type": "government-department"},
    "purpose": "To plan school places.",
    "data": {"type": "aggregate", "description": "Grouped numbers.", "identifiability": "anonymous"},
    "legal_route": "Not stated in the source.",
    "access": "not-stated",
    "where_used": "not-stated",
    "safeguards": ["Only totals are shared."],
    "gets": ["Totals."],
    "never_gets": ["Records about one person."],
    "steps": [dict(STEP, title=f"Step {n}") for n in range(1, 4)],
    "benefits": {"you": ["A school place nearby."], "community": [], "services": []},
    "risks": ["Numbers can be out of date."],
    "people_said": [{"text": "People preferred grouped numbers.", "who": "People in the research", "source": "ipsos-2025"}],
    "if_it_goes_wrong": ["You can complain to the regulator."],
    "decided": [],
    "not_decided": ["Everything about the NDL."],
    "related": [],
    "sources": ["ipsos-2025"],
    "updated": datetime.date(2026, 11, 22),
}


def write_content(root: Path, scenarios: dict[str, object], raw: dict[str, str] | None = None) -> Path:
    """A throwaway content folder with sources.yaml and the given scenarios (dicts or raw text)."""
    (root / "en" / "scenarios").mkdir(parents=True)
    (root / "sources.yaml").write_text(yaml.safe_dump(SOURCES), encoding="utf-8")
    for name, doc in scenarios.items():
        (root / "en" / "scenarios" / f"{name}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    for name, text in (raw or {}).items():
        (root / "en" / "scenarios" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def variant(**changes) -> dict:
    doc = copy.deepcopy(VALID)
    for dotted, value in changes.items():
        target = doc
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        elif last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return doc


_DELETE = object()


# ---------------------------------------------------------------------------------------------
# Checking: each broken file gives one clear message that names the field and the fix.
# ---------------------------------------------------------------------------------------------
BROKEN = [
    ("missing title", variant(title=_DELETE), ['"title" is missing']),
    ("missing steps", variant(steps=_DELETE), ['"steps" is missing']),
    ("missing people_said", variant(people_said=_DELETE), ['"people_said" is missing']),
    ("empty summary", variant(summary="  "), ['"summary" is empty']),
    ("status typo", variant(status="hypothetcal"), ['"status" is "hypothetcal"', "hypothetical, real, illustrative"]),
    ("unknown life event", variant(life_events=["retiring"]), ['"life_events[1]" is "retiring"', "getting-older"]),
    ("life events not a list", variant(life_events="at-school"), ['"life_events" must be a list']),
    ("unknown requester type", variant(requester__type="bank"), ['"requester.type" is "bank"', "private-company"]),
    ("requester without name", variant(requester__name=_DELETE), ['"requester.name" is missing']),
    ("unknown data type", variant(data__type="secret"), ['"data.type" is "secret"', "de-identified"]),
    ("unknown identifiability", variant(data__identifiability="blurred"), ['"data.identifiability"', "de-personalised"]),
    ("unknown access", variant(access="email"), ['"access" is "email"', "data-sharing-agreement"]),
    ("unknown where_used", variant(where_used="cloud"), ['"where_used" is "cloud"']),
    ("too few steps", variant(steps=[STEP, STEP]), ['has 2 step(s)', f"{MIN_STEPS} to {MAX_STEPS}", "Add steps"]),
    ("too many steps", variant(steps=[STEP] * 8), ["has 8 step(s)", "Merge or remove steps"]),
    ("step without why", variant(steps__1__why=_DELETE), ['"steps[2].why" is missing']),
    ("step focus typo", variant(steps__0__focus="library"), ['"steps[1].focus" is "library"', "requester, ndl, holder, data"]),
    ("step flow typo", variant(steps__0__flow="sideways"), ['"steps[1].flow" is "sideways"', "to-requester, to-holder, within, none"]),
    ("ndl focus without ndl_role", variant(steps__0__focus="ndl"), ['focus "ndl"', "ndl_role"]),
    ("step text is a number list", variant(steps__0__who=["a", "b"]), ['"steps[1].who" must be text']),
    ("unknown source", variant(sources=["wikipedia"]), ['"sources[1]" is "wikipedia"', "ipsos-2025"]),
    ("said source unknown", variant(people_said=[{"text": "x", "who": "y", "source": "blog"}]), ['source "blog" is not in content/sources.yaml']),
    ("said source not listed", variant(people_said=[{"text": "x", "who": "y", "source": "involve-2018"}]), ['not listed in "sources"']),
    ("said with quote and text", variant(people_said=[{"text": "x", "quote": "y", "who": "z", "source": "ipsos-2025"}]), ['either "quote:"', "not both"]),
    ("quote too long", variant(people_said=[{"quote": "word " * 41, "who": "z", "source": "ipsos-2025"}]), ["a quote must be short"]),
    ("nobody said anything", variant(people_said=[]), ['"people_said" is empty']),
    ("no benefits", variant(benefits={"you": [], "community": [], "services": []}), ['"benefits" is empty']),
    ("no risks", variant(risks=[]), ['"risks" needs at least 1']),
    ("unknown field", variant(colour="red"), ['"colour" is not a field we know']),
    ("bad date", variant(updated="last week"), ['"updated" is "last week"', "YYYY-MM-DD"]),
    ("id does not match file", variant(id="other"), ['"id" is "other" but the file is "example.yaml"']),
    ("id with capitals", variant(id="Example"), ["lower-case letters"]),
    ("unknown related", variant(related=["nowhere"]), ['related scenario "nowhere" does not exist']),
    ("related to itself", variant(related=["example"]), ["cannot be related to itself"]),
]


@pytest.mark.parametrize("label, doc, fragments", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_scenario_names_the_mistake(tmp_path, label, doc, fragments):
    root = write_content(tmp_path, {"example": doc})
    with pytest.raises(ContentError) as caught:
        load_scenarios(root, "en")
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "example.yaml" in text
    for fragment in fragments:
        assert fragment in text, f"{label}: expected {fragment!r} in:\n{text}"


def test_valid_scenario_loads(tmp_path):
    root = write_content(tmp_path, {"example": VALID})
    scenarios = load_scenarios(root, "en")
    scenario = scenarios["example"]
    assert isinstance(scenario, Scenario)
    assert scenario.step_count == 3
    assert scenario.step(2).title == "Step 2"
    assert scenario.people_said[0].quote is False
    assert scenario.updated == datetime.date(2026, 11, 22)


def test_problem_gives_the_line(tmp_path):
    text = yaml.safe_dump(variant(status="maybe"), sort_keys=False)
    root = write_content(tmp_path, {}, raw={"example": text})
    _, problems = scenario_problems(root, "en")
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("status:"))
    assert [p.line for p in problems] == [expected_line]


def test_step_problem_points_into_the_step(tmp_path):
    text = yaml.safe_dump(variant(steps__2__focus="sky"), sort_keys=False)
    root = write_content(tmp_path, {}, raw={"example": text})
    _, problems = scenario_problems(root, "en")
    focus_lines = [i for i, line in enumerate(text.splitlines(), 1) if "focus:" in line]
    assert problems[0].line == focus_lines[2]


def test_malformed_yaml_is_reported_with_line(tmp_path):
    root = write_content(tmp_path, {}, raw={"example": "id: example\ntitle: [unclosed\nsummary: x\n"})
    _, problems = scenario_problems(root, "en")
    assert len(problems) == 1 and problems[0].line is not None
    assert "could not be read" in problems[0].message


def test_one_bad_file_does_not_hide_the_good_ones(tmp_path):
    good = variant(id="good")
    root = write_content(tmp_path, {"good": good, "bad": variant(id="bad", status="x")})
    scenarios, problems = scenario_problems(root, "en")
    assert list(scenarios) == ["good"]
    assert len(problems) == 1 and "bad.yaml" in str(problems[0])


# ---------------------------------------------------------------------------------------------
# Step links: ?step=<n> always lands on a real step.
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, count, expected",
    [
        ("1", 5, 1), ("3", 5, 3), ("5", 5, 5), ("6", 5, 5), ("99999", 5, 5), ("0", 5, 1),
        ("-2", 5, 1), ("abc", 5, 1), ("", 5, 1), (None, 5, 1), ("2.0", 5, 2), ("2.7", 5, 2), ("4.9", 5, 4),
        (" 4 ", 5, 4), ("1e9", 5, 1), (3, 4, 3), (7, 4, 4), (True, 4, 1), (float("nan"), 4, 1),
        ("99999999999999999999", 4, 1), ("4", 0, 1),
    ],
)
def test_clamp_step(raw, count, expected):
    assert clamp_step(raw, count) == expected


# ---------------------------------------------------------------------------------------------
# The real content
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return load_scenarios(CONTENT_DIR, "en")


def test_every_real_scenario_loads(scenarios):
    assert scenarios, "no scenarios found"


def test_status_is_honest(scenarios):
    for scenario in scenarios.values():
        note = scenario.status_note.lower()
        if scenario.status == "hypothetical":
            assert "not government policy" in note, scenario.id
            assert scenario.ndl_role, f"{scenario.id}: a research scenario should say what the NDL would do"


def _gate(text: str) -> list[str]:
    return measure(text).problems()


def test_summaries_read_easily(scenarios):
    failures = {s.id: _gate(s.summary) for s in scenarios.values()}
    assert not {k: v for k, v in failures.items() if v}


def test_summary_is_one_sentence(scenarios):
    for scenario in scenarios.values():
        assert measure(scenario.summary).sentences == 1, scenario.id


def test_steps_read_easily(scenarios):
    failures = {
        f"{s.id} step {n}": _gate(step.text())
        for s in scenarios.values()
        for n, step in enumerate(s.steps, 1)
    }
    assert not {k: v for k, v in failures.items() if v}


def test_filters_find_the_right_scenarios(scenarios):
    for event in LIFE_EVENTS:
        for found in filter_scenarios(scenarios, life_event=event):
            assert event in found.life_events
    for kind in REQUESTER_TYPES:
        assert all(s.requester.type == kind for s in filter_scenarios(scenarios, requester_type=kind))
    for kind in DATA_TYPES:
        assert all(s.data.type == kind for s in filter_scenarios(scenarios, data_type=kind))
    assert filter_scenarios(scenarios) == list(scenarios.values())


def test_filters_combine(tmp_path):
    a = variant(id="a", life_events=["at-school"], requester={"name": "C", "type": "council"})
    b = variant(id="b", life_events=["at-school", "studying"], requester={"name": "U", "type": "university"})
    c = variant(id="c", life_events=["being-ill"], data={"type": "personal", "description": "x", "identifiability": "identifiable"})
    found = load_scenarios(write_content(tmp_path, {"a": a, "b": b, "c": c}), "en")
    ids = lambda items: [s.id for s in items]  # noqa: E731
    assert ids(filter_scenarios(found, life_event="at-school")) == ["a", "b"]
    assert ids(filter_scenarios(found, life_event="at-school", requester_type="university")) == ["b"]
    assert ids(filter_scenarios(found, data_type="personal")) == ["c"]
    assert ids(filter_scenarios(found, life_event="getting-older")) == []
    options = filter_options(found)
    assert options["life_event"] == ("at-school", "studying", "being-ill")
    assert options["requester_type"] == ("council", "university")
    with pytest.raises(ValueError):
        filter_scenarios(found, life_event="retiring")


def test_diagram_highlights_the_current_step(scenarios):
    labels = {k: k.upper() for k in ("holder", "requester", "ndl", "data", "asks", "moves", "stays")}
    for scenario in scenarios.values():
        for number, step in enumerate(scenario.steps, 1):
            diagram = step_diagram(scenario, number, labels)
            assert diagram.lit == [step.focus], f"{scenario.id} step {number}"
            expected_boxes = ["requester", "ndl", "holder", "data"] if scenario.ndl_role else ["requester", "holder", "data"]
            assert [b.id for b in diagram.boxes] == expected_boxes
            moving = [(a.source, a.target) for a in diagram.arrows if a.label == "MOVES"]
            expected = {"to-requester": [("data", "requester")], "to-holder": [("requester", "data")],
                        "within": [("holder", "data")], "none": []}[step.flow]
            assert moving == expected, f"{scenario.id} step {number}"
            assert all(a.style == "bold" for a in diagram.arrows if a.label == "MOVES")
            # drawn: the lit box is the focus, and the moving arrow's words are on the page
            drawn = flow_html(diagram)
            assert re.findall(r'ndl-box-lit"[^>]*><strong>([^<]*)<', drawn) == [step.focus.upper()]
            assert drawn.count(">MOVES<") == len(expected)


def test_steps_where_nothing_moves_have_no_moving_arrow(scenarios):
    """A step that says nothing moves must not draw data moving."""
    for scenario in scenarios.values():
        for number, step in enumerate(scenario.steps, 1):
            if step.moves.lower().startswith("nothing"):
                assert step.flow == "none", f"{scenario.id} step {number}: add 'flow: none'"


def test_diagram_escapes_words_from_content(tmp_path):
    doc = variant(holder={"name": 'The "big" <b>office</b> & co', "type": "council"})
    scenario = load_scenarios(write_content(tmp_path, {"example": doc}), "en")["example"]
    labels = {k: k for k in ("holder", "requester", "ndl", "data", "asks", "moves", "stays")}
    drawn = flow_html(step_diagram(scenario, 1, labels))
    assert "<b>" not in drawn
    assert "The &quot;big&quot; &lt;b&gt;office&lt;/b&gt; &amp; co" in drawn
