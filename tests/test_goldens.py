"""Golden files for the seeds: extracted claims per document and the reconciled findings.json.

A change to the extractor or the reconciler shows up here as a readable diff. When the change is intended,
regenerate with `make goldens` (pytest --update-goldens) and review the diff in git.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from reconcile._io import neutralise_formulas

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
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
    claims = seed_run.claims[seed_run.claims["doc_id"] == doc_id]
    actual = neutralise_formulas(claims).to_csv(index=False, lineterminator="\n")
    _compare_or_update(actual, GOLDEN / "claims" / f"{doc_id}.csv", update_goldens)


def test_findings_json_matches_golden(seed_run, update_goldens):
    actual = seed_run.paths["findings.json"].read_text(encoding="utf-8")
    _compare_or_update(actual, GOLDEN / "findings.json", update_goldens)


def test_written_claims_csv_is_the_golden_rows(seed_run):
    # The report's claims.csv and the per-document goldens are one table: no row lost or added on the way out.
    written = seed_run.paths["claims.csv"].read_text(encoding="utf-8").splitlines()
    assert len(written) - 1 == len(seed_run.claims)
