"""Golden files for the seeds: extracted claims per document and the reconciled findings, key columns only.

A change to what the extractor reads or what the reconciler decides shows up here as a readable diff; ids,
evidence sentences and offsets are left out, so that the goldens say what was found rather than every byte of how.
When the change is intended, regenerate with `make goldens` (pytest --update-goldens) and review the diff in git.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd
import pytest

from reconcile._io import neutralise_formulas

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
# What a claim says and who said it, where in the article: enough to review a change by eye.
CLAIM_KEYS = ["doc_id", "start", "end", "kind", "subject", "status", "scope", "value_low", "value_high", "qualifier",
              "is_increment", "speaker", "source_org", "source_country", "source_kind", "attribution", "via",
              "stated_on", "refers_from", "refers_to", "date_precision", "event", "place", "origin", "destination",
              "quote_text"]
# What the analyst reads: which finding, by which rule, on what, and who stands on each side with which figure.
FINDING_KEYS = ["rank", "story", "relation", "rule_id", "subject", "scope", "status", "value_l", "sources_l", "as_of_l",
                "n_independent_l", "value_r", "sources_r", "as_of_r", "n_independent_r", "steps"]
SEED_IDS = sorted(path.stem for path in (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def _compare_or_update(actual: str, golden_path: Path, update: bool) -> None:
    if update:
        golden_path.parent.mkdir(parents=True, exist_ok=True)
        golden_path.write_text(actual, encoding="utf-8")
        return
    assert golden_path.is_file(), f"no golden file {golden_path}; create it with `make goldens`"
    expected = golden_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{golden_path.name}", "now", lineterm="", n=1
        )
        pytest.fail("output changed (run `make goldens` if intended):\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_extracted_claims_match_golden(seed_run, update_goldens, doc_id):
    claims = seed_run.claims.loc[seed_run.claims["doc_id"] == doc_id, CLAIM_KEYS]
    claims = claims.sort_values(["start", "end", "kind"], kind="mergesort")
    actual = neutralise_formulas(claims).to_csv(index=False, lineterminator="\n")
    _compare_or_update(actual, GOLDEN / "claims" / f"{doc_id}.csv", update_goldens)


def test_findings_match_golden(seed_run, update_goldens):
    findings = seed_run.reconciliation.findings[FINDING_KEYS].copy()
    for column in ("sources_l", "sources_r", "steps"):
        findings[column] = findings[column].map(" | ".join)
    actual = pd.DataFrame(findings).to_csv(index=False, lineterminator="\n")
    _compare_or_update(actual, GOLDEN / "findings.csv", update_goldens)


def test_written_claims_csv_is_the_golden_rows(seed_run):
    # The report's claims.csv and the per-document goldens are one table: no row lost or added on the way out.
    written = seed_run.paths["claims.csv"].read_text(encoding="utf-8").splitlines()
    assert len(written) - 1 == len(seed_run.claims)
