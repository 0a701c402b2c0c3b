"""The study-figure checks of tests/summary_study.py notice one wrong figure in one row, in every format.

Each case copies the example records, changes one answer in one counted record, and expects the
check for every format to fail. After the attitude change every figure the report printed before
still occurs somewhere in it ("2 (25%)" thirteen times in the Markdown, "4 (50%)" for the parents'
signals): the earlier check, for substrings of the whole report, passed it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.summary_study import (
    SHIPPED,
    assert_study_csv,
    assert_study_figures,
    assert_study_html,
    assert_study_text,
)

EXAMPLES = SHIPPED.parent.parent / "examples" / "coded"

CHECKS: dict[str, Callable[[str], None]] = {
    "markdown": assert_study_text,
    "table": assert_study_text,
    "html": assert_study_html,
    "json": lambda text: assert_study_figures(json.loads(text)),
    "csv": lambda text: assert_study_csv(list(csv.DictReader(io.StringIO(text)))),
}

# (record, attribute, new answer): what the counted rows become.
CHANGES = {
    # Logisch 1 (13%), Onwennig 3 (38%), Ronduit moeilijk 4 (50%) as before.
    "attitude": ("case-07-finn.anna.json", "parents_attitude", "unfamiliar"),
    # Oom 1 (17%), Tante 1 (17%); Familie stays 5 (83%).
    "relation": ("case-06-yara.anna.json", "jim_relation", "aunt"),
    # 14, 0, 150, 86, 57, 42: mean 349 / 6 = 58.2, median (42 + 57) / 2 = 49.5; range and n as before.
    "days": ("case-06-yara.anna.json", "days_to_positioning", 57),
}

# The checks read jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


def summarise(run, coded: Path, format: str) -> str:
    result = run("summary", coded, "--codebook", SHIPPED, "--format", format)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory) -> Path:
    coded = tmp_path_factory.mktemp("examples") / "coded"
    shutil.copytree(EXAMPLES, coded)
    return coded


@pytest.mark.parametrize("format", list(CHECKS))
def test_the_checks_pass_on_the_unchanged_example_records(run, example_copy, format):
    CHECKS[format](summarise(run, example_copy, format))


@pytest.mark.slow  # fifteen summaries; it guards the checks above, not jimcode itself
@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("format", list(CHECKS))
def test_one_changed_answer_fails_the_check_in_every_format(run, tmp_path, example_copy, format, change):
    coded = tmp_path / "coded"
    shutil.copytree(example_copy, coded)
    name, attribute_id, answer = CHANGES[change]
    record = json.loads((coded / name).read_text(encoding="utf-8"))
    record["attributes"][attribute_id] = answer
    (coded / name).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(AssertionError):
        CHECKS[format](summarise(run, coded, format))
