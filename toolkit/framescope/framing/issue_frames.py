"""Issue frames: the 15 Policy Frames Codebook dimensions, scored per sentence from a seed lexicon."""

from __future__ import annotations

from bisect import bisect_left
from itertools import repeat
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import InvalidValueError
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame_from_columns
from framescope.framing.lexicon import (ScanColumns, SentenceUnits, cached_looks_english, cached_paragraph_spans,
                                        cached_sentence_spans, load_lexicon)
from framescope.labels import ISSUE_FRAMES

_FRAMES = tuple(f for f in ISSUE_FRAMES if f != "other")
_INDEX = {f: i for i, f in enumerate(_FRAMES)}


def _head(found: ScanColumns, n: int) -> ScanColumns:
    return found if n == len(found.start) else ScanColumns(*(column[:n] for column in found))


def _add_evidence(evidence: list, doc_id: str, field: str, text: str, found: ScanColumns, labels) -> None:
    n = len(found.start)
    evidence[0].extend(repeat(doc_id, n))
    evidence[1].extend(repeat(field, n))
    evidence[2].extend(found.start)
    evidence[3].extend(found.end)
    evidence[4].extend(repeat("issue_frames", n))
    evidence[5].extend(map(labels.__getitem__, found.label))
    evidence[6].extend(map(text.__getitem__, map(slice, found.start, found.end)))
    evidence[7].extend(found.weight)


