"""Kernel, quantities: plain text -> Quantity spans (interval, qualifier, increment, role); no spaCy.

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
from decimal import Decimal

from reconcile.kernels.numbers import (
    Number,
    QuantityLexicon,
    Tokens,
    glued,
    is_identifier,
    may_be_misspelt,
    parse_number_at,
    quantity_lexicon,
)
from reconcile.kernels.phrases import HYPHENS, Token
from reconcile.rules import ROLES, Role

__all__ = ["ROLES", "RULE_LABELS", "Quantity", "Role", "find_quantities", "parse_number", "parse_quantity"]

# Parse rules behind a Quantity: stable id -> readable label (the id travels on every Quantity).
RULE_LABELS: dict[str, str] = {
    "qty.figure": "a single figure, in digits or words, with its qualifier",
    "qty.range": "a range between two figures",
    "qty.vague": "a vague amount read from vague_quantities.csv",
    "qty.date_string": "a date or time written with digits and separators (2024-10-23, 10/23/2024, 10:30)",
}

# Whole numbers in this span written without a thousands comma are years (see module docstring).
YEAR_RANGE = (1000, 2100)
# Ranges where the second figure is written short: "the 1950-53 war".
SHORT_YEAR_DIGITS = 2


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

    @property
    def label(self) -> str:
        """The readable label of the parse rule behind this figure."""
        return RULE_LABELS[self.rule_id]


# Dates and times written with digits only; read as one date-role span so their parts are never counted.
_DATE_STRING_RE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?![0-9])|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?![0-9])|[0-9]{1,2}:[0-9]{2}(?![0-9])"
)
_RANGE_DASHES = ("-", "–", "—", "‐", "‑")
_RANGE_WORDS = ("to", "through")


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


def _parse_at(text: str, tokens: Tokens, at: int, lex: QuantityLexicon) -> _Parsed | None:
    if tokens[at].kind == "num":
        date_string = _DATE_STRING_RE.match(text, tokens[at].start)
        if date_string and not is_identifier(tokens, at, lex):
            return _date_string(text, tokens, at, date_string.end())
    prefix = _read_prefix(tokens, at, lex)
    vague = tokens.longest(lex.vague, prefix.figure_at)
    number = parse_number_at(tokens, prefix.figure_at, lex)
    if vague is not None and (number is None or vague[0] >= number.end):
        return _finish_vague(text, tokens, prefix, vague, lex)
    if number is None:
        return None
    return _finish_number(text, tokens, prefix, number, lex)


def _date_string(text: str, tokens: Tokens, at: int, end: int) -> _Parsed:
    next_token = at
    while next_token < len(tokens) and tokens[next_token].start < end:
        next_token += 1
    start = tokens[at].start
    quantity = Quantity(
        start, end, text[start:end], None, None, "exact", False, False, False, "date", "qty.date_string"
    )
    return _Parsed(quantity, next_token)


def _read_prefix(tokens: Tokens, at: int, lex: QuantityLexicon) -> _Prefix:
    qualifier: str | None = None
    increment = opens_range = False
    kept_start: int | None = None
    k = at
    for _ in range(4):  # "at least another", "another roughly": a few stacked phrases at most
        found = tokens.longest(lex.prefixes, k)
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
    if glued(tokens, k, k + 1) and tokens[k].text in lex.glued_before and tokens[k + 1].kind == "num":
        k += 1  # "about $2 billion": the currency sign sits between the qualifier and the digits
    return _Prefix(at, kept_start, qualifier, increment, opens_range, k)


def _finish_vague(text: str, tokens: Tokens, prefix: _Prefix, vague: tuple, lex: QuantityLexicon) -> _Parsed:
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
    bounds = (low, high, low_inclusive and low is not None, high_inclusive and high is not None)
    return _parsed(text, tokens, (first, end), bounds, resolved, prefix.increment, role, "qty.vague")


def _finish_number(
    text: str, tokens: Tokens, prefix: _Prefix, number: Number, lex: QuantityLexicon
) -> _Parsed | None:
    qualifier, increment = prefix.qualifier, prefix.increment
    low_value: Decimal = number.value
    high_number: Number | None = None
    end = number.end
    # "4,000-plus", "2,000-odd": a hyphen may join the figure and its trailing qualifier
    suffix_at = end + 1 if end < len(tokens) and tokens[end].text in HYPHENS and glued(tokens, end - 1, end) else end
    suffix = tokens.longest(lex.suffixes, suffix_at)
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
    if glued(tokens, number.first - 1, number.first) and tokens[number.first - 1].text in lex.glued_before:
        first = min(first, number.first - 1)
    last = high_number if high_number is not None else number
    if end == last.first + 1 and glued(tokens, last.first, end) and tokens[end].low in lex.glued_after:
        end += 1  # keep "%", "1st", "1990s" inside the span

    low_float = float(low_value)
    high_float = float(high_number.value) if high_number is not None else low_float
    if role == "year" and high_number is not None and high_number.digit_count == SHORT_YEAR_DIGITS:
        high_float = float(int(number.value) // 100 * 100 + int(high_number.value))
    if not (math.isfinite(low_float) and math.isfinite(high_float)):
        return None
    resolved = qualifier or "exact"
    bounds = _bounds(resolved, min(low_float, high_float), max(low_float, high_float))
    rule_id = "qty.range" if high_number is not None else "qty.figure"
    return _parsed(text, tokens, (first, end), bounds, resolved, increment, role, rule_id)


def _parsed(text: str, tokens: Tokens, extent: tuple[int, int], bounds: tuple, qualifier: str, increment: bool,
            role: str, rule_id: str) -> _Parsed:
    """The Quantity over tokens first..end-1, and where parsing goes on."""
    first, end = extent
    start, stop = tokens[first].start, tokens[end - 1].end
    low, high, low_inclusive, high_inclusive = bounds
    quantity = Quantity(
        start, stop, text[start:stop], low, high, qualifier, increment, low_inclusive, high_inclusive, role, rule_id
    )
    return _Parsed(quantity, end)


def _number_follows(tokens: Tokens, at: int, lex: QuantityLexicon) -> bool:
    # "4,000 plus 500 wounded" is arithmetic, not "4,000-plus"
    return at < len(tokens) and parse_number_at(tokens, at, lex) is not None


def _range_end(tokens: Tokens, first: Number, opened: bool, lex: QuantityLexicon) -> tuple[Decimal, Number] | None:
    """(low value, second figure) when a range connector and a second figure follow the first figure."""
    connector = tokens[first.end]
    is_dash = connector.text in _RANGE_DASHES
    if not (is_dash or connector.low in _RANGE_WORDS or connector.low == "or" or (opened and connector.low == "and")):
        return None
    second = parse_number_at(tokens, first.end + 1, lex)
    if second is None or first.ordinal or second.ordinal:
        return None
    if is_dash and _next_to_month(tokens, first, lex):
        return None  # "on March 7 – 1.28 million": a date, then a dash, then the figure
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
    tokens: Tokens, first: int, number: Number, high_number: Number | None, end: int, increment: bool,
    lex: QuantityLexicon,
) -> str | None:
    """The role of a figure, or None when a bare "one" is a pronoun."""
    last = high_number if high_number is not None else number
    if tokens[last.first].kind == "num" and glued(tokens, last.first, last.first + 1):
        follower = tokens[last.first + 1].low
        if follower in lex.glued_after and (lex.glued_after[follower] != "year" or _year_like(number)):
            return lex.glued_after[follower]
    if glued(tokens, number.first - 1, number.first) and tokens[number.first - 1].text in lex.glued_before:
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
    if before == "label" and not tokens[first - 1].text[:1].isupper():
        before = None  # "Pavilion 4" names a building; "past the gate 300 people waited" counts people
    if before is not None and before != "not_a_quantity" and (before != "year" or _year_like(number)):
        return before
    years = high_number is None or _year_like(high_number) or high_number.digit_count == SHORT_YEAR_DIGITS
    if _year_like(number) and years and not increment:
        return "year"
    return "count"


def _after_role(tokens: Tokens, end: int, lex: QuantityLexicon) -> str | None:
    at = end + 1 if end < len(tokens) and tokens[end].text in HYPHENS else end
    found = tokens.longest(lex.after_cues, at)
    if found is not None and found[1] == "not_a_quantity" and tokens[at].low == "of":
        # "hundreds of miles", "millions of dollars": the unit after "of" decides
        deeper = tokens.longest(lex.after_cues, at + 1)
        if deeper is not None and deeper[1] != "not_a_quantity":
            return str(deeper[1])
    return str(found[1]) if found is not None else None


def _year_like(number: Number) -> bool:
    return number.plain_digits and number.digit_count == 4 and YEAR_RANGE[0] <= number.value <= YEAR_RANGE[1]


def _next_to_month(tokens: Tokens, number: Number, lex: QuantityLexicon) -> bool:
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


def _is_month(token: Token, lex: QuantityLexicon) -> bool:
    return token.low in lex.months and token.text[:1].isupper()


def find_quantities(text: str) -> list[Quantity]:
    """Every candidate figure in `text`, sorted by start and non-overlapping.

    >>> [(q.text, q.role) for q in find_quantities("At least 40 died in 2023.")]
    [('At least 40', 'count'), ('2023', 'year')]
    """
    if not isinstance(text, str) or not text:
        return []
    lex = quantity_lexicon()
    tokens = Tokens(text)
    quantities: list[Quantity] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if (token.kind != "num" and token.low not in lex.start_words and token.text not in lex.glued_before
                and not may_be_misspelt(token, lex)):
            at += 1  # nothing a figure can start with
            continue
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
