"""Findings: claims + relations -> findings (RelationSchema -> FindingSchema), ranked by severity."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from reconcile.compare import load_ladder, point_values, source_identity
from reconcile.describe import describe_values, format_numbers
from reconcile.schema import ClaimSchema, FindingSchema, RelationSchema, columns_of, complete_claims, empty_frame
from reconcile.summarise._groups import distinct_counts, joined, ranks

# Relations worth an analyst's attention, with how much each weighs in the severity (a conflict between
# independent sources matters most; a compatible, less precise figure least).
FINDING_WEIGHTS: dict[str, float] = {
    "conflict": 1.0,
    "attribution_discrepancy": 0.8,
    "revision": 0.6,
    "quote_variant": 0.4,
    "scope_difference": 0.3,
    "compatible": 0.1,
}
# Distance floor so that same-figure findings (attribution, quotes, places) still rank by their sources.
MIN_DISTANCE = 0.1


_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def summarise_findings(
    claims: DataFrame[ClaimSchema], relations: DataFrame[RelationSchema]
) -> DataFrame[FindingSchema]:
    """Merge notable pair relations into findings (one per relation and pair of value positions), ranked.

    A value position is what a side says once wording is set aside ("about 250", "at least 250" and
    "250 killed" reported twice are one position), so one conflict between two figures is one finding however many outlets
    repeat it. Severity = relation weight x distance (|log10 ratio| for counts, log10(1 + days apart) for dates,
    floored at 0.1) x independent sources on both sides.

    >>> summarise_findings(claims, classify_pairs(pair_claims(claims), claims)).iloc[0]["relation"]  # doctest: +SKIP
    'conflict'
    """
    frame = complete_claims(claims).reset_index(drop=True)
    notable = relations[relations["relation"].isin(list(FINDING_WEIGHTS))]
    if notable.empty or frame.empty:
        return FindingSchema.validate(empty_frame(columns_of(FindingSchema)))
    ids = frame["claim_id"].astype(str).to_numpy(dtype=object)
    index = pd.Index(ids)
    left = index.get_indexer(notable["claim_id_l"].astype(str))
    right = index.get_indexer(notable["claim_id_r"].astype(str))
    position_names, by_family, by_status = _positions(frame)
    # An attribution discrepancy is about the status itself, so its sides are told apart by exact status.
    by_relation = np.where(notable["relation"].to_numpy(dtype=object) == "attribution_discrepancy", 1, 0)
    pos_l = np.where(left < 0, -1, np.where(by_relation == 1, by_status[left], by_family[left]))
    pos_r = np.where(right < 0, -1, np.where(by_relation == 1, by_status[right], by_family[right]))
    usable = (left >= 0) & (right >= 0) & (pos_l != pos_r)
    left, right, pos_l, pos_r = left[usable], right[usable], pos_l[usable], pos_r[usable]
    relation_names = notable["relation"].astype(str).to_numpy(dtype=object)[usable]
    rule_ids = notable["rule_id"].astype(str).to_numpy(dtype=object)[usable]
    labels = notable["label"].astype(str).to_numpy(dtype=object)[usable]
    if not len(left):
        return FindingSchema.validate(empty_frame(columns_of(FindingSchema)))

    relation_codes, relation_vocab = pd.factorize(relation_names, sort=True)
    low_pos, high_pos = np.minimum(pos_l, pos_r), np.maximum(pos_l, pos_r)
    n_positions = len(position_names) + 1
    combined = (relation_codes.astype(np.int64) * n_positions + low_pos) * n_positions + high_pos
    group_keys, group = np.unique(combined, return_inverse=True)
    n_groups = len(group_keys)

    # One row per (finding, side, claim): side 0 holds the lower position code, side 1 the higher.
    claim_on_low = np.where(pos_l == low_pos, left, right)
    claim_on_high = np.where(pos_l == low_pos, right, left)
    members = pd.DataFrame(
        {
            "group": np.concatenate([group, group]),
            "side": np.concatenate([np.zeros(len(group), np.int64), np.ones(len(group), np.int64)]),
            "claim": np.concatenate([claim_on_low, claim_on_high]),
        }
    ).drop_duplicates()
    id_rank = ranks(ids)
    members = members.assign(rank=id_rank[members["claim"].to_numpy()])
    members = members.sort_values(["group", "side", "rank"], kind="stable").reset_index(drop=True)
    group_side = (members["group"].to_numpy() * 2 + members["side"].to_numpy()).astype(np.int64)

    identity = source_identity(frame)
    # A document whose outlet is unknown still carried the claim: name it by its document, never drop it.
    outlet = frame["outlet"].astype("object")
    outlet = outlet.where(outlet.notna(), "unknown outlet (" + frame["doc_id"].astype(str) + ")")
    # An unattributed claim is the outlet's own witness: independent of every named source.
    own_voice = frame["outlet"].astype("object").fillna(frame["doc_id"]).astype(str)
    witness = identity.where(identity.notna(), "unattributed (" + own_voice + ")")
    claim_index = members["claim"].to_numpy()
    cells = n_groups * 2
    claim_ids_joined = joined(group_side, pd.Series(ids[claim_index]), cells)
    sources_joined = joined(group_side, witness.iloc[claim_index].reset_index(drop=True), cells)
    outlets_joined = joined(group_side, outlet.iloc[claim_index].reset_index(drop=True), cells)
    via_joined = joined(group_side, frame["via"].astype("object").iloc[claim_index].reset_index(drop=True), cells)
    n_witnesses = distinct_counts(group_side, witness.iloc[claim_index].reset_index(drop=True), cells)
    n_outlets = distinct_counts(group_side, outlet.iloc[claim_index].reset_index(drop=True), cells)
    first_member = np.full(cells, -1, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, group_side[1:] != group_side[:-1]])
    first_member[group_side[starts]] = claim_index[starts]
    representative = first_member.reshape(n_groups, 2)

    # Orient each finding by the pair ordering rule: the side whose representative claim id sorts first is _l.
    swap = id_rank[representative[:, 0]] > id_rank[representative[:, 1]]
    side_l = np.where(swap, 1, 0)
    side_r = 1 - side_l
    cell_l = np.arange(n_groups) * 2 + side_l
    cell_r = np.arange(n_groups) * 2 + side_r
    rep_l, rep_r = representative[np.arange(n_groups), side_l], representative[np.arange(n_groups), side_r]

    group_relation = np.empty(n_groups, dtype=object)
    group_relation[group] = relation_names
    # The rule shown for a merged finding is the smallest rule_id among its pairs (stable across reruns).
    by_rule = pd.DataFrame({"group": group, "rule_id": rule_ids, "label": labels}).sort_values(
        ["group", "rule_id"], kind="stable"
    )
    first_rule = by_rule.drop_duplicates("group").set_index("group")

    values = describe_values(frame).to_numpy(dtype=object)
    distance = _distances(frame, rep_l, rep_r)
    weights = pd.Series(group_relation).map(FINDING_WEIGHTS).to_numpy(dtype=float)
    severity = np.round(weights * distance * (n_witnesses[cell_l] + n_witnesses[cell_r]), 6)

    subjects = frame["subject"].astype("object").to_numpy(dtype=object)
    statuses = frame["status"].astype("object").fillna("").astype(str).to_numpy(dtype=object)
    status = np.where(
        statuses[rep_l] == statuses[rep_r], statuses[rep_l], statuses[rep_l] + " vs " + statuses[rep_r]
    )
    findings = pd.DataFrame(
        {
            "relation": group_relation,
            "rule_id": first_rule["rule_id"].reindex(np.arange(n_groups)).to_numpy(dtype=object),
            "label": first_rule["label"].reindex(np.arange(n_groups)).to_numpy(dtype=object),
            "kind": frame["kind"].astype(str).to_numpy(dtype=object)[rep_l],
            "subject": subjects[rep_l],
            "status": np.where(status == "", None, status),
            "severity": severity,
            "claim_ids_l": claim_ids_joined[cell_l],
            "claim_ids_r": claim_ids_joined[cell_r],
            "value_l": values[rep_l],
            "value_r": values[rep_r],
            "sources_l": sources_joined[cell_l],
            "sources_r": sources_joined[cell_r],
            "via_l": via_joined[cell_l],
            "via_r": via_joined[cell_r],
            "outlets_l": outlets_joined[cell_l],
            "outlets_r": outlets_joined[cell_r],
            "n_independent_l": n_witnesses[cell_l],
            "n_independent_r": n_witnesses[cell_r],
            "n_outlets_l": n_outlets[cell_l],
            "n_outlets_r": n_outlets[cell_r],
            "doc_id_l": frame["doc_id"].astype(str).to_numpy(dtype=object)[rep_l],
            "doc_id_r": frame["doc_id"].astype(str).to_numpy(dtype=object)[rep_r],
            "evidence_l": frame["text"].astype(str).to_numpy(dtype=object)[rep_l],
            "evidence_r": frame["text"].astype(str).to_numpy(dtype=object)[rep_r],
            "start_l": frame["start"].to_numpy()[rep_l],
            "end_l": frame["end"].to_numpy()[rep_l],
            "start_r": frame["start"].to_numpy()[rep_r],
            "end_r": frame["end"].to_numpy()[rep_r],
            "position_l": np.asarray(position_names, dtype=object)[np.where(swap, _high_of(group_keys, n_positions), _low_of(group_keys, n_positions))],
            "position_r": np.asarray(position_names, dtype=object)[np.where(swap, _low_of(group_keys, n_positions), _high_of(group_keys, n_positions))],
        }
    )
    findings["finding_id"] = [
        "F-" + hashlib.sha1(f"{r}|{a}|{b}".encode()).hexdigest()[:12]
        for r, a, b in zip(findings["relation"], findings["position_l"], findings["position_r"])
    ]
    findings["summary"] = _summaries(findings)
    findings = findings.sort_values(["severity", "finding_id"], ascending=[False, True], kind="stable")
    findings["rank"] = np.arange(1, len(findings) + 1)
    ordered = columns_of(FindingSchema) + ["n_outlets_l", "n_outlets_r", "position_l", "position_r"]
    return FindingSchema.validate(findings[ordered].reset_index(drop=True))


def _positions(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes per claim for its value position, by status family and by exact status (for attribution findings).

    Equal codes say the same thing once wording is set aside.
    """
    kind = frame["kind"].astype("object").fillna("").astype(str)
    subject = frame["subject"].astype("object").fillna("").astype(str)
    families = dict(load_ladder().status_families)
    family = frame["status"].astype("object").map(families).fillna("").astype(str)
    increment = frame["is_increment"].astype("object").fillna(False).astype(bool).map({True: "+", False: ""})
    point = format_numbers(pd.Series(point_values(frame), index=frame.index))
    event = frame["event"].astype("object").fillna("").astype(str)
    words = describe_values(frame).str.casefold()
    # "about 250" and "250" are one position; "at least 250" bounds differently, so it stands apart.
    shapes = {"at_least": ">=", "more_than": ">=", "up_to": "<=", "less_than": "<=", "range": "~", "vague": "~"}
    shape = frame["qualifier"].astype("object").map(shapes).fillna("=").astype(str)
    status = frame["status"].astype("object").fillna("").astype(str)
    other_position = kind + "|" + subject + "|" + event + "|" + words
    by_family = (kind + "|" + subject + "|" + family + "|" + increment + shape + point).where(kind.eq("count"), other_position)
    by_status = (kind + "|" + subject + "|" + status + "|" + increment + shape + point).where(kind.eq("count"), other_position)
    codes, uniques = pd.factorize(pd.concat([by_family, by_status], ignore_index=True), sort=True)
    return np.asarray(uniques, dtype=object), codes[: len(frame)], codes[len(frame) :]


