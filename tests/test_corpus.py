"""Stage 1 tests: files -> documents. Bad input is built in tmp_path; the wire-copy texts are invented, not seeds."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.corpus import (
    CorpusError,
    CorpusWarning,
    boilerplate_spans,
    find_boilerplate,
    infer_metadata,
    load_corpus,
    summarise_inventory,
)
from reconcile.schema import DocumentSchema, columns_of

pytestmark = pytest.mark.filterwarnings("ignore::reconcile.corpus.CorpusWarning")

FLOOD = "Rescuers said at least 40 people died when the river burst its banks on Sunday.\n".encode()
PROTEST = "Organisers put the crowd at 80,000; police said about 25,000 marched.\n".encode()
CAFE = "Le café du marché a fermé, a déclaré l’élu à Zürich — “naïve” façade.\n"
MANIFEST = "doc_id,file,outlet,published,url,byline\nflood,flood.txt,Daily Example,2023-05-14,,Jane Roe\n"
BAD_HEADER = "name,outlet\nflood.txt,Daily Example\n"
EXTRA_COLUMN = "doc_id,file,outlet,section\nflood,flood.txt,Daily Example,World\n"
GHOST = MANIFEST + "ghost,ghost.txt,Daily Example,2023-05-15,,\n"
TWICE = MANIFEST + "flood,quake.txt,Other Paper,2023-05-16,,\n"
BAD_DATE = "doc_id,file,published\nflood,flood.txt,sometime in May\n"
AMBIGUOUS_DATE = "doc_id,file,published\nflood,flood.txt,03/04/2023\n"


def _write_corpus(folder: Path, files: dict[str, bytes], manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


def _row(documents: pd.DataFrame, doc_id: str) -> pd.Series:
    return documents.set_index("doc_id").loc[doc_id]


BAD_INPUTS = [
    pytest.param({"blank.txt": b""}, None, 5_000_000, "blank", "skipped", "reason", "empty file", id="empty"),
    pytest.param({"scan.txt": b"\x89PNG\r\n\x00\x00IHDR"}, None, 5_000_000, "scan", "skipped", "reason", "binary", id="binary-nul"),
    pytest.param({"noise.txt": bytes(range(1, 32)) * 8}, None, 5_000_000, "noise", "skipped", "reason", "binary", id="binary-controls"),
    pytest.param({"cafe.txt": CAFE.encode("cp1252")}, None, 5_000_000, "cafe", "ok", "warnings", "decoded as cp1252 (not UTF-8)", id="cp1252"),
    pytest.param({"cafe.txt": CAFE.replace("’", "'").replace("—", "-").replace("“", '"').replace("”", '"').encode("latin-1")}, None, 5_000_000, "cafe", "ok", "warnings", "(not UTF-8)", id="latin-1"),
    pytest.param({"bom.txt": b"\xef\xbb\xbf" + FLOOD}, None, 5_000_000, "bom", "ok", "warnings", "utf-8-sig", id="utf8-bom"),
    pytest.param({"big.txt": FLOOD * 10}, None, 200, "big", "skipped", "reason", "800 bytes, over the limit of 200 bytes", id="oversize"),
    pytest.param({"photo.jpg": b"\xff\xd8\xff"}, None, 5_000_000, "photo", "skipped", "reason", "unsupported file type '.jpg'", id="other-extension"),
    pytest.param({"gap.md": b"  \n\t\n"}, None, 5_000_000, "gap", "skipped", "reason", "only whitespace", id="whitespace-only"),
    pytest.param({}, GHOST, 5_000_000, "ghost", "skipped", "reason", "listed in manifest.csv but file not found", id="manifest-file-missing"),
    pytest.param({"extra.txt": PROTEST}, MANIFEST, 5_000_000, "extra", "ok", "warnings", "not listed in manifest.csv", id="absent-from-manifest"),
    pytest.param({"quake.txt": PROTEST}, TWICE, 5_000_000, "flood~quake.txt", "skipped", "reason", "duplicate doc_id 'flood'", id="duplicate-manifest-id"),
    pytest.param({"flood.md": PROTEST}, None, 5_000_000, "flood~flood.txt", "skipped", "reason", "duplicate doc_id 'flood' (already used by", id="duplicate-file-stem"),
    pytest.param({}, BAD_DATE, 5_000_000, "flood", "ok", "warnings", "unparseable date 'sometime in May'", id="bad-manifest-date"),
    pytest.param({}, AMBIGUOUS_DATE, 5_000_000, "flood", "ok", "warnings", "ambiguous date '03/04/2023'", id="ambiguous-manifest-date"),
    pytest.param({}, BAD_HEADER, 5_000_000, "flood", "ok", "warnings", "lacks required column(s) doc_id, file", id="manifest-missing-columns"),
    pytest.param({}, EXTRA_COLUMN, 5_000_000, "flood", "ok", "warnings", "column(s) section not recognised", id="manifest-unknown-column"),
    pytest.param({}, "doc_id,file\n\"unclosed,flood.txt\n", 5_000_000, "flood", "ok", "warnings", "manifest.csv could not be read", id="manifest-unreadable"),
]


@pytest.mark.parametrize(("files", "manifest", "max_bytes", "doc_id", "status", "column", "fragment"), BAD_INPUTS)
def test_bad_input_names_the_file_and_the_rest_is_read(tmp_path, files, manifest, max_bytes, doc_id, status, column, fragment):
    folder = _write_corpus(tmp_path / "corpus", {"flood.txt": FLOOD, **files}, manifest)
    documents = load_corpus(folder, max_bytes=max_bytes)
    row = _row(documents, doc_id)
    assert (row["status"], fragment in str(row[column])) == (status, True), row.to_dict()
    assert _row(documents, "flood")["status"] == "ok"
    assert pd.isna(row["text"]) == (status == "skipped")


@pytest.mark.parametrize(
    ("files", "doc_id", "fragment"),
    [
        pytest.param({"blank.txt": b""}, "blank", "blank.txt: skipped: empty file", id="skip-warns"),
        pytest.param({"cafe.txt": CAFE.encode("cp1252")}, "cafe", "cafe.txt: decoded as cp1252", id="encoding-warns"),
    ],
)
def test_problems_are_also_python_warnings(tmp_path, files, doc_id, fragment):
    folder = _write_corpus(tmp_path / "corpus", {"flood.txt": FLOOD, **files})
    with pytest.warns(CorpusWarning, match=fragment):
        load_corpus(folder)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(CAFE, "cp1252", id="cp1252-quotes"),
        pytest.param("Café in Zürich: naïve façade, 3 °C.\n", "latin-1", id="latin-1-short"),
        pytest.param("Über 200 Menschen starben in Köln, sagte die Polizei.\n", "cp1252", id="german-short"),
    ],
)
def test_legacy_encodings_decode_to_the_original_characters(tmp_path, text, encoding):
    folder = _write_corpus(tmp_path / "corpus", {"story.txt": text.encode(encoding)})
    row = _row(load_corpus(folder), "story")
    assert (row["text"], row["encoding"] != "utf-8") == (text, True)


def test_manifest_values_carry_manifest_provenance_and_gaps_are_inferred(tmp_path):
    manifest = "doc_id,file,outlet,published,url,byline\nflood,flood.txt,Daily Example,2023-05-14,https://x.example/f,\n"
    story = b"By Ana Ruiz and Tom Berg, Reuters\nPosted on Sunday, May 14, 2023\n" + FLOOD
    documents = load_corpus(_write_corpus(tmp_path / "c", {"flood.txt": story}, manifest))
    row = _row(documents, "flood")
    assert (row["outlet"], row["outlet_source"]) == ("Daily Example", "manifest")
    assert (row["published"], row["published_source"], row["url"]) == ("2023-05-14", "manifest", "https://x.example/f")
    assert (row["byline"], row["byline_source"]) == ("Ana Ruiz and Tom Berg", "inferred")


@pytest.mark.parametrize(
    ("manifest_date", "story", "published", "source"),
    [
        pytest.param("not a date", b"Posted on Sunday, May 14, 2023\n" + FLOOD, "2023-05-14", "inferred", id="bad-date-falls-back-to-dateline"),
        pytest.param("not a date", FLOOD, None, "unknown", id="bad-date-no-dateline"),
        pytest.param("14 May 2023", FLOOD, "2023-05-14", "manifest", id="written-date-accepted"),
        pytest.param("2023-05-14T08:00:00Z", FLOOD, "2023-05-14", "manifest", id="iso-datetime-accepted"),
        pytest.param("2023-02-30", FLOOD, None, "unknown", id="impossible-iso-date"),
    ],
)
def test_manifest_dates(tmp_path, manifest_date, story, published, source):
    manifest = f"doc_id,file,published\nflood,flood.txt,{manifest_date}\n"
    row = _row(load_corpus(_write_corpus(tmp_path / "c", {"flood.txt": story}, manifest)), "flood")
    assert (None if pd.isna(row["published"]) else row["published"], row["published_source"]) == (published, source)


def test_manifest_date_that_disagrees_with_the_dateline_is_noted(tmp_path):
    manifest = "doc_id,file,published\nflood,flood.txt,2023-05-15\n"
    story = b"Posted on Sunday, May 14, 2023\n" + FLOOD
    row = _row(load_corpus(_write_corpus(tmp_path / "c", {"flood.txt": story}, manifest)), "flood")
    assert (row["published"], "differs from the date printed in the text (2023-05-14)" in row["warnings"]) == ("2023-05-15", True)


@pytest.mark.parametrize(
    ("make_source", "message"),
    [
        pytest.param(lambda root: root / "nowhere", "corpus path does not exist", id="nonexistent-path"),
        pytest.param(lambda root: _write_corpus(root / "c", {}), "no files to read", id="empty-folder"),
        pytest.param(lambda root: _write_corpus(root / "c", {"README.md": b"notes"}, "doc_id,file\n"), "no files to read", id="only-readme-and-manifest"),
        pytest.param(lambda root: _write_corpus(root / "c", {"a.txt": b"", "b.pdf": b"%PDF"}), "no readable article", id="nothing-readable"),
        pytest.param(lambda root: [], "no files to read", id="empty-list"),
    ],
)
def test_unreadable_corpus_raises_one_clear_line(tmp_path, make_source, message):
    with pytest.raises(CorpusError, match=message) as caught:
        load_corpus(make_source(tmp_path))
    assert "\n" not in str(caught.value)


def test_readme_is_ignored_but_other_markdown_is_an_article(tmp_path):
    folder = _write_corpus(tmp_path / "c", {"README.md": b"Collector notes.", "notes.md": FLOOD, ".hidden.txt": FLOOD})
    documents = load_corpus(folder)
    # The hidden file is not read, but it is accounted for; README.md and manifest.csv describe the folder.
    assert documents[["doc_id", "status"]].values.tolist() == [[".hidden", "skipped"], ["notes", "ok"]]


def test_a_parser_failing_on_one_file_costs_that_file_only(tmp_path, monkeypatch):
    def trafilatura_fails(page):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("reconcile.corpus.load.html_text_and_metadata", trafilatura_fails)
    folder = _write_corpus(tmp_path / "c", {"flood.txt": FLOOD, "deep.html": b"<html><body><p>Deep page</p></body></html>"})
    documents = load_corpus(folder)
    assert _row(documents, "deep")[["status", "reason"]].tolist() == [
        "skipped", "could not be read (RecursionError: maximum recursion depth exceeded)"]
    assert _row(documents, "flood")["text"] == FLOOD.decode()


def test_explicit_file_list_uses_the_folder_manifest_and_records_missing_files(tmp_path):
    folder = _write_corpus(tmp_path / "c", {"flood.txt": FLOOD, "march.txt": PROTEST}, MANIFEST)
    documents = load_corpus([folder / "flood.txt", folder / "gone.txt"])
    assert documents[["doc_id", "status", "outlet"]].fillna("").values.tolist() == [
        ["flood", "ok", "Daily Example"],
        ["gone", "skipped", ""],
    ]
    assert _row(documents, "gone")["reason"] == "file not found"


HTML_PAGE = """<!DOCTYPE html><html><head><title>Dam breach floods valley | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2023-05-14T08:00:00Z">
<meta name="author" content="Jane Roe"><link rel="canonical" href="https://example.org/news/dam"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<article><h1>Dam breach floods valley</h1>
<p>At least 40 people died when the dam gave way on Sunday, the regional governor said, as rescuers searched for dozens more.</p>
<p>The fire brigade put the toll at 38 and said 120 homes had been destroyed in the worst flooding in a generation.</p>
<p>"We have never seen water rise this fast," said a farmer who lost his barn. Volunteers filled sandbags all night.</p>
</article><footer><p>Cookie settings and privacy policy</p><p>Subscribe to our morning newsletter</p></footer></body></html>"""


def test_html_main_text_is_extracted_without_page_furniture(tmp_path):
    row = _row(load_corpus(_write_corpus(tmp_path / "c", {"dam.html": HTML_PAGE.encode()})), "dam")
    assert "the fire brigade put the toll at 38" in row["text"].lower()
    assert [junk for junk in ("World news menu", "Cookie settings", "newsletter", "<p>") if junk in row["text"]] == []
    assert "extracted from HTML by trafilatura" in row["warnings"]
    assert (row["outlet"], row["published"], row["byline"], row["url"]) == (
        "The Daily Example", "2023-05-14", "Jane Roe", "https://example.org/news/dam")
    assert {row["outlet_source"], row["published_source"], row["byline_source"]} == {"inferred"}


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        pytest.param("Posted on Monday, March 4, 2019 | 10:02 am\nFlood waters rose.", "published", "2019-03-04", id="posted-dateline"),
        pytest.param("Quake hits coast\n12 June 2021\nThe ground shook.", "published", "2021-06-12", id="date-alone"),
        pytest.param("Oct. 3, 2022 4:15 PM EDT\nThe strike began.", "published", "2022-10-03", id="date-and-time"),
        pytest.param("Published 14 May 2023\nUpdated 15 May 2023\nText.", "published", "2023-05-14", id="published-beats-updated"),
        pytest.param("Updated: Sept. 9, 2020\nText.", "published", "2020-09-09", id="updated-only"),
        pytest.param("On March 4, 2019, protesters filled the square.", "published", None, id="date-inside-a-sentence"),
        pytest.param("KYIV, March 2 (Reuters) - Shelling hit the city.", "published", None, id="no-year-no-date"),
        pytest.param("Posted yesterday\nText.", "published", None, id="relative-date"),
        pytest.param("By Ana Ruiz and Tom Berg, Reuters\nText.", "byline", "Ana Ruiz and Tom Berg", id="byline-with-credit"),
        pytest.param("By Ana Ruiz and Tom Berg, Reuters\nText.", "outlet", "Reuters", id="byline-credit-outlet"),
        pytest.param("By Jane Doe | The Guardian\nText.", "outlet", "The Guardian", id="byline-pipe-credit"),
        pytest.param("By The Associated Press\nText.", "outlet", "Associated Press", id="byline-is-an-outlet"),
        pytest.param("By Tuesday, the river had risen two metres.\nText.", "byline", None, id="by-opening-a-sentence"),
        pytest.param("JAKARTA, Indonesia (AP) — At least 12 people died.", "outlet", "Associated Press", id="wire-dateline-ap"),
        pytest.param("KYIV, March 2 (Reuters) - Shelling hit the city.", "outlet", "Reuters", id="wire-dateline-reuters"),
        pytest.param("The march ended peacefully.\nCredit: AFP", "outlet", "Agence France-Presse", id="credit-line"),
        pytest.param("The march ended peacefully.\nCredit: Source link", "outlet", None, id="credit-names-no-outlet"),
        pytest.param("SANTIAGO (Local Herald) — Fires spread.", "outlet", None, id="unknown-outlet-not-guessed"),
        pytest.param("Published 7:45 AM EDT, Tuesday, May 2, 2023\nText.", "published", "2023-05-02", id="time-before-date"),
        pytest.param("March 2, 2023 9:14 AM GMT Updated 2 hours ago\nText.", "published", "2023-03-02", id="date-then-updated"),
        pytest.param("Sun 14 May 2023 08.00 BST\nText.", "published", "2023-05-14", id="day-first-with-time"),
        pytest.param("Storm nears coast\nBy JANE DOE\nAssociated Press\nText.", "outlet", "Associated Press", id="outlet-line-under-byline"),
        pytest.param("Storm nears coast\nBy JANE DOE\nAssociated Press\nText.", "byline", "JANE DOE", id="upper-case-byline"),
    ],
)
def test_infer_metadata(text, field, expected):
    assert infer_metadata(text)[field] == expected


@pytest.mark.parametrize(
    ("line", "pattern_id"),
    [
        pytest.param("Source link", "source_link", id="source-link"),
        pytest.param("Credit: Source link", "source_link", id="credit-source-link"),
        pytest.param("Comentários", "comments_heading", id="comments-pt"),
        pytest.param("Please read our comment policy before commenting.", "comment_policy", id="comment-policy"),
        pytest.param("• Ana Ruiz can be reached at aruiz@example.com.", "contact_email", id="contact-email"),
        pytest.param("SEE ALSO: Rescuers reach cut-off villages", "see_also", id="see-also"),
        pytest.param("READ MORE: How the levee failed", "see_also", id="read-more"),
        pytest.param("01:12:05", "video_timestamp", id="long-timestamp"),
        pytest.param("ADVERTISEMENT", "advertisement", id="advertisement"),
        pytest.param("© 2023 Example Media Group. All rights reserved.", "copyright", id="copyright"),
        pytest.param("____", "rule_line", id="rule-line"),
        pytest.param("Reuters reporters in Lima contributed to this report.", "contributor_credit", id="contributor-credit"),
    ],
)
def test_boilerplate_lines_are_found_by_their_rule(line, pattern_id):
    text = "The river crested at 6 metres on Sunday.\n" + line + "\n"
    spans = find_boilerplate(text)
    assert [(text[s:e], p) for s, e, p in spans[["start", "end", "pattern_id"]].itertuples(index=False)] == [(line, pattern_id)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Police said 2,000 people marched. Organisers said more.", id="article-sentence"),
        pytest.param("The vote is at 10:30 on Tuesday, officials said.", id="time-inside-sentence"),
        pytest.param("Share prices fell 3% on the news.", id="share-word-in-sentence"),
        pytest.param("Credits for the rebuilding will be paid by the state.", id="credit-word-in-sentence"),
    ],
)
def test_article_text_is_not_boilerplate(text):
    assert find_boilerplate(text).empty


def test_boilerplate_offsets_index_the_unaltered_text(tmp_path):
    raw = "By Ana Ruiz\r\nThe levee broke at dawn.\r\n\r\nWatch the rescue\r\n\r\n02:41\r\nIt held for a day.\r\nSource link"
    row = _row(load_corpus(_write_corpus(tmp_path / "c", {"levee.txt": raw.encode()})), "levee")
    spans = json.loads(row["boilerplate_spans"])
    assert row["text"] == raw
    assert [row["text"][start:end] for start, end in spans] == ["Watch the rescue\r\n\r\n02:41", "Source link"]


SEED_MANIFEST = [
    pytest.param("000_0e277b86254d4451", "The New York Times", "manifest", "2024-10-23", id="seed-000"),
    pytest.param("001_63929aea8ebbf5d4", "The Washington Times", "manifest", "2024-10-28", id="seed-001"),
    pytest.param("002_4517ef6bbb3d0375", "Associated Press", "manifest", "2024-10-23", id="seed-002"),
    pytest.param("003_a86b3207c2ed68ff", None, "unknown", "2024-10-23", id="seed-003-outlet-unknown"),
    pytest.param("004_b43ba051ed14bbce", "CBS News", "manifest", "2024-10-23", id="seed-004"),
]


@pytest.fixture(scope="module")
def seed_documents(seeds_dir):
    return load_corpus(seeds_dir)


@pytest.mark.parametrize(("doc_id", "outlet", "outlet_source", "published"), SEED_MANIFEST)
def test_seed_documents_carry_manifest_metadata(seed_documents, doc_id, outlet, outlet_source, published):
    row = _row(seed_documents, doc_id)
    assert (None if pd.isna(row["outlet"]) else row["outlet"], row["outlet_source"]) == (outlet, outlet_source)
    assert (row["published"], row["published_source"], row["status"]) == (published, "manifest", "ok")


def test_seed_corpus_shape(seed_documents, seeds_dir):
    assert (seed_documents["status"] == "ok").sum() == 5
    assert list(seed_documents.columns) == columns_of(DocumentSchema)
    assert seed_documents["doc_id"].is_monotonic_increasing
    assert summarise_inventory(seed_documents) == ""
    first = seed_documents.iloc[0]
    assert first["text"] == (seeds_dir / f"{first['doc_id']}.txt").read_bytes().decode("utf-8")


def test_same_input_gives_byte_identical_documents(seeds_dir):
    assert load_corpus(seeds_dir).to_csv(index=False) == load_corpus(seeds_dir).to_csv(index=False)


def test_summarise_inventory_lists_only_skipped_and_warned_files(tmp_path):
    folder = _write_corpus(tmp_path / "c", {"flood.txt": FLOOD, "blank.txt": b"", "cafe.txt": CAFE.encode("cp1252")})
    lines = summarise_inventory(load_corpus(folder)).splitlines()
    assert [line.split(":")[0] for line in lines] == [f"skipped {folder / 'blank.txt'}", f"warning {folder / 'cafe.txt'}"]


ARTICLE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\r\t"), min_size=1, max_size=300
).filter(lambda text: text.strip() != "")


@settings(derandomize=True, deadline=None, max_examples=60)
@given(text=ARTICLE_TEXT)
def test_any_utf8_text_round_trips_exactly(text):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "story.txt").write_bytes(text.encode("utf-8"))
        assert load_corpus(folder).loc[0, "text"] == text


@settings(derandomize=True, deadline=None, max_examples=100)
@given(text=st.lists(st.sampled_from(list("ab :.•@_-0123\n\r") + ["Source link", "SEE ALSO:", "\r\n"]), max_size=80).map("".join))
def test_boilerplate_spans_are_sorted_disjoint_and_inside_the_text(text):
    spans = boilerplate_spans(text)
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert all(left[1] < right[0] for left, right in zip(spans, spans[1:]))


def test_user_outlets_lexicon_extends_the_shipped_one(tmp_path, monkeypatch):
    story = "HAVANA (Local Herald) — Fires spread across the hills.\n"
    assert infer_metadata(story)["outlet"] is None
    (tmp_path / "outlets.csv").write_text("# a regional paper\noutlet,alias\nThe Local Herald,Local Herald\n")
    monkeypatch.setenv("RECONCILE_LEXICONS", str(tmp_path))
    assert infer_metadata(story)["outlet"] == "The Local Herald"
