"""Candidate findings, as two frames: heads (one row per candidate) and members (its timeline rows on each side).

- Conflicts: positions that agree form a camp (the ministry's and the army's 4,200); a conflict finding sets one
  camp against another, naming every independent source on each side, instead of one card per pair.
- Revision chains: each source's timeline, one finding per run of changing figures ("41 -> 68 -> 75"). A total one
  chain follows (a toll) runs however far apart its steps are; for other measures a step more than the measure's
  `chain_gap_days` after the one before starts a new run, and a crowd's run never spans days.
- Pairs: the other notable relations, one finding each (discrepancies, quote variants, a part above its whole).

Everything is computed over arrays of timeline rows; no loop runs per position or per relation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.compare import Ladder, count_intervals, family_of

HEAD_COLUMNS = ["candidate", "relation", "rule_id", "label", "severity"]
MEMBER_COLUMNS = ["candidate", "side", "row", "order"]
# Weights in the severity: a conflict between independent sources matters most.
WEIGHTS = {"conflict": 1.0, "attribution_discrepancy": 0.8, "revision": 0.6, "quote_variant": 0.4,
           "scope_difference": 0.3}
# A compatible pair whose stated figures are this close ("12,000" and "more than 12,000") stands in one camp; wider
# compatibility ("thousands" with anything above) would chain every figure into one camp.
CAMP_RELATIVE = 0.10
MIN_DISTANCE = 0.1
# Scope differences shown as findings; the others stay relations (a city is not a contradiction of its country).
NOTABLE_SCOPE_RULES = ("count.part_exceeds_whole", "count.far_apart")
CHAIN_RULE = ("count.revision_chain", "one source's figure over time")


@dataclass(frozen=True)
class Candidates:
    """Heads (candidate, relation, rule_id, label, severity) and members (candidate, side 0/1, row, order)."""

    heads: pd.DataFrame
    members: pd.DataFrame

    @staticmethod
    def none() -> Candidates:
        return Candidates(pd.DataFrame(columns=HEAD_COLUMNS), pd.DataFrame(columns=MEMBER_COLUMNS))


def distances(sides: pd.DataFrame, frame: pd.DataFrame, points: np.ndarray, day_numbers: np.ndarray) -> pd.Series:
    """Per candidate, how far apart its sides are: orders of magnitude for counts, log10(1 + days) for dates."""
    kind = frame["kind"].to_numpy(dtype=object)[sides["row"].to_numpy()]
    values = np.where(kind == "count", points[sides["row"]], np.where(kind == "date", day_numbers[sides["row"]],
                                                                      np.nan))
    per_side = pd.DataFrame({"candidate": sides["candidate"].to_numpy(), "side": sides["side"].to_numpy(),
                             "value": values, "kind": kind})
    summary = per_side.groupby(["candidate", "side"])["value"].max().unstack("side")
    first_kind = per_side.groupby("candidate")["kind"].first()
    a = summary.get(0, pd.Series(np.nan, index=summary.index)).to_numpy(dtype=float)
    b = summary.get(1, pd.Series(np.nan, index=summary.index)).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        counts = np.abs(np.log10(np.maximum(a, 1e-9) / np.maximum(b, 1e-9)))
        dates = np.log10(1 + np.abs(a - b))
    kinds = first_kind.reindex(summary.index).to_numpy(dtype=object)
    value = np.where(kinds == "count", counts, np.where(kinds == "date", dates, 0.0))
    return pd.Series(np.maximum(np.nan_to_num(value, nan=0.0, posinf=0.0), MIN_DISTANCE), index=summary.index)


def conflict_candidates(frame: pd.DataFrame, relations: pd.DataFrame, rows: tuple[np.ndarray, np.ndarray],
                        points: np.ndarray, day_numbers: np.ndarray) -> Candidates:
    """One candidate per pair of camps with at least one conflict between them."""
    left, right = rows
    relation = relations["relation"].to_numpy(dtype=object)
    conflict = relation == "conflict"
    if not conflict.any():
        return Candidates.none()
    with np.errstate(invalid="ignore", divide="ignore"):
        close = np.abs(points[left] - points[right]) <= CAMP_RELATIVE * np.maximum(points[left], points[right])
    together = (relation == "agree") | ((relation == "compatible") & close)
    graph = coo_matrix((np.ones(int(together.sum())), (left[together], right[together])),
                       shape=(len(frame), len(frame)))
    camp = connected_components(graph, directed=False)[1]
    pairs = pd.DataFrame({"l": left[conflict], "r": right[conflict],
                          "rule_id": relations["rule_id"].to_numpy(dtype=object)[conflict],
                          "label": relations["label"].to_numpy(dtype=object)[conflict]})
    camp_l, camp_r = camp[pairs["l"]], camp[pairs["r"]]
    # Two positions that conflict though agreement links them (A agrees with B, B with C, A conflicts with C)
    # stand as a pair of their own rather than as one camp against itself.
    apart = camp_l != camp_r
    camp_l = np.where(apart, camp_l, len(frame) + pairs["l"].to_numpy())
    camp_r = np.where(apart, camp_r, 2 * len(frame) + pairs["r"].to_numpy())
    low, high = np.minimum(camp_l, camp_r), np.maximum(camp_l, camp_r)
    pairs["candidate"] = pd.factorize(pd.Series(low).astype(str) + "-" + pd.Series(high).astype(str), sort=True)[0]
    members = pd.concat([
        pd.DataFrame({"candidate": pairs["candidate"], "row": pairs["l"], "camp": camp_l, "low": low}),
        pd.DataFrame({"candidate": pairs["candidate"], "row": pairs["r"], "camp": camp_r, "low": low}),
    ]).drop_duplicates(["candidate", "row"])
    members["side"] = np.where(members["camp"] == members["low"], 0, 1)
    members["order"] = 0
    members = members[MEMBER_COLUMNS].sort_values(["candidate", "side", "row"]).reset_index(drop=True)
    first = pairs.sort_values(["candidate", "rule_id"], kind="mergesort").drop_duplicates("candidate")
    groups = frame["source_group"].to_numpy(dtype=object)
    n_sources = (pd.DataFrame({"candidate": members["candidate"], "side": members["side"],
                               "group": groups[members["row"]]})
                 .drop_duplicates().groupby("candidate").size())
    heads = first.set_index("candidate")[["rule_id", "label"]]
    heads["relation"] = "conflict"
    heads["severity"] = WEIGHTS["conflict"] * distances(members, frame, points, day_numbers) * n_sources
    return Candidates(heads.reset_index()[HEAD_COLUMNS], members)


def chain_candidates(frame: pd.DataFrame, ladder: Ladder, points: np.ndarray, day_numbers: np.ndarray) -> Candidates:
    """One candidate per run of one source's count timeline in which the figure changed at least once."""
    # An increment ("another 1,500") adds to a level; it is not a level of its own.
    eligible = (frame["kind"].eq("count") & frame["as_of"].notna() & ~frame["is_increment"].astype(bool)
                & np.isfinite(points)).to_numpy()
    rows = np.flatnonzero(eligible)
    if not len(rows):
        return Candidates.none()
    timeline = frame["timeline_id"].to_numpy(dtype=object)
    rows = rows[np.lexsort((frame["step"].to_numpy()[rows], timeline[rows]))]
    low, high = count_intervals(frame, ladder.tolerance("approx_relative"))
    event = ladder.is_event_count(frame).to_numpy()
    gap_of = {m.family: m.chain_gap_days for _status, m in ladder.measures}
    # A crowd's chain never spans days (a midday count, then the evening one); a toll's spans its whole course.
    gap = np.where(event, 0.0, family_of(frame, ladder).map(gap_of).astype(float).fillna(0.0).to_numpy())[rows]
    same_timeline = np.r_[False, timeline[rows][1:] == timeline[rows][:-1]]
    days = day_numbers[rows]
    previous = np.r_[rows[0], rows[:-1]]
    continues = same_timeline & (np.r_[np.inf, np.diff(days)] <= gap)
    run = np.cumsum(~continues)
    overlaps = (low[rows] <= high[previous]) & (low[previous] <= high[rows])
    # For a crowd, two figures of one day in two articles are two reports of one count, not an update.
    docs = frame["doc_ids"].to_numpy(dtype=object)
    report_not_update = event[rows] & (np.r_[np.inf, np.diff(days)] == 0) & continues
    for i in np.flatnonzero(report_not_update):
        report_not_update[i] = not set(docs[rows[i]]) & set(docs[previous[i]])
    change = continues & ~overlaps & ~report_not_update
    kept = ~continues | change
    runs = pd.DataFrame({"run": run, "row": rows, "kept": kept, "change": change})
    changed_runs = runs.groupby("run")["change"].any()
    runs = runs[runs["kept"] & runs["run"].map(changed_runs).to_numpy()]
    if runs.empty:
        return Candidates.none()
    runs["candidate"] = pd.factorize(runs["run"], sort=True)[0]
    runs["order"] = runs.groupby("candidate").cumcount()
    runs["side"] = np.where(runs["order"] == 0, 0, 1)
    members = runs[MEMBER_COLUMNS].reset_index(drop=True)
    heads = pd.DataFrame({"candidate": np.arange(runs["candidate"].max() + 1), "relation": "revision",
                          "rule_id": CHAIN_RULE[0], "label": CHAIN_RULE[1]})
    ends = members[(members["order"] == 0) | (members["order"] == members.groupby("candidate")["order"].transform("max"))]
    heads["severity"] = WEIGHTS["revision"] * distances(ends, frame, points, day_numbers).reindex(
        heads["candidate"]).to_numpy()
    return Candidates(heads[HEAD_COLUMNS], members)


