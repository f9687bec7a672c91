"""Route claims: movement verb + from/to phrases -> one row per leg, with mode and the moved subject's count."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.events import extract_event_claims
from reconcile.extract.routes import extract_route_claims


def legs_of(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    previous = None
    found = []
    for sentence in doc.sents:
        rows = extract_route_claims(sentence, previous=previous)
        previous = rows[-1] if rows else previous
        found += [(row["leg"], row["origin"], row["destination"], row["mode"]) for row in rows]
    return found


@pytest.mark.parametrize(
    "text, expected",
    [
        # text, [(leg, origin, destination, mode)]
        pytest.param("About 400 families were evacuated by bus from Dadu to Karachi and then flown to Islamabad.", [(1, "Dadu", "Karachi", "road"), (2, "Karachi", "Islamabad", "air")], id="two-legs-two-modes"),
        pytest.param("The wounded were moved by train from Lviv to Warsaw.", [(1, "Lviv", "Warsaw", "train")], id="by-train"),
        pytest.param("Aid was flown from Cairo to Amman.", [(1, "Cairo", "Amman", "air")], id="mode-from-verb"),
        pytest.param("The navy had taken 1,500 marines to Crete this month.", [(1, None, "Crete", "ship")], id="navy-as-carrier"),
        pytest.param("More than 200 migrants arrived in Lampedusa by boat from Libya.", [(1, "Libya", "Lampedusa", "ship")], id="arrival-in"),
        pytest.param("Police said the crowd marched from Union Square to City Hall.", [(1, "Union Square", "City Hall", "foot")], id="unknown-places-kept"),
        pytest.param("The refugees moved from Dadu to Karachi. They then traveled onward to Lahore.", [(1, "Dadu", "Karachi", None), (2, "Karachi", "Lahore", None)], id="leg-chained-across-sentences"),
        pytest.param("Rebels moved 300 fighters into the Belgorod region from early to mid-May.", [(1, None, "Belgorod region", None)], id="date-range-is-not-an-origin"),
        pytest.param("The army sent 2,000 soldiers to Pakistan.", [], id="bare-country-deployment-is-a-count"),
        pytest.param("Aid moved slowly, according to the United Nations.", [], id="according-to-is-not-a-destination"),
        pytest.param("The river moved its banks.", [], id="no-stop-no-route"),
    ],
)
def test_route_legs(nlp, text, expected):
    assert legs_of(nlp, text) == expected


@pytest.mark.parametrize(
    "text, subject, low, high, qualifier",
    [
        pytest.param("About 3,000 soldiers were transported by ship from Odesa to Varna.", "troops", 3000.0, 3000.0, "approx", id="approx-passive"),
        pytest.param("The army moved at least 500 troops into Sindh province.", "troops", 500.0, None, "at_least", id="at-least-object"),
        pytest.param("Officials tracked 800 soldiers who were flown from Kabul to Doha.", "troops", 800.0, 800.0, "exact", id="relative-clause-antecedent"),
    ],
)
def test_route_carries_the_moved_subject_and_count(nlp, text, subject, low, high, qualifier):
    rows = extract_route_claims(nlp(text)[:])
    assert len(rows) == 1
    row = rows[0]
    assert (row["subject"], row["value_low"], row["value_high"], row["qualifier"]) == (subject, low, high, qualifier)


def test_later_leg_of_same_people_keeps_their_count(nlp):
    text = "About 900 soldiers were shipped from Varna to Odesa. Those troops have since been taken to Kherson."
    rows = extract_event_claims(nlp(text), text_offset=0, published=date(2025, 3, 12), attribute=lambda span: {})
    legs = [(r["leg"], r["origin"], r["destination"], r["value_low"]) for r in rows if r["kind"] == "route"]
    assert legs == [(1, "Varna", "Odesa", 900.0), (2, "Odesa", "Kherson", 900.0)]
