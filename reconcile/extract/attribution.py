"""Attribution (extract stage helper): a parsed sentence + document memory -> who states it, via whom, when.

The source comes from the dependency parse: the subject of a speech-cue verb ("X said", "X told reporters"), the
object of "according to X", or the nested pair of "A quoted B as saying". Pronouns and bare surnames are resolved
against names met earlier in the document; people, bodies and countries are looked up in the source registry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from reconcile.extract.kinds import is_domestic, kind_of
from reconcile.extract.lexicons import lexicons
from reconcile.extract.cues import narrated_clause, prep_cue, relay_cue, running_total_participle, verb_cues
from reconcile.extract.mentions import AttributionContext, build_context
from reconcile.extract.nlp import entities_in, remembered, sentences_of, span_text, text_of
from reconcile.extract.bodies import strip_article
from reconcile.kernels.gazetteer import resolve_place
from reconcile.extract.sources import Source, resolve_source
from reconcile.extract.source_names import ACRONYM
from reconcile.extract.stated import news_day, said_today, stated_on_of

__all__ = ["Attribution", "AttributionContext", "attribute_sentence", "attribute_token", "build_context", "narrated"]


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
    # the town of a local body ("firefighters in Tinyaq"): the scope of its figures that name no place
    source_town: str | None = None
    # the publication day, for an undated statement in the plain past or present perfect: its date when the article
    # gives no other (stated.news_day, carry.date_counts)
    news_day: str | None = None

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
    if focus is not None and _describes_source(sentence, focus):
        return Attribution()
    found = _attribute(sentence, context, focus)
    if found is None and focus is not None and not narrated(focus):
        found = _attribute(sentence, context, None)
    if found is None:
        found = _continued_quote(sentence, context) or _quote_closed_later(sentence, context)
        found = found.carried() if found is not None else None
    if found is None and not _quoted(sentence):
        found = _pronoun_subject(sentence, context, context.text_offset + sentence.start_char)
    if found is None:
        found = _headline_source(sentence, context) or _colon_source(sentence, context)
    return found if found is not None else Attribution()


# A line that names its speaker before a colon ("District Collector Jane Doe, briefing reporters: 'Six people have
# died ...'", "Health ministry: 94 dead") has at most this many words before it.
_COLON_SOURCE_WORDS = 14


def _colon_source(sentence: Span, context: AttributionContext) -> Attribution | None:
    """The source a line names before its first colon, when those words name a person or a body and hold no
    figure: a live blog's "<title> <name>, briefing reporters: '...'", a deck's "Health ministry: 94 dead"."""
    colon = next((token for token in sentence if token.text == ":"), None)
    if colon is None or colon.i + 1 >= sentence.end:
        return None
    start = sentence.start
    for token in sentence.doc[sentence.start : colon.i]:
        if "\n" in token.text or "\n" in token.whitespace_:
            start = token.i + 1  # "20:55 IST\n<name>:": the line starts after the live blog's time
    dashes = [token.i for token in sentence.doc[start : colon.i] if token.text in ("-", "–", "—")]
    if dashes:
        start = dashes[-1] + 1  # "16:02 - Governor: 61 dead": a live blog's time before the source
    words = [token for token in sentence.doc[start : colon.i] if not token.is_punct and not token.is_space]
    if not words or len(words) > _COLON_SOURCE_WORDS or any(token.like_num for token in words):
        return None
    named = [ent for ent in entities_in(sentence) if start <= ent.start and ent.end <= colon.i
             and ent.label_ in ("PERSON", "ORG")]
    if any(token.tag_ in _FINITE_TAGS for token in words):
        # "The ministry's morning update is out: 21 dead": a clause before the colon, not a name; its subject, when
        # a document, stands for the body that issued it
        issuer = next((child for token in words if token.dep_ == "nsubj" and token.lower_ in lexicons().document_nouns
                       for child in token.children if child.dep_ == "poss"), None)
        if issuer is None:
            return None
        source = resolve_source(issuer, context, context.text_offset + sentence.start_char)
    elif named:
        after = sentence.doc[named[-1].end] if named[-1].end < colon.i else colon
        if after.i != colon.i and not (after.text == "," and after.i + 1 < colon.i
                                       and sentence.doc[after.i + 1].tag_ == "VBG"):
            return None  # "Kerasoudi crash: police identify 25": the name is the topic, not who speaks
        if resolve_place(named[0].text) is not None:
            return None  # "Naples: several thousand dockworkers marched": a live blog's place, not its source
        source = resolve_source(named[0].root, context, context.text_offset + sentence.start_char)
    else:
        # "Health ministry: 94 dead": the words before the colon name a kind of body (the parse of such a line
        # hangs everything on them, so they are read as written)
        text = " ".join(token.text for token in words)
        kind = kind_of(text)
        if kind in (None, "anonymous"):
            return None
        domestic = is_domestic(text)
        source = Source(None, None, strip_article(text), context.home_country if domestic else None, kind=kind,
                        domestic=domestic)
    if source.is_empty or source.anonymous or not (source.speaker or source.org):
        return None
    return _attribution(source, Source(), None, (), context)


# Finite verb tags: words before a colon that hold one are a clause, not a speaker's name.
_FINITE_TAGS = ("VBZ", "VBD", "VBP", "MD")


# A headline names its source after a dash or a colon: "Floods kill 64 in three states - agency", "Toll rises to
# 80: UN"; at most this many words, each of a name or a kind of body.
_HEADLINE_SOURCE_MARKS = ("-", "–", "—", ":")
# A headline says what happened before it names its source.
_HEADLINE_WORDS_BEFORE = 2
_HEADLINE_SOURCE_WORDS = 5


def _headline_source(sentence: Span, context: AttributionContext) -> Attribution | None:
    """The source a headline names after its last dash or colon ("Storms kill 41 across the delta - NDRO"), when
    those words resolve to a body, a person or a kind of source, and the line has no full stop (it is a headline)."""
    text = span_text(sentence).rstrip()
    if not text or text.endswith((".", "!", "?", "\"", "”")):
        return None
    marks = [token for token in sentence if token.text in _HEADLINE_SOURCE_MARKS and token.whitespace_]
    if not marks or marks[-1].i == sentence.start:
        return None
    if sum(1 for token in sentence.doc[sentence.start : marks[-1].i] if token.is_alpha) < _HEADLINE_WORDS_BEFORE:
        return None  # "18:40 — Summary of the day": a live blog's timed heading, not a headline and its source
    tail = sentence.doc[marks[-1].i + 1 : sentence.end]
    words = [token for token in tail if not token.is_punct]
    if not words or len(words) > _HEADLINE_SOURCE_WORDS or any(token.like_num for token in words):
        return None
    if not all(token.text[:1].isupper() or token.pos_ in ("NOUN", "DET", "ADJ", "ADP") for token in words):
        return None
    head = tail.root
    if len(words) == 1 and ACRONYM.match(head.text):
        # "Storms kill 41 across the delta - NDRO": an acronym the parser takes for a place; the body's name is in
        # the text
        return _attribution(Source(None, None, head.text, None), Source(), None, (), context)
    source = resolve_source(head, context, context.text_offset + sentence.start_char)
    if source.is_empty or source.anonymous or not (source.speaker or source.kind or head.ent_type_ in (
            "ORG", "PERSON", "NORP")):
        return None
    return _attribution(source, Source(), None, (), context)


def _sentence_cues(sentence: Span) -> list:
    """The sentence's speech cues (cue token, subject, label), found once per sentence."""
    return remembered(sentence.doc, ("verb cues", sentence.start, sentence.end),
                      lambda: verb_cues(sentence, lexicons()))


