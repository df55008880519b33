"""Internal links keep the visitor's choices; external links are untouched."""
from ndl_explain.links import carry_choices, choice_params, with_params


def test_choice_params_leave_out_defaults():
    assert choice_params("short", "", "en") == {}
    assert choice_params("full", "wales", "cy") == {"detail": "full", "nation": "wales", "lang": "cy"}


def test_carry_choices_on_internal_links_only():
    text = "See [how](/how-it-works), [a step](/walkthrough?scenario=x&step=2#top) and [ICO](https://ico.org.uk/)."
    out = carry_choices(text, {"lang": "cy"})
    assert "[how](/how-it-works?lang=cy)" in out
    assert "[a step](/walkthrough?lang=cy&scenario=x&step=2#top)" in out
    assert "[ICO](https://ico.org.uk/)" in out
    assert carry_choices(text, {}) == text


def test_existing_parameters_win():
    assert with_params("/x?lang=en", {"lang": "cy", "detail": "more"}) == "/x?lang=en&detail=more"
