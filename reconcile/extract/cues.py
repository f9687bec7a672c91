"""Speech cues (extract stage helper): a parsed sentence -> the cues that attribute its claims and what each covers.

Verb cues ("X said", "X told reporters", "X counted", a figure verb: "X gave AFP a toll of 577"), prepositional cues
("according to X", "citing X"; "according to which" points back to the noun before it) and relay cues ("A quoted B
as saying"). A cue does not speak for a figure in a clause the outlet narrates around it ("..., as tens of millions
gathered", "..., bringing the total to 922"), and one in parentheses speaks only for its neighbour.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from reconcile.extract.nlp import entities_of, sentence_words


_SUBJECT_DEPS = ("nsubj", "nsubjpass")


# Subordinators of a clause the outlet narrates around a statement ("as crowds gathered", "hours after a stampede
# killed 30"): a cue outside such a clause does not speak for a figure inside it.
_BACKGROUND_MARKS = ("as", "while", "when", "after", "before", "since", "until", "because")


# Participles of a running total the outlet adds up ("..., bringing the total to 922", "making this year's toll
# at least 1,114"): the source of the sentence gave the new deaths, not the total.
_RUNNING_TOTAL_VERBS = ("bring", "make", "take", "raise", "push", "lift")


def narrated_clause(focus: Token) -> Token | None:
    """The narrated clause a figure sits in (an adverbial clause with a time or cause subordinator, or a running
    total's participle, which the parser may also hang on a noun), if any."""
    for token in [focus, *focus.ancestors]:
        if token.dep_ == "acl" and running_total_participle(token):
            return token  # "found by volunteers searching the ravine, bringing the toll to 16": an adverbial
        if token.dep_ != "advcl":
            continue
        if any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in token.children):
            return token
        if running_total_participle(token):
            return token
    return None


def running_total_participle(token: Token) -> bool:
    """"bringing the toll to 16", "making this year's toll 1,114": a running total's participle with no subject."""
    return token.tag_ == "VBG" and token.lemma_.lower() in _RUNNING_TOTAL_VERBS and not any(
        c.dep_ == "nsubj" for c in token.children)


def verb_cues(sentence: Span, tables) -> list[tuple[Token, Token, str]]:
    """Speech-cue verbs with a subject, outermost first (fewest cue ancestors), then left to right."""
    cues = []
    lemmas = sentence_words(sentence)[1]
    if lemmas.isdisjoint(tables.verb_cues) and lemmas.isdisjoint(tables.figure_cues):
        return cues
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in tables.figure_cues and token.pos_ == "VERB" and _gives_a_figure(token, tables):
            pass  # "a senior official gave AFP a partial toll of 577"
        elif lemma not in tables.verb_cues or token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
            continue
        if token.pos_ == "NOUN" and token.dep_ != "ROOT":
            continue
        source = _cue_source(token, shared=False)
        if source is not None and source.ent_type_ not in ("PERSON", "ORG"):
            source = _apposed_speaker(token, source)
        if source is None:
            source = _entity_before(token)
        if source is None:
            source = _cue_source(token)
        if source is None:
            source = _phrase_before(token)
        if source is None:
            continue
        cues.append((token, source, token.lower_))
    cue_positions = {token.i for token, _s, _l in cues}
    depth = {token.i: sum(1 for ancestor in token.ancestors if ancestor.i in cue_positions) for token, _s, _l in cues}
    return sorted(cues, key=lambda cue: (depth[cue[0].i], cue[0].i))


