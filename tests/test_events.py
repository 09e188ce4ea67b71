"""Tests for same-event grouping, near-duplicates, evaluation, persistence and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from framescope.article import Article
from framescope.errors import FramescopeError, InvalidValueError, NotFoundError
from framescope.events import (DEFAULT_THRESHOLD, EventGrouping, correct, evaluate, group_events,
                               list_events, needs_regroup, regroup)
from framescope.store import Store

from test_events_fixture import fixture_frame


def gold_series(frame):
    return pd.Series(list(frame["gold"]), index=list(frame["id"]), dtype=object)


# --------------------------------------------------------------------------- grouping
def test_fixture_grouped_exactly():
    frame = fixture_frame()
    result = group_events(frame)
    assert isinstance(result, EventGrouping)
    scores = evaluate(result.assignments, gold_series(frame))
    assert scores["f1"] == 1.0 and scores["ari"] == 1.0
    # singletons have no event
    assert result.assignments[frame["id"][frame["gold"].isna()]].isna().all()
    events = result.events
    assert list(events.columns) == ["id", "label", "first", "last", "outlets", "articles", "n_articles",
                                    "n_outlets"]
    assert (events["n_articles"] == 3).all() and (events["n_outlets"] == 3).all()
    assert events["first"].is_monotonic_increasing


def test_same_topic_same_week_events_stay_apart():
    frame = fixture_frame()
    result = group_events(frame)
    dock = set(result.assignments[frame["id"][frame["gold"] == "dock"]])
    bus = set(result.assignments[frame["id"][frame["gold"] == "bus"]])
    assert len(dock) == 1 and len(bus) == 1 and dock != bus


def test_labels_name_the_event():
    result = group_events(fixture_frame())
    labels = " ".join(result.events["label"])
    for name in ("Ilvane", "Aalto", "Anand-Sol"):
        assert name in labels
    assert "Korrin" in labels or "Alder Ford" in labels  # the flood's two towns


def test_event_ids_are_stable_across_runs_and_row_order():
    frame = fixture_frame()
    first = group_events(frame)
    shuffled = frame.sample(frac=1.0, random_state=3)
    second = group_events(shuffled)
    assert first.assignments.sort_index().equals(second.assignments.sort_index())
    assert all(e.startswith("ev-") for e in first.events["id"])


def test_reprint_is_marked_duplicate_of_earliest():
    frame = fixture_frame()
    result = group_events(frame)
    dups = result.duplicate_of.dropna()
    # art10 reprints the wire story art09 with a new headline; nothing else is a copy
    assert dups.to_dict() == {"art10": "art09"}


def test_threshold_override_and_validation():
    frame = fixture_frame()
    strict = group_events(frame, threshold=0.9, attach_orphans=False)
    assert strict.assignments.notna().sum() == 2  # only the near-identical reprint pair survives
    with pytest.raises(InvalidValueError, match="threshold"):
        group_events(frame, threshold=0)
    with pytest.raises(InvalidValueError, match="window_days"):
        group_events(frame, window_days=-1)


def test_window_blocks_distant_articles():
    frame = fixture_frame()
    moved = frame.copy()
    # the third dock article published a month later no longer joins the strike
    moved.loc[2, "published"] = "2024-04-20T18:30:00+00:00"
    result = group_events(moved, window_days=3)
    assert result.assignments["art02"] is None
    assert result.assignments["art00"] == result.assignments["art01"]


# --------------------------------------------------------------------------- bad input
def test_no_dated_articles_still_groups():
    frame = fixture_frame().drop(columns=["published"])
    result = group_events(frame)
    assert evaluate(result.assignments, gold_series(fixture_frame()))["f1"] == 1.0
    assert result.events["first"].isna().all()


def test_undated_article_joins_dated_event():
    frame = fixture_frame()
    frame.loc[4, "published"] = None
    result = group_events(frame)
    assert result.assignments["art04"] == result.assignments["art03"] is not None


def test_one_article_and_empty_input():
    frame = fixture_frame().iloc[:1]
    result = group_events(frame)
    assert result.assignments.tolist() == [None] and result.events.empty
    empty = group_events(frame.iloc[:0])
    assert empty.events.empty and len(empty.assignments) == 0


def test_thousands_of_identical_articles():
    frame = pd.DataFrame({"id": [f"x{i}" for i in range(3000)], "outlet": [f"o{i % 7}" for i in range(3000)],
                          "published": ["2024-03-01"] * 3000, "title": ["Same headline"] * 3000,
                          "text": ["Exactly the same wire text about Rosa Ilvane and 3,200 dockers."] * 3000})
    result = group_events(frame)
    assert result.assignments.nunique() == 1 and result.assignments.notna().all()
    assert result.duplicate_of.notna().sum() == 2999
    assert set(result.duplicate_of.dropna()) == {"x0"}


def test_empty_texts_are_singletons():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "title": ["", None, ""], "text": ["", "", "   "],
                          "published": ["2024-03-01"] * 3})
    result = group_events(frame)
    # identical empty records collapse as copies, but carry no content to form an event on
    assert len(result.assignments) == 3


def test_non_english_text():
    frame = pd.DataFrame({
        "id": ["ru1", "ru2", "zh1", "zh2"],
        "published": ["2024-03-01", "2024-03-01", "2024-03-01", "2024-03-02"],
        "title": ["Забастовка докеров в порту", "Докеры порта объявили забастовку", "港口工人罢工", "港口工人罢工继续"],
        "text": ["Профсоюз докеров начал забастовку в порту Харбор-Сити, заявила Роза Ильване.",
                 "Роза Ильване сообщила, что докеры порта Харбор-Сити начали забастовку.",
                 "港口工人周一开始罢工。", "港口工人罢工进入第二天。"]})
    result = group_events(frame)
    assert result.assignments["ru1"] == result.assignments["ru2"] is not None
    assert result.assignments["ru1"] != result.assignments["zh1"]


def test_missing_columns_and_bad_ids():
    with pytest.raises(FramescopeError, match="text"):
        group_events(pd.DataFrame({"x": [1]}))
    with pytest.raises(FramescopeError, match="unique"):
        group_events(pd.DataFrame({"id": ["a", "a"], "text": ["x", "y"]}))
    with pytest.raises(InvalidValueError):
        group_events([{"text": "x"}])


# --------------------------------------------------------------------------- evaluation
def test_bcubed_hand_computed():
    # predicted {a,b,c} {d}; gold {a,b} {c,d}
    pred = pd.Series({"a": "p1", "b": "p1", "c": "p1", "d": None})
    gold = pd.Series({"a": "g1", "b": "g1", "c": "g2", "d": "g2"})
    r = evaluate(pred, gold)
    # precision: a 2/3, b 2/3, c 1/3, d 1/1 -> 8/12 ; recall: a 1, b 1, c 1/2, d 1/2 -> 3/4
    assert r["precision"] == pytest.approx(8 / 12)
    assert r["recall"] == pytest.approx(3 / 4)
    assert r["f1"] == pytest.approx(2 * (8 / 12) * 0.75 / (8 / 12 + 0.75))
    # ARI by hand: contingency p1: g1=2, g2=1 ; singleton d: g2=1
    # sum C(nij,2)=1, rows C(3,2)+C(1,2)=3, cols 1+1=2, C(4,2)=6, expected=3*2/6=1, max=2.5 -> ARI 0
    assert r["ari"] == pytest.approx(0.0)
    assert r["n_events"] == 1 and r["n_gold_events"] == 2


def test_bcubed_perfect_and_all_singletons():
    gold = pd.Series({"a": "g", "b": "g", "c": None})
    assert evaluate(gold.copy(), gold)["f1"] == 1.0
    none = pd.Series({"a": None, "b": None, "c": None}, dtype=object)
    r = evaluate(none, gold)
    assert r["precision"] == 1.0 and r["recall"] == pytest.approx((0.5 + 0.5 + 1) / 3)


def test_evaluate_no_common_ids():
    with pytest.raises(FramescopeError, match="no article id"):
        evaluate(pd.Series({"a": "x"}), pd.Series({"b": "x"}))


# --------------------------------------------------------------------------- persistence
@pytest.fixture
def store(tmp_path):
    frame = fixture_frame()
    s = Store(tmp_path / "events.db")
    articles = []
    for row in frame.itertuples():
        articles.append(Article(id=row.id, outlet=row.outlet, title=row.title, text=row.text,
                                published=row.published, meta={"gold_event": row.gold} if row.gold else {}))
    s.add_articles(articles)
    yield s
    s.close()


def test_regroup_writes_store_columns(store):
    regroup(store)
    frame = store.articles(columns=["id", "event", "duplicate_of"]).set_index("id")
    gold = gold_series(fixture_frame())
    assert evaluate(frame["event"], gold)["f1"] == 1.0
    assert frame.loc["art10", "duplicate_of"] == "art09"
    events = list_events(store)
    assert len(events) == 4 and set(events["source"]) == {"auto"}
    assert not needs_regroup(store)


def _event_of(store, article_id):
    return store.conn.execute("SELECT event FROM articles WHERE id=?", (article_id,)).fetchone()[0]


def test_corrections_survive_regrouping(store):
    regroup(store)
    dock, bus = _event_of(store, "art00"), _event_of(store, "art03")
    measles, flood = _event_of(store, "art06"), _event_of(store, "art09")
    correct(store, "merge", dock, bus)
    correct(store, "rename", dock, "Harbor City strike week")
    correct(store, "split", measles, "art08")
    correct(store, "assign", "art12", flood)
    correct(store, "assign", "art11", "none")
    correct(store, "define", query="Harbor United", label="Football")

    def check():
        assert _event_of(store, "art03") == _event_of(store, "art00") == dock
        events = list_events(store).set_index("id")
        assert events.loc[dock, "label"] == "Harbor City strike week"
        assert events.loc[dock, "n_articles"] == 6
        assert _event_of(store, "art08") not in (None, measles)
        assert _event_of(store, "art06") == _event_of(store, "art07") == measles
        assert _event_of(store, "art12") == flood
        assert _event_of(store, "art11") is None
        football = _event_of(store, "art13")
        assert football.startswith("q-") and events.loc[football, "label"] == "Football"
        assert events.loc[football, "source"] == "query"

    check()
    regroup(store)
    check()
    regroup(store, threshold=DEFAULT_THRESHOLD)
    check()


def test_correction_errors(store):
    regroup(store)
    with pytest.raises(NotFoundError, match="no event 'ev-nope'"):
        correct(store, "merge", "ev-nope", _event_of(store, "art00"))
    with pytest.raises(InvalidValueError, match="not in event"):
        correct(store, "split", _event_of(store, "art00"), "art03")
    with pytest.raises(NotFoundError, match="no article"):
        correct(store, "assign", "zzzzzzzz", _event_of(store, "art00"))
    with pytest.raises(NotFoundError, match="matches"):
        correct(store, "define", query="xylophone")
    with pytest.raises(InvalidValueError, match="unknown correction"):
        correct(store, "explode", "x")


# --------------------------------------------------------------------------- CLI
def test_cli_events_json_and_corrections(store, runner):
    from framescope.cli import main

    db = store.path
    result = runner.invoke(main, ["events", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    assert len(events) == 4
    assert {"id", "label", "outlets", "articles", "first", "last", "n_articles"} <= set(events[0])
    assert isinstance(events[0]["articles"], list) and isinstance(events[0]["outlets"], list)
    a, b = events[0]["id"], events[1]["id"]
    result = runner.invoke(main, ["events", "merge", a, b, "--db", db])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["events", "rename", a, "Merged", "--db", db])
    assert result.exit_code == 0 and "Merged" in result.output
    result = runner.invoke(main, ["events", "--db", db, "--regroup", "--format", "csv"])
    assert result.exit_code == 0 and "Merged" in result.output
    result = runner.invoke(main, ["events", "merge", "ev-nope", a, "--db", db])
    assert result.exit_code == 1 and "no event 'ev-nope'" in result.output
    # the article listing shows each article's event
    result = runner.invoke(main, ["articles", "--db", db, "--format", "json"])
    assert result.exit_code == 0
    assert any(r["event"] == a for r in json.loads(result.output))


def test_cli_evaluate_events(store, runner, tmp_path):
    from framescope.cli import main

    db = store.path
    assert runner.invoke(main, ["events", "--db", db]).exit_code == 0
    result = runner.invoke(main, ["evaluate-events", "--db", db, "--gold", "gold_event", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["f1"] == 1.0
    csv = tmp_path / "gold.csv"
    frame = fixture_frame()
    frame[["id", "gold"]].rename(columns={"gold": "event"}).to_csv(csv, index=False)
    result = runner.invoke(main, ["evaluate-events", "--db", db, "--gold", str(csv)])
    assert result.exit_code == 0 and "1.0000" in result.output
    result = runner.invoke(main, ["evaluate-events", "--db", db, "--gold", "no_such_field"])
    assert result.exit_code == 1 and "no_such_field" in result.output


def test_cli_help_has_examples(runner):
    from framescope.cli import main

    for args in (["events"], ["events", "merge"], ["events", "split"], ["events", "assign"],
                 ["events", "rename"], ["events", "define"], ["evaluate-events"]):
        result = runner.invoke(main, args + ["--help"])
        assert result.exit_code == 0 and "Example:" in result.output


def test_cli_empty_database(runner, tmp_path):
    from framescope.cli import main

    db = str(tmp_path / "empty.db")
    result = runner.invoke(main, ["events", "--db", db, "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output) == []
    result = runner.invoke(main, ["evaluate-events", "--db", db, "--gold", "gold_event"])
    assert result.exit_code == 1 and "gold_event" in result.output


# --------------------------------------------------------------------------- linkage
def _reference_linkage(n_units, sizes, lo, hi, sims, threshold):
    """The plain heap-based average linkage the fast one replaced (kept here as the oracle)."""
    import heapq

    size = {i: float(sizes[i]) for i in range(n_units)}
    nbrs = {}
    heap = []
    for a, b, s in zip(np.asarray(lo).tolist(), np.asarray(hi).tolist(), np.asarray(sims, dtype=np.float64).tolist()):
        w = s * size[a] * size[b]
        nbrs.setdefault(a, {})[b] = w
        nbrs.setdefault(b, {})[a] = w
        avg = w / (size[a] * size[b])
        if avg >= threshold:
            heap.append((-avg, a, b))
    heapq.heapify(heap)
    alive = set(range(n_units))
    next_id = n_units
    members = {}
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive:
            continue
        new = next_id
        next_id += 1
        alive -= {a, b}
        alive.add(new)
        members[new] = members.pop(a, [a]) + members.pop(b, [b])
        size[new] = size.pop(a) + size.pop(b)
        na, nb = nbrs.pop(a, {}), nbrs.pop(b, {})
        na.pop(b, None)
        nb.pop(a, None)
        for c, w in nb.items():
            na[c] = na.get(c, 0.0) + w
        nbrs[new] = na
        for c, total in na.items():
            nbrs[c].pop(a, None)
            nbrs[c].pop(b, None)
            nbrs[c][new] = total
            avg = total / (size[new] * size[c])
            if avg >= threshold:
                heapq.heappush(heap, (-avg, min(new, c), max(new, c)))
    labels = np.arange(n_units)
    for units in members.values():
        labels[units] = min(units)
    return labels


def _random_graph(rng, n, n_edges, levels=None):
    pairs = {tuple(sorted(p)) for p in rng.integers(0, n, size=(n_edges, 2)).tolist() if p[0] != p[1]}
    pairs = sorted(pairs, key=lambda p: rng.random())  # edges in no particular order
    lo = np.array([p[0] for p in pairs], dtype=np.int64)
    hi = np.array([p[1] for p in pairs], dtype=np.int64)
    if levels is None:
        sims = rng.uniform(0.05, 0.4, size=len(pairs)).astype(np.float32)
    else:  # few distinct values: many ties between pairs
        sims = rng.choice(np.asarray(levels, dtype=np.float32), size=len(pairs))
    return lo, hi, sims


@pytest.mark.parametrize("seed", range(12))
def test_average_linkage_matches_plain_heap_version(seed):
    """Pruning edges between strong components, the sorted edge list and the label pass change nothing."""
    from framescope import events

    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 160))
    lo, hi, sims = _random_graph(rng, n, int(rng.integers(1, 4 * n)),
                                 levels=[0.05, 0.08, 0.1, 0.12, 0.2, 0.3] if seed % 2 else None)
    sizes = rng.choice([1, 1, 1, 2, 5], size=n) if seed % 3 == 0 else np.ones(n, dtype=np.int64)
    for threshold in (0.1, 0.15, 0.25):
        got = events._average_linkage(n, sizes, lo, hi, sims, threshold)
        expected = _reference_linkage(n, sizes, lo, hi, sims, threshold)
        assert got.tolist() == expected.tolist()


def test_average_linkage_mean_below_threshold_needs_weak_edges():
    """A weak edge inside a strong component counts: {0,1} joins 2 only through the mean of 0.15 and 0.08."""
    from framescope import events

    lo, hi = np.array([0, 0, 1, 3]), np.array([1, 2, 2, 4])
    sims = np.array([0.5, 0.15, 0.08, 0.09], dtype=np.float32)
    labels = events._average_linkage(5, np.ones(5, dtype=np.int64), lo, hi, sims, 0.1)
    assert labels.tolist() == [0, 0, 0, 3, 4]  # mean(0.15, 0.08) = 0.115 >= 0.1; 3-4 stays apart
    labels = events._average_linkage(5, np.ones(5, dtype=np.int64), lo, hi, np.array([0.5, 0.15, 0.0, 0.09],
                                                                                         dtype=np.float32), 0.1)
    assert labels.tolist() == [0, 0, 2, 3, 4]  # mean(0.15, 0) = 0.075 < 0.1
    assert events._average_linkage(3, np.ones(3), np.zeros(0, np.int64), np.zeros(0, np.int64),
                                   np.zeros(0, np.float32), 0.1).tolist() == [0, 1, 2]


def test_linkable_keeps_only_edges_inside_strong_components():
    from framescope import events

    lo, hi = np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4])
    averages = np.array([0.3, 0.05, 0.2, 0.07])
    # strong components {0,1}, {2,3}, {4}: the weak edges 1-2 and 3-4 join different ones
    assert events._linkable(5, lo, hi, averages, 0.1).tolist() == [True, False, True, False]
    averages = np.array([0.3, 0.05, 0.2, 0.3])
    lo2, hi2 = np.array([0, 1, 2, 3, 0]), np.array([1, 2, 3, 4, 4])
    mask = events._linkable(5, lo2, hi2, np.r_[averages, 0.01], 0.1)
    assert mask.tolist() == [True, False, True, True, False]


def test_candidate_search_threads_give_identical_edges():
    """Dense dated blocks scored on several threads are gathered in order: the same edges as one thread."""
    from framescope import events

    frame = pd.concat([fixture_frame()] * 3, ignore_index=True)
    frame["id"] = [f"x{i}" for i in range(len(frame))]
    frame["title"] = [f"{t} {i}" for i, t in enumerate(frame["title"])]  # no exact copies
    feats = events._features(list(frame["title"]), list(frame["text"]), max_words=300, max_terms=50, n_jobs=1)
    days = events._days(frame)
    codes = np.asarray(pd.factorize(frame["outlet"])[0])
    kwargs = dict(window_days=3.0, name_weight=0.5, floor=0.05, neighbours=40, min_shared=1, outlet_codes=codes,
                  same_outlet_weight=0.5, block_rows=4)
    one = events._candidate_edges(feats.words, feats.specs, days, threads=1, **kwargs)
    three = events._candidate_edges(feats.words, feats.specs, days, threads=3, **kwargs)
    assert len(one[0]) > 20
    for a, b in zip(one, three):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_display_forms_equal_one_word_at_a_time():
    """The lazy text-by-text search gives each word's first capitalised (else shouted) spelling."""
    from framescope import events

    texts = ["PORT STRIKE ENDS", "the port of harbor city", "İstanbul reporters met ROSA ilvane",
             "Dockers in the Port of Harbor City; Rosa Ilvane spoke", "rosa-ilvane, HARBOR", "McKinley and MCKINLEY",
             "NATO met"]
    words = ["port", "harbor", "rosa", "ilvane", "strike", "mckinley", "nowhere", "city", "nato"]
    expected = [events._display_form(w, texts) for w in words]
    assert events._display_forms(words, texts, head=1) == expected
    # a capitalised spelling anywhere beats capitals ("PORT", "ROSA" in a shouted headline); capitals stay
    # when nothing else is written (an acronym), and long ones are shown in title case
    assert expected[:5] == ["Port", "Harbor", "Rosa", "Ilvane", "Strike"]
    assert expected[5:] == ["McKinley", "nowhere", "City", "NATO"]


