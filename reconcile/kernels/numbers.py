"""Kernel, numbers: the tokens of a text -> the figure that starts at a token (digits or words); no spaCy.

"4,000", "14 000", "1.5 million", "10k", "twenty-five", "three hundred and fifty", "half a million", "a dozen":
the words and how they combine come from number_words.csv; the wording around a figure (qualifiers, vague
amounts, what marks a year, an age or money) is read by `reconcile.kernels.quantity`, which shares this
module's lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rapidfuzz import fuzz, process

from reconcile.kernels.phrases import HYPHENS, PhraseMatcher, Token, phrase_matcher, tokenise
from reconcile.rules import (
    CUE_POSITIONS,
    DateWordSchema,
    NumberWordSchema,
    QualifierSchema,
    RoleCueSchema,
    VagueQuantitySchema,
    load_lexicon,
    user_lexicon_dirs,
)

_SEPARATORS_TABLE = str.maketrans("", "", ", \u00a0\u202f\u2009")
# A word this close to a number word (rapidfuzz ratio, 0-100) is that word misspelt: alone it must be very close
# ("ninty"), as the first half of a compound with a number word after the hyphen one slip is enough ("Twnety-seven").
MISSPELT_ALONE_SCORE = 90
MISSPELT_COMPOUND_SCORE = 80
MISSPELT_MIN_LENGTH, MISSPELT_MAX_LENGTH = 5, 9
_NO_WORD = ("", Decimal(0))


class Tokens(list):
    """The tokens of one text (a list of `Token`), with the text and where each token ends, for phrase matching."""

    def __init__(self, text: str) -> None:
        super().__init__(tokenise(text))
        self.text = text
        self._after: dict[int, int] | None = None  # token end -> index of the next token, built when first needed

    def longest(self, matcher: PhraseMatcher, at: int) -> tuple[int, object] | None:
        """(index after the phrase, value) of the longest lexicon phrase starting at token `at`, or None."""
        if at >= len(self) or self[at].low not in matcher.first_words:
            return None
        found = matcher.match_at(self.text, self[at].start)
        if found is None:
            return None
        if self._after is None:
            self._after = {token.end: index + 1 for index, token in enumerate(self)}
        after = self._after.get(found[0])
        return (after, found[1]) if after is not None else None


@dataclass(frozen=True, eq=False)
class QuantityLexicon:
    """number_words.csv, qualifiers.csv, vague_quantities.csv, quantity_roles.csv and the month words, compiled;
    one instance per lexicon setting."""

    numbers: dict[str, tuple[str, Decimal]]
    prefixes: PhraseMatcher
    suffixes: PhraseMatcher
    vague: PhraseMatcher
    after_cues: PhraseMatcher
    before_cues: dict[str, str]
    glued_after: dict[str, str]
    glued_before: dict[str, str]
    months: frozenset[str]
    year_parts: frozenset[str]
    # what a figure can start with: a qualifier, a vague amount, a number word or a currency sign (digits aside)
    start_words: frozenset[str]
    # unit and tens words of five letters or more: what a misspelt number word is matched against
    spelling_targets: tuple[str, ...] = ()
    # their first two letters: a word that may be a misspelt number word, worth trying as a figure's start
    spelling_starts: frozenset[str] = frozenset()


def quantity_lexicon() -> QuantityLexicon:
    """The compiled lexicon for the current RECONCILE_LEXICONS setting: `quantity_lexicon().numbers["dozen"]`."""
    return _quantity_lexicon_for(user_lexicon_dirs())


@lru_cache(maxsize=4)
def _quantity_lexicon_for(dirs) -> QuantityLexicon:
    number_rows = load_lexicon("number_words.csv", NumberWordSchema, dirs)
    numbers = {
        row.word.lower(): (row.kind, Decimal(str(row.value)).normalize()) for row in number_rows.itertuples()
    }
    qualifier_rows = load_lexicon("qualifiers.csv", QualifierSchema, dirs)
    vague_rows = load_lexicon("vague_quantities.csv", VagueQuantitySchema, dirs)
    cue_rows = load_lexicon("quantity_roles.csv", RoleCueSchema, dirs)
    by_position: dict[str, list[tuple[str, str]]] = {position: [] for position in CUE_POSITIONS}
    for row in cue_rows.itertuples():
        by_position[row.position].append((row.cue.lower(), row.role))
    date_rows = load_lexicon("date_words.csv", DateWordSchema, dirs)
    months = frozenset(
        row.word.lower() for row in date_rows.itertuples() if row.kind in ("month", "ambiguous")
    )
    year_parts = frozenset(row.word.lower() for row in date_rows.itertuples() if row.kind == "part")

    def phrases(pairs) -> PhraseMatcher:
        return phrase_matcher(pairs, ignore_case=True, spacing="tokens")

    prefixes = phrases((row.phrase, row.qualifier) for row in qualifier_rows.itertuples() if row.position == "before")
    vague = phrases((row.phrase, (_bound(row.low), _bound(row.high))) for row in vague_rows.itertuples())
    return QuantityLexicon(
        numbers=numbers,
        prefixes=prefixes,
        suffixes=phrases((row.phrase, row.qualifier) for row in qualifier_rows.itertuples() if row.position == "after"),
        vague=vague,
        after_cues=phrases(by_position["after"]),
        before_cues=dict(by_position["before"]),
        glued_after=dict(by_position["glued_after"]),
        glued_before=dict(by_position["glued_before"]),
        months=months,
        year_parts=year_parts | {"pre", "post"},
        start_words=prefixes.first_words | vague.first_words | frozenset(numbers),
        spelling_targets=tuple(sorted(word for word, (kind, _v) in numbers.items()
                                      if kind in ("unit", "tens") and len(word) >= MISSPELT_MIN_LENGTH)),
        spelling_starts=frozenset(word[:2] for word, (kind, _v) in numbers.items()
                                  if kind in ("unit", "tens") and len(word) >= MISSPELT_MIN_LENGTH),
    )


def _bound(raw: str) -> float | None:
    return float(raw) if raw.strip() else None


@dataclass(frozen=True)
class Number:
    """A figure read at a token: its value and where it sits among the tokens."""

    value: Decimal
    first: int  # token index of the first token of the figure
    end: int  # token index after the figure
    scale: Decimal  # the scale applied ("million" -> 1e6), 1 when none
    plain_digits: bool  # digits only, no scale, no separators ("2023")
    digit_count: int
    ordinal: bool
    bare_one: bool  # the single word "one"


def parse_number_at(tokens: Tokens, at: int, lex: QuantityLexicon) -> Number | None:
    """The figure that starts at token `at`, or None: `parse_number_at(Tokens("2.3bn"), 0, lex).value` is 2.3e9."""
    if at >= len(tokens):
        return None
    token = tokens[at]
    if token.kind == "num":
        return _parse_digits(tokens, at, lex)
    if token.kind == "word":
        return _parse_words(tokens, at, lex)
    return None


def glued(tokens: list[Token], left: int, right: int) -> bool:
    """Whether two tokens touch with no space between them ("10k", "$5", "25-year")."""
    return 0 <= left < right < len(tokens) and tokens[left].end == tokens[right].start


def is_identifier(tokens: list[Token], at: int, lex: QuantityLexicon) -> bool:
    """Model names and codes ("G7", "F-16", "COVID-19", "MH17") are not figures; "mid-2023" still is."""
    previous = at - 1
    if not glued(tokens, previous, at):
        return False
    if tokens[previous].text in HYPHENS:
        if not glued(tokens, previous - 1, previous):
            return False
        previous -= 1
    word = tokens[previous]
    return word.kind == "word" and word.low not in lex.year_parts and word.low not in lex.numbers


_DOT_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[0-9]{1,3},[0-9]{1,2}")


def digits_value(text: str) -> str:
    """A number token as Decimal reads it: "16 500" and "1,200" lose their separators, "200.000" its full stops,
    and "1,5" (before a scale word) takes a decimal point."""
    if _DOT_THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    if _DECIMAL_COMMA.fullmatch(text):
        return text.replace(",", ".")
    return text.translate(_SEPARATORS_TABLE)


def _parse_digits(tokens: Tokens, at: int, lex: QuantityLexicon) -> Number | None:
    token = tokens[at]
    if is_identifier(tokens, at, lex):
        return None
    raw = digits_value(token.text)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    end = at + 1
    scale = Decimal(1)
    ordinal = False
    if glued(tokens, at, end) and tokens[end].kind == "word":
        suffix = tokens[end].low
        kind, factor = lex.numbers.get(suffix, _NO_WORD)
        if kind == "suffix":
            scale *= factor
            end += 1
        elif suffix in lex.glued_after:
            ordinal = lex.glued_after[suffix] == "ordinal"
        else:
            return None  # "5G", "3D": a code, not a figure
    while end < len(tokens) and lex.numbers.get(tokens[end].low, ("",))[0] in ("scale", "multiplier"):
        scale *= lex.numbers[tokens[end].low][1]
        end += 1
    plain = token.text.isdigit() and scale == 1
    return Number(value * scale, at, end, scale, plain, len(raw.split(".")[0]), ordinal, False)


def _word_kind(tokens: Tokens, index: int, at: int, lex: QuantityLexicon) -> tuple[str, Decimal]:
    """(kind, value) of the number word at `index`; the figure's first word may be a misspelt one."""
    if index >= len(tokens):
        return _NO_WORD
    found = lex.numbers.get(tokens[index].low)
    if found is None and index == at:
        found = _misspelt(tokens, index, lex)
    return found or _NO_WORD


