"""The presenter screen (``/present?code=...``): what the room sees on the projector.

Large text, the join code with its QR code, the activity people are answering and how many have
answered; the group result only once the facilitator shows it (as on phones), and only within the
privacy threshold. It holds no private link and no controls: anyone with the join code may open it,
and it shows nothing a phone in the room would not. It redraws itself every few seconds.
"""
from __future__ import annotations

import streamlit as st

from ..workshop import Expired, WorkshopService, WrongCode
from ..workshop.service import PresenterView
from .workshop_common import (
    Text,
    get_service,
    code_form,
    current_lang,
    error_message,
    join_panel,
    join_with_code,
    plain,
    service_or_notice,
    show_explanations,
    show_results,
    words,
)

PR_CODE = "ws_present_code"
CODE_PARAM = "code"
REFRESH_SECONDS = 3

PRESENTER_CSS = """
<style>
.st-key-ws-presenter p, .st-key-ws-presenter li { font-size: clamp(1.1rem, 2.2vw, 2rem) !important; line-height: 1.45; }
.st-key-ws-presenter h2 { font-size: clamp(1.6rem, 3.4vw, 3rem) !important; }
.st-key-ws-presenter h3 { font-size: clamp(1.3rem, 2.6vw, 2.4rem) !important; }
</style>
"""


def presenter_page() -> None:
    lang = current_lang()
    text, textn = words(lang)
    title = st.empty()  # the page's <h1>: the workshop's name once there is one, else the page's
    service = get_service()
    if service is None:
        title.title(text("present_title"))
        service_or_notice(text)
        return
    code = _code(service, text, textn, title)
    if not code:
        return
    try:
        view = service.presenter_view(code, lang)
    except Exception as exc:  # noqa: BLE001
        title.title(text("present_title"))
        st.error(error_message(text, textn, exc), icon=":material/error:")
        if isinstance(exc, (WrongCode, Expired)):
            st.session_state.pop(PR_CODE, None)
        return
    title.title(plain(view.title))
    st.set_page_config(layout="wide")  # the whole projector width
    st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    _screen(service, code, lang, [view])


def _code(service: WorkshopService, text: Text, textn: Text, title) -> str | None:
    """The workshop shown: the one the address names (checked, with the limits on wrong codes), else
    the one typed into the form."""
    from_url = st.query_params.get(CODE_PARAM)
    shown = st.session_state.get(PR_CODE)
    if not (shown or from_url) or (from_url and from_url != shown):
        title.title(text("present_title"))  # before any message about the code
    if from_url and from_url != shown:
        shown = join_with_code(service, from_url, text, textn)
        if shown is None:
            del st.query_params[CODE_PARAM]
    if not shown:
        st.session_state.pop(PR_CODE, None)
        shown = code_form(service, text, textn, form_key="ws_present_join", input_key="ws_present_code_input",
                           intro=text("present_intro"))
        if not shown:
            return None
    st.session_state[PR_CODE] = shown
    if st.query_params.get(CODE_PARAM) != shown:
        st.query_params[CODE_PARAM] = shown
    return shown


@st.fragment(run_every=REFRESH_SECONDS)
def _screen(service: WorkshopService, code: str, lang: str, preloaded: list[PresenterView]) -> None:
    """Everything below the title, redrawn every few seconds (the first time from the page's own read)."""
    text, textn = words(lang)
    try:
        view = preloaded.pop() if preloaded else service.presenter_view(code, lang)
    except Exception as exc:  # noqa: BLE001
        st.error(error_message(text, textn, exc), icon=":material/error:")
        if isinstance(exc, (WrongCode, Expired)):
            st.session_state.pop(PR_CODE, None)
        return
    with st.container(key="ws-presenter"):
        _draw(service, view, lang, text, textn)


def _draw(service: WorkshopService, view: PresenterView, lang: str, text: Text, textn: Text) -> None:
    join_panel(view.code, view.expires_at, service.now(), text, textn, large=True)
    if view.status == "finished":
        st.success(f"**{text('finished_title')}**\n\n{text('present_finished')}", icon=":material/celebration:")
        return
    step = view.step
    st.caption(text("activity_progress", n=view.position + 1, total=view.step_count))
    st.header(step.title)
    status = {"open": "present_open", "closed": "status_closed", "ready": "present_ready"}[view.status]
    st.markdown(text(status))
    if view.results is None:
        st.markdown("\n".join(f"- {q.prompt}" for q in step.questions))
        st.markdown(textn("people_answered", view.respondents))
        st.caption(text("present_results_later"))
        return
    st.markdown(textn("people_answered", view.respondents))
    show_results(view.results, text, textn, lang=lang, large=True, key="present")
    if step.kind == "check":
        show_explanations(step, text)
