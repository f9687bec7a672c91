"""The who-said-what-when picture: positions (hand-made, in the timelines contract) -> one matplotlib Figure."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from report_frames import HOSTILE, claims_frame

from reconcile.report.adapt import TIMELINE_COLUMNS, positions_from_claims, with_timelines
from reconcile.report.plots import CONFLICT_COLOUR, STACK_POINTS, figure_to_svg, plot_positions, plot_timeline


def positions(*rows: dict) -> pd.DataFrame:
    """A timelines frame from partial positions (story, subject, kind and precision filled in)."""
    base = {"story": "", "kind": "count", "subject": "flood_deaths", "status": "killed", "scope": None,
            "source_kind": None, "as_of_precision": "day", "qualifier": None, "n_claims": 1, "n_outlets": 1}
    full = []
    for number, row in enumerate(rows, start=1):
        merged = base | {"position_id": f"p{number}", "source_group": row.get("source", "")} | row
        merged.setdefault("value", str(merged.get("value_low") or merged.get("value_high")))
        merged |= {"outlets": ["Wire"], "claim_ids": [f"c{number}"]}
        full.append(merged)
    frame = pd.DataFrame(full)
    for column in ("value_low", "value_high"):
        frame[column] = pd.to_numeric(frame.get(column, pd.Series([None] * len(frame))), errors="coerce")
    return with_timelines(frame.reindex(columns=TIMELINE_COLUMNS[:19]))


def markers(axes) -> list:
    return [line for line in axes.lines if line.get_marker() not in (None, "None", "") and line.get_linestyle()
            in ("None", "none", "")]


def test_positions_from_claims_collapse_one_source_one_figure_one_date():
    claims = claims_frame()
    repeat = claims.iloc[[2]].assign(claim_id="c5", doc_id="wire-a", outlet="Wire Service")
    timelines = positions_from_claims(pd.concat([claims, repeat], ignore_index=True))
    by_id = timelines.set_index("position_id")
    assert list(by_id.loc["c3", "claim_ids"]) == ["c3", "c5"]
    assert list(by_id.loc["c3", "outlets"]) == ["Daily Ledger", "Wire Service"] and by_id.loc["c3", "n_claims"] == 2
    assert pd.isna(by_id.loc["c1", "value_high"]) and by_id.loc["c1", "value"] == "at least 40"
    assert by_id.loc["c1", "as_of"] == "2025-03-03" and by_id.loc["c4", "as_of"] == "2025-03-05"


def test_an_unattributed_figure_is_the_outlets_own_count():
    claims = claims_frame().assign(speaker=None, source_org=None)
    timelines = positions_from_claims(claims).set_index("position_id")
    assert timelines.loc["c1", "source"] == "Wire Service (own count)" and timelines.loc["c1", "source_kind"] == "media"


def test_vague_amounts_are_open_above():
    claims = claims_frame().iloc[[0]].assign(qualifier="vague", value_low=2_000_000.0, value_high=999_999_999.0)
    timelines = positions_from_claims(claims)
    assert timelines["value_low"].tolist() == [2_000_000.0] and timelines["value_high"].isna().all()
    svg = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    assert "999,999,999" not in svg and "millions" in svg


def test_timelines_follow_one_source_in_as_of_order_and_status_apart():
    frame = positions(
        {"source": "Agency", "as_of": "2025-03-05", "value_low": 65.0, "value_high": 65.0},
        {"source": "Agency", "as_of": "2025-03-03", "value_low": 40.0, "value_high": 40.0},
        {"source": "Agency", "as_of": "2025-03-04", "value_low": 9.0, "value_high": 9.0, "status": "wounded"},
    ).set_index("position_id")
    assert by_step(frame, "killed") == [("p2", 1, None, False), ("p1", 2, "p2", True)]
    assert by_step(frame, "wounded") == [("p3", 1, None, True)]


def by_step(frame, status):
    rows = frame[frame["status"] == status].sort_values("step")
    return [(pid, int(r.step), r.previous_position_id, bool(r.is_latest)) for pid, r in rows.iterrows()]


@pytest.mark.parametrize("values, scale", [
    pytest.param([40.0, 65.0, 90.0], "linear", id="narrow-linear"),
    pytest.param([5.0, 300.0, 12000.0], "log", id="wide-log"),
    pytest.param([0.0, 5.0, 12000.0], "symlog", id="wide-with-zero"),
])
def test_scale_follows_the_spread_of_figures(values, scale):
    frame = positions(*({"source": f"S{i}", "as_of": f"2025-03-0{i + 1}", "value_low": v, "value_high": v}
                        for i, v in enumerate(values)))
    axes = plot_positions(frame, None, "flood_deaths").axes[0]
    assert axes.get_yscale() == scale
    assert axes.get_title(loc="left") == "flood deaths: who said what, when" and axes.get_ylabel()


def test_ticks_are_plain_readable_numbers():
    frame = positions({"source": "A", "as_of": "2025-03-01", "value_low": 1500.0, "value_high": 1500.0},
                      {"source": "B", "as_of": "2025-03-02", "value_low": 3000.0, "value_high": 3000.0},
                      {"source": "C", "as_of": "2025-03-03", "value_low": 1_200_000.0, "value_high": 1_200_000.0})
    figure = plot_positions(frame, None, "flood_deaths")
    figure.canvas.draw()
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels() if label.get_text()]
    assert {"1,000", "2,000", "5,000", "1,000,000"} <= set(labels)
    assert not [label for label in labels if "e" in label or "^" in label]


def test_markers_sit_on_their_exact_dates_and_stack_upward():
    frame = positions({"source": "A", "as_of": "2025-03-03", "value_low": 40.0, "value_high": 40.0},
                      {"source": "B", "as_of": "2025-03-03", "value_low": 40.0, "value_high": 40.0},
                      {"source": "C", "as_of": "2025-03-05", "value_low": 65.0, "value_high": 65.0})
    axes = plot_positions(frame, None, "flood_deaths").axes[0]
    dates = set(mdates.date2num(pd.to_datetime(["2025-03-03", "2025-03-05"]).to_pydatetime()))
    lines = markers(axes)
    assert {float(x) for line in lines for x in line.get_xdata()} == dates
    same_spot = [line for line in lines if float(line.get_xdata()[0]) == min(dates)]
    heights = sorted(line.get_transform().transform((line.get_xdata()[0], 40.0))[1] for line in same_spot)
    assert len(heights) == 2 and heights[1] - heights[0] == pytest.approx(STACK_POINTS * 100 / 72, rel=0.01)


def test_revisions_are_joined_and_conflicts_marked():
    frame = positions({"source": "Agency", "as_of": "2025-03-03", "value_low": 40.0, "value_high": 40.0},
                      {"source": "Agency", "as_of": "2025-03-05", "value_low": 65.0, "value_high": 65.0},
                      {"source": "Volunteers", "as_of": "2025-03-05", "value_low": 90.0, "value_high": 90.0})
    relations = pd.DataFrame({"position_id_l": ["p2"], "position_id_r": ["p3"], "relation": ["conflict"]})
    axes = plot_positions(frame, relations, "flood_deaths").axes[0]
    joined = [line for line in axes.lines if line.get_linestyle() == "-" and len(line.get_xdata()) == 2]
    conflicts = [line for line in axes.lines if line.get_color() == CONFLICT_COLOUR and line.get_linestyle() != "None"]
    assert [list(line.get_ydata()) for line in joined] == [[40.0, 65.0]]
    assert len(conflicts) == 1 and sorted(conflicts[0].get_ydata()) == [65.0, 90.0]


@pytest.mark.parametrize("bad, reason", [
    pytest.param({"as_of": "9999-12-31"}, "dated outside", id="year-9999"),
    pytest.param({"as_of": "0001-01-01"}, "dated outside", id="year-1"),
    pytest.param({"as_of": "not a date"}, "undated", id="not-a-date"),
    pytest.param({"value_high": float("inf")}, "non-finite", id="infinite-figure"),
    pytest.param({"value_low": float("-inf")}, "non-finite", id="minus-infinity"),
    pytest.param({"value_low": None, "value_high": None}, "no figure", id="no-figure"),
])
def test_unplaceable_positions_are_left_out_and_said(bad, reason):
    good = {"source": "A", "as_of": "2025-03-03", "value_low": 40.0, "value_high": 40.0}
    frame = positions(good, good | {"source": "B"} | bad)
    figure = plot_positions(frame, None, "flood_deaths")
    svg = figure_to_svg(figure)
    assert figure.n_plotted == 1 and sum(figure.left_out.values()) == 1
    assert "not shown: 1 " in figure.axes[0].get_xlabel() and reason in figure.axes[0].get_xlabel()
    assert "<svg" in svg


def test_svg_is_byte_identical_and_escaped():
    timelines = positions_from_claims(claims_frame().assign(source_org=HOSTILE))
    first = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    second = figure_to_svg(plot_positions(timelines, None, "flood_deaths"))
    assert first == second and first.startswith("<svg")
    assert "<script" not in first and "&lt;script&gt;" in first


def test_unknown_subject_says_so():
    assert "no dated figures" in figure_to_svg(plot_timeline(claims_frame(), "earthquake_injured"))


def test_figures_show_themselves_in_jupyter():
    figure = plot_timeline(claims_frame(), "flood_deaths")
    assert figure._repr_svg_().startswith("<svg") and figure.n_plotted == 3


def test_importing_the_package_leaves_the_matplotlib_backend_alone():
    code = ("import sys, reconcile, reconcile.report, reconcile.report.plots, matplotlib; "
            "print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120,
                            env={"MPLBACKEND": "svg", "PATH": "/usr/bin:/bin"})
    assert result.stdout.split() == ["svg", "False"]


def test_many_sources_and_statuses_still_draw():
    rows = [{"source": f"Source {i}", "status": ["killed", "wounded", "missing"][i % 3],
             "as_of": f"2025-03-{1 + i % 20:02d}", "value_low": float(10 + i), "value_high": float(10 + i)}
            for i in range(60)]
    figure = plot_positions(positions(*rows), None, "flood_deaths")
    assert figure.n_plotted == 60 and np.isfinite(figure.axes[0].get_ylim()).all()
