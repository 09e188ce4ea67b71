"""Event grouping on the held-out politics check set (title + lead, three outlets of different leanings).

The set (``tests/fixtures/politicsnews/``, see its README) was written independently of
the shortnews set and of the teaching corpus, gold first, and is a *check* set: its
figures are recorded here as a regression floor and the grouping defaults must not be
tuned to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from framescope.events import evaluate, group_events

from test_events_shortnews import check_floors, check_well_formed, gold_of, load_items, score_line  # same format

FIXTURE = Path(__file__).parent / "fixtures" / "politicsnews" / "items.jsonl"

OUTLETS = ("The Progressive Ledger", "Capital Wire", "The Patriot Daily")

# Figures measured when this test was written (framescope events.py at 6b3f086, fixture
# at 6500fb1; 216 items, 73 gold events + 10 singletons), title + lead, no tuning:
#   defaults               P 0.937 / R 0.674 / F1 0.784, ARI 0.596 (62 predicted events)
#   title only             P 0.971 / R 0.539 / F1 0.693, ARI 0.378
#   text (lead) only       P 0.943 / R 0.614 / F1 0.744, ARI 0.512
#   attach_orphans=False   P 0.955 / R 0.591 / F1 0.730, ARI 0.469
# Recall is what suffers: the left-leaning outlet's human-story leads and the
# right-leaning outlet's nicknames share few names with the wire copy. The floors sit a
# little below the measured figures, so a regression fails; raise them when it improves.
# After orphans are also attached on word similarity alone (events._orphan_word_edges,
# designed on the teaching corpus and shortnews, then run here once, not tuned here):
#   defaults               P 0.929 / R 0.767 / F1 0.840, ARI 0.709 (67 predicted events)
#   title only             P 0.969 / R 0.593 / F1 0.735;  text only  P 0.931 / R 0.696 / F1 0.796
# After words are stemmed before hashing (chosen on the teaching corpus and shortnews, run here once):
#   defaults               P 0.930 / R 0.781 / F1 0.849, ARI 0.722 (67 predicted events)
#   title only             P 0.965 / R 0.596 / F1 0.736;  text only  P 0.938 / R 0.693 / F1 0.797
#   attach_orphans=False   P 0.954 / R 0.583 / F1 0.724, ARI 0.450
# After sentence-initial words are put back as names when the collection writes them so elsewhere
# (GROUPING_VERSION 7; chosen on the teaching corpus, shortnews and the synthetic corpus, run here once):
#   defaults               P 0.946 / R 0.836 / F1 0.888, ARI 0.796 (70 predicted events)
#   title only             P 0.892 / R 0.637 / F1 0.743;  text only  P 0.931 / R 0.733 / F1 0.820
#   attach_orphans=False   P 0.955 / R 0.707 / F1 0.812, ARI 0.649
FLOORS = {"precision": 0.93, "recall": 0.81, "f1": 0.86, "ari": 0.77}
FLOORS_NO_ORPHANS = {"precision": 0.94, "recall": 0.68, "f1": 0.79, "ari": 0.62}

# (event, reprinting outlet): the wire lead under the reprinting outlet's own headline.
REPRINTS = [
    ("storm-wv-floods", "The Patriot Daily"),      # verbatim, dateline kept
    ("econ-cascade-bank", "The Progressive Ledger"),  # verbatim, dateline dropped
]


@pytest.fixture(scope="module")
def items():
    return load_items(FIXTURE)


@pytest.fixture(scope="module")
def grouping(items):
    return group_events(items)


def test_fixture_is_well_formed(items):
    # one item per outlet per event, all within a day of each other, over four weeks
    check_well_formed(items, n_items=216, n_events=73, n_singletons=10, sizes={3: 60, 2: 13}, outlets=OUTLETS,
                      max_span=pd.Timedelta(days=1), max_total=pd.Timedelta(days=29), words=(20, 45))


def test_default_grouping_meets_recorded_floor(items, grouping):
    """Default settings, no tuning: B-cubed and ARI stay at or above the recorded floor."""
    scores = evaluate(grouping.assignments, gold_of(items))
    check_floors("politicsnews", "defaults", scores, FLOORS)


def test_without_orphan_attachment_meets_recorded_floor(items):
    scores = evaluate(group_events(items, attach_orphans=False).assignments, gold_of(items))
    check_floors("politicsnews", "attach_orphans=False", scores, FLOORS_NO_ORPHANS)


@pytest.mark.parametrize("variant", ["title-only", "text-only"])
def test_field_variants_are_reported(items, variant):
    """Title-only and lead-only figures (recorded in the README; printed with ``pytest -s``).

    Only a loose sanity bound is asserted: one field alone still groups something
    (B-cubed F1 of all-singletons on this set is about 0.55). Since sentence-initial names are
    put back (GROUPING_VERSION 7) title-only precision is 0.892 (was 0.965; F1 0.736 -> 0.743):
    a title's first word is often an institution many titles share ("House", "Senate").
    """
    frame = items.assign(text="") if variant == "title-only" else items.assign(title="")
    scores = evaluate(group_events(frame).assignments, gold_of(items))
    print("\n" + score_line("politicsnews", variant, scores))
    assert scores["f1"] >= 0.65 and scores["precision"] >= 0.87


def test_follow_up_stories_stay_separate_events(items, grouping):
    """The Memphis shooting (Sat) and the charging of its suspect (Tue) are different events;
    so are the House stopgap (12 Mar) and the Senate stopgap (19 Mar)."""
    assignments = grouping.assignments
    for first, second in [("shoot-memphis-nightclub", "shoot-memphis-charged"),
                          ("budget-house-stopgap", "budget-senate-stopgap"),
                          ("imm-ice-raid-nebraska", "imm-ice-raid-georgia")]:
        a = assignments[items["id"][items["event"] == first]].dropna()
        b = assignments[items["id"][items["event"] == second]].dropna()
        assert not set(a) & set(b), (first, second)


@pytest.mark.parametrize("event,outlet", REPRINTS)
def test_wire_reprints_marked_as_duplicates(items, grouping, event, outlet):
    """A Capital Wire lead reprinted under another outlet's headline points at the wire copy."""
    by_key = {(e, o): i for i, e, o in zip(items["id"], items["event"], items["outlet"])}
    reprint, original = by_key[(event, outlet)], by_key[(event, "Capital Wire")]
    assert grouping.duplicate_of.get(reprint) == original
