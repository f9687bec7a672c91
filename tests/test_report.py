"""Report stage tests: small hand-made frames (a flood, not the seeds) -> out/ folder, checked file by file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reconcile.report
from reconcile import _io
from reconcile.report import ReportInputs, render_report
from reconcile.report.context import anchor_id, highlight
from reconcile.report.plots import figure_to_svg, plot_timeline, timeline_points
from reconcile.report.render import markdown_cell
from reconcile.schema import (
    ClaimSchema,
    DocumentSchema,
    EstimateSchema,
    FindingSchema,
    RelationSchema,
    columns_of,
)
from reconcile.validation import FAILURE_COLUMNS

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b> & "quoted" | pipe'
OUTPUT_FILES = [
    "claims.csv",
    "documents.csv",
    "estimates.csv",
    "findings.json",
    "rejected_claims.csv",
    "relations.csv",
    "report.html",
    "report.md",
]

TEXTS = {
    "wire-a": (
        "RIVERTON, March 3 (Wire) - At least 40 people died when the Lenna river burst its banks, the regional "
        "emergency agency said on Monday. Officials said 12 people were still missing."
    ),
    "wire-b": (
        "The death toll from the Lenna floods has risen to 65, health minister Ana Folau told reporters on Tuesday, "
        "citing hospital records. " + HOSTILE
    ),
    "blog-c": "=HYPERLINK(\"http://evil.example\") Local volunteers counted about 90 dead in three villages.",
}


def frame(schema, rows: list[dict]) -> pd.DataFrame:
    """A schema-valid frame from partial rows: every declared column present, missing cells empty."""
    columns = columns_of(schema)
    full = [{column: row.get(column) for column in columns} for row in rows]
    return schema.validate(pd.DataFrame(full, columns=columns))


def span(doc_id: str, words: str) -> tuple[int, int]:
    start = TEXTS[doc_id].index(words)
    return start, start + len(words)


def sentence_of(doc_id: str, words: str) -> str:
    text = TEXTS[doc_id]
    start = text.index(words)
    begin = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) != -1 else 0
    end = text.find(". ", start)
    return text[begin : (end + 1 if end != -1 else len(text))]


def claim(claim_id, doc_id, words, **values) -> dict:
    start, end = span(doc_id, words)
    base = {"claim_id": claim_id, "doc_id": doc_id, "kind": "count", "subject": "flood_deaths", "status": "killed",
            "text": sentence_of(doc_id, words), "start": start, "end": end}
    return base | values


def documents_frame() -> pd.DataFrame:
    return frame(DocumentSchema, [
        {"doc_id": "wire-a", "path": "a.txt", "outlet": "Wire Service", "outlet_source": "manifest",
         "published": "2025-03-03", "published_source": "manifest", "byline_source": "unknown", "text": TEXTS["wire-a"],
         "status": "ok", "url": "https://news.example/a"},
        {"doc_id": "wire-b", "path": "b.txt", "outlet": "Daily Ledger", "outlet_source": "inferred",
         "published": "2025-03-04", "published_source": "inferred", "byline": HOSTILE, "byline_source": "manifest",
         "text": TEXTS["wire-b"], "status": "ok"},
        {"doc_id": "blog-c", "path": "c.txt", "outlet_source": "unknown", "published_source": "unknown",
         "byline_source": "unknown", "text": TEXTS["blog-c"], "status": "ok", "warnings": "decoded from cp1252"},
        {"doc_id": "empty-d", "path": "d.pdf", "outlet_source": "unknown", "published_source": "unknown",
         "byline_source": "unknown", "status": "skipped", "reason": "not a text file (.pdf)"},
    ])


def claims_frame() -> pd.DataFrame:
    return frame(ClaimSchema, [
        claim("c1", "wire-a", "At least 40 people", outlet="Wire Service", published="2025-03-03",
              value_low=40.0, qualifier="at_least", source_org="Regional Emergency Agency",
              source_country="Valdoria", stated_on="2025-03-03"),
        claim("c2", "wire-a", "12 people", outlet="Wire Service", published="2025-03-03", status="other",
              subject="people_missing", value_low=12.0, value_high=12.0, qualifier="exact"),
        claim("c3", "wire-b", "risen to 65", outlet="Daily Ledger", published="2025-03-04", value_low=65.0,
              value_high=65.0, qualifier="exact", speaker="Ana Folau", source_org=HOSTILE, source_country="Valdoria",
              via="hospital records", stated_on="2025-03-04"),
        claim("c4", "blog-c", "about 90 dead", published=None, value_low=80.0, value_high=100.0, qualifier="approx",
              speaker="=cmd|' /C calc'!A0", source_country="International", stated_on="2025-03-05"),
    ])


def relations_frame() -> pd.DataFrame:
    return frame(RelationSchema, [
        {"claim_id_l": "c1", "claim_id_r": "c3", "claim_key": "flood_deaths|killed", "relation": "compatible",
         "rule_id": "R-open-bound", "label": "open bound covers figure", "reason": "65 is at least 40"},
        {"claim_id_l": "c3", "claim_id_r": "c4", "claim_key": "flood_deaths|killed", "relation": "conflict",
         "rule_id": "R-disjoint", "label": "disjoint intervals", "reason": "+65 vs 80-100"},
    ])


def finding(finding_id, rank, relation, left, right, **values) -> dict:
    row = {"finding_id": finding_id, "rank": rank, "relation": relation, "rule_id": f"R-{relation}",
           "label": relation.replace("_", " "), "kind": "count", "subject": "flood_deaths", "status": "killed",
           "severity": 1.0 / rank, "summary": f"{relation} between {left['claim_id']} and {right['claim_id']}"}
    for side, one in (("l", left), ("r", right)):
        row |= {f"claim_ids_{side}": one["claim_id"], f"doc_id_{side}": one["doc_id"],
                f"evidence_{side}": one["text"], f"start_{side}": one["start"], f"end_{side}": one["end"],
                f"n_independent_{side}": 1}
    return row | values


def findings_frame() -> pd.DataFrame:
    claims = {row["claim_id"]: row for row in claims_frame().to_dict("records")}
    return frame(FindingSchema, [
        finding("f1", 1, "conflict", claims["c3"], claims["c4"], value_l="65", value_r="about 90",
                sources_l=f"Ana Folau ({HOSTILE})", sources_r="unattributed", via_l="hospital records",
                outlets_l="Daily Ledger", outlets_r="unknown"),
        finding("f2", 2, "compatible", claims["c1"], claims["c3"], value_l="at least 40", value_r="65",
                sources_l="Regional Emergency Agency", sources_r="Ana Folau", outlets_l="Wire Service",
                outlets_r="Daily Ledger"),
    ])


def estimates_frame() -> pd.DataFrame:
    return frame(EstimateSchema, [
        {"subject": "flood_deaths", "status": "killed", "as_of": "2025-03-05", "low": 40.0, "best": 65.0,
         "high": 100.0, "n_sources": 3, "sources": "Ana Folau; Regional Emergency Agency; unattributed",
         "claim_ids": "c1; c3; c4", "rule": "E-median"},
    ])


def rejected_frame() -> pd.DataFrame:
    return pd.DataFrame([
        {"row": 4, "id": "c9", "column": "qualifier", "check": "isin(...)", "failure_case": HOSTILE},
        {"row": 4, "id": "c9", "column": None, "check": "start must be before end", "failure_case": None},
    ], columns=FAILURE_COLUMNS)


def inputs(**overrides) -> ReportInputs:
    tables = {"documents": documents_frame(), "claims": claims_frame(), "relations": relations_frame(),
              "findings": findings_frame(), "estimates": estimates_frame(), "rejected_claims": rejected_frame(),
              "title": f"Lenna floods {HOSTILE}", "generated_from": "corpus/lenna"}
    return ReportInputs(**(tables | overrides))


def empty_inputs() -> ReportInputs:
    empty = {name: pd.DataFrame(columns=columns_of(schema)) for name, schema in (
        ("claims", ClaimSchema), ("relations", RelationSchema), ("findings", FindingSchema),
        ("estimates", EstimateSchema))}
    return inputs(**empty, rejected_claims=pd.DataFrame(columns=FAILURE_COLUMNS))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    return render_report(inputs(), tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered["report.html"].read_text(encoding="utf-8")


def test_every_file_is_written(rendered):
    assert sorted(rendered) == OUTPUT_FILES
    assert all(path.is_file() and path.stat().st_size > 0 for path in rendered.values())


@pytest.mark.parametrize("raw", [
    pytest.param("<script>alert", id="script-tag"),
    pytest.param("<img src=x onerror", id="img-onerror"),
    pytest.param("<b>bold</b>", id="markup"),
])
def test_html_never_contains_hostile_markup_raw(html, raw):
    assert raw not in html


@pytest.mark.parametrize("escaped", [
    pytest.param("&lt;script&gt;alert(1)&lt;/script&gt;", id="script-escaped"),
    pytest.param("&lt;img src=x onerror=", id="img-escaped"),
    pytest.param("&lt;b&gt;bold&lt;/b&gt;", id="markup-escaped"),
])
def test_html_shows_hostile_text_escaped(html, escaped):
    assert escaped in html


def test_html_loads_no_remote_resources(html):
    targets = re.findall(r"""(?:src|href|action|srcset)\s*=\s*["']?([^"'\s>]+)""", html, flags=re.I)
    assert targets, "expected in-page links"
    assert all(not target.lower().startswith(("http:", "https:", "//")) for target in targets)
    assert "@import" not in html
    assert all(target.startswith("#") for target in re.findall(r"url\(\s*([^)]*)\)", html))


def test_html_shows_document_url_as_text_only(html):
    assert "https://news.example/a" in html
    assert 'href="https://news.example' not in html


@pytest.mark.parametrize("section", ["summary", "conflicts", "findings", "estimates", "timelines", "sources",
                                     "claims", "documents", "rejected", "texts"])
def test_html_sections_come_in_order(html, section):
    order = ["summary", "conflicts", "findings", "estimates", "timelines", "sources", "claims", "documents",
             "rejected", "texts"]
    positions = [html.index(f'id="{name}"') for name in order]
    assert positions == sorted(positions)
    assert f'id="{section}"' in html


def test_conflict_names_both_sides_and_marks_the_span(html):
    conflicts = html[html.index('id="conflicts"'):html.index('id="findings"')]
    assert "Daily Ledger" in conflicts and "hospital records" in conflicts and "about 90" in conflicts
    assert "<mark>risen to 65</mark>" in conflicts
    assert f'href="#{anchor_id("wire-b")}-{TEXTS["wire-b"].index("risen to 65")}"' in conflicts


def test_every_in_page_link_resolves(html):
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links and links <= ids


def test_other_findings_grouped_by_relation(html):
    assert 'id="group-compatible"' in html
    assert 'id="group-conflict"' not in html  # the only conflict already leads the report


def test_timeline_plot_is_inline_svg(html):
    timelines = html[html.index('id="timelines"'):html.index('id="sources"')]
    assert timelines.count("<svg") == 2  # flood_deaths and people_missing
    assert "<image" not in timelines


def test_inventory_lists_skipped_file_with_reason_and_unknown_provenance(html):
    documents = html[html.index('id="documents"'):html.index('id="rejected"')]
    assert "empty-d" in documents and "not a text file (.pdf)" in documents and "skipped" in documents
    assert "unknown" in documents and "inferred from text" in documents


def test_rejected_rows_listed_with_checks(html):
    rejected = html[html.index('id="rejected"'):html.index('id="texts"')]
    assert "start must be before end" in rejected and "c9" in rejected


def test_csv_cells_are_neutralised_but_frames_unchanged(tmp_path):
    given_inputs = inputs()
    before = given_inputs.documents.copy(), given_inputs.claims.copy()
    paths = render_report(given_inputs, tmp_path)
    assert "'=HYPERLINK" in paths["documents.csv"].read_text(encoding="utf-8")
    assert ",'=cmd|" in paths["claims.csv"].read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(given_inputs.documents, before[0])
    pd.testing.assert_frame_equal(given_inputs.claims, before[1])
    assert given_inputs.claims.loc[3, "speaker"].startswith("=")


def test_two_renders_are_byte_identical(tmp_path):
    first = render_report(inputs(), tmp_path / "one")
    second = render_report(inputs(), tmp_path / "two", progress=True)
    assert {name: path.read_bytes() for name, path in first.items()} == {
        name: path.read_bytes() for name, path in second.items()}


def test_shuffled_input_rows_give_identical_output(tmp_path):
    shuffled = inputs(claims=claims_frame().iloc[::-1], findings=findings_frame().iloc[::-1],
                      documents=documents_frame().iloc[::-1])
    first = render_report(inputs(), tmp_path / "one")
    second = render_report(shuffled, tmp_path / "two")
    assert all(first[name].read_bytes() == second[name].read_bytes() for name in first)


def test_interrupted_write_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    render_report(inputs(), tmp_path)
    old = (tmp_path / "report.html").read_bytes()

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(_io.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        render_report(inputs(title="A different title"), tmp_path)
    assert (tmp_path / "report.html").read_bytes() == old
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_interrupted_first_write_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(_io.os, "replace", lambda source, target: (_ for _ in ()).throw(OSError("boom")))
    with pytest.raises(OSError):
        render_report(inputs(), tmp_path / "fresh")
    assert sorted(os.listdir(tmp_path / "fresh")) == []


def test_empty_inputs_still_render_and_say_so(tmp_path):
    paths = render_report(empty_inputs(), tmp_path)
    html_text = paths["report.html"].read_text(encoding="utf-8")
    assert "No conflicts found" in html_text and "No claims were extracted" in html_text
    assert "No claim rows were rejected" in html_text and "<svg" not in html_text
    assert json.loads(paths["findings.json"].read_text()) == {
        "documents": {"ok": 3, "skipped": 1}, "estimates": [], "findings": []}
    assert paths["claims.csv"].read_text().startswith("claim_id,doc_id,")


def test_inputs_without_any_columns_render(tmp_path):
    bare = ReportInputs(*(pd.DataFrame() for _ in range(6)), title="Nothing", generated_from="claims.csv")
    paths = render_report(bare, tmp_path)
    assert "No document inventory was given" in paths["report.html"].read_text(encoding="utf-8")


def test_findings_json_is_sorted_with_nulls(rendered):
    text = rendered["findings.json"].read_text(encoding="utf-8")
    payload = json.loads(text)
    assert list(payload) == ["documents", "estimates", "findings"]
    assert payload["documents"] == {"ok": 3, "skipped": 1}
    assert [f["finding_id"] for f in payload["findings"]] == ["f1", "f2"]
    assert payload["findings"][1]["via_l"] is None and "NaN" not in text
    assert list(payload["findings"][0]) == sorted(payload["findings"][0])


def test_markdown_tells_the_same_story_safely(rendered):
    text = rendered["report.md"].read_text(encoding="utf-8")
    assert text.index("## Conflicts that matter most") < text.index("## Other findings") < text.index(
        "## Estimates") < text.index("## Documents")
    assert "<script" not in text and "&lt;script&gt;" in text
    assert "not a text file (.pdf)" in text
    assert "\\| pipe" in text  # the hostile "| pipe" stays inside its cell
    tables, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append(len(re.findall(r"(?<!\\)\|", line)))
        elif current:
            tables, current = tables + [current], []
    assert tables and all(len(set(widths)) == 1 for widths in tables)


@pytest.mark.parametrize("cell, expected", [
    pytest.param("a|b", "a\\|b", id="pipe"),
    pytest.param("line one\nline two", "line one line two", id="newline"),
    pytest.param("<i>x</i>", "&lt;i&gt;x&lt;/i&gt;", id="html"),
    pytest.param(None, "", id="missing"),
])
def test_markdown_cell(cell, expected):
    assert markdown_cell(cell) == expected


@pytest.mark.parametrize("sentence, document, start, end, expected", [
    pytest.param("At least 40 died.", "Storm. At least 40 died.", 7, 18, "<mark>At least 40</mark> died.", id="found"),
    pytest.param("At  least 40 died.", "Storm. At least 40 died. 40 more.", 16, 18, "At  least <mark>40</mark> died.",
                 id="whitespace-normalised"),
    pytest.param("<b>5</b> hurt", "x <b>5</b> hurt", 5, 6, "&lt;b&gt;<mark>5</mark>&lt;/b&gt; hurt", id="escaped"),
    pytest.param("Nothing here.", None, 0, 4, "Nothing here.", id="no-document"),
])
def test_highlight(sentence, document, start, end, expected):
    assert str(highlight(sentence, document, start, end)) == expected


@settings(derandomize=True, deadline=None, max_examples=60)
@given(st.text(min_size=1, max_size=40))
def test_anchor_ids_are_safe_and_distinct(doc_id):
    anchor = anchor_id(doc_id)
    assert re.fullmatch(r"doc-[A-Za-z0-9_-]*", anchor)
    assert anchor_id(doc_id + "!") != anchor


@settings(derandomize=True, deadline=None, max_examples=40)
@given(st.text(max_size=60))
def test_highlight_never_lets_markup_through(text):
    document = "Before. " + text + " after."
    rendered_text = str(highlight(document, document, 0, min(len(document), 7)))
    assert "<" not in rendered_text.replace("<mark>", "").replace("</mark>", "")


def test_timeline_points_place_claims_by_stated_or_published_date():
    points = timeline_points(claims_frame(), "flood_deaths")
    assert points["claim_id"].tolist() == ["c1", "c3", "c4"]
    assert points["open"].tolist() == ["above", "", ""]
    assert points["outlet"].tolist() == ["Wire Service", "Daily Ledger", "unknown"]


@pytest.mark.parametrize("values, log_scale", [
    pytest.param([40.0, 65.0, 90.0], False, id="narrow-linear"),
    pytest.param([5.0, 300.0, 12000.0], True, id="wide-log"),
])
def test_timeline_switches_to_log_scale_for_wide_spans(values, log_scale):
    claims = claims_frame().iloc[[0, 2, 3]].assign(value_low=values, value_high=values, qualifier="exact")
    axes = plot_timeline(claims, "flood_deaths").axes[0]
    assert (axes.get_yscale() == "log") is log_scale
    assert axes.get_title(loc="left") and axes.get_xlabel() and axes.get_ylabel()


def test_timeline_svg_is_byte_identical_and_escaped():
    claims = claims_frame().assign(outlet=HOSTILE)
    first = figure_to_svg(plot_timeline(claims, "flood_deaths"))
    second = figure_to_svg(plot_timeline(claims, "flood_deaths"))
    assert first == second and first.startswith("<svg")
    assert "<script" not in first and "&lt;script&gt;" in first


def test_timeline_of_unknown_subject_says_so():
    fig = plot_timeline(claims_frame(), "earthquake_injured")
    assert "no dated figures" in figure_to_svg(fig)


def test_report_module_knows_no_story():
    source = "".join(p.read_text(encoding="utf-8") for p in Path(reconcile.report.__file__).parent.rglob("*.py"))
    assert not re.search(r"Lenna|Folau|Valdoria|Riverton", source)
