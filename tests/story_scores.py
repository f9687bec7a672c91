"""Scoring folders of devset-format stories end to end (the devsets and the invented stories alike)."""

from __future__ import annotations

from pathlib import Path

import pytest


def story_evaluator(tmp_path_factory: pytest.TempPathFactory, stories: Path, corrections=None):
    """story -> DevsetEvaluation of a folder of devset-format stories, running the report on each story's docs/ at
    most once (the devsets and the invented stories are scored the same way)."""
    from reconcile.evaluate import evaluate_devset_folder
    from reconcile.pipeline import run_report

    cache = {}

    def evaluate(story: str):
        if story not in cache:
            out = tmp_path_factory.mktemp(f"story-{story}")
            run_report(stories / story / "docs", out)
            cache[story] = evaluate_devset_folder(stories / story, out, corrections)
        return cache[story]

    return evaluate
