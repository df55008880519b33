"""Workshop mode's two screens: joining and answering (participants), running and presenting (facilitators).

All rules live in ``ndl_explain.workshop``; this module only draws and turns a WorkshopError
into its message (``content/<lang>/ui/workshop.yaml``). A refused action has changed nothing.

Session state (per browser tab, never stored on the server):
- ``ws_participant``: the anonymous random participant token;
- ``ws_code``: the workshop joined;
- ``ws_facilitator``: the facilitator token, taken out of the address bar once read;
- ``ws_wrong_codes``: when this tab last typed or opened wrong join codes (times only), for the
  guessing limit in ``ndl_explain.workshop.join_limit``.

Cost under a full room (bench/README.md, findings 5 and 7): phones' polls share one step-state
read per workshop per second (``PollCache``); Send re-runs only the answer form (a fragment); the
presenter encodes its QR code once, reads the workshop once per run, draws the paper-votes form
only when asked, and builds each results chart's Vega-Lite spec once per set of numbers.
"""
from __future__ import annotations

import functools
import logging
import math
import re
import time
from collections.abc import Callable

import streamlit as st

from .. import CONTENT_DIR
from ..i18n import catalogue
from ..workshop import (
    Expired,
    NotCurrent,
    NotFacilitator,
    Unavailable,
    WorkshopError,
    WorkshopService,
    WorkshopStore,
    WrongCode,
    new_participant_token,
    normalise_code,
)
from ..workshop import join_limit
from ..workshop.activities import Question, Step
from ..workshop.charts import step_chart, summarise
from ..workshop.links import facilitator_url, join_url, qr_svg
from .address import site_url
from ..workshop.poll_cache import PollCache
from ..workshop.results import MIN_GROUP_SIZE, StepResult, fewest_respondents, shareable
from ..workshop.summary import format_date, pdf_available, summary_html, summary_pdf
from ..workshop.service import FacilitatorView, ParticipantView
from ..workshop.store import default_database_url
from . import state
from .figures import arrow_datasets
from .frame import page_file_exists, page_link

log = logging.getLogger("ndl_explain.workshop")

P_TOKEN, P_CODE = "ws_participant", "ws_code"
F_TOKEN, F_NEW_LINK, F_HIDDEN, FLASH = "ws_facilitator", "ws_new_link", "ws_link_hidden", "ws_flash"
LARGE, SEEN = "ws_large", "ws_seen"
WRONG_CODES, PAPER_ON = "ws_wrong_codes", "ws_paper_on"
PARTICIPANT_POLL_SECONDS = 5  # a participant's phone asks "has anything changed?" this often
PRESENTER_REFRESH_SECONDS = 3  # the presenter's results redraw this often

Text = Callable[..., str]
CREATE_ORDER = ("check", "comfort", "reassure", "benefit")  # the order the activities run in


# ---- shared ----------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _service_for(url: str) -> WorkshopService:
    return WorkshopService(WorkshopStore(url))


_FAILED_AT: dict[str, float] = {}  # database URL -> when connecting last failed
RETRY_AFTER_SECONDS = 10


def get_service() -> WorkshopService | None:
    """The workshop service for this process, or None when its database cannot be reached.

    After a failure, pages say "live voting unavailable" at once for a few seconds instead of
    each waiting for the database again; then the next visitor tries again."""
    url = default_database_url()
    if time.monotonic() - _FAILED_AT.get(url, -RETRY_AFTER_SECONDS) < RETRY_AFTER_SECONDS:
        return None
    try:
        service = _service_for(url)
    except Exception:  # noqa: BLE001 - any database trouble means "live voting unavailable"
        log.exception("workshop database unavailable")
        _FAILED_AT[url] = time.monotonic()
        return None
    _FAILED_AT.pop(url, None)
    return service


@st.cache_resource(show_spinner=False)
def _scenarios(lang: str) -> dict[str, tuple[str, str, str]]:
    """Scenario id -> (title, summary, status), from the walkthrough content; {} if unavailable."""
    try:
        from ..scenarios import scenario_problems

        scenarios, problems = scenario_problems(CONTENT_DIR, lang)
        if problems:  # the content check fails CI; here, use the scenarios that did load
            log.warning("scenario content has %d problem(s); workshops use the rest", len(problems))
        return {sid: (s.title, s.summary, s.status) for sid, s in scenarios.items()}
    except Exception:  # noqa: BLE001 - no scenarios means no comfort vote, not a broken page
        log.exception("scenarios unavailable for workshops")
        return {}


