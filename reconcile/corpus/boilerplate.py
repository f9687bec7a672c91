"""Corpus stage, scraping debris: text -> [start, end) spans of lines that are not article text (data/boilerplate.csv).

The text is never changed: debris is only located, so every character offset downstream indexes the decoded file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from reconcile.rules import BoilerplateSchema, load_lexicon, user_lexicon_dirs

BOILERPLATE_COLUMNS = ["start", "end", "pattern_id", "label"]


@dataclass(frozen=True)
class BoilerplateRule:
    pattern_id: str
    regex: re.Pattern
    label: str


def find_boilerplate(text: str) -> pd.DataFrame:
    """Spans of scraping debris in `text` (rules in data/boilerplate.csv), one row per match, sorted.

    >>> find_boilerplate("Floods hit the town.\\nSource link")[["start", "end", "pattern_id"]].values.tolist()
    [[21, 32, 'source_link']]
    """
    # Windows line ends: `$` stops before "\n", not "\r". Matching runs on a copy with "\r" as a space, which has
    # the same length, so every offset still indexes the original text.
    searched = text.replace("\r", " ")
    matches = [
        (*_trimmed(text, match.start(), match.end()), rule.pattern_id, rule.label)
        for rule in _compiled_boilerplate(user_lexicon_dirs())
        for match in rule.regex.finditer(searched)
    ]
    spans = pd.DataFrame([m for m in matches if m[0] < m[1]], columns=BOILERPLATE_COLUMNS)
    return spans.sort_values(["start", "end", "pattern_id"], kind="stable").reset_index(drop=True)


def boilerplate_spans(text: str) -> list[list[int]]:
    """The debris spans of `text` merged into sorted, disjoint [start, end) pairs.

    >>> boilerplate_spans("Floods hit the town.\\n02:41\\nSource link")
    [[21, 26], [27, 38]]
    """
    merged: list[list[int]] = []
    for start, end in find_boilerplate(text)[["start", "end"]].itertuples(index=False):
        if merged and start <= merged[-1][1]:
            merged[-1] = [merged[-1][0], max(merged[-1][1], int(end))]
        else:
            merged.append([int(start), int(end)])
    return merged


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Cached per set of user lexicon folders, so changing $RECONCILE_LEXICONS takes effect without a restart.
@lru_cache(maxsize=8)
def _compiled_boilerplate(dirs: tuple[Path, ...]) -> tuple[BoilerplateRule, ...]:
    rules = load_lexicon("boilerplate.csv", BoilerplateSchema, dirs)
    return tuple(BoilerplateRule(r.pattern_id, re.compile(r.pattern), r.label) for r in rules.itertuples())
