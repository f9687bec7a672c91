"""Report stage, plots: claims (ClaimSchema) -> one timeline Figure per subject -> deterministic inline SVG."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import NullFormatter, StrMethodFormatter  # noqa: E402

FIGURE_SIZE = (9.0, 4.6)
# Open-ended wording ("at least", "more than") bounds a figure from below only; the arrow shows the open end.
OPEN_ABOVE = ("at_least", "more_than")
OPEN_BELOW = ("up_to", "less_than")
# An open end is drawn as an arrow of fixed length on screen; the axes keep this much room for it
# (a share of the y-range, or a factor on a log axis).
ARROW_POINTS = 26.0
OPEN_END_SHARE = 0.15
OPEN_END_FACTOR = 2.0
# Log scale once figures span more than two orders of magnitude, so small and large counts both stay readable.
LOG_SPAN = 100.0
UNKNOWN = "unknown"
LEGEND_ROWS = 8
LEGEND_CHARS = 30
# No triangles: an arrowhead marks an open end, and a triangle marker would read as one.
MARKERS = ("o", "s", "D", "P", "X", "p", "h", "*", "d", "H")
UNKNOWN_COLOUR = "#8c8c8c"
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


@contextmanager
def plot_style():
    """Apply the report's fixed plot style for the duration of a block.

    >>> with plot_style(): matplotlib.rcParams["svg.hashsalt"]
    'reconcile-report'
    """
    with matplotlib.rc_context(PLOT_STYLE):
        yield


def timeline_points(claims: pd.DataFrame, subject: str) -> pd.DataFrame:
    """The count claims of one subject that can be placed on a timeline, one row per claim, sorted.

    >>> timeline_points(claims, "flood_deaths").columns.tolist()[:3]  # doctest: +SKIP
    ['claim_id', 'date', 'low']
    """
    columns = ["claim_id", "date", "low", "high", "open", "country", "outlet", "status"]
    if claims.empty or "subject" not in claims.columns:
        return pd.DataFrame(columns=columns)
    rows = claims[(claims["subject"] == subject) & (claims["kind"] == "count")]
    rows = rows[rows["value_low"].notna() | rows["value_high"].notna()]
    # A figure is placed on the day its source said it; failing that, on the day the outlet published it.
    dates = pd.to_datetime(rows["stated_on"].fillna(rows["published"]), format="%Y-%m-%d", errors="coerce")
    qualifiers = rows["qualifier"].astype("object")
    points = pd.DataFrame(
        {
            "claim_id": rows["claim_id"].astype(str).to_numpy(),
            "date": dates.to_numpy(),
            "low": pd.to_numeric(rows["value_low"], errors="coerce").to_numpy(dtype=float),
            "high": pd.to_numeric(rows["value_high"], errors="coerce").to_numpy(dtype=float),
            "open": np.where(
                qualifiers.isin(OPEN_ABOVE).to_numpy() | rows["value_high"].isna().to_numpy(),
                "above",
                np.where(qualifiers.isin(OPEN_BELOW).to_numpy() | rows["value_low"].isna().to_numpy(), "below", ""),
            ),
            "country": _labels(rows["source_country"]),
            "outlet": _labels(rows["outlet"]),
            "status": _labels(rows["status"]),
        }
    )
    points = points[points["date"].notna()]
    return points.sort_values(["date", "claim_id"], kind="mergesort").reset_index(drop=True)


def plot_timeline(claims: pd.DataFrame, subject: str) -> Figure:
    """One subject's figures over time: a bar per claim from value_low to value_high, arrows at open ends.

    Colour says the source's country, the marker says the outlet that carried it.

    >>> plot_timeline(claims, "flood_deaths").axes[0].get_title()  # doctest: +SKIP
    'flood deaths: figures over time'
    """
    points = timeline_points(claims, subject)
    with plot_style():
        fig = Figure(figsize=FIGURE_SIZE)
        # Fixed margins, legend in the right-hand strip: cheaper than a layout engine and identical every run.
        fig.subplots_adjust(left=0.09, right=0.70, top=0.92, bottom=0.13)
        ax = fig.add_subplot()
        ax.set_title(f"{subject_label(subject)}: figures over time", loc="left", fontweight="bold")
        ax.set_xlabel("date stated (or published)")
        ax.set_ylabel("reported figure")
        if points.empty:
            ax.text(0.5, 0.5, "no dated figures for this subject", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            return fig
        _draw_points(ax, points)
    return fig


def _draw_points(ax, points: pd.DataFrame) -> None:
    values = pd.concat([points["low"], points["high"]]).dropna()
    positive = values[values > 0]
    log_scale = len(positive) > 0 and positive.max() / positive.min() > LOG_SPAN
    if log_scale:
        ax.set_yscale("log")
    span = float(values.max() - values.min()) if len(values) else 0.0
    reach = span * OPEN_END_SHARE if span > 0 else max(float(values.max()) * OPEN_END_SHARE, 1.0)

    countries = sorted(points["country"].unique(), key=lambda c: (c == UNKNOWN, c))
    outlets = sorted(points["outlet"].unique(), key=lambda o: (o == UNKNOWN, o))
    palette = matplotlib.colormaps["tab10"].colors
    colours = {c: (UNKNOWN_COLOUR if c == UNKNOWN else palette[i % len(palette)]) for i, c in enumerate(countries)}
    markers = {o: MARKERS[i % len(MARKERS)] for i, o in enumerate(outlets)}

    # Claims made on the same day are spread a little sideways so that none hides another.
    dates = mdates.date2num(points["date"].to_numpy())
    order_in_day = points.groupby("date").cumcount().to_numpy()
    per_day = points.groupby("date")["claim_id"].transform("size").to_numpy()
    step = max(0.18, float(dates.max() - dates.min()) * 0.006)
    x = dates + (order_in_day - (per_day - 1) / 2.0) * step

    # Annotations do not widen the axes, so the reach of every arrow is tracked to keep arrowheads in view.
    extent = [float(values.min()), float(values.max())]
    for i, point in enumerate(points.itertuples(index=False)):
        colour = colours[point.country]
        low, high = point.low, point.high
        anchor = low if not np.isnan(low) else high
        if point.open == "above":
            _open_end(ax, x[i], anchor, colour, ARROW_POINTS)
            extent[1] = max(extent[1], anchor * OPEN_END_FACTOR if log_scale else anchor + reach)
        elif point.open == "below":
            _open_end(ax, x[i], anchor, colour, -ARROW_POINTS)
            extent[0] = min(extent[0], anchor / OPEN_END_FACTOR if log_scale else max(anchor - reach, 0.0))
        elif not np.isnan(low) and not np.isnan(high) and high > low:
            ax.vlines(x[i], low, high, colors=[colour], linewidth=3.0, alpha=0.8)
        ax.plot([x[i]], [anchor], marker=markers[point.outlet], color=colour, markersize=8,
                markeredgecolor="black", markeredgewidth=0.6, linestyle="none")
        if point.open == "" and not np.isnan(high) and high > low:
            ax.plot([x[i]], [high], marker=markers[point.outlet], color=colour, markersize=6,
                    markeredgecolor="black", markeredgewidth=0.6, linestyle="none")

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlim(dates.min() - 1.5, dates.max() + 1.5)
    if log_scale:
        ax.set_ylim(max(extent[0], positive.min() / OPEN_END_FACTOR) / 1.3, extent[1] * 1.3)
        ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_ylim(0, extent[1] * 1.08 if extent[1] > 0 else 1.0)
    # Plain figures ("25,000") on both scales: readers of casualty counts do not want 10^4.
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))

    # One legend in three labelled blocks keeps the plot area wide and the key easy to scan; long names and
    # long lists are cut so the key stays inside its strip of the figure.
    blank = Line2D([], [], linestyle="none")
    handles, labels, headings = [], [], []
    blocks = (
        ("source country", countries, lambda c: Line2D([], [], marker="s", linestyle="none", color=colours[c],
                                                       markersize=9)),
        ("outlet", outlets, lambda o: Line2D([], [], marker=markers[o], linestyle="none", color="white",
                                             markeredgecolor="black", markersize=8)),
    )
    for heading, names, handle_of in blocks:
        headings.append(len(labels))
        handles.append(blank)
        labels.append(heading)
        for name in names[:LEGEND_ROWS]:
            handles.append(handle_of(name))
            labels.append(_shortened(name))
        if len(names) > LEGEND_ROWS:
            handles.append(blank)
            labels.append(f"... and {len(names) - LEGEND_ROWS} more")
    headings.append(len(labels))
    handles += [blank, Line2D([], [], color="#444444", lw=3),
                Line2D([], [], color="#444444", lw=0, marker="^", markersize=8)]
    labels += ["shape", "range low to high", "open end (at least, up to)"]
    legend = ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                       fontsize=8, handletextpad=0.6, borderaxespad=0.0)
    for index, text in enumerate(legend.get_texts()):
        if index in headings:
            text.set_fontweight("bold")


def _shortened(name: str) -> str:
    return name if len(name) <= LEGEND_CHARS else name[: LEGEND_CHARS - 1].rstrip() + "…"


def _open_end(ax, x: float, anchor: float, colour, length: float) -> None:
    ax.annotate("", xy=(x, anchor), xytext=(0.0, length), textcoords="offset points",
                arrowprops={"arrowstyle": "<|-", "color": colour, "lw": 2.2, "mutation_scale": 16,
                            "shrinkA": 0.0, "shrinkB": 0.0})


def figure_to_svg(fig: Figure, *, id_prefix: str = "") -> str:
    """Serialise a figure as an inline `<svg>` element, byte-identical across runs (fixed salt, no date).

    `id_prefix` keeps element ids unique when several plots share one HTML page.

    >>> figure_to_svg(plot_timeline(claims, "flood_deaths")).startswith("<svg")  # doctest: +SKIP
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


def subject_label(subject: object) -> str:
    """A subject key as words: `subject_label("flood_deaths") == "flood deaths"`."""
    if subject is None or (isinstance(subject, float) and np.isnan(subject)):
        return UNKNOWN
    return str(subject).replace("_", " ")


def _labels(values: pd.Series) -> np.ndarray:
    text = values.astype("object").where(values.notna(), UNKNOWN).astype(str).str.strip()
    return text.where(text != "", UNKNOWN).to_numpy(dtype=object)
