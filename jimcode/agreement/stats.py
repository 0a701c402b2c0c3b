"""Inter-coder agreement statistics: pure functions over reliability data.

Every function takes *reliability data* oriented like the `krippendorff`
package: a sequence of coders, each a sequence of unit values of the same
length, with `None` (or a float NaN) where a coder gave no value. Values are
hashable: strings, integers, floats or booleans. (Python treats `1`, `1.0` and
`True` as the same value, so they count as one category.)

Each function returns a float, and `math.nan` where the statistic is undefined
(no pairable units, no variation to correct for chance), never raising
ZeroDivisionError. Bad input (ragged coders, fewer than two coders, an unknown
level) raises ValueError with a plain message.

Everything is counted in integers in one pass over the units: identical units are
counted once with their number (`UnitTally`), so the cost grows linearly with the
number of units, the figures do not depend on the order of the units, and the
division comes at the end. Only the ratio level of Krippendorff's alpha loops
over pairs of *distinct values* (not units). `UnitTally` takes units one at a
time, for data too large to hold as lists.

Sources:
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational
  and Psychological Measurement, 20(1), 37-46.
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
  Psychological Bulletin, 76(5), 378-382.
- Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: some uses,
  misuses, and alternatives. Educational and Psychological Measurement, 41, 687-699.
- Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
  presence of high agreement. British Journal of Mathematical and Statistical
  Psychology, 61, 29-48.
- Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.), chapter 2:
  the percent agreement, Fleiss, Brennan-Prediger and AC1 coefficients for
  units rated by varying numbers of raters (as in Gwet's R package irrCAC).
- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
  Annenberg School for Communication, University of Pennsylvania.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from numbers import Real
from typing import Literal, cast

Value = Hashable
ReliabilityData = Sequence[Sequence[Value | None]]
Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

__all__ = [
    "LEVELS",
    "Level",
    "ReliabilityData",
    "UnitTally",
    "brennan_prediger",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
]


# ---------------------------------------------------------------------------
# Input checking and counting


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _check_coder(coder: object, label: str) -> Sequence[object]:
    if isinstance(coder, str | bytes) or not isinstance(coder, Sequence):
        raise ValueError(f"{label} should be a list of unit values, got {type(coder).__name__}")
    return coder


def _count(values: Iterable[object], where: str) -> Counter[Value]:
    present = [value for value in values if not _is_missing(value)]
    try:
        return Counter(present)
    except TypeError:
        bad = next(value for value in present if not isinstance(value, Hashable))
        raise ValueError(f"{where}: {bad!r} cannot be a coded value; use a string or a number") from None


def _unit_counts(data: ReliabilityData) -> list[Counter[Value]]:
    """Check the reliability data and count, per unit, how often each value was given."""
    if isinstance(data, str | bytes) or not isinstance(data, Sequence):
        raise ValueError("reliability data should be a list of coders, each a list of unit values")
    coders = [_check_coder(coder, f"coder {number}") for number, coder in enumerate(data, start=1)]
    if len(coders) < 2:
        raise ValueError(f"agreement needs at least two coders, got {len(coders)}")
    lengths = {len(coder) for coder in coders}
    if len(lengths) > 1:
        first = len(coders[0])
        number = next(n for n, coder in enumerate(coders, start=1) if len(coder) != first)
        raise ValueError(
            f"every coder needs one value (or None) per unit: coder 1 has {first} units, "
            f"coder {number} has {len(coders[number - 1])}"
        )
    return [_count(unit, f"unit {index}") for index, unit in enumerate(zip(*coders, strict=True), start=1)]


def _categories(units: list[Counter[Value]], categories: Iterable[Value] | None) -> int:
    """The number of categories q: those given, or the distinct values seen."""
    seen = set().union(*units) if units else set()
    if categories is None:
        return len(seen)
    if isinstance(categories, str | bytes):
        raise ValueError("categories should be a list of values, not a single string")
    allowed = set(categories)
    unknown = [value for value in seen if value not in allowed]
    if unknown:
        raise ValueError(f"value {unknown[0]!r} was coded but is not one of the categories given")
    return len(allowed)


def _grouped(units: Iterable[Counter[Value]]) -> list[tuple[Counter[Value], int]]:
    """Identical units once each, with how many there were."""
    counted: Counter[frozenset[tuple[Value, int]]] = Counter(frozenset(unit.items()) for unit in units)
    return [(Counter(dict(unit)), times) for unit, times in counted.items()]


def _gwet_parts(units: Sequence[tuple[Counter[Value], int]]) -> tuple[float, dict[Value, float]]:
    """Observed agreement and category shares for varying numbers of raters per unit.

    Gwet (2014, ch. 2): p_a = (1/n') * sum over units i with r_i >= 2 of
    sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)), where n' counts those units; and
    pi_k = (1/n) * sum over units i with r_i >= 1 of r_ik / r_i. `units` are
    distinct units with their number. Summed exactly (integers and fractions),
    rounded once. Returns (nan, {}) when nothing was rated, p_a = nan when no
    unit has two ratings.
    """
    rated = [(unit, times) for unit, times in units if unit and times]
    if not rated:
        return math.nan, {}
    agreement_sum = Fraction(0)
    pairable = 0
    share_sums: dict[Value, Fraction] = {}
    for unit, times in rated:
        raters = sum(unit.values())
        for value, count in unit.items():
            share_sums[value] = share_sums.get(value, Fraction(0)) + Fraction(times * count, raters)
        if raters >= 2:
            pairable += times
            agreement_sum += Fraction(
                times * sum(count * (count - 1) for count in unit.values()), raters * (raters - 1)
            )
    total = sum(times for _, times in rated)
    shares = {value: float(share / total) for value, share in share_sums.items()}
    observed = float(agreement_sum / pairable) if pairable else math.nan
    return observed, shares


def _chance_corrected(observed: float, chance: float) -> float:
    if math.isnan(observed) or math.isnan(chance) or chance >= 1.0:
        return math.nan
    return (observed - chance) / (1.0 - chance)


# ---------------------------------------------------------------------------
# Coefficients for nominal data


def percent_agreement(data: ReliabilityData) -> float:
    """Share of agreeing coder pairs, averaged over units that two or more coders coded.

    Per unit i with r_i >= 2 values: sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)), the
    share of ordered pairs of its values that agree; then the mean over those
    units (Gwet 2014, ch. 2; equal to the plain share of agreeing units for two
    coders). nan when no unit has two values.
    """
    observed, _ = _gwet_parts(_grouped(_unit_counts(data)))
    return observed


def cohen_kappa(a: Sequence[Value | None], b: Sequence[Value | None]) -> float:
    """Cohen's (1960) kappa for two coders: (p_o - p_e) / (1 - p_e).

    p_o is the share of units on which the coders agree and
    p_e = sum_k p_a(k) p_b(k) the agreement expected from each coder's own
    marginal distribution. Units where either coder gave no value are dropped.
    Computed in integers: kappa = (N*A - S) / (N^2 - S) with A the agreeing
    units and S = sum_k n_a(k) n_b(k). nan when no unit is left or p_e = 1.
    """
    first = _check_coder(a, "the first coder")
    second = _check_coder(b, "the second coder")
    if len(first) != len(second):
        raise ValueError(
            f"both coders need one value (or None) per unit: the first has {len(first)} units, the second {len(second)}"
        )
    pairs = [(x, y) for x, y in zip(first, second, strict=True) if not _is_missing(x) and not _is_missing(y)]
    _count((x for x, _ in pairs), "the first coder")
    _count((y for _, y in pairs), "the second coder")
    return _kappa(Counter(pairs))


def _kappa(pairs: Mapping[tuple[Value, Value], int]) -> float:
    """Cohen's kappa from how many units had each pair of values (first coder's, second coder's)."""
    counts_a: Counter[Value] = Counter()
    counts_b: Counter[Value] = Counter()
    units = agreeing = 0
    for (x, y), times in pairs.items():
        counts_a[x] += times
        counts_b[y] += times
        units += times
        if x == y:
            agreeing += times
    chance = sum(count * counts_b.get(value, 0) for value, count in counts_a.items())
    denominator = units * units - chance
    if units == 0 or denominator == 0:
        return math.nan
    return (units * agreeing - chance) / denominator


