"""Every content check in one place: structure (from loading), plain-English gates and glossary cover.

Used by ``python -m ndl_explain check`` and by the test suite."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

from . import CONTENT_DIR
from .content import Site, load_site
from .i18n import Catalogue, catalogue
from .layers import layer_as_read
from .problems import ContentError, Problem
from .yamlfile import read_yaml_file
from .readability import measure


def _catalogue_for(site: Site) -> Catalogue:
    """The interface words of the content being checked (the real ones when it has none)."""
    if any((Path(site.root) / lang / "ui").is_dir() for lang in site.languages):
        return catalogue(Path(site.root))
    return catalogue()


def readability_problems(site: Site) -> list[Problem]:
    """The *In short* layer of every page, as the visitor reads it (lists such as the glossary and
    the sources filled in), must pass the plain-language gates."""
    problems = []
    cat = _catalogue_for(site)
    for lang in site.languages:
        for page in site.pages(lang):
            result = measure(layer_as_read(site, lang, page.layers["short"], cat))
            for message in result.problems(allowed_words=page.allow_words, english=lang == "en"):
                problems.append(Problem(page.path, f"'In short' layer: {message}",
                                        page.layer_lines.get("short")))
    return problems


def glossary_problems(site: Site) -> list[Problem]:
    """Technical words on the watchlist that a page uses must be defined in the glossary."""
    problems = []
    for lang, language in site.languages.items():
        names = {n.lower() for term in site.glossary(lang) for n in term.names}
        for page in site.pages(lang):
            text = "\n".join(page.layers.values())
            for word in language.jargon_watchlist:
                if word.lower() in names:
                    continue
                if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
                    problems.append(Problem(page.path, f"the page uses '{word}' but the glossary "
                                            f"(content/{lang}/glossary.yaml) does not explain it."))
    return problems


DRAFT_COMMENT_RE = re.compile(r"^#.*\bdraft translation\b", re.IGNORECASE | re.MULTILINE)


def translation_state_problems(root: Path, site: Site) -> list[Problem]:
    """A language whose words are partly a draft must say so in its language.yaml
    (``translation: draft``): that is what makes the frame show the draft notice on every page and
    screen. Draft parts are pages and examples marked ``translation: draft`` and files whose header
    comment says "Draft translation"."""
    problems = []
    for code, language in site.languages.items():
        if language.translation == "draft":
            continue
        drafts = [page.path for page in site.pages(code) if page.translation == "draft"]
        lang_dir = Path(root) / code
        for path in sorted(lang_dir.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if DRAFT_COMMENT_RE.search(text) or re.search(r"^translation:\s*draft\s*$", text, re.MULTILINE):
                drafts.append(path)
        if drafts:
            problems.append(Problem(
                lang_dir / "language.yaml",
                f"{len(drafts)} file(s) in content/{code} are marked as a draft translation (for example "
                f"{drafts[0].relative_to(Path(root))}), but this file does not say 'translation: draft'. "
                "Add that line, so every page and screen shows the draft notice, or mark those files "
                "reviewed once a fluent speaker has checked them."))
    return problems


def _said_items(node, where=()):
    """Every "what people said" item (a mapping with 'who' and 'quote') in a YAML document, with its path."""
    if isinstance(node, dict):
        if "quote" in node and "who" in node:
            yield where, node
        for key, value in node.items():
            yield from _said_items(value, where + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _said_items(value, where + (index,))


def quote_translation_problems(root: Path, site: Site) -> list[Problem]:
    """In a language whose language.yaml names a ``quote_translation`` label (Welsh: "Cyfieithiad"),
    every participant quote keeps its exact words and gives their rendering: on pages as
    '> "exact words" [Cyfieithiad: "..."] — who', in examples and the "what if" rules as a
    'translation:' under the 'quote:'."""
    problems = []
    for code, language in site.languages.items():
        label = language.quote_translation
        if not label:
            continue
        marker = f"[{label}:"
        for page in site.pages(code):
            for layer, text in page.layers.items():
                for offset, line in enumerate(text.splitlines()):
                    if line.lstrip().startswith(">") and marker not in line:
                        problems.append(Problem(page.path, f"this quote has no rendering in this language: after "
                                                f"the exact words add {marker} \"...\"] (then the speaker).",
                                                page.layer_lines.get(layer, 1) + 1 + offset))
        lang_dir = Path(root) / code
        files = sorted((lang_dir / "scenarios").glob("*.yaml")) + [lang_dir / "what_if.yaml"]
        for path in files:
            if not path.exists():
                continue
            try:
                data, lines = read_yaml_file(path)
            except ContentError:
                continue  # the scenario checks report unreadable files
            for where, item in _said_items(data):
                if not str(item.get("translation") or "").strip():
                    problems.append(Problem(path, "this quote has no Welsh rendering: add a 'translation:' line under "
                                            "the 'quote:' with the words in this language." if code == "cy" else
                                            f"this quote has no rendering in '{code}': add a 'translation:' line "
                                            "under the 'quote:'.", lines.line(*where, "quote")))
    return problems


YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def status_label_problems(root: Path, site: Site) -> list[Problem]:
    """Every example's ``status`` is labelled for what it is, on the site and on leaflets, in every
    language: each status has its own site label (ui/walkthrough.yaml 'statuses') and its own
    leaflet tag (leaflets.yaml 'labels: status_<status>'), so nothing falls back to another status's
    words; and a real example's note says when it was described (the year of one of its sources),
    because details may have changed since."""
    from .scenarios import STATUSES, scenario_problems

    problems: list[Problem] = []
    root = Path(root)
    for code in site.languages:
        lang_dir = root / code
        if not (lang_dir / "scenarios").is_dir():
            continue
        scenarios, _ = scenario_problems(root, code)  # their own mistakes are reported by scenarios.py
        used = {s.status for s in scenarios.values()}
        walkthrough = lang_dir / "ui" / "walkthrough.yaml"
        site_labels: dict = {}
        if walkthrough.exists():
            data, _lines = read_yaml_file(walkthrough)
            site_labels = (data or {}).get("statuses") or {}
        leaflet_labels: dict = {}
        leaflets = lang_dir / "leaflets.yaml"
        if leaflets.exists():
            data, _lines = read_yaml_file(leaflets)
            leaflet_labels = (data or {}).get("labels") or {}
        for status in STATUSES:
            if status in used and not str(site_labels.get(status) or "").strip():
                problems.append(Problem(walkthrough, f"examples with status '{status}' have no label here: add "
                                        f"'{status}:' under 'statuses:'."))
            if status in used and leaflets.exists() and not str(leaflet_labels.get(f"status_{status}") or "").strip():
                problems.append(Problem(leaflets, f"examples with status '{status}' have no leaflet tag: add "
                                        f"'status_{status}:' under 'labels:' (without it a leaflet would use "
                                        "another status's tag)."))
        for kind, labels, path in (("site", site_labels, walkthrough), ("leaflet", leaflet_labels, leaflets)):
            texts = [str(labels.get(s if kind == "site" else f"status_{s}") or "").strip() for s in STATUSES]
            texts = [t for t in texts if t]
            if len(set(texts)) < len(texts):
                problems.append(Problem(path, f"two statuses share the same {kind} label; each kind of example needs "
                                        "its own words."))
        for scenario in scenarios.values():
            if scenario.status != "real":
                continue
            years = {str(site.sources[s].year) for s in scenario.sources if s in site.sources}
            if not set(YEAR_RE.findall(scenario.status_note)) & years:
                problems.append(Problem(scenario.path or lang_dir, "a real example's status_note must say where and "
                                        "when it was described: give the year of one of its sources "
                                        f"({', '.join(sorted(years))}), and say details may have changed."))
    return problems


NUMBER_RE = re.compile(r"£?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|£?\d+(?:\.\d+)?%?")


def _number(token: str) -> float:
    return float(token.strip("£%").replace(",", ""))


def _distinctive(token: str) -> bool:
    """A number specific enough to recognise wherever it is repeated (8,636, £5,000, 35%), not a
    small count or a year."""
    if "," in token or token.startswith("£") or token.endswith("%"):
        return True
    value = _number(token)
    return value >= 1000 and not (1900 <= value <= 2100 and float(value).is_integer())


def _cell(text: str) -> str:
    text = re.sub(r"[*_`]", "", text).strip().lower()
    text = re.sub(r"(?<=\d)\s*[–-]\s*(?=\d)", " to ", text)
    return re.sub(r"\s+", " ", text)


def _figure_texts(figure) -> list[str]:
    texts = [figure.title, figure.alt, figure.caption]
    for key in ("data", "steps", "nodes"):
        for item in figure.spec.get(key) or []:
            if isinstance(item, dict):
                texts += [str(v) for k, v in item.items() if k != "value" and isinstance(v, str)]
    return [t for t in texts if t]


def figure_number_problems(root: Path, site: Site) -> list[Problem]:
    """Numbers repeated from a figure agree with it: the picture in words (alt) gives every number in
    a bar chart; a table row on a page that names a bar's label gives that bar's number; and no page
    or example has a near miss of a figure's distinctive number (8,663 where the figure says 8,636)."""
    problems: list[Problem] = []
    root = Path(root)
    for code in site.languages:
        figures = site._figures.get(code, {})  # noqa: SLF001 - the checks read the loaded content
        for figure_id, figure in sorted(figures.items()):
            path = root / code / "figures" / f"{figure_id}.yaml"
            items = [i for i in figure.spec.get("data") or [] if isinstance(i, dict)] if figure.kind == "bar" else []
            in_words = [_number(t) for t in NUMBER_RE.findall(figure.alt)]
            for item in items:
                value = float(item["value"])
                wanted = sum(1 for i in items if float(i["value"]) == value)
                if in_words.count(value) < wanted:
                    problems.append(Problem(path, f"the chart shows {item['value']} for '{item['label']}', but the "
                                            "picture in words ('alt') does not give that number: make them agree."))
            labels = [_cell(str(i["label"])) for i in items]
            for page in site.pages(code):
                for layer, text in page.layers.items():
                    for offset, line in enumerate(text.splitlines()):
                        if not line.lstrip().startswith("|"):
                            continue
                        cells = [_cell(c) for c in line.strip().strip("|").split("|")]
                        numbers = {_number(t) for c in cells for t in NUMBER_RE.findall(c) if NUMBER_RE.fullmatch(c)}
                        for item, label in zip(items, labels):
                            group = _cell(str(item.get("group", "")))
                            if label not in cells or (labels.count(label) > 1 and group not in cells):
                                continue
                            if float(item["value"]) not in numbers:
                                problems.append(Problem(
                                    page.path, f"this table row gives '{item['label']}' but not the number "
                                    f"{item['value']} that figure '{figure_id}' shows for it "
                                    f"(content/{code}/figures/{figure_id}.yaml): make them agree.",
                                    page.layer_lines.get(layer, 1) + 1 + offset))
            distinctive = {t for text in _figure_texts(figure) for t in NUMBER_RE.findall(text) if _distinctive(t)}
            if not distinctive:
                continue
            sources = [(p.path, "\n".join(p.layers.values())) for p in site.pages(code)]
            sources += [(s, s.read_text(encoding="utf-8")) for s in sorted((root / code / "scenarios").glob("*.yaml"))]
            for where, text in sources:
                for token in set(NUMBER_RE.findall(text)):
                    if not _distinctive(token) or token in distinctive:
                        continue
                    for known in distinctive:
                        a, b = _number(token), _number(known)
                        same_kind = (token.startswith("£"), token.endswith("%")) == (known.startswith("£"), known.endswith("%"))
                        if same_kind and a != b and len(str(int(a))) == len(str(int(b))) and abs(a - b) <= 0.2 * b:
                            problems.append(Problem(where, f"{token} is close to {known} in figure '{figure_id}' "
                                                    f"(content/{code}/figures/{figure_id}.yaml) but not the same: if "
                                                    "they are the same fact, make them agree."))
    return problems


def _optional_checks(root: Path, site: Site) -> list[Problem]:
    """Checks contributed by other parts of the core (scenarios, leaflets, workshop words)."""
    problems: list[Problem] = []
    for module_name in ("ndl_explain.scenarios", "ndl_explain.workshop", "ndl_explain.leaflets.checks",
                        "ndl_explain.search"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        check = getattr(module, "check_content", None)
        if check is not None:
            try:
                problems.extend(check(root, site))
            except ContentError as exc:
                problems.extend(exc.problems)
    return problems


def run_checks(root: Path = CONTENT_DIR) -> list[Problem]:
    """All problems in the content under ``root`` (empty list when everything is fine)."""
    try:
        site = load_site(root)
    except ContentError as exc:
        return exc.problems
    return (readability_problems(site) + glossary_problems(site) + translation_state_problems(Path(root), site)
            + quote_translation_problems(Path(root), site) + status_label_problems(Path(root), site)
            + figure_number_problems(Path(root), site)
            + _optional_checks(Path(root), site))