def _best_column(fired: np.ndarray, strength: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Per row, among the candidate columns: most fired, then strongest, then the first."""
    if not fired.shape[0]:
        return np.zeros(0, dtype=np.int64)
    fired = np.where(candidates, fired, -np.inf)
    top = fired == fired.max(axis=1, keepdims=True)
    strength = np.where(top, strength, -np.inf)
    return np.argmax(top & (strength == strength.max(axis=1, keepdims=True)), axis=1)


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

    def _lexicon(self):
        lex = load_lexicon(self.lexicon)
        unknown = set(lex.labels) - set(_FRAMES)
        if unknown:
            raise InvalidValueError(f"lexicon {self.lexicon!r} has labels that are not issue frames: "
                                    f"{', '.join(sorted(unknown))}; valid: {', '.join(_FRAMES)}")
        return lex, np.array([_INDEX[label] for label in lex.labels], dtype=np.int64)

    def _run(self, docs: Sequence[Doc], with_evidence: bool):
        """Shares, primary frames, evidence and weighted fire counts for a batch of docs.

        One pass: every sentence (unit) of every doc gets a global index, matches are
        accumulated into a (units x frames) score matrix with one ``bincount``, and the
        per-doc sums come from cumulative sums over each doc's contiguous units. The
        matches of the whole batch are gathered as lists (``Lexicon.scan_columns``) and
        placed in their units with one ``searchsorted``, not one Python step per match.
        """
        self._check()
        lex, columns = self._lexicon()
        n_frames = len(_FRAMES)
        units = SentenceUnits()
        doc_bounds = [0]
        evidence = [[] for _ in range(8)] if with_evidence else None
        for doc in docs:
            english = cached_looks_english(doc.text or doc.title)
            for field, text in (("title", doc.title), ("text", doc.text)):
                if not text.strip():
                    continue
                if field == "title":
                    starts, weights = [0], [self.title_weight]
                else:
                    spans = cached_sentence_spans(text)
                    if not spans:
                        continue
                    paragraphs = cached_paragraph_spans(text)
                    lead_end = paragraphs[0][1] if paragraphs else len(text)
                    starts = [a for a, _ in spans]
                    weights = [self.lead_weight if a < lead_end else 1.0 for a in starts]
                found = lex.scan_columns(text, "negatable", self.negated_weight) if english else None
                units.add(text, starts, found, weights)
                if found is not None and evidence is not None:
                    _add_evidence(evidence, doc.id, field, text, found, lex.labels)
            doc_bounds.append(len(units.weights))
        scores = units.scores(columns, n_frames)
        n_units = len(units.weights)
        hits = scores >= self.threshold
        w = np.asarray(units.weights, dtype=float).reshape(n_units)
        per_unit = np.hstack([hits * w[:, None], (~hits.any(axis=1) * w)[:, None], scores, w[:, None]])
        cumulative = np.vstack([np.zeros((1, per_unit.shape[1])), np.cumsum(per_unit, axis=0)])
        bounds = np.asarray(doc_bounds)
        sums = cumulative[bounds[1:]] - cumulative[bounds[:-1]]
        counts = sums[:, :n_frames + 1]
        strength = sums[:, n_frames + 1:2 * n_frames + 1]
        total = sums[:, -1]
        values = np.divide(counts, total[:, None], out=np.zeros_like(counts), where=total[:, None] > 0)
        evidence_out = evidence_frame_from_columns(evidence) if with_evidence else None
        return values, (counts, strength), evidence_out, counts

    @staticmethod
    def _primary(fired_and_strength) -> list[str]:
        """Per doc: the frame with most weighted fired sentences, ties by strength, then
        codebook order; ``other`` when none fired."""
        fired, strength = fired_and_strength
        fired = fired[:, :len(_FRAMES)]
        best = _best_column(fired, strength, np.ones_like(fired, dtype=bool))
        top = fired[np.arange(len(best)), best] if len(best) else np.zeros(0)
        return [_FRAMES[b] if f > 1e-9 else "other" for b, f in zip(best.tolist(), top.tolist())]

    def primary_frame_of_text(self, text: str, end: int | None = None) -> str | None:
        """Primary frame of one text read as an article body with no headline (``None`` when none fires).

        The same scoring as :meth:`primary_frames` on ``Doc(id, "", text[:end])`` without
        the batch machinery: :class:`~framescope.framing.structure.Structure` asks it for
        the body, the headline and the lead of every article (through
        :meth:`primary_frames_of_texts`). When ``end`` is the end of the first
        paragraph, the lead is scored from the whole text's memoised sentences and cue
        matches (unless a match runs across ``end``).

        Examples
        --------
        >>> model = IssueFrames()
        >>> text = "Hospitals report a measles outbreak.\\n\\nTaxes rose. Taxes rose again."
        >>> model.primary_frame_of_text(text), model.primary_frame_of_text(text, 36), model.primary_frame_of_text("")
        ('economic', 'health_safety', None)
        """
        return self.primary_frames_of_texts([text], None if end is None else [end])[0]

    def primary_frames_of_texts(self, texts: Sequence[str], ends: Sequence[int | None] | None = None
                                ) -> list[str | None]:
        """:meth:`primary_frame_of_text` of many texts (each cut at its ``ends`` entry) in one pass.

        Examples
        --------
        >>> IssueFrames().primary_frames_of_texts(["Taxes rose.", "It rained.", "Police arrested him."])
        ['economic', None, 'crime_punishment']
        """
        self._check()
        lex = load_lexicon(self.lexicon)
        columns = np.array([_INDEX[label] for label in lex.labels], dtype=np.int64)
        units = SentenceUnits()
        scored = []  # index of each text that has sentences and matches
        for i, text in enumerate(texts):
            end = ends[i] if ends is not None else None
            whole = text
            if end is not None and end < len(text):
                text = text[:end]
            if not text.strip() or not cached_looks_english(text):
                continue
            found = None
            if text is not whole:
                paragraphs = cached_paragraph_spans(whole)
                if paragraphs and paragraphs[0][1] == end:
                    found = lex.scan_columns(whole, "negatable", self.negated_weight)
                    keep = bisect_left(found.start, end)  # the matches that start in the lead
                    if keep and max(found.end[:keep]) > end:
                        found = None  # a cue runs across the paragraph break: scan the lead alone
                    else:
                        found = _head(found, keep)
                        spans = cached_sentence_spans(whole)
                        spans = spans[:bisect_left(spans, (end,))]
                        lead_end = end
            if found is None:
                spans = cached_sentence_spans(text)
                found = lex.scan_columns(text, "negatable", self.negated_weight)
                paragraphs = cached_paragraph_spans(text)
                lead_end = paragraphs[0][1] if paragraphs else len(text)
            if not spans or not found.start:
                continue
            starts = [a for a, _ in spans]
            units.add(text, starts, found, [self.lead_weight if a < lead_end else 1.0 for a in starts])
            scored.append(i)
        out: list[str | None] = [None] * len(texts)
        if not scored:
            return out
        n_frames = len(_FRAMES)
        unit = units.unit_of_matches()
        scores = units.scores(columns, n_frames, unit=unit)
        present = units.scores(columns, n_frames, ones=True, unit=unit) > 0  # cells with at least one match
        hits = present & (scores >= self.threshold)
        # Per text, summed in unit order as a per-text loop would: weighted fired units and cue weight.
        owner = np.repeat(np.arange(len(scored)), np.diff(units.bounds))[:, None] * n_frames + np.arange(n_frames)
        size = len(scored) * n_frames
        w = np.asarray(units.weights, dtype=float)[:, None]
        fired = np.bincount(owner.ravel(), weights=(hits * w).ravel(), minlength=size).reshape(-1, n_frames)
        strength = np.bincount(owner.ravel(), weights=scores.ravel(), minlength=size).reshape(-1, n_frames)
        candidates = np.bincount(owner.ravel(), weights=hits.ravel(), minlength=size).reshape(-1, n_frames) > 0
        best = _best_column(fired, strength, candidates)
        for k, (i, b) in enumerate(zip(scored, best.tolist())):
            if candidates[k].any() and fired[k, b] > 1e-9:
                out[i] = _FRAMES[b]
        return out

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
        _, fired_and_strength, _, _ = self._run(docs, with_evidence=False)
        return pd.Series(self._primary(fired_and_strength), index=pd.Index([d.id for d in docs], name="id"), name="primary_frame")

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
