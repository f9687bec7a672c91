"""Extract stage, dates: a parsed sentence (spaCy Span) + publication date -> date claims tied to the event they date.

The interval, precision and direction come from `reconcile.kernels.temporal.find_dates`; this module decides what
each expression dates. The governing verb (or event noun: "comments on Monday") names the event class through
event_words.csv: "said on Wednesday" dates a statement by its speaker ("statement:ana_lopez"), so outlets that report
the same remarks can be compared; "will arrive in Sindh province on Wednesday" dates an arrival
("arrival:sindh_province").
Future modality ("will arrive", "are expected to reach") resolves bare weekdays and months forward.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Span, Token

from reconcile.extract.lexicons import event_words
from reconcile.extract.nlp import entities_of, sentence_dates, text_of
from reconcile.extract.places import PlaceMention, find_place_mentions
from reconcile.extract.quotes import find_quote_segments, is_person_name, speaker_of
from reconcile.extract.routes import moved_subject, slug, subject_key, subject_phrase
from reconcile.kernels.temporal import DateInterval

# Auxiliaries and verbs that put the governed clause in the future ("will arrive", "are expected to deploy").
FUTURE_AUXILIARIES = ("will", "'ll", "wo", "shall", "would", "could", "may", "might")
FUTURE_GOVERNORS = ("expect", "plan", "aim", "intend", "set", "due", "schedule", "prepare", "go")
# Words that stop a look-up of the governing clause: the sentence's parts, not its events.
CLAUSE_VERB_POS = ("VERB", "AUX")
STATEMENT = "statement"
# A date with no known event still counts when its period reaches this close to publication (days).
RECENT_DAYS = 7


def is_future(verb: Token) -> bool:
    """Whether a verb's clause speaks of the future: `is_future(nlp("They will arrive")[2]) is True`."""
    current = verb
    for _ in range(4):
        auxiliaries = [child.lower_ for child in current.children if child.dep_ in ("aux", "auxpass")]
        if any(word in FUTURE_AUXILIARIES for word in auxiliaries) and "have" not in auxiliaries:
            return True
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in FUTURE_GOVERNORS:
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head.i == current.i:
            return False
        current = current.head
    return False


def governor_of(span: Span) -> Token | None:
    """The verb, or event noun, a date expression modifies: "said" in "said on Wednesday".

    >>> governor_of(nlp("He said on Monday")[2:4]).text  # doctest: +SKIP
    'said'
    """
    inside = {token.i for token in span}
    current = span.root
    for _ in range(16):
        if current.i not in inside:
            if current.pos_ in CLAUSE_VERB_POS:
                return current
            if current.pos_ in ("NOUN", "PROPN") and current.lemma_.lower() in event_words():
                return current
        if current.head.i == current.i:
            return current if current.pos_ in CLAUSE_VERB_POS and current.i not in inside else None
        current = current.head
    return None


def _event_verb(governor: Token, date_span: Span) -> Token:
    """A governor the lexicon does not know ("tracked troops who were transported") defers to the first event verb
    below it, so the date names the movement, not the act of observing it."""
    if governor.lemma_.lower() in event_words():
        return governor
    for token in governor.subtree:
        if token.i == governor.i or date_span.start <= token.i < date_span.end or token.pos_ != "VERB":
            continue
        event = event_words().get(token.lemma_.lower())
        if event is not None and event[0] != STATEMENT:
            return token
    return governor


