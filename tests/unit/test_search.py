"""Site search (ndl_explain/search.py): everything on the site can be found by a word of its own,
synonyms and near misses find the right things, worries in plain words get sensible top results in
English and Welsh, and hostile input never raises and never becomes markup.

The tests take their words from the content at test time (other people edit the sentences), except
for the worries quoted in issue 20 and the topic words they are about."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.content import LAYERS, load_site
from ndl_explain.scenarios import load_scenarios
from ndl_explain.search import (
    Document,
    SearchIndex,
    SearchWords,
    Synonym,
    check_content,
    heading_id_problems,
    load_index,
    search_words_problems,
)
from ndl_explain.searchtext import (
    MARK_END,
    MARK_START,
    MAX_QUERY_CHARS,
    clean_query,
    escape,
    escape_marked,
    heading_anchor,
    words,
)

SITE = load_site()
LANGS = list(SITE.languages)
INDEX = load_index(CONTENT_DIR, SITE)
WORDS = {lang: search_words_problems(CONTENT_DIR, lang)[0] for lang in LANGS}


def _ids(doc: Document) -> str:
    return f"{doc.lang}-{doc.kind}-{doc.slug or doc.scenario or ''}-{doc.layer or doc.step or ''}-{doc.title[:40]}"


def _document_frequency(lang: str) -> Counter:
    counts: Counter = Counter()
    for doc in INDEX.documents(lang):
        counts.update(set(words(f"{doc.title} {doc.context} {doc.body}")))
    return counts


FREQUENCY = {lang: _document_frequency(lang) for lang in LANGS}


def _own_words(doc: Document, how_many: int = 5) -> list[str]:
    """The rarest words of a document's own text (not ignored, not a single letter), rarest first."""
    frequency = FREQUENCY[doc.lang]
    candidates = {w for w in words(f"{doc.title} {doc.body}")
                  if len(w) > 2 and w not in WORDS[doc.lang].ignore and not w.isdigit()}
    return sorted(candidates, key=lambda w: (frequency[w], w))[:how_many]


def _found(doc: Document, results) -> bool:
    """The document is among the results, or what stands for it: the same place, or (for a short
    answer) a section of the same page at more detail, whose link shows the short answer too."""
    for hit in results.hits:
        other = hit.document
        if other.target() == doc.target():
            return True
        if (doc.kind == "section" and doc.layer == LAYERS[0] and other.kind == "section"
                and other.slug == doc.slug and other.layer == LAYERS[1]):
            return True
    return False


ALL_DOCS = [doc for lang in LANGS for doc in INDEX.documents(lang)]


# ---------------------------------------------------------------------------------------------
# What is in the index
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_layer_example_step_and_term_is_indexed(lang):
    docs = INDEX.documents(lang)
    kinds = Counter(d.kind for d in docs)
    assert {d.slug for d in docs if d.kind == "page"} == {p.slug for p in SITE.pages(lang)}
    for page in SITE.pages(lang):
        for layer in LAYERS:
            assert any(d.slug == page.slug and d.layer == layer and d.kind == "section" for d in docs), \
                (page.slug, layer)
    scenarios = load_scenarios(CONTENT_DIR, lang)
    assert kinds["example"] == len(scenarios)
    assert kinds["step"] == sum(s.step_count for s in scenarios.values())
    assert sorted(d.title for d in docs if d.kind == "term") == sorted(t.term for t in SITE.glossary(lang))


@pytest.mark.parametrize("doc", ALL_DOCS, ids=_ids)
def test_everything_is_found_by_a_word_of_its_own(doc):
    tried = _own_words(doc)
    assert tried, "every document has words"
    assert any(_found(doc, INDEX.search(doc.lang, word)) for word in tried), tried


def _headings(lang: str, layer: str) -> list[str]:
    page = SITE.page(lang, "questions")
    return re.findall(r"^###\s+(.+)$", page.layers[layer], re.M) if page else []


QUESTIONS = [(lang, heading) for lang in LANGS for layer in LAYERS[:2] for heading in _headings(lang, layer)]
TOPICS = [(lang, heading) for lang in LANGS for heading in _headings(lang, LAYERS[2])]


