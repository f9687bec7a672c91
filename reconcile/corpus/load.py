"""Corpus stage, loading: a corpus folder or a list of article files -> documents (DocumentSchema), one row per entry.

Nothing is lost: every entry the user pointed at gets a row, `ok` with the decoded text or `skipped` with a reason
that names the problem. Metadata comes from `manifest.csv` when it has a value, otherwise from the text's own header
and credit lines, otherwise it stays unknown. The text is stored exactly as decoded; scraping debris is only located
(`boilerplate_spans`), never removed, so downstream offsets stay honest. Documents are then grouped into stories.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from reconcile.corpus.boilerplate import boilerplate_spans
from reconcile.corpus.decode import decode_bytes
from reconcile.corpus.metadata import html_text_and_metadata, resolve_metadata
from reconcile.corpus.stories import assign_stories
from reconcile.corpus.walk import NOT_LISTED, CorpusError, Entry, inventory
from reconcile.schema import DocumentSchema, columns_of

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
DOCUMENT_COLUMNS = columns_of(DocumentSchema)


class CorpusWarning(UserWarning):
    """A file was skipped or read with a caveat; the documents table records the same note."""


def load_corpus(
    source: str | Path | Sequence[str | Path], *, max_bytes: int = 5_000_000, exclude: Iterable[str | Path] = ()
) -> pd.DataFrame:
    """Read a folder (or a list of .txt/.md/.html files) into one validated documents row per entry, with stories.

    `exclude` names paths inside the folder that are neither read nor listed (a run's own output folder).

    >>> load_corpus("seeds").query("status == 'ok'").shape[0]  # doctest: +SKIP
    5
    """
    entries, label = inventory(source, exclude)
    if not entries:
        raise CorpusError(f"no files to read in {label} (articles are {', '.join(ARTICLE_SUFFIXES)} files)")
    rows = [_read_entry_in_isolation(entry, max_bytes) for entry in entries]
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS).sort_values("doc_id", kind="stable")
    documents = DocumentSchema.validate(assign_stories(documents.reset_index(drop=True)))
    _emit_warnings(entries, rows)
    ok = int((documents["status"] == "ok").sum())
    if ok == 0:
        reasons = "; ".join(f"{row.path}: {row.reason}" for row in documents.head(3).itertuples())
        more = f" (and {len(documents) - 3} more)" if len(documents) > 3 else ""
        raise CorpusError(f"no readable article in {label}: {len(documents)} file(s) skipped: {reasons}{more}")
    return documents


def summarise_inventory(documents: pd.DataFrame) -> str:
    """One line per skipped or warned file, sorted by doc_id; empty when every file was read cleanly.

    >>> summarise_inventory(load_corpus("corpus"))  # doctest: +SKIP
    "skipped corpus/photo.jpg: unsupported file type '.jpg' (articles are .txt, .md, .html, .htm files)"
    """
    lines = []
    for row in documents.sort_values("doc_id", kind="stable").itertuples():
        if row.status == "skipped":
            lines.append(f"skipped {row.path}: {row.reason}")
        elif isinstance(row.warnings, str) and row.warnings:
            lines.append(f"warning {row.path}: {row.warnings}")
    return "\n".join(lines)


def _read_entry_in_isolation(entry: Entry, max_bytes: int) -> dict:
    """One entry's row; whatever goes wrong inside a parser on one odd file costs that file only."""
    try:
        return _read_entry(entry, max_bytes)
    except Exception as error:  # noqa: BLE001 - a library's failure on one file must not end the run
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return _skipped_row(entry, f"could not be read ({type(error).__name__}{': ' + detail if detail else ''})")


def _read_entry(entry: Entry, max_bytes: int) -> dict:
    if entry.problem:
        return _skipped_row(entry, entry.problem)
    suffix = entry.path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        return _skipped_row(entry, f"unsupported file type {kind} (articles are {', '.join(ARTICLE_SUFFIXES)} files)")
    data = _read_bytes(entry.path, max_bytes)
    if isinstance(data, str):
        return _skipped_row(entry, data)
    decoded = decode_bytes(data)
    if decoded.problem:
        return _skipped_row(entry, decoded.problem)
    text, page, notes = decoded.text, {}, decoded.notes
    if suffix in HTML_SUFFIXES:
        text, page = html_text_and_metadata(decoded.text)
        if not text:
            return _skipped_row(entry, "HTML page has no main text that trafilatura could extract")
        notes = notes + ("text extracted from HTML by trafilatura (offsets index the extracted text, not the HTML)",)
    if not text.strip():
        return _skipped_row(entry, "file holds only whitespace")
    metadata, metadata_notes = resolve_metadata(entry.manifest_row, page, text)
    row = {
        **_base_row(entry),
        **metadata,
        "text": text,
        "encoding": decoded.encoding,
        "boilerplate_spans": json.dumps(boilerplate_spans(text)),
        "status": "ok",
    }
    return {**row, "warnings": _joined(entry.folder_notes + entry.notes + notes + metadata_notes),
            "_own_notes": entry.notes + notes + metadata_notes}


def _read_bytes(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or the reason they were not read. Opened without blocking, so a FIFO never hangs the run."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symlink loop (the link never reaches a file)"
        return f"cannot read file ({error.strerror or error})"
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        if info.st_size > max_bytes:
            return f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,} bytes (max_bytes)"
        if info.st_size == 0:
            return "empty file (0 bytes)"
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        return f"cannot read file ({error.strerror or error})"
    finally:
        os.close(handle)
    # A file still being written can outgrow its size between the check and the read.
    return data if len(data) <= max_bytes else f"file grew past the limit of {max_bytes:,} bytes while being read"


def _base_row(entry: Entry) -> dict:
    # The manifest's story, when given, is kept as is; assign_stories fills in the others from their content.
    story = (entry.manifest_row or {}).get("story")
    return {column: None for column in DOCUMENT_COLUMNS} | {
        "doc_id": entry.doc_id, "path": entry.shown, "story": story, "story_source": "manifest" if story else "unknown"}


def _skipped_row(entry: Entry, reason: str) -> dict:
    metadata, notes = resolve_metadata(entry.manifest_row, {}, None)
    # Nothing was inferred from a file that was not read, so "not listed in manifest.csv" would only be noise.
    own = tuple(note for note in entry.notes + notes if note != NOT_LISTED)
    return {
        **_base_row(entry),
        **metadata,
        "status": "skipped",
        "reason": reason,
        "warnings": _joined(entry.folder_notes + own),
        "_own_notes": own,
    }


def _joined(notes: tuple[str, ...]) -> str | None:
    unique = list(dict.fromkeys(notes))
    return "; ".join(unique) if unique else None


def _emit_warnings(entries: list[Entry], rows: list[dict]) -> None:
    """Folder-wide notes once, then one message per file, in doc_id order (the documents table keeps them all)."""
    for note in dict.fromkeys(note for entry in entries for note in entry.folder_notes):
        warnings.warn(note, CorpusWarning, stacklevel=3)
    for row in sorted(rows, key=lambda r: r["doc_id"]):
        if row["status"] == "skipped":
            warnings.warn(f"{row['path']}: skipped: {row['reason']}", CorpusWarning, stacklevel=3)
        if row["_own_notes"]:
            warnings.warn(f"{row['path']}: {'; '.join(dict.fromkeys(row['_own_notes']))}", CorpusWarning, stacklevel=3)
