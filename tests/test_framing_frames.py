"""Tests of the issue-frame and generic-frame families: shapes, evidence, bad input, gold agreement."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from framescope.errors import InvalidValueError
from framescope.framing import EVIDENCE_COLUMNS, make_family
from framescope.framing.generic_frames import PRESENCE_THRESHOLDS, QUESTIONS, GenericFrames
from framescope.framing.issue_frames import IssueFrames
from framescope.labels import GENERIC_FRAMES, ISSUE_FRAMES

FAMILIES = [IssueFrames, GenericFrames]

ARTICLE = pd.DataFrame({
    "id": ["a1"],
    "title": ["Court blocks strike as port losses mount"],
    "text": ["The Supreme Court ruled on Monday that the dockworkers' strike was unlawful. "
             "The union accused the government of failing workers and rejected the ruling. "
             "Port operators said the stoppage cost $40 million a week and hit exports.\n\n"
             "Maria Lopez, 41, a crane driver, said her family could not afford the rent. "
             "“We are desperate,” she said, in tears. Critics and supporters of the strike "
             "clashed outside parliament, where police arrested three protesters."],
})

BAD_INPUTS = {
    "empty": "",
    "whitespace": "  \n\n  ",
    "one_word": "Hello",
    "no_punctuation": "the government raised taxes and police arrested protesters near the court " * 5,
    "non_english": "Die Regierung hat heute die Steuern erhöht, sagte der Minister. 政府は本日増税した。",
    "none": None,
}


@pytest.mark.parametrize("cls", FAMILIES)
def test_shapes_names_and_registry(cls):
    model = cls().fit(ARTICLE)
    names = model.get_feature_names_out()
    assert model.transform(ARTICLE).shape == (1, len(names))
    assert all(n.startswith(cls.family + "__") for n in names)
    assert type(make_family(cls.family)) is cls


def test_issue_frames_feature_names_are_the_15_frames():
    assert list(IssueFrames().get_feature_names_out()) == [f"issue_frames__{f}" for f in ISSUE_FRAMES]


def test_generic_frames_feature_names():
    names = list(GenericFrames().get_feature_names_out())
    assert names[:5] == [f"generic_frames__{f}" for f in GENERIC_FRAMES]
    assert len(names) == 5 + len(QUESTIONS) == 24


@pytest.mark.parametrize("cls", FAMILIES)
@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_gives_right_shape_and_no_crash(cls, kind):
    frame = pd.DataFrame({"id": ["x"], "title": [""], "text": [BAD_INPUTS[kind]]})
    model = cls().fit(frame)
    values = model.transform(frame)
    assert values.shape == (1, len(model.get_feature_names_out()))
    assert np.isfinite(values).all()
    evidence = model.evidence(frame)
    assert list(evidence.columns) == EVIDENCE_COLUMNS
    if kind in ("empty", "whitespace", "one_word", "none", "non_english"):
        assert len(evidence) == 0
        if cls is IssueFrames:
            # nothing matched: every frame share is 0; "other" is 1 when there is a sentence
            assert values[0, :-1].sum() == 0
            assert values[0, -1] == (1.0 if kind in ("one_word", "non_english") else 0.0)
        else:
            assert values.sum() == 0


def test_no_punctuation_text_still_scored():
    frame = pd.DataFrame({"text": [BAD_INPUTS["no_punctuation"]]})
    profile = IssueFrames().profile(frame).iloc[0]
    assert profile["crime_punishment"] == 1.0 and profile["economic"] == 1.0


def test_non_english_is_other():
    assert IssueFrames().primary_frames([BAD_INPUTS["non_english"]]).tolist() == ["other"]
    profile = IssueFrames().profile([BAD_INPUTS["non_english"]]).iloc[0]
    assert profile["other"] == 1.0 and profile.drop("other").sum() == 0


@pytest.mark.parametrize("cls", FAMILIES)
def test_very_long_article(cls):
    text = ("The minister said the budget deficit would rise. Residents protested in the street. " * 7000)
    assert len(text.split()) > 90_000
    frame = pd.DataFrame({"id": ["long"], "text": [text]})
    values = cls().fit(frame).transform(frame)
    assert values.shape == (1, len(cls().get_feature_names_out()))
    assert np.isfinite(values).all() and values.max() <= 1.0


@pytest.mark.parametrize("cls", FAMILIES)
def test_evidence_spans_point_at_their_text(cls):
    evidence = cls().evidence(ARTICLE)
    assert list(evidence.columns) == EVIDENCE_COLUMNS and len(evidence) > 5
    assert set(evidence["family"]) == {cls.family}
    row = ARTICLE.iloc[0]
    for item in evidence.itertuples():
        source = row["title"] if item.field == "title" else row["text"]
        assert source[item.start:item.end] == item.text
        assert item.article_id == "a1"


def test_issue_frames_profile_primary_and_presence():
    model = IssueFrames()
    profile = model.profile(ARTICLE).loc["a1"]
    assert profile.sum() > 0 and profile.max() <= 1
    assert profile["legality"] > 0 and profile["economic"] > 0 and profile["crime_punishment"] > 0
    assert profile["morality"] == 0
    assert model.primary_frames(ARTICLE).loc["a1"] in ISSUE_FRAMES
    present = model.present(ARTICLE).loc["a1"]
    assert present["legality"] and present["economic"] and not present["morality"] and not present["other"]
    labels = set(model.evidence(ARTICLE)["label"])
    assert {"legality", "economic", "crime_punishment"} <= labels <= set(ISSUE_FRAMES)


def test_issue_frames_headline_counts_extra_for_primary():
    doc = {"id": "h", "title": "Measles outbreak closes schools",
           "text": "The council met on Tuesday. Taxes were discussed. The budget was approved."}
    assert IssueFrames(title_weight=5.0).primary_frames([doc]).tolist() == ["health_safety"]
    assert IssueFrames(title_weight=0.0).primary_frames([doc]).tolist() == ["economic"]


def test_issue_frames_threshold_and_negation():
    text = "No one was injured in the fire."
    strict = IssueFrames(threshold=5.0).profile([text]).iloc[0]
    assert strict["other"] == 1.0
    evidence = IssueFrames().evidence([text])
    injured = evidence[evidence["text"] == "was injured"]
    assert injured["weight"].tolist() == [0.0]  # negated cue, kept as evidence with weight 0
    assert IssueFrames(negated_weight=1.0).evidence([text]).query("text == 'was injured'")["weight"].tolist() == [2.0]


def test_issue_frames_invalid_parameters():
    with pytest.raises(InvalidValueError, match="threshold"):
        IssueFrames(threshold=-1).transform(["x"])
    with pytest.raises(InvalidValueError, match="min_share"):
        IssueFrames().present(["x"], min_share=2)
    with pytest.raises(InvalidValueError, match="not issue frames"):
        IssueFrames(lexicon="generic_frames").transform(["x"])


def test_generic_frames_detectors_fire_on_their_questions():
    answers = GenericFrames().answers(ARTICLE).loc["a1"]
    for question in ["conflict.reproach", "conflict.sides", "human_interest.human_example",
                     "human_interest.private_life", "economic_consequences.costs",
                     "responsibility.government_responsible"]:
        assert answers[question], question
    assert not answers["morality.religion"]
    scores = GenericFrames().scores(ARTICLE).loc["a1"]
    assert scores["conflict"] >= 0.5 and scores["morality"] == 0
    assert ((scores >= 0) & (scores <= 1)).all()


def test_generic_frames_single_questions():
    model = GenericFrames()
    assert model.answers(["The bishop led prayers at the church."]).iloc[0]["morality.religion"]
    assert model.answers(["We all must respect our neighbours."]).iloc[0]["morality.prescription"]
    assert model.answers(["Officials called for urgent action."]).iloc[0]["responsibility.urgent"]
    assert not model.answers(["Officials met."]).iloc[0].any()
    # negated reproach does not count
    assert not model.answers(["The union did not criticise anyone."]).iloc[0]["conflict.reproach"]
    assert model.answers(["The union criticised the plan."]).iloc[0]["conflict.reproach"]


def test_generic_frames_present_thresholds():
    model = GenericFrames()
    default = model.present(ARTICLE)
    assert list(default.columns) == list(GENERIC_FRAMES) and default.dtypes.eq(bool).all()
    assert model.present(ARTICLE, threshold=0.0).loc["a1"].all()
    assert not model.present(ARTICLE, threshold=1.0).loc["a1"]["morality"]
    assert model.present(ARTICLE, {"conflict": 0.2})["conflict"].all()
    assert set(PRESENCE_THRESHOLDS) == set(GENERIC_FRAMES)
    with pytest.raises(InvalidValueError, match="unknown generic frame.*valid: conflict"):
        model.present(ARTICLE, {"drama": 0.5})
    with pytest.raises(InvalidValueError, match="threshold for conflict"):
        model.present(ARTICLE, 1.5)


@pytest.mark.parametrize("cls", FAMILIES)
def test_estimator_basics(cls):
    model = cls()
    assert model.fit(ARTICLE) is model
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.transform(ARTICLE), model.transform(ARTICLE))
    np.testing.assert_array_equal(model.transform(ARTICLE["text"]), model.transform(list(ARTICLE["text"])))


# -- agreement with the teaching corpus's gold annotations ---------------------------------
@pytest.fixture(scope="module")
def corpus():
    from framescope.datasets import load

    data = load("harbor-city")
    gold = data.frames.set_index("article_id")
    articles = data.articles.set_index("id", drop=False).loc[gold.index]
    return articles, gold


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int((gold & pred).sum())
    if tp == 0:
        return 0.0
    precision, recall = tp / pred.sum(), tp / gold.sum()
    return 2 * precision * recall / (precision + recall)


def issue_frame_agreement(articles, gold):
    """Per-label presence F1 (frames with gold or predicted support), macro-F1, primary accuracy."""
    model = IssueFrames()
    present = model.present(articles)
    per_label = {}
    for frame in ISSUE_FRAMES[:-1]:
        g = np.array([frame in list(v) for v in gold["issue_frames"]])
        p = present[frame].to_numpy()
        if g.any() or p.any():
            per_label[frame] = _f1(g, p)
    primary = model.primary_frames(articles).to_numpy() == gold["primary_frame"].to_numpy()
    return per_label, float(np.mean(list(per_label.values()))), float(primary.mean())


def generic_frame_agreement(articles, gold):
    present = GenericFrames().present(articles)
    per_label = {}
    for frame in GENERIC_FRAMES:
        g = np.array([frame in list(v) for v in gold["generic_frames"]])
        per_label[frame] = _f1(g, present[frame].to_numpy())
    return per_label, float(np.mean(list(per_label.values())))


def test_issue_frames_agree_with_gold(corpus):
    per_label, macro, primary = issue_frame_agreement(*corpus)
    # Floors slightly below the values measured when this test was written (see report).
    assert macro >= ISSUE_MACRO_FLOOR, per_label
    assert primary >= ISSUE_PRIMARY_FLOOR


def test_generic_frames_agree_with_gold(corpus):
    per_label, macro = generic_frame_agreement(*corpus)
    assert macro >= GENERIC_MACRO_FLOOR, per_label
    assert per_label["conflict"] >= GENERIC_CONFLICT_FLOOR, per_label


# Measured on harbor-city (60 articles with gold frames, 2026-11-27): issue-frame presence
# macro-F1 0.556, primary-frame accuracy 0.517, generic-frame presence macro-F1 0.622,
# conflict F1 0.78. Floors sit slightly below so a regression fails.
ISSUE_MACRO_FLOOR = 0.50
ISSUE_PRIMARY_FLOOR = 0.45
GENERIC_MACRO_FLOOR = 0.57
GENERIC_CONFLICT_FLOOR = 0.70