def test_featurising_in_worker_processes_gives_identical_grouping():
    """n_jobs=2 featurises chunks in joblib's worker pool (started early, warmed up): the same result as one process."""
    frame = pd.concat([fixture_frame()] * 2, ignore_index=True)
    frame["id"] = [f"x{i}" for i in range(len(frame))]
    frame["title"] = [f"{t} {i % 7}" for i, t in enumerate(frame["title"])]
    one = group_events(frame, n_jobs=1)
    two = group_events(frame, n_jobs=2)
    assert one.assignments.equals(two.assignments) and one.duplicate_of.equals(two.duplicate_of)
    assert one.events.equals(two.events)
    assert one.assignments.notna().sum() > 10


def test_sublinear_tfidf_equals_sklearn():
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfTransformer

    from framescope import events

    rng = np.random.default_rng(3)
    counts = sp.random(40, 300, density=0.1, format="csr", random_state=rng, dtype=np.float32)
    counts.data = np.ceil(counts.data * 5).astype(np.float32)
    before = counts.copy()
    expected = TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    got = events._sublinear_tfidf(counts, df)
    assert got.dtype == np.float32 and np.array_equal(got.data, expected.data)
    assert np.array_equal(got.indices, expected.indices) and np.array_equal(got.indptr, expected.indptr)
    assert (counts != before).nnz == 0  # copied
    in_place = events._sublinear_tfidf(counts, df, copy=False)
    assert in_place.data is counts.data and np.array_equal(in_place.data, expected.data)


