"""Counted nouns (extract stage helper): a figure's tokens -> the noun it counts, the group that noun names, and
whose figure it is when the figure noun says ("the Cusco region government's figure of 27").

The parse ties a figure to its noun ("800 troops", "thousands of troops", "82 dead", "96 out of 110 pilgrims"), to
a figure noun it completes ("the toll surged past 900", "an official count of 37", "brought the total to 922"),
or to the subject a copula or a measuring verb names ("all 39 were stampede victims", "the dead totalled 57").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from reconcile.extract.attribution import AttributionContext, attribute_token, official_attribution
from reconcile.extract.count_memory import FIGURE_NOUNS, STATUS_CLASS, CountMemory

__all__ = ["FIGURE_NOUNS"]
from reconcile.extract.ellipsis import Ellipsis
from reconcile.extract.lexicons import lexicons
from reconcile.extract.nlp import TIME_ENTITIES
from reconcile.extract.status import governing_verb, verb_status
from reconcile.extract.subjects import SubjectParts, split_subject
from reconcile.rules import scope_words_of_kind


MAX_PHRASE_GAP = 6


# Prepositions that tie a figure to the verb or figure noun it completes ("the toll surged past 900").
_COMPLEMENT_PREPOSITIONS = ("to", "at", "of", "past", "above", "over", "beyond", "from", "near", "around")


def names_the_count(noun: Token) -> bool:
    """Whether the noun the claim's span reaches names what is counted ("30 burial permits", "52 Chileans"),
    not a verb the parser took for one ("a million rally")."""
    tables = lexicons()
    phrase = noun.doc[max(noun.i - 1, noun.sent.start) : noun.i + 1].text.lower()
    words = noun.doc[max(noun.i - 2, noun.sent.start) : noun.i + 1].text  # "North Koreans"
    return (noun.lower_ in tables.subjects or phrase in tables.subjects or noun.lower_ in FIGURE_NOUNS
            or any(end == len(words) for _start, end, _actor in tables.actors.find_all(words)))


def describes_source(noun: Token) -> bool:
    """"Three police sources", "two Arab diplomats": a figure of unnamed sources, not of people counted."""
    return noun.lemma_.lower() in lexicons().source_describers or noun.lower_ in lexicons().source_describers


def figure_owner(noun: Token | None, anchor: Token, sentence: Span, context: AttributionContext):
    """Whose figure it is, when the figure noun says: 'the Cusco region government's figure of 27', 'an official
    count of 30 provided Tuesday by Lima', 'against an official count of 27' (the officials', not the reporter's)."""
    figure = _figure_noun_of(noun) or _figure_noun_of(anchor.head.head if anchor.head.lower_ == "of" else None)
    if figure is None:
        return None
    for child in [*figure.children, *anchor.children]:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            target = _agent_of(child)
            if target is not None:
                return attribute_token(target, sentence, context, cue=child)
    for child in figure.children:
        if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ not in TIME_ENTITIES:
            if child.lower_ in scope_words_of_kind("division"):
                return None  # "Pellham County's death toll": the county is the toll's part of the story, not a voice
            return attribute_token(child, sentence, context)  # "Thursday's toll" is no one's
        if child.dep_ == "poss" and child.lower_ in ("its", "their"):
            # "The Forum, which organised the march, stood by its figure of 70,000": the clause's subject's figure
            verb = governing_verb(figure)
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                return attribute_token(subject, sentence, context)
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
    if token.lower_ in FIGURE_NOUNS:
        return token
    if token.head.lower_ == "of" and token.head.head.lower_ in FIGURE_NOUNS:
        return token.head.head
    return None


def own_source(ellipsis: Ellipsis | None, sentence: Span, context: AttributionContext):
    """The source an elliptical figure names itself ("400,000 for the union", "1.27 million according to X")."""
    if ellipsis is None or ellipsis.source is None:
        return None
    found = attribute_token(ellipsis.source, sentence, context)
    return found if found is not None and found.source_org or found is not None and found.speaker else None


