"""Readability measures: sensible numbers, gates, and no network needed."""
import socket

import pytest

from ndl_explain import readability
from ndl_explain.readability import measure, syllables


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network is switched off in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_works_offline(no_network):
    readability._cmu.cache_clear()
    syllables.cache_clear()
    assert syllables("library") == 3
    assert measure("The cat sat on the mat.").sentences == 1


@pytest.mark.parametrize("word, count", [("data", 2), ("government", 3), ("you", 1), ("anonymised", 4),
                                         ("NDL", 3), ("2025", 2)])
def test_syllables(word, count):
    assert syllables(word) == count


def test_plain_text_scores_high_and_hard_text_low():
    easy = measure("We keep your data safe. You can ask to see it. We do not sell it.")
    hard = measure("Notwithstanding organisational heterogeneity, interdepartmental interoperability "
                   "necessitates comprehensive infrastructural standardisation.")
    assert easy.flesch > 80
    assert hard.flesch < 20
    assert easy.problems() == []
    assert any("reading ease" in p for p in hard.problems())


def test_sentence_counting_ignores_headings_quotes_and_abbreviations():
    text = "### A heading here\n\nWe use data, e.g. numbers. It helps.\n\n> \"A long quote that is not ours.\"\n\n- One item\n- Two item"
    result = measure(text)
    assert result.sentences == 4
    assert result.longest_sentence_words == 5


def test_long_sentences_and_avoided_words_are_reported():
    text = " ".join(["word"] * 26) + ". We will facilitate this and leverage that."
    result = measure(text)
    assert result.longest_sentence_words == 26
    messages = result.problems()
    assert any("26 words" in m for m in messages)
    assert any('"facilitate"' in m for m in messages) and any('"leverage"' in m for m in messages)
    assert not any('"facilitate"' in m for m in result.problems(allowed_words=frozenset({"facilitate"})))
    assert measure("The NDL would be an access facilitator.").avoided_words == ()
