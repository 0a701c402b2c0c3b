"""Blocks as GitHub-flavoured Markdown: pipe tables and block quotes, ready to paste into a report."""

from __future__ import annotations

import re

from jimcode.render.blocks import BarChart, Block, Heading, Paragraph, Quotes, StackedChart, Table, paragraphs

_INDENT = "\u2003"  # an em space: survives Markdown renderers, unlike leading spaces
# What would turn the start of a line into a list item, a heading underline or a rule.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def cell(text: str) -> str:
    """A table cell: one line (paragraphs joined by a space, never two)."""
    return " ".join(paragraphs(text)).replace("\\", "\\\\").replace("|", "\\|")


def inline(text: str) -> str:
    """Plain text on one line that must not turn into Markdown markup (line breaks read as one space)."""
    out = " ".join(paragraphs(text)) if "\n" in text or "\r" in text else text
    for char in "\\`*_[]<>#":
        out = out.replace(char, "\\" + char)
    return out


def line_start(text: str) -> str:
    """`inline` text that starts a line of its own (a paragraph of a quote): no list or rule either."""
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text, count=1)


def quoted(text: str, emphasis: bool = False) -> list[str]:
    """Block-quote lines for `text`, one `>` line per paragraph with an empty `>` line between."""
    lines: list[str] = []
    for paragraph in paragraphs(text):
        shown = line_start(inline(paragraph))
        lines += [*([">"] if lines else []), f"> *{shown}*" if emphasis and shown else f"> {shown}"]
    return lines


def table(block: Table) -> str:
    lines = []
    if block.title:
        lines += [f"**{inline(block.title)}**", ""]
    align = ["---" if i < block.numeric_from else "---:" for i in range(len(block.columns))]
    lines.append("| " + " | ".join(cell(c) for c in block.columns) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for row in block.rows:
        cells = [cell(c) for c in row.cells]
        label_at = 1 if block.numeric_from > 1 and len(cells) > 1 else 0
        cells[label_at] = _INDENT * row.indent + cells[label_at]
        if row.strong:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    if block.note:
        lines += ["", f"*{inline(block.note)}*"]
    return "\n".join(lines)


def quotes(block: Quotes) -> str:
    lines = [f"**{inline(block.title)}**", ""] if block.title else []
    for item in block.items:
        for before in item.context_before:
            lines += [*quoted(before, emphasis=True), ">"]
        lines += quoted(item.text)
        for after in item.context_after:
            lines += [">", *quoted(after, emphasis=True)]
        source = f"— {inline(item.attribution)}"
        if item.tag:
            source += f" · *{inline(item.tag)}*"
        if item.remark:
            source += f" · {inline(item.remark)}"
        lines += [">", f"> {source}", ""]
    return "\n".join(lines).rstrip()


def render(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + inline(block.text))
        elif isinstance(block, Paragraph):
            text = inline(block.text)
            parts.append(f"*{text}*" if block.muted else f"**{text}**" if block.strong else text)
        elif isinstance(block, Table):
            parts.append(table(block))
        elif isinstance(block, Quotes):
            parts.append(quotes(block))
        elif isinstance(block, BarChart | StackedChart):
            continue
    return "\n\n".join(parts) + "\n"
