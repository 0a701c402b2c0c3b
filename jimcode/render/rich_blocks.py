"""Blocks as rich renderables for the terminal (`--format table`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from jimcode.render.blocks import BarChart, Block, Heading, Paragraph, Quotes, StackedChart, Table, paragraphs

if TYPE_CHECKING:
    from rich.console import RenderableType


def renderables(blocks: list[Block]) -> Iterator[RenderableType]:
    from rich import box
    from rich.markup import escape
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.table import Table as RichTable
    from rich.text import Text

    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 1:
                yield Text(block.text, style="bold")
            elif block.level == 2:
                yield Text("")
                yield Rule(Text(block.text, style="bold cyan"), align="left", style="cyan")
            else:
                yield Text("")
                yield Text(block.text, style="bold")
        elif isinstance(block, Paragraph):
            style = "dim" if block.muted else "bold" if block.strong else ""
            yield Text(block.text, style="yellow" if block.warning else style)
        elif isinstance(block, Table):
            table = RichTable(
                box=box.SIMPLE_HEAD,
                title=escape(block.title) if block.title else None,
                title_justify="left",
                title_style="italic",
                caption=escape(block.note) if block.note else None,
                caption_justify="left",
                caption_style="dim",
                pad_edge=False,
                show_edge=False,
            )
            for i, column in enumerate(block.columns):
                numeric = i >= block.numeric_from
                words = [w for row in block.rows if i < len(row.cells) for w in row.cells[i].split()]
                longest = max((len(w) for w in words), default=1) + (2 * max((r.indent for r in block.rows), default=0))
                table.add_column(
                    escape(column.replace(" (n=", "\n(n=")),
                    justify="right" if numeric else "left",
                    min_width=min(longest, 24),
                    overflow="fold",
                )
            for row in block.rows:
                cells = list(row.cells)
                label_at = 1 if block.numeric_from > 1 and len(cells) > 1 else 0
                cells[label_at] = "  " * row.indent + cells[label_at]
                table.add_row(*(Text(c) for c in cells), style="bold" if row.strong else None)
            yield Padding(table, (0, 0, 0, 2))
        elif isinstance(block, Quotes):
            if block.title:
                yield Text(f"  {block.title}", style="italic")
            for item in block.items:
                text = Text()
                for before in item.context_before:
                    text.append("\n\n".join(paragraphs(before)) + "\n", style="dim")
                text.append("“" + "\n\n".join(paragraphs(item.text)) + "”")
                for after in item.context_after:
                    text.append("\n" + "\n\n".join(paragraphs(after)), style="dim")
                text.append(f"\n— {item.attribution}", style="cyan")
                if item.tag:
                    text.append(f" · {item.tag}", style="dim")
                if item.remark:
                    text.append(f" · {item.remark}", style="dim italic")
                yield Padding(text, (0, 0, 1, 4))
        elif isinstance(block, BarChart | StackedChart):
            continue
