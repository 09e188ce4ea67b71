"""Issue frames: the 15 Policy Frames Codebook dimensions, scored per sentence from a seed lexicon."""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import InvalidValueError
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame
from framescope.framing.lexicon import (cached_looks_english, cached_paragraph_spans, cached_sentence_spans,
                                        load_lexicon)
from framescope.labels import ISSUE_FRAMES

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

    def _run(self, docs: Sequence[Doc], with_evidence: bool):
        """Shares, primary frames, evidence and weighted fire counts for a batch of docs.

        One pass: every sentence (unit) of every doc gets a global index, matches are
        accumulated into a (units x frames) score matrix with one ``bincount``, and the
        per-doc sums come from cumulative sums over each doc's contiguous units.
        """
        self._check()
        lex = load_lexicon(self.lexicon)
        unknown = set(lex.labels) - set(_FRAMES)
        if unknown:
            raise InvalidValueError(f"lexicon {self.lexicon!r} has labels that are not issue frames: "
                                    f"{', '.join(sorted(unknown))}; valid: {', '.join(_FRAMES)}")
        columns = [_INDEX[label] for label in lex.labels]
        n_frames = len(_FRAMES)
        unit_weights: list[float] = []
        doc_bounds = [0]
        flat_index: list[int] = []
        flat_weight: list[float] = []
        rows: list | None = [] if with_evidence else None
        for doc in docs:
            english = cached_looks_english(doc.text or doc.title)
            for field, text in (("title", doc.title), ("text", doc.text)):
                if not text.strip():
                    continue
                base = len(unit_weights)
                if field == "title":
                    starts = [0]
                    unit_weights.append(self.title_weight)
                else:
                    spans = cached_sentence_spans(text)
                    if not spans:
                        continue
                    paragraphs = cached_paragraph_spans(text)
                    lead_end = paragraphs[0][1] if paragraphs else len(text)
                    starts = [a for a, _ in spans]
                    unit_weights.extend(self.lead_weight if a < lead_end else 1.0 for a in starts)
                if not english:
                    continue
                for start, end, entry, label, _, weight in lex.scan_memo(text, "negatable", self.negated_weight):
                    unit = base + max(bisect_right(starts, start) - 1, 0)
                    flat_index.append(unit * n_frames + columns[label])
                    flat_weight.append(weight)
                    if rows is not None:
                        rows.append((doc.id, field, start, end, self.family, entry.label, text[start:end], weight))
            doc_bounds.append(len(unit_weights))
        n_units = len(unit_weights)
        scores = np.bincount(np.asarray(flat_index, dtype=np.int64), weights=np.asarray(flat_weight, dtype=float),
                             minlength=n_units * n_frames).reshape(n_units, n_frames)
        hits = scores >= self.threshold
        w = np.asarray(unit_weights, dtype=float)
        per_unit = np.hstack([hits * w[:, None], (~hits.any(axis=1) * w)[:, None], scores, w[:, None]])
        cumulative = np.vstack([np.zeros((1, per_unit.shape[1])), np.cumsum(per_unit, axis=0)])
        bounds = np.asarray(doc_bounds)
        sums = cumulative[bounds[1:]] - cumulative[bounds[:-1]]
        counts = sums[:, :n_frames + 1]
        strength = sums[:, n_frames + 1:2 * n_frames + 1]
        total = sums[:, -1]
        values = np.divide(counts, total[:, None], out=np.zeros_like(counts), where=total[:, None] > 0)
        primary = []
        for fired_row, strength_row in zip(counts[:, :n_frames].tolist(), strength.tolist()):
            best = max(range(n_frames), key=lambda j: (fired_row[j], strength_row[j], -j))
            primary.append(_FRAMES[best] if fired_row[best] > 1e-9 else "other")
        return values, primary, (evidence_frame(rows) if with_evidence else None), counts

    def primary_frame_of_text(self, text: str, end: int | None = None) -> str | None:
        """Primary frame of one text read as an article body with no headline (``None`` when none fires).

        The same scoring as :meth:`primary_frames` on ``Doc(id, "", text[:end])`` without
        the batch machinery: :class:`~framescope.framing.structure.Structure` asks it for
        the body, the headline and the lead of every article. When ``end`` is the end
        of the first paragraph, the lead is scored from the whole text's memoised
        sentences and cue matches (unless a match runs across ``end``).

        Examples
        --------
        >>> model = IssueFrames()
        >>> text = "Hospitals report a measles outbreak.\\n\\nTaxes rose. Taxes rose again."
        >>> model.primary_frame_of_text(text), model.primary_frame_of_text(text, 36), model.primary_frame_of_text("")
        ('economic', 'health_safety', None)
        """
        self._check()
        lex = load_lexicon(self.lexicon)
        whole = text
        if end is not None and end < len(text):
            text = text[:end]
        if not text.strip() or not cached_looks_english(text):
            return None
        found = None
        if text is not whole:
            paragraphs = cached_paragraph_spans(whole)
            if paragraphs and paragraphs[0][1] == end:
                found = [f for f in lex.scan_memo(whole, "negatable", self.negated_weight) if f[0] < end]
                if any(f[1] > end for f in found):
                    found = None  # a cue runs across the paragraph break: scan the lead alone
                else:
                    spans = [span for span in cached_sentence_spans(whole) if span[0] < end]
                    lead_end = end
        if found is None:
            spans = cached_sentence_spans(text)
            found = lex.scan_memo(text, "negatable", self.negated_weight)
            paragraphs = cached_paragraph_spans(text)
            lead_end = paragraphs[0][1] if paragraphs else len(text)
        if not spans or not found:
            return None
        starts = [a for a, _ in spans]
        columns = [_INDEX[label] for label in lex.labels]
        unit_scores: dict[int, dict[int, float]] = {}
        for start, _, _, label, _, weight in found:
            cell = unit_scores.setdefault(max(bisect_right(starts, start) - 1, 0), {})
            column = columns[label]
            cell[column] = cell.get(column, 0.0) + weight
        fired: dict[int, float] = {}
        strength: dict[int, float] = {}
        for unit, cell in unit_scores.items():
            unit_weight = self.lead_weight if starts[unit] < lead_end else 1.0
            for column, score in cell.items():
                strength[column] = strength.get(column, 0.0) + score
                if score >= self.threshold:
                    fired[column] = fired.get(column, 0.0) + unit_weight
        if not fired:
            return None
        best = max(fired, key=lambda j: (fired[j], strength[j], -j))
        return _FRAMES[best] if fired[best] > 1e-9 else None

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
