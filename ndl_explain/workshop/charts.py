"""Altair charts and plain-text summaries of a step's group results (no Streamlit here).

Every chart has a text summary beside it, built from the same numbers, so nobody needs to see
the chart to know the result. Words come from the caller (``text`` / ``textn``), never from here.
"""
from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from .results import QuestionResult, StepResult

PHONE_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
PAPER_COLOUR = "#505a5f"  # dark grey: 7:1 against white
BEFORE_COLOUR = "#505a5f"
AFTER_COLOUR = "#1d70b8"

Text = Callable[..., str]  # text(key, **values) -> words
TextN = Callable[..., str]  # textn(key, n, **values) -> words with the plural chosen for n


def _style(chart: alt.Chart, large: bool) -> alt.Chart:
    size = 22 if large else 14
    return (
        chart.configure_axis(labelFontSize=size, titleFontSize=size, labelLimit=520 if large else 300)
        .configure_legend(labelFontSize=size, titleFontSize=size, orient="bottom")
        .configure_view(strokeWidth=0)
    )


def _row_height(large: bool) -> int:
    return 46 if large else 30


def choice_chart(question: QuestionResult, text: Text, *, large: bool = False, sort_by_votes: bool = False) -> alt.Chart:
    """Horizontal bars, one per choice: phone and paper votes stacked."""
    rows = []
    for tally in question.tallies:
        rows.append({"choice": tally.label, "how": text("chart_phone"), "votes": tally.phone, "total": tally.total})
        rows.append({"choice": tally.label, "how": text("chart_paper"), "votes": tally.paper, "total": tally.total})
    data = pd.DataFrame(rows)
    order = [t.label for t in question.tallies]
    if sort_by_votes:
        order = [t.label for t in sorted(question.tallies, key=lambda t: -t.total)]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("choice:N", sort=order, title=None),
            x=alt.X("sum(votes):Q", title=text("chart_votes"), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("how:N", title=text("chart_how"),
                            scale=alt.Scale(domain=[text("chart_phone"), text("chart_paper")],
                                            range=[PHONE_COLOUR, PAPER_COLOUR])),
            order=alt.Order("how:N", sort="descending"),
            tooltip=[alt.Tooltip("choice:N", title=text("chart_choice")),
                     alt.Tooltip("how:N", title=text("chart_how")),
                     alt.Tooltip("votes:Q", title=text("chart_votes"))],
        )
        .properties(height=_row_height(large) * len(order), width="container")
    )
    return _style(chart, large)


def check_chart(result: StepResult, text: Text, *, large: bool = False) -> alt.Chart:
    """The share who got each statement right; at the end, start and end side by side."""
    rows = []
    if result.changes:
        for change in result.changes:
            if change.before is not None:
                rows.append({"statement": change.text, "when": text("chart_before"), "percent": round(change.before * 100)})
            if change.after is not None:
                rows.append({"statement": change.text, "when": text("chart_after"), "percent": round(change.after * 100)})
    else:
        for q in result.questions:
            if q.share_correct is not None:
                rows.append({"statement": q.question.prompt, "when": text("chart_before"),
                             "percent": round(q.share_correct * 100)})
    data = pd.DataFrame(rows, columns=["statement", "when", "percent"])
    order = [q.question.prompt for q in result.questions]
    whens = [text("chart_before"), text("chart_after")] if result.changes else [text("chart_before")]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("statement:N", sort=order, title=None),
            yOffset=alt.YOffset("when:N", sort=whens),
            x=alt.X("percent:Q", title=text("chart_share_right"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("when:N", title=text("chart_when"),
                            scale=alt.Scale(domain=whens, range=[BEFORE_COLOUR, AFTER_COLOUR][: len(whens)]),
                            legend=alt.Legend() if result.changes else None),
            tooltip=[alt.Tooltip("statement:N", title=text("chart_statement")),
                     alt.Tooltip("when:N", title=text("chart_when")),
                     alt.Tooltip("percent:Q", title=text("chart_share_right"))],
        )
        .properties(height=_row_height(large) * len(order) * len(whens), width="container")
    )
    return _style(chart, large)


