"""Where a story is told from, as a table: an article's text (and outlet, and what its story taught) -> its country.

The country decides what "the ministry", "police" and "the mayor" are: a body that names no country belongs to the
country the article is told from. Every text is invented for this file.
"""

from __future__ import annotations

import pytest

from reconcile.extract.setting import document_setting, outlet_country, qualified_towns

HOME_CASES = [
    pytest.param("NDJARA, Cameroon, March 16, 2026 (AFP) - At least 37 people have died, the group said.", {},
                 "Cameroon", id="a-dateline-town-qualified-by-its-country"),
    pytest.param("AK-DOBO, Kyrgyzstan - The district hospital has received 52 wounded, its head said.", {},
                 "Kyrgyzstan", id="a-dateline-town-the-gazetteer-lacks"),
    pytest.param("BENI, Nepal, July 14 (TAW) - A landslide buried a village before dawn, officials said.", {},
                 "Nepal", id="the-country-a-dateline-names-beats-a-town-of-that-name-elsewhere"),
    pytest.param("NDJARA – Nine bodies have been recovered, the sub-prefect said.", {"story_towns": "ndjara=Cameroon"},
                 "Cameroon", id="a-dateline-town-its-story-placed"),
    pytest.param("At least 18,000 people fleeing the fighting in the Central African Republic have entered the East "
                 "Region, the ministry said. Arrivals from the Central African Republic continue, officials in "
                 "Yaoundé said.", {"outlet": "Cameroon Daily Mirror"},
                 "Cameroon", id="the-country-people-flee-is-not-the-setting"),
    pytest.param("Mayor Aïssatou Bello said the town in Cameroon was hosting thousands. We need help, Mrs Bello said.", {},
                 "Cameroon", id="a-surname-is-not-a-town"),
    pytest.param("The UN and the United Nations refugee agency said the UN would help. Police in Kenya said 40 died.",
                 {}, "Kenya", id="the-un-is-no-home"),
    # the comparison with an earlier disaster abroad names its country twice; the story's own is what its other
    # articles name
    pytest.param("Officials said on Sunday that 40 fans had died in the crush at the gates of the Bravo Arena.\n\nThe crush was compared with the 1998 "
                 "disaster at a stadium in Lusaka, Zambia, where 60 died.", {"story_home": "Malaysia", "year": 2026},
                 "Malaysia", id="a-country-named-only-for-an-earlier-event"),
    pytest.param("The health ministry said seven people had died in Lilongwe on Monday.\n\nMalawi's last outbreak, "
                 "which ran through 2019, killed more than 900 people.", {"year": 2026, "story_home": "Zambia"},
                 "Malawi", id="an-earlier-event-of-the-same-country-still-counts"),
    pytest.param("Explainer: why the toll changed\n\nAt least 18 inmates died in the riot, the prison service said. "
                 "Ecuador has seen riots before.", {"outlet": "Security Brief Latin America"},
                 "Ecuador", id="latin-america-is-not-the-united-states"),
]


@pytest.mark.parametrize(("text", "hints", "home"), HOME_CASES)
def test_home_country(text, hints, home):
    assert document_setting(text, [], **hints).home_country == home


def test_a_valley_is_not_placed_in_the_country_of_a_town_called_the_valley():
    # the parser's place entity ends with a landform word; alone, the gazetteer spells a town of Anguilla so
    text = "Cholera has killed seven in the Tsamba Valley and the Tsamba Valley hospitals, officials said."
    places = [(text.index("Tsamba"), "Tsamba Valley"), (text.rindex("Tsamba"), "the Tsamba Valley")]
    assert document_setting(text, places, story_home="Malawi").home_country == "Malawi"


@pytest.mark.parametrize(("outlet", "country"), [
    pytest.param("The Lima Herald", "Peru", id="a-capital-in-the-name"),
    pytest.param("Philippine Daily Inquirer", "Philippines", id="a-demonym-in-the-name"),
    pytest.param("Cameroon Daily Mirror", "Cameroon", id="a-country-in-the-name"),
    pytest.param("AFP (via Africa Wire Digest)", None, id="a-wire-republished"),
    pytest.param("The Continental", None, id="no-place-in-the-name"),
    pytest.param("Security Brief Latin America", None, id="a-region-of-the-world-is-no-country"),
    pytest.param(None, None, id="no-outlet"),
])
def test_outlet_country(outlet, country):
    assert outlet_country(outlet) == country


@pytest.mark.parametrize(("text", "towns"), [
    pytest.param("NDJARA, Cameroon, March 16, 2026 (AFP) - At least 37 people died.", [("ndjara", "Cameroon")],
                 id="dateline"),
    pytest.param("The boat sank near Kallio, Finland, on Monday.", [("kallio", "Finland")], id="near-a-town"),
    pytest.param("Talks were held in Nigeria, Ghana and Togo.", [], id="a-list-of-countries-places-no-town"),
])
def test_qualified_towns(text, towns):
    assert qualified_towns(text) == towns


@pytest.mark.parametrize(("text", "regions"), [
    pytest.param("Storms hit Barhatta and Kendua districts. Officials in Barhatta district said 9 died.",
                 {"Barhatta", "Kendua"}, id="a-region-before-a-lower-case-division-word"),
    pytest.param("Officials said 4 died in Itna upazila and 2 in the Quinchua department.", {"Itna", "Quinchua"},
                 id="divisions-of-other-countries"),
    pytest.param("The Health Department said 3 died. Officials in Quinchua said more had died.", set(),
                 id="a-capitalised-department-is-a-body"),
    pytest.param("Other counties were spared. One county official said one road was open and the other was not.", set(),
                 id="a-capitalised-common-word-opens-a-sentence"),
    pytest.param("The Paraguayan state has counted 40 dead.", set(), id="a-demonym-is-no-region"),
    pytest.param("The district has counted 12 injured.", set(), id="an-article-names-no-region"),
])
def test_regions_the_text_names(text, regions):
    assert set(document_setting(text, []).regions) == regions
