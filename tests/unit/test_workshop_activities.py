"""Workshop activities: the content file loads and checks; plans, questions and answer values."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ndl_explain import CONTENT_DIR
from ndl_explain.problems import ContentError
from ndl_explain.workshop.activities import (
    ACTIVITY_KINDS,
    StepPlan,
    load_content,
    main,
    workshop_content,
)
from ndl_explain.workshop.errors import InvalidAnswer


@pytest.fixture(scope="module")
def content():
    return workshop_content("en")


def test_english_content_loads_and_checker_passes(capsys):
    assert main([]) == 0
    assert "workshop words: OK" in capsys.readouterr().out


def test_five_potential_rules_from_the_research_are_all_offered(content):
    step = content.step(StepPlan("reassure", "reassure"))
    rules = step.questions[0].options
    research = [o for o in rules if o.group == "research"]
    assert len(research) == 5
    assert len(rules) > 5  # and others from the sources
    assert all(o.label and o.detail for o in rules)


def test_check_has_3_to_5_statements_asked_before_and_after(content):
    before = content.step(StepPlan("check-before", "check"))
    after = content.step(StepPlan("check-after", "check"))
    assert 3 <= len(before.questions) <= 5
    assert [q.id.split(":")[1] for q in before.questions] == [q.id.split(":")[1] for q in after.questions]
    assert before.phase == "before" and after.phase == "after"
    assert all(q.correct in ("true", "false") and q.explain for q in before.questions)
    assert before.title != after.title


def test_benefit_check_uses_five_criteria_each_question_on_its_own_scale(content):
    step = content.step(StepPlan("benefit", "benefit", "some-scenario"))
    assert len(content.criteria) == 5
    assert {q.criterion for q in step.questions} == {c.id for c in content.criteria}
    for q in step.questions:
        assert q.option_values() == ("1", "2", "3", "4", "5")
        assert q.options[0].label == q.left and q.options[-1].label == q.right
        assert q.left != q.right


def test_comfort_scale_has_five_points(content):
    step = content.step(StepPlan("comfort:maps", "comfort", "maps"))
    assert step.questions[0].id == "comfort:maps"
    assert len(step.questions[0].options) == 5


def test_plan_frames_everything_with_the_before_and_after_check(content):
    plan = content.plan(["benefit", "comfort", "check", "reassure"], ["a", "b"])
    assert [p.step_id for p in plan] == [
        "check-before", "comfort:a", "comfort:b", "reassure", "benefit", "check-after"]
    assert plan[4].scenario_id == "a"
    assert [p.step_id for p in content.plan(["reassure"], [])] == ["reassure"]


@pytest.mark.parametrize(
    "value, stored",
    [("3", "3"), (3, "3"), ("5", "5")],
)
def test_scale_answers_are_normalised(content, value, stored):
    q = content.step(StepPlan("comfort:a", "comfort", "a")).questions[0]
    assert q.normalise(value) == stored


@pytest.mark.parametrize("value", ["0", "6", 6, "", None, "3 ", [3], True, 2.5, "<script>"])
def test_scale_answers_outside_the_choices_are_refused(content, value):
    q = content.step(StepPlan("comfort:a", "comfort", "a")).questions[0]
    with pytest.raises(InvalidAnswer):
        q.normalise(value)


def test_multi_pick_is_stored_as_a_sorted_set(content):
    q = content.step(StepPlan("reassure", "reassure")).questions[0]
    values = q.option_values()
    assert q.normalise([values[2], values[0], values[2]]) == f"{values[0]},{values[2]}"
    assert q.normalise(f"{values[1]}") == values[1]
    assert q.picks(f"{values[0]},{values[2]}") == [values[0], values[2]]


@pytest.mark.parametrize("bad", [[], ["nope"], "a,b,c,d", 5, None, [1, 2]])
def test_multi_pick_refuses_unknown_empty_or_too_many(content, bad):
    q = content.step(StepPlan("reassure", "reassure")).questions[0]
    if bad == "a,b,c,d":
        bad = list(q.option_values()[: q.max_picks + 1])
    with pytest.raises(InvalidAnswer):
        q.normalise(bad)


def test_check_answers(content):
    q = content.step(StepPlan("check-before", "check")).questions[0]
    assert q.normalise("unsure") == "unsure"
    assert q.normalise(False) == "false"
    with pytest.raises(InvalidAnswer):
        q.normalise("maybe")


# -- a broken content file fails with a message that says what to fix --------------------------
def _broken(tmp_path: Path, change) -> Path:
    shutil.copy(CONTENT_DIR / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "en").mkdir()
    data = yaml.safe_load((CONTENT_DIR / "en" / "workshop.yaml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "en" / "workshop.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["comfort"]["scale"].pop(), "exactly 5 labels"),
        (lambda d: d["reassure"]["rules"][0].update(sources=["made-up"]), "not in content/sources.yaml"),
        (lambda d: d["reassure"]["rules"][1].update(id=d["reassure"]["rules"][0]["id"]), "used twice"),
        (lambda d: d["reassure"]["rules"][0].update(group="nowhere"), "'group' must be one of"),
        (lambda d: d["reassure"].update(prompt="Pick some."), "{max_picks}"),
        (lambda d: d["check"]["statements"].append(dict(d["check"]["statements"][0], id="x")),
         "3 to 5"),
        (lambda d: d["check"]["statements"][0].update(answer="false"), "true or false (no quotes)"),
        (lambda d: d["benefit"]["criteria"].pop(), "5 criteria"),
        (lambda d: d["benefit"]["criteria"][0]["questions"][0].pop("left"), "'left' is missing"),
        (lambda d: d.pop("benefit"), "'benefit:' is missing"),
        (lambda d: d["check"]["statements"][0].update(id="Bad Id!"), "lower-case"),
    ],
)
def test_content_mistakes_are_reported_in_plain_words(tmp_path, change, message):
    root = _broken(tmp_path, change)
    with pytest.raises(ContentError) as caught:
        load_content("en", root)
    text = str(caught.value)
    assert message in text
    assert "workshop.yaml, line" in text


def test_malformed_yaml_names_the_line(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "workshop.yaml").write_text("comfort:\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content("en", tmp_path)
    assert "line" in str(caught.value)


def test_every_kind_has_words(content):
    for kind in ACTIVITY_KINDS:
        assert content.activity_title(kind)
