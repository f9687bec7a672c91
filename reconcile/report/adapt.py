"""Report stage, adapters: the reconciler's tables (today's claim pairs, or positions and timelines) -> one shape.

The report reads positions and timelines (one row per position: what one source said about one subject and
scope at one as-of date), relations between positions, and findings whose list-valued cells are Python lists.
Until the reconciler writes those, these adapters build them from claims (one position per count claim, so a
position id is its claim id and claim relations are position relations) and split "; "-joined finding cells.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from reconcile.describe import describe_counts, describe_values, is_missing, own_count, split_list, text_of
from reconcile.schema import ClaimSchema, FindingSchema, columns_of, complete_claims, conformed

POSITION_COLUMNS = [
    "position_id", "story", "kind", "subject", "status", "scope", "source", "source_kind", "source_group", "as_of",
    "as_of_precision", "value_low", "value_high", "qualifier", "value", "n_claims", "n_outlets", "outlets",
    "claim_ids",
]
TIMELINE_COLUMNS = POSITION_COLUMNS + ["timeline_id", "step", "previous_position_id", "is_latest"]
POSITION_RELATION_COLUMNS = ["position_id_l", "position_id_r", "story", "kind", "subject", "relation", "rule_id",
                             "label", "reason"]
FINDING_LIST_COLUMNS = ["claim_ids_l", "claim_ids_r", "sources_l", "sources_r", "via_l", "via_r", "outlets_l",
                        "outlets_r", "position_ids_l", "position_ids_r", "steps"]
FINDING_EXTRA_COLUMNS = ["story", "scope", "position_ids_l", "position_ids_r", "as_of_l", "as_of_r", "steps",
                         "n_outlets_l", "n_outlets_r"]
# The key of the one story of a corpus whose documents carry no story.
WHOLE_CORPUS = ""
# Vague amounts are lower bounds, open above, for comparison and for the picture ("thousands" never reads as
# "at most 9,999"); "up to" figures are open below.
OPEN_ABOVE = ("at_least", "more_than", "vague")
OPEN_BELOW = ("up_to", "less_than")
_UNATTRIBUTED = re.compile(r"^unattributed \((?P<outlet>.*)\)$")


def positions_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """A stand-in timelines frame from claims: count claims that state one figure from one source about one
    subject, status and scope at one date collapse into one position (its witnesses are the outlets).

    The source is the organisation, else the speaker, else the outlet's own count (kind `media`); its
    independence group is the source itself; the as-of date is the statement date, else the publication date.
    A position's id is the smallest id of its claims.

    >>> positions_from_claims(claims)[["position_id", "source", "step"]].head(1)  # doctest: +SKIP
    """
    claims_by_position = position_claims(claims)
    if claims_by_position.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in TIMELINE_COLUMNS})
    grouped = claims_by_position.groupby("position_id", sort=True)
    first = grouped.first()
    positions = pd.DataFrame({
        "position_id": first.index.astype(str),
        "story": first["story"].astype(str).to_numpy(),
        "kind": "count",
        "subject": first["subject"].astype(str).to_numpy(),
        "status": first["status"].to_numpy(dtype=object),
        "scope": first["scope"].to_numpy(dtype=object),
        "source": first["source"].to_numpy(dtype=object),
        "source_kind": first["source_kind"].to_numpy(dtype=object),
        "source_group": first["source_group"].to_numpy(dtype=object),
        "as_of": first["as_of"].to_numpy(dtype=object),
        "as_of_precision": np.where(first["as_of"].notna(), "day", "unknown"),
        "value_low": first["low"].to_numpy(dtype=float),
        "value_high": first["high"].to_numpy(dtype=float),
        "qualifier": first["qualifier"].to_numpy(dtype=object),
        "value": first["value"].to_numpy(dtype=object),
        "n_claims": grouped.size().to_numpy(),
        "n_outlets": grouped["outlet"].nunique().to_numpy(),
        "outlets": grouped["outlet"].agg(lambda names: sorted(set(names))).to_numpy(),
        "claim_ids": grouped["claim_id"].agg(sorted).to_numpy(),
    })
    for column in ("status", "scope", "source_kind", "as_of"):
        positions[column] = positions[column].where(pd.notna(positions[column]), None)
    return with_timelines(positions)


def position_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per count claim with its source, as-of date, open-bounded figure and the id of its position."""
    frame = complete_claims(claims)
    counts = frame[(frame["kind"].astype("object") == "count") & frame["subject"].notna()].reset_index(drop=True)
    if counts.empty:
        return pd.DataFrame(columns=["claim_id", "position_id"])
    named = counts["source_org"].astype("object").where(counts["source_org"].notna(), counts["speaker"])
    named = named.where(named.astype(str).str.strip().ne("") & named.notna())
    outlet = counts["outlet"].astype("object").map(lambda name: text_of(name) or "unknown outlet")
    source = named.where(named.notna(), counts["outlet"].astype("object").map(own_count))
    stated = counts["stated_on"].astype("object")
    low, high, qualifier = _position_bounds(counts)
    rows = pd.DataFrame({
        "claim_id": counts["claim_id"].astype(str),
        "story": _column_or(counts, "story", WHOLE_CORPUS).astype(str),
        "subject": counts["subject"].astype(str),
        "status": counts["status"].astype("object"),
        "scope": _column_or(counts, "scope", None),
        "source": source.astype(str),
        "source_kind": _column_or(counts, "source_kind", None).where(named.notna(), "media"),
        "source_group": _column_or(counts, "source_group", None).fillna(source).astype(str),
        "as_of": stated.where(stated.notna(), counts["published"].astype("object")),
        "low": low, "high": high, "qualifier": qualifier, "outlet": outlet,
        "value": describe_counts(counts.assign(status=None)).replace("", "no figure"),
    })
    key = rows[["story", "subject", "status", "scope", "source_group", "as_of", "low", "high", "value"]].astype(
        "object").where(rows.notna(), "").astype(str).agg("|".join, axis=1)
    rows["position_id"] = rows.groupby(key.to_numpy())["claim_id"].transform("min")
    return rows


