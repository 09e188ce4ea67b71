"""Persuasion cues: lexical and pattern cues of the SemEval-2020 Task 11 technique families (cues, not verdicts)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.framing.base import Doc, FramingFamily, evidence_frame
from framescope.framing.tone import is_english, parse_text, parse_title
from framescope.labels import PERSUASION_TECHNIQUES

# Pattern cues the lexicon cannot express. Each: (technique, compiled regex, weight, group).
_SUPERLATIVE_STOP = frozenset(
    "latest west rest interest interests request protest forest contest honest modest earnest guest nest test "
    "chest quest arrest suggest harvest manifest conquest inquest digest priest invest vest pest crest midwest "
    "northwest southwest arrest behest unrest".split())
_PATTERNS = (
    # "so-called experts": labelling by distancing
    ("name_calling", re.compile(r"\b[Ss]o[- ]called\s+[‘“\"]?[\w’'-]*\w"), 1.0),
    # scare quotes: a one- to three-word quoted label after a determiner ("the ‘peaceful’ protest")
    ("doubt", re.compile(r"\b(?:the|a|an|its|their|his|her|this|these|those|so-called|of|our|your)\s+"
                         r"[‘“\"]([\w’'-]+(?:\s+[\w’'-]+){0,2})[’”\"](?!\s*(?:,|said|says|he|she|they))"), 0.5),
    # superlatives: "the largest", "the most dangerous"
    # (the word-start test sits after the first letter so that re can skip to T/t/O/o quickly)
    ("exaggeration_minimisation", re.compile(r"(?:T(?<!\wT)he|t(?<!\wt)he|O(?<!\wO)ur|o(?<!\wo)ur)\s+"
                                             r"(?:(?:most|least)\s+[a-z]{3,}|[a-z]{2,}est)\b"), 0.5),
    # ALL-CAPS words: one of 5+ letters or a run of capitalised words ("HELD TO RANSOM"); the
    # first capital comes before the word-start test so that re can skip to capitals quickly
    ("loaded_language", re.compile(r"[A-Z](?<!\w[A-Z])(?:[A-Z’']{2,}(?:[ \t]+[A-Z][A-Z’']*)+\b|[A-Z]{4,}\b)"), 0.5),
)
# Each pattern with the strings one of which any match must contain (empty: always run).
_PATTERNS_GATED = tuple((technique, pattern, weight, needles) for (technique, pattern, weight), needles in zip(
    _PATTERNS, (("o-called", "o called"), ("‘", "“", '"'), (), ())))
_CAPS_RUN = re.compile(r"[A-Z][A-Z’']{2}")
_DOUBT_DETERMINERS = ("the", "a", "an", "its", "their", "his", "her", "this", "these", "those", "so-called", "of",
                      "our", "your")
_OPENING_QUOTE = re.compile(r"[‘“\"]")


def _scare_quotes(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)`` for the scare-quote pattern, tried only where a match can
    start: at a determiner that ends right before the white space preceding a quote mark.

    A match is a determiner, white space, then a quote mark, so every match starts at one
    of these places; trying the pattern there (in order, skipping places inside the last
    match) gives the matches of a full scan at a third of its cost.
    """
    starts = set()
    for quote in _OPENING_QUOTE.finditer(text):
        w = q = quote.start()
        while w and text[w - 1].isspace():
            w -= 1
        if w < q:
            starts.update(w - len(d) for d in _DOUBT_DETERMINERS if len(d) <= w and text.startswith(d, w - len(d), w))
    end = 0
    for start in sorted(starts):
        if start >= end:
            m = pattern.match(text, start)
            if m:
                end = m.end()
                yield m
_EXCLAMATION = re.compile(r"!\s*[”\"’']?\s*$")
SLOGAN_MAX_WORDS = 10


def _is_dateline(text: str, start: int, end: int) -> bool:
    """An ALL-CAPS place name opening a paragraph before "(" or a dash ("HARBOR CITY (Wire) -")."""
    if start and text[start - 1] != "\n":
        return False
    return text[end:end + 3].lstrip()[:1] in ("(", "—", "–", "-", ",", ":")