@pytest.mark.parametrize("lang, question", QUESTIONS)
def test_typing_a_question_from_the_questions_page_finds_its_answer_first(lang, question):
    top = INDEX.search(lang, question).hits[0].document
    assert top.slug == "questions", (question, top.title)


@pytest.mark.parametrize("lang, topic", TOPICS)
def test_a_topic_heading_of_the_questions_page_is_found(lang, topic):
    top = [h.document for h in INDEX.search(lang, topic).hits]
    assert any(d.slug == "questions" and d.title == topic for d in top), (topic, [d.title for d in top])


@pytest.mark.parametrize("lang", LANGS)
def test_a_glossary_word_shows_its_plain_meaning(lang):
    for term in SITE.glossary(lang):
        results = INDEX.search(lang, term.term)
        hit = next((h for h in results.hits if h.document.kind == "term" and h.document.title == term.term), None)
        assert hit is not None, term.term
        plain = re.sub(r"</?mark>", "", hit.snippet_html)
        assert plain == escape(" ".join(term.meaning.split())), "the whole meaning, inline"
        assert hit.document.path() == "/glossary" and hit.document.anchor


# ---------------------------------------------------------------------------------------------
# Where results open
# ---------------------------------------------------------------------------------------------
def test_a_section_opens_its_page_at_its_detail_level_and_heading():
    more = next(d for d in INDEX.documents("en") if d.kind == "section" and d.layer == "more" and d.anchor)
    assert more.path() == ("/" if more.slug == "home" else f"/{more.slug}")
    assert more.params() == {"detail": "more"}
    assert more.params("full") == {"detail": "full"}, "never less detail than the visitor chose"
    short = next(d for d in INDEX.documents("en") if d.kind == "section" and d.layer == "short")
    assert short.params() == {}
    assert short.params("more") == {"detail": "more"}


def test_a_step_opens_the_walkthrough_at_that_step():
    steps = [d for d in INDEX.documents("en") if d.kind == "step"]
    first = next(d for d in steps if d.step == 1)
    later = next(d for d in steps if d.step == 3)
    assert first.path() == "/walkthrough" and first.params() == {"scenario": first.scenario}
    assert later.params() == {"scenario": later.scenario, "step": "3"}


@pytest.mark.parametrize("text, anchor", [
    ("Would my health record be in it?", "would-my-health-record-be-in-it"),
    ("What the NDL is — and is not", "what-the-ndl-is-and-is-not"),
    ("Children's data & school work", "childrens-data-and-school-work"),
    ("Ydy fy nghofnod iechyd ynddi?", "ydy-fy-nghofnod-iechyd-ynddi"),
    ("Rôl ehangach: hŷn, gŵyl", "rol-ehangach-hyn-gwyl"),
    ("Pwy sy'n gwirio'r rheolau?", "pwy-sy-n-gwirio-r-rheolau"),
    ("Data Protection Act 2018", "data-protection-act-2018"),
    ("UK GDPR Article 15", "uk-gdpr-article-15"),
])
def test_heading_anchors_follow_streamlits_rules(text, anchor):
    assert heading_anchor(text) == anchor


