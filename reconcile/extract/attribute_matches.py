"""Extract stage, the parser: the attribute ruler's matches found by table look-up instead of spaCy's Matcher.

The English pipeline's attribute_ruler maps tags to parts of speech and fixes a few forms ("gonna", "y'all", "it" as
subject) through 179 token patterns. spaCy finds them with its general Matcher, about a sixth of the whole
pipeline's time on news text. Every one of those patterns tests a token's TAG, LOWER, DEP or IS_SPACE for equality,
membership or a regular expression, so the same matches can be read from a table keyed by tag and by lower-case form.
`AttributeMatches(ruler)(doc)` returns exactly the list `ruler.match(doc)` returns, and `speed_up` makes the ruler
use it; the ruler still applies its attributes itself. A ruler with any other kind of pattern is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc

# The token fields a pattern may test, in the column order of Doc.to_array.
FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


class UnsupportedPattern(ValueError):
    """A ruler pattern this table cannot answer for (an operator, another attribute)."""


@dataclass(frozen=True)
class _Pattern:
    """One ruler pattern: its attribute set, and per token the (column, predicate) checks that must all hold."""

    attr_id: int
    match_id: int
    tokens: tuple[tuple[tuple[int, Callable[[int], bool]], ...], ...]
    # a one-token pattern whose only check is the one it is indexed under matches without testing
    certain: bool


class AttributeMatches:
    """The matches of an AttributeRuler's patterns in a Doc, as `ruler.match` gives them."""

    def __init__(self, ruler) -> None:
        self._strings = ruler.vocab.strings
        # column -> value -> patterns whose first token requires that value in that column
        self._index: tuple[dict[int, list[_Pattern]], ...] = tuple({} for _ in FIELDS)
        self._others: list[_Pattern] = []
        for attr_id in range(len(ruler.attrs)):
            key = str(attr_id)
            for tokens in ruler.matcher.get(key)[1]:
                self._add(attr_id, self._strings[key], tokens)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        rows = doc.to_array(_ARRAY_ATTRS).tolist()
        found = set()
        # column by column: a token looks up only the fields some pattern is indexed under
        columns = tuple(zip(*rows))
        for column, index in enumerate(self._index):
            if not index:
                continue
            for start, value in enumerate(columns[column]):
                for pattern in index.get(value, ()):
                    if pattern.certain or _holds(pattern, rows, start):
                        found.add((pattern.attr_id, pattern.match_id, start, start + len(pattern.tokens)))
        for pattern in self._others:
            for start in range(len(rows)):
                if _holds(pattern, rows, start):
                    found.add((pattern.attr_id, pattern.match_id, start, start + len(pattern.tokens)))
        return sorted(found)

    def _add(self, attr_id: int, match_id: int, tokens: list[dict]) -> None:
        checks = tuple(tuple(self._check(field, wanted) for field, wanted in token.items()) for token in tokens)
        first = tokens[0]
        # index under the first field of the first token that takes one value or a set of values
        for field in FIELDS:
            values = self._values(first.get(field))
            if values is not None:
                certain = len(tokens) == 1 and len(first) == 1
                pattern = _Pattern(attr_id, match_id, checks, certain)
                for value in values:
                    self._index[FIELDS[field]].setdefault(value, []).append(pattern)
                return
        self._others.append(_Pattern(attr_id, match_id, checks, False))

    def _values(self, wanted) -> list[int] | None:
        if isinstance(wanted, bool):
            return [int(wanted)]
        if isinstance(wanted, str):
            return [self._strings[wanted]]
        if isinstance(wanted, dict) and list(wanted) == ["IN"]:
            return sorted({self._strings[word] for word in wanted["IN"]})
        return None

    def _check(self, field: str, wanted) -> tuple[int, Callable[[int], bool]]:
        if field not in FIELDS:
            raise UnsupportedPattern(f"attribute {field!r}")
        if field == "IS_SPACE" and not isinstance(wanted, bool):
            raise UnsupportedPattern("IS_SPACE needs a boolean")
        return FIELDS[field], self._predicate(field, wanted)

    def _predicate(self, field: str, wanted) -> Callable[[int], bool]:
        values = self._values(wanted)
        if values is not None:
            allowed = frozenset(values)
            return allowed.__contains__
        if isinstance(wanted, dict) and len(wanted) == 1:
            (operator, operand), = wanted.items()
            if operator == "NOT_IN":
                barred = frozenset(self._strings[word] for word in operand)
                return lambda value: value not in barred
            if operator == "REGEX":
                regex, strings = re.compile(operand), self._strings
                # asked of every token: a word's answer is kept, the vocabulary of a corpus is small
                return lru_cache(maxsize=1 << 16)(lambda value: regex.search(strings[value]) is not None)
        raise UnsupportedPattern(f"{field}: {wanted!r}")


def _holds(pattern: _Pattern, rows: list[list[int]], start: int) -> bool:
    if start + len(pattern.tokens) > len(rows):
        return False
    for offset, checks in enumerate(pattern.tokens):
        row = rows[start + offset]
        for column, check in checks:
            if not check(row[column]):
                return False
    return True


def speed_up(ruler) -> bool:
    """Make an AttributeRuler find its matches through `AttributeMatches`; False (ruler unchanged) when one of its
    patterns is of a kind the table does not answer for."""
    try:
        ruler.match = AttributeMatches(ruler)
    except UnsupportedPattern:
        return False
    return True
