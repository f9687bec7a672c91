"""Small helpers shared by the evaluators: frames to JSON-ready records, ratios to fixed-width text."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def records(frame: pd.DataFrame) -> list[dict]:
    """JSON-ready rows: numpy scalars become Python ones and NaN becomes None."""
    return [{key: plain(value) for key, value in row.items()} for row in frame.to_dict(orient="records")]


def plain(value):
    """One cell as a JSON-ready Python value: `plain(np.int64(3))` -> 3, `plain(float("nan"))` -> None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def fmt_ratio(value: float | None) -> str:
    """A ratio to three decimals, "n/a" when undefined: `fmt_ratio(0.5)` -> "0.500"."""
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"