def _lang() -> str:
    try:
        from .frame import get_site

        languages = list(get_site().languages)
    except Exception:  # noqa: BLE001
        languages = ["en"]
    return state.current(st.session_state, languages).lang


def _words(lang: str) -> tuple[Text, Text]:
    cat = catalogue()

    def text(key: str, **values) -> str:
        return cat.t(lang, f"workshop.{key}", **values)

    def textn(key: str, n: int, **values) -> str:
        return cat.tn(lang, f"workshop.{key}", n, **values)

    return text, textn


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(value: str) -> str:
    """Text typed by a person, made safe to show through Markdown (no links, no HTML, no formatting)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def _flash(kind: str, message: str) -> None:
    """A message to show after the next rerun (for actions taken in callbacks)."""
    st.session_state[FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "warning":
        st.warning(message, icon=":material/warning:")
    elif kind == "error":
        st.error(message, icon=":material/error:")


def _remember_outage() -> None:
    """The database just failed: for a few seconds, pages say so at once instead of waiting again."""
    _FAILED_AT[default_database_url()] = time.monotonic()


def _error(text: Text, exc: Exception) -> str:
    if isinstance(exc, Unavailable):
        _remember_outage()
    if isinstance(exc, WorkshopError):
        return text(exc.key)
    log.exception("unexpected workshop error", exc_info=exc)
    return text("error_general")


def _numbers(result: StepResult) -> tuple:
    """Everything a step's chart is drawn from, as a hashable key (the words follow from lang + ids)."""
    return (
        result.step.step_id, result.step.kind,
        tuple((q.question.id, tuple((t.value, t.phone, t.paper) for t in q.tallies)) for q in result.questions),
        tuple((c.statement_id, c.before, c.after) for c in result.changes),
        tuple((s.id, s.mean, s.votes) for s in result.profile),
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def _chart_spec(lang: str, numbers: tuple, large: bool, _result: StepResult) -> dict | None:
    """The step's chart as a Vega-Lite spec, built once per language, size and set of numbers
    (building and validating the Altair chart is most of a refresh's cost: bench finding 4)."""
    chart = step_chart(_result, _words(lang)[0], large=large)
    return None if chart is None else arrow_datasets(chart.to_dict())


def show_results(result: StepResult, text: Text, textn: Text, *, lang: str = "en", large: bool = False,
                 key: str = "") -> None:
    """A step's group result: the chart, and the same result in sentences.

    Nothing but a calm note until every answered question has MIN_GROUP_SIZE people (privacy)."""
    shown = shareable(result)
    if shown is None:
        if fewest_respondents(result) == 0:
            st.markdown(f"- {text('no_answers_yet')}")
        else:
            st.info(text("waiting_for_group", n=MIN_GROUP_SIZE), icon=":material/group:")
        return
    lines = summarise(shown, text, textn)
    spec = _chart_spec(lang, _numbers(shown), large, shown)
    if spec is not None:
        st.vega_lite_chart(spec, theme=None, alt=" ".join(lines), key=f"ws-chart-{key}" if key else None)
    st.markdown("\n".join(f"- {line}" for line in lines))  # our own words and numbers only


def _show_explanations(step: Step, text: Text) -> None:
    st.markdown(f"**{text('check_explain_heading')}**")
    for q in step.questions:
        st.markdown(f"- **{q.prompt}** {q.explain}")


def _show_scenario(step: Step, lang: str, text: Text) -> None:
    if step.kind not in ("comfort", "benefit"):
        return
    found = _scenarios(lang).get(step.scenario_id or "")
    if found is None:
        if step.kind == "benefit":
            st.info(text("benefit_subject_none"))
        return
    title, summary, status = found
    with st.container(border=True):
        st.markdown(f"**{text('scenario_heading', title=title)}**")
        st.markdown(summary)
        if status != "real":
            st.caption(text("scenario_status_note"))
        if page_file_exists("views/walkthrough.py"):
            page_link("views/walkthrough.py", text("scenario_read_more"), {"scenario": step.scenario_id},
                      icon=":material/route:")


# ---- participants ----------------------------------------------------------------------------
def _forget_workshop() -> None:
    st.session_state.pop(P_CODE, None)
    if "code" in st.query_params:
        del st.query_params["code"]


def _wrong_codes() -> list[float]:
    history = st.session_state.get(WRONG_CODES)
    if not isinstance(history, list):
        history = st.session_state[WRONG_CODES] = []
    return history


def _note_wrong_code() -> None:
    join_limit.record_wrong(_wrong_codes(), time.monotonic())


def _too_many_wrong_codes(textn: Text) -> bool:
    """True (and a calm message shown) when this tab has tried too many wrong codes just now."""
    history = _wrong_codes()
    now = time.monotonic()
    if not join_limit.blocked(history, now):
        return False
    st.warning(textn("too_many_codes", join_limit.wait_seconds(history, now)), icon=":material/hourglass_top:")
    return True


def _join(service: WorkshopService, raw: str, text: Text, textn: Text) -> bool:
    if _too_many_wrong_codes(textn):
        return False
    try:
        workshop = service.join(raw)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        if isinstance(exc, (WrongCode, Expired)):
            _note_wrong_code()
        st.error(_error(text, exc), icon=":material/error:")
        return False
    st.session_state[P_CODE] = workshop.code
    st.query_params["code"] = workshop.code
    return True


def _join_form(service: WorkshopService, text: Text, textn: Text) -> None:
    st.markdown(text("participant_intro"))
    with st.form("ws_join", border=True):
        raw = st.text_input(text("code_label"), max_chars=20, help=text("code_help"),
                            placeholder=text("code_placeholder"), key="ws_code_input")
        submitted = st.form_submit_button(text("join_button"), type="primary", icon=":material/login:")
    st.caption(text("privacy_note"))
    if submitted and _join(service, raw or "", text, textn):
        st.rerun()


def participant_page() -> None:
    """The page people open on their phones: join with a code, answer, see the group result."""
    lang = _lang()
    text, textn = _words(lang)
    st.title(text("participant_title"))
    _show_flash()
    service = get_service()
    if service is None:
        st.warning(text("unavailable_view"), icon=":material/cloud_off:")
        return
    if not isinstance(st.session_state.get(P_TOKEN), str):
        st.session_state[P_TOKEN] = new_participant_token()
    token = st.session_state[P_TOKEN]

    from_url = st.query_params.get("code")
    if from_url and from_url != st.session_state.get(P_CODE):
        if _too_many_wrong_codes(textn):
            _forget_workshop()
            st.session_state.pop(P_CODE, None)
        else:
            try:
                st.session_state[P_CODE] = normalise_code(from_url)
            except WrongCode as exc:
                _note_wrong_code()
                st.error(_error(text, exc), icon=":material/error:")
                _forget_workshop()
    code = st.session_state.get(P_CODE)
    if not code:
        _join_form(service, text, textn)
        return
    loaded_at = _STEP_STATES.clock()
    try:
        view = service.participant_view(code, token, lang)
    except Exception as exc:  # noqa: BLE001
        st.error(_error(text, exc), icon=":material/error:")
        if isinstance(exc, (WrongCode, Expired)):
            _note_wrong_code()
            _forget_workshop()
            _join_form(service, text, textn)
        return
    _participant_screen(service, view, token, lang, text, textn, loaded_at)


def _participant_screen(service: WorkshopService, view: ParticipantView, token: str, lang: str,
                        text: Text, textn: Text, loaded_at: float) -> None:
    st.subheader(plain(view.title))
    if view.status == "finished":
        _stale_send_notice(view, text)
        st.success(f"**{text('finished_title')}**\n\n{text('finished_body')}", icon=":material/celebration:")
        _leave_button(text)
        _watch(service, view.code, (view.position, "finished", False), loaded_at)  # if the leader goes back
        return
    st.caption(text("activity_progress", n=view.position + 1, total=view.step_count))
    _stale_send_notice(view, text)
    step = view.step
    st.header(step.title)
    st.markdown(step.intro)
    _show_scenario(step, lang, text)
    if view.status == "open":
        _answer_form(service, view, token, lang, text, textn)
    else:
        st.info(text("status_ready" if view.status == "ready" else "status_closed"), icon=":material/schedule:")
        if view.status == "closed":
            _my_answers(step, view, text)
    if view.results is not None:
        st.header(text("results_heading"), divider="gray")
        show_results(view.results, text, textn, lang=lang, key=f"p{view.position}")
        if step.kind == "check":
            _show_explanations(step, text)
    st.divider()
    st.caption(text("waiting_note"))
    cols = st.columns(2)
    if cols[0].button(text("refresh_button"), icon=":material/refresh:", key="ws_refresh"):
        st.rerun()
    with cols[1]:
        _leave_button(text)
    _watch(service, view.code, (view.position, view.status, view.results is not None), loaded_at)


def _send_key(code: str, position: int) -> str:
    return f"ws-send-{code}-{position}"


def _stale_send_notice(view: ParticipantView, text: Text) -> None:
    """If this phone sent answers from a screen the group had already left, say they were not saved.

    (That form is no longer drawn, so its answers never reach the service; the press of its send
    button is still visible in this run's session state.)"""
    seen = st.session_state.get(SEEN)
    st.session_state[SEEN] = (view.code, view.position)
    if seen and seen[0] == view.code and seen[1] != view.position and st.session_state.get(_send_key(*seen)):
        st.warning(text("error_not_current"), icon=":material/warning:")


def _leave_button(text: Text) -> None:
    if st.button(text("leave_button"), icon=":material/logout:", key="ws_leave"):
        _forget_workshop()
        st.rerun()


# One step-state read per workshop per second for the whole process, however many phones poll.
# A facilitator's change is seen by phones within PARTICIPANT_POLL_SECONDS + STEP_STATE_TTL.
STEP_STATE_TTL = 1.0
_STEP_STATES: PollCache = PollCache(ttl=STEP_STATE_TTL)


def _step_state(service: WorkshopService, code: str) -> tuple[float, tuple | None]:
    """(when read, step state) for a workshop, shared by every session of this process for a second."""
    return _STEP_STATES.get((id(service), code), lambda: service.step_state(code))


@st.fragment(run_every=PARTICIPANT_POLL_SECONDS)
def _watch(service: WorkshopService, code: str, seen: tuple, loaded_at: float) -> None:
    """Redraw the page only when the facilitator has changed something participants see.

    A remembered state read before this screen was drawn (``loaded_at``) is older than the screen
    itself, so it is ignored rather than trusted (that would redraw again and again)."""
    try:
        read_at, now = _step_state(service, code)
    except Exception:  # noqa: BLE001 - a database blip: keep the page, say so, try again next time
        _remember_outage()
        st.caption(_words(_lang())[0]("live_paused"))
        return
    if now is not None and now != seen and read_at >= loaded_at:
        st.rerun(scope="app")


def _widget_key(view: ParticipantView, question: Question, suffix: str = "") -> str:
    return f"ws-{view.code}-{view.position}-{question.id}{suffix}"


@st.fragment
def _answer_form(service: WorkshopService, view: ParticipantView, token: str, lang: str, text: Text,
                 textn: Text) -> None:
    """The answers and the Send button. A fragment: pressing Send re-runs only this form, not the page
    (if the group has moved on meanwhile, sending re-runs the whole page with the new activity)."""
    step = view.step
    with st.form(f"ws-form-{view.code}-{view.position}", border=True):
        for question in step.questions:
            mine = view.my_answers.get(question.id)
            if question.multi:
                st.markdown(f"**{question.prompt}**")
                chosen = set(question.picks(mine)) if mine else set()
                group = None
                for option in question.options:
                    if option.group != group:
                        group = option.group
                        if group:
                            st.caption(service.content(lang).rule_group_title(group))
                    st.checkbox(option.label, value=option.value in chosen, help=option.detail,
                                key=_widget_key(view, question, f"-{option.value}"))
            else:
                values = question.option_values()
                st.radio(
                    question.prompt, values,
                    index=values.index(mine) if mine in values else None,
                    format_func=question.label,
                    horizontal=step.kind == "check",
                    key=_widget_key(view, question),
                )
        if view.free_text:
            st.text_area(text("comment_label"), value=view.my_comment or "", max_chars=500,
                         help=text("comment_help"), key=f"ws-comment-{view.code}-{view.position}")
        submitted = st.form_submit_button(text("send_answers"), type="primary", icon=":material/send:",
                                          key=_send_key(view.code, view.position))
    if submitted:
        _send_answers(service, view, token, text, textn)


def _send_answers(service: WorkshopService, view: ParticipantView, token: str, text: Text, textn: Text) -> None:
    step = view.step
    answers: dict[str, object] = {}
    for question in step.questions:
        if question.multi:
            picks = [o.value for o in question.options
                     if st.session_state.get(_widget_key(view, question, f"-{o.value}"))]
            if len(picks) > question.max_picks:
                st.error(text("too_many_picks", n=question.max_picks), icon=":material/error:")
                return
            if picks:
                answers[question.id] = picks
        else:
            value = st.session_state.get(_widget_key(view, question))
            if value is not None:
                answers[question.id] = value
    comment = st.session_state.get(f"ws-comment-{view.code}-{view.position}") if view.free_text else None
    if not answers and not (comment or "").strip():
        st.warning(text("none_picked"), icon=":material/warning:")
        return
    try:
        service.answer_many(view.code, token, answers)
        if view.free_text and (comment or "").strip():
            service.comment(view.code, token, comment)
    except NotCurrent as exc:
        _flash("warning", _error(text, exc))
        st.rerun()
    except Exception as exc:  # noqa: BLE001
        st.error(_error(text, exc), icon=":material/error:")
        return
    st.success(text("saved"), icon=":material/check_circle:")
    missing = sum(1 for q in step.questions if q.id not in answers)
    if missing:
        st.info(textn("unanswered", missing))


def _my_answers(step: Step, view: ParticipantView, text: Text) -> None:
    for question in step.questions:
        mine = view.my_answers.get(question.id)
        if mine:
            answer = ", ".join(question.label(v) for v in question.picks(mine))
            st.markdown(f"**{question.prompt}**  \n{text('your_answer', answer=answer)}")
        else:
            st.markdown(f"**{question.prompt}**  \n{text('no_answer')}")


# ---- facilitators ----------------------------------------------------------------------------
def _adopt_token_from_url() -> None:
    """Move ``?token=`` from the address bar into this tab's session, so a projector never shows it."""
    token = st.query_params.get("token")
    if token:
        st.session_state[F_TOKEN] = token
        st.session_state[F_HIDDEN] = True
        del st.query_params["token"]


def facilitator_page() -> None:
    """Create a workshop, then present it: join code and QR code, live results, controls."""
    lang = _lang()
    text, textn = _words(lang)
    st.title(text("facilitate_title"))
    _show_flash()
    service = get_service()
    if service is None:
        st.warning(text("unavailable_view"), icon=":material/cloud_off:")
        return
    _adopt_token_from_url()
    token = st.session_state.get(F_TOKEN)
    if token:
        try:
            view = service.facilitator_view(token, lang)
        except Exception as exc:  # noqa: BLE001
            st.error(_error(text, exc), icon=":material/error:")
            if isinstance(exc, (NotFacilitator, Expired)):
                st.session_state.pop(F_TOKEN, None)
                st.session_state.pop(F_NEW_LINK, None)
                _create_form(service, lang, text)
            return
        _presenter(service, token, view, lang, text, textn)
        return
    st.markdown(text("facilitate_intro"))
    st.info(text("open_with_link"), icon=":material/link:")
    _create_form(service, lang, text)


def _create_form(service: WorkshopService, lang: str, text: Text) -> None:
    content = service.content(lang)
    scenarios = _scenarios(lang)
    descriptions = catalogue().get(lang, "workshop.activity_descriptions")
    st.header(text("create_heading"), divider="gray")
    with st.form("ws_create", border=True):
        title = st.text_input(text("title_label"), max_chars=120, help=text("title_help"), key="ws_new_title")
        st.markdown(f"**{text('activities_label')}**")
        chosen = []
        for kind in CREATE_ORDER:
            if st.checkbox(content.activity_title(kind), value=kind != "comfort" or bool(scenarios),
                           help=descriptions.get(kind), key=f"ws_new_{kind}",
                           disabled=kind == "comfort" and not scenarios):
                chosen.append(kind)
        if scenarios:
            picked = st.multiselect(text("scenarios_label"), list(scenarios), format_func=lambda s: scenarios[s][0],
                                    max_selections=10, help=text("scenarios_help"), key="ws_new_scenarios")
        else:
            st.caption(text("scenarios_none"))
            picked = []
        free_text = st.toggle(text("free_text_label"), value=False, help=text("free_text_help"),
                              key="ws_new_free_text")
        submitted = st.form_submit_button(text("create_button"), type="primary", icon=":material/add_circle:")
    if not submitted:
        return
    problems = []
    if not (title or "").strip():
        problems.append(text("need_title"))
    if not chosen:
        problems.append(text("need_activity"))
    if "comfort" in chosen and not picked:
        problems.append(text("need_scenario"))
    if problems:
        for problem in problems:
            st.error(problem, icon=":material/error:")
        return
    try:
        created = service.create_workshop(title, chosen, picked, free_text=free_text,
                                          known_scenarios=set(scenarios))
    except Exception as exc:  # noqa: BLE001
        st.error(_error(text, exc), icon=":material/error:")
        return
    st.session_state[F_TOKEN] = created.token
    st.session_state[F_NEW_LINK] = facilitator_url(created.token, site_url())
    _flash("success", text("created", code=created.code))
    st.rerun()


def _act(service_call: Callable[[], object], text: Text, code: str = "") -> None:
    """Run a facilitator action from a button callback; a refusal becomes a message.

    Phones served by this process see the change at their next poll (the remembered state is dropped)."""
    try:
        service_call()
    except Exception as exc:  # noqa: BLE001
        _flash("error", _error(text, exc))
    finally:
        if code:
            _STEP_STATES.forget((id(get_service()), code))


PRESENTER_CSS = """
<style>
.st-key-ws-presenter p, .st-key-ws-presenter li { font-size: 1.6rem !important; line-height: 1.45; }
.st-key-ws-presenter h2 { font-size: 2.6rem !important; }
.st-key-ws-presenter h3 { font-size: 2rem !important; }
</style>
"""


JOIN_CODE_CSS = """
<style>
.ws-join-code { font-size: 3rem; font-weight: 700; letter-spacing: 0.08em; line-height: 1.1; margin: 0 0 1rem 0; }
.ws-join-label { font-size: 1.1rem; font-weight: 400; letter-spacing: normal; }
.st-key-ws-presenter .ws-join-code { font-size: 4.5rem !important; }
.st-key-ws-presenter .ws-join-label { font-size: 1.6rem !important; }
</style>
"""


def _presenter(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text, textn: Text) -> None:
    new_link = st.session_state.get(F_NEW_LINK)
    if new_link:
        with st.container(border=True):
            st.markdown(f"**{text('private_link_heading')}**")
            st.warning(text("private_link_body"), icon=":material/key:")
            st.code(new_link, language=None, wrap_lines=True)
            if st.button(text("link_saved_button"), icon=":material/check:", key="ws_link_saved"):
                st.session_state.pop(F_NEW_LINK, None)
                st.rerun()
    elif st.session_state.pop(F_HIDDEN, False):
        st.caption(text("private_link_hidden"))

    large = st.toggle(text("presenter_toggle"), key=LARGE)
    if large:
        st.set_page_config(layout="wide")  # use the whole projector width
    st.markdown(JOIN_CODE_CSS + (PRESENTER_CSS if large else ""), unsafe_allow_html=True)
    with st.container(key="ws-presenter"):
        st.subheader(plain(view.title))
        _join_panel(view, text, textn, service, large)
        _controls(service, token, view, lang, text)
        _live_results(service, token, lang, large, [view])  # this run's view: read once per run
    _paper_votes(service, token, view, text)
    if view.free_text:
        _comments(view, text)
    _all_results(view, lang, text, textn)
    _export_and_delete(service, token, view, lang, text, textn)


@functools.lru_cache(maxsize=64)
def _qr(url: str) -> str:
    """The join QR code as SVG, encoded once per address (8 ms each time otherwise)."""
    return qr_svg(url)


def _join_panel(view: FacilitatorView, text: Text, textn: Text, service: WorkshopService, large: bool) -> None:
    st.header(text("join_heading"), divider="gray")
    url = join_url(view.code, site_url())
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        # The code is made only of letters and digits from CODE_ALPHABET: safe inside HTML.
        st.markdown(f'<p class="ws-join-code"><span class="ws-join-label">{text("join_code_label")}</span>'
                    f'<br>{view.code}</p>', unsafe_allow_html=True)
        st.markdown(text("join_step_code"))
        st.markdown(f"**{site_url()}/workshop**")
        hours = max(1, math.ceil((view.expires_at - service.now()) / 3600))
        st.caption(textn("expires_note", hours))
    with right:
        st.image(_qr(url), alt=text("qr_alt", code=view.code), width=360 if large else 240)
        st.caption(url)


def _controls(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text) -> None:
    st.header(text("controls_heading"), divider="gray")
    if view.finished:
        st.info(text("facilitator_finished"), icon=":material/flag:")
        st.button(text("previous_button"), icon=":material/arrow_back:", key="ws_prev",
                  on_click=_act, args=(lambda: service.previous_step(token), text, view.code))
        return
    current = view.current
    statuses = catalogue().get(lang, "workshop.status_labels")
    st.markdown(f"**{text('activity_progress', n=view.position + 1, total=view.step_count)}** · "
                + text("now_showing", title=current.step.title, status=statuses.get(current.status, current.status)))
    cols = st.columns(3)
    cols[0].button(text("previous_button"), icon=":material/arrow_back:", key="ws_prev",
                   disabled=view.position == 0, on_click=_act, args=(lambda: service.previous_step(token), text, view.code))
    if current.status == "open":
        cols[1].button(text("close_button"), icon=":material/lock:", key="ws_close",
                       on_click=_act, args=(lambda: service.close_step(token), text, view.code))
    else:
        cols[1].button(text("open_button"), icon=":material/lock_open:", key="ws_open",
                       on_click=_act, args=(lambda: service.open_step(token), text, view.code))
    last = view.position == view.step_count - 1
    cols[2].button(text("finish_button" if last else "next_button"), type="primary",
                   icon=":material/flag:" if last else ":material/arrow_forward:", key="ws_next",
                   on_click=_act, args=(lambda: service.next_step(token), text, view.code))
    shown_key = f"ws_shown_{view.position}"
    st.session_state[shown_key] = current.results_shown

    def toggle_shown() -> None:
        _act(lambda: service.show_results(token, bool(st.session_state.get(shown_key))), text, view.code)

    st.toggle(text("show_results_toggle"), key=shown_key, on_change=toggle_shown)


@st.fragment(run_every=PRESENTER_REFRESH_SECONDS)
def _live_results(service: WorkshopService, token: str, lang: str, large: bool,
                  preloaded: list[FacilitatorView]) -> None:
    """The current step's group result, redrawn every few seconds without re-running the page.

    In a full run it uses the page's own view (``preloaded``, emptied on first use); each refresh
    of the fragment alone reads the workshop again."""
    text, textn = _words(lang)
    try:
        view = preloaded.pop() if preloaded else service.facilitator_view(token, lang)
    except Exception as exc:  # noqa: BLE001
        st.error(_error(text, exc), icon=":material/error:")
        return
    if view.finished:
        return
    current = view.current
    st.header(current.step.title, divider="gray")
    st.markdown(textn("people_answered", current.respondents))  # this activity, phone and paper
    show_results(current, text, textn, lang=lang, large=large, key="live")
    if current.step.kind == "check":
        with st.expander(text("check_explain_heading")):
            _show_explanations(current.step, text)
    st.caption(text("refresh_note"))


def _paper_votes(service: WorkshopService, token: str, view: FacilitatorView, text: Text) -> None:
    current = view.current
    if current is None:
        return
    with st.container(border=True):
        # Off by default: the form draws a number box for every choice, dear on every refresh.
        if not st.toggle(text("paper_toggle"), key=PAPER_ON, help=text("paper_toggle_help")):
            return
        st.subheader(text("paper_heading"))
        st.caption(text("paper_help"))
        with st.form(f"ws-paper-{view.position}", border=False):
            entries: dict[str, dict[str, int]] = {}
            for qr in current.questions:
                st.markdown(f"**{qr.question.prompt}**")
                entries[qr.question.id] = {}
                for tally in qr.tallies:
                    entries[qr.question.id][tally.value] = st.number_input(
                        tally.label, min_value=0, max_value=10_000, step=1, value=tally.paper,
                        key=f"ws-paper-{view.position}-{qr.question.id}-{tally.value}")
            saved = st.form_submit_button(text("paper_save"), icon=":material/save:")
        if saved:
            try:
                for question_id, counts in entries.items():
                    service.set_paper_votes(token, question_id, {v: int(n or 0) for v, n in counts.items()})
            except Exception as exc:  # noqa: BLE001
                st.error(_error(text, exc), icon=":material/error:")
            else:
                _flash("success", text("paper_saved"))
                st.rerun()


def _comments(view: FacilitatorView, text: Text) -> None:
    if view.current is None:
        return
    with st.expander(text("comments_heading"), icon=":material/chat:"):
        texts = view.comments.get(view.position, ())
        if not texts:
            st.caption(text("no_comments"))
        for comment in texts:
            st.text(comment)  # shown as plain text: nothing in it is run or formatted


def _all_results(view: FacilitatorView, lang: str, text: Text, textn: Text) -> None:
    with st.expander(text("all_results_heading"), icon=":material/bar_chart:"):
        for result in view.steps:
            st.subheader(text("activity_progress", n=result.position + 1, total=view.step_count)
                         + f" · {result.step.title}")
            show_results(result, text, textn, lang=lang, key=f"all{result.position}")


def _export_and_delete(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text,
                       textn: Text) -> None:
    st.header(text("export_heading"), divider="gray")
    st.caption(text("export_help"))
    titles = {sid: title for sid, (title, _s, _st) in _scenarios(lang).items()}

    def build_csv() -> str:
        try:
            return service.export_csv(token, lang, titles)
        except Exception:  # noqa: BLE001 - deleted or expired meanwhile: an empty file, not a crash
            log.exception("workshop export failed")
            return ""

    st.download_button(text("export_button"), data=build_csv, file_name=f"workshop-{view.code}.csv",
                       mime="text/csv", icon=":material/download:", key="ws_export")
    _summary_download(service, token, lang, text, textn, titles)
    with st.expander(text("delete_heading"), icon=":material/delete:"):
        st.caption(text("delete_help"))
        sure = st.checkbox(text("delete_confirm"), key="ws_delete_sure")
        if st.button(text("delete_button"), disabled=not sure, key="ws_delete"):
            try:
                service.delete_workshop(token)
            except Exception as exc:  # noqa: BLE001
                st.error(_error(text, exc), icon=":material/error:")
                return
            for key in (F_TOKEN, F_NEW_LINK, "ws_delete_sure"):
                st.session_state.pop(key, None)
            _flash("success", text("deleted"))
            st.rerun()


def build_summary_html(service: WorkshopService, token: str, lang: str, text: Text, textn: Text,
                       scenario_titles: dict[str, str]) -> str:
    """The printable results summary of the facilitator's workshop, read fresh (totals only)."""
    view = service.facilitator_view(token, lang)
    months = catalogue().get(lang, "workshop.summary_months")
    return summary_html(title=view.title, held_on=format_date(view.created_at, months), phones=view.participants,
                        results=view.steps, lang=lang, text=text, textn=textn,
                        scenario_titles=scenario_titles, site=site_url())


def _summary_download(service: WorkshopService, token: str, lang: str, text: Text, textn: Text,
                      titles: dict[str, str]) -> None:
    """A one-page printable summary: a tagged PDF where PDFs can be made here, else a web page to print."""
    as_pdf = pdf_available()

    def build() -> bytes:
        try:
            html = build_summary_html(service, token, lang, text, textn, titles)
            return summary_pdf(html) if as_pdf else html.encode("utf-8")
        except Exception:  # noqa: BLE001 - deleted, expired or no printing meanwhile: an empty file, not a crash
            log.exception("workshop summary failed")
            return b""

    st.download_button(text("summary_button_pdf" if as_pdf else "summary_button_html"), data=build,
                       file_name=f"workshop-summary.{'pdf' if as_pdf else 'html'}",
                       mime="application/pdf" if as_pdf else "text/html", icon=":material/print:",
                       key="ws_summary", help=text("summary_help", n=MIN_GROUP_SIZE), on_click="ignore")
