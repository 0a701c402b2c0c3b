"""The descriptive statistics behind the summary: rounding a reader expects, durations in words."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jimcode.summary.describe import days_text, describe, percent, percent_text, reading, whole_percent


def test_describe_the_studys_days_to_positioning():
    description = describe([14, 0, 150, 86, 56, 42])
    assert description is not None
    assert (description.n, description.mean, description.median) == (6, 58.0, 49.0)
    assert (description.minimum, description.maximum) == (0, 150)
    assert description.as_dict() == {"n": 6, "mean": 58, "median": 49, "min": 0, "max": 150, "sd": 54.42}
    assert reading(description, "days") == "mean 58 days (8 weeks), range 0 days to 5 months"
    assert reading(description, "dagen") == reading(description, "days")


def test_describe_nothing_and_one_value():
    assert describe([]) is None
    assert reading(None, "days") == "no answers"
    one = describe([14])
    assert one is not None and one.sd is None
    assert reading(one, "days") == "14 days (2 weeks), one case"
    assert reading(describe([3, 3]), "years") == "3 years, all 2 cases"
    assert reading(describe([1]), "days") == "1 day, one case"


def test_reading_for_other_units():
    assert reading(describe([3, 5, 13]), "years") == "mean 7 years, median 5, range 3 to 13 years"
    assert reading(describe([1.5, 2.25]), None) == "mean 1.9, median 1.9, range 1.5 to 2.2"


@pytest.mark.parametrize(
    ("count", "of", "expected"),
    [(5, 6, 83), (1, 6, 17), (1, 8, 13), (3, 8, 38), (2, 8, 25), (1, 3, 33), (2, 3, 67), (0, 5, 0), (7, 7, 100)],
)
def test_percentages_round_half_up(count, of, expected):
    assert whole_percent(count, of) == expected


def test_percent_of_nothing_is_none():
    assert whole_percent(0, 0) is None and percent(0, 0) is None
    assert percent_text(0, 0) == "0"
    assert percent_text(3, 6) == "3 (50%)"
    assert percent_text(0, 6) == "0"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (0, "0 days"),
        (1, "1 day"),
        (13, "13 days"),
        (14, "2 weeks"),
        (58, "8 weeks"),
        (89, "13 weeks"),
        (90, "3 months"),
        (150, "5 months"),
        (400, "13 months"),
        (730.5, "2 years"),
        (1000, "2.7 years"),
    ],
)
def test_days_in_the_unit_a_reader_would_use(days, text):
    assert days_text(days) == text


@given(st.lists(st.integers(min_value=0, max_value=730), min_size=1, max_size=50))
def test_describe_agrees_with_the_statistics_module(values):
    description = describe(values)
    assert description is not None
    assert description.mean == pytest.approx(statistics.fmean(values))
    assert description.median == statistics.median(values)
    assert (description.minimum, description.maximum) == (min(values), max(values))
    if len(values) > 1:
        assert description.sd == pytest.approx(statistics.stdev(values))


@given(st.integers(min_value=1, max_value=500), st.data())
def test_whole_percent_is_the_nearest_integer_rounding_halves_up(of, data):
    count = data.draw(st.integers(min_value=0, max_value=of))
    exact = count * 100 / of
    share = whole_percent(count, of)
    assert abs(share - exact) <= 0.5
    if abs(share - exact) == 0.5:
        assert share > exact


def test_summarising_loads_no_transcript_readers():
    import subprocess
    import sys

    code = (
        "import sys, jimcode.summary.aggregate, jimcode.summary.retrieve; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('jimcode.transcripts', 'docx')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["jimcode.transcripts", "jimcode.transcripts.model"]
