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
        pytest.param("doc0", "300 injured", "wounded", "wounded", "Red Cross", None, id="and-is-not-or"),
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
    # With two processes the documents are split into several tasks, longest first; the claims must not show it.
    from reconcile.corpus import load_corpus

    seeds = load_corpus(seeds_dir)
    copies = [seeds.assign(doc_id=seeds["doc_id"] + f"_{n}") for n in range(2)]
    documents = pd.concat(copies, ignore_index=True)
    one = extract_claims(documents, n_process=1)
    two = extract_claims(documents, n_process=2)
    assert one.to_csv(index=False) == two.to_csv(index=False)
    assert one["doc_id"].nunique() == len(documents)


class _BreaksOn:
    """A pipeline that fails (as a parser bug would) on any batch holding a given word; otherwise the real one."""

    def __init__(self, nlp, word: str) -> None:
        self._nlp, self._word, self.max_length = nlp, word, nlp.max_length

    def pipe(self, texts, batch_size: int = 64):
        texts = list(texts)
        if any(self._word in text for text in texts):
            raise ValueError("the parser broke")
        return self._nlp.pipe(texts, batch_size=batch_size)


def test_a_document_that_breaks_the_parser_is_reported_and_costs_only_itself(nlp):
    documents = _documents(FLOOD, "Zzyzx said 40 people were hurt.", PROTEST)
    extraction = extract_claims_validated(documents, nlp=_BreaksOn(nlp, "Zzyzx"))
    assert extraction.failed_documents.to_dict("records") == [
        {"doc_id": "doc1", "reason": "parsing failed: ValueError: the parser broke"}
    ]
    alone = extract_claims(documents[documents["doc_id"] != "doc1"], nlp=nlp)
    assert extraction.valid.to_csv(index=False) == alone.to_csv(index=False)


def test_a_document_the_rules_choke_on_is_reported_and_costs_only_itself(nlp, monkeypatch):
    import reconcile.extract.documents as documents_module

    real = documents_module.prime_memory

    def choking(text):
        if "Zzyzx" in text:
            raise RecursionError("the rules choked")
        return real(text)

    monkeypatch.setattr(documents_module, "prime_memory", choking)
    documents = _documents(FLOOD, "Zzyzx said 40 people were hurt.")
    extraction = extract_claims_validated(documents, nlp=nlp)
    assert extraction.failed_documents["doc_id"].tolist() == ["doc1"]
    assert extraction.failed_documents["reason"].iloc[0].startswith("extraction failed: RecursionError")
    assert set(extraction.valid["doc_id"]) == {"doc0"}


def test_failed_documents_are_skipped_in_the_inventory_with_their_reason():
    from reconcile.extract import skip_failed_documents

    documents = _documents(FLOOD, PROTEST)
    failed = pd.DataFrame([{"doc_id": "doc1", "reason": "parsing failed: ValueError: x"}])
    marked = skip_failed_documents(documents, failed)
    assert marked[["doc_id", "status", "reason"]].to_dict("records") == [
        {"doc_id": "doc0", "status": "ok", "reason": None},
        {"doc_id": "doc1", "status": "skipped", "reason": "parsing failed: ValueError: x"},
    ]
    assert documents["status"].tolist() == ["ok", "ok"]  # the input frame is left as it was


def test_an_article_on_one_line_longer_than_the_parser_takes_is_parsed_in_pieces(nlp, monkeypatch):
    # The real limit is 1,000,000 characters (spaCy's E088); a lower one keeps the test fast with the same path.
    monkeypatch.setattr(nlp, "max_length", 2_000)
    line = " ".join(FLOOD.replace("Share this article", "").split()) + " "
    text = (line * 12).strip()
    extraction = extract_claims_validated(_documents(text), nlp=nlp)
    assert extraction.failed_documents.empty
    counts = extraction.valid[extraction.valid["kind"] == "count"]
    assert counts["start"].max() > len(text) - len(line)  # the last copy of the paragraph was read too
    assert all(text[row.start : row.end] in row.text for row in counts.itertuples())


@pytest.mark.parametrize("limit", [pytest.param(60, id="sentences"), pytest.param(25, id="words")])
def test_long_chunks_are_cut_at_sentence_ends_then_at_spaces(limit):
    from reconcile.extract.chunks import Chunk
    from reconcile.extract.documents import bounded_chunks

    text = "At least 42 people were killed. About 300 were hurt in the floods. Another 5,000 fled."
    pieces = bounded_chunks([Chunk(0, len(text), text)], limit)
    assert all(len(piece.text) <= limit and text[piece.start : piece.end] == piece.text for piece in pieces)
    assert "".join(text[a.end : b.start] for a, b in zip(pieces, pieces[1:])).strip() == ""
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    if limit >= 40:  # every sentence fits: no sentence is cut
        assert all(piece.text.strip().endswith(".") for piece in pieces)


