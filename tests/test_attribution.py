"""Attribution: who stands behind a sentence's claims, on wire-copy sentences written for these tests (not seeds)."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.extract.attribution import Attribution, AttributionContext, attribute_sentence, build_context
from reconcile.extract.setting import document_setting
from reconcile.schema import ClaimSchema, columns_of

PUBLISHED = date(2024, 5, 8)  # a Wednesday
OUTLET = "Wire"

# id, text (the last sentence is attributed), speaker, source_org, source_country, via, cue
CASES = [
    pytest.param("GENEVA — The head of the agency, Maria Costa, said Friday that 40 people had died in the floods.", "Maria Costa", None, None, None, "said", id="dateline-is-not-the-source"),
    pytest.param("LIMA\u00a0— Health Minister Rosa Vega said Tuesday that 12 people had died.", "Rosa Vega", "Health ministry", "Peru", None, "said", id="dateline-with-no-break-space"),
    pytest.param("NAIROBI — At least 30 people were killed, the Red Cross said.", None, "Red Cross", "International", None, "said", id="dateline-before-trailing-cue"),
    pytest.param("Police said the crowd numbered no more than 25,000.", None, "police", None, None, "said", id="police-without-country"),
    pytest.param("About 100,000 people marched through the capital, organisers said.", None, "organisers", None, None, "said", id="organisers-without-country"),
    pytest.param("At least 42 people were killed in the floods, the Red Cross said on Monday.", None, "Red Cross", "International", None, "said", id="org-trailing-said"),
    pytest.param("The magnitude 6.8 quake killed more than 2,000 people, the U.S. Geological Survey estimated.", None, "USGS", "United States", None, "estimated", id="org-estimated"),
    pytest.param("About 300 patients were evacuated from the hospital, according to the World Health Organization.", None, "WHO", "International", None, "according to", id="according-to-body"),
    pytest.param("U.N. Secretary-General Antonio Guterres said 1.2 million people had fled their homes.", "Antonio Guterres", "United Nations", "International", None, "said", id="registry-person-with-title"),
    pytest.param("FEMA officials told reporters that 15,000 residents remained without power.", None, "FEMA", "United States", None, "told", id="agency-officials-told"),
    pytest.param("French police said about 20,000 demonstrators marched through central Paris.", None, "France police", "France", None, "said", id="demonym-police"),
    pytest.param("Officials said more than 100,000 people joined the march.", None, None, None, None, "said", id="unnamed-officials"),
    pytest.param("Turkey's health ministry said the death toll had risen to 1,200.", None, "Turkey health ministry", "Turkey", None, "said", id="possessive-ministry"),
    pytest.param("Saudi Arabia's health ministry said the death toll had risen to 1,200.", None, "Saudi Arabia health ministry", "Saudi Arabia", None, "said", id="possessive-ministry-of-a-two-word-country"),
    pytest.param("13:40 - Interior Minister Rosa Villanueva says 800 police officers are deployed.", "Rosa Villanueva", "Interior ministry", None, None, "says", id="a-live-blog-time-is-no-word-of-the-ministry"),
    pytest.param("South Korea's foreign ministry said two climbers had died.", None, "South Korea foreign ministry", "South Korea", None, "said", id="possessive-ministry-of-a-two-word-country-name"),
    pytest.param("Kyiv said on Tuesday that 40 drones had been shot down overnight.", None, "Ukraine government", "Ukraine", None, "said", id="capital-metonym"),
    pytest.param("The White House said 500 troops would be sent to the border.", None, "White House", "United States", None, "said", id="white-house"),
    pytest.param("Pentagon officials said roughly 2,000 Marines were aboard the ships.", None, "Pentagon", "United States", None, "said", id="pentagon-officials"),
    pytest.param("Israeli officials estimate that 1,400 people were killed in the attack.", None, "Israel government", "Israel", None, "estimate", id="country-officials-estimate"),
    pytest.param("British intelligence estimates suggest Russia has lost more than 300 tanks.", None, "United Kingdom intelligence", "United Kingdom", None, "suggest", id="intelligence-estimates-suggest"),
    pytest.param("Gov. Maria Delgado visited the shelter on Sunday. She said 3,000 people had been evacuated.", "Maria Delgado", None, None, None, "said", id="she-said-lookback"),
    pytest.param("Fire chief Tom Ruggles toured the burn area on Friday. Ruggles said 120 homes were destroyed.", "Tom Ruggles", None, None, None, "said", id="bare-surname-lookback"),
    pytest.param("Health Minister Amina Yusuf spoke in Abuja. She said 85 people had died of cholera.", "Amina Yusuf", "Health ministry", "Nigeria", None, "said", id="pronoun-unregistered"),
    pytest.param("Reuters quoted Gen. Ali Rahimi as saying that 600 fighters had surrendered.", "Ali Rahimi", None, None, "Reuters", "quoted", id="quoted-as-saying"),
    pytest.param("Yonhap quoted Cho Tae-yong as saying that another 2,000 soldiers were on their way.", "Cho Tae-yong", "South Korea NIS", "South Korea", "Yonhap", "quoted", id="quoted-registered"),
    pytest.param("The mayor told residents that 90 people were missing, according to councilman Dave Ortiz, who attended the meeting.", "mayor", "mayor", None, "Dave Ortiz", "told", id="according-to-as-via"),
    pytest.param("Health officer Lena Park told lawmakers that 700 people were infected, Senator Joe Harmon told reporters.", "Lena Park", None, None, "Joe Harmon", "told", id="nested-told"),
    pytest.param("NATO Secretary General Jens Stoltenberg said 300,000 troops would be on high readiness.", "Jens Stoltenberg", "NATO", "International", None, "said", id="nato-chief"),
    pytest.param("Sudan's army chief said his forces had killed 250 fighters.", "Sudan's army chief", "Sudan military", "Sudan", None, "said", id="unregistered-title-only"),
    pytest.param("Prime Minister Keir Starmer said 1,000 extra police officers would be deployed.", "Keir Starmer", "Downing Street", "United Kingdom", None, "said", id="prime-minister"),
    pytest.param("The Red Crescent tweeted that 37 bodies had been recovered.", None, "Red Crescent", "International", None, "tweeted", id="tweeted"),
    pytest.param("More than 5,000 homes were damaged by the storm.", None, None, None, None, None, id="outlet-voice-is-no-source"),
    pytest.param("The Kremlin said 12 Ukrainian drones were destroyed over the Moscow region.", None, "Kremlin", "Russia", None, "said", id="kremlin"),
    pytest.param("UNICEF warned that 2 million children were at risk of malnutrition.", None, "UNICEF", "International", None, "warned", id="warned"),
    pytest.param("Chinese authorities said 47 people were killed when the building collapsed.", None, "China authorities", "China", None, "said", id="authorities"),
    pytest.param("Local media, citing the Japanese coast guard, reported that 14 crew members were rescued.", None, "Japan coast guard", "Japan", "Local media", "citing", id="citing"),
    pytest.param("Maj. Jane Holt, a spokesperson for the Israel Defense Forces, said 30 rockets were intercepted.", "Jane Holt", "Israel Defense Forces", "Israel", None, "said", id="apposition-title"),
    pytest.param("CIA Director Bill Burns briefed lawmakers that 500 operatives had been identified.", "Bill Burns", "CIA", "United States", None, "briefed", id="briefed"),
    pytest.param("“We have found 18 survivors,” the coroner said. “Another 40 people are unaccounted for.”", "coroner", "coroner", None, None, "said", id="quote-continues"),
    pytest.param("Joe Biden and Emmanuel Macron said 50 nations had pledged support.", "Joe Biden", "Elysee; White House", "France; United States", None, "said", id="conjoined-sources"),
    pytest.param("Austin said 500 troops had landed.", "Austin", None, None, None, "said", id="surname-alias-needs-the-full-name"),
    pytest.param("Lloyd Austin arrived on Monday. Austin said 500 troops had landed.", "Lloyd Austin", "Pentagon", "United States", None, "said", id="surname-alias-after-the-full-name"),
    pytest.param("Peru's civil defence agency said 120 people had died. The agency said 45 people were missing.", None, "Peru civil defence agency", "Peru", None, "said", id="definite-body-recalled"),
    pytest.param("An Egyptian crisis unit said on Saturday it had shut 16 agencies. The unit said 31 pilgrims died.", None, "Egyptian crisis unit", "Egypt", None, "said", id="unregistered-body-with-demonym"),
    pytest.param("CAIRO: Security sources said 25 pilgrims were missing.", None, "Security sources", "Egypt", None, "said", id="domestic-sources-take-the-dateline-country"),
    pytest.param("A diplomat in Riyadh said 40 pilgrims had died.", None, "diplomat in Riyadh", None, None, "said", id="foreign-source-is-only-located"),
    pytest.param("Figures provided by the regional authorities showed 900 people were displaced.", None, "authorities", None, None, "showed", id="document-stands-for-its-issuer"),
]  # fmt: skip


def _attribute(nlp, text: str) -> Attribution:
    """The last sentence's attribution, the sentences before it read first (as the extractor reads a document)."""
    doc = nlp(text)
    people = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"]
    places = [(ent.start_char, ent.text) for ent in doc.ents if ent.label_ in ("GPE", "LOC")]
    context = build_context(text, published=PUBLISHED, outlet=OUTLET, person_spans=people,
                            home_country=document_setting(text, places).home_country)
    found = [attribute_sentence(sentence, context) for sentence in doc.sents]
    return found[-1]


