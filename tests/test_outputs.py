"""Issue 13, outputs: an --out folder always holds exactly one whole run, or the previous one untouched.

Bad --out values fail with one `error:` line and exit 2 before any extraction; a second run on a busy --out is
refused; files follow the user's umask; a run killed with SIGKILL at any point leaves the old output or the new
one, complete, never a mix (checked against the sha256 list of run.json).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import reconcile.outputs as outputs
from reconcile.cli import app
from reconcile.outputs import OutputError, OutputRun, verify_run

runner = CliRunner()
FLOOD = "Rescuers said at least 40 people died when the river burst its banks in Valmora on Sunday, police said.\n"
QUAKE = "At least 12 people were killed in the earthquake in Kestrel Pass, the Red Cross said on Tuesday.\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _corpus(folder: Path, text: str = FLOOD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "flood.txt").write_text(text, encoding="utf-8")
    return folder


def _a_file(tmp: Path) -> Path:
    (tmp / "taken").write_text("notes", encoding="utf-8")
    return tmp / "taken"


def _under_a_file(tmp: Path) -> Path:
    return _a_file(tmp) / "out"


def _with_foreign_files(tmp: Path) -> Path:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "thesis.docx").write_bytes(b"years of work")
    return tmp / "mine"


def _unwritable(tmp: Path) -> Path:
    # /proc takes no new folders, even from root: the one place every Linux machine refuses a write.
    return Path("/proc") / f"reconcile-test-{os.getpid()}" / "out"


def _the_corpus_itself(tmp: Path) -> Path:
    return tmp / "corpus"


BAD_OUTS = [
    pytest.param(_a_file, "is a file, not a folder", id="out-is-a-file"),
    pytest.param(_under_a_file, "which is a file, not a folder", id="out-under-a-file"),
    pytest.param(_with_foreign_files, "holds files that are not reconcile outputs (thesis.docx)",
                 id="out-holds-other-files"),
    pytest.param(_unwritable, "cannot create the folder", id="out-not-writable"),
    pytest.param(_the_corpus_itself, "holds the input", id="out-is-the-corpus"),
]


@pytest.mark.parametrize(("make_out", "message"), BAD_OUTS)
def test_bad_out_is_one_error_line_before_any_extraction(tmp_path, monkeypatch, make_out, message):
    corpus = _corpus(tmp_path / "corpus")
    out = make_out(tmp_path)
    before = sorted(p.name for p in out.iterdir()) if out.is_dir() else None

    def extraction_must_not_start(*args, **kwargs):
        raise AssertionError("extraction started before --out was checked")

    monkeypatch.setattr("reconcile.pipeline.extract_corpus", extraction_must_not_start)
    result = runner.invoke(app, ["report", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.output
    assert (sorted(p.name for p in out.iterdir()) if out.is_dir() else None) == before


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only folders; the /proc case covers it")
def test_read_only_parent_is_refused(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            OutputRun.start(parent / "out")
    finally:
        parent.chmod(0o755)


def test_edited_claims_inside_out_are_refused(tmp_path, fixtures_dir):
    out = tmp_path / "out"
    out.mkdir()
    edited = out / "claims.csv"
    edited.write_bytes((fixtures_dir / "claims_gold.csv").read_bytes())
    result = runner.invoke(app, ["report", "--claims", str(edited), "--out", str(out), "-q"])
    assert result.exit_code == 2 and "holds the input" in result.output
    assert edited.read_bytes() == (fixtures_dir / "claims_gold.csv").read_bytes()


def test_a_second_run_on_a_busy_out_is_refused(tmp_path):
    out = tmp_path / "out"
    with OutputRun.start(out):
        result = runner.invoke(app, ["report", str(_corpus(tmp_path / "corpus")), "--out", str(out), "-q"])
        assert result.exit_code == 2 and f"(process {os.getpid()}) is writing to --out" in result.output
    assert not (tmp_path / ".out.lock").exists()
    with OutputRun.start(out) as again:  # the lock is free once the first run ends
        assert again.staging.is_dir()


def test_publish_swaps_the_whole_folder_and_run_json_lists_every_file(tmp_path, monkeypatch):
    documents = pd.DataFrame({"doc_id": ["a"], "status": ["ok"], "text": ["x"]})
    out = tmp_path / "out"
    for attempt, exchange in enumerate((outputs._exchange, lambda first, second: False)):
        monkeypatch.setattr(outputs, "_exchange", exchange)  # the atomic exchange, then the two-rename fallback
        with OutputRun.start(out) as run:
            (run.staging / "report.md").write_text(f"run {attempt}\n", encoding="utf-8")
            paths = run.publish({"report.md": run.staging / "report.md"}, documents)
        assert (sorted(paths), (out / "report.md").read_text(encoding="utf-8")) == (["report.md", "run.json"],
                                                                                   f"run {attempt}\n")
        assert verify_run(out) == []
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    (out / "report.md").write_text("edited\n", encoding="utf-8")
    assert verify_run(out) == ["changed since the run: report.md"]


def test_a_run_killed_between_the_two_renames_gets_its_old_output_back(tmp_path):
    out = tmp_path / "out"
    left = tmp_path / ".out.previous-x1" / "run"
    left.mkdir(parents=True)
    (left / "report.md").write_text("old run\n", encoding="utf-8")
    with OutputRun.start(out):
        assert (out / "report.md").read_text(encoding="utf-8") == "old run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.slow
def test_run_json_lists_every_file_the_report_writes_and_a_second_run_replaces_it(tmp_path, monkeypatch):
    import reconcile.report.tables as report_tables
    from reconcile.pipeline import run_report

    monkeypatch.setattr(report_tables, "INLINE_ROWS", 1)  # a tiny corpus with paged tables, as a large one has
    monkeypatch.setattr(report_tables, "PAGE_ROWS", 1)
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "quake.txt").write_text(QUAKE, encoding="utf-8")
    out = tmp_path / "out"
    for _run in range(2):
        run_report(corpus, out)
        listed = set(json.loads((out / "run.json").read_text(encoding="utf-8"))["files"])
        on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"run.json"}
        assert listed == on_disk and verify_run(out) == []
    expected = {f"{name}.{suffix}" for name in ("findings", "timelines", "claims", "relations", "documents",
                                                  "estimates", "rejected_claims") for suffix in ("csv", "parquet")}
    pages = sorted(name for name in listed if name.startswith("report-pages/"))
    assert expected <= listed and pages
    (out / pages[0]).write_text("edited\n", encoding="utf-8")
    assert verify_run(out) == [f"changed since the run: {pages[0]}"]


@pytest.mark.parametrize("umask", [pytest.param(0o022, id="umask-022"), pytest.param(0o077, id="umask-077")])
def test_outputs_follow_the_users_umask(tmp_path, fixtures_dir, umask):
    previous = os.umask(umask)
    try:
        result = runner.invoke(app, ["report", "--claims", str(fixtures_dir / "claims_gold.csv"),
                                     "--out", str(tmp_path / "out"), "-q"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
    assert set(modes.values()) == {0o666 & ~umask}
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o777 & ~umask


# --- killed runs -------------------------------------------------------------------------------------------------


def _staging_has(name: str):
    def ready(parent: Path) -> bool:
        return any((staging / name).exists() for staging in parent.glob(".out.staging-*"))
    return ready


KILL_POINTS = [
    pytest.param(lambda parent: True, id="at-start"),
    pytest.param(lambda parent: any(parent.glob(".out.staging-*")), id="staging-made"),
    pytest.param(_staging_has("claims.csv"), id="after-claims-csv"),
    pytest.param(_staging_has("findings.json"), id="after-findings-json"),
    pytest.param(_staging_has("report.html"), id="after-report-html"),
]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def old_output(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kill")
    out = root / "first" / "out"
    command = [sys.executable, "-m", "reconcile", "report", str(_corpus(root / "old-corpus", QUAKE)),
               "--out", str(out), "-q", "--jobs", "1"]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    assert verify_run(out) == []
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kill_when", KILL_POINTS)
def test_sigkill_leaves_the_old_output_or_the_new_one_never_a_mix(tmp_path, old_output, kill_when):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in _snapshot(old_output).items():
        (out / name).write_bytes(data)
    old = _snapshot(out)
    command = [sys.executable, "-m", "reconcile", "report", str(_corpus(tmp_path / "corpus")),
               "--out", str(out), "-q", "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while process.poll() is None and not kill_when(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "the run ended before it could be killed"
    now = _snapshot(out)
    if now != old:
        assert verify_run(out) == [], "the folder changed but is not one whole run"
        record = json.loads(now["run.json"])
        assert record["input"]["corpus"] == str(tmp_path / "corpus")
    # Whatever the kill left beside --out, the next run clears it and publishes a whole run.
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert verify_run(out) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]
