"""Stage 1, ingestion: a corpus folder or a list of article files -> documents (DocumentSchema), one row per file.

Nothing is lost: every file the user pointed at gets a row, `ok` with the decoded text or `skipped` with a reason
that names the problem. Metadata comes from `manifest.csv` when it has a value, otherwise from the text's own header
and credit lines (rules in `data/corpus_header_patterns.csv`), otherwise it stays unknown. The text is stored exactly
as decoded; scraping debris is only located (`boilerplate_spans`), never removed, so downstream offsets stay honest.
"""

from __future__ import annotations

import calendar
import codecs
import io
import json
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import charset_normalizer
import dateparser
import pandas as pd
import pandera.pandas as pa
import trafilatura
from charset_normalizer.md import mess_ratio
from pandera.typing import Series

from reconcile.rules import load_lexicon, user_lexicon_dirs
from reconcile.schema import DocumentSchema, columns_of

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MANIFEST_NAME = "manifest.csv"
# A collector's notes about the folder, not an article; any other .md file is an article.
FOLDER_README = "README.md"
MANIFEST_REQUIRED = ("doc_id", "file")
MANIFEST_OPTIONAL = ("outlet", "published", "url", "byline")
METADATA_FIELDS = ("outlet", "published", "byline")
HEAD_LINES = 8
TAIL_LINES = 5
# English-language news in a legacy encoding is most often Windows-1252; on a detection tie it wins.
PREFERRED_LEGACY_ENCODING = "cp1252"
# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DATE_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
DOCUMENT_COLUMNS = columns_of(DocumentSchema)
NOT_LISTED = "not listed in manifest.csv (metadata inferred from the text)"
IGNORED = "ignored (metadata inferred from the text)"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
BOILERPLATE_COLUMNS = ["start", "end", "pattern_id", "label"]


class CorpusError(Exception):
    """The corpus cannot be read at all: the path does not exist or it holds no readable article."""


class CorpusWarning(UserWarning):
    """A file was skipped or read with a caveat; the documents table records the same note."""


def _compiles(pattern: str) -> bool:
    try:
        re.compile(_expand_placeholders(pattern))
    except re.error:
        return False
    return True


class OutletLexiconSchema(pa.DataFrameModel):
    """outlets.csv: canonical outlet name and one spelling of it per row."""

    outlet: Series[str] = pa.Field(str_length={"min_value": 1})
    alias: Series[str] = pa.Field(str_length={"min_value": 1})


class BoilerplateSchema(pa.DataFrameModel):
    """boilerplate.csv: one regex per kind of scraping debris."""

    pattern_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    pattern: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.check("pattern", error="pattern must be a valid regular expression")
    def compiles(cls, patterns):  # noqa: N805 - pandera passes the class
        return patterns.map(_compiles)


class HeaderPatternSchema(BoilerplateSchema):
    """corpus_header_patterns.csv: which metadata field a header line gives, and where to look for it."""

    field: Series[str] = pa.Field(isin=METADATA_FIELDS)
    scope: Series[str] = pa.Field(isin=("head", "tail", "both"))


@dataclass(frozen=True)
class _Rule:
    pattern_id: str
    regex: re.Pattern
    label: str
    field: str = ""
    scope: str = ""


@dataclass(frozen=True)
class _Entry:
    """One file to read (or to report): where it is, how it is shown, its doc_id and any manifest row."""

    path: Path
    shown: str
    doc_id: str
    manifest_row: dict | None = None
    notes: tuple[str, ...] = ()
    folder_notes: tuple[str, ...] = ()
    problem: str | None = None


@dataclass(frozen=True)
class _Manifest:
    rows: tuple[dict, ...]
    notes: tuple[str, ...]
    usable: bool


@dataclass(frozen=True)
class _Decoded:
    text: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    problem: str | None = None


def load_corpus(source: str | Path | Sequence[str | Path], *, max_bytes: int = 5_000_000) -> pd.DataFrame:
    """Read a folder (or a list of .txt/.md/.html files) into one validated documents row per file.

    >>> load_corpus("seeds").query("status == 'ok'").shape[0]  # doctest: +SKIP
    5
    """
    entries, label = _inventory(source)
    if not entries:
        raise CorpusError(f"no files to read in {label} (articles are {', '.join(ARTICLE_SUFFIXES)} files)")
    rows = [_read_entry(entry, max_bytes) for entry in _with_unique_doc_ids(entries)]
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS).sort_values("doc_id", kind="stable")
    documents = DocumentSchema.validate(documents.reset_index(drop=True))
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


