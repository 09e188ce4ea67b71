"""The sourcing family: features, evidence, quote/voice tables, corpus agreement."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import FeatureUnion

from framescope.framing import make_family
from framescope.framing.sourcing import Sourcing

TEXT = ("“We will not back down,” said Rosa Ilvane, general secretary of the Harbor Dockworkers’ Union. "
        "“Our members have waited long enough.”\n\n"
        "Northgate chief executive Saskia Lindqvist-Moor claimed the plan would save jobs. "
        "Officials, who spoke on condition of anonymity, warned that talks could collapse.\n\n"
        "Interior Minister Joram Kest admitted that the police had been slow.")
ARTICLES = pd.DataFrame({
    "id": ["a1", "a2", "a3"], "outlet": ["x.example", "y.example", "z.example"], "event": ["e1", "e1", "e1"],
    "title": ["Union admits talks failed", "", ""],
    "text": [TEXT, "“We are ready,” Ilvane said. The union is strong.", ""]})


def _values(X=ARTICLES):
    s = Sourcing().fit(X)
    return pd.DataFrame(s.transform(X), columns=s.feature_names(), index=list(X["id"]))


def test_registry_and_feature_names():
    s = make_family("sourcing")
    assert isinstance(s, Sourcing)
    names = s.fit(ARTICLES).get_feature_names_out()
    assert names[0] == "sourcing__n_quotes" and len(names) == len(s.feature_names()) == 13


def test_features_count_quotes_stances_and_anonymous():
    v = _values().loc["a1"]
    # two direct quotes, indirect: claimed, warned that, admitted that; title: admits
    assert v["n_direct"] == 2 and v["n_indirect"] == 4 and v["n_quotes"] == 6
    assert v["stance_doubting"] == 1 and v["stance_alarming"] == 1 and v["stance_conceding"] == 2
    assert v["stance_neutral"] == 2
    assert v["anonymous_count"] == 1
    assert v["n_speakers"] >= 3
    assert 0 < v["quoted_word_share"] < 1
    assert v["share_loaded_verbs"] == pytest.approx(4 / 6)
    assert v["first_quote_position"] == pytest.approx(1 / len(TEXT))


def test_empty_and_quoteless_articles_give_zeros():
    v = _values().loc["a3"]
    assert v["n_quotes"] == 0 and v["first_quote_position"] == 1.0
    X = pd.DataFrame({"id": ["n", "o", "p"], "text": ["No quotes at all here.", "word", "A" * 5000]})
    out = _values(X)
    assert out.shape == (3, 13) and out["n_quotes"].sum() == 0


def test_evidence_spans_point_at_their_words():
    ev = Sourcing().fit(ARTICLES).evidence(ARTICLES)
    assert set(ev["family"]) == {"sourcing"}
    assert {"neutral", "doubting", "alarming", "conceding", "anonymous"} <= set(ev["label"])
    for row in ev.itertuples():
        source = ARTICLES.set_index("id").loc[row.article_id, "title" if row.field == "title" else "text"]
        assert source[row.start:row.end] == row.text or row.label != "anonymous" and row.weight > 0
    verbs = ev[(ev["label"] == "conceding") & (ev["field"] == "title")]
    assert list(verbs["text"]) == ["admits"] or "admits" in set(verbs["text"])
    assert "on condition of anonymity" in set(ev.loc[ev["label"] == "anonymous", "text"])


def test_quote_table_and_speaker_ids_across_outlets():
    table = Sourcing().quote_table(ARTICLES)
    assert list(table.columns) == ["article_id", "outlet", "event", "field", "start", "end", "text", "speaker",
                                   "speaker_id", "role", "organisation", "verb", "stance", "kind", "anonymous",
                                   "words"]
    ilvane = table[table["speaker"].fillna("").str.contains("Ilvane")]
    assert set(ilvane["article_id"]) == {"a1", "a2"} and ilvane["speaker_id"].nunique() == 1
    assert (table.loc[table["anonymous"], "speaker_id"] == "anonymous").all()


def test_voice_shares_by_speaker_and_organisation():
    shares = Sourcing().voice_shares(ARTICLES)
    a1 = shares[shares["article_id"] == "a1"]
    assert a1["share_of_quotes"].sum() == pytest.approx(1.0)
    assert a1.iloc[0]["voice"] == "rosa-ilvane" and a1.iloc[0]["rank"] == 1
    orgs = Sourcing().voice_shares(ARTICLES, by="organisation")
    assert "Harbor Dockworkers’ Union" in set(orgs["voice"])
    with pytest.raises(Exception, match="organisation"):
        Sourcing().voice_shares(ARTICLES, by="side")


def test_estimator_contract():
    s = Sourcing(indirect=False)
    assert clone(s).get_params() == {"indirect": False}
    assert s.fit(ARTICLES) is s
    restored = pickle.loads(pickle.dumps(s))
    np.testing.assert_array_equal(restored.transform(ARTICLES), s.transform(ARTICLES))
    assert s.transform(ARTICLES)[0, 2] == 0  # no indirect quotes counted
    union = FeatureUnion([("a", Sourcing()), ("b", Sourcing(indirect=False))]).fit(ARTICLES)
    assert union.transform(ARTICLES).shape == (3, 26)
    ct = ColumnTransformer([("s", Sourcing(), ["id", "title", "text"])]).fit(ARTICLES)
    assert ct.transform(ARTICLES).shape == (3, 13)


# --------------------------------------------------------------------------- corpus gold

@pytest.fixture(scope="module")
def harbor_city():
    from framescope import datasets

    try:
        corpus = datasets.load("harbor-city")
    except Exception as exc:  # pragma: no cover - the corpus ships with the repo
        pytest.skip(f"harbor-city corpus not available: {exc}")
    if corpus.quotes is None or len(corpus.quotes) == 0:
        pytest.skip("no gold quotes")
    return corpus


def test_quote_agreement_with_teaching_corpus_gold(harbor_city):
    from framescope.framing.quotes import evaluate_quotes

    scores = evaluate_quotes(harbor_city.articles, harbor_city.quotes)
    # floors at what the rules reach (see the closing note); the bars are 0.90 / 0.85 / 0.95
    assert scores["f1"] >= F1_FLOOR, scores
    assert scores["speaker_accuracy"] >= SPEAKER_FLOOR, scores
    assert scores["stance_accuracy"] >= STANCE_FLOOR, scores


# Measured on 781 gold quotes after the issue-6 speaker rules (surname antecedents, appositions, indefinite
# and group sources, relative/participle subjects, outer verbs of saying, coordination, headline quotes):
# F1 0.9207 (P 0.927, R 0.914), speaker 0.9622, stance 0.9636 (before: 0.908 / 0.870 / 0.956).
# The bars are 0.90 / 0.85 / 0.95.
F1_FLOOR, SPEAKER_FLOOR, STANCE_FLOOR = 0.915, 0.955, 0.955
