"""The coding session's state machine and command language, driven directly (no terminal, no disk)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jimcode.records.model import CodedRecord, StatusChange, apply_journal_entry, change_to_json
from jimcode.session import commands as lang
from jimcode.session.context import Position, SessionContext, SessionState
from jimcode.session.events import Completed, Notice, Saved, ShowDefinition, ShowHelp, ShowMatches, Step, Stopped
from jimcode.session.state import start, step
from tests.coding_helpers import make_record, make_transcript, mini_codebook
from tests.conftest import ROOT

ALL_ANSWERS = ["child_age: 9", "jim_relation: oma", "parent_signals: -", "jim_positioned: ja", "H1: s", "H2: n"]


class Driver:
    """Feeds lines to the state machine and keeps a record in step through the journal format."""

    def __init__(self, tmp_path, *, prefill=None, texts=None, review=False, record: CodedRecord | None = None):
        self.codebook = mini_codebook(tmp_path)
        kwargs = {"attributes": prefill} if prefill else {}
        transcript = make_transcript(texts, **kwargs) if texts else make_transcript(**kwargs)
        self.record = record or make_record(transcript, self.codebook, tmp_path)
        self.context = SessionContext.build(self.codebook, transcript.meta.attributes)
        self.state: SessionState = start(self.record, self.context, review=review)
        self.last: Step = Step(self.state)

    def __call__(self, *lines: str) -> Step:
        for line in lines:
            self.last = step(self.state, lang.parse(line, self.state.position.phase), self.context)
            self.state = self.last.state
            for change in self.last.changes:
                apply_journal_entry(self.record, change_to_json(change, datetime(2024, 1, 1, tzinfo=UTC)))
        return self.last

    @property
    def seg(self):
        return self.state.segment

    @property
    def where(self) -> tuple[str, int]:
        return self.state.position.phase, self.state.position.index

    def errors(self) -> list[str]:
        return [e.text for e in self.last.events if isinstance(e, Notice) and e.level == "error"]


@pytest.fixture
def drive(tmp_path):
    def make(**kwargs) -> Driver:
        return Driver(tmp_path, **kwargs)

    return make


# --- the command language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", lang.Blank()),
        ("   # just a comment", lang.Blank()),
        ("3 7 ro", lang.ApplyCodes((lang.CodeToken("3"), lang.CodeToken("7"), lang.CodeToken("ro")))),
        ("-7 pq n", lang.ApplyCodes((lang.CodeToken("7", remove=True), lang.CodeToken("pq")), then_next=True)),
        ("request-parent  # a comment", lang.ApplyCodes((lang.CodeToken("request-parent"),))),
        ("n", lang.Next()),
        ("x", lang.NotRelevant()),
        ("b", lang.Back()),
        ("g 12", lang.Goto("12")),
        ("o", lang.NextOpen()),
        ("u", lang.Undo()),
        ("m mooi citaat #1 # comment", lang.Memo("mooi citaat #1")),
        (r"m zie \#2", lang.Memo("zie #2")),
        ("m", lang.Memo(None)),
        ("e H1 s moeder houdt de deur dicht", lang.SetEvidence("H1", "supports", "moeder houdt de deur dicht")),
        ("e h2 nuances", lang.SetEvidence("h2", "nuances")),
        ("e -H1", lang.RemoveEvidence("H1")),
        ("d 7", lang.Define("7")),
        ("f ouder", lang.Find("ouder")),
        ("h", lang.Help()),
        ("?", lang.Help()),
        ("q", lang.Quit()),
        ("child_age: 13", lang.KeyedAnswer("child_age", "13", "child_age: 13")),
    ],
)
def test_parse_segment_lines(line, expected):
    assert lang.parse(line, "segments") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", lang.Blank()),
        (".", lang.Keep()),
        ("-", lang.Clear()),
        ("13", lang.Answer("13")),
        ("n", lang.Answer("n")),
        ("s duidelijk in deze casus", lang.Answer("s duidelijk in deze casus")),
        ("b", lang.Back()),
        ("g 2", lang.Goto("2")),
        ("H1: m deels", lang.KeyedAnswer("H1", "m deels", "H1: m deels")),
    ],
)
def test_parse_answer_lines(line, expected):
    assert lang.parse(line, "attributes") == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("e", "which hypothesis"),
        ("e H1", "give a stance"),
        ("e H1 z", "give a stance"),
        ("g", "go where"),
        ("3 q", "is a command"),
        ("d", "which code"),
        ("f", "find what"),
        ("3 $", "not a code"),
        ("-", "remove which"),
    ],
)
def test_parse_errors_say_what_was_expected(line, message):
    with pytest.raises(lang.CommandError, match=message):
        lang.parse(line, "segments")


# --- segments ---------------------------------------------------------------------------------------


def test_codes_by_number_shortcut_and_id_then_remove(drive):
    d = drive()
    d("1 pq request-child-voice")
    assert d.seg.codes == ["request-parent", "positioning-quick", "request-child-voice"]
    assert isinstance(d.last.events[0], Saved)
    d("-ro -4")
    assert d.seg.codes == ["request-child-voice"]
    assert d.seg.status == "open"
    assert d.record.segments[0].codes == ["request-child-voice"]


def test_an_unknown_code_refuses_the_whole_line(drive):
    d = drive()
    d("1 99")
    assert d.seg.codes == []
    assert d.last.changes == ()
    assert "no code 99" in d.errors()[0] and "nothing was applied" in d.errors()[0]
    d("1 reqest-parent")
    assert "unknown code 'reqest-parent'" in d.errors()[0] and "did you mean 'request-parent'" in d.errors()[0]


def test_applying_an_applied_code_changes_nothing(drive):
    d = drive()
    d("1")
    d("ro")
    assert d.last.changes == ()
    assert any("already applied" in e.text for e in d.last.events if isinstance(e, Notice))


def test_next_marks_coded_and_moves_on(drive):
    d = drive()
    d("1 n")
    assert d.record.segments[0].status == "coded"
    assert d.where == ("segments", 1)
    d("")  # Enter: done, next
    assert d.record.segments[1].status == "coded" and d.record.segments[1].codes == []
    d("b", "b", "n")  # an already coded segment: moving on changes nothing
    assert d.last.changes == ()
    assert d.where == ("segments", 1)


def test_not_relevant_and_its_refusal_when_codes_are_applied(drive):
    d = drive()
    d("x")
    assert d.record.segments[0].status == "not_relevant"
    d("1", "x")
    assert "remove them first" in d.errors()[0]
    assert d.seg.status == "open"
    d("b", "1")  # coding a not-relevant segment opens it again
    assert d.seg.status == "open"
    assert any("open again" in e.text for e in d.last.events if isinstance(e, Notice))


def test_back_goto_and_next_open(drive):
    d = drive()
    d("b")
    assert d.errors() == ["this is the first segment"]
    d("g 3")
    assert d.where == ("segments", 2)
    d("g s002")
    assert d.where == ("segments", 1)
    d("g 9")
    assert "segments are numbered 1-4" in d.errors()[0]
    d("g 1", "n", "n", "o")  # segments 1 and 2 coded; from 3, next open is 3? no: 'o' looks after the current
    assert d.where == ("segments", 3)
    d("o")  # wraps around
    assert d.where == ("segments", 2)
    d("g a")
    assert d.where == ("attributes", 0)
    d("g v")
    assert d.where == ("verdicts", 0)
    d("b")
    assert d.where == ("attributes", 3)
    d("g 1", "b")
    assert d.errors()


def test_after_the_last_segment_open_ones_come_first(drive):
    d = drive()
    d("g 4", "n")
    assert d.where == ("segments", 0)
    assert any("3 segment(s) still open" in e.text for e in d.last.events if isinstance(e, Notice))
    d("n", "n", "n")
    assert d.where == ("segments", 3)  # sequential: the next segment, though it is coded already
    d("n")
    assert d.where == ("attributes", 0)


def test_memo_set_and_clear(drive):
    d = drive()
    d("m  mooi citaat ")
    assert d.record.segments[0].memo == "mooi citaat"
    d("m")
    assert d.record.segments[0].memo is None


def test_evidence_set_replace_and_remove(drive):
    d = drive()
    d("e h1 s moeder")
    assert [(e.hypothesis, e.stance, e.note) for e in d.seg.evidence] == [("H1", "supports", "moeder")]
    d("e H2 c", "e H1 n toch niet")
    assert [(e.hypothesis, e.stance) for e in d.record.segments[0].evidence] == [
        ("H1", "nuances"),
        ("H2", "contradicts"),
    ]
    d("e -h1")
    assert [e.hypothesis for e in d.seg.evidence] == ["H2"]
    d("e H9 s")
    assert "unknown hypothesis 'H9'" in d.errors()[0]
    d("e -H1")
    assert "no evidence for H1" in d.errors()[0]
    d("x")
    assert "hypothesis evidence" in d.errors()[0]


def test_define_find_help_and_quit(drive):
    d = drive()
    event = d("d ro").events[0]
    assert isinstance(event, ShowDefinition) and event.code.code.id == "request-parent"
    assert "unknown code" in (d("d zz").error or "")
    found = d("f KIND").events[0]
    assert isinstance(found, ShowMatches)
    assert [m.code.id for m in found.matches] == ["request-child", "request-child-voice"]
    assert [m.code.id for m in d("f tafel").events[0].matches] == ["positioning-quick"]  # by definition
    assert isinstance(d("h").events[0], ShowHelp)
    result = d("q")
    assert isinstance(result.events[0], Stopped) and d.state.quit
    assert d.last.changes == ()


# --- undo -------------------------------------------------------------------------------------------


def test_undo_restores_the_part_and_the_position(drive):
    d = drive()
    d("1 n", "e H1 s", "3")
    assert d.where == ("segments", 1)
    d("u")
    assert d.seg.codes == [] and [e.hypothesis for e in d.seg.evidence] == ["H1"]
    d("u")
    assert d.seg.evidence == []
    d("u")  # `1 n` was one decision: codes and status go together
    assert d.where == ("segments", 0)
    assert d.record.segments[0].status == "open" and d.record.segments[0].codes == []
    assert isinstance(d.last.events[0], Saved) and d.last.events[0].text.startswith("undone: s001 coded")
    d("u")
    assert d.errors() == ["nothing to undo in this session"]


def test_undo_of_the_last_verdict_reopens_the_record(drive):
    d = drive()
    d("n", "n", "n", "n", *ALL_ANSWERS)
    assert d.state.status == "complete" and d.record.status == "complete"
    d("u")
    assert d.state.status == "in_progress" and d.record.status == "in_progress"
    assert d.record.completed_at is None
    assert d.where == ("verdicts", 1)  # where the coder was when giving it
    assert "H2" not in d.state.verdicts


# --- attributes and verdicts -----------------------------------------------------------------------


def test_attributes_typed_validated_and_prefilled(drive):
    d = drive(prefill={"child_age": 13, "jim_relation": "aunt"})
    assert d.context.prefill == {"child_age": 13}  # 'aunt' is not an option: not offered
    d("n", "n", "n", "n")
    assert d.where == ("attributes", 0)
    d("")  # keep the pre-filled 13
    assert d.record.attributes == {"child_age": 13}
    d("b", "25")
    assert "out of bounds" in d.errors()[0]
    d("dertien")
    assert "not a whole number" in d.errors()[0]
    d("-")
    assert "required" in d.errors()[0]
    d("12")
    assert d.record.attributes["child_age"] == 12
    d("")  # jim_relation: no pre-fill and not required -> no answer
    assert d.record.attributes["jim_relation"] is None
    d("b", "2")  # by number
    assert d.record.attributes["jim_relation"] == "uncle"
    d("trauma, 2")
    assert d.record.attributes["parent_signals"] == ["trauma", "addiction"]
    d("misschien")
    assert "yes or no" in d.errors()[0]
    d("nee")
    assert d.record.attributes["jim_positioned"] is False
    assert d.where == ("verdicts", 0)


def test_verdicts_and_completion(drive):
    d = drive()
    d("x", "n", "n", "n", "13", "oma", "-", "ja")
    d("")
    assert "give a verdict" in d.errors()[0]
    d("z")
    assert "answer s (supports)" in d.errors()[0]
    d("m klopt voor moeder, niet voor vader")
    assert d.state.verdicts["H1"].verdict == "mixed"
    assert d.state.verdicts["H1"].note == "klopt voor moeder, niet voor vader"
    result = d("na")
    assert d.state.position == Position("complete")
    assert any(isinstance(e, Completed) for e in result.events)
    assert StatusChange("complete") in result.changes
    assert d.record.status == "complete" and d.record.completed_at is not None
    assert [v.verdict for v in d.record.verdicts] == ["mixed", "not_applicable"]


def test_keyed_answers_from_a_segment_keep_the_coder_there(drive):
    d = drive()
    d("g 2", "child_age: 9", "H2: c")
    assert d.where == ("segments", 1)
    assert d.record.attributes == {"child_age": 9}
    assert d.record.verdicts[0].verdict == "contradicts"
    d("leeftijd: 9")
    assert "not a case attribute or hypothesis" in d.errors()[0]


def test_a_record_is_complete_only_when_everything_is_answered(drive):
    d = drive()
    d(*ALL_ANSWERS)
    assert d.state.status == "in_progress"
    d("n", "n", "n")
    assert d.state.status == "in_progress"
    result = d("n")
    assert d.state.status == "complete"
    assert any(isinstance(e, Completed) for e in result.events)


# --- resume -----------------------------------------------------------------------------------------


def test_resume_at_the_first_open_item(drive, tmp_path):
    d = drive()
    d("n", "x", "g 4", "n")
    again = Driver(tmp_path, record=d.record)
    assert again.where == ("segments", 2)
    assert again.state.decided == 3
    again("n", "child_age: 9")
    third = Driver(tmp_path, record=again.record)
    assert third.where == ("attributes", 1)
    third("oma", "-", "ja", "s")
    fourth = Driver(tmp_path, record=third.record)
    assert fourth.where == ("verdicts", 1)


def test_review_starts_at_the_first_segment_and_walks_everything(drive, tmp_path):
    d = drive()
    d("n", "n", "n", "n", *ALL_ANSWERS)
    review = Driver(tmp_path, record=d.record, review=True)
    assert review.where == ("segments", 0)
    review("n", "n", "n", "1 n")
    assert review.where == ("attributes", 0)
    review(".", ".", ".", ".")
    assert review.where == ("verdicts", 0)
    result = review(".", "s")
    assert any(isinstance(e, Completed) for e in result.events)
    assert review.record.status == "complete"
    assert review.record.segments[3].codes == ["request-parent"]


# --- structure ---------------------------------------------------------------------------------------


def _imported_modules(path: Path, package: str) -> set[str]:
    """Every jimcode module a file imports, at its top or inside a function (a dodged cycle is still one)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # `from jimcode.session import moves`
    return {name for name in found if name.startswith(package)}


@pytest.mark.parametrize("package", ["session", "reconcile"])
def test_the_session_and_reconcile_packages_have_no_import_cycle(package):
    folder = ROOT / "jimcode" / package
    modules = {f"jimcode.{package}.{p.stem}": p for p in folder.glob("*.py") if p.stem != "__init__"}
    graph = {name: _imported_modules(path, f"jimcode.{package}.") & modules.keys() for name, path in modules.items()}
    cycles = []
    for start_module in graph:
        seen, todo = set(), list(graph[start_module])
        while todo:
            name = todo.pop()
            if name == start_module:
                cycles.append(start_module)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
    assert sorted(graph) != [] and cycles == []


@pytest.mark.parametrize("package", ["session", "reconcile"])
def test_the_session_and_reconcile_modules_import_jimcode_only_at_their_top(package):
    late = []
    for path in sorted((ROOT / "jimcode" / package).glob("*.py")):
        for function in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                late += [
                    f"{path.name}:{node.lineno}"
                    for node in ast.walk(function)
                    if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jimcode")
                ]
    assert late == []
