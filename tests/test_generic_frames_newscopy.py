"""Generic frames on the news-style check set (tests/fixtures/genericframes) and the rules fixed on it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framescope.framing.generic_frames import PRESENCE_THRESHOLDS, QUESTIONS, GenericFrames
from framescope.labels import GENERIC_FRAMES
from test_framing_frames import generic_frame_agreement

FIXTURE = Path(__file__).parent / "fixtures" / "genericframes" / "newscopy.jsonl"

# Measured 2026-11-28 with GenericFrames().present() (version 1): macro-F1 0.819; per frame
# conflict 0.826, human_interest 0.903, economic_consequences 0.811, morality 0.762,
# responsibility 0.791 (version 0, before the fixes: 0.621; 0.514 / 0.786 / 0.743 / 0.414 /
# 0.649). Mean per-question agreement 0.80 (0.73 before). Floors sit a little below.
MACRO_FLOOR = 0.79
FRAME_FLOORS = {"conflict": 0.78, "human_interest": 0.85, "economic_consequences": 0.76, "morality": 0.70,
                "responsibility": 0.74}
QUESTION_AGREEMENT_FLOOR = 0.77


def read_articles(path: Path) -> pd.DataFrame:
    """A generic-frames check set (JSON lines: articles with gold ``generic_frames`` and ``answers``)."""
    with path.open(encoding="utf-8") as handle:
        return pd.DataFrame([json.loads(line) for line in handle])


@pytest.fixture(scope="module")
def newscopy() -> pd.DataFrame:
    return read_articles(FIXTURE)


def question_agreement(articles: pd.DataFrame) -> pd.Series:
    """Share of articles on which each codebook answer matches the gold ``answers``."""
    answers = GenericFrames().answers(articles)
    out = {}
    for frame, question, _ in QUESTIONS:
        gold = np.array([question in list(v) for v in articles["answers"]])
        out[question] = float((answers[f"{frame}.{question}"].to_numpy() == gold).mean())
    return pd.Series(out)


# -- the check set itself -------------------------------------------------------------------
def test_check_set_is_well_formed(newscopy):
    assert len(newscopy) == 40 and newscopy["id"].is_unique
    questions = [q for _, q, _ in QUESTIONS]
    frame_of = {q: f for f, q, _ in QUESTIONS}
    size = Counter(frame_of.values())
    for row in newscopy.itertuples():
        words = len(row.text.split())
        assert 200 <= words <= 450, (row.id, words)
        assert "\n\n" in row.text and row.title
        assert set(row.answers) <= set(questions), row.id
        # frames follow from the answers by the family's presence rule
        yes = Counter(frame_of[q] for q in row.answers)
        expected = [f for f in GENERIC_FRAMES if yes[f] / size[f] >= PRESENCE_THRESHOLDS[f] - 1e-9]
        assert list(row.generic_frames) == expected, row.id
    counts = Counter(len(v) for v in newscopy["generic_frames"])
    assert counts[0] >= 3 and counts[5] >= 1 and counts[2] + counts[3] >= 20


def test_generic_frames_agree_with_the_newscopy_gold(newscopy):
    per_label, macro = generic_frame_agreement(newscopy, newscopy)  # the set carries its gold lists
    assert macro >= MACRO_FLOOR, per_label
    for frame, floor in FRAME_FLOORS.items():
        assert per_label[frame] >= floor, (frame, per_label)


def test_codebook_answers_agree_with_the_newscopy_gold(newscopy):
    agreement = question_agreement(newscopy)
    assert agreement.mean() >= QUESTION_AGREEMENT_FLOOR, agreement.round(2).to_dict()


def test_frameless_copy_stays_frameless(newscopy):
    # library hours, a football result, a school refurbishment, a storm: no frame in the gold
    quiet = newscopy[newscopy["generic_frames"].map(len) == 0]
    present = GenericFrames().present(quiet)
    assert present.to_numpy().sum() <= 2, present


# -- focused tests of the rules changed in version 1 (each fails on version 0) -------------------
def answers(text: str) -> pd.Series:
    return GenericFrames().answers([text]).iloc[0]


def test_version_is_set_so_cached_values_are_recomputed():
    assert GenericFrames.version >= 1


def test_a_church_or_party_named_as_a_place_is_no_religious_tenet():
    assert not answers("Mourners gathered outside St Mary's Church. Church Lane was closed.")["morality.religion"]
    # a tenet word, or a clergyman in a church, still answers it
    assert answers("The bishop led prayers at the church.")["morality.religion"]
    assert answers("The Catholic and Anglican bishops wrote to parliament.")["morality.religion"]


@pytest.mark.parametrize("text", ["The Christian Democrats won the election.",
                                  "Families are sleeping in schools and mosques."])
def test_affiliations_and_places_of_worship_alone_are_weak(text):
    assert not answers(text)["morality.religion"]


@pytest.mark.parametrize("text", ["Pupils have cooking lessons on Fridays.",
                                  "The deal removes import duties on cheese.",
                                  "Most obligations apply after two years."])
def test_school_lessons_customs_duties_legal_obligations_are_no_moral_message(text):
    assert not answers(text)["morality.moral_message"]


def test_moral_words_added():
    assert answers("It is unconscionable that workers are trapped in debt.")["morality.moral_message"]
    assert answers("There is a lesson for us all here.")["morality.moral_message"]


@pytest.mark.parametrize("text", ["Police urged residents to lock their doors at night.",
                                  "Parents are being urged to check their children's records."])
def test_reported_appeals_to_the_public_are_prescriptions(text):
    assert answers(text)["morality.prescription"]


def test_an_appeal_to_the_government_is_no_social_prescription():
    assert not answers("Police urged the government to act.")["morality.prescription"]


@pytest.mark.parametrize("text", ["These families cannot go through this a fourth time.",
                                  "Families should be able to choose a school."])
def test_inability_and_entitlement_are_no_prescriptions(text):
    assert not answers(text)["morality.prescription"]


def test_one_sentence_with_a_strong_cue_answers_disagreement():
    assert answers("Opposition parties voted against the bill.")["conflict.disagreement"]
    assert not answers("The union met the managers on Tuesday.")["conflict.disagreement"]


def test_one_sentence_with_a_strong_cue_answers_solution():
    assert answers("The union called for a new pay deal.")["responsibility.solution"]


def test_wont_is_not_a_win():
    assert not answers("They won't pay that much for parking.")["conflict.winners_losers"]
    assert answers("The Liberals won the vote.")["conflict.winners_losers"]


@pytest.mark.parametrize("text", ["Residents feel let down. They feel ignored. Many feel angry.",  # fee*
                                  "Police opened an investigation. Investigators searched the flat. "
                                  "They are investigating a third case."])  # invest*
def test_prefix_cues_do_not_make_costs(text):
    assert not answers(text)["economic_consequences.costs"]


def test_costs_still_found():
    assert answers("Parents pay fees of $4,000 a year.")["economic_consequences.costs"]


def test_a_bomb_blast_is_no_reproach():
    assert not answers("Two people were hurt in the blast.")["conflict.reproach"]


def test_an_economic_cue_with_a_conditional_is_an_economic_consequence():
    assert answers("A moratorium on new farms would cost rural jobs.")["economic_consequences.economy"]
    assert not answers("Rural jobs were discussed at the meeting.")["economic_consequences.economy"]


def test_hours_alone_is_no_urgency():
    assert not answers("Flood warnings were issued after rain fell for twelve hours.")["responsibility.urgent"]
    assert answers("Donors must act within days, the agency said.")["responsibility.urgent"]


def test_one_actor_named_twice_is_one_side():
    assert not answers("The union rejected the offer. Unions across the country backed it.")["conflict.sides"]
    assert answers("Critics called the plan cruel. Supporters said it was fair.")["conflict.sides"]


def test_descriptive_elderly_is_weak_emotion():
    text = "Check on elderly neighbours. Elderly residents are the most vulnerable."
    assert not answers(text)["human_interest.emotion"]
    assert answers("She wept at the funeral. Her family was devastated.")["human_interest.emotion"]


def test_group_with_an_impact_predicate_is_affected():
    text = "About 6,000 people are waiting for surgery. Many patients are in hospital for weeks."
    assert answers(text)["human_interest.affected"]
    assert not answers("Some people came. Children played.")["human_interest.affected"]


def test_generic_childhood_is_not_private_life():
    assert not answers("Measles is not a harmless childhood illness. Parents should check "
                       "their children's records.")["human_interest.private_life"]
    assert answers("She spoke about her childhood in the village.")["human_interest.private_life"]


def test_an_individual_introduced_as_an_example_is_a_human_example():
    assert answers("She met a father who lost his house after betting.")["human_interest.human_example"]
    assert answers("In the camp, a mother of five named Halima waits.")["human_interest.human_example"]
    assert not answers("A man who was arrested has been released.")["human_interest.human_example"]
