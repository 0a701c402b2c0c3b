"""Quotes that fit a report: one sentence splitter, `q 2-3` in a session, the record's
`quote_sentences`, reports that quote the marked sentences or cut after a sentence, `--no-memos`."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jimcode.records.model import load_record
from jimcode.records.quotes import QUOTE_MAX_CHARS, segment_quote
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.sentences import sentence_texts, sentences
from tests.coding_helpers import MINI_CODEBOOK, transcript_markdown
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"

# The sentence splitter on real segments of the example interviews


def _example_segment(transcript: str, starts: str) -> str:
    found = read_transcript(EXAMPLES / "transcripts" / transcript)
    return next(s.text for s in found.segments if s.text.startswith(starts))


def test_a_turn_of_the_noah_interview_is_split_into_its_sentences():
    text = _example_segment("case-01-noah.md", "Het wijkteam nam contact")
    assert sentence_texts(text)[:3] == [
        "Het wijkteam nam contact met me op.",
        'Of ik het gezin kon helpen om weer tot rust te komen na, zo noemden ze het zelf al, "het incident in de '
        'schuur".',
        "De ouders hadden Noah, die toen dertien was, in de schuur achter het huis aangetroffen met zijn piemel uit "
        "zijn broek, terwijl zijn broertje van acht erbij was.",
    ]
    assert sentence_texts(text)[-1] == (
        "Hij schopte tegen deuren, schold zijn moeder uit, liep 's avonds weg en kwam pas om elf uur terug."
    )
    assert len(sentences(text)) == 12


def test_quoted_speech_ends_with_its_closing_mark_and_a_trailing_off_ellipsis_goes_on():
    lotte = _example_segment("case-02-sem.md", "Sem is acht jaar")
    assert 'Moeder had gebeld en gezegd: "Ik kan het niet meer, hij moet hier weg."' in sentence_texts(lotte)
    jong = "Dat waren de kinderen met wie ik het deed. Hoewel, jong... daar kom ik nog op."
    assert sentence_texts(jong) == ["Dat waren de kinderen met wie ik het deed.", "Hoewel, jong... daar kom ik nog op."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dat zag je bijv. bij Noah. Ook o.a. de juf, d.w.z. mevr. Jansen, vond dat.",
            ["Dat zag je bijv. bij Noah.", "Ook o.a. de juf, d.w.z. mevr. Jansen, vond dat."],
        ),
        ("Het duurde ca. 5 weken, i.e. 1.5 maand. Toen kwam J. de Vries.", None),
        ("Mr. Smith agreed, e.g. on Monday. Dr. Jansen did not.", None),
        ("'Wat nu?' vroeg ze. 's Avonds was het rustig. En toen… Niets.", None),
        ("Eerste alinea zonder punt\n\nTweede alinea.", ["Eerste alinea zonder punt", "Tweede alinea."]),
        ("   ", []),
    ],
)
def test_abbreviations_initials_numbers_ellipses_and_quotes(text, expected):
    if expected is None:
        expected = {
            "Het duurde ca. 5 weken, i.e. 1.5 maand. Toen kwam J. de Vries.": [
                "Het duurde ca. 5 weken, i.e. 1.5 maand.",
                "Toen kwam J. de Vries.",
            ],
            "Mr. Smith agreed, e.g. on Monday. Dr. Jansen did not.": [
                "Mr. Smith agreed, e.g. on Monday.",
                "Dr. Jansen did not.",
            ],
            "'Wat nu?' vroeg ze. 's Avonds was het rustig. En toen… Niets.": [
                "'Wat nu?' vroeg ze.",
                "'s Avonds was het rustig.",
                "En toen…",
                "Niets.",
            ],
        }[text]
    assert sentence_texts(text) == expected
    assert [s.number for s in sentences(text)] == list(range(1, len(expected) + 1))


# The quote of a segment

FOUR = (
    "Oma kwam daarna elke woensdag langs, ook als vader er niet was en moeder te moe was om te koken. "
    "Ze bleef dan eten en bracht de kinderen naar bed, zodat moeder even tijd voor zichzelf had. "
    "Na een paar weken vroeg moeder haar zelf of ze ook op zaterdag wilde komen, en dat deed ze. "
    "Zo werd oma de JIM, zonder dat iemand dat woord gebruikte."
)  # 339 characters: sentences of 96, 91, 91 and 58
FOUR_CUT = (
    "Oma kwam daarna elke woensdag langs, ook als vader er niet was en moeder te moe was om te koken. "
    "Ze bleef dan eten en bracht de kinderen naar bed, zodat moeder even tijd voor zichzelf had. …"
)


def test_an_unmarked_long_text_is_cut_after_the_sentence_closest_to_220_characters():
    assert segment_quote(FOUR) == FOUR_CUT  # 189 characters is closer to 220 than 281


def test_marked_sentences_are_quoted_with_an_ellipsis_between_those_that_do_not_follow_each_other():
    assert segment_quote(FOUR, [2, 3]) == (
        "Ze bleef dan eten en bracht de kinderen naar bed, zodat moeder even tijd voor zichzelf had. "
        "Na een paar weken vroeg moeder haar zelf of ze ook op zaterdag wilde komen, en dat deed ze."
    )
    assert segment_quote(FOUR, [1, 4]) == (
        "Oma kwam daarna elke woensdag langs, ook als vader er niet was en moeder te moe was om te koken. … "
        "Zo werd oma de JIM, zonder dat iemand dat woord gebruikte."
    )
    assert segment_quote(FOUR, [9]) == FOUR_CUT  # a number the text does not have is passed over


def test_the_cut_never_leaves_a_quotation_open():
    text = (
        "Lotte kan dat natuurlijk niet als hulpvraag formuleren. Maar ik heb met haar gespeeld en getekend. "
        "En ze tekende steeds een huis met een hond ervoor. Toen ik vroeg van wie dat huis was, zei ze: "
        '"Van oma met de hond. Daar mag ik logeren." Later bleek dat ze daar één keer geweest was, met Sinterklaas. '
        "Dat was voor mij het eerste spoor naar oma."
    )
    assert segment_quote(text).endswith('zei ze: "Van oma met de hond. Daar mag ik logeren." …')


def test_a_sentence_longer_than_the_maximum_is_cut_after_a_whole_word():
    text = " ".join(["woord"] * 300) + "."
    quote = segment_quote(text)
    assert len(quote) <= QUOTE_MAX_CHARS and quote.endswith("woord …")


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéëABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'\".,!?…:;-()", min_size=1,
                max_size=25)  # fmt: skip
_TEXT = st.lists(st.tuples(_WORD, st.sampled_from([" ", " ", " ", "\n", "\n\n", "  "])), min_size=1, max_size=400)


@settings(max_examples=300, deadline=None)
@given(parts=_TEXT, marked=st.lists(st.integers(-2, 40), max_size=5))
def test_a_quote_is_never_too_long_and_never_cuts_a_word(parts, marked):
    text = "".join(word + space for word, space in parts).strip()
    quote = segment_quote(text, marked)
    assert len(quote) <= QUOTE_MAX_CHARS
    numbers = [s.number for s in sentences(text)]
    if not {n for n in marked if n in numbers}:
        kept = quote[:-2] if quote.endswith(" …") and not text.endswith(" …") else quote
        assert text.startswith(kept)  # the text's beginning ...
        assert len(kept) == len(text) or text[len(kept)].isspace()  # ... up to a word's end
        assert kept == text or quote.endswith("…")  # a cut is marked
    for piece in quote.split(" … "):
        piece = piece.removesuffix(" …")
        # in the text, ending at a word's end (at one of its places: `0` is in `00 … 0` twice)
        ends = [at + len(piece) for at in range(len(text)) if text.startswith(piece, at)]
        assert ends and (not piece or any(text[end:][:1] in ("", " ", "\n") for end in ends))


@settings(max_examples=200, deadline=None)
@given(parts=_TEXT)
def test_the_sentences_cover_the_text_in_order(parts):
    text = "".join(word + space for word, space in parts)
    found = sentences(text)
    covered = "".join(text[s.start : s.end] for s in found)
    assert re.sub(r"\s+", "", covered) == re.sub(r"\s+", "", text)  # no character lost or repeated
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert [s.number for s in found] == list(range(1, len(found) + 1))


# Through the real CLI: a scripted session marks a quote, the record keeps it, the reports quote it

SEGMENT_2 = (
    'Via het wijkteam. Moeder wilde eerst niemand erbij hebben. Ze zei: "Dat doen we zelf." '
    "Later kwam oma toch langs, bijv. op woensdag. Dat hielp."
)
TEXTS = ("Hoe kwam het gezin bij jou?", SEGMENT_2, "En daarna?", FOUR)
ANSWERS = """\
x
ro
q 2-3
m anna: sterk citaat
e H1 s bram: ouders beslissen
n
x
pq
n
child_age: 9
jim_relation: oom
parent_signals: -
jim_positioned: ja
H1: s
H2: n
"""
MARKED = 'Moeder wilde eerst niemand erbij hebben. Ze zei: "Dat doen we zelf."'


@pytest.fixture
def study(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JIMCODE_CODER", raising=False)
    (tmp_path / "mini.yaml").write_text(MINI_CODEBOOK, encoding="utf-8")
    (tmp_path / "case-01.md").write_text(transcript_markdown(TEXTS), encoding="utf-8")
    return tmp_path


def _code(run, answers: str):
    return run("code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", input=answers)


RECORD = Path("coded/case-01.anna.json")


@pytest.mark.usefixtures("english_words")  # the session's feedback in English
def test_a_scripted_session_marks_a_quote_that_every_report_quotes(run, study):
    result = _code(run, ANSWERS)
    assert result.exit_code == 0, result.output
    assert "  s002 quote: sentence(s) 2-3" in result.stderr.splitlines()
    segments = json.loads(RECORD.read_text("utf-8"))["segments"]
    assert [s["quote_sentences"] for s in segments] == [[], [2, 3], [], []]

    summary = json.loads(run("summary", "coded", "--format", "json").stdout)
    codes = {c["id"]: c for q in summary["groups"][0]["questions"] for c in q["codes"]}
    assert [q["text"] for q in codes["request-parent"]["quotes"]] == [MARKED]
    assert [q["text"] for q in codes["positioning-quick"]["quotes"]] == [FOUR_CUT]
    [h1] = [h for h in summary["groups"][0]["hypotheses"] if h["id"] == "H1"]
    [supports] = [e for e in h1["evidence"] if e["stance"] == "supports"]
    assert [q["text"] for q in supports["quotes"]] == [MARKED]
    markdown = run("summary", "coded", "--format", "markdown").stdout
    assert f"> {MARKED}\n" in markdown and f"> {FOUR_CUT}\n" in markdown

    retrieved = json.loads(run("retrieve", "request-parent", "coded", "--format", "json").stdout)
    [item] = retrieved["groups"][0]["items"]
    assert (item["text"], item["quote"]) == (SEGMENT_2, MARKED)
    assert f"> {MARKED}\n" in run("retrieve", "request-parent", "coded", "--format", "markdown").stdout


@pytest.mark.usefixtures("english_words")  # the session's feedback in English
def test_q_minus_unmarks_the_quote_and_the_template_writes_the_mark_back(run, study):
    assert _code(run, ANSWERS).exit_code == 0
    template = run("code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", "--template").stdout
    assert "m anna: sterk citaat\nq 2-3\nn\n" in template
    review = run(
        "code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", "--review", input="n\nq -\nq 1 3-4\n"
    )
    assert review.exit_code == 0, review.output
    assert "  s002 quote unmarked" in review.stderr.splitlines()
    assert load_record(RECORD).segments[1].quote_sentences == [1, 3, 4]
    summary = json.loads(run("summary", "coded", "--format", "json").stdout)
    codes = {c["id"]: c for q in summary["groups"][0]["questions"] for c in q["codes"]}
    assert [q["text"] for q in codes["request-parent"]["quotes"]] == [
        'Via het wijkteam. … Ze zei: "Dat doen we zelf." Later kwam oma toch langs, bijv. op woensdag.'
    ]


def test_the_template_numbers_the_sentences_of_a_segment_of_more_than_one(run, study):
    """A coder filling in an answers file sees the numbers `q 2-3` takes, as the coding screen shows them."""
    template = run("code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", "--template").stdout
    lines = template.splitlines()
    first = next(at for at, line in enumerate(lines) if line.startswith("# 1 s001 "))
    assert lines[first + 1] == "n"  # one sentence: nothing to number
    second = next(at for at, line in enumerate(lines) if line.startswith("# 2 s002 "))
    assert lines[second + 1 : second + 7] == [
        "#   1 Via het wijkteam.",
        "#   2 Moeder wilde eerst niemand erbij hebben.",
        '#   3 Ze zei: "Dat doen we zelf."',
        "#   4 Later kwam oma toch langs, bijv. op woensdag.",
        "#   5 Dat hielp.",
        "n",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("q 6", "stdin line 3: this segment has 5 sentence(s); there is no sentence 6"),
        ("q 0", "stdin line 3: '0': sentences are numbered from 1, lowest first (`q 2-3`)"),
        ("q 3-2", "stdin line 3: '3-2': sentences are numbered from 1, lowest first (`q 2-3`)"),
        ("q twee", "stdin line 3: 'twee' is not a sentence number: `q 2`, `q 2-3`, `q 2 4`, or `q -` to unmark"),
        ("q -", "stdin line 3: this segment has no quote marked"),
        ("q ,", "stdin line 3: which sentences? `q 2`, `q 2-3`, `q 2 4`, or `q -` to unmark"),
        ("q 1-99999999999", "stdin line 3: this segment has 5 sentence(s); there is no sentence 6"),
    ],
)
@pytest.mark.usefixtures("english_words")  # the session's English words for these errors
def test_a_bad_quote_line_stops_the_script_with_one_line_naming_it(run, study, line, message):
    result = _code(run, f"x\nro\n{line}\nn\n")
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()[-1] and "Traceback" not in result.output
    assert load_record(RECORD).segments[1].codes == ["request-parent"]  # what came before is saved


def test_marking_and_unmarking_are_said_in_the_codebooks_language(run, study):
    assert "  s002 citaat: zin(nen) 2-3" in _code(run, ANSWERS).stderr.splitlines()
    review = run("code", "case-01.md", "--codebook", "mini.yaml", "--coder", "anna", "--review", input="n\nq -\n")
    assert "  s002 citaat niet meer gemarkeerd" in review.stderr.splitlines()


def test_a_bad_quote_line_is_named_in_the_codebooks_language(run, study, monkeypatch):
    monkeypatch.setenv("JIMCODE_LANG", "nl")
    result = _code(run, "x\nro\nq 6\nn\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "jimcode: error: stdin regel 3: dit segment heeft 5 zin(nen); er is geen zin 6"
    )


@pytest.mark.usefixtures("english_words")  # the session's English words for these errors
def test_reconciling_refuses_a_quote_line_in_one_line(run, tmp_path):
    coded = EXAMPLES / "coded"
    result = run(
        "reconcile", coded / "case-01-noah.anna.json", coded / "case-01-noah.bram.json", "--out", tmp_path,
        input="q 2-3\n",
    )  # fmt: skip
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].endswith(
        "stdin line 1: this is a segment: take a coder's decision (A, B), +, &, or edit the proposal (h for help)"
    )


def test_q_alone_still_saves_and_stops(run, study):
    result = _code(run, "x\nro\nq\n")
    assert result.exit_code == 0, result.output
    assert load_record(RECORD).segments[1].quote_sentences == []


def test_validate_warns_when_a_marked_sentence_is_gone(run, study):
    assert _code(run, ANSWERS).exit_code == 0
    assert run("validate", RECORD).exit_code == 0
    data = json.loads(RECORD.read_text("utf-8"))
    data["segments"][1]["quote_sentences"] = [2, 3, 7]
    text = json.dumps(data, indent=2, ensure_ascii=False)
    RECORD.write_text(text, encoding="utf-8")
    result = run("validate", RECORD)
    line = text.splitlines().index('      "segment_id": "s002",') + 1
    assert result.exit_code == 0, result.output
    assert (
        f"{RECORD}:{line}: warning[quote-sentences]: segment s002: its quote marks sentence(s) 7, but its text "
        "has 5; mark it again (`g 2`, then `q`) in `jimcode code`"
    ) in result.stdout.splitlines()


def test_pseudonymising_keeps_the_marked_sentences(run, study):
    text = (
        'Noah woont bij oma Els. Els zei tegen dr. Jansen: "Noah mag hier blijven." Dat was in Purmerend. Zo ging het.'
    )
    (study / "case-01.md").write_text(transcript_markdown(("Vertel eens.", text, "En daarna?", FOUR)), encoding="utf-8")
    assert _code(run, "x\nro\nq 2-3\nn\n").exit_code == 0
    key = study / "private" / "key.yaml"
    key.parent.mkdir()
    key.write_text("names:\n  Noah: Luuk\n  Els: Ria\n  Jansen: Bakker\n  Purmerend: {remove: true, kind: place}\n",
                   encoding="utf-8")  # fmt: skip
    result = run("pseudonymise", "case-01.md", "coded", "--key", key, "--out", study / "out")
    assert result.exit_code == 0, result.output
    [written] = (study / "out").rglob("*.anna.json")
    record = load_record(written)
    assert record.segments[1].quote_sentences == [2, 3]
    assert len(sentences(record.segments[1].text)) == len(sentences(text)) == 4
    assert segment_quote(record.segments[1].text, [2, 3]) == (
        'Ria zei tegen dr. Bakker: "Luuk mag hier blijven." Dat was in [place].'
    )

    assert "quote-sentences" not in run("validate", written).output


# --no-memos


def test_no_memos_removes_exactly_the_remarks_under_the_quotes(run):
    coded = EXAMPLES / "coded"
    with_memos = run("summary", coded, "--format", "markdown").stdout.splitlines()
    without = run("summary", coded, "--format", "markdown", "--no-memos").stdout.splitlines()
    remark = re.compile(r" · (notitie|memo): .*$")
    assert without == [remark.sub("", line) if line.startswith("> — ") else line for line in with_memos]
    assert without != with_memos
    assert any(line.endswith("bram: kent de geschiedenis") for line in with_memos)
    bare = json.loads(run("summary", coded, "--format", "json", "--no-memos").stdout)
    assert [q.get("memo") or q.get("note") for q in _quotes_of(bare)] == [None] * len(_quotes_of(bare))


def _quotes_of(summary: dict) -> list[dict]:
    return [
        q
        for g in summary["groups"]
        for q in [
            *(q for question in g["questions"] for c in question["codes"] for q in c["quotes"]),
            *(q for h in g["hypotheses"] for e in h["evidence"] for q in e["quotes"]),
        ]
    ]


def test_retrieve_no_memos_leaves_out_memos_and_notes(run):
    coded = EXAMPLES / "coded"
    with_memos = run("retrieve", "H4", coded, "--format", "markdown").stdout.splitlines()
    without = run("retrieve", "H4", coded, "--format", "markdown", "--no-memos").stdout.splitlines()
    remark = re.compile(r" · (notitie|memo): .*$")
    assert without == [remark.sub("", line) if line.startswith("> — ") else line for line in with_memos]
    assert without != with_memos
    items = json.loads(run("retrieve", "H4", coded, "--format", "json", "--no-memos").stdout)["groups"][0]["items"]
    assert {item["memo"] for item in items} == {None}
    assert {e["note"] for item in items for e in item["evidence"]} == {None}


# The summary's exemplars: a quote the coder marked comes first


def test_a_marked_quote_is_the_first_exemplar_even_late_and_from_a_long_turn(run, tmp_path):
    """Exemplars are chosen by the quote a report prints: sentences a coder marked come before any
    segment chosen by its length, also after the 64th record (when quotes too far from 220 characters
    are passed over unread) and from a turn far longer than a good quote."""
    from tests.coded_records import make_record, save, segment, write_codebook

    write_codebook(tmp_path)
    ideal = "Het gezin vroeg zelf om hulp. " * 7  # 210 characters: an unmarked quote close to ideal
    long_turn = ("Eerst wilde niemand praten. " * 20) + "Toen zei oma: ik ga mee. " + ("En zo verder. " * 20)
    for n in range(80):
        text, marks = (long_turn, [21]) if n == 79 else (ideal, [])
        if n == 5:
            text, marks = long_turn, [99]  # marks the text no longer has: no quote, judged by its length
        first = segment(0, ["ask-parent"], quote_sentences=marks).model_copy(update={"text": text.strip()})
        parts = [first, segment(1, ["value-calm"])]
        save(tmp_path / "coded", make_record("anna", parts, transcript=f"case-{n:03d}"))
    result = run("summary", tmp_path / "coded", "--format", "json", "--quotes", "2")
    assert result.exit_code == 0, result.stderr
    codes = {c["id"]: c for q in json.loads(result.stdout)["groups"][0]["questions"] for c in q["codes"]}
    assert [(q["transcript"], q["text"]) for q in codes["ask-parent"]["quotes"]] == [
        ("case-079", "Toen zei oma: ik ga mee."),
        ("case-000", ideal.strip()),
    ]
