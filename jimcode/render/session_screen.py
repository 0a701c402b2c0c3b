"""The coding session's screens as rich renderables: segment with code menu, case question, verdict.

Pure rendering of a `SessionState`; `jimcode.session.terminal` draws them and reads the coder's commands.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.rule import Rule
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from jimcode.codebook.attributes import expected, format_value
from jimcode.codebook.model import CategoryAttribute, Code, MultiChoiceAttribute, NumberedCode
from jimcode.i18n import Words
from jimcode.records.model import SegmentDecision
from jimcode.records.quotes import sentence_ranges
from jimcode.render.blocks import KEY_SEPARATOR, key_lines
from jimcode.session.case_questions import current_value
from jimcode.session.context import SessionState
from jimcode.session.events import ShowMatches
from jimcode.session.run import SessionInfo
from jimcode.transcripts.sentences import sentences

STATUS_STYLE = {"open": "yellow", "coded": "green", "not_relevant": "dim"}


def header(info: SessionInfo, state: SessionState, width: int = 100) -> RenderableType:
    """One line at any width: the place is shortened before it wraps, the bar goes when there is no room."""
    transcript = info.transcript
    say = Words(info.language)
    number = state.position.index + 1
    where = {
        "segments": lambda: say("session.at_segment", number=number, total=len(state.segments)),
        "attributes": lambda: say("session.at_question", number=number, total=len(info.context.attributes)),
        "verdicts": lambda: say("session.at_hypothesis", number=number, total=len(info.context.hypotheses)),
        "complete": lambda: say("session.complete"),
    }[state.position.phase]()
    title = Text.assemble((transcript.id, "bold"), "  ", (transcript.case, "cyan"), "  ", where)
    done = Text(say("session.coded_count", done=state.decided, total=len(state.segments)), style="dim")
    done.append(say("session.coder", name=info.coder), style="bold")
    bar_width = min(24, width - len(title) - len(done) - 4)
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    cells: list[RenderableType] = [title]
    if bar_width >= 8:
        grid.add_column(width=bar_width)
        cells.append(ProgressBar(total=max(len(state.segments), 1), completed=state.decided, width=bar_width))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_row(*cells, done)
    return grid


def _segment_row(table: Table, segment: SegmentDecision, *, current: bool, max_chars: int | None = None) -> None:
    if current:
        shown = numbered_text(segment)
    else:
        text = segment.text
        if max_chars is not None and len(text) > max_chars:
            text = text[: max_chars - 1].rstrip() + "…"
        shown = Text(text, style="dim")
    table.add_row(
        Text(str(segment.index + 1), style="bold" if current else "dim"),
        Text(segment.speaker or "", style="bold magenta" if current else "dim"),
        shown,
    )


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SENTENCE_STYLE = "cyan"
QUOTE_STYLE = "underline"


def numbered_text(segment: SegmentDecision) -> Text:
    """The segment's text with each sentence's number before it in superscript (`¹Ja. ²Dat…`), for
    `q 2-3`; the sentences marked as its quote underlined. A text of one sentence has no numbers."""
    text = segment.text
    found = sentences(text)
    if len(found) < 2:
        return Text(text)
    marked = set(segment.quote_sentences)
    shown = Text()
    at = 0
    for sentence in found:
        shown.append(text[at : sentence.start])
        shown.append(str(sentence.number).translate(_SUPERSCRIPT), style=SENTENCE_STYLE)
        shown.append(text[sentence.start : sentence.end], style=QUOTE_STYLE if sentence.number in marked else "")
        at = sentence.end
    shown.append(text[at:])
    return shown


PAGE_KEY = "+"
"""At a terminal, shows the next part of a segment too long for the screen (the session never sees it)."""
MIN_SEGMENT_ROWS = 3
"""A cropped segment still shows this many rows: one or two of its text and what is applied to it."""


def segments_view(
    info: SessionInfo,
    state: SessionState,
    width: int,
    rows: int | None = None,
    page: int = 0,
    from_line: int | None = None,
) -> tuple[RenderableType, bool, int]:
    """The previous segment dimmed, the current one, and what is applied to it, in one grid; and
    whether the current segment is cut into pages.

    With `rows`, the grid fits in that many rows: the previous segment goes first, then the current
    segment's text is cut into pages of the rows left, the `page`-th shown with which lines they are;
    or, with `from_line`, the rows from that line on (a terminal whose rows change between pages, as
    messages come and go, so continues where it was). The third value: the line the next part starts at.
    """
    segment = state.segment
    assert segment is not None
    marker = Words(info.language)(f"session.status.{segment.status}")
    applied = (Text(marker, style=STATUS_STYLE[segment.status]), applied_text(info, segment))

    def grid() -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", width=4, no_wrap=True)
        table.add_column(width=14, no_wrap=True, overflow="ellipsis")
        table.add_column(ratio=1)
        return table

    full = grid()
    if segment.index > 0:
        _segment_row(full, state.segments[segment.index - 1], current=False, max_chars=max(width - 20, 40) * 2)
    _segment_row(full, segment, current=True)
    full.add_row(Text(""), *applied)
    if rows is None or _height(full, width) <= rows:
        return full, False, 0
    alone = grid()
    _segment_row(alone, segment, current=True)
    alone.add_row(Text(""), *applied)
    if _height(alone, width) <= rows:
        return alone, False, 0
    applied_rows = _height(_one_row(grid(), applied), width)
    text_rows = max(rows - applied_rows - 1, 1)
    lines = _wrapped(numbered_text(segment), width - SEGMENT_TEXT_INDENT)
    pages = -(-len(lines) // text_rows)
    first = (page % pages) * text_rows if from_line is None else from_line % len(lines)
    shown = lines[first : first + text_rows]
    cropped = grid()
    cropped.add_row(
        Text(str(segment.index + 1), style="bold"),
        Text(segment.speaker or "", style="bold magenta"),
        Text("\n").join(shown),
    )
    where = f"{first + 1}–{first + len(shown)}/{len(lines)} ({PAGE_KEY} ↓)"
    cropped.add_row(Text(""), Text(""), Text(where, style="reverse"))
    cropped.add_row(Text(""), *applied)
    following = first + len(shown)
    return cropped, True, following if following < len(lines) else 0


SEGMENT_TEXT_INDENT = 4 + 1 + 14 + 1
"""Columns before a segment's text: number, speaker and the space between them."""


