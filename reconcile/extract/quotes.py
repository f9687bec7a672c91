"""Extract stage, quotes: a parsed chunk (spaCy Doc) -> one quote row per contiguous quoted segment, with speaker.

Conventions handled: curly (“ ”) and straight (") double marks; single marks inside a double quote are part of
it (“they told us ‘stay inside’”); a quote split around "he said" gives one row per segment with the same
speaker; a quote may run over several sentences; a quoted fragment inside a paraphrase ("described the crowd
as “largely peaceful”") is a quote too. A single quoted word is a scare quote, not speech, and is left out.
An unbalanced mark is skipped with a logged warning and never fails the document.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reconcile.extract.lexicons import speech_lemmas
from reconcile.extract.nlp import entities_in, entities_of, sentences_of, text_of

logger = logging.getLogger(__name__)

OPENING_MARKS = ("“", "„")
CLOSING_MARKS = ("”",)
STRAIGHT_MARK = '"'
# US style puts the sentence's comma or full stop inside the marks ("“It is serious,” he said"): they belong to
# the sentence, not to the speaker, so they are dropped; "?" and "!" are the speaker's and stay.
TRAILING_SENTENCE_PUNCTUATION = ",."
# A single quoted word is a scare quote or a term ("“thousands” would be sent"), not speech.
MIN_QUOTE_WORDS = 2
_MARK = re.compile("|".join(re.escape(mark) for mark in (*OPENING_MARKS, *CLOSING_MARKS, STRAIGHT_MARK)))


@dataclass(frozen=True)
class QuoteSegment:
    """The words between one pair of marks, as chunk character offsets (marks excluded)."""

    start: int
    end: int
    text: str


def find_quote_segments(text: str) -> list[QuoteSegment]:
    """Contiguous quoted segments of a text, marks excluded; unbalanced marks are logged and skipped.

    >>> [s.text for s in find_quote_segments('“Yes,” he said. "No."')]
    ['Yes', 'No.']
    """
    segments: list[QuoteSegment] = []
    open_at: int | None = None
    open_mark = ""
    for mark in _MARK.finditer(text):  # only the marks matter: skip from one to the next
        index, char = mark.start(), mark.group()
        if char in OPENING_MARKS:
            if open_at is not None and open_mark != STRAIGHT_MARK:
                # Two openings in a row: the first was never closed (a typo, or a paragraph-spanning quote).
                _warn_unbalanced(text, open_at)
            if open_at is None or open_mark != STRAIGHT_MARK:
                open_at, open_mark = index, char
        elif char in CLOSING_MARKS:
            if open_at is None or open_mark == STRAIGHT_MARK:
                if open_at is None:
                    _warn_unbalanced(text, index)
                continue
            segments.extend(_segment(text, open_at + 1, index))
            open_at = None
        elif char == STRAIGHT_MARK:
            if open_at is None:
                open_at, open_mark = index, char
            elif open_mark == STRAIGHT_MARK:
                segments.extend(_segment(text, open_at + 1, index))
                open_at = None
            # a straight mark inside a curly quote is part of the quoted words
    if open_at is not None:
        _warn_unbalanced(text, open_at)
    return segments


def _segment(text: str, start: int, end: int) -> list[QuoteSegment]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING_SENTENCE_PUNCTUATION):
        end -= 1
    if start >= end or not any(char.isalnum() for char in text[start:end]):
        return []
    if len(text[start:end].split()) < MIN_QUOTE_WORDS:
        return []
    return [QuoteSegment(start, end, text[start:end])]


def _warn_unbalanced(text: str, index: int) -> None:
    excerpt = text[max(index - 20, 0) : index + 40].replace("\n", " ")
    logger.warning("unbalanced quote mark at offset %d skipped: %r", index, excerpt)


@dataclass(frozen=True)
class QuoteFrame:
    """A quote with the sentences around it and the speech verb and speaker found there (chunk-relative)."""

    segment: QuoteSegment
    context: Span
    cue: str | None
    speaker: str | None


def frame_quotes(doc: Doc) -> list[QuoteFrame]:
    """Quote segments of a chunk with their covering sentences and the local "X said" around them.

    A segment with no speech verb of its own outside the marks (the second half of a split quote, a quote
    sentence after an attributed one) inherits the previous segment's speaker and cue: news copy attributes
    a run of quotes once.

    >>> [f.speaker for f in frame_quotes(nlp('“Go,” Ana Lima said. “Now.”'))]  # doctest: +SKIP
    ['Ana Lima', 'Ana Lima']
    """
    segments = find_quote_segments(text_of(doc))
    frames: list[QuoteFrame] = []
    previous: QuoteFrame | None = None
    for segment in segments:
        context = _covering_sentences(doc, segment)
        if context is None:
            continue
        cue_token = _speech_verb_outside(context, segments)
        if cue_token is None:
            # “Where are the boats?” Lopez told reporters. -- the parser often ends the sentence at the mark.
            following = _following_sentence(doc, context)
            if following is not None:
                cue_token = _speech_verb_outside(following, segments)
                if cue_token is not None:
                    context = doc[context.start : following.end]
        if cue_token is not None:
            speaker = speaker_of(cue_token, segments)
            if speaker is None and previous is not None and _is_pronoun_subject(cue_token):
                speaker = previous.speaker
            frame = QuoteFrame(segment, context, cue_token.text, speaker)
        elif previous is not None:
            frame = QuoteFrame(segment, context, previous.cue, previous.speaker)
        else:
            frame = QuoteFrame(segment, context, None, None)
        frames.append(frame)
        previous = frame
    return frames


def _covering_sentences(doc: Doc, segment: QuoteSegment) -> Span | None:
    sentences = [sent for sent in sentences_of(doc) if sent.start_char < segment.end and segment.start < sent.end_char]
    if not sentences:
        return None
    return doc[sentences[0].start : sentences[-1].end]


def _following_sentence(doc: Doc, context: Span) -> Span | None:
    if context.end >= len(doc):
        return None
    following = doc[context.end].sent
    first = following[0]
    # Only an attribution tail ("Lopez told reporters.") qualifies, not the next quote or a new paragraph idea.
    if first.text in OPENING_MARKS + (STRAIGHT_MARK,) or "\n" in text_of(doc)[context.end_char : following.start_char]:
        return None
    return following


def _inside_any(token: Token, segments: list[QuoteSegment]) -> bool:
    return any(segment.start - 1 <= token.idx < segment.end + 1 for segment in segments)


def _speech_verb_outside(context: Span, segments: list[QuoteSegment]) -> Token | None:
    lemmas = speech_lemmas()
    candidates = [
        token
        for token in context
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lemmas and not _inside_any(token, segments)
    ]
    # A verb with a named subject beats a bare participle ("saying"); the first such verb is the attribution.
    with_subject = [token for token in candidates if _subject_of(token) is not None]
    chosen = with_subject or candidates
    return chosen[0] if chosen else None


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _is_pronoun_subject(verb: Token) -> bool:
    subject = _subject_of(verb)
    return subject is not None and subject.pos_ == "PRON"


def speaker_of(verb: Token, segments: list[QuoteSegment]) -> str | None:
    """The named subject of a speech verb ("Lopez", "the provincial governor"); pronouns give None.

    A title before the name ("Interior Minister Ana Lopez") is dropped: the person is the speaker.
    """
    subject = _subject_of(verb)
    if subject is not None and _inside_any(subject, segments):
        subject = None
    if subject is not None and subject.pos_ == "PRON":
        return None
    if subject is not None:
        core = _core_tokens(subject)
        people = [ent for ent in entities_of(verb.doc) if ent.label_ == "PERSON" and all(t.i in core for t in ent)]
        if people:
            return people[-1].text
        words = [token for token in subject.subtree if token.i <= subject.i and not _inside_any(token, segments)]
        words = [token for token in words if token.i in core]
        text = " ".join(token.text for token in words if token.dep_ not in ("det", "punct", "poss", "case"))
        return text or None
    # "... for the other side, spokeswoman Ana Lopez said": a person right before the verb is its speaker.
    before = verb.doc[: verb.i]
    people = [ent for ent in entities_in(before) if ent.label_ == "PERSON" and ent.end >= verb.i - 1]
    return people[-1].text if people else None


def _core_tokens(head: Token) -> frozenset[int]:
    """The name part of a subject phrase: no relative clause, apposition or prepositional tail."""
    core = {head.i}
    for child in head.children:
        if child.dep_ not in ("relcl", "acl", "prep", "advcl", "appos", "punct", "cc", "conj"):
            core.update(token.i for token in child.subtree)
    return frozenset(core)


def extract_quote_claims(doc: Doc) -> list[dict]:
    """Quote claims of one chunk, chunk offsets; speaker/cue found locally (attribution may refine them).

    `speaker` is filled only with a person's name; an unnamed speaker ("the mayor") goes to `_speaker_phrase`,
    which the entry point uses for the statement key and then drops.

    >>> extract_quote_claims(nlp('“We will rebuild,” the mayor said.'))[0]["quote_text"]  # doctest: +SKIP
    'We will rebuild'
    """
    claims = []
    for frame in frame_quotes(doc):
        named = frame.speaker if frame.speaker and is_person_name(doc, frame.speaker) else None
        claims.append(
            {
                "kind": "quote",
                "quote_text": frame.segment.text,
                "speaker": named,
                "_speaker_phrase": frame.speaker,
                "cue": frame.cue,
                "start": frame.segment.start,
                "end": frame.segment.end,
                "_context": frame.context,
            }
        )
    return claims


def is_person_name(doc: Doc, words: str) -> bool:
    """Whether the parser tagged these words as a person somewhere in the chunk ("Ana Lopez", not "the mayor")."""
    return any(ent.label_ == "PERSON" and ent.text == words for ent in entities_of(doc))