def find_boilerplate(text: str) -> pd.DataFrame:
    """Spans of scraping debris in `text` (rules in data/boilerplate.csv), one row per match, sorted.

    >>> find_boilerplate("Floods hit the town.\\nSource link")[["start", "end", "pattern_id"]].values.tolist()
    [[21, 32, 'source_link']]
    """
    # Windows line ends: `$` stops before "\n", not "\r". Matching runs on a copy with "\r" as a space, which has
    # the same length, so every offset still indexes the original text.
    searched = text.replace("\r", " ")
    matches = [
        (*_trimmed(text, match.start(), match.end()), rule.pattern_id, rule.label)
        for rule in _boilerplate_rules()
        for match in rule.regex.finditer(searched)
    ]
    spans = pd.DataFrame([m for m in matches if m[0] < m[1]], columns=BOILERPLATE_COLUMNS)
    return spans.sort_values(["start", "end", "pattern_id"], kind="stable").reset_index(drop=True)


def boilerplate_spans(text: str) -> list[list[int]]:
    """The debris spans of `text` merged into sorted, disjoint [start, end) pairs.

    >>> boilerplate_spans("Floods hit the town.\\n02:41\\nSource link")
    [[21, 26], [27, 38]]
    """
    merged: list[list[int]] = []
    for start, end in find_boilerplate(text)[["start", "end"]].itertuples(index=False):
        if merged and start <= merged[-1][1]:
            merged[-1] = [merged[-1][0], max(merged[-1][1], int(end))]
        else:
            merged.append([int(start), int(end)])
    return merged


