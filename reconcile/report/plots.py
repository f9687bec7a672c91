"""Report stage, plots: timelines (positions) + relations -> one who-said-what-when Figure per story and subject -> SVG.

Figures are built on `matplotlib.figure.Figure` directly, never through pyplot, so importing this module leaves
the user's backend alone (Jupyter keeps drawing inline) and rendering needs no display.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from datetime import date

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator
from matplotlib.transforms import offset_copy

from reconcile.describe import format_number, join_names, subject_label, text_of

FIGURE_SIZE = (9.0, 4.6)
# Dates a news figure can carry and an axis can show; anything else (year 1, year 9999, a typo) is left out and
# counted in the caption rather than allowed to stretch or break the axis.
PLOTTABLE_YEARS = (1700, 2300)
# Log scale once figures span more than two orders of magnitude, so small and large counts both stay readable.
LOG_SPAN = 100.0
# Positions of one date and figure are stacked upward by this many points instead of being moved along the
# date axis: every marker sits on its exact date.
STACK_POINTS = 6.0
# At most this many positions are stacked at one spot; more share the top one (the label says how many).
MAX_STACK = 4
ARROW_POINTS = 24.0
# Each position is labelled with its figure in words while the picture stays readable.
MAX_LABELS = 40
# Labels written at one date keep at least this far apart vertically (7-point text).
LABEL_GAP_POINTS = 9.0
MIN_DAYS_SHOWN = 5.0
LEGEND_ROWS = 12
LEGEND_CHARS = 34
CONFLICT_COLOUR = "#b00020"
CONFLICT_SHIFT_POINTS = 5.0
MARKERS = ("o", "s", "D", "P", "X", "p", "h", "*", "d", "H")
# Fixed style: plots must not depend on the user's matplotlibrc, and SVG ids must not depend on a random salt.
PLOT_STYLE = {
    "svg.hashsalt": "reconcile-report",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 100,
}
# How a wording bounds its figure in the picture (as compare/values.py reads them for comparison).
OPEN_ABOVE = ("at_least", "more_than", "vague")
OPEN_BELOW = ("up_to", "less_than")
LEFT_OUT_WORDS = {
    "undated": "undated",
    "out_of_range": f"dated outside {PLOTTABLE_YEARS[0]}–{PLOTTABLE_YEARS[1]}",
    "non_finite": "with a non-finite figure",
    "no_figure": "with no figure to place",
}


class PositionsFigure(Figure):
    """A Figure that shows itself as SVG in Jupyter and says what it could not place.

    `left_out` maps a reason ("undated", "out_of_range", "non_finite", "no_figure") to a count of positions.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.left_out: dict[str, int] = {}
        self.n_plotted = 0

    def _repr_svg_(self) -> str:
        return figure_to_svg(self)


@contextmanager
def plot_style():
    """Apply the report's fixed plot style for the duration of a block.

    >>> with plot_style(): matplotlib.rcParams["svg.hashsalt"]
    'reconcile-report'
    """
    with matplotlib.rc_context(PLOT_STYLE):
        yield


