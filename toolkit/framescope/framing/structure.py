"""Structure: headline vs body framing, what leads, passive agency, length, readability."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.framing.base import Doc, FramingFamily, evidence_frame
from framescope.framing.issue_frames import IssueFrames
from framescope.framing.lexicon import cached_paragraph_spans
from framescope.framing.tone import NEGATIVE, POSITIVE, parse_text, parse_title

# Be/get + optional adverbs + past participle; irregular participles listed, regular ones by -ed.
_IRREGULAR = (
    "arisen awoken beaten become begun bent bet bid bitten bled blown broken bred brought built burnt burst "
    "bought cast caught chosen clung come cost crept cut dealt dug done drawn dreamt driven drunk eaten fallen "
    "fed felt fought found fled flung flown forbidden forgotten forgiven frozen got gotten given gone ground grown "
    "hung heard hidden hit held hurt kept knelt known laid led leant left lent let lain lit lost made meant met "
    "paid proven put quit read rid ridden rung risen run said seen sought sold sent set shaken shed shone shot "
    "shown shut sung sunk sat slain slept slid slung slit spoken sped spent spilt spun spat split spread sprung "
    "stood stolen stuck stung stunk struck strung sworn swept swollen swum swung taken taught torn told thought "
    "thrown thrust trodden understood undertaken upheld upset woken worn woven wed wept won wound withdrawn "
    "withheld written overturned overrun overtaken overthrown undone")
_IRREGULAR_SET = frozenset(_IRREGULAR.split())
_AUXILIARIES = ("am", "is", "are", "was", "were", "be", "been", "being", "gets?", "got", "gotten", "getting")
# The auxiliary as \b(?:[Aa]m|[Ii]s|...), regrouped by first letter: each branch starts with its
# literal first letter and then looks behind for the word start, so re skips straight to the
# ten possible first letters instead of trying every position (same matches, ~3x faster).
_AUX_BY_FIRST: dict[str, list[str]] = {}
for _word in _AUXILIARIES:
    for _first in (_word[0].upper(), _word[0]):
        _AUX_BY_FIRST.setdefault(_first, []).append(_word[1:])
del _word, _first
_PASSIVE = re.compile(
    "(?:" + "|".join(f"{c}(?<!\\w{c})(?:{'|'.join(ends)})" for c, ends in _AUX_BY_FIRST.items()) + ")"
    r"\s+((?:(?:not|never|also|still|already|later|then|now|[a-z]+ly)\s+){0,2})([a-z]+)\b")
_NOT_PARTICIPLE = frozenset(
    "need seed speed feed bleed breed greed weed indeed hundred kindred sacred naked wicked ragged rugged "
    "wretched beloved learned often even seven eleven open garden golden wooden sudden hidden listen given "
    "chicken kitchen citizen women men children ten then when been seen taken eaten queen green screen "
    "between heaven oxygen token broken spoken kitten woken linen dozen frozen stolen fallen risen driven".split())
_NOT_PARTICIPLE = _NOT_PARTICIPLE - frozenset("hidden given seen taken eaten broken spoken woken frozen stolen fallen risen driven".split())
# A "by" agent (or "down/up/... by") right after the participle, tested in place with
# pattern.match(text, pos, endpos) rather than on a copy of the rest of the sentence.
_BY_AGENT_AT = re.compile(r"[\s,]*(?:[\w’'-]+\s+){0,3}?by\b", re.IGNORECASE)
_PARTICLE_BY_AT = re.compile(r"\s+(?:down|up|off|out|over|away|back)\s+by\b")
_QUOTE_MARK = re.compile(r"[“”\"«»]")
_ATTRIBUTION = re.compile(r"\b(?:said|says|say|told|tells|according to|stated|added|claimed|claims|warned|"
                          r"insisted|argued|noted|explained|admitted|announced|confirmed|denied)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|"
                     r"dozens|half|percent)\b", re.IGNORECASE)
_VOWELS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Syllable estimate of a lower-case word: vowel groups, minus a silent final e, at least 1.

    Examples
    --------
    >>> [syllables(w) for w in ["the", "strike", "harbor", "table", "government", "a"]]
    [1, 1, 2, 2, 3, 1]
    """
    if not word.isalpha():
        word = "".join(c for c in word if c.isalpha())
    if not word:
        return 0
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if word.endswith("es") and len(word) > 3 and word[-3] not in "aeiouyscxzgh" and count > 1:
        count -= 1
    if word.endswith("ed") and len(word) > 3 and word[-3] not in "aeiouytd" and count > 1:
        count -= 1
    return max(count, 1)


