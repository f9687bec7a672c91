"""Kernel, phrases: lexicon rows -> one compiled matcher that finds them in plain text; no spaCy.

Every lexicon matched against text goes through `phrase_matcher` (or `alternation`, for a rule that embeds a word
list in a larger pattern), so that the conventions are decided once:
- longest phrase first, so "South Korea's" beats "South Korea" and "a couple of" beats "a couple";
- copy prints both straight and curly apostrophes ("Korea's", "Korea’s"): with `apostrophes=True` both match;
- a later row overrides an earlier one with the same phrase (the user's lexicon rows come after the shipped ones);
- spacing: `exact` (the phrase as written), `whitespace` (any run of white space between words: "no  later than"),
  or `tokens` (the phrase's words as tokens of `tokenise`, white space and one hyphen allowed between them:
  "year old" matches "25-year-old", "at least" matches "at\\nleast" but not "atleast").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

Spacing = Literal["exact", "whitespace", "tokens"]

# Letter classes for capitalised names in regular expressions: names keep their accents ("Émile", "Yaoundé",
# "Łukasz"), so Latin-1 and Latin Extended-A letters count beside A-Z.
UPPER_LETTERS = "A-ZÀ-ÖØ-ÞŁŚŽŠČĆŻŹŘĽŇŐŰ"
LOWER_LETTERS = "a-zß-öø-ÿ\u0100-\u017f"
# A body's acronym as copy writes it ("NEMA", "HCI", "IJUG", "R&D"): two to eight capitals, nothing else.
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")

# Boundaries a consumer puts around its phrases.
# A name is not part of a longer word, a hyphenated compound or a possessive run ("Korea" in "Korea-based").
NAME_START, NAME_END = r"(?<![\w'’-])", r"(?![\w-])"
WORD_START, WORD_END = r"\b", r"\b"
# A place name is not the tail of an abbreviation ("U.S." is not "S.").
PLACE_START, PLACE_END = r"(?<![\w.])", r"(?![\w])"

HYPHENS = ("-", "‐", "‑")
NEVER = "(?!)"


class Token(NamedTuple):
    """A word, a number (thousands separators kept: "16 500", "1,200.5") or one punctuation mark."""

    text: str
    low: str
    start: int
    end: int
    kind: str  # num | word | punct


# Numbers as continental copy and translations write them are numbers too: a full stop between groups of three
# digits ("200.000") and a decimal comma before a scale word ("1,5 million"); an English thousands group always has
# three digits, so neither is read another way.
_TOKEN_RE = re.compile(
    r"(?P<num>[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9]|[.,][0-9])"
    r"|[0-9]{1,3},[0-9]{1,2}(?=\s+(?i:million|billion|thousand|millions|billions)\b)"
    r"|[0-9]{1,3}(?:(?:,|[ \u00a0\u202f\u2009])[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)
# What may follow a token of a phrase for the text's own token to end there too (see _TOKEN_RE).
_TOKEN_ENDS = {
    "word": r"(?![^\W\d_]|['’][^\W\d_])",
    "num": r"(?![0-9]|\.[0-9]|(?:,|[ \u00a0\u202f\u2009])[0-9]{3}(?![0-9]))",
    "punct": "",
}
_TOKEN_GAP = r"\s*(?:[-‐‑]\s*)?"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, escaped, the longest first so that it wins ("sub-district|district")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def tokenise(text: str) -> list[Token]:
    """Words, numbers and punctuation marks of a text: `[t.kind for t in tokenise("about 4,500.")]`
    -> ['word', 'num', 'punct']."""
    # every alternative of the expression is a named group, so `lastgroup` is the token's kind
    return [Token(word, word.lower(), match.start(), match.end(), match.lastgroup)
            for match in _TOKEN_RE.finditer(text) for word in (match.group(),)]


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The lower-case words of a phrase, hyphens dropped: `phrase_tokens("25-Year-Old")` -> ('25', 'year', 'old')."""
    return tuple(token.low for token in tokenise(phrase.lower()) if token.text not in HYPHENS)