def _apposed_speaker(cue: Token, subject: Token) -> Token:
    """A subject the parse took from far back ("... (22) states, NEMA's director-general, Jane Doe, told"): the
    name set off by commas right before the cue, in apposition under that subject, speaks; its title stands with
    it."""
    named = _entity_before(cue)
    if named is not None and named.i != subject.i and named.dep_ == "nsubj" and named.head.i == cue.i:
        return named  # "medical superintendent Dr Jane Doe said" parsed with two subjects: the name is the nearer
    if named is not None and named.ent_type_ == "PERSON" and named.i == cue.i - 1 and subject.i < named.i and not (
            _apposed_to(named, subject)) and named.dep_ not in ("pobj", "poss"):
        # "... battles with protesters opposed to the Bill, County Police Commander Jane Doe said": the parse took a
        # noun far back for the subject and hung the name on another phrase; the name right before the cue speaks
        return named
    if named is None or named.i == subject.i or not _apposed_to(named, subject):
        return subject
    title = named.head
    if title.i == subject.i:
        return subject  # "the town's mayor, Jane Doe, said": the subject's own apposition
    return title if named.dep_ == "appos" and title.pos_ in ("NOUN", "ADJ") else named


def _apposed_to(token: Token, subject: Token) -> bool:
    """Whether a token hangs off the subject through appositions only (not through a clause or a preposition)."""
    current = token
    while current.dep_ == "appos" and current.head.i != current.i:
        current = current.head
        if current.i == subject.i:
            return True
    return False


def _phrase_before(cue: Token) -> Token | None:
    """A trailing attribution the parser broke (", the police chief that oversees security told reporters"):
    the noun phrase between the last comma and the cue."""
    sentence = cue.sent
    if cue.i == sentence.start or cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    comma = next((t.i for t in reversed(sentence.doc[sentence.start : cue.i]) if t.text == ","), None)
    if comma is None or cue.i - comma < 2:
        return None
    root = sentence.doc[comma + 1 : cue.i].root
    return root if root.pos_ in ("NOUN", "PROPN") and not root.like_num else None


def _gives_a_figure(verb: Token, tables) -> bool:
    """"gave AFP a partial toll of 577": the object is a document or a bare figure. A document that gives a count of
    people ("the report gives 301 dead") stands for its issuer too; a person who releases 87 pupils frees them."""
    issued = any(child.dep_ == "nsubj" and child.lower_ in tables.document_nouns for child in verb.children)
    return any(child.dep_ in ("dobj", "dative") and (child.lower_ in tables.document_nouns or child.like_num or (
        issued and any(grandchild.dep_ == "nummod" and grandchild.like_num for grandchild in child.children)))
               for child in verb.children)


def _entity_before(cue: Token) -> Token | None:
    """A misparsed cue ('Lena Park-Yoon briefed lawmakers' read as a noun phrase): the name right before it."""
    if cue.i == 0 or cue.tag_ not in ("VBD", "VBZ", "VBN", "VBP"):
        return None
    previous = cue.doc[cue.i - 1]
    # "the governor of X, Jane Doe, said" parsed with no subject: the name set off by commas right before the cue
    end = cue.i - 1 if previous.text == "," and cue.i > cue.sent.start + 1 else cue.i
    # "..., the National Emergency Agency (NEA) said": the name before its acronym in brackets
    end = _before_brackets(cue.doc, end, cue.sent.start)
    entity = next((ent for ent in entities_of(cue.doc) if ent.end == end and ent.label_ in ("PERSON", "ORG")), None)
    if entity is not None:
        root = entity.root
        # "NDRA's spokeswoman, Liza Manalo, told": the title the name stands beside speaks with it
        apposed = root.dep_ == "appos" and root.head.i < root.i and root.head.pos_ == "NOUN"
        return root.head if apposed and entity.label_ == "PERSON" else root
    if previous.ent_type_ in ("PERSON", "ORG"):
        return previous
    named = cue.doc[end - 1] if end < cue.i else None
    if named is not None and named.pos_ == "PROPN" and named.dep_ == "appos" and named.head.pos_ in ("NOUN", "PROPN"):
        return named.head  # the small model often misses foreign names: the title the name stands beside
    return None


_BRACKETED_NAME_TOKENS = 4


def _before_brackets(doc, end: int, start: int) -> int:
    """Where a name ends when a short bracketed acronym or gloss sits between it and `end`."""
    if end - 1 <= start or doc[end - 1].text != ")":
        return end
    for opening in range(end - 2, max(start, end - 2 - _BRACKETED_NAME_TOKENS) - 1, -1):
        if doc[opening].text == "(":
            return opening
    return end


