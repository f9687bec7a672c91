"""Every devset story scored end to end: docs/ -> run_report -> reconcile.evaluate against the gold, with floors.

The stories are read from ../shared/devsets (never copied here; RECONCILE_DEVSETS points elsewhere). The pipeline
runs once per story per session (module-scoped cache). Each floor is the figure measured when it was set, rounded
down to two decimals: floors only rise. Gold rows judged wrong are corrected by fixtures/devset_corrections.csv
(each with its reason), so the floors follow the corrected reading. Without the devsets the tests skip, unless CI
is set, where they fail.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from reconcile.evaluate import read_corrections
from story_scores import story_evaluator

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEVSETS = Path(os.environ.get("RECONCILE_DEVSETS", ROOT.parent / "shared" / "devsets"))
CORRECTIONS = ROOT / "fixtures" / "devset_corrections.csv"

METRICS = (
    "count_recall", "count_precision",
    "interval_accuracy", "qualifier_accuracy", "status_accuracy", "speaker_accuracy", "source_org_accuracy",
    "source_country_accuracy", "stated_on_accuracy",
    "conflict_precision", "top_ten_precision", "conflict_recall",
)
# One row per story, one column per metric above (same order). Raise a floor when a change lifts the figure.
FLOORS = {
    #                      recall prec  intv  qual  stat  spkr  org   ctry  date  c.pr  top10 c.rec
    "france_pensions_2023": (0.98, 1.00, 1.00, 1.00, 1.00, 1.00, 0.94, 0.94, 0.84, 1.00, 1.00, 0.90),
    "hajj_2024":            (0.94, 1.00, 1.00, 1.00, 1.00, 0.98, 0.79, 0.86, 0.90, 1.00, 1.00, 1.00),
    "kumbh_2025":           (0.97, 1.00, 1.00, 1.00, 0.97, 0.97, 0.89, 0.87, 0.82, 1.00, 1.00, 1.00),
}
CASES = [pytest.param(story, metric, floor, id=f"{story}-{metric}")
         for story, floors in FLOORS.items() for metric, floor in zip(METRICS, floors, strict=True)]


# The reconciler alone, on each story's gold counts as claims (reconcile evaluate --devset DIR --gold-claims):
# conflict precision, top-ten precision, conflict recall, and the most findings shown per article (a ceiling).
# What it misses here it would miss with a perfect extractor: the midday count (France), the death certificates
# issued so far (Hajj) and the second crush elsewhere (Kumbh) carry their scope only in the gold's notes.
RECONCILER_FLOORS = {
    "france_pensions_2023": (0.91, 0.90, 1.00, 2.0),
    "hajj_2024":            (0.66, 0.66, 1.00, 2.0),
    "kumbh_2025":           (1.00, 1.00, 1.00, 2.0),
}
RECONCILER_METRICS = ("conflict_precision", "top_ten_precision", "conflict_recall")


def require_devsets() -> None:
    if (DEVSETS / "README.md").is_file():
        return
    message = f"the devsets are not at {DEVSETS} (set RECONCILE_DEVSETS, or check out ../shared beside the repo)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}")
    pytest.skip(f"{message}; required when CI is set")


@pytest.fixture(scope="module")
def evaluation_of(tmp_path_factory):
    """story -> DevsetEvaluation, running the report on the story's docs/ at most once per session."""
    require_devsets()
    return story_evaluator(tmp_path_factory, DEVSETS, read_corrections(CORRECTIONS))


@pytest.mark.parametrize(("story", "metric", "floor"), CASES)
def test_devset_figure_holds_its_floor(evaluation_of, story, metric, floor):
    value = evaluation_of(story).metrics[metric]
    measured = 0.0 if isinstance(value, float) and math.isnan(value) else value  # nothing shown counts as nothing
    assert measured >= floor, f"{story} {metric} fell to {measured:.3f} (floor {floor:.2f})"


def test_every_devset_story_has_floors():
    require_devsets()
    stories = sorted(path.parent.name for path in DEVSETS.glob("*/gold_counts.csv"))
    assert stories == sorted(FLOORS), "add a FLOORS row for each story in the devsets (and drop rows of removed ones)"


@pytest.mark.parametrize("story", sorted(FLOORS))
def test_every_gold_row_and_correction_applies(evaluation_of, story):
    """Every gold quote is found in its document and every correction for the story found its row."""
    assert evaluation_of(story).problems == []


@pytest.fixture(scope="module")
def reconciler_evaluation_of():
    from reconcile.evaluate import evaluate_reconciler
    from reconcile.pipeline import reconcile_claims

    require_devsets()
    corrections = read_corrections(CORRECTIONS)
    cache = {}

    def evaluate(story: str):
        if story not in cache:
            cache[story] = evaluate_reconciler(DEVSETS / story, reconcile_claims, corrections)
        return cache[story]

    return evaluate


RECONCILER_CASES = [pytest.param(story, metric, floor, id=f"{story}-gold-claims-{metric}")
                    for story, floors in RECONCILER_FLOORS.items()
                    for metric, floor in zip(RECONCILER_METRICS, floors[:3], strict=True)]


@pytest.mark.parametrize(("story", "metric", "floor"), RECONCILER_CASES)
def test_reconciler_on_gold_claims_holds_its_floor(reconciler_evaluation_of, story, metric, floor):
    value = reconciler_evaluation_of(story).metrics[metric]
    assert value >= floor, f"{story} {metric} on gold claims fell to {value:.3f} (floor {floor:.2f})"


@pytest.mark.parametrize("story", sorted(RECONCILER_FLOORS))
def test_findings_on_gold_claims_are_few_enough_to_read(reconciler_evaluation_of, story):
    assert reconciler_evaluation_of(story).metrics["findings_per_document"] <= RECONCILER_FLOORS[story][3]


# Conflicts are never cut to fit the budget, so false conflicts from extraction can exceed it.
EXTRACTED_FINDING_CASES = [
    pytest.param("france_pensions_2023", id="france_pensions_2023"),
    pytest.param("hajj_2024", id="hajj_2024"),
    pytest.param("kumbh_2025", id="kumbh_2025"),
]


@pytest.mark.parametrize("story", EXTRACTED_FINDING_CASES)
def test_findings_of_extracted_claims_are_few_enough_to_read(evaluation_of, story):
    assert evaluation_of(story).metrics["findings_per_document"] <= RECONCILER_FLOORS[story][3]