def statement_speaker(governor: Token, fallback: str | None) -> str | None:
    """Who made the dated statement: a person named as the speech verb's subject, else the attribution's speaker,
    else the subject phrase as written ("U.S. officials")."""
    subject = next((child for child in governor.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    verb = governor
    if governor.pos_ in ("NOUN", "PROPN"):
        # "In comments to reporters on Monday, the president said ...": the clause's subject made the comments.
        clause = next((a for a in governor.ancestors if a.pos_ in CLAUSE_VERB_POS), None)
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        verb = clause if clause is not None else governor
    if subject is not None and subject.pos_ != "PRON":
        people = [ent for ent in entities_of(governor.doc) if ent.label_ == "PERSON" and ent.start <= subject.i < ent.end]
        if people:
            return people[0].text
    if fallback:
        # "The head of military intelligence told ...", "he said": attribution knows who that is.
        return fallback
    if subject is not None and subject.pos_ == "PRON":
        return None
    return speaker_of(verb, find_quote_segments(text_of(governor.doc)))


def speaker_key(speaker: str) -> str:
    """Key of a speaker for statement events: the name in lower case, "_" for spaces, hyphens kept.

    >>> speaker_key("Kim Min-jun"), speaker_key("U.S. officials")
    ('kim_min-jun', 'u_s_officials')
    """
    return re.sub(r"[^a-z0-9-]+", "_", speaker.lower().replace("’", "'").replace("'s", "")).strip("_")


def describe_event(governor: Token, date_span: Span, mentions: list[PlaceMention], speaker: str | None) -> str:
    """Short event key of what a date dates: "statement:ana_lopez", "arrival:sindh_province", "movement:troops"."""
    verb = _event_verb(governor, date_span)
    event_class, target = event_words().get(verb.lemma_.lower(), (verb.lemma_.lower(), "subject"))
    if event_class == STATEMENT:
        return f"{STATEMENT}:{speaker_key(speaker)}" if speaker else STATEMENT
    if target == "place":
        lo, hi = verb.left_edge.i, verb.right_edge.i
        in_clause = [m for m in mentions if lo <= m.root.i <= hi and not date_span.start <= m.root.i < date_span.end]
        after_verb = [m for m in in_clause if m.root.i > verb.i] or in_clause
        if after_verb:
            return f"{event_class}:{slug(after_verb[0].name)}"
    head = moved_subject(verb)
    key = subject_key(head) or _phrase_key(head)
    return f"{event_class}:{key}" if key else event_class


def _phrase_key(head: Token | None) -> str | None:
    """Fallback event key from the words of a subject the subject lexicon does not know ("rescue_teams")."""
    if head is None or head.pos_ == "PRON":
        return None
    words = [t.text for t in subject_phrase(head) if t.dep_ not in ("det", "nummod", "quantmod", "poss", "case")]
    return slug(" ".join(words)) or None


def extract_date_claims(
    sentence: Span,
    published: date | None,
    *,
    mentions: list[PlaceMention] | None = None,
    speaker: str | None = None,
) -> list[dict]:
    """Date claims of one sentence with chunk offsets; `speaker` is the attribution's, for pronoun subjects.

    >>> extract_date_claims(nlp("Lopez said on Wednesday.")[:], date(2024, 10, 23))[0]["event"]  # doctest: +SKIP
    'statement:lopez'
    """
    places = find_place_mentions(sentence) if mentions is None else mentions
    base = sentence.start_char
    claims = []
    for interval in sentence_dates(sentence, published, "past"):
        interval = _without_final_period(interval)
        span = sentence.doc.char_span(base + interval.start, base + interval.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        governor = governor_of(span) or _verb_just_before(span)
        if governor is None:
            continue  # a caption date or a dateline with no event to tie it to
        if not _dates_an_event(governor, span, interval, published):
            continue
        if governor.pos_ in CLAUSE_VERB_POS and is_future(governor):
            # the same words read forward ("on Wednesday" after "will arrive" is the coming one)
            future = {(found.start, found.end): found for found in sentence_dates(sentence, published, "future")}
            interval = future.get((interval.start, interval.end), interval)
        verb = _event_verb(governor, span)
        is_statement = event_words().get(verb.lemma_.lower(), ("", ""))[0] == STATEMENT
        who = statement_speaker(verb, speaker) if is_statement else None
        claims.append(
            {
                "kind": "date",
                "subject": None if is_statement else subject_key(moved_subject(verb)),
                "refers_from": _iso(interval.refers_from),
                "refers_to": _iso(interval.refers_to),
                "date_precision": interval.precision,
                "date_direction": interval.direction,
                "event": describe_event(governor, span, places, who),
                "speaker": who if who and (who == speaker or is_person_name(sentence.doc, who)) else None,
                "_speaker_phrase": who,
                "start": base + interval.start,
                "end": base + interval.end,
            }
        )
    return claims


def _verb_just_before(span: Span) -> Token | None:
    """When the parse hangs the date on a noun ("chief Cho briefed lawmakers on Wednesday"), the verb a few words
    before it is what it dates."""
    window = span.doc[max(span.start - 4, span.sent.start) : span.start]
    verbs = [token for token in window if token.pos_ == "VERB"]
    return verbs[-1] if verbs else None


def _dates_an_event(governor: Token, span: Span, interval: DateInterval, published: date | None) -> bool:
    """Background dates ("the 1950-53 war", "captured the area in August") are not claims: keep a date when the
    lexicon knows its event, or when it looks forward or to the present ("within the next several weeks")."""
    if _event_verb(governor, span).lemma_.lower() in event_words():
        return True
    if published is None or interval.refers_to is None:
        return False
    return (published - interval.refers_to).days <= RECENT_DAYS


def _without_final_period(interval: DateInterval) -> DateInterval:
    """The sentence's full stop is not part of "since August." (an abbreviation's dot, "Oct.", is kept)."""
    text = interval.text
    last_word = text[:-1].split()[-1] if text.endswith(".") and text[:-1].split() else ""
    if text.endswith(".") and len(last_word) > 4:
        return replace(interval, end=interval.end - 1, text=text[:-1])
    return interval


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
