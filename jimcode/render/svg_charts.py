"""Inline SVG bar charts: no scripts, no fonts or files from elsewhere; readable in print and in grey."""

from __future__ import annotations

from html import escape

from jimcode.render.blocks import BarChart, StackedChart

# Okabe & Ito's colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442"]
VERDICT_COLOURS = {
    "supports": "#009E73",
    "contradicts": "#D55E00",
    "mixed": "#E69F00",
    "not applicable": "#A9A9A9",
    "no verdict": "#E3E3E3",
}
WIDTH = 720
LABEL_WIDTH = 270
VALUE_WIDTH = 70
FONT = 12
MAX_LABEL_CHARS = 44


def _short(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(
    names: list[str], colours: list[str], y: int, width: int = WIDTH, left: int = LABEL_WIDTH
) -> tuple[list[str], int]:
    parts = []
    x = left
    for name, colour in zip(names, colours, strict=True):
        label = _short(name, 28)
        step = 16 + int(len(label) * FONT * 0.58) + 18
        if x > left and x + step > width:
            x = left
            y += 18
        parts.append(f'<rect x="{x}" y="{y}" width="11" height="11" rx="2" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" class="legend">{escape(label)}</text>')
        x += step
    return parts, y + 24


def bar_chart(chart: BarChart, width: int = WIDTH, label_width: int = LABEL_WIDTH) -> str:
    """Horizontal bars, one row per category; several series become grouped bars with a legend.

    `width` and `label_width` are in SVG units (pixels at 100%); a narrower chart sits beside its table.
    """
    series = chart.series
    bar = 14 if len(series) == 1 else 11
    gap = 1 if len(series) > 1 else 2
    row_height = len(series) * (bar + gap) + (8 if len(series) == 1 else 12)
    parts: list[str] = []
    y = 4
    if len(series) > 1:
        legend, y = _legend([s.name for s in series], PALETTE[: len(series)], y, width, label_width)
        parts += legend
    plot = width - label_width - VALUE_WIDTH
    maximum = chart.maximum or 1.0
    top = y
    for i, category in enumerate(chart.categories):
        indent = chart.indent[i] * 12 if i < len(chart.indent) else 0
        middle = y + row_height / 2 - 1
        label = _short(category, int(label_width / 6.2) - indent // 6)
        parts.append(
            f'<text x="{indent}" y="{middle + 4:.1f}" class="label"><title>{escape(category)}</title>'
            f"{escape(label)}</text>"
        )
        for s, item in enumerate(series):
            value = max(0.0, min(item.values[i], maximum))
            length = plot * value / maximum
            bar_y = y + 4 + s * (bar + gap)
            colour = PALETTE[s % len(PALETTE)]
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{max(length, 1.5):.1f}" height="{bar}" rx="2" '
                f'fill="{colour}"><title>{escape(item.name)}: {escape(item.labels[i])}</title></rect>'
            )
            parts.append(
                f'<text x="{label_width + length + 5:.1f}" y="{bar_y + bar - 2}" class="value">'
                f"{escape(item.labels[i])}</text>"
            )
        y += row_height
    for tick in (0, 25, 50, 75, 100) if maximum == 100 else ():
        x = label_width + plot * tick / 100
        parts.insert(0, f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{y + 12}" class="tick">{tick}%</text>')
    height = y + 18
    return _svg(chart.title, height, parts, width)


def stacked_chart(chart: StackedChart) -> str:
    """One bar per row split into the legend's parts (e.g. verdicts), counts written inside."""
    colours = [VERDICT_COLOURS.get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(chart.legend)]
    parts, y = _legend(chart.legend, colours, 4)
    plot = WIDTH - LABEL_WIDTH - 20
    bar = 18
    for label, values, texts in chart.rows:
        total = sum(values) or 1.0
        parts.append(f'<text x="0" y="{y + 13}" class="label">{escape(_short(label))}</text>')
        x = float(LABEL_WIDTH)
        for value, text, colour, name in zip(values, texts, colours, chart.legend, strict=True):
            if value <= 0:
                continue
            length = plot * value / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}" '
                f'stroke="#fff" stroke-width="1"><title>{escape(name)}: {escape(text)}</title></rect>'
            )
            if length >= 18:
                ink = "#fff" if colour in ("#009E73", "#D55E00", "#0072B2") else "#222"
                parts.append(
                    f'<text x="{x + length / 2:.1f}" y="{y + 13}" class="inbar" fill="{ink}">{escape(text)}</text>'
                )
            x += length
        y += bar + 8
    return _svg(chart.title, y + 4, parts)


def _svg(title: str, height: float, parts: list[str], width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height:.0f}" width="{width}" '
        f'height="{height:.0f}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