def test_word_rows_on_a_second_thread_give_identical_features(monkeypatch):
    from framescope import events

    frame = fixture_frame()
    args = (list(frame["title"]), list(frame["text"]))
    serial = events._features(*args, max_words=300, max_terms=20, n_jobs=1)
    monkeypatch.setattr(events, "_THREADED_ROWS", 0)
    threaded = events._features(*args, max_words=300, max_terms=20, n_jobs=1)
    for name in ("words", "specs", "spec_counts"):
        a, b = getattr(serial, name), getattr(threaded, name)
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.data, b.data)
    assert serial.column_key == threaded.column_key and np.array_equal(serial.word_df, threaded.word_df)


def test_grouping_restores_the_garbage_collector():
    import gc

    frame = fixture_frame()
    assert gc.isenabled()
    group_events(frame)
    assert gc.isenabled()
    gc.disable()
    try:
        group_events(frame)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    with pytest.raises(InvalidValueError):
        group_events(frame, threshold=2.0)
    assert gc.isenabled()


# --------------------------------------------------------------------------- orphans (short texts)
def test_attach_orphans_joins_only_an_unambiguous_event_its_outlet_does_not_cover():
    from framescope.events import _attach_orphans

    labels = np.array([0, 0, 2, 2, 4, 5, 6])  # events {0,1} and {2,3}; units 4, 5, 6 alone
    outlets = np.array([0, 1, 0, 1, 2, 3, 0])
    lo, hi = np.array([0, 2, 1, 3, 0]), np.array([4, 4, 5, 5, 6])
    sims = np.array([0.08, 0.07, 0.09, 0.03, 0.2])
    out = _attach_orphans(labels, np.ones(7), lo, hi, sims, outlets).tolist()
    assert out[4] == 4  # 0.08 vs 0.07 to the other event: ambiguous, stays alone
    assert out[5] == 0  # 0.09 vs 0.03 (<= 0.75 x 0.09): joins event 0
    assert out[6] == 6  # its outlet (0) already covers event 0
    unknown = _attach_orphans(labels, np.ones(7), lo, hi, sims, np.array([0, 1, 0, 1, 2, -1, 0]))
    assert unknown.tolist()[5] == 5  # unknown outlet: no evidence an outlet covers an event once


