"""The relation ladder: ordered rules (rule_id, label, relation, predicates) and the measures they rely on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile.rules import load_relation_rules

# The measure family of people present somewhere: the one an event's crowd is counted in.
EVENT_FAMILY = "in_place"


@dataclass(frozen=True)
class Rule:
    """One level of the ladder: the relation it gives when all of its predicates hold ("not x" negates x)."""

    rule_id: str
    label: str
    relation: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    """How one status of a count behaves over time: family, growth, snapshot window, revision-chain gap (days)."""

    family: str
    grows: bool
    window_days: int
    chain_gap_days: float


@dataclass(frozen=True)
class Ladder:
    """The ordered rules plus the documented tolerances and measures they rely on."""

    rules: tuple[Rule, ...]
    measures: tuple[tuple[str, Measure], ...]
    tolerances: tuple[tuple[str, float], ...]
    place_filler_words: tuple[str, ...] = ()
    event_subjects: tuple[str, ...] = ()
    unnamed_fate_subjects: tuple[str, ...] = ()
    shrinking_subjects: tuple[str, ...] = ()
    changing_fates: tuple[str, ...] = ()
    local_posts: tuple[str, ...] = ()
    findings_per_document: float = 2.0

    def is_event_count(self, frame: pd.DataFrame) -> pd.Series:
        """Counts of people present at one day's event (a crowd): an event subject (matched on the last word of
        the subject key) whose status is of the in-place family. A crowd's dead are a toll, not a crowd."""
        in_place = frame["status"].astype("object").map(self.status_families).eq(EVENT_FAMILY).to_numpy()
        return pd.Series(_subject_ends_in(frame, self.event_subjects) & in_place, index=frame.index)

    def names_no_fate(self, frame: pd.DataFrame) -> pd.Series:
        """Counts whose subject names people without saying what happened to them (`unnamed_fate_subjects`,
        matched on the last word of the subject key), unless their scope ends with a fate of `changing_fates`
        ("people, sheltered")."""
        return pd.Series(_subject_ends_in(frame, self.unnamed_fate_subjects) & ~self._changing_fate(frame),
                         index=frame.index)

    def shrinks(self, frame: pd.DataFrame) -> pd.Series:
        """Counts of a list that changes both ways as a story goes on: a subject of `shrinking_subjects` (the
        missing, the trapped: matched on the last word of the subject key), or a fate of `changing_fates` that
        ends the claim's scope (people in shelters, in hospital: matched on the scope's last part)."""
        return pd.Series(_subject_ends_in(frame, self.shrinking_subjects) | self._changing_fate(frame),
                         index=frame.index)

    def _changing_fate(self, frame: pd.DataFrame) -> np.ndarray:
        """Per row, whether the scope's last part is a fate of `changing_fates`."""
        if "scope" not in frame:
            return np.zeros(len(frame), bool)
        fate = frame["scope"].astype("object").fillna("").astype(str).str.rsplit(", ", n=1).str[-1].str.casefold()
        return fate.isin(self.changing_fates).to_numpy()

    def tolerance(self, name: str) -> float:
        return dict(self.tolerances)[name]

    @property
    def status_families(self) -> dict[str, str]:
        return {status: measure.family for status, measure in self.measures}

    def family_measure(self, family: str) -> Measure | None:
        return next((m for _status, m in self.measures if m.family == family), None)


def load_ladder(path: str | Path | None = None) -> Ladder:
    """Load and check the rule ladder (shipped `relation_rules.yaml` unless `path` is given).

    >>> load_ladder().rules[-1].relation
    'unrelated'
    """
    return _load_ladder_cached(str(path) if path is not None else None)


def _subject_ends_in(frame: pd.DataFrame, words: tuple[str, ...]) -> np.ndarray:
    """Per row, whether the last word of the subject key ("french_protesters" -> protesters) is one of `words`;
    each distinct subject is looked at once."""
    codes, subjects = pd.factorize(frame["subject"].astype("object").fillna(""))
    if not len(subjects):
        return np.zeros(len(frame), bool)
    return np.array([str(s).casefold().rsplit("_", 1)[-1] in words for s in subjects], dtype=bool)[codes]


@lru_cache(maxsize=8)
def _load_ladder_cached(path: str | None) -> Ladder:
    raw = load_relation_rules(path)
    rules = tuple(
        Rule(r.rule_id, r.label, r.relation, tuple(p.strip() for p in r.when.split(",") if p.strip()))
        for r in raw.ladder.itertuples(index=False)
    )
    measures = tuple(
        (m.status, Measure(str(m.family), bool(m.grows), int(m.window_days),
                           float(m.chain_gap_days) if pd.notna(m.chain_gap_days) else float("inf")))
        for m in raw.measures.itertuples(index=False)
    )
    return Ladder(
        rules=rules,
        measures=measures,
        tolerances=tuple(sorted(raw.tolerances.items())),
        place_filler_words=raw.place_filler_words,
        event_subjects=raw.event_subjects,
        unnamed_fate_subjects=raw.unnamed_fate_subjects,
        shrinking_subjects=raw.shrinking_subjects,
        changing_fates=raw.changing_fates,
        local_posts=raw.local_posts,
        findings_per_document=raw.findings_per_document,
    )
