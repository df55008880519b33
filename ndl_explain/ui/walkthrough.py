"""Draw scenario walkthroughs and the "what if" explorer (the Streamlit side of ``scenarios.py``).

Deep links: ``/walkthrough?scenario=<id>&step=<n>`` and ``/what-if?scenario=<id>``. Back and Next
write the step into the address (each change is a new entry in the browser's history), so a shared
link opens the same step and the browser's back button goes back a step. On a full run of the page
(a link followed, the browser's back button, a site-wide choice changed) the address says which step
to show. The scenario is kept in the URL by hand too: a bound select box would write the scenario's
*title* into the URL, not its id.
"""
from __future__ import annotations

import functools
import logging
from typing import Any

import streamlit as st

from .. import CONTENT_DIR, pagemeta
from ..figures import flow_html
from ..i18n import DEFAULT_LANG, catalogue
from ..layers import marks_language, said_markdown
from ..links import with_params
from ..problems import ContentError
from ..readability import Readability, measure
from ..scenarios import (
    WHAT_IF_DIMENSIONS,
    Said,
    Scenario,
    WhatIfRules,
    clamp_step,
    filter_options,
    filter_scenarios,
    load_what_if_rules,
    scenario_problems,
    step_diagram,
    what_if,
    what_if_choices,
)
from . import state
from .frame import current_params, get_site, page_href, page_link, show_title

log = logging.getLogger("ndl_explain")

SCENARIO_PARAM = "scenario"
STEP_PARAM = "step"  # the URL parameter
STEP_KEY = "wt_step"  # the step shown, in session state
_URL_SEEN_KEY = "_wt_url_step"  # (scenario, step in the address) when the page last read or wrote it
WALKTHROUGH_FILE = "views/walkthrough.py"
WHAT_IF_FILE = "views/what_if.py"
LEAFLETS_FILE = "views/leaflets.py"


# --------------------------------------------------------------------------------------------
# Content, loaded once per process
# --------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def get_scenarios(lang: str) -> dict[str, Scenario]:
    """Scenarios in ``lang`` (English when that language has none yet), loaded once per process.
    Files with mistakes are left out and logged; the content check and the tests fail on them,
    visitors never see them. (``lru_cache`` rather than ``st.cache_resource``: a walkthrough run asks
    for the scenarios up to three times, and ``st.cache_resource`` hashes its arguments on each call.)"""
    scenarios, problems = scenario_problems(CONTENT_DIR, lang)
    if problems:
        log.error("scenario content has %d problem(s):\n%s", len(problems), "\n".join(map(str, problems)))
    if not scenarios and lang != DEFAULT_LANG:
        return get_scenarios(DEFAULT_LANG)
    return scenarios


@st.cache_resource(show_spinner=False)
def get_rules(lang: str) -> WhatIfRules | None:
    """The "what if" rules table in ``lang`` (English when there is none), or None if broken."""
    for code in dict.fromkeys((lang, DEFAULT_LANG)):
        if not (CONTENT_DIR / code / "what_if.yaml").is_file():
            continue
        try:
            return load_what_if_rules(CONTENT_DIR, code)
        except ContentError as error:
            log.error("%s", error)
    return None


@functools.lru_cache(maxsize=512)
def step_tab_title(lang: str, scenario_id: str, number: int) -> str:
    """The browser tab's title for one step: "<example>: step 2 of 5 – NDL Explained"."""
    return pagemeta.scenario_page(lang, get_scenarios(lang)[scenario_id], number).full_title


@st.cache_data(show_spinner=False)
def reading(lang: str, scenario_id: str) -> Readability:
    scenario = get_scenarios(lang)[scenario_id]
    return measure("\n\n".join([scenario.summary] + [step.text() for step in scenario.steps]))


