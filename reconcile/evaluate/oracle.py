"""The reconciler alone: a devset's gold counts as claims (perfect extraction) -> reconcile -> conflict scores.

Scoring the reconciler on the gold claims tells its errors apart from the extractor's: whatever it gets wrong here
it would get wrong with a perfect extractor. Each gold row becomes a count claim with its span, figure, qualifier,
subject, status, speaker, source, country and statement date, the document's outlet, publication date and story,
and the scope its notes give ("scope: Lima; ..."; a national or all-nationalities scope is the whole story).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from reconcile.evaluate.devset import Devset, DevsetEvaluation, evaluate_devset, load_devset
from reconcile.schema import ClaimSchema, complete_claims

SCOPE_NOTE = re.compile(r"^\s*scope:\s*([^;]*)", re.IGNORECASE)
# Scope notes that name the story's whole population rather than a part of it.
WHOLE_SCOPES = re.compile(r"^(national|nationwide|all nationalities|all pilgrims|whole|total)\b", re.IGNORECASE)


def gold_claims(devset: Devset, manifest: pd.DataFrame) -> pd.DataFrame:
    """The located gold rows of a devset as a ClaimSchema frame (claim_id = the gold row's id)."""
    gold = devset.gold[devset.gold["start"].notna()].reset_index(drop=True)
    documents = manifest.set_index("doc_id")
    number = lambda column: pd.to_numeric(gold[column], errors="coerce")  # noqa: E731
    text = lambda column: gold[column].where(gold[column].astype(str).str.strip().ne(""), None)  # noqa: E731
    claims = pd.DataFrame({
        "claim_id": gold["gold_id"], "doc_id": gold["doc_id"],
        "outlet": gold["doc_id"].map(documents["outlet"]).replace("", None),
        "published": gold["doc_id"].map(documents["published"]).replace("", None),
        "story": devset.story, "kind": "count", "subject": gold["subject"], "status": gold["status"],
        "scope": gold["notes"].map(_scope), "value_low": number("value_low"), "value_high": number("value_high"),
        "qualifier": gold["qualifier"], "is_increment": False, "speaker": text("speaker"),
        "source_org": text("source_org"), "source_country": text("source_country"), "stated_on": text("stated_on"),
        "text": gold["quote"], "start": gold["start"].astype("int64"), "end": gold["end"].astype("int64"),
    })
    return ClaimSchema.validate(complete_claims(claims))


def evaluate_reconciler(devset_dir: str | Path, reconcile: Callable[[pd.DataFrame], object],
                        corrections: pd.DataFrame | None = None) -> DevsetEvaluation:
    """Reconcile a devset's gold claims with `reconcile` (claims -> an object with `.findings`) and score it."""
    devset = load_devset(devset_dir, corrections)
    manifest = pd.read_csv(Path(devset_dir) / "docs" / "manifest.csv", dtype=str, keep_default_na=False)
    claims = gold_claims(devset, manifest)
    return evaluate_devset(devset, claims, reconcile(claims).findings)


def _scope(note: object) -> str | None:
    match = SCOPE_NOTE.match(str(note or ""))
    if not match or not match.group(1).strip() or WHOLE_SCOPES.match(match.group(1).strip()):
        return None
    return match.group(1).strip()
