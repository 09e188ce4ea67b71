"""Event grouping against the issue's baseline on every check set.

The issue states its quality bar next to a baseline: TF-IDF with average linkage, the best
of three thresholds chosen in hindsight, reaches B-cubed F1 0.93 / 0.85 / 0.76 on its
hidden full-article / title + lead / excerpt sets, and framescope's untuned defaults must
reach 0.95 / 0.90 / 0.85. The same baseline run on our check sets says how hard they are
compared with the hidden ones, and how much of the baseline's error the defaults remove.

Measured with GROUPING_VERSION 7 (baseline: sklearn ``TfidfVectorizer(stop_words="english",
sublinear_tf=True)`` over title and text, cosine average linkage, no time window, the best F1
over similarity thresholds 0.05-0.50 in steps of 0.05, which is at least the best of any
three of them):

=================  ========  ========  ===================================
set                baseline  defaults  share of the baseline's error removed
=================  ========  ========  ===================================
teaching, full     1.000     1.000     -
teaching, t + l    0.869     0.914     34 %
teaching, excerpt  0.816     0.913     53 %
shortnews          0.793     0.938     70 %
politicsnews       0.746     0.888     56 % (held out)
excerptnews        0.639     0.818     50 % (held out)
fullnews, full     0.983     1.000     100 % (held out)
fullnews, t + l    0.843     0.954     71 % (held out)
fullnews, excerpt  0.776     0.900     55 % (held out)
briefnews          0.765     0.863     42 % (held out)
briefnews, lead    0.653     0.769     33 % (held out)
=================  ========  ========  ===================================

(GROUPING_VERSION 6, before sentence-initial names were put back: shortnews 0.921,
politicsnews 0.849, excerptnews 0.778, fullnews 0.946 / 0.905, briefnews 0.848 / 0.762.)

On the issue's hidden sets the baseline scores 0.93 / 0.85 / 0.76. The fullnews variants
(``tests/test_events_fullnews.py``) are about as hard by this measure, and the defaults pass
the issue's bars there (1.0 / 0.954 / 0.900 against 0.95 / 0.90 / 0.85). The other held-out
sets are harder (their baseline is 0.09-0.12 lower); removing their share of the baseline's
error from the hidden baselines would give 0.91-0.93 on title + lead and 0.84-0.88 on
excerpts, a projection, not a measurement. The floors below sit a little under the measured
gains, so a regression fails.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framescope.events import evaluate, group_events
from test_events_shortnews import FIXTURE, cut_to, gold_of, load_items

THRESHOLDS = np.round(np.arange(0.05, 0.55, 0.05), 2)

# (set, minimum gain of the defaults' F1 over the baseline's best F1)
GAINS = [("teaching_full", 0.0), ("teaching_title_lead", 0.03), ("teaching_excerpt", 0.08),
         ("shortnews", 0.12), ("politicsnews", 0.12), ("excerptnews", 0.15),
         ("fullnews_full", 0.01), ("fullnews_title_lead", 0.09), ("fullnews_excerpt", 0.10),
         ("briefnews", 0.08), ("briefnews_lead", 0.09)]


def baseline_f1(items: pd.DataFrame) -> float:
    """The issue's baseline: TF-IDF, cosine average linkage, the best threshold in hindsight."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [f"{title or ''}\n{text or ''}" for title, text in zip(items["title"], items["text"])]
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs).toarray()
    best = 0.0
    for threshold in THRESHOLDS:
        clusters = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                           distance_threshold=1 - threshold).fit_predict(vectors)
        sizes = np.bincount(clusters)
        predicted = pd.Series([f"c{c}" if sizes[c] > 1 else None for c in clusters], index=list(items["id"]),
                              dtype=object)
        best = max(best, evaluate(predicted, gold_of(items))["f1"])
    return best


def check_set(name: str) -> pd.DataFrame:
    """``teaching_<length>``, ``fullnews_<length>`` (see ``cut_to``) or a check set's name."""
    if name.startswith("teaching_"):
        from framescope import datasets

        items = datasets.load("harbor-city").articles
        items = items.assign(event=items["event"].astype(object).where(items["event"].notna(), None))
        return cut_to(items, name[len("teaching_"):])
    if name.startswith("fullnews_"):
        return cut_to(load_items(FIXTURE.parent.parent / "fullnews" / "items.jsonl"), name[len("fullnews_"):])
    if name == "briefnews_lead":
        return load_items(FIXTURE.parent.parent / "briefnews" / "items.jsonl").assign(title="")
    return load_items(FIXTURE.parent.parent / name / "items.jsonl")


@pytest.mark.parametrize("name,gain", GAINS)
def test_defaults_beat_the_issue_baseline_in_hindsight(name, gain):
    items = check_set(name)
    baseline = baseline_f1(items)
    ours = evaluate(group_events(items).assignments, gold_of(items))["f1"]
    print(f"{name}: baseline {baseline:.3f}, defaults {ours:.3f}")
    assert ours >= baseline + gain
