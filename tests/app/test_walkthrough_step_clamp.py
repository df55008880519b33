"""A walkthrough address with a step number too long to be a step (issue 17: ``step=9999999999``
showed step 1 while the address kept the number). The page shows the step the address is read as,
and the address then says so."""
from __future__ import annotations

import pytest

from tests.app.test_walkthrough import SCENARIOS, shown_step, url_step
from tests.apptest import open_page


@pytest.mark.parametrize("raw", ["9999999999", "99999999999999999999", "0000000000007"])
def test_an_address_with_a_huge_step_says_the_step_that_is_shown(raw):
    scenario = SCENARIOS["warm-home-discount"]
    at = open_page("walkthrough", {"scenario": scenario.id, "step": raw})
    assert not at.exception, at.exception
    shown = shown_step(at)
    assert url_step(at) == (None if shown == 1 else str(shown)), (raw, shown, url_step(at))


def test_ordinary_numbers_are_left_as_they_are():
    scenario = SCENARIOS["warm-home-discount"]
    last = open_page("walkthrough", {"scenario": scenario.id, "step": "99"})
    assert shown_step(last) == scenario.step_count and url_step(last) == "99"