class _SyllableTable(dict):
    """word -> :func:`syllables`, filled on first sight (up to 200,000 words): a plain dict
    lookup per token is cheaper than the LRU wrapper when every word of every article is counted."""

    def __missing__(self, word: str) -> int:
        count = syllables(word)
        if len(self) < 200_000:
            self[word] = count
        return count


_SYLLABLES = _SyllableTable()


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch reading ease: 206.835 - 1.015 words/sentence - 84.6 syllables/word (0 for no words).

    Examples
    --------
    >>> round(flesch_reading_ease(100, 5, 150), 1)
    59.6
    """
    if not n_words or not n_sentences:
        return 0.0
    return 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)


def passive_spans(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Passive constructions (be/get + past participle): ``[(start, end, has_by_agent)]``.

    A passive is *agentless* when no "by" phrase follows the participle within the
    sentence ("troops are stationed" hides who stationed them). Regex heuristic:
    adjectival participles ("was tired") also count.

    Examples
    --------
    >>> t = "Troops are stationed on the island. The law was struck down by the court."
    >>> [(t[a:b], agent) for a, b, agent in passive_spans(t, [(0, 35), (36, len(t))])]
    [('are stationed', False), ('was struck', True)]
    """
    out = []
    ends = [b for _, b in sentences] or [len(text)]
    starts = [a for a, _ in sentences]
    for m in _PASSIVE.finditer(text):
        participle = m.group(2)
        if participle in _NOT_PARTICIPLE or not (participle in _IRREGULAR_SET or participle.endswith(("ed", "en"))):
            continue
        k = min(bisect_right(starts, m.start()) - 1, len(ends) - 1) if sentences else 0
        end = ends[max(k, 0)]
        agent = bool(_BY_AGENT_AT.match(text, m.end(), end) or _PARTICLE_BY_AT.match(text, m.end(), end))
        out.append((m.start(), m.end(), agent))
    return out


def _paragraph_count_and_lead(text: str) -> tuple[int, int]:
    """(number of paragraphs, end offset of the first one), from the shared paragraph cache
    (issue frames have usually split the text already)."""
    paragraphs = cached_paragraph_spans(text)
    return len(paragraphs), (paragraphs[0][1] if paragraphs else 0)


def _tone_class(value: float) -> int:
    return 1 if value >= POSITIVE else -1 if value <= NEGATIVE else 0