def test_attach_orphans_pairs_mutual_orphans_and_one_claim_per_outlet():
    from framescope.events import _attach_orphans

    # two orphans of different outlets, each other's strongest link: a pair
    out = _attach_orphans(np.array([0, 1]), np.ones(2), np.array([0]), np.array([1]), np.array([0.06]),
                          np.array([0, 1])).tolist()
    assert out[0] == out[1]
    same = _attach_orphans(np.array([0, 1]), np.ones(2), np.array([0]), np.array([1]), np.array([0.06]),
                           np.array([0, 0])).tolist()
    assert same[0] != same[1]  # one outlet: not a pair
    # two orphans of one outlet claim one event: only the stronger joins
    labels, outlets = np.array([0, 0, 2, 3]), np.array([0, 1, 2, 2])
    out = _attach_orphans(labels, np.ones(4), np.array([0, 1]), np.array([2, 3]), np.array([0.06, 0.09]),
                          outlets).tolist()
    assert out[3] == 0 and out[2] == 2


def test_attach_orphans_is_what_groups_a_short_lead_alone():
    frame = fixture_frame()
    with_orphans = group_events(frame, threshold=0.9)
    without = group_events(frame, threshold=0.9, attach_orphans=False)
    assert without.assignments.notna().sum() == 2
    assert with_orphans.assignments.notna().sum() > 2
    assert with_orphans.params["attach_orphans"] is True and without.params["attach_orphans"] is False
    with pytest.raises(InvalidValueError, match="attach_orphans must be True or False, got 'no'"):
        group_events(frame, attach_orphans="no")


