"""What the three workshop screens share: the service and its outages, the visitor's address and words,
joining with a code (and its limits), the join panel with its QR code, and group results.

The screens themselves are ``workshop_participant`` (phones), ``workshop_facilitator`` (the leader's
private page) and ``workshop_presenter`` (the projector). All rules live in ``ndl_explain.workshop``;
these modules only draw, and turn a WorkshopError into its message (``content/<lang>/ui/workshop.yaml``).
A refused action has changed nothing.
"""
from __future__ import annotations

import functools
import logging
import math
import re
import threading
import time
from collections.abc import Callable

import streamlit as st

from .. import CONTENT_DIR
from ..i18n import catalogue
from ..workshop import Expired, Limited, Unavailable, WorkshopError, WorkshopService, WorkshopStore, WrongCode
from ..workshop import join_limit
from ..workshop.activities import Step
from ..workshop.charts import step_chart, summarise
from ..workshop.links import join_url, qr_svg
from ..workshop.poll_cache import PollCache
from ..workshop.results import MIN_GROUP_SIZE, StepResult, fewest_respondents, shareable
from ..workshop.store import SchemaTooNew, db_timeout, default_database_url
from . import state
from .address import site_url
from .figures import arrow_datasets
from .frame import page_file_exists, page_link

log = logging.getLogger("ndl_explain.workshop")

Text = Callable[..., str]
FLASH, WRONG_CODES = "ws_flash", "ws_wrong_codes"
LOOPBACK = "127.0.0.1"  # every visitor whose address Streamlit does not give (this machine, tests)


# ---- the service, and what happens when its database is away ------------------------------------
_SERVICES: dict[str, WorkshopService] = {}  # database URL -> the service of this process
_CONNECTING = threading.Lock()  # one visitor at a time waits for a database to answer
_FAILED_AT: dict[str, float] = {}  # database URL -> when it last failed
RETRY_AFTER_SECONDS = 10


def _service_for(url: str) -> WorkshopService:
    """The process's service for ``url``, made (and the database migrated) on first use."""
    service = _SERVICES.get(url)
    if service is None:
        service = _SERVICES[url] = WorkshopService(WorkshopStore(url))
    return service


def get_service() -> WorkshopService | None:
    """The workshop service for this process, or None when its database cannot be reached.

    Nobody waits longer than about one database timeout (``NDL_DB_TIMEOUT``): while one visitor's page
    waits for the database to answer, others wait for that one attempt at most, never in a queue of
    attempts; after a failure, pages say "live voting unavailable" at once for a few seconds, then
    the next visitor tries again."""
    url = default_database_url()
    if _recently_failed(url):
        return None
    if url in _SERVICES:
        return _SERVICES[url]
    if not _CONNECTING.acquire(timeout=db_timeout() + 1):
        return None
    try:
        if _recently_failed(url):  # the attempt we waited for failed: do not try again at once
            return None
        service = _service_for(url)
    except Exception as exc:  # noqa: BLE001 - any database trouble means "live voting unavailable"
        # The error's class (its text may hold SQL), except a schema newer than this site: say why.
        log.warning("workshop database unavailable: %s", exc if isinstance(exc, SchemaTooNew) else type(exc).__name__)
        _FAILED_AT[url] = time.monotonic()
        return None
    finally:
        _CONNECTING.release()
    _FAILED_AT.pop(url, None)
    return service


def _recently_failed(url: str) -> bool:
    return time.monotonic() - _FAILED_AT.get(url, -RETRY_AFTER_SECONDS) < RETRY_AFTER_SECONDS


def remember_outage() -> None:
    """The database just failed: for a few seconds, pages say so at once instead of waiting again."""
    _FAILED_AT[default_database_url()] = time.monotonic()


def service_or_notice(text: Text) -> WorkshopService | None:
    """The service, or None after showing the "live voting is not available" notice."""
    service = get_service()
    if service is None:
        st.warning(text("unavailable_view"), icon=":material/cloud_off:")
    return service


