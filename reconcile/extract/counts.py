"""Count claims (extract stage helper): a parsed sentence -> claim rows of kind=count with subject, status, source.

A figure becomes a count claim when the quantity parser reads it as a count, the parse ties it to a noun the
subject lexicon knows (or to a verb of killing and wounding, or to a figure noun: "the toll surged past 900"), or
it is an elliptical figure that leans on what the sentence or the story counted ("including 70,000 in Lima",
see `ellipsis`), and it is asserted, not asked about or disowned. Words that only describe a source ("three police
sources said") are not counts.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from reconcile.extract.attribution import AttributionContext, attribute_sentence, narrated
from reconcile.extract.count_memory import STATUS_CLASS, WORD, CountMemory, prime_memory
from reconcile.extract.count_period import count_period
from reconcile.extract.counted import (
    FIGURE_NOUNS,
    MAX_PHRASE_GAP,
    counted_noun,
    describes_source,
    figure_owner,
    joined_outcome,
    names_the_count,
    own_source,
    with_actor,
)
from reconcile.extract.leaning import is_included, is_missing, leaning, measured, of_pronoun
from reconcile.extract.lexicons import lexicons
from reconcile.extract.nlp import sentence_quantities, span_text
from reconcile.extract.status import (
    STRONG_STATUSES,
    count_status,
    fate_of_lemma,
    governing_verb,
    lemma_of,
    names_a_fate,
)
from reconcile.extract.subjects import SubjectParts
from reconcile.kernels.numbers import quantity_lexicon
from reconcile.kernels.quantity import Quantity
from reconcile.vocab import COLLECTED_BODIES

__all__ = ["CountMemory", "extract_count_claims", "prime_memory"]

_SIZE_WORDS = ("large", "sizable", "sizeable", "significant", "substantial", "huge", "vast", "great")


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
    quantities = [quantity for quantity in sentence_quantities(sentence) if quantity.role == "count"]
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


# Classes whose dead and injured are the story's toll ("23 workers died" and "the toll rose to 23" count one
# thing); troops are not among them: soldiers killed in action are counted apart from a war's civilian toll.
TOLL_CLASSES = ("people", "workers")


def _collected(noun: Token | None, anchor: Token, counted: SubjectParts) -> str | None:
    """'collected 530 bodies', 'Yesterday alone we picked up 170' (of the bodies counted before): bodies gathered by a
    service are a record of their own."""
    if noun is not None and noun.lemma_.lower() != "body" or noun is None and counted.subject_class != "deaths":
        return None
    return COLLECTED_BODIES if _governing_lemma(noun if noun is not None else anchor) in lexicons().collect_lemmas \
        else None


def _fate_of_modifier(noun: Token | None) -> str | None:
    """The fate a participle before the counted noun names ("the number of escaped inmates", "72 rescued miners",
    "hospitalised patients"), by the statuses.csv rung of that lemma."""
    if noun is None:
        return None
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.i < noun.i and child.tag_ in ("VBN", "JJ", "VBD"):
            fate = fate_of_lemma(lemma_of(child))
            if fate is not None:
                return fate
    return None


def _fate_after(anchor: Token) -> bool:
    """Whether the word right after a bare figure names a fate of the living ("14 rescued", "20 evacuated",
    "six arrested"; statuses.csv rungs of status other), which a figure leaning on the dead does not share."""
    after = anchor.nbor(1) if anchor.i + 1 < len(anchor.doc) else None
    return after is not None and after.tag_ in ("VBN", "VBD", "JJ") and names_a_fate(lemma_of(after))


def _changes_a_total(focus: Token) -> bool:
    """'removed 44 deaths from the toll', 'eight deaths were reclassified': the figure is a change to a total (a
    difference), whatever it counts (statuses.csv, kind change)."""
    return _governing_lemma(focus) in lexicons().change_lemmas


def _governing_lemma(token: Token) -> str | None:
    verb = governing_verb(token)
    return lemma_of(verb) if verb is not None else None


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
    noun = counted_noun(anchor, span)
    if noun is not None and describes_source(noun):
        return None  # "three police sources said ...": the words describe who speaks, they count nothing
    lean = leaning(noun, span, anchor, memory, previous)
    if lean is None:
        return None
    parts, inherited, ellipsis = lean
    focus = noun if noun is not None and ellipsis is None else anchor
    status, rule_id = count_status(focus, parts.implied_status, inherited, anchor)
    story = memory.story_people
    if status == "other" and story is not None and story.implied_status and measured(focus) and (
        parts.subject_class in ("people", story.subject_class)
    ):
        status = story.implied_status  # "police counted 28,000 people in the procession": a crowd count
    if ellipsis is not None and ellipsis.is_difference:
        status = "other"  # "8,500 more than last time" counts a difference, not a crowd
    if noun is None and quantity.text.lower() == "one" and status not in STRONG_STATUSES:
        return None  # a bare "one" ("and one specified that") is a pronoun unless its clause says who died
    parts = with_actor(parts, focus, memory)
    counted = parts
    if (parts.subject_class in TOLL_CLASSES or parts.subject_class in STATUS_CLASS.values()) and status in STATUS_CLASS:
        # "42 people were killed" and "the death toll rose to 57" count the same thing: one subject, so they meet
        # (the memory keeps "people", so a later "another 300 were injured" is not read as deaths); "Twenty-five
        # bodies have been identified, ... adding 60 were injured": the injured are not deaths
        counted = replace(parts, subject_class=STATUS_CLASS[status])
    elif parts.people and parts.subject_class not in STATUS_CLASS.values() and is_missing(focus, anchor):
        counted = replace(parts, subject_class="missing")  # "110 pilgrims who had been reported missing"
    elif noun is None and parts.subject_class in STATUS_CLASS.values() and status not in STATUS_CLASS and (
            _fate_after(anchor) or rule_id in lexicons().fates):
        # "11 dead and 14 rescued", "Eleven have died here, and 19 have gone home": the rescued are not deaths
        counted = replace(parts, subject_class="people")
    elif parts.subject_class == "people" and story is not None and story.implied_status == status:
        # "two million people had marched" in a story that counts demonstrators counts demonstrators
        counted = replace(parts, subject_class=story.subject_class)
    joined = joined_outcome(anchor, noun) if ellipsis is None else None
    if joined is not None:
        counted, status, rule_id = replace(parts, subject_class=joined), "other", None  # "120 dead and missing"
    claim_end = end_char
    if noun is not None and ellipsis is None and span.end <= noun.i <= span.end + MAX_PHRASE_GAP and (
        names_the_count(noun)
    ):
        claim_end = noun.idx + len(noun.text)
    attribution = own_source(ellipsis, sentence, context.at(text_offset))
    if attribution is None:
        attribution = figure_owner(noun if ellipsis is None else None, anchor, sentence, context.at(text_offset))
    if attribution is None:
        attribution = attribute_sentence(sentence, context.at(text_offset), focus=focus)
    period = count_period(sentence, focus, context.published, start_char - sentence.start_char, figures,
                          context.year_hint)
    row = {
        "kind": "count",
        "subject": counted.key,
        "record": counted.record or _collected(noun, anchor, counted),
        "status": status,
        "value_low": quantity.low,
        "value_high": quantity.high,
        "qualifier": quantity.qualifier,
        "is_increment": bool(quantity.is_increment or (ellipsis is not None and ellipsis.is_difference)
                             or _changes_a_total(focus)),
        **attribution.as_columns(),
        "_source_town": attribution.source_town,  # read and dropped by the scope step
        "_news_day": attribution.news_day,  # read and dropped by carry.date_counts
        **period,
        "text": span_text(sentence),
        "start": text_offset + start_char,
        "end": text_offset + claim_end,
        "_place": ellipsis.place if ellipsis is not None else None,
        "_elliptical": ellipsis is not None,
        # "23 inmates were taken to hospital", "64 escaped": the fate its status rung names, a part of the story's
        # population (read and dropped by the scope step)
        # people in shelters are present at a place, as the devsets label them, and sheltered: a part of the story's
        # people that changes both ways
        "_fate": (lexicons().fates.get(rule_id) or _fate_of_modifier(noun)) if status == "other" else (
            lexicons().fates.get(rule_id) if status == "present" else None),
        "_narrated": attribution.attribution == "none" and narrated(focus),
        # a figure that leans on the one before it in the sentence covers the same part of the story
        # ('"Two are in theatre," she said' after the hospital's 19 admitted: a bare number that no new source
        # gives leans on the count just before it)
        "_leans": (previous is not None and (noun is None or noun.lower_ in FIGURE_NOUNS or is_included(span))
                   or ellipsis is not None or of_pronoun(anchor) or noun is None and _goes_on(sentence, attribution) and _just_after_a_count(memory, text_offset + start_char)),
        "_focus": focus,
        "_figure": anchor,
        "_parts": counted,
    }
    return row, parts


# How far (characters) a bare number may stand from the count before it to lean on it ('"Two are in theatre"').
_BARE_NUMBER_REACH = 300


def _goes_on(sentence: Span, attribution) -> bool:
    """Whether a sentence goes on with what was said before: it names no source, or it quotes ('"Two are in
    theatre," she said'), rather than a new source's own figure ("The city police counted 4,200")."""
    return attribution.attribution == "none" or span_text(sentence).lstrip()[:1] in _QUOTE_MARKS


_QUOTE_MARKS = ('"', "“", "'", "‘")


def _just_after_a_count(memory: CountMemory, at: int) -> bool:
    return 0 <= memory.last_at and at - memory.last_at <= _BARE_NUMBER_REACH


def _wordless_amount(quantity: Quantity) -> bool:
    """'a number of', 'several', 'a few': an amount built on no number word is not a figure anyone gives; one
    that states a size ("a sizable number of", "a large number of") is a claim about how many."""
    if quantity.rule_id != "qty.vague":
        return False
    if any(word in _SIZE_WORDS for word in WORD.findall(quantity.text.lower())):
        return False
    numbers = {word for word, (kind, _value) in quantity_lexicon().numbers.items()
               if kind in ("unit", "tens", "scale", "multiplier")}
    words = WORD.findall(quantity.text.lower())
    return not any(word in numbers or word.rstrip("s") in numbers or word == "scores" for word in words)


def _anchor(span: Span) -> Token:
    """The token of the figure that links it to the rest of the sentence (its syntactic head inside the span);
    when a qualifier word heads the figure ("past 300" as a preposition and its object), the number itself."""
    outside = [token for token in span if not (span.start <= token.head.i < span.end) or token.head.i == token.i]
    numeric = [token for token in outside if token.like_num or token.pos_ == "NUM"]
    if not numeric and outside and outside[-1].pos_ in ("ADP", "ADV", "ADJ"):
        numeric = [token for token in span if token.like_num or token.pos_ == "NUM"]
    return (numeric or outside or list(span))[-1]


# --- non-claims -----------------------------------------------------------------------------------------------------


def _is_question(sentence: Span, quantity: Quantity) -> bool:
    """A figure in a clause that ends with a question mark is asked about, not claimed."""
    rest = span_text(sentence)[quantity.end :]
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
