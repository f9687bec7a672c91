"""Evaluation of conflicts: findings + claim -> gold position map + gold conflict pairs -> labelled conflicts, scores.

Rules (also in README.md, "Scoring against a devset"):

- The conflicts are the findings whose `relation` is `conflict`, in `rank` order (ties by `finding_id`).
- `claim_ids_l` / `claim_ids_r` may be a list, a JSON array written as a string, or ids joined by ";".
- A side's gold positions: the `position` of every gold count row one of its claims matched (a side is a camp of
  positions that agree, such as "4,200 from the ministry and from the army"). Claims that matched no gold row
  say nothing. A side with no matched claim maps to no position. `position_l` / `position_r` show the most
  frequent one (ties broken by the position that comes first in the gold file).
- Each pair of gold positions across the two sides is judged: `real` when it is a `conflict` pair of
  conflicts_gold.csv (either order), `tolerated` when it is a `tolerated` pair, `false` otherwise (including the
  same position on both sides). A conflict is `real` when its real pairs outnumber its false ones, `tolerated`
  when it has only tolerated pairs, and `false` otherwise (a side mapping to no position, or as many false pairs
  as real ones).
- precision = real / (real + false): tolerated conflicts count neither for nor against; top-ten precision is the
  same over the first ten conflicts in report order; recall = gold `conflict` pairs found as a real pair of a real
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
    rows, found = [], set()
    for finding in conflicts.to_dict(orient="records"):
        left_ids, right_ids = parse_claim_ids(finding.get("claim_ids_l")), parse_claim_ids(finding.get("claim_ids_r"))
        pair_labels = _pair_labels(_positions(left_ids, position_of), _positions(right_ids, position_of), label_of)
        label = _label(list(pair_labels.values()))
        if label == REAL:
            found |= {pair for pair, pair_label in pair_labels.items() if pair_label == REAL}
        rows.append({**{column: finding.get(column) for column in CONFLICT_COLUMNS},
                     "position_l": side_position(left_ids, position_of, gold_order),
                     "position_r": side_position(right_ids, position_of, gold_order), "label": label})
    labelled = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    wanted = gold_pairs[gold_pairs["label"] == CONFLICT]
    is_missed = pd.Series([frozenset((row.position_a, row.position_b)) not in found
                           for row in wanted.itertuples(index=False)], index=wanted.index, dtype=bool)
    missed = wanted.loc[is_missed, PAIR_COLUMNS].reset_index(drop=True)
    return ConflictScores(labelled, missed, _metrics(labelled, len(wanted), len(wanted) - len(missed)))


def _positions(claim_ids: list[str], position_of: dict[str, str]) -> set[str]:
    return {position_of[claim_id] for claim_id in claim_ids if claim_id in position_of}


def _pair_labels(left: set[str], right: set[str], label_of: dict[frozenset, str]) -> dict[frozenset, str]:
    """Every pair of gold positions across the two sides, with its gold label (`false` when not listed)."""
    labels = {}
    for a in sorted(left):
        for b in sorted(right):
            pair = frozenset((a, b))
            gold_label = label_of.get(pair) if a != b else None
            labels[pair] = REAL if gold_label == CONFLICT else (TOLERATED if gold_label == TOLERATED else FALSE)
    return labels


def _label(pair_labels: list[str]) -> str:
    counts = Counter(pair_labels)
    if counts[REAL] > counts[FALSE]:
        return REAL
    return TOLERATED if counts[TOLERATED] and not counts[FALSE] and not counts[REAL] else FALSE


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