def _describes_source(sentence: Span, focus: Token) -> bool:
    """Whether the figure is part of the words that say who speaks ("Residents of X, a town of about 40,000
    people, said ..."): the outlet's description of the source, not what the source said."""
    return any(subject.left_edge.i <= focus.i <= subject.right_edge.i and subject.i != focus.i
               and not _is_count(subject) and not subject.left_edge.i <= cue.i <= subject.right_edge.i
               and not _running_total_between(focus, subject)
               for cue, subject, _label in _sentence_cues(sentence))  # a subject holding its verb is a misparse


def _running_total_between(focus: Token, subject: Token) -> bool:
    """Whether a running total's participle hangs the figure under the subject ("found by volunteers searching the
    ravine, bringing the toll to 16"): a misparse, the total belongs to the clause, not to the source's name."""
    for token in [focus, *focus.ancestors]:
        if token.i == subject.i:
            return False
        if running_total_participle(token):
            return True
    return False


def _is_count(token: Token) -> bool:
    """A phrase that is itself a count ("five of its soldiers", "some 2,000 marchers"), not a source's name."""
    return token.like_num or any(child.dep_ == "nummod" for child in token.children)


def _quoted(sentence: Span) -> bool:
    return any(mark in span_text(sentence) for mark in ("“", "”", '"'))


def attribute_token(head: Token, sentence: Span, context: AttributionContext, *,
                    cue: Token | None = None) -> Attribution | None:
    """The source a phrase names directly ("400,000 for the union", "1.27 million according to the ministry",
    "a count provided Tuesday by X"), dated by `cue` or else by the sentence's cue when it has one."""
    position = context.text_offset + sentence.start_char
    source = resolve_source(head, context, position)
    if source.is_empty:
        return None
    cues = (cue,) if cue is not None else tuple(found[0] for found in verb_cues(sentence, lexicons()))[:1]
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
    relay = relay_cue(sentence, tables, focus)
    if relay is not None:
        speaker_token, via_token, cue_token, label = relay
        speaker = resolve_source(speaker_token, context, position)
        if not speaker.is_empty:
            via = resolve_source(via_token, context, position) if via_token is not None else Source()
            return _attribution(speaker, via, label, (cue_token,), context)
    # a sentence's cues do not depend on which figure of it is attributed: find them once per sentence
    where = (sentence.start, sentence.end)
    all_cues = _sentence_cues(sentence)
    according = remembered(sentence.doc, ("according to", *where, focus.i if focus is not None else None),
                           lambda: prep_cue(sentence, tables, focus))
    chain = _governing_chain(all_cues, focus) if focus is not None else all_cues
    if focus is not None and not chain and narrated_clause(focus) is None:
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
        if speaking and not _complement_path(resolved[0][0], resolved[speaking][0]):
            speaking = 0  # "X said 400 died, when the agency counted 171": the agency's own cue, not nested speech
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


