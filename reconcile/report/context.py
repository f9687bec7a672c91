"""Report context: the tables -> plain lists and dicts in reading order for the HTML and Markdown templates.

Per story (documents.story, findings.story), top-down: the conflicts between camps of independent sources (open),
the who-said-what-when pictures of the story's subjects, revision chains, scope differences, then the other
findings; after the stories, the inventory tables (estimates, positions, claims, documents, rejected rows) and the
document texts, each section collapsible and each long table paged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup, escape

from reconcile.describe import (
    as_list,
    count_words,
    format_date,
    format_number,
    is_missing,
    join_names,
    name_keys,
    subject_label,
    text_of,
)
from reconcile.report.cards import CardContext, finding_card, position_notes
from reconcile.report.evidence import Linker, anchor_id, document_text_markup, safe_url
from reconcile.report.inventory import inventory_tables
from reconcile.report.plots import figure_to_svg, plot_positions, plotted_subjects
from reconcile.report.tables import Cell, Column, Table, text_cell
from reconcile.validation import FAILURE_COLUMNS

# Conflicts shown as full cards in a story; more are listed in a table under them.
CONFLICT_CARDS = 20
# Pictures drawn per story (subjects with findings first, then those with the most positions); the others are named.
PICTURES_PER_STORY = 12
# A picture takes about a third of a second: a corpus of many stories shares this many among them (at least
# MIN_PICTURES_PER_STORY each), so the report's time grows with its stories only slowly.
PICTURES_IN_REPORT = 48
MIN_PICTURES_PER_STORY = 2
# A subject is drawn once two positions can be set beside each other; one lone figure is no picture.
MIN_PICTURE_POSITIONS = 2
# Document texts inlined in report.html up to this many characters; the rest go to pages in report-pages/.
INLINE_TEXT_CHARS = 1_500_000
PAGE_TEXT_CHARS = 1_500_000
SECTIONS = (
    ("conflicts", ("conflict",), "Conflicts",
     "Same story, subject and scope, figures that cannot both be true, from independent sources. A side is a camp: "
     "every source whose figure agrees with it stands on it, and the outlets that carried them are its witnesses."),
    ("revisions", ("revision",), "Revision chains", "One source changed its figure over time, step by step."),
    ("scope", ("scope_difference",), "Scope differences",
     "The figures count different things (a city and the country, present and planned, an increment and a "
     "total), so they need not disagree."),
    ("other", None, "Other findings",
     "Outlets crediting a claim to different sources, quotes worded differently, and figures that overlap."),
)


@dataclass(frozen=True)
class ReportParts:
    """The sorted tables a report context is built from, and the edits of an edited claims table."""

    tables: dict[str, pd.DataFrame]
    edits: pd.DataFrame
    edit_notes: dict[str, dict[str, object]]

    @property
    def findings(self) -> pd.DataFrame:
        return self.tables["findings"]

    @property
    def timelines(self) -> pd.DataFrame:
        return self.tables["timelines"]

    @property
    def relations(self) -> pd.DataFrame:
        return self.tables["relations"]


def report_context(parts: ReportParts, title: str, generated_from: str) -> dict[str, object]:
    """Everything the HTML and Markdown templates show, as plain lists and dicts in reading order.

    >>> report_context(parts, "Floods", "corpus/")["summary"]["claims"]  # doctest: +SKIP
    4
    """
    documents, claims = parts.tables["documents"], parts.tables["claims"]
    texts = {str(row.doc_id): text_of(row.text) for row in documents.itertuples(index=False)
             if row.status == "ok" and text_of(row.text)}
    urls = {str(doc): url for doc, url in zip(documents["doc_id"], documents["url"].map(safe_url), strict=True)
            if url}
    inline_texts, text_pages = _text_pages(texts)
    linker = Linker(texts, urls, {doc: page for page, docs in text_pages.items() for doc in docs})
    names = name_keys(pd.concat([claims[c] for c in ("speaker", "source_org", "outlet", "place", "destination",
                                                     "origin")], ignore_index=True).dropna().unique())
    cards = CardContext(texts=texts, linker=linker, names=names, edits=parts.edit_notes,
                        positions=position_notes(parts.timelines))
    keys = story_keys(parts)
    pictures = max(MIN_PICTURES_PER_STORY, min(PICTURES_PER_STORY, PICTURES_IN_REPORT // len(keys)))
    stories = [_story(key, parts, cards, pictures) for key in keys]
    spans = _spans_by_document(claims)
    return {
        "title": title,
        "generated_from": generated_from,
        "summary": _summary(parts, stories),
        "stories": stories,
        "inventory": inventory_tables(parts, linker, names),
        "texts": [_document_text(doc_id, texts[doc_id], spans) for doc_id in inline_texts],
        "text_pages": [{"name": page, "documents": [_document_text(d, texts[d], spans) for d in docs],
                        "first": docs[0], "last": docs[-1]} for page, docs in text_pages.items()],
        "n_texts": len(texts),
        "markdown": _markdown_rows(parts.tables, names),
    }


def story_keys(parts: ReportParts) -> list[str]:
    """Every story of the report, sorted: those of the documents read, of the positions and of the findings."""
    documents = parts.tables["documents"]
    stories = {text_of(s) for s in documents.loc[documents["status"] == "ok", "story"]}
    stories |= {text_of(s) for s in parts.timelines["story"]} | {text_of(s) for s in parts.findings["story"]}
    stories.discard("")
    return sorted(stories) or [""]


def _story(key: str, parts: ReportParts, cards: CardContext, pictures: int) -> dict[str, object]:
    findings = parts.findings[parts.findings["story"].astype(str) == key]
    findings = findings.sort_values(["rank", "finding_id"], kind="mergesort")
    slug = anchor_id(key or "all", "story")
    sections = []
    for section_id, relations, heading, blurb in SECTIONS:
        if relations is None:
            chosen = findings[~findings["relation"].isin([r for s in SECTIONS if s[1] for r in s[1]])]
        else:
            chosen = findings[findings["relation"].isin(relations)]
        n_cards = CONFLICT_CARDS if section_id == "conflicts" else 0
        rows = [finding_card(row, number, cards, evidence=number <= n_cards)
                for number, row in enumerate(chosen.to_dict("records"), start=1)]
        shown = rows[:n_cards]
        rest = rows[len(shown):]
        table = _findings_table(f"{section_id}-{slug}-table", rest, section_id) if rest else None
        sections.append({
            "id": f"{section_id}-{slug}", "kind": section_id, "title": heading, "blurb": blurb, "count": len(rows),
            "cards": shown, "all": rows, "table": table, "open": section_id == "conflicts",
        })
    return {
        "key": key,
        "label": story_label(key),
        "anchor": slug,
        "articles": _story_articles(key, parts),
        "sections": sections,
        "pictures": _pictures(key, parts, slug, cards.names, findings, pictures),
        "n_findings": len(findings),
    }


def story_label(key: str) -> str:
    """A story id in words: `story_label("flood-riverton") == "flood riverton"`; no id is "All articles"."""
    return key.replace("_", " ").replace("-", " ") if key else "All articles"


def _story_articles(key: str, parts: ReportParts) -> str:
    """How many articles the story holds: those the corpus put in it, and those its positions come from."""
    documents = parts.tables["documents"]
    doc_ids = set(documents.loc[(documents["status"] == "ok") & (documents["story"].astype(str) == key), "doc_id"])
    doc_ids |= {d for ids in parts.timelines.loc[parts.timelines["story"].astype(str) == key, "doc_ids"]
                for d in as_list(ids)}
    return count_words(len(doc_ids), "article")


def _findings_table(table_id: str, cards: list[dict], section: str) -> Table:
    columns = [Column("#", "num"), Column("subject", filter=True)]
    if section == "revisions":
        columns += [Column("source"), Column("figures in as-of order"), Column("as of"), Column("rule")]
        rows = [[text_cell(c["number"], sort=c["number"]), text_cell(c["subject"], muted=c["status"]),
                 text_cell(join_names(list(dict.fromkeys(c["left"]["sources"] + c["right"]["sources"])))),
                 text_cell(" → ".join(c["steps"])),
                 text_cell(c["period"], sort=c["period_key"]),
                 text_cell(c["label"], muted=c["rule_id"])] for c in cards]
    else:
        if section == "other":
            columns.insert(1, Column("relation", filter=True))
        columns += [Column("one side"), Column("other side"), Column("why")]
        rows = []
        for c in cards:
            row = [text_cell(c["number"], sort=c["number"]), text_cell(c["subject"], muted=c["status"])]
            if section == "other":
                row.insert(1, text_cell(c["relation_words"]))
            rows.append(row + [side_cell(c["left"]), side_cell(c["right"]), text_cell(c["label"], muted=c["rule_id"])])
    return Table(table_id, "", columns, rows, "No findings.", row_ids=[f"finding-{c['finding_id']}" for c in cards])


def side_cell(side: dict) -> Cell:
    """One side of a finding in a table cell: figure, sources, date, witnesses, links to the evidence."""
    html = Markup("<b>") + escape(side["value"]) + Markup("</b>")
    if side["edited"]:
        html += Markup(' <span class="edited">edited</span>')
    html += Markup("<br>") + escape(join_names(side["sources"], "unattributed"))
    html += Markup(' <span class="muted">') + escape(side["as_of"]) + Markup("</span>")
    if side["outlets"]:
        html += Markup('<br><span class="muted">carried by</span> ') + escape(join_names(side["outlets"]))
    html += evidence_links(side)
    return Cell(html, side["value"])


def evidence_links(side: dict) -> Markup:
    links = []
    if side["text_link"]:
        links.append(Markup(f'<a href="{escape(side["text_link"])}">article text</a>'))
    if side["url"]:
        links.append(Markup(f'<a href="{escape(side["url"])}" rel="noopener noreferrer" target="_blank">'
                            'original article ↗</a>'))
    return Markup('<br><span class="links">') + Markup(" · ").join(links) + Markup("</span>") if links else Markup("")


def _pictures(story: str, parts: ReportParts, slug: str, names: dict[str, str], findings: pd.DataFrame,
              limit: int) -> dict[str, object]:
    """The story's who-said-what-when pictures: subjects with findings first (in rank order), then by size."""
    subjects = plotted_subjects(parts.timelines, story, min_positions=MIN_PICTURE_POSITIONS)
    first = [s for s in dict.fromkeys(findings["subject"].astype(str)) if s in subjects]
    subjects = first + [s for s in subjects if s not in first]
    figures = []
    for subject in subjects[:limit]:
        figure = plot_positions(parts.timelines, parts.relations, subject, story, names=names)
        anchor = anchor_id(f"{story}|{subject}", "plot")
        figures.append({
            "subject": subject_label(subject, names),
            "key": subject,
            "anchor": anchor,
            "svg": Markup(figure_to_svg(figure, id_prefix=anchor)),
            "n_points": figure.n_plotted,
            "left_out": figure.left_out,
        })
        figure.clear()
    drawn = set(subjects[:limit])
    not_drawn = [s for s in plotted_subjects(parts.timelines, story) if s not in drawn]
    return {"id": f"pictures-{slug}", "figures": figures, "not_drawn": [subject_label(s, names) for s in not_drawn]}


