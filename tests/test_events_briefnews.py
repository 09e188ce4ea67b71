"""Event grouping on the held-out briefnews check set (title + lead, 100 events, 20 topic clusters).

The set (``tests/fixtures/briefnews/``, see its README) was written by a helper who had read
none of framescope's code, tests or other fixtures, and committed (b12c420) before framescope
was run on it. It is a *check* set: its figures are recorded here as a regression floor, and
the grouping defaults must not be tuned to it. Of the issue's three kinds of data it is
closest to the second: about 300 items from three outlets, many events sharing a topic
(strikes, storms, rate decisions, court rulings, elections ... in the same weeks).

Measured on the first run (GROUPING_VERSION 6, no tuning), with the issue's baseline
(``tests/test_events_baseline.py``):

===================  ==========================================  ========
variant              defaults                                    baseline
===================  ==========================================  ========
title + lead         P 0.961 / R 0.759 / F1 0.848, ARI 0.722     0.765
lead only            P 0.959 / R 0.632 / F1 0.762, ARI 0.542     0.653
title only           P 0.950 / R 0.635 / F1 0.761, ARI 0.546     0.651
attach_orphans=False P 0.968 / R 0.584 / F1 0.728                -
===================  ==========================================  ========

Harder than the issue's hidden title + lead set by the baseline (0.765 against 0.85): the
tabloid's and the broadsheet's leads often share no name with the wire's. The defaults
remove 35 % of the baseline's error here (31 % on the leads alone). After sentence-initial
words are put back as names (GROUPING_VERSION 7, run here once): title + lead P 0.967 /
R 0.779 / F1 0.863, ARI 0.752 (42 % of the error); lead only P 0.964 / R 0.640 / F1 0.769,
ARI 0.558 (33 %).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framescope.events import evaluate, group_events
from test_events_shortnews import check_floors, check_well_formed, gold_of, load_items

FIXTURE = Path(__file__).parent / "fixtures" / "briefnews" / "items.jsonl"
OUTLETS = ("Global Newswire", "The Morning Ledger", "The Daily Bugle")
FLOORS = {
    "title_lead": {"precision": 0.95, "recall": 0.75, "f1": 0.84, "ari": 0.72},
    "lead_only": {"precision": 0.95, "recall": 0.62, "f1": 0.75, "ari": 0.53},
}


@pytest.fixture(scope="module")
def items():
    return load_items(FIXTURE)


def test_fixture_is_well_formed(items):
    check_well_formed(items, n_items=285, n_events=100, n_singletons=10, sizes={3: 75, 2: 25}, outlets=OUTLETS,
                      max_span=pd.Timedelta(hours=30), max_total=pd.Timedelta(days=28), words=(25, 50))


@pytest.mark.parametrize("name", ["title_lead", "lead_only"])
def test_default_grouping_meets_recorded_floor(items, name):
    """Default settings, no tuning: B-cubed and ARI stay at or above the recorded floor."""
    cut = items if name == "title_lead" else items.assign(title="")
    check_floors("briefnews", name, evaluate(group_events(cut).assignments, gold_of(cut)), FLOORS[name])


def test_wire_reprints_point_at_the_wire_copy(items):
    """The wire lead run word for word by the tabloid (dateline kept) and the broadsheet (dateline dropped)."""
    assert group_events(items).duplicate_of.dropna().to_dict() == {"bn036": "bn035", "bn180": "bn178"}


@pytest.mark.xfail(strict=True, reason="known limit, measured on the first run: the search's end (10 June) and "
                   "the inquiry (12 June) share the ferry's names and lie two days apart, and are merged; "
                   "developments of one story a day or two apart are one event to a lexical grouping")
def test_a_running_story_stays_three_events(items):
    """The Santa Lourdes ferry: sinking (8 June), search ended (10 June), inquiry ordered (12 June)."""
    assignments = group_events(items).assignments
    events = sorted({e for e in items["event"].dropna() if "ferry" in e or "lourdes" in e})
    assert len(events) == 3, events
    groups = [set(assignments[items["id"][items["event"] == e]].dropna()) for e in events]
    assert all(len(a & b) == 0 for k, a in enumerate(groups) for b in groups[k + 1:])
