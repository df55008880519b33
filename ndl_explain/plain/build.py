"""Write the plain edition: every content page (all three layers, the short one first), every
example as one page with all its steps and each diagram in words, the glossary and the sources, in
every language, as static HTML with one small stylesheet and no JavaScript.

Every word comes from the same content engine as the interactive site (``content.py``,
``scenarios.py``, the interface words) and is rendered with the same Markdown rendering
(``content.markdown_to_html``). Links between pages are relative, so the folder also works opened
from disk; each page carries its title, description, language, canonical address and Open Graph
tags, and the folder has ``sitemap.xml``, ``robots.txt`` and ``pages.json`` (every address of the
interactive site with its title and description, for the deploy's nginx).
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jinja2
from markupsafe import Markup

from .. import CONTENT_DIR, PROJECT_DIR, contact, pagemeta, siteurl
from .. import frame_model as frame_model_core
from ..content import LAYERS, Site, load_site, markdown_to_html, split_directives, terms_used
from ..i18n import DEFAULT_LANG, catalogue
from ..layers import bibliography_markdown, layer_as_read, said_markdown
from ..readability import measure
from ..searchtext import heading_anchor
from ..scenarios import Scenario, load_scenarios
from . import paths
from .frame import frame_model

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "plain.css"
ICON = PROJECT_DIR / "assets" / "icon.png"  # the site's own icon, as the interactive site shows it
MARKER = "pages.json"  # a folder with this file was written by this build and may be replaced
# Pages that exist only on the interactive site, for the plain edition's menu: (section, order,
# interface-words key of the menu title, address). As registered in app.py (a unit test compares).
INTERACTIVE_PAGES = (
    ("understand", 11, "search.nav_title", "/search"),
    ("examples", 2, "walkthrough.what_if_nav_title", "/what-if"),
    ("take-part", 1, "leaflets.nav_title", "/leaflets"),
    ("take-part", 2, "workshop.nav_title", "/workshop"),
    ("take-part", 3, "workshop.facilitate_nav_title", "/facilitate"),
    ("take-part", 4, "workshop.present_nav_title", "/present"),
)
# Addresses of the interactive site that search engines should leave alone: workshop screens (join
# codes, the facilitator's private link) and Streamlit's own endpoints.
ROBOTS_DISALLOW = ("/workshop", "/facilitate", "/present", "/_stcore/", "/media/")
_HREF = re.compile(r'href="(/[^"]*)"')
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _heading_ids(rendered: str) -> str:
    """Each heading gets the id the interactive site gives it (``searchtext.heading_anchor``), so a
    link to a section (``/questions?detail=more#could-i-opt-out``) finds it here too."""
    def add_id(match: re.Match) -> str:
        anchor = heading_anchor(html.unescape(_TAG.sub("", match.group(2))))
        level, inner = match.group(1), match.group(2)
        return f'<h{level} id="{anchor}">{inner}</h{level}>' if anchor else match.group(0)

    return _HEADING.sub(add_id, rendered)


class PlainBuildError(Exception):
    """The plain edition cannot be written (a clear message for the command line)."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: tuple[str, ...]          # every file written, relative to ``out``
    pages: tuple[str, ...]          # the HTML pages among them


class _Builder:
    def __init__(self, site: Site, scenarios: dict[str, dict[str, Scenario]], site_url: str, base_path: str):
        self.site = site
        self.scenarios = scenarios
        self.site_url = site_url.rstrip("/")
        self.base_path = base_path.rstrip("/")
        self.base_url = self.site_url + self.base_path
        self.cat = catalogue()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.files: dict[str, str | bytes] = {}
        self.css_file = self.fingerprinted(STYLESHEET, "plain", "css")
        self.icon_file = self.fingerprinted(ICON, "icon", "png")

    def fingerprinted(self, source: Path, name: str, suffix: str) -> str:
        """Copy ``source`` in under a name that changes with its bytes (so it can be cached for good)."""
        data = source.read_bytes()
        file = f"{name}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"
        self.files[file] = data
        return file

    # ---- addresses
    def interactive(self, path: str, lang: str, **params: str) -> str:
        """An absolute address on the interactive site (``?lang=`` when not English)."""
        if lang != DEFAULT_LANG:
            params = {**params, "lang": lang}
        return self.site_url + path + ("?" + urlencode(params) if params else "")

    def file_for(self, lang: str, slug: str) -> str:
        """The plain file of a content page slug, of the list of examples ("walkthrough")."""
        if slug == paths.WALKTHROUGH:
            return paths.examples(lang)
        return paths.content_page(lang, slug)

    def rewrite_links(self, rendered: str, here: str, lang: str) -> str:
        """Links to the site's own pages (``/slug``, ``/walkthrough?scenario=``) become relative links
        inside the folder; links to pages only the interactive site has become absolute."""
        pages = {page.slug for page in self.site.pages(lang)}

        def replace(match: re.Match) -> str:
            target = urlsplit(html.unescape(match.group(1)))
            slug = target.path.strip("/") or "home"
            fragment = f"#{target.fragment}" if target.fragment else ""
            scenario = (parse_qs(target.query).get("scenario") or [None])[0]
            file = paths.for_address(lang, slug, pages=pages, scenario_id=scenario,
                                     scenarios=frozenset(self.scenarios.get(lang, {})))
            if file is not None:
                href = paths.relative(here, file) + fragment
            else:
                params = {k: v[0] for k, v in parse_qs(target.query).items()}
                href = self.interactive(target.path, lang, **params) + fragment
            return f'href="{html.escape(href)}"'

        return _HREF.sub(replace, rendered)

    def contact_markdown(self, lang: str) -> str:
        """How to reach whoever runs this copy ([[contact]]), or that nobody can be reached here."""
        lines, links = frame_model_core.contact_parts(lang, contact.from_env(), self.cat)
        return "\n\n".join([*lines, *(f"[{link.label}]({link.href})" for link in links)])

    def routes_markdown(self, lang: str) -> str:
        """The Home page's routes onward ([[routes]]) as a Markdown list, from the shared frame model."""
        every_page = [item["page"] for item in self.cat.get(lang, "frame.routes.items")]
        heading, routes = frame_model_core.build_routes(self.site, lang, every_page, cat=self.cat)
        return f"### {heading}\n\n" + "\n".join(
            f"- [{route.link.label}]({route.link.href}): {route.about}" for route in routes)

    def label(self, lang: str, group: str, value: str) -> str:
        """The words for an identifier (``walkthrough.<group>.<value>``), or the value itself."""
        labels = self.cat.get(lang, f"walkthrough.{group}")
        return str(labels.get(value, value)) if isinstance(labels, dict) else value

    def markdown(self, text: str, here: str, lang: str) -> str:
        return _wrap_tables(self.rewrite_links(_heading_ids(markdown_to_html(text)), here, lang))

    def inline(self, text: str, here: str, lang: str) -> str:
        """Markdown for one line (no surrounding paragraph)."""
        rendered = self.markdown(text, here, lang).strip()
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            rendered = rendered[3:-4]
        return rendered

    # ---- one page
    def render(self, template: str, file: str, lang: str, meta: pagemeta.PageMeta, here: str,
               interactive_url: str, updated=None, alternates: dict[str, str] | None = None, **values) -> None:
        alternates = alternates or {}
        other = {code: paths.relative(file, target) for code, target in alternates.items() if code != lang}
        frame = frame_model(
            self.site, lang, here=here, interactive_url=interactive_url,
            search_url=self.interactive("/search", lang),
            link_to=lambda code, slug: paths.relative(file, self.file_for(code, slug)),
            other_languages=other, updated=updated,
            interactive_pages=tuple((section, order, key, self.interactive(address, lang))
                                    for section, order, key, address in INTERACTIVE_PAGES))
        language = self.site.language(lang)
        text = self.env.get_template(template).render(
            frame=frame, meta=meta, lang=lang, html_lang=language.html_lang,
            og_locale=f"{language.html_lang}_GB",
            canonical=f"{self.base_url}/{file}",
            alternates=[(self.site.language(code).html_lang, f"{self.base_url}/{target}")
                        for code, target in alternates.items()],
            css=paths.relative(file, self.css_file),
            icon=paths.relative(file, self.icon_file),
            t=lambda key, **v: self.cat.t(lang, key, **v),
            tn=lambda key, n, **v: self.cat.tn(lang, key, n, **v),
            md=lambda text: Markup(self.markdown(text, file, lang)),
            inline=lambda text: Markup(self.inline(text, file, lang)),
            link=lambda target: paths.relative(file, target),
            label=lambda group, value: self.label(lang, group, value),
            **values)
        self.files[file] = text

    def content_page(self, lang: str, slug: str) -> None:
        page = self.site.page(lang, slug)
        file = paths.content_page(lang, slug)
        language = self.site.language(lang)
        layers = []
        for layer in LAYERS:
            parts = []
            for kind, arg in split_directives(page.layers[layer]):
                if kind == "markdown":
                    parts.append(("html", Markup(self.markdown(arg, file, lang))))
                elif kind == "figure":
                    figure = self.site.figure(lang, arg)
                    sources = self.site.sources_in(lang)
                    names = "; ".join(sources[s].title for s in figure.sources if s in sources)
                    parts.append(("figure", {"figure": figure, "sources": names}))
                elif kind in ("bibliography", "contact", "routes"):
                    # the same words and links the interactive page shows there
                    shown = {"bibliography": lambda: bibliography_markdown(self.site, lang, self.cat),
                             "contact": lambda: self.contact_markdown(lang),
                             "routes": lambda: self.routes_markdown(lang)}[kind]()
                    parts.append(("html", Markup(self.markdown(shown, file, lang))))
                else:
                    parts.append((kind, None))
            layers.append({"id": layer, "heading": language.layer_headings[layer], "parts": parts})
        glossary = self.site.glossary(lang)
        terms = terms_used("\n".join(page.layers.values()), glossary) if slug != "glossary" else []
        reading = measure(layer_as_read(self.site, lang, page.layers["short"], self.cat))
        headings = self.cat.get(lang, "frame.nation_note_headings")
        nation_notes = [(headings[nation], note) for nation, note in page.nation_notes.items() if nation in headings]
        self.render(
            "page.html", file, lang, pagemeta.content_page(page), slug,
            self.interactive("/" if slug == "home" else f"/{slug}", lang), updated=page.updated,
            alternates={code: paths.content_page(code, slug) for code in self.site.languages
                        if self.site.page(code, slug) is not None},
            page=page, layers=layers, glossary=glossary, terms=terms, reading=reading,
            nation_notes=nation_notes, sources=[self.site.sources_in(lang)[s] for s in page.sources],
            bar_html=_bar_html,
            glossary_file=paths.content_page(lang, "glossary") if self.site.page(lang, "glossary") else None)

    def examples_page(self, lang: str) -> None:
        file = paths.examples(lang)
        scenarios = list(self.scenarios.get(lang, {}).values())
        self.render(
            "examples.html", file, lang, pagemeta.page_file(lang, paths.WALKTHROUGH), paths.WALKTHROUGH,
            self.interactive(f"/{paths.WALKTHROUGH}", lang),
            alternates={code: paths.examples(code) for code in self.site.languages},
            scenarios=[(s, paths.relative(file, paths.scenario(lang, s.id))) for s in scenarios])

    def scenario_page(self, lang: str, scenario: Scenario) -> None:
        file = paths.scenario(lang, scenario.id)
        scenarios = self.scenarios.get(lang, {})
        related = [(scenarios[other].title, paths.relative(file, paths.scenario(lang, other)))
                   for other in scenario.related if other in scenarios]
        your_rights = (paths.relative(file, paths.content_page(lang, "your-rights"))
                       if self.site.page(lang, "your-rights") else None)
        self.render(
            "scenario.html", file, lang, pagemeta.scenario_page(lang, scenario), paths.WALKTHROUGH,
            self.interactive(f"/{paths.WALKTHROUGH}", lang, scenario=scenario.id),
            updated=scenario.updated,
            alternates={code: paths.scenario(code, scenario.id) for code in self.site.languages
                        if scenario.id in self.scenarios.get(code, {})},
            scenario=scenario, related=related, your_rights=your_rights,
            sources=[self.site.sources_in(lang)[s] for s in scenario.sources if s in self.site.sources_in(lang)],
            source_names=lambda ids: "; ".join(f"{self.site.sources_in(lang)[i].title} ({self.site.sources_in(lang)[i].year})"
                                               for i in ids if i in self.site.sources_in(lang)),
            said_line=lambda said: said_markdown(said, self.site, lang, self.cat),
            what_if=self.interactive("/what-if", lang, scenario=scenario.id),
            leaflet=self.interactive("/leaflets", lang, scenario=scenario.id),
            examples_file=paths.relative(file, paths.examples(lang)))

    def landing_page(self) -> None:
        """``index.html`` at the top of the folder: the site's name and a link to each language."""
        languages = [(code, self.site.language(code), self.cat.t(code, "frame.site_name"),
                      self.cat.t(code, "frame.site_tagline"), paths.content_page(code, "home"))
                     for code in self.site.languages]
        languages.sort(key=lambda item: item[0] != DEFAULT_LANG)
        title = " / ".join(dict.fromkeys(name for _, _, name, _, _ in languages))
        first = languages[0][1]
        self.files["index.html"] = self.env.get_template("index.html").render(
            languages=languages, title=title, html_lang=first.html_lang,
            description=" / ".join(tagline for _, _, _, tagline, _ in languages),
            canonical=f"{self.base_url}/index.html", css=self.css_file, icon=self.icon_file)

    # ---- the whole folder
    def build(self) -> None:
        for lang in self.site.languages:
            for page in self.site.pages(lang):
                self.content_page(lang, page.slug)
            self.examples_page(lang)
            for scenario in self.scenarios.get(lang, {}).values():
                self.scenario_page(lang, scenario)
        self.landing_page()
        pages = sorted(name for name in self.files if name.endswith(".html"))
        self.files["sitemap.xml"] = self.env.get_template("sitemap.xml").render(
            urls=[f"{self.base_url}/{name}" for name in pages]
            + [self.site_url + meta.address for meta in self.interactive_addresses()
               if not meta.step or meta.step == 1])
        self.files["robots.txt"] = "User-agent: *\n" + "".join(
            f"Disallow: {path}\n" for path in ROBOTS_DISALLOW) + f"Sitemap: {self.base_url}/sitemap.xml\n"
        self.files[MARKER] = json.dumps(self.pages_json(), ensure_ascii=False, indent=1) + "\n"

    def interactive_addresses(self) -> list[pagemeta.PageMeta]:
        return [meta for meta in pagemeta.every_address(self.site, self.scenarios)
                if meta.path.strip("/") not in ("workshop", "facilitate")]

    def pages_json(self) -> dict:
        """Every address of the interactive site with its title and description, and its plain page,
        for the deploy's nginx (``deploy/render_nginx.py`` reads it: it puts them into the HTML it
        returns for each address, and a link to the plain page for browsers without JavaScript)."""
        addresses = []
        for meta in pagemeta.every_address(self.site, self.scenarios, whole_examples=True):
            pages = {page.slug for page in self.site.pages(meta.lang)}
            plain = paths.for_address(meta.lang, meta.path, pages=pages, scenario_id=meta.scenario,
                                      scenarios=frozenset(self.scenarios.get(meta.lang, {})))
            addresses.append({**asdict(meta), "address": meta.address,
                              "plain": plain or paths.content_page(meta.lang, "home")})
        return {
            "site_url": self.site_url, "plain_path": self.base_path, "default_lang": DEFAULT_LANG,
            "languages": {code: {"html_lang": self.site.language(code).html_lang,
                                 "site_name": pagemeta.site_name(code),
                                 "description": self.cat.t(code, "frame.site_tagline"),
                                 "plain_link": self.cat.t(code, "frame.plain_version_link"),
                                 "plain_home": paths.content_page(code, "home")}
                          for code in self.site.languages},
            "addresses": addresses}


def _wrap_tables(rendered: str) -> str:
    """Each table in a box that scrolls sideways on its own when the table is wider than a phone (the
    page itself never does), which the keyboard can reach (tabindex) and a screen reader names by
    the table's column headings."""
    def wrap(match: re.Match) -> str:
        table = match.group(0)
        head = re.search(r"<thead>(.*?)</thead>", table, re.S)
        names = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
                 for cell in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1) if head else "", re.S)]
        label = html.escape(", ".join(name for name in names if name), quote=True)
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">{table}</div>'

    return re.sub(r"<table>.*?</table>", wrap, rendered, flags=re.S)