def _cue_source(verb: Token, shared: bool = True) -> Token | None:
    """The cue's own subject or agent; with `shared`, the subject of the verb it is joined to."""
    for child in verb.children:
        if (child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass" and not _is_dateline(child)
                and not _is_label(child)):
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head  # "quoted the commander, who told the station that ...": the commander
            return child
    for child in verb.children:
        if child.dep_ == "agent":  # "was briefed by a delegation", "was told by officials"
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"
                       and grandchild.ent_type_ not in ("DATE", "TIME")]  # "recorded by Monday": a deadline
            if objects:
                return objects[0]
    if shared and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # "Ruggles said ... and warned ...": the second verb shares the first one's subject
        return _cue_source(verb.head)
    if shared and verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX") and any(
            child.dep_ == "ccomp" for child in verb.children):
        # "The district officer disputed the toll, saying 47 had died": the participle's speaker is the clause's
        # (only when it reports a clause: "called a march, showing a united front" reports nothing)
        return _cue_source(verb.head, shared=False)
    return None


_RELATIVE_PRONOUNS = ("who", "which", "that")
_DATELINE_DASHES = ("—", "–", "--", "-")
# How far after the place a wire dateline's dash may come ("QUITO, March 12 (Reuters) -").
_DATELINE_SPAN = 10


def _is_label(token: Token) -> bool:
    """A live blog's label ("UPDATE, 18:45: The ministry's bulletin put ..."): words the parser may make the verb's
    subject, set off from the sentence by a colon of their own."""
    after = token.right_edge.i + 1
    # "Massacre in the bar: mayor speaks of 40 injured": a headline's topic the parser makes a second subject
    return any(inner.text == ":" for inner in token.subtree if inner.i > token.i) or (
        after < len(token.doc) and token.doc[after].text == ":")


def _is_dateline(token: Token) -> bool:
    """A wire dateline ("GENEVA —", "Washington —") opens a story with the place it was filed from; the
    parser sometimes makes it the subject of the first "said", but it is never the source."""
    sentence = token.sent
    if token.i + 1 >= len(token.doc):
        return False
    if token.i == sentence.start and token.is_upper and len(token.text) > 2 and any(
            t.text in _DATELINE_DASHES for t in token.doc[token.i + 1 : min(token.i + _DATELINE_SPAN, sentence.end)]):
        return True  # "QUITO, March 12 (Reuters) - Health officials ...": a wire dateline with its date and agency
    if token.i - sentence.start > 3:
        return False
    opening = token.doc[sentence.start : token.i + 1]
    # scraped copy often puts a no-break space before the dash, which spaCy keeps as its own token
    following = next((t for t in token.doc[token.i + 1 : token.i + 3] if not t.is_space), None)
    return (
        following is not None
        and following.text in _DATELINE_DASHES
        and all(t.pos_ == "PROPN" or t.text == "," for t in opening)
    )


def prep_cue(sentence: Span, tables, focus: Token | None = None) -> tuple[Token, str, Token] | None:
    """'according to X' (and 'citing X'): the object X, the label and the cue token. With a focus, the cue that
    speaks for it: one on its path to the root first, never one inside parentheses the figure is not next to
    ("70,000 in Lima (according to the police, 300,000 for the union)"), nor one above a narrated clause."""
    found = []
    words = sentence_words(sentence)[0]
    if words.isdisjoint(tables.prep_cues) and "according" not in words:
        return None
    for token in sentence:
        lower = token.lower_
        if lower == "according":
            nxt = token.nbor(1) if token.i + 1 < sentence.end else None
            if nxt is not None and nxt.lower_ == "to" and "according to" in tables.prep_cues:
                objects = [child for child in nxt.children if child.dep_ == "pobj"]
                if objects:
                    found.append((_antecedent(objects[0], token), "according to", token))
        elif lower in tables.prep_cues:
            objects = [child for child in token.children if child.dep_ in ("dobj", "pobj")]
            if objects:
                found.append((objects[0], lower, token))
    if focus is None:
        # for the sentence as a whole, an attribution in parentheses speaks only for its neighbour
        return next((cue for cue in found if not in_parentheses(cue[2])), None)
    if not found:
        return None
    background = narrated_clause(focus)
    ladder = [focus.i, *(ancestor.i for ancestor in focus.ancestors)]
    if background is not None:
        ladder = ladder[: ladder.index(background.i) + 1]
    usable = [cue for cue in found if not _parenthesised_away(cue[2], focus)]
    on_path = [cue for cue in usable if cue[2].head.i in ladder]
    if on_path:
        return min(on_path, key=lambda cue: ladder.index(cue[2].head.i))
    return usable[0] if usable and background is None else None


