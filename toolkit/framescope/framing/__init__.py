"""Framing feature families (scikit-learn transformers with evidence spans) and their registry."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pandas as pd

from framescope.errors import invalid_choice
from framescope.framing.base import EVIDENCE_COLUMNS, Doc, FramingFamily, as_docs, evidence_frame

# family name -> "module:Class". The family name is the column prefix (``<family>__<feature>``).
FAMILIES = {
    "issue_frames": "framescope.framing.issue_frames:IssueFrames",
    "generic_frames": "framescope.framing.generic_frames:GenericFrames",
    "tone": "framescope.framing.tone:Tone",
    "persuasion": "framescope.framing.persuasion:PersuasionCues",
    "structure": "framescope.framing.structure:Structure",
    "sourcing": "framescope.framing.sourcing:Sourcing",
    "labeling": "framescope.framing.labeling:Labeling",
}


def family_class(name: str) -> type[FramingFamily]:
    """The transformer class of a family by name (error lists the valid names)."""
    if name not in FAMILIES:
        raise invalid_choice("feature family", name, FAMILIES)
    module, cls = FAMILIES[name].split(":")
    return getattr(importlib.import_module(module), cls)


def make_family(name: str, **params) -> FramingFamily:
    """A new transformer of the named family."""
    return family_class(name)(**params)


@dataclass
class FeatureResult:
    """Per-article framing values and the evidence behind them.

    values : DataFrame indexed by article id, columns ``<family>__<feature>``.
    evidence : DataFrame with :data:`EVIDENCE_COLUMNS`.
    """

    values: pd.DataFrame
    evidence: pd.DataFrame


__all__ = ["FAMILIES", "EVIDENCE_COLUMNS", "Doc", "FeatureResult", "FramingFamily", "as_docs",
           "evidence_frame", "extract_features", "family_class", "make_family"]
from framescope.framing.extract import extract_features  # noqa: E402  (after the names extract.py uses)
