"""jimcode.agreement.stats: published worked examples, independent implementations, invariants, nan cases."""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimcode.agreement.stats import (
    LEVELS,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)

N = None
PUBLISHED = 5e-4  # "matches to 3 decimals"
EXACT = 1e-9

# ---------------------------------------------------------------------------
# Helpers that turn published tables into reliability data (coders x units)


def from_contingency(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """Two coders' sequences from a contingency table (rows: first coder, columns: second)."""
    first: list[int] = []
    second: list[int] = []
    for row_category, row in enumerate(table):
        for column_category, count in enumerate(row):
            first += [row_category] * count
            second += [column_category] * count
    return first, second


def from_distribution(table: list[list[int]]) -> list[list[int | None]]:
    """Reliability data from a units x categories table of rater counts (raters are exchangeable)."""
    per_unit = [[category for category, count in enumerate(row) for _ in range(count)] for row in table]
    width = max(len(values) for values in per_unit)
    return [[values[j] if j < len(values) else None for values in per_unit] for j in range(width)]


def transpose(rows: list[list[int | None]]) -> list[list[int | None]]:
    return [list(column) for column in zip(*rows, strict=True)]


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C:
# 4 observers (rows) x 12 units, values 1-5, None = no value.
KRIPPENDORFF_2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
# Krippendorff (2011), example A: two observers, binary data, 10 units.
KRIPPENDORFF_2011_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]
# Gwet (2014) / irrCAC `cac.raw4raters`: the same study as Krippendorff's example C,
# rows are units and columns raters; the single rating of unit 12 sits with rater 3.
GWET_RAW_4_RATERS = transpose(
    [
        [1, 1, N, 1],
        [2, 2, 3, 2],
        [3, 3, 3, 3],
        [3, 3, 3, 3],
        [2, 2, 2, 2],
        [1, 2, 3, 4],
        [4, 4, 4, 4],
        [1, 1, 2, 1],
        [2, 2, 2, 2],
        [N, 5, 5, 5],
        [N, N, 1, 1],
        [N, N, 3, N],
    ]
)
# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses
# (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other);
# the raw form of R package irr's `diagnoses`. Rows are patients.
FLEISS_1971_PATIENTS = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip
# Wikipedia, "Fleiss' kappa", worked example: 10 subjects x 5 categories, 14 raters each.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]  # fmt: skip
# Gwet (2014) / irrCAC `distrib.6raters`: the first 15 patients of Fleiss (1971) as counts.
GWET_DISTRIB_6_RATERS = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
]  # fmt: skip
# Cohen (1960), the three-category worked example as counts of 200 units: marginals (.60, .30, .10)
# and (.50, .30, .20), p_o = .70, p_e = .41, kappa = .29/.59 = .492 (kappa depends on nothing else).
COHEN_1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]
# Gwet (2014) / irrCAC `cont3x3abstractors`: two abstractors, 100 pregnancies.
GWET_ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]


# ---------------------------------------------------------------------------
# Published worked examples


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_2011_example_c(level: str, published: float) -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011_C, level) == pytest.approx(published, abs=PUBLISHED)


def test_krippendorff_2011_binary_example() -> None:
    assert krippendorff_alpha(KRIPPENDORFF_2011_A) == pytest.approx(0.095, abs=PUBLISHED)


def test_fleiss_1971_table_1() -> None:
    data = transpose(FLEISS_1971_PATIENTS)
    assert fleiss_kappa(data) == pytest.approx(0.430, abs=PUBLISHED)
    assert fleiss_kappa(data) == pytest.approx(0.4302445, abs=1e-7)  # R irr::kappam.fleiss


def test_fleiss_wikipedia_example() -> None:
    assert fleiss_kappa(from_distribution(WIKIPEDIA_FLEISS)) == pytest.approx(0.210, abs=PUBLISHED)


def test_cohen_1960() -> None:
    first, second = from_contingency(COHEN_1960)
    assert percent_agreement([first, second]) == pytest.approx(0.70, abs=EXACT)
    assert cohen_kappa(first, second) == pytest.approx(0.29 / 0.59, abs=EXACT)
    assert cohen_kappa(first, second) == pytest.approx(0.492, abs=PUBLISHED)


def test_gwet_two_abstractors() -> None:
    """irrCAC README / Gwet (2014): Cohen .7964094, AC1 .8493305, BP .835, PA .89, alpha .7972585."""
    first, second = from_contingency(GWET_ABSTRACTORS)
    data = [first, second]
    assert cohen_kappa(first, second) == pytest.approx(0.7964094, abs=1e-7)
    assert gwet_ac1(data) == pytest.approx(0.8493305, abs=1e-7)
    assert brennan_prediger(data) == pytest.approx(0.835, abs=1e-7)
    assert percent_agreement(data) == pytest.approx(0.89, abs=1e-7)
    assert krippendorff_alpha(data) == pytest.approx(0.7972585, abs=1e-7)