class Words:
    """Interface words of the ``walkthrough`` area in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.cat = catalogue()

    def __call__(self, key: str, **values: Any) -> str:
        return self.cat.t(self.lang, f"walkthrough.{key}", **values)

    def plural(self, key: str, n: int, **values: Any) -> str:
        return self.cat.tn(self.lang, f"walkthrough.{key}", n, **values)

    def label(self, group: str, value: str) -> str:
        labels = self.cat.get(self.lang, f"walkthrough.{group}")
        return str(labels.get(value, value)) if isinstance(labels, dict) else value

    def frame(self, key: str, **values: Any) -> str:
        return self.cat.t(self.lang, f"frame.{key}", **values)


def _source_names(site, ids, lang: str) -> str:
    sources = site.sources_in(lang)
    return "; ".join(f"{sources[i].title} ({sources[i].year})" for i in ids if i in sources)


def _small(text: str) -> str:
    """Words in small print, as a caption is. Not italics: an italic line makes a phone fetch a
    third font file (138 kB; bench/README.md, finding 25). Brackets would end ``:small[...]`` early."""
    return ":small[" + text.replace("[", "(").replace("]", ")") + "]"


def _said_markdown(item: Said, w: Words, site) -> str:
    """One thing people said, with its source. A quote in another language than the page is marked
    with its language as HTML (layers.said_markdown): draw it with unsafe_allow_html."""
    source = _source_names(site, [item.source], w.lang)
    line = said_markdown(item, site, w.lang, w.cat)
    return f"{line}\n\n{_small(w('source_tag', source=source))}" if source else line


def _status_box(scenario: Scenario, w: Words) -> None:
    """Whether the example is real, hypothetical or an illustration and, when the NDL has a part in
    it, that the NDL is a proposal. In one box where they agree (each element is a message to the
    browser); a real example's green box never says "proposal", so there the notice has its own."""
    text = f"**{w.label('statuses', scenario.status)}.** {scenario.status_note}"
    notice = w.frame("proposal_notice") if scenario.ndl_role else ""
    if scenario.status == "hypothetical":
        st.warning(f"{text}\n\n{notice}" if notice else text, icon=":material/science:")
    elif scenario.status == "real":
        st.success(text, icon=":material/verified:")
        if notice:
            st.info(notice, icon=":material/info:")
    else:
        st.info(f"{text}\n\n{notice}" if notice else text, icon=":material/lightbulb:")


# --------------------------------------------------------------------------------------------
# The walkthrough page
# --------------------------------------------------------------------------------------------
def walkthrough_page() -> None:
    """``/walkthrough``: the list of examples, or one example step by step."""
    site = get_site()
    choices = state.current(st.session_state, list(site.languages))
    w = Words(choices.lang)
    scenarios = get_scenarios(choices.lang)
    raw = st.query_params.get(SCENARIO_PARAM)
    scenario = scenarios.get(raw) if isinstance(raw, str) else None
    if scenario is None:
        st.title(w("title"))
        st.markdown(w("intro"))
        if raw:
            # Never echo the unknown value back: it came from a link anyone can write.
            st.warning(w("unknown_scenario"), icon=":material/search_off:")
            del st.query_params[SCENARIO_PARAM]
        show_chooser(scenarios, w, choices)
        return
    show_walkthrough(scenario, w, choices, site)


def show_chooser(scenarios: dict[str, Scenario], w: Words, choices: state.Choices) -> None:
    """Choose an example by part of life, by who asks, or by type of data."""
    st.header(w("choose_heading"), divider="gray")
    if not scenarios:
        st.info(w("no_scenarios"))
        return
    st.markdown(w("choose_intro"))
    options = filter_options(scenarios)
    columns = st.columns(3)
    any_label = w("filter_any")
    picked = {}
    for column, (name, label_key, group) in zip(
        columns,
        (
            ("life_event", "filter_life_event", "life_events"),
            ("requester_type", "filter_requester", "requester_types"),
            ("data_type", "filter_data", "data_types"),
        ),
    ):
        with column:
            picked[name] = st.selectbox(
                w(label_key), ("",) + options[name], key=f"wt_filter_{name}",
                format_func=lambda v, g=group: any_label if v == "" else w.label(g, v),
            ) or None
    found = filter_scenarios(scenarios, **picked)
    st.caption(w.plural("match_count", len(found)))
    if not found:
        st.info(w("no_match"))
    params = current_params(choices)
    for scenario in found:
        with st.container(border=True):
            # One Markdown element for the card's words (each element is a message to the browser).
            st.markdown(f"**{scenario.title}**  \n{_small(w.label('statuses', scenario.status))}\n\n{scenario.summary}")
            page_link(WALKTHROUGH_FILE, w("open_scenario", title=scenario.title),
                  {**params, SCENARIO_PARAM: scenario.id}, icon=":material/arrow_forward:")


