"""Blocks as one self-contained HTML page: inline CSS and SVG, no scripts, no external assets, printable."""

from __future__ import annotations

from html import escape

from jimcode.render.blocks import BarChart, Block, Heading, Paragraph, Quotes, StackedChart, Table, paragraphs
from jimcode.render.svg_charts import bar_chart, stacked_chart

CSS = """
:root { --ink: #1f2328; --muted: #5f6b76; --line: #d8dee4; --soft: #f5f7f9; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 40px 64px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 40px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line);
  color: var(--accent); }
h3 { font-size: 16px; margin: 26px 0 6px; }
p { margin: 6px 0 10px; max-width: 75ch; }
p.muted, .note { color: var(--muted); font-size: 13px; }
p.warning { background: #fff8e6; border-left: 4px solid #e69f00; padding: 6px 10px; font-size: 14px; }
nav.toc { font-size: 13px; color: var(--muted); margin: 10px 0 0; }
nav.toc a { color: var(--accent); text-decoration: none; margin-right: 14px; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 14px; font-variant-numeric: tabular-nums;
  min-width: 50%; }
caption { caption-side: top; text-align: left; font-style: italic; color: var(--muted); padding: 2px 0 4px; }
th, td { padding: 4px 12px 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; text-align: left; }
th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.strong td { font-weight: 600; background: #fafbfc; }
tbody tr:hover td { background: #f0f5fb; }
.indent-1 { padding-left: 26px; } .indent-2 { padding-left: 44px; } .indent-3 { padding-left: 62px; }
figure { margin: 12px 0 18px; }
.pair { display: grid; grid-template-columns: minmax(300px, 400px) minmax(280px, 440px); gap: 12px 40px;
  align-items: start; }
.pair figure { margin-top: 8px; }
.pair table { width: 100%; }
p.reading { font-size: 16px; font-weight: 600; margin: 4px 0 8px; }
figcaption { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg .label { font-size: 12px; fill: #1f2328; }
svg .value, svg .tick, svg .legend { font-size: 10.5px; fill: #5f6b76; }
svg .tick { text-anchor: middle; }
svg .inbar { font-size: 11px; text-anchor: middle; font-weight: 600; }
svg .grid { stroke: #e6e9ec; stroke-width: 1; }
.quotes { margin: 8px 0 16px; }
.quotes h4 { font-size: 13px; font-weight: 600; color: var(--muted); margin: 10px 0 4px; text-transform: uppercase;
  letter-spacing: 0.04em; }
blockquote { margin: 8px 0 10px; padding: 6px 14px; border-left: 3px solid var(--accent); background: var(--soft);
  max-width: 75ch; }
blockquote p { margin: 0; }
blockquote p + p { margin-top: 0.6em; }
blockquote .context { color: var(--muted); font-size: 13px; }
blockquote footer { font-size: 13px; color: var(--muted); margin-top: 4px; }
blockquote footer .who { color: var(--ink); font-weight: 600; }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; font-size: 12px;
  background: #fff; }
footer.page { margin-top: 48px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line);
  padding-top: 8px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  table, figure, blockquote { break-inside: avoid; }
  tbody tr:hover td { background: none; }
  @page { margin: 18mm 16mm; }
}
"""


