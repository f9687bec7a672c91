"""Statement dates (extract stage helper): the cue tokens of an attribution -> the day the statement was made.

Only a plain day counts ("said on Wednesday", "said Tuesday night", "told AFP on Tuesday that", "told reporters
today", "according to the findings, released on Tuesday, 10 June"), resolved against the publication day (or, for
an undated article, only absolute dates in its story's year). The occasion of a statement dates it too ("during the
briefing at 7pm on Wednesday, during which they admitted ..."), never a date inside what was said.
"""

from __future__ import annotations

from spacy.tokens import Token

from reconcile.extract.nlp import entities_in, span_text
from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import AttributionContext
from reconcile.kernels.temporal import normalise_date


def stated_on_of(cue_tokens, context: AttributionContext) -> str | None:
    """The day a cue verb was spoken ('said on Wednesday', 'told lawmakers Monday'), only when a day is plain."""
    if context.published is None and context.year_hint is None:
        return None
    for cue in cue_tokens:
        occasions = _sentence_days(cue)
        for expression in [*_date_expressions(cue), *occasions]:
            interval = normalise_date(expression, context.published, tense="past", year_hint=context.year_hint)
            if interval is None or interval.precision != "day":
                continue
            day = interval.refers_from
            if day is None or day != interval.refers_to:
                continue
            if expression in occasions and _ahead(expression, day, context):
                continue  # "have called a march on November 14 and say ...": a coming event, not the occasion
            return day.isoformat()
    return None


# A date of a statement's sentence read in the past this far before publication, but this near after it when read
# ahead, is an event the sentence announces, not the occasion the statement was made on.
_AHEAD_DAYS = 31


def said_today(cue_tokens, context: AttributionContext) -> str | None:
    """The publication day, when the cue speaks in the present tense ("the fire service says 17 are dead", "tells
    reporters"): news writes a statement in the present only on the day it reports it. A headline or a bullet (a
    line with no full stop) is written in the present whatever day it reports ("BBC report claims 82 dead" the day
    after the report), so it gets None, as does every past-tense cue."""
    cue = _sentence_cue(cue_tokens, context)
    if cue is None or cue.tag_ not in ("VBZ", "VBP"):
        return None
    return context.published.isoformat()


def news_day(cue_tokens, context: AttributionContext) -> str | None:
    """The publication day, for a cue in the plain past or the present perfect ("officials said", "the ministry
    has confirmed") that names no day: news reports such a statement on the day it was made, unless the article
    dates it ("said on Monday", "a statement dated once in the lead") or sets it earlier ("had said"). The last
    resort of a statement's date, after every day the article gives (see carry.date_counts)."""
    cue = _sentence_cue(cue_tokens, context, verb_of_preposition=True)
    if cue is not None and cue.tag_ == "VBG" and cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.pos_ in (
            "VERB", "AUX"):
        cue = cue.head  # "its director said, adding that 31 were critical": the participle shares its verb's tense
    return context.published.isoformat() if cue is not None and _of_the_news_day(cue) else None


def _sentence_cue(cue_tokens, context: AttributionContext, verb_of_preposition: bool = False) -> Token | None:
    """The first cue token of a dated article's sentence that ends with a full stop (not a headline), or None. With
    `verb_of_preposition`, a preposition's cue ("according to the ministry, 40 died", "as per the bulletin") gives
    the verb of the clause it attributes, whose tense says when it was stated."""
    if context.published is None or not cue_tokens or not isinstance(cue_tokens[0], Token):
        return None
    cue = cue_tokens[0]
    while verb_of_preposition and (cue.pos_ == "ADP" or cue.lower_ == "according") and cue.head.i != cue.i:
        cue = cue.head  # "As per the bulletin": "per" hangs on "As", which hangs on the verb
    if cue.pos_ not in ("VERB", "AUX"):
        return None
    ending = span_text(cue.sent).rstrip().rstrip("\"'”’)")
    return cue if ending.endswith((".", "!", "?")) else None


# Auxiliaries that set a cue before the news day or off it: "had said", "would say", "could confirm".
_NOT_THE_NEWS_DAY = frozenset({"had", "'d", "would", "could", "might", "may", "will", "shall", "should", "must"})