def test_gwet_four_raters_with_missing_ratings() -> None:
    """irrCAC README / Gwet (2014) on cac.raw4raters: PA .8181818, AC1 .77544, Fleiss .76117, BP .77273."""
    data = GWET_RAW_4_RATERS
    assert percent_agreement(data) == pytest.approx(0.8181818, abs=1e-7)
    assert gwet_ac1(data) == pytest.approx(0.77544, abs=5e-6)
    assert fleiss_kappa(data) == pytest.approx(0.76117, abs=5e-6)
    assert brennan_prediger(data) == pytest.approx(0.77273, abs=5e-6)
    assert krippendorff_alpha(data) == pytest.approx(0.74342, abs=5e-6)


def test_gwet_six_raters_distribution() -> None:
    """irrCAC README / Gwet (2014) on distrib.6raters: AC1 .4448007, Fleiss .4139265, BP .4388889."""
    data = from_distribution(GWET_DISTRIB_6_RATERS)
    assert gwet_ac1(data) == pytest.approx(0.4448007, abs=1e-7)
    assert fleiss_kappa(data) == pytest.approx(0.4139265, abs=1e-7)
    assert brennan_prediger(data) == pytest.approx(0.4388889, abs=1e-7)
    assert percent_agreement(data) == pytest.approx(0.5511111, abs=1e-7)
    assert krippendorff_alpha(data) == pytest.approx(0.4204384, abs=1e-7)


# ---------------------------------------------------------------------------
# Independent implementations and textbook formulas on random data


def reliability_data(
    values: st.SearchStrategy, *, max_coders: int = 5, max_units: int = 30, missing: bool = True
) -> st.SearchStrategy[list[list]]:
    cell = st.one_of(st.none(), values) if missing else values
    return st.integers(2, max_coders).flatmap(
        lambda coders: st.integers(1, max_units).flatmap(
            lambda units: st.lists(st.lists(cell, min_size=units, max_size=units), min_size=coders, max_size=coders)
        )
    )


def krippendorff_package(data: list[list], level: str) -> float:
    # Imported here: numpy and the package load only for the slow comparisons that use them.
    import krippendorff
    import numpy as np

    array = np.array([[np.nan if v is None else v for v in coder] for coder in data], dtype=float)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return float(krippendorff.alpha(reliability_data=array, level_of_measurement=level))
    except ValueError:  # the package refuses data without two values or a pairable unit
        return math.nan


def assert_same(ours: float, theirs: float) -> None:
    if math.isnan(theirs) or math.isinf(theirs):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, abs=EXACT, rel=EXACT)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.slow
@FAST
@given(data=reliability_data(st.integers(0, 6)))
def test_alpha_matches_krippendorff_package_on_small_integers(level: str, data: list[list]) -> None:
    assert_same(krippendorff_alpha(data, level), krippendorff_package(data, level))


# Ratings have a finite resolution: values like 5.6e-159 beside 0 make both implementations divide
# rounding noise by rounding noise (seen: -3e-7 against 0.0), which says nothing about either.
MEASURED = st.floats(0, 1000, allow_nan=False, allow_subnormal=False).map(lambda value: round(value, 6))


@pytest.mark.parametrize("level", ["interval", "ratio", "ordinal"])
@pytest.mark.slow
@FAST
@given(data=reliability_data(MEASURED, max_units=20))
def test_alpha_matches_krippendorff_package_on_floats(level: str, data: list[list]) -> None:
    assert_same(krippendorff_alpha(data, level), krippendorff_package(data, level))


@pytest.mark.slow
@FAST
@given(data=reliability_data(st.integers(-20, 20), max_units=20))
def test_interval_alpha_matches_package_with_negative_values(data: list[list]) -> None:
    assert_same(krippendorff_alpha(data, "interval"), krippendorff_package(data, "interval"))


@pytest.mark.slow
@FAST
@given(
    pairs=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60),
    one_sided=st.lists(st.tuples(st.booleans(), st.integers(0, 4)), max_size=10),
)
def test_cohen_matches_scikit_learn(pairs: list[tuple[int, int]], one_sided: list[tuple[bool, int]]) -> None:
    from sklearn.metrics import cohen_kappa_score  # ~1 s to import; only this slow test needs it

    first = [a for a, _ in pairs]
    second = [b for _, b in pairs]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = float(cohen_kappa_score(first, second))
    assert_same(cohen_kappa(first, second), expected)
    assert_same(cohen_kappa(second, first), expected)
    # Units that only one coder coded are dropped, so adding them changes nothing.
    for first_missing, value in one_sided:
        first.append(None if first_missing else value)
        second.append(value if first_missing else None)
    assert_same(cohen_kappa(first, second), expected)


