"""Small I/O helpers shared by the pipeline and report stages: atomic writes, spreadsheet-safe CSV, and table cells
read back (missing values, lists from Parquet or "; "-joined CSV)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def current_umask() -> int:
    """The process's umask (the permission bits new files must not get), read without changing it where possible."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write to a temporary file beside `path`, then rename, so readers never see a half-written file.

    The file gets the permissions any new file of the user gets (0666 less the umask), not a temporary file's 0600.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(payload)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot start a spreadsheet formula: "=1+1" -> "'=1+1".

    Only the written file changes; the frame the Python API returns keeps the original values.
    """
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            text = values.astype("object")
            risky = text.map(lambda cell: isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES))
            if risky.any():
                safe[column] = text.where(~risky, "'" + text.astype(str))
    return safe


def flat_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose list cells (claim ids, outlets, sources) are "; "-joined text, as a CSV cell holds them."""
    flat = frame.copy()
    for column in flat.columns:
        values = flat[column]
        if values.dtype == object and values.map(lambda cell: isinstance(cell, (list, tuple))).any():
            flat[column] = values.map(lambda cell: "; ".join(map(str, cell)) if isinstance(cell, (list, tuple)) else cell)
    return flat


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a frame as spreadsheet-safe UTF-8 CSV, atomically, with `\\n` line ends for byte-identical reruns."""
    text = neutralise_formulas(flat_lists(frame)).to_csv(index=False, lineterminator="\n")
    return write_atomic(path, text)


# Cells

def is_missing(value: object) -> bool:
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text_of(value: object) -> str:
    return "" if is_missing(value) else str(value)


def int_of(value: object) -> int:
    return 0 if is_missing(value) else int(value)


def truthy(value: object) -> bool:
    """A boolean cell read strictly: True, "true" and 1 are true; missing is false."""
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1"}
    return bool(value)


def as_list(value: object) -> list[str]:
    """A list cell as a list of texts (numpy arrays from Parquet too): `as_list(None) == []`, a text is one item."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [text_of(item) for item in value if text_of(item)]
    return [text_of(value)] if text_of(value) else []


def split_list(value: object) -> list[str]:
    """A list cell as a list: a list stays one, a "; "-joined string is split: `split_list("a; b") == ["a", "b"]`."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [text_of(part).strip() for part in value if text_of(part).strip()]
    return [part.strip() for part in text_of(value).split(";") if part.strip()]
