"""Shared test fixtures: paths, the spaCy pipeline loaded once, and the explicit flag that rewrites goldens."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files under fixtures/ from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def nlp():
    from reconcile.extract.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory):
    """The whole pipeline on seeds/ once per test session: every table plus the written outputs."""
    from reconcile.pipeline import run_report

    return run_report(SEEDS, tmp_path_factory.mktemp("seed-report"), progress=False)


@pytest.fixture(scope="session")
def gold_claims():
    from reconcile.pipeline import read_claims

    validated = read_claims(FIXTURES / "claims_gold.csv")
    assert validated.failures.empty, validated.failures.to_string()
    return validated.valid

