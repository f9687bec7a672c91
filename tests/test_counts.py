"""Count claims: subject, status, qualifier and interval on sentences written for these tests (not seeds)."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.attribution import build_context
from reconcile.extract.counts import CountMemory, extract_count_claims, prime_memory
from reconcile.extract.subjects import normalise_subject

PUBLISHED = date(2024, 5, 8)


def _counts(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    context = build_context(text, published=PUBLISHED, outlet="Wire")
    memory = prime_memory(text)
    rows = []
    for sentence in doc.sents:
        found, memory = extract_count_claims(sentence, context, memory)
        rows.extend(found)
    return rows


# id, text, claim words, subject, status, qualifier, value_low, value_high, is_increment
CLAIMS = [
    pytest.param("At least 42 people were killed in the floods, the Red Cross said.", "At least 42 people", "deaths", "killed", "at_least", 42, None, False, id="flood-toll-at-least"),
    pytest.param("More than 300 people were injured when the train derailed.", "More than 300 people", "wounded", "wounded", "more_than", 300, None, False, id="injured-more-than"),
    pytest.param("The quake killed or injured more than 4,000 people.", "more than 4,000 people", "casualties", "casualties", "more_than", 4000, None, False, id="killed-or-injured"),
    pytest.param("Police said about 20,000 demonstrators marched through the capital.", "about 20,000 demonstrators", "protesters", "present", "approx", 20000, 20000, False, id="protest-size"),
    pytest.param("Organisers put the crowd at between 50,000 and 60,000 protesters.", "between 50,000 and 60,000 protesters", "protesters", "present", "range", 50000, 60000, False, id="range"),
    pytest.param("The army has deployed 2,000 soldiers to the flooded districts.", "2,000 soldiers", "troops", "deployed", "exact", 2000, 2000, False, id="deployed"),
    pytest.param("Another 1,500 troops will be sent to the border next month, the ministry said.", "Another 1,500 troops", "troops", "planned", "exact", 1500, 1500, True, id="increment-planned"),
    pytest.param("The death toll rose to 57 on Tuesday, officials said.", "57", "deaths", "killed", "exact", 57, 57, False, id="death-toll-rose-to"),
    pytest.param("Up to 800 Chadian troops could deploy to the region by June.", "Up to 800 Chadian troops", "chadian_troops", "planned", "up_to", None, 800, False, id="could-deploy-up-to"),
    pytest.param("Nearly 2,000 Sudanese refugees arrived in the camp last week.", "Nearly 2,000 Sudanese refugees", "sudanese_displaced", "present", "approx", 2000, 2000, False, id="refugees-arrived"),
    pytest.param("Dozens of civilians died in the shelling.", "Dozens of civilians", "civilians", "killed", "vague", 24, 99, False, id="vague-dozens"),
    pytest.param("The government plans to send 10,000 more police officers.", "10,000 more police officers", "police", "planned", "exact", 10000, 10000, True, id="plans-to-send"),
    pytest.param("Some 6,000 Kenyan police officers are stationed in Haiti.", "Some 6,000 Kenyan police officers", "kenyan_police", "present", "approx", 6000, 6000, False, id="stationed"),
    pytest.param("Tens of thousands of Israelis rallied in Tel Aviv on Saturday.", "Tens of thousands of Israelis", "israeli_people", "present", "vague", 20000, 99999, False, id="nationality-head"),
    pytest.param("The rebels fired 120 rockets at the town.", "120 rockets", "rockets", "other", "exact", 120, 120, False, id="count-of-things"),
    pytest.param("Rescuers pulled 14 survivors from the rubble.", "14 survivors", "survivors", "other", "exact", 14, 14, False, id="survivors"),
    pytest.param("Pyongyang's troops, some 4,000 of them, had been sent to the front.", "some 4,000", "north_korean_troops", "sent", "approx", 4000, 4000, False, id="bare-figure-remembers-subject"),
    pytest.param("Serbia has sent 300 soldiers to the peacekeeping mission.", "300 soldiers", "serbian_troops", "sent", "exact", 300, 300, False, id="sent-actor-from-subject-country"),
    pytest.param("The Freedonian army has sent 300 soldiers to the mission.", "300 soldiers", "troops", "sent", "exact", 300, 300, False, id="sent-no-actor-known"),
    pytest.param("Iran has sent three thousand kites to Syria.", "three thousand", None, None, None, None, None, None, id="unknown-noun-is-not-counted"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words", "subject", "status", "qualifier", "low", "high", "increment"), CLAIMS
)
def test_count_claim(nlp, text, words, subject, status, qualifier, low, high, increment):
    rows = _counts(nlp, text)
    if subject is None:
        assert rows == []
        return
    assert len(rows) == 1
    row = rows[0]
    assert text[row["start"] : row["end"]] == words
    assert (row["subject"], row["status"], row["qualifier"], row["is_increment"]) == (
        subject,
        status,
        qualifier,
        increment,
    )
    assert (row["value_low"], row["value_high"]) == (low, high)


NON_CLAIMS = [
    pytest.param("A 25-year-old man was arrested in 2023.", id="age-and-year"),
    pytest.param("The storm lasted 12 hours and dumped 300 millimetres of rain.", id="duration-and-measure"),
    pytest.param("How many of the 5,000 troops will stay?", id="question"),
    pytest.param("We don't know whether there are 500 or 5,000 fighters in the city.", id="ignorance-dont-know"),
    pytest.param("It is unclear whether 200 or 2,000 people were inside.", id="ignorance-unclear"),
    pytest.param("The two leaders met three times.", id="uncounted-nouns"),
    pytest.param("Officials could not say if 40 or 400 soldiers had crossed.", id="could-not-say-if"),
    pytest.param("The rally began at 10:30 on May 4.", id="clock-and-date"),
    pytest.param("Turnout was 64% and the budget is $2 billion.", id="percent-and-money"),
]


@pytest.mark.parametrize("text", NON_CLAIMS)
def test_non_claims_are_not_counted(nlp, text):
    assert _counts(nlp, text) == []


def test_two_sources_in_one_sentence_each_keep_their_own(nlp):
    text = "Police said 2,000 people attended the rally, while organisers said 15,000 people joined it."
    rows = _counts(nlp, text)
    assert [(row["value_low"], row["cue"], row["source_org"]) for row in rows] == [
        (2000, "said", "police"),
        (15000, "said", "organisers"),
    ]
    # the parse puts each figure under its own "said": neither borrows the other's period or source
    assert all(row["via"] is None for row in rows)


def test_period_of_the_figure_is_kept_apart_from_the_day_it_was_said(nlp):
    text = "The ministry said on Monday that 700 soldiers had arrived in early May."
    (row,) = _counts(nlp, text)
    assert row["stated_on"] == "2024-05-06"
    assert (row["refers_from"], row["refers_to"]) == ("2024-05-01", "2024-05-10")


@pytest.mark.parametrize(
    ("phrase", "subject"),
    [
        pytest.param("3,000 North Korean troops", "north_korean_troops", id="actor-and-class"),
        pytest.param("Russian casualties", "russian_casualties", id="casualties"),
        pytest.param("people", "people", id="plain-people"),
        pytest.param("the dead", "deaths", id="dead-to-deaths"),
        pytest.param("Pyongyang's infantrymen", "north_korean_troops", id="possessive-metonym"),
        pytest.param("400 Ukrainian servicemen", "ukrainian_troops", id="servicemen"),
        pytest.param("more than 13,000 containers", "containers", id="things"),
        pytest.param("1 million artillery rounds", "artillery_rounds", id="two-word-noun"),
        pytest.param("twelve Brazilians", "brazilian_people", id="demonym-head"),
        pytest.param("three training sites", None, id="not-counted"),
    ],
)
def test_normalise_subject(phrase, subject):
    assert normalise_subject(phrase) == subject


def test_memory_is_a_new_value_each_time():
    memory = CountMemory()
    primed = prime_memory("Some 500 Chadian soldiers crossed.")
    assert memory.class_for("chadian") is None
    assert primed.class_for("chadian") == "troops"