class Structure(FramingFamily):
    """How an article is built: headline vs body, what leads, passive agency, length, readability.

    Features

    * ``headline_has_frame``, ``headline_frame_match``: whether the headline has a
      primary issue frame (by :class:`~framescope.framing.issue_frames.IssueFrames`,
      run on the headline alone) and whether it equals the body's (the text without
      the headline); ``lead_frame_match`` the same for the first paragraph.
    * ``headline_tone_gap`` (headline VADER compound minus the body's mean sentence
      compound) and ``headline_tone_match`` (same class: positive / neutral / negative).
    * What leads: ``lead_quote_share`` (first-paragraph sentences with a quotation
      mark), ``lead_attribution_share`` (with an attribution verb: said, told,
      according to...), ``lead_has_number``, ``lead_words``.
    * Agency: ``passive_rate`` and ``agentless_passive_rate`` (per 100 words),
      ``agentless_share`` (agentless / all passives).
    * Length: ``n_words``, ``n_sentences``, ``n_paragraphs``, ``mean_sentence_words``.
    * ``flesch_reading_ease`` (syllables by a vowel-group heuristic).

    Evidence: passive constructions (label ``agentless_passive`` or ``passive``),
    quote-bearing lead sentences (``lead_quote``) and numbers in the lead
    (``lead_number``).

    Examples
    --------
    >>> s = Structure().fit(["x"])
    >>> doc = {"id": "a", "title": "Troops stationed on island",
    ...        "text": "Troops are stationed on the island, officials said.\\n\\nThe move was criticised."}
    >>> row = dict(zip(s.get_feature_names_out(), s.transform([doc])[0].tolist()))
    >>> row["structure__n_paragraphs"], row["structure__agentless_share"], row["structure__lead_attribution_share"]
    (2.0, 1.0, 1.0)
    """

    family = "structure"
    version = 1

    def __init__(self):
        pass

    def feature_names(self) -> list[str]:
        return ["headline_has_frame", "headline_frame_match", "lead_frame_match", "headline_tone_gap",
                "headline_tone_match", "lead_quote_share", "lead_attribution_share", "lead_has_number",
                "lead_words", "passive_rate", "agentless_passive_rate", "agentless_share", "n_words",
                "n_sentences", "n_paragraphs", "mean_sentence_words", "flesch_reading_ease"]

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        names = self.feature_names()
        col = {n: i for i, n in enumerate(names)}
        values = np.zeros((len(docs), len(names)))
        rows: list[tuple] = []
        bodies = [parse_text(d.text) for d in docs]
        leads = [_paragraph_count_and_lead(d.text) for d in docs]
        model = IssueFrames()
        n = len(docs)
        # body, headline and lead frames of the whole batch in one vectorised pass
        frames = model.primary_frames_of_texts([d.text for d in docs] + [d.title for d in docs] + [d.text for d in docs],
                                               [None] * (2 * n) + [lead for _, lead in leads])
        for r, doc in enumerate(docs):
            v = values[r]
            body, title = bodies[r], parse_title(doc.title)
            text, sents = body.text, body.sents
            paragraphs = leads[r]
            lead_end = paragraphs[1]
            lead_sents = [k for k, (a, _) in enumerate(sents) if a < lead_end]
            # headline and lead vs body: frames and tone
            body_frame, head_frame, lead_frame = frames[r], frames[n + r], frames[2 * n + r]
            v[col["headline_has_frame"]] = head_frame is not None
            v[col["headline_frame_match"]] = head_frame is not None and head_frame == body_frame
            v[col["lead_frame_match"]] = lead_frame is not None and lead_frame == body_frame
            comp = body.compounds()
            body_tone = float(comp.mean()) if len(comp) else 0.0
            if title.sents:
                head_tone = float(title.compounds()[0])
                v[col["headline_tone_gap"]] = head_tone - body_tone
                v[col["headline_tone_match"]] = _tone_class(head_tone) == _tone_class(body_tone)
            # what leads
            if lead_sents:
                quoted = attributed = 0
                for k in lead_sents:
                    a, b = sents[k]
                    sentence = text[a:b]
                    if _QUOTE_MARK.search(sentence):
                        quoted += 1
                        rows.append((doc.id, "text", a, b, "structure", "lead_quote", sentence, 1.0))
                    attributed += bool(_ATTRIBUTION.search(sentence))
                v[col["lead_quote_share"]] = quoted / len(lead_sents)
                v[col["lead_attribution_share"]] = attributed / len(lead_sents)
                number = _NUMBER.search(text, 0, lead_end)
                if number:
                    v[col["lead_has_number"]] = 1
                    rows.append((doc.id, "text", number.start(), number.end(), "structure", "lead_number",
                                 number.group(), 1.0))
                lead_tokens = body.bounds[lead_sents[-1]][1] - body.bounds[lead_sents[0]][0]
                v[col["lead_words"]] = lead_tokens
            # agency
            passives = passive_spans(text, sents) if text else []
            n_agentless = sum(1 for *_, agent in passives if not agent)
            for a, b, agent in passives:
                rows.append((doc.id, "text", a, b, "structure", "passive" if agent else "agentless_passive",
                             text[a:b], 1.0))
            n_words = body.n_words
            if n_words:
                v[col["passive_rate"]] = 100.0 * len(passives) / n_words
                v[col["agentless_passive_rate"]] = 100.0 * n_agentless / n_words
            v[col["agentless_share"]] = n_agentless / len(passives) if passives else 0.0
            # length and readability
            v[col["n_words"]] = n_words
            v[col["n_sentences"]] = len(sents)
            v[col["n_paragraphs"]] = paragraphs[0]
            v[col["mean_sentence_words"]] = n_words / len(sents) if sents else 0.0
            if n_words:
                n_syllables = sum(map(_SYLLABLES.__getitem__, body.clean))
                v[col["flesch_reading_ease"]] = flesch_reading_ease(n_words, len(sents), n_syllables)
        return values, evidence_frame(rows)