# ---- the visitor --------------------------------------------------------------------------------
def client_address() -> str:
    """The visitor's address, for the limits on guessing codes and creating workshops (never stored:
    the service keeps a keyed hash). Behind the deploy's nginx it comes from ``X-Forwarded-For``,
    which Streamlit's server (uvicorn) reads when the connection comes from a trusted proxy
    (``FORWARDED_ALLOW_IPS``, default this machine); otherwise it is the connection's own address."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no browser connection (AppTest): the same as this machine
        address = None
    return address if isinstance(address, str) and address else LOOPBACK


def current_lang() -> str:
    try:
        from .frame import get_site

        languages = list(get_site().languages)
    except Exception:  # noqa: BLE001
        languages = ["en"]
    return state.current(st.session_state, languages).lang


def words(lang: str) -> tuple[Text, Text]:
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


def flash(kind: str, message: str) -> None:
    """A message to show after the next rerun (for actions taken in callbacks)."""
    st.session_state[FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "warning":
        st.warning(message, icon=":material/warning:")
    elif kind == "error":
        st.error(message, icon=":material/error:")


def error_message(text: Text, textn: Text, exc: Exception) -> str:
    """The words for a failure; an outage is remembered, and anything unexpected is logged (its type
    and place only: no codes or tokens go into the log)."""
    if isinstance(exc, Unavailable):
        remember_outage()
    if isinstance(exc, Limited):
        if exc.what == "join":
            return textn("too_many_codes", exc.wait)
        return textn("too_many_workshops", max(1, math.ceil(exc.wait / 60)))
    if isinstance(exc, WorkshopError):
        return text(exc.key)
    log.error("unexpected workshop error: %s", type(exc).__name__, exc_info=exc)
    return text("error_general")


# ---- joining with a code (phones and the presenter screen) --------------------------------------
def _wrong_codes() -> list[float]:
    history = st.session_state.get(WRONG_CODES)
    if not isinstance(history, list):
        history = st.session_state[WRONG_CODES] = []
    return history


def join_with_code(service: WorkshopService, raw: str, text: Text, textn: Text) -> str | None:
    """The canonical code of the live workshop ``raw`` names, or None after showing why not.

    Wrong codes are limited per browser session (``join_limit``: a calm wait message, the database
    not asked) and per client address across sessions and processes (the service: ``Limited``)."""
    history, now = _wrong_codes(), time.monotonic()
    if join_limit.blocked(history, now):
        st.warning(textn("too_many_codes", join_limit.wait_seconds(history, now)), icon=":material/hourglass_top:")
        return None
    try:
        return service.join(raw, client=client_address()).code
    except Limited as exc:
        st.warning(error_message(text, textn, exc), icon=":material/hourglass_top:")
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        if isinstance(exc, (WrongCode, Expired)):
            join_limit.record_wrong(history, now)
        st.error(error_message(text, textn, exc), icon=":material/error:")
    return None


def code_form(service: WorkshopService, text: Text, textn: Text, *, form_key: str, input_key: str,
              intro: str) -> str | None:
    """The join-code form: the code of the workshop joined when the form was sent, else None."""
    st.markdown(intro)
    with st.form(form_key, border=True):
        raw = st.text_input(text("code_label"), max_chars=20, help=text("code_help"),
                            placeholder=text("code_placeholder"), key=input_key)
        submitted = st.form_submit_button(text("join_button"), type="primary", icon=":material/login:")
    if submitted:
        return join_with_code(service, raw or "", text, textn)
    return None


# ---- the join panel (facilitator and presenter) -------------------------------------------------
JOIN_CODE_CSS = """
<style>
.ws-join-code { font-size: 3rem !important; font-weight: 700; letter-spacing: 0.08em; line-height: 1.1 !important;
                margin: 0 0 1rem 0; overflow-wrap: anywhere; }
