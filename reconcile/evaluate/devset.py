"""Evaluation against a devset story: story folder (docs/, gold_counts.csv, conflicts_gold.csv) + report folder
(claims.csv, findings.json) -> count recall/precision, field accuracy on matched counts, conflict scores.

How a gold row meets a predicted claim (README.md, "Scoring against a devset", says the same):

- A gold row's span is `text.find(quote)` in its document; when one document has several rows with the same quote,
  the n-th row (in file order) takes the n-th occurrence. A quote that cannot be found is reported as a problem and
  its row stays in the gold as a miss.
- Predicted claims are the rows of claims.csv whose `kind` is `count`. A claim matches a gold row when both are in
  the same document and their [start, end) spans overlap. Matching is one-to-one and greedy
  (`reconcile.evaluate.claims.match_claims`): first the overlapping pairs that state the same figure (value_low,
  else value_high), because gold quotes may overlap each other or hold a second number ("96 out of 110 pilgrims";
  "Three police sources ... put the toll at nearly 40"); then the largest overlap, the earliest gold start, the
  earliest predicted start, and the ids.
- recall = matched / gold rows; precision = matched / predicted counts (the gold labels every count of people, so a
  predicted count that matches no row is a false count).
- Field accuracy is measured on matched pairs with the rules of `reconcile.evaluate.fields`; `stated_on` only on
  pairs whose gold row has one.
- Conflicts are scored by `reconcile.evaluate.conflicts` through the gold position of each matched claim.

Gold rows an analyst judged wrong can be corrected without editing the devset: a corrections table
(story, doc_id, quote, occurrence, column, value, why) sets `column` to `value` on the occurrence-th row
(1-based) with that quote in that document; the column `drop` removes the row.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reconcile.evaluate._tables import records
from reconcile.evaluate.claims import match_claims
from reconcile.evaluate.conflicts import PAIR_COLUMNS, score_conflicts
from reconcile.evaluate.devset_text import evaluation_text
from reconcile.evaluate.fields import (
    is_empty,
    same_country,
    same_date,
    same_amount,
    same_label,
    same_source_org,
    same_speaker,
)

GOLD_COLUMNS = ["doc_id", "quote", "value_low", "value_high", "qualifier", "subject", "status", "speaker",
                "source_org", "source_country", "stated_on", "position", "notes"]
CORRECTION_COLUMNS = ["story", "doc_id", "quote", "occurrence", "column", "value", "why"]
DROP = "drop"
PRED_FIELDS = ["value_low", "value_high", "qualifier", "subject", "status", "speaker", "source_org",
               "source_country", "stated_on"]
# The scored fields in report order, with the rule that compares a gold cell to a predicted one.
FIELD_RULES = {
    "qualifier": same_label,
    "status": same_label,
    "speaker": same_speaker,
    "source_org": same_source_org,
    "source_country": same_country,
    "stated_on": same_date,
}
FIELDS = ("interval", *FIELD_RULES)
FIELD_COLUMNS = ["field", "compared", "correct", "accuracy"]


class DevsetError(ValueError):
    """A devset or report folder that cannot be scored (missing file, missing columns)."""


@dataclass(frozen=True)
class Devset:
    """One story: document texts, gold count rows located in them, gold conflict pairs, and reading problems."""

    story: str
    texts: dict[str, str]
    gold: pd.DataFrame
    pairs: pd.DataFrame
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DevsetEvaluation:
    """Scores of one report against one devset story, with every miss, false count and labelled conflict."""

    story: str
    metrics: dict[str, float]
    fields: pd.DataFrame
    matched: pd.DataFrame
    missed_gold: pd.DataFrame
    false_counts: pd.DataFrame
    conflicts: pd.DataFrame
    missed_pairs: pd.DataFrame
    problems: list[str]

    def to_text(self, details: bool = False) -> str:
        """The summary the CLI prints; with `details`, every miss, false count, wrong field and conflict."""
        return evaluation_text(self, details)

    def to_dict(self) -> dict:
        """A JSON-ready dict: `json.dumps(evaluation.to_dict())`; NaN becomes None."""
        return {
            "story": self.story,
            "metrics": {key: _json_number(value) for key, value in self.metrics.items()},
            "fields": records(self.fields),
            "matched": records(self.matched),
            "missed_gold": records(self.missed_gold),
            "false_counts": records(self.false_counts),
            "conflicts": records(self.conflicts),
            "missed_pairs": records(self.missed_pairs),
            "problems": list(self.problems),
        }


def load_devset(folder: str | Path, corrections: pd.DataFrame | None = None) -> Devset:
    """Read a story folder: docs/ (manifest.csv + texts), gold_counts.csv, conflicts_gold.csv.

    >>> load_devset("../shared/devsets/hajj_2024").gold["start"].notna().all()  # doctest: +SKIP
    True
    """
    folder = Path(folder)
    texts = _read_texts(folder / "docs")
    gold = _read_csv(folder / "gold_counts.csv", GOLD_COLUMNS)
    gold = gold.assign(line=range(2, len(gold) + 2))  # the CSV line, so a row can be found by eye
    problems: list[str] = []
    if corrections is not None and len(corrections):
        gold, applied = apply_corrections(gold, corrections, folder.name)
        problems += applied
    gold, unlocated = locate_quotes(gold, texts)
    pairs = _read_csv(folder / "conflicts_gold.csv", PAIR_COLUMNS)
    return Devset(folder.name, texts, gold, pairs, problems + unlocated)


def locate_quotes(gold: pd.DataFrame, texts: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    """Give every gold row `gold_id`, `start`, `end`: the n-th row with one quote takes its n-th occurrence.

    >>> locate_quotes(gold, {"d1": "40 dead, then 40 dead"})[0]["start"].tolist()  # doctest: +SKIP
    [0, 14]
    """
    starts, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for row in gold.itertuples(index=False):
        text = texts.get(row.doc_id)
        previous = seen.get((row.doc_id, row.quote), -1)
        found = -1 if text is None or not row.quote else text.find(row.quote, previous + 1)
        if found < 0:
            where = "unknown document" if text is None else "quote not found"
            problems.append(f"gold_counts.csv line {row.line}: {where}: {row.doc_id} {row.quote!r}")
        else:
            seen[(row.doc_id, row.quote)] = found
        starts.append(found if found >= 0 else math.nan)
    start = pd.Series(starts, index=gold.index, dtype="float64")
    located = gold.assign(
        gold_id=[f"{doc}:{line}" for doc, line in zip(gold["doc_id"], gold["line"], strict=True)],
        start=start.astype("Int64"),
        end=(start + gold["quote"].str.len()).astype("Int64"),
    )
    return located, problems


def apply_corrections(gold: pd.DataFrame, corrections: pd.DataFrame, story: str) -> tuple[pd.DataFrame, list[str]]:
    """Apply the corrections of `story` to the gold rows; return the new rows and a problem per unused correction."""
    gold = gold.copy()
    problems = []
    wanted = corrections[corrections["story"].astype(str) == story]
    to_drop = []
    for correction in wanted.itertuples(index=False):
        same = gold.index[(gold["doc_id"] == correction.doc_id) & (gold["quote"] == correction.quote)]
        occurrence = int(correction.occurrence) if not is_empty(correction.occurrence) else 1
        if not 1 <= occurrence <= len(same) or (correction.column not in GOLD_COLUMNS and correction.column != DROP):
            problems.append(f"correction not applied: {correction.doc_id} {correction.quote!r} {correction.column}")
            continue
        target = same[occurrence - 1]
        if correction.column == DROP:
            to_drop.append(target)
        else:
            gold.at[target, correction.column] = None if is_empty(correction.value) else str(correction.value)
    return gold.drop(index=to_drop).reset_index(drop=True), problems


def read_corrections(path: str | Path) -> pd.DataFrame:
    """The corrections table (story, doc_id, quote, occurrence, column, value, why)."""
    return _read_csv(Path(path), CORRECTION_COLUMNS)


def read_report(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """claims.csv and findings.json of a `reconcile report` folder, read defensively (extra columns are kept)."""
    folder = Path(folder)
    claims = _read_csv(folder / "claims.csv", ["claim_id", "doc_id", "kind", "start", "end"])
    findings_path = folder / "findings.json"
    if not findings_path.is_file():
        raise DevsetError(f"{findings_path} not found: is {folder} a `reconcile report` output folder?")
    try:
        payload = json.loads(findings_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DevsetError(f"{findings_path} is not JSON: {error}") from error
    findings = payload.get("findings", []) if isinstance(payload, dict) else payload
    return claims, pd.DataFrame(findings if isinstance(findings, list) else [])


def evaluate_devset(devset: Devset, claims: pd.DataFrame, findings: pd.DataFrame) -> DevsetEvaluation:
    """Score predicted claims and findings against one devset story.

    >>> evaluate_devset(load_devset(story), *read_report(out)).metrics["count_recall"]  # doctest: +SKIP
    0.53
    """
    gold = devset.gold
    predicted = _count_claims(claims)
    located = gold[gold["start"].notna()].astype({"start": "int64", "end": "int64"})
    located = located.assign(kind="count", figure=_figure(located)).rename(columns={"gold_id": "claim_id"})
    matches = match_claims(located, predicted.assign(kind="count", figure=_figure(predicted)), prefer_same="figure")
    matched = _matched_pairs(matches, gold, predicted, devset.texts)
    fields = _field_accuracy(matched)
    position_of = dict(zip(matched["pred_id"], matched["position"], strict=True))
    conflicts = score_conflicts(findings, position_of, gold["position"].tolist(), devset.pairs)
    metrics = {
        "count_gold": len(gold),
        "count_predicted": len(predicted),
        "count_matched": len(matched),
        "count_recall": len(matched) / len(gold) if len(gold) else math.nan,
        "count_precision": len(matched) / len(predicted) if len(predicted) else math.nan,
        **{f"{row.field}_accuracy": row.accuracy for row in fields.itertuples(index=False)},
        **conflicts.metrics,
        # Issue 10: findings few enough to read, at most about two per article.
        "findings_shown": len(findings),
        "findings_per_document": len(findings) / len(devset.texts) if devset.texts else math.nan,
    }
    unmatched = predicted[~predicted["claim_id"].isin(matches["pred_id"])]
    return DevsetEvaluation(
        story=devset.story,
        metrics=metrics,
        fields=fields,
        matched=matched,
        missed_gold=gold[~gold["gold_id"].isin(matches["gold_id"])].reset_index(drop=True),
        false_counts=_with_span_text(unmatched, devset.texts),
        conflicts=conflicts.conflicts,
        missed_pairs=conflicts.missed_pairs,
        problems=list(devset.problems),
    )


def evaluate_devset_folder(devset_dir: str | Path, report_dir: str | Path,
                           corrections: pd.DataFrame | None = None) -> DevsetEvaluation:
    """`evaluate_devset` on folders: a story folder and the `reconcile report` output written for its docs/."""
    claims, findings = read_report(report_dir)
    return evaluate_devset(load_devset(devset_dir, corrections), claims, findings)


def _figure(rows: pd.DataFrame) -> pd.Series:
    # The number a mention states: its low bound, else its high bound ("up to 400"); NaN for "dozens".
    low = pd.to_numeric(rows["value_low"], errors="coerce").astype("float64")
    return low.fillna(pd.to_numeric(rows["value_high"], errors="coerce").astype("float64"))


def _count_claims(claims: pd.DataFrame) -> pd.DataFrame:
    counts = claims[claims["kind"].astype(str) == "count"].copy()
    for column in PRED_FIELDS:
        if column not in counts.columns:
            counts[column] = None
    counts["claim_id"] = counts["claim_id"].astype(str)
    counts["doc_id"] = counts["doc_id"].astype(str)
    for column in ("start", "end"):
        counts[column] = pd.to_numeric(counts[column], errors="coerce")
    counts = counts.dropna(subset=["start", "end"]).astype({"start": "int64", "end": "int64"})
    for column in ("value_low", "value_high"):
        counts[column] = pd.to_numeric(counts[column], errors="coerce")
    return counts.sort_values(["doc_id", "start", "end", "claim_id"], kind="mergesort").reset_index(drop=True)


def _matched_pairs(matches: pd.DataFrame, gold: pd.DataFrame, predicted: pd.DataFrame,
                   texts: dict[str, str]) -> pd.DataFrame:
    gold_side = gold.rename(columns={c: f"{c}_g" for c in PRED_FIELDS})
    pred_side = _with_span_text(predicted, texts)[["claim_id", "span", *PRED_FIELDS]].rename(
        columns={"claim_id": "pred_id", **{c: f"{c}_p" for c in PRED_FIELDS}}
    )
    pairs = (
        matches[["gold_id", "pred_id"]]
        .merge(gold_side, on="gold_id", how="left")
        .merge(pred_side, on="pred_id", how="left")
    )
    pairs["interval_ok"] = [
        same_amount(row.value_low_g, row.value_high_g, row.qualifier_g, row.value_low_p, row.value_high_p,
                    row.qualifier_p)
        for row in pairs.itertuples(index=False)
    ]
    for name, rule in FIELD_RULES.items():
        gold_cells, pred_cells = pairs[f"{name}_g"].tolist(), pairs[f"{name}_p"].tolist()
        scored = [not (name == "stated_on" and is_empty(g)) for g in gold_cells]
        pairs[f"{name}_ok"] = [rule(g, p) if keep else None for g, p, keep in zip(gold_cells, pred_cells, scored,
                                                                                   strict=True)]
    return pairs.sort_values(["doc_id", "start", "gold_id"], kind="mergesort").reset_index(drop=True)


def _field_accuracy(matched: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for name in FIELDS:
        judged = [flag for flag in matched[f"{name}_ok"] if flag is not None]
        correct = sum(bool(flag) for flag in judged)
        rows.append((name, len(judged), correct, correct / len(judged) if judged else math.nan))
    return pd.DataFrame(rows, columns=FIELD_COLUMNS).astype({"compared": "int64", "correct": "int64"})


def _with_span_text(claims: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    spans = [texts.get(doc, "")[start:end] for doc, start, end in zip(claims["doc_id"], claims["start"], claims["end"],
                                                                    strict=True)]
    return claims.assign(span=spans)


def _read_texts(docs: Path) -> dict[str, str]:
    manifest = _read_csv(docs / "manifest.csv", ["doc_id", "file"])
    texts = {}
    for row in manifest.itertuples(index=False):
        path = docs / row.file
        if not path.is_file():
            raise DevsetError(f"{path} is listed in {docs / 'manifest.csv'} but missing")
        texts[row.doc_id] = path.read_bytes().decode("utf-8")
    return texts


def _read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    if not path.is_file():
        raise DevsetError(f"{path} not found")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise DevsetError(f"{path} lacks the column(s) {', '.join(missing)}")
    return frame.astype("object").where(frame != "", None)


def _json_number(value):
    return None if isinstance(value, float) and math.isnan(value) else value