# ---------------------------------------------------------------------------------------------
# Synonyms, ignored words, Welsh first letters, near misses
# ---------------------------------------------------------------------------------------------
def _text(hit) -> set[str]:
    doc = hit.document
    return set(words(f"{doc.title} {doc.context} {doc.body}"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_synonym_finds_what_the_site_calls_it(lang):
    for synonym in WORDS[lang].synonyms:
        site_words = {w for phrase in synonym.site_says for w in phrase}
        for phrase in synonym.people_say:
            results = INDEX.search(lang, " ".join(phrase))
            assert results.hits, phrase
            found = set().union(*(_text(h) for h in results.hits[:3]))
            assert found & (site_words | set(phrase)), (phrase, [h.document.title for h in results.hits[:3]])


def test_words_people_use_find_the_sites_words():
    # issue 20: "NHS" and "GP" find health; "tax office" finds HMRC; "police" finds the justice examples
    for query in ("NHS", "GP"):
        assert "health" in _text(INDEX.search("en", query).hits[0]), query
    assert any("hmrc" in _text(h) for h in INDEX.search("en", "tax office").hits[:3])
    assert any("tax" in _text(h) for h in INDEX.search("en", "HMRC").hits[:3])
    justice = [h.document for h in INDEX.search("en", "police").hits[:3]]
    assert all(d.scenario == "justice-data-lab" for d in justice), [d.title for d in justice]


def _synthetic_index(words_: SearchWords, lang: str = "xx") -> SearchIndex:
    docs = [
        Document("section", lang, "Health records", "Your health records stay with your doctor.", slug="a", layer="more"),
        Document("section", lang, "Maps", "Detailed maps of towns for technology companies.", slug="b", layer="more"),
        Document("section", lang, "Children", "Mae data am fy mhlant yn aros yn yr ysgol.", slug="c", layer="more"),
        Document("section", lang, "Markup", 'Text with <b>tags</b>, [a link](javascript:alert(1)) and "quotes".',
                 slug="d", layer="more"),
    ]
    return SearchIndex({lang: docs}, {lang: words_})


def test_a_synonym_in_the_content_is_what_makes_the_difference():
    without = _synthetic_index(SearchWords())
    assert not without.search("xx", "zebra")
    with_it = _synthetic_index(SearchWords(synonyms=(Synonym((("zebra",),), (("health", "records"),)),)))
    assert [h.document.slug for h in with_it.search("xx", "zebra").hits] == ["a"]


def test_ignored_words_are_left_out_unless_nothing_else_is_typed():
    index = _synthetic_index(SearchWords(ignore=frozenset({"your", "with"})))
    assert [h.document.slug for h in index.search("xx", "your maps").hits] == ["b"]
    assert [h.document.slug for h in index.search("xx", "your").hits] == ["a"]


def test_welsh_first_letter_changes_come_from_the_content():
    plain = _synthetic_index(SearchWords())
    assert not plain.search("xx", "plant")
    mutating = _synthetic_index(SearchWords(first_letters=(("p", "mh"),)))
    assert [h.document.slug for h in mutating.search("xx", "plant").hits] == ["c"]


@pytest.mark.parametrize("query, wanted", [("mhlant", "plant"), ("nghofnodion", "cofnodion"),
                                            ("ddata", "data"), ("gwmniau", "cwmniau")])
def test_welsh_mutated_words_find_the_word(query, wanted):
    results = INDEX.search("cy", query)
    assert results.hits
    assert any(wanted in _text(h) or set(words(query)) & _text(h) for h in results.hits[:3])


@pytest.mark.parametrize("lang, typed, meant", [
    ("en", "helth", "health"), ("en", "recrods", "records"), ("en", "compnies", "companies"),
    ("en", "schol", "school"), ("en", "hospitl", "hospital"), ("cy", "iechid", "iechyd"),
    ("cy", "cofnodoin", "cofnodion"),
])
def test_common_misspellings_still_find_something(lang, typed, meant):
    results = INDEX.search(lang, typed)
    assert meant in results.corrected
    assert results.hits
    assert INDEX.search(lang, typed).hits[0].document == INDEX.search(lang, meant).hits[0].document


@pytest.mark.parametrize("lang", LANGS)
def test_near_misses_of_the_sites_own_words_are_put_right(lang):
    frequency = FREQUENCY[lang]
    common = [w for w, _ in frequency.most_common() if len(w) >= 7 and w.isalpha()
              and w not in WORDS[lang].ignore][:25]
    for word in common:
        typo = word[:3] + word[4:]  # one letter dropped
        if typo in INDEX._languages[lang].known or INDEX._has_match(INDEX._languages[lang], typo):  # noqa: SLF001
            continue
        results = INDEX.search(lang, typo)
        assert results.corrected, (word, typo)
        assert results.hits


def test_the_tolerance_is_small():
    assert not INDEX.search("en", "xqzvwk").hits
    assert not INDEX.search("en", "hxlxh").hits, "two letters wrong in a short word is another word"


# ---------------------------------------------------------------------------------------------
# Worries in plain words (issue 20), in English and Welsh
# ---------------------------------------------------------------------------------------------
def _top(lang: str, query: str, n: int = 1) -> list[Document]:
    return [h.document for h in INDEX.search(lang, query).hits[:n]]


@pytest.mark.parametrize("lang, query, health, companies", [
    ("en", "will my health records go to tech companies?", {"health"}, {"companies", "company"}),
    ("cy", "A fydd fy nghofnodion iechyd yn mynd i gwmnïau technoleg?", {"iechyd"}, {"cwmniau", "gwmniau"}),
])
def test_health_records_and_tech_companies(lang, query, health, companies):
    top = _top(lang, query, 3)
    about = health | companies
    assert set(words(top[0].title)) & about, [d.title for d in top]
    answers = [d for d in top if d.slug == "questions"]
    assert answers and all(set(words(d.title)) & about for d in answers), "an answer to the worry is near the top"
    found = set().union(*(set(words(f"{d.title} {d.body}")) for d in top))
    assert found & health and found & companies, "both parts of the worry are answered near the top"


@pytest.mark.parametrize("lang, query", [("en", "can the police see it?"),
                                         ("cy", "Ydy'r heddlu'n gallu ei weld?")])
def test_police(lang, query):
    assert _top(lang, query)[0].scenario == "justice-data-lab"


@pytest.mark.parametrize("lang, query", [("en", "what about my children's school data?"),
                                         ("cy", "Beth am ddata ysgol fy mhlant?")])
def test_childrens_school_data(lang, query):
    scenarios = load_scenarios(CONTENT_DIR, lang)
    at_school = {sid for sid, s in scenarios.items() if "at-school" in s.life_events}
    top = _top(lang, query, 3)
    assert top[0].scenario in at_school, [d.title for d in top]
    assert all(d.scenario in at_school for d in top[:2])


@pytest.mark.parametrize("lang, query", [("en", "health records"), ("cy", "cofnodion iechyd")])
def test_health_records_finds_the_answer_at_more_detail(lang, query):
    top = _top(lang, query, 2)
    assert all(set(words(d.title)) & {"health", "iechyd"} for d in top)
    answer = next(d for d in top if d.slug == "questions")
    assert answer.layer == "more" and answer.anchor


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------
HOSTILE = [
    None, 42, ["health"], "", "   ", "\x00\x01", "x" * 10_000, "health " * 3000,
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)> health", '"', '""', "'", "''",
    "AND", "OR", "NOT", "NEAR", "NEAR(health records)", "health AND", "OR health", "health NOT records",
    "(", ")", "((health)", "*", "health*", "-health", "-", "+health", "^health", "title:health",
    "{title}: health", "body : health", '"health', 'health"', "health ) OR ( 1=1", "'; DROP TABLE docs_en; --",
    "[link](javascript:alert(1))", "![img](http://example.com/x.png)", ":material/home: :red[x]", "$x$",
    "\ud800 health", "\u202ehealth", "\ue000health\ue001", "héålth", "💥 health 💥", "ｈｅａｌｔｈ",
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q)[:30])
def test_hostile_queries_return_cleanly_and_nothing_is_markup(lang, query):
    results = INDEX.search(lang, query)
    assert len(results.query) <= MAX_QUERY_CHARS
    assert MARK_START not in results.query and MARK_END not in results.query
    for hit in results.hits:
        for part in (hit.title_html, hit.snippet_html):
            assert re.sub(r"</?mark>", "", part).count("<") == 0, part
            assert part.count("<mark>") == part.count("</mark>")