def show_walkthrough(scenario: Scenario, w: Words, choices: state.Choices, site) -> None:
    """One example: what it is, step by step, the whole picture, and its sources."""
    # The title (an <h1>, as st.title draws it) and the summary in one element: one message fewer.
    st.markdown(f"# {scenario.title}\n\n{scenario.summary}")
    _status_box(scenario, w)
    show_at_a_glance(scenario, w)
    _step_from_url(scenario)
    step_section(scenario.id, choices.lang, choices.detail, choices.nation)
    if choices.detail in ("more", "full"):
        show_details(scenario, w)
    if choices.detail == "full":
        result = reading(choices.lang, scenario.id)
        st.subheader(w("reading_heading"))
        values = dict(sentences=result.sentences, average=result.average_sentence_words,
                      longest=result.longest_sentence_words, flesch=round(result.flesch))
        # Flesch reading ease is an English measure; other languages get the sentence measures only.
        st.markdown(w("reading_measure", **values) if choices.lang == "en"
                    else w.frame("reading_measure_sentences", **values))
    params = current_params(choices)
    page_link(WALKTHROUGH_FILE, w("choose_another"), params, icon=":material/list:")
    st.header(w("sources_heading"), divider="gray")
    # One element per list: each element is a message to the browser (bench/README.md, finding 6).
    lines = []
    for source_id in scenario.sources:
        source = site.source(w.lang, source_id)
        if source is None:
            continue
        line = w.frame("source_line", title=source.title, publisher=source.publisher, year=source.year)
        lines.append(f"- [{line}]({source.url})" if source.url else f"- {line}")
    st.markdown("\n".join(lines) + f"\n\n:small[{w('updated', date=scenario.updated.isoformat())}]")


def show_at_a_glance(scenario: Scenario, w: Words) -> None:
    st.header(w("at_a_glance"), divider="gray")
    st.markdown(
        f"**{w('who_asks')}:** {scenario.requester.name} ({w.label('requester_in_sentence', scenario.requester.type)})\n\n"
        f"**{w('who_holds')}:** {scenario.holder.name}\n\n"
        f"**{w('what_data')}:** {scenario.data.description} "
        + w("data_type_line", type=w.label("data_types", scenario.data.type),
            identifiability=w.label("identifiability", scenario.data.identifiability))
        + f"\n\n**{w('why_label')}:** {scenario.purpose}"
        # What they get, then what they never get: one after the other in the same element (on phones
        # two columns stacked like this anyway; each element is a message to the browser).
        + f"\n\n**{w('gets_heading')}**\n\n" + "\n".join(f"- {item}" for item in scenario.gets)
        + f"\n\n**{w('never_gets_heading')}**\n\n" + "\n".join(f"- {item}" for item in scenario.never_gets)
    )


def _step_from_url(scenario: Scenario) -> None:
    """On a full run, show the step the address asks for when the address has changed since the
    page last read or wrote it: a link followed, the browser's back or forward button. (The nearest
    real step when it is out of range; step 1 when there is none or it is not a number.) Otherwise
    the step stays as Back and Next left it, for a run that a click started."""
    raw = st.query_params.get(STEP_PARAM)
    if st.session_state.get(_URL_SEEN_KEY) != (scenario.id, raw) or STEP_KEY not in st.session_state:
        st.session_state[_URL_SEEN_KEY] = (scenario.id, raw)
        st.session_state[STEP_KEY] = clamp_step(raw, scenario.step_count)


def _step_to_url(scenario: Scenario, number: int) -> None:
    """Keep the address on the step shown (step 1 is the example's plain address). An address that
    already means this step in plain digits (``step=1``, ``step=99`` on a last step) is left as it
    is; anything else ("2.6", say) is written plainly. Each change is a new entry in the browser's
    history, and one that looks the same would make the back button seem to do nothing."""
    raw = st.query_params.get(STEP_PARAM)
    # Plain: up to 9 digits, the numbers clamp_step reads as numbers ("9999999999" is read as
    # step 1, so the address is then rewritten to say so).
    plain = raw is None or (raw.isascii() and raw.isdigit() and len(raw) <= 9)
    if not plain or clamp_step(raw, scenario.step_count) != number:
        if number == 1:
            raw = None
            del st.query_params[STEP_PARAM]
        else:
            raw = str(number)
            st.query_params[STEP_PARAM] = raw
    st.session_state[_URL_SEEN_KEY] = (scenario.id, raw)


