"""Issue frames: the 15 Policy Frames Codebook dimensions, scored per sentence from a seed lexicon."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import InvalidValueError
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame
from framescope.framing.lexicon import cached_sentence_spans, load_lexicon, looks_english
from framescope.labels import ISSUE_FRAMES
from framescope.text import paragraph_spans

_FRAMES = tuple(f for f in ISSUE_FRAMES if f != "other")
_INDEX = {f: i for i, f in enumerate(_FRAMES)}


class IssueFrames(FramingFamily):
    """Share of sentences in each Policy Frames Codebook dimension, and a primary frame.

    Each sentence (and the headline) is scored against the ``issue_frames`` seed
    lexicon (cues written from the codebook's definitions of the dimensions, each with
    a weight for how diagnostic it is). A frame *fires* in a sentence when its summed
    cue weight reaches ``threshold``; a sentence where no frame fires counts as
    ``other``. The article profile is the weighted share of sentences in which each
    frame fires (the headline counts ``title_weight`` sentences, each sentence of the
    first paragraph ``lead_weight``, as the codebook gives headline and lead the most
    weight). The primary frame (:meth:`primary_frames`) is the frame with the largest
    weighted share, ties broken by summed cue weight; ``other`` when nothing fires.

    These are cue counts, not a trained classifier: a frame "fires" because its words
    occur, and the evidence spans show which words. The lexicon is English: a text that
    does not look English (:func:`~framescope.framing.lexicon.looks_english`) matches
    nothing and is all ``other``.

    Parameters
    ----------
    threshold : float, default 1.0
        Summed cue weight a frame needs in a sentence to fire there.
    title_weight : float, default 2.0
        How many sentences the headline counts as.
    lead_weight : float, default 1.5
        How many sentences each sentence of the first paragraph counts as.
    negated_weight : float, default 0.0
        Factor for cues flagged ``negatable`` that follow a negator ("no one was injured").
    lexicon : str, default "issue_frames"
        Bundled lexicon name or path to a lexicon file with the same labels.

    Examples
    --------
    >>> docs = [{"id": "a", "title": "Court strikes down protest law",
    ...          "text": "The Constitutional Court ruled the law unconstitutional. "
    ...                  "Police arrested twelve protesters on Friday."}]
    >>> model = IssueFrames().fit(docs)
    >>> row = pd.Series(model.transform(docs)[0], index=model.get_feature_names_out())
    >>> float(row["issue_frames__legality"]), float(row["issue_frames__crime_punishment"])
    (0.7, 0.3)
    >>> model.primary_frames(docs).tolist()
    ['legality']
    >>> model.evidence(docs).query("label == 'legality'")[["field", "start", "end", "text"]].values.tolist()
    [['title', 0, 5, 'Court'], ['title', 27, 30, 'law'], ['text', 4, 24, 'Constitutional Court'], ['text', 25, 30, 'ruled'], ['text', 35, 38, 'law'], ['text', 39, 55, 'unconstitutional']]
    """

    family = "issue_frames"

    def __init__(self, *, threshold: float = 1.0, title_weight: float = 2.0, lead_weight: float = 1.5,
                 negated_weight: float = 0.0, lexicon: str = "issue_frames"):
        self.threshold = threshold
        self.title_weight = title_weight
        self.lead_weight = lead_weight
        self.negated_weight = negated_weight
        self.lexicon = lexicon

    def feature_names(self) -> list[str]:
        return list(ISSUE_FRAMES)

    # -- core --------------------------------------------------------------------------
    def _check(self):
        for name in ("threshold", "title_weight", "lead_weight"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0 or value != value:
                raise InvalidValueError(f"{name} must be a number >= 0, got {value!r}")

    def _analyse_doc(self, doc: Doc, lex, columns: np.ndarray, rows: list | None):
        """(weighted sentence-fire counts per frame incl. other, summed cue weight, total weight)."""
        fired = np.zeros(len(_FRAMES) + 1)
        strength = np.zeros(len(_FRAMES))
        total = 0.0
        english = looks_english(doc.text or doc.title)
        for field, text in (("title", doc.title), ("text", doc.text)):
            if not text.strip():
                continue
            if field == "title":
                spans = [(0, len(text))]
                weights = np.array([self.title_weight], dtype=float)
            else:
                spans = cached_sentence_spans(text)
                if not spans:
                    continue
                paragraphs = paragraph_spans(text)
                lead_end = paragraphs[0][1] if paragraphs else len(text)
                weights = np.array([self.lead_weight if a < lead_end else 1.0 for a, _ in spans])
            scores = np.zeros((len(spans), len(_FRAMES)))
            found = lex.match_arrays(text, negated_weight=self.negated_weight) if english else None
            if found is not None and found.start.size:
                starts = np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans))
                where = np.maximum(np.searchsorted(starts, found.start, side="right") - 1, 0)
                cols = columns[found.label]
                keep = cols >= 0
                flat = np.bincount(where[keep] * len(_FRAMES) + cols[keep], weights=found.weight[keep],
                                   minlength=scores.size)
                scores += flat.reshape(scores.shape)
                if rows is not None:
                    labels = lex.labels
                    for a, b, lab, w in zip(found.start.tolist(), found.end.tolist(), found.label.tolist(),
                                            found.weight.tolist()):
                        rows.append((doc.id, field, a, b, self.family, labels[lab], text[a:b], w))
            hits = scores >= self.threshold
            fired[:-1] += weights @ hits
            fired[-1] += weights @ (~hits.any(axis=1))
            strength += scores.sum(axis=0)
            total += weights.sum()
        return fired, strength, total

    def _run(self, docs: Sequence[Doc], with_evidence: bool):
        self._check()
        lex = load_lexicon(self.lexicon)
        unknown = set(lex.labels) - set(_FRAMES)
        if unknown:
            raise InvalidValueError(f"lexicon {self.lexicon!r} has labels that are not issue frames: "
                                    f"{', '.join(sorted(unknown))}; valid: {', '.join(_FRAMES)}")
        columns = np.array([_INDEX[label] for label in lex.labels], dtype=np.int64)
        values = np.zeros((len(docs), len(ISSUE_FRAMES)))
        counts = np.zeros((len(docs), len(ISSUE_FRAMES)))
        primary = []
        rows: list | None = [] if with_evidence else None
        for i, doc in enumerate(docs):
            fired, strength, total = self._analyse_doc(doc, lex, columns, rows)
            counts[i] = fired
            if total > 0:
                values[i] = fired / total
            if fired[:-1].max(initial=0) > 0:
                order = np.lexsort((-strength, -fired[:-1]))  # most weighted sentences, then cue weight
                primary.append(_FRAMES[order[0]])
            else:
                primary.append("other")
        return values, primary, (evidence_frame(rows) if with_evidence else None), counts

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        values, _, evidence, _ = self._run(docs, with_evidence=True)
        return values, evidence

    def transform(self, X) -> np.ndarray:
        return self._run(as_docs(X), with_evidence=False)[0]

    # -- extra views -------------------------------------------------------------------
    def primary_frames(self, X) -> pd.Series:
        """The primary issue frame of each article (``"other"`` when no frame fires).

        Returns
        -------
        Series of str indexed by article id, named ``primary_frame``.

        Examples
        --------
        >>> IssueFrames().primary_frames(["Hospitals report a measles outbreak.", ""]).tolist()
        ['health_safety', 'other']
        """
        docs = as_docs(X)
        _, primary, _, _ = self._run(docs, with_evidence=False)
        return pd.Series(primary, index=pd.Index([d.id for d in docs], name="id"), name="primary_frame")

    def profile(self, X) -> pd.DataFrame:
        """The share of (weighted) sentences per frame as a DataFrame indexed by article id.

        Examples
        --------
        >>> IssueFrames().profile(["Taxes rose. It rained."]).loc["0", ["economic", "other"]].tolist()
        [0.5, 0.5]
        """
        docs = as_docs(X)
        values, _, _, _ = self._run(docs, with_evidence=False)
        return pd.DataFrame(values, index=pd.Index([d.id for d in docs], name="id"), columns=list(ISSUE_FRAMES))

    def present(self, X, *, min_share: float = 0.08, min_sentences: float = 2.0) -> pd.DataFrame:
        """Which frames an article uses.

        A frame is present when it fires in at least ``min_sentences`` (weighted, so the
        headline alone counts ``title_weight``) and in at least ``min_share`` of the
        article's weighted sentences. ``other`` is True when no frame is present.

        Parameters
        ----------
        min_share : float, default 0.08
        min_sentences : float, default 2.0

        Returns
        -------
        DataFrame of bool indexed by article id, one column per frame (:data:`ISSUE_FRAMES`).

        Examples
        --------
        >>> text = "Taxes rose. Taxes rose again. Police arrested a man. It rained."
        >>> IssueFrames().present([text]).loc["0"].loc[["economic", "crime_punishment", "other"]].tolist()
        [True, False, False]
        >>> IssueFrames().present([text], min_sentences=1).loc["0", "crime_punishment"]
        np.True_
        """
        if not 0 <= min_share <= 1:
            raise InvalidValueError(f"min_share must be in [0, 1], got {min_share!r}")
        if not isinstance(min_sentences, (int, float)) or min_sentences < 0:
            raise InvalidValueError(f"min_sentences must be a number >= 0, got {min_sentences!r}")
        docs = as_docs(X)
        shares, _, _, counts = self._run(docs, with_evidence=False)
        flags = (shares[:, :-1] >= max(min_share, 1e-12)) & (counts[:, :-1] >= max(min_sentences, 1e-12))
        frame = pd.DataFrame(flags, index=pd.Index([d.id for d in docs], name="id"), columns=list(_FRAMES))
        frame["other"] = ~frame.any(axis=1)
        return frame
