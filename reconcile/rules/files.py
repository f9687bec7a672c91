"""Lexicon files: the shipped data file, then the same-named files of the user's folders, validated by a schema.

Users extend any lexicon by putting a CSV of the same name and columns in a folder named by the
`RECONCILE_LEXICONS` environment variable (several folders separated by the path separator) or by passing
`extra_dirs`. User rows come after the shipped rows, so a later row can override an earlier one where the
consumer keeps the last match.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import pandera.pandas as pa


ENV_VAR = "RECONCILE_LEXICONS"


class LexiconError(ValueError):
    """A lexicon file is missing or breaks its schema; the message names the file and the failing rows."""


# The folders of a batch of work in progress (`pinned_lexicon_dirs`), or None outside one.
_PINNED: ContextVar[tuple[Path, ...] | None] = ContextVar("reconcile_pinned_lexicon_dirs", default=None)


def user_lexicon_dirs() -> tuple[Path, ...]:
    """Folders the user named in RECONCILE_LEXICONS, in order (those pinned for the batch in progress, if any)."""
    pinned = _PINNED.get()
    return pinned if pinned is not None else _dirs_of(os.environ.get(ENV_VAR, ""))


@contextmanager
def pinned_lexicon_dirs() -> Iterator[tuple[Path, ...]]:
    """Read RECONCILE_LEXICONS once for a batch of work: every look-up inside sees the same folders, even if the
    variable changes meanwhile, and the extractors' thousands of look-ups per document do not each read the
    environment. Nested pins keep the outer folders."""
    pinned = _PINNED.get()
    if pinned is not None:
        yield pinned
        return
    token = _PINNED.set(user_lexicon_dirs())
    try:
        yield _PINNED.get()
    finally:
        _PINNED.reset(token)


@lru_cache(maxsize=16)
def _dirs_of(raw: str) -> tuple[Path, ...]:
    # every lexicon look-up asks for the folders: parse the variable once per value
    return tuple(Path(part) for part in raw.split(os.pathsep) if part.strip())


def shipped_path(file_name: str) -> Path:
    """Path of a data file shipped inside the package."""
    return Path(str(resources.files("reconcile") / "data" / file_name))


def load_lexicon(
    file_name: str,
    schema: pa.DataFrameSchema | type[pa.DataFrameModel] | None = None,
    extra_dirs: tuple[Path, ...] | None = None,
) -> pd.DataFrame:
    """Load `reconcile/data/<file_name>` plus same-named user files, validated by `schema`.

    >>> load_lexicon("qualifiers.csv").columns[0]  # doctest: +SKIP
    'phrase'
    """
    dirs = user_lexicon_dirs() if extra_dirs is None else extra_dirs
    return _load_cached(file_name, schema, tuple(dirs))


@lru_cache(maxsize=64)
def _load_cached(file_name: str, schema, dirs: tuple[Path, ...]) -> pd.DataFrame:
    paths = [shipped_path(file_name)] + [d / file_name for d in dirs if (d / file_name).is_file()]
    frames = []
    for path in paths:
        if not path.is_file():
            raise LexiconError(f"lexicon file not found: {path}")
        frame = _read_data_csv(path)
        frames.append(_validated(frame, schema, path))
    return pd.concat(frames, ignore_index=True)


def _read_data_csv(path: Path) -> pd.DataFrame:
    # Whole lines starting with '#' are comments, so data files can say why a row is there; a '#' inside a
    # value (a regex, a hashtag) is data.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(line for line in lines if not line.lstrip().startswith("#"))
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, skipinitialspace=True)


def _validated(frame: pd.DataFrame, schema, path: Path) -> pd.DataFrame:
    if schema is None:
        return frame
    try:
        return schema.validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as error:
        failures = getattr(error, "failure_cases", None)
        detail = failures.to_string(max_rows=20) if failures is not None else str(error)
        raise LexiconError(f"lexicon {path} breaks its schema:\n{detail}") from error
