"""Findings: timelines + relations (+ claims for evidence) -> findings (FindingSchema), ranked by severity.

What an analyst reads, few enough to read: conflicts between camps of independent sources, each source's revision
chains, the scope differences worth a look (a part above its whole), the same source's figure reported differently
by outlets, and quotes worded differently. Per story, every conflict is shown; the other findings fill, by
severity, up to `findings_per_document` per article of the story; every relation stays in relations.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from reconcile.compare import Ladder, load_ladder, point_values
from reconcile.compare.keys import DEFAULT_STORY
from reconcile.compare.values import as_objects, days, lists_by_group, stable_ids
from reconcile.describe import finding_summary, short_dates
from reconcile.schema import ClaimSchema, FindingSchema, RelationSchema, TimelineSchema, columns_of, empty_frame
from reconcile.summarise.candidates import (
    Candidates,
    chain_candidates,
    conflict_candidates,
    joined,
    pair_candidates,
)
from reconcile.summarise.sides import SIDE_FIELDS, side_table

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
    frame = as_objects(timelines.reset_index(drop=True))
    if frame.empty:
        return empty_frame(columns_of(FindingSchema))
    points = point_values(frame)
    day_numbers = np.where(frame["kind"].eq("date"), days(frame["refers_from"]), days(frame["as_of"]))
    index = pd.Index(frame["position_id"])
    rows = (index.get_indexer(relations["position_id_l"]), index.get_indexer(relations["position_id_r"]))
    candidates = joined([
        conflict_candidates(frame, relations, rows, points, day_numbers),
        chain_candidates(frame, ladder, points, day_numbers),
        pair_candidates(frame, relations, rows, points, day_numbers),
    ])
    if candidates.heads.empty:
        return empty_frame(columns_of(FindingSchema))
    candidates = _within_budget(candidates, frame, claims, ladder.findings_per_document)
    findings = _assembled(candidates, frame, claims)
    findings = findings.sort_values(["severity", "finding_id"], ascending=[False, True], kind="mergesort")
    findings["rank"] = np.arange(1, len(findings) + 1)
    return findings[columns_of(FindingSchema)].reset_index(drop=True)


def _within_budget(candidates: Candidates, frame: pd.DataFrame, claims: pd.DataFrame,
                   per_document: float) -> Candidates:
    """Per story, every conflict, then the other findings by severity up to `per_document` x its articles."""
    heads = candidates.heads.copy()
    first_row = candidates.members.groupby("candidate")["row"].min()
    heads["story"] = frame["story"].to_numpy(dtype=object)[first_row.reindex(heads["candidate"]).to_numpy()]
    story = claims["story"].astype("object").fillna(DEFAULT_STORY)
    articles = claims.assign(story=story).groupby("story")["doc_id"].nunique()
    heads["is_conflict"] = heads["relation"].eq("conflict")
    heads = heads.sort_values(["story", "is_conflict", "severity", "rule_id", "candidate"],
                              ascending=[True, False, False, True, True], kind="mergesort")
    place = heads.groupby("story").cumcount()
    budget = heads["story"].map(articles).fillna(1).to_numpy() * per_document
    kept = heads[heads["is_conflict"].to_numpy() | (place.to_numpy() < budget)]
    members = candidates.members[candidates.members["candidate"].isin(kept["candidate"])]
    return Candidates(kept.drop(columns=["story", "is_conflict"]), members)


def _assembled(candidates: Candidates, frame: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    heads = candidates.heads.set_index("candidate").sort_index()
    sides = side_table(candidates.members, frame, claims).set_index(["candidate", "side"])
    findings = heads.copy()
    for side, suffix in ((0, "l"), (1, "r")):
        part = sides.xs(side, level="side").reindex(findings.index)
        for name in SIDE_FIELDS:
            findings[f"{name}_{suffix}"] = part[name].to_numpy()
    # The pair ordering rule: the side whose smallest position id sorts first is _l (a chain keeps its order).
    swap = (findings["relation"].ne("revision") & (findings["position_ids_l"].map(min)
                                                   > findings["position_ids_r"].map(min))).to_numpy()
    for name in SIDE_FIELDS:
        left, right = findings[f"{name}_l"].to_numpy(dtype=object), findings[f"{name}_r"].to_numpy(dtype=object)
        findings[f"{name}_l"], findings[f"{name}_r"] = np.where(swap, right, left), np.where(swap, left, right)
    lead = candidates.members.sort_values(["candidate", "side", "order", "row"]).drop_duplicates("candidate")
    lead_rows = lead.set_index("candidate")["row"].reindex(findings.index).to_numpy()
    for column in ("story", "kind", "subject", "scope"):
        findings[column] = frame[column].to_numpy(dtype=object)[lead_rows]
    findings["status"] = _statuses(candidates.members, frame).reindex(findings.index).to_numpy()
    findings["steps"] = _steps(candidates, frame).reindex(findings.index).to_numpy()
    findings["severity"] = findings["severity"].astype(float).round(6)
    findings["finding_id"] = stable_ids("F-", pd.DataFrame({
        "relation": findings["relation"].to_numpy(), "left": findings["position_ids_l"].map(" ".join).to_numpy(),
        "right": findings["position_ids_r"].map(" ".join).to_numpy()}))
    findings["summary"] = _summaries(findings)
    return findings.reset_index(drop=True)


def _statuses(members: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    candidates, cell = np.unique(members["candidate"].to_numpy(), return_inverse=True)
    statuses = lists_by_group(cell, frame["status"].to_numpy(dtype=object)[members["row"].to_numpy()], len(candidates))
    return pd.Series([" vs ".join(items) if items else None for items in statuses], index=candidates, dtype=object)


def _steps(candidates: Candidates, frame: pd.DataFrame) -> pd.Series:
    """A revision chain's figures in order, each with its date; other findings have none."""
    chains = candidates.heads.loc[candidates.heads["relation"].eq("revision")
                                  & candidates.heads["rule_id"].eq("count.revision_chain"), "candidate"]
    members = candidates.members[candidates.members["candidate"].isin(chains)].sort_values(["candidate", "order"])
    when = short_dates(frame["as_of"]).to_numpy(dtype=object)
    words = frame["value"].to_numpy(dtype=object)[members["row"]] + " (" + when[members["row"]] + ")"
    steps = pd.Series(words, index=members["candidate"].to_numpy()).groupby(level=0).agg(list)
    every = pd.Series([[] for _ in candidates.heads["candidate"]], index=candidates.heads["candidate"].to_numpy())
    every.loc[steps.index] = steps
    return every


def _summaries(findings: pd.DataFrame) -> list[str]:
    """One readable sentence per finding, worded by describe.py (the same sentence heads the report's card)."""
    sides = {suffix: findings[[f"{name}_{suffix}" for name in SIDE_FIELDS]].set_axis(SIDE_FIELDS, axis=1)
             .to_dict("records") for suffix in ("l", "r")}
    return [
        finding_summary(label, relation, subject, scope, left, right, steps)
        for label, relation, subject, scope, left, right, steps in zip(
            findings["label"], findings["relation"], findings["subject"], findings["scope"], sides["l"], sides["r"],
            findings["steps"], strict=True)
    ]
