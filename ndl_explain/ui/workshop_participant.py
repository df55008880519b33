"""The participant's screen (``/workshop``, on a phone): join with a code, answer, see the group result.

One person, one voice: after joining, the address becomes ``/workshop?code=<code>&p=<key>``, where
the key is random and anonymous. The browser keeps the address, so a reload, a reconnection, a server
restart or another site process all find the same person, and answering again replaces that
person's answer. The service stores only a hash of the key, different for each workshop. No cookie.

Cost under a full room (bench/README.md, findings 5 and 7): phones' polls share one step-state
read per workshop per second (``STEP_STATES``); Send re-runs only the answer form (a fragment).
"""
from __future__ import annotations

import streamlit as st

from ..workshop import Expired, NotCurrent, WorkshopService, WrongCode, new_participant_token
from ..workshop.activities import Question, Step
from ..workshop.service import TOKEN_PATTERN, ParticipantView
from .workshop_common import (
    STEP_STATES,
    Text,
    code_form,
    current_lang,
    error_message,
    flash,
    join_with_code,
    plain,
    remember_outage,
    service_or_notice,
    show_explanations,
    show_flash,
    show_results,
    show_scenario,
    step_state,
    words,
)

P_TOKEN, P_CODE, SEEN = "ws_participant", "ws_code", "ws_seen"
CODE_PARAM, KEY_PARAM = "code", "p"
PARTICIPANT_POLL_SECONDS = 5  # a participant's phone asks "has anything changed?" this often


def participant_page() -> None:
    """The page people open on their phones: join with a code, answer, see the group result."""
    lang = current_lang()
    text, textn = words(lang)
    st.title(text("participant_title"))
    show_flash()
    service = service_or_notice(text)
    if service is None:
        return
    key = participant_key()
    code = _joined_code(service, text, textn)
    if not code:
        _join_form(service, text, textn)
        return
    _keep_in_address(code, key)
    loaded_at = STEP_STATES.clock()
    try:
        view = service.participant_view(code, key, lang)
    except Exception as exc:  # noqa: BLE001
        st.error(error_message(text, textn, exc), icon=":material/error:")
        if isinstance(exc, (WrongCode, Expired)):  # deleted or ended meanwhile
            _forget_workshop()
            _join_form(service, text, textn)
        return
    _participant_screen(service, view, key, lang, text, textn, loaded_at)


def participant_key() -> str:
    """This person's anonymous key: the one in the address (kept by the browser across reloads and
    restarts), else the session's, else a new one. A key that is not one of ours is replaced."""
    from_url = st.query_params.get(KEY_PARAM)
    if isinstance(from_url, str) and TOKEN_PATTERN.fullmatch(from_url):
        st.session_state[P_TOKEN] = from_url
        return from_url
    key = st.session_state.get(P_TOKEN)
    if not (isinstance(key, str) and TOKEN_PATTERN.fullmatch(key)):
        key = st.session_state[P_TOKEN] = new_participant_token()
    return key


def _joined_code(service: WorkshopService, text: Text, textn: Text) -> str | None:
    """The workshop this person is in: the session's, or the one the address names (joined now, with
    the limits on wrong codes). A code in the address that does not work is taken out of it."""
    from_url = st.query_params.get(CODE_PARAM)
    joined = st.session_state.get(P_CODE)
    if from_url and from_url != joined:
        code = join_with_code(service, from_url, text, textn)
        if code is None:
            _forget_workshop()
            return None
        st.session_state[P_CODE] = joined = code
    return joined


def _keep_in_address(code: str, key: str) -> None:
    """``?code=<code>&p=<key>``: what the browser keeps, so this person stays one person."""
    if st.query_params.get(CODE_PARAM) != code:
        st.query_params[CODE_PARAM] = code
    if st.query_params.get(KEY_PARAM) != key:
        st.query_params[KEY_PARAM] = key


def _forget_workshop() -> None:
    st.session_state.pop(P_CODE, None)
    for name in (CODE_PARAM, KEY_PARAM):
        if name in st.query_params:
            del st.query_params[name]


def _join_form(service: WorkshopService, text: Text, textn: Text) -> None:
    code = code_form(service, text, textn, form_key="ws_join", input_key="ws_code_input", intro=text("participant_intro"))
    st.caption(text("privacy_note"))
    if code:
        st.session_state[P_CODE] = code
        _keep_in_address(code, participant_key())
        st.rerun()


