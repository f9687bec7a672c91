"""Extract stage, quantities: plain text -> Quantity spans (interval, qualifier, increment, role); no spaCy.

Wording drives the interval through data files in `reconcile/data/`: qualifiers.csv ("at least", "more than",
"or more"), vague_quantities.csv ("thousands" -> 2,000..9,999), number_words.csv ("twenty-five", "1.5 million",
"10k") and quantity_roles.csv (what marks a number as a year, an age, a duration, a percentage, money, an ordinal,
a date or a measure rather than a count). The extractor keeps counts and skips the other roles.

Decisions worth knowing:
- approx keeps low = high = the figure; the tolerance "about" implies is the reconciler's job.
- Open-ended bounds are None ("up to 800" has low None, not 0), and a None bound is never inclusive.
- A comma-less four-digit whole number between 1000 and 2100 is a year (AP style writes counts of a thousand
  and more with a comma: "2,000 people", "in 2023").
- A bare "one" used as a pronoun ("one of the", "no one", "one another") is not returned at all: it is never a
  figure a source stands behind. "one million" and "one soldier" are returned as counts.
- A dot followed by digits is a decimal point ("1.5 million"); "3.000" is read as 3, not three thousand.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal, NamedTuple, get_args

import pandera.pandas as pa
from pandera.typing import Series

from reconcile.rules import load_lexicon
from reconcile.vocab import QUALIFIERS

# What a number is: only counts are claims; the others let the extractor skip "in 2023" or "a 25-year-old".
Role = Literal["count", "year", "percent", "money", "ordinal", "duration", "age", "date", "measure"]
ROLES: tuple[str, ...] = get_args(Role)

# Parse rules behind a Quantity: stable id -> readable label (the id travels on every Quantity).
RULE_LABELS: dict[str, str] = {
    "qty.figure": "a single figure, in digits or words, with its qualifier",
    "qty.range": "a range between two figures",
    "qty.vague": "a vague amount read from vague_quantities.csv",
    "qty.date_string": "a date or time written with digits and separators (2024-10-23, 10/23/2024, 10:30)",
}

NUMBER_KINDS = ("unit", "tens", "scale", "suffix", "multiplier", "fraction", "article", "ordinal")
QUALIFIER_EFFECTS = (*QUALIFIERS, "increment")
ROLE_CUES = (*ROLES, "not_a_quantity")
CUE_POSITIONS = ("after", "before", "glued_after", "glued_before")
PHRASE_POSITIONS = ("before", "after")

# Whole numbers in this span written without a thousands comma are years (see module docstring).
YEAR_RANGE = (1000, 2100)
# Ranges where the second figure is written short: "the 1950-53 war".
SHORT_YEAR_DIGITS = 2


class NumberWordSchema(pa.DataFrameModel):
    """One row of number_words.csv: a word, its value and how it combines."""

    word: Series[str] = pa.Field(str_length={"min_value": 1})
    value: Series[float] = pa.Field(ge=0)
    kind: Series[str] = pa.Field(isin=NUMBER_KINDS)
    note: Series[str]

    class Config:
        strict = True
        coerce = True


class QualifierSchema(pa.DataFrameModel):
    """One row of qualifiers.csv: a phrase, the bound it implies, and where it sits."""

    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    qualifier: Series[str] = pa.Field(isin=QUALIFIER_EFFECTS)
    position: Series[str] = pa.Field(isin=PHRASE_POSITIONS)
    note: Series[str]

    class Config:
        strict = True


class VagueQuantitySchema(pa.DataFrameModel):
    """One row of vague_quantities.csv: a vague phrase and its documented interval (empty = unbounded)."""

    phrase: Series[str] = pa.Field(str_length={"min_value": 1})
    low: Series[str] = pa.Field(str_matches=r"^(\d+(\.\d+)?)?$")
    high: Series[str] = pa.Field(str_matches=r"^(\d+(\.\d+)?)?$")
    note: Series[str]

    class Config:
        strict = True


class RoleCueSchema(pa.DataFrameModel):
    """One row of quantity_roles.csv: a cue next to a number and the role it gives the number."""

    cue: Series[str] = pa.Field(str_length={"min_value": 1})
    role: Series[str] = pa.Field(isin=ROLE_CUES)
    position: Series[str] = pa.Field(isin=CUE_POSITIONS)
    note: Series[str]

    class Config:
        strict = True


@dataclass(frozen=True)
class Quantity:
    """A figure in text: `Quantity(0, 11, "at least 40", 40.0, None, "at_least", False, True, False, "count")`.

    start/end are character offsets into the text given and cover the qualifier words too.
    """

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str
    is_increment: bool
    low_inclusive: bool
    high_inclusive: bool
    role: str
    rule_id: str = "qty.figure"


class _Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct


_TOKEN_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?:(?:,|[ \u00a0\u202f\u2009])[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)
# Dates and times written with digits only; read as one date-role span so their parts are never counted.
_DATE_STRING_RE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9])|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?![0-9])|[0-9]{1,2}:[0-9]{2}(?![0-9])"
)
_HYPHENS = ("-", "‐", "‑")
_RANGE_DASHES = ("-", "–", "—", "‐", "‑")
_RANGE_WORDS = ("to", "through")
_SEPARATORS = re.compile(r"[, \u00a0\u202f\u2009]")


def _tokenise(text: str) -> list[_Token]:
    return [
        _Token(m.group(), m.group().lower(), m.start(), m.end(), m.lastgroup or "punct")
        for m in _TOKEN_RE.finditer(text)
    ]


def _phrase_tokens(phrase: str) -> tuple[str, ...]:
    # hyphens and spaces are equivalent in lexicon phrases ("year old" matches "25-year-old")
    return tuple(t.low for t in _tokenise(phrase.lower()) if t.text not in _HYPHENS)


class _PhraseIndex:
    """Phrases indexed by first token; `longest` returns the longest phrase starting at a token index."""

    def __init__(self, entries: list[tuple[tuple[str, ...], object]]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for words, payload in entries:
            if words:
                index.setdefault(words[0], []).append((words, payload))
        # later rows (user lexicons) win among phrases of equal length
        self._index = {
            key: sorted(reversed(value), key=lambda entry: -len(entry[0])) for key, value in index.items()
        }

    def longest(self, tokens: list[_Token], at: int) -> tuple[int, object] | None:
        """(end token index, payload) of the longest phrase at `at`, hyphens between words skipped."""
        if at >= len(tokens):
            return None
        for words, payload in self._index.get(tokens[at].low, ()):
            end = _match_words(tokens, at, words)
            if end is not None:
                return end, payload
        return None


def _match_words(tokens: list[_Token], at: int, words: tuple[str, ...]) -> int | None:
    k = at
    for position, word in enumerate(words):
        if position and k < len(tokens) and tokens[k].text in _HYPHENS and word not in _HYPHENS:
            k += 1
        if k >= len(tokens) or tokens[k].low != word:
            return None
        k += 1
    return k


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, tuple[str, Decimal]]
    prefixes: _PhraseIndex
    suffixes: _PhraseIndex
    vague: _PhraseIndex
    after_cues: _PhraseIndex
    before_cues: dict[str, str]
    glued_after: dict[str, str]
    glued_before: dict[str, str]
    months: frozenset[str]
    year_parts: frozenset[str]


@lru_cache(maxsize=4)
def _lexicon() -> _Lexicon:
    number_rows = load_lexicon("number_words.csv", NumberWordSchema)
    numbers = {
        row.word.lower(): (row.kind, Decimal(str(row.value)).normalize()) for row in number_rows.itertuples()
    }
    qualifier_rows = load_lexicon("qualifiers.csv", QualifierSchema)
    prefixes = [
        (_phrase_tokens(row.phrase), row.qualifier) for row in qualifier_rows.itertuples() if row.position == "before"
    ]
    suffixes = [
        (_phrase_tokens(row.phrase), row.qualifier) for row in qualifier_rows.itertuples() if row.position == "after"
    ]
    vague_rows = load_lexicon("vague_quantities.csv", VagueQuantitySchema)
    vague = [
        (_phrase_tokens(row.phrase), (_bound(row.low), _bound(row.high))) for row in vague_rows.itertuples()
    ]
    cue_rows = load_lexicon("quantity_roles.csv", RoleCueSchema)
    by_position: dict[str, list[tuple[str, str]]] = {position: [] for position in CUE_POSITIONS}
    for row in cue_rows.itertuples():
        by_position[row.position].append((row.cue.lower(), row.role))
    date_rows = load_lexicon("date_words.csv")
    months = frozenset(
        row.word.lower() for row in date_rows.itertuples() if row.kind in ("month", "ambiguous")
    )
    year_parts = frozenset(row.word.lower() for row in date_rows.itertuples() if row.kind == "part")
    return _Lexicon(
        numbers=numbers,
        prefixes=_PhraseIndex(prefixes),
        suffixes=_PhraseIndex(suffixes),
        vague=_PhraseIndex(vague),
        after_cues=_PhraseIndex([(_phrase_tokens(cue), role) for cue, role in by_position["after"]]),
        before_cues=dict(by_position["before"]),
        glued_after=dict(by_position["glued_after"]),
        glued_before=dict(by_position["glued_before"]),
        months=months,
        year_parts=year_parts | {"pre", "post"},
    )


def _bound(raw: str) -> float | None:
    return float(raw) if raw.strip() else None


@dataclass(frozen=True)
class _Number:
    value: Decimal
    first: int  # token index of the first token of the figure
    end: int  # token index after the figure
    scale: Decimal  # the scale applied ("million" -> 1e6), 1 when none
    plain_digits: bool  # digits only, no scale, no separators ("2023")
    digit_count: int
    ordinal: bool
    bare_one: bool  # the single word "one"


def _parse_number(tokens: list[_Token], at: int, lex: _Lexicon) -> _Number | None:
    if at >= len(tokens):
        return None
    token = tokens[at]
    if token.kind == "num":
        return _parse_digits(tokens, at, lex)
    if token.kind == "word":
        return _parse_words(tokens, at, lex)
    return None


def _glued(tokens: list[_Token], left: int, right: int) -> bool:
    return 0 <= left < right < len(tokens) and tokens[left].end == tokens[right].start


def _is_identifier(tokens: list[_Token], at: int, lex: _Lexicon) -> bool:
    # model names and codes ("G7", "F-16", "COVID-19", "MH17") are not figures; "mid-2023" still is
    previous = at - 1
    if not _glued(tokens, previous, at):
        return False
    if tokens[previous].text in _HYPHENS:
        if not _glued(tokens, previous - 1, previous):
            return False
        previous -= 1
    word = tokens[previous]
    return word.kind == "word" and word.low not in lex.year_parts and word.low not in lex.numbers


def _parse_digits(tokens: list[_Token], at: int, lex: _Lexicon) -> _Number | None:
    token = tokens[at]
    if _is_identifier(tokens, at, lex):
        return None
    raw = _SEPARATORS.sub("", token.text)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    end = at + 1
    scale = Decimal(1)
    ordinal = False
    if _glued(tokens, at, end) and tokens[end].kind == "word":
        glued = tokens[end].low
        kind, factor = lex.numbers.get(glued, ("", Decimal(0)))
        if kind == "suffix":
            scale *= factor
            end += 1
        elif glued in lex.glued_after:
            ordinal = lex.glued_after[glued] == "ordinal"
        else:
            return None  # "5G", "3D": a code, not a figure
    while end < len(tokens) and lex.numbers.get(tokens[end].low, ("",))[0] in ("scale", "multiplier"):
        scale *= lex.numbers[tokens[end].low][1]
        end += 1
    plain = token.text.isdigit() and scale == 1
    return _Number(value * scale, at, end, scale, plain, len(raw.split(".")[0]), ordinal, False)


def _parse_words(tokens: list[_Token], at: int, lex: _Lexicon) -> _Number | None:
    def kind_of(index: int) -> tuple[str, Decimal]:
        if index >= len(tokens):
            return ("", Decimal(0))
        return lex.numbers.get(tokens[index].low, ("", Decimal(0)))

    first_kind, first_value = kind_of(at)
    if first_kind == "ordinal":
        return _Number(first_value, at, at + 1, Decimal(1), False, 0, True, False)
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
        elif tokens[k].text in _HYPHENS and last == "tens" and kind_of(k + 1)[0] == "unit" and _hyphen_join(
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
    if last in ("", "article", "and") or k == at:
        return None
    if last == "fraction" and scale == 1:
        return None
    value = total + (current or Decimal(0))
    bare_one = k == at + 1 and tokens[at].low == "one"
    return _Number(value, at, k, scale, False, 0, False, bare_one)


def _hyphen_join(tokens: list[_Token], index: int) -> bool:
    """True when token `index` is a number word joined by a hyphen to the one before ("twenty-five")."""
    if index < 2 or index >= len(tokens):
        return False
    hyphen = tokens[index - 1] if tokens[index - 1].text in _HYPHENS else None
    if hyphen is None:
        return False
    return _glued(tokens, index - 2, index - 1) and _glued(tokens, index - 1, index)


@dataclass(frozen=True)
class _Parsed:
    quantity: Quantity
    next_token: int


@dataclass(frozen=True)
class _Prefix:
    start: int  # token index where the qualifier phrases begin
    kept_start: int | None  # first token of a phrase that is not a range opener ("from", "between")
    qualifier: str | None
    increment: bool
    opens_range: bool
    figure_at: int  # token index where the figure itself begins


def _parse_at(text: str, tokens: list[_Token], at: int, lex: _Lexicon) -> _Parsed | None:
    if tokens[at].kind == "num":
        date_string = _DATE_STRING_RE.match(text, tokens[at].start)
        if date_string and not _is_identifier(tokens, at, lex):
            return _date_string(text, tokens, at, date_string.end())
    prefix = _read_prefix(tokens, at, lex)
    vague = lex.vague.longest(tokens, prefix.figure_at)
    number = _parse_number(tokens, prefix.figure_at, lex)
    if vague is not None and (number is None or vague[0] >= number.end):
        return _finish_vague(text, tokens, prefix, vague, lex)
    if number is None:
        return None
    return _finish_number(text, tokens, prefix, number, lex)


def _date_string(text: str, tokens: list[_Token], at: int, end: int) -> _Parsed:
    next_token = at
    while next_token < len(tokens) and tokens[next_token].start < end:
        next_token += 1
    start = tokens[at].start
    quantity = Quantity(
        start, end, text[start:end], None, None, "exact", False, False, False, "date", "qty.date_string"
    )
    return _Parsed(quantity, next_token)


def _read_prefix(tokens: list[_Token], at: int, lex: _Lexicon) -> _Prefix:
    qualifier: str | None = None
    increment = opens_range = False
    kept_start: int | None = None
    k = at
    for _ in range(4):  # "at least another", "another roughly": a few stacked phrases at most
        found = lex.prefixes.longest(tokens, k)
        if found is None:
            break
        end, effect = found
        if effect == "range":
            opens_range = True
        else:
            kept_start = k if kept_start is None else kept_start
            if effect == "increment":
                increment = True
            elif qualifier is None:
                qualifier = str(effect)
        k = end
    if _glued(tokens, k, k + 1) and tokens[k].text in lex.glued_before and tokens[k + 1].kind == "num":
        k += 1  # "about $2 billion": the currency sign sits between the qualifier and the digits
    return _Prefix(at, kept_start, qualifier, increment, opens_range, k)


def _finish_vague(text: str, tokens: list[_Token], prefix: _Prefix, vague: tuple, lex: _Lexicon) -> _Parsed:
    end, (low, high) = vague
    qualifier = prefix.qualifier
    low_inclusive = high_inclusive = True
    resolved = "vague"
    if qualifier in ("at_least", "more_than") and low is not None:
        resolved, high, low_inclusive = qualifier, None, qualifier == "at_least"
    elif qualifier in ("up_to", "less_than") and high is not None:
        resolved, low, high_inclusive = qualifier, None, qualifier == "up_to"
    after = _after_role(tokens, end, lex)
    role = after if after in ROLES and after != "year" else "count"
    first = prefix.kept_start if prefix.kept_start is not None else prefix.figure_at
    start, stop = tokens[first].start, tokens[end - 1].end
    quantity = Quantity(
        start,
        stop,
        text[start:stop],
        low,
        high,
        resolved,
        prefix.increment,
        low_inclusive and low is not None,
        high_inclusive and high is not None,
        role,
        "qty.vague",
    )
    return _Parsed(quantity, end)


def _finish_number(
    text: str, tokens: list[_Token], prefix: _Prefix, number: _Number, lex: _Lexicon
) -> _Parsed | None:
    qualifier, increment = prefix.qualifier, prefix.increment
    low_value: Decimal = number.value
    high_number: _Number | None = None
    end = number.end
    # "4,000-plus", "2,000-odd": a hyphen may join the figure and its trailing qualifier
    suffix_at = end + 1 if end < len(tokens) and tokens[end].text in _HYPHENS and _glued(tokens, end - 1, end) else end
    suffix = lex.suffixes.longest(tokens, suffix_at)
    if suffix is not None and not _number_follows(tokens, suffix[0], lex):
        if suffix[1] == "increment":
            increment = True
        elif qualifier is None:
            qualifier = str(suffix[1])
        end = suffix[0]
    elif end < len(tokens):
        ranged = _range_end(tokens, number, prefix.opens_range, lex)
        if ranged is not None:
            low_value, high_number = ranged
            end = high_number.end
            qualifier = "range"

    if high_number is not None:
        first = prefix.start
    elif prefix.kept_start is not None:
        first = prefix.kept_start
    else:
        first = prefix.figure_at
    role = _role(tokens, first, number, high_number, end, increment, lex)
    if role is None:
        return None
    if _glued(tokens, number.first - 1, number.first) and tokens[number.first - 1].text in lex.glued_before:
        first = min(first, number.first - 1)
    last = high_number if high_number is not None else number
    if end == last.first + 1 and _glued(tokens, last.first, end) and tokens[end].low in lex.glued_after:
        end += 1  # keep "%", "1st", "1990s" inside the span

    low_float = float(low_value)
    high_float = float(high_number.value) if high_number is not None else low_float
    if role == "year" and high_number is not None and high_number.digit_count == SHORT_YEAR_DIGITS:
        high_float = float(int(number.value) // 100 * 100 + int(high_number.value))
    if not (math.isfinite(low_float) and math.isfinite(high_float)):
        return None
    resolved = qualifier or "exact"
    low, high, low_inclusive, high_inclusive = _bounds(resolved, min(low_float, high_float), max(low_float, high_float))
    start, stop = tokens[first].start, tokens[end - 1].end
    quantity = Quantity(
        start,
        stop,
        text[start:stop],
        low,
        high,
        resolved,
        increment,
        low_inclusive,
        high_inclusive,
        role,
        "qty.range" if high_number is not None else "qty.figure",
    )
    return _Parsed(quantity, end)


def _number_follows(tokens: list[_Token], at: int, lex: _Lexicon) -> bool:
    # "4,000 plus 500 wounded" is arithmetic, not "4,000-plus"
    return at < len(tokens) and _parse_number(tokens, at, lex) is not None


def _range_end(tokens: list[_Token], first: _Number, opened: bool, lex: _Lexicon) -> tuple[Decimal, _Number] | None:
    """(low value, second figure) when a range connector and a second figure follow the first figure."""
    connector = tokens[first.end]
    is_dash = connector.text in _RANGE_DASHES
    if not (is_dash or connector.low in _RANGE_WORDS or connector.low == "or" or (opened and connector.low == "and")):
        return None
    second = _parse_number(tokens, first.end + 1, lex)
    if second is None or first.ordinal or second.ordinal:
        return None
    low = first.value
    if first.scale == 1 and second.scale != 1 and low < 1000:
        # "between 11 and 12 million", "10-12k": a scale written once covers both ends
        low *= second.scale
    if connector.low == "or" and not low < second.value:
        return None  # "two or three" is a range; "4,000 or 1" is not
    return low, second


def _bounds(qualifier: str, low: float, high: float) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_inclusive, high_inclusive) a qualifier implies for a figure or range."""
    if qualifier == "at_least":
        return low, None, True, False
    if qualifier == "more_than":
        return low, None, False, False
    if qualifier == "up_to":
        return None, high, False, True
    if qualifier == "less_than":
        return None, high, False, False
    return low, high, True, True


