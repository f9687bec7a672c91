"""The who-said-what-when picture: claims reconciled by the real reconciler (its timelines and relations) -> one
matplotlib Figure per subject."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from report_frames import HOSTILE, frame, reconciliation

from reconcile.pipeline import reconcile_claims
from reconcile.report.plots import CONFLICT_COLOUR, STACK_POINTS, figure_to_svg, plot_positions, plotted_subjects
from reconcile.schema import ClaimSchema


def reconciled(*rows: dict):
    """The reconciler's result for count claims of flood deaths given as (source, date, figure) rows."""
    claims = []
    for number, row in enumerate(rows, start=1):
        value = row.get("value")
        claim = {"claim_id": f"c{number:02d}", "doc_id": f"d{number}", "outlet": row.get("outlet", f"Wire {number}"),
                 "published": row["as_of"], "stated_on": row["as_of"], "story": "floods", "kind": "count",
                 "subject": "flood_deaths", "status": row.get("status", "killed"),
                 "qualifier": row.get("qualifier", "exact"), "value_low": row.get("low", value),
                 "value_high": row.get("high", value), "source_org": row["source"], "source_kind": "ngo",
                 "text": f"{value} died, {row['source']} said.", "start": 0, "end": 2}
        claims.append(claim)
    return reconcile_claims(frame(ClaimSchema, claims))


def timelines_of(*rows: dict) -> pd.DataFrame:
    return reconciled(*rows).timelines


def markers(axes) -> list:
    return [line for line in axes.lines if line.get_marker() not in (None, "None", "") and line.get_linestyle()
            in ("None", "none", "")]


def test_vague_amounts_are_drawn_open_above():
    timelines = timelines_of({"source": "Agency", "as_of": "2025-03-03", "qualifier": "vague", "low": 2_000_000.0,
                              "high": 999_999_999.0})
    svg = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    assert "999,999,999" not in svg and "millions" in svg


def test_one_source_is_joined_in_as_of_order_and_an_increment_stays_off_the_line():
    result = reconciled({"source": "Agency", "as_of": "2025-03-05", "value": 65.0},
                        {"source": "Agency", "as_of": "2025-03-03", "value": 40.0},
                        {"source": "Agency", "as_of": "2025-03-04", "value": 9.0})
    timelines = result.timelines.copy()
    axes = plot_positions(timelines, result.relations, "flood_deaths").axes[0]
    assert [list(line.get_ydata()) for line in joined_lines(axes)] == [[40.0, 9.0, 65.0]]
    timelines.loc[timelines["value_low"] == 9.0, "is_increment"] = True  # "another 9": not a level of its own
    axes = plot_positions(timelines, result.relations, "flood_deaths").axes[0]
    assert [list(line.get_ydata()) for line in joined_lines(axes)] == [[40.0, 65.0]]


def joined_lines(axes) -> list:
    return [line for line in axes.lines if line.get_linestyle() == "-" and len(line.get_xdata()) >= 2]


@pytest.mark.parametrize("values, scale", [
    pytest.param([40.0, 65.0, 90.0], "linear", id="narrow-linear"),
    pytest.param([5.0, 300.0, 12000.0], "log", id="wide-log"),
    pytest.param([0.0, 5.0, 12000.0], "symlog", id="wide-with-zero"),
])
def test_scale_follows_the_spread_of_figures(values, scale):
    timelines = timelines_of(*({"source": f"S{i}", "as_of": f"2025-03-0{i + 1}", "value": v}
                               for i, v in enumerate(values)))
    axes = plot_positions(timelines, None, "flood_deaths").axes[0]
    assert axes.get_yscale() == scale
    assert axes.get_title(loc="left") == "flood deaths: who said what, when" and axes.get_ylabel()


def test_ticks_are_plain_readable_numbers():
    timelines = timelines_of({"source": "A", "as_of": "2025-03-01", "value": 1500.0},
                             {"source": "B", "as_of": "2025-03-02", "value": 3000.0},
                             {"source": "C", "as_of": "2025-03-03", "value": 1_200_000.0})
    figure = plot_positions(timelines, None, "flood_deaths")
    figure.canvas.draw()
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels() if label.get_text()]
    assert {"1,000", "2,000", "5,000", "1,000,000"} <= set(labels)
    assert not [label for label in labels if "e" in label or "^" in label]


def test_markers_sit_on_their_exact_dates_and_stack_upward():
    timelines = timelines_of({"source": "A", "as_of": "2025-03-03", "value": 40.0},
                             {"source": "B", "as_of": "2025-03-03", "value": 40.0},
                             {"source": "C", "as_of": "2025-03-05", "value": 65.0})
    axes = plot_positions(timelines, None, "flood_deaths").axes[0]
    dates = set(mdates.date2num(pd.to_datetime(["2025-03-03", "2025-03-05"]).to_pydatetime()))
    lines = markers(axes)
    assert {float(x) for line in lines for x in line.get_xdata()} == dates
    same_spot = [line for line in lines if float(line.get_xdata()[0]) == min(dates)]
    heights = sorted(line.get_transform().transform((line.get_xdata()[0], 40.0))[1] for line in same_spot)
    assert len(heights) == 2 and heights[1] - heights[0] == pytest.approx(STACK_POINTS * 100 / 72, rel=0.01)