def with_timelines(positions: pd.DataFrame) -> pd.DataFrame:
    """Timeline columns for positions: one timeline per story, subject, status, scope and source group, in as-of
    order (what is counted is part of the scope: a source's "killed" and "wounded" figures are two timelines)."""
    scope = positions["scope"].astype("object").fillna("")
    status = positions["status"].astype("object").fillna("")
    timeline = (positions["story"].astype(str) + "|" + positions["subject"].astype(str) + "|" + status.astype(str)
                + "|" + scope.astype(str) + "|" + positions["source_group"].astype(str))
    ordered = positions.assign(timeline_id=timeline.to_numpy(), _as_of=positions["as_of"].astype("object").fillna(
        "9999-99-99")).sort_values(["timeline_id", "_as_of", "position_id"], kind="mergesort")
    ordered["step"] = ordered.groupby("timeline_id").cumcount() + 1
    ordered["previous_position_id"] = ordered.groupby("timeline_id")["position_id"].shift(1).astype("object")
    ordered["is_latest"] = ordered["step"] == ordered.groupby("timeline_id")["step"].transform("max")
    ordered = ordered.drop(columns="_as_of").sort_values(["story", "subject", "timeline_id", "step"],
                                                         kind="mergesort")
    ordered["previous_position_id"] = ordered["previous_position_id"].where(ordered["previous_position_id"].notna(),
                                                                            None)
    return ordered[TIMELINE_COLUMNS].reset_index(drop=True)


