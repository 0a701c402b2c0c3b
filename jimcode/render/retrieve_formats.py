"""A retrieve result (`jimcode.summary.contract.RetrieveResult`) in every output format."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from jimcode.render.blocks import Block, Heading, Paragraph, QuoteItem, Quotes

if TYPE_CHECKING:
    from jimcode.summary.contract import Neighbour, RetrievedSegment, RetrieveResult

CSV_COLUMNS = [
    "group_key",
    "group",
    "case",
    "transcript",
    "coder",
    "segment",
    "index",
    "speaker",
    "codes",
    "other_codes",
    "stance",
    "note",
    "memo",
    "text",
    "context_before",
    "context_after",
]


def _turn(neighbour: Neighbour) -> str:
    return f"{neighbour.speaker}: {neighbour.text}" if neighbour.speaker else neighbour.text


def _notes(item: RetrievedSegment) -> str:
    return "; ".join(str(e.note) for e in item.evidence if e.note)


def _item(item: RetrievedSegment, hypothesis: bool) -> QuoteItem:
    where = item.case + (f", {item.speaker}" if item.speaker else "")
    where += f" · {item.transcript} {item.segment or ''}".rstrip()
    if hypothesis:
        tag = ", ".join(str(e.stance) for e in item.evidence)
        remark = "; ".join(x for x in (_notes(item), item.memo and f"memo: {item.memo}") if x) or None
    else:
        tag = ", ".join(item.labels)
        remark = item.memo
    return QuoteItem(
        text=item.text,
        attribution=where,
        tag=tag,
        remark=remark,
        context_before=[_turn(n) for n in item.before],
        context_after=[_turn(n) for n in item.after],
    )


def layout(result: RetrieveResult) -> list[Block]:
    target = result.target
    title = f"Retrieve: {target.label}"
    if target.stance:
        title += f" ({target.stance})"
    blocks: list[Block] = [Heading(1, title)]
    what = {"code": "code", "question": "codes of research question", "hypothesis": "evidence for hypothesis"}
    subtitle = f"{result.segments} segment(s) in {result.cases} case(s) · {what[target.kind]} {target.id}"
    if target.kind != "hypothesis" and len(target.codes) > 1:
        subtitle += f" ({', '.join(target.codes)})"
    subtitle += f" · codebook {result.codebook.id} version {result.codebook.version}"
    blocks.append(Paragraph(subtitle, muted=True))
    for warning in result.warnings:
        blocks.append(Paragraph(f"Warning: {warning.message}"))
    hypothesis = target.kind == "hypothesis"
    split = result.split is not None
    for group in result.groups:
        if split:
            label = f"{group.label}: {group.segments} segment(s) in {group.cases} case(s)"
            blocks.append(Heading(2, label, f"group-{group.key}"))
        if group.items:
            blocks.append(Quotes([_item(item, hypothesis) for item in group.items]))
        else:
            blocks.append(Paragraph("No segments.", muted=True))
    return blocks


def to_json(result: RetrieveResult) -> str:
    return json.dumps(result.model_dump(by_alias=True), ensure_ascii=False, indent=2) + "\n"


def to_markdown(result: RetrieveResult) -> str:
    from jimcode.render import markdown_blocks

    return markdown_blocks.render(layout(result))


def to_html(result: RetrieveResult) -> str:
    from jimcode.render import html_blocks

    return html_blocks.render(
        layout(result),
        title=f"Retrieve: {result.target.label}",
        footer=f"Made with {result.generated_by}.",
        language=result.codebook.language or "en",
    )


def to_csv(result: RetrieveResult, excel: bool = False) -> str:
    """One row per segment (and per group with `--by`); neighbours joined with ' / '.

    `excel`: a byte order mark, `;` and guarded formulas, as `jimcode export csv --excel`."""
    from jimcode.render.summary_csv import Style

    style = Style(excel)
    handle = io.StringIO()
    handle.write(style.byte_order_mark)
    writer = style.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for group in result.groups:
        for item in group.items:
            row = [
                group.key or "",
                group.label,
                item.case,
                item.transcript,
                item.coder,
                item.segment or "",
                item.index,
                item.speaker or "",
                ";".join(item.codes),
                ";".join(str(code) for code in item.other_codes),
                ";".join(str(e.stance) for e in item.evidence),
                _notes(item),
                item.memo or "",
                item.text,
                " / ".join(_turn(n) for n in item.before),
                " / ".join(_turn(n) for n in item.after),
            ]
            writer.writerow([style.cell(value) for value in row])
    return handle.getvalue()


def print_table(result: RetrieveResult, file: Any = None, width: int | None = None) -> None:
    from rich.console import Console

    from jimcode.render.rich_blocks import renderables

    console = Console(file=file, highlight=False, width=width)
    for renderable in renderables(layout(result)):
        console.print(renderable)


def render_text(result: RetrieveResult, format: str) -> str:
    return {"markdown": to_markdown, "json": to_json, "csv": to_csv, "html": to_html}[format](result)