def fleiss_kappa(data: ReliabilityData) -> float:
    """Fleiss' (1971) kappa for many coders, with Gwet's generalisation for missing values.

    kappa = (p_a - p_e) / (1 - p_e) with p_e = sum_k pi_k^2; p_a and pi_k as in
    Gwet (2014, ch. 2, the generalised Fleiss kappa of irrCAC's fleiss.kappa.raw):
    p_a averages the per-unit pair agreement over units with two or more values,
    pi_k averages each unit's share of value k over units with at least one.
    With complete data this is exactly Fleiss' formula. nan when no unit has two
    values or only one category occurs (p_e = 1).
    """
    observed, shares = _gwet_parts(_grouped(_unit_counts(data)))
    if not shares:
        return math.nan
    chance = math.fsum(share * share for share in shares.values())
    return _chance_corrected(observed, chance)


def brennan_prediger(data: ReliabilityData, categories: Iterable[Value] | None = None) -> float:
    """Brennan and Prediger's (1981) kappa with free marginals: (p_a - 1/q) / (1 - 1/q).

    q is the number of `categories` when given (every coded value must be one of
    them), else the number of distinct values seen. p_a as in
    `percent_agreement` (Gwet 2014, ch. 2, for varying numbers of coders).
    nan when q < 2 or no unit has two values.
    """
    units = _unit_counts(data)
    q = _categories(units, categories)
    observed, _ = _gwet_parts(_grouped(units))
    if q < 2:
        return math.nan
    return _chance_corrected(observed, 1.0 / q)


