"""Attribution (extract stage helper): a parsed sentence + document memory -> who states it, via whom, when.

The source comes from the dependency parse: the subject of a speech-cue verb ("X said", "X told reporters"), the
object of "according to X", or the nested pair of "A quoted B as saying". Pronouns and bare surnames are resolved
against names met earlier in the document; people, bodies and countries are looked up in the source registry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from reconcile.extract.kinds import kind_of
from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import AttributionContext, build_context
from reconcile.extract.sources import Source, resolve_source
from reconcile.kernels.temporal import normalise_date

__all__ = ["Attribution", "AttributionContext", "attribute_sentence", "attribute_token", "build_context", "narrated"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Attribution:
    """The source of a claim: speaker, their title, organisation and country, the intermediary, cue and day."""

    speaker: str | None = None
    speaker_title: str | None = None
    source_org: str | None = None
    source_country: str | None = None
    via: str | None = None
    cue: str | None = None
    stated_on: str | None = None
    source_kind: str | None = None
    # same_sentence, carried (the source was named in an earlier sentence) or none (vocab.ATTRIBUTIONS)
    attribution: str = "none"
    # how many different sources the sentence names: a sentence that sets two against each other ("87,000 for
    # the police, 500,000 for the union") hands no single source on to the next
    sources_named: int = 0

    @property
    def found(self) -> bool:
        return self.attribution != "none"

    def as_columns(self) -> dict[str, str | None]:
        """The ClaimSchema columns: `Attribution(speaker="A").as_columns()["speaker"] == "A"`."""
        return {
            "speaker": self.speaker,
            "source_org": self.source_org,
            "source_country": self.source_country,
            "source_kind": self.source_kind,
            "attribution": self.attribution,
            "via": self.via,
            "cue": self.cue,
            "stated_on": self.stated_on,
        }

    def carried(self) -> Attribution:
        """The same source handed on to a later sentence by news convention."""
        return replace(self, attribution="carried")


def attribute_sentence(sentence: Span, context: AttributionContext, *, focus: Token | None = None) -> Attribution:
    """Who stands behind the claims of one parsed sentence; nobody (attribution "none") when no cue attributes
    them: the outlet is a source only when the text says the figure is its own ("according to an AFP tally").

    With `focus` (the claim's head token), only cues whose clause contains the claim are considered, so that
    "A said 200 ..., while B said 5,000 ..." gives each figure its own source.

    >>> attribute_sentence(nlp("Floods killed 12 people, the Red Cross said.")[:], AttributionContext()).source_org
    'Red Cross'
    """
    found = _attribute(sentence, context, focus)
    if found is None and focus is not None and not narrated(focus):
        found = _attribute(sentence, context, None)
    if found is None:
        found = _continued_quote(sentence, context) or _quote_closed_later(sentence, context)
        found = found.carried() if found is not None else None
    if found is None and not _quoted(sentence):
        found = _pronoun_subject(sentence, context, context.text_offset + sentence.start_char)
    return found if found is not None else Attribution()


def _quoted(sentence: Span) -> bool:
    return any(mark in sentence.text for mark in ("“", "”", '"'))


def attribute_token(head: Token, sentence: Span, context: AttributionContext, *,
                    cue: Token | None = None) -> Attribution | None:
    """The source a phrase names directly ("400,000 for the union", "1.27 million according to the ministry",
    "a count provided Tuesday by X"), dated by `cue` or else by the sentence's cue when it has one."""
    position = context.text_offset + sentence.start_char
    source = resolve_source(head, context, position)
    if source.is_empty:
        return None
    cues = (cue,) if cue is not None else tuple(found[0] for found in _verb_cues(sentence, lexicons()))[:1]
    return _attribution(source, Source(), cue.lower_ if cue is not None else None, cues, context)


def official_attribution(context: AttributionContext) -> Attribution:
    """'an official count', 'the official toll': the government of the country the story is told from."""
    source = Source(None, None, "government", context.home_country, kind="government")
    return _attribution(source, Source(), None, (), context)


def _attribute(sentence: Span, context: AttributionContext, focus: Token | None) -> Attribution | None:
    tables = lexicons()
    position = context.text_offset + sentence.start_char
    if focus is not None and narrated(focus):
        return None  # "..., as tens of millions gathered": the outlet's narration, not what the source said
    relay = _relay_cue(sentence, tables, focus)
    if relay is not None:
        speaker_token, via_token, cue_token, label = relay
        speaker = resolve_source(speaker_token, context, position)
        if not speaker.is_empty:
            via = resolve_source(via_token, context, position) if via_token is not None else Source()
            return _attribution(speaker, via, label, (cue_token,), context)
    all_cues = _verb_cues(sentence, tables)
    according = _prep_cue(sentence, tables, focus)
    chain = _governing_chain(all_cues, focus) if focus is not None else all_cues
    if focus is not None and not chain and _background(focus) is None:
        # "..., he said." parsed loosely: the sentence's main cue still speaks for the whole sentence
        chain = [cue for cue in all_cues if cue[0].dep_ in ("ROOT", "parataxis")][:1]
    passive = bool(chain) and chain[0][1].head.dep_ == "agent"
    if focus is not None and according is not None and chain and (passive or _closer(
        according[2], chain[0][0], focus) and not _names_person(according[0], tables)
    ):
        # "..., making the toll 1,114, according to a tally": the nearer body wins; a person named by "according
        # to" after "X told lawmakers ..." is the intermediary; "According to the BBC, 36 deaths were acknowledged
        # by the government": the passive's agent is what the BBC reports, the BBC is the source
        chain = []
    resolved = [(token, resolve_source(subject, context, position), label) for token, subject, label in chain]
    resolved = [cue for cue in resolved if not cue[1].is_empty]
    if resolved:
        if focus is None:
            named = _sources_named(resolved, according, context, position)
            outer_token, outer, outer_label = resolved[0]
            inner = _nested_person(resolved[1:], outer_token)
            if inner is not None:
                # "The minister shared ..., the Associated Press reported": one source and its relay
                return _attribution(inner[1], outer, inner[2], (inner[0], outer_token), context, named - 1)
            via = resolve_source(according[0], context, position) if according is not None else Source()
            return _attribution(outer, via, outer_label, (outer_token,), context, named)
        # The innermost named person is the source ("Park said Cho told lawmakers his agency estimated ...":
        # Cho, who speaks for the agency); the next reporting voice above, linked by complements, is the via.
        speaking = next((rank for rank, cue in enumerate(resolved) if cue[1].speaker), 0)
        cue_token, source, label = resolved[speaking]
        above = next((cue for cue in resolved[speaking + 1 :] if _complement_path(cue_token, cue[0])), None)
        if above is not None and (source.speaker or above[1].speaker is None):
            return _attribution(source, above[1], label, (cue_token, above[0]), context)
        via = resolve_source(according[0], context, position) if according is not None else Source()
        return _attribution(source, via, label, (cue_token,), context)
    if according is not None:
        source = resolve_source(according[0], context, position)
        if not source.is_empty:
            return _attribution(source, Source(), according[1], (according[2],), context)
    return None


def _pronoun_subject(sentence: Span, context: AttributionContext, position: int) -> Attribution | None:
    """'It categorised the 82 deaths into three groups': a body named before is the subject of the sentence that
    gives the figure, with no speech verb; it stands behind the figure."""
    root = sentence.root
    subject = next((child for child in root.children if child.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in ("it", "they") or root.lemma_.lower() == "be":
        return None
    if not any(child.dep_ == "dobj" for child in root.children):
        return None  # "They were nearly 25,000", "it began on June 14": the pronoun is not a source at work
    source = resolve_source(subject, context, position)
    if source.is_empty or not source.org:
        return None
    return _attribution(source, Source(), None, (root,), context)


# Subordinators of a clause the outlet narrates around a statement ("as crowds gathered", "hours after a stampede
# killed 30"): a cue outside such a clause does not speak for a figure inside it.
_BACKGROUND_MARKS = ("as", "while", "when", "after", "before", "since", "until", "because")


# Participles of a running total the outlet adds up ("..., bringing the total to 922", "making this year's toll
# at least 1,114"): the source of the sentence gave the new deaths, not the total.
_RUNNING_TOTAL_VERBS = ("bring", "make", "take", "raise", "push", "lift")


def _background(focus: Token) -> Token | None:
    """The narrated clause a figure sits in (an adverbial clause with a time or cause subordinator, or a running
    total's participle), if any."""
    for token in [focus, *focus.ancestors]:
        if token.dep_ != "advcl":
            continue
        if any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in token.children):
            return token
        if token.tag_ == "VBG" and token.lemma_.lower() in _RUNNING_TOTAL_VERBS and not any(
            c.dep_ == "nsubj" for c in token.children
        ):
            return token
    return None


def narrated(focus: Token) -> bool:
    """Whether a figure sits in a clause the outlet narrates around a statement (no cue inside speaks for it)."""
    return _background(focus) is not None and not _governed_below(focus, lexicons())


def _governed_below(focus: Token, tables) -> bool:
    """Whether a cue inside the narrated clause itself speaks for the figure ("after police said 30 died")."""
    boundary = _background(focus)
    for token in [focus, *focus.ancestors]:
        if token.i == boundary.i:
            return token.lemma_.lower() in tables.verb_cues
        if token.lemma_.lower() in tables.verb_cues and token.pos_ in ("VERB", "AUX"):
            return True
    return False


def _names_person(head: Token, tables) -> bool:
    phrase = "".join(token.text_with_ws for token in head.subtree)
    return any(token.ent_type_ == "PERSON" for token in head.subtree) or any(
        entry.kind == "person" for _s, _e, entry in tables.sources.find_all(phrase))


def _closer(according: Token, cue: Token, focus: Token) -> bool:
    """Whether an 'according to' hangs nearer the figure than the verb cue does."""
    ladder = [focus.i, *(ancestor.i for ancestor in focus.ancestors)]
    head = according.head.i
    return head in ladder and cue.i in ladder and ladder.index(head) < ladder.index(cue.i)


def _sources_named(resolved, according, context: AttributionContext, position: int) -> int:
    """How many different sources a sentence's cues name ("the police counted 87,000, while the CGT claimed
    500,000" names two)."""
    names = {(source.speaker or source.org or source.country or "?") for _t, source, _l in resolved}
    if according is not None:
        other = resolve_source(according[0], context, position)
        if not other.is_empty:
            names.add(other.speaker or other.org or other.country or "?")
    return len(names)


def _governing_chain(cues, focus: Token) -> list:
    """Cues whose clause holds the claim, innermost first."""
    order = {token.i: rank for rank, token in enumerate([focus, *focus.ancestors])}
    governing = [cue for cue in cues if cue[0].i in order]
    return sorted(governing, key=lambda cue: order[cue[0].i])


def _complement_path(inner: Token, outer: Token) -> bool:
    """Reported speech nests through complements ('A said B told ...'), not through 'while B said' adverbials."""
    current = inner
    while current.i != outer.i:
        if current.dep_ in ("advcl", "conj", "relcl", "acl", "appos") or current.head.i == current.i:
            return False
        current = current.head
    return True


def _continued_quote(sentence: Span, context: AttributionContext) -> Attribution | None:
    """A sentence inside an open quotation, with no cue of its own, belongs to the quote's speaker."""
    doc = sentence.doc
    if sentence.start == 0:
        return None
    before = doc[sentence.start - 1]
    if "\n" in before.whitespace_ or "\n" in before.text:
        return None  # a new paragraph opens a new attribution
    opened = doc.text[: sentence.start_char]
    paragraph = opened[opened.rfind("\n") + 1 :]
    starts_quote = sentence.text.lstrip()[:1] in ("“", '"')
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not (starts_quote or inside):
        return None
    return _attribute(before.sent, context, None)


def _quote_closed_later(sentence: Span, context: AttributionContext) -> Attribution | None:
    """A sentence of a quotation whose speaker is named after it closes ('"More bodies are coming in. We have
    nearly 40 bodies here," one of the sources said.'): the quote's speaker, from the sentence that closes it."""
    doc = sentence.doc
    opened = doc.text[: sentence.start_char]
    paragraph = opened[opened.rfind("\n") + 1 :]
    starts_quote = sentence.text.lstrip()[:1] in ("“", '"')
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not (starts_quote or inside) or _closes_quote(sentence.text, starts_quote or inside):
        return None
    for later in doc.sents:
        if later.start < sentence.end:
            continue
        if "\n" in doc.text[sentence.end_char : later.start_char]:
            return None  # the quote does not run past its paragraph
        if any(mark in later.text for mark in ("”", '"')):
            return _attribute(later, context, None)
    return None


def _closes_quote(text: str, opened: bool) -> bool:
    """Whether a sentence inside (or opening) a quotation closes it."""
    body = text.lstrip()
    if body[:1] in ("“", '"'):
        body = body[1:]
    return "”" in body or '"' in body


def _attribution(source: Source, via: Source, cue: str | None, cue_tokens, context: AttributionContext,
                 sources_named: int = 1) -> Attribution:
    via_text = via.speaker or via.org
    if via_text and via_text in (source.speaker, source.org):
        via_text = None
    key = source_key(source.speaker, source.org, source.kind)
    stated_on = _stated_on(cue_tokens, context)
    if stated_on is None:
        stated_on = context.recollection.day_of(key)  # a statement dated once applies to its later sentences
    else:
        context.recollection.remember_day(key, stated_on)
    return Attribution(
        speaker=source.speaker,
        speaker_title=source.title,
        source_org=source.org,
        source_country=source.country,
        via=via_text,
        cue=cue,
        stated_on=stated_on,
        source_kind=source.kind or kind_of(source.org or source.title or "") or ("anonymous" if source.anonymous
                                                                                 else None),
        attribution="carried" if source.carried else "same_sentence",
        sources_named=sources_named,
    )


def source_key(speaker: str | None, org: str | None, kind: str | None) -> str | None:
    """What identifies a source across the sentences of one article: the person, else the body; an unnamed
    source by its head word ("Diplomats", "two Arab diplomats" and "the diplomat" are one)."""
    if speaker:
        return speaker.casefold()
    if not org:
        return None
    if kind == "anonymous":
        return org.split()[-1].casefold().rstrip("s")
    return org.casefold()


# --- cues -------------------------------------------------------------------------------------------------------


def _verb_cues(sentence: Span, tables) -> list[tuple[Token, Token, str]]:
    """Speech-cue verbs with a subject, outermost first (fewest cue ancestors), then left to right."""
    cues = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if lemma in tables.figure_cues and token.pos_ == "VERB" and _gives_a_figure(token, tables):
            pass  # "a senior official gave AFP a partial toll of 577"
        elif lemma not in tables.verb_cues or token.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
            continue
        if token.pos_ == "NOUN" and token.dep_ != "ROOT":
            continue
        source = _cue_source(token)
        if source is None:
            source = _entity_before(token)
        if source is None:
            source = _phrase_before(token)
        if source is None:
            continue
        cues.append((token, source, token.lower_))
    cue_positions = {token.i for token, _s, _l in cues}
    depth = {token.i: sum(1 for ancestor in token.ancestors if ancestor.i in cue_positions) for token, _s, _l in cues}
    return sorted(cues, key=lambda cue: (depth[cue[0].i], cue[0].i))


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
    return any(child.dep_ in ("dobj", "dative") and (child.lower_ in tables.document_nouns or child.like_num)
               for child in verb.children)


def _entity_before(cue: Token) -> Token | None:
    """A misparsed cue ('Lena Park-Yoon briefed lawmakers' read as a noun phrase): the name right before it."""
    if cue.i == 0 or cue.tag_ not in ("VBD", "VBZ", "VBN", "VBP"):
        return None
    previous = cue.doc[cue.i - 1]
    entity = next((ent for ent in cue.doc.ents if ent.end == cue.i and ent.label_ in ("PERSON", "ORG")), None)
    return entity.root if entity is not None else (previous if previous.ent_type_ in ("PERSON", "ORG") else None)


def _cue_source(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and child.dep_ != "nsubjpass" and not _is_dateline(child):
            return child
    for child in verb.children:
        if child.dep_ == "agent":  # "was briefed by a delegation", "was told by officials"
            objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
            if objects:
                return objects[0]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # "Ruggles said ... and warned ...": the second verb shares the first one's subject
        return _cue_source(verb.head)
    return None


_DATELINE_DASHES = ("—", "–", "--", "-")


def _is_dateline(token: Token) -> bool:
    """A wire dateline ("GENEVA —", "Washington —") opens a story with the place it was filed from; the
    parser sometimes makes it the subject of the first "said", but it is never the source."""
    sentence = token.sent
    if token.i - sentence.start > 3 or token.i + 1 >= len(token.doc):
        return False
    opening = token.doc[sentence.start : token.i + 1]
    # scraped copy often puts a no-break space before the dash, which spaCy keeps as its own token
    following = next((t for t in token.doc[token.i + 1 : token.i + 3] if not t.is_space), None)
    return (
        following is not None
        and following.text in _DATELINE_DASHES
        and all(t.pos_ == "PROPN" or t.text == "," for t in opening)
    )


def _prep_cue(sentence: Span, tables, focus: Token | None = None) -> tuple[Token, str, Token] | None:
    """'according to X' (and 'citing X'): the object X, the label and the cue token. With a focus, the cue that
    speaks for it: one on its path to the root first, never one inside parentheses the figure is not next to
    ("80,000 in Paris (according to the police, 400,000 for the union)"), nor one above a narrated clause."""
    found = []
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
        return next((cue for cue in found if not _in_parentheses(cue[2])), None)
    if not found:
        return None
    background = _background(focus)
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


def _in_parentheses(token: Token) -> bool:
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


def _relay_cue(sentence: Span, tables, focus: Token | None = None) -> tuple[Token, Token | None, Token, str] | None:
    """'A quoted B as saying' -> (B, A, cue, label); 'B was quoted as saying' -> (B, None, cue, label)."""
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


def _nested_person(inner_cues, outer_token: Token):
    """A named person whose cue sits inside the outer cue's clause ('Park said Cho told lawmakers ...')."""
    for token, source, label in inner_cues:
        if outer_token in token.ancestors and _complement_path(token, outer_token) and source.speaker:
            return token, source, label
    return None


# --- resolving a source phrase ------------------------------------------------------------------------------------


# --- stated_on ----------------------------------------------------------------------------------------------------


def _stated_on(cue_tokens, context: AttributionContext) -> str | None:
    """The day a cue verb was spoken ('said on Wednesday', 'told lawmakers Monday'), only when a day is plain."""
    if context.published is None and context.year_hint is None:
        return None
    for cue in cue_tokens:
        for expression in [*_date_expressions(cue), *_sentence_days(cue)]:
            interval = normalise_date(expression, context.published, tense="past", year_hint=context.year_hint)
            if interval is None or interval.precision != "day":
                continue
            day = interval.refers_from
            if day is not None and day == interval.refers_to:
                return day.isoformat()
    return None


def _sentence_days(cue: Token) -> list[str]:
    """Dates of the cue's sentence outside what was said ("during the briefing at 7pm on Wednesday, during which
    they admitted that 30 people had died"): the occasion of the statement, tried after the cue's own dates."""
    if not isinstance(cue, Token):
        return []
    said = {token.i for child in cue.children if child.dep_ in ("ccomp", "xcomp") for token in child.subtree}
    return [ent.text for ent in cue.sent.ents
            if ent.label_ == "DATE" and not any(token.i in said for token in ent)]


def _text_of(token: Token) -> str:
    """A token's subtree as written ("Tuesday, 10 June"), for the date parser."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def _date_expressions(cue: Token) -> list[str]:
    """Date phrases that modify the cue itself ("said Tuesday night", "told reporters today") or its object
    ("told AFP on Tuesday that ..."), never the reported clause."""
    expressions = []
    heads = [cue] + [child for child in cue.children if child.dep_ in ("dobj", "dative")]
    if cue.dep_ == "relcl":
        heads.append(cue.head)  # "the briefing ... at 7pm on Wednesday, during which they admitted that ..."
    if cue.lower_ == "according":
        # "According to the BBC's findings, released on Tuesday, 10 June": the findings' release dates them
        objects = [grandchild for child in cue.children for grandchild in child.children if grandchild.dep_ == "pobj"]
        heads += objects + [child for obj in objects for child in obj.children if child.dep_ == "acl"]
        after = cue.right_edge.i + 1
        heads += [t for t in cue.doc[after : after + 2] if t.tag_ == "VBN"]  # the parser hangs it elsewhere
    for head in heads:
        for child in head.children:
            if child.dep_ in ("npadvmod", "tmod", "obl", "advmod", "nmod") and child.ent_type_ in ("DATE", "TIME"):
                expressions.append(_text_of(child))
            elif child.dep_ == "prep" and child.lower_ in ("on", "last", "this"):
                objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
                if objects and objects[0].ent_type_ in ("DATE", "TIME"):
                    expressions.append(_text_of(objects[0]))
    return expressions
