"""Count claims (extract stage helper): a parsed sentence -> claim rows of kind=count with subject, status, source.

A figure becomes a count claim when the quantity parser reads it as a count, the parse ties it to a noun the
subject lexicon knows (or to a verb of killing and wounding, or to a figure noun: "the toll surged past 900"), or
it is an elliptical figure that leans on what the sentence or the story counted ("including 80,000 in Paris",
see `ellipsis`), and it is asserted, not asked about or disowned. Words that only describe a source ("three police
sources said") are not counts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from reconcile.extract.attribution import (
    AttributionContext,
    attribute_sentence,
    attribute_token,
    narrated,
    official_attribution,
)
from reconcile.extract.count_period import count_period
from reconcile.extract.ellipsis import Ellipsis, find_ellipsis
from reconcile.extract.lexicons import lexicons
from reconcile.extract.status import STRONG_STATUSES, count_status, governing_verb, verb_status
from reconcile.extract.subjects import SubjectParts, split_subject
from reconcile.kernels.numbers import quantity_lexicon
from reconcile.kernels.quantity import Quantity, find_quantities

# Nouns that stand for a figure itself: "raised the death toll to 42", "revised the number of troops to 8,000".
_FIGURE_NOUNS = ("number", "total", "toll", "tally", "figure", "count", "estimate")
# Nouns that stand for a group named before: "60 others were injured".
_ANAPHORIC_NOUNS = ("others", "ones")
_STATUS_CLASS = {"killed": "deaths", "wounded": "wounded", "casualties": "casualties"}
# A text that names gatherings this often counts people at them, even when it never says "demonstrators".
_CROWD_WORDS_NEEDED = 2
# People gathered at an event, when the story has named them no other way.
_CROWD = SubjectParts(None, "people", True, "present", nationality="scope")
_MAX_PHRASE_GAP = 6
# Prepositions that tie a figure to the verb or figure noun it completes ("the toll surged past 900").
_COMPLEMENT_PREPOSITIONS = ("to", "at", "of", "past", "above", "over", "beyond", "from", "near", "around")
_WORD = re.compile(r"[a-z]+")
# Words that make a wordless amount a claim about size ("a sizable number of troops").
_MISSING_WORDS = ("missing", "unaccounted")
# How far back (characters) a partitive "dozens of them" may find the group it is part of.
_PARTITIVE_REACH = 400
_SIZE_WORDS = ("large", "sizable", "sizeable", "significant", "substantial", "huge", "vast", "great")


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
        if parts.subject_class not in _STATUS_CLASS.values():
            parts = replace(parts, implied_status=None)
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
    story = _story_people(text, tables)
    if story is None and _crowd_words(text, tables) >= _CROWD_WORDS_NEEDED:
        story = _CROWD  # "Demonstrations in France, between 1 and 2 million in the streets": people at the marches
    return replace(memory, story_people=story, story_outcome=_story_outcome(text, tables))


def _crowd_words(text: str, tables) -> int:
    """How often the text names a gathering: words that start like a verb whose status is present ("marches",
    "demonstrations", "protested")."""
    stems = {lemma.rstrip("e") for _r, _l, lemma, _m, status in tables.status_rules
             if status == "present" and "+" not in lemma and len(lemma) > 4}
    return sum(1 for word in _WORD.findall(text.lower()) if any(word.startswith(stem) for stem in stems))


def _story_people(text: str, tables) -> SubjectParts | None:
    """The people noun the text uses most ("demonstrators"), outcome nouns ("deaths") aside."""
    # "police" and "organisers" name sources far more often than the people a story counts
    counts = Counter(word for word in _WORD.findall(text.lower())
                     if word in tables.subjects and not tables.group_bodies.find_all(word))
    # the most frequent first; on a tie, a noun with a usual state ("demonstrators" are present at a march)
    ordered = sorted(counts, key=lambda word: (-counts[word], not tables.subjects[word][2]))
    ranked = [word for word in ordered if tables.subjects[word][1]
              and tables.subjects[word][2] not in STRONG_STATUSES and tables.subjects[word][0] != "people"]
    if not ranked:
        return None
    subject_class, _people, status, nationality = tables.subjects[ranked[0]]
    return SubjectParts(None, subject_class, True, status or None, nationality=nationality)


def _story_outcome(text: str, tables) -> str | None:
    """The outcome the text names most often, when it names one at least twice ("deaths", "dead", "injured")."""
    counts = Counter(tables.subjects[word][2] for word in _WORD.findall(text.lower())
                     if word in tables.subjects and tables.subjects[word][2] in STRONG_STATUSES)
    ranked = counts.most_common(1)
    return ranked[0][0] if ranked and ranked[0][1] >= 2 else None


def _put(pairs: tuple[tuple[str, str], ...], key: str, value: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in pairs if k != key) + ((key, value),)


def extract_count_claims(
    sentence: Span,
    context: AttributionContext,
    memory: CountMemory = CountMemory(),
    *,
    text_offset: int = 0,
) -> tuple[list[dict], CountMemory]:
    """Count claims of one parsed sentence (offsets in the document) and the updated memory.

    >>> rows, _ = extract_count_claims(nlp("At least 42 people died, police said.")[:], AttributionContext())
    >>> rows[0]["subject"], rows[0]["status"], rows[0]["value_low"]  # doctest: +SKIP
    ('people', 'killed', 42.0)
    """
    rows = []
    previous: tuple[SubjectParts, str | None] | None = None
    quantities = [quantity for quantity in find_quantities(sentence.text) if quantity.role == "count"]
    figures = [(quantity.start, quantity.end) for quantity in quantities]
    for quantity in quantities:
        found = _count_claim(sentence, quantity, context, memory, text_offset, previous, figures)
        if found is None:
            continue
        row, parts = found
        rows.append(row)
        previous = (parts, row["status"])
        memory = memory.remember(parts, row["status"], row["start"])
    return rows, memory


def _count_claim(sentence: Span, quantity: Quantity, context, memory: CountMemory, text_offset: int,
                 previous: tuple[SubjectParts, str | None] | None, figures: list[tuple[int, int]]):
    doc = sentence.doc
    start_char = sentence.start_char + quantity.start
    end_char = sentence.start_char + quantity.end
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    anchor = _anchor(span)
    if _is_question(sentence, quantity) or _is_ignorance(anchor) or _wordless_amount(quantity):
        return None
    noun = _counted_noun(anchor, span)
    if noun is not None and _describes_source(noun):
        return None  # "three police sources said ...": the words describe who speaks, they count nothing
    lean = _leaning(noun, span, anchor, memory, previous)
    if lean is None:
        return None
    parts, inherited, ellipsis = lean
    focus = noun if noun is not None and ellipsis is None else anchor
    status, _rule_id = count_status(focus, parts.implied_status, inherited)
    story = memory.story_people
    if status == "other" and story is not None and story.implied_status and _measured(focus) and (
        parts.subject_class in ("people", story.subject_class)
    ):
        status = story.implied_status  # "police counted 28,000 people in the procession": a crowd count
    if ellipsis is not None and ellipsis.is_difference:
        status = "other"  # "10,000 more than last time" counts a difference, not a crowd
    if noun is None and quantity.text.lower() == "one" and status not in STRONG_STATUSES:
        return None  # a bare "one" ("and one specified that") is a pronoun unless its clause says who died
    parts = _with_actor(parts, focus, memory)
    counted = parts
    if parts.subject_class == "people" and status in _STATUS_CLASS:
        # "42 people were killed" and "the death toll rose to 57" count the same thing: one subject, so they
        # meet. The memory keeps "people", so a later "another 300 were injured" is not read as deaths.
        counted = replace(parts, subject_class=_STATUS_CLASS[status])
    elif parts.subject_class in _STATUS_CLASS.values() and status in _STATUS_CLASS:
        # "Twenty-five bodies have been identified, ... adding 60 were injured": the injured are not deaths
        counted = replace(parts, subject_class=_STATUS_CLASS[status])
    elif parts.subject_class == "people" and _missing(focus):
        counted = replace(parts, subject_class="missing")  # "110 pilgrims who had been reported missing"
    elif parts.subject_class == "people" and story is not None and story.implied_status == status:
        # "two million people had marched" in a story that counts demonstrators counts demonstrators
        counted = replace(parts, subject_class=story.subject_class)
    claim_end = end_char
    if noun is not None and ellipsis is None and span.end <= noun.i <= span.end + _MAX_PHRASE_GAP and (
        _names_the_count(noun)
    ):
        claim_end = noun.idx + len(noun.text)
    attribution = _own_source(ellipsis, sentence, context.at(text_offset))
    if attribution is None:
        attribution = _figure_owner(noun if ellipsis is None else None, anchor, sentence, context.at(text_offset))
    if attribution is None:
        attribution = attribute_sentence(sentence, context.at(text_offset), focus=focus)
    period = count_period(sentence, focus, context.published, start_char - sentence.start_char, figures,
                          context.year_hint)
    row = {
        "kind": "count",
        "subject": counted.key,
        "status": status,
        "value_low": quantity.low,
        "value_high": quantity.high,
        "qualifier": quantity.qualifier,
        "is_increment": bool(quantity.is_increment or (ellipsis is not None and ellipsis.is_difference)),
        **attribution.as_columns(),
        **period,
        "text": sentence.text,
        "start": text_offset + start_char,
        "end": text_offset + claim_end,
        "_place": ellipsis.place if ellipsis is not None else None,
        "_elliptical": ellipsis is not None,
        "_narrated": attribution.attribution == "none" and narrated(focus),
        # a figure that leans on the one before it in the sentence covers the same part of the story
        "_leans": (previous is not None and (noun is None or noun.lower_ in _FIGURE_NOUNS or _included(span))
                   or ellipsis is not None or _of_pronoun(anchor)),
        "_focus": focus,
        "_parts": counted,
    }
    return row, parts


def _leaning(noun: Token | None, span: Span, anchor: Token, memory: CountMemory,
             previous: tuple[SubjectParts, str | None] | None):
    """(subject parts, inherited status, ellipsis) of a figure, or None when it counts no people or things."""
    parts = _subject_parts(noun, span, anchor, memory)
    if parts is not None and parts.subject_class is not None:
        if noun is not None and noun.lower_ in _FIGURE_NOUNS:
            return parts, _figure_status(noun, previous, memory), None
        included = _included_in(anchor if noun is None else noun)
        if included is not None:
            return parts, _figure_status(included, previous, memory), None  # "That figure included 323 Egyptians"
        return parts, _partitive_status(anchor, previous, memory), None
    # across sentences a figure leans on the story's group and its usual state, not on a forecast or a
    # difference counted for it
    story = memory.story_people
    usual = story.implied_status if story is not None else None
    inherited = previous[1] if previous is not None else (
        memory.last_status if memory.last_status not in (None, "planned", "other") else usual or memory.last_actual)
    antecedent = (previous[0], inherited) if previous is not None else memory.antecedent()
    if antecedent is not None and previous is None:
        antecedent = (antecedent[0], inherited)
    ellipsis = find_ellipsis(span, follows_count=previous is not None)
    if ellipsis is not None and antecedent is not None:
        return antecedent[0], ellipsis.status or antecedent[1], ellipsis
    if noun is not None and noun.lower_ in _FIGURE_NOUNS:
        # "the total reported so far rose to 577": the group the story counts; "the latest deaths brought the
        # total to 412": the outcome the clause names, whatever the story counted before
        outcome = _figure_status(noun, previous, memory)
        if antecedent is not None:
            return antecedent[0], outcome, None
        if outcome in _STATUS_CLASS:
            return SubjectParts(None, _STATUS_CLASS[outcome], True, outcome, nationality="scope"), outcome, None
    if noun is not None and noun.lower_ in _ANAPHORIC_NOUNS and antecedent is not None:
        return antecedent[0], None, None  # "60 others were injured"
    crowd = noun is None and _crowd_verb(anchor) or noun is not None and _verb_like(noun)
    if crowd or ellipsis is not None and _crowd_sentence(span):
        # "Over a million march in protest", "Smaller towns also marched: Talca (4500)": people at the event
        return (antecedent[0] if antecedent is not None else _CROWD), "present", ellipsis
    return None


def _crowd_sentence(span: Span) -> bool:
    """A sentence whose main verb gathers people ("Smaller towns also marched: Talca (4500) and Arica (3800)")."""
    roots = [span.sent.root]
    start = span.sent.start
    if start > 0 and span.doc[start - 1].text == ":":
        roots.append(span.doc[start - 1].sent.root)  # the parser often ends the sentence at the colon of a list
    return any(root.pos_ in ("VERB", "AUX") and verb_status(root)[0] == "present" for root in roots)


def _figure_status(figure: Token, previous, memory: CountMemory) -> str | None:
    """What a figure noun counts when it does not say: the outcome its clause names ("The new deaths bring the
    total to 577"), else the figure counted just before, else the story's usual outcome."""
    clause_noun = _clause_outcome(figure)
    if clause_noun is not None:
        return clause_noun
    if previous is not None and previous[1] != "planned":
        return previous[1]
    return memory.last_status if memory.last_status not in (None, "planned", "other") else memory.story_outcome


def _clause_outcome(figure: Token) -> str | None:
    subjects = lexicons().subjects
    verb = governing_verb(figure)
    holders = [child for child in verb.children if child.dep_ in ("nsubj", "nsubjpass", "dobj")] if verb else []
    for holder in holders + [child for child in figure.children if child.dep_ in ("compound", "amod")]:
        entry = subjects.get(holder.lower_)
        if entry and entry[2] in STRONG_STATUSES:
            return entry[2]
    return None


def _included_in(token: Token) -> Token | None:
    """The figure noun a group is part of: 'That figure included 323 Egyptians and 60 Jordanians'."""
    verb = governing_verb(token)
    if verb is None or verb.lemma_.lower() not in ("include", "comprise"):
        return None
    return next((child for child in verb.children if child.dep_ == "nsubj" and child.lower_ in _FIGURE_NOUNS), None)


def _verb_like(noun: Token) -> bool:
    """A headline verb misread as a noun: 'Over a million march in protest'."""
    return noun.dep_ == "ROOT" and noun.tag_ in ("NN", "NNS", "VBP") and verb_status(noun)[0] == "present"


def _partitive_status(anchor: Token, previous, memory: CountMemory) -> str | None:
    """'Only 31 of them had the right to be there', '630 of them unregistered': the figure is part of the group
    counted just before (in the sentence or close before it), and shares its status."""
    if not _of_pronoun(anchor):
        return None
    if previous is not None:
        return previous[1]
    return memory.last_status if memory.last_at >= 0 and memory.last_at > _offset(anchor) - _PARTITIVE_REACH \
        else None


def _offset(token: Token) -> int:
    return token.doc.user_data.get("text_offset", 0) + token.idx


def _names_the_count(noun: Token) -> bool:
    """Whether the noun the claim's span reaches names what is counted ("41 burial permits", "60 Jordanians"),
    not a verb the parser took for one ("a million rally")."""
    tables = lexicons()
    phrase = noun.doc[max(noun.i - 1, noun.sent.start) : noun.i + 1].text.lower()
    return (noun.lower_ in tables.subjects or phrase in tables.subjects or noun.lower_ in _FIGURE_NOUNS
            or bool(tables.actors.find_all(noun.text)))


def _missing(token: Token) -> bool:
    """A group the clause says is missing ("pilgrims who had been reported missing", "25 were missing")."""
    verb = governing_verb(token)
    clauses = [child for child in token.children if child.dep_ in ("acl", "relcl")] + ([verb] if verb else [])
    return any(child.dep_ in ("acomp", "oprd") and child.lower_ in _MISSING_WORDS
               for clause in clauses for child in clause.children)


def _included(span: Span) -> bool:
    """'..., including 11 deaths': a part of the group counted just before."""
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    return before is not None and before.lower_ in ("including", "includes", "among")


def _of_pronoun(anchor: Token) -> bool:
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            if any(grandchild.pos_ == "PRON" for grandchild in child.children if grandchild.dep_ == "pobj"):
                return True
    return False


def _wordless_amount(quantity: Quantity) -> bool:
    """'a number of', 'several', 'a few': an amount built on no number word is not a figure anyone gives; one
    that states a size ("a sizable number of", "a large number of") is a claim about how many."""
    if quantity.rule_id != "qty.vague":
        return False
    if any(word in _SIZE_WORDS for word in _WORD.findall(quantity.text.lower())):
        return False
    numbers = {word for word, (kind, _value) in quantity_lexicon().numbers.items()
               if kind in ("unit", "tens", "scale", "multiplier")}
    words = _WORD.findall(quantity.text.lower())
    return not any(word in numbers or word.rstrip("s") in numbers or word == "scores" for word in words)


def _measured(token: Token) -> bool:
    """A figure that a source counts, puts or claims ("police counted 28,000 people", "organisers claimed
    500,000"): the verb measures the group and says nothing of what happened to it."""
    verb = governing_verb(token)
    return verb is not None and verb.lemma_.lower() in lexicons().verb_cues


def _crowd_verb(anchor: Token) -> bool:
    """A figure that is the subject of a verb of gathering ("a million march", "thousands rallied")."""
    verb = governing_verb(anchor)
    if verb is None or anchor.dep_ not in ("nsubj", "nsubjpass") and anchor.head.dep_ not in ("nsubj",):
        return False
    return verb_status(verb)[0] == "present"


def _describes_source(noun: Token) -> bool:
    """"Three police sources", "two Arab diplomats": a figure of unnamed sources, not of people counted."""
    return noun.lemma_.lower() in lexicons().source_describers or noun.lower_ in lexicons().source_describers


def _figure_owner(noun: Token | None, anchor: Token, sentence: Span, context: AttributionContext):
    """Whose figure it is, when the figure noun says: 'the Uttar Pradesh government's figure of 37', 'an official
    count of 41 provided Tuesday by Amman', 'against an official count of 37' (the officials', not the reporter's)."""
    figure = _figure_noun_of(noun) or _figure_noun_of(anchor.head.head if anchor.head.lower_ == "of" else None)
    if figure is None:
        return None
    for child in [*figure.children, *anchor.children]:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            target = _agent_of(child)
            if target is not None:
                return attribute_token(target, sentence, context, cue=child)
    for child in figure.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return attribute_token(child, sentence, context)
    if any(child.dep_ == "amod" and child.lower_ == "official" for child in figure.children):
        return official_attribution(context)
    return None


def _agent_of(participle: Token) -> Token | None:
    """Who 'provided' or 'released' a figure: the agent, also when the parser hung "by X" elsewhere."""
    for child in participle.children:
        if child.dep_ == "agent" or child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    after = participle.doc[participle.right_edge.i + 1] if participle.right_edge.i + 1 < len(participle.doc) else None
    if after is not None and after.lower_ == "by":
        return next((g for g in after.children if g.dep_ == "pobj"), None)
    return None


def _figure_noun_of(token: Token | None) -> Token | None:
    """The figure noun a counted token belongs to ('count' in 'count of 37', 'figure' in 'figure of 37 fatalities')."""
    if token is None:
        return None
    if token.lower_ in _FIGURE_NOUNS:
        return token
    if token.head.lower_ == "of" and token.head.head.lower_ in _FIGURE_NOUNS:
        return token.head.head
    return None


def _own_source(ellipsis: Ellipsis | None, sentence: Span, context: AttributionContext):
    """The source an elliptical figure names itself ("400,000 for the union", "1.27 million according to X")."""
    if ellipsis is None or ellipsis.source is None:
        return None
    found = attribute_token(ellipsis.source, sentence, context)
    return found if found is not None and found.source_org or found is not None and found.speaker else None


def _anchor(span: Span) -> Token:
    """The token of the figure that links it to the rest of the sentence (its syntactic head inside the span);
    when a qualifier word heads the figure ("past 300" as a preposition and its object), the number itself."""
    outside = [token for token in span if not (span.start <= token.head.i < span.end) or token.head.i == token.i]
    numeric = [token for token in outside if token.like_num or token.pos_ == "NUM"]
    if not numeric and outside and outside[-1].pos_ in ("ADP", "ADV", "ADJ"):
        numeric = [token for token in span if token.like_num or token.pos_ == "NUM"]
    return (numeric or outside or list(span))[-1]


def _counted_noun(anchor: Token, span: Span) -> Token | None:
    """The noun a figure counts: '800 troops', 'thousands of troops', 'the toll ... to 42', '400 of them',
    '82 dead', '96 out of 110 pilgrims', 'all 39 were stampede victims'."""
    head = anchor.head
    subjects = lexicons().subjects
    if anchor.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        if head.lower_ in _FIGURE_NOUNS:
            return _figure_subject(head) or head
        return head
    if anchor.dep_ in ("nummod", "quantmod") and head.pos_ == "ADJ" and head.lower_ in subjects:
        return head  # "at least 82 dead", "the 600 dead"
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "out"):
            of = child if child.lower_ == "of" else next((c for c in child.children if c.lower_ == "of"), None)
            objects = [grandchild for grandchild in of.children if grandchild.dep_ == "pobj"
                       and not span.start <= grandchild.i < span.end] if of else []
            if objects and objects[0].pos_ == "PRON":
                # "the troops, some 4,000 of them": the pronoun stands for the noun the figure is set beside
                return head if anchor.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN") else None
            if objects:
                return objects[0]
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.lower_ not in _FIGURE_NOUNS and not anchor.like_num:
        return anchor if subjects.get(anchor.lower_) else None
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _COMPLEMENT_PREPOSITIONS:
        found = _completed_noun(head.head)
        if found is not None:
            return found
    if anchor.dep_ in ("dobj", "attr", "nsubj") and head.pos_ in ("VERB", "AUX"):
        # "the crowd numbered 25,000", "the dead totalled 57": the verb measures its subject;
        # "all 39 were stampede victims": the copula's complement names them
        wanted = ("attr", "acomp") if anchor.dep_ == "nsubj" else ("nsubj", "nsubjpass")
        others = [child for child in head.children if child.dep_ in wanted and child.i != anchor.i]
        if others and others[0].lower_ in _FIGURE_NOUNS:
            return _figure_subject(others[0]) or others[0]  # "the number of Jordanians who died has reached 75"
        if others and others[0].lower_ in subjects:
            return others[0]  # "another 25 were missing"
        if anchor.dep_ == "attr" and not others:
            # "Diplomats said the total at the morgue was 550": the figure noun is the object of the verb above
            found = _completed_noun(head.head) if head.head.i != head.i else None
            if found is not None:
                return found
    return _noun_after(span)