@lru_cache(maxsize=1)
def persuasion_lexicon():
    """The project's persuasion cue lexicon (``lexicons/persuasion.tsv``)."""
    from framescope.framing.lexicon import load_lexicon

    return load_lexicon("persuasion")


def persuasion_matches(text: str, *, sentences: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, str, float]]:
    """Persuasion cue matches in ``text``: ``[(start, end, technique, weight)]`` in text order.

    Lexicon cues (negated ones dropped), pattern cues, and short exclamations (slogans).
    Within a technique a match inside a longer one is dropped.

    Examples
    --------
    >>> text = "The so-called experts and union bosses threaten our nation. Enough is enough!"
    >>> [(text[a:b], t) for a, b, t, w in persuasion_matches(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('so-called experts', 'name_calling'), ('so-called', 'doubt'), ('union bosses', 'name_calling'),
     ('threaten', 'appeal_to_fear'), ('our nation', 'flag_waving'), ('Enough is enough!', 'slogans')]
    """
    if not text:
        return []
    lexicon = persuasion_lexicon()
    cues = lexicon.scan_columns(text)
    found = [match for match in zip(cues.start, cues.end, map(lexicon.labels.__getitem__, cues.label), cues.weight)
             if match[3] > 0]
    for technique, pattern, weight, needles in _PATTERNS_GATED:
        if needles and not any(needle in text for needle in needles):
            continue  # the pattern needs one of these strings: skip the regex pass
        if technique == "loaded_language" and not _CAPS_RUN.search(text):
            continue  # no three capitals in a row: no ALL-CAPS word
        for m in (_scare_quotes(pattern, text) if technique == "doubt" else pattern.finditer(text)):
            if technique == "exaggeration_minimisation" and m.group().split()[-1] in _SUPERLATIVE_STOP:
                continue
            if technique == "loaded_language" and _is_dateline(text, m.start(), m.end()):
                continue
            found.append((m.start(), m.end(), technique, weight))
    if sentences is None:
        from framescope.framing.lexicon import cached_sentence_spans

        sentences = cached_sentence_spans(text)
    for a, b in (sentences if "!" in text else ()):
        chunk = text[a:b]
        if "!" in chunk and _EXCLAMATION.search(chunk) and len(chunk.split()) <= SLOGAN_MAX_WORDS and any(c.isalpha() for c in chunk):
            found.append((a, b, "slogans", 1.0))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, float]] = []
    reach: dict[str, int] = {}
    for start, end, technique, weight in found:
        if reach.get(technique, -1) >= end:
            continue  # inside a longer match of the same technique
        kept.append((start, end, technique, weight))
        reach[technique] = max(reach.get(technique, -1), end)
    return kept


class PersuasionCues(FramingFamily):
    """Cues of persuasion techniques (SemEval-2020 Task 11 families), per 100 words.

    The techniques are :data:`framescope.labels.PERSUASION_TECHNIQUES`: loaded
    language, name calling, exaggeration/minimisation, doubt, appeal to fear, flag
    waving, slogans, whataboutism, causal oversimplification. Lexical cues come from
    ``lexicons/persuasion.tsv``; pattern cues find "so-called X", scare quotes around a
    label, superlatives ("the worst"), ALL-CAPS words and short exclamations.

    **These are cues, not verdicts.** A match says the wording is of a kind often used
    to persuade; it does not say the article is propaganda, and most techniques
    (whataboutism, causal oversimplification) depend on argument structure that words
    only hint at. Read the evidence spans.

    Features: ``<technique>_rate`` (weighted matches per 100 words of title + text)
    and ``total_rate``. Evidence: every match, labelled with its technique. Text that
    does not look English gets zeros.

    Examples
    --------
    >>> p = PersuasionCues().fit(["x"])
    >>> row = p.transform(["Union bosses threaten our nation. Enough is enough!"])[0]
    >>> {str(n).split("__")[1]: float(v) for n, v in zip(p.get_feature_names_out(), row.round(1)) if v}
    {'name_calling_rate': 12.5, 'appeal_to_fear_rate': 12.5, 'flag_waving_rate': 12.5, 'slogans_rate': 12.5, 'total_rate': 50.0}
    """

    family = "persuasion"
    version = 1

    def __init__(self):
        pass

    def feature_names(self) -> list[str]:
        return [f"{t}_rate" for t in PERSUASION_TECHNIQUES] + ["total_rate"]

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        n_tech = len(PERSUASION_TECHNIQUES)
        column = {t: i for i, t in enumerate(PERSUASION_TECHNIQUES)}
        values = np.zeros((len(docs), n_tech + 1))
        rows: list[tuple] = []
        for r, doc in enumerate(docs):
            if not is_english(doc.text or doc.title):
                continue  # English cues: zeros rather than accidental matches
            body, title = parse_text(doc.text), parse_title(doc.title)
            for field_name, parsed in (("title", title), ("text", body)):
                for start, end, technique, weight in persuasion_matches(parsed.text, sentences=parsed.sents):
                    values[r, column[technique]] += weight
                    rows.append((doc.id, field_name, start, end, "persuasion", technique,
                                 parsed.text[start:end], weight))
            words = body.n_words + title.n_words
            values[r, :n_tech] *= 100.0 / words if words else 0.0
            values[r, n_tech] = values[r, :n_tech].sum()
        return values, evidence_frame(rows)