def narrated(focus: Token) -> bool:
    """Whether a figure sits in a clause the outlet narrates around a statement (no cue inside speaks for it). A
    running total before the cue that closes its sentence is the source's ("Searchers found three more bodies,
    bringing the toll to 17, the fire service said": the trailing cue speaks for all that comes before it); one
    after a leading cue is the outlet's sum ("A diplomat said 68 of its nationals died, bringing the overall tally
    to more than 600")."""
    clause = narrated_clause(focus)
    if clause is None:
        return False
    tables = lexicons()
    if running_total_participle(clause) and _trailing_cue_above(clause, tables):
        return False
    return not _governed_below(focus, tables)


def _trailing_cue_above(clause: Token, tables) -> bool:
    """Whether a speech cue that governs the clause comes after it in the sentence."""
    return any(ancestor.i > clause.i and ancestor.lemma_.lower() in tables.verb_cues and ancestor.pos_ in (
        "VERB", "AUX") for ancestor in clause.ancestors)


def _governed_below(focus: Token, tables) -> bool:
    """Whether a cue inside the narrated clause itself speaks for the figure ("after police said 30 died")."""
    boundary = narrated_clause(focus)
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
    """How many different sources a sentence's cues name ("the police counted 62,000, while the dockers' union claimed
    500,000" names two)."""
    names = {(source.speaker or source.org or source.country or "?") for _t, source, _l in resolved}
    if according is not None:
        other = resolve_source(according[0], context, position)
        if not other.is_empty:
            names.add(other.speaker or other.org or other.country or "?")
    return len(names)


def _governing_chain(cues, focus: Token) -> list:
    """Cues whose clause holds the claim, innermost first; a cue that qualifies the figure itself ("against the
    100,000 claimed by the unions", "the 1.2 million estimated by organisers") comes before them all."""
    order = {token.i: rank for rank, token in enumerate([focus, *focus.ancestors])}
    # not a cue with a clause of its own: "nine people whom relatives believed to have been on the train" is what
    # the relatives believe of the people, not their figure
    order.update({child.i: -1 for child in focus.children if child.dep_ in ("acl", "relcl") and not any(
        grandchild.dep_ in ("xcomp", "ccomp") for grandchild in child.children)})
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
    opened = text_of(doc)[: sentence.start_char]
    paragraph = opened[opened.rfind("\n") + 1 :]
    starts_quote = span_text(sentence).lstrip()[:1] in ("“", '"')
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not (starts_quote or inside):
        return None
    return _attribute(before.sent, context, None)


def _quote_closed_later(sentence: Span, context: AttributionContext) -> Attribution | None:
    """A sentence of a quotation whose speaker is named after it closes ('"More bodies are coming in. We have
    nearly 40 bodies here," one of the sources said.'): the quote's speaker, from the sentence that closes it."""
    doc = sentence.doc
    text = text_of(doc)
    opened = text[: sentence.start_char]
    paragraph = opened[opened.rfind("\n") + 1 :]
    starts_quote = span_text(sentence).lstrip()[:1] in ("“", '"')
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    if not (starts_quote or inside) or _closes_quote(span_text(sentence), starts_quote or inside):
        return None
    for later in sentences_of(doc):
        if later.start < sentence.end:
            continue
        if "\n" in text[sentence.end_char : later.start_char]:
            return None  # the quote does not run past its paragraph
        if any(mark in span_text(later) for mark in ("”", '"')):
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
    keys = statement_keys(source.speaker, source.org, source.kind)
    stated_on = stated_on_of(cue_tokens, context)
    if stated_on is None:
        # a statement dated once applies to its later sentences
        stated_on = context.recollection.day_of_any(keys) or said_today(
            tuple(cue_tokens), context)  # not remembered: the lead may still date the statement plainly
    else:
        for key in keys:
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
        source_town=source.town,
        news_day=None if stated_on else news_day(tuple(cue_tokens), context),
    )


def statement_keys(speaker: str | None, org: str | None, kind: str | None) -> tuple[str | None, ...]:
    """The keys a statement is dated by: the source's own, then, for a person speaking for a body ("the agency's
    director-general ... told reporters"), the body's, whose day is the person's too."""
    own = source_key(speaker, org, kind)
    return (own, source_key(None, org, kind)) if speaker else (own,)


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


def _nested_person(inner_cues, outer_token: Token):
    """A named person whose cue sits inside the outer cue's clause ('Park said Cho told lawmakers ...')."""
    for token, source, label in inner_cues:
        if outer_token in token.ancestors and _complement_path(token, outer_token) and source.speaker:
            return token, source, label
    return None


# --- resolving a source phrase ------------------------------------------------------------------------------------


# --- stated_on ----------------------------------------------------------------------------------------------------