def _completed_noun(governor: Token) -> Token | None:
    """The figure or people noun a preposition's figure completes: 'official count of 37', 'deaths had jumped
    to 600', 'put the toll at 1,100', 'brought the total reported so far to 922'."""
    subjects = lexicons().subjects
    if governor.lower_ in _FIGURE_NOUNS:
        return _figure_subject(governor) or governor
    if governor.dep_ in ("acl", "relcl") and governor.head.lower_ in _FIGURE_NOUNS:
        return _figure_subject(governor.head) or governor.head
    for child in governor.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.lower_ in _FIGURE_NOUNS:
            return _figure_subject(child) or child
        if child.dep_ == "dobj" and child.lower_ in subjects:
            return child  # "organisers put the crowd at 100,000", "officials put the dead at 300"
    for child in governor.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in subjects and subjects[child.lower_][1]:
            return child  # "deaths among Egyptians had jumped to 600"
    return None


def _noun_after(span: Span) -> Token | None:
    """A misparse can hang the counted noun off a preposition ("between 60,000 and 65,000 people" with "people"
    as a second object of "between"): take a lexicon noun that follows the figure closely."""
    doc = span.doc
    for token in doc[span.end : min(len(doc), span.end + _MAX_PHRASE_GAP + 1)]:
        if token.lower_ in lexicons().subjects and token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM") and token.tag_ != "VBN":
            return None  # "645 confirmed deaths": a participle may sit between the figure and its noun
    return None