def _parse_words(tokens: Tokens, at: int, lex: QuantityLexicon) -> Number | None:
    def kind_of(index: int) -> tuple[str, Decimal]:
        return _word_kind(tokens, index, at, lex)

    first_kind, first_value = kind_of(at)
    if first_kind == "ordinal":
        return Number(first_value, at, at + 1, Decimal(1), False, 0, True, False)
    if first_kind not in ("unit", "tens", "scale", "multiplier", "fraction", "article"):
        return None
    total = Decimal(0)
    current: Decimal | None = None
    last = ""
    scale = Decimal(1)
    k = at
    while k < len(tokens):
        kind, value = kind_of(k)
        low = tokens[k].low
        if kind in ("unit", "tens"):
            if last == "unit" or (last == "tens" and kind == "tens"):
                break  # "five six" is two figures; "twenty five" and "twenty-five" are one
            current = (current or Decimal(0)) + value
            last = kind
            k += 1
        elif kind == "article" and kind_of(k + 1)[0] in ("scale", "multiplier", "fraction") and last == "":
            current = Decimal(1)
            last = "article"
            k += 1
        elif kind == "fraction" and last in ("", "article"):
            # "half a million", "a quarter of a million": the fraction needs a scale to be a figure
            j = k + 1
            if j < len(tokens) and tokens[j].low == "of":
                j += 1
            if kind_of(j)[0] == "article":
                j += 1
            if kind_of(j)[0] not in ("scale", "multiplier"):
                break
            current = value
            last = "fraction"
            k = j
        elif low == "and" and last in ("unit", "tens") and kind_of(k + 1)[0] == "article" and kind_of(k + 2)[0] == (
            "fraction"
        ):
            # "two and a half million"
            current = (current or Decimal(0)) + kind_of(k + 2)[1]
            last = "fraction"
            k += 3
        elif low == "and" and last == "scale" and kind_of(k + 1)[0] in ("unit", "tens"):
            # British "three hundred and fifty"
            last = "and"
            k += 1
        elif tokens[k].text in HYPHENS and last == "tens" and kind_of(k + 1)[0] == "unit" and _hyphen_join(
            tokens, k + 1
        ):
            k += 1
        elif kind == "multiplier":
            current = (current or Decimal(1)) * value
            scale *= value
            last = "scale"
            k += 1
        elif kind == "scale":
            if value < 1000:
                current = (current or Decimal(1)) * value
            else:
                total += (current or Decimal(1)) * value
                current = None
            scale *= value
            last = "scale"
            k += 1
        else:
            break
    if last == "scale" and scale >= 1000 and (rest := _digits_after_and(tokens, k, scale)) is not None:
        total, current, k = total + (current or Decimal(0)) + rest, None, k + 2  # "one million and 120,000"
    if last in ("", "article", "and") or k == at:
        return None
    if last == "fraction" and scale == 1:
        return None
    value = total + (current or Decimal(0))
    bare_one = k == at + 1 and tokens[at].low == "one"
    return Number(value, at, k, scale, False, 0, False, bare_one)


