"""Evaluation of conflicts: findings + claim -> gold position map + gold conflict pairs -> labelled conflicts, scores.

Rules (also in README.md, "Scoring against a devset"):

- The conflicts are the findings whose `relation` is `conflict`, in `rank` order (ties by `finding_id`).
- `claim_ids_l` / `claim_ids_r` may be a list, a JSON array written as a string, or ids joined by ";".
- A side's gold position: each of its claims that matched a gold count row votes for that row's `position`; the
  side takes the most frequent one, ties broken by the position that comes first in the gold file. Claims that
  matched no gold row do not vote. A side with no vote maps to no position.
- A conflict is `real` when its two positions form a `conflict` pair of conflicts_gold.csv (either order),
  `tolerated` when they form a `tolerated` pair, and `false` otherwise: a side that maps to no position, both sides
  on one position, or a pair the gold does not list.
- precision = real / (real + false): tolerated conflicts count neither for nor against; top-ten precision is the
  same over the first ten conflicts in report order; recall = gold `conflict` pairs found by at least one real
  conflict / gold `conflict` pairs. An undefined ratio is NaN.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

TOP_N = 10
CONFLICT = "conflict"
TOLERATED = "tolerated"
REAL, FALSE = "real", "false"
CONFLICT_COLUMNS = [
    "rank", "finding_id", "story", "kind", "subject", "value_l", "value_r", "sources_l", "sources_r",
    "position_l", "position_r", "label",
]
PAIR_COLUMNS = ["position_a", "position_b", "label", "why"]


@dataclass(frozen=True)
class ConflictScores:
    """Every conflict shown with the gold positions of its sides and its label, the gold pairs missed, the figures."""

    conflicts: pd.DataFrame
    missed_pairs: pd.DataFrame
    metrics: dict[str, float]


def parse_claim_ids(cell) -> list[str]:
    """Claim ids of one side: `parse_claim_ids("c1; c2")` == `parse_claim_ids('["c1", "c2"]')` == ["c1", "c2"]."""
    if isinstance(cell, (list, tuple)):
        return [str(item).strip() for item in cell if str(item).strip()]
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    text = str(cell).strip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            return parse_claim_ids(items)
    return [item.strip() for item in text.split(";") if item.strip()]


def side_position(claim_ids: list[str], position_of: dict[str, str], gold_order: dict[str, int]) -> str | None:
    """The gold position a side stands for: the most frequent among its matched claims, ties by gold order.

    >>> side_position(["c1", "c2", "c3"], {"c1": "b", "c2": "a", "c3": "a"}, {"a": 1, "b": 0})
    'a'
    """
    votes = Counter(position_of[claim_id] for claim_id in claim_ids if claim_id in position_of)
    if not votes:
        return None
    return min(votes, key=lambda position: (-votes[position], gold_order.get(position, math.inf), position))


def conflict_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings whose relation is `conflict`, in report (rank) order, with every column the scorer reads."""
    if findings.empty or "relation" not in findings.columns:
        return pd.DataFrame(columns=["rank", "finding_id", "claim_ids_l", "claim_ids_r"])
    conflicts = findings[findings["relation"].astype(str) == CONFLICT].copy()
    for column in ("rank", "finding_id", "story", "kind", "subject", "value_l", "value_r", "sources_l", "sources_r"):
        if column not in conflicts.columns:
            conflicts[column] = None
    conflicts["rank"] = pd.to_numeric(conflicts["rank"], errors="coerce")
    conflicts["finding_id"] = conflicts["finding_id"].astype("object").map(lambda cell: "" if cell is None else str(cell))
    return conflicts.sort_values(["rank", "finding_id"], kind="mergesort", na_position="last").reset_index(drop=True)


def score_conflicts(findings: pd.DataFrame, position_of: dict[str, str], gold_positions: list[str],
                    gold_pairs: pd.DataFrame) -> ConflictScores:
    """Label every conflict shown against the gold pairs and compute precision, top-ten precision and recall.

    `position_of` maps a predicted claim id to the gold position of the row it matched; `gold_positions` lists the
    positions in gold file order (for ties); `gold_pairs` has the columns of conflicts_gold.csv.
    """
    gold_order = {position: index for index, position in enumerate(dict.fromkeys(gold_positions))}
    label_of = {frozenset((row.position_a, row.position_b)): row.label for row in gold_pairs.itertuples(index=False)}
    conflicts = conflict_findings(findings)
    rows = []
    for finding in conflicts.to_dict(orient="records"):
        left = side_position(parse_claim_ids(finding.get("claim_ids_l")), position_of, gold_order)
        right = side_position(parse_claim_ids(finding.get("claim_ids_r")), position_of, gold_order)
        rows.append({**{column: finding.get(column) for column in CONFLICT_COLUMNS},
                     "position_l": left, "position_r": right, "label": _label(left, right, label_of)})
    labelled = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    found = {frozenset((row.position_l, row.position_r)) for row in labelled.itertuples(index=False)
             if row.label == REAL}
    wanted = gold_pairs[gold_pairs["label"] == CONFLICT]
    is_missed = pd.Series([frozenset((row.position_a, row.position_b)) not in found
                           for row in wanted.itertuples(index=False)], index=wanted.index, dtype=bool)
    missed = wanted.loc[is_missed, PAIR_COLUMNS].reset_index(drop=True)
    return ConflictScores(labelled, missed, _metrics(labelled, len(wanted), len(wanted) - len(missed)))


def _label(left: str | None, right: str | None, label_of: dict[frozenset, str]) -> str:
    if left is None or right is None or left == right:
        return FALSE
    gold_label = label_of.get(frozenset((left, right)))
    if gold_label == CONFLICT:
        return REAL
    return TOLERATED if gold_label == TOLERATED else FALSE


def _metrics(labelled: pd.DataFrame, n_gold_pairs: int, n_found: int) -> dict[str, float]:
    labels = labelled["label"].tolist()
    counts = Counter(labels)
    return {
        "conflicts_shown": len(labels),
        "conflicts_real": counts[REAL],
        "conflicts_tolerated": counts[TOLERATED],
        "conflicts_false": counts[FALSE],
        "conflict_precision": _precision(labels),
        "top_ten_precision": _precision(labels[:TOP_N]),
        "gold_conflict_pairs": n_gold_pairs,
        "gold_conflict_pairs_found": n_found,
        "conflict_recall": n_found / n_gold_pairs if n_gold_pairs else math.nan,
    }


def _precision(labels: list[str]) -> float:
    judged = [label for label in labels if label != TOLERATED]
    return sum(label == REAL for label in judged) / len(judged) if judged else math.nan
