"""Quote claims: a parsed chunk -> one row per contiguous quoted segment, marks excluded, with its speaker."""

from __future__ import annotations

import logging

import pytest

from reconcile.extract.quotes import extract_quote_claims, find_quote_segments

CASES = [
    # text, expected [(quote_text, speaker)]
    pytest.param("“We will rebuild every home,” the mayor said.", [("We will rebuild every home", "mayor")], id="curly"),
    pytest.param('"The water is still rising," said Ana Lopez, a local official.', [("The water is still rising", "Ana Lopez")], id="straight-said-first"),
    pytest.param("“The dam held,” Maria Chen said, “but the levee did not.”", [("The dam held", "Maria Chen"), ("but the levee did not", "Maria Chen")], id="split-around-said"),
    pytest.param("“The roads are closed. Nobody can reach the villages,” the governor said.", [("The roads are closed. Nobody can reach the villages", "governor")], id="multi-sentence"),
    pytest.param("“We are exhausted,” said nurse Li Wei. “We have not slept in two days.”", [("We are exhausted", "Li Wei"), ("We have not slept in two days", "Li Wei")], id="continuation-inherits-speaker"),
    pytest.param("Police described the crowd as “largely peaceful” on Sunday, Chief Omar Reyes said.", [("largely peaceful", "Omar Reyes")], id="fragment-in-paraphrase"),
    pytest.param("“They told us ‘stay inside’ and then the lights went out,” said resident Tom Baker.", [("They told us ‘stay inside’ and then the lights went out", "Tom Baker")], id="nested-single-quotes"),
    pytest.param("“Where is the help?” asked Rosa Diaz.", [("Where is the help?", "Rosa Diaz")], id="question-mark-kept"),
    pytest.param('"Stay away from the river," the mayor said. “It is not safe.”', [("Stay away from the river", "mayor"), ("It is not safe", "mayor")], id="straight-then-curly"),
    pytest.param("The minister added: “Help is on the way.”", [("Help is on the way", "minister")], id="colon-introduced"),
    pytest.param("“The sign read \"closed\" all week,” a shopkeeper said.", [('The sign read "closed" all week', "shopkeeper")], id="straight-inside-curly"),
    pytest.param("Officials called the response “adequate” and moved on.", [], id="one-word-scare-quote-skipped"),
    pytest.param("The mayor said the river was rising.", [], id="no-quote"),
    pytest.param("The city’s mayor said the town’s levee held.", [], id="apostrophes-are-not-quotes"),
    pytest.param("“The bridge is gone, the official said.", [], id="unbalanced-opening-skipped"),
    pytest.param("The official said the bridge is gone.” Then he left.", [], id="stray-closing-skipped"),
    pytest.param("“No comment,” he said.", [("No comment", None)], id="pronoun-speaker-left-to-attribution"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_quote_claims(nlp, text, expected):
    doc = nlp(text)
    claims = extract_quote_claims(doc)
    assert [(claim["quote_text"], claim["speaker"] or claim["_speaker_phrase"]) for claim in claims] == expected
    for claim in claims:
        assert doc.text[claim["start"] : claim["end"]] == claim["quote_text"]
        assert claim["kind"] == "quote"


@pytest.mark.parametrize(
    "text, warned",
    [
        pytest.param("“Open quote and no close.", True, id="unbalanced-warns"),
        pytest.param("“Closed quote,” fine.", False, id="balanced-is-silent"),
        pytest.param("Stray close” mark.", True, id="stray-close-warns"),
    ],
)
def test_unbalanced_marks_are_logged_not_raised(caplog, text, warned):
    with caplog.at_level(logging.WARNING, logger="reconcile.extract.quotes"):
        find_quote_segments(text)
    assert ("unbalanced quote mark" in caplog.text) is warned


def test_only_a_named_person_fills_the_speaker_column(nlp):
    claims = extract_quote_claims(nlp("“We need boats,” the mayor said. “Send them now,” said Ana Lopez, “not later.”"))
    assert [claim["speaker"] for claim in claims] == [None, "Ana Lopez", "Ana Lopez"]


def test_cue_verb_is_recorded(nlp):
    claims = extract_quote_claims(nlp("“We need boats,” the mayor told reporters."))
    assert claims[0]["cue"] == "told"
