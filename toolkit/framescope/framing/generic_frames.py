"""Generic news frames (Semetko & Valkenburg 2000): one detector per codebook question, frame score = mean."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import InvalidValueError
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame
from framescope.framing.lexicon import cached_sentence_spans, load_lexicon, looks_english
from framescope.labels import GENERIC_FRAMES

# (frame, question id, the Semetko & Valkenburg question it operationalises). The visual
# item of the human-interest scale is left out: framescope reads text only.
QUESTIONS = (
    ("conflict", "disagreement", "Does the story reflect disagreement between parties, individuals, groups or countries?"),
    ("conflict", "reproach", "Does one party, individual, group or country reproach another?"),
    ("conflict", "sides", "Does the story refer to two sides or to more than two sides of the problem or issue?"),
    ("conflict", "winners_losers", "Does the story refer to winners and losers?"),
    ("human_interest", "human_example", "Does the story provide a human example or 'human face' on the issue?"),
    ("human_interest", "emotion", "Does the story employ adjectives or personal vignettes that generate feelings "
                                  "of outrage, empathy, caring, sympathy or compassion?"),
    ("human_interest", "affected", "Does the story emphasise how individuals and groups are affected by the issue?"),
    ("human_interest", "private_life", "Does the story go into the private or personal lives of the actors?"),
    ("economic_consequences", "financial", "Is there a mention of financial losses or gains now or in the future?"),
    ("economic_consequences", "costs", "Is there a mention of the costs or degree of expense involved?"),
    ("economic_consequences", "economy", "Is there a reference to economic consequences of pursuing or not "
                                         "pursuing a course of action?"),
    ("morality", "moral_message", "Does the story contain any moral message?"),
    ("morality", "religion", "Does the story make reference to morality, God and other religious tenets?"),
    ("morality", "prescription", "Does the story offer specific social prescriptions about how to behave?"),
    ("responsibility", "government_can", "Does the story suggest that some level of government has the ability "
                                         "to alleviate the problem?"),
    ("responsibility", "government_responsible", "Does the story suggest that some level of government is "
                                                 "responsible for the issue or problem?"),
    ("responsibility", "solution", "Does the story suggest solution(s) to the problem or issue?"),
    ("responsibility", "individual_responsible", "Does the story suggest that an individual or group of people "
                                                 "in society is responsible for the issue or problem?"),
    ("responsibility", "urgent", "Does the story suggest the problem requires urgent action?"),
)

# Minimum number of sentences (the headline counts as one) with a qualifying hit before a
# question is answered "yes". Words that occur in neutral copy too need two sentences.
MIN_SENTENCES = {"disagreement": 2, "emotion": 2, "affected": 2, "economy": 2, "solution": 2}

# Default presence rule of :meth:`GenericFrames.present`: the score of two "yes" answers
# (one for morality). Scores are means over 4 (conflict, human interest), 3 (economic,
# morality) or 5 (responsibility) questions.
PRESENCE_THRESHOLDS = {"conflict": 0.5, "human_interest": 0.5, "economic_consequences": 0.6,
                       "morality": 0.3, "responsibility": 0.4}

_CLASSES = ("disagree", "reproach", "side", "winlose", "person", "emotion", "affected", "private",
            "finchange", "cost", "econ", "moral", "religion", "govt", "remedy", "blame", "solution", "urgent")
_CI = {c: i for i, c in enumerate(_CLASSES)}

_MONEY = re.compile(
    r"(?:[$€£¥₹]\s?\d[\d,.]*(?:\s?(?:bn|m|k|million|billion|trillion))?"
    r"|\b\d[\d,.]*\s?(?:%|per\s?cent\b|percent\b)"
    r"|\b\d[\d,.]*\s?(?:million|billion|trillion|bn|mn)\b"
    r"|\b\d[\d,.]*\s?(?:dollars?|euros?|pounds?|yen|yuan|rupees?|crowns?|francs?|pesos?|r[ou]bles?|kronor|krone)\b"
    r"|\b(?:usd|eur|gbp|chf|cr|rs)\.?\s?\d)", re.IGNORECASE)
_PERCENT = re.compile(r"\d[\d,.]*\s?(?:%|per\s?cent|percent)", re.IGNORECASE)
_NAME = r"[A-Z][a-z]+(?:[ -](?:van |de |al-|bin )?[A-Z][\w'’-]+){1,2}"
_AGE = re.compile(rf"\b{_NAME}, (?:an? )?\d{{1,3}},|\b\d{{1,3}}-year-old\b|\baged \d{{1,3}}\b")
_NAME_APPOSITION = re.compile(rf"{_NAME}, (?:an?|the) (?:[\w-]+ ){{0,3}}$")
_SPACES = re.compile(r"[\s-]+")
_NAME_AFTER = re.compile(rf"\s+{_NAME}\b")
_PRESCRIBE = re.compile(
    r"\b(?:we|everyone|everybody|people|citizens|parents|families|society|each of us|all of us|you|"
    r"residents|voters|the public|individuals|consumers|drivers|neighbours|neighbors)\s+(?:all\s+)?"
    r"(?:should|must|ought to|need to|have to|shall|cannot|can't|mustn't|shouldn't|have a duty to|"
    r"have a responsibility to)\b", re.IGNORECASE)


class GenericFrames(FramingFamily):
    """Semetko & Valkenburg's five generic frames, scored with their yes/no questions.

    Semetko & Valkenburg (2000) code each frame with a few yes/no questions and add the
    answers into a scale. Here every question (:data:`QUESTIONS`, 19 of their 20: the
    visual item is left out) has a detector: cue classes from the ``generic_frames``
    lexicon combined at sentence level with simple patterns (money amounts and
    percentages, a named person with an age or a role, two or more distinct side
    markers, a social actor with *should*/*must*). A question is answered "yes" when its detector
    fires in enough sentences (:data:`MIN_SENTENCES`, default one). The frame score is
    the mean of its answers, in [0, 1], as in the paper's additive scales.

    Columns: the five frame scores, then one 0/1 column per question named
    ``q_<frame>_<question>``. Evidence labels are ``<frame>.<question>``.

    These are cue-based detectors, not verdicts: they are designed from the codebook's
    definitions, not fitted to a corpus, and the evidence spans show what fired.

    Parameters
    ----------
    lexicon : str, default "generic_frames"
        Bundled lexicon name or path to a lexicon file with the same cue classes.
    negated_weight : float, default 0.0
        Factor for cues flagged ``negatable`` that follow a negator ("did not criticise").

    Examples
    --------
    >>> doc = {"id": "a", "title": "Union and port clash over automation",
    ...        "text": "The union accused the port of ignoring workers. Managers rejected the claim. "
    ...                "The strike cost the economy $40 million a day, economists said."}
    >>> model = GenericFrames().fit([doc])
    >>> model.scores([doc]).loc["a"].round(2).tolist()
    [0.5, 0.0, 0.67, 0.0, 0.0]
    >>> model.present([doc], threshold=0.5).loc["a"].tolist()
    [True, False, True, False, False]
    >>> sorted(set(model.evidence([doc])["label"]))[:3]
    ['conflict.disagreement', 'conflict.reproach', 'economic_consequences.costs']
    """

    family = "generic_frames"

    def __init__(self, *, lexicon: str = "generic_frames", negated_weight: float = 0.0):
        self.lexicon = lexicon
        self.negated_weight = negated_weight

    def feature_names(self) -> list[str]:
        return list(GENERIC_FRAMES) + [f"q_{frame}_{question}" for frame, question, _ in QUESTIONS]

    # -- core --------------------------------------------------------------------------
    def _doc_answers(self, doc: Doc, lex, classes: np.ndarray, rows: list | None) -> np.ndarray:
        answers = np.zeros(len(QUESTIONS))
        if not looks_english(doc.text or doc.title):  # English lexicon: no accidental matches
            return answers
        n_units = 0
        unit_fields: list[str] = []
        chunks = []        # per field: (field, text, unit, class, start, end, weight)
        money_units, amount_units = set(), set()
        age_hits, apposition_hits, prescriptions = [], [], []
        side_texts = set()
        for field, text in (("title", doc.title), ("text", doc.text)):
            if not text.strip():
                continue
            spans = [(0, len(text))] if field == "title" else cached_sentence_spans(text)
            if not spans:
                continue
            base = n_units
            n_units += len(spans)
            unit_fields.extend([field] * len(spans))
            starts = np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans))
            found = lex.match_arrays(text, negated_weight=self.negated_weight)
            if found.start.size:
                unit = base + np.maximum(np.searchsorted(starts, found.start, side="right") - 1, 0)
                cls = classes[found.label]
                chunks.append((field, text, unit, cls, found.start, found.end, found.weight))
                for a, b in zip(found.start[cls == _CI["side"]].tolist(), found.end[cls == _CI["side"]].tolist()):
                    side_texts.add(_SPACES.sub(" ", text[a:b].lower()))
                person = (cls == _CI["person"]) & (found.weight >= 1)
                for u, a, b in zip(unit[person].tolist(), found.start[person].tolist(), found.end[person].tolist()):
                    if _NAME_AFTER.match(text, b) or _NAME_APPOSITION.search(text[max(0, a - 60):a]):
                        apposition_hits.append((u, field, a, b, text[a:b]))

            def unit_of(pos, starts=starts, base=base):
                return base + max(int(np.searchsorted(starts, pos, side="right")) - 1, 0)

            for m in _MONEY.finditer(text):
                money_units.add(unit_of(m.start()))
                if not _PERCENT.fullmatch(m.group()):
                    amount_units.add(unit_of(m.start()))
            for m in _AGE.finditer(text):
                age_hits.append((unit_of(m.start()), field, m.start(), m.end(), m.group()))
            for m in _PRESCRIBE.finditer(text):
                prescriptions.append((unit_of(m.start()), field, m.start(), m.end(), m.group()))
        if not n_units:
            return answers
        S = np.zeros((n_units, len(_CLASSES)))
        for _, _, unit, cls, _, _, weight in chunks:
            S += np.bincount(unit * len(_CLASSES) + cls, weights=weight,
                             minlength=S.size).reshape(S.shape)

        def has(name, minimum=1.0):
            return S[:, _CI[name]] >= minimum

        def cue_rows(mask, names, label):
            if rows is None:
                return []
            wanted = [_CI[n] for n in names]
            out = []
            for field, text, unit, cls, start, end, weight in chunks:
                sel = mask[unit] & np.isin(cls, wanted) & (weight > 0)
                for a, b, w in zip(start[sel].tolist(), end[sel].tolist(), weight[sel].tolist()):
                    out.append((doc.id, field, a, b, self.family, label, text[a:b], w))
            return out

        def span_rows(items, label):
            return [(doc.id, f, a, b, self.family, label, t, 1.0) for _, f, a, b, t in items]

        money = np.zeros(n_units, dtype=bool)
        money[list(money_units)] = True
        amounts = np.zeros(n_units, dtype=bool)
        amounts[list(amount_units)] = True
        govt = has("govt")
        results: dict[str, tuple[bool, object]] = {}

        def sentence_rule(question, mask, names):
            label = f"{_FRAME_OF[question]}.{question}"
            ok = int(mask.sum()) >= MIN_SENTENCES.get(question, 1)
            results[question] = (ok, lambda: cue_rows(mask, names, label))

        sentence_rule("disagreement", has("disagree"), {"disagree"})
        sentence_rule("reproach", has("reproach"), {"reproach"})
        results["sides"] = (len(side_texts) >= 2, lambda: cue_rows(has("side"), {"side"}, "conflict.sides"))
        sentence_rule("winners_losers", has("winlose"), {"winlose"})
        people = age_hits + apposition_hits
        results["human_example"] = (bool(people), lambda: span_rows(people, "human_interest.human_example"))
        sentence_rule("emotion", has("emotion"), {"emotion"})
        sentence_rule("affected", has("affected"), {"affected"})
        sentence_rule("private_life", has("private"), {"private"})
        sentence_rule("financial", has("finchange") & money, {"finchange"})
        cost_mask = has("cost") if has("cost").sum() >= 3 else has("cost") & amounts
        sentence_rule("costs", cost_mask, {"cost"})
        sentence_rule("economy", has("econ"), {"econ"})
        sentence_rule("moral_message", has("moral"), {"moral"})
        sentence_rule("religion", has("religion"), {"religion"})
        results["prescription"] = (bool(prescriptions), lambda: span_rows(prescriptions, "morality.prescription"))
        sentence_rule("government_can", govt & has("remedy"), {"govt", "remedy"})
        sentence_rule("government_responsible", govt & (has("blame") | has("reproach")),
                      {"govt", "blame", "reproach"})
        sentence_rule("solution", has("solution"), {"solution"})
        sentence_rule("individual_responsible", has("blame") & ~has("govt", 0.5), {"blame"})
        sentence_rule("urgent", has("urgent"), {"urgent"})
        for i, (_, question, _) in enumerate(QUESTIONS):
            ok, evidence = results[question]
            answers[i] = float(ok)
            if ok and rows is not None:
                rows.extend(evidence())
        return answers

    def _run(self, docs: Sequence[Doc], with_evidence: bool):
        lex = load_lexicon(self.lexicon)
        unknown = set(lex.labels) - set(_CLASSES)
        if unknown:
            raise InvalidValueError(f"lexicon {self.lexicon!r} has unknown cue classes "
                                    f"{', '.join(sorted(unknown))}; valid: {', '.join(_CLASSES)}")
        rows: list | None = [] if with_evidence else None
        classes = np.array([_CI[label] for label in lex.labels], dtype=np.int64)
        answers = np.zeros((len(docs), len(QUESTIONS)))
        for i, doc in enumerate(docs):
            answers[i] = self._doc_answers(doc, lex, classes, rows)
        scores = answers @ _FRAME_MATRIX / _FRAME_MATRIX.sum(axis=0)
        values = np.hstack([scores, answers])
        return values, (evidence_frame(rows) if with_evidence else None)

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        return self._run(docs, with_evidence=True)

    def transform(self, X) -> np.ndarray:
        return self._run(as_docs(X), with_evidence=False)[0]

    # -- extra views -------------------------------------------------------------------
    def scores(self, X) -> pd.DataFrame:
        """The five frame scores (mean of the question answers) indexed by article id.

        Examples
        --------
        >>> GenericFrames().scores(["Tears as families mourn; residents were devastated."]).columns.tolist()
        ['conflict', 'human_interest', 'economic_consequences', 'morality', 'responsibility']
        """
        docs = as_docs(X)
        values, _ = self._run(docs, with_evidence=False)
        return pd.DataFrame(values[:, :len(GENERIC_FRAMES)], columns=list(GENERIC_FRAMES),
                            index=pd.Index([d.id for d in docs], name="id"))

    def answers(self, X) -> pd.DataFrame:
        """The yes/no answer (bool) to every question, columns ``<frame>.<question>``.

        Examples
        --------
        >>> GenericFrames().answers(["We must pray for them, the bishop said."]).loc["0", "morality.religion"]
        np.True_
        """
        docs = as_docs(X)
        values, _ = self._run(docs, with_evidence=False)
        columns = [f"{frame}.{question}" for frame, question, _ in QUESTIONS]
        return pd.DataFrame(values[:, len(GENERIC_FRAMES):] > 0, columns=columns,
                            index=pd.Index([d.id for d in docs], name="id"))

    def present(self, X, threshold: float | dict | None = None) -> pd.DataFrame:
        """Binary frame presence: frame score >= ``threshold``.

        Parameters
        ----------
        threshold : float, dict or None
            One number for every frame, a dict per frame, or None for
            :data:`PRESENCE_THRESHOLDS` (at least two "yes" answers; one for morality,
            the rarest frame, whose items seldom co-occur).

        Examples
        --------
        >>> GenericFrames().present(["Nothing happened."]).loc["0"].any()
        np.False_
        """
        if threshold is None:
            threshold = PRESENCE_THRESHOLDS
        thresholds = threshold if isinstance(threshold, dict) else {f: threshold for f in GENERIC_FRAMES}
        bad = set(thresholds) - set(GENERIC_FRAMES)
        if bad:
            raise InvalidValueError(f"unknown generic frame(s) {', '.join(sorted(bad))}; "
                                    f"valid: {', '.join(GENERIC_FRAMES)}")
        for frame, value in thresholds.items():
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise InvalidValueError(f"threshold for {frame} must be in [0, 1], got {value!r}")
        scores = self.scores(X)
        out = pd.DataFrame(False, index=scores.index, columns=scores.columns)
        for frame, value in thresholds.items():
            out[frame] = scores[frame] >= value
        return out


_FRAME_OF = {question: frame for frame, question, _ in QUESTIONS}
_FRAME_MATRIX = np.array([[1.0 if frame == f else 0.0 for f in GENERIC_FRAMES] for frame, _, _ in QUESTIONS])
