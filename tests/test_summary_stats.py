"""The descriptive statistics behind the summary: rounding a reader expects, durations in words."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    ("values", "mean", "median", "sd"),
    [
        # 14 0 150 86 56 42: sum 348, mean 58; sorted 0 14 42 56 86 150, median (42 + 56) / 2 = 49;
        # squared deviations 1936 + 3364 + 8464 + 784 + 4 + 256 = 14808, / (6 - 1) = 2961.6, sd 54.4206.
        ([14, 0, 150, 86, 56, 42], 58, 49, 54.4206),
        # mean 10 / 4 = 2.5; median (2 + 3) / 2 = 2.5; 2.25 + 0.25 + 0.25 + 2.25 = 5, / 3, sd 1.2910.
        ([4, 1, 3, 2], 2.5, 2.5, 1.2910),
        # mean 21 / 3 = 7; median 5 (the middle one); 16 + 4 + 36 = 56, / 2 = 28, sd 5.2915.
        ([13, 3, 5], 7, 5, 5.2915),
        # mean 40 / 8 = 5; median (4 + 5) / 2 = 4.5; squared deviations sum to 32, / 7, sd 2.1381.
        ([2, 4, 4, 4, 5, 5, 7, 9], 5, 4.5, 2.1381),
        # all equal: no spread.
        ([7, 7, 7], 7, 7, 0),
        # mean (1.5 + 2.25) / 2 = 1.875; 0.140625 * 2 = 0.28125, / 1, sd 0.5303.
        ([1.5, 2.25], 1.875, 1.875, 0.5303),
    ],
)
def test_describe_worked_by_hand(values, mean, median, sd):
    description = describe(values)
    assert description is not None
    assert description.n == len(values)
    assert description.mean == pytest.approx(mean)
    assert description.median == pytest.approx(median)
    assert description.sd == pytest.approx(sd, abs=5e-5)
    assert (description.minimum, description.maximum) == (min(values), max(values))


VALUES = st.lists(st.integers(min_value=0, max_value=730), min_size=2, max_size=50)


@given(VALUES, st.randoms(use_true_random=False))
def test_describe_does_not_depend_on_the_order_of_the_cases(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert describe(shuffled) == describe(values)


@given(VALUES, st.integers(min_value=-1000, max_value=1000))
def test_shifting_every_value_shifts_the_centre_and_keeps_the_spread(values, shift):
    before, after = describe(values), describe([v + shift for v in values])
    assert before is not None and after is not None
    assert after.mean == pytest.approx(before.mean + shift)
    assert (after.median, after.minimum, after.maximum) == (
        before.median + shift,
        before.minimum + shift,
        before.maximum + shift,
    )
    assert after.sd == pytest.approx(before.sd, rel=1e-9, abs=1e-9)


@given(VALUES, st.integers(min_value=1, max_value=20))
def test_scaling_every_value_scales_mean_median_and_sd(values, factor):
    before, after = describe(values), describe([v * factor for v in values])
    assert before is not None and after is not None and before.sd is not None
    assert after.mean == pytest.approx(before.mean * factor)
    assert after.median == before.median * factor
    assert after.sd == pytest.approx(before.sd * factor, rel=1e-9, abs=1e-9)


@given(VALUES)
def test_mean_median_and_sd_meet_their_definitions(values):
    description = describe(values)
    assert description is not None and description.sd is not None
    n = len(values)
    assert description.mean * n == pytest.approx(sum(values))  # integers: sum() is exact
    # The median splits the cases: at most half lie below it and at most half above it.
    assert 2 * sum(v < description.median for v in values) <= n
    assert 2 * sum(v > description.median for v in values) <= n
    assert description.minimum <= description.median <= description.maximum
    # The sample variance by another formula: the mean squared difference of all pairs, halved.
    pairs = sum((a - b) ** 2 for i, a in enumerate(values) for b in values[i + 1 :])
    assert description.sd**2 == pytest.approx(pairs / (n * (n - 1)), rel=1e-9, abs=1e-9)


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
    # the model's value types and the sentence splitter (quotes are cut at sentences), never a reader
    assert loaded == ["jimcode.transcripts", "jimcode.transcripts.model", "jimcode.transcripts.sentences"]
