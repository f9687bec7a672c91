"""Count memory (extract stage helper): what a document has counted so far and what it counts most.

Copy drops words it already gave ("the 800 soldiers", "another 400 arrived", "including 70,000 in Lima"): the
memory keeps the latest counted group and its status, and a scan of the whole text gives the story's people
("demonstrators") and its usual outcome ("deaths") for a headline or a figure noun that says neither.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from reconcile.extract.lexicons import event_words, lexicons
from reconcile.extract.status import STRONG_STATUSES
from reconcile.extract.subjects import SubjectParts


# Nouns that stand for a figure itself: "raised the death toll to 42", "revised the number of troops to 8,000".
FIGURE_NOUNS = ("number", "total", "toll", "tally", "figure", "count", "estimate")


STATUS_CLASS = {"killed": "deaths", "wounded": "wounded", "casualties": "casualties"}


# A text that names gatherings this often counts people at them, even when it never says "demonstrators".
_CROWD_WORDS_NEEDED = 2
# How often a people noun must occur for the text to be counting those people, when the text names an outcome
# more often ("fired into a crowd", once in an explainer about a shooting that names its dead again and again).
_STORY_PEOPLE_MENTIONS = 2


# People gathered at an event, when the story has named them no other way.
CROWD = SubjectParts(None, "people", True, "present", nationality="scope")


WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class CountMemory:
    """What the document has counted so far, for copy that drops words it already gave ("the 800 soldiers").

    `story_people` is what the document counts most (from a scan of the whole text), for a headline that elides
    the noun its article gives ("Over a million march").
    """

    class_by_actor: tuple[tuple[str, str], ...] = ()
    actor_by_class: tuple[tuple[str, str], ...] = ()
    last_people: SubjectParts | None = None
    last_status: str | None = None
    # where the last figure was (document offset): a partitive "dozens of them" leans only on a figure close by
    last_at: int = -1
    # the status of the last figure that said what happened (not a forecast, not "other")
    last_actual: str | None = None
    story_people: SubjectParts | None = None
    # what the text says happened most ("deaths", "killed"): the status of a figure noun nothing else explains
    story_outcome: str | None = None

    def remember(self, parts: SubjectParts, status: str | None = None, at: int = -1) -> CountMemory:
        """A new memory that knows `parts` as the latest counted subject."""
        if not parts.people or parts.subject_class is None:
            return self
        # what happened to one group is not inherited by the next figure ("... 42 killed; another 500 evacuated")
        if parts.subject_class not in STATUS_CLASS.values():
            parts = replace(parts, implied_status=None)
        # the records one figure counted ("41 burial permits") are not what the next bare figure counts
        parts = replace(parts, record=None)
        memory = replace(self, last_people=parts, last_status=status, last_at=at)
        if status not in (None, "planned", "other"):
            memory = replace(memory, last_actual=status)
        if parts.actor:
            memory = replace(
                memory,
                class_by_actor=_put(memory.class_by_actor, parts.actor, parts.subject_class),
                actor_by_class=_put(memory.actor_by_class, parts.subject_class, parts.actor),
            )
        return memory

    def class_for(self, actor: str) -> str | None:
        return dict(self.class_by_actor).get(actor)

    def actor_for(self, subject_class: str) -> str | None:
        return dict(self.actor_by_class).get(subject_class)

    def antecedent(self) -> tuple[SubjectParts, str | None] | None:
        """What a noun-less figure leans on when its sentence counted nothing before it."""
        if self.last_people is not None:
            return self.last_people, self.last_status
        if self.story_people is not None:
            return self.story_people, None
        return None


def prime_memory(text: str) -> CountMemory:
    """What each actor's people are called anywhere in the text ("North Korean troops" -> troops), so that a
    first "8,000 Chadians" already reads as troops, and what the text counts most (its story's people).
    `prime_memory("3 Russian troops").class_for("russian")`."""
    tables = lexicons()
    memory = CountMemory()
    seen: set[str] = set()
    for _start, end, actor in tables.actors.find_all(text):
        if actor in seen:
            continue
        following = text[end : end + 40].split()
        for width in (2, 1):
            noun = " ".join(word.strip(".,;:’'\"”") for word in following[:width]).lower()
            entry = tables.subjects.get(noun)
            if entry and entry[1] and not entry[2]:
                memory = replace(memory, class_by_actor=_put(memory.class_by_actor, actor, entry[0]))
                seen.add(actor)
                break
    outcome = _story_outcome(text, tables)
    story = _story_people(text, tables, _STORY_PEOPLE_MENTIONS if outcome else 1)
    if story is None and _crowd_words(text, tables) >= _CROWD_WORDS_NEEDED:
        story = CROWD  # "Demonstrations in France, between 1 and 2 million in the streets": people at the marches
    return replace(memory, story_people=story, story_outcome=outcome)


def _crowd_words(text: str, tables) -> int:
    """How often the text names a gathering: words that start like a verb whose status is present ("marches",
    "demonstrations", "protested")."""
    # a verb of movement ("carried", "moved"), of arrival, deployment or training ("arrived", "stationed") puts people
    # somewhere without gathering them (and "station" is a radio's or a police's as often)
    moving = {lemma for lemma, (event, _target) in event_words().items() if event in _NOT_GATHERING_EVENTS}
    stems = {lemma.rstrip("e") for _r, _l, lemma, _m, status in tables.status_rules
             if status == "present" and "+" not in lemma and len(lemma) > 4 and lemma not in moving}
    # "On March 15", "15 March": the month, not a march
    text = _MONTH_OF_MARCH.sub(" ", text)
    return sum(1 for word in WORD.findall(text.lower()) if any(word.startswith(stem) for stem in stems))


_NOT_GATHERING_EVENTS = ("movement", "arrival", "deployment", "training")
_MONTH_OF_MARCH = re.compile(r"\bMarch\b(?=\s+\d)|(?<=\d)\s+March\b")


def _story_people(text: str, tables, mentions: int = 1) -> SubjectParts | None:
    """The people noun the text uses most ("demonstrators"), outcome nouns ("deaths") aside, if it occurs at least
    `mentions` times."""
    # "police" and "organisers" name sources far more often than the people a story counts
    counts = Counter(word for word in WORD.findall(text.lower())
                     if word in tables.subjects and not tables.group_bodies.find_all(word))
    # the most frequent first; on a tie, a noun with a usual state ("demonstrators" are present at a march)
    ordered = sorted(counts, key=lambda word: (-counts[word], not tables.subjects[word][2]))
    # a participle ("detained", "arrested") is mostly the verb, not the people noun the story counts
    ranked = [word for word in ordered if tables.subjects[word][1] and not word.endswith("ed")
              and tables.subjects[word][2] not in STRONG_STATUSES and tables.subjects[word][0] != "people"]
    if not ranked or counts[ranked[0]] < mentions:
        return None
    subject_class, _people, status, nationality = tables.subjects[ranked[0]]
    return SubjectParts(None, subject_class, True, status or None, nationality=nationality)


def _story_outcome(text: str, tables) -> str | None:
    """The outcome the text names most often, when it names one at least twice ("deaths", "dead", "injured")."""
    counts = Counter(tables.subjects[word][2] for word in WORD.findall(text.lower())
                     if word in tables.subjects and tables.subjects[word][2] in STRONG_STATUSES)
    ranked = counts.most_common(1)
    return ranked[0][0] if ranked and ranked[0][1] >= 2 else None


def _put(pairs: tuple[tuple[str, str], ...], key: str, value: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in pairs if k != key) + ((key, value),)
