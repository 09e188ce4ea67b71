"""Event grouping on the held-out excerpt check set (dated 30-45 word excerpts, no headlines, 8 outlets).

The set (``tests/fixtures/excerptnews/``, see its README) has the form of the issue's
dataset (c): short excerpts with dates, each event covered by two or three outlets. It
was written independently of the shortnews and politicsnews sets, gold first, and is a
*check* set: its figures are recorded here as a regression floor and the grouping
defaults must not be tuned to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framescope.events import evaluate, group_events

from test_events_shortnews import check_floors, check_well_formed, gold_of, load_items  # same format

FIXTURE = Path(__file__).parent / "fixtures" / "excerptnews" / "items.jsonl"

OUTLETS = ("Continental Press", "The Morning Courier", "Daily Blaze", "Lakeshore Tribune",
           "Harbourline Business", "Touchline", "Northlight News", "The Southern Observer")

# Figures measured when this test was written (framescope events.py at 3a2017a,
# GROUPING_VERSION 3; fixture at 2e399c0, committed before the first run; 236 items,
# 91 gold events + 15 singletons), excerpt only (empty titles), no tuning:
#   defaults               P 0.919 / R 0.658 / F1 0.767, ARI 0.469 (55 predicted events)
#   attach_orphans=False   P 0.962 / R 0.547 / F1 0.697, ARI 0.269 (36 predicted events)
#   (all singletons        P 1.000 / R 0.449 / F1 0.620, ARI 0.000, for scale)
# Below the bar for dataset (c) (F1 >= 0.85): 98 of the 221 event items are left
# alone, and the wrong merges join excerpts whose only shared name is a country word
# ("British", "Irish", "Canadian", "Sydney"). The floors sit a little below the measured
# figures, so a regression fails; raise them when it improves.
# After words are stemmed before hashing (GROUPING_VERSION 6, run here once, not tuned here):
#   defaults               P 0.925 / R 0.671 / F1 0.778, ARI 0.486 (58 predicted events)
#   attach_orphans=False   P 0.966 / R 0.551 / F1 0.702, ARI 0.279 (36 predicted events)
# After sentence-initial words are put back as names (GROUPING_VERSION 7, run here once, not tuned here):
#   defaults               P 0.912 / R 0.742 / F1 0.818, ARI 0.592 (66 predicted events)
#   attach_orphans=False   P 0.966 / R 0.612 / F1 0.749, ARI 0.409 (51 predicted events)
FLOORS = {"precision": 0.89, "recall": 0.72, "f1": 0.80, "ari": 0.57}
FLOORS_NO_ORPHANS = {"precision": 0.95, "recall": 0.59, "f1": 0.73, "ari": 0.39}

# (event, reprinting outlet): a Continental Press excerpt reprinted by another outlet.
REPRINTS = [
    ("typhoon-ph-marisol", "The Southern Observer"),   # verbatim, dateline kept
    ("storm-ca-hamilton-floods", "Lakeshore Tribune"),  # verbatim, dateline kept
    ("typhoon-ph-nando", "Northlight News"),            # verbatim but the dateline dropped
]


@pytest.fixture(scope="module")
def items():
    return load_items(FIXTURE)


@pytest.fixture(scope="module")
def grouping(items):
    return group_events(items)


def test_fixture_is_well_formed(items):
    assert (items["title"] == "").all()  # excerpts only, no headlines
    # one item per outlet per event, all within 36 hours of each other, over six weeks
    check_well_formed(items, n_items=236, n_events=91, n_singletons=15, sizes={3: 39, 2: 52}, outlets=OUTLETS,
                      max_span=pd.Timedelta(hours=36), max_total=pd.Timedelta(days=42), words=(30, 60))


def test_default_grouping_meets_recorded_floor(items, grouping):
    """Default settings, no tuning: B-cubed and ARI stay at or above the recorded floor."""
    scores = evaluate(grouping.assignments, gold_of(items))
    check_floors("excerptnews", "defaults", scores, FLOORS)


def test_without_orphan_attachment_meets_recorded_floor(items):
    scores = evaluate(group_events(items, attach_orphans=False).assignments, gold_of(items))
    check_floors("excerptnews", "attach_orphans=False", scores, FLOORS_NO_ORPHANS)


def _apart(items, assignments, first, second):
    a = assignments[items["id"][items["event"] == first]].dropna()
    b = assignments[items["id"][items["event"] == second]].dropna()
    return not set(a) & set(b)


@pytest.mark.parametrize("first,second", [
    ("foot-ashford-kingsbridge", "foot-dunmore-portland"),        # two league matches, same Saturday
    ("foot-kingsbridge-dunmore", "foot-harrowgate-ashford"),      # two league matches, same Saturday
    ("foot-dunmore-ashford-cup", "foot-harrowgate-portland"),     # two matches, same Saturday
    ("earn-southcross-fy", "earn-kessling-warning"),              # two earnings reports a day apart
])
def test_same_day_same_topic_events_stay_apart(items, grouping, first, second):
    """Matches played on the same afternoon, or results a day apart, are different events.

    (When written this held partly because most football excerpts were left alone; see
    the README's misses.)
    """
    assert _apart(items, grouping.assignments, first, second), (first, second)


@pytest.mark.parametrize("event,outlet", REPRINTS)
def test_wire_reprints_marked_as_duplicates(items, grouping, event, outlet):
    """A Continental Press excerpt reprinted by another outlet points at the wire copy."""
    by_key = {(e, o): i for i, e, o in zip(items["id"], items["event"], items["outlet"])}
    reprint, original = by_key[(event, outlet)], by_key[(event, "Continental Press")]
    assert grouping.duplicate_of.get(reprint) == original
