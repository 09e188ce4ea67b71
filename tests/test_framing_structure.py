"""Structure family: headline/lead vs body, passive agency, length, readability, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framescope.framing.base import EVIDENCE_COLUMNS
from framescope.framing.structure import Structure, flesch_reading_ease, passive_spans, syllables


def features(doc):
    s = Structure().fit(["x"])
    return dict(zip([n.split("__")[1] for n in s.get_feature_names_out()], s.transform([doc])[0].tolist()))


def test_passive_agency():
    text = ("Troops are stationed on the island. The law was struck down by the court. "
            "Three people were killed. He was reportedly arrested by police.")
    sents = [(0, 35), (36, 74), (75, 100), (101, len(text))]
    found = [(text[a:b], agent) for a, b, agent in passive_spans(text, sents)]
    assert found == [("are stationed", False), ("was struck", True), ("were killed", False),
                     ("was reportedly arrested", True)]
    f = features({"id": "a", "title": "", "text": text})
    assert f["agentless_share"] == 0.5
    assert f["agentless_passive_rate"] == pytest.approx(2 * 100 / f["n_words"])
    assert f["passive_rate"] == pytest.approx(4 * 100 / f["n_words"])


def test_headline_and_lead_vs_body():
    body = ("Taxes will rise and the budget deficit will grow, the finance minister said. “It is a fair budget,” "
            "she said.\n\nThe budget cuts housing subsidies and raises spending on tax collection. "
            "Economists said the economy and the budget would recover.")
    same = features({"id": "a", "title": "Budget raises taxes", "text": body})
    other = features({"id": "b", "title": "Police arrest protesters in court clash", "text": body})
    assert same["headline_has_frame"] == 1 and same["headline_frame_match"] == 1
    assert other["headline_frame_match"] == 0
    assert same["lead_frame_match"] == 1
    assert same["lead_quote_share"] == 0.5 and same["lead_attribution_share"] == 1.0
    assert same["lead_has_number"] == 0
    happy = features({"id": "c", "title": "Wonderful, great victory", "text": "The storm killed ten people."})
    assert happy["headline_tone_gap"] > 1.0 and happy["headline_tone_match"] == 0
    assert happy["lead_has_number"] == 1


def test_length_and_readability():
    f = features({"id": "a", "title": "T", "text": "The cat sat on the mat.\n\nThe dog ran. It was fun."})
    assert (f["n_words"], f["n_sentences"], f["n_paragraphs"]) == (12, 3, 2)
    assert f["mean_sentence_words"] == pytest.approx(12 / 3)
    assert f["flesch_reading_ease"] > 90  # monosyllables, short sentences
    hard = features({"id": "b", "title": "", "text": "Constitutional considerations notwithstanding, "
                     "the administration's unprecedented institutional reorganisation necessitated "
                     "extraordinary parliamentary deliberation."})
    assert hard["flesch_reading_ease"] < 0
    assert syllables("government") == 3 and syllables("the") == 1
    assert flesch_reading_ease(0, 0, 0) == 0.0


def test_evidence():
    doc = {"id": "a", "title": "", "text": "“We will win,” 12 strikers said. Ships were delayed.\n\nMore later."}
    ev = Structure().evidence([doc])
    assert list(ev.columns) == EVIDENCE_COLUMNS
    labels = set(ev["label"])
    assert {"lead_quote", "lead_number", "agentless_passive"} <= labels
    for row in ev.itertuples():
        assert doc["text"][row.start:row.end] == row.text


def test_on_teaching_corpus_shapes():
    from framescope.datasets import load

    try:
        articles = load("harbor-city").articles
    except Exception as exc:  # pragma: no cover
        pytest.skip(f"teaching corpus not available: {exc}")
    X = Structure().fit(articles).transform(articles)
    assert X.shape == (len(articles), len(Structure().feature_names())) and np.isfinite(X).all()
    frame = pd.DataFrame(X, columns=Structure().feature_names())
    assert (frame["n_words"] > 150).all() and (frame["n_paragraphs"] >= 3).all()
    assert frame["flesch_reading_ease"].between(0, 100).all()
    assert frame["passive_rate"].mean() > 0


@pytest.mark.parametrize("text", ["", "Word", "no punctuation at all just words", "\n\n",
                                  "Der Hafen bleibt geschlossen, sagte die Gewerkschaft. 港口仍然关闭。"])
def test_bad_input(text):
    s = Structure().fit(["x"])
    X = s.transform(pd.DataFrame({"id": ["a"], "title": [None], "text": [text]}))
    assert X.shape == (1, len(s.feature_names())) and np.isfinite(X).all()
    if not text.strip():
        assert (X == 0).all()


@pytest.mark.slow
def test_very_long_article():
    paragraph = "Ships were delayed at the port, officials said. The strike was called by the union. "
    text = "\n\n".join([paragraph * 10] * 700)
    assert len(text.split()) > 100_000
    X = Structure().fit(["x"]).transform([{"id": "a", "title": "Port strike", "text": text}])
    assert X.shape == (1, len(Structure().feature_names())) and np.isfinite(X).all()
