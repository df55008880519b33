"""The facilitator's screen (``/facilitate``): create a workshop, then run it from this private page.

The page's address is the private link (``/facilitate?token=...``), so a reload, a reconnection or a
server restart keeps the workshop. It is not meant for the projector: the presenter view
(``workshop_presenter``, ``/present?code=...``) is, and it carries no private link.

Cost under a full room (bench/README.md, finding 7): the page reads the workshop once per run, draws
the paper-votes form only when asked, and builds each results chart's Vega-Lite spec once per set of
numbers; the live result (and the comments) redraw on their own every few seconds (a fragment).
"""
from __future__ import annotations

import html
import logging
from collections.abc import Callable

import streamlit as st

from ..i18n import catalogue
from ..workshop import Expired, NotFacilitator, WorkshopService
from ..workshop.links import facilitator_url
from ..workshop.results import MIN_GROUP_SIZE
from ..workshop.service import FacilitatorView
from ..workshop.summary import format_date, pdf_available, summary_html, summary_pdf
from .address import site_url
from .frame import page_file_exists, page_link
from .workshop_common import (
    STEP_STATES,
    Text,
    client_address,
    current_lang,
    error_message,
    flash,
    get_service,
    join_panel,
    plain,
    scenarios,
    service_or_notice,
    show_explanations,
    show_flash,
    show_results,
    words,
)

log = logging.getLogger("ndl_explain.workshop")

F_TOKEN, F_NEW_LINK, PAPER_ON = "ws_facilitator", "ws_new_link", "ws_paper_on"
TOKEN_PARAM = "token"
PRESENTER_REFRESH_SECONDS = 3  # the live result (and comments) redraw this often
CREATE_ORDER = ("check", "comfort", "reassure", "benefit")  # the order the activities run in


def facilitator_page() -> None:
    """Create a workshop, then run it: join code and QR code, controls, live results, comments."""
    lang = current_lang()
    text, textn = words(lang)
    st.title(text("facilitate_title"))
    show_flash()
    service = service_or_notice(text)
    if service is None:
        return
    token = _token()
    if token:
        try:
            view = service.facilitator_view(token, lang)
        except Exception as exc:  # noqa: BLE001
            st.error(error_message(text, textn, exc), icon=":material/error:")
            if isinstance(exc, (NotFacilitator, Expired)):
                _forget_token()
                _create_form(service, lang, text, textn)
            return
        _control_room(service, token, view, lang, text, textn)
        return
    st.markdown(text("facilitate_intro"))
    st.info(text("open_with_link"), icon=":material/link:")
    _cards_link(text)
    _create_form(service, lang, text, textn)


def _token() -> str | None:
    """The private token: from the address (the private link, kept there so a reload keeps the
    workshop), else this session's (a page opened from the menu after creating one)."""
    from_url = st.query_params.get(TOKEN_PARAM)
    if from_url:
        st.session_state[F_TOKEN] = from_url
        return from_url
    token = st.session_state.get(F_TOKEN)
    if token:
        st.query_params[TOKEN_PARAM] = token
    return token


def _forget_token() -> None:
    for key in (F_TOKEN, F_NEW_LINK):
        st.session_state.pop(key, None)
    if TOKEN_PARAM in st.query_params:
        del st.query_params[TOKEN_PARAM]


def _create_form(service: WorkshopService, lang: str, text: Text, textn: Text) -> None:
    content = service.content(lang)
    known = scenarios(lang)
    descriptions = catalogue().get(lang, "workshop.activity_descriptions")
    st.header(text("create_heading"), divider="gray")
    with st.form("ws_create", border=True):
        title = st.text_input(text("title_label"), max_chars=120, help=text("title_help"), key="ws_new_title")
        st.markdown(f"**{text('activities_label')}**")
        chosen = []
        for kind in CREATE_ORDER:
            if st.checkbox(content.activity_title(kind), value=kind != "comfort" or bool(known),
                           help=descriptions.get(kind), key=f"ws_new_{kind}",
                           disabled=kind == "comfort" and not known):
                chosen.append(kind)
        if known:
            picked = st.multiselect(text("scenarios_label"), list(known), format_func=lambda s: known[s][0],
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
                                          known_scenarios=set(known), client=client_address())
    except Exception as exc:  # noqa: BLE001
        st.error(error_message(text, textn, exc), icon=":material/error:")
        return
    st.session_state[F_TOKEN] = created.token
    st.session_state[F_NEW_LINK] = facilitator_url(created.token, site_url())
    st.query_params[TOKEN_PARAM] = created.token
    flash("success", text("created", code=created.code))
    st.rerun()


