"""Segmentation of a transcript's text into speaker turns, or into paragraphs where nobody is named.

A *turn* is everything one speaker says until another speaker speaks: lines
without a label continue the current turn, and two labels of the same speaker
in a row stay one turn. In *paragraph* mode every paragraph is a segment (its
speaker is still known when the transcript names speakers). Segments get
stable ids by position: `s001`, `s002`, … (wider when there are more than 999).
Their text is plain (`layout.plain_text`). A heading or bold label glued to its
text is split (`_glued_labels`); a one-time look-alike of a frequent label is
read as that label, with a warning. A transcript past `MAX_LINES` lines or
`MAX_SEGMENTS` segments is refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from jimcode.diagnostics import Diagnostic
from jimcode.errors import InvalidFileError
from jimcode.transcripts.labels import LabelDecision, LabelMatch, accept_labels, label_key, match_label
from jimcode.transcripts.layout import Break, ContentLine, content_lines, plan_breaks
from jimcode.transcripts.model import Segment, SegmentBy

# Real interviews have 100 to 3,000 segments; far more is a generated or broken file, refused
# before the segments are built, so that coding never starts on a transcript nobody can code.
MAX_SEGMENTS = 20_000
# Refused before segmenting at all, so that a million-line file is answered in a second: ten lines
# (or subtitle cues) a segment is far more than any transcript has, hard-wrapped PDF text included.
MAX_LINES = 10 * MAX_SEGMENTS


def refuse_if_too_long(count: int, what: str, file: str) -> None:
    """`InvalidFileError` when a transcript has more than `MAX_LINES` lines or cues (`what`)."""
    if count > MAX_LINES:
        raise _too_many(file, f"has {count:,} {what}; jimcode reads at most {MAX_LINES:,} and codes at most")


def _too_many(file: str, found: str) -> InvalidFileError:
    message = (
        f"the transcript {found} {MAX_SEGMENTS:,} segments per transcript (an interview has hundreds): "
        "split the file, or check that it is a transcript"
    )
    return InvalidFileError([Diagnostic(file, 0, 0, "too-many-segments", message)])


@dataclass
class Draft:
    """A segment being built (its text collected in parts, so a long turn costs linear time)."""

    speaker: str | None
    parts: list[str] = field(default_factory=list)
    start_line: int | None = None
    end_line: int | None = None
    start_time: float | None = None
    end_time: float | None = None

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, text: str, joiner: str, line: int | None = None) -> None:
        if text:
            if self.parts:
                self.parts.append(joiner)
            self.parts.append(text)
        if line is not None:
            self.start_line = line if self.start_line is None else self.start_line
            self.end_line = line


def number_segments(drafts: Sequence[Draft], file: str = "<text>") -> list[Segment]:
    """Drafts with text become segments `s001`, `s002`, … in order; more than `MAX_SEGMENTS` is refused."""
    kept = [draft for draft in drafts if any(part.strip() for part in draft.parts)]
    if len(kept) > MAX_SEGMENTS:
        raise _too_many(file, f"splits into {len(kept):,} segments; jimcode codes at most")
    width = max(3, len(str(len(kept))))
    return [
        Segment(
            id=f"s{index + 1:0{width}d}",
            index=index,
            speaker=draft.speaker,
            text=draft.text,
            start_line=draft.start_line,
            end_line=draft.end_line,
            start_time=draft.start_time,
            end_time=draft.end_time,
        )
        for index, draft in enumerate(kept)
    ]


def normalise_speaker_map(*maps: Mapping[str, str] | None) -> dict[str, str]:
    """Label -> name maps merged (later ones win), keyed by `label_key` so variants match."""
    merged: dict[str, str] = {}
    for mapping in maps:
        for label, name in (mapping or {}).items():
            key = label_key(label)
            if key:
                merged[key] = " ".join(name.split())
    return merged


class SpeakerNames:
    """The display name of each accepted label: the speaker map's, else its most used spelling."""

    def __init__(self, matches: Sequence[LabelMatch], accepted: frozenset[str], speaker_map: Mapping[str, str]):
        spellings: dict[str, Counter[str]] = {}
        for match in matches:
            if match.key in accepted:
                spellings.setdefault(match.key, Counter())[match.label] += 1
        self._names = {key: speaker_map.get(key) or counter.most_common(1)[0][0] for key, counter in spellings.items()}

    def __call__(self, key: str) -> str:
        return self._names[key]


@dataclass
class SegmentedText:
    segments: list[Segment]
    segment_by: SegmentBy
    warnings: list[Diagnostic] = field(default_factory=list)
    labelled_lines: dict[int, LabelMatch] = field(default_factory=dict)  # line number -> accepted label


def lonely_label_warnings(file: str, decision: LabelDecision, where: Mapping[str, int]) -> list[Diagnostic]:
    return [
        Diagnostic(
            file,
            where.get(label, 0),
            0,
            "lonely-label",
            f"'{label}' looks like a speaker label but appears only once, so it was read as text; "
            "name it under 'speakers:' in the front matter (or use --speaker) to make it a speaker",
            "warning",
        )
        for label in decision.lonely
    ]


def look_alike_warnings(
    file: str, decision: LabelDecision, matches: Sequence[tuple[int, LabelMatch]], names: SpeakerNames
) -> list[Diagnostic]:
    """One warning per one-time label merged into a frequent look-alike, with the option that undoes it."""
    return [
        Diagnostic(
            file,
            line,
            0,
            "look-alike-label",
            f"'{match.label}' appears once and looks like '{names(decision.aliases[match.key])}', so it was read "
            f"as that speaker; if it is someone else, run again with --speaker '{match.label}={match.label}'",
            "warning",
        )
        for line, match in matches
        if match.key in decision.aliases
    ]


