"""Every translation mirrors English: same files, headings, markers, links, sources and interface keys."""
from __future__ import annotations

import re
import string

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import LAYERS, load_site
from ndl_explain.i18n import catalogue

SITE = load_site()
OTHER_LANGS = [lang for lang in SITE.languages if lang != "en"]
pytestmark = pytest.mark.skipif(not OTHER_LANGS, reason="no translation yet")

HEADING = re.compile(r"^(#{3,6})\s", re.MULTILINE)
MARKER = re.compile(r"^\[\[[^\]]+\]\]\s*$", re.MULTILINE)
# An internal link's page and query (its #part names a heading, whose words are the translation's own).
LINK = re.compile(r"\]\((/[^)\s#]*)(?:#[^)\s]*)?\)")


def structure(text: str) -> dict:
    return {
        "headings": [len(h) for h in HEADING.findall(text)],
        "markers": MARKER.findall(text),
        "links": sorted(LINK.findall(text)),
    }


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_same_page_files(lang):
    english = {p.slug for p in SITE.pages("en")}
    other = {p.slug for p in SITE.pages(lang)}
    assert other == english, f"missing in {lang}: {sorted(english - other)}; extra: {sorted(other - english)}"


@pytest.mark.parametrize("lang", OTHER_LANGS)
@pytest.mark.parametrize("slug", [p.slug for p in SITE.pages("en")])
def test_page_mirrors_english(lang, slug):
    en, other = SITE.page("en", slug), SITE.page(lang, slug)
    if other is None:
        pytest.fail(f"content/{lang}/pages/{slug}.md is missing")
    for field in ("section", "order", "sources", "proposal_notice", "icon"):
        assert getattr(other, field) == getattr(en, field), f"{field} differs from English"
    assert set(other.nation_notes) == set(en.nation_notes)
    assert other.translation in ("draft", "reviewed"), "say whether a fluent speaker has checked it"
    for layer in LAYERS:
        assert structure(other.layers[layer]) == structure(en.layers[layer]), f"layer '{layer}' differs"


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_glossary_and_figures_mirror_english(lang):
    en_terms, other_terms = SITE.glossary("en"), SITE.glossary(lang)
    assert len(other_terms) == len(en_terms)
    assert sorted(t.sources for t in other_terms) == sorted(t.sources for t in en_terms)
    for figure_id, figure in SITE._figures["en"].items():  # noqa: SLF001
        other = SITE.figure(lang, figure_id)
        assert other is not None, f"figure {figure_id} missing in {lang}"
        assert other.kind == figure.kind and other.sources == figure.sources
        values = lambda f: [d.get("value") for d in f.spec.get("data", [])]  # noqa: E731
        ids = lambda f: [n.get("id") for n in f.spec.get("nodes", [])]  # noqa: E731
        assert values(other) == values(figure) and ids(other) == ids(figure)


def _keys(node, prefix=""):
    if isinstance(node, dict) and not set(node) <= {"zero", "one", "two", "few", "many", "other"}:
        for key, value in node.items():
            yield from _keys(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip("."), node


def _placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(str(text)) if name}


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_interface_words_cover_every_english_key(lang):
    cat = catalogue(CONTENT_DIR)
    english = dict(_keys(cat.strings["en"]))
    other = dict(_keys(cat.strings.get(lang, {})))
    missing = sorted(set(english) - set(other))
    assert not missing, f"interface words missing in {lang}: {missing[:20]}"
    for key, value in english.items():
        assert _placeholders(other[key]) == _placeholders(value), f"{key}: placeholders differ"


def _yaml_shape(node):
    """The shape of a YAML document: keys, list lengths, and every non-text value (ids, codes, numbers)."""
    if isinstance(node, dict):
        return {k: _yaml_shape(v) for k, v in node.items() if k not in ("translation",)}
    if isinstance(node, list):
        return [_yaml_shape(v) for v in node]
    if isinstance(node, str):
        return "text"
    return node


@pytest.mark.parametrize("lang", OTHER_LANGS)
def test_scenarios_mirror_english(lang):
    from ndl_explain.scenarios import load_scenarios

    english, other = load_scenarios(CONTENT_DIR, "en"), load_scenarios(CONTENT_DIR, lang)
    assert set(other) == set(english), f"missing in {lang}: {sorted(set(english) - set(other))}"
    for sid, scenario in english.items():
        translated = other[sid]
        assert translated.step_count == scenario.step_count, f"{sid}: number of steps differs"
        assert [s.focus for s in translated.steps] == [s.focus for s in scenario.steps], sid
        for field in ("status", "sources", "related", "life_events", "access"):
            assert getattr(translated, field) == getattr(scenario, field), f"{sid}: {field} differs"
        assert translated.translation in ("draft", "reviewed"), f"{sid}: say whether a fluent speaker checked it"


@pytest.mark.parametrize("lang", OTHER_LANGS)
@pytest.mark.parametrize("name", ["what_if.yaml", "workshop.yaml", "leaflets.yaml"])
def test_feature_words_mirror_english(lang, name):
    import yaml

    english = yaml.safe_load((CONTENT_DIR / "en" / name).read_text(encoding="utf-8"))
    path = CONTENT_DIR / lang / name
    assert path.exists(), f"content/{lang}/{name} is missing"
    other = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _yaml_shape(other) == _yaml_shape(english), f"{name}: structure, ids or numbers differ from English"
