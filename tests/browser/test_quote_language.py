"""On Welsh pages, what a participant said in English is read as English: the quote's words are in an
element marked lang="en" as the browser sees it, and the Welsh translation beside it is in Welsh (the
page's language). WCAG 2.2 success criterion 3.1.2, language of parts."""
from __future__ import annotations

import pytest

from ndl_explain import CONTENT_DIR
from ndl_explain.scenarios import load_scenarios
from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser

SCENARIO = load_scenarios(CONTENT_DIR, "cy")["benefit-fraud-check"]

_LANGUAGE_OF = """(words) => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.replace(/\\s+/g, ' ').trim();
    if (text && words.includes(text)) {
      const marked = walker.currentNode.parentElement.closest('[lang]');
      found.push([text, marked ? marked.getAttribute('lang') : document.documentElement.lang]);
    }
  }
  return found;
}"""


def test_an_english_quote_on_a_welsh_walkthrough_is_read_as_english(shared_desktop, site_url):
    page = shared_desktop
    quotes = [item for item in SCENARIO.people_said if item.quote]
    open_page(page, site_url, f"/walkthrough?lang=cy&scenario={SCENARIO.id}&step={SCENARIO.step_count}")
    found = dict(page.evaluate(_LANGUAGE_OF, [" ".join(item.text.split()) for item in quotes]))
    assert found == {" ".join(item.text.split()): "en" for item in quotes}
    # the translation and the rest of the line are Welsh
    translation = " ".join(quotes[0].translation.split())
    in_welsh = page.evaluate("""(words) => {
      const quote = Array.from(document.querySelectorAll('[data-testid="stMain"] blockquote'))
        .find(b => b.textContent.replace(/\\s+/g, ' ').includes(words));
      return quote ? (quote.closest('[lang]') || document.documentElement).getAttribute('lang') : null;
    }""", translation)
    assert in_welsh == "cy"