def _position_bounds(counts: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    qualifier = counts["qualifier"].astype("object")
    low = pd.to_numeric(counts["value_low"], errors="coerce")
    high = pd.to_numeric(counts["value_high"], errors="coerce")
    high = high.where(~qualifier.isin(OPEN_ABOVE))
    low = low.where(~qualifier.isin(OPEN_BELOW))
    return low, high, qualifier


def _column_or(frame: pd.DataFrame, column: str, default: object) -> pd.Series:
    if column in frame.columns:
        return frame[column].astype("object").where(frame[column].notna(), default)
    return pd.Series([default] * len(frame), index=frame.index, dtype="object")


def timelines_for_report(timelines: pd.DataFrame | None, claims: pd.DataFrame) -> pd.DataFrame:
    """The reconciler's timelines when it gave them (every contract column present), else the claims stand-in."""
    if timelines is None:
        return positions_from_claims(claims)
    present = conformed(timelines, TIMELINE_COLUMNS)
    for column in ("outlets", "claim_ids"):
        present[column] = present[column].map(split_list)
    return present


def relations_for_report(relations: pd.DataFrame | None, positions: pd.DataFrame) -> pd.DataFrame:
    """Relations between positions. Claim-pair relations are mapped onto the positions holding their claims;
    a pair inside one position is dropped, and one pair of positions keeps its first relation by rule id."""
    empty = pd.DataFrame({column: pd.Series(dtype="object") for column in POSITION_RELATION_COLUMNS})
    if relations is None or relations.empty or positions.empty:
        return empty
    frame = relations
    if "position_id_l" not in frame.columns and "claim_id_l" in frame.columns:
        owner = position_of_claims(positions)
        left = frame["claim_id_l"].astype(str).map(owner)
        right = frame["claim_id_r"].astype(str).map(owner)
        frame = frame.assign(position_id_l=np.where(left < right, left, right),
                             position_id_r=np.where(left < right, right, left))
        frame = frame[left.notna() & right.notna() & (left != right)]
    if "position_id_l" not in frame.columns:
        return empty
    known = positions.drop_duplicates("position_id").set_index("position_id")
    frame = frame[frame["position_id_l"].isin(known.index) & frame["position_id_r"].isin(known.index)]
    for column in ("story", "kind", "subject"):
        if column not in frame.columns:
            frame = frame.assign(**{column: known[column].reindex(frame["position_id_l"]).to_numpy()})
    frame = frame.sort_values(["position_id_l", "position_id_r", "rule_id"], kind="mergesort")
    frame = frame.drop_duplicates(["position_id_l", "position_id_r"])
    return conformed(frame, POSITION_RELATION_COLUMNS)[POSITION_RELATION_COLUMNS].reset_index(drop=True)


def position_of_claims(positions: pd.DataFrame) -> dict[str, str]:
    """claim id -> the id of the position that holds it."""
    exploded = positions[["position_id", "claim_ids"]].explode("claim_ids").dropna()
    return dict(zip(exploded["claim_ids"].astype(str), exploded["position_id"].astype(str), strict=True))


def findings_for_report(findings: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Findings in the positions contract: list cells as lists, story, scope, as-of dates and position ids present.

    Today's findings ("; "-joined cells, no story) get the story and as-of date of each side's first claim and
    position ids equal to claim ids; "unattributed (Outlet)" becomes "Outlet (own count)", since an outlet's own
    figure has the outlet as its source.
    """
    frame = conformed(findings, columns_of(FindingSchema) + FINDING_EXTRA_COLUMNS)
    if len(frame) and isinstance(frame["position_ids_l"].iloc[0], list):
        return frame  # the reconciler's own findings: already in the positions contract
    for column in FINDING_LIST_COLUMNS:
        frame[column] = frame[column].map(split_list)
    for side in ("l", "r"):
        frame[f"sources_{side}"] = frame[f"sources_{side}"].map(lambda names: [_source_name(n) for n in names])
        missing = frame[f"position_ids_{side}"].map(len) == 0
        frame[f"position_ids_{side}"] = frame[f"position_ids_{side}"].where(~missing, frame[f"claim_ids_{side}"])
    by_claim = complete_claims(claims).drop_duplicates("claim_id").set_index("claim_id")
    first_l = frame["claim_ids_l"].map(lambda ids: ids[0] if ids else None)
    first_r = frame["claim_ids_r"].map(lambda ids: ids[0] if ids else None)
    stated = by_claim["stated_on"].astype("object").where(by_claim["stated_on"].notna(), by_claim["published"])
    for side, first in (("l", first_l), ("r", first_r)):
        column = f"as_of_{side}"
        frame[column] = frame[column].where(frame[column].notna(), first.map(stated.to_dict()))
    story = _column_or(by_claim, "story", WHOLE_CORPUS)
    frame["story"] = frame["story"].where(frame["story"].notna(), first_l.map(story.to_dict())).fillna(WHOLE_CORPUS)
    return frame


def _source_name(name: str) -> str:
    match = _UNATTRIBUTED.match(name)
    return own_count(match["outlet"]) if match else name


def story_keys(findings: pd.DataFrame, timelines: pd.DataFrame) -> list[str]:
    """Every story that has findings or positions, sorted (the whole-corpus story first)."""
    stories = {text_of(s) for s in findings.get("story", pd.Series(dtype=object))}
    stories |= {text_of(s) for s in timelines.get("story", pd.Series(dtype=object))}
    return sorted(stories) or [WHOLE_CORPUS]


def claim_edits(edited: pd.DataFrame, extracted: pd.DataFrame | None) -> pd.DataFrame:
    """Every value of an edited claims table that differs from what extraction gives for the same claim_id.

    One row per (claim_id, column) with both values; a claim the extractor never produced is one row with
    column "claim" (added by hand). Claims are joined by claim_id, which is stable for the same input.

    >>> claim_edits(edited, extracted).columns.tolist()  # doctest: +SKIP
    ['claim_id', 'column', 'edited', 'extracted']
    """
    columns = ["claim_id", "column", "edited", "extracted"]
    if extracted is None or edited is None or edited.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})
    mine = complete_claims(edited).drop_duplicates("claim_id").set_index("claim_id")
    theirs = complete_claims(extracted).drop_duplicates("claim_id").set_index("claim_id")
    rows = [(claim_id, "claim", "added by hand", None) for claim_id in mine.index.difference(theirs.index)]
    shared = mine.index.intersection(theirs.index)
    for column in [c for c in columns_of(ClaimSchema) if c != "claim_id"]:
        left, right = mine.loc[shared, column], theirs.loc[shared, column]
        changed = _differs(left, right)
        rows += [(claim_id, column, left[claim_id], right[claim_id]) for claim_id in shared[changed]]
    edits = pd.DataFrame(rows, columns=columns)
    return edits.sort_values(["claim_id", "column"], kind="mergesort").reset_index(drop=True)


VALUE_COLUMNS = ("value_low", "value_high", "qualifier", "is_increment", "status")


def edit_notes(edits: pd.DataFrame, extracted: pd.DataFrame | None) -> dict[str, dict[str, object]]:
    """claim id -> the columns an analyst edited and what extraction found, in words ("1,500 sent").

    >>> edit_notes(claim_edits(edited, extracted), extracted)["count-1"]["extracted"]  # doctest: +SKIP
    '1,500 sent'
    """
    if edits.empty:
        return {}
    columns = edits.groupby("claim_id", sort=True)["column"].agg(list)
    words: dict[str, str] = {}
    if extracted is not None and len(extracted):
        original = complete_claims(extracted).drop_duplicates("claim_id")
        original = original[original["claim_id"].astype(str).isin(columns.index)]
        words = dict(zip(original["claim_id"].astype(str), describe_values(original), strict=True))
    notes = {}
    for claim_id, changed in columns.items():
        if changed == ["claim"]:
            notes[claim_id] = {"columns": ["added by hand"], "extracted": ""}
            continue
        if any(column in VALUE_COLUMNS for column in changed):
            extracted_words = words.get(claim_id, "")
        else:
            first = edits[edits["claim_id"] == claim_id].iloc[0]
            extracted_words = f"{first['column']}: {text_of(first['extracted']) or 'empty'}"
        notes[claim_id] = {"columns": changed, "extracted": extracted_words}
    return notes


def _differs(left: pd.Series, right: pd.Series) -> np.ndarray:
    mine = left.astype("object").map(_cell_key)
    theirs = right.astype("object").map(_cell_key)
    return (mine != theirs).to_numpy()


def _cell_key(value: object) -> str:
    """A cell in a form that compares equal across CSV and extraction types: 3000 == 3000.0, True == "true"."""
    if is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{float(value):.12g}"
    return str(value).strip()


def plain_cell(value: object) -> object:
    """A cell as JSON writes it: lists stay lists (of plain values), numpy scalars become Python ones."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain_cell(item) for item in value]
    if is_missing(value):
        return None
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no infinity; a non-finite figure is no figure
    return value
