"""Provenance handed on across sentences (extract stage helper): news convention attributes once and continues.

- A sentence with no cue of its own takes the source of the sentence before it in the same paragraph ("At least
  52 Chileans also died, diplomats said. ... The diplomats said the total at the morgue was 410."), unless that
  sentence set two sources against each other ("87,000 for the police, while the union counted 500,000"): then
  nothing is handed on. A list and the line that introduces it continue the paragraph before them. A new
  paragraph opens a new attribution (pronouns and definite descriptions, "It said",
  "the unit said", resolve further back through the document's memory).
- A source's statement dated once applies to its other figures in the article, before and after ("According to
  the BBC's findings, released on Tuesday, 10 June, ..." dates the headline's BBC figure too).
- A crowd count is about the day of the march: the first crowd count tied to a day ("marched across France on
  Thursday"), not a comparison with an earlier march, dates the article's other crowd counts that give no day of their own, and an article that names no
  day for any of its crowd counts reports its own day's march; a count tied to a dated event ("against 650,000 on
  January 19") was issued for that day.
- Last, an attributed figure whose statement the article dates nowhere, said in the plain past or the present
  perfect ("officials said", "the ministry has confirmed"), was stated on the day the article reports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reconcile.extract.attribution import Attribution, source_key, statement_keys
from reconcile.extract.kinds import kind_of
from reconcile.extract.lexicons import population_classes
from reconcile.extract.mentions import AttributionContext, Recollection
from reconcile.extract.nlp import LIST_BULLETS

# Statuses of counts of people at a place (crowds, attendance), dated by their event.
_CROWD_STATUSES = ("present",)
# Event classes (event_words.csv) of a date that can be a crowd's day: people gathering, protesting; and a march's
# movement ("movement:march": "the march went through the centre"), not a boat's or troops'.
_GATHERING_EVENTS = ("protest",)
_GATHERING_MOVES = ("movement:march",)
# How far after a claim (characters) the person behind an unnamed title is looked for.
_NAMING_WINDOW = 600


def is_list_item(sentence_text: str) -> bool:
    """Whether a sentence is a list item ("- Lunzu: 1,402 cases"): it takes the source of the paragraph before
    the list, but its own source is not handed on to the next item (a summary lists several sources' figures)."""
    return sentence_text.lstrip().startswith(LIST_BULLETS)


def carry_paragraph(text: str, offset: int) -> int:
    """Where the paragraph that attributes the text at `offset` starts: its own line's, except that list items and
    the line that introduces them ("The breakdown by district was as follows:") continue the paragraph before."""
    start = text.rfind("\n", 0, offset)
    while start > 0:
        end = text.find("\n", start + 1)
        line = text[start + 1 : end if end >= 0 else len(text)].strip()
        if not (is_list_item(line) or line.endswith(":")):
            break
        previous = text[:start].rstrip()
        if not previous:
            break
        start = text.rfind("\n", 0, len(previous))
    return start


@dataclass
class SourceCarrier:
    """The last attributed sentence of the document and its paragraph (mutable, one per document)."""

    last: Attribution | None = None
    paragraph: int = -2
    # rows of a new paragraph's opening sentences, left unattributed until the paragraph names its source: when it
    # points back to the source of the paragraph before ("Six others are missing. Four of the dead were children,
    # the sub-prefect said."), the rows between the two are that source's too
    pending: list[dict] = field(default_factory=list)
    pending_paragraph: int = -2

    def fill(self, row: dict, paragraph: int) -> None:
        """Give an unattributed count row the source of the paragraph's previous attributed sentence."""
        if row.get("attribution") not in (None, "none"):
            return
        if self.last is None or self.last.sources_named > 1:
            return
        if self.paragraph != paragraph:
            if self.pending_paragraph != paragraph:
                self.pending, self.pending_paragraph = [], paragraph
            self.pending.append(row)
            return
        self._carry(row)

    def _carry(self, row: dict) -> None:
        row.update(self.last.carried().as_columns())
        row["_source_town"] = self.last.source_town
        row["_news_day"] = self.last.news_day

    @staticmethod
    def date_narrated(row: dict, own: Attribution) -> None:
        """A figure the outlet narrates in a statement's sentence ("..., bringing the overall tally to more than
        600") is as of that statement's day, though it is not the source's."""
        if row.pop("_narrated", False) and not row.get("stated_on"):
            row["stated_on"] = own.stated_on

    def update(self, own: Attribution, paragraph: int) -> None:
        if not own.found:
            return
        # only a sentence that points back ("he said", "the sub-prefect added") closes the gap; one that names a
        # source afresh ("Some prefectures, however, recorded ...") may set it against what came before
        if self.pending and self.pending_paragraph == paragraph and own.attribution == "carried":
            before = source_key(self.last.speaker, self.last.source_org, self.last.source_kind)
            if before is not None and source_key(own.speaker, own.source_org, own.source_kind) == before:
                for row in self.pending:
                    self._carry(row)
        self.pending = []
        self.last, self.paragraph = own, paragraph


def name_unnamed_speakers(rows: list[dict], context: AttributionContext) -> None:
    """A lead that names its source by title ("the police chief ... told reporters today") names the person in
    the next paragraph ("police officer Vaibhav Krishna told reporters"): the first person of the same kind met
    after the claim, within a few paragraphs, is that speaker; the day the title said it is the person's too."""
    for row in rows:
        speaker, kind = row.get("speaker"), row.get("source_kind")
        if row.get("kind") != "count" or not speaker or not kind or any(w[:1].isupper() for w in speaker.split()):
            continue
        role = speaker.split()[-1].casefold()
        # the same kind of body, or the same post ("the hospital's governor" ... "Governor Jane Doe")
        named = next((m for m in context.mentions if m.kind == "person" and row["start"] < m.start
                      <= row["start"] + _NAMING_WINDOW and m.title and (
                          kind_of(m.title) == kind or m.title.split()[-1].casefold() == role)), None)
        if named is None:
            continue
        row["speaker"] = named.name
        context.recollection.remember_day(source_key(named.name, None, kind), row.get("stated_on"))


def share_repeated_scopes(rows: list[dict]) -> None:
    """A figure a source repeats in its article covers what it covered the first time ("48 Chilean nationals died,
    ..." then "We have around 48 verified deaths"; "450 Peruvians" then "including the 450 dead")."""
    first: dict = {}
    for row in rows:
        if row.get("kind") != "count":
            continue
        # "at least 600" then "the 600 dead": the same figure, whatever bound the first wording put on it
        key = (row.get("value_low"), source_key(row.get("speaker"), row.get("source_org"), row.get("source_kind")))
        if key[1] is None:
            continue
        if row.get("scope"):
            first.setdefault(key, row)
        elif key in first:
            row["scope"], row["subject"] = first[key]["scope"], first[key]["subject"]


def date_counts(rows: list[dict], recollection: Recollection, published: str | None = None) -> Iterable[dict]:
    """Rows with the statement dates the article implies (see the module docstring), in order."""
    crowd_day = next((row["refers_from"] for row in rows if row.get("kind") == "count" and not row.get("_leans")
                      and _crowd(row) and _single_day(row)), None)
    if crowd_day is None:
        # "The march went through the centre on Saturday. ... about 200,000 took part": the day the article gives
        # the march it counts, named before one of its crowd counts (not necessarily the first: a headline may
        # count before the body names the day)
        last_crowd = max((row["start"] for row in rows if row.get("kind") == "count" and _crowd(row)), default=None)
        crowd_day = next((row["refers_from"] for row in rows if row.get("kind") == "date" and _gathering(
            row.get("event")) and _single_day(row) and (not published or row["refers_from"] <= published)
            and last_crowd is not None and row["start"] < last_crowd), None)
    if crowd_day is None and published:
        crowd_day = published  # a report that names no day for the march it counts is about its own day
    for row in rows:
        row.pop("_leans", None)
        news_day = row.pop("_news_day", None)
        if row.get("kind") != "count":
            yield row
            continue
        if _crowd(row) and _single_day(row):
            row["stated_on"] = row["refers_from"]
        if not row.get("stated_on") and row.get("attribution") not in (None, "none"):
            row["stated_on"] = recollection.day_of_any(
                statement_keys(row.get("speaker"), row.get("source_org"), row.get("source_kind")))
        if not row.get("stated_on") and crowd_day and _crowd(row) and not (
            row.get("refers_from") or row.get("refers_to")
        ):
            row["stated_on"] = crowd_day
        if not row.get("stated_on") and news_day and row.get("attribution") not in (None, "none"):
            row["stated_on"] = news_day  # "officials said": the day it was reported, when the article gives none
        yield row


def _gathering(event) -> bool:
    event = str(event or "")
    return event.split(":")[0] in _GATHERING_EVENTS or event.startswith(_GATHERING_MOVES)


def _crowd(row: dict) -> bool:
    """A count of people at an event (a crowd, a gathering), not of a force stationed somewhere."""
    subject = str(row.get("subject") or "")
    return row.get("status") in _CROWD_STATUSES and subject.rsplit("_", 1)[-1] in population_classes()


def _single_day(row: dict) -> bool:
    return bool(row.get("refers_from")) and row.get("refers_from") == row.get("refers_to") and (
        row.get("date_precision") == "day"
    )
