"""Bytes -> text, dates and numbers at the schema, and the corpus parsers under arbitrary input (issue 13).

Decoding cases are a table; the property tests throw arbitrary bytes, unicode and extreme dates at every parser
entry point of the corpus stage and check they return a value of the promised shape instead of raising.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.corpus.claims_table import _boolean, _number, _whole_number
from reconcile.corpus.decode import decode_bytes
from reconcile.corpus.metadata import infer_metadata, parse_manifest_date
from reconcile.corpus.stories import story_signature
from reconcile.schema import ClaimSchema, DocumentSchema, is_calendar_date
from reconcile.validation import split_valid

QUOTED = "“We will rebuild,” the mayor said — again.\n"
FRENCH = "Le café du marché a fermé à Zürich.\n"

DECODINGS = [
    pytest.param(QUOTED.encode() + FRENCH.encode("latin-1"), QUOTED + FRENCH, "utf-8", "repaired as cp1252 (line 2",
                 id="utf8-with-one-latin1-line"),
    pytest.param(FRENCH.encode("latin-1") + QUOTED.encode(), FRENCH + QUOTED, "utf-8", "repaired as cp1252 (line 1",
                 id="latin1-line-first"),
    pytest.param(QUOTED.encode() + b"Price: 5\x80 only\n", QUOTED + "Price: 5€ only\n", "utf-8", "1 invalid byte run",
                 id="one-cp1252-euro-sign"),
    pytest.param(QUOTED.encode() + b"odd \x81 byte\n", QUOTED + "odd \x81 byte\n", "utf-8", "repaired",
                 id="byte-undefined-in-cp1252-kept-as-latin1"),
    pytest.param(QUOTED.encode("cp1252"), QUOTED, "cp1252", "decoded as cp1252 (not UTF-8)", id="whole-file-cp1252"),
    pytest.param(QUOTED.encode(), QUOTED, "utf-8", None, id="clean-utf8"),
]


@pytest.mark.parametrize(("data", "text", "encoding", "note"), DECODINGS)
def test_decoding(data, text, encoding, note):
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.problem) == (text, encoding, None)
    assert (note in " ".join(decoded.notes)) if note else decoded.notes == ()


def test_a_legacy_file_with_a_chance_utf8_pair_is_not_read_as_utf8():
    # Cyrillic in Windows-1251: "Сі" happens to form a valid UTF-8 pair, but the rest of the file does not.
    text = "Січень. Київ і Харків: мешканці кажуть, що вода прибуває щодня, і люди чекають на допомогу.\n"
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.encoding != "utf-8" and decoded.problem is None


SCHEMA_CASES = [
    pytest.param(DocumentSchema, "published", "0000-12-31", id="document-year-zero"),
    pytest.param(DocumentSchema, "published", "2023-02-30", id="document-impossible-day"),
    pytest.param(ClaimSchema, "value_high", math.inf, id="claim-infinite-high"),
    pytest.param(ClaimSchema, "value_low", math.inf, id="claim-infinite-low"),
    pytest.param(ClaimSchema, "leg", math.inf, id="claim-infinite-leg"),
    pytest.param(ClaimSchema, "stated_on", "2024-13-01", id="claim-month-13"),
    pytest.param(ClaimSchema, "refers_from", "0000-01-01", id="claim-year-zero"),
]


def _valid_row(schema) -> dict:
    if schema is DocumentSchema:
        return {"doc_id": "a", "path": "a.txt", "outlet": None, "outlet_source": "unknown", "published": "2024-01-02",
                "published_source": "manifest", "url": None, "byline": None, "byline_source": "unknown",
                "story": "s", "story_source": "inferred", "text": "x", "encoding": "utf-8",
                "boilerplate_spans": "[]", "status": "ok", "reason": None, "warnings": None}
    row = {column: None for column in ClaimSchema.to_schema().columns}
    return row | {"claim_id": "c1", "doc_id": "a", "kind": "count", "value_low": 10.0, "value_high": 10.0,
                  "published": "2024-01-02", "stated_on": "2024-01-02", "refers_from": "2024-01-01",
                  "refers_to": "2024-01-02", "leg": 1.0, "text": "10 people", "start": 0, "end": 9}


@pytest.mark.parametrize(("schema", "column", "value"), SCHEMA_CASES)
def test_out_of_range_values_never_pass_a_schema(schema, column, value):
    row_id = "claim_id" if schema is ClaimSchema else "doc_id"
    good, bad = _valid_row(schema), _valid_row(schema) | {column: value, row_id: "b"}
    validated = split_valid(pd.DataFrame([good, bad]), schema, row_id)
    assert (len(validated.valid), len(validated.rejected)) == (1, 1)
    assert set(validated.failures["row"]) == {1} and column in set(validated.failures["column"])


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2024-02-29"])
def test_the_calendar_ends_are_dates(value):
    assert is_calendar_date(value)


# --- every parser entry point under arbitrary input --------------------------------------------------------------

EXTREME_DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
WRITTEN_DATES = EXTREME_DATES.map(lambda d: f"{d:%B} {d.day}, {d.year:04d}") | EXTREME_DATES.map(
    lambda d: f"Posted on {d.isoformat()}") | EXTREME_DATES.map(lambda d: f"{d.day}/{d.month}/{d.year}")
UNICODE = st.text(max_size=300)


@settings(derandomize=True, deadline=None, max_examples=200)
@given(data=st.binary(max_size=400))
def test_decode_bytes_never_raises(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) == (decoded.problem is not None)
    if decoded.text is not None:
        decoded.text.encode("utf-8")  # no lone surrogate survives a repair


@settings(derandomize=True, deadline=None, max_examples=150)
@given(text=UNICODE | WRITTEN_DATES | st.tuples(WRITTEN_DATES, UNICODE).map("\n".join))
def test_infer_metadata_never_raises_and_dates_are_calendar_dates(text):
    published = infer_metadata(text)["published"]
    assert published is None or is_calendar_date(published)


@settings(derandomize=True, deadline=None, max_examples=150)
@given(value=UNICODE | WRITTEN_DATES | EXTREME_DATES.map(date.isoformat))
def test_manifest_dates_never_raise(value):
    published, note = parse_manifest_date(value)
    assert (published is None or is_calendar_date(published)) and (published is None) == (note is not None)


@settings(derandomize=True, deadline=None, max_examples=100)
@given(text=UNICODE)
def test_story_signature_never_raises(text):
    signature = story_signature(text)
    assert all(term == term.casefold() for term in signature["names"] + signature["nouns"])


@settings(derandomize=True, deadline=None, max_examples=200)
@given(value=UNICODE | st.floats() | st.integers())
def test_claim_cell_parsers_never_raise(value):
    for parse in (_number, _whole_number, _boolean):
        parsed, check = parse(value)
        assert parsed is None or check is None
