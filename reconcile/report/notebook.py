"""Report stage, Jupyter: findings and a reconciliation -> the same cards as report.html, as `_repr_html_`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup, escape

from reconcile.describe import count_words, join_names, name_keys, text_of
from reconcile.report.cards import CardContext, card_markup, finding_card, position_notes
from reconcile.report.evidence import Linker, safe_url
from reconcile.report.render import html_environment

CARDS_CSS = Path(__file__).resolve().parent / "templates" / "cards.css"
RELATION_ORDER = ("conflict", "revision", "scope_difference", "attribution_discrepancy", "quote_variant",
                  "compatible", "agree")


class FindingCards:
    """Findings shown as report cards in Jupyter: the evidence highlighted in its sentence, sources and witnesses.

    Pass `documents` (the corpus table) to highlight each claim in its sentence and link the original article, and
    `timelines` (`result.timelines`) to name each source of a camp with its own figure; `relation` keeps one kind
    of finding; `limit` caps the cards shown.

    >>> rc.FindingCards(result.findings, documents=documents, timelines=result.timelines, relation="conflict")  # doctest: +SKIP
    """

    def __init__(self, findings: pd.DataFrame, *, claims: pd.DataFrame | None = None,
                 documents: pd.DataFrame | None = None, timelines: pd.DataFrame | None = None,
                 relation: str | None = None, limit: int = 10) -> None:
        self.findings, self.claims, self.documents, self.timelines = findings, claims, documents, timelines
        self.relation, self.limit = relation, limit

    def cards(self) -> list[dict]:
        claims = self.claims if self.claims is not None else pd.DataFrame()
        findings = self.findings
        if self.relation:
            findings = findings[findings["relation"] == self.relation]
        findings = findings.sort_values(["rank", "finding_id"], kind="mergesort")
        context = _card_context(self.documents, claims, self.timelines)
        return [finding_card(row, number, context)
                for number, row in enumerate(findings.head(self.limit).to_dict("records"), start=1)]

    def _repr_html_(self) -> str:
        shown = self.cards()
        total = len(self.findings) if self.relation is None else int((self.findings["relation"] == self.relation).sum())
        more = (Markup('<p class="muted">') + escape(f"... and {total - len(shown)} more") + Markup("</p>")
                if total > len(shown) else Markup(""))
        if not shown:
            more = Markup('<p class="muted">No findings.</p>')
        return str(_wrapped(card_markup(shown, _environment()) + more))


def reconciliation_html(reconciliation, limit: int = 5, *, documents: pd.DataFrame | None = None,
                        claims: pd.DataFrame | None = None) -> str:
    """A reconciliation in Jupyter: its findings counted by relation, then the leading cards."""
    findings = reconciliation.findings
    counts = findings["relation"].value_counts()
    parts = [count_words(int(counts[r]), r.replace("_", " ")) for r in RELATION_ORDER if r in counts]
    tables = (f"; {len(reconciliation.positions)} positions, {len(reconciliation.relations)} relations, "
              f"{len(reconciliation.estimates)} estimates.")
    heading = (Markup("<p><b>") + escape(count_words(len(findings), "finding")) + Markup("</b>")
               + escape(": " + join_names(parts) if parts else "") + escape(tables) + Markup("</p>"))
    cards = FindingCards(findings, claims=claims, documents=documents, timelines=reconciliation.timelines,
                         limit=limit).cards()
    return str(_wrapped(heading + card_markup(cards, _environment())))


def _card_context(documents: pd.DataFrame | None, claims: pd.DataFrame,
                  timelines: pd.DataFrame | None) -> CardContext:
    texts, urls = {}, {}
    if documents is not None and len(documents):
        for row in documents.to_dict("records"):
            if text_of(row.get("text")):
                texts[str(row["doc_id"])] = text_of(row["text"])
            url = safe_url(row.get("url"))
            if url:
                urls[str(row["doc_id"])] = url
    names = {}
    if len(claims):
        names = name_keys(pd.concat([claims[c] for c in ("speaker", "source_org", "outlet") if c in claims.columns],
                                    ignore_index=True).dropna().unique())
    # In a notebook there is no report page to jump to: link only to the original article.
    return CardContext(texts=texts, linker=Linker({}, urls), names=names, positions=position_notes(timelines))


def _wrapped(body: Markup) -> Markup:
    css = CARDS_CSS.read_text(encoding="utf-8")
    return Markup('<div class="rc-cards"><style>') + Markup(css) + Markup("</style>") + body + Markup("</div>")


def _environment():
    return html_environment()