def gwet_ac1(data: ReliabilityData, categories: Iterable[Value] | None = None) -> float:
    """Gwet's (2008) AC1: (p_a - p_e) / (1 - p_e) with p_e = sum_k pi_k (1 - pi_k) / (q - 1).

    q is the number of `categories` when given, else the number of distinct
    values seen; p_a and pi_k as in `fleiss_kappa` (Gwet 2014, ch. 2, irrCAC's
    gwet.ac1.raw). nan when q < 2 or no unit has two values.
    """
    units = _unit_counts(data)
    q = _categories(units, categories)
    observed, shares = _gwet_parts(_grouped(units))
    if q < 2 or not shares:
        return math.nan
    chance = math.fsum(share * (1.0 - share) for share in shares.values()) / (q - 1)
    return _chance_corrected(observed, chance)


# ---------------------------------------------------------------------------
# Krippendorff's alpha


def _check_metric_values(units: list[Counter[Value]], level: Level) -> None:
    for index, unit in enumerate(units, start=1):
        for value in unit:
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ValueError(
                    f"unit {index}: the {level} level needs finite numbers, got {value!r}; "
                    f"use level='nominal' for categories"
                )
            if level == "ratio" and value < 0:
                raise ValueError(f"unit {index}: the ratio level needs values of zero or more, got {value!r}")


def _interval_spread(marginals: dict[float, int], total: int) -> float:
    """sum_c sum_k n_c n_k (c - k)^2, computed as 2n * sum_c n_c (c - mean)^2."""
    mean = math.fsum(count * value for value, count in marginals.items()) / total
    return 2 * total * math.fsum(count * (value - mean) ** 2 for value, count in marginals.items())


def _ratio_delta(c: float, k: float) -> float:
    both = c + k
    return ((c - k) / both) ** 2 if both else 0.0