def test_ten_thousand_characters_are_cut_to_a_sane_length_at_a_word():
    query = clean_query("health records " * 700)
    assert 0 < len(query) <= MAX_QUERY_CHARS
    assert query.split()[-1] in ("health", "records")


@pytest.mark.parametrize("syntax, plain", [
    ("health AND records", "health and records"), ("health OR records", "health or records"),
    ('NEAR("health" records*)', "near health records"), ("-health +records", "health records"),
    ('title : "health"', "title health"),
])
def test_fts_syntax_is_searched_as_plain_words(syntax, plain):
    assert INDEX.search("en", syntax).hits == INDEX.search("en", plain).hits


def test_escaping_leaves_no_markup_and_marks_only_found_words():
    index = _synthetic_index(SearchWords())
    hit = index.search("xx", "tags link quotes").hits[0]
    assert "<b>" not in hit.snippet_html and "&#60;b&#62;" in hit.snippet_html
    assert "](" not in hit.snippet_html, "no Markdown link syntax survives"
    assert hit.snippet_html.count("<mark>") >= 3
    assert escape_marked(f"a {MARK_START}<i>{MARK_END} b {MARK_START}") == "a <mark>&#60;i&#62;</mark> b <mark></mark>"


# ---------------------------------------------------------------------------------------------
# The content check
# ---------------------------------------------------------------------------------------------
def test_the_real_search_words_pass_the_check():
    assert check_content(CONTENT_DIR, SITE) == []