def pair_candidates(frame: pd.DataFrame, relations: pd.DataFrame, rows: tuple[np.ndarray, np.ndarray],
                    points: np.ndarray, day_numbers: np.ndarray) -> Candidates:
    """The other notable relations, one candidate each. Counts' revisions come as chains instead."""
    relation = relations["relation"]
    notable = relation.isin(["attribution_discrepancy", "quote_variant"])
    notable |= relation.eq("scope_difference") & relations["rule_id"].isin(NOTABLE_SCOPE_RULES)
    notable |= relation.eq("revision") & relations["kind"].ne("count")
    chosen = np.flatnonzero(notable.to_numpy())
    if not len(chosen):
        return Candidates.none()
    left, right = rows[0][chosen], rows[1][chosen]
    candidate = np.arange(len(chosen))
    members = pd.DataFrame({"candidate": np.r_[candidate, candidate], "side": np.r_[np.zeros(len(chosen), int),
                            np.ones(len(chosen), int)], "row": np.r_[left, right]})
    members["order"] = members["side"]
    groups = frame["source_group"].to_numpy(dtype=object)
    n_sources = np.where(groups[left] != groups[right], 2, 1)
    heads = pd.DataFrame({"candidate": candidate, "relation": relation.to_numpy(dtype=object)[chosen],
                          "rule_id": relations["rule_id"].to_numpy(dtype=object)[chosen],
                          "label": relations["label"].to_numpy(dtype=object)[chosen]})
    weights = heads["relation"].map(WEIGHTS).to_numpy(dtype=float)
    heads["severity"] = weights * distances(members, frame, points, day_numbers).reindex(candidate).to_numpy() * n_sources
    return Candidates(heads[HEAD_COLUMNS], members.sort_values(["candidate", "side"]).reset_index(drop=True))


def joined(parts: list[Candidates]) -> Candidates:
    """All candidates in one pair of frames, with candidate numbers made distinct."""
    heads, members, offset = [], [], 0
    for part in parts:
        if part.heads.empty:
            continue
        heads.append(part.heads.assign(candidate=part.heads["candidate"].astype(int) + offset))
        members.append(part.members.assign(candidate=part.members["candidate"].astype(int) + offset))
        offset += int(part.heads["candidate"].max()) + 1
    if not heads:
        return Candidates.none()
    return Candidates(pd.concat(heads, ignore_index=True), pd.concat(members, ignore_index=True))