def _figure_subject(figure: Token) -> Token | None:
    """'the number of North Koreans' -> North Koreans; 'the death toll' keeps 'toll' (its compound says deaths);
    'an official count of 37' has no counted noun of its own."""
    for child in figure.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects and not objects[0].like_num and objects[0].pos_ != "NUM":
                return objects[0]
    return None


def _subject_parts(noun: Token | None, span: Span, anchor: Token, memory: CountMemory) -> SubjectParts | None:
    if noun is None:
        return _bare_figure_parts(anchor, memory)
    left = min([noun.i] + [token.i for child in noun.lefts for token in child.subtree])
    # "Pyongyang's troops": a possessive names the actor even when it sits before the figure
    phrase = noun.doc[left : noun.i + 1].text
    parts = split_subject(phrase)
    if parts.subject_class is None and parts.demonym_head and parts.actor:
        # "8,000 Chadians": copy names people by nationality once it has said what they are
        known = memory.class_for(parts.actor)
        return replace(parts, subject_class=known or "people", people=True, demonym_head=False,
                       nationality="actor" if known else "scope")
    return parts


def _bare_figure_parts(anchor: Token, memory: CountMemory) -> SubjectParts | None:
    """A figure with no noun: '600,000 killed or wounded' counts victims; 'another 400 arrived' repeats a subject."""
    verb = governing_verb(anchor)
    if verb is None:
        return None
    status, _rule = verb_status(verb)
    if status in _STATUS_CLASS:
        # "more than 600,000 killed or wounded": the victims are the people the story was counting
        if memory.last_people is not None:
            return replace(memory.last_people, implied_status=status)
        return SubjectParts(None, _STATUS_CLASS[status], True, status)
    if anchor.dep_ in ("nsubj", "nsubjpass", "dobj") and memory.last_people is not None:
        return memory.last_people
    return None


