"""Corpus stage, metadata: manifest.csv rows and what a text prints (dateline, byline, outlet) -> document fields.

The manifest wins when it has a value, then the HTML markup, then the text's own header and credit lines (rules in
data/corpus_header_patterns.csv), else the value stays unknown: never a guess. Every value says where it came from.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import dateparser
import pandas as pd
import trafilatura

from reconcile.corpus.decode import decode_bytes
from reconcile.rules import (
    HEADER_FIELDS,
    HeaderPatternSchema,
    OutletLexiconSchema,
    expand_date_placeholders,
    load_lexicon,
    user_lexicon_dirs,
)

MANIFEST_NAME = "manifest.csv"
MANIFEST_REQUIRED = ("doc_id", "file")
MANIFEST_OPTIONAL = ("outlet", "published", "url", "byline", "story")
METADATA_FIELDS = HEADER_FIELDS
HEAD_LINES = 8
TAIL_LINES = 5
DATE_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
IGNORED = "ignored (metadata inferred from the text)"


@dataclass(frozen=True)
class HeaderRule:
    pattern_id: str
    regex: re.Pattern
    label: str
    field: str
    scope: str


@dataclass(frozen=True)
class Manifest:
    """A folder's manifest.csv: one dict per row (numbered from 1), notes about the file, and whether it is used."""

    rows: tuple[dict, ...]
    notes: tuple[str, ...]
    usable: bool


def read_manifest(folder: Path) -> Manifest | None:
    """The folder's manifest.csv, or None when there is none; an unreadable one is ignored with a note."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        decoded = decode_bytes(path.read_bytes())
        if decoded.problem:
            raise ValueError(decoded.problem)
        table = pd.read_csv(io.StringIO(decoded.text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Manifest((), (f"manifest.csv could not be read ({reason}), so it was {IGNORED}",), False)
    table = table.set_axis([str(c).strip().lower() for c in table.columns], axis=1)
    known = MANIFEST_REQUIRED + MANIFEST_OPTIONAL
    unknown = [c for c in table.columns if c not in known]
    missing = [c for c in MANIFEST_REQUIRED if c not in table.columns]
    notes = [f"manifest.csv column(s) {', '.join(unknown)} not recognised (ignored)"] if unknown else []
    if missing:
        notes.append(f"manifest.csv lacks required column(s) {', '.join(missing)}, so it was {IGNORED}")
        return Manifest((), tuple(notes), False)
    rows = tuple(
        {"row": number, **{c: (str(record.get(c, "")).strip() or None) for c in known}}
        for number, record in enumerate(table.to_dict("records"), start=1)
    )
    return Manifest(rows, tuple(notes), True)


def resolve_metadata(manifest_row: dict | None, page: dict, text: str | None) -> tuple[dict, tuple[str, ...]]:
    """Manifest first, then the HTML markup, then the text's header lines, else unknown; plus notes on conflicts."""
    row = manifest_row or {}
    given = {field: row.get(field) for field in ("outlet", "byline", "url")}
    notes: tuple[str, ...] = ()
    if row.get("published"):
        published, note = parse_manifest_date(row["published"])
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


def parse_manifest_date(value: str) -> tuple[str | None, str | None]:
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
    for rule in _compiled_header_rules(user_lexicon_dirs()):
        for line in scopes[rule.scope]:
            match = rule.regex.search(line)
            values = _header_values(rule.field, match) if match else {}
            for field, value in values.items():
                if value and found[field] is None:
                    found = {**found, field: value, f"{field}_rule": rule.pattern_id}
            if any(values.values()):
                break
    return found


def html_text_and_metadata(page: str) -> tuple[str | None, dict[str, str | None]]:
    """Main text and declared metadata of an HTML page; dates only from markup, never searched for in the prose."""
    text = trafilatura.extract(page, include_comments=False, include_tables=True, output_format="txt")
    meta = trafilatura.extract_metadata(page, date_config={"extensive_search": False, "original_date": True})
    sitename = getattr(meta, "sitename", None)
    # trafilatura falls back to a domain name for the site; a domain is not an outlet's name, so leave it unknown.
    outlet = canonical_outlet(sitename) or (sitename if sitename and "." not in sitename else None)
    published = getattr(meta, "date", None)
    return text, {
        "outlet": outlet,
        "published": published if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else None,
        "byline": getattr(meta, "author", None) or None,
        "url": getattr(meta, "url", None) or None,
    }


def canonical_outlet(name: str | None) -> str | None:
    """The outlets.csv name of an outlet spelling ("the AP" -> "Associated Press"), or None when unknown."""
    return _outlet_index(user_lexicon_dirs()).get(_outlet_key(name)) if name else None


def outlet_words() -> frozenset[str]:
    """Every word of every outlet name and alias, case-folded: credits, not story content."""
    index = _outlet_index(user_lexicon_dirs())
    return frozenset(word for name in (*index, *index.values()) for word in re.findall(r"\w+", name.casefold()))


def _parse_written_date(value: str) -> str | None:
    # A relative word ("yesterday") would resolve against today's clock: demand a year and a day number.
    year = re.search(r"\b\d{4}\b", value)
    if year is None or not re.search(r"\d", value[: year.start()] + value[year.end() :]):
        return None
    parsed = dateparser.parse(value, languages=["en"], settings=DATE_SETTINGS)
    return parsed.date().isoformat() if parsed else None


@lru_cache(maxsize=8)
def _compiled_header_rules(dirs: tuple[Path, ...]) -> tuple[HeaderRule, ...]:
    rules = load_lexicon("corpus_header_patterns.csv", HeaderPatternSchema, dirs)
    return tuple(
        HeaderRule(r.pattern_id, re.compile(expand_date_placeholders(r.pattern)), r.label, r.field, r.scope)
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


def _header_values(field: str, match: re.Match) -> dict[str, str | None]:
    if field == "published":
        return {"published": _parse_written_date(match["date"])}
    if field == "outlet":
        return {"outlet": canonical_outlet(match["outlet"])}
    return _split_byline(match["names"])


def _split_byline(names: str) -> dict[str, str | None]:
    """'A and B, Associated Press' -> byline 'A and B', outlet 'Associated Press' (wire credits follow the names)."""
    whole = canonical_outlet(names)
    if whole:
        return {"byline": None, "outlet": whole}
    credit = re.fullmatch(r"(?P<names>.+?)[ \t]*(?:,|\||—|–|[ \t]-|/)[ \t]*(?P<credit>[^,|—–/]+)", names)
    outlet = canonical_outlet(credit["credit"]) if credit else None
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