def _cards_link(text: Text) -> None:
    """The printable workshop cards (one per example, to hand round) are on the Leaflets page."""
    if page_file_exists("views/leaflets.py"):
        st.caption(text("cards_note"))
        page_link("views/leaflets.py", text("cards_link"), params={"format": "cards"}, icon=":material/print:")


def _act(service_call: Callable[[], object], text: Text, textn: Text, code: str = "") -> None:
    """Run a facilitator action from a button callback; a refusal becomes a message.

    Phones served by this process see the change at their next poll (the remembered state is dropped)."""
    try:
        service_call()
    except Exception as exc:  # noqa: BLE001
        flash("error", error_message(text, textn, exc))
    finally:
        if code:
            STEP_STATES.forget((id(get_service()), code))


def _control_room(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text,
                  textn: Text) -> None:
    new_link = st.session_state.get(F_NEW_LINK)
    if new_link:
        with st.container(border=True):
            st.markdown(f"**{text('private_link_heading')}**")
            st.warning(text("private_link_body"), icon=":material/key:")
            st.code(new_link, language=None, wrap_lines=True)
            if st.button(text("link_saved_button"), icon=":material/check:", key="ws_link_saved"):
                st.session_state.pop(F_NEW_LINK, None)
                st.rerun()
    st.subheader(plain(view.title))
    _presenter_link(view.code, text)
    st.header(text("join_heading"), divider="gray")
    join_panel(view.code, view.expires_at, service.now(), text, textn)
    _controls(service, token, view, lang, text, textn)
    _live_results(service, token, lang, [view])  # this run's view: read once per run
    _paper_votes(service, token, view, text, textn)
    _all_results(view, lang, text, textn)
    _export_and_delete(service, token, view, lang, text, textn)
    _cards_link(text)


def _presenter_link(code: str, text: Text) -> None:
    """Where the room's screen goes: the presenter view, opened in a new window (it has no private link)."""
    address = f"{site_url()}/present?code={code}"
    with st.container(border=True):
        st.markdown(f"**{text('presenter_heading')}**")
        st.caption(text("presenter_help"))
        # Our own address and the code (letters and digits only): safe inside HTML. Marked so that
        # same_tab_links.js leaves it opening a new window, for the projector.
        st.markdown(f'<a href="/present?code={html.escape(code)}" target="_blank" rel="noopener" '
                    f'data-ndl-new-window="1">{html.escape(text("presenter_link"))}</a>', unsafe_allow_html=True)
        st.code(address, language=None, wrap_lines=True)  # to type on the projector's computer


def _controls(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text,
              textn: Text) -> None:
    st.header(text("controls_heading"), divider="gray")
    if view.finished:
        st.info(text("facilitator_finished"), icon=":material/flag:")
        st.button(text("previous_button"), icon=":material/arrow_back:", key="ws_prev",
                  on_click=_act, args=(lambda: service.previous_step(token), text, textn, view.code))
        return
    current = view.current
    statuses = catalogue().get(lang, "workshop.status_labels")
    st.markdown(f"**{text('activity_progress', n=view.position + 1, total=view.step_count)}** · "
                + text("now_showing", title=current.step.title, status=statuses.get(current.status, current.status)))
    cols = st.columns(3)
    cols[0].button(text("previous_button"), icon=":material/arrow_back:", key="ws_prev",
                   disabled=view.position == 0,
                   on_click=_act, args=(lambda: service.previous_step(token), text, textn, view.code))
    if current.status == "open":
        cols[1].button(text("close_button"), icon=":material/lock:", key="ws_close",
                       on_click=_act, args=(lambda: service.close_step(token), text, textn, view.code))
    else:
        cols[1].button(text("open_button"), icon=":material/lock_open:", key="ws_open",
                       on_click=_act, args=(lambda: service.open_step(token), text, textn, view.code))
    last = view.position == view.step_count - 1
    cols[2].button(text("finish_button" if last else "next_button"), type="primary",
                   icon=":material/flag:" if last else ":material/arrow_forward:", key="ws_next",
                   on_click=_act, args=(lambda: service.next_step(token), text, textn, view.code))
    shown_key = f"ws_shown_{view.position}"
    st.session_state[shown_key] = current.results_shown

    def toggle_shown() -> None:
        _act(lambda: service.show_results(token, bool(st.session_state.get(shown_key))), text, textn, view.code)

    st.toggle(text("show_results_toggle"), key=shown_key, on_change=toggle_shown)


