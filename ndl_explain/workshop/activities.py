"""The four workshop activities, built from ``content/<lang>/workshop.yaml``: steps, questions, choices.

A workshop is a list of *steps*; each step belongs to one activity kind and asks one or more
*questions*. Only ids are stored in the database; the words come from the content file of the
reader's language, so a fact or a label is corrected in one place.

- ``comfort``: one step per chosen scenario, one question on a 5-point scale.
- ``reassure``: one step, one multi-pick question (up to ``max_picks`` rules).
- ``check``: two steps, ``check-before`` (first) and ``check-after`` (last), same statements,
  each True / False / Not sure.
- ``benefit``: one step, the public-benefit questions, each on a 5-point scale between two
  labelled ends; results are shown as a profile (average per criterion).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import CONTENT_DIR
from ..problems import ContentError, Problem
from ..yamlfile import LineMap, read_yaml_file
from .errors import InvalidAnswer

ACTIVITY_KINDS = ("comfort", "reassure", "check", "benefit")
SCALE_VALUES = ("1", "2", "3", "4", "5")
CHECK_VALUES = ("true", "false", "unsure")
MULTI_SEPARATOR = ","


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    group: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Question:
    """One thing a participant answers. ``multi`` questions store a sorted, comma-joined set."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    multi: bool = False
    max_picks: int = 1
    correct: str | None = None  # check statements: "true" or "false"
    explain: str | None = None
    criterion: str | None = None  # benefit questions: the criterion id
    left: str | None = None  # benefit questions: the words at each end of the scale
    right: str | None = None

    def option_values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    def normalise(self, value: Any) -> str:
        """The stored form of ``value``, or InvalidAnswer if it is not a choice offered here."""
        allowed = self.option_values()
        if self.multi:
            if isinstance(value, str):
                picks = [v for v in value.split(MULTI_SEPARATOR) if v]
            elif isinstance(value, (list, tuple, set, frozenset)):
                picks = list(value)
            else:
                raise InvalidAnswer(f"{self.id}: expected a list of choices")
            if not all(isinstance(p, str) for p in picks):
                raise InvalidAnswer(f"{self.id}: choices must be ids")
            if not picks or any(p not in allowed for p in picks):
                raise InvalidAnswer(f"{self.id}: pick 1 to {self.max_picks} of the choices offered")
            unique = sorted(set(picks), key=allowed.index)
            if len(unique) > self.max_picks:
                raise InvalidAnswer(f"{self.id}: pick 1 to {self.max_picks} of the choices offered")
            return MULTI_SEPARATOR.join(unique)
        if isinstance(value, bool):  # True/False are not scale points
            value = "true" if value else "false"
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str) or value not in allowed:
            raise InvalidAnswer(f"{self.id}: not one of the choices offered")
        return value

    def picks(self, stored: str) -> list[str]:
        """The separate choices inside a stored answer (one for single-choice questions)."""
        return [v for v in stored.split(MULTI_SEPARATOR) if v] if self.multi else [stored]


@dataclass(frozen=True)
class StepPlan:
    """What a workshop stores about a step: ids only."""

    step_id: str
    kind: str
    scenario_id: str | None = None


@dataclass(frozen=True)
class Step:
    """A step with its words, ready to show."""

    step_id: str
    kind: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    scenario_id: str | None = None
    phase: str | None = None  # check: "before" | "after"
    sources: tuple[str, ...] = ()

    def question(self, question_id: str) -> Question | None:
        for question in self.questions:
            if question.id == question_id:
                return question
        return None


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    question_ids: tuple[str, ...]


