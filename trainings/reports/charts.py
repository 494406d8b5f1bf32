"""The reports' charts: one description, drawn twice.

A ``Chart`` holds labels and series of numbers. On a page it goes out as JSON
(``json_script``, never run) beside a ``<canvas>``, and ``static/js/reports.js``
draws it with the vendored Chart.js — no inline script, so the CSP holds. In a
PDF (WeasyPrint runs no JavaScript) ``svg`` draws the same figures as inline
SVG. Every chart's numbers are also printed in a table next to it
(``templates/reports/_chart.html``), for screen readers and for people who
would rather read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

# The two colours of the house (pilar.css), dark enough on white (WCAG AA 3:1 for graphics).
COLOURS = ("#0b5c8a", "#b35900", "#2e7d32", "#6a1b9a")
BAR = "bar"
LINE = "line"


@dataclass
class Series:
    label: str
    values: list[int | Decimal | None]


@dataclass
class Chart:
    """One chart: ``kind`` bar (horizontal) or line; ``percent`` puts the axis at 0–100 %."""

    key: str
    title: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = BAR
    percent: bool = False

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def empty(self) -> bool:
        return not self.labels or all(
            value is None for series in self.series for value in series.values
        )

    def as_data(self) -> dict:
        """What ``reports.js`` reads (numbers as floats; ``None`` stays a gap)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "percent": self.percent,
            "labels": self.labels,
            "series": [
                {
                    "label": series.label,
                    "colour": COLOURS[index % len(COLOURS)],
                    "values": [None if value is None else float(value) for value in series.values],
                }
                for index, series in enumerate(self.series)
            ],
        }

    def rows(self) -> list[tuple[str, list]]:
        """The chart as table rows: each label with its value in every series."""
        return [
            (label, [series.values[index] for series in self.series])
            for index, label in enumerate(self.labels)
        ]


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal | float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def svg(chart: Chart, *, width: int = 640) -> SafeString:
    """The chart as inline SVG for a PDF: horizontal bars (one row per label, one bar per
    series) or a line per series over the labels."""
    if chart.kind == LINE:
        return _line_svg(chart, width=width)
    return _bar_svg(chart, width=width)


def _scale_max(chart: Chart) -> float:
    if chart.percent:
        return 100.0
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    return max(values, default=0.0) or 1.0


def _bar_svg(chart: Chart, *, width: int) -> SafeString:
    label_width, value_width, bar_height, gap = 190, 60, 12, 6
    per_label = bar_height * len(chart.series) + gap
    height = per_label * len(chart.labels) + 24
    plot = width - label_width - value_width
    top = _scale_max(chart)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pilar-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(chart.title, {chr(34): "&quot;"})}">'
    ]
    for row, label in enumerate(chart.labels):
        y = row * per_label
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height}" text-anchor="end" '
            f'font-size="9">{escape(_clip(label))}</text>'
        )
        for index, series in enumerate(chart.series):
            value = series.values[row]
            length = 0 if value is None else plot * float(value) / top
            by = y + index * bar_height
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{label_width}" y="{by + 1}" width="{length:.1f}" '
                f'height="{bar_height - 2}" fill="{colour}"/>'
            )
            suffix = " %" if chart.percent and value is not None else ""
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{by + bar_height - 2}" '
                f'font-size="8">{_number(value)}{suffix}</text>'
            )
    parts.append(_legend(chart, y=height - 8))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _line_svg(chart: Chart, *, width: int) -> SafeString:
    height, left, bottom, top_pad = 200, 40, 40, 10
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = _scale_max(chart)
    count = max(len(chart.labels), 1)
    step = plot_w / max(count - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pilar-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(chart.title, {chr(34): "&quot;"})}">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}" stroke="#555" stroke-width="0.5"/>',
        f'<text x="{left - 4}" y="{top_pad + 8}" text-anchor="end" font-size="8">'
        f"{_number(int(top) if not chart.percent else top)}</text>",
    ]
    for index, label in enumerate(chart.labels):
        x = left + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_h + 12}" text-anchor="middle" '
            f'font-size="8">{escape(_clip(label, 10))}</text>'
        )
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        points = [
            (left + i * step, top_pad + plot_h - plot_h * float(v) / top)
            for i, v in enumerate(series.values)
            if v is not None
        ]
        if points:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
            )
            parts.extend(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{colour}"/>' for x, y in points
            )
    parts.append(_legend(chart, y=height - 8))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _legend(chart: Chart, *, y: int) -> str:
    parts, x = [], 4
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y - 7}" width="8" height="8" fill="{colour}"/>')
        parts.append(f'<text x="{x + 11}" y="{y}" font-size="8">{escape(series.label)}</text>')
        x += 20 + 5 * len(series.label)
    return "".join(parts)


def _clip(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