def plotted_positions(timelines: pd.DataFrame, subject: str, story: str | None = None
                      ) -> tuple[pd.DataFrame, dict[str, int]]:
    """The count positions of one subject (and story) that can be placed, and how many could not, by reason.

    >>> points, left_out = plotted_positions(result.timelines, "flood_deaths")  # doctest: +SKIP
    """
    columns = ["position_id", "x", "low", "high", "anchor", "open", "group", "source", "status", "value",
               "timeline_id", "step", "increment"]
    if timelines is None or timelines.empty:
        return pd.DataFrame(columns=columns), {}
    rows = timelines[(timelines["subject"].astype("object") == subject) & (timelines["kind"] == "count")]
    if story is not None:
        rows = rows[rows["story"].astype("object") == story]
    days = rows["as_of"].astype("object").map(_day)
    low = pd.to_numeric(rows["value_low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(rows["value_high"], errors="coerce").to_numpy(dtype=float)
    infinite = np.isinf(low) | np.isinf(high)
    undated = days.isna().to_numpy()
    in_range = days.map(_plottable).to_numpy(bool)
    no_figure = np.isnan(low) & np.isnan(high)
    reasons = np.select([undated, ~in_range, infinite, no_figure], ["undated", "out_of_range", "non_finite",
                                                                   "no_figure"], default="")
    left_out = {reason: int((reasons == reason).sum()) for reason in LEFT_OUT_WORDS if (reasons == reason).any()}
    keep = reasons == ""
    kept = rows[keep]
    low, high = _open_bounds(low[keep], high[keep], kept["qualifier"].astype("object").to_numpy())
    points = pd.DataFrame({
        "position_id": kept["position_id"].astype(str).to_numpy(),
        "x": mdates.date2num(list(days[keep])) if keep.any() else np.array([], dtype=float),
        "low": low,
        "high": high,
        "value": kept["value"].astype("object").fillna("").astype(str).to_numpy(),
        "group": kept["source_group"].astype(str).to_numpy(),
        "source": kept["source"].astype(str).to_numpy(),
        "status": kept["status"].astype("object").fillna("").astype(str).to_numpy(),
        "timeline_id": kept["timeline_id"].astype(str).to_numpy(),
        "step": pd.to_numeric(kept["step"], errors="coerce").fillna(1).to_numpy(),
        "increment": kept["is_increment"].astype(bool).to_numpy(),
    })
    points["anchor"] = np.where(np.isnan(points["low"]), points["high"], points["low"])
    points["open"] = np.where(np.isnan(points["high"]), "above", np.where(np.isnan(points["low"]), "below", ""))
    points = points.sort_values(["x", "group", "position_id"], kind="mergesort").reset_index(drop=True)
    return points[columns], left_out


def _open_bounds(low: np.ndarray, high: np.ndarray, qualifier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vague amounts ("thousands") and "at least" / "more than" are open above, "up to" / "fewer than" open below:
    the picture never draws the top of "thousands" as a stated 9,999."""
    open_above = np.isin(qualifier, OPEN_ABOVE)
    open_below = np.isin(qualifier, OPEN_BELOW)
    return np.where(open_below, np.nan, low), np.where(open_above, np.nan, high)


def _plottable(day: date | None) -> bool:
    return day is not None and PLOTTABLE_YEARS[0] <= day.year <= PLOTTABLE_YEARS[1]


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(text_of(value)[:10])
    except ValueError:
        return None


def plot_positions(timelines: pd.DataFrame, relations: pd.DataFrame | None, subject: str,
                   story: str | None = None, *, names: dict[str, str] | None = None) -> PositionsFigure:
    """Who said what, when, on one subject: as-of date on x, the figure on y, one series per independent source.

    `timelines` and `relations` are the reconciler's (`result.timelines`, `result.relations`). A bar spans a
    position's interval, an arrow marks an open bound ("at least", "up to", "thousands"), a line joins one
    source's figures in timeline order (its revisions; an increment such as "another 2,400" is not a level and
    stays off the line), and a dashed red line joins two positions in conflict. Positions that cannot be placed
    (undated, out-of-range dates, non-finite figures) are left out and counted under the axis. `names` spells
    the names inside event subjects (see describe.name_keys).

    >>> plot_positions(result.timelines, result.relations, "flood_deaths").axes[0].get_title(loc="left")  # doctest: +SKIP
    'flood deaths: who said what, when'
    """
    points, left_out = plotted_positions(timelines, subject, story)
    with plot_style():
        fig = PositionsFigure(figsize=FIGURE_SIZE, layout="constrained")
        fig.left_out, fig.n_plotted = left_out, len(points)
        ax = fig.add_subplot()
        ax.set_title(f"{subject_label(subject, names)}: who said what, when", loc="left", fontweight="bold")
        ax.set_ylabel("figure")
        ax.set_xlabel(_x_label(left_out))
        if points.empty:
            ax.text(0.5, 0.5, "no dated figures to place for this subject", ha="center", va="center",
                    transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            return fig
        scale = _y_scale(ax, points)
        colours, markers = _series_styles(points)
        levels = _stack_levels(points)
        for group, members in points.groupby("group", sort=False):
            _draw_series(fig, ax, members, levels[members.index], colours[group], markers)
        n_conflicts = _draw_conflicts(fig, ax, points, relations)
        _axes_limits(ax, points, scale)
        _label_positions(ax, points, levels)
        _legend(fig, points, colours, markers, n_conflicts > 0)
    return fig


def _x_label(left_out: dict[str, int]) -> str:
    label = "as of (the date the figure holds for)"
    if left_out:
        parts = [f"{count} {LEFT_OUT_WORDS[reason]}" for reason, count in left_out.items()]
        label += "\nnot shown: " + join_names(parts)
    return label


def _y_scale(ax, points: pd.DataFrame) -> str:
    values = pd.concat([points["low"], points["high"]]).dropna()
    positive = values[values > 0]
    if len(positive) and positive.max() / positive.min() > LOG_SPAN:
        if (values <= 0).any():
            ax.set_yscale("symlog", linthresh=1.0)
        else:
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=14))
        ax.yaxis.set_minor_locator(NullLocator())
        scale = "log"
    else:
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        scale = "linear"
    # Plain figures ("25,000") on both scales: readers of casualty counts do not want 10^4 or 2.5e4.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value)))
    return scale


def _series_styles(points: pd.DataFrame) -> tuple[dict[str, object], dict[str, str]]:
    """Colour says the independent source; marker shape says the status counted (sent, present, killed...)."""
    groups = list(dict.fromkeys(points["group"]))
    palette = matplotlib.colormaps["tab10" if len(groups) <= 10 else "tab20"].colors
    colours = {group: palette[i % len(palette)] for i, group in enumerate(groups)}
    statuses = sorted(set(points["status"]), key=lambda status: (status == "", status))
    markers = {status: MARKERS[i % len(MARKERS)] for i, status in enumerate(statuses)}
    return colours, markers


def _stack_levels(points: pd.DataFrame) -> pd.Series:
    """0 for the first position at a date and figure, 1 for the next one there, and so on (capped)."""
    return points.groupby([points["x"], points["anchor"]], sort=False).cumcount().clip(upper=MAX_STACK - 1)


def _draw_series(fig, ax, members: pd.DataFrame, levels: pd.Series, colour, markers: dict[str, str]) -> None:
    revisions = members[~members["increment"]].sort_values(["timeline_id", "step", "x"], kind="mergesort")
    for _, chain in revisions.groupby("timeline_id", sort=False):
        if len(chain) > 1:
            ax.plot(chain["x"], chain["anchor"], color=colour, linewidth=1.4, alpha=0.75, zorder=2)
    spans = members[(members["open"] == "") & (members["high"] > members["low"])]
    if len(spans):
        ax.vlines(spans["x"], spans["low"], spans["high"], colors=[colour], linewidth=4.0, alpha=0.45, zorder=2)
    for (level, status), at in members.groupby([levels.to_numpy(), members["status"].to_numpy()], sort=True):
        transform = offset_copy(ax.transData, fig=fig, y=level * STACK_POINTS, units="points")
        ax.plot(at["x"], at["anchor"], linestyle="none", marker=markers[status], markersize=7, color=colour,
                markeredgecolor="black", markeredgewidth=0.6, transform=transform, zorder=4)
    for point in members[members["open"] != ""].itertuples(index=False):
        length = ARROW_POINTS if point.open == "above" else -ARROW_POINTS
        ax.annotate("", xy=(point.x, point.anchor), xytext=(0.0, length), textcoords="offset points",
                    arrowprops={"arrowstyle": "<|-", "color": colour, "lw": 2.0, "mutation_scale": 14,
                                "shrinkA": 0.0, "shrinkB": 0.0}, zorder=3)


def _draw_conflicts(fig, ax, points: pd.DataFrame, relations: pd.DataFrame | None) -> int:
    """A dashed red line between two positions in conflict, with a red ring round each end; returns how many.

    Lines between positions of one date are set a few points apart (to the left) so that each stays visible."""
    if relations is None or relations.empty or "relation" not in relations.columns:
        return 0
    conflicts = relations[relations["relation"].astype("object") == "conflict"]
    where = points.drop_duplicates("position_id").set_index("position_id")
    drawn = 0
    for left, right in zip(conflicts["position_id_l"].astype(str), conflicts["position_id_r"].astype(str),
                           strict=True):
        if left not in where.index or right not in where.index:
            continue
        xs = [where.at[left, "x"], where.at[right, "x"]]
        ys = [where.at[left, "anchor"], where.at[right, "anchor"]]
        # Left of the markers: the figures are written on their right.
        shift = -CONFLICT_SHIFT_POINTS * (1 + drawn % 4) if xs[0] == xs[1] else 0.0
        transform = offset_copy(ax.transData, fig=fig, x=shift, units="points")
        ax.plot(xs, ys, linestyle=(0, (4, 2)), color=CONFLICT_COLOUR, linewidth=1.3, transform=transform, zorder=3)
        ax.plot(xs, ys, linestyle="none", marker="o", markersize=13, markerfacecolor="none",
                markeredgecolor=CONFLICT_COLOUR, markeredgewidth=1.2, zorder=5)
        drawn += 1
    return drawn


def _label_positions(ax, points: pd.DataFrame, levels: pd.Series) -> None:
    """The figure in words beside each spot; positions stacked at one spot share one label, and the labels of one
    date are pushed apart upward so that none covers another (figures of one day often lie close together)."""
    spots = points.assign(level=levels.to_numpy()).groupby(["x", "anchor"], sort=True)
    if spots.ngroups > MAX_LABELS:
        return
    labels = []
    for (x, anchor), members in spots:
        words = list(dict.fromkeys(members["value"]))
        label = " / ".join(words) if len(words) <= 2 else f"{words[0]} (+{len(words) - 1} wordings)"
        if len(members) > 1:
            label += f" ×{len(members)}"
        labels.append((x, anchor, label))
    # Heights in points on the axes as laid out now (the final layout scales them a little).
    heights = ax.transData.transform([(x, anchor) for x, anchor, _ in labels])[:, 1] * 72.0 / ax.figure.dpi
    shifts = np.zeros(len(labels))
    for x in sorted({x for x, _, _ in labels}):
        floor = -np.inf
        for index in sorted((i for i, label in enumerate(labels) if label[0] == x), key=lambda i: heights[i]):
            placed = max(heights[index], floor + LABEL_GAP_POINTS)
            shifts[index], floor = placed - heights[index], placed
    for (x, anchor, label), shift in zip(labels, shifts, strict=True):
        ax.annotate(label, xy=(x, anchor), xytext=(7.0, -3.0 + shift), textcoords="offset points", fontsize=7,
                    color="#333333", annotation_clip=False, zorder=6)


def _axes_limits(ax, points: pd.DataFrame, scale: str) -> None:
    first, last = float(points["x"].min()), float(points["x"].max())
    span = last - first
    # Room on the right for the figures written beside the last markers, and on the left for the first ones; at
    # least MIN_DAYS_SHOWN in all, so that a picture of one day is ticked in days, not hours.
    left, right = first - max(0.06 * span, 0.5), last + max(0.22 * span, 0.5)
    widen = max(MIN_DAYS_SHOWN - (right - left), 0.0) / 2
    ax.set_xlim(left - widen, right + widen)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    values = pd.concat([points["low"], points["high"]]).dropna()
    top, bottom = float(values.max()), float(values.min())
    stacked = 1.0 + 0.04 * float(_stack_levels(points).max())
    if scale == "log":
        ax.set_ylim(max(bottom, 0.5) / 2.5 if bottom > 0 else 0.0, top * 3.0 * stacked)
    else:
        ax.set_ylim(0.0, (top * 1.25 if top > 0 else 1.0) * stacked)


def _legend(fig, points: pd.DataFrame, colours, markers, with_conflicts: bool) -> None:
    sources = points.groupby("group", sort=False)["source"].agg(lambda names: join_names(sorted(set(names))))
    groups = list(colours)
    handles = [Line2D([], [], color=colours[g], linewidth=6.0) for g in groups[:LEGEND_ROWS]]
    labels = [_shortened(sources[g]) for g in groups[:LEGEND_ROWS]]
    if len(groups) > LEGEND_ROWS:
        handles.append(Line2D([], [], linestyle="none"))
        labels.append(f"... and {len(groups) - LEGEND_ROWS} more sources")
    if len(markers) > 1 or "" not in markers:
        handles.append(Line2D([], [], linestyle="none"))
        labels.append("status")
        for status, marker in markers.items():
            handles.append(Line2D([], [], marker=marker, linestyle="none", color="white", markeredgecolor="black",
                                  markersize=7))
            labels.append(status or "not stated")
    handles += [Line2D([], [], color="#555555", linewidth=4.0, alpha=0.45),
                Line2D([], [], color="#555555", marker="^", linestyle="none", markersize=7)]
    labels += ["interval (low to high)", "open bound (at least / up to)"]
    handles.append(Line2D([], [], color="#555555", linewidth=1.4))
    labels.append("one source's figures over time")
    if with_conflicts:
        handles.append(Line2D([], [], color=CONFLICT_COLOUR, linestyle=(0, (4, 2)), marker="o", markersize=9,
                              markerfacecolor="none", markeredgecolor=CONFLICT_COLOUR))
        labels.append("conflict")
    legend = fig.legend(handles, labels, loc="outside right upper", frameon=False, fontsize=8, title="source",
                        title_fontproperties={"weight": "bold", "size": 8}, alignment="left")
    for text in legend.get_texts():
        if text.get_text() == "status":
            text.set_fontweight("bold")


def _shortened(name: str) -> str:
    return name if len(name) <= LEGEND_CHARS else name[: LEGEND_CHARS - 1].rstrip() + "…"


def figure_to_svg(fig: Figure, *, id_prefix: str = "") -> str:
    """Serialise a figure as an inline `<svg>` element, byte-identical across runs (fixed salt, no date).

    `id_prefix` keeps element ids unique when several plots share one HTML page.

    >>> figure_to_svg(plot_positions(timelines, relations, "flood_deaths")).startswith("<svg")  # doctest: +SKIP
    True
    """
    buffer = io.StringIO()
    with plot_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    # The XML prolog and DOCTYPE are for standalone files; an <svg> inside HTML starts at its own tag.
    svg = svg[svg.index("<svg"):]
    if id_prefix:
        svg = _prefixed_ids(svg, id_prefix)
    return re.sub(r"\n\s*\n", "\n", svg).strip() + "\n"


def _prefixed_ids(svg: str, prefix: str) -> str:
    ids = set(re.findall(r'\bid="([^"]+)"', svg))

    def rename(match: re.Match) -> str:
        name = match.group(2)
        return match.group(1) + (f"{prefix}-{name}" if name in ids else name)

    return re.sub(r'(\bid="|url\(#|href="#)([^")]+)', rename, svg)


def plotted_subjects(timelines: pd.DataFrame, story: str | None = None, *, min_positions: int = 1) -> list[str]:
    """Subjects with at least `min_positions` count positions carrying a figure, most positions first (then by name).

    >>> plotted_subjects(result.timelines)  # doctest: +SKIP
    ['flood_deaths', 'people_evacuated']
    """
    if timelines is None or timelines.empty:
        return []
    rows = timelines[(timelines["kind"] == "count") & timelines["subject"].notna()
                     & (timelines["value_low"].notna() | timelines["value_high"].notna())]
    if story is not None:
        rows = rows[rows["story"].astype("object") == story]
    # Only positions the picture can place count: an undated figure has no spot on it.
    placeable = {value: _plottable(_day(value)) for value in pd.unique(rows["as_of"].astype("object"))}
    rows = rows[rows["as_of"].astype("object").map(placeable).astype(bool)]
    sizes = rows["subject"].astype(str).value_counts()
    sizes = sizes[sizes >= min_positions]
    return sorted(sizes.index, key=lambda subject: (-int(sizes[subject]), subject))