def infer_metadata(text: str) -> dict[str, str | None]:
    """Published date, byline and outlet printed in a text's header or credit lines; None where nothing is printed.

    Also returns `<field>_rule`: the pattern_id that supplied each value.

    >>> infer_metadata("By Ana Ruiz, Reuters\\nMarch 3, 2021\\nThe river rose.")["published"]
    '2021-03-03'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    scopes = {"head": lines[:HEAD_LINES], "tail": lines[-TAIL_LINES:]}
    scopes["both"] = scopes["head"] + scopes["tail"]
    found: dict[str, str | None] = {key: None for f in METADATA_FIELDS for key in (f, f"{f}_rule")}
    for rule in _header_rules():
        for line in scopes[rule.scope]:
            match = rule.regex.search(line)
            values = _header_values(rule.field, match) if match else {}
            for field, value in values.items():
                if value and found[field] is None:
                    found = {**found, field: value, f"{field}_rule": rule.pattern_id}
            if any(values.values()):
                break
    return found


# --- inventory: which files, which doc_ids, which manifest rows ---------------------------------------------------


def _inventory(source: str | Path | Sequence[str | Path]) -> tuple[list[_Entry], str]:
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise CorpusError(f"corpus path does not exist: {path}")
        if path.is_dir():
            return _folder_entries(path), str(path)
        return _list_entries([path]), str(path)
    paths = [Path(item) for item in source]
    return _list_entries(paths), f"the {len(paths)} listed file(s)"


def _is_corpus_file(path: Path) -> bool:
    return path.is_file() and path.name not in (MANIFEST_NAME, FOLDER_README) and not path.name.startswith(".")


def _folder_entries(folder: Path) -> list[_Entry]:
    manifest = _read_manifest(folder)
    folder_notes = manifest.notes if manifest else ()
    listed: list[_Entry] = []
    claimed: dict[Path, str] = {}
    for row in manifest.rows if manifest and manifest.usable else ():
        entry = _manifest_entry(folder, row, claimed, folder_notes)
        listed.append(entry)
        if entry.problem is None:
            claimed = {**claimed, entry.path.resolve(): entry.doc_id}
    unlisted_note = (NOT_LISTED,) if manifest and manifest.usable else ()
    files = sorted((p for p in folder.iterdir() if _is_corpus_file(p)), key=lambda p: p.name)
    unlisted = [
        _Entry(p, str(p), p.stem, notes=unlisted_note, folder_notes=folder_notes)
        for p in files
        if p.resolve() not in claimed
    ]
    return listed + unlisted


def _manifest_entry(folder: Path, row: dict, claimed: dict[Path, str], folder_notes: tuple[str, ...]) -> _Entry:
    where = f"manifest.csv row {row['row']}"
    if not row["file"]:
        doc_id = row["doc_id"] or f"manifest-row-{row['row']}"
        return _Entry(folder / MANIFEST_NAME, f"{folder / MANIFEST_NAME} ({where})", doc_id, row,
                      folder_notes=folder_notes, problem=f"{where} has an empty file column")
    path = folder / row["file"]
    notes = () if row["doc_id"] else (f"{where} has no doc_id (used the file name)",)
    entry = _Entry(path, str(path), row["doc_id"] or path.stem, row, notes, folder_notes)
    resolved = path.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        return replace(entry, problem=f"{where} points outside the corpus folder")
    if not path.exists():
        return replace(entry, problem="listed in manifest.csv but file not found")
    if not path.is_file():
        return replace(entry, problem="listed in manifest.csv but it is a folder, not a file")
    if resolved in claimed:
        return replace(entry, problem=f"file already listed in manifest.csv as doc_id '{claimed[resolved]}'")
    return entry


def _list_entries(paths: list[Path]) -> list[_Entry]:
    manifests: dict[Path, _Manifest | None] = {}
    entries = []
    for path in paths:
        folder = path.parent
        if folder not in manifests:
            manifests = {**manifests, folder: _read_manifest(folder)}
        manifest = manifests[folder]
        row = _manifest_row_for(folder, path, manifest)
        usable = manifest is not None and manifest.usable
        notes = (NOT_LISTED,) if usable and row is None else ()
        doc_id = row["doc_id"] if row and row["doc_id"] else path.stem
        entry = _Entry(path, str(path), doc_id, row, notes, manifest.notes if manifest else ())
        if not path.exists():
            entry = replace(entry, problem="file not found")
        elif not path.is_file():
            entry = replace(entry, problem="is a folder, not a file (pass the folder itself as the corpus)")
        entries.append(entry)
    return entries


def _manifest_row_for(folder: Path, path: Path, manifest: _Manifest | None) -> dict | None:
    if manifest is None or not manifest.usable:
        return None
    target = path.resolve()
    return next((row for row in manifest.rows if row["file"] and (folder / row["file"]).resolve() == target), None)


def _with_unique_doc_ids(entries: list[_Entry]) -> list[_Entry]:
    """First come keeps a doc_id; later claimants are skipped and renamed so every row stays addressable."""
    taken: dict[str, str] = {}
    settled: dict[int, _Entry] = {}
    # Readable files claim ids first, so a manifest row for a missing file cannot push out a real article.
    order = [i for i, e in enumerate(entries) if e.problem is None] + [i for i, e in enumerate(entries) if e.problem]
    for index in order:
        entry = entries[index]
        if entry.doc_id in taken:
            reason = f"duplicate doc_id '{entry.doc_id}' (already used by {taken[entry.doc_id]})"
            unique = _unique_id(entry.doc_id, entry.path.name, taken)
            entry = replace(entry, doc_id=unique, problem=entry.problem or reason,
                            notes=entry.notes + ((reason,) if entry.problem else ()))
        taken = {**taken, entry.doc_id: entry.shown}
        settled[index] = entry
    return [settled[i] for i in range(len(entries))]


def _unique_id(doc_id: str, file_name: str, taken: dict[str, str]) -> str:
    candidates = [f"{doc_id}~{file_name}"] + [f"{doc_id}~{file_name}~{n}" for n in range(2, len(taken) + 3)]
    return next(c for c in candidates if c not in taken)


# --- manifest ----------------------------------------------------------------------------------------------------


def _read_manifest(folder: Path) -> _Manifest | None:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    decoded = _decode(path.read_bytes())
    try:
        if decoded.problem:
            raise ValueError(decoded.problem)
        table = pd.read_csv(io.StringIO(decoded.text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return _Manifest((), (f"manifest.csv could not be read ({reason}), so it was {IGNORED}",), False)
    table = table.set_axis([str(c).strip().lower() for c in table.columns], axis=1)
    known = MANIFEST_REQUIRED + MANIFEST_OPTIONAL
    unknown = [c for c in table.columns if c not in known]
    missing = [c for c in MANIFEST_REQUIRED if c not in table.columns]
    notes = [f"manifest.csv column(s) {', '.join(unknown)} not recognised (ignored)"] if unknown else []
    if missing:
        notes.append(f"manifest.csv lacks required column(s) {', '.join(missing)}, so it was {IGNORED}")
        return _Manifest((), tuple(notes), False)
    rows = tuple(
        {"row": number, **{c: (str(record.get(c, "")).strip() or None) for c in known}}
        for number, record in enumerate(table.to_dict("records"), start=1)
    )
    return _Manifest(rows, tuple(notes), True)


def _parse_manifest_date(value: str) -> tuple[str | None, str | None]:
    """A manifest date as ISO, or None and a note naming the value: analysts type dates in many ways."""
    unreadable = f"unparseable date '{value}' in manifest.csv published column (left empty, text's date used if any)"
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", value)
    if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
        return None, f"ambiguous date '{value}' in manifest.csv published column (day/month order unknown, left empty)"
    try:
        return datetime.fromisoformat(value).date().isoformat(), None
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None, unreadable
    written = _parse_written_date(value)
    return (written, None) if written else (None, unreadable)


def _parse_written_date(value: str) -> str | None:
    # A relative word ("yesterday") would resolve against today's clock: demand a year and a day number.
    year = re.search(r"\b\d{4}\b", value)
    if year is None or not re.search(r"\d", value[: year.start()] + value[year.end() :]):
        return None
    parsed = dateparser.parse(value, languages=["en"], settings=DATE_SETTINGS)
    return parsed.date().isoformat() if parsed else None


# --- reading one file --------------------------------------------------------------------------------------------


def _read_entry(entry: _Entry, max_bytes: int) -> dict:
    if entry.problem:
        return _skipped_row(entry, entry.problem)
    suffix = entry.path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        return _skipped_row(entry, f"unsupported file type {kind} (articles are {', '.join(ARTICLE_SUFFIXES)} files)")
    try:
        size = entry.path.stat().st_size
        if size > max_bytes:
            return _skipped_row(entry, f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes (max_bytes)")
        if size == 0:
            return _skipped_row(entry, "empty file (0 bytes)")
        data = entry.path.read_bytes()
    except OSError as error:
        return _skipped_row(entry, f"cannot read file ({error.strerror or error})")
    decoded = _decode(data)
    if decoded.problem:
        return _skipped_row(entry, decoded.problem)
    text, page, notes = decoded.text, {}, decoded.notes
    if suffix in HTML_SUFFIXES:
        text, page = _extract_html(decoded.text)
        if not text:
            return _skipped_row(entry, "HTML page has no main text that trafilatura could extract")
        notes = notes + ("text extracted from HTML by trafilatura (offsets index the extracted text, not the HTML)",)
    if not text.strip():
        return _skipped_row(entry, "file holds only whitespace")
    metadata, metadata_notes = _resolve_metadata(entry.manifest_row, page, text)
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


def _base_row(entry: _Entry) -> dict:
    return {column: None for column in DOCUMENT_COLUMNS} | {"doc_id": entry.doc_id, "path": entry.shown}


def _skipped_row(entry: _Entry, reason: str) -> dict:
    metadata, notes = _resolve_metadata(entry.manifest_row, {}, None)
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


def _decode(data: bytes) -> _Decoded:
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return _Decoded(problem=f"starts with a {codec} byte-order mark but does not decode as {codec}")
            note = f"decoded as {codec}: the byte-order mark is not part of the text (offsets start after it)"
            return _Decoded(text, codec, (note,)) if not _looks_binary(text) else _Decoded(problem="binary file")
    if b"\x00" in data:
        return _Decoded(problem="binary file (contains NUL bytes)")
    try:
        text, encoding, notes = data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        encoding = _detect_legacy_encoding(data)
        if encoding is None:
            return _Decoded(problem="binary or undecodable file (not UTF-8 and no text encoding fits)")
        text, notes = data.decode(encoding), (f"decoded as {encoding} (not UTF-8)",)
    if _looks_binary(text):
        return _Decoded(problem="binary file (control characters)")
    return _Decoded(text, encoding, notes)


def _detect_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's candidates plus Windows-1252, least chaotic first; short texts tie, cp1252 wins ties."""
    candidates = [(round(match.chaos, 2), rank, match.encoding) for rank, match in
                  enumerate(charset_normalizer.from_bytes(data), start=1)]
    try:
        candidates.append((round(mess_ratio(data.decode(PREFERRED_LEGACY_ENCODING)), 2), 0, PREFERRED_LEGACY_ENCODING))
    except UnicodeDecodeError:
        pass
    for _chaos, _rank, encoding in sorted(candidates):
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return None