def _role(
    tokens: list[_Token], first: int, number: _Number, high_number: _Number | None, end: int, increment: bool,
    lex: _Lexicon,
) -> str | None:
    """The role of a figure, or None when a bare "one" is a pronoun."""
    last = high_number if high_number is not None else number
    if tokens[last.first].kind == "num" and _glued(tokens, last.first, last.first + 1):
        glued = tokens[last.first + 1].low
        if glued in lex.glued_after and (lex.glued_after[glued] != "year" or _year_like(number)):
            return lex.glued_after[glued]
    if _glued(tokens, number.first - 1, number.first) and tokens[number.first - 1].text in lex.glued_before:
        return lex.glued_before[tokens[number.first - 1].text]
    if number.ordinal:
        return "ordinal"
    if _next_to_month(tokens, number, lex):
        return "date"
    after = _after_role(tokens, end, lex)
    before = lex.before_cues.get(tokens[first - 1].low) if first > 0 else None
    if number.bare_one and high_number is None and "not_a_quantity" in (after, before):
        return None
    if after is not None and after != "not_a_quantity" and (after != "year" or _year_like(number)):
        return after
    if before is not None and before != "not_a_quantity" and (before != "year" or _year_like(number)):
        return before
    years = high_number is None or _year_like(high_number) or high_number.digit_count == SHORT_YEAR_DIGITS
    if _year_like(number) and years and not increment:
        return "year"
    return "count"


