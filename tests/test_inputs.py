"""Issue 13, inputs: every odd entry of a corpus folder is accounted for and costs nothing to the articles beside it.

Each case builds a corpus in tmp_path (an invented flood article plus one hostile entry), runs `reconcile report`
and asserts the exit code, the entry's documents.csv row with its reason, and that the flood article keeps exactly
the claims it has when read alone. The article texts are invented; nothing here comes from the seeds or devsets.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from reconcile.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::reconcile.corpus.CorpusWarning")]
runner = CliRunner()

FLOOD = (
    "Rescuers said at least 40 people died when the river burst its banks in Valmora on Sunday, the regional "
    "governor said. Police put the toll at 38.\n"
)
QUAKE = "At least 12 people were killed in the earthquake, the Red Cross said on Tuesday.\n"
OUTSIDE = "Officials said 777 people were evacuated from the hills on Monday.\n"
# One line pasted from a legacy page into a UTF-8 article: UTF-8 curly quotes, then Latin-1 bytes for "café".
MIXED_ENCODING = (
    "“We have never seen water rise this fast,” the mayor said.\n".encode()
    + "Le café du marché a fermé.\n".encode("latin-1")
    + "Police said 25 people were rescued on Monday.\n".encode()
)


def _report(corpus: Path, out: Path, *extra: str):
    return runner.invoke(app, ["report", str(corpus), "--out", str(out), "-q", "--jobs", "1", *extra])


def _flood_claims(out: Path) -> pd.DataFrame:
    claims = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)
    return claims[claims["doc_id"] == "flood"].reset_index(drop=True)


@pytest.fixture(scope="module")
def flood_alone(tmp_path_factory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("alone")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "flood.txt").write_text(FLOOD, encoding="utf-8")
    result = _report(folder / "corpus", folder / "out")
    assert result.exit_code == 0, result.output
    claims = _flood_claims(folder / "out")
    assert len(claims) >= 2  # the baseline itself must hold claims, or "keeps all its claims" proves nothing
    return claims


def _subfolder(root: Path) -> None:
    (root / "wire").mkdir()
    (root / "wire" / "quake.txt").write_text(QUAKE, encoding="utf-8")


def _folder_named_like_a_file(root: Path) -> None:
    (root / "old.txt").mkdir()
    (root / "old.txt" / "quake.txt").write_text(QUAKE, encoding="utf-8")


def _hidden_file(root: Path) -> None:
    (root / ".quake.txt").write_text(QUAKE, encoding="utf-8")


def _hidden_folder(root: Path) -> None:
    (root / ".drafts").mkdir()
    (root / ".drafts" / "quake.txt").write_text(QUAKE, encoding="utf-8")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "pipe.txt")


def _dangling_symlink(root: Path) -> None:
    (root / "gone.txt").symlink_to(root / "never-written.txt")


def _symlink_loop(root: Path) -> None:
    (root / "loop.txt").symlink_to(root / "back.txt")
    (root / "back.txt").symlink_to(root / "loop.txt")


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "private.txt"
    outside.write_text(OUTSIDE, encoding="utf-8")
    (root / "leak.txt").symlink_to(outside)


def _symlink_to_a_file_inside(root: Path) -> None:
    (root / "copy.txt").symlink_to(root / "flood.txt")


def _symlink_to_a_folder_inside(root: Path) -> None:
    _subfolder(root)
    (root / "again").symlink_to(root / "wire", target_is_directory=True)


def _earlier_output_folder(root: Path) -> None:
    (root / "last-week").mkdir()
    (root / "last-week" / "run.json").write_text("{}", encoding="utf-8")
    (root / "last-week" / "report.md").write_text(QUAKE, encoding="utf-8")


def _nested_collection(root: Path) -> None:
    nested = root / "archive"
    nested.mkdir()
    (nested / "quake.txt").write_text(QUAKE, encoding="utf-8")
    (nested / "manifest.csv").write_text("doc_id,file,outlet\nq1,quake.txt,Andes Wire\n", encoding="utf-8")


def _mixed_encoding(root: Path) -> None:
    (root / "mayor.txt").write_bytes(MIXED_ENCODING)


ENTRIES = [
    pytest.param(_subfolder, "wire/quake", "ok", "", id="file-in-a-subfolder-is-read"),
    pytest.param(_folder_named_like_a_file, "old.txt/quake", "ok", "", id="folder-named-x.txt-is-walked"),
    pytest.param(_hidden_file, ".quake", "skipped", "hidden file", id="hidden-file"),
    pytest.param(_hidden_folder, ".drafts", "skipped", "hidden folder", id="hidden-folder"),
    pytest.param(_fifo, "pipe", "skipped", "not a regular file (a named pipe (FIFO))", id="fifo"),
    pytest.param(_dangling_symlink, "gone", "skipped", "dangling symlink", id="dangling-symlink"),
    pytest.param(_symlink_loop, "loop", "skipped", "symlink loop", id="symlink-loop"),
    pytest.param(_symlink_outside, "leak", "skipped", "symlink outside the corpus folder", id="symlink-outside"),
    pytest.param(_symlink_to_a_file_inside, "copy", "skipped", "symlink to a file read already", id="symlink-alias"),
    pytest.param(_symlink_to_a_folder_inside, "again", "skipped", "symlink to a folder inside the corpus",
                 id="symlink-to-folder"),
    pytest.param(_earlier_output_folder, "last-week", "skipped", "an output folder of reconcile",
                 id="earlier-output-folder"),
    pytest.param(_nested_collection, "archive/q1", "ok", "", id="nested-folder-with-its-own-manifest"),
    pytest.param(_mixed_encoding, "mayor", "ok", "repaired as cp1252", id="utf8-with-one-latin1-line"),
]


@pytest.mark.parametrize(("build", "doc_id", "status", "fragment"), ENTRIES)
def test_every_entry_is_accounted_for_and_the_article_beside_it_keeps_its_claims(
        tmp_path, flood_alone, build, doc_id, status, fragment):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    build(corpus)
    result = _report(corpus, tmp_path / "out")
    assert result.exit_code == 0, result.output
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).set_index("doc_id")
    row = documents.loc[doc_id]
    assert (row["status"], fragment in f"{row['reason']} {row['warnings']}") == (status, True), row.to_dict()
    pd.testing.assert_frame_equal(_flood_claims(tmp_path / "out"), flood_alone)
    claims = pd.read_csv(tmp_path / "out" / "claims.csv", dtype=str, keep_default_na=False)
    assert "777" not in " ".join(claims["text"]), "a file outside the corpus reached the claims"


def test_a_mostly_utf8_file_keeps_its_quotes_and_repairs_the_odd_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mayor.txt").write_bytes(MIXED_ENCODING)
    result = _report(corpus, tmp_path / "out")
    assert result.exit_code == 0, result.output
    row = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str, keep_default_na=False).iloc[0]
    claims = pd.read_csv(tmp_path / "out" / "claims.csv", dtype=str, keep_default_na=False)
    assert row["encoding"] == "utf-8"
    assert "“We have never seen water rise this fast,”" in row["text"] and "Le café du marché" in row["text"]
    assert "line 2" in row["warnings"]
    assert set(claims["kind"]) >= {"quote", "count"}


def test_out_inside_the_corpus_is_never_read_on_the_next_run(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    first = _report(corpus, corpus / "out")
    second = _report(corpus, corpus / "out")
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    documents = pd.read_csv(corpus / "out" / "documents.csv", dtype=str, keep_default_na=False)
    assert documents["doc_id"].tolist() == ["flood"]
    assert sorted(p.name for p in corpus.iterdir()) == ["flood.txt", "out"]


def test_a_publication_date_at_the_end_of_the_calendar_renders(tmp_path):
    # The schema accepts the date, rightly; the picture leaves out what it cannot place and says so.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (corpus / "manifest.csv").write_text("doc_id,file,published\nflood,flood.txt,9999-12-31\n", encoding="utf-8")
    result = _report(corpus, tmp_path / "out")
    assert result.exit_code == 0 and "Traceback" not in result.output