@functools.lru_cache(maxsize=512)
def _step_picture(lang: str, scenario_id: str, number: int) -> str:
    """A step's diagram as HTML (boxes and arrows; not st.graphviz_chart, whose renderer cost a
    phone 0.6 MB on its first visit: bench/README.md, finding 22)."""
    labels = catalogue().get(lang, "walkthrough.diagram_labels")
    diagram = step_diagram(get_scenarios(lang)[scenario_id], number, labels)
    return flow_html(diagram, catalogue().t(lang, "frame.figure_arrow_to"))


def _move(delta: int, total: int) -> None:
    st.session_state[STEP_KEY] = clamp_step(int(st.session_state.get(STEP_KEY, 1)) + delta, total)


@st.fragment
def step_section(scenario_id: str, lang: str, detail: str, nation: str) -> None:
    """The step-by-step part. A fragment: moving between steps redraws only this part."""
    scenario = get_scenarios(lang)[scenario_id]
    site = get_site()
    w = Words(lang)
    total = scenario.step_count
    number = clamp_step(st.session_state.get(STEP_KEY), total)
    _step_to_url(scenario, number)
    show_title(step_tab_title(lang, scenario_id, number))  # each step its own title (WCAG 2.4.2)
    st.header(w("steps_heading"), divider="gray")
    step = scenario.step(number)
    # The step's heading, its text and the diagram in words in one Markdown element (each element
    # is a message to the browser); the words come just before the diagram they describe.
    in_words = w("diagram_in_words", holder=scenario.holder.name, requester=scenario.requester.name,
                 through_ndl=w("diagram_through_ndl") if scenario.ndl_role else "",
                 focus=w.label("focus_names", step.focus), moves=step.moves, stays=step.stays)
    # Keyed so that the site's script can bring this heading into view after Back or Next
    # (ndl_explain/ui/page_controls.js).
    st.container(key="wt_step").markdown(
        f"### {w('step_title', n=number, total=total, title=step.title)}\n\n"
        + "\n\n".join(
            f"**{w(key)}:** {value}"
            for key, value in (
                ("step_who", step.who), ("step_data", step.data), ("step_why", step.why),
                ("step_rules", step.rules), ("step_moves", step.moves), ("step_stays", step.stays),
            )
        )
        # in small print, as a caption would be (brackets would end the :small[...] early)
        + f"\n\n**{w('diagram_heading')}**\n\n:small[{w.frame('figure_in_words')} "
        + in_words.replace("[", "(").replace("]", ")") + "]"
    )
    st.html(_step_picture(lang, scenario_id, number), width="stretch")
    # Back and Next only where there is somewhere to go: no switched-off buttons, which are hard
    # to see and say nothing about why they do not work.
    with st.container(horizontal=True):
        if number > 1:
            st.button(w("back"), on_click=_move, args=(-1, total),
                      icon=":material/arrow_back:", key="wt_back", width="stretch")
        if number < total:
            st.button(w("next"), on_click=_move, args=(1, total),
                      icon=":material/arrow_forward:", icon_position="right", key="wt_next", width="stretch")
    if number == total:
        show_whole_picture(scenario, w, site, state.Choices(detail=detail, nation=nation, lang=lang))


def show_details(scenario: Scenario, w: Words) -> None:
    st.header(w("details_heading"), divider="gray")
    parts = []
    if scenario.ndl_role:
        parts.append(f"**{w('ndl_role_label')}:** {scenario.ndl_role}")
    parts += [
        f"**{w('legal_route_label')}:** {scenario.legal_route}",
        f"**{w('access_label')}:** {w.label('access_routes', scenario.access)}",
        f"**{w('where_used_label')}:** {w.label('where_used', scenario.where_used)}",
        f"**{w('safeguards_label')}:**\n\n" + "\n".join(f"- {item}" for item in scenario.safeguards),
        f"**{w('decided_label')}:**\n\n"
        + ("\n".join(f"- {item}" for item in scenario.decided) if scenario.decided else w("nothing_decided")),
        f"**{w('not_decided_label')}:**\n\n" + "\n".join(f"- {item}" for item in scenario.not_decided),
    ]
    st.markdown("\n\n".join(parts))


def _link_line(icon: str, label: str, href: str | None) -> list[str]:
    """One Markdown list line linking to ``href`` (none when the page is not there)."""
    label = label.replace("[", "\\[").replace("]", "\\]")
    return [f"- {icon} [{label}]({href})"] if href else []