@dataclass(frozen=True)
class PhraseMatcher:
    """A compiled lexicon: every phrase as one regular expression, and the value each phrase stands for."""

    pattern: re.Pattern | None
    values: dict
    spacing: Spacing
    ignore_case: bool
    # First token of every phrase (tokens spacing): a cheap test before the expression runs at a token.
    first_words: frozenset[str]

    def find_all(self, text: str) -> list[tuple[int, int, object]]:
        """All non-overlapping matches as (start, end, value), left to right, longest phrase first at each place."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            key = self._key(match.group(0))
            if self.values.get(key) is not None:
                found.append((match.start(), match.end(), self.values[key]))
        return found

    def first(self, text: str):
        """The value of the leftmost match, or None."""
        found = self.find_all(text)
        return found[0][2] if found else None

    def search(self, text: str) -> bool:
        """Whether any phrase occurs in `text`."""
        return self.pattern is not None and self.pattern.search(text) is not None

    def match_at(self, text: str, position: int) -> tuple[int, object] | None:
        """(end, value) of the longest phrase that starts exactly at `position`, or None."""
        if self.pattern is None:
            return None
        match = self.pattern.match(text, position)
        if match is None:
            return None
        key = self._key(match.group(0))
        return (match.end(), self.values[key]) if self.values.get(key) is not None else None

    def _key(self, matched: str) -> str | tuple[str, ...]:
        if self.spacing == "tokens":
            return phrase_tokens(matched)
        if self.spacing == "whitespace":
            matched = " ".join(matched.split())
        return matched.casefold() if self.ignore_case else matched


def phrase_matcher(
    pairs: Iterable[tuple[str, object]],
    *,
    ignore_case: bool = False,
    spacing: Spacing = "exact",
    apostrophes: bool = False,
    before: str = "",
    after: str = "",
) -> PhraseMatcher:
    """Compile (phrase, value) rows into one matcher; `before`/`after` are the boundaries around every phrase. A
    phrase whose value is None holds its place and is never reported: a longer name that holds a listed one
    ("Latin America" around "America") is matched whole, so its inner word is not.

    >>> phrase_matcher([("Red Cross", "ICRC")], before=NAME_START, after=NAME_END).find_all("the Red Cross said")
    [(4, 13, 'ICRC')]
    """
    values: dict = {}
    spellings: dict[str, int] = {}  # what the expression is built from -> the last row that spelled it
    for row, (phrase, value) in enumerate(pairs):
        variants = (phrase, phrase.replace("'", "’")) if apostrophes else (phrase,)
        for variant in dict.fromkeys(variants):
            key = _phrase_key(variant, spacing, ignore_case)
            if not key:
                continue
            values[key] = value
            spellings[variant.lower() if ignore_case or spacing == "tokens" else variant] = row
    first_words = frozenset(key[0] for key in values) if spacing == "tokens" else frozenset()
    if not values:
        return PhraseMatcher(None, {}, spacing, ignore_case, first_words)
    if spacing == "tokens":
        # the phrase of most tokens first; among equally long ones the later row
        ranked = {_token_expression(spelling): (-len(phrase_tokens(spelling)), -row) for spelling, row in spellings.items()}
        body = "|".join(sorted(ranked, key=ranked.__getitem__))
    else:
        body = alternation(spellings, spacing=spacing)
    pattern = re.compile(f"{before}(?:{body}){after}", re.IGNORECASE if ignore_case else 0)
    return PhraseMatcher(pattern, values, spacing, ignore_case, first_words)


def alternation(phrases: Iterable[str], *, spacing: Spacing = "whitespace", dotted: Iterable[str] = ()) -> str:
    """A regex body matching any of the phrases, the longest that matches first; words in `dotted` may carry a full
    stop ("Oct.").

    The phrases are factored into a trie of their characters: a flat alternation of thousands of names makes the
    regex engine try every name at every position of the text, a trie only the names that share the text's next
    characters. Siblings in the trie differ in their next character, so at most one branch goes on at any place,
    and a shorter phrase is an optional end tried after the longer ones: the same match as the flat alternation
    sorted longest first.

    >>> alternation(["last week", "week"])
    '(?:last\\\\s+week|week)'
    """
    with_dot = frozenset(dotted)
    trie: dict = {}
    for phrase in set(phrases):
        node = trie
        for character in phrase:
            node = node.setdefault(character, {})
        node[_END] = phrase in with_dot
    return _trie_expression(trie, spacing) if trie else NEVER


# The key of a trie node's end of phrase (its value: whether the phrase may carry a full stop); no character is None.
_END = None


def _trie_expression(node: dict, spacing: Spacing) -> str:
    branches = []
    for character in sorted(key for key in node if key is not _END):
        edge = r"\s+" if spacing == "whitespace" and character == " " else re.escape(character)
        branches.append(edge + _trie_expression(node[character], spacing))
    ends = _END in node
    if ends and node[_END]:
        branches.append(r"\.")  # a dotted word: the full stop is tried before the bare word
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends:
        return body
    if len(branches) > 1:
        return body + "?"
    return f"(?:{body})?" if len(body) > 1 else f"{body}?"


def _phrase_key(phrase: str, spacing: Spacing, ignore_case: bool) -> str | tuple[str, ...]:
    if spacing == "tokens":
        return phrase_tokens(phrase)
    if spacing == "whitespace":
        phrase = " ".join(phrase.split())
    return phrase.casefold() if ignore_case else phrase


def _token_expression(phrase: str) -> str:
    tokens = [token for token in tokenise(phrase.lower()) if token.text not in HYPHENS]
    return _TOKEN_GAP.join(re.escape(token.text) + _TOKEN_ENDS[token.kind] for token in tokens)