def _table(block: Table) -> str:
    parts = ["<table>"]
    if block.title:
        parts.append(f"<caption>{escape(block.title)}</caption>")
    head = "".join(
        f'<th class="num">{escape(c)}</th>' if i >= block.numeric_from else f"<th>{escape(c)}</th>"
        for i, c in enumerate(block.columns)
    )
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    label_at = 1 if block.numeric_from > 1 else 0
    for row in block.rows:
        cells = []
        for i, value in enumerate(row.cells):
            classes = []
            if i >= block.numeric_from:
                classes.append("num")
            if i == label_at and row.indent:
                classes.append(f"indent-{min(row.indent, 3)}")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{escape(value)}</td>")
        opening = '<tr class="strong">' if row.strong else "<tr>"
        parts.append(f"{opening}{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    if block.note:
        parts.append(f'<p class="note">{escape(block.note)}</p>')
    return "".join(parts)


def _quotes(block: Quotes, language: str) -> str:
    parts = ['<div class="quotes">']
    if block.title:
        parts.append(f"<h4>{escape(block.title)}</h4>")
    for item in block.items:
        parts.append(f'<blockquote lang="{escape(language)}">')
        parts += [f'<p class="context">{escape(p)}</p>' for text in item.context_before for p in paragraphs(text)]
        said = [escape(p) for p in paragraphs(item.text)]
        # Opening mark first, closing mark on the last: in a one-paragraph quote both are the same paragraph.
        said[0] = f"“{said[0]}"
        said[-1] = f"{said[-1]}”"
        parts += [f"<p>{p}</p>" for p in said]
        parts += [f'<p class="context">{escape(p)}</p>' for text in item.context_after for p in paragraphs(text)]
        footer = f'— <span class="who">{escape(item.attribution)}</span>'
        if item.tag:
            footer += f' <span class="tag">{escape(item.tag)}</span>'
        if item.remark:
            footer += f" · {escape(item.remark)}"
        parts.append(f"<footer>{footer}</footer></blockquote>")
    parts.append("</div>")
    return "".join(parts)


def _header(blocks: list[Block]) -> tuple[str, list[Block]]:
    """The page header: the level-1 heading, the muted subtitle after it, and links to the sections."""
    if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
        return "", blocks
    parts = [f"<header><h1>{escape(blocks[0].text)}</h1>"]
    rest = blocks[1:]
    if rest and isinstance(rest[0], Paragraph) and rest[0].muted:
        parts.append(f'<p class="muted">{escape(rest[0].text)}</p>')
        rest = rest[1:]
    toc = [(b.anchor, b.text) for b in rest if isinstance(b, Heading) and b.level == 2 and b.anchor]
    if len(toc) > 1:
        links = "".join(f'<a href="#{escape(anchor)}">{escape(text)}</a>' for anchor, text in toc)
        parts.append(f'<nav class="toc">{links}</nav>')
    parts.append("</header>")
    return "".join(parts), rest


def render(
    blocks: list[Block], *, title: str, footer: str, language: str = "en", quote_language: str | None = None
) -> str:
    """The page; `language` (a BCP 47 tag) is what its own words are in, `quote_language` (default: the same)
    what the quotes are in: the transcripts' and codebook's, which `--lang` may differ from."""
    header, rest = _header(blocks)
    body: list[str] = [header] if header else []
    position = 0
    while position < len(rest):
        block = rest[position]
        position += 1
        if isinstance(block, Heading):
            anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
            level = min(block.level, 4)
            body.append(f"<h{level}{anchor}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            kind = "muted" if block.muted else "warning" if block.warning else ""
            kind = "reading" if block.strong else kind
            body.append(f'<p class="{kind}">{escape(block.text)}</p>' if kind else f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Table):
            following = rest[position] if position < len(rest) else None
            if isinstance(following, BarChart) and len(block.columns) <= 3:
                position += 1
                chart = bar_chart(following, width=440, label_width=150)
                body.append(
                    f'<div class="pair"><div>{_table(block)}</div>'
                    f"<figure><figcaption>{escape(following.title)}</figcaption>{chart}</figure></div>"
                )
            else:
                body.append(_table(block))
        elif isinstance(block, Quotes):
            body.append(_quotes(block, quote_language or language))
        elif isinstance(block, BarChart):
            body.append(f"<figure><figcaption>{escape(block.title)}</figcaption>{bar_chart(block)}</figure>")
        elif isinstance(block, StackedChart):
            body.append(f"<figure><figcaption>{escape(block.title)}</figcaption>{stacked_chart(block)}</figure>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="jimcode">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + f'\n<footer class="page">{escape(footer)}</footer>\n</main>\n</body>\n</html>\n'
    )
