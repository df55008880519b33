"""Altair charts and plain-text summaries of a step's group results (no Streamlit here).

Every chart has a text summary beside it, built from the same numbers, so nobody needs to see
the chart to know the result. Words come from the caller (``text`` / ``textn``), never from here.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

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
        chart.configure_axis(labelFontSize=size, titleFontSize=size)
        .configure_legend(labelFontSize=size, titleFontSize=size, orient="bottom")
        .configure_view(strokeWidth=0)
    )


# Each row of a chart: its label written above its bar(s), over the whole width, so long labels
# (a statement, a rule) wrap instead of squashing the bars into a corner on a 320 px phone. Labels
# are wrapped here at a width that fits a phone; on a projector the text is larger, as is the space.
WRAP_CHARS = 34  # about what fits a 320 px phone at 14 px
WRAP_CHARS_LARGE = 52  # a projector: larger text, more room
TEXT_COLOUR = "#0b0c0c"


def _wrap(label: str, large: bool = False) -> str:
    return "\n".join(textwrap.wrap(label, WRAP_CHARS_LARGE if large else WRAP_CHARS, break_long_words=True)) or label


@dataclass(frozen=True)
class _Rows:
    """Sizes of one chart's rows (all in px): label lines above ``bars`` bars."""

    large: bool
    lines: int  # the most label lines any row has
    bars: int = 1

    @property
    def font(self) -> int:
        return 22 if self.large else 14

    @property
    def line(self) -> int:
        return round(self.font * 1.3)

    @property
    def bar(self) -> int:
        return 30 if self.large else 18

    @property
    def gap(self) -> int:
        return 4

    @property
    def step(self) -> int:
        return self.lines * self.line + self.bars * (self.bar + self.gap) + (18 if self.large else 12)

    def text_dy(self) -> int:
        """From the row's centre (where Vega-Lite puts a mark) up to the top of the row."""
        return -self.step // 2 + 2

    def bar_offset(self, index: int) -> int:
        """From the row's centre to the centre of its ``index``-th bar."""
        top = self.lines * self.line + 4 + index * (self.bar + self.gap) + self.bar // 2
        return top - self.step // 2


def _labels(rows: _Rows, data: pd.DataFrame, field: str, sort: list[str]) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_text(align="left", baseline="top", dy=rows.text_dy(), fontSize=rows.font, lineHeight=rows.line,
                   lineBreak="\n", color=TEXT_COLOUR)
        .encode(y=alt.Y(f"{field}:N", sort=sort, axis=None), x=alt.value(0), text="text:N")
    )


def _layered(rows: _Rows, layers: list[alt.Chart], large: bool, keys: list[str]) -> alt.LayerChart:
    # Step sizing: each row gets its own height, and the axis and legend come on top of that
    # (a fixed total height would squash the rows to make room for them).
    chart = alt.layer(*layers).properties(height=alt.Step(rows.step), width="container")
    chart = chart.resolve_scale(y="shared")
    return _style(chart, large)


def _y(field: str, sort: list[str]) -> alt.Y:
    return alt.Y(f"{field}:N", sort=sort, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))


def choice_chart(question: QuestionResult, text: Text, *, large: bool = False, sort_by_votes: bool = False) -> alt.Chart:
    """One bar per choice, its label and total above it; phone and paper stacked and told apart only
    when the result keeps them apart (``question.split``) and there are paper votes."""
    tallies = list(question.tallies)
    if sort_by_votes:
        tallies = sorted(tallies, key=lambda t: -t.total)
    order = [t.value for t in tallies]
    apart = question.split and any(t.paper for t in tallies)
    bars = []
    for tally in tallies:
        if apart:  # phone first (on the left) in every language: "stack" orders them, not the words
            bars.append({"choice": tally.value, "how": text("chart_phone"), "votes": tally.phone, "label": tally.label,
                         "stack": 0})
            bars.append({"choice": tally.value, "how": text("chart_paper"), "votes": tally.paper, "label": tally.label,
                         "stack": 1})
        else:
            bars.append({"choice": tally.value, "how": text("chart_votes"), "votes": tally.total, "label": tally.label,
                         "stack": 0})
    labels = pd.DataFrame([{"choice": t.value, "text": _wrap(f"{t.label} ({t.total})", large)} for t in tallies])
    rows = _Rows(large, max(s.count("\n") + 1 for s in labels["text"]))
    colour = (alt.Color("how:N", title=text("chart_how"),
                        scale=alt.Scale(domain=[text("chart_phone"), text("chart_paper")],
                                        range=[PHONE_COLOUR, PAPER_COLOUR]))
              if apart else alt.value(PHONE_COLOUR))
    most = max((t.total for t in tallies), default=0)
    bar = (
        alt.Chart(pd.DataFrame(bars))
        .mark_bar(size=rows.bar, yOffset=rows.bar_offset(0))
        .encode(
            y=_y("choice", order),
            x=alt.X("sum(votes):Q", title=text("chart_votes"),
                    axis=alt.Axis(tickMinStep=1, format="d", grid=True),
                    scale=alt.Scale(domain=[0, max(most, 1)])),
            color=colour,
            order=alt.Order("stack:Q"),
            tooltip=[alt.Tooltip("label:N", title=text("chart_choice")),
                     alt.Tooltip("how:N", title=text("chart_how")),
                     alt.Tooltip("votes:Q", title=text("chart_votes"))],
        )
    )
    return _layered(rows, [bar, _labels(rows, labels, "choice", order)], large, order)


