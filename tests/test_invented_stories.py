"""The invented stories (fixtures/invented_stories, see its README) scored end to end like the devsets, with floors.

They were written blind to the code and first scored after a round of work on the devsets: the floors are the
figures measured then, rounded down to two decimals, and only rise. On 2026-12-04 every floor below the figure
measured at 203e6a5 was raised to it; the comments keep the figures each round scored blind. They are low (false
conflicts from scope and source errors): a floor says where the tool stands, not where it should be.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from story_scores import story_evaluator

pytestmark = pytest.mark.slow

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "invented_stories"
METRICS = (
    "count_recall", "count_precision", "status_accuracy", "speaker_accuracy", "source_org_accuracy",
    "source_country_accuracy", "conflict_precision", "conflict_recall", "stated_on_accuracy",
)
FLOORS = {
    #               recall prec  stat  spkr  org   ctry  c.pr  c.rec stated
    "quake_2026":  (0.93, 1.00, 0.82, 0.85, 0.57, 0.74, 0.50, 1.00, 0.60),
    # strike conflict precision was 0.28 until a coming march's date stopped dating the unions' statements a year
    # early: their figures now meet the others', and the source and scope errors among them show (0.22, since raised)
    "strike_2026": (0.86, 1.00, 0.81, 0.95, 0.62, 0.81, 0.25, 0.50, 0.75),
    # scored blind after the work on the two above: conflict precision 0.00 and 0.25
    # boat speaker 0.92 -> 0.91 and vote status 0.76 -> 0.74 when recall rose (observers, detained and volunteers
    # are counted now): the accuracies are over more matched counts, the newly matched ones harder
    "boat_2026":   (0.89, 1.00, 0.83, 0.93, 0.68, 0.79, 0.50, 0.66, 0.75),
    # rally conflict precision 1.00 -> 0.66 (2 of 3): Sunday's bare 'counted about 16,000' now counts the crowd (a bare
    # figure a source gives right after another counts the same outcome) and meets the police's 4,000 of Monday's
    # protest, which the one-day window for crowds counted the morning after joins to it
    "rally_2026":  (0.87, 0.98, 0.62, 0.89, 0.73, 0.83, 0.66, 1.00, 0.66),
    # written and scored blind in a later stop, before any work on them: conflict precision 0.20 (4 of 20), 0.12
    # (2 of 17) and 0.50 (1 of 2); speaker 0.85, 0.85, 0.88; source_org 0.55, 0.39, 0.50
    # fire conflict precision 0.60 -> 0.50 and recall 0.60 -> 0.40: hospitals speak for themselves now, scoped to their
    # own patients, so one hospital's 48 treated no longer meets the ministry's 35 injured (a gold pair)
    "fire_2026":   (0.90, 1.00, 0.82, 0.90, 0.76, 0.85, 0.50, 0.40, 0.77),
    # flood conflict precision 0.50 -> 0.42: the headline "X govt puts state flood toll at 35" is now the state
    # government's (it was unattributed), and with no scope of its own ("state") it meets the national 64
    # flood conflict precision 1.00 -> 0.75 while recall rose 0.50 -> 0.75 (3 of 4 shown real)
    "flood_2026":  (0.90, 1.00, 0.87, 0.96, 0.81, 0.79, 1.00, 0.75, 0.84),
    "vote_2026":   (0.89, 0.95, 0.70, 0.91, 0.55, 0.67, 0.50, 0.25, 0.53),
    # written and scored blind in a later stop: conflict precision 0.00 (0 of 6), 0.12 (1 of 8), 0.40 (4 of 10);
    # source_org 0.53, 0.61, 0.58. The figures here are after that stop's work (partitives, the sides of a war, an
    # official's region)
    "cholera_2026": (0.92, 0.98, 0.90, 0.90, 0.73, 0.79, 0.33, 1.00, 0.82),
    # mine conflict precision 0.12 -> 0.10: the operator ("Peru mine operator", "the operator of a collapsed gold
    # mine") is a source now, and its trapped counts meet the others' as rival totals (trapped is `other`)
    "mine_2026":   (0.79, 1.00, 0.81, 0.97, 0.63, 0.81, 0.20, 0.25, 0.84),
    # clash conflict precision 0.83 -> 0.75 and recall 0.80 -> 0.60: a hospital's 34 wounded soldiers used to be
    # misattributed to the other side's ministry and so met the ministry's 14 as rival totals (a gold pair, the part
    # above its whole); now the hospital's figure is scoped to the hospital, which the ladder calls a scope
    # difference (count.part_exceeds_whole), and two positions of one pair merged
    "clash_2026":  (0.90, 0.98, 0.80, 0.90, 0.75, 0.89, 1.00, 0.60, 0.94),
    # written in the same stop and scored blind after most of its work: conflict precision 0.00 (0 of 12) and 0.12
    # (1 of 8), speaker 0.85 and 0.96, source_org 0.39 and 0.55; the figures here after the rest of it (bodies an
    # ambulance service collects, a spokesman's body, advocacy groups)
    "heat_2026":   (0.91, 0.97, 0.94, 0.91, 0.64, 0.78, 0.50, 0.33, 0.71),
    "crossing_2026": (0.85, 0.98, 0.72, 0.97, 0.75, 0.66, 0.33, 0.20, 0.83),
    # written in the next stop and scored blind before any work on them: conflict precision 0.00 (0 of 11), 0.17
    # (3 of 18) and 0.50 (1 of 2); speaker 0.85, 0.78, 0.92; source_org 0.60, 0.48, 0.61. The figures here are
    # after that stop's work
    # train conflict precision 1.00 -> 0.66 while recall rose 0.33 -> 1.00 (2 of 3, 2 tolerated): a hospital's morgue
    # is a source of its own now
    "train_2026":  (0.87, 1.00, 0.77, 0.90, 0.73, 0.79, 0.66, 1.00, 0.78),
    # protest conflict precision 0.33 -> 0.25 and recall 0.50 -> 0.25: the rights commission's acronym and its full
    # name are one source now, and of its figures (9, 12, 14) the one set against the police's 6 is the 14 of the
    # same statement day, a later cumulative toll
    "protest_2026": (0.89, 1.00, 0.86, 0.85, 0.62, 0.84, 0.25, 0.25, 0.82),
    # typhoon status 0.80 -> 0.76 and dam 0.85 -> 0.84: people in shelters and evacuation centres are present at a
    # place (and sheltered) now, as the devsets' README has it for people at a place and as the flood, volcano and
    # cyclone golds label them (their status rose 0.78 -> 0.87, 0.83 -> 0.87, 0.78 -> 0.79); these two golds say other
    "typhoon_2026": (0.90, 0.96, 0.76, 0.96, 0.67, 0.84, 0.50, 0.33, 0.82),
    # written in this stop and scored blind at its start (53335df), before any work on them: conflict precision
    # 0.00 (0 of 7), 0.43 (3 of 7) and 0.20 (1 of 5 and 1 tolerated); speaker 0.86, 0.90, 0.85; source_org 0.44,
    # 0.54, 0.49; source_country 0.66, 0.73, 0.36. The figures here are after that stop's work. Every other story's
    # row was set to its figure then too: count recall rose (missing people, people nouns, office holders), and
    # the accuracies that fell are over more matched counts, the newly matched ones harder (no earlier match
    # changed for the worse but boat's village councillor, now his own post, and clash's relatives, now the
    # ministry's); conflict precision fell where the newly found counts meet others as rival totals (boat, protest),
    # and where a local post (governor, mayor) is now a voice apart from the national government (quake: the
    # governor's revision from 400 to about 240 is split between his names; typhoon: a provincial office's count)
    "airline_2026": (0.87, 0.92, 0.68, 0.87, 0.57, 0.76, 0.00, 0.00, 0.60),
    "collapse_2026": (0.82, 0.97, 0.84, 0.93, 0.59, 0.79, 0.66, 0.22, 0.77),
    # refugee speaker 0.90 -> 0.88: a deck's 'Civil protection chief gives breakdown ...; refugee commission to move
    # 15,000' credits the second clause's figure to the chief (a breakdown is a document now)
    "refugee_2026": (0.79, 0.98, 0.66, 0.88, 0.56, 0.58, 0.50, 0.09, 0.78),
    # written in the next stop and scored blind at its start (33c5f8a), before any work on them: conflict precision
    # 0.21 (4 of 20), 0.20 (3 of 16) and 0.33 (3 of 10), each with one tolerated; speaker 0.95, 0.87, 0.81;
    # source_org 0.56, 0.65, 0.55; source_country 0.59, 0.84, 0.58. The figures here are after that stop's work (a
    # growing total's undated larger figure, "Separately," incidents, prison services, ombudsmen)
    "prison_2026": (0.70, 0.99, 0.71, 0.94, 0.76, 0.84, 0.28, 0.50, 0.71),
    "wildfire_2026": (0.85, 0.94, 0.69, 0.87, 0.67, 0.85, 0.50, 0.28, 0.81),
    "stadium_2026": (0.73, 0.98, 0.74, 0.80, 0.57, 0.65, 0.40, 0.25, 0.72),
    # written in this stop and scored blind at e443a4a, before any work on them: count recall 0.74, 0.83, 0.88;
    # speaker 0.81, 0.93, 0.91; source_org 0.54, 0.61, 0.38; source_country 0.68, 0.77, 0.56; stated_on 0.60, 0.74,
    # 0.61; conflict precision 0.00 (0 of 2), 0.06 (1 of 17) and 0.12 (4 of 35, 3 tolerated). The figures here are
    # after the rest of that stop's work (a colon naming a live blog's speaker, a post before a name the model tags as
    # a body, abductions "taken away", the missing found alive), which cost blast two real conflicts (2 of 27) while
    # cutting its false ones and raising its source_org to 0.46 and country to 0.66; the stated_on column (the ninth)
    # was added then, for every story, at its figure of that commit
    "kidnap_2026": (0.74, 1.00, 0.82, 0.81, 0.54, 0.68, 0.00, 0.00, 0.59),
    "dam_2026":    (0.83, 0.93, 0.84, 0.93, 0.63, 0.83, 0.12, 0.16, 0.75),
    # blast conflict precision 0.08 -> 0.06: the health department's headline 20 is read as deaths now (it was workers),
    # as its gold says, and the district's figures meet it instead of the union's (two real pairs fewer shown)
    "blast_2026":  (0.87, 0.96, 0.85, 0.94, 0.49, 0.66, 0.09, 0.28, 0.61),
    # written in this stop and scored blind at e5e9988, before any work on them: count recall 0.78, 0.86, 0.85;
    # speaker 0.80, 0.91, 0.85; source_org 0.61, 0.52, 0.52; source_country 0.73, 0.59, 0.66; stated_on 0.69, 0.72,
    # 0.77; conflict precision 0.04 (1 of 25), 0.00 (0 of 9, 1 tolerated) and 0.44 (7 of 16, 1 tolerated). The
    # figures here are after that stop's work (live-blog labels, places of tolls and "where" clauses, lists of the
    # missing that grow, district offices as local voices); the siege's militant group was renamed to an invented
    # one before it was added, which changed none of its figures
    # poison status 0.76 -> 0.75, volcano speaker 0.86 -> 0.85 and avalanche conflict precision 0.16 -> 0.15: one
    # matched count each
    "poison_2026": (0.78, 0.94, 0.75, 0.85, 0.65, 0.74, 0.40, 0.33, 0.68),
    "landslide_2026": (0.85, 0.98, 0.81, 0.91, 0.52, 0.64, 0.50, 0.11, 0.73),
    "siege_2026":  (0.84, 1.00, 0.80, 0.86, 0.53, 0.68, 0.58, 0.75, 0.77),
    # written in the same stop after its work and scored blind at 5512a92, before any work on them (the floors were
    # those blind figures until 2026-12-04): conflict precision 0.10 (1 of 10, 1 tolerated), 0.16 (3 of 18, 1 tolerated) and 0.36
    # (4 of 11); the aid story's paramilitary group was renamed to an invented one before it was added, which
    # changed none of its figures
    "volcano_2026": (0.88, 0.97, 0.86, 0.85, 0.57, 0.75, 0.33, 0.22, 0.70),
    "avalanche_2026": (0.71, 0.96, 0.72, 0.92, 0.74, 0.75, 0.20, 0.30, 0.80),
    "aidcrush_2026": (0.84, 0.98, 0.72, 0.97, 0.65, 0.74, 0.57, 0.26, 0.79),
    # written in the next stop and scored blind at its start (e3a0f27), before any work on them; the floors were
    # those blind figures until 2026-12-04: conflict precision 0.21 (3 of 14, 1 tolerated), 0.14 (2 of 14) and 0.00 (0 of 5)
    "lightning_2026": (0.88, 0.93, 0.84, 0.98, 0.54, 0.68, 0.36, 0.37, 0.66),
    "nightclub_2026": (0.82, 0.98, 0.76, 0.86, 0.58, 0.67, 0.33, 1.00, 0.65),
    "gasleak_2026": (0.91, 0.97, 0.72, 0.91, 0.56, 0.59, 0.00, 0.00, 0.59),
    # written in the same stop after most of its work and scored blind at f4e6bd6, before any work on them (the
    # floors were those blind figures until 2026-12-04): conflict precision 0.20 (2 of 10), 0.16 (3 of 18) and 0.07 (1 of 13)
    "methanol_2026": (0.80, 0.99, 0.79, 0.97, 0.74, 0.69, 0.30, 0.75, 0.64),
    "arrests_2026": (0.84, 0.97, 0.77, 0.89, 0.59, 0.64, 0.27, 0.37, 0.49),
    "cyclone_2026": (0.84, 0.96, 0.78, 0.85, 0.67, 0.78, 0.33, 1.00, 0.74),
    # written in the stop after (2026-12-04) and scored blind at df51387: conflict precision 0.17 (1 of 6, 2
    # tolerated), 0.15 (4 of 27, 1 tolerated) and 0.00 (0 of 23, 2 tolerated); these floors are the figures at the
    # commit that added them, after the work on regions, territories and local bodies that the first two drove
    "truck_2026": (0.85, 0.96, 0.57, 0.74, 0.41, 0.58, 0.25, 0.16, 0.62),
    "dengue_2026": (0.83, 0.98, 0.85, 0.88, 0.51, 0.52, 0.23, 0.30, 0.51),
    "tornado_2026": (0.86, 0.99, 0.85, 0.92, 0.68, 0.74, 0.00, 0.00, 0.70),
}
# A figure measured at zero is a known gap, not a floor (a floor of zero asserts nothing): its case asks for the
# first step up instead, as a strict xfail that turns green when the figure moves.
FIRST_STEP = 0.5
ZERO_REASONS: dict[str, str] = {
    "tornado_2026": "no real conflict among the eleven shown and none of the six gold pairs found: the governor's "
                    "14 of Wednesday meets the state's 13 of Thursday, not its 10 and 12 of Wednesday; a county's "
                    "toll as the state relays it is set against the county's and the coroner's own; and the police "
                    "chief's vigil crowd ('put the crowd at closer to 800') is not read, so the paper's 600 stands "
                    "alone",
    "gasleak_2026": "no real conflict among those shown and neither gold pair found: the province's toll and the "
                    "health ministry's are one voice to the reconciler (both the Vietnamese government, the province "
                    "named as 'the province' or its People's Committee), and the operator's 58 hospitalised against "
                    "the province's 112 in hospital are read with different statuses",
    "kidnap_2026": "no real conflict among the two shown and none of the nine gold pairs found: the abducted are "
                   "counted as students (people), pupils and children (children) and as missing, so their rival "
                   "figures (312 against 287, 180 and 251) fall in different subjects or statuses",
    "airline_2026": "no real conflict among those shown (0 of 6): the crew's dead against all the dead, one "
                    "nationality's passengers against everyone on board and a hospital's patients are not told apart "
                    "as scopes, and the headline 'admits 93 were on board' is misparsed; the five gold pairs (91 "
                    "against 93 on board, 86 against 88 passengers, 67 against 68 dead) are among unscoped rivals",
}
CASES = [
    pytest.param(story, metric, floor, id=f"{story}-{metric}") if floor > 0 else
    pytest.param(story, metric, FIRST_STEP, id=f"{story}-{metric}",
                 marks=pytest.mark.xfail(strict=True, reason=f"{story}: {ZERO_REASONS[story]}"))
    for story, floors in FLOORS.items() for metric, floor in zip(METRICS, floors, strict=True)
]


@pytest.fixture(scope="module")
def evaluation_of(tmp_path_factory):
    return story_evaluator(tmp_path_factory, STORIES)


def test_every_invented_story_has_floors():
    assert sorted(path.parent.name for path in STORIES.glob("*/gold_counts.csv")) == sorted(FLOORS)


@pytest.mark.parametrize(("story", "metric", "floor"), CASES)
def test_invented_story_figure_holds_its_floor(evaluation_of, story, metric, floor):
    value = evaluation_of(story).metrics[metric]
    measured = 0.0 if isinstance(value, float) and math.isnan(value) else value
    assert measured >= floor, f"{story} {metric} fell to {measured:.3f} (floor {floor:.2f})"


@pytest.mark.parametrize("story", sorted(FLOORS))
def test_every_gold_quote_is_found(evaluation_of, story):
    assert evaluation_of(story).problems == []
