"""The attribute ruler's matches by table look-up: the very list spaCy's Matcher gives, on news text and on the
forms its patterns are for; a ruler with another kind of pattern is left alone."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline.attributeruler import AttributeRuler

from reconcile.extract.attribute_matches import AttributeMatches, speed_up

FORMS = [
    pytest.param("I'm gonna go, y'all ain't gotta wait. Let's c'mon!", id="contractions"),
    pytest.param("There is a risk, and there's more: it is what you and I did to it.", id="pronouns-and-expletives"),
    pytest.param("He gets what he got. But we did have done it, and do.", id="auxiliaries"),
    pytest.param("  Two  spaces,\n\nnew lines\t and tabs. ", id="white-space"),
    pytest.param("“Quoted,” said the 3 officials — (in brackets) — #tag @user 50%.", id="punctuation"),
]


@pytest.fixture(scope="module")
def ruler(nlp):
    return nlp.get_pipe("attribute_ruler")


def _before_the_ruler(nlp, texts):
    return list(nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))


@pytest.mark.parametrize("text", FORMS)
def test_same_matches_as_spacy_on_the_forms_the_patterns_are_for(nlp, ruler, text):
    (doc,) = _before_the_ruler(nlp, [text])
    assert AttributeMatches(ruler)(doc) == AttributeRuler.match(ruler, doc)


def test_same_matches_as_spacy_on_every_seed_paragraph(nlp, ruler, seeds_dir):
    paragraphs = [line for path in sorted(seeds_dir.glob("*.txt")) for line in path.read_text().splitlines() if line]
    table = AttributeMatches(ruler)
    for doc in _before_the_ruler(nlp, paragraphs):
        assert table(doc) == AttributeRuler.match(ruler, doc), doc.text[:60]


def test_the_pipeline_uses_the_table(ruler):
    assert isinstance(ruler.match, AttributeMatches)


def test_a_ruler_with_other_patterns_is_left_alone():
    blank = spacy.blank("en")
    other = blank.add_pipe("attribute_ruler")
    other.add([[{"ORTH": "x", "OP": "+"}]], {"LEMMA": "y"})
    assert speed_up(other) is False
    assert "match" not in vars(other)  # still the class's own Matcher-based method
