"""Date claims: a sentence + publication date -> interval, precision, direction and the event it dates."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.dates import extract_date_claims, is_future, speaker_key

# A Wednesday, so that "on Tuesday" is yesterday and "on Friday" (future) is two days ahead.
PUBLISHED = date(2025, 3, 12)

CASES = [
    # sentence, date words, refers_from, refers_to, direction, event
    pytest.param("The mayor said on Tuesday that the river had burst its banks.", "on Tuesday", "2025-03-11", "2025-03-11", "within", "statement:mayor", id="statement-weekday"),
    pytest.param("Police said Saturday that 40 people were arrested.", "Saturday", "2025-03-08", "2025-03-08", "within", "statement:police", id="statement-bare-weekday"),
    pytest.param("The government announced on Monday that schools would reopen.", "on Monday", "2025-03-10", "2025-03-10", "within", "statement:government", id="statement-announced"),
    pytest.param("Rescue teams will reach the flooded villages on Friday.", "on Friday", "2025-03-14", "2025-03-14", "within", "arrival", id="future-weekday-resolves-forward"),
    pytest.param("The troops are expected to arrive on Sunday.", "on Sunday", "2025-03-16", "2025-03-16", "within", "arrival:troops", id="expected-to-is-future"),
    pytest.param("About 2,000 families were evacuated by bus between early and mid-February.", "between early and mid-February", "2025-02-01", "2025-02-20", "within", "movement", id="early-to-mid-month"),
    pytest.param("Thousands of refugees fled across the border in late February.", "in late February", "2025-02-21", "2025-02-28", "within", "movement", id="late-month-third"),
    pytest.param("The storm hit the coast in the first two weeks of January.", "in the first two weeks of January", "2025-01-01", "2025-01-14", "within", "disaster", id="first-two-weeks"),
    pytest.param("The ministry aims to rebuild 5,000 homes by the end of the year.", "by the end of the year", "2025-03-12", "2025-12-31", "before", "rebuild", id="deadline-end-of-year"),
    pytest.param("The airline said flights would resume by April.", "by April", "2025-03-12", "2025-04-30", "before", "resume", id="deadline-month"),
    pytest.param("Protesters have occupied the central square since January.", "since January", "2025-01-01", "2025-03-12", "after", "occupy", id="since-month"),
    pytest.param("Firefighters have battled the blaze since Friday.", "since Friday", "2025-03-07", "2025-03-12", "after", "battle", id="since-weekday"),
    pytest.param("The aid convoy arrived in Gaza last week.", "last week", "2025-03-03", "2025-03-09", "within", "arrival:gaza", id="last-week-arrival-place"),
    pytest.param("The navy deployed two frigates to the strait last month.", "last month", "2025-02-01", "2025-02-28", "within", "deployment", id="last-month"),
    pytest.param("Engineers will inspect the dam within the next several weeks.", "within the next several weeks", "2025-03-12", "2025-04-23", "within", "inspect", id="next-several-weeks"),
    pytest.param("Officials expect the floodwaters to recede in the coming days.", "in the coming days", "2025-03-12", "2025-03-19", "within", "recede", id="coming-days"),
    pytest.param("The two leaders will meet next week in Geneva.", "next week", "2025-03-17", "2025-03-23", "within", "meeting", id="next-week-meeting"),
    pytest.param("The dam collapsed on 4 March after days of rain.", "on 4 March", "2025-03-04", "2025-03-04", "within", "disaster", id="day-month"),
]


@pytest.mark.parametrize("sentence, words, refers_from, refers_to, direction, event", CASES)
def test_date_claim(nlp, sentence, words, refers_from, refers_to, direction, event):
    doc = nlp(sentence)
    claims = extract_date_claims(doc[:], PUBLISHED)
    assert len(claims) == 1
    claim = claims[0]
    assert doc.text[claim["start"] : claim["end"]] == words
    assert (claim["refers_from"], claim["refers_to"], claim["date_direction"]) == (refers_from, refers_to, direction)
    assert claim["event"] == event or claim["event"].startswith(event + ":")


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("The 1990s were a decade of growth.", id="background-decade"),
        pytest.param("The river is wide and slow.", id="no-date"),
        pytest.param("Tuesday.", id="date-without-event"),
    ],
)
def test_no_date_claim(nlp, sentence):
    assert extract_date_claims(nlp(sentence)[:], PUBLISHED) == []


def test_statement_date_names_the_attributed_speaker_for_a_pronoun(nlp):
    claims = extract_date_claims(nlp("He said on Tuesday that the dam held.")[:], PUBLISHED, speaker="Ana Lopez")
    assert (claims[0]["speaker"], claims[0]["event"]) == ("Ana Lopez", "statement:ana_lopez")


def test_unnamed_speaker_keys_the_event_but_leaves_speaker_empty(nlp):
    claim = extract_date_claims(nlp("The mayor said on Tuesday that the river rose.")[:], PUBLISHED)[0]
    assert (claim["speaker"], claim["event"]) == (None, "statement:mayor")


def test_without_publication_date_relative_dates_stay_open(nlp):
    claims = extract_date_claims(nlp("The mayor said on Tuesday that the river rose.")[:], None)
    assert claims[0]["refers_from"] is None and claims[0]["date_precision"] == "unknown"


@pytest.mark.parametrize(
    "sentence, index, expected",
    [
        pytest.param("They will arrive soon.", 2, True, id="will"),
        pytest.param("They could have arrived.", 3, False, id="could-have-is-past"),
        pytest.param("They arrived.", 1, False, id="past"),
    ],
)
def test_is_future(nlp, sentence, index, expected):
    assert is_future(nlp(sentence)[index]) is expected


@pytest.mark.parametrize(
    "speaker, key",
    [
        pytest.param("John Smith", "john_smith", id="person"),
        pytest.param("Kim Min-jun", "kim_min-jun", id="hyphen-kept"),
        pytest.param("U.S. officials", "u_s_officials", id="body"),
    ],
)
def test_speaker_key(speaker, key):
    assert speaker_key(speaker) == key
