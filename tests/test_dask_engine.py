"""Dask engine: same claims.csv and relations.csv as the pandas engine; bad partitions reported; tables read lazily."""

from __future__ import annotations

import json
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile._io import write_csv
from reconcile.corpus.articles_table import ArticlesTableError, documents_from_articles, read_articles_table
from reconcile.engines.dask import (
    close_client,
    compare_timelines_dask,
    extract_claims_dask,
    start_client,
)
from reconcile.extract import extract_claims_validated, prepare_extraction
from reconcile.extract.story_hints import with_corpus_story_hints
from reconcile.schema import DocumentSchema

pytestmark = pytest.mark.slow

# Wire copy about events other than the seeds' story: a flood toll that rises, a protest counted twice, a quake.
# One line per article: (doc_id, outlet, published, text).
SYNTHETIC_ARTICLES = [
    ("flood_a", "Andes Wire", "2023-03-13",
     "LIMA, March 13 - Floods in northern Peru have killed at least 42 people, the civil defence agency said on "
     "Monday. About 3,500 families were evacuated from the Piura region, the agency said."),
    ("flood_b", "Pacific Daily", "2023-03-14",
     "The death toll from flooding in northern Peru rose to 57 on Tuesday, civil defence officials said. "
     "Another 1,200 people were evacuated overnight, regional governor Ana Quispe told reporters."),
    ("flood_c", "Lima Evening Post", "2023-03-14",
     "Officials said 48 people had died in the floods. \"We have never seen rain like this,\" Governor Ana Quispe "
     "said on Tuesday."),
    ("protest_a", "Southern Cone News", "2023-06-10",
     "SANTIAGO, June 10 - Police estimated the crowd at 15,000, while organisers said more than 40,000 people "
     "marched through Santiago on Saturday to demand pension reform."),
    ("protest_b", "Metro Wire", "2023-06-11",
     "Some 20,000 protesters gathered in the capital on Saturday, the interior ministry said on Sunday."),
    ("quake_a", "Anatolia Desk", "2023-09-21",
     "ANKARA, Sept 21 - A magnitude 6.1 earthquake struck central Turkey on Thursday, killing 12 people and "
     "injuring about 200, the disaster agency said."),
    ("quake_b", "Eurasia Report", "2023-09-22",
     "The disaster agency said on Friday that 19 people were killed and more than 300 were wounded in "
     "Thursday's earthquake."),
    ("quake_c", "Global Monitor", "2023-09-22",
     "At least 15 people died in the earthquake, the Red Cross said, adding that 2,000 people were sleeping in "
     "tents."),
]
MARKER = "this sentence makes the stand-in extractor fail"
CSV_CASES = [
    pytest.param("seeds", 3, id="seeds-3-partitions"),
    pytest.param("synthetic", 3, id="synthetic-3-partitions"),
    pytest.param("synthetic", 8, id="synthetic-one-doc-per-partition"),
]


def _extract_or_raise(documents: pd.DataFrame) -> pd.DataFrame:
    """The real extractor, except that a document carrying MARKER makes its whole partition raise."""
    if documents["text"].astype("object").fillna("").str.contains(MARKER, regex=False).any():
        raise RuntimeError("extractor crashed on a malformed document")
    return extract_claims_validated(documents).valid