def _summary(parts: ReportParts, stories: list[dict]) -> dict[str, object]:
    documents, claims, rejected = parts.tables["documents"], parts.tables["claims"], parts.tables["rejected_claims"]
    counts = parts.findings["relation"].value_counts()
    dates = sorted({d for d in claims["published"].dropna().astype(str)} | {
        d for d in documents["published"].dropna().astype(str)})
    edited_claims = parts.edits["claim_id"].nunique() if len(parts.edits) else 0
    return {
        "documents_total": len(documents),
        "documents_ok": int((documents["status"] == "ok").sum()),
        "documents_skipped": int((documents["status"] == "skipped").sum()),
        "claims": len(claims),
        "positions": len(parts.timelines),
        "subjects": int(claims["subject"].dropna().nunique()),
        "findings": len(parts.findings),
        "conflicts": int(counts.get("conflict", 0)),
        "revisions": int(counts.get("revision", 0)),
        "stories": len(stories),
        "edited_claims": int(edited_claims),
        "rejected_rows": int(rejected["row"].dropna().nunique()) if len(rejected) else 0,
        "first_date": format_date(dates[0]) if dates else None,
        "last_date": format_date(dates[-1]) if dates else None,
    }


def _markdown_rows(tables: dict[str, pd.DataFrame], names: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    estimates = [{
        "subject": subject_label(row["subject"], names), "status": text_of(row["status"]),
        "as_of": format_date(row["as_of"]) or "undated", "low": format_number(row["low"]) or "–",
        "best": format_number(row["best"]) or "–", "high": format_number(row["high"]) or "open",
        "sources": join_names(as_list(row["sources"])),
    } for row in tables["estimates"].to_dict("records")]
    documents = [{
        "doc_id": text_of(row["doc_id"]), "status": text_of(row["status"]), "reason": text_of(row["reason"]),
        "outlet": text_of(row["outlet"]) or "unknown", "published": text_of(row["published"]) or "unknown",
        "byline": text_of(row["byline"]),
    } for row in tables["documents"].to_dict("records")]
    rejected = [{key: text_of(row[key]) for key in FAILURE_COLUMNS}
                for row in tables["rejected_claims"].to_dict("records")]
    return {"estimates": estimates, "documents": documents, "rejected": rejected}


def _text_pages(texts: dict[str, str]) -> tuple[list[str], dict[str, list[str]]]:
    """Which document texts stay in report.html and which go, in order, to pages of about PAGE_TEXT_CHARS."""
    inline, pages, size = [], {}, 0
    current: list[str] = []
    for doc_id in sorted(texts):
        length = len(texts[doc_id])
        if not pages and not current and size + length <= INLINE_TEXT_CHARS:
            inline.append(doc_id)
            size += length
            continue
        if current and sum(len(texts[d]) for d in current) + length > PAGE_TEXT_CHARS:
            pages[f"texts-{len(pages) + 1:03d}.html"] = current
            current = []
        current.append(doc_id)
    if current:
        pages[f"texts-{len(pages) + 1:03d}.html"] = current
    return inline, pages


def _spans_by_document(claims: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in zip(claims["doc_id"].astype(str), claims["start"], claims["end"], strict=True):
        if not is_missing(start) and not is_missing(end):
            spans.setdefault(doc_id, []).append((int(start), int(end)))
    return spans


def _document_text(doc_id: str, text: str, spans: dict[str, list[tuple[int, int]]]) -> dict[str, object]:
    own = spans.get(doc_id, [])
    return {"doc_id": doc_id, "anchor": anchor_id(doc_id), "html": document_text_markup(doc_id, text, own),
            "n_claims": len(own)}
