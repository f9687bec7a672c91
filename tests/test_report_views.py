"""Report views beyond the page itself: edited claims marked beside the extracted values, a section for every
story, long tables and texts paged out of report.html, odd cells that must not break it, and the Jupyter cards."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from report_frames import claims_frame, documents_frame, findings_of, inputs, reconciliation

from reconcile.describe import count_words
from reconcile.pipeline import reconcile_claims
from reconcile.report import FindingCards, render_report
from reconcile.report import context as report_context_module
from reconcile.report import tables as report_tables
from reconcile.report.edits import claim_edits, edit_notes
from reconcile.report.evidence import anchor_id


def edited_claims() -> pd.DataFrame:
    claims = claims_frame()
    claims.loc[claims["claim_id"] == "c03", ["value_low", "value_high"]] = [650.0, 650.0]
    claims.loc[claims["claim_id"] == "c02", "via"] = "a volunteer"
    added = claims.iloc[[0]].assign(claim_id="c99")
    return pd.concat([claims, added], ignore_index=True)


def test_claim_edits_list_every_changed_value_beside_the_extracted_one():
    edits = claim_edits(edited_claims(), claims_frame())
    assert edits[["claim_id", "column"]].values.tolist() == [
        ["c02", "via"], ["c03", "value_high"], ["c03", "value_low"], ["c99", "claim"]]
    assert edits.set_index(["claim_id", "column"]).loc[("c03", "value_low"), "extracted"] == 65.0
    notes = edit_notes(edits, claims_frame())
    assert notes["c03"]["extracted"] == "65 killed" and notes["c02"]["extracted"] == "via: empty"
    assert notes["c99"]["columns"] == ["added by hand"]


def test_unedited_claims_have_no_edits():
    assert claim_edits(claims_frame(), claims_frame()).empty
    assert claim_edits(claims_frame(), None).empty


def test_report_marks_edited_values_with_the_extracted_value(tmp_path):
    edited = edited_claims()
    result = reconcile_claims(edited)
    paths = render_report(inputs(claims=edited, extracted_claims=claims_frame(), timelines=result.timelines,
                                 relations=result.relations, findings=result.findings,
                                 estimates=result.estimates), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    claims = html[html.index('id="claims"'):html.index('id="documents"')]
    row = re.search(r'<tr><td><a href="[^"]*">c03</a>.*?</tr>', claims, flags=re.S)[0]
    assert "650 killed" in row and '<span class="edited">edited</span>' in row and "extracted: 65 killed" in row
    assert 'id="edits"' in html and "edited_values.csv" in paths
    assert pd.read_csv(paths["edited_values.csv"])["claim_id"].tolist() == ["c02", "c03", "c03", "c99"]
    stories = html[:html.index('id="inventory"')]
    assert "650 killed" in stories and "extracted: 65 killed" in stories  # the findings stand on the edit


def test_a_story_with_articles_but_no_findings_still_has_its_section(tmp_path):
    quiet = documents_frame().iloc[[0]].assign(doc_id="quiet-1", path="quiet-1.txt", story="quiet-valley")
    paths = render_report(inputs(documents=pd.concat([documents_frame(), quiet], ignore_index=True)), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    story = html[html.index(f'id="{anchor_id("quiet-valley", "story")}"'):html.index('id="inventory"')]
    assert "quiet valley" in story and "one article" in story and "No conflicts found" in story


def test_long_tables_are_paged_out_of_the_report(tmp_path, monkeypatch):
    monkeypatch.setattr(report_tables, "INLINE_ROWS", 2)
    monkeypatch.setattr(report_tables, "PAGE_ROWS", 4)
    paths = render_report(inputs(), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    claims = html[html.index('id="claims"'):html.index('id="documents"')]
    ids = sorted(claims_frame()["claim_id"])
    inline = re.findall(r">([cq]\d\d)</a>", claims)
    pages = sorted(name for name in paths if name.startswith("report-pages/claims-table-"))
    on_pages = [re.findall(r">([cq]\d\d)</a>", paths[name].read_text(encoding="utf-8")) for name in pages]
    assert inline == ids[:2] and on_pages == [ids[2:6], ids[6:10], ids[10:]]
    assert all(f'href="report-pages/{name.split("/")[1]}"' in claims for name in pages)
    page = paths[pages[0]].read_text(encoding="utf-8")
    assert '<base href="../report.html">' in page and "<script>" in page
    monkeypatch.setattr(report_tables, "INLINE_ROWS", 1000)
    again = render_report(inputs(), tmp_path)
    assert not [name for name in again if name.startswith("report-pages/claims-table-")]
    assert not list((tmp_path / "report-pages").glob("claims-table-*.html"))


def test_document_texts_of_a_large_corpus_go_to_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(report_context_module, "INLINE_TEXT_CHARS", 10)
    monkeypatch.setattr(report_context_module, "PAGE_TEXT_CHARS", 10)
    paths = render_report(inputs(), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    texts = sorted(name for name in paths if name.startswith("report-pages/texts-"))
    assert len(texts) == len(documents_frame().query("status == 'ok'"))
    link = re.search(r'href="(report-pages/texts-\d+\.html)#(doc-ledger-b-\d+)"', html)
    assert link and f'id="{link[2]}"' in (tmp_path / link[1]).read_text(encoding="utf-8")


@pytest.mark.parametrize("rows", [pytest.param(3000, id="three-thousand-claims")])
def test_report_size_grows_slower_than_the_claims(tmp_path, rows):
    base = claims_frame()
    copies = rows // len(base) + 1
    many = pd.concat([base.assign(claim_id=[f"{c}-{i}" for c in base["claim_id"]]) for i in range(copies)],
                     ignore_index=True)
    paths = render_report(inputs(claims=many), tmp_path)
    inline = paths["report.html"].read_text(encoding="utf-8")
    claims = inline[inline.index('id="claims"'):inline.index('id="documents"')]
    assert claims.count("<tr><td>") == report_tables.INLINE_ROWS
    assert sum(1 for name in paths if name.startswith("report-pages/claims-table-")) >= 1


def test_non_finite_figures_and_out_of_range_dates_never_break_the_report(tmp_path):
    result = reconciliation()
    timelines = result.timelines.copy()
    counts = timelines.index[(timelines["kind"] == "count") & (timelines["subject"] == "flood_deaths")]
    timelines.loc[counts[0], "value_high"] = float("inf")
    timelines.loc[counts[1], "as_of"] = "9999-12-31"
    timelines.loc[counts[2], "as_of"] = "0001-01-01"
    findings = result.findings.assign(severity=np.r_[float("inf"), result.findings["severity"].iloc[1:]])
    paths = render_report(inputs(timelines=timelines, findings=findings), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    assert "dated outside 1700–2300" in html and "with a non-finite figure" in html
    assert "inf" not in re.sub(r"<[^>]+>|info|infer|finite", "", html).lower()
    assert '"severity": null' in paths["findings.json"].read_text(encoding="utf-8")


def test_finding_cards_show_in_jupyter_with_highlighted_evidence():
    result = reconciliation()
    html = FindingCards(result.findings, documents=documents_frame(), timelines=result.timelines)._repr_html_()
    assert html.count('class="finding"') == len(result.findings) and '<mark class="ev"' in html
    assert 'href="https://news.example/a" rel="noopener noreferrer"' in html and 'href="#' not in html
    assert '<ul class="camp">' in html  # with the timelines, each source of a camp is named
    conflicts = FindingCards(result.findings, relation="conflict", limit=5)._repr_html_()
    assert conflicts.count('class="finding"') == len(findings_of("conflict")) and "#1" in conflicts
    assert '<ul class="camp">' not in conflicts and "Lenna Relief Network" in conflicts


def test_a_reconciliation_shows_its_cards_in_jupyter():
    result = reconciliation()
    html = result._repr_html_()
    assert count_words(len(result.findings), "finding") in html
    assert count_words(len(findings_of("conflict")), "conflict") in html
    assert html.count('class="finding"') == min(5, len(result.findings))
    assert f"{len(result.positions)} positions" in html


def test_a_corpus_of_many_stories_shares_the_pictures(tmp_path, monkeypatch):
    monkeypatch.setattr(report_context_module, "PICTURES_IN_REPORT", 2)
    monkeypatch.setattr(report_context_module, "MIN_PICTURES_PER_STORY", 1)
    html = render_report(inputs(), tmp_path)["report.html"].read_text(encoding="utf-8")
    floods = html[html.index(f'id="pictures-{anchor_id("lenna-floods", "story")}"'):html.index('id="inventory"')]
    floods = floods[:floods.index("</details>")]
    assert floods.count("<svg") == 1 and "Not drawn" in floods and "people missing" in floods
