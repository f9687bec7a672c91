"""Report adapters and the report's shapes: findings with list cells, positions and their relations, edited
claims marked beside the extracted values, stories, and long tables and texts paged out of report.html."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from report_frames import claims_frame, findings_frame, inputs, relations_frame

from reconcile.report import render_report
from reconcile.report import context as report_context_module
from reconcile.report import tables as report_tables
from reconcile.report.adapt import (
    claim_edits,
    edit_notes,
    findings_for_report,
    positions_from_claims,
    relations_for_report,
)
from reconcile.report.evidence import anchor_id


def listed(findings: pd.DataFrame) -> pd.DataFrame:
    """The same findings as the positions contract writes them: list cells, story, as-of dates, position ids."""
    adapted = findings_for_report(findings, claims_frame())
    return adapted.assign(story="floods", steps=[[], [], ["at least 40", "about 80–100"]])


def test_joined_cells_become_lists_and_own_counts_name_the_outlet():
    adapted = findings_for_report(findings_frame(), claims_frame()).set_index("finding_id")
    assert adapted.loc["f1", "claim_ids_l"] == ["c3"] and adapted.loc["f1", "via_r"] == []
    assert adapted.loc["f1", "sources_r"] == ["unknown outlet (blog-c) (own count)"]
    assert adapted.loc["f1", "position_ids_l"] == ["c3"]
    assert (adapted.loc["f1", "as_of_l"], adapted.loc["f1", "as_of_r"]) == ("2025-03-04", "2025-03-05")
    assert adapted.loc["f1", "story"] == ""


def test_findings_in_the_positions_contract_pass_through():
    given = listed(findings_frame())
    again = findings_for_report(given, claims_frame())
    assert again["claim_ids_l"].tolist() == given["claim_ids_l"].tolist()
    assert again["steps"].tolist() == given["steps"].tolist() and set(again["story"]) == {"floods"}


def test_claim_relations_map_onto_positions_and_drop_pairs_inside_one():
    claims = pd.concat([claims_frame(), claims_frame().iloc[[2]].assign(claim_id="c5")], ignore_index=True)
    timelines = positions_from_claims(claims)
    relations = pd.concat([relations_frame(), pd.DataFrame([{
        "claim_id_l": "c3", "claim_id_r": "c5", "claim_key": "k", "relation": "agree", "rule_id": "R-same",
        "label": "same", "reason": "same figure"}])], ignore_index=True)
    mapped = relations_for_report(relations, timelines)
    assert mapped[["position_id_l", "position_id_r", "relation"]].values.tolist() == [
        ["c1", "c3", "compatible"], ["c3", "c4", "conflict"]]
    assert set(mapped["subject"]) == {"flood_deaths"}


def edited_claims() -> pd.DataFrame:
    claims = claims_frame()
    claims.loc[claims["claim_id"] == "c3", ["value_low", "value_high"]] = [650.0, 650.0]
    claims.loc[claims["claim_id"] == "c2", "via"] = "a volunteer"
    added = claims.iloc[[0]].assign(claim_id="c9")
    return pd.concat([claims, added], ignore_index=True)


def test_claim_edits_list_every_changed_value_beside_the_extracted_one():
    edits = claim_edits(edited_claims(), claims_frame())
    assert edits[["claim_id", "column"]].values.tolist() == [
        ["c2", "via"], ["c3", "value_high"], ["c3", "value_low"], ["c9", "claim"]]
    assert edits.set_index(["claim_id", "column"]).loc[("c3", "value_low"), "extracted"] == 65.0
    notes = edit_notes(edits, claims_frame())
    assert notes["c3"]["extracted"] == "65 killed" and notes["c2"]["extracted"] == "via: empty"
    assert notes["c9"]["columns"] == ["added by hand"]


def test_unedited_claims_have_no_edits():
    assert claim_edits(claims_frame(), claims_frame()).empty
    assert claim_edits(claims_frame(), None).empty


def test_report_marks_edited_values_with_the_extracted_value(tmp_path):
    paths = render_report(inputs(claims=edited_claims(), extracted_claims=claims_frame()), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    claims = html[html.index('id="claims"'):html.index('id="documents"')]
    row = re.search(r'<tr><td><a href="[^"]*">c3</a>.*?</tr>', claims, flags=re.S)[0]
    assert "650 killed" in row and '<span class="edited">edited</span>' in row and "extracted: 65 killed" in row
    assert 'id="edits"' in html and "edited_values.csv" in paths
    assert pd.read_csv(paths["edited_values.csv"])["claim_id"].tolist() == ["c2", "c3", "c3", "c9"]


def test_findings_of_several_stories_get_a_section_each(tmp_path):
    findings = listed(findings_frame())
    findings.loc[findings["finding_id"] == "f2", "story"] = "storm"
    paths = render_report(inputs(findings=findings), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    for story in ("floods", "storm"):
        assert f'id="conflicts-{anchor_id(story, "story")}"' in html
    assert "at least 40 → about 80–100" in html


def test_given_timelines_are_drawn_and_written(tmp_path):
    timelines = positions_from_claims(claims_frame()).assign(source_group="one government")
    paths = render_report(inputs(timelines=timelines), tmp_path)
    assert "timelines.csv" in paths and "timelines.parquet" in paths
    written = pd.read_parquet(paths["timelines.parquet"])
    assert set(written["source_group"]) == {"one government"} and list(written["claim_ids"].iloc[0])


def test_long_tables_are_paged_out_of_the_report(tmp_path, monkeypatch):
    monkeypatch.setattr(report_tables, "INLINE_ROWS", 2)
    monkeypatch.setattr(report_tables, "PAGE_ROWS", 1)
    paths = render_report(inputs(), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    claims = html[html.index('id="claims"'):html.index('id="documents"')]
    inline = re.findall(r">(c\d)</a>", claims)
    pages = sorted(name for name in paths if name.startswith("report-pages/claims-table-"))
    on_pages = [re.findall(r">(c\d)</a>", paths[name].read_text(encoding="utf-8")) for name in pages]
    assert inline == ["c1", "c2"] and on_pages == [["c3"], ["c4"]]
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
    assert len(texts) == 3
    link = re.search(r'href="(report-pages/texts-\d+\.html)#(doc-wire-b-\d+)"', html)
    assert link and f'id="{link[2]}"' in (tmp_path / link[1]).read_text(encoding="utf-8")


@pytest.mark.parametrize("rows", [pytest.param(3000, id="three-thousand-claims")])
def test_report_size_grows_slower_than_the_claims(tmp_path, rows):
    base = claims_frame()
    many = pd.concat([base.assign(claim_id=[f"{c}-{i}" for c in base["claim_id"]]) for i in range(rows // 4)],
                     ignore_index=True)
    paths = render_report(inputs(claims=many), tmp_path)
    inline = paths["report.html"].read_text(encoding="utf-8")
    claims = inline[inline.index('id="claims"'):inline.index('id="documents"')]
    assert claims.count("<tr><td>") == report_tables.INLINE_ROWS
    assert sum(1 for name in paths if name.startswith("report-pages/claims-table-")) >= 1


def test_non_finite_figures_and_out_of_range_dates_never_break_the_report(tmp_path):
    claims = claims_frame()
    claims.loc[claims["claim_id"] == "c1", "value_high"] = float("inf")
    claims.loc[claims["claim_id"] == "c3", ["stated_on", "published"]] = "9999-12-31"
    claims.loc[claims["claim_id"] == "c4", "stated_on"] = "0001-01-01"
    findings = findings_frame().assign(severity=[float("inf"), 1.0, 0.5])
    paths = render_report(inputs(claims=claims, findings=findings), tmp_path)
    html = paths["report.html"].read_text(encoding="utf-8")
    assert "dated outside 1700–2300" in html and "inf" not in re.sub(r"<[^>]+>|info|infer", "", html).lower()
    assert '"severity": null' in paths["findings.json"].read_text(encoding="utf-8")


def test_finding_cards_show_in_jupyter_with_highlighted_evidence():
    from report_frames import documents_frame

    from reconcile.report import FindingCards

    html = FindingCards(findings_frame(), documents=documents_frame())._repr_html_()
    assert html.count('class="finding"') == 3 and '<mark class="ev"' in html
    assert 'href="https://news.example/a" rel="noopener noreferrer"' in html and 'href="#' not in html
    conflicts = FindingCards(findings_frame(), relation="conflict", limit=5)._repr_html_()
    assert conflicts.count('class="finding"') == 1 and "#1" in conflicts


def test_a_reconciliation_shows_its_cards_in_jupyter():
    from reconcile.pipeline import Reconciliation

    result = Reconciliation(pairs=pd.DataFrame(), relations=relations_frame(), findings=findings_frame(),
                            estimates=pd.DataFrame())
    html = result._repr_html_()
    assert "3 findings" in html and "one conflict" in html and html.count('class="finding"') == 3