def show_whole_picture(scenario: Scenario, w: Words, site, choices: state.Choices) -> None:
    """The end of a walkthrough: benefits, then risks, what people said, what if it goes wrong, and
    where to go next."""
    st.header(w("whole_picture"), divider="gray")
    # One Markdown element (headings as ###, links as Markdown links, which the site's script keeps
    # in the same tab): each element is a message to the browser, and this last step drew ~20 of
    # them (bench/README.md, findings 6 and 16). Benefits and risks follow each other with the same
    # headings and lists (on phones, columns stacked them anyway).
    params = current_params(choices)
    parts = [w("last_step_note"), f"### {w('benefits_heading')}"]
    for key, items in (
        ("benefits_you", scenario.benefits.you),
        ("benefits_community", scenario.benefits.community),
        ("benefits_services", scenario.benefits.services),
    ):
        if items:
            parts.append(f"**{w(key)}**\n\n" + "\n".join(f"- {item}" for item in items))
    parts.append(f"### {w('risks_heading')}\n\n" + "\n".join(f"- {item}" for item in scenario.risks))
    parts.append(f"### {w('people_said_heading')}")
    parts += [_said_markdown(item, w, site) for item in scenario.people_said]
    parts.append(f"### {w('wrong_heading')}\n\n" + "\n".join(f"- {item}" for item in scenario.if_it_goes_wrong))
    if site.page(choices.lang, "your-rights") is not None:
        parts.append(f"[{w('your_rights_link')}]({with_params('/your-rights', params)})")
    this = {**params, SCENARIO_PARAM: scenario.id}
    go_on = (_link_line(":material/alt_route:", w("what_if_link"), page_href(WHAT_IF_FILE, this))
             + _link_line(":material/print:", w("leaflet_link"), page_href(LEAFLETS_FILE, this)))
    if go_on:
        parts.append("\n".join(go_on))
    scenarios = get_scenarios(choices.lang)
    related = [
        line for other in scenario.related if other in scenarios
        for line in _link_line(":material/route:", scenarios[other].title,
                               page_href(WALKTHROUGH_FILE, {**params, SCENARIO_PARAM: other}))
    ]
    if related:
        parts.append(f"### {w('related_heading')}\n\n" + "\n".join(related))
    st.markdown("\n\n".join(parts),
                unsafe_allow_html=any(marks_language(item, w.lang) for item in scenario.people_said))


# --------------------------------------------------------------------------------------------
# The "what if" explorer
# --------------------------------------------------------------------------------------------
_IN_SENTENCE = {"requester": "requester_in_sentence", "data": "data_in_sentence", "access": "access_in_sentence"}
_CHOICE_LABELS = {"requester": "requester_types", "data": "data_types", "access": "access_choices"}


def what_if_page() -> None:
    """``/what-if``: start from an example and change one thing."""
    site = get_site()
    choices = state.current(st.session_state, list(site.languages))
    w = Words(choices.lang)
    st.title(w("what_if_title"))
    st.markdown(w("what_if_intro"))
    st.info(w("what_if_caution"), icon=":material/info:")
    scenarios = get_scenarios(choices.lang)
    rules = get_rules(choices.lang)
    if not scenarios or rules is None:
        st.info(w("no_scenarios"))
        return
    raw = st.query_params.get(SCENARIO_PARAM)
    if raw and raw not in scenarios:
        st.warning(w("unknown_scenario"), icon=":material/search_off:")
        del st.query_params[SCENARIO_PARAM]
    explorer(choices.lang, choices.detail, choices.nation)


def _seed_what_if_scenario(scenarios: dict[str, Scenario]) -> None:
    """Take the example from the link when it names a new one."""
    raw = st.query_params.get(SCENARIO_PARAM)
    if raw in scenarios and st.session_state.get("_wi_from_url") != raw:
        st.session_state["_wi_from_url"] = raw
        st.session_state["wi_scenario"] = raw
    if st.session_state.get("wi_scenario") not in scenarios:
        st.session_state["wi_scenario"] = next(iter(scenarios))


