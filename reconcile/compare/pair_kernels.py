"""Kernels of the predicates that need a Python test per pair (word containment of place names, quote wording):
each distinct pair of codes is tested once and the verdict spread back over the pairs, so the cost follows the
names and quotes, not the pairs."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from reconcile.compare.features import Sides
from reconcile.kernels.gazetteer import located_in


def names_contain(names: np.ndarray, a: np.ndarray, b: np.ndarray, fillers: tuple[str, ...] = ()) -> np.ndarray:
    """Word containment between coded names ("Lyon, France" contains "France"), per distinct name pair."""
    ignored = set(fillers)

    def words(code: int) -> set[str]:
        text = str(names[code]).replace(",", " ").replace("\u2019s ", " ").replace("'s ", " ")
        return {w for w in text.split() if w not in ignored} or {"\0"}

    def within(small: int, large: int) -> bool:
        # A city the gazetteer knows sits inside a place naming its country ("Rome" in "a base in Italy").
        return located_in(str(names[small]), words(large))

    return _per_code_pair(a, b, lambda x, y: words(x) <= words(y) or words(y) <= words(x) or within(x, y)
                          or within(y, x))


def _per_code_pair(a: np.ndarray, b: np.ndarray, test: Callable[[int, int], bool]) -> np.ndarray:
    """Run a Python test once per distinct pair of differing known codes, and spread the verdicts back."""
    return _spread(a, b, (a >= 0) & (b >= 0) & (a != b), test)


def per_text_pair(sides: Sides, test: Callable[[str, str], bool]) -> np.ndarray:
    """Run a string test once per distinct pair of quotes (quotes are few; counts never reach here)."""
    code_l, code_r = sides.both("quote_code")
    kind_l, kind_r = sides.both("kind")
    candidates = (code_l >= 0) & (code_r >= 0) & (kind_l == "quote") & (kind_r == "quote")
    texts = pd.Series(sides.features.quote).groupby(sides.features.quote_code).first()
    return _spread(code_l, code_r, candidates, lambda x, y: test(str(texts[x]), str(texts[y])))


def _spread(a: np.ndarray, b: np.ndarray, candidates: np.ndarray, test: Callable[[int, int], bool]) -> np.ndarray:
    """The test's verdict for every candidate pair of codes, computed once per distinct pair; False elsewhere."""
    result = np.zeros(len(a), dtype=bool)
    if not candidates.any():
        return result
    combos = pd.DataFrame({"a": a[candidates], "b": b[candidates]})
    unique = combos.drop_duplicates()
    verdict = [bool(test(x, y)) for x, y in zip(unique["a"], unique["b"], strict=True)]
    lookup = pd.Series(verdict, index=pd.MultiIndex.from_frame(unique), dtype=bool)
    result[candidates] = lookup.reindex(pd.MultiIndex.from_frame(combos)).to_numpy(dtype=bool)
    return result


@lru_cache(maxsize=65536)
def said_alike(left: str, right: str, threshold: float) -> bool:
    """Whether two statements' words (" | "-joined quotes or figures of their sentences) say the same thing."""
    said_l, said_r = left.split(" | "), right.split(" | ")
    if all(_FIGURE.match(x) for x in said_l + said_r):
        # "reported six in the early hours of Wednesday, 21 by the evening and 26 by Thursday" against "26": a
        # sentence of several figures dates several statements, so only the same figures make one statement
        return set(said_l) == set(said_r)
    return any(fuzz.token_set_ratio(x, y) >= threshold for x in said_l for y in said_r)


_FIGURE = re.compile(r"^[\d.,~+-]+$")