def check_chart(result: StepResult, text: Text, *, large: bool = False) -> alt.Chart:
    """The share who got each statement right; at the end, start and end one under the other."""
    rows_data = []
    if result.changes:
        for change in result.changes:
            if change.before is not None:
                rows_data.append({"statement": change.text, "when": text("chart_before"),
                                  "percent": round(change.before * 100)})
            if change.after is not None:
                rows_data.append({"statement": change.text, "when": text("chart_after"),
                                  "percent": round(change.after * 100)})
        order = [c.text for c in result.changes]
    else:
        for q in result.questions:
            if q.share_correct is not None:
                rows_data.append({"statement": q.question.prompt, "when": text("chart_before"),
                                  "percent": round(q.share_correct * 100)})
        order = [q.question.prompt for q in result.questions]
    data = pd.DataFrame(rows_data, columns=["statement", "when", "percent"])
    whens = [text("chart_before"), text("chart_after")] if result.changes else [text("chart_before")]
    labels = pd.DataFrame([{"statement": statement, "text": _wrap(statement, large)} for statement in order])
    rows = _Rows(large, max(s.count("\n") + 1 for s in labels["text"]), bars=len(whens))
    layers = []
    for i, when in enumerate(whens):
        layers.append(
            alt.Chart(data)
            .transform_filter(alt.datum.when == when)
            .mark_bar(size=rows.bar, yOffset=rows.bar_offset(i))
            .encode(
                y=_y("statement", order),
                x=alt.X("percent:Q", title=text("chart_share_right"), scale=alt.Scale(domain=[0, 100])),
                color=alt.Color("when:N", title=text("chart_when"),
                                scale=alt.Scale(domain=whens, range=[BEFORE_COLOUR, AFTER_COLOUR][: len(whens)]),
                                legend=alt.Legend() if result.changes else None),
                tooltip=[alt.Tooltip("statement:N", title=text("chart_statement")),
                         alt.Tooltip("when:N", title=text("chart_when")),
                         alt.Tooltip("percent:Q", title=text("chart_share_right"))],
            )
        )
    layers.append(_labels(rows, labels, "statement", order))
    return _layered(rows, layers, large, order)


def profile_chart(result: StepResult, text: Text, *, large: bool = False) -> alt.Chart:
    """The public benefit profile: the group's average on each of the five criteria (1 to 5)."""
    data = pd.DataFrame(
        [{"criterion": s.id, "title": s.title, "mean": round(s.mean, 2) if s.mean is not None else None,
          "votes": s.votes} for s in result.profile],
        columns=["criterion", "title", "mean", "votes"],
    )
    order = [s.id for s in result.profile]
    labels = pd.DataFrame([{"criterion": s.id, "text": _wrap(s.title, large)} for s in result.profile],
                          columns=["criterion", "text"])
    rows = _Rows(large, max((t.count("\n") + 1 for t in labels["text"]), default=1))
    bar = (
        alt.Chart(data)
        .mark_bar(color=PHONE_COLOUR, size=rows.bar, yOffset=rows.bar_offset(0))
        .encode(
            y=_y("criterion", order),
            x=alt.X("mean:Q", title=text("chart_average"), scale=alt.Scale(domain=[1, 5])),
            tooltip=[alt.Tooltip("title:N", title=text("chart_criterion")),
                     alt.Tooltip("mean:Q", title=text("chart_average"))],
        )
    )
    return _layered(rows, [bar, _labels(rows, labels, "criterion", order)], large, order)


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