@st.fragment
def explorer(lang: str, detail: str, nation: str) -> None:
    """The explorer itself. A fragment: changing a choice redraws only this part."""
    site = get_site()
    w = Words(lang)
    scenarios = get_scenarios(lang)
    rules = get_rules(lang)
    _seed_what_if_scenario(scenarios)
    chosen = st.selectbox(w("what_if_scenario"), list(scenarios), key="wi_scenario",
                          format_func=lambda sid: scenarios[sid].title)
    if st.query_params.get(SCENARIO_PARAM) != chosen:
        st.query_params[SCENARIO_PARAM] = chosen
        st.session_state["_wi_from_url"] = chosen
    scenario = scenarios[chosen]
    now = scenario.what_if_state()
    st.markdown(
        f"**{w('what_if_now')}** "
        + w("what_if_now_line", requester=w.label("requester_types", now["requester"]),
            data=w.label("data_types", now["data"]), access=w.label("access_choices", now["access"]))
    )
    dimension = st.radio(w("what_if_dimension"), WHAT_IF_DIMENSIONS, key="wi_dimension", horizontal=True,
                         format_func=lambda d: w.label("dimensions", d))
    values = what_if_choices(scenario, dimension)
    first_change = next((i for i, v in enumerate(values) if v != now[dimension]), 0)
    current_mark = w("what_if_current")
    value = st.radio(
        w("what_if_value"), values, index=first_change, key=f"wi_value_{scenario.id}_{dimension}",
        format_func=lambda v: w.label(_CHOICE_LABELS[dimension], v) + (f" {current_mark}" if v == now[dimension] else ""),
    )
    outcome = what_if(scenario, dimension, value, rules)
    if not outcome.changed:
        st.info(w("what_if_same"))
    else:
        show_outcome(outcome, w, site, dimension)
    params = current_params(state.Choices(detail=detail, nation=nation, lang=lang))
    st.divider()
    page_link(WALKTHROUGH_FILE, w("back_to_walkthrough"), {**params, SCENARIO_PARAM: scenario.id}, icon=":material/route:")


def _points_markdown(points, site, lang: str) -> str:
    return "\n".join(f"- {p.text} {_small('(' + _source_names(site, [p.source], lang) + ')')}" for p in points)


def show_outcome(outcome, w: Words, site, dimension: str) -> None:
    sentence = w.cat.get(w.lang, "walkthrough.what_if_heading")[dimension]
    st.subheader(sentence.format(before=w.label(_IN_SENTENCE[dimension], outcome.before),
                                 after=w.label(_IN_SENTENCE[dimension], outcome.after)))
    st.markdown(f"#### {w('rules_heading')}")
    shown = False
    for key, points in (("rules_added", outcome.safeguards_added), ("rules_dropped", outcome.safeguards_dropped),
                        ("rules_kept", outcome.safeguards_kept)):
        if points:
            shown = True
            st.markdown(f"**{w(key)}**\n\n" + _points_markdown(points, site, w.lang))
    if not shown:
        st.markdown(w("rules_none"))
    st.markdown(f"#### {w('gets_heading')} / {w('never_gets_heading')}")
    if not outcome.gets_changed:
        st.markdown(w("gets_same"))
    columns = st.columns(2) if outcome.gets_changed else [st.container()]
    pairs = [("gets_after", outcome.gets_after, outcome.never_gets_after)]
    if outcome.gets_changed:
        pairs.insert(0, ("gets_before", outcome.gets_before, outcome.never_gets_before))
    for column, (key, gets, never) in zip(columns, pairs):
        with column:
            if outcome.gets_changed:
                st.markdown(f"**{w(key)}**")
            if gets:
                st.markdown(f"**{w('gets_heading')}**\n\n" + _points_markdown(gets, site, w.lang))
            if never:
                st.markdown(f"**{w('never_gets_heading')}**\n\n" + _points_markdown(never, site, w.lang))
    st.markdown(f"#### {w('felt_heading')}")
    before, after = st.columns(2)
    for column, key, value, items in (
        (before, "felt_before", outcome.before, outcome.felt_before),
        (after, "felt_after", outcome.after, outcome.felt_after),
    ):
        with column:
            st.markdown(f"**{w(key, value=w.label(_IN_SENTENCE[dimension], value))}**")
            if items:
                for item in items:
                    st.markdown(_said_markdown(item, w, site), unsafe_allow_html=marks_language(item, w.lang))
            else:
                st.markdown(w("felt_none"))
    if outcome.notes_added or outcome.notes_dropped:
        st.markdown(f"#### {w('notes_heading')}")
        if outcome.notes_added:
            st.markdown(_points_markdown(outcome.notes_added, site, w.lang))
        if outcome.notes_dropped:
            st.markdown(f"**{w('notes_dropped')}**\n\n" + _points_markdown(outcome.notes_dropped, site, w.lang))