def counted_noun(anchor: Token, span: Span) -> Token | None:
    """The noun a figure counts: '800 troops', 'thousands of troops', 'the toll ... to 42', '400 of them',
    '82 dead', '96 out of 110 pilgrims', 'all 39 were stampede victims'."""
    head = anchor.head
    subjects = lexicons().subjects
    if anchor.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        if head.lower_ in FIGURE_NOUNS:
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
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.lower_ not in FIGURE_NOUNS and not anchor.like_num:
        return anchor if subjects.get(anchor.lower_) else None
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _COMPLEMENT_PREPOSITIONS:
        found = _completed_noun(head.head)
        if found is not None:
            return found
    if anchor.dep_ == "nsubj" and head.pos_ == "VERB" and head.lower_ in subjects and subjects[head.lower_][1] \
            and not subjects[head.lower_][2]:
        # "Two still missing after mine collapse": the parse takes the people word for the verb (words that name an
        # outcome, "killed", are the verb's status instead)
        return head
    if anchor.dep_ in ("dobj", "attr", "nsubj") and head.pos_ in ("VERB", "AUX"):
        # "the crowd numbered 25,000", "the dead totalled 57": the verb measures its subject;
        # "all 39 were stampede victims": the copula's complement names them
        wanted = ("attr", "acomp") if anchor.dep_ == "nsubj" else ("nsubj", "nsubjpass")
        if anchor.dep_ == "dobj" and lemma_is_cue(head):
            wanted = ("nsubjpass",)  # "the police counted 14,200": who counts is not what is counted
        others = [child for child in head.children if child.dep_ in wanted and child.i != anchor.i]
        if others and others[0].lower_ in FIGURE_NOUNS:
            return _figure_subject(others[0]) or others[0]  # "the number of Chileans who died has reached 64"
        if others and others[0].lower_ in subjects:
            return others[0]  # "another 25 were missing"
        if anchor.dep_ == "attr" and not others:
            # "Diplomats said the total at the morgue was 550": the figure noun is the object of the verb above
            found = _completed_noun(head.head) if head.head.i != head.i else None
            if found is not None:
                return found
    return _noun_after(span)


def lemma_is_cue(verb: Token) -> bool:
    """Whether a verb reports or counts (a speech or figure cue): its subject is a source."""
    tables = lexicons()
    lemma = verb.lemma_.lower()
    return lemma in tables.verb_cues or lemma in tables.figure_cues


def _completed_noun(governor: Token) -> Token | None:
    """The figure or people noun a preposition's figure completes: 'official count of 37', 'deaths had jumped
    to 600', 'put the toll at 1,100', 'brought the total reported so far to 922'."""
    subjects = lexicons().subjects
    if governor.lower_ in FIGURE_NOUNS:
        return _figure_subject(governor) or governor
    if governor.dep_ in ("acl", "relcl") and governor.head.lower_ in FIGURE_NOUNS:
        return _figure_subject(governor.head) or governor.head
    for child in governor.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.lower_ in FIGURE_NOUNS:
            return _figure_subject(child) or child
        if child.dep_ == "dobj" and child.lower_ in subjects:
            return child  # "organisers put the crowd at 100,000", "officials put the dead at 300"
    for child in governor.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in subjects and subjects[child.lower_][1]:
            return child  # "deaths among Chileans had jumped to 450"
    return None


def _noun_after(span: Span) -> Token | None:
    """A misparse can hang the counted noun off a preposition ("between 60,000 and 65,000 people" with "people"
    as a second object of "between"): take a lexicon noun that follows the figure closely."""
    doc = span.doc
    subjects = lexicons().subjects
    for token in doc[span.end : min(len(doc), span.end + MAX_PHRASE_GAP + 1)]:
        if token.lower_ in subjects and token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.i == span.end and token.lower_ in subjects and token.tag_ in ("JJ", "VBN", "VBG") and not (
            token.i + 1 < len(doc) and doc[token.i + 1].pos_ in ("NOUN", "PROPN")
        ) and not _coordinated_statuses(token, subjects):
            return token  # "It counted 530 injured and ...", "45 injured and nine missing": a participle as a noun
        if token.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM") and token.tag_ != "VBN":
            return None  # "645 confirmed deaths": a participle may sit between the figure and its noun
    return None


def _coordinated_statuses(word: Token, subjects) -> bool:
    """"600,000 killed or wounded": two outcomes joined, which the clause's verbs read together (casualties)."""
    doc = word.doc
    return word.i + 2 < len(doc) and doc[word.i + 1].lower_ in ("or", "and", "and/or") and (
        doc[word.i + 2].lower_ in subjects and not doc[word.i + 2].like_num)


