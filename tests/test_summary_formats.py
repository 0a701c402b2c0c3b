"""`jimcode summary` in every format: table, markdown, json, csv (one file or a folder), html."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.summary_study import (
    assert_study_csv,
    assert_study_figures,
    assert_study_html,
    assert_study_text,
    write_study,
)

# Figures and layout checked against jimcode's English words; tests/test_language.py checks the Dutch.
pytestmark = pytest.mark.usefixtures("english_chrome")


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    return write_study(tmp_path_factory.mktemp("study"))


def test_piped_output_defaults_to_markdown(run, coded):
    result = run("summary", coded)
    assert result.exit_code == 0
    assert result.stdout.startswith("# Summary: JIM bij kinderen onder de 12 jaar")
    assert "| Cases | 8 |" in result.stdout
    assert "## Research questions" in result.stdout and "## Hypotheses" in result.stdout


def test_markdown_tables_are_well_formed(run, coded):
    markdown = run("summary", coded, "--format", "markdown", "--by", "professional_experience").stdout
    for block in re.findall(r"(?:^\|.*\|\n)+", markdown, flags=re.M):
        widths = {line.count(" | ") for line in block.splitlines()}
        assert len(widths) == 1, block
    assert "| **Familie** | **5 (83%)** | **3 (100%)** | **2 (67%)** |" in markdown
    assert "> — Noah, Professional" in markdown


def test_table_format_shows_every_section(run, coded):
    output = run("summary", coded, "--format", "table").stdout
    for heading in ("The study", "Case attributes", "Research questions", "Hypotheses", "Codes applied together"):
        assert heading in output
    assert_study_text(output)
    assert "\x1b[" not in output, "no colour codes when not on a terminal"


def test_json_has_every_section_for_every_group(run, coded):
    data = json.loads(run("summary", coded, "--format", "json", "--by", "child_age:12").stdout)
    assert list(data) == [
        "schema",
        "generated_by",
        "codebook",
        "interface_language",
        "filters",
        "quotes_per_item",
        "split",
        "files",
        "warnings",
        "groups",
    ]
    for group in data["groups"]:
        assert list(group) == ["key", "label", "corpus", "attributes", "questions", "hypotheses", "cooccurrence"]
        assert [a["id"] for a in group["attributes"]] == [a["id"] for a in data["groups"][0]["attributes"]]
    assert data["codebook"]["id"] == "jim-12min" and len(data["codebook"]["sha256"]) == 64


def test_csv_on_stdout_is_one_tidy_table_with_a_section_column(run, coded):
    text = run("summary", coded, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["section", "group_key", "group"]
    sections = {row["section"] for row in rows}
    assert sections >= {"corpus", "attributes", "questions", "codes", "verdicts", "evidence", "cooccurrence", "quotes"}
    relation = {
        row["key"]: (row["count"], row["n"], row["percent"])
        for row in rows
        if row["section"] == "attributes" and row["attribute"] == "jim_relation" and row["row"] in ("option_group",)
    }
    assert relation == {"family": ("5", "6", "83.3"), "non-family": ("1", "6", "16.7")}
    days = {
        row["key"]: row["value"]
        for row in rows
        if row["section"] == "attributes" and row["attribute"] == "days_to_positioning" and row["row"] == "stat"
    }
    assert days == {"n": "6", "mean": "58", "median": "49", "min": "0", "max": "150", "sd": "54.42"}
    assert_study_csv(rows)


def test_csv_into_a_folder_writes_one_file_per_section(run, coded, tmp_path):
    out = tmp_path / "tables"
    result = run("summary", coded, "--format", "csv", "--output", out, "--by", "organisation")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "wrote 11 CSV files" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"{n}.csv"
        for n in (
            "corpus",
            "attributes",
            "questions",
            "codes",
            "polarity",
            "verdicts",
            "evidence",
            "cooccurrence",
            "quotes",
            "warnings",
            "skipped",
        )
    )
    with (out / "codes.csv").open(encoding="utf-8") as handle:
        codes = list(csv.DictReader(handle))
    gatekeeper = [r for r in codes if r["code"] == "parents-gatekeeper"]
    assert [(r["group"], r["cases"], r["n"]) for r in gatekeeper] == [
        ("All cases", "8", "8"),
        ("Levvel", "3", "3"),
        ("Youké", "3", "3"),
        ("Altra", "2", "2"),
    ]
    assert (out / "skipped.csv").read_text(encoding="utf-8") == "path,reason\n"


def test_output_file_format_follows_the_suffix(run, coded, tmp_path):
    for name, start in (("r.md", "# Summary"), ("r.json", "{"), ("r.csv", "section,"), ("r.html", "<!DOCTYPE html>")):
        result = run("summary", coded, "--output", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
        assert f"wrote {tmp_path / name}" in result.stderr
    assert_study_figures(json.loads((tmp_path / "r.json").read_text(encoding="utf-8")))
    assert_study_html((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert_study_csv(list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8")))))
    table = run("summary", coded, "--output", tmp_path / "r.txt")
    assert table.exit_code == 0
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and "The study" in text
    assert_study_text(text)


def test_an_output_without_a_known_suffix_needs_a_format(run, coded, tmp_path):
    result = run("summary", coded, "--output", tmp_path / "report.xyz")
    assert result.exit_code == 2
    assert "pass --format" in result.stderr


def test_an_output_in_a_new_folder_is_written_and_an_impossible_one_is_an_error(run, coded, tmp_path):
    result = run("summary", coded, "--output", tmp_path / "new" / "folder" / "r.md")
    assert result.exit_code == 0
    assert (tmp_path / "new" / "folder" / "r.md").read_text(encoding="utf-8").startswith("# Summary")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    result = run("summary", coded, "--output", tmp_path / "a-file" / "r.md")
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_html_is_one_self_contained_printable_page_with_charts(run, coded, tmp_path):
    result = run("summary", coded, "--output", tmp_path / "report.html", "--by", "professional_experience")
    assert result.exit_code == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", page), "no links to anything outside the page"
    assert "url(" not in page and "@import" not in page
    assert "@media print" in page
    assert page.count("<svg") >= 10, "bar charts for attributes, codes and verdicts"
    assert "Case verdicts per hypothesis" in page
    assert "RQ3: % of cases coded" in page
    assert "Mean 58 days (8 weeks), range 0 days to 5 months (n=6)." not in page  # split: one line per group
    assert "All cases: mean 58 days (8 weeks), range 0 days to 5 months (n=6)." in page
    assert "bepaalden wie er mocht meedenken" in page


def test_html_escapes_what_the_records_say(run, tmp_path):
    from dataclasses import replace

    from tests.summary_study import CASES, make_record, write_record

    record = make_record(replace(CASES[0], case="<b>Noah</b>"))
    record.segments[2].text = "Ouders <script>alert(1)</script> & zo"
    write_record(tmp_path / "coded", record)
    page = run("summary", tmp_path / "coded", "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; zo" in page
    assert "&lt;b&gt;Noah&lt;/b&gt;" in page


def test_no_quotes_leaves_every_quote_out_of_every_format(run, coded):
    for format in ("markdown", "json", "csv", "html", "table"):
        output = run("summary", coded, "--format", format, "--no-quotes").stdout
        assert "meedenken" not in output, format
        assert "Noah, Professional" not in output, format


def test_the_html_page_is_in_its_words_language_and_the_quotes_in_the_codebooks(run, coded, tmp_path):
    """JIMCODE_LANG=en here (see pytestmark): English words around Dutch quotes, each marked as Dutch."""
    for page in (
        run("summary", coded, "--format", "html").stdout,
        run("retrieve", "parents-gatekeeper", coded, "--format", "html").stdout,
    ):
        assert '<html lang="en">' in page
        assert page.count("<blockquote") == page.count('<blockquote lang="nl">') > 0
    english = Path(__file__).resolve().parent.parent / "codebooks" / "jim-12min.en.yaml"
    page = run("summary", coded, "--codebook", english, "--format", "html").stdout
    assert '<html lang="en">' in page and page.count("<blockquote") == page.count('<blockquote lang="en">') > 0


def test_excel_csv_has_a_byte_order_mark_semicolons_and_decimal_commas(run, coded, tmp_path):
    from dataclasses import replace

    from tests.summary_study import CASES, make_record, write_record

    text = run("summary", coded, "--format", "csv", "--excel").stdout
    assert text.startswith("\ufeffsection;group_key;group;")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    family = next(r for r in rows if r["attribute"] == "jim_relation" and r["key"] == "family")
    assert (family["count"], family["n"], family["percent"]) == ("5", "6", "83,3")

    out = tmp_path / "tables"
    assert run("summary", coded, "--format", "csv", "--excel", "--output", out).exit_code == 0
    codes = (out / "codes.csv").read_bytes()
    assert codes.startswith(b"\xef\xbb\xbfgroup_key;group;question;") and b"\r\n" in codes

    formula = make_record(replace(CASES[0], transcript="case-09-formula", case="=Formule"))
    formula.segments[2].text = "=HYPERLINK(1)"
    write_record(tmp_path / "formula", formula)
    retrieved = run("retrieve", "parents-gatekeeper", tmp_path / "formula", "--format", "csv", "--excel").stdout
    row = next(csv.DictReader(io.StringIO(retrieved.removeprefix("\ufeff")), delimiter=";"))
    assert retrieved.startswith("\ufeffgroup_key;group;case;")
    assert (row["case"], row["text"]) == ("'=Formule", "'=HYPERLINK(1)"), "Excel would run them as formulas"
    plain = next(
        csv.DictReader(io.StringIO(run("retrieve", "parents-gatekeeper", tmp_path / "formula", "-f", "csv").stdout))
    )
    assert plain["text"] == "=HYPERLINK(1)", "only --excel guards"

    wrong = run("summary", coded, "--format", "markdown", "--excel")
    assert wrong.exit_code == 2 and "--excel is for CSV output" in wrong.stderr
