"""Report stage, cards: one finding (FindingSchema row) + the positions behind it -> the plain dict a card shows.

The same cards appear in report.html, in report.md and in Jupyter (`FindingCards`), so they are built here once.
Sources are organisations and people; outlets are the witnesses that carried them. A side of a conflict is a camp
(several positions of independent sources that agree): the card names each source with its own figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from reconcile.describe import (
    as_list,
    format_date,
    format_number,
    int_of,
    is_missing,
    sides_sentence,
    status_words,
    subject_label,
    text_of,
    witness_note,
)
from reconcile.report.evidence import Linker, highlight

RELATION_WORDS = {
    "conflict": "conflict",
    "revision": "revision",
    "scope_difference": "scope difference",
    "attribution_discrepancy": "attribution discrepancy",
    "quote_variant": "quote variant",
    "compatible": "compatible",
    "agree": "agreement",
    "unrelated": "unrelated",
}


@dataclass
class CardContext:
    """What a card needs beyond its finding row: document texts, links, edits, how names are spelled, positions."""

    texts: dict[str, str] = field(default_factory=dict)
    linker: Linker | None = None
    names: dict[str, str] = field(default_factory=dict)
    # claim id -> {"columns": [...], "extracted": "1,500 sent"} for claims an analyst edited
    edits: dict[str, dict[str, object]] = field(default_factory=dict)
    # position id -> what one source said (see `position_notes`): a camp's members, one by one
    positions: dict[str, dict[str, object]] = field(default_factory=dict)


def position_notes(timelines: pd.DataFrame | None) -> dict[str, dict[str, object]]:
    """position id -> its source, figure, as-of date, scope and outlets, for naming every member of a camp.

    >>> position_notes(timelines)["P-1"]["source"]  # doctest: +SKIP
    'Interior Ministry'
    """
    if timelines is None or timelines.empty:
        return {}
    notes = {}
    for row in timelines.to_dict("records"):
        outlets = as_list(row["outlets"])
        notes[text_of(row["position_id"])] = {
            "source": text_of(row["source"]),
            "value": text_of(row["value"]) or "no figure",
            "as_of": format_date(row["as_of"], row.get("as_of_precision")) or "undated",
            "scope": text_of(row.get("scope")),
            "outlets": outlets,
        }
    return notes


def finding_card(row: dict, number: int, context: CardContext, *, evidence: bool = True) -> dict[str, object]:
    """A finding as a card: number in its section, subject in words, both sides with evidence and witnesses.

    `evidence=False` skips highlighting the sentences (a table row shows links, not the sentence).

    >>> finding_card(findings.iloc[0].to_dict(), 1, CardContext())["number"]  # doctest: +SKIP
    1
    """
    left, right = _side(row, "l", context, evidence), _side(row, "r", context, evidence)
    steps = as_list(row.get("steps"))
    relation = text_of(row["relation"])
    ordered = sorted((left, right), key=lambda side: (side["as_of_key"] or "9999", side["value"]))
    dates = list(dict.fromkeys(side["as_of"] for side in ordered))
    return {
        "finding_id": text_of(row["finding_id"]),
        "number": number,
        "rank": int_of(row.get("rank")),
        "relation": relation,
        "relation_words": RELATION_WORDS.get(relation, relation.replace("_", " ")),
        "rule_id": text_of(row["rule_id"]),
        "label": text_of(row["label"]),
        "subject": subject_label(row["subject"], context.names) if not is_missing(row["subject"]) else "",
        "status": status_words(row["status"]),
        "scope": text_of(row.get("scope")),
        "severity": format_number(round(float(row["severity"]), 3)) if not is_missing(row["severity"]) else "",
        "headline": sides_sentence(relation, _worded(row, "l"), _worded(row, "r"), steps),
        "summary": text_of(row.get("summary")),
        "steps": steps,
        "period": " → ".join(dates),
        "period_key": ordered[0]["as_of_key"],
        "left": left,
        "right": right,
    }


def _worded(row: dict, side: str) -> dict[str, object]:
    """A side as describe.sides_sentence reads it (the same wording as the finding's summary)."""
    return {"sources": as_list(row[f"sources_{side}"]), "value": text_of(row[f"value_{side}"]),
            "as_of": row.get(f"as_of_{side}"), "n_outlets": int_of(row.get(f"n_outlets_{side}")),
            "n_independent": int_of(row.get(f"n_independent_{side}"))}


def _side(row: dict, side: str, context: CardContext, evidence: bool) -> dict[str, object]:
    doc_id, start, end = text_of(row[f"doc_id_{side}"]), row[f"start_{side}"], row[f"end_{side}"]
    claim_ids = as_list(row[f"claim_ids_{side}"])
    outlets = as_list(row[f"outlets_{side}"])
    n_independent = int_of(row[f"n_independent_{side}"])
    n_outlets = int_of(row.get(f"n_outlets_{side}")) or len(outlets)
    linker = context.linker
    as_of = text_of(row.get(f"as_of_{side}"))
    members = [context.positions[p] for p in as_list(row.get(f"position_ids_{side}")) if p in context.positions]
    return {
        "value": text_of(row[f"value_{side}"]) or "no figure",
        "as_of": format_date(as_of) or "undated",
        "as_of_key": as_of,
        "sources": as_list(row[f"sources_{side}"]),
        "via": as_list(row[f"via_{side}"]),
        "outlets": outlets,
        "n_independent": n_independent,
        "witnesses": witness_note(n_outlets, n_independent),
        # Each position of a camp (or of a chain's later steps): which source said which figure, carried by whom.
        "positions": sorted(members, key=lambda m: (m["source"], m["as_of"], m["value"])) if len(members) > 1 else [],
        "scope": members[0]["scope"] if len(members) == 1 else "",
        "claim_ids": claim_ids,
        "doc_id": doc_id,
        "evidence": highlight(row[f"evidence_{side}"], context.texts.get(doc_id), int_of(start), int_of(end),
                              text_of(row.get("kind")) or "count") if evidence else Markup(""),
        "evidence_text": text_of(row[f"evidence_{side}"]),
        "text_link": linker.text_link(doc_id, start) if linker else None,
        "url": linker.url(doc_id) if linker else None,
        "edited": _edit_note(claim_ids, context.edits),
    }


def _edit_note(claim_ids: list[str], edits: dict[str, dict[str, object]]) -> dict[str, object] | None:
    """Say when a side stands on edited claims, with what extraction found for the first one."""
    edited = [claim_id for claim_id in claim_ids if claim_id in edits]
    if not edited:
        return None
    first = edits[edited[0]]
    return {"extracted": text_of(first.get("extracted")), "columns": list(first.get("columns", [])),
            "n_edited": len(edited), "n_claims": len(claim_ids)}


def card_markup(cards: list[dict], environment) -> Markup:
    """The HTML of a list of cards, from the same template macro report.html uses."""
    template = environment.get_template("cards.html.j2")
    return Markup(template.module.cards(cards))
