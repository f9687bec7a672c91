"""Subject normalisation (extract stage helper): a counted noun phrase -> subject key such as north_korean_troops."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract.lexicons import lexicons

_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


@dataclass(frozen=True)
class SubjectParts:
    """What a phrase counts: the actor (north_korean), the class (troops), whether it is people, implied status."""

    actor: str | None
    subject_class: str | None
    people: bool
    implied_status: str | None
    # A plural nationality as head ("8,000 Chadians"): the class comes from the story, not the phrase.
    demonym_head: bool = False
    # subjects.csv's nationality column: "actor" (the nationality names the group: troops of a country) or
    # "scope" (it narrows the population to a part: pilgrims of a country)
    nationality: str = "actor"
    # The record the phrase counts when it counts records standing for the class ("burial permits"), else None.
    record: str | None = None

    @property
    def key(self) -> str | None:
        if self.subject_class is None:
            return None
        return f"{self.actor}_{self.subject_class}" if self.actor else self.subject_class


def split_subject(noun_phrase: str) -> SubjectParts:
    """Actor and class of a counted phrase: `split_subject("800 Russian troops").actor == "russian"`."""
    tables = lexicons()
    actor_matches = tables.actors.find_all(noun_phrase)
    actor = actor_matches[0][2] if actor_matches else None
    words = [match.group(0).rstrip(".").lower() for match in _WORD.finditer(noun_phrase)]
    # The head of an English noun phrase is its last noun, so read from the right and take the first counted noun;
    # a two-word entry ("death toll", "artillery rounds") beats its single last word.
    for position in range(len(words) - 1, -1, -1):
        pair = " ".join(words[position - 1 : position + 1]) if position else ""
        for candidate in (pair, words[position]):
            if candidate and candidate in tables.subjects:
                subject_class, people, status, nationality = tables.subjects[candidate]
                record = candidate if candidate in tables.record_nouns else None
                return SubjectParts(actor, subject_class, people, status, nationality=nationality, record=record)
    last_actor_end = actor_matches[-1][1] if actor_matches else -1
    demonym_head = bool(actor_matches) and noun_phrase[last_actor_end:].strip(" .,") == ""
    return SubjectParts(actor, None, demonym_head, None, demonym_head, "scope")


def normalise_subject(noun_phrase: str) -> str | None:
    """Normalised subject key of a counted phrase, or None when nothing countable is named.

    >>> normalise_subject("800 North Korean troops")
    'north_korean_troops'
    """
    parts = split_subject(noun_phrase)
    if parts.subject_class is None and parts.demonym_head:
        # "8,000 Chadians" alone counts people of that nationality.
        return f"{parts.actor}_people"
    return parts.key
