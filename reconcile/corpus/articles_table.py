"""Corpus stage for tables: one Parquet or JSON Lines file of articles -> lazy documents partitions (DocumentSchema).

A newsroom export or a scraper's output is often one big table (a text column plus metadata columns) rather than a
folder of files. Reading it whole would not fit in memory for months of coverage, so it is read lazily in blocks and
each block becomes a partition of the documents table, validated on its own.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from collections.abc import Mapping
from pathlib import Path

import dask.dataframe as dd
import pandas as pd

from reconcile.corpus.boilerplate import boilerplate_spans
from reconcile.corpus.metadata import infer_metadata
from reconcile.schema import DocumentSchema, columns_of

# Columns an articles table may carry besides the text; anything else is ignored.
METADATA_COLUMNS = ("doc_id", "outlet", "published", "url", "byline", "story")
ARTICLE_COLUMNS = ("text", *METADATA_COLUMNS)
DEFAULT_BLOCKSIZE = 64 * 2**20
TABLE_ENCODING = "utf-8"
ISO_PREFIX = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


class ArticlesTableError(ValueError):
    """The table cannot be read as articles: unknown format or no text column. The message says which."""


def read_articles_table(
    path: str | Path,
    *,
    blocksize: int | str | None = DEFAULT_BLOCKSIZE,
    text_column: str = "text",
    rename: Mapping[str, str] | None = None,
) -> dd.DataFrame:
    """Read a Parquet or JSON Lines file of articles lazily as documents partitions (DocumentSchema).

    `rename` maps the table's own column names to ours ({"body": "text", "source": "outlet"}). A row without a
    doc_id gets a stable hash of its text and metadata; a row with empty text is kept, skipped with a reason.

    >>> read_articles_table("articles.jsonl", blocksize=2**20).compute().status.tolist()  # doctest: +SKIP
    ['ok', 'skipped']
    """
    table = Path(path)
    if not table.is_file():
        raise FileNotFoundError(f"articles table not found: {table}")
    renames = dict(rename or {})
    if text_column != "text":
        renames[text_column] = "text"
    suffix = table.suffix.lower()
    if suffix in (".parquet", ".parq", ".pq"):
        articles = _read_parquet_articles(table, blocksize, renames)
    elif suffix in (".jsonl", ".ndjson", ".json"):
        articles = _read_jsonl_articles(table, blocksize, renames)
    else:
        raise ArticlesTableError(f"{table}: expected a .parquet or .jsonl file of articles, got '{table.suffix}'")
    documents = articles.map_partitions(_documents_from_articles, str(table), meta=_documents_meta())
    # pandera's Dask support: the check runs per partition when the partition is computed, never on the whole table.
    return DocumentSchema.to_schema().validate(documents, lazy=True)


def documents_from_articles(articles: pd.DataFrame, table: str = "articles", partition: int = 0) -> pd.DataFrame:
    """Map one block of article rows (a text column plus optional metadata) to documents rows.

    >>> documents_from_articles(pd.DataFrame({"text": ["Rain fell."]})).status.tolist()
    ['ok']
    """
    return _documents_from_articles(_normalised(articles, {}), table, {"number": partition})


def _read_parquet_articles(table: Path, blocksize, renames: dict[str, str]) -> dd.DataFrame:
    import pyarrow.parquet as pq

    available = pq.read_schema(table).names
    wanted = [name for name in available if renames.get(name, name) in ARTICLE_COLUMNS]
    _require_text(table, [renames.get(name, name) for name in wanted])
    options = {} if blocksize is None else {"blocksize": blocksize}
    # Reading only the article columns keeps wide exports (raw HTML, embeddings) off the workers.
    raw = dd.read_parquet(str(table), columns=wanted, **options)
    return raw.map_partitions(_normalised, renames, meta=_articles_meta())


def _read_jsonl_articles(table: Path, blocksize, renames: dict[str, str]) -> dd.DataFrame:
    _require_text(table, [renames.get(name, name) for name in _first_record_keys(table)])
    # The engine hook parses each block and normalises it at once, so blocks whose rows lack a column or hold
    # only nulls in it still match one declared layout.
    engine = _JsonLinesParser(renames)
    return dd.read_json(
        str(table), lines=True, blocksize=blocksize, meta=_articles_meta(), engine=engine, encoding=TABLE_ENCODING
    )


class _JsonLinesParser:
    """Picklable pd.read_json stand-in for dd.read_json: parse one block of lines, return normalised articles."""

    def __init__(self, renames: dict[str, str]) -> None:
        self.renames = renames

    def __call__(self, buffer, orient="records", lines=True, **kwargs) -> pd.DataFrame:
        text = buffer.read()
        if not text.strip():
            return _articles_meta()
        raw = pd.read_json(io.StringIO(text), orient=orient, lines=lines, dtype=False)
        return _normalised(raw, self.renames)


def _first_record_keys(table: Path) -> list[str]:
    with table.open(encoding=TABLE_ENCODING) as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                return list(record) if isinstance(record, dict) else []
    return []


def _require_text(table: Path, columns: list[str]) -> None:
    if "text" not in columns:
        raise ArticlesTableError(
            f"{table}: no 'text' column (found: {', '.join(columns) or 'none'}); "
            "name the column holding the article text with text_column=..."
        )


def _articles_meta() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ARTICLE_COLUMNS})


def _documents_meta() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns_of(DocumentSchema)})


def _normalised(raw: pd.DataFrame, renames: dict[str, str]) -> pd.DataFrame:
    renamed = raw.rename(columns=renames)
    blanks = [None] * len(renamed)
    columns = {
        column: [_missing_to_none(value) for value in renamed[column].tolist()] if column in renamed.columns else blanks
        for column in ARTICLE_COLUMNS
    }
    return pd.DataFrame({column: pd.Series(values, dtype="object") for column, values in columns.items()})


def _missing_to_none(value):
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value


def _documents_from_articles(articles: pd.DataFrame, table: str, partition_info: dict | None = None) -> pd.DataFrame:
    number = int((partition_info or {}).get("number", 0))
    rows = [_document_row(record, table, number, row) for row, record in enumerate(articles.to_dict("records"))]
    documents = pd.DataFrame(rows, columns=columns_of(DocumentSchema), dtype="object")
    return _without_duplicate_ids(documents)


def _document_row(record: dict, table: str, partition: int, row: int) -> dict:
    text = _missing_to_none(record.get("text"))
    text = text if text is None or isinstance(text, str) else str(text)
    given = {name: _clean_str(record.get(name)) for name in ("outlet", "byline", "url")}
    published, date_note = _iso_date(record.get("published"))
    given["published"] = published
    locator = f"{table}#{partition}:{row}"
    doc_id = _clean_str(record.get("doc_id")) or _stable_id(text, given["outlet"], published, given["url"], locator)
    empty = text is None or not text.strip()
    metadata, notes = _resolved_metadata(given, None if empty else text)
    # Grouping into stories needs every article at once, so a lazily read table keeps only its own story column.
    story = _clean_str(record.get("story"))
    return {
        "doc_id": doc_id,
        "path": locator,
        **metadata,
        "story": story,
        "story_source": "manifest" if story else "unknown",
        "url": given["url"],
        "text": text,
        "encoding": TABLE_ENCODING,
        "boilerplate_spans": None if empty else json.dumps(boilerplate_spans(text)),
        "status": "skipped" if empty else "ok",
        "reason": ("empty text" if text is not None else "no text") if empty else None,
        "warnings": "; ".join(note for note in (date_note, *notes) if note) or None,
    }


def _resolved_metadata(given: dict, text: str | None) -> tuple[dict, tuple[str, ...]]:
    # The table's own columns play the part of a folder's manifest.csv; a row that leaves them empty falls back
    # on what the article prints in its header or credit lines, exactly as a folder corpus does.
    printed = infer_metadata(text) if text is not None else {}
    metadata: dict = {}
    for field in ("outlet", "published", "byline"):
        inferred = printed.get(field)
        if given[field]:
            value, source = given[field], "manifest"
        else:
            value, source = inferred, "inferred" if inferred else "unknown"
        metadata = {**metadata, field: value, f"{field}_source": source}
    notes: tuple[str, ...] = ()
    shown, printed_date = given["published"], printed.get("published")
    if shown and printed_date and printed_date != shown:
        notes = (f"table published {shown} differs from the date printed in the text ({printed_date})",)
    return metadata, notes


def _clean_str(value) -> str | None:
    if _missing_to_none(value) is None:
        return None
    cleaned = str(value).strip()
    return cleaned or None


def _stable_id(text: str | None, outlet, published, url, locator: str) -> str:
    # Wire copy is republished verbatim by many outlets, so the text alone would give two outlets one id;
    # an empty text has nothing to hash but its place in the table.
    if text and text.strip():
        basis = "\x1f".join([text, outlet or "", published or "", url or ""])
    else:
        basis = "\x1f".join(["", outlet or "", published or "", url or "", locator])
    return "t" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _iso_date(value) -> tuple[str | None, str | None]:
    if _missing_to_none(value) is None:
        return None, None
    if isinstance(value, pd.Timestamp) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d"), None
    raw = str(value).strip()
    if not raw:
        return None, None
    match = ISO_PREFIX.match(raw)
    if match:
        return match.group(1), None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed", dayfirst=False)
    if pd.isna(parsed) or raw.isdigit():
        return None, f"published value {raw!r} is not a date; ignored"
    return parsed.strftime("%Y-%m-%d"), None


def _without_duplicate_ids(documents: pd.DataFrame) -> pd.DataFrame:
    # A feed that delivers the same story twice gives two identical rows; the second is kept as skipped,
    # under a suffixed id, so the table still says it was seen.
    repeats = documents.groupby("doc_id", sort=False).cumcount()
    if not (repeats > 0).any():
        return documents
    duplicate = repeats > 0
    deduplicated = documents.copy()
    deduplicated.loc[duplicate, "reason"] = "duplicate of " + deduplicated.loc[duplicate, "doc_id"]
    deduplicated.loc[duplicate, "status"] = "skipped"
    deduplicated.loc[duplicate, "doc_id"] = deduplicated.loc[duplicate, "doc_id"] + "~" + repeats[duplicate].astype(str)
    return deduplicated
