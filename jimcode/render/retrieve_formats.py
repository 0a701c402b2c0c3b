"""A retrieve result (`jimcode.summary.contract.RetrieveResult`) in every output format."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jimcode.i18n import Words
from jimcode.render.blocks import Block, Heading, Paragraph, QuoteItem, Quotes

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jimcode.summary.contract import Neighbour, RetrievedSegment, RetrieveGroup, RetrieveResult
    from jimcode.summary.retrieve import StreamedRetrieval

Write = Callable[[bytes], Any]

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


def _item(item: RetrievedSegment, hypothesis: bool, say: Words) -> QuoteItem:
    where = item.case + (f", {item.speaker}" if item.speaker else "")
    where += f" · {item.transcript} {item.segment or ''}".rstrip()
    memo = item.memo and say("retrieve.memo", text=item.memo)
    if hypothesis:
        tag = ", ".join(say(f"stance.{e.stance}") for e in item.evidence)
        notes = _notes(item)
        remark = "; ".join(x for x in (notes and say("note_prefix", text=notes), memo) if x) or None
    else:
        tag = ", ".join(item.labels)
        remark = item.memo and say("note_prefix", text=item.memo)
    return QuoteItem(
        text=item.quote,
        attribution=where,
        tag=tag,
        remark=remark,
        context_before=[_turn(n) for n in item.before],
        context_after=[_turn(n) for n in item.after],
    )


def _title(result: RetrieveResult, say: Words) -> str:
    target = result.target
    title = say("retrieve.title", label=target.label)
    return title + (f" ({say(f'stance.{target.stance}')})" if target.stance else "")


def layout(result: RetrieveResult) -> list[Block]:
    """The matches as quotes, in jimcode's words of the result's `interface_language`."""
    say = Words(result.interface_language)
    target = result.target
    blocks: list[Block] = [Heading(1, _title(result, say))]
    found = say("retrieve.found", segments=result.segments, cases=result.cases)
    subtitle = f"{found} · {say(f'retrieve.kind.{target.kind}', id=target.id)}"
    if target.kind != "hypothesis" and len(target.codes) > 1:
        subtitle += f" ({', '.join(target.codes)})"
    subtitle += " · " + say("summary.codebook", id=result.codebook.id, version=result.codebook.version)
    blocks.append(Paragraph(subtitle, muted=True))
    for warning in result.warnings:
        blocks.append(Paragraph(say("warning_prefix", text=warning.message), warning=True))
    hypothesis = target.kind == "hypothesis"
    split = result.split is not None
    for group in result.groups:
        if split:
            label = f"{group.label}: {say('retrieve.found', segments=group.segments, cases=group.cases)}"
            blocks.append(Heading(2, label, f"group-{group.key}"))
        if group.items:
            blocks.append(Quotes([_item(item, hypothesis, say) for item in group.items]))
        else:
            blocks.append(Paragraph(say("retrieve.none"), muted=True))
    return blocks


def to_json(result: RetrieveResult) -> str:
    return json.dumps(result.model_dump(by_alias=True), ensure_ascii=False, indent=2) + "\n"


def to_markdown(result: RetrieveResult) -> str:
    from jimcode.render import markdown_blocks

    return markdown_blocks.render(layout(result))


def _document_words(result: RetrieveResult) -> dict[str, str]:
    """The title, footer and languages of a whole document (an HTML page, a Word file)."""
    say = Words(result.interface_language)
    return {
        "title": _title(result, say),
        "footer": say("retrieve.footer", made_by=result.generated_by),
        "language": result.interface_language,
        "quote_language": result.codebook.language or result.interface_language,
    }


def to_html(result: RetrieveResult) -> str:
    from jimcode.render import html_blocks

    return html_blocks.render(layout(result), **_document_words(result))


def to_docx(result: RetrieveResult) -> bytes:
    from jimcode.render import docx_blocks

    return docx_blocks.render(layout(result), **_document_words(result))


def to_csv(result: RetrieveResult, excel: bool = False) -> str:
    """One row per segment (and per group with `--by`); neighbours joined with ' / '.

    `excel`: a byte order mark, `;` and guarded formulas, as `jimcode export csv --excel`."""
    handle = io.StringIO()
    _write_csv(handle, [(group, group.items) for group in result.groups], excel)
    return handle.getvalue()


def write_csv(found: StreamedRetrieval, write: Write, excel: bool = False) -> None:
    """`to_csv` written as the segments are read from the spill (`write` takes UTF-8 bytes)."""

    class _Bytes(io.TextIOBase):
        def write(self, text: str) -> int:
            write(text.encode("utf-8"))
            return len(text)

    groups = [(group, found.items(number)) for number, group in enumerate(found.head.groups)]
    _write_csv(_Bytes(), groups, excel)


def _write_csv(handle: Any, groups: Iterable[tuple[RetrieveGroup, Iterable[RetrievedSegment]]], excel: bool) -> None:
    from jimcode.render.summary_csv import Style

    style = Style(excel)
    handle.write(style.byte_order_mark)
    writer = style.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for group, items in groups:
        for item in items:
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


def write_json(found: StreamedRetrieval, write: Write) -> None:
    """`to_json` of the whole result, byte for byte, written a record's segments at a time: the result
    without its segments is dumped with a marker in place of each group's `items`, and the segments
    are copied from the spill where the markers are."""
    marker = f"\u0000items-{secrets.token_hex(8)}-"  # no text of a result holds it: a random token
    head = found.head.model_dump(by_alias=True)
    for number, group in enumerate(head["groups"]):
        group["items"] = f"{marker}{number}"
    text = json.dumps(head, ensure_ascii=False, indent=2) + "\n"
    for number in range(len(head["groups"])):
        placeholder = json.dumps(f"{marker}{number}", ensure_ascii=False)
        before, text = text.split(placeholder, 1)
        write(before.encode("utf-8"))
        line_start = before.rfind("\n") + 1
        indent = len(before[line_start:]) - len(before[line_start:].lstrip(" "))
        _write_items(found.json_chunks(number), write, indent + 2)
    write(text.encode("utf-8"))


def _write_items(chunks: Iterable[bytes], write: Write, indent: int) -> None:
    """A JSON list of segments at `indent` spaces (as `json.dumps(..., indent=2)` lays it out there)."""
    pad = b" " * indent
    between = b"\n" + pad
    first = True
    for chunk in chunks:
        write((b"[\n" if first else b",\n") + pad + chunk.replace(b"\n", between))
        first = False
    write(b"[]" if first else b"\n" + pad[:-2] + b"]")


def print_table(result: RetrieveResult, file: Any = None, width: int | None = None) -> None:
    from rich.console import Console

    from jimcode.render.rich_blocks import renderables

    console = Console(file=file, highlight=False, width=width)
    for renderable in renderables(layout(result)):
        console.print(renderable)


def render_text(result: RetrieveResult, format: str) -> str:
    return {"markdown": to_markdown, "json": to_json, "csv": to_csv, "html": to_html}[format](result)
