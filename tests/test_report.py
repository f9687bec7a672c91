"""Report stage tests: claims of a flood and a harbour evacuation (not the seeds) reconciled by the real
reconciler -> out/ folder, checked file by file."""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_frames import (
    FLOOD,
    HARBOUR,
    TEXTS,
    claims_frame,
    documents_frame,
    empty_inputs,
    findings_of,
    inputs,
    reconciliation,
)

import reconcile
import reconcile.report
from reconcile import _io
from reconcile.report import ReportInputs, render_report, render_report_seconds
from reconcile.report.evidence import anchor_id, highlight, safe_url
from reconcile.report.render import markdown_cell

TABLES = ["claims", "documents", "estimates", "findings", "rejected_claims", "relations", "timelines"]
OUTPUT_FILES = sorted([f"{name}.{suffix}" for name in TABLES for suffix in ("csv", "parquet")]
                      + ["findings.json", "report.html", "report.md"])
STORIES = [anchor_id(HARBOUR, "story"), anchor_id(FLOOD, "story")]
FLOODS = STORIES[1]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    return render_report(inputs(), tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def html(rendered) -> str:
    return rendered["report.html"].read_text(encoding="utf-8")


def section_of(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.find("</details>", start)
    return html[start:end]


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


def test_html_loads_nothing_from_outside_the_file(html):
    assert not re.findall(r"""\b(?:src|srcset|action)\s*=\s*["']?(?:https?:|//)""", html, flags=re.I)
    assert "@import" not in html
    assert all(target.startswith("#") for target in re.findall(r"url\(\s*([^)]*)\)", html))
    remote = re.findall(r"""<(\w+)[^>]*\bhref="(?:https?:|//)""", html)
    assert set(remote) <= {"a"}  # links the reader may follow, never resources the page loads


def test_the_one_script_is_allowed_by_its_hash(html):
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1 and "<script src" not in html
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_document_url_is_a_safe_external_link(html):
    assert '<a href="https://news.example/a" rel="noopener noreferrer" target="_blank">' in html


@pytest.mark.parametrize("url, expected", [
    pytest.param("https://news.example/a?b=1", "https://news.example/a?b=1", id="https"),
    pytest.param("javascript:alert(1)", None, id="javascript"),
    pytest.param("data:text/html,x", None, id="data"),
    pytest.param("/relative/path", None, id="relative"),
    pytest.param('https://x.example/"onmouseover=', None, id="quote-breaks-out"),
    pytest.param(None, None, id="missing"),
])
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_each_story_reads_top_down_before_the_tables(html):
    order = ["summary"]
    for story in STORIES:
        order += [story] + [f"{section}-{story}" for section in ("conflicts", "pictures", "revisions", "scope",
                                                                  "other")]
    order += ["estimates", "positions", "claims", "documents", "rejected", "texts"]
    positions = [html.index(f'id="{name}"') for name in order]
    assert positions == sorted(positions)


def test_only_the_conflicts_are_open(html):
    opened = re.findall(r'<details class="block" id="([^"]+)" open>', html)
    assert opened == [f"conflicts-{story}" for story in STORIES]


def test_findings_are_numbered_per_section(html):
    # The floods' one conflict ranks below the harbour's, yet its own section numbers it #1.
    assert findings_of("conflict", FLOOD)["rank"].tolist() != [1]
    conflicts = section_of(html, f"conflicts-{FLOODS}")
    assert '<span class="rank">#1</span>' in conflicts and "#2" not in conflicts


def test_a_conflict_sets_camp_against_camp_naming_each_source(html):
    conflicts = section_of(html, f"conflicts-{FLOODS}")
    camp = re.search(r'<ul class="camp">(.*?)</ul>', conflicts, flags=re.S)[1]
    assert "<b>Lenna Relief Network</b>: about 200 killed" in camp
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;" in camp and "</b>: 210 killed" in camp
    assert "Health Ministry" in conflicts and "two outlets carry it: one independent source" in conflicts
    assert "hospital records" in conflicts and "Coast Herald, Daily Ledger" in conflicts


def test_a_conflict_marks_the_span_and_links_the_text(html):
    conflicts = section_of(html, f"conflicts-{FLOODS}")
    assert re.search(r'<mark class="ev"[^>]*>risen to 65<span class="ev-label">count</span></mark>', conflicts)
    assert f'href="#{anchor_id("ledger-b")}-{TEXTS["ledger-b"].index("risen to 65")}"' in conflicts


def test_the_card_headline_is_the_findings_summary(html):
    conflict = findings_of("conflict", FLOOD).iloc[0]
    headline = re.search(r'<div class="headline">(.*?)</div>', section_of(html, f"conflicts-{FLOODS}"))[1]
    summary = conflict["summary"]
    assert summary.startswith("Incompatible figures") and " against Health Ministry: 65 killed" in summary
    assert len(headline) > 80 and html_text.unescape(headline) in summary


def test_subjects_are_worded(html):
    assert "flood deaths" in html and "flood_deaths" not in section_of(html, f"conflicts-{FLOODS}")


def test_revision_chain_shows_its_steps_in_as_of_order(html):
    revisions = section_of(html, f"revisions-{FLOODS}")
    assert "40 killed (Mar 3, 2025) → 65 killed (Mar 5, 2025)" in revisions
    assert "Regional Emergency Agency and Health Ministry" in revisions


def test_a_part_above_its_whole_is_a_scope_difference(html):
    scope = section_of(html, f"scope-{FLOODS}")
    assert "90 killed" in scope and "Riverton city council" in scope
    assert findings_of("scope_difference", FLOOD)["rule_id"].eq("count.part_exceeds_whole").all()


def test_the_rest_is_collapsed_under_other_findings(html):
    other = section_of(html, f"other-{anchor_id(HARBOUR, 'story')}")
    assert "quote variant" in other and "before the river rose" in other and "before the water rose" in other


def test_every_in_page_link_resolves(html):
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert links and links <= ids


@pytest.mark.parametrize("story, subjects", [
    pytest.param(FLOOD, ["flood deaths", "people missing"], id="floods"),
    pytest.param(HARBOUR, ["people evacuated"], id="harbour"),
])
def test_one_picture_per_subject_of_the_story_inline_svg(html, story, subjects):
    pictures = section_of(html, f"pictures-{anchor_id(story, 'story')}")
    assert pictures.count("<svg") == len(subjects) and "<image" not in pictures
    assert re.findall(r"<figcaption>([^:]+):", pictures) == subjects


@pytest.mark.parametrize("section, expected", [
    pytest.param("claims", ['class="dt"', 'type="search"', 'data-filter="select"', 'data-kind="num"',
                            'class="dt-pager"'], id="tables-sort-filter-search-page"),
    pytest.param("estimates", ["rule 1", "estimate.independent_same_day", "lower median"],
                 id="estimate-rule-by-number"),
    pytest.param("positions", ["unknown outlet (blog-e) (own figure)", "official:valdoria", "latest"],
                 id="positions-with-independence-groups"),
    pytest.param("documents", ["scan-z", "not a text file (.pdf)", "skipped", "unknown", "inferred from text"],
                 id="skipped-file-with-reason-and-provenance"),
    pytest.param("rejected", ["start must be before end", "c99"], id="rejected-rows-with-checks"),
])
def test_inventory_sections_show(html, section, expected):
    shown = section_of(html, section)
    assert [text for text in expected if text not in shown] == []


def test_estimate_rule_is_written_once(html):
    assert section_of(html, "estimates").count("lower median") == 1


def test_csv_cells_are_neutralised_but_frames_unchanged(tmp_path):
    given_inputs = inputs()
    before = given_inputs.documents.copy(), given_inputs.claims.copy(), given_inputs.findings.copy()
    paths = render_report(given_inputs, tmp_path)
    assert "'=HYPERLINK" in paths["documents.csv"].read_text(encoding="utf-8")
    assert ",'=cmd|" in paths["claims.csv"].read_text(encoding="utf-8")
    pd.testing.assert_frame_equal(given_inputs.documents, before[0])
    pd.testing.assert_frame_equal(given_inputs.claims, before[1])
    pd.testing.assert_frame_equal(given_inputs.findings, before[2])
    assert given_inputs.claims.set_index("claim_id").loc["c08", "cue"].startswith("=")


def test_two_renders_are_byte_identical(tmp_path):
    first = render_report(inputs(), tmp_path / "one")
    second = render_report(inputs(), tmp_path / "two", progress=True)
    assert {name: path.read_bytes() for name, path in first.items()} == {
        name: path.read_bytes() for name, path in second.items()}


def test_shuffled_input_rows_give_identical_output(tmp_path):
    result = reconciliation()
    shuffled = inputs(claims=claims_frame().iloc[::-1], findings=result.findings.iloc[::-1],
                      documents=documents_frame().iloc[::-1], timelines=result.timelines.iloc[::-1],
                      relations=result.relations.iloc[::-1], estimates=result.estimates.iloc[::-1])
    first = render_report(inputs(), tmp_path / "one")
    second = render_report(shuffled, tmp_path / "two")
    assert [name for name in first if first[name].read_bytes() != second[name].read_bytes()] == []


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
    payload = json.loads(paths["findings.json"].read_text())
    assert payload["findings"] == [] and payload["inputs"]["documents"] == {"ok": 7, "skipped": 1}
    assert paths["claims.csv"].read_text().startswith("claim_id,doc_id,")
    assert paths["timelines.csv"].read_text().startswith("position_id,story,")


def test_inputs_without_any_columns_render(tmp_path):
    bare = ReportInputs(*(pd.DataFrame() for _ in range(6)), title="Nothing", generated_from="claims.csv")
    paths = render_report(bare, tmp_path)
    assert "No document inventory was given" in paths["report.html"].read_text(encoding="utf-8")
    assert sorted(paths) == OUTPUT_FILES


def test_findings_json_holds_findings_with_arrays_version_and_fingerprint(rendered):
    text = rendered["findings.json"].read_text(encoding="utf-8")
    payload = json.loads(text)
    assert list(payload) == ["findings", "inputs", "tool"]
    assert payload["tool"] == {"name": "reconcile", "version": reconcile.__version__}
    assert re.fullmatch(r"[0-9a-f]{64}", payload["inputs"]["fingerprint"])
    findings = reconciliation().findings.sort_values("rank")
    assert [f["finding_id"] for f in payload["findings"]] == findings["finding_id"].tolist()
    conflict = next(f for f in payload["findings"] if f["relation"] == "conflict" and f["story"] == FLOOD)
    assert conflict["outlets_r"] == ["Coast Herald", "Daily Ledger"] and conflict["n_independent_l"] == 2
    assert next(f for f in payload["findings"] if f["rule_id"] == "count.revision_chain")["steps"] == [
        "40 killed (Mar 3, 2025)", "65 killed (Mar 5, 2025)"]
    assert "NaN" not in text and list(payload["findings"][0]) == sorted(payload["findings"][0])


@pytest.mark.parametrize("change", [
    pytest.param(lambda given: inputs(documents=given.documents.assign(text=given.documents["text"] + " ")),
                 id="a-text"),
    pytest.param(lambda given: inputs(claims=given.claims.assign(value_low=given.claims["value_low"] + 1)),
                 id="a-claim"),
])
def test_fingerprint_follows_the_inputs(tmp_path, rendered, change):
    changed = render_report(change(inputs()), tmp_path)
    fingerprint = json.loads(changed["findings.json"].read_text())["inputs"]["fingerprint"]
    assert fingerprint != json.loads(rendered["findings.json"].read_text())["inputs"]["fingerprint"]


def test_csv_joins_lists_and_parquet_keeps_them(rendered):
    conflict = findings_of("conflict", FLOOD).iloc[0]
    csv = pd.read_csv(rendered["findings.csv"]).set_index("finding_id")
    parquet = pd.read_parquet(rendered["findings.parquet"]).set_index("finding_id")
    assert csv.loc[conflict["finding_id"], "outlets_r"] == "Coast Herald; Daily Ledger"
    assert list(parquet.loc[conflict["finding_id"], "outlets_r"]) == ["Coast Herald", "Daily Ledger"]
    timelines = pd.read_parquet(rendered["timelines.parquet"])
    assert set(timelines["position_id"]) == set(reconciliation().timelines["position_id"])
    assert "; " in pd.read_csv(rendered["timelines.csv"])["claim_ids"].dropna().str.cat(sep="|")
    claims = pd.read_parquet(rendered["claims.parquet"])
    assert sorted(claims["claim_id"]) == sorted(claims_frame()["claim_id"])


def test_markdown_tells_the_same_story_safely(rendered):
    text = rendered["report.md"].read_text(encoding="utf-8")
    assert text.index("## harbour evacuation") < text.index("## lenna floods") < text.index("## Estimates")
    floods = text[text.index("## lenna floods"):text.index("## Estimates")]
    assert floods.index("### Conflicts") < floods.index("### Revision chains") < floods.index("### Scope")
    assert "Lenna Relief Network: about 200 killed" in floods and "Health Ministry: 65 killed" in floods
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


@pytest.mark.parametrize("sentence, document, start, end, marked", [
    pytest.param("At least 40 died.", "Storm. At least 40 died.", 7, 18, "At least 40", id="found"),
    pytest.param("At  least 40 died.", "Storm. At least 40 died. 40 more.", 16, 18, "40", id="whitespace-normalised"),
    pytest.param("<b>5</b> hurt", "x <b>5</b> hurt", 5, 6, "5", id="escaped"),
    pytest.param("Nothing here.", None, 0, 4, None, id="no-document"),
])
def test_highlight_marks_the_span_with_displacy(sentence, document, start, end, marked):
    html = str(highlight(sentence, document, start, end))
    found = re.findall(r'<mark class="ev"[^>]*>(.*?)<span class="ev-label">', html)
    assert found == ([marked] if marked else [])
    assert 'class="entities"' in html and "<b>" not in html


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
    without_own_tags = re.sub(r'</?(mark|span|div)\b[^>]*>', "", rendered_text).replace("<br>", "")
    assert "<" not in without_own_tags


def test_render_report_seconds_renders_and_times(tmp_path):
    seconds = render_report_seconds(inputs(), tmp_path)
    assert seconds > 0 and (tmp_path / "report.html").is_file()


def test_report_module_knows_no_story():
    folder = Path(reconcile.report.__file__).parent
    source = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.suffix in {".py", ".j2", ".js"})
    assert not re.search(r"Lenna|Folau|Valdoria|Riverton|Harbour|Korea|Kyiv|Hajj|Kumbh|Mecca|Paris", source)
