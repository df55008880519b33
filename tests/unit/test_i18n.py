"""Interface words: nested keys, placeholders, plural forms (English and Welsh), fallback."""
import pytest

from ndl_explain.i18n import Catalogue, plural_category


@pytest.fixture
def catalogue(tmp_path):
    (tmp_path / "en" / "ui").mkdir(parents=True)
    (tmp_path / "cy" / "ui").mkdir(parents=True)
    (tmp_path / "en" / "ui" / "frame.yaml").write_text(
        "hello: Hello {name}\nsections:\n  about: About\nvotes:\n  one: '{n} vote'\n  other: '{n} votes'\nonly_en: English only\n")
    (tmp_path / "cy" / "ui" / "frame.yaml").write_text(
        "hello: Helo {name}\nvotes:\n  zero: '{n} pleidlais'\n  one: '{n} bleidlais'\n  two: '{n} bleidlais'\n"
        "  few: '{n} pleidlais'\n  many: '{n} pleidlais'\n  other: '{n} o bleidleisiau'\n")
    return Catalogue(tmp_path)


def test_lookup_placeholders_and_nesting(catalogue):
    assert catalogue.t("en", "frame.hello", name="Sam") == "Hello Sam"
    assert catalogue.t("cy", "frame.hello", name="Sam") == "Helo Sam"
    assert catalogue.t("en", "frame.sections.about") == "About"


def test_falls_back_to_english_and_raises_for_unknown(catalogue):
    assert catalogue.t("cy", "frame.only_en") == "English only"
    with pytest.raises(KeyError):
        catalogue.t("en", "frame.nothing")


@pytest.mark.parametrize("lang, n, category", [("en", 1, "one"), ("en", 0, "other"), ("en", 2, "other"),
                                               ("cy", 0, "zero"), ("cy", 1, "one"), ("cy", 2, "two"),
                                               ("cy", 3, "few"), ("cy", 6, "many"), ("cy", 4, "other"),
                                               ("cy", 11, "other")])
def test_plural_categories(lang, n, category):
    assert plural_category(lang, n) == category


def test_plural_text(catalogue):
    assert catalogue.tn("en", "frame.votes", 1) == "1 vote"
    assert catalogue.tn("en", "frame.votes", 5) == "5 votes"
    assert catalogue.tn("cy", "frame.votes", 2) == "2 bleidlais"
    assert catalogue.tn("cy", "frame.votes", 10) == "10 o bleidleisiau"