def _of_the_news_day(cue: Token) -> bool:
    """Whether a cue's tense reports a statement of the news day: the plain past or the present perfect, with no
    auxiliary that moves it earlier or off the record."""
    auxiliaries = [child for child in cue.children if child.dep_ in ("aux", "auxpass")]
    if any(aux.lower_ in _NOT_THE_NEWS_DAY for aux in auxiliaries):
        return False
    if cue.tag_ == "VBD":
        return True
    if cue.tag_ == "VBN" and any(aux.dep_ == "auxpass" and aux.tag_ == "VBD" for aux in auxiliaries) and not any(
            aux.dep_ == "aux" for aux in auxiliaries):
        return True  # "according to the ministry, 14 were injured": the plain past of a passive
    return cue.tag_ == "VBN" and any(aux.tag_ in ("VBZ", "VBP") and aux.lemma_ == "have" for aux in auxiliaries)


def _ahead(expression: str, past_day, context: AttributionContext) -> bool:
    if context.published is None or (context.published - past_day).days <= _AHEAD_DAYS:
        return False
    ahead = normalise_date(expression, context.published, tense="future", year_hint=context.year_hint)
    day = ahead.refers_from if ahead is not None else None
    return day is not None and 0 <= (day - context.published).days <= _AHEAD_DAYS


def _sentence_days(cue: Token) -> list[str]:
    """Dates of the cue's sentence outside what was said ("during the briefing at 7pm on Wednesday, during which
    they admitted that 30 people had died"): the occasion of the statement, tried after the cue's own dates."""
    if not isinstance(cue, Token):
        return []
    dates = [ent for ent in entities_in(cue.sent) if ent.label_ == "DATE"]
    if not dates:
        return []
    # the parse is projective, so a clause's subtree is the run of tokens between its edges
    said = [(child.left_edge.i, child.right_edge.i) for child in cue.children if child.dep_ in ("ccomp", "xcomp")]
    cues = lexicons().verb_cues
    return [ent.text for ent in dates if not any(first <= ent.end - 1 and ent.start <= last for first, last in said)
            and not _other_cue_above(ent.root, cue, cues) and not _after_comparison(ent[0])]


def _other_cue_above(token: Token, cue: Token, cues) -> bool:
    """Whether a date hangs off another speech verb ("the ministry said Tuesday, while the Red Cross estimated ...":
    Tuesday is the ministry's)."""
    if cue.dep_ == "advcl" and any(child.dep_ == "advmod" and child.lower_ == "when" for child in cue.children):
        return False  # "On Wednesday the governor said 400 had died, when the agency counted 171": one moment
    for ancestor in token.ancestors:
        if ancestor.i == cue.i:
            return False
        if ancestor.lemma_.lower() in cues and ancestor.pos_ in ("VERB", "AUX"):
            return True
    return False


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
            elif child.dep_ == "prep" and child.lower_ in ("on", "last", "this") and not _after_comparison(child):
                objects = [grandchild for grandchild in child.children if grandchild.dep_ == "pobj"]
                if objects and objects[0].ent_type_ in ("DATE", "TIME"):
                    expressions.append(_text_of(objects[0]))
    return expressions


# Words that set a figure against an earlier one: a date right after them, or after the figure compared with, is
# the earlier one's.
_COMPARISON_WORDS = ("against", "versus", "vs", "vs.", "compared", "than", "from")
_LINKS = ("on", "to", "with", "last", "this", "that", "of")


def _after_comparison(token: Token) -> bool:
    """'the police counted 735,000, against 650,000 on January 19' (the parse hangs "on January 19" on the verb),
    'attendance was stable compared to January 19': the date is the earlier event's, not the statement's."""
    doc = token.doc
    at = token.i - 1
    while at > token.sent.start and doc[at].lower_ in _LINKS:
        at -= 1
    if doc[at].pos_ == "NOUN" and at - 1 > token.sent.start and doc[at - 1].like_num:
        at -= 1  # "against 26,000 people on January 19"
    if doc[at].like_num and at > token.sent.start:
        at -= 1
    return doc[at].lower_ in _COMPARISON_WORDS
