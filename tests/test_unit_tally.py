"""`UnitTally`: reliability data counted unit by unit gives the figures of the list functions, in any order."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimcode.agreement.stats import UnitTally, cohen_kappa, krippendorff_alpha, percent_agreement

CODERS = ["anna", "Bram", "cas", "dirk"]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _data(coders: int, units: int, values: st.SearchStrategy) -> st.SearchStrategy[list[list]]:
    cell = st.one_of(st.none(), values)
    return st.lists(st.lists(cell, min_size=units, max_size=units), min_size=coders, max_size=coders)


reliability = st.integers(2, 4).flatmap(
    lambda coders: st.integers(1, 40).flatmap(lambda units: _data(coders, units, st.integers(0, 4)))
)


def _tally(data: list[list], seed: int) -> UnitTally:
    units = [dict(zip(CODERS, unit, strict=False)) for unit in zip(*data, strict=True)]
    random.Random(seed).shuffle(units)
    tally = UnitTally()
    for unit in units:
        tally.add(unit)
    return tally


def _same(ours: float, theirs: float) -> bool:
    return (math.isnan(ours) and math.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.slow
@FAST
@given(reliability, st.integers(0, 1000))
def test_a_tally_gives_the_figures_of_the_lists(data, seed):
    tally = _tally(data, seed)
    assert _same(tally.percent_agreement(), percent_agreement(data))
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert _same(tally.krippendorff_alpha(level), krippendorff_alpha(data, level)), level
    if len(data) == 2:
        assert _same(tally.cohen_kappa("anna", "Bram"), cohen_kappa(*data))
    pairable = sum(1 for unit in zip(*data, strict=True) if sum(v is not None for v in unit) >= 2)
    assert tally.pairable() == pairable


@pytest.mark.slow
@FAST
@given(reliability, st.integers(0, 1000), st.integers(0, 1000))
def test_the_order_of_the_units_does_not_change_a_figure_in_its_last_bit(data, first, second):
    one, other = _tally(data, first), _tally(data, second)
    assert {k: v for k, v in one.units.items() if v} == {k: v for k, v in other.units.items() if v}
    for level in ("nominal", "interval"):
        a, b = one.krippendorff_alpha(level), other.krippendorff_alpha(level)
        assert (math.isnan(a) and math.isnan(b)) or a == b


def test_units_counted_ahead_and_taken_back_leave_the_figures_of_the_units_added():
    """How the report counts codes nobody applied: the segment's baseline for all, taken back where applied."""
    direct = UnitTally()
    for unit in ({"anna": 1, "Bram": 0}, {"anna": 0, "Bram": 0}, {"anna": 1, "Bram": 1}, {"anna": 0, "Bram": None}):
        direct.add(unit)
    corrected = UnitTally()
    corrected.add_key(UnitTally.key({"anna": 0, "Bram": 0}), 3)
    corrected.add({"anna": 1, "Bram": 0})
    corrected.add_key(UnitTally.key({"anna": 0, "Bram": 0}), -1)
    corrected.add({"anna": 1, "Bram": 1})
    corrected.add_key(UnitTally.key({"anna": 0, "Bram": 0}), -1)
    corrected.add({"anna": 0, "Bram": None})
    # Pairable: (1,0), (0,0), (1,1); n = 6 values, three of each; o_01 = o_10 = 1: alpha = 1 - 5 * 2 / (36 - 18)
    assert corrected.krippendorff_alpha() == direct.krippendorff_alpha() == pytest.approx(4 / 9)
    assert corrected.percent_agreement() == direct.percent_agreement() == pytest.approx(2 / 3)
    # N = 3, A = 2, S = 2 * 1 + 1 * 2: kappa = (3 * 2 - 4) / (9 - 4)
    assert corrected.cohen_kappa("anna", "Bram") == direct.cohen_kappa("anna", "Bram") == pytest.approx(0.4)
    assert corrected.pairable() == direct.pairable() == 3
    assert corrected.uses("anna", lambda value: value == 1) == 2


def test_metric_levels_refuse_words_in_a_tally():
    tally = UnitTally()
    tally.add({"anna": "yes", "Bram": "no"})
    with pytest.raises(ValueError, match="finite numbers"):
        tally.krippendorff_alpha("interval")