def profile_chart(result: StepResult, text: Text, *, large: bool = False) -> alt.Chart:
    """The public benefit profile: the group's average on each of the five criteria (1 to 5)."""
    data = pd.DataFrame(
        [{"criterion": s.title, "mean": round(s.mean, 2) if s.mean is not None else None, "votes": s.votes}
         for s in result.profile],
        columns=["criterion", "mean", "votes"],
    )
    chart = (
        alt.Chart(data)
        .mark_bar(color=PHONE_COLOUR)
        .encode(
            y=alt.Y("criterion:N", sort=[s.title for s in result.profile], title=None),
            x=alt.X("mean:Q", title=text("chart_average"), scale=alt.Scale(domain=[1, 5])),
            tooltip=[alt.Tooltip("criterion:N", title=text("chart_criterion")),
                     alt.Tooltip("mean:Q", title=text("chart_average"))],
        )
        .properties(height=_row_height(large) * len(result.profile), width="container")
    )
    return _style(chart, large)


def step_chart(result: StepResult, text: Text, *, large: bool = False) -> alt.Chart | None:
    """The chart for a step, or None when nobody has answered yet."""
    has_votes = any(q.total_votes for q in result.questions)
    has_before = any(c.before is not None for c in result.changes)
    if not has_votes and not has_before:
        return None
    kind = result.step.kind
    if kind == "check":
        return check_chart(result, text, large=large)
    if kind == "benefit":
        return profile_chart(result, text, large=large)
    return choice_chart(result.questions[0], text, large=large, sort_by_votes=kind == "reassure")


# -- text summaries -----------------------------------------------------------------------------
def _percent(share: float | None) -> int:
    return round((share or 0) * 100)


def _mean(value: float) -> str:
    return f"{value:.1f}"


def summarise(result: StepResult, text: Text, textn: TextN) -> list[str]:
    """Plain sentences that say what the chart shows (the chart's text alternative)."""
    kind = result.step.kind
    questions = result.questions
    votes = max((q.total_votes for q in questions), default=0)
    if votes == 0:
        return [text("no_answers_yet")]
    lines: list[str] = []
    if kind == "comfort":
        q = questions[0]
        lines.append(textn("summary_answers", q.respondents))
        if q.split and q.respondents_paper:
            lines.append(text("summary_paper", n=q.respondents_paper))
        leaders = q.leaders()
        if len(leaders) == 1:
            lines.append(text("summary_top", label=leaders[0].label, count=leaders[0].total))
        elif leaders:
            labels = text("tie_join").join(f'"{t.label}"' for t in leaders)
            lines.append(text("summary_tie", labels=labels, count=leaders[0].total))
        if q.mean is not None:
            lines.append(text("summary_mean", mean=_mean(q.mean), low=q.tallies[0].label, high=q.tallies[-1].label))
    elif kind == "reassure":
        q = questions[0]
        lines.append(textn("summary_answers", q.respondents_phone if q.split else q.respondents))
        paper = sum(t.paper for t in q.tallies)
        if q.split and paper:
            lines.append(text("summary_paper", n=paper))
        ranked = [t for t in sorted(q.tallies, key=lambda t: -t.total) if t.total]
        if len(ranked) > 3:  # the top 3, and any rule tied with the third
            ranked = [t for t in ranked if t.total >= ranked[2].total]
        lines.append(text("summary_rules", rules="; ".join(
            text("summary_rule_item", label=t.label, count=t.total) for t in ranked)))
    elif kind == "check":
        lines.append(textn("summary_answers", max(q.respondents for q in questions)))
        if result.changes:
            for change in result.changes:
                if change.after is None:
                    continue
                if change.before is None:
                    lines.append(text("summary_check_no_before", statement=change.text, after=_percent(change.after)))
                else:
                    lines.append(text("summary_check_change", statement=change.text,
                                      before=_percent(change.before), after=_percent(change.after)))
        else:
            for q in questions:
                if q.share_correct is None:
                    continue
                answer = q.question.label(q.question.correct or "")
                lines.append(text("summary_check", statement=q.question.prompt,
                                  percent=_percent(q.share_correct), answer=answer))
    elif kind == "benefit":
        lines.append(textn("summary_answers", max(q.respondents for q in questions)))
        items = [text("summary_profile_item", criterion=s.title, mean=_mean(s.mean))
                 for s in result.profile if s.mean is not None]
        if items:
            lines.append(text("summary_profile", items="; ".join(items)))
    return lines