@pytest.fixture(scope="module")
def client():
    dask_client = start_client(n_workers=2, warm_up=prepare_extraction)
    yield dask_client
    close_client(dask_client)


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic_corpus")
    manifest = ["doc_id,file,outlet,published,url,byline"]
    for doc_id, outlet, published, text in SYNTHETIC_ARTICLES:
        (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        manifest.append(f"{doc_id},{doc_id}.txt,{outlet},{published},,")
    (folder / "manifest.csv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pandas_runs(seeds_dir, synthetic_dir) -> dict:
    """The pandas engine's documents, claims and relations for each corpus, computed once."""
    from reconcile.pipeline import extract_corpus, reconcile_claims

    runs = {}
    for name, folder in (("seeds", seeds_dir), ("synthetic", synthetic_dir)):
        documents, validated = extract_corpus(folder)
        runs[name] = (documents, validated.valid, reconcile_claims(validated.valid).relations)
    return runs


def _csv_text(frame: pd.DataFrame, path: Path) -> str:
    return write_csv(frame, path).read_text(encoding="utf-8")


@pytest.mark.parametrize(("corpus", "npartitions"), CSV_CASES)
def test_claims_csv_is_identical_to_pandas_engine(client, pandas_runs, tmp_path, corpus, npartitions):
    documents, expected, _ = pandas_runs[corpus]
    extraction = extract_claims_dask(documents, client=client, extract=extract_claims_validated, npartitions=npartitions,
                                     prepare=with_corpus_story_hints)
    claims = extraction.valid
    assert extraction.failures.empty and extraction.failed_documents.empty
    assert len(claims) > 0
    assert _csv_text(claims, tmp_path / "dask.csv") == _csv_text(expected, tmp_path / "pandas.csv")


def _relations_on_dask(claims: pd.DataFrame, client, npartitions: int) -> pd.DataFrame:
    from reconcile.compare import build_timelines, collect_positions, compare_positions

    timelines = build_timelines(collect_positions(claims))
    return compare_timelines_dask(timelines, client=client, compare=compare_positions, npartitions=npartitions)


@pytest.mark.parametrize(("corpus", "npartitions"), CSV_CASES)
def test_relations_csv_is_identical_to_pandas_engine(client, pandas_runs, tmp_path, corpus, npartitions):
    _, claims, expected = pandas_runs[corpus]
    relations = _relations_on_dask(claims, client, npartitions)
    assert len(relations) == len(expected)
    assert _csv_text(relations, tmp_path / "dask.csv") == _csv_text(expected, tmp_path / "pandas.csv")


@pytest.mark.parametrize(
    ("n_claims", "npartitions"),
    [
        pytest.param(0, 2, id="no-claims"),
        pytest.param(1, 2, id="one-claim"),
        pytest.param(600, 3, id="600-claims-3-partitions"),
        pytest.param(60, 40, id="more-partitions-than-keys"),
    ],
)
def test_relations_identical_on_synthetic_claims(client, tmp_path, n_claims, npartitions):
    from reconcile.pipeline import reconcile_claims
    from benchmarks.synthetic import synthetic_claims

    claims = synthetic_claims(max(n_claims, 1), seed=7).iloc[0:n_claims]
    expected = reconcile_claims(claims).relations
    relations = _relations_on_dask(claims, client, npartitions)
    assert list(relations.columns) == list(expected.columns)
    assert _csv_text(relations, tmp_path / "dask.csv") == _csv_text(expected, tmp_path / "pandas.csv")


def test_failing_partition_is_reported_not_fatal(client, pandas_runs, tmp_path):
    documents, expected, _ = pandas_runs["synthetic"]
    broken_id = "protest_b"
    broken = documents.assign(text=documents["text"].where(documents["doc_id"] != broken_id, MARKER))
    extraction = extract_claims_dask(broken, client=client, npartitions=4, extract=_extract_or_raise,
                                     prepare=with_corpus_story_hints)
    claims, failed = extraction.valid, extraction.failed_documents
    assert broken_id in set(failed["doc_id"])
    assert failed["reason"].str.startswith("extraction failed on the cluster: RuntimeError: extractor crashed").all()
    lost = set(failed["doc_id"])
    # Only the broken document's partition is lost: the other partitions' documents keep their claims.
    assert len(lost) < documents["doc_id"].nunique()
    assert set(claims["doc_id"]).isdisjoint(lost)
    survivors = expected[~expected["doc_id"].isin(lost)].reset_index(drop=True)
    assert _csv_text(claims, tmp_path / "dask.csv") == _csv_text(survivors, tmp_path / "pandas.csv")


def test_document_repeated_in_another_partition_keeps_first_claims(client, pandas_runs, tmp_path):
    documents, expected, _ = pandas_runs["synthetic"]
    redelivered = pd.concat([documents, documents.iloc[[0]]], ignore_index=True)
    extraction = extract_claims_dask(redelivered, client=client, extract=extract_claims_validated, npartitions=2,
                                     prepare=with_corpus_story_hints)
    claims, failures = extraction.valid, extraction.failures
    assert set(failures["failure_case"]) == {documents["doc_id"].iloc[0]}
    assert failures["check"].str.startswith("field_uniqueness").all()
    assert failures["id"].notna().all()
    assert _csv_text(claims, tmp_path / "dask.csv") == _csv_text(expected, tmp_path / "pandas.csv")


@settings(derandomize=True, deadline=None, max_examples=4)
@given(npartitions=st.integers(min_value=1, max_value=8))
def test_partitioning_never_changes_claims(client, pandas_runs, npartitions):
    documents, expected, _ = pandas_runs["synthetic"]
    claims = extract_claims_dask(documents, client=client, extract=extract_claims_validated, npartitions=npartitions,
                                 prepare=with_corpus_story_hints).valid
    assert claims.to_csv(index=False) == expected.to_csv(index=False)


# --- articles tables ---------------------------------------------------------------------------------------------


def _articles_rows() -> list[dict]:
    rows = [
        {"doc_id": doc_id, "outlet": outlet, "published": published, "text": text}
        for doc_id, outlet, published, text in SYNTHETIC_ARTICLES
    ]
    return rows + [{"doc_id": "blank_row", "outlet": "Metro Wire", "published": "2023-06-12", "text": ""}]


def _write_table(folder: Path, suffix: str) -> Path:
    rows = _articles_rows()
    path = folder / f"articles{suffix}"
    if suffix == ".parquet":
        pd.DataFrame(rows).to_parquet(path, row_group_size=3)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("suffix", "blocksize"),
    [
        pytest.param(".jsonl", 600, id="jsonl-600-byte-blocks"),
        pytest.param(".parquet", 1, id="parquet-one-row-group-per-partition"),
    ],
)
def test_articles_table_is_read_lazily_and_validated(tmp_path, suffix, blocksize):
    table = _write_table(tmp_path, suffix)
    documents = read_articles_table(table, blocksize=blocksize)
    assert isinstance(documents, dd.DataFrame)
    assert documents.npartitions >= 2
    computed = DocumentSchema.validate(documents.compute().reset_index(drop=True))
    assert computed["doc_id"].tolist() == [row["doc_id"] for row in _articles_rows()]
    blank = computed.set_index("doc_id").loc["blank_row"]
    assert (blank["status"], blank["reason"]) == ("skipped", "empty text")
    assert set(computed.loc[computed["doc_id"] != "blank_row", "status"]) == {"ok"}


@pytest.mark.parametrize("suffix", [pytest.param(".jsonl", id="jsonl"), pytest.param(".parquet", id="parquet")])
def test_articles_table_claims_match_pandas_engine(client, tmp_path, suffix):

    documents = read_articles_table(_write_table(tmp_path, suffix), blocksize=600 if suffix == ".jsonl" else 1)
    extraction = extract_claims_dask(documents, client=client, extract=extract_claims_validated,
                                     prepare=with_corpus_story_hints)
    claims = extraction.valid
    expected = extract_claims_validated(documents.compute().reset_index(drop=True)).valid
    assert extraction.failures.empty and extraction.failed_documents.empty
    assert claims.to_csv(index=False) == expected.to_csv(index=False)


def test_articles_table_without_text_column_is_refused(tmp_path):
    table = tmp_path / "articles.jsonl"
    table.write_text(json.dumps({"body": "Rain fell.", "outlet": "Metro Wire"}) + "\n", encoding="utf-8")
    with pytest.raises(ArticlesTableError, match="no 'text' column"):
        read_articles_table(table)
    renamed = read_articles_table(table, text_column="body").compute()
    assert renamed["status"].tolist() == ["ok"]


RAIN = "Rain fell."
BYLINED = "By Ana Ruiz, Reuters\nMay 3, 2021\nRain fell."


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        pytest.param({"text": ""}, "reason", "empty text", id="empty-text-skipped"),
        pytest.param({"text": None}, "reason", "no text", id="missing-text-skipped"),
        pytest.param({"text": "   "}, "status", "skipped", id="whitespace-text-skipped"),
        pytest.param({"text": RAIN, "doc_id": "r1"}, "doc_id", "r1", id="doc-id-kept"),
        pytest.param({"text": RAIN, "published": "March 3, 2021"}, "published", "2021-03-03", id="date-words"),
        pytest.param({"text": RAIN, "published": "2021-03-03T08:00Z"}, "published", "2021-03-03", id="iso-stamp"),
        pytest.param({"text": RAIN, "published": "soon"}, "published_source", "unknown", id="bad-date"),
        pytest.param({"text": RAIN, "outlet": "Metro Wire"}, "outlet_source", "manifest", id="outlet-given"),
        pytest.param({"text": RAIN}, "outlet_source", "unknown", id="no-outlet-unknown"),
        pytest.param({"text": BYLINED}, "byline_source", "inferred", id="byline-in-text"),
        pytest.param({"text": BYLINED, "byline": "Desk"}, "byline", "Desk", id="table-beats-text"),
    ],
)
def test_article_row_becomes_document(row, column, expected):
    documents = documents_from_articles(pd.DataFrame([row]))
    assert DocumentSchema.validate(documents)[column].iloc[0] == expected


@pytest.mark.parametrize(
    ("texts", "n_distinct_ids"),
    [
        pytest.param(["Rain fell.", "Rain fell."], 2, id="repeated-row-gets-suffixed-id"),
        pytest.param(["Rain fell.", "Snow fell."], 2, id="different-texts"),
    ],
)
def test_missing_doc_ids_are_stable_hashes(texts, n_distinct_ids):
    articles = pd.DataFrame({"text": texts})
    first, second = documents_from_articles(articles), documents_from_articles(articles)
    assert first["doc_id"].tolist() == second["doc_id"].tolist()
    assert first["doc_id"].nunique() == n_distinct_ids


def test_wire_copy_from_two_outlets_gets_two_ids():
    articles = pd.DataFrame({"text": ["Rain fell."] * 2, "outlet": ["Metro Wire", "Andes Wire"]})
    documents = documents_from_articles(articles)
    assert documents["doc_id"].nunique() == 2
    assert documents["status"].tolist() == ["ok", "ok"]
