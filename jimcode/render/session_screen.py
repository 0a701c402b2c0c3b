"""The coding session's screens as rich renderables: segment with code menu, case question, verdict.

Pure rendering of a `SessionState`; `jimcode.session.terminal` draws them and reads the coder's commands.
"""

from __future__ import annotations

import io

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from jimcode.codebook.attributes import expected, format_value
from jimcode.codebook.model import CategoryAttribute, Code, MultiChoiceAttribute
from jimcode.records.model import SegmentDecision
from jimcode.session.case_questions import current_value
from jimcode.session.context import SessionState
from jimcode.session.events import ShowMatches
from jimcode.session.run import SessionInfo

SEGMENT_KEYS = (
    "3 7 hvo apply · -7 remove · Enter done, next · x not relevant · m memo · e H1 s evidence · d 7 define · f find\n"
    "b back · g 12 go to · o next open · u undo · h help · q save and quit"
)
ANSWER_KEYS = "Enter keeps the value shown · - no answer · b back · g 12 segment · u undo · h help · q quit"
VERDICT_KEYS = "s supports · c contradicts · m mixed · n not applicable (+ note) · b back · u undo · h help · q quit"
STATUS_STYLE = {"open": "yellow", "coded": "green", "not_relevant": "dim"}


def header(info: SessionInfo, state: SessionState) -> RenderableType:
    transcript = info.transcript
    where = {
        "segments": f"segment {state.position.index + 1} of {len(state.segments)}",
        "attributes": f"case question {state.position.index + 1} of {len(info.context.attributes)}",
        "verdicts": f"hypothesis {state.position.index + 1} of {len(info.context.hypotheses)}",
        "complete": "complete",
    }[state.position.phase]
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column()
    grid.add_column(width=24)
    grid.add_column(justify="right", no_wrap=True)
    title = Text.assemble((transcript.id, "bold"), "  ", (transcript.case, "cyan"), "  ", where)
    bar = ProgressBar(total=max(len(state.segments), 1), completed=state.decided, width=24)
    done = Text(f"{state.decided}/{len(state.segments)} coded  ", style="dim")
    done.append(f"coder {info.coder}", style="bold")
    grid.add_row(title, bar, done)
    return grid


def _segment_row(table: Table, segment: SegmentDecision, *, current: bool, max_chars: int | None = None) -> None:
    text = segment.text
    if max_chars is not None and len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    style = "" if current else "dim"
    table.add_row(
        Text(str(segment.index + 1), style="bold" if current else "dim"),
        Text(segment.speaker or "", style="bold magenta" if current else "dim"),
        Text(text, style=style),
    )


def segments_view(info: SessionInfo, state: SessionState, width: int) -> RenderableType:
    """The previous segment dimmed, the current one, and what is applied to it, in one grid."""
    segment = state.segment
    assert segment is not None
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", width=4, no_wrap=True)
    table.add_column(width=14, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=1)
    if segment.index > 0:
        _segment_row(table, state.segments[segment.index - 1], current=False, max_chars=max(width - 20, 40) * 2)
    _segment_row(table, segment, current=True)
    marker = {"open": "○ open", "coded": "● coded", "not_relevant": "– not relevant"}[segment.status]
    table.add_row(Text(""), Text(marker, style=STATUS_STYLE[segment.status]), applied_text(info, segment))
    return table


def applied_text(info: SessionInfo, segment: SegmentDecision) -> Text:
    lines = Text()
    by_id = info.context.by_id
    if not (segment.codes or segment.evidence or segment.memo):
        lines.append("no codes yet" if segment.status == "open" else "", style="dim")
    for position, code in enumerate(segment.codes):
        lines.append(" · " if position else "", style="dim")
        entry = by_id.get(code)
        if entry is None:
            lines.append(f"{code} (not in the codebook: -{code} removes it)", style="bold red")
        else:
            lines.append(f"{entry.number} {entry.code.label}", style="green")
    for evidence in segment.evidence:
        lines.append("\n" if lines.plain else "")
        lines.append(f"evidence {evidence.hypothesis} {evidence.stance}", style="cyan")
        if evidence.note:
            lines.append(f": {evidence.note}", style="dim")
    if segment.memo:
        lines.append("\n" if lines.plain else "")
        lines.append("memo: ", style="bold")
        lines.append(segment.memo)
    return lines


def compact_menu(info: SessionInfo, segment: SegmentDecision) -> RenderableType:
    """One line per research question: numbers and shortcuts only (when the screen is short)."""
    applied = set(segment.codes)
    lines = Text()
    question = None
    for entry in info.context.codes:
        if entry.question is not question:
            question = entry.question
            lines.append(("\n" if lines.plain else "") + f"{question.id} ", style="bold blue")
        style = "bold green" if entry.code.id in applied else ""
        lines.append(f" {entry.number}", style=style)
        if entry.code.shortcut:
            lines.append(f"·{entry.code.shortcut}", style=style or "dim cyan")
    lines.append("\n(short screen: `f word` finds a code, `d 7` shows one)", style="dim")
    return lines


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
        mark = "✓" if entry.code.id in applied else " "
        item = Text(f"{mark}{entry.number:>2} " + "  " * entry.depth, style="bold green" if mark == "✓" else "")
        label = entry.code.label
        room = column - len(item.plain) - (len(entry.code.shortcut) + 1 if entry.code.shortcut else 0)
        if len(label) > room:
            label = label[: max(room - 1, 4)] + "…"
        item.append(label, style="green" if mark == "✓" else "")
        if entry.code.shortcut:
            item.append(f" {entry.code.shortcut}", style="dim cyan")
        entries.append(item)
    if entries:
        parts.append(Columns(entries, width=column, padding=(0, 1)))
    return Group(*parts)


