"""Group results of a workshop: counts per choice (phone and paper apart), averages, profiles, CSV.

Only totals leave this module: nothing here can tell one participant's answers from another's.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .activities import Question, Step, WorkshopContent

# Privacy: a question's result is shown (chart, sentences, printed summary) only once at least this
# many people have answered it, phone and paper together. With fewer, someone who knows who
# answered could work out a person's answer. The CSV export for the facilitator keeps every total.
MIN_GROUP_SIZE = 3


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

    def top(self) -> OptionTally | None:
        """The choice with the most votes (first listed wins a tie); None if nobody answered."""
        best = max(self.tallies, key=lambda t: t.total, default=None)
        return best if best is not None and best.total > 0 else None


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
                                           start.respondents if start else 0))
            results[i] = StepResult(result.position, result.step, result.status, result.results_shown,
                                    result.questions, result.profile, tuple(changes))
    return results


def fewest_respondents(result: StepResult) -> int:
    """The smallest number of people who answered any question of the step that has answers (0 if none)."""
    return min((q.respondents for q in result.questions if q.total_votes), default=0)


def shareable(result: StepResult, min_group: int = MIN_GROUP_SIZE) -> StepResult | None:
    """The step's result as it may be shown to a group, or None while too few people have answered.

    Shown only when every answered question has at least ``min_group`` people. A start-of-workshop
    share that fewer people gave is left out of the end-of-workshop comparison."""
    if fewest_respondents(result) < min_group:
        return None
    if any(c.before is not None and c.before_respondents < min_group for c in result.changes):
        result = replace(result, changes=tuple(
            c if c.before is None or c.before_respondents >= min_group else replace(c, before=None)
            for c in result.changes))
    return result


CSV_COLUMNS = (
    "workshop_code", "workshop_title", "step", "step_id", "activity", "scenario",
    "question_id", "question", "choice_id", "choice", "phone_votes", "paper_votes", "total_votes",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def results_csv(code: str, title: str, results: Iterable[StepResult],
                scenario_titles: Mapping[str, str] | None = None) -> str:
    """One row per choice of every question: phone, paper and total votes. Totals only."""
    scenario_titles = scenario_titles or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        step = result.step
        scenario = scenario_titles.get(step.scenario_id, step.scenario_id) if step.scenario_id else ""
        for qr in result.questions:
            for tally in qr.tallies:
                writer.writerow([_cell(v) for v in (
                    code, title, result.position + 1, step.step_id, step.title, scenario,
                    qr.question.id, qr.question.prompt, tally.value, tally.label,
                    tally.phone, tally.paper, tally.total,
                )])
    return buffer.getvalue()