def span_overlap_scores(predicted: pd.DataFrame, gold: pd.DataFrame, *, label_column: str = "label",
                        gold_label_column: str = "technique") -> pd.DataFrame:
    """Span-overlap precision, recall and F1 per technique (and ``micro`` over all).

    A predicted span counts as correct when it overlaps (shares at least one
    character, same article and field) a gold span of the same technique; a gold span
    counts as found when some predicted span of its technique overlaps it.

    Parameters
    ----------
    predicted : evidence DataFrame (``article_id, field, start, end`` and ``label``).
    gold : gold spans (``article_id, field, start, end`` and ``technique``), e.g.
        ``framescope.datasets.load("harbor-city").persuasion``.

    Returns
    -------
    DataFrame indexed by technique with ``precision, recall, f1, n_predicted, n_gold``.

    Examples
    --------
    >>> pred = pd.DataFrame({"article_id": ["a", "a"], "field": ["text"] * 2, "start": [0, 50],
    ...                      "end": [5, 55], "label": ["doubt", "doubt"]})
    >>> gold = pd.DataFrame({"article_id": ["a"], "field": ["text"], "start": [3], "end": [9],
    ...                      "technique": ["doubt"]})
    >>> span_overlap_scores(pred, gold).loc["doubt", ["precision", "recall", "f1"]].tolist()
    [0.5, 1.0, 0.6666666666666666]
    """
    def spans(frame, column):
        out: dict[tuple, list] = {}
        for a, f, s, e, t in zip(frame["article_id"], frame["field"], frame["start"], frame["end"], frame[column]):
            out.setdefault((a, f, t), []).append((int(s), int(e)))
        return out

    pred, ref = spans(predicted, label_column), spans(gold, gold_label_column)

    def hits(source, target):
        counts: dict[str, list[int]] = {}
        for (article, field_name, technique), items in source.items():
            others = target.get((article, field_name, technique), [])
            c = counts.setdefault(technique, [0, 0])
            for s, e in items:
                c[1] += 1
                c[0] += any(s < oe and os < e for os, oe in others)
        return counts

    p_hits, r_hits = hits(pred, ref), hits(ref, pred)
    rows = {}
    techniques = list(dict.fromkeys(list(PERSUASION_TECHNIQUES) + sorted(set(p_hits) | set(r_hits))))
    totals = np.zeros(4)
    for t in techniques:
        tp_p, n_p = p_hits.get(t, [0, 0])
        tp_r, n_g = r_hits.get(t, [0, 0])
        totals += (tp_p, n_p, tp_r, n_g)
        rows[t] = _prf(tp_p, n_p, tp_r, n_g)
    rows["micro"] = _prf(*totals)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["precision", "recall", "f1", "n_predicted", "n_gold"])


def _prf(tp_p, n_p, tp_r, n_g):
    precision = tp_p / n_p if n_p else 0.0
    recall = tp_r / n_g if n_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return [precision, recall, f1, int(n_p), int(n_g)]
