"""Draw the Leaflets page: choose a format, a page or an example, and a venue; preview; download.

The PDF is built only when someone asks (the preview button, or the download button, whose data
is a callable), and built once per set of choices (``st.cache_data``, keyed by the choices and the
content version). A link can set the starting choices: ``?format=cards`` (any format by its id),
``?topic=<page>``, ``?scenario=<id>`` (the walkthrough links here), ``?venue=library``, and the
site's own ``?lang=``; a value the page does not offer is ignored.
"""
from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from ..i18n import DEFAULT_LANG, catalogue
from ..leaflets import (
    BILINGUAL_LANGS,
    FORMATS,
    VENUES,
    LeafletChoiceError,
    PrintUnavailable,
    Request,
    available_languages,
    bilingual_available,
    build_leaflet,
    default_topic,
    load,
    scenarios_for,
    topics_for,
)
from .. import siteurl
from ..leaflets.build import file_name
from ..leaflets.links import printed_address
from ..problems import ContentError
from .address import site_url
from . import state
from .frame import get_site

log = logging.getLogger("ndl_explain")

SCENARIO_PARAM = "scenario"
# The starting choices a link can give, by the names the print engine uses (?format=cards).
URL_PARAMS = ("format", "topic", SCENARIO_PARAM, "venue")
CARD_KEY = "lf_card_scenario"
_SEEDED = "_lf_seeded"  # the link whose choices were last applied
KEYS = {
    "format": "lf_format",
    "subject": "lf_subject",
    "topic": "lf_topic",
    "scenario": "lf_scenario",
    "venue": "lf_venue",
    "length": "lf_length",
}
_PREVIEW_FOR = "_lf_preview_for"  # the choices the visitor last asked to preview
ALL = ""  # the "all examples" choice for workshop cards
PREVIEW_WIDTH_PX = 420


def t(lang: str, key: str, **values: Any) -> str:
    return catalogue().t(lang, f"leaflets.{key}", **values)


# --------------------------------------------------------------------------------------------
# Built once per choice (and per content version), only when asked
# --------------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=48)
def pdf_bytes(request: Request, version: str, base: str) -> tuple[bytes, str, str, tuple[str, ...]]:
    """(PDF, file name, title, key messages) for ``request``; ``version`` and ``base`` key the cache."""
    leaflet = build_leaflet(request, base_url=base)
    return leaflet.pdf, leaflet.filename, leaflet.rendered.title, leaflet.rendered.key_messages


@st.cache_data(show_spinner=False, max_entries=48)
def preview_png(request: Request, version: str, base: str) -> tuple[bytes, int]:
    """Page 1 as a PNG, and the number of pages."""
    import io

    import pypdfium2

    pdf, *_ = pdf_bytes(request, version, base)
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = len(document)
        page = document[0]
        # 420 pixels wide at most (a page of any paper), shown no wider than the screen on a phone
        image = page.render(scale=min(110 / 72, PREVIEW_WIDTH_PX / page.get_width())).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), pages


# --------------------------------------------------------------------------------------------
# Choices
# --------------------------------------------------------------------------------------------
def _seed_from_url(content: Any, words: Any, format_ids: list[str]) -> None:
    """The link's starting choices (see the module's docstring), applied once for each link, so what
    the visitor then changes stays. A format, page or venue the page does not offer is ignored; so is
    an example the chosen format cannot print (Easy Read); an unknown example is named kindly."""
    wanted = {key: st.query_params.get(key) for key in URL_PARAMS}
    wanted = {key: value for key, value in wanted.items() if isinstance(value, str) and value}
    signature = tuple(sorted(wanted.items()))
    if not wanted or st.session_state.get(_SEEDED) == signature:
        return
    st.session_state[_SEEDED] = signature
    if wanted.get("format") in format_ids:
        st.session_state[KEYS["format"]] = wanted["format"]
    format_id = st.session_state.get(KEYS["format"])
    format_id = format_id if format_id in format_ids else "clear-print"
    scenario, topic = wanted.get(SCENARIO_PARAM), wanted.get("topic")
    if scenario and scenario not in content.scenarios:
        st.session_state["_lf_unknown_scenario"] = True
    elif scenario and scenario in scenarios_for(format_id, content):
        st.session_state[KEYS["subject"]] = "scenario"
        st.session_state[KEYS["scenario"]] = st.session_state[CARD_KEY] = scenario
    elif topic and topic in topics_for(format_id, content, words):
        st.session_state[KEYS["subject"]] = "topic"
        st.session_state[KEYS["topic"]] = topic
    if FORMATS[format_id].kind == "cards" and not (scenario and scenario in content.scenarios):
        st.session_state[CARD_KEY] = ALL  # cards for every example
    if wanted.get("venue") in VENUES:
        st.session_state[KEYS["venue"]] = wanted["venue"]