def _one_row(table: Table, cells: tuple[RenderableType, ...]) -> Table:
    table.add_row(Text(""), *cells)
    return table


def _wrapped(text: Text, width: int) -> list[Text]:
    console = Console(width=max(width, 10), file=io.StringIO(), color_system=None)
    lines = list(text.wrap(console, max(width, 10)))
    for line in lines:
        line.rstrip()
    return lines


def applied_text(info: SessionInfo, segment: SegmentDecision) -> Text:
    lines = Text()
    by_id = info.context.by_id
    say = Words(info.language)
    if not (segment.codes or segment.evidence or segment.memo or segment.quote_sentences):
        lines.append(say("session.no_codes_yet") if segment.status == "open" else "", style="dim")
    for position, code in enumerate(segment.codes):
        lines.append(" · " if position else "", style="dim")
        entry = by_id.get(code)
        if entry is None:
            lines.append(say("session.not_in_codebook", code=code), style="bold red")
        else:
            lines.append(f"{entry.number} {entry.code.label}", style="green")
            if entry.code.has_polarity:
                pole = segment.polarity.get(code)
                shown = entry.code.pole_label(pole, info.language) if pole else say("polarity.unspecified")
                lines.append(f": {shown}", style="bold green" if pole else "bold red")
    for evidence in segment.evidence:
        lines.append("\n" if lines.plain else "")
        stance = say(f"stance.{evidence.stance}")
        lines.append(say("session.evidence", hypothesis=evidence.hypothesis, stance=stance), style="cyan")
        if evidence.note:
            lines.append(f": {evidence.note}", style="dim")
    if segment.memo:
        lines.append("\n" if lines.plain else "")
        lines.append(say("session.memo"), style="bold")
        lines.append(segment.memo)
    if segment.quote_sentences:
        lines.append("\n" if lines.plain else "")
        lines.append(say("session.quote", sentences=sentence_ranges(segment.quote_sentences)), style=QUOTE_STYLE)
    return lines


_SIGNS = {"present": "+", "absent": "−"}  # the menu's mark of an applied code with polarity, for ✓

MENU_ITEM_WIDTH = 18
"""A compact menu item, `17·ja JIM was al…`: at 80 columns four fit beside a research question's id."""


