"""The command line as a user meets it: help, clear one-line errors with non-zero exits, and each command's output."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from reconcile.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args, expected_code, expected_text",
    [
        pytest.param(["--help"], 0, "reconcile report", id="top-level-help"),
        pytest.param(["report", "--help"], 0, "--claims", id="report-help"),
        pytest.param(["report", "no/such/folder", "--out", "{tmp}/out", "-q"], 2, "no/such/folder", id="missing-corpus"),
        pytest.param(["report", "{tmp}/empty", "--out", "{tmp}/out", "-q"], 2, "error", id="corpus-without-articles"),
        pytest.param(["report", "seeds", "--engine", "spark", "--out", "{tmp}/out"], 2, "unknown engine", id="unknown-engine"),
        pytest.param(["validate", "{tmp}/absent.csv"], 2, "not found", id="validate-missing-file"),
    ],
)
def test_cli_messages(tmp_path, args, expected_code, expected_text):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, [arg.replace("{tmp}", str(tmp_path)) for arg in args])
    assert result.exit_code == expected_code, result.output
    assert expected_text in result.output
    assert "Traceback" not in result.output


def test_python_dash_m_runs_the_same_cli():
    completed = subprocess.run(
        [sys.executable, "-m", "reconcile", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0 and "report" in completed.stdout


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_extract_writes_claims_that_validate(tmp_path, seeds_dir, suffix):
    out = tmp_path / f"claims{suffix}"
    result = runner.invoke(app, ["extract", str(seeds_dir), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["validate", str(out)])
    assert check.exit_code == 0 and "rows valid" in check.output


def test_validate_lists_every_failing_row_and_exits_1(tmp_path, fixtures_dir):
    gold = pd.read_csv(fixtures_dir / "claims_gold.csv", dtype=str, keep_default_na=False)
    broken = gold.head(3).copy()
    broken.loc[0, "kind"] = "rumour"
    broken.loc[1, "qualifier"] = "roughly"
    path = tmp_path / "edited.csv"
    broken.to_csv(path, index=False)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "rumour" in result.output and "roughly" in result.output and "2 of 3 rows failed" in result.output


@pytest.mark.slow
def test_report_from_edited_claims_and_evaluate(tmp_path, fixtures_dir):
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--claims", str(fixtures_dir / "claims_gold.csv"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"report.html", "report.md", "findings.json", "relations.csv", "claims.csv"}
    scored = runner.invoke(
        app, ["evaluate", "--gold", str(fixtures_dir / "claims_gold.csv"), "--pred", str(out / "claims.csv"), "--json"]
    )
    assert scored.exit_code == 0 and '"precision": 1.0' in scored.output


@pytest.mark.slow
def test_dask_report_on_a_json_lines_table_of_articles(tmp_path):
    import json

    articles = [
        {"doc_id": "quake", "outlet": "Andes Wire", "published": "2025-03-04",
         "text": "At least 12 people were killed in the earthquake, the Red Cross said on Tuesday.\n"},
        {"doc_id": "empty", "text": ""},
    ]
    table = tmp_path / "articles.jsonl"
    table.write_text("".join(json.dumps(row) + "\n" for row in articles), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(table), "--engine", "dask", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    documents = pd.read_csv(out / "documents.csv")
    assert documents.set_index("doc_id")["status"].to_dict() == {"empty": "skipped", "quake": "ok"}
    claims = pd.read_csv(out / "claims.csv")
    assert claims.loc[claims["kind"] == "count", "source_org"].tolist() == ["Red Cross"]


def test_version_prints_the_installed_version():
    import reconcile

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"reconcile {reconcile.__version__}"


def test_the_command_line_imports_nothing_heavy():
    code = ("import sys, reconcile.cli; "
            "print([m for m in ('pandas', 'numpy', 'spacy', 'matplotlib', 'dask') if m in sys.modules])")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert completed.stdout.strip() == "[]"


@pytest.mark.parametrize("options, level", [
    pytest.param([], "WARNING", id="default"),
    pytest.param(["-q"], "ERROR", id="quiet"),
    pytest.param(["-v"], "INFO", id="verbose"),
    pytest.param(["-q", "--log-level", "debug"], "DEBUG", id="explicit-level-wins"),
])
def test_log_level_options(monkeypatch, options, level):
    import logging

    from reconcile import cli

    chosen = []
    original = cli._configure_logging

    def recording(*args):
        chosen.append(original(*args))
        raise typer.Exit(0)

    monkeypatch.setattr(cli, "_configure_logging", recording)
    result = runner.invoke(app, ["validate", "absent.csv", *options])
    assert result.exit_code == 0 and logging.getLevelName(chosen[0]) == level
    expected_dask = chosen[0] if chosen[0] <= logging.INFO else logging.ERROR
    assert logging.getLogger("distributed").level == expected_dask


@pytest.mark.parametrize("options, shown", [
    pytest.param("", True, id="default-shows-warnings"),
    pytest.param("quiet=True", False, id="quiet-hides-them"),
])
def test_warnings_are_logged_without_their_source_line(options, shown):
    code = (f"from reconcile import cli; cli._configure_logging({options}); import warnings; "
            "warnings.warn('a figure could not be read', UserWarning)")
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert ("UserWarning: a figure could not be read" in completed.stderr) is shown
    assert "warnings.warn(" not in completed.stderr and "<string>" not in completed.stderr


@pytest.mark.slow
@pytest.mark.parametrize("quiet", [pytest.param(False, id="warns"), pytest.param(True, id="quiet")])
def test_claims_without_a_corpus_warn_unless_quiet(tmp_path, fixtures_dir, quiet):
    command = [sys.executable, "-m", "reconcile", "report", "--claims", str(fixtures_dir / "claims_gold.csv"),
               "--out", str(tmp_path / "out")] + (["-q"] if quiet else [])
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr
    assert ("no corpus named with --claims" in completed.stderr) is not quiet
    assert "Traceback" not in completed.stderr


@pytest.mark.slow
def test_report_writes_findings_csv_and_parquet_copies(tmp_path, fixtures_dir):
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", "--claims", str(fixtures_dir / "claims_gold.csv"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    for name in ("claims", "relations", "documents", "estimates", "rejected_claims", "findings"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    assert len(pd.read_parquet(out / "findings.parquet")) == len(pd.read_csv(out / "findings.csv"))


@pytest.mark.slow
def test_edited_claims_with_their_corpus_keep_the_evidence_and_mark_the_edit(tmp_path, seeds_dir, seed_run):
    claims = pd.read_csv(seed_run.paths["claims.csv"], dtype=str, keep_default_na=False)
    counted = claims.index[(claims["kind"] == "count") & (claims["value_low"] != "")][0]
    claim_id = claims.loc[counted, "claim_id"]
    original = float(claims.loc[counted, "value_low"])
    claims.loc[counted, ["value_low", "value_high"]] = str(original * 10 + 7)
    edited = tmp_path / "edited.csv"
    claims.to_csv(edited, index=False)
    out = tmp_path / "out"
    result = runner.invoke(app, ["report", str(seeds_dir), "--claims", str(edited), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "documents processed" in html and html.count('class="at"') > 0  # the texts are there
    row = re.search(rf"<tr><td><a href=\"#doc-[^\"]+\">{claim_id}</a>.*?</tr>", html, flags=re.S)[0]
    assert '<span class="edited">edited</span>' in row and "extracted: " in row
    edits = pd.read_csv(out / "edited_values.csv")
    assert set(edits.loc[edits["claim_id"] == claim_id, "column"]) >= {"value_low"}
