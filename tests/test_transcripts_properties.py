"""Whatever the text, segmentation never crashes, loses nothing but speaker labels, and is deterministic."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jimcode.errors import InvalidFileError
from jimcode.transcripts.readers import read_transcript
from jimcode.transcripts.segment import segment_text

LABELLY = st.lists(
    st.sampled_from(
        [*"IRPab1 2:[]*#_-.,?!()’\n", "\n\n", "I: ", "R: ", "**", "### ", "[id1] ", "0:03", "é", "Jan Smit"]
    ),
    max_size=120,
).map("".join)
PROSE_WORD = st.text(alphabet=st.sampled_from(list("abcdeXYZ.,?!-éü’0123456789")), min_size=1, max_size=12)
PROSE_LINE = st.lists(PROSE_WORD, min_size=0, max_size=18).map(" ".join)
PROSE = st.lists(PROSE_LINE, max_size=30).map("\n".join)
pytestmark = pytest.mark.slow  # every test here is a 200-example fuzzer
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def nonblank(text: str) -> str:
    """Text without white space and without the Markdown marks (`**`, `__`, `#`) a segment drops."""
    return "".join(text.split()).translate(str.maketrans("", "", "*_#"))


def body_without_labels(text: str, labelled_lines: dict) -> str:
    kept = []
    for number, line in enumerate(text.split("\n"), start=1):
        label = labelled_lines.get(number)
        if label is None:
            kept.append(line)
        else:
            assert nonblank(line).endswith(nonblank(label.rest)), "a label is only ever a prefix of its line"
            kept.append(label.rest)
    return nonblank("".join(kept))


@SETTINGS
@given(text=LABELLY, mode=st.sampled_from([None, "turn", "paragraph"]))
def test_every_character_but_the_labels_and_markup_is_kept_in_order(text, mode):
    result = segment_text(text.split("\n"), segment_by=mode)
    assert nonblank("".join(s.text for s in result.segments)) == body_without_labels(text, result.labelled_lines)
    assert [s.index for s in result.segments] == list(range(len(result.segments)))
    assert all(s.text.strip() for s in result.segments)
    assert all(s.start_line <= s.end_line for s in result.segments)


@SETTINGS
@given(text=PROSE, mode=st.sampled_from([None, "turn", "paragraph"]))
def test_text_without_labels_keeps_every_character(text, mode):
    result = segment_text(text.split("\n"), segment_by=mode)
    assert result.labelled_lines == {}
    assert {s.speaker for s in result.segments} <= {None}
    assert nonblank("".join(s.text for s in result.segments)) == nonblank(text)


@SETTINGS
@given(text=LABELLY)
def test_segmentation_is_deterministic(text):
    lines = text.split("\n")
    assert segment_text(lines) == segment_text(lines)


@SETTINGS
@given(
    data=st.binary(max_size=400) | LABELLY.map(lambda t: t.encode("utf-8")),
    suffix=st.sampled_from([".md", ".txt", ".vtt", ".srt", ".docx"]),
)
def test_any_bytes_give_a_transcript_or_a_clear_error(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        first = read_transcript(path)
    except InvalidFileError as exc:
        assert exc.diagnostics and all(d.file == str(path) for d in exc.diagnostics)
        return
    assert first == read_transcript(path)


CUE_TEXT = st.lists(
    st.sampled_from([*"abc XY:.?<>/v&;", "<v A>", "<v B, C>", "</v>", "&amp;", "Jan: "]), max_size=30
).map("".join)


@SETTINGS
@given(cues=st.lists(CUE_TEXT, min_size=1, max_size=20), mode=st.sampled_from([None, "turn", "paragraph"]))
def test_timed_cues_never_crash_and_keep_plain_words(tmp_path, cues, mode):
    body = "\n\n".join(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\n{text}" for i, text in enumerate(cues))
    path = tmp_path / "fuzz.vtt"
    path.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:00.100\nBegin.\n\n" + body + "\n", encoding="utf-8")
    transcript = read_transcript(path, segment_by=mode)
    plain = [text for text in cues if not set(text) & set("<>&:")]
    joined = " ".join(s.text for s in transcript.segments)
    position = 0
    for text in plain:  # cues without markup or labels come through word for word, in order
        for word in text.split():
            found = joined.find(word, position)
            assert found >= 0
            position = found + len(word)