@st.fragment(run_every=PRESENTER_REFRESH_SECONDS)
def _live_results(service: WorkshopService, token: str, lang: str, preloaded: list[FacilitatorView]) -> None:
    """The current step's group result and its comments, redrawn every few seconds without re-running
    the page (a new comment shows within one refresh).

    In a full run it uses the page's own view (``preloaded``, emptied on first use); each refresh
    of the fragment alone reads the workshop again."""
    text, textn = words(lang)
    try:
        view = preloaded.pop() if preloaded else service.facilitator_view(token, lang)
    except Exception as exc:  # noqa: BLE001
        st.error(error_message(text, textn, exc), icon=":material/error:")
        return
    if view.finished:
        return
    current = view.current
    st.header(current.step.title, divider="gray")
    st.markdown(textn("people_answered", current.respondents))  # this activity, phone and paper
    show_results(current, text, textn, lang=lang, key="live")
    if current.step.kind == "check":
        with st.expander(text("check_explain_heading")):
            show_explanations(current.step, text)
    if view.free_text:
        _comments(view, text)
    st.caption(text("refresh_note"))


def _comments(view: FacilitatorView, text: Text) -> None:
    st.markdown(f"**{text('comments_heading')}**")
    texts = view.comments.get(view.position, ())
    if not texts:
        st.caption(text("no_comments"))
    with st.container(border=bool(texts)):
        for comment in texts:
            st.text(comment)  # shown as plain text: nothing in it is run or formatted


def _paper_votes(service: WorkshopService, token: str, view: FacilitatorView, text: Text, textn: Text) -> None:
    current = view.current
    if current is None:
        return
    with st.container(border=True):
        # Off by default: the form draws a number box for every choice, dear on every refresh.
        if not st.toggle(text("paper_toggle"), key=PAPER_ON, help=text("paper_toggle_help")):
            return
        st.subheader(text("paper_heading"))
        st.caption(text("paper_help", n=MIN_GROUP_SIZE))
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
                st.error(error_message(text, textn, exc), icon=":material/error:")
            else:
                flash("success", text("paper_saved"))
                st.rerun()


def _all_results(view: FacilitatorView, lang: str, text: Text, textn: Text) -> None:
    with st.expander(text("all_results_heading"), icon=":material/bar_chart:"):
        for result in view.steps:
            st.subheader(text("activity_progress", n=result.position + 1, total=view.step_count)
                         + f" · {result.step.title}")
            show_results(result, text, textn, lang=lang, key=f"all{result.position}")


def _export_and_delete(service: WorkshopService, token: str, view: FacilitatorView, lang: str, text: Text,
                       textn: Text) -> None:
    st.header(text("export_heading"), divider="gray")
    st.caption(text("export_help", n=MIN_GROUP_SIZE))
    titles = {sid: title for sid, (title, _s, _st) in scenarios(lang).items()}

    def build_csv() -> str:
        try:
            return service.export_csv(token, lang, titles)
        except Exception as exc:  # noqa: BLE001 - deleted or expired meanwhile: an empty file, not a crash
            log.warning("workshop export failed: %s", type(exc).__name__)
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
                st.error(error_message(text, textn, exc), icon=":material/error:")
                return
            _forget_token()
            st.session_state.pop("ws_delete_sure", None)
            flash("success", text("deleted"))
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
            page = build_summary_html(service, token, lang, text, textn, titles)
            return summary_pdf(page) if as_pdf else page.encode("utf-8")
        except Exception as exc:  # noqa: BLE001 - deleted, expired or no printing meanwhile: an empty file
            log.warning("workshop summary failed: %s", type(exc).__name__)
            return b""

    st.download_button(text("summary_button_pdf" if as_pdf else "summary_button_html"), data=build,
                       file_name=f"workshop-summary.{'pdf' if as_pdf else 'html'}",
                       mime="application/pdf" if as_pdf else "text/html", icon=":material/print:",
                       key="ws_summary", help=text("summary_help", n=MIN_GROUP_SIZE), on_click="ignore")
