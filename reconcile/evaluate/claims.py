"""Evaluation stage, claims vs claims: gold + predicted claims (ClaimSchema) -> per-kind scores and field accuracy.

A predicted claim matches a gold claim when both come from the same document, are of the same kind and their
[start, end) spans overlap. Matching is one-to-one and greedy: largest overlap first, then earliest start, then
claim ids, so the same inputs always give the same matches. Fields are compared only on matched pairs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from reconcile.evaluate._tables import fmt_ratio, records
from reconcile.schema import ClaimSchema, columns_of
from reconcile.validation import FAILURE_COLUMNS, split_valid
from reconcile.vocab import KINDS

PER_KIND_COLUMNS = ["kind", "gold", "pred", "matched", "precision", "recall", "f1"]
FIELD_COLUMNS = ["kind", "field", "compared", "correct", "accuracy"]
MATCH_COLUMNS = ["doc_id", "kind", "gold_id", "pred_id", "overlap"]
REJECTED_COLUMNS = ["side", *FAILURE_COLUMNS]
ALL_KINDS = "all"

# Which fields are scored for each kind, in report order. "interval" is the pair (value_low, value_high): a count
# is only right when both bounds the wording implies are right ("at least 40 dead" has no high bound).
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    "count": ("interval", "qualifier", "status", "subject", "source_country", "source_org", "speaker", "stated_on"),
    "date": ("refers_from", "refers_to", "speaker"),
    "place": ("place", "speaker"),
    "route": ("origin", "destination", "mode", "speaker"),
    "quote": ("quote_text", "speaker"),
}

# News copy mixes typographic and straight quote marks ("Russia’s" / "Russia's"); they should not count as errors.
_MARKS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Evaluation:
    """Scores of predicted claims against gold claims, with the leftovers on both sides and rejected input rows."""

    per_kind: pd.DataFrame
    field_accuracy: pd.DataFrame
    unmatched_gold: pd.DataFrame
    unmatched_pred: pd.DataFrame
    matches: pd.DataFrame
    rejected: pd.DataFrame

    def to_text(self) -> str:
        """A plain-text summary for the CLI: `print(evaluation.to_text())`."""
        lines = ["Claims evaluation (span overlap, same document and kind)", ""]
        lines.append(f"{'kind':<8}{'gold':>6}{'pred':>6}{'match':>7}{'prec':>8}{'recall':>8}{'f1':>8}")
        for row in self.per_kind.itertuples(index=False):
            lines.append(
                f"{row.kind:<8}{row.gold:>6}{row.pred:>6}{row.matched:>7}"
                f"{fmt_ratio(row.precision):>8}{fmt_ratio(row.recall):>8}{fmt_ratio(row.f1):>8}"
            )
        lines += ["", "Field accuracy on matched claims", f"{'kind':<8}{'field':<16}{'right':>12}{'accuracy':>10}"]
        for row in self.field_accuracy.itertuples(index=False):
            right = f"{row.correct}/{row.compared}"
            lines.append(f"{row.kind:<8}{row.field:<16}{right:>12}{fmt_ratio(row.accuracy):>10}")
        lines += [
            "",
            f"unmatched gold: {len(self.unmatched_gold)}   unmatched predictions: {len(self.unmatched_pred)}",
        ]
        if len(self.rejected):
            lines.append(f"rejected input rows (failed ClaimSchema): {len(self.rejected)} failed checks")
            for row in self.rejected.itertuples(index=False):
                lines.append(f"  {row.side} row {_fmt_cell(row.row)} id {_fmt_cell(row.id)}: {row.column} {row.check}")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict:
        """A JSON-ready dict: `json.dumps(evaluation.to_dict())`; NaN becomes None."""
        return {
            "per_kind": records(self.per_kind),
            "field_accuracy": records(self.field_accuracy),
            "matches": records(self.matches),
            "unmatched_gold": [str(c) for c in self.unmatched_gold["claim_id"]],
            "unmatched_pred": [str(c) for c in self.unmatched_pred["claim_id"]],
            "rejected": records(self.rejected),
        }


def evaluate_claims(gold: pd.DataFrame, pred: pd.DataFrame, kinds: Iterable[str] | None = None) -> Evaluation:
    """Score predicted claims against hand-checked gold claims, per kind and per field.

    >>> evaluate_claims(gold_claims, gold_claims).per_kind["f1"].eq(1.0).all()  # doctest: +SKIP
    True
    """
    gold_valid, gold_failures = _checked(gold)
    pred_valid, pred_failures = _checked(pred)
    gold_claims = _claims_frame(gold_valid)
    pred_claims = _claims_frame(pred_valid)
    wanted = _kinds_to_score(kinds, gold_claims, pred_claims)
    gold_claims = gold_claims[gold_claims["kind"].isin(wanted)].reset_index(drop=True)
    pred_claims = pred_claims[pred_claims["kind"].isin(wanted)].reset_index(drop=True)

    matches = match_claims(gold_claims, pred_claims)
    return Evaluation(
        per_kind=_per_kind(gold_claims, pred_claims, matches, wanted),
        field_accuracy=_field_accuracy(gold_claims, pred_claims, matches, wanted),
        unmatched_gold=_sorted_claims(gold_claims[~gold_claims["claim_id"].isin(matches["gold_id"])]),
        unmatched_pred=_sorted_claims(pred_claims[~pred_claims["claim_id"].isin(matches["pred_id"])]),
        matches=matches,
        rejected=_rejected(gold_failures, pred_failures),
    )


def match_claims(gold: pd.DataFrame, pred: pd.DataFrame, prefer_same: str | None = None) -> pd.DataFrame:
    """One-to-one greedy matching of overlapping spans within a document and kind.

    With `prefer_same` (a column of both frames, such as a figure), overlapping pairs that agree on it are taken
    before the others: when two gold spans overlap ("96 out of 110 pilgrims" / "110 pilgrims who were missing"), a
    prediction of 110 goes to the row of 110.

    >>> match_claims(gold_claims, pred_claims).columns.tolist()  # doctest: +SKIP
    ['doc_id', 'kind', 'gold_id', 'pred_id', 'overlap']
    """
    extra = [prefer_same] if prefer_same else []
    left = gold[["doc_id", "kind", "claim_id", "start", "end", *extra]].rename(
        columns={"claim_id": "gold_id", "start": "start_g", "end": "end_g", **{c: "prefer_g" for c in extra}}
    )
    right = pred[["doc_id", "kind", "claim_id", "start", "end", *extra]].rename(
        columns={"claim_id": "pred_id", "start": "start_p", "end": "end_p", **{c: "prefer_p" for c in extra}}
    )
    candidates = left.merge(right, on=["doc_id", "kind"], how="inner")
    latest_start = np.maximum(candidates["start_g"], candidates["start_p"])
    overlap = np.minimum(candidates["end_g"], candidates["end_p"]) - latest_start
    agrees = candidates["prefer_g"].eq(candidates["prefer_p"]).fillna(False) if extra else False
    candidates = candidates.assign(overlap=overlap.astype("int64"), agrees=agrees)
    candidates = candidates[candidates["overlap"] > 0].sort_values(
        ["agrees", "overlap", "start_g", "start_p", "gold_id", "pred_id"],
        ascending=[False, False, True, True, True, True],
        kind="mergesort",
    )
    taken_gold: set[str] = set()
    taken_pred: set[str] = set()
    kept = []
    for row in candidates.itertuples(index=False):
        if row.gold_id in taken_gold or row.pred_id in taken_pred:
            continue
        taken_gold.add(row.gold_id)
        taken_pred.add(row.pred_id)
        kept.append((row.doc_id, row.kind, row.gold_id, row.pred_id, row.overlap))
    matches = pd.DataFrame(kept, columns=MATCH_COLUMNS).astype({"overlap": "int64"})
    return matches.sort_values(["doc_id", "kind", "gold_id", "pred_id"], kind="mergesort").reset_index(drop=True)


def _checked(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        checked = split_valid(claims, ClaimSchema, "claim_id")
    except pa.errors.SchemaErrors as errors:
        # A frame-wide failure (a missing column) mixed with row failures escapes split_valid: nothing can pass.
        cases = errors.failure_cases
        failures = pd.DataFrame(
            {
                "row": pd.to_numeric(cases["index"], errors="coerce").astype("Int64"),
                "id": None,
                "column": cases["column"].astype("object"),
                "check": cases["check"].astype(str),
                "failure_case": cases["failure_case"].astype(str),
            }
        )
        return claims.iloc[0:0], failures.sort_values(["row", "check", "column"], na_position="first")
    return checked.valid, checked.failures


def _claims_frame(valid: pd.DataFrame) -> pd.DataFrame:
    # A frame rejected as a whole may lack schema columns; give it all of them so later stages need no special case.
    columns = columns_of(ClaimSchema)
    claims = valid.reindex(columns=columns).copy()
    claims["claim_id"] = claims["claim_id"].astype("object").map(str)
    claims["doc_id"] = claims["doc_id"].astype("object").map(str)
    claims["kind"] = claims["kind"].astype("object").map(str)
    claims["start"] = pd.to_numeric(claims["start"]).astype("int64")
    claims["end"] = pd.to_numeric(claims["end"]).astype("int64")
    return claims.reset_index(drop=True)


def _kinds_to_score(kinds: Iterable[str] | None, gold: pd.DataFrame, pred: pd.DataFrame) -> list[str]:
    if kinds is None:
        present = set(gold["kind"]) | set(pred["kind"])
        return [kind for kind in KINDS if kind in present]
    wanted = list(dict.fromkeys(kinds))
    unknown = [kind for kind in wanted if kind not in KINDS]
    if unknown:
        raise ValueError(f"unknown claim kind(s) {unknown}; expected some of {list(KINDS)}")
    return [kind for kind in KINDS if kind in wanted]


def _per_kind(gold: pd.DataFrame, pred: pd.DataFrame, matches: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    rows = []
    for kind in kinds:
        rows.append(_scores(kind, (gold["kind"] == kind).sum(), (pred["kind"] == kind).sum(),
                            (matches["kind"] == kind).sum()))
    rows.append(_scores(ALL_KINDS, len(gold), len(pred), len(matches)))
    return pd.DataFrame(rows, columns=PER_KIND_COLUMNS).astype(
        {"gold": "int64", "pred": "int64", "matched": "int64", "precision": "float64", "recall": "float64",
         "f1": "float64"}
    )


def _scores(kind: str, n_gold: int, n_pred: int, n_matched: int) -> tuple:
    # Undefined ratios stay NaN ("n/a"), so an extractor that says nothing is not credited with perfect precision.
    precision = n_matched / n_pred if n_pred else math.nan
    recall = n_matched / n_gold if n_gold else math.nan
    f1 = 2 * n_matched / (n_gold + n_pred) if (n_gold + n_pred) else math.nan
    return (kind, int(n_gold), int(n_pred), int(n_matched), precision, recall, f1)


def _field_accuracy(gold: pd.DataFrame, pred: pd.DataFrame, matches: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    pairs = matches.merge(gold.add_suffix("_g"), left_on="gold_id", right_on="claim_id_g", how="left").merge(
        pred.add_suffix("_p"), left_on="pred_id", right_on="claim_id_p", how="left"
    )
    rows = []
    for kind in kinds:
        of_kind = pairs[pairs["kind"] == kind]
        for field in FIELDS_BY_KIND[kind]:
            correct = _field_agrees(of_kind, field)
            compared = len(of_kind)
            accuracy = correct.sum() / compared if compared else math.nan
            rows.append((kind, field, compared, int(correct.sum()), accuracy))
    return pd.DataFrame(rows, columns=FIELD_COLUMNS).astype(
        {"compared": "int64", "correct": "int64", "accuracy": "float64"}
    )


def _field_agrees(pairs: pd.DataFrame, field: str) -> pd.Series:
    if field == "interval":
        return _numbers_equal(pairs["value_low_g"], pairs["value_low_p"]) & _numbers_equal(
            pairs["value_high_g"], pairs["value_high_p"]
        )
    return _normalised(pairs[f"{field}_g"]) == _normalised(pairs[f"{field}_p"])


def _numbers_equal(left: pd.Series, right: pd.Series) -> pd.Series:
    a = pd.to_numeric(left, errors="coerce").astype("float64").to_numpy()
    b = pd.to_numeric(right, errors="coerce").astype("float64").to_numpy()
    same = np.isclose(a, b, rtol=1e-9, atol=0.0, equal_nan=True)
    return pd.Series(same, index=left.index)


def _normalised(values: pd.Series) -> pd.Series:
    def clean(cell) -> str:
        if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA:
            return ""
        return _SPACES.sub(" ", str(cell).translate(_MARKS)).strip().casefold()

    return values.astype("object").map(clean)


def _sorted_claims(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.sort_values(["doc_id", "start", "end", "kind", "claim_id"], kind="mergesort").reset_index(drop=True)


def _rejected(gold_failures: pd.DataFrame, pred_failures: pd.DataFrame) -> pd.DataFrame:
    sides = [failures.assign(side=side) for side, failures in (("gold", gold_failures), ("pred", pred_failures))]
    reported = [side for side in sides if len(side)]
    if not reported:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in REJECTED_COLUMNS})
    return pd.concat(reported, ignore_index=True)[REJECTED_COLUMNS]


def _fmt_cell(value) -> str:
    return "-" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)
