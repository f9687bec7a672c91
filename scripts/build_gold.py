"""Builder for fixtures/claims_gold.csv: hand-read claims, offsets located mechanically and asserted."""
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from reconcile.schema import ClaimSchema, columns_of  # noqa: E402


manifest = pd.read_csv(ROOT / "seeds/manifest.csv", dtype=str, keep_default_na=False)
META = {r.doc_id: (r.outlet or None, r.published) for r in manifest.itertuples()}
TEXTS = {d: (ROOT / "seeds" / f"{d}.txt").read_bytes().decode("utf-8") for d in META}
DOC = {d[:3]: d for d in META}

ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|St|U\.S|U\.K|[A-Z]))$")


def sentence_bounds(text, start, end):
    """The sentence(s) covering [start, end): paragraph = line; split at . ? ! (+closing quote) + space + capital/quote."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    cuts = [0]
    for m in re.finditer(r"[.?!][”’\"]?\s+(?=[A-Z“‘\"])", line):
        before = line[: m.start()]
        abbrev = ABBREV.search(before)
        initial_before_quote = abbrev and len(abbrev.group(0)) == 1 and line[m.end()] in "“‘\""
        if line[m.start()] == "." and abbrev and not initial_before_quote:
            continue
        cuts.append(m.end())
    cuts.append(len(line))
    s_rel, e_rel = start - line_start, end - line_start
    s = max(c for c in cuts if c <= s_rel)
    e = min(c for c in cuts if c >= e_rel and c > s)
    return line_start + s, line_start + len(line[:e].rstrip())


ROWS = []
HANDLES = {}


def add(handle, doc, kind, anchor, phrase=None, **fields):
    doc_id = DOC[doc]
    text = TEXTS[doc_id]
    assert text.count(anchor) == 1, (doc, anchor, text.count(anchor))
    phrase = anchor if phrase is None else phrase
    a = text.index(anchor)
    start = a + anchor.index(phrase)
    end = start + len(phrase)
    assert text[start:end] == phrase
    s, e = sentence_bounds(text, start, end)
    outlet, published = META[doc_id]
    row = dict(doc_id=doc_id, outlet=outlet, published=published, kind=kind, text=text[s:e], start=start, end=end)
    row.update(fields)
    if kind == "quote":
        row.setdefault("quote_text", phrase)
    if kind == "place" and "place" not in row:
        row["place"] = re.sub(r"^(?:the|a|an) ", "", phrase)
    if kind == "count":
        row.setdefault("is_increment", False)
    ROWS.append(row)
    if handle:
        assert handle not in HANDLES, handle
        HANDLES[handle] = row


NKT = "north_korean_troops"
RUT = "russian_troops"
US, SK, UA, RU, INTL = "United States", "South Korea", "Ukraine", "Russia", "International"
WH, PENT, NIS = "White House", "Pentagon", "South Korea NIS"
KIRBY = dict(speaker="John Kirby", source_org=WH, source_country=US)
AUSTIN = dict(speaker="Lloyd Austin", source_org=PENT, source_country=US)
SINGH = dict(speaker="Sabrina Singh", source_org=PENT, source_country=US)
CHO = dict(speaker="Cho Tae-yong", source_org=NIS, source_country=SK)
ZEL = dict(speaker="Volodymyr Zelenskyy", source_org="Ukraine presidential office", source_country=UA)
RUTTE = dict(speaker="Mark Rutte", source_org="NATO", source_country=INTL)
EARLY_MID_OCT = dict(refers_from="2024-10-01", refers_to="2024-10-20", date_precision="part_of_month",
                     date_direction="within")
WED, TUE, MON = "2024-10-23", "2024-10-22", "2024-10-28"


def day(d):
    return dict(refers_from=d, refers_to=d, date_precision="day", date_direction="within", stated_on=d)


def week(a, b):
    return dict(refers_from=a, refers_to=b, date_precision="week", date_direction="within")


def approx(v):
    return dict(value_low=v, value_high=v, qualifier="approx")


def exact(v):
    return dict(value_low=v, value_high=v, qualifier="exact")


def more_than(v):
    return dict(value_low=v, qualifier="more_than")


def at_least(v):
    return dict(value_low=v, qualifier="at_least")


# Vague quantities (documented in fixtures/README.md).
THOUSANDS = dict(value_low=2000.0, value_high=9999.0, qualifier="vague")
MANY_THOUSANDS = dict(value_low=2000.0, value_high=99999.0, qualifier="vague")
MILLIONS = dict(value_low=2000000.0, value_high=999999999.0, qualifier="vague")
UNSIZED = dict(qualifier="vague")


def stmt(key, **kw):
    return dict(subject=f"statement:{key}", event="statement", **kw)


# ---------------------------------------------------------------- 000 The New York Times, Wed 2024-10-23
d = "000"
add("000_12000", d, "count", "that more than 12,000 North Koreans were training", "more than 12,000 North Koreans",
    subject=NKT, status="present", **more_than(12000.0), source_org="South Korea government; Ukraine government", source_country="South Korea; Ukraine", cue="reports",
    place="Russia")
add("000_3000", d, "count", "tracked about 3,000 North Korean troops", "about 3,000 North Korean troops",
    subject=NKT, status="sent", **approx(3000.0), **KIRBY, cue="said", stated_on=WED, **EARLY_MID_OCT,
    place="Russia", origin="Wonsan", destination="Vladivostok", mode="ship")
add("000_recruits", d, "count", "25,000 to 30,000 new soldiers a month", subject=RUT, status="other",
    value_low=25000.0, value_high=30000.0, qualifier="range", source_org="United States government", source_country=US, cue="estimate", place="Russia")
add("000_600k", d, "count", "more than 600,000 killed or wounded", subject=RUT, status="casualties",
    **more_than(600000.0), source_org="United States government", source_country=US, cue="estimated")
add("000_rounds", d, "count", "more than 1 million artillery rounds", subject="north_korean_artillery_rounds",
    status="sent", **more_than(1000000.0), source_org="The New York Times", destination="Russia")

add(None, d, "date", "confirmed on Wednesday", "on Wednesday", **stmt("united_states"), **day(WED),
    source_org="United States government", source_country=US, cue="confirmed")
add(None, d, "date", "quoted on Wednesday saying", "on Wednesday", **stmt("ukraine"), **day(WED),
    source_org="Ukraine defence ministry", source_country=UA, cue="quoted")
add("000_coming_days", d, "date", "in the coming days", subject=NKT, event="arrival", refers_from=WED,
    refers_to="2024-10-30", date_precision="week", date_direction="within", source_org="Ukraine defence ministry", source_country=UA, cue="quoted",
    stated_on=WED, place="Kursk")
add(None, d, "date", "said on Wednesday that between", "on Wednesday", **stmt("john_kirby"), **day(WED), **KIRBY,
    cue="said")
add("000_early_mid", d, "date", "between early and mid-October", subject=NKT, event="movement", **EARLY_MID_OCT,
    **KIRBY, cue="said", stated_on=WED)
add(None, d, "date", "summit on Wednesday in Kazan", "on Wednesday", **stmt("anton_kobyakov"), **day(WED),
    speaker="Anton Kobyakov", source_org="Kremlin", source_country=RU, cue="said")
add(None, d, "date", "reporters on Monday, President", "on Monday", **stmt("volodymyr_zelenskyy"),
    **day("2024-10-21"), **ZEL, cue="comments")

add("000_base_italy", d, "place", "at a military base in Italy", "a military base in Italy",
    **stmt("lloyd_austin"), place_country="Italy", place_region="Europe", **AUSTIN, cue="told")
add(None, d, "place", "troops in Kursk, the Russian", "Kursk", subject=NKT, event="arrival", place_country=RU,
    place_region="European Russia", source_org="Ukraine defence ministry", source_country=UA, cue="quoted", stated_on=WED)
add(None, d, "route", "moving from North Korea to training areas in Vladivostok", subject=NKT, event="movement",
    origin="North Korea", destination="Vladivostok", mode="ship", leg=1.0, source_org="United States intelligence", source_country=US, cue="said")
add("000_route1", d, "route", "transported by ship from the North Korean port city of Wonsan to Vladivostok in Russia",
    subject=NKT, event="movement", origin="Wonsan", destination="Vladivostok", mode="ship", leg=1.0, **KIRBY,
    cue="said", stated_on=WED, **EARLY_MID_OCT)
add("000_route2", d, "route", "taken to three separate training sites in the Russian Far East", subject=NKT,
    event="movement", origin="Vladivostok", destination="Russian Far East", leg=2.0, **KIRBY, cue="said")
add("000_far_east", d, "place", "sites in the Russian Far East", "the Russian Far East", subject=NKT,
    event="training", place_country=RU, place_region="Russian Far East", **KIRBY, cue="said")
add(None, d, "place", "on Wednesday in Kazan, Russia", "Kazan", **stmt("anton_kobyakov"), place_country=RU,
    place_region="European Russia", speaker="Anton Kobyakov", source_org="Kremlin", source_country=RU)

Q = dict(kind="quote")
add(None, d, "quote", "“very, very serious”", "very, very serious", **stmt("lloyd_austin"), **AUSTIN, cue="called")
add("000_what_doing", d, "quote", "What exactly are they doing?", **stmt("lloyd_austin"), **AUSTIN, cue="told")
add("000_left", d, "quote", "Left to be seen.", "Left to be seen", **stmt("lloyd_austin"), **AUSTIN, cue="told")
add(None, d, "quote", "This is an indication that he may be in even more trouble than most people realize",
    **stmt("lloyd_austin"), **AUSTIN, cue="said")
add(None, d, "quote", "He went tin-cupping early on to get additional weapons and materials from the DPRK",
    **stmt("lloyd_austin"), **AUSTIN, cue="said")
add(None, d, "quote", "and then from Iran, and now he’s making a move to get more people.",
    "and then from Iran, and now he’s making a move to get more people", **stmt("lloyd_austin"), **AUSTIN,
    cue="said")
add("000_possibility", d, "quote", "this is certainly a highly concerning possibility.",
    "this is certainly a highly concerning possibility", **stmt("john_kirby"), **KIRBY, cue="added")
add(None, d, "quote", "What does Kim Jong Un think he’s getting out of it?", **stmt("john_kirby"), **KIRBY,
    cue="asked")
add(None, d, "quote", "That’s what’s so concerning to us.", "That’s what’s so concerning to us",
    **stmt("john_kirby"), **KIRBY)
add(None, d, "quote", "The Pentagon is not an accountable organization", **stmt("anton_kobyakov"),
    speaker="Anton Kobyakov", source_org="Kremlin", source_country=RU, cue="said")
add(None, d, "quote", "This is the real ‘no-limits’ partnership", **stmt("victor_cha"), speaker="Victor Cha",
    source_org="Center for Strategic and International Studies", source_country=US, cue="said")
add(None, d, "quote", "We are in a whole different era if North Korean soldiers are dying for Putin. It will raise "
    "the ask when Kim makes demands, and Putin will give him what he wants.",
    "We are in a whole different era if North Korean soldiers are dying for Putin. It will raise the ask when Kim "
    "makes demands, and Putin will give him what he wants", **stmt("victor_cha"), speaker="Victor Cha",
    source_org="Center for Strategic and International Studies", source_country=US, cue="said")
add(None, d, "quote", "I wouldn’t say they have run out of personnel", **stmt("volodymyr_zelenskyy"), **ZEL,
    cue="said", stated_on="2024-10-21")
add(None, d, "quote", "However, the reluctance to mobilize their own people is certainly increasing, and there are "
    "formats for mobilizing North Korean troops. This is definitely happening.",
    "However, the reluctance to mobilize their own people is certainly increasing, and there are formats for "
    "mobilizing North Korean troops. This is definitely happening", **stmt("volodymyr_zelenskyy"), **ZEL,
    stated_on="2024-10-21")

# ---------------------------------------------------------------- 001 The Washington Times, Mon 2024-10-28
d = "001"
add("001_10000", d, "count", "sent about 10,000 soldiers to Russia", "about 10,000 soldiers", subject=NKT,
    status="sent", **approx(10000.0), source_org=PENT, source_country=US, cue="said", stated_on=MON,
    place="Russia", destination="Russia")
add("001_sizable", d, "count", "a sizable number of North Koreans", subject=NKT, status="present", **UNSIZED,
    source_org="United States government", source_country=US, cue="said", place="Russia")
add("001_10000b", d, "count", "higher estimate of 10,000 soldiers", "10,000 soldiers", subject=NKT, status="sent",
    **exact(10000.0), source_org=PENT, source_country=US, cue="confirmed", stated_on=MON, place="Russia")
add("001_600k", d, "count", "More than 600,000 Russian troops", subject=RUT, status="casualties",
    **more_than(600000.0), cue="said")
add("001_180k", d, "count", "180,000 troops", subject=RUT, status="planned", **exact(180000.0), is_increment=True,
    source_org="The Washington Times", place="Russia")
add("001_1_5m", d, "count", "1.5 million active service members", subject=RUT, status="planned",
    **exact(1500000.0), source_org="The Washington Times", place="Russia")
add(None, d, "count", "millions of rounds of ammunition", subject="north_korean_artillery_rounds", status="sent",
    **MILLIONS, **RUTTE, cue="said", stated_on=MON, destination="Russia")

add(None, d, "date", "Pentagon officials said Monday.", "Monday", **stmt("pentagon"), **day(MON), source_org=PENT,
    source_country=US, cue="said")
SEVERAL_WEEKS = dict(refers_from=MON, refers_to="2024-12-09", date_precision="week", date_direction="within")
add(None, d, "date", "over the next several weeks", subject=NKT, event="arrival", **SEVERAL_WEEKS, source_org=PENT,
    source_country=US, cue="said", stated_on=MON)
add(None, d, "date", "within the next several weeks", subject=NKT, event="combat", **SEVERAL_WEEKS, **SINGH,
    cue="said")
add(None, d, "date", "Russian officials said Sunday", "Sunday", **stmt("russia"), **day("2024-10-27"),
    source_org="Russia government", source_country=RU, cue="said")
add(None, d, "date", "but Monday was the first time", "Monday", **stmt("pentagon"), **day(MON), source_org=PENT,
    source_country=US, cue="confirmed")
add(None, d, "date", "On Monday, Foreign Minister", "On Monday", **stmt("andrii_sybiha"), **day(MON),
    speaker="Andrii Sybiha", source_org="Ukraine foreign ministry", source_country=UA, cue="said")
add(None, d, "date", "Last week, Mr. Zelenskyy called", "Last week", **stmt("volodymyr_zelenskyy"),
    **week("2024-10-21", "2024-10-27"), **ZEL, cue="called")
add("001_kirby_last_week", d, "date", "John Kirby said last week", "last week", **stmt("john_kirby"),
    **week("2024-10-21", "2024-10-27"), **KIRBY, cue="said")
add("001_first_two_weeks", d, "date", "in the first two weeks of October", subject=NKT, event="movement",
    refers_from="2024-10-01", refers_to="2024-10-14", date_precision="part_of_month", date_direction="within",
    source_org=WH, source_country=US, cue="said")
add(None, d, "date", "Last month, Mr. Putin ordered", "Last month", subject=RUT, event="decision",
    refers_from="2024-09-01", refers_to="2024-09-30", date_precision="month", date_direction="within",
    source_org="The Washington Times")
add(None, d, "date", "Mr. Rutte said Monday at", "Monday", **stmt("mark_rutte"), **day(MON), **RUTTE, cue="said")
add("001_early_dec", d, "date", "until early December", subject=NKT, event="deployment", refers_to="2024-12-10",
    date_precision="part_of_month", date_direction="before", speaker="Hong Jang-won", source_org=NIS,
    source_country=SK, via="Yonhap", cue="said")

add(None, d, "place", "combat operations against Ukrainian forces in Russia’s Kursk region", "Russia’s Kursk region",
    subject=NKT, event="combat", place_country=RU, place_region="European Russia", **SINGH, cue="told")
add(None, d, "route", "are moving toward the Kursk region", "moving toward the Kursk region", subject=NKT,
    event="movement", destination="Kursk region", leg=1.0, **SINGH, cue="said")
add(None, d, "place", "forces operating in the Kursk region", "the Kursk region", subject=NKT, event="combat",
    place_country=RU, place_region="European Russia", **RUTTE, cue="statement")
add("001_route1", d, "route", "moved by ship from the Wonsan area in North Korea to Vladivostok, Russia", subject=NKT,
    event="movement", origin="Wonsan", destination="Vladivostok", mode="ship", leg=1.0, **KIRBY, cue="said")
add("001_route2", d, "route", "traveled onward to multiple Russian military training sites in eastern Russia",
    subject=NKT, event="movement", origin="Vladivostok", destination="eastern Russia", leg=2.0, **KIRBY, cue="said")
add(None, d, "place", "combat zone in Kursk Oblast", "Kursk Oblast", subject=NKT, event="deployment",
    place_country=RU, place_region="European Russia", source_org="Institute for the Study of War", source_country=US,
    cue="said")
add(None, d, "place", "at NATO headquarters in Brussels", "NATO headquarters in Brussels", **stmt("mark_rutte"),
    place_country="Belgium", place_region="Europe", **RUTTE, stated_on=MON)
add(None, d, "place", "deploying units to Kursk", "Kursk", subject=NKT, event="deployment", place_country=RU,
    place_region="European Russia", speaker="Hong Jang-won", source_org=NIS, source_country=SK,
    via="Yonhap", cue="told")

add(None, d, "quote", "We are increasingly concerned that Russia intends to use these soldiers in combat or to support "
    "combat operations against Ukrainian forces in Russia’s Kursk region near the border with Ukraine",
    **stmt("sabrina_singh"), **SINGH, cue="told")
add(None, d, "quote", "“within the next several weeks.”", "within the next several weeks", **stmt("sabrina_singh"),
    **SINGH, cue="said")
add(None, d, "quote", "This would mark a further escalation and highlight President Putin’s increasing desperation, "
    "as Russia has suffered extraordinary casualties on the battlefield", **stmt("sabrina_singh"), **SINGH,
    cue="said")
add(None, d, "quote", "This move would have serious implications for European and Indo-Pacific security as well.",
    "This move would have serious implications for European and Indo-Pacific security as well",
    **stmt("sabrina_singh"), **SINGH)
add(None, d, "quote", "We haven’t seen a strong response. Now, the NATO secretary general confirmed this",
    **stmt("andrii_sybiha"), speaker="Andrii Sybiha", source_org="Ukraine foreign ministry", source_country=UA, cue="said")
add(None, d, "quote", "The bottom line: Listen to Ukraine. The solution: Lift restrictions on our long-range strikes "
    "against Russia.", "The bottom line: Listen to Ukraine. The solution: Lift restrictions on our long-range strikes "
    "against Russia", **stmt("andrii_sybiha"), speaker="Andrii Sybiha", source_org="Ukraine foreign ministry", source_country=UA)
add(None, d, "quote", "It is an indication that Putin may be in more trouble than people realize",
    **stmt("sabrina_singh"), **SINGH, cue="said")
add(None, d, "quote", "an obvious escalating move by Russia.", "an obvious escalating move by Russia",
    **stmt("volodymyr_zelenskyy"), **ZEL, cue="called")
add(None, d, "quote", "The world can clearly see what Russia really wants — and that is a continuation of the war. "
    "That is why a principled and strong reaction of world leaders is needed", **stmt("volodymyr_zelenskyy"), **ZEL,
    cue="said")
add(None, d, "quote", "The actual engagement of North Korea in hostilities should be met not with closed eyes and "
    "confused comments, but with tangible pressure on both Moscow and Pyongyang.",
    "The actual engagement of North Korea in hostilities should be met not with closed eyes and confused comments, "
    "but with tangible pressure on both Moscow and Pyongyang", **stmt("volodymyr_zelenskyy"), **ZEL)
add("001_fair_game", d, "quote", "“fair game” for the other side", "fair game", **stmt("john_kirby"), **KIRBY,
    cue="said")
add("001_kirby_onward", d, "quote", "These soldiers then traveled onward to multiple Russian military training sites "
    "in eastern Russia, where they are currently undergoing training", **stmt("john_kirby"), **KIRBY, cue="said")
add(None, d, "quote", "This is due to the number of threats that exist to our country along the perimeter of our "
    "borders", **stmt("dmitry_peskov"), speaker="Dmitry Peskov", source_org="Kremlin", source_country=RU, cue="said")
add(None, d, "quote", "The recent appearance of North Korean troops in Russia, and their reported deployment to the "
    "combat zone in Kursk Oblast further suggests that Putin’s entire force-generation system is very tenuous",
    **stmt("institute_for_the_study_of_war"), source_org="Institute for the Study of War", source_country=US,
    cue="said")
add(None, d, "quote", "The costs of fueling the war will increase as Russia continues to burn through manpower and "
    "material on the front line. Russian resources are finite, and Putin cannot reckon with these costs "
    "indefinitely.", "The costs of fueling the war will increase as Russia continues to burn through manpower and "
    "material on the front line. Russian resources are finite, and Putin cannot reckon with these costs "
    "indefinitely", **stmt("institute_for_the_study_of_war"), source_org="Institute for the Study of War",
    source_country=US)
add(None, d, "quote", "Pyongyang has already supplied Russia with millions of rounds of ammunition and ballistic "
    "missiles that are fueling a major conflict in the heart of Europe and undermining global peace and security",
    **stmt("mark_rutte"), **RUTTE, cue="said", stated_on=MON)
add(None, d, "quote", "In exchange, Putin is providing North Korea with military technology and other support to "
    "circumvent international sanctions.", "In exchange, Putin is providing North Korea with military technology "
    "and other support to circumvent international sanctions", **stmt("mark_rutte"), **RUTTE, stated_on=MON)
add(None, d, "quote", "We [initially] reported to the government that it would take until early December, but it "
    "seems that both Russia and North Korea have accelerated their pace since the intelligence became public",
    **stmt("hong_jang-won"), speaker="Hong Jang-won", source_org=NIS, source_country=SK, via="Yonhap",
    cue="said")
add(None, d, "quote", "“close military aide”", "close military aide", **stmt("hong_jang-won"), speaker="Hong Jang-won",
    source_org=NIS, source_country=SK, via="Yonhap", cue="said")

# ---------------------------------------------------------------- 002 Associated Press, Wed 2024-10-23
d = "002"
add("002_3000_us", d, "count", "3,000 North Korean troops are stationed", "3,000 North Korean troops", subject=NKT,
    status="present", **exact(3000.0), source_country=US, cue="said", stated_on=WED, place="Russia")
add("002_3000_kirby", d, "count", "at least 3,000 North Korean troops", subject=NKT, status="sent",
    **at_least(3000.0), **KIRBY, cue="said", **EARLY_MID_OCT, place="Russia", destination="Vladivostok", mode="ship")
add("002_3000_now_in", d, "count", "3,000 North Korean soldiers are now in Russia", "3,000 North Korean soldiers",
    subject=NKT, status="present", **exact(3000.0), source_org=NIS, source_country=SK, cue="told", place="Russia")
add("002_1500_first", d, "count", "1,500 North Korean special warfare troops", subject=NKT, status="sent",
    **exact(1500.0), source_org=NIS, source_country=SK, cue="published reports", refers_from="2024-10-01",
    refers_to="2024-10-31", date_precision="month", date_direction="within", destination="Russia")
add("002_zel_10000", d, "count", "10,000 North Korean soldiers were being prepared", "10,000 North Korean soldiers",
    subject=NKT, status="planned", **exact(10000.0), **ZEL, cue="said")
add("002_another_1500", d, "count", "another 1,500 North Korean soldiers", subject=NKT, status="present",
    **exact(1500.0), is_increment=True, **CHO, via="Park Sun-won", cue="told", stated_on=WED, place="Russia")
add("002_total_10000", d, "count", "a total of 10,000 troops", subject=NKT, status="planned", **exact(10000.0), **CHO,
    via="Park Sun-won", cue="told", stated_on=WED, refers_to="2024-12-31", date_precision="month",
    date_direction="before", destination="Russia")
add("002_3000_sent", d, "count", "the 3,000 North Korean soldiers sent", "3,000 North Korean soldiers", subject=NKT,
    status="sent", **exact(3000.0), **CHO, via="Park Sun-won", cue="quoted", stated_on=WED, destination="Russia")
add(None, d, "count", "a large number of translators", subject="russian_translators", status="other", **UNSIZED,
    **CHO, via="Lee Seong Kweun", cue="quoting", stated_on=WED)
add(None, d, "count", "more than 13,000 containers", subject="north_korean_containers", status="sent",
    **more_than(13000.0), source_org=NIS, source_country=SK, cue="said", refers_from="2023-08-01",
    date_precision="month", date_direction="after", destination="Russia")
add(None, d, "count", "1.2 million troops", subject=NKT, status="other", **exact(1200000.0),
    source_org="Associated Press", place="North Korea")

add(None, d, "date", "The United States said Wednesday", "Wednesday", **stmt("united_states"), **day(WED),
    source_country=US, cue="said")
add("002_early_mid", d, "date", "in early to mid-October", subject=NKT, event="movement", **EARLY_MID_OCT, **KIRBY,
    cue="said")
add(None, d, "date", "South Korea said on Tuesday", "on Tuesday", **stmt("south_korea"), **day(TUE),
    source_country=SK, cue="said")
add(None, d, "date", "to Russia this month", "this month", subject=NKT, event="movement", refers_from="2024-10-01",
    refers_to="2024-10-31", date_precision="month", date_direction="within", source_org=NIS, source_country=SK,
    cue="published reports")
add(None, d, "date", "On Wednesday, South Korea’s", "On Wednesday", **stmt("cho_tae-yong"), **day(WED), **CHO,
    via="Park Sun-won", cue="told")
add("002_by_december", d, "date", "by December", subject=NKT, event="deployment", refers_to="2024-12-31",
    date_precision="month", date_direction="before", **CHO, via="Park Sun-won", cue="told", stated_on=WED)
add(None, d, "date", "Rutte said on Tuesday", "on Tuesday", **stmt("mark_rutte"), **day(TUE), **RUTTE, cue="said")
add(None, d, "date", "to Brussels next week", "next week", subject="south_korean_experts", event="meeting",
    **week("2024-10-28", "2024-11-03"), **RUTTE, cue="said", stated_on=TUE, place="Brussels")
add(None, d, "date", "The War Zone on Tuesday", "on Tuesday", **stmt("kyrylo_budanov"), **day(TUE),
    speaker="Kyrylo Budanov", source_org="Ukraine military intelligence", source_country=UA, cue="told")
add("002_budanov_wed", d, "date", "Kursk region on Wednesday", "on Wednesday", subject=NKT, event="arrival",
    refers_from=WED, refers_to=WED, date_precision="day", date_direction="within", speaker="Kyrylo Budanov",
    source_org="Ukraine military intelligence", source_country=UA, cue="told", stated_on=TUE)
add(None, d, "date", "Last week, South Korea’s spy agency", "Last week", **stmt("national_intelligence_service"),
    **week("2024-10-14", "2024-10-20"), source_org=NIS, source_country=SK, cue="said")
add(None, d, "date", "since August 2023", subject="north_korean_containers", event="deployment",
    refers_from="2023-08-01", date_precision="month", date_direction="after", source_org=NIS, source_country=SK,
    cue="said")

add("002_route1", d, "route", "traveled by ship to Vladivostok", subject=NKT, event="movement",
    destination="Vladivostok", mode="ship", leg=1.0, **KIRBY, cue="said", **EARLY_MID_OCT)
add("002_route2", d, "route", "traveled to multiple Russian military training sites in eastern Russia", subject=NKT,
    event="movement", origin="Vladivostok", destination="eastern Russia", leg=2.0, **KIRBY, cue="said")
add(None, d, "place", "could go to western Russia", "western Russia", subject=NKT, event="movement",
    place_country=RU, place_region="European Russia", **KIRBY, cue="said")
add("002_rome", d, "place", "told reporters in Rome", "Rome", **stmt("lloyd_austin"), place_country="Italy",
    place_region="Europe", **AUSTIN, cue="told")
add(None, d, "place", "arrive in Russia’s Kursk region", "Russia’s Kursk region", subject=NKT, event="arrival",
    place_country=RU, place_region="European Russia", speaker="Kyrylo Budanov",
    source_org="Ukraine military intelligence", source_country=UA, cue="told", stated_on=TUE)

add(None, d, "quote", "would be “fair game” if", "fair game", **stmt("united_states"), source_country=US,
    cue="warning", stated_on=WED)
add(None, d, "quote", "“next step”", "next step", **stmt("lloyd_austin"), **AUSTIN, cue="called")
add("002_kirby_traveled", d, "quote", "These soldiers then traveled to multiple Russian military training sites in "
    "eastern Russia where they are currently undergoing training", **stmt("john_kirby"), **KIRBY, cue="said")
add("002_possibility", d, "quote", "We don’t yet know if these soldiers will go into battle alongside the Russian army, "
    "but it’s certainly a very worrying possibility.", "We don’t yet know if these soldiers will go into battle "
    "alongside the Russian army, but it’s certainly a very worrying possibility", **stmt("john_kirby"), **KIRBY,
    cue="said")
add("002_remains", d, "quote", "“remains to be seen,”", "remains to be seen", **stmt("lloyd_austin"), **AUSTIN,
    cue="told")
add(None, d, "quote", "If they are belligerents, their intention is to engage in this war on behalf of Russia, that is "
    "a very, very serious problem and it will have an impact not only in Europe but also in things in the "
    "Indo-Pacific.", "If they are belligerents, their intention is to engage in this war on behalf of Russia, that "
    "is a very, very serious problem and it will have an impact not only in Europe but also in things in the "
    "Indo-Pacific", **stmt("lloyd_austin"), **AUSTIN, cue="added")
add("002_fair_game", d, "quote", "I can tell you one thing, if they deploy to fight Ukraine, they’re fair game.",
    "I can tell you one thing, if they deploy to fight Ukraine, they’re fair game", **stmt("john_kirby"), **KIRBY,
    cue="warned")
add(None, d, "quote", "“significant escalation”", "significant escalation", **stmt("mark_rutte"), **RUTTE,
    cue="said", stated_on=TUE)

# ---------------------------------------------------------------- 003 outlet unknown, Wed 2024-10-23
d = "003"
add("003_thousands", d, "count", "Thousands of North Korean soldiers", subject=NKT, status="planned", **THOUSANDS,
    source_org="Ukraine intelligence", source_country=UA, cue="warned", refers_from=WED, refers_to="2024-10-30", date_precision="week",
    date_direction="within", place="Kursk region", destination="Kursk region")
add("003_12000", d, "count", "more than 12,000 North Koreans", subject=NKT, status="present",
    **more_than(12000.0), source_org="Ukraine intelligence", source_country=UA, cue="said", place="far east of Russia")
add("003_3000_wh", d, "count", "at least 3,000 soldiers", subject=NKT, status="sent", **at_least(3000.0),
    source_org=WH, source_country=US, cue="according to", **EARLY_MID_OCT, destination="eastern Russia")
add("003_12000_total", d, "count", "the total number of North Koreans to 12,000", subject=NKT, status="present",
    **exact(12000.0), source_org="Ukraine intelligence", source_country=UA, cue="said", place="Russia")
add("003_thousands_kursk", d, "count", "“thousands” would", "thousands", subject=NKT, status="planned", **THOUSANDS,
    source_org="Ukraine intelligence", source_country=UA, cue="said", refers_to="2024-10-31", date_precision="part_of_month", date_direction="before",
    destination="Kursk")
add("003_zel_10000", d, "count", "10,000 North Koreans had been sent", "10,000 North Koreans", subject=NKT,
    status="sent", **exact(10000.0), **ZEL, cue="said", destination="Russia")
add("003_cho_3000", d, "count", "3,000 North Korean troops had been sent", "3,000 North Korean troops", subject=NKT,
    status="sent", **exact(3000.0), **CHO, cue="briefed", stated_on=WED, destination="Russia")
add(None, d, "count", "millions of artillery shells", subject="north_korean_artillery_rounds", status="sent",
    **MILLIONS, destination="Russia")

add(None, d, "date", "in the next week", subject=NKT, event="deployment", refers_from=WED, refers_to="2024-10-30",
    date_precision="week", date_direction="within", source_org="Ukraine intelligence", source_country=UA, cue="warned", place="Kursk region")
add("003_austin_wed", d, "date", "Austin also said on Wednesday", "on Wednesday", **stmt("lloyd_austin"), **day(WED),
    **AUSTIN, cue="said")
add("003_early_mid", d, "date", "from early to mid October", subject=NKT, event="movement", **EARLY_MID_OCT,
    source_org=WH, source_country=US, cue="according to")
add(None, d, "date", "later on Wednesday", **stmt("john_kirby"), **day(WED), **KIRBY, cue="said")
add(None, d, "date", "by the end of the month", subject=NKT, event="deployment", refers_to="2024-10-31",
    date_precision="part_of_month", date_direction="before", source_org="Ukraine intelligence", source_country=UA, cue="said", place="Kursk")
add(None, d, "date", "Last week President", "Last week", **stmt("volodymyr_zelenskyy"),
    **week("2024-10-14", "2024-10-20"), **ZEL, cue="said")
add(None, d, "date", "in a ceremony this month", "this month", subject=NKT, event="deployment",
    refers_from="2024-10-01", refers_to="2024-10-31", date_precision="month", date_direction="within",
    source_org="Ukraine intelligence", source_country=UA, cue="added")
add(None, d, "date", "lawmakers on Wednesday that", "on Wednesday", **stmt("cho_tae-yong"), **day(WED), **CHO,
    cue="briefed")
add(None, d, "date", "On Tuesday, North Korea’s state media", "On Tuesday", **stmt("kim_yo_jong"), **day(TUE),
    speaker="Kim Yo Jong", source_org="North Korea government", source_country="North Korea", cue="released")
add(None, d, "date", "suggested this week", "this week", **stmt("south_korea"), **week("2024-10-21", "2024-10-27"),
    source_org="South Korea government", source_country=SK, cue="suggested")

add(None, d, "place", "in the Kursk region in the next week", "the Kursk region", subject=NKT, event="deployment",
    place_country=RU, place_region="European Russia", source_org="Ukraine intelligence", source_country=UA, cue="warned")
add(None, d, "place", "in the far east of Russia", "the far east of Russia", subject=NKT, event="arrival",
    place_country=RU, place_region="Russian Far East", source_org="Ukraine intelligence", source_country=UA, cue="said")
add("003_route", d, "route", "moved at least 3,000 soldiers into eastern Russia", subject=NKT, event="movement",
    origin="North Korea", destination="eastern Russia", leg=1.0, source_org=WH, source_country=US,
    cue="according to", **EARLY_MID_OCT)
add(None, d, "place", "at military sites in eastern Russia", "military sites in eastern Russia", subject=NKT,
    event="training", place_country=RU, place_region="Eastern Russia", **KIRBY, cue="said", stated_on=WED)
add(None, d, "place", "dispatched to Kursk, in the south", "Kursk", subject=NKT, event="deployment",
    place_country=RU, place_region="European Russia", source_org="Ukraine intelligence", source_country=UA, cue="said")
add(None, d, "place", "at a training ground in Russia’s far east", "a training ground in Russia’s far east",
    subject=NKT, event="training", place_country=RU, place_region="Russian Far East", source_org="South Korea government", source_country=SK,
    cue="according to")
add(None, d, "place", "Pistorius in London", "London", **stmt("john_healey"), place_country="United Kingdom",
    place_region="Europe", speaker="John Healey", source_org="UK Ministry of Defence", source_country="United Kingdom", cue="denounced")

add("003_evidence", d, "quote", "seeing evidence that there are North Korean troops that have gone to Russia",
    **stmt("lloyd_austin"), **AUSTIN, cue="said", stated_on=WED)
add(None, d, "quote", "If they’re a cobelligerent, their intention is to participate in this war on Russia’s behalf, "
    "that is a very, very serious issue", **stmt("lloyd_austin"), **AUSTIN, cue="said")
add(None, d, "quote", "It will have impacts not only in Europe — it will also impact things in the Indo-Pacific as "
    "well.", "It will have impacts not only in Europe — it will also impact things in the Indo-Pacific as well",
    **stmt("lloyd_austin"), **AUSTIN, cue="said")
add("003_probability", d, "quote", "this is certainly a highly concerning probability", **stmt("john_kirby"),
    **KIRBY, cue="said", stated_on=WED)
add(None, d, "quote", "unprecedented level of military co-operation", **stmt("john_kirby"), **KIRBY, cue="said")
add(None, d, "quote", "We don’t even know whether we are talking about 1,500, 12,000, or what kind of soldiers are "
    "coming to Russia", **stmt("boris_pistorius"), speaker="Boris Pistorius", source_org="Germany defence ministry", source_country="Germany", cue="said")
add(None, d, "quote", "“highly likely”", "highly likely", **stmt("john_healey"), speaker="John Healey",
    source_country="United Kingdom", cue="denounced")
add(None, d, "quote", "“shocking escalation”", "shocking escalation", **stmt("john_healey"), speaker="John Healey",
    source_country="United Kingdom", cue="denounced")
add(None, d, "quote", "going about begging and letting loose reckless remarks against nuclear weapons states at "
    "random without follow-up capability", **stmt("kim_yo_jong"), speaker="Kim Yo Jong",
    source_country="North Korea", cue="accused", stated_on=TUE)
add(None, d, "quote", "bad dogs bred by the US", **stmt("kim_yo_jong"), speaker="Kim Yo Jong",
    source_country="North Korea", cue="describing", stated_on=TUE)
add(None, d, "quote", "a military provocation against a nuclear weapons state may lead to a horrible situation, "
    "unimaginable for politicians and military experts in any big or small country in the world with their normal "
    "thinking to experience.", "a military provocation against a nuclear weapons state may lead to a horrible "
    "situation, unimaginable for politicians and military experts in any big or small country in the world with "
    "their normal thinking to experience", **stmt("kim_yo_jong"), speaker="Kim Yo Jong",
    source_country="North Korea", cue="said", stated_on=TUE)
add(None, d, "quote", "and if a threshold is exceeded, we could ultimately consider offensive weapons as well",
    **stmt("south_korea"), source_org="South Korea presidential office", source_country=SK, cue="told")
add(None, d, "quote", "would be a sign of weakness, not strength, on the part of the Kremlin", **stmt("john_kirby"),
    **KIRBY, cue="said")

# ---------------------------------------------------------------- 004 CBS News, Wed 2024-10-23
d = "004"
add("004_many_thousands", d, "count", "many thousands of Russian troops", subject=RUT, status="casualties",
    **MANY_THOUSANDS, cue="believe")
add("004_3000", d, "count", "about 3,000 Northern troops", subject=NKT, status="present", **approx(3000.0),
    source_org=NIS, source_country=SK, cue="suggest", place="Russia")
add("004_10000", d, "count", "more than 10,000 troops", subject=NKT, status="planned", **more_than(10000.0),
    speaker="Volodymyr Zelenskyy", source_org="South Korea government; Ukraine presidential office", source_country="South Korea; Ukraine", cue="said", refers_to="2024-12-31",
    date_precision="year", date_direction="before", destination="Russia")

add("004_austin_tue", d, "date", "Austin said Tuesday", "Tuesday", **stmt("lloyd_austin"), **day(TUE), **AUSTIN,
    cue="said")
add(None, d, "date", "to Russia last week", "last week", **stmt("south_korea"), **week("2024-10-14", "2024-10-20"),
    source_org="South Korea government", source_country=SK, cue="raised the alarm")
add(None, d, "date", "by the end of the year", subject=NKT, event="deployment", refers_to="2024-12-31",
    date_precision="year", date_direction="before", speaker="Volodymyr Zelenskyy",
    source_country="South Korea; Ukraine", cue="said")
add(None, d, "date", "statement Wednesday", "Wednesday", **stmt("ukraine"), **day(WED), source_org="Ukraine government", source_country=UA,
    cue="issued a statement")

add("004_rome", d, "place", "a visit to Rome", "Rome", **stmt("lloyd_austin"), place_country="Italy",
    place_region="Europe", **AUSTIN, cue="made the remarks")

add(None, d, "quote", "U.S. “seeing evidence”", "seeing evidence", **stmt("lloyd_austin"), **AUSTIN, cue="says")
add("004_evidence", d, "quote", "seeing evidence that there are North Korean troops in Russia", **stmt("lloyd_austin"),
    **AUSTIN, cue="said", stated_on=TUE)
add("004_left", d, "quote", "Exactly what they’re doing is left to be seen", **stmt("lloyd_austin"), **AUSTIN,
    cue="said", stated_on=TUE)
add(None, d, "quote", "“another fabrication.”", "another fabrication", **stmt("russia"), source_country=RU,
    cue="dismissed")


def build():
    claims = pd.DataFrame(ROWS).reindex(columns=columns_of(ClaimSchema))
    claims = claims.sort_values(["doc_id", "start", "end", "kind"], kind="mergesort").reset_index(drop=True)
    counters = {}
    ids = []
    for row in claims.itertuples():
        key = (row.doc_id[:3], row.kind)
        counters[key] = counters.get(key, 0) + 1
        ids.append(f"gold-{key[0]}-{key[1]}-{counters[key]:02d}")
    claims["claim_id"] = ids
    for handle, row in HANDLES.items():
        match = claims[(claims.doc_id == row["doc_id"]) & (claims.start == row["start"]) & (claims.kind == row["kind"])]
        assert len(match) == 1
        row["claim_id"] = match.claim_id.iloc[0]
    return ClaimSchema.validate(claims)


if __name__ == "__main__":
    claims = build()
    out = ROOT / "fixtures" / "claims_gold.csv"
    out.write_text(claims.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    print(claims.kind.value_counts().to_dict(), len(claims))
