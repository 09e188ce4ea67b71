"""Report and worksheet render for every event of the bundled teaching corpus; a 50-article event stays < 5 MB."""

from __future__ import annotations

import re
import time

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from framescope import datasets
    from framescope.ingest import ingest
    from framescope.store import Store

    try:
        gold = datasets.load("harbor-city").articles
    except Exception as exc:  # pragma: no cover - the corpus is bundled
        pytest.skip(f"the bundled harbor-city corpus is not available: {exc}")
    store = Store(tmp_path_factory.mktemp("hc") / "hc.db")
    ingest([], store, corpus="harbor-city")
    # the gold events, so the test does not depend on the clustering
    stored = set(store.ids())
    store.set_column("event", {i: e for i, e in zip(gold["id"], gold["event"]) if i in stored and e})
    return store, gold


def test_every_teaching_event_renders(corpus_store, tmp_path):
    from framescope.compare import compare_event
    from framescope.report.html import render_html
    from framescope.report.worksheet import render_worksheet

    store, gold = corpus_store
    events = sorted(e for e in gold["event"].dropna().unique())
    assert len(events) >= 5
    sizes = {}
    for event in events:
        cmp = compare_event(store, event)
        page = render_html(cmp)
        sheet, answers = render_worksheet(cmp)
        shown = int(re.search(r'data-evidence-shown="(\d+)"', page).group(1))
        assert shown == len(set(re.findall(r'data-ev="(\d+)"', page))) > 0, event
        assert len(re.findall(r'<article class="art"', page)) == len(cmp.articles)
        assert all(o not in sheet for o in cmp.outlets), event
        assert "Who is who" in answers
        sizes[event] = (len(page.encode()), len(sheet.encode()), len(answers.encode()))
    assert max(s for trio in sizes.values() for s in trio) < 1_000_000, sizes


def test_fifty_article_event_is_under_five_megabytes(corpus_store):
    from framescope.compare import compare_event
    from framescope.report.html import render_html

    store, gold = corpus_store
    ids = [i for i in gold.loc[gold["event"].notna(), "id"]][:50]
    assert len(ids) == 50
    store.set_column("event", {i: "big" for i in ids})
    try:
        cmp = compare_event(store, "big")
        start = time.perf_counter()
        page = render_html(cmp)
        seconds = time.perf_counter() - start
        assert len(page.encode()) <= 5_000_000
        assert len(re.findall(r'<article class="art"', page)) == 50
        assert seconds < 30
        # a lower cap truncates with a clear note, and the count stays exact
        small = render_html(cmp, max_articles=12)
        assert "Large event: 12 of 50 articles are shown" in small
        shown = int(re.search(r'data-evidence-shown="(\d+)"', small).group(1))
        assert shown == len(set(re.findall(r'data-ev="(\d+)"', small)))
        tight = render_html(cmp, max_bytes=400_000)
        assert len(tight.encode()) <= 400_000 and "Large event" in tight
    finally:
        store.set_column("event", {i: e for i, e in zip(gold["id"], gold["event"]) if i in ids})