def screen(info: SessionInfo, state: SessionState, width: int = 100, height: int = 50) -> RenderableType:
    parts: list[RenderableType] = [header(info, state), Text("")]
    phase = state.position.phase
    segment = state.segment
    if segment is not None:
        view = segments_view(info, state, width)
        parts += [view, Rule(style="dim")]
        menu = code_menu(info, segment, width)
        used = _height(view, width) + _height(menu, width) + 7
        parts.append(menu if used <= height else compact_menu(info, segment))
        parts.append(Text(SEGMENT_KEYS, style="dim"))
    elif phase == "attributes":
        parts.append(attribute_block(info, state))
        parts.append(Text(ANSWER_KEYS, style="dim"))
    elif phase == "verdicts":
        parts.append(verdict_block(info, state))
        parts.append(Text(VERDICT_KEYS, style="dim"))
    else:
        parts.append(Text("Every segment, case question and verdict is done.", style="green"))
    return Group(*parts)


def _height(renderable: RenderableType, width: int) -> int:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return len(console.render_lines(renderable, console.options.update(width=width), pad=False))


def attribute_block(info: SessionInfo, state: SessionState) -> RenderableType:
    attribute = info.context.attributes[state.position.index]
    lines = Text()
    lines.append(attribute.question, style="bold")
    lines.append(
        f"\n{attribute.id}: {expected(attribute).split(' (')[0] if _has_options(attribute) else expected(attribute)}",
        style="dim",
    )
    if attribute.required:
        lines.append("  (required)", style="yellow")
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
        shown = Text("your answer: " if attribute.id in state.attributes else "from the transcript: ", style="dim")
        shown.append(format_value(attribute, value), style="bold green")
        shown.append("   (Enter keeps it)", style="dim")
        parts.append(shown)
    parts += [Rule(style="dim"), answers_overview(info, state)]
    return Group(*parts)


def _has_options(attribute: object) -> bool:
    return isinstance(attribute, CategoryAttribute | MultiChoiceAttribute)


def answers_overview(info: SessionInfo, state: SessionState) -> RenderableType:
    """Every case question with its answer so far; the current one marked."""
    table = Table.grid(padding=(0, 2))
    for index, attribute in enumerate(info.context.attributes):
        here = state.position.phase == "attributes" and index == state.position.index
        if attribute.id in state.attributes:
            answer = Text(format_value(attribute, state.attributes[attribute.id]), style="green")
        elif attribute.id in info.context.prefill:
            answer = Text(
                f"{format_value(attribute, info.context.prefill[attribute.id])} (from the transcript)", style="dim"
            )
        else:
            answer = Text("-", style="dim")
        answer.truncate(70, overflow="ellipsis")
        table.add_row(
            Text("›" if here else " ", style="bold"), Text(attribute.label, style="bold" if here else ""), answer
        )
    return table


def verdict_block(info: SessionInfo, state: SessionState) -> RenderableType:
    hypothesis = info.context.hypotheses[state.position.index]
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
                    Text(evidence.stance, style="cyan"),
                    Text(quote + (f"  [{evidence.note}]" if evidence.note else ""), style="dim"),
                )
    summary = Text("evidence in this transcript: " + ", ".join(f"{k} {v}" for k, v in count.items()), style="bold")
    parts: list[RenderableType] = [lines, summary, table]
    given = state.verdicts.get(hypothesis.id)
    if given is not None:
        parts.append(
            Text(
                f"current verdict: {given.verdict.replace('_', ' ')}" + (f" ({given.note})" if given.note else ""),
                style="green",
            )
        )
    return Group(*parts)


def matches(event: ShowMatches) -> RenderableType:
    if not event.matches:
        return Text(f"no code matches '{event.query}'", style="yellow")
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right")
    table.add_column(max_width=50, no_wrap=True, overflow="ellipsis")
    table.add_column()
    table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    for entry in event.matches:
        table.add_row(
            Text(str(entry.number), style="bold"),
            Text(entry.code.label),
            Text(entry.code.shortcut or "", style="cyan"),
            Text(entry.code.definition, style="dim"),
        )
    return table


def definition(number: int, code: Code) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, text in code.guidance():
        table.add_row(title, Text(text))
    shortcut = f"  shortcut {code.shortcut}" if code.shortcut else ""
    heading = Text(f"{number} {code.label} [{code.id}]{shortcut}")
    return Panel(table, title=heading, title_align="left", expand=False)