def textbook_fleiss(data: list[list]) -> float:
    """Fleiss (1971), eqs. 1-9, for complete data (every unit rated by all n coders), in exact fractions."""
    n = len(data)
    rows = [Counter(unit) for unit in zip(*data, strict=True)]
    units = len(rows)
    p_j: dict[object, Fraction] = {}
    for row in rows:
        for category, count in row.items():
            p_j[category] = p_j.get(category, Fraction(0)) + Fraction(count, units * n)
    p_i = [Fraction(sum(c * c for c in row.values()) - n, n * (n - 1)) for row in rows]
    p_bar = sum(p_i) / units
    p_e = sum(p * p for p in p_j.values())
    return math.nan if p_e == 1 else float((p_bar - p_e) / (1 - p_e))


@pytest.mark.slow
@FAST
@given(data=reliability_data(st.sampled_from("abcd"), max_coders=7, missing=False))
def test_fleiss_matches_textbook_formula_for_complete_data(data: list[list]) -> None:
    assert_same(fleiss_kappa(data), textbook_fleiss(data))


@pytest.mark.slow
@FAST
@given(data=reliability_data(st.integers(0, 3), max_coders=2, missing=False))
def test_two_coder_ac1_bp_and_percent_agreement_by_hand(data: list[list]) -> None:
    first, second = data
    units = len(first)
    agreement = sum(a == b for a, b in zip(first, second, strict=True)) / units
    q = len(set(first) | set(second))
    categories = set(first) | set(second)
    pi = {k: (first.count(k) + second.count(k)) / (2 * units) for k in categories}
    ac1_chance = sum(p * (1 - p) for p in pi.values()) / (q - 1) if q > 1 else math.nan
    assert percent_agreement(data) == pytest.approx(agreement, abs=EXACT)
    assert_same(gwet_ac1(data), (agreement - ac1_chance) / (1 - ac1_chance) if q > 1 else math.nan)
    assert_same(brennan_prediger(data), (agreement - 1 / q) / (1 - 1 / q) if q > 1 else math.nan)
    assert brennan_prediger(data, categories=range(6)) == pytest.approx((agreement - 1 / 6) / (5 / 6), abs=EXACT)


# ---------------------------------------------------------------------------
# Invariants


ALL_NOMINAL = {
    "percent_agreement": percent_agreement,
    "fleiss_kappa": fleiss_kappa,
    "brennan_prediger": brennan_prediger,
    "gwet_ac1": gwet_ac1,
    **{f"alpha_{level}": (lambda d, level=level: krippendorff_alpha(d, level)) for level in LEVELS},
}


