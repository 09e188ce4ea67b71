"""Tone family: VADER re-implementation agrees with vaderSentiment, features, evidence, entity tone, bad input."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from framescope.framing.base import EVIDENCE_COLUMNS
from framescope.framing.tone import (TONE_LEXICONS, Tone, entity_mentions, parse_text, tone_lexicon,
                                     vader_compound, vader_resources)

NAMES = ["mean_compound", "share_positive", "share_negative", "headline_compound",
         "hedge_rate", "booster_rate", "subjectivity_rate", "modality_rate"]


def _sentences(n: int, seed: int = 0) -> list[str]:
    """Varied sentences: lexicon words, boosters, negations, 'but', caps, '!'/'?', news filler."""
    rng = random.Random(seed)
    res = vader_resources()
    words = sorted(w for w in res.lexicon if w.isalpha())
    boosters = sorted(res.boosters)
    negations = ["not", "never", "isn't", "don't", "no", "without", "hardly", "least", "at least"]
    filler = ("the city council said port workers plan to vote on a new deal after talks with officials "
              "this week in Harbor City while the minister and union leaders met again").split()
    templates = ["{} .", "{}!", "{}?", "{}!!", "{}??", "“{},” she said.", "{} , but {} ."]
    out = []
    for _ in range(n):
        def chunk():
            toks = []
            for _ in range(rng.randint(3, 18)):
                r = rng.random()
                toks.append(rng.choice(words) if r < 0.18 else rng.choice(boosters) if r < 0.26
                            else rng.choice(negations) if r < 0.32 else rng.choice(words).upper() if r < 0.34
                            else rng.choice(filler))
            return " ".join(toks)
        template = rng.choice(templates)
        sentence = template.format(*[chunk() for _ in range(template.count("{}"))]).replace(" .", ".")
        out.append(sentence[0].upper() + sentence[1:])
    return out


@pytest.mark.slow
def test_compound_correlates_with_vadersentiment():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sentences = _sentences(3000)
    try:
        from framescope.datasets import load

        corpus = load("harbor-city").articles
        from framescope.text import split_sentences

        sentences += [s for text in corpus["text"] for s in split_sentences(text)][:3000]
    except Exception:  # the teaching corpus may not be there yet
        pass
    analyzer = SentimentIntensityAnalyzer()
    reference = np.array([analyzer.polarity_scores(s)["compound"] for s in sentences])
    ours = vader_compound(sentences)
    r = np.corrcoef(reference, ours)[0, 1]
    assert r >= 0.95, r
    # and most sentences agree to the rounding of vaderSentiment
    assert np.mean(np.abs(reference - ours) < 1e-3) > 0.95


def test_compound_rules_match_vadersentiment_on_classic_cases():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    cases = ["VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
             "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
             "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.",
             "The book was only kind of good.",
             "The plot was good, but the characters are uncompelling and the dialog is not great.",
             "Not bad at all", "The deal is no good.", "It was never so good.", "Why?? Why???"]
    analyzer = SentimentIntensityAnalyzer()
    expected = [analyzer.polarity_scores(c)["compound"] for c in cases]
    np.testing.assert_allclose(vader_compound(cases), expected, atol=6e-5)


def test_features_and_names():
    tone = Tone().fit(["x"])
    assert list(tone.get_feature_names_out()) == [f"tone__{n}" for n in NAMES]
    X = tone.transform(pd.DataFrame({
        "id": ["pos", "neg"], "title": ["A great victory", "Deadly attack"],
        "text": ["The plan is a wonderful success. Residents are happy.",
                 "The attack was horrible and cruel. It may perhaps get worse, critics clearly fear."]}))
    assert X.shape == (2, len(NAMES))
    pos, neg = X
    assert pos[0] > 0.3 and pos[1] == 1.0 and pos[2] == 0.0 and pos[3] > 0.3
    assert neg[0] < -0.3 and neg[2] == 1.0 and neg[3] < -0.3
    assert pos[4:].sum() == 0
    words = len(parse_text("The attack was horrible and cruel. It may perhaps get worse, critics clearly fear.").raw)
    assert neg[4] == pytest.approx(2 * 100 / words)  # may, perhaps
    assert neg[5] == pytest.approx(100 / words)      # clearly
    assert neg[6] > 0 and neg[7] > 0                 # cruel/horrible not listed, 'fear' attitude; 'may' modal


def test_evidence_spans_point_at_words():
    doc = {"id": "d1", "title": "Good day", "text": "Officials say the plan is certainly a disaster. Maybe it will work."}
    ev = Tone().evidence([doc])
    assert list(ev.columns) == EVIDENCE_COLUMNS
    for row in ev.itertuples():
        source = doc["title"] if row.field == "title" else doc["text"]
        assert source[row.start:row.end] == row.text
    labels = dict(zip(ev["text"], ev["label"]))
    assert labels["disaster"] == "negative" and labels["Good"] == "positive"
    assert {"hedge", "booster", "modal"} <= set(ev["label"])
    assert (ev.loc[ev["label"] == "negative", "weight"] < 0).all()
    assert set(ev["family"]) == {"tone"}


def test_evidence_words_can_be_turned_off():
    ev = Tone(evidence_words=False).evidence(["A wonderful, certainly brilliant day."])
    assert set(ev["label"]) == {"booster"}


def test_entity_tone():
    text = ("Elena Varga praised the agreement as a great success. The Ostrel Federation condemned the "
            "terrible provocation. Varga said she was happy.\n\nCritics attacked Tomas Reyl.")
    frame = Tone().entity_tone(pd.DataFrame({"id": ["a"], "title": [""], "text": [text]}))
    assert list(frame.columns) == ["article_id", "entity", "n_sentences", "mean_compound"]
    rows = frame.set_index("entity")
    assert rows.loc["Elena Varga", "n_sentences"] == 2 and rows.loc["Elena Varga", "mean_compound"] > 0.3
    assert rows.loc["Ostrel Federation", "mean_compound"] < 0
    assert "Critics" not in rows.index and "The Ostrel Federation" not in rows.index
    assert Tone().entity_tone([""]).empty


def test_entity_mentions_strip_function_words():
    names = [m[2] for m in entity_mentions("In Harbor City, the Port Authority's director Henrik Voll spoke.")]
    assert names == ["Harbor City", "Port Authority", "Henrik Voll"]


def test_lexicons_have_provenance_and_categories():
    from pathlib import Path

    import framescope

    folder = Path(framescope.__file__).parent / "lexicons"
    for name in TONE_LEXICONS:
        head = (folder / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[:8]
        assert head[0].startswith("#") and any("Hyland" in h or "Recasens" in h for h in head), name
    assert set(tone_lexicon().labels) == set(TONE_LEXICONS.values())


@pytest.mark.parametrize("text", ["", "   ", "Word", "no punctuation at all just words running on and on",
                                  "Der Hafen bleibt geschlossen, sagte die Gewerkschaft. 港口仍然关闭。",
                                  "!!! ??? ...", "\n\n\n"])
def test_bad_input_gives_zeros_not_errors(text):
    tone = Tone().fit(["x"])
    X = tone.transform(pd.DataFrame({"id": ["a"], "title": [None], "text": [text]}))
    assert X.shape == (1, len(NAMES)) and np.isfinite(X).all()
    if not any(c.isalpha() for c in text):
        assert (X == 0).all()
    assert list(tone.evidence([text]).columns) == EVIDENCE_COLUMNS


@pytest.mark.slow
def test_very_long_article():
    paragraph = "The strike is a terrible blow, officials clearly said. Workers may be happy with the deal. "
    text = "\n\n".join([paragraph * 10] * 630)  # ~ 101k words
    assert len(text.split()) > 100_000
    tone = Tone().fit(["x"])
    X = tone.transform([text])
    assert X.shape == (1, len(NAMES)) and np.isfinite(X).all()
    assert 0 < X[0, 1] < 1 and 0 < X[0, 2] < 1


def test_tone_sanity_on_teaching_corpus():
    """Outlet and event contrasts the corpus was written to show.

    Measured: the tabloid's share of negative sentences 0.34 vs the public broadcaster's
    0.23; the floods event (e07) mean compound -0.06 vs the by-election (e09) +0.08.
    """
    from framescope.datasets import load

    try:
        corpus = load("harbor-city")
    except Exception as exc:  # pragma: no cover
        pytest.skip(f"teaching corpus not available: {exc}")
    articles = corpus.articles
    if set(articles["event"].dropna()) < {"e07", "e09"}:
        pytest.skip("teaching corpus incomplete")
    tone = Tone().fit(articles)
    values = pd.DataFrame(tone.transform(articles), columns=NAMES)
    values["outlet"], values["event"] = articles["outlet"].to_numpy(), articles["event"].to_numpy()
    by_outlet = values.groupby("outlet").mean(numeric_only=True)
    assert by_outlet.loc["dailyclarion.example", "share_negative"] > by_outlet.loc["hpr.example", "share_negative"]
    by_event = values.groupby("event").mean(numeric_only=True)
    assert by_event.loc["e07", "mean_compound"] < 0 < by_event.loc["e09", "mean_compound"]
    assert (values[["hedge_rate", "modality_rate"]].mean() > 0).all()
    entities = tone.entity_tone(articles)
    assert len(entities) > 100 and entities["mean_compound"].between(-1, 1).all()


def test_non_english_gets_zeros():
    text = "Die Regierung hat heute die Steuern erhöht, sagte der Minister. Die Opposition ist dagegen."
    X = Tone().fit(["x"]).transform([text])
    assert (X == 0).all()
