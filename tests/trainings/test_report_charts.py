"""The reports' charts: the data a page hands to Chart.js, and the SVG a PDF prints."""

from __future__ import annotations

from decimal import Decimal

from trainings.reports.charts import LINE, Chart, Series, svg


def _chart(**kwargs) -> Chart:
    return Chart(
        key="sesi",
        title="Kehadiran per sesi",
        labels=["Pembukaan", 'Materi <1> & "2"'],
        series=[Series("Hadir", [Decimal("80.0"), None])],
        percent=True,
        **kwargs,
    )


def test_chart_data_carries_numbers_as_floats_and_gaps_as_none():
    assert _chart().as_data() == {
        "kind": "bar",
        "title": "Kehadiran per sesi",
        "percent": True,
        "labels": ["Pembukaan", 'Materi <1> & "2"'],
        "series": [{"label": "Hadir", "colour": "#0b5c8a", "values": [80.0, None]}],
    }
    assert _chart().rows() == [("Pembukaan", [Decimal("80.0")]), ('Materi <1> & "2"', [None])]


def test_a_chart_with_no_numbers_is_empty():
    assert Chart(key="x", title="x", labels=["a"], series=[Series("s", [None])]).empty
    assert Chart(key="x", title="x", labels=[]).empty
    assert not _chart().empty


def test_svg_escapes_labels_and_scales_percent_bars_to_the_full_width():
    drawing = svg(_chart(), width=640)

    assert 'Materi &lt;1&gt; &amp; "2"' in drawing
    assert 'aria-label="Kehadiran per sesi"' in drawing
    # 80 % of the 390-unit plot (640 - 190 labels - 60 values); the gap is a zero-length bar.
    assert '<rect x="190" y="1" width="312.0"' in drawing
    assert '<rect x="190" y="19" width="0.0"' in drawing
    assert ">80,0 %</text>" in drawing


def test_svg_line_chart_draws_one_point_per_number():
    chart = Chart(
        key="tren",
        title="Tren",
        labels=["Jan", "Feb", "Mar"],
        series=[Series("Kehadiran", [Decimal("50"), None, Decimal("100")])],
        kind=LINE,
        percent=True,
    )

    drawing = svg(chart)

    assert drawing.count("<circle") == 2
    assert "<polyline" in drawing
