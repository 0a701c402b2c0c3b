"""A summary (`jimcode.summary.contract.SummaryResult`) in each output format, and the terminal table (rich)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jimcode.summary.contract import SummaryResult


def to_json(result: SummaryResult) -> str:
    return json.dumps(result.model_dump(by_alias=True), ensure_ascii=False, indent=2) + "\n"


def to_markdown(result: SummaryResult) -> str:
    from jimcode.render import markdown_blocks
    from jimcode.render.summary_layout import layout

    return markdown_blocks.render(layout(result))


def _document_words(result: SummaryResult) -> dict[str, str]:
    """The title, footer and languages of a whole document (an HTML page, a Word file)."""
    from jimcode.i18n import Words

    codebook = result.codebook
    say = Words(result.interface_language)
    return {
        "title": say("summary.title", title=codebook.title),
        "footer": say(
            "summary.footer",
            made_by=result.generated_by,
            count=result.files.counted,
            id=codebook.id,
            version=codebook.version,
            sha=codebook.sha256[:12],
        ),
        "language": result.interface_language,
        "quote_language": codebook.language or result.interface_language,
    }


def to_html(result: SummaryResult) -> str:
    from jimcode.render import html_blocks
    from jimcode.render.summary_layout import layout

    return html_blocks.render(layout(result, charts=True), **_document_words(result))


def to_docx(result: SummaryResult) -> bytes:
    """A Word document of the same blocks as the Markdown and HTML reports (charts left out)."""
    from jimcode.render import docx_blocks
    from jimcode.render.summary_layout import layout

    return docx_blocks.render(layout(result), **_document_words(result))


def to_csv(result: SummaryResult, excel: bool = False) -> str:
    from jimcode.render.summary_csv import single_csv

    return single_csv(result, excel)


def print_table(result: SummaryResult, file: Any = None, width: int | None = None) -> None:
    from rich.console import Console

    from jimcode.render.rich_blocks import renderables
    from jimcode.render.summary_layout import layout

    console = Console(file=file, highlight=False, width=width)
    for renderable in renderables(layout(result)):
        console.print(renderable)


def render_text(result: SummaryResult, format: str) -> str:
    """markdown, json, csv or html as a string."""
    return {"markdown": to_markdown, "json": to_json, "csv": to_csv, "html": to_html}[format](result)