def _antecedent(pronoun: Token, cue: Token) -> Token:
    """'a summary of the union, according to which 3.5 million ...': the noun the relative pronoun stands for."""
    if pronoun.lower_ not in ("which", "whom"):
        return pronoun
    for token in cue.ancestors:
        if token.dep_ == "relcl":
            return token.head
    # the parser often misses the relative clause: the noun right before ", according to which"
    before = [t for t in cue.doc[cue.sent.start : cue.i] if t.pos_ in ("NOUN", "PROPN")]
    return before[-1] if before else pronoun


def in_parentheses(token: Token) -> bool:
    sentence = token.sent
    before = [t.text for t in token.doc[sentence.start : token.i] if t.text in ("(", ")")]
    return bool(before) and before[-1] == "("


def _parenthesised_away(cue: Token, focus: Token) -> bool:
    """A cue inside parentheses speaks for the figure right before them or inside them, not for the rest."""
    doc = cue.doc
    sentence = cue.sent
    opening = next((t.i for t in reversed(doc[sentence.start : cue.i]) if t.text in ("(", ")")), None)
    if opening is None or doc[opening].text != "(":
        return False
    closing = next((t.i for t in doc[cue.i : sentence.end] if t.text == ")"), sentence.end)
    if opening < focus.i < closing:
        return False
    before = doc[max(sentence.start, opening - 4) : opening]
    return not any(token.i == focus.i for token in before)


def relay_cue(sentence: Span, tables, focus: Token | None = None) -> tuple[Token, Token | None, Token, str] | None:
    """'A quoted B as saying' -> (B, A, cue, label); 'B was quoted as saying' -> (B, None, cue, label)."""
    if sentence_words(sentence)[1].isdisjoint(tables.relay_cues):
        return None
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma not in tables.relay_cues or not (token.pos_ == "VERB" or token.tag_ == "VBG"):
            continue
        if focus is not None and not _relay_governs(token, focus):
            continue
        label = token.lower_
        objects = [child for child in token.children if child.dep_ == "dobj"]
        passive_subjects = [child for child in token.children if child.dep_ == "nsubjpass"]
        subjects = [child for child in token.children if child.dep_ == "nsubj"]
        if objects and any(child.lower_ == "as" or child.lemma_ == "say" for child in token.children):
            return objects[0], (subjects[0] if subjects else None), token, label
        if passive_subjects:
            return passive_subjects[0], None, token, label
        if objects and token.dep_ in ("advcl", "xcomp", "conj", "acl", "prep") and token.tag_ == "VBG":
            # "Lee, quoting Cho, said ...": the relaying verb is the main clause's cue
            main = _over_punctuation(token.head)
            if main.pos_ in ("NOUN", "PROPN"):  # "Lee, quoting Cho, said": the relay hangs off its subject
                return objects[0], main, main.head, label
            main_subjects = [child for child in main.children if child.dep_ == "nsubj"]
            return objects[0], (main_subjects[0] if main_subjects else None), main, label
    return None


def _relay_governs(relay: Token, focus: Token) -> bool:
    ancestors = {token.i for token in focus.ancestors}
    # "Lee, quoting Cho, said ...": the relay hangs off the subject, so its clause is the subject's verb
    main = _over_punctuation(relay.head)
    return relay.i in ancestors or main.i in ancestors or main.head.i in ancestors


def _over_punctuation(token: Token) -> Token:
    while token.is_punct and token.head.i != token.i:
        token = token.head
    return token