def _participant_screen(service: WorkshopService, view: ParticipantView, key: str, lang: str,
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
    show_scenario(step, lang, text)
    if view.status == "open":
        _answer_form(service, view, key, lang, text, textn)
    else:
        st.info(text("status_ready" if view.status == "ready" else "status_closed"), icon=":material/schedule:")
        if view.status == "closed":
            _my_answers(step, view, text)
    if view.results is not None:
        st.header(text("results_heading"), divider="gray")
        show_results(view.results, text, textn, lang=lang, key=f"p{view.position}")
        if step.kind == "check":
            show_explanations(step, text)
    st.divider()
    st.caption(text("waiting_note"))
    cols = st.columns(2)
    if cols[0].button(text("refresh_button"), icon=":material/refresh:", key="ws_refresh"):
        st.rerun()
    with cols[1]:
        _leave_button(text)
    _watch(service, view.code, (view.position, view.status, view.results is not None), loaded_at)


def send_key(code: str, position: int) -> str:
    return f"ws-send-{code}-{position}"


def _stale_send_notice(view: ParticipantView, text: Text) -> None:
    """If this phone sent answers from a screen the group had already left, say they were not saved.

    (That form is no longer drawn, so its answers never reach the service; the press of its send
    button is still visible in this run's session state.)"""
    seen = st.session_state.get(SEEN)
    st.session_state[SEEN] = (view.code, view.position)
    if seen and seen[0] == view.code and seen[1] != view.position and st.session_state.get(send_key(*seen)):
        st.warning(text("error_not_current"), icon=":material/warning:")


def _leave_button(text: Text) -> None:
    if st.button(text("leave_button"), icon=":material/logout:", key="ws_leave"):
        _forget_workshop()
        st.rerun()


@st.fragment(run_every=PARTICIPANT_POLL_SECONDS)
def _watch(service: WorkshopService, code: str, seen: tuple, loaded_at: float) -> None:
    """Redraw the page only when the facilitator has changed something participants see.

    A remembered state read before this screen was drawn (``loaded_at``) is older than the screen
    itself, so it is ignored rather than trusted (that would redraw again and again)."""
    try:
        read_at, now = step_state(service, code)
    except Exception:  # noqa: BLE001 - a database blip: keep the page, say so, try again next time
        remember_outage()
        st.caption(words(current_lang())[0]("live_paused"))
        return
    if now is not None and now != seen and read_at >= loaded_at:
        st.rerun(scope="app")


def widget_key(view: ParticipantView, question: Question, suffix: str = "") -> str:
    return f"ws-{view.code}-{view.position}-{question.id}{suffix}"


@st.fragment
def _answer_form(service: WorkshopService, view: ParticipantView, key: str, lang: str, text: Text,
                 textn: Text) -> None:
    """The answers and the Send button. A fragment: pressing Send re-runs only this form, not the page
    (if the group has moved on meanwhile, sending re-runs the whole page with the new activity).
    The confirmation appears just above the Send button, where the person is looking."""
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
                                key=widget_key(view, question, f"-{option.value}"))
            else:
                values = question.option_values()
                st.radio(
                    question.prompt, values,
                    index=values.index(mine) if mine in values else None,
                    format_func=question.label,
                    horizontal=step.kind == "check",
                    key=widget_key(view, question),
                )
        if view.free_text:
            st.text_area(text("comment_label"), value=view.my_comment or "", max_chars=500,
                         help=text("comment_help"), key=f"ws-comment-{view.code}-{view.position}")
        status = st.empty()  # the confirmation (or the problem), right above the button
        submitted = st.form_submit_button(text("send_answers"), type="primary", icon=":material/send:",
                                          key=send_key(view.code, view.position))
    if submitted:
        with status.container():
            _send_answers(service, view, key, text, textn)


def _send_answers(service: WorkshopService, view: ParticipantView, key: str, text: Text, textn: Text) -> None:
    step = view.step
    answers: dict[str, object] = {}
    for question in step.questions:
        if question.multi:
            picks = [o.value for o in question.options
                     if st.session_state.get(widget_key(view, question, f"-{o.value}"))]
            if len(picks) > question.max_picks:
                st.error(text("too_many_picks", n=question.max_picks), icon=":material/error:")
                return
            if picks:
                answers[question.id] = picks
        else:
            value = st.session_state.get(widget_key(view, question))
            if value is not None:
                answers[question.id] = value
    comment = st.session_state.get(f"ws-comment-{view.code}-{view.position}") if view.free_text else None
    if not answers and not (comment or "").strip():
        st.warning(text("none_picked"), icon=":material/warning:")
        return
    try:
        service.answer_many(view.code, key, answers)
        if view.free_text and (comment or "").strip():
            service.comment(view.code, key, comment)
    except NotCurrent as exc:
        flash("warning", error_message(text, textn, exc))
        st.rerun()
    except Exception as exc:  # noqa: BLE001
        st.error(error_message(text, textn, exc), icon=":material/error:")
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
