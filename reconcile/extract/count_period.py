"""Period of a count (extract stage helper): a figure and its sentence -> the days the figure is about.

A date expression in the figure's own clause dates it ("marched on Thursday"), not one of the cue's ("said on
Monday"). A date written right after a figure belongs to that figure whatever the parse says: in "the police
counted 735,000, against 650,000 on January 19" the day is the earlier figure's, not the main count's.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from reconcile.extract.lexicons import lexicons
from reconcile.extract.status import governing_verb
from reconcile.extract.nlp import sentence_dates, span_text

EMPTY = {"refers_from": None, "refers_to": None, "date_precision": None, "date_direction": None}
# What may sit between a figure and the date that belongs to it ("650,000 on January 19", "26,000, on the 19th"),
# and between a date and the figure it introduces ("on March 7 – 1.28 million").
_OWNING_GAPS = ("", "on", ",", ", on", "(on", "in")
# ... or the figure's own noun ("against 26,000 people on January 19", "4,000 demonstrators on Tuesday")
_NOUN_GAP = re.compile(r"^[a-z]+(?: on| in)?$")
_INTRODUCING_GAPS = ("–", "—", ":", "-", ", –", ", —", ",")


def count_period(sentence: Span, token: Token, published: date | None, figure_start: int,
                 figures: list[tuple[int, int]], year_hint: int | None = None) -> dict:
    """The period columns of the figure at `figure_start` (sentence offset); `figures` are every count's offsets.

    >>> count_period(doc[:], doc[3], date(2023, 1, 31), 10, [(10, 17)])["refers_from"]  # doctest: +SKIP
    '2023-01-19'
    """
    verb = governing_verb(token)
    clause = {token.i} | ({verb.i} if verb is not None else set())
    # "the 1.27 million estimated during a previous round on January 31": the participle is the figure's clause
    clause |= {child.i for child in token.children if child.dep_ in ("acl", "relcl")}
    if verb is not None and verb.head.i != verb.i and any(
            child.dep_ == "prep" and child.lower_ in ("in", "during") and any(
                grandchild.lower_ == "which" for grandchild in child.children) for child in verb.children):
        # "protests in July last year, in which 23 people were killed": the clause the relative hangs off dates it
        clause.add(verb.head.i)
    tables = lexicons()
    cue_lemmas = set(tables.verb_cues) | set(tables.figure_cues)
    if verb is not None and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() not in cue_lemmas:
        # "In November 2023 a jet crashed at Aktobe, killing 41": the participle is the result of the head's event
        clause.add(verb.head.i)
    intervals = [interval for interval in sentence_dates(sentence, published, year_hint=year_hint)
                 if (interval.refers_from is not None or interval.refers_to is not None)
                 # "this year's total toll": the year a figure falls in is not the period it is about; an earlier
                 # year is ("Last year, floods in the same basin killed 19")
                 and not (interval.precision == "year" and interval.direction == "within"
                          and not _before_the_year_of(interval, published))]
    owners = [_owner(span_text(sentence), interval.start, figures, interval.end) for interval in intervals]
    for interval, owner in zip(intervals, owners, strict=True):
        if owner == figure_start:
            return _columns(interval)
    for interval, owner in zip(intervals, owners, strict=True):
        if owner is not None:
            continue  # the date of another figure of the sentence
        span = sentence.doc.char_span(
            sentence.start_char + interval.start, sentence.start_char + interval.end, alignment_mode="expand"
        )
        if span is None:
            continue
        previous = span.root
        for ancestor in span.root.ancestors:
            if previous.dep_ in ("conj", "advcl", "relcl", "ccomp", "acl"):
                break  # a date in another clause ("..., but has not fought since 1953") is not this figure's
            previous = ancestor
            if ancestor.i in clause:
                if interval.refers_from and interval.refers_to and interval.refers_from > interval.refers_to:
                    break
                return _columns(interval)
            if ancestor.lemma_.lower() in cue_lemmas:
                break
    return EMPTY


def _owner(text: str, date_start: int, figures: list[tuple[int, int]], date_end: int | None = None) -> int | None:
    """The figure a date is written right after ("650,000 on January 19") or right before with a dash ("on the 31st
    – 1.27 million"), by its start offset, or None."""
    for start, end in figures:
        gap = " ".join(text[end:date_start].split())
        if end <= date_start and (gap in _OWNING_GAPS or _NOUN_GAP.match(gap)):
            return start
    if date_end is not None:
        for start, _end in figures:
            if start >= date_end and " ".join(text[date_end:start].split()) in _INTRODUCING_GAPS:
                return start
    return None


def _columns(interval) -> dict:
    low, high = interval.refers_from, interval.refers_to
    return {
        "refers_from": low.isoformat() if low is not None else None,
        "refers_to": high.isoformat() if high is not None else None,
        "date_precision": interval.precision,
        "date_direction": interval.direction,
    }


def _before_the_year_of(interval, published: date | None) -> bool:
    """Whether a year-long period ends before the year of publication (another year's events)."""
    return published is not None and interval.refers_to is not None and interval.refers_to.year < published.year