def krippendorff_alpha(data: ReliabilityData, level: Level = "nominal") -> float:
    """Krippendorff's alpha at the nominal, ordinal, interval or ratio level.

    Krippendorff (2011): units with fewer than two values are not pairable and
    are dropped. The coincidence matrix o_ck = sum_u (number of c-k pairs of
    values from different coders in unit u) / (m_u - 1), with marginals n_c and
    n = sum_c n_c, gives alpha = 1 - (n - 1) * sum o_ck d_ck / sum n_c n_k d_ck
    with the squared difference d_ck of the level:
    nominal 0 or 1; ordinal (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2, from the
    marginals of the ranked values; interval (c - k)^2; ratio ((c - k) / (c + k))^2.
    Ordinal, interval and ratio need numbers (ratio: zero or more).
    nan when no unit is pairable or the pairable values do not vary.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    units = _unit_counts(data)
    if level != "nominal":
        _check_metric_values(units, level)
    return _alpha(_grouped(units), level)


def _alpha(units: Sequence[tuple[Counter[Value], int]], level: Level) -> float:
    """Krippendorff's alpha of distinct units with their number (see `krippendorff_alpha`).

    The coincidences are kept as integer sums per unit size m and divided by m - 1
    once at the end, so they are exact and do not depend on the order of the units.
    At the metric levels the values must have been checked (`_check_metric_values`).
    """
    marginals: Counter[Value] = Counter()
    by_size: dict[int, dict[tuple[Value, Value], int]] = {}
    for unit, times in units:
        size = sum(unit.values())
        if size < 2 or not times:
            continue
        for value, count in unit.items():
            marginals[value] += count * times
        if len(unit) < 2:
            continue
        pairs = by_size.setdefault(size, {})
        for c, n_c in unit.items():
            for k, n_k in unit.items():
                if c != k:
                    pairs[c, k] = pairs.get((c, k), 0) + n_c * n_k * times
    coincidences: dict[tuple[Value, Value], Fraction] = {}
    for size, pairs in by_size.items():
        for pair, number in pairs.items():
            coincidences[pair] = coincidences.get(pair, Fraction(0)) + Fraction(number, size - 1)
    off_diagonal = {pair: float(number) for pair, number in coincidences.items()}
    total = sum(marginals.values())
    if len(marginals) < 2:
        return math.nan

    # At the metric levels `_check_metric_values` has made sure that every value is a number.
    numbers = cast("Counter[float]", marginals)
    number_pairs = cast("dict[tuple[float, float], float]", off_diagonal)
    if level == "nominal":
        observed = float(sum(coincidences.values(), Fraction(0)))
        expected = float(total * total - sum(count * count for count in marginals.values()))
    elif level == "interval":
        observed = math.fsum(o * (c - k) ** 2 for (c, k), o in number_pairs.items())
        expected = _interval_spread(numbers, total)
    elif level == "ordinal":
        # d_ck = (sum_{g=c..k} n_g - (n_c + n_k)/2)^2 = (position_k - position_c)^2
        # with position_v = (values ranked at or below v) - n_v / 2, so the ordinal
        # metric is the interval metric on these positions.
        position: dict[float, float] = {}
        running = 0
        for value in sorted(numbers):
            running += numbers[value]
            position[value] = running - numbers[value] / 2
        observed = math.fsum(o * (position[c] - position[k]) ** 2 for (c, k), o in number_pairs.items())
        expected = _interval_spread({position[v]: count for v, count in numbers.items()}, total)
    else:
        observed = math.fsum(o * _ratio_delta(c, k) for (c, k), o in number_pairs.items())
        items = list(numbers.items())
        expected = 2 * math.fsum(
            n_c * n_k * _ratio_delta(c, k) for i, (c, n_c) in enumerate(items) for k, n_k in items[i + 1 :]
        )
    if expected <= 0:
        return math.nan
    return 1.0 - (total - 1) * observed / expected


# ---------------------------------------------------------------------------
# Reliability data counted unit by unit

UnitKey = tuple[tuple[str, Value], ...]


class UnitTally:
    """Reliability data counted as it comes: how many units had each set of (coder, value).

    A unit is the values the coders gave it, by coder name (a coder absent or `None`: no value).
    Identical units are one key with their number, so a tally of many units is small (a code
    applied or not by two coders has at most nine kinds of unit), and adding units in any
    order, or adding two tallies, gives the same counts. The statistics are computed from the
    counts at the end, with the same formulas as the functions on lists above.
    """

    def __init__(self) -> None:
        self.units: dict[UnitKey, int] = {}

    @staticmethod
    def key(values: Mapping[str, Value | None]) -> UnitKey:
        """The unit as a key: the coders who gave a value, in name order, with their values."""
        return tuple(sorted((coder, value) for coder, value in values.items() if not _is_missing(value)))

    def add(self, values: Mapping[str, Value | None], times: int = 1) -> None:
        self.add_key(self.key(values), times)

    def add_key(self, key: UnitKey, times: int = 1) -> None:
        """Count `times` more units like `key` (fewer when negative: a correction of units counted ahead)."""
        self.units[key] = self.units.get(key, 0) + times

    def update(self, other: UnitTally) -> None:
        for key, times in other.units.items():
            self.add_key(key, times)

    def pairable(self) -> int:
        """How many units two or more coders gave a value."""
        return sum(times for key, times in self.units.items() if len(key) >= 2)

    def values(self) -> set[Value]:
        return {value for key, times in self.units.items() if times for _, value in key}

    def uses(self, coder: str, counts: Callable[[Value], bool]) -> int:
        """How many units `coder` gave a value that `counts`."""
        return sum(times for key, times in self.units.items() for who, value in key if who == coder and counts(value))

    def _value_counts(self) -> list[tuple[Counter[Value], int]]:
        return [(Counter(value for _, value in key), times) for key, times in self.units.items() if times]

    def percent_agreement(self) -> float:
        observed, _ = _gwet_parts(self._value_counts())
        return observed

    def krippendorff_alpha(self, level: Level = "nominal") -> float:
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
        units = self._value_counts()
        if level != "nominal":
            _check_metric_values([unit for unit, _ in units], level)
        return _alpha(units, level)

    def cohen_kappa(self, first: str, second: str) -> float:
        """Kappa of two coders over the units both gave a value."""
        pairs: Counter[tuple[Value, Value]] = Counter()
        for key, times in self.units.items():
            given = dict(key)
            if times and first in given and second in given:
                pairs[given[first], given[second]] += times
        return _kappa(pairs)
