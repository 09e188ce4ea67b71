"""Distinctive terms (checked against a hand-computed example), coverage/omission, similarity, separability."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from framescope.compare.coverage import align_coverage, extract_units, sentence_table
from framescope.compare.distinctive import distinctive_terms, log_odds_dirichlet, term_counts
from framescope.compare.similarity import outlet_similarity, separability
from framescope.errors import InvalidValueError


# ---------------------------------------------------------------- distinctive terms
def test_log_odds_matches_hand_computed_example():
    # Monroe, Colaresi & Quinn (2008) eqs. 16-22, worked by hand for three words:
    #   y_i = (4, 1, 0), n_i = 5;  y_j = (1, 2, 3), n_j = 6;  alpha = (1, .5, .5), alpha_0 = 2
    #   word A: delta = log(5 / (5+2-4-1)) - log(2 / (6+2-1-1)) = log 2.5 - log(1/3) = 2.014903
    #           var = 1/5 + 1/2 = 0.7;  z = 2.014903 / sqrt(0.7) = 2.408270
    #   word B: delta = log(1.5/5.5) - log(2.5/5.5) = log 0.6 = -0.510826
    #           var = 1/1.5 + 1/2.5 = 1.066667;  z = -0.494605
    #   word C: delta = log(0.5/6.5) - log(3.5/4.5) = -2.564949 + 0.251314 = -2.313635
    #           var = 1/0.5 + 1/3.5 = 2.285714;  z = -1.530326
    out = log_odds_dirichlet(pd.Series([4, 1, 0], index=list("ABC")), pd.Series([1, 2, 3], index=list("ABC")),
                             [1.0, 0.5, 0.5])
    assert list(out.index) == list("ABC")
    np.testing.assert_allclose(out["delta"], [2.014903, -0.510826, -2.313635], atol=1e-6)
    np.testing.assert_allclose(out["variance"], [0.7, 1.066667, 2.285714], atol=1e-6)
    np.testing.assert_allclose(out["z"], [2.408270, -0.494605, -1.530326], atol=1e-6)


def test_log_odds_is_antisymmetric_and_rejects_bad_prior():
    a = log_odds_dirichlet([3, 1, 2], [0, 4, 2], [0.5, 0.5, 1.0])
    b = log_odds_dirichlet([0, 4, 2], [3, 1, 2], [0.5, 0.5, 1.0])
    np.testing.assert_allclose(a["z"], -b["z"])
    with pytest.raises(InvalidValueError):
        log_odds_dirichlet([1, 2], [2, 1], [0.0, 1.0])
    with pytest.raises(InvalidValueError):
        log_odds_dirichlet([1, 2], [2, 1], [1.0])


def _three_outlets():
    return pd.DataFrame({
        "id": [f"a{i}" for i in range(6)] + ["b1", "b2", "b3", "c1", "c2", "c3"],
        "outlet": ["csb"] * 6 + ["ledger"] * 3 + ["clarion"] * 3,
        "title": [""] * 12,
        "text": ["Rioters attacked the police near parliament.", "Order was restored by the police.",
                 "Rioters and agitators blocked the avenue.", "The government restored order quickly.",
                 "Police restored calm after rioters fled.", "Agitators were detained by police."]
                + ["Protesters marched against fuel prices.", "Peaceful protesters were tear-gassed.",
                   "Protesters said fuel prices hurt families."]
                + ["Traitors and thugs ran riot, a disgrace.", "Thugs smashed shops in a disgrace to the nation.",
                   "Our nation deserves better than thugs."],
    })


def test_distinctive_terms_event_prior_uses_the_formula():
    df = _three_outlets()
    result = distinctive_terms(df, min_count=1, top=50, pairwise=False)
    counts = term_counts({o: df.loc[df.outlet == o, "text"].tolist() for o in ["clarion", "csb", "ledger"]})
    # event prior scaled to alpha_0 = tokens compared, i.e. alpha_w = pooled count of w
    alpha = counts.sum(axis=1).astype(float)
    y_i = counts["csb"]
    y_j = counts[["clarion", "ledger"]].sum(axis=1)
    expected = log_odds_dirichlet(y_i, y_j, alpha.to_numpy())
    expected.index = counts.index
    row = result.terms.query("group == 'csb' and reference == 'rest' and term == 'rioters'").iloc[0]
    assert row["z"] == pytest.approx(expected.loc["rioters", "z"])
    assert row["delta"] == pytest.approx(expected.loc["rioters", "delta"])
    hand = (math.log((3 + 3) / (y_i.sum() + alpha.sum() - 3 - 3))
            - math.log((0 + 3) / (y_j.sum() + alpha.sum() - 0 - 3)))
    assert row["delta"] == pytest.approx(hand)
    assert result.prior == "event" and result.alpha0 == pytest.approx(alpha.sum())
    assert result.top("csb")["term"].iloc[0] in {"police", "rioters", "restored"}
    assert result.top("ledger")["term"].iloc[0] == "protesters"
    assert result.top("clarion")["term"].iloc[0] in {"thugs", "disgrace", "nation"}


def test_distinctive_terms_evidence_points_at_the_word():
    df = _three_outlets()
    result = distinctive_terms(df, min_count=1)
    row = result.top("ledger").iloc[0]
    text = df.set_index("id").loc[row["article_id"], "text"]
    assert text[row["start"]:row["end"]].lower() == row["term"]
    assert row["field"] == "text" and row["term"] in row["snippet"].lower()


def test_distinctive_terms_pairwise_reference_and_corpus_prior():
    df = _three_outlets()
    result = distinctive_terms(df, min_count=1)
    refs = set(map(tuple, result.terms[result.terms.pairwise][["group", "reference"]].drop_duplicates().values))
    assert refs == {("clarion", "csb"), ("clarion", "ledger"), ("csb", "ledger")}
    ref = distinctive_terms(df, min_count=1, reference=["ledger"], pairwise=False)
    assert set(ref.terms["reference"]) == {"ledger"}  # ledger vs itself is skipped
    assert set(ref.terms["group"]) == {"clarion", "csb"}
    with pytest.raises(InvalidValueError, match="valid: clarion, csb, ledger"):
        distinctive_terms(df, reference=["nowhere"])
    with pytest.raises(InvalidValueError, match="prior_texts"):
        distinctive_terms(df, prior="corpus")
    with pytest.raises(InvalidValueError, match="valid: corpus, event"):
        distinctive_terms(df, prior="bogus")
    corpus = df["text"].tolist() + ["Police police police said the weather was fine."] * 20
    corp = distinctive_terms(df, min_count=1, prior="corpus", prior_texts=corpus, pairwise=False)
    event = distinctive_terms(df, min_count=1, pairwise=False)
    assert corp.prior == "corpus" and corp.alpha0 == event.alpha0  # the corpus prior is scaled
    z_corp = corp.terms.query("group == 'csb' and reference == 'rest' and term == 'police'")["z"].iloc[0]
    z_event = event.terms.query("group == 'csb' and reference == 'rest' and term == 'police'")["z"].iloc[0]
    assert z_corp != pytest.approx(z_event)


def test_distinctive_terms_warns_on_unbalanced_and_small_groups():
    df = _three_outlets()
    big = pd.concat([df, df[df.outlet == "csb"].assign(id=lambda d: d.id + "x")], ignore_index=True)
    result = distinctive_terms(big, min_count=1)
    assert any("unbalanced" in w and "csb" in w for w in result.warnings)
    assert result.terms.query("group == 'csb' and reference == 'rest'")["anecdotal"].eq(False).all()
    two = distinctive_terms(df.iloc[[0, 6]], min_count=1)
    assert any("anecdotal" in w for w in two.warnings)
    assert two.terms["anecdotal"].all()
    balanced = distinctive_terms(df[df.outlet != "csb"], min_count=1)
    assert not any("unbalanced" in w for w in balanced.warnings)


def test_distinctive_terms_with_empty_text():
    df = pd.DataFrame({"id": ["1", "2"], "outlet": ["a", "b"], "text": ["", None]})
    result = distinctive_terms(df)
    assert result.terms.empty


# ---------------------------------------------------------------- coverage
def _flood_event():
    return pd.DataFrame({
        "id": ["w1", "h1", "c1"], "outlet": ["meridian", "hpr", "csb"], "title": ["Floods", "Floods", "Floods"],
        "text": [
            "The Vell River burst its banks in Korrin on Tuesday. Nine people died and 2,400 were evacuated. "
            "Mayor Ana Ruiz said the levee had not been repaired since 2019.",
            "Water swept through Korrin on Tuesday after the Vell River burst its banks. Nine people died and "
            "2,400 were evacuated, officials said. Teacher Lina Moss lost her home.",
            "The Vell River burst its banks in Korrin on Tuesday. Rescue teams from the army helped residents. "
            "Interior Minister Joram Kest praised the response.",
        ]})


def test_sentence_table_spans():
    df = _flood_event()
    table = sentence_table(df, include_title=False)
    for row in table.itertuples():
        assert df.set_index("id").loc[row.article_id, "text"][row.start:row.end] == row.text
    assert set(table["outlet"]) == {"meridian", "hpr", "csb"}


def test_coverage_finds_what_each_outlet_carries_and_omits():
    df = _flood_event()
    cov = align_coverage(df)
    assert {tuple(sorted(c)) for c in cov.claims["outlets"]} >= {("csb", "hpr", "meridian")}
    om = cov.omissions
    # the state broadcaster alone leaves out the death toll, which both others carry
    deaths = om[(om.outlet == "csb") & (om.kind == "claim") & om.text.str.contains("Nine people died")]
    assert len(deaths) == 1 and deaths.iloc[0]["status"] == "only_omits"
    assert deaths.iloc[0]["article_id"] in {"w1", "h1"}
    assert set(deaths.iloc[0]["carried_by"]) == {"meridian", "hpr"}
    # numbers: 2,400 evacuated is missing from csb
    nums = om[(om.outlet == "csb") & (om.kind == "number")]
    assert "2400" in set(nums["item"])
    # what only one outlet carries, with its span
    only = om[(om.outlet == "meridian") & (om.status == "only_carries") & (om.kind == "claim")]
    assert only["text"].str.contains("levee").any()
    names = om[(om.outlet == "csb") & (om.status == "only_carries") & (om.kind == "name")]
    assert "Joram Kest" in set(names["item"])
    for row in om.itertuples():
        text = df.set_index("id").loc[row.article_id, "text"]
        assert text[row.start:row.end] == row.text
    assert cov.matrix.shape == (len(cov.claims), 3)


def test_coverage_voices_and_threshold():
    df = _flood_event()
    voices = pd.DataFrame({"article_id": ["w1", "h1"], "speaker": ["Ana Ruiz", "officials"],
                           "start": [0, 0], "end": [4, 4], "text": ["The ", "Wate"]})
    cov = align_coverage(df, voices=voices)
    v = cov.omissions[cov.omissions.kind == "voice"]
    assert set(v.loc[v.status == "only_carries", "item"]) == {"Ana Ruiz", "officials"}
    strict = align_coverage(df, threshold=0.99)
    assert len(strict.claims) > len(cov.claims)
    assert strict.pairs.empty or strict.pairs["similarity"].min() >= 0.99


def test_units_fold_surnames():
    df = pd.DataFrame({"id": ["1"], "outlet": ["a"],
                       "text": ["President Elena Varga spoke on Tuesday. Varga cut 3.1 percent and 12 jobs."]})
    units = extract_units(df)
    assert set(units.loc[units.kind == "name", "item"]) == {"Elena Varga"}
    assert set(units.loc[units.kind == "number", "item"]) == {"3.1%", "12"}


def test_coverage_with_empty_text():
    df = pd.DataFrame({"id": ["1", "2"], "outlet": ["a", "b"], "title": ["", ""], "text": ["", "Boats sank."]})
    cov = align_coverage(df)
    assert len(cov.claims) == 1 and cov.claims.iloc[0]["outlets"] == ["b"]


# ---------------------------------------------------------------- similarity and separability
def test_outlet_similarity_text_and_coverage():
    df = _flood_event()
    sim = outlet_similarity(df)
    assert list(sim.index) == ["csb", "hpr", "meridian"] and np.allclose(np.diag(sim), 1)
    assert np.allclose(sim.values, sim.values.T)
    assert sim.loc["meridian", "hpr"] > sim.loc["csb", "hpr"]
    jac = outlet_similarity(df, coverage=align_coverage(df))
    assert ((jac.values >= 0) & (jac.values <= 1)).all()
    assert jac.loc["meridian", "hpr"] > jac.loc["csb", "hpr"]


def test_separability_needs_enough_articles():
    df = _three_outlets()
    result = separability(df)
    assert result.ok and result.folds == 3 and result.baseline == 0.5
    assert result.accuracy > result.baseline
    assert set(result.features["outlet"]) == {"clarion", "csb", "ledger"}
    assert "accuracy" in result.summary()
    small = separability(df.iloc[[0, 1, 6, 7, 8, 9, 10, 11]])
    assert not small.ok and "csb: 2" in small.status and small.accuracy is None
    one = separability(df[df.outlet == "csb"])
    assert not one.ok and "two" in one.status
    same = separability(df, random_state=0)
    assert same.per_fold == result.per_fold


def _indistinct(n_per_outlet: int, outlets=("a", "b", "c")) -> pd.DataFrame:
    """Outlets that write the same kind of text: no classifier can tell them apart."""
    rng = np.random.default_rng(3)
    words = "harbour strike council union pier wages ferry police protest mayor budget storm".split()
    rows = [{"id": f"{o}{i}", "outlet": o, "title": "", "event": None,
             "text": " ".join(rng.choice(words, size=30))} for o in outlets for i in range(n_per_outlet)]
    return pd.DataFrame(rows)


def test_separability_summary_when_outlets_cannot_be_told_apart_names_the_dropped():
    df = pd.concat([_indistinct(20), _indistinct(2, outlets=("tiny",))], ignore_index=True)
    result = separability(df, drop_small=True)
    assert result.ok and result.dropped == {"tiny": 2}
    assert result.accuracy <= result.baseline + 0.05
    summary = result.summary()
    assert "cannot be told apart" in summary and "tiny (2)" in summary


def test_separability_on_many_articles_uses_a_stratified_sample():
    df = _indistinct(40)
    df.loc[df.outlet == "c", "text"] += " flotilla"  # outlet c is recognisable
    df = pd.concat([df, _indistinct(4, outlets=("d",))], ignore_index=True)  # a small outlet keeps min_articles
    result = separability(df, max_articles=60, random_state=1)
    assert result.sampled_from == 124 and result.ok
    assert result.n_articles == {"a": 19, "b": 19, "c": 19, "d": 3}  # 40 * 60 / 124 rounded; 4 -> at least 3
    assert "stratified random sample of 124" in result.summary()
    assert result.to_dict()["sampled_from"] == 124
    assert separability(df, max_articles=60, random_state=1).per_fold == result.per_fold  # deterministic
    assert separability(df).sampled_from is None  # under the default limit: every article
    from framescope.errors import InvalidValueError

    for bad in (0, -5, 2.5, "100"):
        with pytest.raises(InvalidValueError, match=f"max_articles .* got {bad!r}"):
            separability(df, max_articles=bad)
