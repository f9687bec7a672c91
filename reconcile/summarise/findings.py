"""Findings: timelines + relations (+ claims for evidence) -> findings (FindingSchema), ranked by severity.

What an analyst reads, few enough to read: conflicts between camps of independent sources, each source's revision
chains, the scope differences worth a look (a part above its whole; one source's figure for another measure), the
same source's figure reported differently by outlets, and quotes worded differently.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare import Ladder, load_ladder, point_values
from reconcile.compare.values import days
from reconcile.describe import finding_summary
from reconcile.schema import ClaimSchema, FindingSchema, RelationSchema, TimelineSchema, columns_of, empty_frame
from reconcile.summarise.chains import chain_candidates
from reconcile.summarise.conflicts import conflict_candidates
from reconcile.summarise.sides import Candidate, SideBook, distance

# Relations found pair by pair (not camps or chains), with how much each weighs in the severity.
PAIR_WEIGHTS: dict[str, float] = {"attribution_discrepancy": 0.8, "quote_variant": 0.4, "scope_difference": 0.3,
                                  "revision": 0.6, "conflict": 1.0}
# Scope differences shown as findings; the others stay relations (a city is not a contradiction of its country).
NOTABLE_SCOPE_RULES = ("count.part_exceeds_whole",)
# Revisions of counts come as chains from the timelines; revisions of other kinds (a deadline moved) pair by pair.
CHAINED_KINDS = ("count",)
FINDING_ORDER = ["severity", "finding_id"]


@pa.check_types
def summarise_findings(
    claims: DataFrame[ClaimSchema],
    timelines: DataFrame[TimelineSchema],
    relations: DataFrame[RelationSchema],
    ladder: Ladder | None = None,
) -> DataFrame[FindingSchema]:
    """Conflicts, revision chains and the other notable relations as ranked findings with both sides named.

    >>> summarise_findings(claims, timelines, relations).iloc[0]["relation"]  # doctest: +SKIP
    'conflict'
    """
    ladder = ladder or load_ladder()
    frame = timelines.reset_index(drop=True)
    if frame.empty:
        return empty_frame(columns_of(FindingSchema))
    points = point_values(frame)
    day_numbers = np.where(frame["kind"].eq("date"), days(frame["refers_from"]), days(frame["as_of"]))
    candidates = conflict_candidates(frame, relations, points, day_numbers)
    candidates += chain_candidates(frame, ladder, points, day_numbers)
    candidates += _pair_candidates(frame, relations, points, day_numbers)
    if not candidates:
        return empty_frame(columns_of(FindingSchema))
    book = SideBook(frame, claims)
    candidates = _within_budget(candidates, frame, claims, ladder.findings_per_document)
    findings = pd.DataFrame([_finding(c, frame, book) for c in candidates])
    findings = findings.sort_values(FINDING_ORDER, ascending=[False, True], kind="mergesort")
    findings["rank"] = np.arange(1, len(findings) + 1)
    return findings[columns_of(FindingSchema)].reset_index(drop=True)


def _within_budget(candidates: list[Candidate], frame: pd.DataFrame, claims: pd.DataFrame,
                   per_document: float) -> list[Candidate]:
    """Per story, every conflict, then the other findings by severity up to `per_document` x its articles."""
    story = frame["story"].to_numpy(dtype=object)
    holder = {c: s for s, ids in zip(story, frame["claim_ids"], strict=True) for c in ids}
    documents = pd.Series(claims["doc_id"].to_numpy(), index=claims["claim_id"].to_numpy()).groupby(
        pd.Series(claims["claim_id"]).map(holder).to_numpy()).nunique().to_dict()
    kept, used = [], {}
    ordered = sorted(candidates, key=lambda c: (c.relation != "conflict", -c.severity, c.rule_id, c.left, c.right))
    for candidate in ordered:
        where = story[candidate.left[0]]
        budget = per_document * documents.get(where, 1)
        if candidate.relation == "conflict" or used.get(where, 0) < budget:
            kept.append(candidate)
            used[where] = used.get(where, 0) + 1
    return kept


def _pair_candidates(frame: pd.DataFrame, relations: pd.DataFrame, points: np.ndarray,
                     day_numbers: np.ndarray) -> list[Candidate]:
    relation = relations["relation"]
    notable = relation.isin(["attribution_discrepancy", "quote_variant"])
    notable |= relation.eq("scope_difference") & relations["rule_id"].isin(NOTABLE_SCOPE_RULES)
    notable |= relation.eq("revision") & ~relations["kind"].isin(CHAINED_KINDS)
    chosen = relations[notable]
    if chosen.empty:
        return []
    index = pd.Index(frame["position_id"])
    groups = frame["source_group"].to_numpy(dtype=object)
    left = index.get_indexer(chosen["position_id_l"])
    right = index.get_indexer(chosen["position_id_r"])
    candidates = []
    for l_row, r_row, rel, rule_id, label in zip(left, right, chosen["relation"], chosen["rule_id"],
                                                 chosen["label"], strict=True):
        n_sources = 2 if groups[l_row] != groups[r_row] else 1
        severity = PAIR_WEIGHTS[rel] * distance(frame, (l_row,), (r_row,), points, day_numbers) * n_sources
        candidates.append(Candidate(rel, str(rule_id), str(label), (int(l_row),), (int(r_row),), severity))
    return candidates


def _finding(candidate: Candidate, frame: pd.DataFrame, book: SideBook) -> dict[str, object]:
    left, right = book.side(candidate.left), book.side(candidate.right)
    lead = frame.iloc[candidate.left[0]]
    key = "|".join([candidate.relation, *left["position_ids"], ">", *right["position_ids"]])
    row = {
        "finding_id": "F-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12],
        "story": lead["story"],
        "relation": candidate.relation,
        "rule_id": candidate.rule_id,
        "label": candidate.label,
        "kind": lead["kind"],
        "subject": lead["subject"],
        "status": _status(frame, candidate),
        "scope": lead["scope"],
        "severity": round(float(candidate.severity), 6),
        "steps": list(candidate.steps),
        "summary": _summary(candidate, left, right, lead),
    }
    for side, values in (("l", left), ("r", right)):
        for name, value in values.items():
            row[f"{name}_{side}"] = value
    if candidate.relation == "revision" and candidate.steps:
        # A chain's right side is every later step; its figure is where the chain ends.
        last = frame.iloc[candidate.right[-1]]
        row["value_r"], row["as_of_r"] = last["value"], last["as_of"]
    return row


def _status(frame: pd.DataFrame, candidate: Candidate) -> str | None:
    statuses = sorted({s for s in frame["status"].iloc[list(candidate.left + candidate.right)] if isinstance(s, str)})
    return " vs ".join(statuses) if statuses else None


def _summary(candidate: Candidate, left: dict, right: dict, lead: pd.Series) -> str:
    """One readable sentence, worded by describe.py: what, on what subject, which sources said which figure when,
    with the outlets that carried a side noted when they outnumber its independent sources."""
    return finding_summary(candidate.label, candidate.relation, lead["subject"], lead["scope"], left, right,
                           candidate.steps)