@dataclass
class WorkshopContent:
    """Every word of the activities in one language, checked when loaded."""

    lang: str
    raw: dict[str, Any]
    path: Path
    criteria: tuple[Criterion, ...] = field(default=())
    _steps: dict[StepPlan, Step] = field(default_factory=dict, repr=False, compare=False)
    _examples: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    # -- planning -----------------------------------------------------------------------------
    def plan(self, activities: list[str], scenario_ids: list[str]) -> list[StepPlan]:
        """The steps of a workshop running ``activities`` (in the standard order) on ``scenario_ids``.

        The before/after check frames everything: its first half opens the workshop and its second
        half closes it. The public benefit check is about the first chosen scenario, if any.
        """
        chosen = set(activities)
        plan: list[StepPlan] = []
        if "check" in chosen:
            plan.append(StepPlan("check-before", "check"))
        if "comfort" in chosen:
            plan.extend(StepPlan(f"comfort:{sid}", "comfort", sid) for sid in scenario_ids)
        if "reassure" in chosen:
            plan.append(StepPlan("reassure", "reassure"))
        if "benefit" in chosen:
            plan.append(StepPlan("benefit", "benefit", scenario_ids[0] if scenario_ids else None))
        if "check" in chosen:
            plan.append(StepPlan("check-after", "check"))
        return plan

    # -- words --------------------------------------------------------------------------------
    def example_title(self, scenario_id: str | None) -> str | None:
        """The title of an example (``content/<lang>/scenarios/<id>.yaml``, else the English one), or
        None when there is no such example. Read once per example."""
        if not scenario_id or not all(ch.isalnum() or ch == "-" for ch in scenario_id):
            return None
        if scenario_id not in self._examples:
            found = None
            for lang in dict.fromkeys((self.lang, "en")):
                path = self.path.parent.parent / lang / "scenarios" / f"{scenario_id}.yaml"
                try:
                    data, _ = read_yaml_file(path) if path.is_file() else (None, None)
                except ContentError:
                    data = None
                title = data.get("title") if isinstance(data, dict) else None
                if isinstance(title, str) and title.strip():
                    found = title.strip()
                    break
            self._examples[scenario_id] = found
        return self._examples[scenario_id]

    def _title(self, section: dict, scenario_id: str | None) -> str:
        """A step's title, naming its example when it has one (two comfort votes are then told apart)."""
        example = self.example_title(scenario_id)
        if example and section.get("title_example"):
            return str(section["title_example"]).format(example=example)
        return str(section["title"])

    def step(self, plan: StepPlan) -> Step:
        """The full step (title, intro, questions) for a stored plan (built once, then reused)."""
        cached = self._steps.get(plan)
        if cached is None:
            cached = self._steps[plan] = self._build_step(plan)
        return cached

    def _build_step(self, plan: StepPlan) -> Step:
        kind = plan.kind
        if kind == "comfort":
            c = self.raw["comfort"]
            options = tuple(Option(str(i + 1), label) for i, label in enumerate(c["scale"]))
            question = Question(f"comfort:{plan.scenario_id}", c["prompt"], options)
            return Step(plan.step_id, kind, self._title(c, plan.scenario_id), c["intro"], (question,),
                        plan.scenario_id, sources=tuple(c["sources"]))
        if kind == "reassure":
            r = self.raw["reassure"]
            options = tuple(
                Option(rule["id"], rule["label"], rule["group"], rule["detail"]) for rule in r["rules"]
            )
            max_picks = int(r["max_picks"])
            question = Question("reassure", r["prompt"].format(max_picks=max_picks), options,
                                multi=True, max_picks=max_picks)
            sources = tuple(dict.fromkeys(s for rule in r["rules"] for s in rule["sources"]))
            return Step(plan.step_id, kind, r["title"], r["intro"], (question,), sources=sources)
        if kind == "check":
            c = self.raw["check"]
            phase = "before" if plan.step_id == "check-before" else "after"
            options = tuple(Option(v, str(c["options"][v])) for v in CHECK_VALUES)
            questions = tuple(
                Question(f"check-{phase}:{s['id']}", s["text"], options,
                         correct="true" if s["answer"] else "false", explain=s["explain"])
                for s in c["statements"]
            )
            sources = tuple(dict.fromkeys(src for s in c["statements"] for src in s["sources"]))
            return Step(plan.step_id, kind, c[f"{phase}_title"], c["intro"], questions, phase=phase,
                        sources=sources)
        if kind == "benefit":
            b = self.raw["benefit"]
            questions = []
            for criterion in b["criteria"]:
                for q in criterion["questions"]:
                    labels = [q["left"], *b["middle"], q["right"]]
                    options = tuple(Option(str(i + 1), label) for i, label in enumerate(labels))
                    questions.append(Question(f"benefit:{q['id']}", q["prompt"], options,
                                              criterion=criterion["id"], left=q["left"], right=q["right"]))
            return Step(plan.step_id, kind, self._title(b, plan.scenario_id), b["intro"], tuple(questions),
                        plan.scenario_id, sources=tuple(b["sources"]))
        raise KeyError(f"unknown activity kind {kind!r}")

    def activity_title(self, kind: str) -> str:
        return str(self.raw[kind]["title"])

    def criterion_title(self, criterion_id: str) -> str:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion.title
        return criterion_id

    def rule_group_title(self, group: str) -> str:
        return str(self.raw["reassure"]["groups"].get(group, group))

    def framework_note(self) -> str:
        return str(self.raw["benefit"]["framework_note"])