def test_the_check_names_the_file_and_line_of_each_mistake(content_copy):
    path = content_copy / "en" / "search.yaml"
    path.write_text(
        "synonyms:\n"
        "  - people_say: [GP]\n"
        "    site_says: [zzzunknownword]\n"
        "  - people_say: GP\n"
        "    site_say: [health]\n"
        "ignore: [the, no, two words]\n"
        "first_letters: [[p, b], [p], x]\n"
        "extra: 1\n", encoding="utf-8")
    site = load_site(content_copy)
    problems = check_content(content_copy, site)
    text = "\n".join(str(p) for p in problems)
    assert all(p.path == path for p in problems)
    assert 'people_say" must be a list' in text and '"site_say" is not a field' in text
    assert "item 2 of \"ignore\"" in text and "put them in quotes" in text
    assert "item 3 of \"ignore\"" in text
    assert "item 2 of \"first_letters\"" in text and "item 3 of \"first_letters\"" in text
    assert '"extra" is not a part' in text
    assert {p.line for p in problems} >= {4, 5, 6, 7, 8}
    path.write_text("synonyms:\n  - people_say: [GP]\n    site_says: [zzzunknownword]\n", encoding="utf-8")
    problems = check_content(content_copy, site)
    assert len(problems) == 1 and "zzzunknownword" in problems[0].message and problems[0].line == 2


def test_the_check_runs_with_python_m_ndl_explain_check(content_copy):
    from ndl_explain.checks import run_checks

    (content_copy / "cy" / "search.yaml").write_text("ignore: [yes]\n", encoding="utf-8")
    assert any("search.yaml" in str(p.path) for p in run_checks(content_copy))


# ---------------------------------------------------------------------------------------------
# Heading ids: Streamlit gives a heading the id made from its words and never makes two the same
# (its own code: the anchor is the slug of the text, nothing more), so two headings with the same
# words on one page share an id; a search result or section link reaches only one of them.
# ---------------------------------------------------------------------------------------------
def test_no_page_shows_two_headings_with_the_same_id():
    problems = heading_id_problems(SITE)
    assert problems == [], "\n".join(map(str, problems))


def test_a_heading_used_twice_on_a_page_is_named_with_its_file_and_line(content_copy):
    path = content_copy / "en" / "pages" / "what-it-is.md"
    text = path.read_text(encoding="utf-8")
    more = text.index("\n## More detail\n")
    full = text.index("\n## Full detail\n")
    text = (text[:more] + "\n### What you can do\n\nOne thing.\n" + text[more:full]
            + "\n### What you can do!\n\nAnother thing.\n" + text[full:] + "\n### Sources\n\nA list.\n")
    path.write_text(text, encoding="utf-8")
    site = load_site(content_copy)
    problems = [p for p in check_content(content_copy, site) if p.path == path]
    messages = "\n".join(p.message for p in problems)
    assert len(problems) == 2, messages
    assert "What you can do!" in messages and "what-you-can-do" in messages
    assert "Sources" in messages and all(p.line for p in problems)
    lines = text.splitlines()
    assert sorted(lines[p.line - 1] for p in problems) == ["### Sources", "### What you can do!"]
