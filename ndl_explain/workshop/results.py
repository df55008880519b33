"""Group results of a workshop: counts per choice (phone and paper apart), averages, profiles, CSV.

Only totals leave this module: nothing here can tell one participant's answers from another's.
The privacy threshold lives here too, so every route (screens, phones, printed summary, CSV)
applies the same rule: ``visibility`` says what may be shown of one question, ``shareable`` gives
a step's result with everything that may not be shown taken out.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .activities import Question, Step, WorkshopContent

# Privacy: no figure about a group of fewer than this many people is shown anywhere (screen, phones,
# printed summary, CSV). With fewer, someone who knows who answered could work out a person's answer.
# Phone answers are people; paper votes are hand counts. Paper votes never make a small group of
# phone answers big enough to show, and phone and paper are shown apart only when each part that
# has answers is big enough on its own (see ``visibility``).
MIN_GROUP_SIZE = 3

HIDDEN, TOTALS, SPLIT = "hidden", "totals", "split"


@dataclass(frozen=True)
class OptionTally:
    value: str
    label: str
    phone: int
    paper: int

    @property
    def total(self) -> int:
        return self.phone + self.paper


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    tallies: tuple[OptionTally, ...]
    respondents_phone: int  # participants who answered on a phone
    respondents_paper: int  # single-choice: paper votes; multi-pick: the largest paper count (people unknown)
    split: bool = True  # False once phone and paper have been merged (``redact``): only totals are left

    @property
    def respondents(self) -> int:
        return self.respondents_phone + self.respondents_paper

    @property
    def total_votes(self) -> int:
        return sum(t.total for t in self.tallies)

    @property
    def mean(self) -> float | None:
        """Average scale point (1–5) over phone and paper votes; None if nobody answered."""
        votes = self.total_votes
        if not votes or not all(t.value.isdigit() for t in self.tallies):
            return None
        return sum(int(t.value) * t.total for t in self.tallies) / votes

    @property
    def share_correct(self) -> float | None:
        """True/false statements: the share of answers that were right (Not sure counts as not right)."""
        if self.question.correct is None or not self.total_votes:
            return None
        right = sum(t.total for t in self.tallies if t.value == self.question.correct)
        return right / self.total_votes

    def leaders(self) -> tuple[OptionTally, ...]:
        """The choices with the most votes: one, or several when they tie; () if nobody answered."""
        most = max((t.total for t in self.tallies), default=0)
        return tuple(t for t in self.tallies if t.total == most) if most > 0 else ()

    def top(self) -> OptionTally | None:
        """The one choice with the most votes; None if nobody answered or if the first place is a tie."""
        leaders = self.leaders()
        return leaders[0] if len(leaders) == 1 else None


@dataclass(frozen=True)
class CriterionScore:
    id: str
    title: str
    mean: float | None
    votes: int


@dataclass(frozen=True)
class CheckChange:
    statement_id: str
    text: str
    before: float | None
    after: float | None
    before_respondents: int = 0  # people who answered this statement at the start
    before_shown: bool = True  # whether the start's result may be shown (``visibility`` of that question)


@dataclass(frozen=True)
class StepResult:
    position: int
    step: Step
    status: str
    results_shown: bool
    questions: tuple[QuestionResult, ...]
    profile: tuple[CriterionScore, ...] = ()  # benefit steps
    changes: tuple[CheckChange, ...] = ()  # check-after steps: before vs after, per statement

    @property
    def respondents(self) -> int:
        return max((q.respondents for q in self.questions), default=0)


Counts = Mapping[str, Mapping[str, int]]  # question id -> stored value -> count


def _tally(rows: Iterable[tuple[str, str, int]], questions: Mapping[str, Question]) -> tuple[Counts, dict[str, int]]:
    """Split stored multi-pick answers into one count per choice; count respondents per question."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    respondents: dict[str, int] = defaultdict(int)
    for question_id, value, n in rows:
        question = questions.get(question_id)
        if question is None:
            continue  # an answer to a question no longer in the content: kept, not shown
        respondents[question_id] += n
        for pick in question.picks(value):
            counts[question_id][pick] += n
    return counts, respondents


def question_result(question: Question, phone: Mapping[str, int], phone_respondents: int,
                    paper: Mapping[str, int]) -> QuestionResult:
    tallies = tuple(
        OptionTally(o.value, o.label, int(phone.get(o.value, 0)), int(paper.get(o.value, 0)))
        for o in question.options
    )
    paper_respondents = max(paper.values(), default=0) if question.multi else sum(paper.values())
    return QuestionResult(question, tallies, phone_respondents, int(paper_respondents))


