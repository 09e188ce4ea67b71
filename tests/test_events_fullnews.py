"""Event grouping on the held-out full-article check set (three US outlets, 30 events).

The set (``tests/fixtures/fullnews/``, see its README) was written by a helper who had not
read the grouping code, and committed (eb07209) before framescope was run on it. It is a
*check* set: its figures are recorded here as a regression floor, and the grouping
defaults must not be tuned to it. Besides the full articles, the same items cut to title +
lead paragraph and to 40-word excerpts without titles stand in for the issue's other two
kinds of data.

Measured on the first run (GROUPING_VERSION 6, no tuning), with the issue's baseline (TF-IDF,
cosine average linkage, best threshold in hindsight; ``tests/test_events_baseline.py``):

==============  ===========================================  ========  ===========================
variant         defaults                                     baseline  issue: hidden baseline, bar
==============  ===========================================  ========  ===========================
full articles   P 1.000 / R 1.000 / F1 1.000, ARI 1.000      0.983     0.93, >= 0.95
title + lead    P 0.970 / R 0.924 / F1 0.946, ARI 0.900      0.843     0.85, >= 0.90
40-word excerpt P 0.973 / R 0.845 / F1 0.905, ARI 0.830      0.776     0.76, >= 0.85
==============  ===========================================  ========  ===========================

The baseline scores about what it scores on the issue's hidden sets, so these variants are
about as hard; the set is small (88 articles) next to them. After sentence-initial words are
put back as names (GROUPING_VERSION 7): full 1.000; title + lead P 0.970 / R 0.939 / F1 0.954,
ARI 0.915; excerpts P 0.973 / R 0.837 / F1 0.900, ARI 0.821.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framescope.events import evaluate, group_events
from test_events_shortnews import check_floors, check_well_formed, cut_to, gold_of, load_items

FIXTURE = Path(__file__).parent / "fixtures" / "fullnews" / "items.jsonl"
OUTLETS = ("Continental Wire", "The Civic Post", "The Heartland Herald")
FLOORS = {
    "full": {"precision": 0.98, "recall": 0.98, "f1": 0.98, "ari": 0.97},
    "title_lead": {"precision": 0.95, "recall": 0.90, "f1": 0.92, "ari": 0.87},
    "excerpt": {"precision": 0.95, "recall": 0.82, "f1": 0.88, "ari": 0.80},
}


@pytest.fixture(scope="module")
def items():
    return load_items(FIXTURE)


def test_fixture_is_well_formed(items):
    check_well_formed(items, n_items=88, n_events=30, n_singletons=6, sizes={3: 22, 2: 8}, outlets=OUTLETS,
                      max_span=pd.Timedelta(hours=36), words=(250, 450))


@pytest.mark.parametrize("name", ["full", "title_lead", "excerpt"])
def test_default_grouping_meets_recorded_floor(items, name):
    """Default settings, no tuning: B-cubed and ARI stay at or above the recorded floor."""
    cut = cut_to(items, name)
    check_floors("fullnews", name, evaluate(group_events(cut).assignments, gold_of(cut)), FLOORS[name])


def test_wire_reprint_points_at_the_wire_copy(items):
    """The Heartland Herald ran the Continental Wire derailment story word for word under its own headline."""
    duplicates = group_events(items).duplicate_of.dropna().to_dict()
    assert duplicates == {"fn011": "fn010"}


def test_two_events_of_one_running_story_stay_apart(items):
    """The Wisconsin senate vote (15 May) and the governor's veto (20 May) share names and figures."""
    assignments = group_events(items).assignments
    vote = set(assignments[items["id"][items["event"] == "senate-wisconsin-vouchers"]])
    veto = set(assignments[items["id"][items["event"] == "veto-wisconsin-vouchers"]])
    assert len(vote) == 1 and len(veto) == 1 and not vote & veto
