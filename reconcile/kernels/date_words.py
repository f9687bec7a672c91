"""Kernel, date words: date_words.csv -> the words of dates by kind, and what a rule resolves a match into.

Months, weekdays, "early/mid/late", "last/this/next", units, window sizes, "since/by": every word a date rule
knows is data; the rules themselves are in `reconcile.kernels.date_rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from reconcile.kernels.phrases import alternation
from reconcile.rules import DateWordSchema, load_lexicon, user_lexicon_dirs


@dataclass(frozen=True)
class Resolved:
    """What a rule makes of a match: the period (None when unknown) and its precision."""

    refers_from: date | None
    refers_to: date | None
    precision: str


UNKNOWN = Resolved(None, None, "unknown")


@dataclass(frozen=True, eq=False)
class DateWords:
    """date_words.csv by kind: word (lower case, single spaces) -> value; one instance per lexicon setting."""

    by_kind: dict[str, dict[str, str]]

    def of(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})

    def pattern(self, *kinds: str) -> str:
        """A regex body for the words of these kinds, longest first, any white space between words."""
        return alternation({word for kind in kinds for word in self.of(kind)})


def date_words() -> DateWords:
    """The date words for the current RECONCILE_LEXICONS setting: `date_words().of("month")["october"] == "10"`."""
    return date_words_for(user_lexicon_dirs())


@lru_cache(maxsize=4)
def date_words_for(dirs: tuple) -> DateWords:
    """The date words of the shipped lexicon plus the user folders `dirs`, loaded once."""
    rows = load_lexicon("date_words.csv", DateWordSchema, dirs)
    by_kind: dict[str, dict[str, str]] = {}
    for row in rows.itertuples():
        by_kind.setdefault(row.kind, {})[re.sub(r"\s+", " ", row.word.strip().lower())] = row.value.strip()
    return DateWords(by_kind)


def lookup(words: DateWords, kind: str, text: str | None) -> str | None:
    """The value of a word of one kind, matched case- and spacing-insensitively, a final dot ignored."""
    if text is None:
        return None
    return words.of(kind).get(re.sub(r"\s+", " ", text.strip().lower().rstrip(".")))


def month_of(words: DateWords, text: str | None) -> int | None:
    """The month number of a month word ("Oct." -> 10), or None."""
    value = lookup(words, "month", text) or lookup(words, "ambiguous", text)
    return int(value) if value else None


@dataclass(frozen=True)
class Context:
    """What a rule resolves against: the publication day, the clause's tense (past, future, nearest), the words."""

    published: date | None
    tense: str
    words: DateWords
    # the year of a month and day written without one when the publication day is unknown
    year_hint: int | None = None


def gates() -> dict[str, re.Pattern]:
    """The gate of every name RULE_REQUIRES uses: `gates()["month"].search("in Oct.")` is a match."""
    return _gates_for(user_lexicon_dirs())


@lru_cache(maxsize=4)
def _gates_for(dirs) -> dict[str, re.Pattern]:
    w = date_words_for(dirs)
    kinds = {
        "month": ("month", "ambiguous"), "weekday": ("weekday",), "part": ("part",), "unit": ("unit",),
        "season": ("season",), "anchor": ("anchor",), "offset": ("offset",), "window": ("forward", "backward"),
    }  # fmt: skip
    # a gate only has to be looser than its rules: the first three letters of each word are enough, and fast
    patterns = {name: alternation({word[:3] for kind in kinds[name] for word in w.of(kind)}) for name in kinds}
    patterns.update({"digit": r"\d", "half": "half", "week": "week", "ago": "ago"})
    return {name: re.compile(pattern, re.IGNORECASE) for name, pattern in patterns.items()}
