"""Label tables on the held-out news check set (tests/fixtures/labelnews): out-of-sample recovery; never tune on it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from framescope.framing.labeling import _expression_key, evaluate_labels, label_table

HERE = Path(__file__).parent / "fixtures" / "labelnews"
KINDS = ["name", "titled", "acronym", "role", "desc", "demonym", "metonym", "group", "loaded"]

# Measured 2026-11-28 with labeling as of commit f988212 (labeling version 9), the first time
# framescope saw these texts (gold committed before, in adf6beb): key entities given 191/309 =
# 0.6181 (name 59/59, acronym 7/7, metonym 8/10, titled 33/48, demonym 6/9, role 5/9, desc
# 40/76, group 30/63, loaded 3/28); discovered entities, oracle-mapped, 224/309 = 0.725.
# Floors sit a little below so that a regression fails. Do not tune the labeling rules or
# lexicons on this set; raise a floor only after a change made for other reasons.
RECALL_FLOOR = 0.60
NAME_FLOOR = 0.95
DISCOVERED_FLOOR = 0.70
# Label-table rows whose expression the gold gives to another entity only (a lower bound on wrong rows):
# 17/336 = 0.051 when first measured (after the labeling rules of 2026-11-28 morning), 15/334 = 0.045 after
# the precision fixes of labeling version 12 (made on the teaching corpus, checked here once).
CONTRADICTED_CEILING = 0.05


@lru_cache(maxsize=1)
def load():
    articles = pd.read_json(HERE / "articles.jsonl", lines=True, dtype={"published": str})
    gold = pd.read_csv(HERE / "gold_labels.csv")
    events = pd.DataFrame(json.loads((HERE / "events.json").read_text(encoding="utf-8")))
    return articles, gold, events


@lru_cache(maxsize=1)
def per_row():
    """Gold rows with a ``hit`` column (key entities given) and ``hit_discovered`` (no key entities).

    ``hit`` uses the same test as :func:`evaluate_labels` (the same ``label_table`` call and
    ``_expression_key``); the test below checks that both counts agree.
    ``hit_discovered``: the label table is built without key entities (top 50 discovered
    entities); each discovered entity is mapped to the key entity whose gold expressions it
    holds most often (by outlet and expression; unmapped if it holds none), and a gold row is
    recovered when an entity mapped to its entity lists the expression for the article's outlet.
    """
    articles, gold, events = load()
    outlets = dict(zip(articles["id"], articles["outlet"]))
    gold = gold.assign(outlet=gold["article_id"].map(outlets), event=gold["article_id"].str.split("-").str[0],
                       gkey=gold["text"].map(_expression_key))
    hit, hit_disc, found_as = [], [], []
    for event in events.itertuples():
        sub = articles[articles["event"] == event.event]
        g = gold[gold["event"] == event.event]
        table = label_table(sub, key_entities=list(event.entities), top=max(50, len(event.entities)))
        have = {(e, o, _expression_key(x)) for e, o, x in zip(table["entity"], table["outlet"], table["expression"])}
        where: dict = {}
        for e, o, x in zip(table["entity"], table["outlet"], table["expression"]):
            where.setdefault((o, _expression_key(x)), []).append(str(e))
        free = label_table(sub, top=50)
        free_keys = {(e, o, _expression_key(x)) for e, o, x in zip(free["entity"], free["outlet"], free["expression"])}
        votes: dict = {}
        for e, o, k in free_keys:
            for gent in g.loc[(g["outlet"] == o) & (g["gkey"] == k), "entity"]:
                votes.setdefault(e, {}).setdefault(gent, 0)
                votes[e][gent] += 1
        mapping = {e: max(sorted(v), key=v.get) for e, v in votes.items()}
        disc = {(mapping[e], o, k) for e, o, k in free_keys if e in mapping}
        for r in g.itertuples():
            hit.append((r.entity, r.outlet, r.gkey) in have)
            hit_disc.append((r.entity, r.outlet, r.gkey) in disc)
            found_as.append(",".join(sorted(set(where.get((r.outlet, r.gkey), [])))))
    order = pd.concat([gold[gold["event"] == ev] for ev in events["event"]])
    return order.assign(hit=hit, hit_discovered=hit_disc, found_as=found_as)


def _share(s: pd.Series) -> str:
    return f"{int(s.sum())}/{len(s)} = {s.mean():.3f}"


def test_fixture_is_consistent():
    articles, gold, events = load()
    assert len(events) == 6 and len(articles) == 18
    texts = {(a.id, "text"): a.text for a in articles.itertuples()} | {(a.id, "title"): a.title
                                                                       for a in articles.itertuples()}
    for r in gold.itertuples():
        assert texts[(r.article_id, r.field)][r.start:r.end] == r.text, r
    ents = {e.event: {x["id"] for x in e.entities} for e in events.itertuples()}
    ev = dict(zip(articles["id"], articles["event"]))
    assert all(r.entity in ents[ev[r.article_id]] for r in gold.itertuples())
    assert set(gold["kind"]) <= set(KINDS)
    for _, sub in articles.groupby("event"):
        assert sub["outlet"].nunique() == len(sub) == 3
    words = articles["text"].str.split().str.len()
    assert words.between(200, 450).all(), words.tolist()


def _print_breakdown(rows, column: str) -> None:
    """Recovery per event and per expression kind (``pytest -s``)."""
    for ev, s in rows.groupby("event", sort=False):
        print(f"  event {ev}: {_share(s[column])}")
    for kind in KINDS:
        s = rows.loc[rows["kind"] == kind, column]
        if len(s):
            print(f"  kind {kind:8s}: {_share(s)}")


@pytest.mark.slow
def test_heldout_label_recovery_with_key_entities():
    articles, gold, events = load()
    scores = evaluate_labels(articles, gold, events)
    rows = per_row()
    assert scores["n_gold"] == len(gold) == len(rows)
    assert scores["recovered"] == int(rows["hit"].sum())  # the per-row view scores exactly like evaluate_labels
    print(f"\nheld-out label recovery (key entities given): {scores['recovered']}/{scores['n_gold']} = "
          f"{scores['recall']:.4f}")
    _print_breakdown(rows, "hit")
    print("misses (article | entity | kind | expression | listed under):")
    for r in rows[~rows["hit"]].itertuples():
        print(f"  {r.article_id:13s} | {r.entity:11s} | {r.kind:8s} | {r.text} | {r.found_as or '-'}")
    assert scores["recall"] >= RECALL_FLOOR, scores
    assert rows.loc[rows["kind"] == "name", "hit"].mean() >= NAME_FLOOR
    print(f"table rows of key entities contradicted by the gold: {scores['contradicted']}/{scores['n_rows']}")
    assert scores["contradicted_share"] <= CONTRADICTED_CEILING, scores


@pytest.mark.slow
def test_heldout_label_recovery_discovered_entities():
    rows = per_row()
    print(f"\nheld-out label recovery (discovered entities, mapped to the key entity holding most of their "
          f"gold expressions): {_share(rows['hit_discovered'])}")
    _print_breakdown(rows, "hit_discovered")
    assert rows["hit_discovered"].mean() >= DISCOVERED_FLOOR