.ws-join-label { font-size: 1.1rem !important; font-weight: 400; letter-spacing: normal; }
.st-key-ws-presenter .ws-join-code { font-size: clamp(3rem, 8vw, 6rem) !important; }
.st-key-ws-presenter .ws-join-label { font-size: clamp(1.1rem, 2.2vw, 2rem) !important; }
</style>
"""


@functools.lru_cache(maxsize=64)
def qr(url: str) -> str:
    """The join QR code as SVG, encoded once per address (8 ms each time otherwise)."""
    return qr_svg(url)


def join_panel(code: str, expires_at: int, now: int, text: Text, textn: Text, *, large: bool = False) -> None:
    """The join code, the address to type, and a QR code: all built from the address the visitor is
    using (``address.site_url``; ``NDL_SITE_URL`` when set), so phones reach the same site."""
    st.markdown(JOIN_CODE_CSS, unsafe_allow_html=True)
    base = site_url()
    url = join_url(code, base)
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        # The code is made only of letters and digits from CODE_ALPHABET: safe inside HTML.
        st.markdown(f'<p class="ws-join-code"><span class="ws-join-label">{text("join_code_label")}</span>'
                    f'<br>{code}</p>', unsafe_allow_html=True)
        st.markdown(text("join_step_code"))
        st.markdown(f"**{base}/workshop**")
        hours = max(1, math.ceil((expires_at - now) / 3600))
        st.caption(textn("expires_note", hours))
    with right:
        st.image(qr(url), alt=text("qr_alt", code=code), width=420 if large else 240)
        st.markdown(url)  # as a link in the body's colours (a caption's grey link is too faint)


# ---- results ------------------------------------------------------------------------------------
def _numbers(result: StepResult) -> tuple:
    """Everything a step's chart is drawn from, as a hashable key (the words follow from lang + ids)."""
    return (
        result.step.step_id, result.step.kind,
        tuple((q.question.id, q.split, tuple((t.value, t.phone, t.paper) for t in q.tallies)) for q in result.questions),
        tuple((c.statement_id, c.before, c.after) for c in result.changes),
        tuple((s.id, s.mean, s.votes) for s in result.profile),
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def chart_spec(lang: str, numbers: tuple, large: bool, _result: StepResult) -> dict | None:
    """The step's chart as a Vega-Lite spec, built once per language, size and set of numbers
    (building and validating the Altair chart is most of a refresh's cost: bench finding 4)."""
    chart = step_chart(_result, words(lang)[0], large=large)
    return None if chart is None else arrow_datasets(chart.to_dict())


def show_results(result: StepResult, text: Text, textn: Text, *, lang: str = "en", large: bool = False,
                 key: str = "") -> None:
    """A step's group result: the chart, and the same result in sentences.

    Nothing but a calm note until the result may be shown (``results.shareable``: MIN_GROUP_SIZE
    people, paper votes never making up for too few phones, no small part shown apart)."""
    shown = shareable(result)
    if shown is None:
        if fewest_respondents(result) == 0:
            st.markdown(f"- {text('no_answers_yet')}")
        else:
            st.info(text("waiting_for_group", n=MIN_GROUP_SIZE), icon=":material/group:")
        return
    lines = summarise(shown, text, textn)
    spec = chart_spec(lang, _numbers(shown), large, shown)
    if spec is not None:
        st.vega_lite_chart(spec, theme=None, alt=" ".join(lines), key=f"ws-chart-{key}" if key else None)
    st.markdown("\n".join(f"- {line}" for line in lines))  # our own words and numbers only


def show_explanations(step: Step, text: Text) -> None:
    st.markdown(f"**{text('check_explain_heading')}**")
    for q in step.questions:
        st.markdown(f"- **{q.prompt}** {q.explain}")


@st.cache_resource(show_spinner=False)
def scenarios(lang: str) -> dict[str, tuple[str, str, str]]:
    """Scenario id -> (title, summary, status), from the walkthrough content; {} if unavailable."""
    try:
        from ..scenarios import scenario_problems

        found, problems = scenario_problems(CONTENT_DIR, lang)
        if problems:  # the content check fails CI; here, use the scenarios that did load
            log.warning("scenario content has %d problem(s); workshops use the rest", len(problems))
        return {sid: (s.title, s.summary, s.status) for sid, s in found.items()}
    except Exception:  # noqa: BLE001 - no scenarios means no comfort vote, not a broken page
        log.exception("scenarios unavailable for workshops")
        return {}


def show_scenario(step: Step, lang: str, text: Text, *, link: bool = True) -> None:
    if step.kind not in ("comfort", "benefit"):
        return
    found = scenarios(lang).get(step.scenario_id or "")
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
        if link and page_file_exists("views/walkthrough.py"):
            page_link("views/walkthrough.py", text("scenario_read_more"), {"scenario": step.scenario_id},
                      icon=":material/route:")


# ---- phones' polls ------------------------------------------------------------------------------
# One step-state read per workshop per second for the whole process, however many phones poll.
STEP_STATE_TTL = 1.0
STEP_STATES: PollCache = PollCache(ttl=STEP_STATE_TTL)


def step_state(service: WorkshopService, code: str) -> tuple[float, tuple | None]:
    """(when read, step state) for a workshop, shared by every session of this process for a second."""
    return STEP_STATES.get((id(service), code), lambda: service.step_state(code))
