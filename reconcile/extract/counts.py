"""Count claims (extract stage helper): a parsed sentence -> claim rows of kind=count with subject, status, source.

A figure becomes a count claim when the quantity parser reads it as a count, the parse ties it to a noun the
subject lexicon knows (or to a verb of killing and wounding), and it is asserted, not asked about or disowned.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from reconcile.extract.attribution import AttributionContext, attribute_sentence
from reconcile.extract.lexicons import lexicons
from reconcile.extract.subjects import SubjectParts, split_subject
from reconcile.kernels.quantity import Quantity, find_quantities
from reconcile.kernels.temporal import find_dates

# Nouns that stand for a figure itself: "raised the death toll to 42", "revised the number of troops to 8,000".
_FIGURE_NOUNS = ("number", "total", "toll", "tally", "figure", "count", "estimate")
_STATUS_CLASS = {"killed": "deaths", "wounded": "wounded", "casualties": "casualties"}
_MAX_PHRASE_GAP = 6


@dataclass(frozen=True)
class CountMemory:
    """What the document has counted so far, for copy that drops words it already gave ("the 800 soldiers")."""

    class_by_actor: tuple[tuple[str, str], ...] = ()
    actor_by_class: tuple[tuple[str, str], ...] = ()
    last_people: SubjectParts | None = None

    def remember(self, parts: SubjectParts) -> CountMemory:
        """A new memory that knows `parts` as the latest counted subject."""
        if not parts.people or parts.subject_class is None:
            return self
        # what happened to one group is not inherited by the next figure ("... 42 killed; another 500 evacuated")
        if parts.subject_class not in _STATUS_CLASS.values():
            parts = replace(parts, implied_status=None)
        memory = replace(self, last_people=parts)
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


def prime_memory(text: str) -> CountMemory:
    """What each actor's people are called anywhere in the text ("North Korean troops" -> troops), so that a
    first "8,000 Chadians" already reads as troops. `prime_memory("3 Russian troops").class_for("russian")`."""
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
    return memory


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
    for quantity in find_quantities(sentence.text):
        if quantity.role != "count":
            continue
        found = _count_claim(sentence, quantity, context, memory, text_offset)
        if found is None:
            continue
        row, parts = found
        rows.append(row)
        memory = memory.remember(parts)
    return rows, memory


def _count_claim(sentence: Span, quantity: Quantity, context, memory: CountMemory, text_offset: int):
    doc = sentence.doc
    start_char = sentence.start_char + quantity.start
    end_char = sentence.start_char + quantity.end
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    anchor = _anchor(span)
    if _is_question(sentence, quantity) or _is_ignorance(anchor):
        return None
    noun = _counted_noun(anchor, span)
    parts = _subject_parts(noun, span, anchor, memory)
    if parts is None or parts.subject_class is None:
        return None
    status, _rule_id = _status(noun if noun is not None else anchor, parts)
    parts = _with_actor(parts, noun if noun is not None else anchor, memory)
    counted = parts
    if parts.subject_class == "people" and status in _STATUS_CLASS:
        # "42 people were killed" and "the death toll rose to 57" count the same thing: one subject, so they
        # meet. The memory keeps "people", so a later "another 300 were injured" is not read as deaths.
        counted = replace(parts, subject_class=_STATUS_CLASS[status])
    claim_end = end_char
    if noun is not None and span.end <= noun.i <= span.end + _MAX_PHRASE_GAP:
        claim_end = noun.idx + len(noun.text)
    attribution = attribute_sentence(sentence, context.at(text_offset), focus=noun if noun is not None else anchor)
    period = _period(sentence, noun if noun is not None else anchor, context)
    row = {
        "kind": "count",
        "subject": counted.key,
        "status": status,
        "value_low": quantity.low,
        "value_high": quantity.high,
        "qualifier": quantity.qualifier,
        "is_increment": bool(quantity.is_increment),
        **attribution.as_columns(),
        **period,
        "text": sentence.text,
        "start": text_offset + start_char,
        "end": text_offset + claim_end,
    }
    return row, parts


def _anchor(span: Span) -> Token:
    """The token of the figure that links it to the rest of the sentence (its syntactic head inside the span)."""
    outside = [token for token in span if not (span.start <= token.head.i < span.end) or token.head.i == token.i]
    numeric = [token for token in outside if token.like_num or token.pos_ == "NUM"]
    return (numeric or outside or list(span))[-1]


def _counted_noun(anchor: Token, span: Span) -> Token | None:
    """The noun a figure counts: '800 troops', 'thousands of troops', 'the toll ... to 42', '400 of them'."""
    head = anchor.head
    if anchor.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.pos_ in ("NOUN", "PROPN"):
        if head.lower_ in _FIGURE_NOUNS:
            return _figure_subject(head) or head
        return head
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects and objects[0].pos_ == "PRON":
                # "the troops, some 4,000 of them": the pronoun stands for the noun the figure is set beside
                return head if anchor.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN") else None
            if objects:
                return objects[0]
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.lower_ not in _FIGURE_NOUNS and not anchor.like_num:
        return anchor if lexicons().subjects.get(anchor.lower_) else None
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("to", "at", "of"):
        governor = head.head
        if governor.lower_ in _FIGURE_NOUNS:
            return _figure_subject(governor) or governor
        for child in governor.children:
            if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.lower_ in _FIGURE_NOUNS:
                return _figure_subject(child) or child
            if child.dep_ == "dobj" and child.lower_ in lexicons().subjects:
                return child  # "organisers put the crowd at 100,000", "officials put the dead at 300"
    if anchor.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        # "the crowd numbered 25,000", "the dead totalled 57": the verb measures its subject
        subjects = [child for child in head.children if child.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0].lower_ in lexicons().subjects:
            return subjects[0]
    return _noun_after(span)


def _noun_after(span: Span) -> Token | None:
    """A misparse can hang the counted noun off a preposition ("between 60,000 and 65,000 people" with "people"
    as a second object of "between"): take a lexicon noun that follows the figure closely."""
    doc = span.doc
    for token in doc[span.end : min(len(doc), span.end + _MAX_PHRASE_GAP + 1)]:
        if token.lower_ in lexicons().subjects and token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.pos_ not in ("ADJ", "PROPN", "NOUN", "NUM"):
            return None
    return None


def _figure_subject(figure: Token) -> Token | None:
    """'the number of North Koreans' -> North Koreans; 'the death toll' keeps 'toll' (its compound says deaths)."""
    for child in figure.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects:
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
        return replace(parts, subject_class=known or "people", people=True, demonym_head=False)
    return parts


def _bare_figure_parts(anchor: Token, memory: CountMemory) -> SubjectParts | None:
    """A figure with no noun: '600,000 killed or wounded' counts victims; 'another 400 arrived' repeats a subject."""
    verb = _governing_verb(anchor)
    if verb is None:
        return None
    status, _rule = _verb_status(verb)
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
    verb = _governing_verb(token)
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


# --- period -------------------------------------------------------------------------------------------------------


def _period(sentence: Span, token: Token, context: AttributionContext) -> dict:
    """The period the figure is about: a date expression in the figure's own clause, not the cue's ('said Monday')."""
    empty = {"refers_from": None, "refers_to": None, "date_precision": None, "date_direction": None}
    verb = _governing_verb(token)
    clause = {token.i} | ({verb.i} if verb is not None else set())
    cue_lemmas = lexicons().verb_cues
    for interval in find_dates(sentence.text, context.published):
        span = sentence.doc.char_span(
            sentence.start_char + interval.start, sentence.start_char + interval.end, alignment_mode="expand"
        )
        if span is None or interval.refers_from is None and interval.refers_to is None:
            continue
        previous = span.root
        for ancestor in span.root.ancestors:
            if previous.dep_ in ("conj", "advcl", "relcl", "ccomp", "acl"):
                break  # a date in another clause ("..., but has not fought since 1953") is not this figure's
            previous = ancestor
            if ancestor.i in clause:
                low, high = interval.refers_from, interval.refers_to
                if low is not None and high is not None and low > high:
                    break
                return {
                    "refers_from": low.isoformat() if low is not None else None,
                    "refers_to": high.isoformat() if high is not None else None,
                    "date_precision": interval.precision,
                    "date_direction": interval.direction,
                }
            if ancestor.lemma_.lower() in cue_lemmas:
                break
    return empty


# --- status ---------------------------------------------------------------------------------------------------------


def _status(token: Token, parts: SubjectParts) -> tuple[str, str]:
    """Status from the noun itself ('deaths') or the verb governing it, its voice and modality."""
    if parts.implied_status:
        return parts.implied_status, f"subject:{parts.subject_class}"
    verb = _governing_verb(token)
    for child in token.children:
        # "the 800 soldiers sent to Mali were spread ...", "troops who were transported by ship": the
        # participle that defines the group says what happened to it
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            acl_status, acl_rule = _verb_status(child)
            if acl_status != "other":
                return acl_status, acl_rule
    return _verb_status(verb) if verb is not None else ("other", "ST36")


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current.i != token.i:
            return current
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def _verb_status(verb: Token) -> tuple[str, str]:
    tables = lexicons()
    features = _verb_features(verb, tables)
    planned = _is_planned(verb, tables)
    for rule_id, _label, lemma, modality, status in tables.status_rules:
        if lemma != "*" and lemma not in features:
            continue
        if modality == "planned" and not planned or modality == "actual" and planned:
            continue
        return status, rule_id
    return "other", "ST36"


def _verb_features(verb: Token, tables) -> set[str]:
    lemma = verb.lemma_.lower()
    features = {lemma}
    # phrasal verbs are named by verb and object: "took part" is take+part, not the "take" of "taken to Russia"
    features.update(f"{lemma}+{child.lemma_.lower()}" for child in verb.children if child.dep_ == "dobj")
    for child in verb.children:
        # only "killed or wounded" joins the two; "42 killed and 300 injured" are two figures
        if child.dep_ == "conj" and child.pos_ in ("VERB", "ADJ") and _joined_by_or(verb):
            features.add(f"{lemma}+{child.lemma_.lower()}")
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "ADJ") and _joined_by_or(verb.head):
        # "killed or injured 4,000 people": the object hangs off the second verb
        features.add(f"{verb.head.lemma_.lower()}+{lemma}")
        if child.dep_ == "acomp":
            features.add(child.lemma_.lower())
    if lemma == "be" and any(
        child.dep_ == "prep" and child.lower_ in ("in", "inside", "at") for child in _self_and_args(verb)
    ):
        features.add("be+in")
    if any(token.lemma_.lower() in tables.combat_lemmas for token in verb.subtree if token.dep_ == "pobj"):
        features.add(f"{lemma}+combat")
    return features


def _joined_by_or(verb: Token) -> bool:
    return any(child.dep_ == "cc" and child.lower_ in ("or", "and/or") for child in verb.children)


def _self_and_args(verb: Token):
    yield from verb.children
    for child in verb.children:
        if child.dep_ in ("nsubj", "attr", "nsubjpass"):
            yield from child.children


def _is_planned(verb: Token, tables) -> bool:
    """Future or intended: 'will be sent', 'could deploy', 'aims to deploy ... by December', 'expected to arrive'."""
    current = verb
    for _ in range(4):
        if any(child.dep_ == "aux" and child.lemma_.lower() in tables.planning_lemmas for child in current.children):
            return True
        if current.i != verb.i and current.lemma_.lower() in tables.planning_lemmas:
            return True
        if current.lemma_.lower() in tables.planning_lemmas and any(c.dep_ == "xcomp" for c in current.children):
            return True  # "were being prepared to join", "are expected to arrive"
        if current.dep_ not in ("xcomp", "ccomp") or current.head.i == current.i:
            break
        current = current.head
    return False


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