# ---------------------------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------------------------
def _source_ids(content_dir: Path) -> set[str] | None:
    path = content_dir / "sources.yaml"
    if not path.exists():
        return None
    data, _ = read_yaml_file(path)
    return set(data) if isinstance(data, dict) else set()


def _check(data: Any, lines: LineMap, path: Path, sources: set[str] | None) -> list[Problem]:
    problems: list[Problem] = []

    def problem(message: str, *where: Any) -> None:
        problems.append(Problem(path, message, lines.line(*where)))

    def text(node: Any, key: str, *where: Any) -> bool:
        value = node.get(key) if isinstance(node, dict) else None
        if not isinstance(value, str) or not value.strip():
            problem(f"'{key}' is missing or empty: write it as plain text", *where, key)
            return False
        return True

    def source_list(node: dict, *where: Any) -> None:
        value = node.get("sources")
        if not isinstance(value, list) or not value:
            problem("'sources' is missing: list at least one id from content/sources.yaml, "
                    "like [ipsos-2025]", *where)
            return
        for sid in value:
            if sources is not None and sid not in sources:
                problem(f"source '{sid}' is not in content/sources.yaml: use one of "
                        f"{', '.join(sorted(sources))}", *where, "sources")

    def ids_unique(items: list, *where: Any) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str) or not ident or not all(ch.isalnum() or ch == "-" for ch in ident):
                problem("'id' must be lower-case letters, digits and hyphens, like 'time-limit'", *where, i)
            elif ident in seen:
                problem(f"the id '{ident}' is used twice: every id must be different", *where, i)
            if isinstance(ident, str):
                seen.add(ident)

    if not isinstance(data, dict):
        return [Problem(path, "must have the sections comfort, reassure, check and benefit", 1)]
    for kind in ACTIVITY_KINDS:
        if not isinstance(data.get(kind), dict):
            problem(f"the section '{kind}:' is missing", kind)
            continue
        for key in ("title", "intro"):
            text(data[kind], key, kind)
    for kind in ("comfort", "benefit"):  # activities about one example name it in their title
        if isinstance(data.get(kind), dict) and text(data[kind], "title_example", kind) \
                and "{example}" not in data[kind]["title_example"]:
            problem("'title_example' must contain {example} (the site puts the example's title there)",
                    kind, "title_example")

    comfort = data.get("comfort") or {}
    if isinstance(comfort, dict):
        text(comfort, "prompt", "comfort")
        scale = comfort.get("scale")
        if not (isinstance(scale, list) and len(scale) == 5 and all(isinstance(s, str) and s for s in scale)):
            problem("'scale' must list exactly 5 labels, from least to most comfortable", "comfort", "scale")
        source_list(comfort, "comfort")

    reassure = data.get("reassure") or {}
    if isinstance(reassure, dict):
        if text(reassure, "prompt", "reassure") and "{max_picks}" not in reassure["prompt"]:
            problem("'prompt' must contain {max_picks} (the site puts the number there)", "reassure", "prompt")
        if not isinstance(reassure.get("max_picks"), int) or not 1 <= reassure["max_picks"] <= 12:
            problem("'max_picks' must be a whole number from 1 to 12", "reassure", "max_picks")
        groups = reassure.get("groups") if isinstance(reassure.get("groups"), dict) else {}
        if not groups:
            problem("'groups' must name each group of rules, like 'research: Rules shown ...'", "reassure", "groups")
        rules = reassure.get("rules")
        if not isinstance(rules, list) or len(rules) < 2:
            problem("'rules' must list at least 2 rules", "reassure", "rules")
        else:
            ids_unique(rules, "reassure", "rules")
            for i, rule in enumerate(rules):
                if not isinstance(rule, dict):
                    problem("each rule needs id, group, label, detail and sources", "reassure", "rules", i)
                    continue
                text(rule, "label", "reassure", "rules", i)
                text(rule, "detail", "reassure", "rules", i)
                if rule.get("group") not in groups:
                    problem(f"'group' must be one of: {', '.join(groups)}", "reassure", "rules", i, "group")
                source_list(rule, "reassure", "rules", i)
            if isinstance(reassure.get("max_picks"), int) and reassure["max_picks"] > len(rules):
                problem("'max_picks' is more than the number of rules", "reassure", "max_picks")

    check = data.get("check") or {}
    if isinstance(check, dict):
        text(check, "before_title", "check")
        text(check, "after_title", "check")
        options = check.get("options")
        if not isinstance(options, dict) or set(map(str, options)) != set(CHECK_VALUES):
            problem('\'options\' must give labels for exactly "true", "false" and unsure', "check", "options")
        statements = check.get("statements")
        if not isinstance(statements, list) or not 3 <= len(statements) <= 5:
            problem("'statements' must list 3 to 5 true-or-false statements", "check", "statements")
        else:
            ids_unique(statements, "check", "statements")
            for i, st in enumerate(statements):
                if not isinstance(st, dict):
                    problem("each statement needs id, text, answer, explain and sources", "check", "statements", i)
                    continue
                text(st, "text", "check", "statements", i)
                text(st, "explain", "check", "statements", i)
                if not isinstance(st.get("answer"), bool):
                    problem("'answer' must be true or false (no quotes)", "check", "statements", i, "answer")
                source_list(st, "check", "statements", i)

    benefit = data.get("benefit") or {}
    if isinstance(benefit, dict):
        text(benefit, "framework_note", "benefit")
        middle = benefit.get("middle")
        if not (isinstance(middle, list) and len(middle) == 3 and all(isinstance(m, str) and m for m in middle)):
            problem("'middle' must list exactly 3 labels for the middle points of the scale", "benefit", "middle")
        source_list(benefit, "benefit")
        criteria = benefit.get("criteria")
        if not isinstance(criteria, list) or len(criteria) != 5:
            problem("'criteria' must list the 5 criteria of the public benefit framework", "benefit", "criteria")
        else:
            ids_unique(criteria, "benefit", "criteria")
            all_questions: list = []
            for i, criterion in enumerate(criteria):
                if not isinstance(criterion, dict):
                    problem("each criterion needs id, title and questions", "benefit", "criteria", i)
                    continue
                text(criterion, "title", "benefit", "criteria", i)
                questions = criterion.get("questions")
                if not isinstance(questions, list) or not questions:
                    problem("'questions' must list at least 1 question", "benefit", "criteria", i)
                    continue
                for j, q in enumerate(questions):
                    if not isinstance(q, dict):
                        problem("each question needs id, prompt, left and right", "benefit", "criteria", i, "questions", j)
                        continue
                    for key in ("prompt", "left", "right"):
                        text(q, key, "benefit", "criteria", i, "questions", j)
                    all_questions.append(q)
            ids_unique(all_questions, "benefit", "criteria")
    return problems