def menu_item(entry: NumberedCode, width: int | None = None, *, applied: bool = False) -> Text:
    """A code as number·shortcut and as much of its label as fits in `width` columns (all of it without)."""
    style = "bold green" if applied else ""
    item = Text("✓" if applied else "", style=style)
    item.append(f"{entry.number}", style=style or "bold")
    if entry.code.shortcut:
        item.append(f"·{entry.code.shortcut}", style=style or "cyan")
    if entry.code.has_polarity:
        item.append("±", style=style or "cyan")
    label = entry.code.label
    room = len(label) if width is None else width - len(item.plain) - 1
    if len(label) > room:
        label = label[: max(room - 1, 0)].rstrip() + "…" if room > 1 else ""
    if label:
        item.append(" " + label, style="green" if applied else "")
    return item


def compact_menu(info: SessionInfo, segment: SegmentDecision, width: int = 80) -> RenderableType:
    """Each research question's codes as number·shortcut and a shortened label (when the screen is short)."""
    applied = set(segment.codes)
    key_width = max(len(question.id) for question in info.context.codebook.research_questions)
    questions = info.context.codebook.research_questions
    longest = max(sum(1 for entry in info.context.codes if entry.question is q) for q in questions)
    per_row = max(1, min((width - key_width - 1) // (MENU_ITEM_WIDTH + 1), longest))
    item_width = (width - key_width - 1) // per_row - 1
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, width=key_width, style="bold blue")
    for _ in range(per_row):
        table.add_column(no_wrap=True, width=item_width)
    by_question: dict[str, list[Text]] = {}
    for entry in info.context.codes:
        items = by_question.setdefault(entry.question.id, [])
        items.append(menu_item(entry, item_width, applied=entry.code.id in applied))
    for question, items in by_question.items():
        for start in range(0, len(items), per_row):
            row = items[start : start + per_row]
            table.add_row(Text(question if start == 0 else ""), *row, *[Text("")] * (per_row - len(row)))
    return table


def code_menu(info: SessionInfo, segment: SegmentDecision, width: int) -> RenderableType:
    applied = set(segment.codes)
    column = max(24, min(44, (width - 2) // 3))
    parts: list[RenderableType] = []
    question = None
    entries: list[Text] = []
    for entry in info.context.codes:
        if entry.question is not question:
            if entries:
                parts.append(Columns(entries, width=column, padding=(0, 1)))
            question, entries = entry.question, []
            parts.append(Text(f"{question.id} {question.title}", style="bold blue"))
        mark = _SIGNS.get(segment.polarity.get(entry.code.id, ""), "✓") if entry.code.id in applied else " "
        item = Text(f"{mark}{entry.number:>2} " + "  " * entry.depth, style="bold green" if mark != " " else "")
        label = entry.code.label
        room = (
            column
            - len(item.plain)
            - (len(entry.code.shortcut) + 1 if entry.code.shortcut else 0)
            - (2 if entry.code.has_polarity else 0)
        )
        if len(label) > room:
            label = label[: max(room - 1, 4)] + "…"
        item.append(label, style="green" if mark != " " else "")
        if entry.code.shortcut:
            item.append(f" {entry.code.shortcut}", style="dim cyan")
        if entry.code.has_polarity:
            item.append(" ±", style="dim cyan")
        entries.append(item)
    if entries:
        parts.append(Columns(entries, width=column, padding=(0, 1)))
    return Group(*parts)


def screen(info: SessionInfo, state: SessionState, width: int = 100, height: int = 50, page: int = 0) -> RenderableType:
    """The screen in `height` rows, the prompt's row among them; what does not fit is cropped, never the header."""
    return layout(info, state, width, height, page)[0]


def layout(
    info: SessionInfo,
    state: SessionState,
    width: int = 100,
    height: int = 50,
    page: int = 0,
    from_line: int | None = None,
) -> tuple[RenderableType, bool, int]:
    """The screen (see `screen`), whether something was cropped that `PAGE_KEY` shows, and the segment's
    line the next part starts at (see `segments_view`: pass it back as `from_line`).

    The full code menu when it fits beside the whole segment, else the compact one; the segment
    takes the rows left and shows its `page`-th part. A case question or verdict is cropped the same way.
    """
    parts: list[RenderableType] = [header(info, state, width)]
    phase = state.position.phase
    segment = state.segment
    say = Words(info.language)
    if segment is not None:
        keys = segment_keys(info, width)
        fixed = 1 + 1 + _height(keys, width) + 1  # header, rule, keys, prompt
        view, _, _ = segments_view(info, state, width)
        full_menu = code_menu(info, segment, width)
        if fixed + 1 + _height(view, width) + _height(full_menu, width) <= height:
            return Group(*parts, Text(""), view, Rule(style="dim"), full_menu, keys), False, 0
        menu: RenderableType | None = full_menu
        if fixed + MIN_SEGMENT_ROWS + _height(full_menu, width) > height:
            compact = compact_menu(info, segment, width)
            # else a help box or definition takes the room; the menu is back on the next screen
            menu = compact if fixed + MIN_SEGMENT_ROWS + _height(compact, width) <= height else None
        room = max(height - fixed - (_height(menu, width) if menu is not None else 0), MIN_SEGMENT_ROWS)
        shown, paged, following = segments_view(info, state, width, room, page, from_line)
        parts += [shown, Rule(style="dim")]
        if menu is not None:
            parts.append(menu)
        parts.append(keys)
        return Group(*parts), paged, following
    if phase == "attributes":
        body, keys = attribute_block(info, state), Text(say("session.answer_keys"), style="dim")
    elif phase == "verdicts":
        body, keys = verdict_block(info, state), Text(say("session.verdict_keys"), style="dim")
    else:
        body, keys = Text(say("session.all_done"), style="green"), Text("")
    room = max(height - 1 - 1 - _height(keys, width) - 1, MIN_SEGMENT_ROWS)  # header, blank line, keys, prompt
    rows = _height(body, width)
    if rows <= room:
        return Group(*parts, Text(""), body, keys), False, 0
    step = room - 1  # the last row says how much is left
    pages = -(-rows // step)
    shown, _, _ = cropped([body], width, room, (page % pages) * step)
    return Group(*parts, Text(""), shown, keys), True, 0


def cropped(parts: Sequence[RenderableType], width: int, rows: int, skip: int = 0) -> tuple[RenderableType, int, int]:
    """`parts` one under the other from line `skip` on, in at most `rows` rows: the renderable, its rows,
    and how many lines are left below (the last row then says so)."""
    if not parts:
        return Group(), 0, 0
    console = Console(width=width, file=io.StringIO(), color_system=None)
    lines = console.render_lines(Group(*parts), console.options.update(width=width), pad=False)[skip:]
    hidden = 0
    if len(lines) > rows:
        hidden = len(lines) - max(rows, 1) + 1
        lines = [*lines[: max(rows, 1) - 1], [Segment(f"… +{hidden} ({PAGE_KEY} ↓)", Style(dim=True))]]
    return Segments([segment for line in lines for segment in (*line, Segment.line())]), len(lines), hidden


def segment_keys(info: SessionInfo, width: int) -> Text:
    """The keys under a segment, wrapped between keys at `width`; with the signs that give a code its
    pole when the codebook has a code with polarity."""
    say = Words(info.language)
    keys = say("session.segment_keys")
    if any(entry.code.has_polarity for entry in info.context.codes):
        apply, rest = keys.split(KEY_SEPARATOR, 1)
        keys = KEY_SEPARATOR.join((apply, say("session.pole_keys"), rest))
    return Text("\n".join(key_lines(keys, width)), style="dim")


def _height(renderable: RenderableType, width: int) -> int:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return len(console.render_lines(renderable, console.options.update(width=width), pad=False))


def attribute_block(info: SessionInfo, state: SessionState) -> RenderableType:
    attribute = info.context.attributes[state.position.index]
    say = Words(info.language)
    lines = Text()
    lines.append(attribute.question, style="bold")
    answer = expected(attribute, info.language)
    lines.append(f"\n{attribute.id}: {answer.split(' (')[0] if _has_options(attribute) else answer}", style="dim")
    if attribute.required:
        lines.append(say("session.required"), style="yellow")
    if attribute.help:
        lines.append(f"\n{attribute.help}", style="dim italic")
    parts: list[RenderableType] = [lines]
    if isinstance(attribute, CategoryAttribute | MultiChoiceAttribute):
        groups = {g.id: g.label for g in attribute.groups}
        options = Table.grid(padding=(0, 2))
        for number, option in enumerate(attribute.options, start=1):
            group = groups.get(option.group or "", "")
            options.add_row(
                Text(f"{number:>3}", style="bold"),
                Text(option.label),
                Text(option.id, style="dim"),
                Text(group, style="dim"),
            )
        parts.append(options)
    value = current_value(state, info.context, attribute)
    if attribute.id in state.attributes or value is not None:
        shown = Text(
            say("session.your_answer" if attribute.id in state.attributes else "session.from_transcript"), style="dim"
        )
        shown.append(format_value(attribute, value, info.language), style="bold green")
        shown.append(say("session.enter_keeps"), style="dim")
        parts.append(shown)
    parts += [Rule(style="dim"), answers_overview(info, state)]
    return Group(*parts)


def _has_options(attribute: object) -> bool:
    return isinstance(attribute, CategoryAttribute | MultiChoiceAttribute)


def answers_overview(info: SessionInfo, state: SessionState) -> RenderableType:
    """Every case question with its answer so far; the current one marked."""
    table = Table.grid(padding=(0, 2))
    say = Words(info.language)
    for index, attribute in enumerate(info.context.attributes):
        here = state.position.phase == "attributes" and index == state.position.index
        if attribute.id in state.attributes:
            answer = Text(format_value(attribute, state.attributes[attribute.id], info.language), style="green")
        elif attribute.id in info.context.prefill:
            value = format_value(attribute, info.context.prefill[attribute.id], info.language)
            answer = Text(say("session.from_transcript_note", value=value), style="dim")
        else:
            answer = Text("-", style="dim")
        answer.truncate(70, overflow="ellipsis")
        table.add_row(
            Text("›" if here else " ", style="bold"), Text(attribute.label, style="bold" if here else ""), answer
        )
    return table


def verdict_block(info: SessionInfo, state: SessionState) -> RenderableType:
    hypothesis = info.context.hypotheses[state.position.index]
    say = Words(info.language)
    lines = Text()
    lines.append(f"{hypothesis.id} {hypothesis.title}\n", style="bold")
    lines.append(hypothesis.statement)
    table = Table.grid(padding=(0, 1))
    count = {"supports": 0, "contradicts": 0, "nuances": 0}
    for segment in state.segments:
        for evidence in segment.evidence:
            if evidence.hypothesis == hypothesis.id:
                count[evidence.stance] += 1
                quote = segment.text if len(segment.text) <= 90 else segment.text[:87] + "…"
                table.add_row(
                    Text(f"{segment.index + 1:>4}"),
                    Text(say(f"stance.{evidence.stance}"), style="cyan"),
                    Text(quote + (f"  [{evidence.note}]" if evidence.note else ""), style="dim"),
                )
    counts = ", ".join(f"{say(f'stance.{stance}')} {n}" for stance, n in count.items())
    summary = Text(say("session.evidence_here", counts=counts), style="bold")
    parts: list[RenderableType] = [lines, summary, table]
    given = state.verdicts.get(hypothesis.id)
    if given is not None:
        parts.append(
            Text(
                say("session.current_verdict", verdict=say(f"verdict.{given.verdict}"))
                + (f" ({given.note})" if given.note else ""),
                style="green",
            )
        )
    return Group(*parts)


def matches(event: ShowMatches, language: str = "en") -> RenderableType:
    """Each code found as the menu shows it, number·shortcut label (type its number to apply it), and its definition."""
    if not event.matches:
        return Text(Words(language)("session.no_match", query=event.query), style="yellow")
    items = [menu_item(entry, 50) for entry in event.matches]
    column = max(len(item.plain) for item in items) + 2
    rows = []
    for entry, item in zip(event.matches, items, strict=True):
        row = item.copy()
        row.pad_right(column - len(item.plain))
        row.append(entry.code.definition, style="dim")
        row.no_wrap, row.overflow = True, "ellipsis"  # one line per code at any width
        rows.append(row)
    return Group(*rows)


def help_box(text: str, language: str = "en") -> RenderableType:
    """The help text in a box as narrow as the terminal: each line's group name in its own column,
    so a wrapped line continues under the commands, not under the group names."""
    lines = text.splitlines()
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines if line.startswith(" ")), default=0)
    table = Table.grid()
    table.add_column(no_wrap=True, width=indent)
    table.add_column()
    for line in lines:
        table.add_row(Text(line[:indent].rstrip(), style="bold"), Text(line[indent:]))
    return Panel(table, title=Words(language)("session.help"), expand=False)


def definition(number: int, code: Code, language: str = "en") -> RenderableType:
    say = Words(language)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, text in code.guidance():
        table.add_row(say(f"guidance.{title.replace(' ', '_')}"), Text(text))
    shortcut = say("session.shortcut", shortcut=code.shortcut) if code.shortcut else ""
    heading = Text(f"{number} {code.label} [{code.id}]{shortcut}")
    return Panel(table, title=heading, title_align="left", expand=False)