def _digits_after_and(tokens: Tokens, k: int, scale: Decimal) -> Decimal | None:
    """After a round figure in words, "and" and a plain figure in digits smaller than its scale end the number:
    "one million and 120,000" (a round figure in words and the rest in digits)."""
    at = k + 1
    if k >= len(tokens) or tokens[k].low != "and" or at >= len(tokens):
        return None
    if tokens[at].kind != "num" or glued(tokens, at, at + 1):
        return None
    if at + 2 < len(tokens) and tokens[at + 1].low in ("in", "at") and tokens[at + 2].text[:1].isupper():
        return None  # "two million, and 300,000 in Lima": a second figure, for a place
    try:
        value = Decimal(digits_value(tokens[at].text))
    except InvalidOperation:
        return None
    return value if 0 < value < scale else None


def may_be_misspelt(token: Token, lex: QuantityLexicon) -> bool:
    """Whether a word is long enough and starts like a unit or tens word ("ninty", "Twnety"): the cheap gate before
    the fuzzy match."""
    return (token.kind == "word" and MISSPELT_MIN_LENGTH <= len(token.low) <= MISSPELT_MAX_LENGTH
            and token.low[:2] in lex.spelling_starts)


def _misspelt(tokens: Tokens, index: int, lex: QuantityLexicon) -> tuple[str, Decimal] | None:
    """A misspelt number word read as the word it is one slip away from ("Twnety-seven", "ninty"): rapidfuzz
    against the unit and tens words, stricter for a word standing alone than for the first half of a compound
    whose second half is a number word."""
    low = tokens[index].low
    if not (MISSPELT_MIN_LENGTH <= len(low) <= MISSPELT_MAX_LENGTH) or tokens[index].kind != "word":
        return None
    compound = (index + 2 < len(tokens) and tokens[index + 1].text in HYPHENS and _hyphen_join(tokens, index + 2)
                and lex.numbers.get(tokens[index + 2].low, _NO_WORD)[0] == "unit")
    cutoff = MISSPELT_COMPOUND_SCORE if compound else MISSPELT_ALONE_SCORE
    best = process.extractOne(low, lex.spelling_targets, scorer=fuzz.ratio, score_cutoff=cutoff)
    if best is None:
        return None
    found = lex.numbers[best[0]]
    return found if found[0] == "tens" or not compound else None


def _hyphen_join(tokens: list[Token], index: int) -> bool:
    """True when token `index` is a number word joined by a hyphen to the one before ("twenty-five")."""
    if index < 2 or index >= len(tokens):
        return False
    hyphen = tokens[index - 1] if tokens[index - 1].text in HYPHENS else None
    if hyphen is None:
        return False
    return glued(tokens, index - 2, index - 1) and glued(tokens, index - 1, index)
