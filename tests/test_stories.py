"""Stories (issue 10): which event each document is about, from the manifest or grouped by content.

Invented articles for the table of cases; the real-text cases read ../shared/devsets/*/docs and the seeds where
they are and copy files into tmp_path at test time (never into the repository).
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pandas as pd
import pytest

from reconcile.corpus import load_corpus
from reconcile.corpus.stories import assign_stories, story_signature
from reconcile.rules import LexiconError, load_story_settings

pytestmark = pytest.mark.filterwarnings("ignore::reconcile.corpus.CorpusWarning")
DEVSETS = Path(__file__).resolve().parents[2] / "shared" / "devsets"
STORY_FOLDERS = sorted(DEVSETS.glob("*/docs")) if DEVSETS.is_dir() else []
needs_devsets = pytest.mark.skipif(not STORY_FOLDERS, reason="../shared/devsets is not beside this worktree")

# Two invented stories: a flood in a harbour town and an avalanche on a mountain pass.
FLOOD = [
    "Floodwater swept through Valmora harbour on Sunday. The Valmora mayor, Ilse Brandt, said 40 people died.",
    "Rescuers in Valmora searched flooded streets on Monday; Ilse Brandt said the harbour wall had failed.",
    "The toll from the Valmora flood rose to 52, mayor Ilse Brandt told reporters at the harbour on Tuesday.",
]
AVALANCHE = [
    "An avalanche buried the Kestrel Pass road on Friday. Guide Tomas Okafor said 12 climbers were missing.",
    "Teams on Kestrel Pass found 9 climbers alive, Tomas Okafor said, as snow kept falling on the ridge.",
]


def _documents(texts: list[str], stories: list[str | None] | None = None) -> pd.DataFrame:
    stories = stories or [None] * len(texts)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))],
        "status": "ok",
        "text": texts,
        "story": stories,
        "story_source": ["manifest" if story else "unknown" for story in stories],
    })


def _partition(documents: pd.DataFrame) -> set[frozenset[str]]:
    return {frozenset(group["doc_id"]) for _story, group in documents.groupby("story")}


CASES = [
    pytest.param(FLOOD, None, {frozenset({"d0", "d1", "d2"})}, id="one-story"),
    pytest.param(FLOOD + AVALANCHE, None, {frozenset({"d0", "d1", "d2"}), frozenset({"d3", "d4"})}, id="two-stories"),
    pytest.param(FLOOD[:1], None, {frozenset({"d0"})}, id="single-document"),
    pytest.param(FLOOD + AVALANCHE, ["harbour", "harbour", "harbour", "pass", "pass"],
                 {frozenset({"d0", "d1", "d2"}), frozenset({"d3", "d4"})}, id="manifest-stories-kept"),
    pytest.param(FLOOD + AVALANCHE, ["harbour", None, None, None, None],
                 {frozenset({"d0", "d1", "d2"}), frozenset({"d3", "d4"})}, id="unlabelled-join-their-labelled-story"),
    pytest.param(FLOOD + AVALANCHE, ["one", "one", "one", "one", "one"],
                 {frozenset({"d0", "d1", "d2", "d3", "d4"})}, id="manifest-wins-over-content"),
]


@pytest.mark.parametrize(("texts", "given", "expected"), CASES)
def test_stories_group_documents(texts, given, expected):
    stories = assign_stories(_documents(texts, given))
    assert _partition(stories) == expected
    labelled = [story is not None for story in (given or [None] * len(texts))]
    assert stories["story_source"].tolist() == ["manifest" if known else "inferred" for known in labelled]


def test_a_labelled_story_lends_its_name_and_automatic_ids_are_readable():
    stories = assign_stories(_documents(FLOOD + AVALANCHE, ["harbour", None, None, None, None]))
    assert stories["story"].tolist()[:3] == ["harbour"] * 3
    (automatic,) = set(stories["story"][3:])
    assert len(automatic.split("-")) == 2 and set(automatic.split("-")) <= {"kestrel", "pass", "tomas", "okafor"}


def test_story_ids_are_built_from_the_shared_names():
    stories = assign_stories(_documents(FLOOD + AVALANCHE))
    flood_id, avalanche_id = stories["story"].iloc[0], stories["story"].iloc[3]
    assert {"valmora", "brandt", "ilse"} & set(flood_id.split("-")) and flood_id != avalanche_id
    assert {"kestrel", "okafor", "tomas"} & set(avalanche_id.split("-"))


def test_skipped_documents_get_no_story():
    documents = pd.concat([_documents(FLOOD), pd.DataFrame(
        {"doc_id": ["x"], "status": ["skipped"], "text": [None], "story": [None], "story_source": ["unknown"]})],
        ignore_index=True)
    stories = assign_stories(documents)
    assert (stories.loc[3, "story"], stories.loc[3, "story_source"]) == (None, "unknown")


def test_the_signature_leaves_out_calendar_outlets_and_common_words():
    signature = story_signature("On Monday, Reuters said the Valmora harbour flooded. The Valmora mayor spoke.")
    assert signature["names"] == ["valmora"]


def test_the_threshold_is_read_from_the_data_file(tmp_path, monkeypatch):
    strict = tmp_path / "story_grouping.csv"
    strict.write_text('setting,value,meaning\nmin_similarity,0.99,"split nearly everything"\n', encoding="utf-8")
    monkeypatch.setenv("RECONCILE_LEXICONS", str(tmp_path))
    assert load_story_settings()["min_similarity"] == 0.99
    assert len(_partition(assign_stories(_documents(FLOOD)))) > 1


def test_a_setting_out_of_range_is_refused(tmp_path, monkeypatch):
    (tmp_path / "story_grouping.csv").write_text('setting,value,meaning\nmin_similarity,1.5,"too high"\n')
    monkeypatch.setenv("RECONCILE_LEXICONS", str(tmp_path))
    with pytest.raises(LexiconError, match="story_grouping.csv"):
        load_story_settings()


def test_the_manifest_story_column_reaches_the_documents(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, text in enumerate(FLOOD + AVALANCHE):
        (folder / f"a{i}.txt").write_text(text + "\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,file,story\na0,a0.txt,harbour-flood\na3,a3.txt,\n", encoding="utf-8")
    documents = load_corpus(folder).set_index("doc_id")
    assert (documents.loc["a0", "story"], documents.loc["a0", "story_source"]) == ("harbour-flood", "manifest")
    assert documents.loc[["a1", "a2"], "story"].tolist() == ["harbour-flood"] * 2
    assert documents.loc["a3", "story_source"] == "inferred" and documents.loc["a3", "story"] != "harbour-flood"


# --- real text ---------------------------------------------------------------------------------------------------


@needs_devsets
@pytest.mark.parametrize("folder", STORY_FOLDERS, ids=[folder.parent.name for folder in STORY_FOLDERS])
def test_each_devset_story_is_one_story(folder):
    documents = load_corpus(folder)
    assert documents["story"].nunique() == 1, documents[["doc_id", "story"]].to_string()


def test_the_seeds_are_one_story(seeds_dir):
    assert load_corpus(seeds_dir)["story"].nunique() == 1


MIXES = list(itertools.combinations(STORY_FOLDERS, 2))


@needs_devsets
@pytest.mark.parametrize(("first", "second"), MIXES, ids=[f"{a.parent.name}+{b.parent.name}" for a, b in MIXES])
def test_two_devset_stories_in_one_folder_come_out_as_exactly_two(tmp_path, first, second):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    origin = {}
    for folder in (first, second):
        for article in sorted(folder.glob("*.txt")):
            shutil.copy(article, mixed / article.name)
            origin[article.stem] = folder.parent.name
    documents = load_corpus(mixed)
    by_story = documents.groupby("story")["doc_id"].apply(lambda ids: {origin[i] for i in ids})
    assert len(by_story) == 2 and all(len(sources) == 1 for sources in by_story), by_story.to_dict()
    # The same input gives the same readable ids.
    assert load_corpus(mixed)["story"].tolist() == documents["story"].tolist()
    assert all(story.replace("-", "").isalnum() for story in documents["story"])