def merge_look_alikes(match: LabelMatch, decision: LabelDecision) -> LabelMatch:
    target = decision.aliases.get(match.key)
    return replace(match, key=target) if target else match


def choose_mode(
    file: str, requested: SegmentBy | None, has_speakers: bool, *, timed: bool = False
) -> tuple[SegmentBy, list[Diagnostic]]:
    """Turns when speakers are named, paragraphs otherwise; what the file cannot give is refused with a warning:
    turns without speakers, and cues or time windows outside subtitles (.vtt, .srt)."""
    usual: SegmentBy = "turn" if has_speakers else "paragraph"
    if requested == "turn" and not has_speakers:
        warning = Diagnostic(
            file,
            0,
            0,
            "no-speakers",
            "segment_by 'turn' was asked for, but no speaker labels were found; segmented by paragraph",
            "warning",
        )
        return "paragraph", [warning]
    if requested in ("cue", "time") and not timed:
        warning = Diagnostic(
            file,
            0,
            0,
            "not-timed",
            f"segment_by '{requested}' needs subtitles with times (.vtt, .srt); segmented by {usual}",
            "warning",
        )
        return usual, [warning]
    return requested or usual, []


def segment_text(
    lines: Sequence[str],
    *,
    file: str = "<text>",
    first_line: int = 1,
    speakers: Mapping[str, str] | None = None,
    segment_by: SegmentBy | None = None,
) -> SegmentedText:
    """Segment body text. `speakers` maps labels (any variant) to names; '' means "not a speaker"."""
    refuse_if_too_long(sum(1 for line in lines if line and not line.isspace()), "non-blank lines", file)
    contents = content_lines(list(lines), first_line)
    speaker_map = normalise_speaker_map(speakers)
    candidates: list[tuple[ContentLine, LabelMatch]] = []
    for line in contents:
        match = match_label(line.raw or line.text)
        if match:
            candidates.append((line, match))
    decision = accept_labels((match for _, match in candidates), speaker_map)
    candidates += _glued_labels(contents, candidates, decision)
    labelled: dict[int, LabelMatch] = {}
    for line, match in candidates:
        if match.key in decision.accepted or match.key in decision.aliases:
            line.label = merge_look_alikes(match, decision)
            labelled[line.number] = line.label
    plan_breaks(contents)
    merged = [merge_look_alikes(match, decision) for _, match in candidates]
    names = SpeakerNames(merged, decision.accepted, speaker_map)
    first_seen = {match.label: line.number for line, match in reversed(candidates)}
    warnings = lonely_label_warnings(file, decision, first_seen)
    warnings += look_alike_warnings(file, decision, [(line.number, match) for line, match in candidates], names)
    mode, more = choose_mode(file, segment_by, bool(labelled))
    drafts = _drafts(contents, names, mode)
    return SegmentedText(number_segments(drafts, file), mode, warnings + more, labelled)


_MARKED = re.compile(r"\s{0,3}(?:#{1,6}[ ]+|(?P<bold>\*\*|__))")


def _glued_labels(
    contents: Sequence[ContentLine], candidates: Sequence[tuple[ContentLine, LabelMatch]], decision: LabelDecision
) -> list[tuple[ContentLine, LabelMatch]]:
    """Heading and bold labels that lost the break after them: `### IntervieweeText of the turn`.

    A heading or bold line that starts with the exact spelling of an accepted heading or bold
    label, followed directly by a capital (or a non-letter), is that label and its text.
    """
    marked = ("heading", "bold")
    spellings = sorted(
        {match.label for _, match in candidates if match.key in decision.accepted and match.style in marked},
        key=len,
        reverse=True,
    )
    if not spellings:
        return []
    seen = {id(line) for line, _ in candidates}
    found: list[tuple[ContentLine, LabelMatch]] = []
    for line in contents:
        marker = _MARKED.match(line.text)
        if id(line) in seen or not marker:
            continue
        body = line.text[marker.end() :]
        for spelling in spellings:
            following = body[len(spelling) : len(spelling) + 1]
            if body.startswith(spelling) and (following.isupper() or following in ("*", "_")) and following:
                rest = body[len(spelling) :]
                if marker["bold"] and rest.startswith(marker["bold"]):  # `**Name**Text`
                    rest = rest[len(marker["bold"]) :]
                rest = rest.lstrip(":").strip()
                style = "bold" if marker["bold"] else "heading"
                found.append((line, LabelMatch(spelling, label_key(spelling), style, rest)))
                break
    return found


def _drafts(contents: Sequence[ContentLine], names: SpeakerNames, mode: SegmentBy) -> list[Draft]:
    drafts: list[Draft] = []
    current: Draft | None = None
    speaker: str | None = None
    for line in contents:
        new_turn = False
        if line.label:
            named = names(line.label.key)
            new_turn = named != speaker or current is None
            speaker = named
        if current is None or new_turn or (mode == "paragraph" and line.brk.new_paragraph):
            current = Draft(speaker)
            drafts.append(current)
            if line.label and line.label.time is not None:
                current.start_time = line.label.time
        joiner = line.brk.joiner if line.brk is not Break.START else ""
        current.add(line.words, joiner, line.number)
    return drafts
