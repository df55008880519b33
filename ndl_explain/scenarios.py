"""Scenario walkthroughs: the model, loading and checking the YAML files, filters, and "what if" rules.

Pure Python (no Streamlit). Words live in ``content/<lang>/scenarios/<id>.yaml`` (one scenario per
file) and ``content/<lang>/what_if.yaml`` (the "what if" rules table); this module only reads,
checks and combines them. Every mistake in a file is reported as a ``Problem`` naming the file,
the line and what to change.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .figures import Arrow, Box, Diagram
from .problems import ContentError, Problem
from .yamlfile import LineMap, read_yaml_file

# --------------------------------------------------------------------------------------------
# Allowed values. These are identifiers, not words shown to visitors: their labels live in
# content/<lang>/ui/walkthrough.yaml.
# --------------------------------------------------------------------------------------------
STATUSES = ("hypothetical", "real", "illustrative", "participant-idea")
LIFE_EVENTS = (
    "having-a-child",
    "getting-older",
    "at-school",
    "studying",
    "being-ill",
    "money-and-benefits",
)
# The six kinds of organisation visitors choose by, plus "public-body" for other public bodies
# (for example the Student Loans Company, or a company owned by the state).
REQUESTER_TYPES = (
    "government-department",
    "council",
    "nhs-body",
    "university",
    "charity",
    "private-company",
    "public-body",
)
HOLDER_TYPES = REQUESTER_TYPES
DATA_TYPES = ("personal", "de-identified", "aggregate", "non-personal")
IDENTIFIABILITY = ("identifiable", "de-personalised", "anonymous")
ACCESS_ROUTES = ("tre", "data-sharing-agreement", "published-statistics", "licence", "not-stated")
# Where the requester would work with the data.
WHERE_USED = ("tre", "copy", "results-only", "published", "not-stated")
FOCUS = ("requester", "ndl", "holder", "data")
# Which way data moves at a step (drawn as the bold arrow in the diagram).
FLOWS = ("to-requester", "to-holder", "within", "none")
MIN_STEPS, MAX_STEPS = 3, 7
MAX_QUOTE_WORDS = 40
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# The "what if" explorer changes one of these, keeping the others as they are.
WHAT_IF_DIMENSIONS = ("requester", "data", "access")
WHAT_IF_VALUES: dict[str, tuple[str, ...]] = {
    "requester": REQUESTER_TYPES,
    "data": DATA_TYPES,
    "access": WHERE_USED,
}
# The choices the explorer offers for each dimension (the issue: council / private company /
# university; personal / aggregate; Trusted Research Environment / download).
WHAT_IF_CHOICES: dict[str, tuple[str, ...]] = {
    "requester": ("council", "university", "private-company"),
    "data": ("personal", "aggregate"),
    "access": ("tre", "copy"),
}


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Party:
    """An organisation in a scenario: who asks, or who holds the data."""

    name: str
    type: str


@dataclass(frozen=True)
class DataInfo:
    """What data is involved and how identifiable it is."""

    type: str
    description: str
    identifiability: str


@dataclass(frozen=True)
class Step:
    """One step of a walkthrough: who, which data, why, under which rules, what moves, what stays."""

    title: str
    who: str
    data: str
    why: str
    rules: str
    moves: str
    stays: str
    focus: str
    flow: str = "to-requester"

    def text(self) -> str:
        """All the step's prose, as a visitor reads it (used for reading-ease checks)."""
        return "\n\n".join([self.who, self.data, self.why, self.rules, self.moves, self.stays])


@dataclass(frozen=True)
class Benefits:
    """Who could gain: you, your community, public services."""

    you: tuple[str, ...]
    community: tuple[str, ...]
    services: tuple[str, ...]


# The language participants spoke in the research (a quote's own words, in every language's files).
QUOTE_LANG = "en"


@dataclass(frozen=True)
class Said:
    """What people in the research said: a short marked quote or a paraphrase, with its source."""

    text: str
    quote: bool
    who: str
    source: str
    # A quote's rendering in the file's language, when that is not the language of the quote
    # (Welsh files keep participants' exact English words under "quote:").
    translation: str | None = None

    @property
    def words_lang(self) -> str | None:
        """The language of ``text`` when it is not the file's: a translated quote's own words."""
        return QUOTE_LANG if self.quote and self.translation else None