def _after_role(tokens: list[_Token], end: int, lex: _Lexicon) -> str | None:
    at = end + 1 if end < len(tokens) and tokens[end].text in _HYPHENS else end
    found = lex.after_cues.longest(tokens, at)
    if found is not None and found[1] == "not_a_quantity" and tokens[at].low == "of":
        # "hundreds of miles", "millions of dollars": the unit after "of" decides
        deeper = lex.after_cues.longest(tokens, at + 1)
        if deeper is not None and deeper[1] != "not_a_quantity":
            return str(deeper[1])
    return str(found[1]) if found is not None else None


def _year_like(number: _Number) -> bool:
    return number.plain_digits and number.digit_count == 4 and YEAR_RANGE[0] <= number.value <= YEAR_RANGE[1]


def _next_to_month(tokens: list[_Token], number: _Number, lex: _Lexicon) -> bool:
    # "October 23", "Oct. 23", "23 October", "the 23rd of October": a day of the month, not a count
    if number.scale != 1 or not (1 <= number.value <= 31) or number.value != int(number.value):
        return False
    before = number.first - 1
    if before >= 0 and tokens[before].text == ".":
        before -= 1
    if before >= 0 and _is_month(tokens[before], lex):
        return True
    after = number.end
    if after < len(tokens) and tokens[after].low == "of":
        after += 1
    return after < len(tokens) and _is_month(tokens[after], lex)


