"""What a figure leans on (extract stage helper): a figure -> its subject and the status it inherits.

A figure with a noun the subject lexicon knows counts that noun. Otherwise it leans on what came before: the figure
counted just before in its sentence, else the group the story last counted, else the story's people, through an
elliptical construction (`ellipsis`), a figure noun ("the total reported so far rose to 577"), a partitive ("31 of
them"), an anaphoric noun ("60 others") or a verb of gathering ("Over a million march"). What it inherits is the
status of what it leans on, never a forecast made across sentences.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from reconcile.extract.count_memory import CROWD, FIGURE_NOUNS, STATUS_CLASS, CountMemory
from reconcile.extract.counted import subject_parts
from reconcile.extract.ellipsis import find_ellipsis
from reconcile.extract.lexicons import lexicons
from reconcile.extract.status import STRONG_STATUSES, governing_verb, lemma_of, names_a_fate, verb_status
from reconcile.extract.subjects import SubjectParts


# Nouns that stand for a group named before: "60 others were injured", "the 22 men" (the miners, the soldiers or
# the crew the story counts).
ANAPHORIC_NOUNS = ("others", "ones", "men")


# Words that make a wordless amount a claim about size ("a sizable number of troops").
_MISSING_WORDS = ("missing", "unaccounted")


# How far back (characters) a partitive "dozens of them" may find the group it is part of.
_PARTITIVE_REACH = 400


def leaning(noun: Token | None, span: Span, anchor: Token, memory: CountMemory,
             previous: tuple[SubjectParts, str | None] | None):
    """(subject parts, inherited status, ellipsis) of a figure, or None when it counts no people or things."""
    parts = subject_parts(noun, span, anchor, memory)
    if parts is not None and parts.subject_class is not None:
        if noun is not None and noun.lower_ in FIGURE_NOUNS:
            return parts, _figure_status(noun, previous, memory), None
        included = _included_in(anchor if noun is None else noun)
        if included is not None:
            return parts, _figure_status(included, previous, memory), None  # "That figure included 210 Chileans"
        if noun is None and previous is None and measured(anchor) and anchor.dep_ == "dobj" and (
                memory.last_status not in (None, "planned", "other")):
            # "Police said 14 people had been killed. The prosecutor said 17.": a bare figure a source gives right
            # after another is its rival figure for the same outcome
            return parts, memory.last_status, None
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
    if ellipsis is not None and previous is None:
        own = _sentence_group(anchor, span, memory)
        if own is not None:
            # "The displaced were listed as Akwaro (98,000), Kessa (71,000)": the list counts its sentence's group
            return own, ellipsis.status or own.implied_status, ellipsis
    if ellipsis is not None and antecedent is not None:
        return antecedent[0], ellipsis.status or antecedent[1], ellipsis
    if noun is not None and noun.lower_ in FIGURE_NOUNS:
        # "the total reported so far rose to 577": the group the story counts; "the latest deaths brought the
        # total to 412": the outcome the clause names, whatever the story counted before
        outcome = _figure_status(noun, previous, memory)
        if antecedent is not None:
            return antecedent[0], outcome, None
        if outcome in STATUS_CLASS:
            return SubjectParts(None, STATUS_CLASS[outcome], True, outcome, nationality="scope"), outcome, None
    if noun is not None and noun.lower_ in ANAPHORIC_NOUNS and antecedent is not None:
        return antecedent[0], None, None  # "60 others were injured"
    crowd = noun is None and _crowd_verb(anchor) or noun is not None and _verb_like(noun)
    if crowd or ellipsis is not None and _crowd_sentence(span):
        # "Over a million march in protest", "Smaller towns also marched: Talca (4500)": people at the event
        return (antecedent[0] if antecedent is not None else CROWD), "present", ellipsis
    return None


def _sentence_group(anchor: Token, span: Span, memory: CountMemory) -> SubjectParts | None:
    """The people the sentence's subject names, when the figure is not inside that subject ("The displaced were
    listed as ..."): what a verbless list in the sentence counts."""
    root = anchor.sent.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < anchor.i and not any(
                token.like_num for token in child.subtree):
            parts = subject_parts(child, span, anchor, memory)
            if parts is not None and parts.people and parts.subject_class not in (None, "people"):
                return parts
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
    modifiers = [child for child in figure.children if child.dep_ in ("compound", "amod")]
    for holder in holders + modifiers:
        entry = subjects.get(holder.lower_)
        if entry and entry[2] in STRONG_STATUSES:
            return entry[2]
    for modifier in modifiers:
        # "raises the trapped count to 25", "the rescue tally": the figure's own word names another fate
        if names_a_fate(lemma_of(modifier)):
            return "other"
    return None


def _included_in(token: Token) -> Token | None:
    """The figure noun a group is part of: 'That figure included 210 Chileans and 52 Peruvians'."""
    verb = governing_verb(token)
    if verb is None or verb.lemma_.lower() not in ("include", "comprise"):
        return None
    return next((child for child in verb.children if child.dep_ == "nsubj" and child.lower_ in FIGURE_NOUNS), None)


def _verb_like(noun: Token) -> bool:
    """A headline verb misread as a noun: 'Over a million march in protest'."""
    return noun.dep_ == "ROOT" and noun.tag_ in ("NN", "NNS", "VBP") and verb_status(noun)[0] == "present"


def _partitive_status(anchor: Token, previous, memory: CountMemory) -> str | None:
    """'Only 31 of them had the right to be there', '630 of them unregistered': the figure is part of the group
    counted just before (in the sentence or close before it), and shares its status."""
    if not of_pronoun(anchor):
        return None
    if previous is not None:
        return previous[1]
    return memory.last_status if memory.last_at >= 0 and memory.last_at > _offset(anchor) - _PARTITIVE_REACH \
        else None


def _offset(token: Token) -> int:
    return token.doc.user_data.get("text_offset", 0) + token.idx


def is_missing(token: Token, anchor: Token | None = None) -> bool:
    """A group the clause says is missing ("pilgrims who had been reported missing", "25 were missing"). The parse
    may hang the relative clause on a figure the group is the whole of ("96 out of 110 pilgrims who had been
    reported missing were found"): the clause describes the 110, not the 96 that were found."""
    verb = governing_verb(token)
    part = anchor is not None and anchor.i != token.i and anchor.head.i != token.i
    holders = [] if part else [token, *[a for a in token.ancestors if a.pos_ not in ("VERB", "AUX")][:3]]
    clauses = [child for holder in holders for child in holder.children if child.dep_ in ("acl", "relcl")]
    clauses += [verb] if verb else []
    if verb is not None and verb.lower_ in _MISSING_WORDS:
        return True  # "12 people were still missing": the parse takes "missing" for the verb
    return any(child.dep_ in ("acomp", "oprd") and child.lower_ in _MISSING_WORDS
               for clause in clauses for child in clause.children)


def is_included(span: Span) -> bool:
    """'..., including 11 deaths': a part of the group counted just before."""
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    return before is not None and before.lower_ in ("including", "includes", "among")


def of_pronoun(anchor: Token) -> bool:
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            if any(grandchild.pos_ == "PRON" for grandchild in child.children if grandchild.dep_ == "pobj"):
                return True
    return False


def measured(token: Token) -> bool:
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
