"""Extract stage, the parser: the lemmatizer's lemmas read from a table of the words it has already lemmatized.

The English pipeline's rule lemmatizer gives a token's lemma from its form, part of speech and morphology alone,
and keeps each answer; but it walks every token of every Doc in Python to ask, about a twentieth of the whole
pipeline's time on news text. `LemmaTable(lemmatizer)(doc)` sets exactly the lemmas `lemmatizer(doc)` sets: it reads
the three fields of all tokens at once, answers the words it has met from its table and asks the lemmatizer only
about new ones. A lemmatizer in another mode (a lookup table, a trained one) is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens import Doc

_FIELDS = [ORTH, POS, MORPH, LEMMA]


class LemmaTable:
    """A rule lemmatizer's lemmas by (form, part of speech, morphology), filled as words are met."""

    def __init__(self, lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._strings = lemmatizer.vocab.strings
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array(_FIELDS).tolist()
        overwrite = self._lemmatizer.overwrite
        lemmas = []
        for index, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)  # set before the lemmatizer ran (the attribute ruler's exceptions)
                continue
            key = (orth, pos, morph)
            found = self._lemmas.get(key)
            if found is None:
                found = self._lemmas[key] = self._strings.add(self._lemmatizer.lemmatize(doc[index])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


def speed_up_lemmatizer(nlp) -> bool:
    """Make the pipeline's rule lemmatizer answer from a `LemmaTable` when documents stream through `nlp.pipe`
    (a single `nlp(text)` keeps the stock path, with the same lemmas); False (pipeline unchanged) when it has no
    lemmatizer or one in another mode."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return False
    table = LemmaTable(lemmatizer)
    error_handler = lemmatizer.get_error_handler

    def pipe(docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            try:
                yield table(doc)
            except Exception as error:  # noqa: BLE001 - spaCy's own error handler decides, as for the stock call
                error_handler()(lemmatizer.name, lemmatizer, [doc], error)

    lemmatizer.pipe = pipe
    return True