@dataclass(frozen=True)
class Scenario:
    """One scenario walkthrough."""

    id: str
    title: str
    summary: str
    status: str
    status_note: str
    life_events: tuple[str, ...]
    requester: Party
    holder: Party
    ndl_role: str | None
    purpose: str
    data: DataInfo
    legal_route: str
    access: str
    where_used: str
    safeguards: tuple[str, ...]
    gets: tuple[str, ...]
    never_gets: tuple[str, ...]
    steps: tuple[Step, ...]
    benefits: Benefits
    risks: tuple[str, ...]
    people_said: tuple[Said, ...]
    if_it_goes_wrong: tuple[str, ...]
    decided: tuple[str, ...]
    not_decided: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[str, ...]
    updated: datetime.date
    path: Path | None = field(default=None, compare=False)
    translation: str | None = None

    @property
    def step_count(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Step ``number`` counted from 1."""
        return self.steps[number - 1]

    def what_if_state(self) -> dict[str, str]:
        """The three things the "what if" explorer can change, as they are in this scenario."""
        return {"requester": self.requester.type, "data": self.data.type, "access": self.where_used}


# --------------------------------------------------------------------------------------------
# Checking a YAML document against a small schema
# --------------------------------------------------------------------------------------------
class _Checker:
    """Collects problems for one file while converting its data."""

    def __init__(self, path: Path, lines: LineMap):
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, where: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, message, self.lines.line(*where)))

    @staticmethod
    def name(where: tuple) -> str:
        parts: list[str] = []
        for part in where:
            if isinstance(part, int):
                parts.append(f"[{part + 1}]")
            else:
                parts.append(("." if parts else "") + str(part))
        return "".join(parts) or "the file"

    def text(self, value: Any, where: tuple, *, optional: bool = False) -> str | None:
        if value is None:
            if not optional:
                self.add(where, f'"{self.name(where)}" is missing or empty. Add a line of text.')
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(where, f'"{self.name(where)}" must be text, not {_kind(value)}.')
            return None
        text = str(value).strip()
        if not text:
            if not optional:
                self.add(where, f'"{self.name(where)}" is empty. Add a line of text.')
            return None
        return text

    def choice(self, value: Any, where: tuple, allowed: tuple[str, ...]) -> str | None:
        if value is None:
            self.add(where, f'"{self.name(where)}" is missing. Use one of: {", ".join(allowed)}.')
            return None
        if not isinstance(value, str) or value not in allowed:
            self.add(
                where,
                f'"{self.name(where)}" is "{value}", which is not allowed. '
                f'Use one of: {", ".join(allowed)}.',
            )
            return None
        return value

    def boolean(self, value: Any, where: tuple) -> bool | None:
        if not isinstance(value, bool):
            self.add(where, f'"{self.name(where)}" must be true or false, not "{value}".')
            return None
        return value

    def text_list(
        self, value: Any, where: tuple, *, minimum: int = 1, optional: bool = False
    ) -> tuple[str, ...]:
        if value is None:
            if not optional and minimum:
                self.add(
                    where,
                    f'"{self.name(where)}" is missing. Add a list with at least {minimum} '
                    "item(s), one per line starting with \"- \".",
                )
            return ()
        if not isinstance(value, list):
            self.add(
                where,
                f'"{self.name(where)}" must be a list (lines starting with "- "), not {_kind(value)}.',
            )
            return ()
        items = []
        for index, item in enumerate(value):
            text = self.text(item, where + (index,))
            if text is not None:
                items.append(text)
        if len(value) < minimum:
            self.add(where, f'"{self.name(where)}" needs at least {minimum} item(s); it has {len(value)}.')
        return tuple(items)

    def choice_list(self, value: Any, where: tuple, allowed: tuple[str, ...]) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f'"{self.name(where)}" must be a list like [{allowed[0]}], not {_kind(value)}.')
            return ()
        found = []
        for index, item in enumerate(value):
            chosen = self.choice(item, where + (index,), allowed)
            if chosen is not None:
                found.append(chosen)
        return tuple(found)

    def mapping(self, value: Any, where: tuple, fields: Iterable[str], *, optional_fields=()) -> dict:
        fields = tuple(fields)
        if value is None:
            self.add(where, f'"{self.name(where)}" is missing. Add it with: {", ".join(fields)}.')
            return {}
        if not isinstance(value, dict):
            self.add(
                where, f'"{self.name(where)}" must have named parts ({", ".join(fields)}), not {_kind(value)}.'
            )
            return {}
        allowed = set(fields) | set(optional_fields)
        for key in value:
            if key not in allowed:
                self.add(
                    where + (key,),
                    f'"{self.name(where + (key,))}" is not a field we know. Check the spelling; '
                    f'allowed here: {", ".join(sorted(allowed))}.',
                )
        return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of named parts"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return "text"


SCENARIO_FIELDS = (
    "id", "title", "summary", "status", "status_note", "life_events", "requester", "holder",
    "purpose", "data", "legal_route", "access", "where_used", "safeguards", "gets", "never_gets",
    "steps", "benefits", "risks", "people_said", "if_it_goes_wrong", "decided", "not_decided",
    "related", "sources", "updated",
)
SCENARIO_OPTIONAL_FIELDS = ("ndl_role", "translation")
TRANSLATION_STATES = ("draft", "reviewed")  # draft: not yet checked by a fluent speaker
STEP_FIELDS = ("title", "who", "data", "why", "rules", "moves", "stays", "focus")
STEP_OPTIONAL_FIELDS = ("flow",)
# What people said: either "quote" (their exact words, short) or "text" (our paraphrase).
# The key "quote" also tells tools/check_copying.py that the words are deliberately copied.
# In a translation, a quote keeps the exact words and adds "translation" (their rendering).
SAID_FIELDS = ("quote", "text", "who", "source")


def parse_scenario(data: Any, path: Path, lines: LineMap, source_ids: set[str]) -> tuple[Scenario | None, list[Problem]]:
    """Check one scenario document and turn it into a ``Scenario`` (None when it has problems)."""
    check = _Checker(path, lines)
    doc = check.mapping(data, (), SCENARIO_FIELDS, optional_fields=SCENARIO_OPTIONAL_FIELDS)
    if not isinstance(data, dict):
        return None, check.problems
    # Most fields report their own absence below; these few would otherwise pass silently.
    for key in ("steps", "people_said", "sources", "updated"):
        if doc.get(key) is None:
            check.add((), f'"{key}" is missing. Add a "{key}:" line (see the comments in warm-home-discount.yaml).')

    scenario_id = check.text(doc.get("id"), ("id",))
    if scenario_id is not None:
        if not ID_PATTERN.match(scenario_id):
            check.add(("id",), f'"id" is "{scenario_id}"; use lower-case letters, digits and hyphens only.')
        if scenario_id != path.stem:
            check.add(("id",), f'"id" is "{scenario_id}" but the file is "{path.name}". Make them match.')

    requester = check.mapping(doc.get("requester"), ("requester",), ("name", "type"))
    holder = check.mapping(doc.get("holder"), ("holder",), ("name", "type"))
    data_info = check.mapping(doc.get("data"), ("data",), ("type", "description", "identifiability"))
    benefits = check.mapping(doc.get("benefits"), ("benefits",), ("you", "community", "services"))

    raw_steps = doc.get("steps")
    steps: list[Step] = []
    if raw_steps is not None and not isinstance(raw_steps, list):
        check.add(("steps",), f'"steps" must be a list of steps, not {_kind(raw_steps)}.')
    elif isinstance(raw_steps, list):
        if not MIN_STEPS <= len(raw_steps) <= MAX_STEPS:
            check.add(
                ("steps",),
                f'"steps" has {len(raw_steps)} step(s); a walkthrough needs {MIN_STEPS} to {MAX_STEPS}. '
                + ("Add steps." if len(raw_steps) < MIN_STEPS else "Merge or remove steps."),
            )
        for index, raw in enumerate(raw_steps):
            where = ("steps", index)
            item = check.mapping(raw, where, STEP_FIELDS, optional_fields=STEP_OPTIONAL_FIELDS)
            values = {name: check.text(item.get(name), where + (name,)) for name in STEP_FIELDS if name != "focus"}
            focus = check.choice(item.get("focus"), where + ("focus",), FOCUS) if item else None
            flow = check.choice(item.get("flow", "to-requester"), where + ("flow",), FLOWS) if item else None
            if item and all(v is not None for v in values.values()) and focus is not None and flow is not None:
                steps.append(Step(focus=focus, flow=flow, **values))  # type: ignore[arg-type]

    raw_said = doc.get("people_said")
    said = list(_said_list(check, raw_said, ("people_said",), source_ids))

    sources = check.choice_list(doc.get("sources"), ("sources",), tuple(sorted(source_ids))) if source_ids else ()
    if doc.get("sources") is not None and not sources and isinstance(doc.get("sources"), list):
        check.add(("sources",), '"sources" needs at least one id from content/sources.yaml.')
    for index, item in enumerate(said):
        if item.source not in sources and sources:
            check.add(
                ("people_said", index, "source"),
                f'source "{item.source}" is used in people_said but not listed in "sources". Add it there.',
            )

    related: tuple[str, ...] = ()
    raw_related = doc.get("related")
    if raw_related is not None and not isinstance(raw_related, list):
        check.add(("related",), f'"related" must be a list of scenario ids like [warm-home-discount], not {_kind(raw_related)}.')
    elif isinstance(raw_related, list):
        related = tuple(r for r in (check.text(r, ("related", i)) for i, r in enumerate(raw_related)) if r)

    updated = doc.get("updated")
    if updated is None:
        pass  # reported as missing above
    elif isinstance(updated, datetime.datetime):
        updated = updated.date()
    elif not isinstance(updated, datetime.date):
        check.add(("updated",), f'"updated" is "{updated}"; write a date as YYYY-MM-DD, for example 2026-11-22.')
        updated = None

    ndl_role = check.text(doc.get("ndl_role"), ("ndl_role",), optional=True)
    if ndl_role is None and any(s.focus == "ndl" for s in steps):
        for index, raw in enumerate(raw_steps or []):
            if isinstance(raw, dict) and raw.get("focus") == "ndl":
                check.add(("steps", index, "focus"), 'a step has focus "ndl" but the scenario has no "ndl_role". Add ndl_role, or choose another focus.')

    scenario = None
    fields = dict(
        id=scenario_id,
        title=check.text(doc.get("title"), ("title",)),
        summary=check.text(doc.get("summary"), ("summary",)),
        status=check.choice(doc.get("status"), ("status",), STATUSES),
        status_note=check.text(doc.get("status_note"), ("status_note",)),
        life_events=check.choice_list(doc.get("life_events"), ("life_events",), LIFE_EVENTS),
        requester=Party(
            name=check.text(requester.get("name"), ("requester", "name")),  # type: ignore[arg-type]
            type=check.choice(requester.get("type"), ("requester", "type"), REQUESTER_TYPES),  # type: ignore[arg-type]
        ) if requester else None,
        holder=Party(
            name=check.text(holder.get("name"), ("holder", "name")),  # type: ignore[arg-type]
            type=check.choice(holder.get("type"), ("holder", "type"), HOLDER_TYPES),  # type: ignore[arg-type]
        ) if holder else None,
        ndl_role=ndl_role,
        translation=check.choice(doc.get("translation"), ("translation",), TRANSLATION_STATES)
        if doc.get("translation") is not None else None,
        purpose=check.text(doc.get("purpose"), ("purpose",)),
        data=DataInfo(
            type=check.choice(data_info.get("type"), ("data", "type"), DATA_TYPES),  # type: ignore[arg-type]
            description=check.text(data_info.get("description"), ("data", "description")),  # type: ignore[arg-type]
            identifiability=check.choice(data_info.get("identifiability"), ("data", "identifiability"), IDENTIFIABILITY),  # type: ignore[arg-type]
        ) if data_info else None,
        legal_route=check.text(doc.get("legal_route"), ("legal_route",)),
        access=check.choice(doc.get("access"), ("access",), ACCESS_ROUTES),
        where_used=check.choice(doc.get("where_used"), ("where_used",), WHERE_USED),
        safeguards=check.text_list(doc.get("safeguards"), ("safeguards",)),
        gets=check.text_list(doc.get("gets"), ("gets",)),
        never_gets=check.text_list(doc.get("never_gets"), ("never_gets",)),
        steps=tuple(steps),
        benefits=Benefits(
            you=check.text_list(benefits.get("you"), ("benefits", "you"), minimum=0, optional=True),
            community=check.text_list(benefits.get("community"), ("benefits", "community"), minimum=0, optional=True),
            services=check.text_list(benefits.get("services"), ("benefits", "services"), minimum=0, optional=True),
        ) if benefits else None,
        risks=check.text_list(doc.get("risks"), ("risks",)),
        people_said=tuple(said),
        if_it_goes_wrong=check.text_list(doc.get("if_it_goes_wrong"), ("if_it_goes_wrong",)),
        decided=check.text_list(doc.get("decided"), ("decided",), minimum=0, optional=True),
        not_decided=check.text_list(doc.get("not_decided"), ("not_decided",)),
        related=related,
        sources=sources,
        updated=updated,
    )
    if fields["benefits"] is not None and not any(
        (fields["benefits"].you, fields["benefits"].community, fields["benefits"].services)
    ):
        check.add(("benefits",), '"benefits" is empty. Add at least one benefit under you, community or services.')
    if isinstance(raw_said, list) and not raw_said:
        check.add(("people_said",), '"people_said" is empty. Add at least one thing people in the research said, with its source.')
    if not check.problems:
        scenario = Scenario(path=path, **fields)  # type: ignore[arg-type]
    return scenario, check.problems


def load_source_ids(content_dir: Path) -> set[str]:
    """The ids in ``content/sources.yaml``."""
    path = Path(content_dir) / "sources.yaml"
    data, _ = read_yaml_file(path)
    if not isinstance(data, dict):
        raise ContentError([Problem(path, "must be a list of 'id:' entries", 1)])
    return set(data)


def scenario_problems(content_dir: Path, lang: str = "en") -> tuple[dict[str, Scenario], list[Problem]]:
    """Load every scenario of ``lang``; return those without problems, and every problem found."""
    content_dir = Path(content_dir)
    source_ids = load_source_ids(content_dir)
    folder = content_dir / lang / "scenarios"
    scenarios: dict[str, Scenario] = {}
    problems: list[Problem] = []
    lines_of: dict[str, tuple[Path, LineMap, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data, lines = read_yaml_file(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        scenario, found = parse_scenario(data, path, lines, source_ids)
        problems.extend(found)
        if scenario is not None:
            scenarios[scenario.id] = scenario
            lines_of[scenario.id] = (path, lines, data)
    # Related ids can only be checked once every file is read.
    all_ids = {p.stem for p in folder.glob("*.yaml")}
    for scenario_id, (path, lines, data) in lines_of.items():
        for index, other in enumerate(scenarios[scenario_id].related):
            if other not in all_ids:
                problems.append(
                    Problem(
                        path,
                        f'related scenario "{other}" does not exist. Use the id of a file in '
                        f'{lang}/scenarios/ (for example: {", ".join(sorted(all_ids)[:4])}).',
                        lines.line("related", index),
                    )
                )
            elif other == scenario_id:
                problems.append(Problem(path, "a scenario cannot be related to itself. Remove its own id from \"related\".", lines.line("related", index)))
    # The order visitors see: research scenarios first, then real sharing, then other examples.
    ordered = sorted(scenarios.values(), key=lambda s: (STATUSES.index(s.status), s.title.lower(), s.id))
    return {s.id: s for s in ordered}, problems


def load_scenarios(content_dir: Path, lang: str = "en") -> dict[str, Scenario]:
    """Every scenario of ``lang`` by id (research scenarios first, then real sharing, then other
    examples; by title within each); raises ``ContentError`` on any mistake."""
    scenarios, problems = scenario_problems(content_dir, lang)
    if problems:
        raise ContentError(problems)
    return scenarios


# --------------------------------------------------------------------------------------------
# Choosing a scenario
# --------------------------------------------------------------------------------------------
def filter_scenarios(
    scenarios: Mapping[str, Scenario] | Iterable[Scenario],
    *,
    life_event: str | None = None,
    requester_type: str | None = None,
    data_type: str | None = None,
) -> list[Scenario]:
    """Scenarios matching every filter given (None means "any"), in their original order."""
    items = scenarios.values() if isinstance(scenarios, Mapping) else scenarios
    for value, allowed, name in (
        (life_event, LIFE_EVENTS, "life_event"),
        (requester_type, REQUESTER_TYPES, "requester_type"),
        (data_type, DATA_TYPES, "data_type"),
    ):
        if value is not None and value not in allowed:
            raise ValueError(f"unknown {name} {value!r}; expected one of {allowed}")
    return [
        s
        for s in items
        if (life_event is None or life_event in s.life_events)
        and (requester_type is None or s.requester.type == requester_type)
        and (data_type is None or s.data.type == data_type)
    ]


def filter_options(scenarios: Mapping[str, Scenario] | Iterable[Scenario]) -> dict[str, tuple[str, ...]]:
    """For each filter, the values that at least one scenario has (in the canonical order)."""
    items = list(scenarios.values() if isinstance(scenarios, Mapping) else scenarios)
    return {
        "life_event": tuple(v for v in LIFE_EVENTS if any(v in s.life_events for s in items)),
        "requester_type": tuple(v for v in REQUESTER_TYPES if any(s.requester.type == v for s in items)),
        "data_type": tuple(v for v in DATA_TYPES if any(s.data.type == v for s in items)),
    }


def clamp_step(raw: Any, step_count: int) -> int:
    """The step a link asks for, made valid: numbers are kept within 1..step_count (so 99 becomes
    the last step); a decimal keeps its whole part, as Streamlit reads a bound URL value ("2.6"
    is 2); anything else (missing, "abc", "") becomes 1."""
    if step_count < 1:
        return 1
    number: int | None = None
    if isinstance(raw, bool):
        number = None
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, float) and raw == raw and raw not in (float("inf"), float("-inf")):
        number = int(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if re.fullmatch(r"[+-]?\d{1,9}", text):
            number = int(text)
        elif re.fullmatch(r"[+-]?\d{1,9}\.\d*", text):
            number = int(float(text))
    if number is None:
        return 1
    return max(1, min(step_count, number))


# --------------------------------------------------------------------------------------------
# The step diagram (boxes and arrows; ``figures.flow_html`` draws it, tests read it)
# --------------------------------------------------------------------------------------------
def step_diagram(scenario: Scenario, number: int, labels: Mapping[str, str]) -> Diagram:
    """A diagram: who asks, the NDL (if it has a role), who holds the data, and the data itself, top
    to bottom. The part the current step is about is lit; a bold arrow labelled ``moves`` shows which
    way data moves at this step (none when nothing moves).

    ``labels`` gives the words: ``holder``, ``requester``, ``ndl``, ``data``, ``asks``,
    ``moves`` and ``stays`` (from the interface catalogue).
    """
    step = scenario.step(clamp_step(number, scenario.step_count))
    boxes = [
        ("requester", (labels["requester"], scenario.requester.name)),
        ("holder", (labels["holder"], scenario.holder.name)),
        ("data", (labels["data"], _short(scenario.data.description))),
    ]
    if scenario.ndl_role:
        boxes.insert(1, ("ndl", (labels["ndl"],)))
    arrows = []
    if scenario.ndl_role:
        arrows += [Arrow("requester", "ndl", labels["asks"], "dashed"), Arrow("ndl", "holder", "", "dashed")]
    else:
        arrows.append(Arrow("requester", "holder", labels["asks"], "dashed"))
    moves = labels["moves"]
    if step.flow == "within":
        arrows.append(Arrow("holder", "data", moves, "bold"))
    else:
        arrows.append(Arrow("holder", "data", "", "line"))
    if step.flow == "to-requester":
        arrows.append(Arrow("data", "requester", moves, "bold"))
    elif step.flow == "to-holder":
        arrows.append(Arrow("requester", "data", moves, "bold"))
    return Diagram(tuple(Box(key, lines, key, key == step.focus) for key, lines in boxes), tuple(arrows))


def _short(text: str, limit: int = 48) -> str:
    """A description cut short for a diagram box: whole words, at most about ``limit`` characters,
    "…" when something was left out (the whole description is on the page, under "At a glance")."""
    out = ""
    for word in text.split():
        if len(f"{out} {word}".strip()) > limit:
            return out + "…"
        out = f"{out} {word}".strip()
    return out


# --------------------------------------------------------------------------------------------
# "What if": change one thing and see what changes
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Point:
    """One sourced statement in the "what if" rules table."""

    text: str
    source: str


@dataclass(frozen=True)
class Option:
    """What the rules table says about one value of one dimension (e.g. requester = university)."""

    dimension: str
    value: str
    safeguards: tuple[Point, ...] = ()
    gets: tuple[Point, ...] = ()
    never_gets: tuple[Point, ...] = ()
    people_felt: tuple[Said, ...] = ()
    # For where-the-data-is-used values such as "results-only": the requester never sees the
    # records, so what it gets comes from this option alone, whatever the type of data.
    results_only: bool = False


@dataclass(frozen=True)
class Combination:
    """A note that applies when several values come together (e.g. private company + personal data)."""

    when: tuple[tuple[str, str], ...]
    note: Point

    def matches(self, state: Mapping[str, str]) -> bool:
        return all(state.get(dimension) == value for dimension, value in self.when)


@dataclass(frozen=True)
class WhatIfRules:
    """The whole rules table: options by (dimension, value), plus combination notes."""

    options: dict[tuple[str, str], Option]
    combinations: tuple[Combination, ...]

    def option(self, dimension: str, value: str) -> Option:
        return self.options.get((dimension, value), Option(dimension, value))


@dataclass(frozen=True)
class WhatIfOutcome:
    """What changes when one thing in a scenario changes."""

    scenario_id: str
    dimension: str
    before: str
    after: str
    before_state: dict[str, str]
    after_state: dict[str, str]
    safeguards_added: tuple[Point, ...]
    safeguards_dropped: tuple[Point, ...]
    safeguards_kept: tuple[Point, ...]
    gets_before: tuple[Point, ...]
    gets_after: tuple[Point, ...]
    never_gets_before: tuple[Point, ...]
    never_gets_after: tuple[Point, ...]
    felt_before: tuple[Said, ...]
    felt_after: tuple[Said, ...]
    notes_added: tuple[Point, ...]
    notes_dropped: tuple[Point, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def gets_changed(self) -> bool:
        return (self.gets_before, self.never_gets_before) != (self.gets_after, self.never_gets_after)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id the outcome draws on, in first-seen order."""
        seen: dict[str, None] = {}
        for group in (
            self.safeguards_added, self.safeguards_dropped, self.safeguards_kept, self.gets_after,
            self.never_gets_after, self.felt_before, self.felt_after, self.notes_added, self.notes_dropped,
        ):
            for item in group:
                seen.setdefault(item.source, None)
        return tuple(seen)


def _points(check: _Checker, value: Any, where: tuple, source_ids: set[str]) -> tuple[Point, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(where, f'"{check.name(where)}" must be a list of items with text and source.')
        return ()
    points = []
    for index, raw in enumerate(value):
        item = check.mapping(raw, where + (index,), ("text", "source"))
        if not item:
            continue
        text = check.text(item.get("text"), where + (index, "text"))
        source = check.text(item.get("source"), where + (index, "source"))
        if source is not None and source not in source_ids:
            check.add(where + (index, "source"), f'source "{source}" is not in content/sources.yaml. Use one of: {", ".join(sorted(source_ids))}.')
            source = None
        if text and source:
            points.append(Point(text, source))
    return tuple(points)


def _said_list(check: _Checker, value: Any, where: tuple, source_ids: set[str]) -> tuple[Said, ...]:
    """People's words: each item has "quote" (exact, short) or "text" (paraphrase), "who", "source"."""
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(where, f'"{check.name(where)}" must be a list, not {_kind(value)}.')
        return ()
    found = []
    for index, raw in enumerate(value):
        here = where + (index,)
        item = check.mapping(raw, here, ("who", "source"), optional_fields=("quote", "text", "translation"))
        if not item:
            continue
        if ("quote" in item) == ("text" in item):
            check.add(
                here,
                'give either "quote:" (the person\'s exact words, short) or "text:" (what they said, '
                "in your own words), not both and not neither.",
            )
            continue
        is_quote = "quote" in item
        text = check.text(item.get("quote" if is_quote else "text"), here + ("quote" if is_quote else "text",))
        who = check.text(item.get("who"), here + ("who",))
        source = check.text(item.get("source"), here + ("source",))
        if source is not None and source not in source_ids:
            check.add(
                here + ("source",),
                f'source "{source}" is not in content/sources.yaml. Use one of: {", ".join(sorted(source_ids))}.',
            )
            source = None
        if is_quote and text and len(text.split()) > MAX_QUOTE_WORDS:
            check.add(
                here + ("quote",),
                f"a quote must be short ({MAX_QUOTE_WORDS} words or fewer; this has {len(text.split())}). "
                'Shorten it with "..." or say it in your own words under "text:".',
            )
        translation = None
        if "translation" in item:
            if not is_quote:
                check.add(here + ("translation",), '"translation" goes only with a "quote:" (our own words '
                          'under "text:" are already in this file\'s language).')
            translation = check.text(item.get("translation"), here + ("translation",))
        if None not in (text, who, source):
            found.append(Said(text=text, quote=is_quote, who=who, source=source,  # type: ignore[arg-type]
                              translation=translation))
    return tuple(found)


def parse_what_if_rules(data: Any, path: Path, lines: LineMap, source_ids: set[str]) -> tuple[WhatIfRules | None, list[Problem]]:
    """Check the rules table and turn it into ``WhatIfRules``."""
    check = _Checker(path, lines)
    doc = check.mapping(data, (), ("options", "combinations"))
    options: dict[tuple[str, str], Option] = {}
    raw_options = doc.get("options") if isinstance(doc, dict) else None
    if not isinstance(raw_options, dict):
        check.add(("options",), '"options" is missing. Add "options:" with requester, data and access.')
        raw_options = {}
    for dimension, values in raw_options.items():
        if dimension not in WHAT_IF_DIMENSIONS:
            check.add(("options", dimension), f'"{dimension}" is not something the explorer can change. Use one of: {", ".join(WHAT_IF_DIMENSIONS)}.')
            continue
        if not isinstance(values, dict):
            check.add(("options", dimension), f'"options.{dimension}" must list values, each with its rules.')
            continue
        for value, raw in values.items():
            where = ("options", dimension, value)
            if value not in WHAT_IF_VALUES[dimension]:
                check.add(where, f'"{value}" is not a value of {dimension}. Use one of: {", ".join(WHAT_IF_VALUES[dimension])}.')
                continue
            item = check.mapping(
                raw, where, (), optional_fields=("safeguards", "gets", "never_gets", "people_felt", "results_only")
            )
            results_only = item.get("results_only", False)
            if not isinstance(results_only, bool):
                check.add(where + ("results_only",), '"results_only" must be true or false.')
                results_only = False
            elif results_only and dimension != "access":
                check.add(where + ("results_only",), '"results_only" only makes sense under access.')
            options[(dimension, value)] = Option(
                dimension=dimension,
                value=value,
                safeguards=_points(check, item.get("safeguards"), where + ("safeguards",), source_ids),
                gets=_points(check, item.get("gets"), where + ("gets",), source_ids),
                never_gets=_points(check, item.get("never_gets"), where + ("never_gets",), source_ids),
                people_felt=_said_list(check, item.get("people_felt"), where + ("people_felt",), source_ids),
                results_only=results_only,
            )
    for dimension, choices in WHAT_IF_CHOICES.items():
        for value in choices:
            if (dimension, value) not in options:
                check.add(("options", dimension), f'the explorer offers {dimension} = "{value}", but the table has no entry for it. Add one.')
            elif not options[(dimension, value)].people_felt:
                check.add(("options", dimension, value), f'{dimension} = "{value}" has no "people_felt". Add what the research found, with its source.')
    combinations: list[Combination] = []
    raw_combinations = doc.get("combinations") if isinstance(doc, dict) else None
    if raw_combinations is not None and not isinstance(raw_combinations, list):
        check.add(("combinations",), '"combinations" must be a list.')
        raw_combinations = []
    for index, raw in enumerate(raw_combinations or []):
        where = ("combinations", index)
        item = check.mapping(raw, where, ("when", "text", "source"))
        when = item.get("when")
        if not isinstance(when, dict) or not when:
            check.add(where + ("when",), '"when" must name one or more things, e.g. {requester: private-company, data: personal}.')
            continue
        pairs = []
        for dimension, value in when.items():
            if dimension not in WHAT_IF_DIMENSIONS or value not in WHAT_IF_VALUES[dimension]:
                check.add(where + ("when", dimension), f'"{dimension}: {value}" is not a known value. Dimensions: {", ".join(WHAT_IF_DIMENSIONS)}.')
                continue
            pairs.append((dimension, value))
        points = _points(check, [{"text": item.get("text"), "source": item.get("source")}], where, source_ids)
        if pairs and points:
            combinations.append(Combination(tuple(pairs), points[0]))
    if check.problems:
        return None, check.problems
    return WhatIfRules(options, tuple(combinations)), []


def load_what_if_rules(content_dir: Path, lang: str = "en") -> WhatIfRules:
    """Read ``content/<lang>/what_if.yaml``; raises ``ContentError`` on any mistake."""
    path = Path(content_dir) / lang / "what_if.yaml"
    data, lines = read_yaml_file(path)
    rules, problems = parse_what_if_rules(data, path, lines, load_source_ids(Path(content_dir)))
    if problems:
        raise ContentError(problems)
    return rules  # type: ignore[return-value]


def _unique(points: Iterable[Point]) -> tuple[Point, ...]:
    return tuple(dict.fromkeys(points))


def _state_points(rules: WhatIfRules, state: Mapping[str, str], attribute: str) -> tuple[Point, ...]:
    """``attribute`` (safeguards, gets or never_gets) of every option in ``state``, in order."""
    access = rules.option("access", state["access"])
    if attribute in ("gets", "never_gets") and access.results_only:
        return _unique(getattr(access, attribute))
    found: list[Point] = []
    for dimension in WHAT_IF_DIMENSIONS:
        found.extend(getattr(rules.option(dimension, state[dimension]), attribute))
    return _unique(found)


def _subtract(a: tuple[Point, ...], b: tuple[Point, ...]) -> tuple[Point, ...]:
    return tuple(p for p in a if p not in b)


def what_if(scenario: Scenario, dimension: str, value: str, rules: WhatIfRules) -> WhatIfOutcome:
    """Change ``dimension`` of ``scenario`` to ``value``; everything else stays as it is."""
    if dimension not in WHAT_IF_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {WHAT_IF_DIMENSIONS}")
    if value not in WHAT_IF_VALUES[dimension]:
        raise ValueError(f"unknown {dimension} {value!r}; expected one of {WHAT_IF_VALUES[dimension]}")
    before_state = scenario.what_if_state()
    after_state = dict(before_state, **{dimension: value})
    safeguards_before = _state_points(rules, before_state, "safeguards")
    safeguards_after = _state_points(rules, after_state, "safeguards")
    notes_before = _unique(c.note for c in rules.combinations if c.matches(before_state))
    notes_after = _unique(c.note for c in rules.combinations if c.matches(after_state))
    return WhatIfOutcome(
        scenario_id=scenario.id,
        dimension=dimension,
        before=before_state[dimension],
        after=value,
        before_state=before_state,
        after_state=after_state,
        safeguards_added=_subtract(safeguards_after, safeguards_before),
        safeguards_dropped=_subtract(safeguards_before, safeguards_after),
        safeguards_kept=tuple(p for p in safeguards_after if p in safeguards_before),
        gets_before=_state_points(rules, before_state, "gets"),
        gets_after=_state_points(rules, after_state, "gets"),
        never_gets_before=_state_points(rules, before_state, "never_gets"),
        never_gets_after=_state_points(rules, after_state, "never_gets"),
        felt_before=rules.option(dimension, before_state[dimension]).people_felt,
        felt_after=rules.option(dimension, value).people_felt,
        notes_added=_subtract(notes_after, notes_before),
        notes_dropped=_subtract(notes_before, notes_after),
    )


def what_if_choices(scenario: Scenario, dimension: str) -> tuple[str, ...]:
    """The values the explorer offers for ``dimension``: the scenario's own value first, then the
    usual choices."""
    current = scenario.what_if_state()[dimension]
    return tuple(dict.fromkeys((current,) + WHAT_IF_CHOICES[dimension]))


def readability_problems(scenario: Scenario, lang: str = "en") -> list[Problem]:
    """The summary and every step must pass the plain-English gates (as the *In short* layer does)."""
    from .readability import measure  # local: loading the pronouncing dictionary takes a moment

    problems: list[Problem] = []
    english = lang == "en"
    for label, text in [("summary", scenario.summary)] + [
        (f"step {number} (\"{step.title}\")", step.text()) for number, step in enumerate(scenario.steps, 1)
    ]:
        for message in measure(text).problems(english=english):
            problems.append(Problem(scenario.path or Path(scenario.id), f"{label}: {message}"))
    return problems


def check_content(content_dir: Path, site: Any = None) -> list[Problem]:
    """Every problem in every language's scenarios and "what if" rules, including the reading
    gates. Called by ``python -m ndl_explain check`` (through ``ndl_explain.checks``)."""
    content_dir = Path(content_dir)
    problems: list[Problem] = []
    for lang_dir in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        if (lang_dir / "scenarios").is_dir():
            scenarios, found = scenario_problems(content_dir, lang_dir.name)
            problems.extend(found)
            for scenario in scenarios.values():
                problems.extend(readability_problems(scenario, lang_dir.name))
        if (lang_dir / "what_if.yaml").exists():
            try:
                load_what_if_rules(content_dir, lang_dir.name)
            except ContentError as exc:
                problems.extend(exc.problems)
    return problems