def _looks_binary(text: str) -> bool:
    # Control characters other than tab and line breaks do not occur in typed prose; many of them mean binary data.
    return len(CONTROL_CHARACTERS.findall(text)) > max(1, len(text) // 100)


def _extract_html(page: str) -> tuple[str | None, dict[str, str | None]]:
    """Main text and declared metadata of an HTML page; dates only from markup, never searched for in the prose."""
    text = trafilatura.extract(page, include_comments=False, include_tables=True, output_format="txt")
    meta = trafilatura.extract_metadata(page, date_config={"extensive_search": False, "original_date": True})
    sitename = getattr(meta, "sitename", None)
    # trafilatura falls back to a domain name for the site; a domain is not an outlet's name, so leave it unknown.
    outlet = _canonical_outlet(sitename) or (sitename if sitename and "." not in sitename else None)
    published = getattr(meta, "date", None)
    return text, {
        "outlet": outlet,
        "published": published if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        "byline": getattr(meta, "author", None) or None,
        "url": getattr(meta, "url", None) or None,
    }


def _resolve_metadata(manifest_row: dict | None, page: dict, text: str | None) -> tuple[dict, tuple[str, ...]]:
    """Manifest first, then the HTML markup, then the text's header lines, else unknown."""
    row = manifest_row or {}
    given = {field: row.get(field) for field in ("outlet", "byline", "url")}
    notes: tuple[str, ...] = ()
    if row.get("published"):
        published, note = _parse_manifest_date(row["published"])
        given = {**given, "published": published}
        notes = notes + ((note,) if note else ())
    header = infer_metadata(text) if text is not None else {}
    metadata = {"url": given.get("url") or page.get("url")}
    for field in METADATA_FIELDS:
        inferred = page.get(field) or header.get(field)
        if given.get(field):
            metadata = {**metadata, field: given[field], f"{field}_source": "manifest"}
        else:
            metadata = {**metadata, field: inferred, f"{field}_source": "inferred" if inferred else "unknown"}
    printed = header.get("published")
    if given.get("published") and printed and printed != given["published"]:
        differs = f"manifest.csv published {given['published']} differs from the date printed in the text ({printed})"
        notes = notes + (differs,)
    return metadata, notes


# --- rules as data -----------------------------------------------------------------------------------------------


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _expand_placeholders(pattern: str) -> str:
    # Month and weekday names come from the standard library, so no calendar is written out by hand here.
    months = "|".join(calendar.month_abbr[1:])
    weekdays = "|".join(calendar.day_abbr)
    month = rf"(?:{months})[a-z]*\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    month_first = rf"{month}[ \t]+{day},?[ \t]+\d{{4}}"
    day_first = rf"{day}[ \t]+(?:of[ \t]+)?{month},?[ \t]+\d{{4}}"
    written = rf"(?:{month_first}|{day_first}|\d{{4}}-\d{{2}}-\d{{2}})"
    weekday = rf"(?:(?:{weekdays})[a-z]*\.?,?[ \t]+)?"
    time = r"(?:\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?,?[ \t]+)?"
    return pattern.replace("{DATE}", written).replace("{WEEKDAY}", weekday).replace("{TIME}", time)


def _boilerplate_rules() -> tuple[_Rule, ...]:
    return _compiled_boilerplate(user_lexicon_dirs())


def _header_rules() -> tuple[_Rule, ...]:
    return _compiled_header_rules(user_lexicon_dirs())


def _outlet_aliases() -> dict[str, str]:
    return _outlet_index(user_lexicon_dirs())


# Cached per set of user lexicon folders, so changing $RECONCILE_LEXICONS takes effect without a restart.
@lru_cache(maxsize=8)
def _compiled_boilerplate(dirs: tuple[Path, ...]) -> tuple[_Rule, ...]:
    rules = load_lexicon("boilerplate.csv", BoilerplateSchema, dirs)
    return tuple(_Rule(r.pattern_id, re.compile(r.pattern), r.label) for r in rules.itertuples())


@lru_cache(maxsize=8)
def _compiled_header_rules(dirs: tuple[Path, ...]) -> tuple[_Rule, ...]:
    rules = load_lexicon("corpus_header_patterns.csv", HeaderPatternSchema, dirs)
    return tuple(
        _Rule(r.pattern_id, re.compile(_expand_placeholders(r.pattern)), r.label, r.field, r.scope)
        for r in rules.itertuples()
    )


@lru_cache(maxsize=8)
def _outlet_index(dirs: tuple[Path, ...]) -> dict[str, str]:
    outlets = load_lexicon("outlets.csv", OutletLexiconSchema, dirs)
    pairs = list(zip(outlets["outlet"], outlets["outlet"])) + list(zip(outlets["alias"], outlets["outlet"]))
    # later rows win, so a user's outlets.csv can re-map a shipped alias
    return {_outlet_key(alias): outlet for alias, outlet in pairs}


def _outlet_key(name: str) -> str:
    key = re.sub(r"\s+", " ", name).strip(" \t.,;:()[]\"'“”‘’").casefold()
    return key[4:] if key.startswith("the ") else key


def _canonical_outlet(name: str | None) -> str | None:
    return _outlet_aliases().get(_outlet_key(name)) if name else None


def _header_values(field: str, match: re.Match) -> dict[str, str | None]:
    if field == "published":
        return {"published": _parse_written_date(match["date"])}
    if field == "outlet":
        return {"outlet": _canonical_outlet(match["outlet"])}
    return _split_byline(match["names"])


def _split_byline(names: str) -> dict[str, str | None]:
    """'A and B, Associated Press' -> byline 'A and B', outlet 'Associated Press' (wire credits follow the names)."""
    whole = _canonical_outlet(names)
    if whole:
        return {"byline": None, "outlet": whole}
    credit = re.fullmatch(r"(?P<names>.+?)[ \t]*(?:,|\||—|–|[ \t]-|/)[ \t]*(?P<credit>[^,|—–/]+)", names)
    outlet = _canonical_outlet(credit["credit"]) if credit else None
    people = credit["names"] if outlet else names
    if not _looks_like_names(people):
        return {"byline": None, "outlet": None}
    return {"byline": people, "outlet": outlet}


def _looks_like_names(names: str) -> bool:
    # "By Tuesday, the water had risen" opens like a byline; names are short and capitalised at both ends.
    parts = [part for part in re.split(r"[ \t]*(?:,|&|\band\b)[ \t]*", names) if part.strip()]
    if not parts or re.search(r"\d", names):
        return False
    return all(1 <= len(p.split()) <= 5 and p.split()[0][0].isupper() and p.split()[-1][0].isupper() for p in parts)


# --- reporting ---------------------------------------------------------------------------------------------------


def _emit_warnings(entries: list[_Entry], rows: list[dict]) -> None:
    """Folder-wide notes once, then one message per file, in doc_id order (the documents table keeps them all)."""
    for note in dict.fromkeys(note for entry in entries for note in entry.folder_notes):
        warnings.warn(note, CorpusWarning, stacklevel=3)
    for row in sorted(rows, key=lambda r: r["doc_id"]):
        if row["status"] == "skipped":
            warnings.warn(f"{row['path']}: skipped: {row['reason']}", CorpusWarning, stacklevel=3)
        if row["_own_notes"]:
            warnings.warn(f"{row['path']}: {'; '.join(dict.fromkeys(row['_own_notes']))}", CorpusWarning, stacklevel=3)