def _choice(options: list[str], key: str, default: str) -> None:
    """Keep a widget's stored value valid when its options change (e.g. another format)."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]


def leaflets_page() -> None:
    site = get_site()
    choices = state.current(st.session_state, list(site.languages))
    ui_lang = choices.lang
    languages = available_languages()
    print_lang = ui_lang if ui_lang in languages else DEFAULT_LANG

    st.title(t(ui_lang, "title"))
    st.markdown(t(ui_lang, "intro"))
    if print_lang != ui_lang:
        st.info(t(ui_lang, "language_note"))

    try:
        content, words = load(print_lang)
    except ContentError as error:
        log.error("%s", error)
        st.error(t(ui_lang, "content_problem"))
        return

    # What to print. The bilingual leaflet only when both its languages have pages and print words.
    bilingual = print_lang in BILINGUAL_LANGS and bilingual_available()
    format_ids = [f for f in FORMATS if FORMATS[f].kind != "bilingual" or bilingual]
    _seed_from_url(content, words, format_ids)
    if st.session_state.pop("_lf_unknown_scenario", False):
        st.warning(t(ui_lang, "unknown_scenario"))
    _choice(format_ids, KEYS["format"], "clear-print")
    if st.session_state.get(KEYS["subject"]) == "scenario" and st.session_state[KEYS["format"]] == "easy-read":
        st.session_state[KEYS["format"]] = "clear-print"
    format_id = st.radio(
        t(ui_lang, "format_label"), format_ids, key=KEYS["format"],
        format_func=lambda f: words.format_names[f], help=t(ui_lang, "format_help"),
    )
    st.caption(catalogue().get(ui_lang, "leaflets.format_notes")[format_id])
    fmt = FORMATS[format_id]

    topics = topics_for(format_id, content, words)
    scenarios = scenarios_for(format_id, content)
    request: Request | None = None
    if fmt.kind == "cards":
        if not scenarios:
            st.info(t(ui_lang, "no_examples"))
            return
        preset = st.session_state.get(KEYS["scenario"]) if st.session_state.get(KEYS["subject"]) == "scenario" else ALL
        options = [ALL, *scenarios]
        _choice(options, CARD_KEY, preset if preset in options else ALL)
        chosen = st.selectbox(
            t(ui_lang, "scenario_label"), options, key=CARD_KEY,
            format_func=lambda s: t(ui_lang, "all_examples") if s == ALL else content.scenarios[s].title,
        )
        request = Request(format_id, print_lang, scenario=chosen or None)
    else:
        subjects = (["topic"] if topics else []) + (["scenario"] if scenarios else [])
        _choice(subjects, KEYS["subject"], "topic")
        subject = st.radio(
            t(ui_lang, "subject_label"), subjects, key=KEYS["subject"], horizontal=True,
            format_func=lambda s: t(ui_lang, "subject_page" if s == "topic" else "subject_example"),
        ) if len(subjects) > 1 else subjects[0]
        if subject == "topic":
            _choice(topics, KEYS["topic"], default_topic(format_id, content, words) or topics[0])
            topic = st.selectbox(t(ui_lang, "topic_label"), topics, key=KEYS["topic"],
                                 format_func=lambda s: content.topics[s].title)
            length = "short"
            if fmt.kind == "leaflet":
                lengths = ["short", "more"]
                _choice(lengths, KEYS["length"], "more" if choices.detail != "short" else "short")
                names = catalogue().get(ui_lang, "leaflets.length_options")
                length = st.radio(t(ui_lang, "length_label"), lengths, key=KEYS["length"],
                                  format_func=lambda v: names[v], horizontal=True)
            # The bilingual leaflet is the same file whichever language the page is in (Welsh first).
            lang = BILINGUAL_LANGS[0] if fmt.kind == "bilingual" else print_lang
            request = Request(format_id, lang, topic=topic, detail=length)
        else:
            _choice(scenarios, KEYS["scenario"], scenarios[0])
            scenario = st.selectbox(t(ui_lang, "scenario_label"), scenarios, key=KEYS["scenario"],
                                    format_func=lambda s: content.scenarios[s].title)
            request = Request(format_id, print_lang, scenario=scenario)

    _choice(list(VENUES), KEYS["venue"], "other")
    venue = st.selectbox(t(ui_lang, "venue_label"), list(VENUES), key=KEYS["venue"],
                         format_func=lambda v: words.venues[v].name, help=t(ui_lang, "venue_help"))
    request = Request(request.format, request.lang, request.topic, request.scenario, venue, request.detail)

    show_preview_and_download(request, content.version, ui_lang, words.format_names[format_id])

    st.subheader(t(ui_lang, "tips_heading"))
    st.markdown(t(ui_lang, "tips"))
    base = site_url()
    with st.expander(t(ui_lang, "batch_heading")):
        st.markdown(t(ui_lang, "batch"))
        # The command prints the address it is given: this site's, when people elsewhere can open it.
        address = base if siteurl.is_public_https(base) else "https://ndl.example.org"
        st.code(f"export NDL_SITE_URL={address}\npython -m ndl_explain.leaflets --pack {venue} --out leaflets",
                language="bash", wrap_lines=True)  # wrapped: a block that scrolls sideways needs the keyboard


def show_address_warning(base: str, lang: str) -> None:
    """Prints carry this site's address: say so when people given them could not open it."""
    if not siteurl.is_public_https(base):
        st.warning(t(lang, "address_warning", address=printed_address(base)), icon=":material/link_off:")