# Two outcomes one figure counts together ("120 dead and missing"): the subject of the joined count. Neither a toll
# nor a list of the missing, it meets only counts of the same pair.
JOINED_OUTCOMES = {frozenset({"deaths", "missing"}): "dead_or_missing"}


def joined_outcome(anchor: Token, noun: Token | None) -> str | None:
    """The subject of a figure that counts two outcomes together: "120 dead and missing", "125 people dead or
    missing", "300 people were dead or missing", "the number of dead and missing rose to 140"; None for one outcome
    or for two figures ("42 dead and 300 missing" joins two counts, not two outcomes)."""
    subjects = lexicons().subjects
    doc = anchor.doc

    def joined(first: Token, second: Token) -> str | None:
        if any(token.like_num for token in (first, second, *second.children)):
            return None
        return JOINED_OUTCOMES.get(frozenset(subjects.get(word.lower_, (None,))[0] for word in (first, second)))

    pairs = [(doc[at], doc[at + 2]) for at in {anchor.i + 1, *((noun.i + 1,) if noun is not None else ())}
             if at + 2 < len(doc) and doc[at + 1].lower_ in ("and", "or")]
    verb = governing_verb(anchor)
    words = ([noun] if noun is not None else []) + ([child for child in verb.children if child.dep_ == "acomp"]
                                                    if verb is not None else [])
    # "the number of dead and missing", "were dead or missing": a word and its conjunct
    pairs += [(word, child) for word in words for child in word.children if child.dep_ == "conj"]
    return next((found for first, second in sorted(pairs, key=lambda pair: pair[0].i)
                 if (found := joined(first, second)) is not None), None)


def _figure_subject(figure: Token) -> Token | None:
    """'the number of North Koreans' -> North Koreans; 'the death toll' keeps 'toll' (its compound says deaths);
    'an official count of 37' has no counted noun of its own."""
    for child in figure.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects and not objects[0].like_num and objects[0].pos_ != "NUM":
                return objects[0]
    return None


def subject_parts(noun: Token | None, span: Span, anchor: Token, memory: CountMemory) -> SubjectParts | None:
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
    if status in STATUS_CLASS:
        # "more than 600,000 killed or wounded": the victims are the people the story was counting
        if memory.last_people is not None:
            return replace(memory.last_people, implied_status=status)
        return SubjectParts(None, STATUS_CLASS[status], True, status)
    if anchor.dep_ in ("nsubj", "nsubjpass", "dobj") and memory.last_people is not None:
        return memory.last_people
    return None


def with_actor(parts: SubjectParts, token: Token, memory: CountMemory) -> SubjectParts:
    """Fill a missing actor from the clause ('Chad has sent 800 soldiers') or the story so far."""
    if parts.actor or parts.subject_class in STATUS_CLASS.values() or parts.nationality == "scope":
        # a group a nationality only narrows ("protesters", "pilgrims") takes none from whoever counted it ("The
        # French Interior Ministry counted 1.08 million protesters"): a nationality it has is its scope
        return parts
    verb = governing_verb(token)
    tables = lexicons()
    for candidate in _clause_subjects(verb) + _possessor_subjects(token):
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


_POSSESSIVE_PRONOUNS = ("its", "their", "our")


def _possessor_subjects(noun: Token) -> list[str]:
    """'Armenia said four of its soldiers had been killed': the possessive is the speaker's side, so the
    subject of the clause the counted phrase is reported in names the actor."""
    if not any(child.dep_ == "poss" and child.lower_ in _POSSESSIVE_PRONOUNS for child in noun.children):
        return []
    return next((texts for ancestor in noun.ancestors if ancestor.pos_ in ("VERB", "AUX")
                 and (texts := _subject_texts(ancestor))), [])


def _clause_subjects(verb: Token | None) -> list[str]:
    """Subjects of the verb and of the verbs it is the complement of ('North Korea aimed to deploy ...')."""
    texts = []
    while verb is not None:
        texts += _subject_texts(verb)
        if texts or verb.dep_ not in ("xcomp", "conj", "advcl") or verb.head.i == verb.i:
            break
        verb = verb.head
    return texts


def _subject_texts(verb: Token) -> list[str]:
    """The noun subjects of one verb, as written."""
    return ["".join(token.text_with_ws for token in child.subtree).strip() for child in verb.children
            if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN")]