@pytest.mark.parametrize(("text", "speaker", "source_org", "source_country", "via", "cue"), CASES)
def test_attribution(nlp, text, speaker, source_org, source_country, via, cue):
    found = _attribute(nlp, text)
    assert (found.speaker, found.source_org, found.source_country, found.via, found.cue) == (
        speaker,
        source_org,
        source_country,
        via,
        cue,
    )


@pytest.mark.parametrize(
    ("text", "stated_on"),
    [
        pytest.param("At least 42 people died, the Red Cross said on Monday.", "2024-05-06", id="said-on-weekday"),
        pytest.param("Kyiv said Tuesday that 40 drones were downed.", "2024-05-07", id="said-weekday"),
        pytest.param("The Red Cross said last week that 42 people died.", None, id="week-is-not-a-day"),
        pytest.param("The Red Cross said 42 people died.", None, id="no-day-given"),
    ],
)
def test_stated_on_only_when_a_day_is_plain(nlp, text, stated_on):
    assert _attribute(nlp, text).stated_on == stated_on


def test_columns_are_the_claim_schema_attribution_columns():
    columns = Attribution(speaker="Jane Doe", cue="said").as_columns()
    assert list(columns) == ["speaker", "source_org", "source_country", "source_kind", "attribution", "via", "cue",
                             "stated_on"]
    assert set(columns) <= set(columns_of(ClaimSchema))
    assert columns["speaker"] == "Jane Doe"


def test_context_memory_is_ordered_and_only_looks_back():
    text = "Jane Doe, the mayor, spoke. Later Tom Ruggles arrived."
    context = build_context(text, person_spans=[(0, 8), (34, 45)])
    assert [mention.name for mention in context.mentions] == ["Jane Doe", "Tom Ruggles"]
    assert context.last_person(before=30).name == "Jane Doe"
    assert context.person_named("Ruggles", before=10) is None


def test_empty_context_falls_back_to_no_source(nlp):
    sentence = next(nlp("Floodwaters rose overnight.").sents)
    assert attribute_sentence(sentence, AttributionContext()) == Attribution()


def test_users_extend_the_registry_with_their_own_rows(nlp, tmp_path, monkeypatch):
    (tmp_path / "sources.csv").write_text(
        "alias,name,kind,organisation,country,title\nAna Ruiz,Ana Ruiz,person,Spain civil protection,Spain,chief\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("RECONCILE_LEXICONS", str(tmp_path))
    found = _attribute(nlp, "Ana Ruiz said 214 people had died in the floods.")
    assert (found.speaker, found.source_org, found.source_country) == ("Ana Ruiz", "Spain civil protection", "Spain")
