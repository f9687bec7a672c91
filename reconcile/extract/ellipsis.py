"""Elliptical counts (extract stage helper): a figure with no counted noun of its own -> how it leans on another.

News copy gives a breakdown or a comparison without repeating the noun it counts: "1.12 million demonstrators,
including 42,000 in Lunzu"; "Tolo (3300), Mbare (4700)"; "630,000 demonstrators, against 515,000 on March 2";
"300,000 for the union"; "the police headquarters counted 62,000, and the independent firm Tallyhouse 41,000";
"8,500 more than during the first demonstration". Such a figure counts what the sentence (or the story) last
counted, with the same status; the words around it say which place it covers and sometimes who gives it. The rules
read the words next to the figure rather than the parse, which often misreads these verbless fragments.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from reconcile.extract.lexicons import lexicons
from reconcile.kernels.gazetteer import resolve_place

# Rule id -> readable label; the id travels with the claim's reasoning in tests and comments.
RULE_LABELS = {
    "ell.place_list": "a figure followed by the place it covers ('70,000 in Lima', '74 from Chile')",
    "ell.parenthesis": "a figure in parentheses after a place ('Puno (4100)')",
    "ell.comparison": "a figure set against an earlier one ('against 540,000 on March 2', 'down from 18,000')",
    "ell.difference": "a difference between two figures ('8,500 more than during the first march')",
    "ell.for_source": "a figure followed by the source it is credited to ('300,000 for the union')",
    "ell.according_to": "a figure followed by 'according to' its source",
    "ell.gapped_source": "a verbless conjunct after a count: 'and the firm X 41,000'",
    "ell.subgroup": "a part of the group just counted ('with 15 in critical condition')",
    "ell.streets": "a crowd in the streets ('between 1 and 2 million in the streets')",
    "ell.list": "a figure after a dash or colon that lists figures ('on the 12th – 1.4 million')",
    "ell.participle": "a figure and the participle that says who measured it ('the 1.27 million estimated')",
}
_SUBGROUP_OPENERS = ("with", "including")
_STREET_WORDS = ("streets", "street")
_LIST_MARKS = ("–", "—", ":", "-")
_PLACE_PREPOSITIONS = ("in", "at", "to", "from")
_COMPARISON_WORDS = ("against", "versus", "vs", "vs.")
_COMPARISON_PAIRS = (("compared", "to"), ("compared", "with"), ("down", "from"), ("up", "from"),
                     ("in", "comparison"), ("from", "a"))
_DIFFERENCE_WORDS = ("more", "fewer", "less")
_PLACE_LINKS = ("-", "‐", "'s", "’s", "de", "la", "le", "sur", "en")


@dataclass(frozen=True)
class Ellipsis:
    """How a noun-less figure leans on another: the rule, the place it covers and the source it names, if any."""

    rule_id: str
    place: Span | None = None
    source: Token | None = None
    # the status the construction gives by itself ("in the streets": a crowd, present)
    status: str | None = None

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule_id]

    @property
    def is_difference(self) -> bool:
        return self.rule_id == "ell.difference"


def find_ellipsis(span: Span, *, follows_count: bool) -> Ellipsis | None:
    """The elliptical construction a noun-less figure (its tokens `span`) sits in, or None.

    `follows_count` says whether the sentence counted something before this figure: comparisons ("from 300") and
    gapped conjuncts lean on that count and are only read when there is one.
    """
    doc, before, after = span.doc, span.start - 1, span.end
    sentence = span.sent
    following = doc[after] if after < sentence.end else None
    previous = doc[before] if before >= sentence.start else None
    if previous is not None and previous.text == "(" and following is not None and following.text in (")", ","):
        place = _name_ending_at(doc, before - 1, sentence.start)
        if place is not None:
            return Ellipsis("ell.parenthesis", place=place)
    if following is not None and following.lower_ in _DIFFERENCE_WORDS and _word(doc, after + 1, sentence) == "than":
        return Ellipsis("ell.difference") if follows_count else None
    if span[-1].lower_ in _DIFFERENCE_WORDS and following is not None and following.lower_ == "than":
        return Ellipsis("ell.difference") if follows_count else None
    if following is not None and following.lower_ in ("in", "on", "onto"):
        index = after + 2 if _word(doc, after + 1, sentence) == "the" else after + 1
        if _word(doc, index, sentence) in _STREET_WORDS:
            return Ellipsis("ell.streets", status="present")
    if following is not None and following.lower_ in _PLACE_PREPOSITIONS:
        place = _name_starting_at(doc, after + 1, sentence.end)
        if place is not None:
            return Ellipsis("ell.place_list", place=place)
    if previous is not None and previous.lower_ in _SUBGROUP_OPENERS and following is not None and (
        following.dep_ == "prep" or following.pos_ == "ADP"
    ):
        return Ellipsis("ell.subgroup") if follows_count else None
    cues = lexicons().verb_cues
    if any(token.tag_ == "VBN" and token.lemma_.lower() in cues for token in (following, span[-1]) if token is not None):
        return Ellipsis("ell.participle")  # "the 1.27 million estimated during the last round"
    if following is not None and following.lower_ == "according" and _word(doc, after + 1, sentence) == "to":
        source = _object_of(doc[after + 1]) if after + 1 < sentence.end else None
        return Ellipsis("ell.according_to", source=source)
    if following is not None and following.lower_ == "for":
        source = _object_of(following)
        if source is not None and (source.ent_type_ in ("GPE", "LOC") or source.pos_ == "PROPN" and resolve_place(
                source.text) is not None):
            # "the ministry's figure of 18 for Kampot": a figure for a place counts that place
            place = _name_starting_at(doc, following.i + 1, sentence.end)
            return Ellipsis("ell.place_list", place=place) if place is not None else None
        if source is not None and source.pos_ in ("NOUN", "PROPN") and not source.like_num:
            return Ellipsis("ell.for_source", source=source)
    if not follows_count or previous is None:
        return None
    if _is_comparison(doc, before, sentence):
        return Ellipsis("ell.comparison")
    if previous.text in _LIST_MARKS:
        return Ellipsis("ell.list")
    if previous.pos_ in ("PROPN", "NOUN") and not previous.like_num and previous.ent_type_ not in ("DATE", "TIME"):
        # "..., and the independent firm X 55,000": the verb of the earlier count is gapped
        if any(token.lower_ in ("and", "while", "whereas") for token in doc[max(sentence.start, before - 6) : before]):
            return Ellipsis("ell.gapped_source", source=previous)
    return None


def _is_comparison(doc, before: int, sentence: Span) -> bool:
    word = doc[before].lower_
    if word in _COMPARISON_WORDS or word == "from":
        return True
    if before - 1 >= sentence.start and (doc[before - 1].lower_, word) in _COMPARISON_PAIRS:
        return True
    return before - 1 >= sentence.start and doc[before - 1].lower_ == "(" and word in _COMPARISON_WORDS


def _word(doc, index: int, sentence: Span) -> str | None:
    return doc[index].lower_ if sentence.start <= index < sentence.end else None


def _object_of(preposition: Token) -> Token | None:
    objects = [child for child in preposition.children if child.dep_ == "pobj"]
    if objects:
        return objects[0]
    following = [t for t in preposition.doc[preposition.i + 1 : preposition.i + 5] if t.pos_ in ("NOUN", "PROPN")]
    return following[0] if following else None


def _is_name(token: Token) -> bool:
    # scraped copy glues words to figures ("Arequipa11,500"): a capitalised word with digits after it still names
    letters = token.text.rstrip("0123456789,.")
    return letters[:1].isupper() and letters.isalpha() and len(letters) > 1 and token.pos_ in (
        "PROPN", "NOUN", "ADJ", "VERB", "X", "NUM")


def _name_starting_at(doc, index: int, end: int) -> Span | None:
    """A capitalised place name right after a preposition ("in Lima", "at the Santa Rosa morgue" is not one)."""
    if index < end and doc[index].lower_ == "the":
        index += 1
    if index >= end or not _is_name(doc[index]):
        return None
    stop = index + 1
    while stop < end and (_is_name(doc[stop]) or doc[stop].text in _PLACE_LINKS and stop + 1 < end
                          and _is_name(doc[stop + 1])):
        stop += 1
    return doc[index:stop]


def _name_ending_at(doc, index: int, start: int) -> Span | None:
    """A capitalised place name ending right before a parenthesis ("Trujillo (35,000)")."""
    if index < start or not _is_name(doc[index]):
        return None
    first = index
    while first - 1 >= start and (_is_name(doc[first - 1]) or doc[first - 1].text in _PLACE_LINKS
                                  and first - 2 >= start and _is_name(doc[first - 2])):
        first -= 1
    return doc[first : index + 1]