def show_preview_and_download(request: Request, version: str, lang: str, format_name: str) -> None:
    base = site_url()
    st.subheader(t(lang, "preview_heading"))
    show_address_warning(base, lang)
    if st.button(t(lang, "preview_button"), key="lf_preview", icon=":material/visibility:"):
        st.session_state[_PREVIEW_FOR] = request
    try:
        if st.session_state.get(_PREVIEW_FOR) == request:
            with st.spinner():
                image, pages = preview_png(request, version, base)
                _, _, title, messages = pdf_bytes(request, version, base)
            said = " ".join(m if m.rstrip().endswith((".", "!", "?")) else f"{m}." for m in messages[1:])
            st.image(image, caption=t(lang, "preview_caption", pages=pages), width="content", output_format="PNG",
                     alt=t(lang, "preview_alt", format=format_name, title=title, messages=said))
        st.download_button(
            t(lang, "download_button"),
            data=lambda: pdf_bytes(request, version, base)[0],
            file_name=file_name(request),
            mime="application/pdf",
            key="lf_download",
            icon=":material/download:",
            type="primary",
            help=t(lang, "download_help"),
            on_click="ignore",
        )
    except PrintUnavailable as error:
        log.error("%s", error)
        st.error(t(lang, "print_unavailable"))
    except (ContentError, LeafletChoiceError) as error:
        log.error("%s", error)
        st.error(t(lang, "content_problem"))
