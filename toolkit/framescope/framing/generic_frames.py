"""Generic news frames (Semetko & Valkenburg 2000): one detector per codebook question, frame score = mean."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import compress, repeat
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import InvalidValueError
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame_from_columns
from framescope.framing.lexicon import SentenceUnits, cached_looks_english, cached_sentence_spans, load_lexicon
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
# Disagreement and solution need one (version 1): a sentence with a strong cue ("rejected",
# "voted against", "called for", "proposal") or two weak ones is enough; two sentences
# missed most disagreements and proposals in news copy (issue-5 check set and teaching corpus).
MIN_SENTENCES = {"emotion": 2, "affected": 2, "economy": 2}

# Default presence rule of :meth:`GenericFrames.present`: the score of two "yes" answers
# (one for morality). Scores are means over 4 (conflict, human interest), 3 (economic,
# morality) or 5 (responsibility) questions.
PRESENCE_THRESHOLDS = {"conflict": 0.5, "human_interest": 0.5, "economic_consequences": 0.6,
                       "morality": 0.3, "responsibility": 0.4}

_CLASSES = ("disagree", "reproach", "side", "winlose", "person", "emotion", "affected", "private",
            "finchange", "cost", "econ", "moral", "religion", "govt", "remedy", "blame", "solution", "urgent",
            "modal", "appeal")
_CI = {c: i for i, c in enumerate(_CLASSES)}

# Numbers are found with one cheap digit-anchored regex; their context decides whether
# they are money (currency sign or code before, money unit after), a percentage, or an age.
# (Same matches as (?<![\w.])\d[\d,.]*\d|(?<![\w.])\d; starting with the digit lets re skip to digits.)
_NUMBER = re.compile(r"\d(?<![\w.]\d)(?:[\d,.]*\d)?")
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹]|(?<![a-z])(?:usd|eur|gbp|chf|cr|rs)\.?)\s?$")
_UNIT_AFTER = re.compile(r"\s?(?:(?P<pct>%|per\s?cent\b|percent\b)|million\b|billion\b|trillion\b|bn\b|mn\b|"
                         r"dollars?\b|euros?\b|pounds?\b|yen\b|yuan\b|rupees?\b|crowns?\b|francs?\b|pesos?\b|"
                         r"r[ou]bles?\b|kronor\b|krone\b)")
_AGE_AFTER = re.compile(r"-year-old\b|,")
_NAME = r"[A-Z][a-z]+(?:[ -](?:van |de |al-|bin )?[A-Z][\w'’-]+){1,2}"
_NAME_COMMA_BEFORE = re.compile(rf"\b{_NAME}, (?:an? )?$")
_NAME_APPOSITION = re.compile(rf"{_NAME}, (?:an?|the) (?:[\w-]+ ){{0,3}}$")
_SPACES = re.compile(r"[\s-]+")
_NAME_AFTER = re.compile(rf"\s+{_NAME}\b")
_SOCIAL_SUBJECT = re.compile(
    r"(?<![\w'])(?:we|everyone|everybody|people|citizens|parents|families|society|each of us|all of us|you|"
    r"residents|voters|the public|individuals|consumers|drivers|neighbours|neighbors)\s+(?:all\s+)?$",
    re.IGNORECASE)
# "should be able to", "should have (done)": an entitlement or a reproach, not a prescription.
_NOT_PRESCRIPTIVE = re.compile(r"\s+(?:be\s+able|be\s+allowed|be\s+entitled|have\b)", re.IGNORECASE)
# News reports most prescriptions as appeals: "police urged residents to ...", "parents are
# asked to ...". An appeal cue counts when a member of the public is its object (after it,
# with a to-infinitive) or its passive subject (before it).
_PUBLIC = (r"(?:people|parents|residents|the public|members of the public|everyone|everybody|citizens|families|"
           r"consumers|drivers|motorists|pedestrians|cyclists|neighbours|neighbors|voters|households|customers|"
           r"shoppers|travellers|travelers|passengers|visitors|patients|anyone|individuals|homeowners|tenants|fans|"
           r"(?:older|elderly|young|local) people|pet owners|dog owners)")
_APPEAL_OBJECT = re.compile(rf"\s+(?:all\s+|other\s+)?{_PUBLIC}\s+to\s+[a-z]", re.IGNORECASE)
_APPEAL_PASSIVE = re.compile(rf"(?<![\w'])(?:all\s+)?{_PUBLIC}\s+(?:are|were|is|was|have been|has been|had been|will be)"
                             r"\s+(?:being\s+|also\s+|again\s+|strongly\s+)?$", re.IGNORECASE)
_TO_INFINITIVE = re.compile(r"\s+to\s+[a-z]", re.IGNORECASE)
_SIDE_KEY = re.compile(r"^the |s$")
_CONDITIONAL = re.compile(r"\b(?:would|could|might|threaten\w*)\b", re.IGNORECASE)
# "a mother of five named Halima", "a father who lost his house": an individual introduced
# as an example (the article before the person noun; "a man"/"a woman" carry theirs).
_INDEFINITE_BEFORE = re.compile(r"(?<![\w'])(?:an?|one)\s+$", re.IGNORECASE)
_RELATIVE_AFTER = re.compile(r"\s+(?:of\s+\w+\s+)?(?:who|named|called)\b")


class GenericFrames(FramingFamily):
    """Semetko & Valkenburg's five generic frames, scored with their yes/no questions.

    Semetko & Valkenburg (2000) code each frame with a few yes/no questions and add the
    answers into a scale. Here every question (:data:`QUESTIONS`, 19 of their 20: the
    visual item is left out) has a detector: cue classes from the ``generic_frames``
    lexicon combined at sentence level with simple patterns (money amounts and
    percentages, a named person with an age or a role or 'a mother who ...', two or more distinct side
    markers, a social actor with *should*/*must* or urged/called on to act). A question is answered "yes" when its detector
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
    # 1: issue-5 news-copy check: lexicon senses (religion places, moral 'lessons', prefix cues such as
    # 'fee*' ~ 'feel'), reported appeals as prescriptions, disagreement/solution from one sentence,
    # econ + would/could as an economic consequence, sides counted once per actor.
    version = 1

    def __init__(self, *, lexicon: str = "generic_frames", negated_weight: float = 0.0):
        self.lexicon = lexicon
        self.negated_weight = negated_weight

    def feature_names(self) -> list[str]:
        return list(GENERIC_FRAMES) + [f"q_{frame}_{question}" for frame, question, _ in QUESTIONS]

    # -- core --------------------------------------------------------------------------
    def _run(self, docs: Sequence[Doc], with_evidence: bool):
        """Values (scores + answers) and evidence for a batch of docs in one pass.

        Every sentence (unit; the headline is one) of every doc gets a global index; cue
        matches are summed per unit and cue class with one ``bincount``; the sentence
        rules are vector operations over all units; per-doc counts come from cumulative
        sums over each doc's contiguous units.
        """
        lex = load_lexicon(self.lexicon)
        unknown = set(lex.labels) - set(_CLASSES)
        if unknown:
            raise InvalidValueError(f"lexicon {self.lexicon!r} has unknown cue classes "
                                    f"{', '.join(sorted(unknown))}; valid: {', '.join(_CLASSES)}")
        classes = [_CI[label] for label in lex.labels]
        n_classes = len(_CLASSES)
        side, person, modal, appeal = _CI["side"], _CI["person"], _CI["modal"], _CI["appeal"]
        # label indices whose matches need a look at their context (the rest are only counted)
        contextual = {i for i, cls in enumerate(classes) if cls in (side, person, modal, appeal)}
        units = SentenceUnits()
        match_doc: list[int] = []  # per match, for the evidence: doc index, field and matched text
        match_field: list[str] = []
        match_text: list[str] = []
        match_start: list[int] = []
        match_end: list[int] = []
        money_units: list[int] = []
        amount_units: list[int] = []
        per_doc = []   # (distinct side cues, people hits, prescription hits)
        unit_texts: list = []   # (first unit, text, unit starts) of every scanned field
        doc_bounds = [0]
        for d, doc in enumerate(docs):
            sides: dict = {}   # side cue (article and plural -s dropped) -> its weight
            people: list = []
            prescriptions: list = []
            if cached_looks_english(doc.text or doc.title):  # English lexicon: no accidental matches
                for field, text in (("title", doc.title), ("text", doc.text)):
                    if not text.strip():
                        continue
                    starts = [0] if field == "title" else [a for a, _ in cached_sentence_spans(text)]
                    if not starts:
                        continue
                    base = len(units.unit_at)
                    found = lex.scan_columns(text, "negatable", self.negated_weight)
                    units.add(text, starts, found)
                    unit_texts.append((base, text, starts))
                    n = len(found.start)
                    if with_evidence and n:
                        match_doc.extend(repeat(d, n))
                        match_field.extend(repeat(field, n))
                        match_start.extend(found.start)
                        match_end.extend(found.end)
                        match_text.extend(map(text.__getitem__, map(slice, found.start, found.end)))
                    for i in compress(range(n), map(contextual.__contains__, found.label)):
                        weight = found.weight[i]
                        if weight <= 0:
                            continue
                        start, end, cls = found.start[i], found.end[i], classes[found.label[i]]
                        if cls == modal:
                            subject = _SOCIAL_SUBJECT.search(text, max(0, start - 30), start)
                            if subject and not _NOT_PRESCRIPTIVE.match(text, end):
                                prescriptions.append((field, subject.start(), end, text[subject.start():end]))
                        elif cls == appeal:
                            after = _APPEAL_OBJECT.match(text, end)
                            if after:
                                prescriptions.append((field, start, after.end() - 1, text[start:after.end() - 1]))
                            else:
                                subject = _APPEAL_PASSIVE.search(text, max(0, start - 60), start)
                                if subject and _TO_INFINITIVE.match(text, end):
                                    prescriptions.append((field, subject.start(), end, text[subject.start():end]))
                        elif cls == side:
                            key = _SIDE_KEY.sub("", _SPACES.sub(" ", text[start:end].lower()))
                            sides[key] = max(weight, sides.get(key, 0.0))
                        elif cls == person and weight >= 1 and (
                                _NAME_AFTER.match(text, end) or _NAME_APPOSITION.search(text[max(0, start - 60):start])
                                or (_INDEFINITE_BEFORE.search(text, max(0, start - 6), start)
                                    and _RELATIVE_AFTER.match(text, end))):
                            people.append((field, start, end, text[start:end]))
                    for m in _NUMBER.finditer(text):
                        a, b = m.span()
                        after = _UNIT_AFTER.match(text, b)
                        currency = _CURRENCY_BEFORE.search(text[max(0, a - 5):a].lower())
                        if after or currency:
                            unit = base + max(bisect_right(starts, a) - 1, 0)
                            money_units.append(unit)
                            if currency or not after.group("pct"):
                                amount_units.append(unit)
                        elif b - a <= 3 and text[a:b].isdigit():
                            age = _AGE_AFTER.match(text, b)
                            if age and (age.group() != "," or _NAME_COMMA_BEFORE.search(text, max(0, a - 60), a)):
                                people.append((field, a, age.end(), text[a:age.end()]))
                            elif text[max(0, a - 5):a].lower() == "aged ":
                                people.append((field, a - 5, b, text[a - 5:b]))
            per_doc.append((len(sides), people, prescriptions))
            doc_bounds.append(len(units.unit_at))

        n_units = len(units.unit_at)
        unit = units.unit_of_matches()
        S = units.scores(np.asarray(classes, dtype=np.int64), n_classes, unit=unit)
        money = np.zeros(n_units, dtype=bool)
        money[money_units] = True
        amounts = np.zeros(n_units, dtype=bool)
        amounts[amount_units] = True
        has = {c: S[:, i] >= 1.0 for c, i in _CI.items()}
        bounds = np.asarray(doc_bounds)

        def per_doc_count(mask):
            cumulative = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
            return cumulative[bounds[1:]] - cumulative[bounds[:-1]]

        cost_count = per_doc_count(has["cost"])
        cost_many = np.repeat(cost_count >= 3, np.diff(bounds))
        masks = {  # question -> (unit mask, cue classes shown as evidence)
            "disagreement": (has["disagree"], ("disagree",)),
            "reproach": (has["reproach"], ("reproach",)),
            "winners_losers": (has["winlose"], ("winlose",)),
            "emotion": (has["emotion"], ("emotion",)),
            "affected": (has["affected"], ("affected",)),
            "private_life": (has["private"], ("private",)),
            "financial": (has["finchange"] & money, ("finchange",)),
            "costs": (has["cost"] & (amounts | cost_many), ("cost",)),
            "economy": (has["econ"], ("econ",)),
            "moral_message": (has["moral"], ("moral",)),
            "religion": (has["religion"], ("religion",)),
            "government_can": (has["govt"] & has["remedy"], ("govt", "remedy")),
            "government_responsible": (has["govt"] & (has["blame"] | has["reproach"]), ("govt", "blame", "reproach")),
            "solution": (has["solution"], ("solution",)),
            "individual_responsible": (has["blame"] & (S[:, _CI["govt"]] < 0.5), ("blame",)),
            "urgent": (has["urgent"], ("urgent",)),
        }
        answers = np.zeros((len(docs), len(QUESTIONS)))
        for q, (_, question, _) in enumerate(QUESTIONS):
            if question in masks:
                answers[:, q] = per_doc_count(masks[question][0]) >= MIN_SENTENCES.get(question, 1)
        # An economic cue with a conditional ("a moratorium would cost rural jobs") states an
        # economic consequence of a course of action: one such sentence answers "economy".
        # Only the sentences with an economic cue are searched (a lexicon class for "would"
        # would add a match for every conditional in every text).
        conditional = np.zeros(n_units, dtype=bool)
        firsts = [first for first, _, _ in unit_texts]
        for u in np.flatnonzero(has["econ"]).tolist():
            first, text, starts = unit_texts[bisect_right(firsts, u) - 1]
            i = u - first
            conditional[u] = _CONDITIONAL.search(text, starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)) \
                is not None
        answers[:, _QI["economy"]] = np.maximum(answers[:, _QI["economy"]],
                                               per_doc_count(has["econ"] & conditional) >= 1)
        for i, (n_sides, people, prescriptions) in enumerate(per_doc):
            answers[i, _QI["sides"]] = n_sides >= 2
            answers[i, _QI["human_example"]] = bool(people)
            answers[i, _QI["prescription"]] = bool(prescriptions)
        scores = answers @ _FRAME_MATRIX / _FRAME_MATRIX.sum(axis=0)
        values = np.hstack([scores, answers])
        if not with_evidence:
            return values, None
        # Evidence: per doc, per answered question (in QUESTIONS order), the positive-weight
        # matches of the question's cue classes in the sentences that answered it (every
        # side cue for "sides"), or the people / prescriptions found, in text order.
        cls = np.asarray(classes, dtype=np.int64)[np.asarray(units.labels, dtype=np.int64)]
        doc_of = np.asarray(match_doc, dtype=np.int64)
        positive = np.asarray(units.match_weights, dtype=float) > 0
        answered = answers.astype(bool)
        keys: list[tuple] = []   # (doc, question, order within the block, source, index)
        for q, (frame, question, _) in enumerate(QUESTIONS):
            if question in ("human_example", "prescription"):
                slot = 1 if question == "human_example" else 2
                for d in np.flatnonzero(answered[:, q]).tolist():
                    keys.extend((d, q, k, slot, k) for k in range(len(per_doc[d][slot])))
                continue
            if question == "sides":
                selected = positive & (cls == side)
            else:
                mask, names = masks[question]
                selected = positive & np.isin(cls, [_CI[n] for n in names]) & mask[unit]
            if len(doc_of):
                selected &= answered[doc_of, q]
            keys.extend((match_doc[i], q, i, 0, i) for i in np.flatnonzero(selected).tolist())
        keys.sort()
        labels = [f"{frame}.{question}" for frame, question, _ in QUESTIONS]
        rows = []
        weights = units.match_weights
        for d, q, _, source, i in keys:
            if source:
                f, a, b, t = per_doc[d][source][i]
                rows.append((docs[d].id, f, a, b, self.family, labels[q], t, 1.0))
            else:
                rows.append((docs[d].id, match_field[i], match_start[i], match_end[i], self.family, labels[q],
                             match_text[i], weights[i]))
        return values, evidence_frame_from_columns(list(zip(*rows)) or [[]])

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
_QI = {question: i for i, (_, question, _) in enumerate(QUESTIONS)}
_FRAME_MATRIX = np.array([[1.0 if frame == f else 0.0 for f in GENERIC_FRAMES] for frame, _, _ in QUESTIONS])
