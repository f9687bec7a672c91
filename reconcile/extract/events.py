"""Extract stage, events: a parsed chunk (spaCy Doc) -> date, place, route and quote claim rows (ClaimSchema columns).

The counts extractor calls `extract_event_claims` once per parsed chunk (a paragraph). Offsets inside the chunk are
shifted by `text_offset` so every `start`/`end` indexes the document text. Attribution comes from the caller's
`attribute(sentence_span)`; a row's own finding (a quote's "X said", a dated statement's speaker) fills the columns
attribution leaves empty. The caller adds claim_id, doc_id, outlet and published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span

from reconcile.extract.dates import STATEMENT, extract_date_claims, speaker_key
from reconcile.extract.nlp import sentences_of, span_text
from reconcile.extract.places import extract_place_claims, find_place_mentions
from reconcile.extract.quotes import extract_quote_claims
from reconcile.extract.routes import extract_route_claims
from reconcile.kernels.phrases import alternation
from reconcile.rules import EventCueSchema, load_lexicon, user_lexicon_dirs
from reconcile.schema import ClaimSchema, columns_of

# Columns the stage entry fills from the document itself; the caller adds them.
DOCUMENT_COLUMNS = ("claim_id", "doc_id", "outlet", "published", "story")
# The columns every event claim row carries, in ClaimSchema order.
CLAIM_COLUMNS = tuple(column for column in columns_of(ClaimSchema) if column not in DOCUMENT_COLUMNS)
ATTRIBUTION_COLUMNS = ("speaker", "source_org", "source_country", "source_kind", "attribution", "via", "cue", "stated_on")
KIND_ORDER = ("date", "place", "route", "quote")
# An unnamed speaker as written ("the mayor"): keys the statement when attribution names no one, then dropped.
SPEAKER_PHRASE = "_speaker_phrase"

Attribute = Callable[[Span], Mapping[str, str | None]]




def is_event_candidate(sentence_text: str) -> bool:
    """Cheap text test: may this sentence hold a date, place, route or quote claim?

    >>> is_event_candidate("Officials met in Rome."), is_event_candidate("It is raining.")
    (True, False)
    """
    if not isinstance(sentence_text, str):
        return False
    time_or_quote, place_cue = _event_cues()
    return bool(time_or_quote.search(sentence_text) or place_cue.search(sentence_text))


def _event_cues() -> tuple[re.Pattern, re.Pattern]:
    return _event_cues_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _event_cues_for(dirs) -> tuple[re.Pattern, re.Pattern]:
    """Cheap pre-filter from event_cues.csv: a quote mark, a calendar or relative-time word, a year, a movement
    preposition, or a capitalised word after a preposition of place. A false "no" costs claims, so it errs
    towards yes."""
    cues = load_lexicon("event_cues.csv", EventCueSchema, dirs)

    def of(kind: str) -> list[str]:
        return cues.loc[cues["kind"] == kind, "cue"].str.lower().tolist()

    time_or_quote = re.compile(
        rf"[\"“”„]|\b{alternation(of('word'))}\b|\b{alternation(of('prefix'))}[a-z]*\b|\b\d{{4}}s?\b", re.IGNORECASE
    )
    # a preposition opens a sentence capitalised ("In Rome, ..."); the place after it is always capitalised
    prepositions = "|".join(f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}" for word in of("place_preposition"))
    place_cue = re.compile(rf"\b(?:{prepositions or '(?!)'})\s+(?:the\s+)?[A-Z]")
    return time_or_quote, place_cue


def extract_event_claims(
    doc: Doc,
    *,
    text_offset: int,
    published: date | None,
    attribute: Attribute,
) -> list[dict]:
    """Date, place, route and quote claims of one parsed chunk, with document offsets and attribution.

    >>> rows = extract_event_claims(nlp("Aid arrived in Rome on Monday."), text_offset=100,
    ...                             published=date(2024, 10, 23), attribute=lambda span: {})  # doctest: +SKIP
    >>> sorted({row["kind"] for row in rows})  # doctest: +SKIP
    ['date', 'place', 'route']
    """
    rows: list[dict] = []
    previous_leg: dict | None = None
    for sentence in sentences_of(doc):
        text = span_text(sentence)
        if not is_event_candidate(text):
            continue
        attribution = dict(attribute(sentence) or {})
        mentions = find_place_mentions(sentence)
        found = extract_date_claims(sentence, published, mentions=mentions, speaker=attribution.get("speaker"))
        legs = extract_route_claims(sentence, mentions, previous_leg)
        if legs:
            previous_leg = legs[-1]
        found += _not_route_stops(extract_place_claims(sentence, mentions), legs)
        found += legs
        rows.extend(_row(claim, text, attribution, text_offset) for claim in found)
    for claim in extract_quote_claims(doc):
        context: Span = claim.pop("_context")
        attribution = dict(attribute(context) or {})
        rows.append(_row(claim, span_text(context), attribution, text_offset))
    return sorted((_keyed_statement(row) for row in rows), key=_order)


def _keyed_statement(row: dict) -> dict:
    """Quotes and dated remarks are keyed by who spoke ("statement:ana_lopez"), after attribution has named them,
    so the same remark can be compared across outlets: speaker, else the source body, else its country."""
    phrase = row.pop(SPEAKER_PHRASE, None)
    is_statement = row["kind"] == "quote" or str(row["event"] or "").startswith(STATEMENT)
    if not is_statement:
        return row
    who = row["speaker"] or row["source_org"] or row["source_country"] or phrase
    key = f"{STATEMENT}:{speaker_key(who)}" if who else STATEMENT
    return {**row, "subject": key, "event": key}


def _not_route_stops(places: list[dict], legs: list[dict]) -> list[dict]:
    """A place that is a stop of a route in the same sentence is carried by the route row, not repeated."""
    stops = {leg[end] for leg in legs for end in ("origin", "destination") if leg[end]}
    return [place for place in places if place["place"] not in stops]


def _row(claim: dict, sentence_text: str, attribution: Mapping[str, str | None], text_offset: int) -> dict:
    row = dict.fromkeys(CLAIM_COLUMNS)
    row[SPEAKER_PHRASE] = claim.get(SPEAKER_PHRASE)
    for column in ATTRIBUTION_COLUMNS:
        row[column] = attribution.get(column)
    for column, value in claim.items():
        # The row's own speaker (a quote's "X said", a dated statement) fills what attribution left empty;
        # attribution wins otherwise, since it resolves pronouns and titles across the document.
        if column in ATTRIBUTION_COLUMNS and row.get(column) or column not in CLAIM_COLUMNS:
            continue
        row[column] = value
    row["text"] = sentence_text
    row["start"] = int(claim["start"]) + text_offset
    row["end"] = int(claim["end"]) + text_offset
    return row


def _order(row: dict) -> tuple:
    return (row["start"], row["end"], KIND_ORDER.index(row["kind"]), row["leg"] or 0, str(row["quote_text"]))

