"""The label sets framescope uses everywhere: frames, verb stances, persuasion techniques."""

from __future__ import annotations

# Boydstun et al., Policy Frames Codebook (2014): the 15 issue-frame dimensions.
ISSUE_FRAMES = (
    "economic", "capacity_resources", "morality", "fairness_equality", "legality",
    "policy_prescription", "crime_punishment", "security_defense", "health_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation", "other",
)
ISSUE_FRAME_NAMES = {
    "economic": "Economic", "capacity_resources": "Capacity & resources", "morality": "Morality",
    "fairness_equality": "Fairness & equality",
    "legality": "Legality, constitutionality & jurisprudence",
    "policy_prescription": "Policy prescription & evaluation", "crime_punishment": "Crime & punishment",
    "security_defense": "Security & defense", "health_safety": "Health & safety",
    "quality_of_life": "Quality of life", "cultural_identity": "Cultural identity",
    "public_opinion": "Public opinion", "political": "Political",
    "external_regulation": "External regulation & reputation", "other": "Other",
}

# Semetko & Valkenburg (2000): the five generic news frames.
GENERIC_FRAMES = ("conflict", "human_interest", "economic_consequences", "morality", "responsibility")

# Stance of an attribution verb (Recasens et al. 2013 report verbs; project lexicon).
VERB_STANCES = ("neutral", "endorsing", "doubting", "conceding", "alarming")

# SemEval-2020 Task 11 technique families that lexical/pattern cues can find.
PERSUASION_TECHNIQUES = (
    "loaded_language", "name_calling", "exaggeration_minimisation", "doubt", "appeal_to_fear",
    "flag_waving", "slogans", "whataboutism", "causal_oversimplification",
)