def build_results(
    content: WorkshopContent,
    step_rows: Iterable,
    answer_rows: Iterable[tuple[str, str, int]],
    paper_rows: Iterable[tuple[str, str, int]],
) -> list[StepResult]:
    """Results for every step of a workshop from stored counts (``step_rows`` are store.StepRow)."""
    from .activities import StepPlan

    step_rows = list(step_rows)
    built = [(row, content.step(StepPlan(row.step_id, row.kind, row.scenario_id))) for row in step_rows]
    questions = {q.id: q for _, step in built for q in step.questions}
    phone, respondents = _tally(answer_rows, questions)
    paper: dict[str, dict[str, int]] = defaultdict(dict)
    for question_id, value, n in paper_rows:
        paper[question_id][value] = n

    results: list[StepResult] = []
    for row, step in built:
        qrs = tuple(
            question_result(q, phone.get(q.id, {}), respondents.get(q.id, 0), paper.get(q.id, {}))
            for q in step.questions
        )
        profile: tuple[CriterionScore, ...] = ()
        if step.kind == "benefit":
            by_id = {qr.question.id: qr for qr in qrs}
            scores = []
            for criterion in content.criteria:
                parts = [by_id[q] for q in criterion.question_ids if q in by_id]
                votes = sum(p.total_votes for p in parts)
                points = sum(int(t.value) * t.total for p in parts for t in p.tallies)
                scores.append(CriterionScore(criterion.id, criterion.title, points / votes if votes else None, votes))
            profile = tuple(scores)
        results.append(StepResult(row.position, step, row.status, row.results_shown, qrs, profile))

    before = next((r for r in results if r.step.step_id == "check-before"), None)
    for i, result in enumerate(results):
        if result.step.step_id == "check-after":
            before_by_statement = {
                q.question.id.split(":", 1)[1]: q for q in (before.questions if before else ())
            }
            changes = []
            for q in result.questions:
                statement = q.question.id.split(":", 1)[1]
                start = before_by_statement.get(statement)
                changes.append(CheckChange(statement, q.question.prompt,
                                           start.share_correct if start else None, q.share_correct,
                                           start.respondents if start else 0,
                                           start is not None and visibility(start) != HIDDEN))
            results[i] = StepResult(result.position, result.step, result.status, result.results_shown,
                                    result.questions, result.profile, tuple(changes))
    return results


def visibility(question: QuestionResult, min_group: int = MIN_GROUP_SIZE) -> str:
    """What may be shown of one question's result: ``"hidden"``, ``"totals"`` or ``"split"``.

    - hidden: fewer than ``min_group`` people in all; or some phone answers, but fewer than
      ``min_group`` of them (paper votes never unlock what the phones alone would give away);
    - totals: phones are enough, but a small number of paper votes would be picked out if shown
      apart, so only the combined counts are shown;
    - split: every part that has answers (phone, paper) is big enough on its own.
    """
    phone, paper = question.respondents_phone, question.respondents_paper
    if phone + paper < min_group or 0 < phone < min_group:
        return HIDDEN
    if 0 < paper < min_group:
        return TOTALS
    return SPLIT


def redact(question: QuestionResult, min_group: int = MIN_GROUP_SIZE) -> QuestionResult | None:
    """The question as it may be shown: None when hidden; phone and paper merged into one count when
    only totals may be shown (so no later code can show the split by mistake); else unchanged."""
    seen = visibility(question, min_group)
    if seen == HIDDEN:
        return None
    if seen == SPLIT:
        return question
    tallies = tuple(OptionTally(t.value, t.label, t.total, 0) for t in question.tallies)
    return QuestionResult(question.question, tallies, question.respondents, 0, split=False)


def fewest_respondents(result: StepResult) -> int:
    """The smallest number of people who answered any question of the step that has answers (0 if none)."""
    return min((q.respondents for q in result.questions if q.total_votes), default=0)


def shareable(result: StepResult, min_group: int = MIN_GROUP_SIZE) -> StepResult | None:
    """The step's result as it may be shown to a group, or None while it may not be shown.

    Shown only when every answered question may be shown (``visibility``); each question comes
    back redacted. A start-of-workshop share that may not be shown is left out of the end's comparison."""
    if not any(q.total_votes for q in result.questions):
        return None
    questions = []
    for question in result.questions:
        if not question.total_votes:
            questions.append(question)
            continue
        shown = redact(question, min_group)
        if shown is None:
            return None
        questions.append(shown)
    changes = tuple(
        c if c.before is None or (c.before_shown and c.before_respondents >= min_group) else replace(c, before=None)
        for c in result.changes)
    return replace(result, questions=tuple(questions), changes=changes)


CSV_COLUMNS = (
    "workshop_code", "workshop_title", "step", "step_id", "activity", "scenario",
    "question_id", "question", "choice_id", "choice", "phone_votes", "paper_votes", "total_votes", "note",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def results_csv(code: str, title: str, results: Iterable[StepResult],
                scenario_titles: Mapping[str, str] | None = None, *, too_few: str = "",
                no_split: str = "", min_group: int = MIN_GROUP_SIZE) -> str:
    """One row per choice of every question: phone, paper and total votes, with the threshold of the
    screens applied to each question (``redact``). A question that may not be shown keeps its rows
    with empty counts and the ``too_few`` note; one whose phone and paper may not be shown apart has
    only totals and the ``no_split`` note."""
    scenario_titles = scenario_titles or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        step = result.step
        scenario = scenario_titles.get(step.scenario_id, step.scenario_id) if step.scenario_id else ""
        for qr in result.questions:
            visible = redact(qr, min_group)
            for tally in (visible or qr).tallies:
                if not qr.total_votes:
                    counts, note = (0, 0, 0), ""
                elif visible is None:
                    counts, note = ("", "", ""), too_few
                elif visible.split:
                    counts, note = (tally.phone, tally.paper, tally.total), ""
                else:
                    counts, note = ("", "", tally.total), no_split
                writer.writerow([_cell(v) for v in (
                    code, title, result.position + 1, step.step_id, step.title, scenario,
                    qr.question.id, qr.question.prompt, tally.value, tally.label, *counts, note,
                )])
    return buffer.getvalue()