@pytest.mark.parametrize(
    "published", [pytest.param("9999-12-31", id="last-day"), pytest.param("0001-01-01", id="first-day")]
)
def test_publication_dates_at_the_ends_of_the_calendar_never_fail_a_document(nlp, published):
    text = "Officials said on Monday that 300 people had arrived last week and 500 more would come next week."
    documents = _documents(text).assign(published=published)
    extraction = extract_claims_validated(documents, nlp=nlp)
    assert extraction.failed_documents.empty and extraction.rejected.empty
    assert (extraction.valid["kind"] == "count").any()


@pytest.mark.parametrize(
    ("stories", "expected"),
    [
        pytest.param(["floods-2024", None], {"doc0": {"floods-2024"}, "doc1": {None}}, id="story-where-known"),
        pytest.param(None, {"doc0": {None}, "doc1": {None}}, id="no-story-column"),
    ],
)
def test_claims_carry_the_story_of_their_document(nlp, stories, expected):
    documents = _documents(FLOOD, PROTEST)
    if stories is not None:
        documents = documents.assign(story=stories)
    claims = extract_claims(documents, nlp=nlp)
    found = {
        doc_id: {story if isinstance(story, str) else None for story in group["story"]}
        for doc_id, group in claims.groupby("doc_id")
    }
    assert found == expected


# --- what an article borrows from its story ----------------------------------------------------------------------

STORY_HINT_CASES = [
    # (story, published, text) per document; the expected (home, year hint) of the last document
    pytest.param([("s", "2023-03-07", "Protests in France. Paris and Lyon marched."),
                  ("s", "2023-03-08", "Marchers in France again."),
                  ("s", None, "The union said 100 people came.")], ("France", 2023), id="undated-takes-story-year"),
    pytest.param([("s", "2023-03-07", "Protests in France."),
                  ("t", None, "The union said 100 people came.")], (None, None), id="other-story-lends-nothing"),
    pytest.param([("s", "2021-01-01", "A text."), ("s", "2023-01-01", "A text."),
                  ("s", "2024-01-01", "Another."), ("s", "2022-01-01", "The union said 100 came.")],
                 (None, None), id="a-dated-article-keeps-its-own-year"),
]


FIRE_LEAD = "{headline}\n\nAt least {n} workers were killed when a fire broke out at a factory in {town} on Tuesday, officials said."
ARTICLE_PLACE_CASES = [
    # (story, text) per document; the expected article place of the last document
    pytest.param([("s", FIRE_LEAD.format(headline="Fire kills 9 in Dunmore", n=9, town="Dunmore")),
                  ("s", FIRE_LEAD.format(headline="Dunmore fire toll rises", n=17, town="Dunmore")),
                  ("s", FIRE_LEAD.format(headline="Four killed in Kelvale blaze", n=4, town="Kelvale"))],
                 "Kelvale", id="an-article-about-another-towns-incident"),
    pytest.param([("s", FIRE_LEAD.format(headline="Fire kills 9 in Dunmore", n=9, town="Dunmore")),
                  ("s", FIRE_LEAD.format(headline="Kelvale workers mourn", n=17, town="Dunmore") + " Kelvale too."),
                  ("s", FIRE_LEAD.format(headline="Four killed in Kelvale blaze", n=4, town="Kelvale"))],
                 None, id="a-town-another-article-names-is-the-storys"),
    pytest.param([("s", FIRE_LEAD.format(headline="Fire kills 9 in Dunmore", n=9, town="Dunmore")),
                  ("s", FIRE_LEAD.format(headline="Four killed in Kelvale blaze", n=4, town="Kelvale"))],
                 None, id="two-articles-make-no-main-story"),
]


@pytest.mark.parametrize(("rows", "expected"), ARTICLE_PLACE_CASES)
def test_article_place(rows, expected):
    from reconcile.extract.story_hints import with_story_hints

    documents = pd.DataFrame([{"doc_id": f"d{i}", "story": story, "published": "2025-03-12", "text": text,
                               "status": "ok"} for i, (story, text) in enumerate(rows)])
    place = with_story_hints(documents).iloc[-1]["_article_place"]
    assert (place if isinstance(place, str) else None) == expected


@pytest.mark.parametrize(("rows", "expected"), STORY_HINT_CASES)
def test_story_hints(rows, expected):
    from reconcile.extract.story_hints import with_story_hints

    documents = pd.DataFrame([{"doc_id": f"d{i}", "story": story, "published": published, "text": text,
                               "status": "ok"} for i, (story, published, text) in enumerate(rows)])
    last = with_story_hints(documents).iloc[-1]
    assert (last["_story_home"], last["_year_hint"]) == expected
