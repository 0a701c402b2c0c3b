"""`jimcode codebook diff`: the changes as a terminal table, Markdown (a pull request's description) or plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jimcode.codebook.diff import CodebookChange, CodebookDiff
from jimcode.render import markdown_blocks
from jimcode.render.blocks import Block, Heading, Paragraph, Row, Table

if TYPE_CHECKING:
    from rich.console import Group


def _what(change: CodebookChange) -> str:
    old, new = ", ".join(change.old), ", ".join(change.new)
    owner = f"{change.attribute}: " if change.attribute else ""
    if change.change == "added":
        return owner + new
    if change.change in ("removed", "retired"):
        return owner + old
    if change.change == "changed":
        return f"{owner}{new} ({', '.join(change.fields)})"
    return f"{owner}{old} → {new}"


def _blocks(diff: CodebookDiff) -> list[Block]:
    counted = diff.records_read is not None
    columns = ["change", "kind", "ids", *(["records", "segments"] if counted else [])]
    rows = []
    for change in diff.changes:
        counts = [
            "" if change.records is None else str(change.records),
            "" if change.segments is None else str(change.segments),
        ]
        rows.append(Row([change.change, change.kind, _what(change), *(counts if counted else [])]))
    blocks: list[Block] = [Heading(1, f"Codebook {diff.id}: version {diff.old_version} → {diff.new_version}")]
    if not rows:
        blocks.append(Paragraph("No changes.", muted=True))
        return blocks
    note = f"{diff.records_read} record(s) read" if counted else None
    blocks.append(Table(columns, rows, numeric_from=3 if counted else len(columns), note=note))
    removed = [c for c in diff.changes if c.change == "removed" and (c.records or 0) > 0]
    for change in removed:
        blocks.append(
            Paragraph(
                f"Warning: {change.kind} {', '.join(change.old)} is gone without a successor but {change.records} "
                "record(s) use it: add it to a code's 'replaces:' or mark it 'retired: true'."
            )
        )
    if any(c.change == "split" for c in diff.changes):
        blocks.append(Paragraph("Split codes are settled with 'jimcode code --recode OLD-ID' after 'jimcode migrate'."))
    return blocks


def markdown(diff: CodebookDiff) -> str:
    return markdown_blocks.render(_blocks(diff))


def plain(diff: CodebookDiff) -> str:
    """Tab-separated lines: what `--output` writes for `--format table` (no terminal to draw on)."""
    lines = []
    for block in _blocks(diff):
        if isinstance(block, Table):
            lines += ["\t".join(block.columns), *("\t".join(row.cells) for row in block.rows)]
        elif isinstance(block, Heading | Paragraph):
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def table(diff: CodebookDiff) -> Group:
    from rich.console import Group

    from jimcode.render.rich_blocks import renderables

    return Group(*renderables(_blocks(diff)))