def _is_month(token: _Token, lex: _Lexicon) -> bool:
    return token.low in lex.months and token.text[:1].isupper()


def find_quantities(text: str) -> list[Quantity]:
    """Every candidate figure in `text`, sorted by start and non-overlapping.

    >>> [(q.text, q.role) for q in find_quantities("At least 40 died in 2023.")]
    [('At least 40', 'count'), ('2023', 'year')]
    """
    if not isinstance(text, str) or not text:
        return []
    lex = _lexicon()
    tokens = _tokenise(text)
    quantities: list[Quantity] = []
    at = 0
    while at < len(tokens):
        try:
            parsed = _parse_at(text, tokens, at, lex)
        except (ArithmeticError, ValueError, IndexError):
            parsed = None
        if parsed is None or parsed.next_token <= at:
            at += 1
            continue
        quantities.append(parsed.quantity)
        at = parsed.next_token
    return quantities


def parse_quantity(phrase: str) -> Quantity | None:
    """The first figure in a phrase, or None.

    >>> q = parse_quantity("more than 250"); (q.low, q.high, q.qualifier, q.low_inclusive)
    (250.0, None, 'more_than', False)
    """
    found = find_quantities(phrase)
    return found[0] if found else None


def parse_number(phrase: str) -> float | None:
    """The value of a bare number written in digits or words, or None: `parse_number("twenty-five") == 25.0`."""
    quantity = parse_quantity(phrase)
    if quantity is None or quantity.qualifier not in ("exact", "approx") or quantity.low is None:
        return None
    return quantity.low