def load_content(lang: str = "en", content_dir: Path = CONTENT_DIR) -> WorkshopContent:
    """Read and check ``content/<lang>/workshop.yaml``; ContentError lists every mistake found."""
    content_dir = Path(content_dir)
    path = content_dir / lang / "workshop.yaml"
    if not path.exists():
        raise ContentError([Problem(path, "the workshop words file is missing")])
    data, lines = read_yaml_file(path)
    problems = _check(data, lines, path, _source_ids(content_dir))
    if problems:
        raise ContentError(problems)
    criteria = tuple(
        Criterion(c["id"], c["title"], tuple(f"benefit:{q['id']}" for q in c["questions"]))
        for c in data["benefit"]["criteria"]
    )
    return WorkshopContent(lang=lang, raw=data, path=path, criteria=criteria)


@lru_cache(maxsize=8)
def workshop_content(lang: str = "en", content_dir: Path = CONTENT_DIR) -> WorkshopContent:
    """The checked content for ``lang``, loaded once (falls back to English if there is none)."""
    if lang != "en" and not (Path(content_dir) / lang / "workshop.yaml").exists():
        lang = "en"
    return load_content(lang, content_dir)


UI_KEYS_REQUIRED = ("nav_title", "facilitate_nav_title", "status_labels", "activity_descriptions")