def test_revisions_are_joined_and_conflicts_marked():
    result = reconciled({"source": "Agency", "as_of": "2025-03-03", "value": 40.0},
                        {"source": "Agency", "as_of": "2025-03-05", "value": 65.0},
                        {"source": "Volunteers", "as_of": "2025-03-05", "value": 200.0})
    assert result.relations["relation"].eq("conflict").sum() == 1
    axes = plot_positions(result.timelines, result.relations, "flood_deaths").axes[0]
    conflicts = [line for line in axes.lines if line.get_color() == CONFLICT_COLOUR and line.get_linestyle() != "None"]
    assert [list(line.get_ydata()) for line in joined_lines(axes)] == [[40.0, 65.0]]
    assert len(conflicts) == 1 and sorted(conflicts[0].get_ydata()) == [65.0, 200.0]


@pytest.mark.parametrize("bad, reason", [
    pytest.param({"as_of": "9999-12-31"}, "dated outside", id="year-9999"),
    pytest.param({"as_of": "0001-01-01"}, "dated outside", id="year-1"),
    pytest.param({"as_of": "not a date"}, "undated", id="not-a-date"),
    pytest.param({"value_high": float("inf")}, "non-finite", id="infinite-figure"),
    pytest.param({"value_low": float("-inf")}, "non-finite", id="minus-infinity"),
    pytest.param({"value_low": None, "value_high": None}, "no figure", id="no-figure"),
])
def test_unplaceable_positions_are_left_out_and_said(bad, reason):
    timelines = timelines_of({"source": "A", "as_of": "2025-03-03", "value": 40.0},
                             {"source": "B", "as_of": "2025-03-04", "value": 41.0})
    odd = timelines.index[timelines["source"] == "B"][0]
    for column, value in bad.items():  # a cell no schema lets through, as a hand-edited table may hold
        timelines[column] = timelines[column].astype("object")
        timelines.loc[odd, column] = value
    figure = plot_positions(timelines, None, "flood_deaths")
    svg = figure_to_svg(figure)
    assert figure.n_plotted == 1 and sum(figure.left_out.values()) == 1
    assert "not shown: 1 " in figure.axes[0].get_xlabel() and reason in figure.axes[0].get_xlabel()
    assert "<svg" in svg


def test_svg_is_byte_identical_and_escaped():
    timelines = timelines_of({"source": HOSTILE, "as_of": "2025-03-03", "value": 40.0},
                             {"source": "B", "as_of": "2025-03-04", "value": 41.0})
    first = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    second = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    assert first == second and first.startswith("<svg")
    assert "<script" not in first and "&lt;script&gt;" in first


def test_unknown_subject_says_so():
    result = reconciliation()
    assert "no dated figures" in figure_to_svg(plot_positions(result.timelines, result.relations, "quake_injured"))


def test_figures_show_themselves_in_jupyter():
    result = reconciliation()
    figure = plot_positions(result.timelines, result.relations, "flood_deaths")
    counts = result.timelines[(result.timelines["subject"] == "flood_deaths")]
    assert figure._repr_svg_().startswith("<svg") and figure.n_plotted == len(counts) > 3


def test_a_picture_of_one_day_is_ticked_in_days():
    figure = plot_positions(timelines_of({"source": "A", "as_of": "2025-03-03", "value": 40.0},
                                         {"source": "B", "as_of": "2025-03-03", "value": 90.0}), None, "flood_deaths")
    figure.canvas.draw()
    ticks = mdates.num2date(figure.axes[0].get_xticks())
    assert len(ticks) >= 3 and all(tick.hour == 0 and tick.minute == 0 for tick in ticks)


def test_labels_of_close_figures_on_one_day_do_not_overlap():
    figure = plot_positions(timelines_of(*({"source": f"S{i}", "as_of": "2025-03-03", "value": 100.0 + i}
                                           for i in range(4))), None, "flood_deaths")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in figure.axes[0].texts]
    assert len(boxes) == 4
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]


def test_importing_the_package_leaves_the_matplotlib_backend_alone():
    code = ("import sys, reconcile, reconcile.report, reconcile.report.plots, matplotlib; "
            "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                            env={"MPLBACKEND": "svg", "PATH": "/usr/bin:/bin"})
    assert result.stdout.split() == ["svg", "False"]


def test_many_sources_and_statuses_still_draw():
    rows = [{"source": f"Source {i}", "status": ["killed", "wounded", "other"][i % 3],
             "as_of": f"2025-03-{1 + i % 20:02d}", "value": float(10 + i)} for i in range(60)]
    figure = plot_positions(timelines_of(*rows), None, "flood_deaths")
    assert figure.n_plotted == 60 and np.isfinite(figure.axes[0].get_ylim()).all()


def test_only_subjects_with_positions_to_place_are_pictured():
    timelines = timelines_of({"source": "A", "as_of": "2025-03-03", "value": 40.0},
                             {"source": "B", "as_of": "2025-03-04", "value": 41.0})
    undated = timelines.assign(subject="people_missing", as_of=None, position_id=timelines["position_id"] + "-u")
    both = pd.concat([timelines, undated], ignore_index=True)
    assert plotted_subjects(both, min_positions=2) == ["flood_deaths"]
    assert plotted_subjects(both.iloc[[0, 2, 3]], min_positions=2) == []
