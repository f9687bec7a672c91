"""The extract stage: documents -> claims; contract tests on text written for them, and properties on any text."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.extract import extract_claims, extract_claims_validated
from reconcile.extract.chunks import select_chunks, split_sentences
from reconcile.schema import ClaimSchema, columns_of

FLOOD = (
    "DHAKA, Bangladesh — At least 42 people were killed and 300 injured as floods swept northern Bangladesh, "
    "the Red Cross said on Monday.\n"
    "Relief Minister Enamur Rahman visited the worst-hit district. He said about 20,000 families had been moved "
    "to shelters and another 5,000 would be evacuated by Friday.\n"
    "Share this article\n"
)
PROTEST = (
    "Police said about 20,000 demonstrators marched through central Paris on Saturday, while organisers put the "
    "crowd at 100,000.\n"
    "“We are not going anywhere,” said union leader Sophie Martin. “Tens of thousands more will join us.”\n"
)


def _documents(*texts: str, boilerplate: list | None = None) -> pd.DataFrame:
    rows = []
    for number, text in enumerate(texts):
        rows.append(
            {
                "doc_id": f"doc{number}",
                "path": f"doc{number}.txt",
                "outlet": "Wire",
                "outlet_source": "manifest",
                "published": "2024-05-08",
                "published_source": "manifest",
                "url": None,
                "byline": None,
                "byline_source": "unknown",
                "text": text,
                "encoding": "utf-8",
                "boilerplate_spans": json.dumps(boilerplate) if boilerplate is not None else None,
                "status": "ok",
                "reason": None,
                "warnings": None,
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def flood_claims(nlp):
    return extract_claims(_documents(FLOOD, PROTEST), nlp=nlp)


def test_claims_have_every_contract_column_and_validate(flood_claims):
    assert list(flood_claims.columns) == columns_of(ClaimSchema)
    ClaimSchema.validate(flood_claims)
    assert flood_claims["claim_id"].is_unique


def test_claim_offsets_index_the_document_text(flood_claims):
    texts = {"doc0": FLOOD, "doc1": PROTEST}
    for claim in flood_claims.itertuples():
        text = texts[claim.doc_id]
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end].strip() == text[claim.start : claim.end]


@pytest.mark.parametrize(
    ("doc_id", "words", "subject", "status", "source_org", "speaker"),
    [
        pytest.param("doc0", "At least 42 people", "deaths", "killed", "Red Cross", None, id="toll-from-red-cross"),
        pytest.param("doc0", "about 20,000 families", "families", "sent", "Relief ministry", "Enamur Rahman", id="families-moved"),
        pytest.param("doc0", "another 5,000", "families", "planned", "Relief ministry", "Enamur Rahman", id="increment-pronoun-lookback"),
        pytest.param("doc1", "about 20,000 demonstrators", "protesters", "present", "police", None, id="police-without-country"),
        pytest.param("doc1", "100,000", "protesters", "present", "organisers", None, id="crowd-put-at"),
        pytest.param("doc0", "300", "wounded", "wounded", "Red Cross", None, id="and-is-not-or"),
    ],
)
def test_count_claims_of_wire_copy(flood_claims, doc_id, words, subject, status, source_org, speaker):
    texts = {"doc0": FLOOD, "doc1": PROTEST}
    counts = flood_claims[(flood_claims["kind"] == "count") & (flood_claims["doc_id"] == doc_id)]
    found = [claim for claim in counts.itertuples() if texts[doc_id][claim.start : claim.end] == words]
    if subject is None:
        assert found == []
        return
    (claim,) = found
    assert (claim.subject, claim.status) == (subject, status)
    assert (claim.source_org if pd.notna(claim.source_org) else None) == source_org
    assert (claim.speaker if pd.notna(claim.speaker) else None) == speaker


def test_extraction_twice_gives_byte_identical_csv(nlp):
    documents = _documents(FLOOD, PROTEST)
    first = extract_claims(documents, nlp=nlp).to_csv(index=False, lineterminator="\n")
    second = extract_claims(documents, nlp=nlp).to_csv(index=False, lineterminator="\n")
    assert first == second


def test_input_frame_is_not_mutated(nlp):
    documents = _documents(FLOOD)
    before = documents.copy(deep=True)
    extract_claims(documents, nlp=nlp)
    pd.testing.assert_frame_equal(documents, before)


def test_boilerplate_spans_are_skipped(nlp):
    start = FLOOD.index("At least 42")
    documents = _documents(FLOOD, boilerplate=[[start, start + 40]])
    claims = extract_claims(documents, nlp=nlp)
    assert not ((claims["start"] < start + 40) & (claims["end"] > start)).any()


def test_skipped_and_empty_documents_give_an_empty_valid_frame(nlp):
    documents = _documents("", FLOOD)
    documents.loc[1, "status"] = "skipped"
    validated = extract_claims_validated(documents, nlp=nlp)
    assert validated.valid.empty and validated.rejected.empty
    assert list(validated.valid.columns) == columns_of(ClaimSchema)


@settings(
    derandomize=True, deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(["about 3,000 troops", "he said.", "“At least 12 died,”", "\n", "according to", "?"]),
        ),
        max_size=8,
    ).map("".join)
)
def test_extraction_never_raises_and_offsets_stay_inside(nlp, text):
    claims = extract_claims(_documents(text), nlp=nlp)
    assert ((claims["start"] >= 0) & (claims["start"] < claims["end"]) & (claims["end"] <= len(text))).all()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        pytest.param("It rained. Then 3 died.", ["It rained.", "Then 3 died."], id="two-sentences"),
        pytest.param("Mr. Kim said 3 died. U.S. troops left.", ["Mr. Kim said 3 died.", "U.S. troops left."], id="abbreviations"),
        pytest.param("“Go,” he said. “Now.”", ["“Go,” he said.", "“Now.”"], id="quotes"),
        pytest.param("No end mark", ["No end mark"], id="no-end-mark"),
    ],
)  # fmt: skip
def test_split_sentences(text, sentences):
    assert [text[start:end] for start, end in split_sentences(text)] == sentences


def test_only_sentences_that_can_hold_a_count_are_chunked():
    text = "Rain fell all day.\nAt least 3 people died. Roads were shut. Thousands fled."
    assert [chunk.text for chunk in select_chunks(text)] == ["At least 3 people died.", "Thousands fled."]
    assert all(text[chunk.start : chunk.end] == chunk.text for chunk in select_chunks(text))


def test_two_worker_processes_give_the_same_claims(seeds_dir):
    # Documents are split into tasks of DOCS_PER_TASK; repeat the seeds so that there is more than one task.
    from reconcile.corpus import load_corpus
    from reconcile.extract import DOCS_PER_TASK, extract_claims

    seeds = load_corpus(seeds_dir)
    copies = [seeds.assign(doc_id=seeds["doc_id"] + f"_{n}") for n in range(DOCS_PER_TASK // len(seeds) + 2)]
    documents = pd.concat(copies, ignore_index=True)
    one = extract_claims(documents, n_process=1)
    two = extract_claims(documents, n_process=2)
    assert one.to_csv(index=False) == two.to_csv(index=False)
    assert one["doc_id"].nunique() == len(documents)