def same_or_both_nan(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.slow
@FAST
@given(data=reliability_data(st.integers(0, 4)), seed=st.integers(0, 2**32))
def test_permuting_units_and_coders_changes_nothing(data: list[list], seed: int) -> None:
    shuffler = random.Random(seed)
    order = list(range(len(data[0])))
    shuffler.shuffle(order)
    shuffled = [[coder[i] for i in order] for coder in data]
    shuffler.shuffle(shuffled)
    for name, statistic in ALL_NOMINAL.items():
        assert same_or_both_nan(statistic(data), statistic(shuffled)), name


@pytest.mark.slow
@FAST
@given(data=reliability_data(st.integers(0, 4)), seed=st.integers(0, 2**32))
def test_cohen_is_invariant_under_unit_permutation(data: list[list], seed: int) -> None:
    first, second = data[0], data[1]
    order = list(range(len(first)))
    random.Random(seed).shuffle(order)
    assert same_or_both_nan(
        cohen_kappa(first, second), cohen_kappa([first[i] for i in order], [second[i] for i in order])
    )


@pytest.mark.slow
@FAST
@given(
    truth=st.lists(st.integers(0, 5), min_size=2, max_size=30).filter(lambda values: len(set(values)) >= 2),
    coders=st.integers(2, 5),
)
def test_perfect_agreement_is_one(truth: list[int], coders: int) -> None:
    data = [list(truth) for _ in range(coders)]
    assert cohen_kappa(truth, truth) == 1.0
    for name, statistic in ALL_NOMINAL.items():
        assert statistic(data) == pytest.approx(1.0, abs=EXACT), name


def test_missing_values_in_perfect_agreement_still_give_one() -> None:
    data = [[1, 2, 3, N, 2], [1, 2, N, 4, 2], [N, 2, 3, 4, N]]
    for name, statistic in ALL_NOMINAL.items():
        assert statistic(data) == pytest.approx(1.0, abs=EXACT), name


def test_float_nan_counts_as_missing() -> None:
    with_none = [[1, 2, 3, N], [1, 3, N, 2]]
    with_nan = [[1, 2, 3, math.nan], [1, 3, math.nan, 2]]
    for name, statistic in ALL_NOMINAL.items():
        assert same_or_both_nan(statistic(with_none), statistic(with_nan)), name


def test_string_values_work_at_the_nominal_level() -> None:
    strings = [["yes", "no", "no", "yes", N], ["yes", "no", "yes", "yes", "no"]]
    numbers = [[1, 0, 0, 1, N], [1, 0, 1, 1, 0]]
    for name in ("percent_agreement", "fleiss_kappa", "brennan_prediger", "gwet_ac1", "alpha_nominal"):
        assert ALL_NOMINAL[name](strings) == ALL_NOMINAL[name](numbers), name
    assert cohen_kappa(*strings) == cohen_kappa(*numbers)


# ---------------------------------------------------------------------------
# Undefined statistics are nan, never an exception


def test_no_variation_is_nan_for_chance_corrected_statistics() -> None:
    data = [[1, 1, 1, 1], [1, 1, 1, N], [1, N, 1, 1]]
    assert percent_agreement(data) == 1.0
    assert math.isnan(cohen_kappa(data[0], data[1]))
    assert math.isnan(fleiss_kappa(data))
    assert math.isnan(brennan_prediger(data))
    assert math.isnan(gwet_ac1(data))
    for level in LEVELS:
        assert math.isnan(krippendorff_alpha(data, level))
    # With the categories known, the free-marginal coefficients are defined (the kappa paradox).
    assert brennan_prediger(data, categories=[0, 1]) == 1.0
    assert gwet_ac1(data, categories=[0, 1]) == 1.0


def test_all_missing_is_nan_everywhere() -> None:
    data = [[N, N, N], [N, N, N]]
    assert math.isnan(cohen_kappa(*data))
    for name, statistic in ALL_NOMINAL.items():
        assert math.isnan(statistic(data)), name
    empty: list[list] = [[], []]
    assert math.isnan(cohen_kappa(*empty))
    for name, statistic in ALL_NOMINAL.items():
        assert math.isnan(statistic(empty)), name


def test_one_unit() -> None:
    agreeing = [[2], [2], [2]]
    for name, statistic in ALL_NOMINAL.items():
        if name != "percent_agreement":
            assert math.isnan(statistic(agreeing)), name
    assert math.isnan(cohen_kappa([2], [2]))
    # A single unit on which two coders differ: alpha is 0 by definition (D_o = D_e).
    assert krippendorff_alpha([[1], [2]]) == 0.0


def test_no_pairable_unit_is_nan() -> None:
    data = [[1, N, 3], [N, 2, N]]
    assert math.isnan(percent_agreement(data))
    assert math.isnan(fleiss_kappa(data))
    assert math.isnan(gwet_ac1(data))
    assert math.isnan(brennan_prediger(data))
    assert math.isnan(krippendorff_alpha(data, "interval"))
    assert math.isnan(cohen_kappa(*data))


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: percent_agreement([[1, 2, 3]]), "at least two coders"),
        (lambda: fleiss_kappa([]), "at least two coders"),
        (lambda: gwet_ac1([[1, 2, 3], [1, 2]]), "coder 1 has 3 units, coder 2 has 2"),
        (lambda: krippendorff_alpha([[1, 2], [1, 2]], "metric"), "unknown level 'metric'"),
        (lambda: krippendorff_alpha([[1, "a"], [1, 2]], "interval"), "interval level needs finite numbers"),
        (lambda: krippendorff_alpha([[1, True], [1, 2]], "ordinal"), "ordinal level needs finite numbers"),
        (lambda: krippendorff_alpha([[1, -2], [1, 2]], "ratio"), "zero or more"),
        (lambda: krippendorff_alpha(["abc", "abd"]), "coder 1 should be a list"),
        (lambda: krippendorff_alpha("abc"), "list of coders"),
        (lambda: brennan_prediger([[1, 7], [1, 2]], categories=[1, 2, 3]), "7 was coded but is not one"),
        (lambda: percent_agreement([[[1], 2], [1, 2]]), "cannot be a coded value"),
        (lambda: cohen_kappa([1, 2], [1]), "the first has 2 units, the second 1"),
    ],
)
def test_bad_input_is_a_plain_value_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call()


# ---------------------------------------------------------------------------
# Scale


@pytest.mark.slow
def test_thousands_of_units() -> None:
    """20,000 units x 3 coders: a quadratic loop over units would make the suite crawl."""
    rng = random.Random(6)
    units = 20_000
    truth = [rng.randrange(5) for _ in range(units)]
    data = [[v if rng.random() < 0.8 else rng.randrange(5) for v in truth] for _ in range(3)]
    for statistic in ALL_NOMINAL.values():
        assert 0.5 < statistic(data) <= 1.0
    assert 0.5 < cohen_kappa(data[0], data[1]) <= 1.0