def test_event_times_are_the_articles_times():
    frame = pd.DataFrame({"id": ["a", "b"], "outlet": ["x", "y"], "published": ["2025-04-03T13:10:00Z"] * 2,
                          "title": ["Dockers strike at Port of Harbor City"] * 2,
                          "text": ["Rosa Ilvane of the Harbor Dockworkers' Union said 3,000 members struck.",
                                   "The Harbor Dockworkers' Union, led by Rosa Ilvane, began a strike by 3,000."]})
    events = group_events(frame).events
    assert str(events["first"].iloc[0]) == "2025-04-03 13:10:00+00:00"


def test_names_in_a_sentence_case_title_under_a_shouted_kicker_count():
    # The tabloid's title is sentence case after an all-capital kicker; its body names only
    # a region. Taking the title for Headline Case (as the kicker's capitals once made it)
    # threw away "Helga" and "Germany", the only names it shares with the wire story.
    frame = pd.DataFrame({
        "id": ["wire", "tabloid", "other"], "outlet": ["wire", "tabloid", "paper"],
        "published": ["2025-04-05T11:00:00Z", "2025-04-05T15:00:00Z", "2025-04-05T12:00:00Z"],
        "title": ["Storm Helga kills two in northern Germany, halts trains",
                  "KILLER STORM: Tree crushes driver as Helga batters Germany",
                  "Ferry services cancelled as gales hit Norway's west coast"],
        "text": ["HAMBURG, April 5 (Meridian) - Storm Helga swept across northern Germany on Saturday with "
                 "gusts of up to 140 km/h, killing two people and forcing rail operator Deutsche Bahn to "
                 "halt long-distance trains in the north, officials said.",
                 "A motorist was crushed to death when a giant oak toppled onto his car as hurricane-force "
                 "winds tore through Lower Saxony, one of two people killed as the storm wreaked havoc.",
                 "Ferries between Bergen and Stavanger were cancelled on Saturday as gales reached 120 km/h "
                 "along the coast, the operator Fjordline said."]})
    # (orphan attachment off: on word similarity alone it could join the two anyway)
    assignments = group_events(frame, attach_orphans=False).assignments
    assert assignments["wire"] == assignments["tabloid"] and pd.notna(assignments["wire"])
    assert pd.isna(assignments["other"]) or assignments["other"] != assignments["wire"]