def check_content(root: Path = CONTENT_DIR, site: Any = None) -> list[Problem]:
    """Every workshop words problem under ``root`` (for ``python -m ndl_explain check``).

    Each language's ``workshop.yaml`` must pass the checks above and use the same ids as the
    English one (answers are stored by id, so ids must match across languages).
    """
    root = Path(root)
    problems: list[Problem] = []
    loaded: dict[str, WorkshopContent] = {}
    for lang_dir in sorted(p for p in root.iterdir() if (p / "workshop.yaml").exists()):
        try:
            loaded[lang_dir.name] = load_content(lang_dir.name, root)
        except ContentError as exc:
            problems.extend(exc.problems)
    english = loaded.get("en")
    if english is not None:
        def ids(content: WorkshopContent) -> set[str]:
            return {q.id + "=" + v for kind, plan in (("check", StepPlan("check-before", "check")),
                                                      ("reassure", StepPlan("reassure", "reassure")),
                                                      ("benefit", StepPlan("benefit", "benefit")))
                    for q in content.step(plan).questions for v in q.option_values()}

        wanted = ids(english)
        for lang, content in loaded.items():
            if lang != "en" and ids(content) != wanted:
                missing = sorted(i.split("=")[0] for i in wanted - ids(content))[:5]
                problems.append(Problem(content.path, "its ids must match content/en/workshop.yaml "
                                        f"(different or missing: {', '.join(missing) or 'extra ids'})"))
    for lang_dir in sorted(p for p in root.iterdir() if (p / "ui" / "workshop.yaml").exists()):
        path = lang_dir / "ui" / "workshop.yaml"
        try:
            data, _ = read_yaml_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if lang_dir.name == "en":
            for key in UI_KEYS_REQUIRED:
                if not isinstance(data, dict) or key not in data:
                    problems.append(Problem(path, f"the key '{key}' is missing"))
    return problems


def main(argv: list[str] | None = None) -> int:
    """Check every language's workshop.yaml; print problems in plain words."""
    problems = check_content(CONTENT_DIR)
    for problem in problems:
        print(problem)
    print("workshop words: OK" if not problems else f"workshop words: {len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
