"""The speed work on the framing families changed no value and no evidence span.

``tests/fixtures/framing_perf_reference.json.gz`` holds the harbor-city articles plus a few
bad inputs (empty, one word, no punctuation, non-English, headline only) and the values
and evidence of the five families of the framing-features issue (issue_frames,
generic_frames, tone, persuasion, structure) computed by the code as it was BEFORE the
speed work (commit 4adb1f5). The texts are stored in the fixture, so corpus edits do not
move the reference. If you change a lexicon or a family on purpose, rebuild it with::

    python tests/test_framing_perf_equivalence.py --write

Sourcing and labeling were still being developed while the speed work was done, so for
them (and as a second check for all families) the optimised paths are compared with
deliberately unoptimised ones: every family alone with cold caches vs all families in
one run sharing the per-text caches; the trie-shaped head-noun regex vs the flat
alternation it replaced; memoised lexicon scans vs fresh scans; cached token forms in
quote extraction vs recomputed ones.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "framing_perf_reference.json.gz"
FIVE = ["issue_frames", "generic_frames", "tone", "persuasion", "structure"]
BAD_INPUTS = [
    {"id": "bad-empty", "title": "", "text": ""},
    {"id": "bad-one-word", "title": "Strike", "text": "Strike"},
    {"id": "bad-no-punct", "title": "protest law passes",
     "text": "the council passed the protest law police arrested twelve people critics said it was a disgrace"},
    {"id": "bad-german", "title": "Streik im Hafen",
     "text": "Die Regierung hat heute die Steuern erhöht, sagte der Minister. Die Opposition ist dagegen."},
    {"id": "bad-headline-only", "title": "Court strikes down protest law", "text": ""},
]


def _articles() -> pd.DataFrame:
    from framescope import datasets

    arts = datasets.load("harbor-city").articles[["id", "title", "text"]]
    return pd.concat([arts, pd.DataFrame(BAD_INPUTS)], ignore_index=True)


def _compute(articles: pd.DataFrame, families) -> dict:
    from framescope.framing import extract_features

    out = {}
    for name in families:
        result = extract_features(articles, families=[name], use_cache=False)
        out[name] = {"columns": list(result.values.columns),
                     "values": result.values.to_numpy().round(12).tolist(),
                     "evidence": result.evidence.astype(object).values.tolist()}
    return out


def write_reference(path: Path = FIXTURE) -> None:
    articles = _articles()
    payload = {"articles": articles.to_dict(orient="records"), "families": _compute(articles, FIVE)}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture(scope="module")
def reference():
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def articles(reference):
    return pd.DataFrame(reference["articles"])


def _clear():
    from framescope.framing.parse import clear_caches

    clear_caches()


@pytest.mark.parametrize("family", FIVE)
def test_values_and_evidence_match_the_pre_optimisation_reference(reference, articles, family):
    _clear()
    now = _compute(articles, [family])[family]
    before = reference["families"][family]
    assert now["columns"] == before["columns"]
    np.testing.assert_allclose(np.asarray(now["values"], dtype=float), np.asarray(before["values"], dtype=float),
                               rtol=0, atol=1e-9)
    assert len(now["evidence"]) == len(before["evidence"])
    for row_now, row_before in zip(now["evidence"], before["evidence"]):
        assert row_now[:7] == row_before[:7]
        assert row_now[7] == pytest.approx(row_before[7], abs=1e-9)


def test_all_families_sharing_caches_equal_each_family_alone_with_cold_caches(articles):
    from framescope.framing import extract_features
    from framescope.framing.extract import available_families

    names, _ = available_families()
    _clear()
    together = extract_features(articles, families=names, use_cache=False)
    for name in names:
        _clear()
        alone = extract_features(articles, families=[name], use_cache=False)
        cols = list(alone.values.columns)
        np.testing.assert_allclose(together.values[cols].to_numpy(), alone.values.to_numpy(), rtol=0, atol=1e-12)
        ev = together.evidence[together.evidence["family"] == alone.evidence["family"].iloc[0]] \
            if len(alone.evidence) else together.evidence.iloc[:0]
        pd.testing.assert_frame_equal(ev.reset_index(drop=True), alone.evidence.reset_index(drop=True))


def test_parallel_run_equals_serial_run(articles):
    from framescope.framing import extract_features

    serial = extract_features(articles, families=["tone", "labeling"], use_cache=False, chunk_size=20)
    parallel = extract_features(articles, families=["tone", "labeling"], use_cache=False, chunk_size=20, n_jobs=2)
    pd.testing.assert_frame_equal(serial.values, parallel.values)
    pd.testing.assert_frame_equal(serial.evidence, parallel.evidence)


def test_trie_head_regex_matches_like_the_flat_alternation_it_replaced(articles):
    from framescope.framing import entities

    nouns = set(entities.referring_nouns()) | set(entities.role_classes())
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(nouns, key=len, reverse=True))
    flat = re.compile(rf"(?<![\w’'-])(?:{body})(?=[’'][sS]\b|[^\w’'\-]|$)", re.IGNORECASE)
    trie = entities._heads_compiled()
    texts = [t for t in articles["text"].tolist() + articles["title"].tolist() if t]
    assert sum(1 for t in texts for _ in flat.finditer(t)) > 100
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        for pos in range(0, len(text), 11):
            a, b = trie.match(text, pos), flat.match(text, pos)
            assert (a and a.span()) == (b and b.span())


def test_trie_alternation_prefers_the_longest_word_that_fits():
    from framescope.framing.lexicon import trie_alternation

    words = ["chief", "chief minister", "chief ministers", "minister", "min"]
    trie = re.compile(r"\b(?:" + trie_alternation(words) + r")\b", re.IGNORECASE)
    flat = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                          for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)
    text = "The Chief  Minister met chief ministers, a chief, the min. and ministerial staff."
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in flat.finditer(text)]
    assert [m.group() for m in trie.finditer(text)] == ["Chief  Minister", "chief ministers", "chief", "min"]


def test_memoised_scans_equal_fresh_scans(articles):
    from framescope.framing.lexicon import load_lexicon

    lex = load_lexicon("issue_frames")
    for text in articles["text"].tolist()[:20]:
        first = lex.scan_memo(text, "negatable", 0.0)
        assert lex.scan_memo(text, "negatable", 0.0) is first  # memoised
        assert first == lex._scan(text, "negatable", 0.0)
        assert lex.scan_memo(text, "all", -1.0) == lex._scan(text, "all", -1.0)  # the key includes the options


def test_cached_quote_token_forms_equal_recomputed_ones(articles):
    from framescope.framing import quotes

    for text in articles["text"].tolist()[:20]:
        for tok in quotes._tokens(text, 0, len(text)):
            assert tok.low == quotes._bare(tok.text).lower()
            assert tok.low == quotes._bare(tok.text).lower()  # second read: the kept value
            assert tok.cap == (bool(tok.text) and tok.text[0].isupper() and tok.text[0].isalpha())
    with pytest.raises(AttributeError):
        quotes._Tok("a", 0, 1).nothing


if __name__ == "__main__":  # pragma: no cover - maintenance
    if "--write" in sys.argv:
        write_reference()
        print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")
