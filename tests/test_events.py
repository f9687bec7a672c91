"""Event claims entry point: a parsed chunk -> date/place/route/quote rows with document offsets and attribution."""

from __future__ import annotations

import csv
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.extract.events import CLAIM_COLUMNS, extract_event_claims, is_event_candidate
from reconcile.schema import ClaimSchema

PUBLISHED = date(2025, 3, 12)
PARAGRAPH = (
    "The mayor said on Tuesday that about 400 families were evacuated by bus from Dadu to Karachi. "
    "“We will not leave anyone behind,” she told reporters in Karachi."
)


def no_attribution(span):
    return {}


def fixed_attribution(span):
    return {"speaker": "Ana Lopez", "source_org": "Sindh government", "source_country": "Pakistan", "cue": "said"}


@pytest.mark.parametrize("text_offset", [pytest.param(0, id="at-start"), pytest.param(1234, id="shifted")])
def test_offsets_index_the_document(nlp, text_offset):
    document = "x" * text_offset + PARAGRAPH
    rows = extract_event_claims(nlp(PARAGRAPH), text_offset=text_offset, published=PUBLISHED, attribute=no_attribution)
    assert {row["kind"] for row in rows} == {"date", "place", "route", "quote"}
    for row in rows:
        words = document[row["start"] : row["end"]]
        assert words == PARAGRAPH[row["start"] - text_offset : row["end"] - text_offset]
        assert words in row["text"]
    quote = next(row for row in rows if row["kind"] == "quote")
    assert document[quote["start"] : quote["end"]] == quote["quote_text"] == "We will not leave anyone behind"


def test_every_row_has_the_claim_columns_and_validates(nlp):
    rows = extract_event_claims(nlp(PARAGRAPH), text_offset=0, published=PUBLISHED, attribute=fixed_attribution)
    assert all(tuple(row) == CLAIM_COLUMNS for row in rows)
    claims = pd.DataFrame(rows).assign(
        claim_id=[f"c{i}" for i in range(len(rows))], doc_id="d1", outlet=None, published=PUBLISHED.isoformat(),
        story=None,
    )
    ClaimSchema.validate(claims, lazy=True)


@pytest.mark.parametrize(
    "kind, column, expected",
    [
        pytest.param("quote", "speaker", "Ana Lopez", id="attribution-names-the-speaker"),
        pytest.param("quote", "subject", "statement:ana_lopez", id="quote-keyed-by-speaker"),
        pytest.param("date", "event", "statement:ana_lopez", id="dated-statement-keyed-by-speaker"),
        pytest.param("route", "source_country", "Pakistan", id="attribution-on-every-kind"),
    ],
)
def test_attribution_columns(nlp, kind, column, expected):
    rows = extract_event_claims(nlp(PARAGRAPH), text_offset=0, published=PUBLISHED, attribute=fixed_attribution)
    assert next(row for row in rows if row["kind"] == kind)[column] == expected


def test_same_input_same_rows(nlp):
    first = extract_event_claims(nlp(PARAGRAPH), text_offset=5, published=PUBLISHED, attribute=no_attribution)
    second = extract_event_claims(nlp(PARAGRAPH), text_offset=5, published=PUBLISHED, attribute=no_attribution)
    assert first == second
    assert [row["start"] for row in first] == sorted(row["start"] for row in first)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("Officials met in Rome.", True, id="place-cue"),
        pytest.param("The dam burst on Friday.", True, id="weekday"),
        pytest.param("“Help us,” she said.", True, id="curly-quote"),
        pytest.param("Aid moved from the port.", True, id="movement-preposition"),
        pytest.param("It is raining and cold.", False, id="nothing"),
        pytest.param("", False, id="empty"),
    ],
)
def test_is_event_candidate(sentence, expected):
    assert is_event_candidate(sentence) is expected


@settings(derandomize=True, deadline=None, max_examples=25)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_never_raises_on_arbitrary_text(nlp, text):
    rows = extract_event_claims(nlp(text), text_offset=7, published=PUBLISHED, attribute=no_attribution)
    for row in rows:
        assert 7 <= row["start"] < row["end"] <= 7 + len(text)


@pytest.mark.slow
def test_seed_precision_and_recall_per_kind(nlp, seeds_dir, fixtures_dir):
    from reconcile.evaluate import evaluate_claims

    manifest = {row["doc_id"]: row for row in csv.DictReader((seeds_dir / "manifest.csv").open(encoding="utf-8"))}
    rows = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        published = date.fromisoformat(manifest[path.stem]["published"])
        offset = 0
        for paragraph in text.split("\n"):
            if paragraph.strip():
                for row in extract_event_claims(
                    nlp(paragraph), text_offset=offset, published=published, attribute=no_attribution
                ):
                    rows.append({**row, "doc_id": path.stem, "outlet": None, "published": published.isoformat(),
                                 "story": None})
            offset += len(paragraph) + 1
    predicted = pd.DataFrame(rows).assign(claim_id=[f"p{i:04d}" for i in range(len(rows))])
    gold = pd.read_csv(fixtures_dir / "claims_gold.csv")
    scores = evaluate_claims(gold, predicted, kinds=["date", "place", "route", "quote"]).per_kind.set_index("kind")
    for kind in ("date", "place", "route", "quote"):
        assert scores.loc[kind, "recall"] >= 0.8, kind
        assert scores.loc[kind, "precision"] >= 0.8, kind