def _bar_html(figure) -> Markup:
    from ..figures import bar_html  # Altair and pandas are imported only when a bar figure is drawn

    return Markup(bar_html(figure))


def build(out: Path | str, *, site_url: str | None = None, base_path: str = paths.SERVED_AT,
          content_dir: Path = CONTENT_DIR) -> BuildResult:
    """Write the plain edition into ``out`` (replaced as a whole, only if it is empty or an earlier
    build). ``site_url``: the interactive site's address (``NDL_SITE_URL`` when None); ``base_path``:
    where the folder is served under it (for canonical addresses and the sitemap)."""
    out = Path(out).resolve()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise PlainBuildError(f"{out} is not empty and is not an earlier plain edition; "
                              "choose an empty or new folder")
    site = load_site(content_dir)
    scenarios = {lang: load_scenarios(content_dir, lang) for lang in site.languages}
    base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    builder = _Builder(site, scenarios, siteurl.site_url() if site_url is None else siteurl.normalise(site_url)
                       or siteurl.DEFAULT_SITE_URL, base_path)
    builder.build()
    # Written next to the old folder, then swapped in: a server never sees a half-written edition.
    staging = out.with_name(f".{out.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    for name, data in builder.files.items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    names = tuple(sorted(builder.files))
    return BuildResult(out, names, tuple(name for name in names if name.endswith(".html")))