def test_regroup_is_needed_when_articles_are_replaced_or_the_code_changed(store, monkeypatch):
    import framescope.events as events_module

    regroup(store)
    assert not needs_regroup(store)
    assert needs_regroup(store, attach_orphans=False) and not needs_regroup(store, attach_orphans=True)
    # same number of articles, one replaced: the grouping is stale
    store.delete(["art00"])
    store.add_articles([Article(id="new01", outlet="x", title="Zoo opens", text="A new zoo opened in Harbor City.")])
    assert needs_regroup(store)
    regroup(store)
    assert not needs_regroup(store)
    monkeypatch.setattr(events_module, "GROUPING_VERSION", events_module.GROUPING_VERSION + 1)
    assert needs_regroup(store)


def test_cli_attach_orphans_switch_regroups_and_is_recorded(store, runner):
    from framescope.cli import main

    db = store.path
    assert runner.invoke(main, ["events", "--db", db]).exit_code == 0
    result = runner.invoke(main, ["events", "--db", db, "--no-attach-orphans", "--format", "json"])
    assert result.exit_code == 0, result.output
    params = json.loads(store.conn.execute("SELECT params FROM event_runs ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert params["attach_orphans"] is False and params["version"] >= 2


def test_orphan_word_edges_start_at_orphans_and_stay_in_window_and_across_outlets():
    from scipy import sparse

    from framescope.events import _orphan_word_edges

    # units 0-1 an event; 2, 3 and 4 alone. 2 and 3 are of one outlet; 4 is 10 days later.
    words = sparse.csr_matrix(np.array([[1, 0], [1, 0], [0.6, 0.8], [0.6, 0.8], [1, 0]], dtype=np.float32))
    labels = np.array([0, 0, 2, 3, 4])
    lo, hi, sims = _orphan_word_edges(labels, np.ones(5), words, np.array([0.0, 0.0, 1.0, 1.0, 10.0]),
                                      np.array([0, 1, 2, 2, 0]), window_days=3.0, floor=0.1)
    edges = {(int(a), int(b)): round(float(s), 2) for a, b, s in zip(lo, hi, sims)}
    assert edges == {(0, 2): 0.6, (1, 2): 0.6, (0, 3): 0.6, (1, 3): 0.6}  # not 2-3 (same outlet), nothing to 4


def test_orphan_word_edges_give_an_undated_orphan_every_article_of_other_outlets():
    from scipy import sparse

    from framescope.events import _orphan_word_edges

    # units 0-1 an event dated day 0; unit 2 alone and undated; unit 3 alone, dated day 30
    words = sparse.csr_matrix(np.array([[1, 0], [1, 0], [0.6, 0.8], [0.6, 0.8]], dtype=np.float32))
    lo, hi, sims = _orphan_word_edges(np.array([0, 0, 2, 3]), np.ones(4), words,
                                      np.array([0.0, 0.0, np.nan, 30.0]), np.array([0, 1, 2, 0]),
                                      window_days=3.0, floor=0.1)
    edges = {(int(a), int(b)): round(float(s), 2) for a, b, s in zip(lo, hi, sims)}
    # the undated orphan meets both dated event members and the orphan a month later (in every
    # window); the dated orphan meets the undated one, nothing else lies in its window
    assert edges == {(0, 2): 0.6, (1, 2): 0.6, (2, 3): 1.0}


def test_a_lead_sharing_no_name_joins_its_event_on_words_when_unambiguous():
    # The ministry's lead names only its own people; the wire names the yard and the town. Both
    # carry names and share none, so no candidate link joins them; their words point one way.
    frame = pd.DataFrame({
        "id": ["wire", "ministry", "wire2", "paper2"], "outlet": ["wire", "gov", "wire", "paper"],
        "published": ["2025-04-22T10:00:00Z", "2025-04-22T14:00:00Z", "2025-04-22T09:00:00Z",
                      "2025-04-22T12:00:00Z"],
        "title": ["Gdansk shipyard workers strike over pay",
                  "State Assets Ministry urges shipyard union back to the table",
                  "Kenyan teachers strike over delayed pay rise", "Teachers down chalk across Kenya"],
        "text": ["About 4,200 workers at the Baltica Yards shipyard in Gdansk went on strike on Tuesday demanding "
                 "a 15% pay rise, halting work on two ferries, the Solidarity union said.",
                 "Deputy Minister Pawel Nowicki said on Tuesday the shipyard's offer of an 8% raise to the "
                 "striking workers was responsible, and urged them to end the strike so work on the ferries "
                 "could resume.",
                 "Teachers in Kenya went on strike on Tuesday over a delayed pay rise, the KNUT union said, "
                 "shutting public schools in Nairobi and Mombasa.",
                 "Public schools in Nairobi and Mombasa shut on Tuesday as the KNUT union's teachers walked out "
                 "over a pay rise the government has delayed."]})
    with_words = group_events(frame).assignments
    without = group_events(frame, attach_orphans=False).assignments
    assert pd.isna(without["ministry"]) or without["ministry"] != without["wire"]
    assert with_words["ministry"] == with_words["wire"] and pd.notna(with_words["wire"])
    assert with_words["wire2"] == with_words["paper2"] != with_words["wire"]


def two_outlets(day: str, titles: list[str], texts: list[str], ids=("wire", "paper")) -> pd.DataFrame:
    """Two articles of one day from two outlets (named by their ids), an hour apart."""
    return pd.DataFrame({"id": list(ids), "outlet": list(ids),
                         "published": [f"{day}T08:00:00Z", f"{day}T09:00:00Z"], "title": titles, "text": texts})


def test_event_label_leaves_out_one_outlets_shouting():
    frame = two_outlets("2025-04-03", ["Lisbon metro shut as workers strike",
                                       "COMMUTER HELL! Union bosses bring Lisbon to its knees"],
                        ["All four lines of the Lisbon metro were closed on Thursday as Metro de Lisboa workers "
                         "began a 24-hour strike over pay, the union said.",
                         "Furious commuters were stranded across Lisbon as Metro de Lisboa staff walked out over pay."],
                        ids=("wire", "tabloid"))
    grouping = group_events(frame)
    assert grouping.assignments["wire"] == grouping.assignments["tabloid"]
    label = grouping.events["label"].iloc[0]
    assert "Lisbon" in label and "HELL" not in label


def test_event_label_names_a_speaker_not_his_title():
    """'Assembly Speaker Glenn Radtke' gives 'Glenn Radtke' in the label, not 'Speaker Glenn'."""
    frame = two_outlets("2025-05-20", ["Wisconsin governor vetoes school voucher expansion",
                                       "Voucher veto stands for now"],
                        ["Governor Naomi Castellanos vetoed the voucher bill in Madison on Wednesday. Assembly "
                         "Speaker Glenn Radtke said an override vote would follow.",
                         "In Madison, Assembly Speaker Glenn Radtke promised an override vote after Governor Naomi "
                         "Castellanos vetoed the voucher bill."])
    label = group_events(frame).events["label"].iloc[0]
    assert "Glenn Radtke" in label and "Speaker Glenn" not in label


def test_event_label_shows_a_name_longer_than_two_words_whole():
    """Names are counted as adjacent pairs; the label grows 'Legislative Fiscal' back into
    'Legislative Fiscal Bureau', but adds no title ('Budget Director ...')."""
    frame = two_outlets("2025-05-15", ["Budget office warns of shortfall", "Shortfall looms, analysts say"],
                        ["The Legislative Fiscal Bureau projected a $400 million shortfall in Madison on Thursday, "
                         "Budget Director Tamara Reyes said.",
                         "A $400 million hole: the Legislative Fiscal Bureau's projection, released in Madison, "
                         "alarmed Budget Director Tamara Reyes."])
    label = group_events(frame).events["label"].iloc[0]
    assert "Legislative Fiscal Bureau" in label and "Director" not in label


def test_event_label_drops_a_shouted_pair_but_keeps_an_acronym():
    """Names one member of a larger event only ever writes in a run of capitals are a tabloid's
    emphasis ('MILK ALERT', 'REVENGE ON TROLL'); 'EBIT' among ordinary words is an acronym."""
    from framescope.events import _drop_shouts

    counts = {"milk_alert": 1, "troll": 1, "ebit": 1, "lindqvist": 2}
    titles = ["Lindqvist recalls yoghurt over listeria", "MILK ALERT: Lindqvist pulls yoghurts"]
    assert _drop_shouts(["milk_alert", "lindqvist"], counts, 2, titles, ["", ""]) == ["lindqvist"]
    assert _drop_shouts(["troll", "lindqvist"], counts, 2, ["LINDQVIST'S REVENGE ON TROLL", "Lindqvist wins"],
                        ["", ""]) == ["lindqvist"]
    assert _drop_shouts(["ebit", "lindqvist"], counts, 2, titles,
                        ["EBIT fell 12% at Lindqvist.", ""]) == ["ebit", "lindqvist"]