def _low_of(keys: np.ndarray, n_positions: int) -> np.ndarray:
    return (keys // n_positions) % n_positions


def _high_of(keys: np.ndarray, n_positions: int) -> np.ndarray:
    return keys % n_positions


def _distances(frame: pd.DataFrame, rep_l: np.ndarray, rep_r: np.ndarray) -> np.ndarray:
    """How far apart two positions are: orders of magnitude for counts, log10(1 + days) for dates."""
    points = point_values(frame)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log10(np.maximum(points[rep_l], 1e-9) / np.maximum(points[rep_r], 1e-9)))
    dates = pd.to_datetime(frame["refers_from"].astype("object"), format="%Y-%m-%d", errors="coerce")
    days = ((dates - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    gap = np.log10(1 + np.abs(days[rep_l] - days[rep_r]))
    kind = frame["kind"].astype("object").to_numpy(dtype=object)[rep_l]
    distance = np.where(kind == "count", ratio, np.where(kind == "date", gap, MIN_DISTANCE))
    return np.maximum(np.nan_to_num(distance, nan=MIN_DISTANCE, posinf=MIN_DISTANCE), MIN_DISTANCE)


def _summaries(findings: pd.DataFrame) -> np.ndarray:
    """One readable paragraph per finding; says when several outlets carry one source ("one witness")."""
    column = lambda name: findings[name].astype("object").fillna("").astype(str).to_numpy(dtype=object)  # noqa: E731
    label, subject = column("label"), column("subject")
    heads = np.array([text[:1].upper() + text[1:] for text in label], dtype=object)
    topic = np.where(subject != "", " on " + subject, "")
    text = (
        heads + topic + ": " + column("value_l") + " (" + column("sources_l") + ") vs "
        + column("value_r") + " (" + column("sources_r") + ")."
    )
    for side in ("l", "r"):
        outlets = findings[f"n_outlets_{side}"].to_numpy(dtype=np.int64)
        sources = findings[f"n_independent_{side}"].to_numpy(dtype=np.int64)
        note = (
            " " + _number_words(outlets, capital=True) + " outlets carry the " + column(f"sources_{side}")
            + " figure: " + _number_words(sources) + np.where(sources == 1, " source.", " sources.")
        )
        text = text + np.where(outlets > sources, note, "")
    return text


def _number_words(numbers: np.ndarray, capital: bool = False) -> np.ndarray:
    """Small counts in words as news writes them ("three outlets"), larger ones in digits."""
    words = np.array([w.capitalize() if capital else w for w in _NUMBER_WORDS], dtype=object)
    digits = numbers.astype(str).astype(object)
    return np.where(numbers < len(words), words[np.clip(numbers, 0, len(words) - 1)], digits)
