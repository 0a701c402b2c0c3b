"""`jimcode reconcile`: the disagreements, the decisions, and the consensus record they produce.

The pure part (which items, how decisions combine, the state machine stepped line by line) is
tested on records built in memory; the command through the real CLI with scripted stdin on
record files in tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jimcode.codebook.labels import Labels
from jimcode.codebook.model import load_codebook
from jimcode.reconcile.commands import Combine, Take, parse
from jimcode.reconcile.merge import find_items, initial_consensus
from jimcode.reconcile.state import (
    ReconcileContext,
    ReconcileState,
    current_item,
    finish_if_done,
    is_done,
    start,
    step,
)
from jimcode.records.model import (
    AttributeChange,
    CodedRecord,
    SegmentChange,
    StatusChange,
    apply_journal_entry,
    change_to_json,
    load_record,
    now,
)
from jimcode.render.reconcile_view import item_text
from jimcode.session import commands as lang
from jimcode.session.events import (
    Completed,
    Notice,
    Saved,
    ShowDefinition,
    ShowHelp,
    ShowItem,
    ShowMatches,
    Step,
    Stopped,
)
from tests.coded_records import evidence, make_record, save, segment, verdict, write_codebook


def two_coders() -> tuple:
    """anna and ben on five segments: 1 agreed, 2 differ in codes, 3 relevance, 4 evidence, 5 agreed (memos)."""
    anna = make_record(
        "anna",
        [
            segment(0, ["ask-parent"]),
            segment(1, ["ask-parent", "value-voice"]),
            segment(2, [], status="not_relevant"),
            segment(3, ["value-calm"], evidence=[evidence("H1", "supports", "clear")]),
            segment(4, ["ask-child"], memo="anna's memo", evidence=[evidence("H2", "nuances", "a")]),
        ],
        attributes={"age": 7, "relation": "uncle", "positioned": True, "signals": ["trauma"], "summary": None},
        verdicts=[verdict("H1", "supports"), verdict("H2", "mixed")],
    )
    ben = make_record(
        "ben",
        [
            segment(0, ["ask-parent"]),
            segment(1, ["value-voice", "value-calm"]),
            segment(2, ["ask-child"]),
            segment(3, ["value-calm"], evidence=[evidence("H1", "contradicts")]),
            segment(4, ["ask-child"], memo="ben's memo", evidence=[evidence("H2", "nuances", "b")]),
        ],
        attributes={
            "age": 8,
            "relation": "uncle",
            "positioned": True,
            "signals": ["trauma", "addiction"],
            "summary": None,
        },
        verdicts=[verdict("H1", "supports"), verdict("H2", "contradicts")],
    )
    return anna, ben


@pytest.fixture
def codebook(tmp_path):
    return load_codebook(write_codebook(tmp_path))


def test_only_disagreements_are_items_and_agreements_are_copied(codebook):
    anna, ben = two_coders()
    items = find_items([anna, ben], codebook)
    assert [(item.kind, item.key) for item in items] == [
        ("segment", 1),
        ("segment", 2),
        ("segment", 3),
        ("attribute", "age"),
        ("attribute", "signals"),
        ("verdict", "H2"),
    ]
    consensus = initial_consensus([anna, ben], items, now())
    assert consensus.coder == "consensus" and consensus.reconciled_from == ["anna", "ben"]
    assert consensus.segments[0].codes == ["ask-parent"] and consensus.segments[0].status == "coded"
    assert [s.status for s in consensus.segments[1:4]] == ["open", "open", "open"]
    agreed = consensus.segments[4]
    assert agreed.codes == ["ask-child"]
    assert agreed.memo == "anna: anna's memo\nben: ben's memo"  # nothing a coder wrote is lost
    assert agreed.evidence[0].stance == "nuances" and agreed.evidence[0].note == "anna: a\nben: b"
    # answered alike, "no answer" included (the question was answered, not left open)
    assert consensus.attributes == {"relation": "uncle", "positioned": True, "summary": None}
    assert [(v.hypothesis, v.verdict) for v in consensus.verdicts] == [("H1", "supports")]


class Driver:
    """Feeds lines to the reconcile state machine (no terminal, no disk) and keeps a consensus record
    in step through the journal format, as the store does."""

    def __init__(self, codebook, consensus: CodedRecord | None = None, records: list | None = None) -> None:
        records = records or list(two_coders())
        self.context = ReconcileContext.build(records, codebook)
        self.consensus = consensus or initial_consensus(records, self.context.items, now())
        self.state: ReconcileState = start(self.consensus, self.context)
        self.last: Step[ReconcileState] = Step(self.state)

    def __call__(self, *lines: str) -> Step[ReconcileState]:
        for line in lines:
            item = current_item(self.state, self.context)
            command = parse(line, item.kind if item else None, self.context.letters)
            self.last = step(self.state, command, self.context)
            self.state = self.last.state
            for change in self.last.changes:
                apply_journal_entry(self.consensus, change_to_json(change, now()))
        return self.last

    @property
    def errors(self) -> list[str]:
        return [e.text for e in self.last.events if isinstance(e, Notice) and e.level == "error"]


def test_decisions_build_the_consensus(codebook):
    d = Driver(codebook)
    assert d.state.draft is not None and d.state.draft.codes == ("value-voice",)  # the common codes
    d("+")  # segment 2: union
    assert d.consensus.segments[1].codes == ["ask-parent", "value-voice", "value-calm"]
    d("x")  # segment 3: not relevant
    assert d.consensus.segments[2].status == "not_relevant"
    reply = d("+")  # segment 4: stances conflict, so the proposal waits
    assert not reply.changes and "different stances" in reply.events[0].text
    d("e H1 c after discussion")
    d("n")
    settled = d.consensus.segments[3]
    assert settled.codes == ["value-calm"] and [(e.hypothesis, e.stance, e.note) for e in settled.evidence] == [
        ("H1", "contradicts", "after discussion")
    ]
    d("B")  # age: ben's
    d("&")  # signals: common options
    reply = d("m tension between parents")  # verdict H2 typed, with a note
    assert is_done(d.state, d.context) and isinstance(reply.events[-1], Completed)
    assert d.consensus.attributes["age"] == 8 and d.consensus.attributes["signals"] == ["trauma"]
    h2 = next(v for v in d.consensus.verdicts if v.hypothesis == "H2")
    assert (h2.verdict, h2.note) == ("mixed", "tension between parents")
    assert d.consensus.status == "complete"
    assert reply.changes[-1] == StatusChange("complete") and d.state.draft is None
    # the machine's state and the record the store would write agree
    assert list(d.state.segments) == d.consensus.segments and d.state.attributes == d.consensus.attributes
    assert d.state.verdicts == {v.hypothesis: v for v in d.consensus.verdicts} and d.state.status == "complete"


def test_undo_and_back(codebook):
    d = Driver(codebook)
    d("A")
    assert d.consensus.segments[1].codes == ["ask-parent", "value-voice"] and d.state.position == 1
    d("u")
    assert d.consensus.segments[1].status == "open" and d.state.position == 0
    d("2 -3 n")  # typed codes: add ask-child (2), remove value-voice (3)
    assert d.consensus.segments[1].codes == ["ask-child"]
    d("b")
    assert d.state.position == 0 and d.state.draft.codes == ("ask-child",)  # a settled segment's proposal
    assert d("99").events[0].level == "error"


def test_a_step_returns_a_new_state_and_leaves_the_one_it_was_given(codebook):
    d = Driver(codebook)
    before = d.state
    taken = d("A")
    assert taken.events == (Saved("segment 2: anna's decision"), ShowItem())
    assert taken.changes == (SegmentChange(two_coders()[0].segments[1]),)
    assert before.segments[1].status == "open" and before.position == 0 and before.history is None
    # the same state stepped differently: the machine keeps nothing between calls
    other = step(before, Combine(every=False), d.context)
    assert [s.codes for s in other.state.segments[1:2]] == [["ask-parent", "value-voice", "value-calm"]]
    assert taken.state.segments[1].codes == ["ask-parent", "value-voice"]


def test_undo_returns_the_change_that_puts_the_item_back(codebook):
    d = Driver(codebook)
    assert d("u").events == (Notice("nothing to undo in this session", "error"),)
    d("g 4")  # age: not answered in the consensus yet
    assert current_item(d.state, d.context).key == "age"
    d("B")
    assert d.consensus.attributes["age"] == 8
    undone = d("u")
    assert undone.changes == (AttributeChange("age", answered=False),)
    assert undone.events == (Notice("undone"), ShowItem())
    assert "age" not in d.consensus.attributes and "age" not in d.state.attributes and d.state.position == 3


def test_a_line_with_an_unknown_code_leaves_the_proposal_as_it_was(codebook):
    d = Driver(codebook)
    d("2 nonsense")
    assert d.errors == ["unknown code 'nonsense' (try `f nonsense` to search the labels)"]
    assert d.state.draft.codes == ("value-voice",) and not d.last.changes


def test_help_quit_and_the_code_lookups_are_events(codebook):
    d = Driver(codebook)
    assert d("h").events == (ShowHelp("segments"),)
    definition = d("d 3").events
    assert len(definition) == 1 and isinstance(definition[0], ShowDefinition)
    assert definition[0].code.code.id == "value-voice"
    found = d("f calm").events[0]
    assert isinstance(found, ShowMatches) and [m.code.id for m in found.matches] == ["value-calm"]
    d("age: 9")  # answering by name is for `jimcode code`
    assert d.errors == ["answer the disagreement shown: take a coder's (A, B) or type the decision (h for help)"]
    quit_step = d("q")
    assert quit_step.events == (Stopped(),) and d.state.quit and not quit_step.changes


def test_a_resumed_consensus_starts_at_the_first_unsettled_item_and_a_settled_one_completes(codebook):
    d = Driver(codebook)
    d("A", "x")
    resumed = Driver(codebook, consensus=d.consensus)
    assert resumed.state.position == 2 and current_item(resumed.state, resumed.context).key == 3
    d("A", "A", "A", "A")
    assert d.consensus.status == "complete"
    unfinished = d.consensus.model_copy(update={"status": "in_progress"})
    opening = finish_if_done(start(unfinished, d.context), d.context)
    assert opening.changes == (StatusChange("complete"),) and opening.events == (Completed(),)
    assert finish_if_done(start(d.consensus, d.context), d.context).changes == ()


@pytest.mark.parametrize(
    ("line", "kind", "expected"),
    [
        ("A", "segment", Take("A")),
        ("B  # ben's, after discussion", "attribute", Take("B")),
        ("+", "segment", Combine(every=False)),
        ("&", "attribute", Combine(every=True)),
        ("C", "segment", lang.ApplyCodes((lang.CodeToken("C"),))),  # no third coder: a code shortcut
        ("3 -2 n", "segment", lang.ApplyCodes((lang.CodeToken("3"), lang.CodeToken("2", remove=True)), True)),
        ("m zie casus \\# 2", "segment", lang.Memo("zie casus # 2")),
        ("s clear in case 2", "verdict", lang.Answer("s clear in case 2")),
        ("-", "attribute", lang.Clear()),
        ("u", "verdict", lang.Undo()),
        ("g 3", "segment", lang.Goto("3")),
    ],
)
def test_the_command_language(line, kind, expected):
    assert parse(line, kind, "AB") == expected


def test_a_line_that_is_no_command_is_refused_by_the_parser():
    with pytest.raises(lang.CommandError, match="go where"):
        parse("g", "segment", "AB")


# -- through the CLI -------------------------------------------------------------------------


@pytest.fixture
def records(tmp_path) -> list[Path]:
    write_codebook(tmp_path)
    anna, ben = two_coders()
    return [save(tmp_path / "coded", anna), save(tmp_path / "coded", ben)]


def reconcile(run, records, out, script: str, *extra):
    return run("reconcile", *records, "--out", out, *extra, input=script)


def test_scripted_session_writes_a_complete_consensus(run, records, tmp_path):
    script = "# segment 2\nA\n\n# segment 3: ask-child, by id\nask-child n\nB\n8\nyes\n-\nB\n"
    # age: typed 8; signals: "yes" is no option -> error
    failed = reconcile(run, records, tmp_path / "coded", script)
    assert failed.exit_code == 1 and "stdin line 8" in failed.stderr and "not an option" in failed.stderr
    out = tmp_path / "coded" / "case-a.consensus.json"
    partial = load_record(out)  # what was decided before the bad line is saved
    assert partial.status == "in_progress" and partial.segments[1].codes == ["ask-parent", "value-voice"]
    assert partial.segments[2].codes == ["ask-child"] and partial.segments[3].status == "coded"
    resumed = reconcile(run, records, tmp_path / "coded", "trauma, addiction\nB\n")
    assert resumed.exit_code == 0, resumed.stderr
    assert "complete" in resumed.stderr and "6 disagreement(s), 4 settled" in resumed.stderr
    record = load_record(out)
    assert record.status == "complete" and record.coder == "consensus" and record.reconciled_from == ["anna", "ben"]
    assert [s.codes for s in record.segments] == [
        ["ask-parent"],
        ["ask-parent", "value-voice"],
        ["ask-child"],
        ["value-calm"],
        ["ask-child"],
    ]
    assert record.segments[3].evidence[0].stance == "contradicts"  # ben's decision, evidence included
    assert record.attributes == {
        "age": 8,
        "relation": "uncle",
        "positioned": True,
        "signals": ["trauma", "addiction"],
        "summary": None,
    }
    assert [(v.hypothesis, v.verdict) for v in record.verdicts] == [("H1", "supports"), ("H2", "contradicts")]
    assert not (tmp_path / "coded" / "case-a.consensus.json.journal").exists()
    assert not (tmp_path / "coded" / "case-a.consensus.json.lock").exists()


def test_input_ending_early_is_saved_and_resumed(run, records, tmp_path):
    out = tmp_path / "consensus.json"
    first = reconcile(run, records, out, "&\n")
    assert first.exit_code == 0 and "run again to resume" in first.stderr
    assert load_record(out).segments[1].codes == ["value-voice"]
    second = reconcile(run, records, out, "x\nA\nA\nA\nA\n")
    assert second.exit_code == 0, second.stderr
    assert "1 settled" in second.stderr
    record = load_record(out)
    assert record.status == "complete"
    assert record.segments[1].codes == ["value-voice"] and record.segments[2].status == "not_relevant"
    again = reconcile(run, records, out, "")
    assert again.exit_code == 0 and "complete" in again.stderr


def test_consensus_is_left_out_of_agreement(run, records, tmp_path):
    before = json.loads(run("agreement", tmp_path / "coded", "--format", "json").stdout)
    assert reconcile(run, records, tmp_path / "coded", "A\nA\nA\nA\nA\nA\n").exit_code == 0
    after = json.loads(run("agreement", tmp_path / "coded", "--format", "json").stdout)
    assert after["codes"] == before["codes"]
    assert after["transcripts"][0]["consensus"].endswith("case-a.consensus.json")


def test_records_that_cannot_be_reconciled(run, tmp_path):
    write_codebook(tmp_path)
    anna = save(tmp_path / "coded", make_record("anna", [segment(0, ["ask-parent"])], text="one"))
    ben = save(tmp_path / "coded", make_record("ben", [segment(0, [])], text="two"))
    other = save(tmp_path / "coded", make_record("ben", [segment(0, [])], transcript="case-b"))
    consensus = save(tmp_path / "coded", make_record("consensus", [segment(0, [])], text="one"))
    out = tmp_path / "out.json"
    changed = reconcile(run, [anna, ben], out, "")
    assert changed.exit_code == 1 and "transcript text differs" in changed.stderr
    assert reconcile(run, [anna, other], out, "").exit_code == 1
    assert "consensus record" in reconcile(run, [anna, consensus], out, "").stderr
    single = reconcile(run, [anna], out, "")
    assert single.exit_code == 2
    assert not out.exists()


def test_no_disagreements_means_complete_at_once(run, tmp_path):
    write_codebook(tmp_path)
    paths = [save(tmp_path / "coded", make_record(c, [segment(0, ["ask-parent"]), segment(1, [])])) for c in "ab"]
    result = reconcile(run, paths, tmp_path / "c.json", "")
    assert result.exit_code == 0 and "0 disagreement(s)" in result.stderr
    record = load_record(tmp_path / "c.json")
    assert record.status == "complete" and [s.codes for s in record.segments] == [["ask-parent"], []]


def test_an_existing_record_of_something_else_is_not_overwritten(run, records, tmp_path):
    elsewhere = save(tmp_path / "other", make_record("consensus", [segment(0, [])], transcript="case-z"))
    text = elsewhere.read_text("utf-8")
    result = reconcile(run, records, elsewhere, "A\n")
    assert result.exit_code == 1 and "cannot be this consensus" in result.stderr
    assert elsewhere.read_text("utf-8") == text


def test_help_lists_the_commands(run, records, tmp_path):
    result = reconcile(run, records, tmp_path / "c.json", "h\nq\n")
    assert result.exit_code == 0
    assert "+  union" in result.stderr and "stopped; saved" in result.stderr


def test_the_screen_shows_each_coders_choice_with_code_numbers(codebook):
    d = Driver(codebook)
    screen = item_text(d.state, d.context, Labels(codebook))
    assert "Disagreement 1 of 6 (0 settled) · case-a (A)" in screen
    assert "Segment 2 of 5 (s002) · Professional" in screen
    assert "  A anna: 1 Parent asks, 3 Voice of the child" in screen
    assert "  B ben: 3 Voice of the child, 4 Calm at home" in screen
    assert "  proposal: 3 Voice of the child" in screen
    d("A", "x", "A")
    assert "Case attribute Age" in item_text(d.state, d.context, Labels(codebook))
    assert "  B ben: 8" in item_text(d.state, d.context, Labels(codebook))


def test_segments_only_one_coder_decided_are_copied_with_a_warning(run, tmp_path):
    write_codebook(tmp_path)
    anna = save(tmp_path / "coded", make_record("anna", [segment(0, ["ask-parent"]), segment(1, None)], complete=False))
    ben = save(tmp_path / "coded", make_record("ben", [segment(0, ["ask-parent"]), segment(1, ["value-calm"])]))
    result = reconcile(run, [anna, ben], tmp_path / "c.json", "")
    assert result.exit_code == 0
    assert "anna's record is still in progress" in result.stderr
    assert "1 segment(s) were coded by only some of the coders" in result.stderr
    assert [s.codes for s in load_record(tmp_path / "c.json").segments] == [["ask-parent"], ["value-calm"]]


def test_summary_counts_the_consensus_record(run, tmp_path):
    write_codebook(tmp_path)
    coded = tmp_path / "coded"
    anna = save(coded, make_record("anna", [segment(0, ["ask-parent"]), segment(1, ["value-voice"])]))
    ben = save(coded, make_record("ben", [segment(0, ["ask-parent"]), segment(1, ["value-calm"])]))
    assert reconcile(run, [anna, ben], coded, "B\n").exit_code == 0
    result = run("summary", coded, "--format", "json")
    assert result.exit_code == 0, result.stderr
    group = json.loads(result.stdout)["groups"][0]
    assert group["corpus"]["coders"] == [{"name": "consensus", "cases": 1}]
    counted = {code["id"]: code["segments"] for question in group["questions"] for code in question["codes"]}
    assert counted["value-calm"] == 1 and counted["value-voice"] == 0 and counted["ask-parent"] == 1


def test_scripted_lookups_print_a_definition_and_the_matching_codes(run, records, tmp_path):
    result = reconcile(run, records, tmp_path / "c.json", "d 3\nf calm\nq\n")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "3. Voice of the child [value-voice]: The child is heard." in lines
    assert "    4  Calm at home [value-calm]" in lines
    assert lines[-1] == "jimcode: stopped; saved in " + str(tmp_path / "c.json") + " (run the same command to resume)"


def test_the_consensus_keeps_the_sentences_every_coder_marked_to_quote(codebook):
    """Quote marks are not coding decisions: an agreed or combined segment keeps what any coder marked
    (it kept the first coder's alone); taking a coder's decision takes that coder's marks."""
    anna, ben = two_coders()
    anna.segments[0].quote_sentences = [1]
    ben.segments[0].quote_sentences = [2, 1]
    anna.segments[1].quote_sentences = [3]
    ben.segments[2].quote_sentences = [2]
    anna.segments[4].quote_sentences = [1]
    consensus = initial_consensus([anna, ben], find_items([anna, ben], codebook), now())
    assert [s.quote_sentences for s in consensus.segments] == [[1, 2], [3], [2], [], [1]]
    d = Driver(codebook, consensus, [anna, ben])
    d("+")  # segment 2: the union of the codes and of the marks
    d("B")  # segment 3: ben's decision, his marks
    assert d.consensus.segments[1].quote_sentences == [3]
    assert (d.consensus.segments[2].codes, d.consensus.segments[2].quote_sentences) == (["ask-child"], [2])