def _with_actor(parts: SubjectParts, token: Token, memory: CountMemory) -> SubjectParts:
    """Fill a missing actor from the clause ('Chad has sent 800 soldiers') or the story so far."""
    if parts.actor or parts.subject_class in _STATUS_CLASS.values():
        return parts
    verb = governing_verb(token)
    tables = lexicons()
    for candidate in _clause_subjects(verb):
        countries = tables.countries.find_all(candidate)
        actors = tables.actors.find_all(candidate)
        if actors:
            return replace(parts, actor=actors[0][2])
        if countries and countries[0][2] in tables.actor_by_country:
            return replace(parts, actor=tables.actor_by_country[countries[0][2]])
    if parts.people and parts.subject_class != "people":
        remembered = memory.actor_for(parts.subject_class)
        if remembered:
            return replace(parts, actor=remembered)
    return parts


def _clause_subjects(verb: Token | None) -> list[str]:
    """Subjects of the verb and of the verbs it is the complement of ('North Korea aimed to deploy ...')."""
    texts = []
    while verb is not None:
        for child in verb.children:
            if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN"):
                texts.append("".join(token.text_with_ws for token in child.subtree).strip())
        if texts or verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
    return texts


# --- non-claims -----------------------------------------------------------------------------------------------------


def _is_question(sentence: Span, quantity: Quantity) -> bool:
    """A figure in a clause that ends with a question mark is asked about, not claimed."""
    rest = sentence.text[quantity.end :]
    for char in rest:
        if char in ".!":
            return False
        if char == "?":
            return True
    return False


def _is_ignorance(anchor: Token) -> bool:
    """'We don't know whether we are talking about 500, 5,000 ...': a figure under negated knowing."""
    tables = lexicons()
    opened = False
    for token in [anchor, *anchor.ancestors]:
        children = list(token.children)
        if any(child.dep_ in ("mark", "advmod", "prep") and child.lower_ in tables.open_markers for child in children):
            opened = True
        negated = any(child.dep_ == "neg" for child in children)
        if opened and negated and token.lemma_.lower() in tables.ignorance_verbs:
            return True
        if opened and (token.lemma_.lower() in tables.ignorance_adjectives or any(
            child.dep_ == "acomp" and child.lemma_.lower() in tables.ignorance_adjectives for child in children
        )):
            return True
    return False
