"""Ingest: raw pages (the seed and a project-written page), formats, presets, the CLI command."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.ingest import (FORMATS, Rejection, clean_page_text, ingest, parse_date, parse_mapping,
                               read_path, read_paths)
from framescope.store import Store
from framescope.text import token_f1

FIX = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEED = "000_dca4b852737c43f0.txt"


def articles(items):
    return [x for x in items if isinstance(x, Article)]


def rejections(items):
    return [x for x in items if isinstance(x, Rejection)]


# -- the seed page and the project-written page in its style -------------------------------------

def test_seed_page_ingests_exactly(seed_dir):
    path = seed_dir / SEED
    if not path.exists():
        pytest.skip(f"{SEED} is not in the seeds folder")
    items = list(read_path(path))
    assert rejections(items) == []
    (article,) = articles(items)
    assert article.title == ("Beijing says it ‘firmly opposes’ US-Taiwan military contact, after Taipei "
                             "admits presence of US troops")
    assert article.published == datetime(2021, 10, 28, 12, 43)
    assert article.outlet == "rt.com"
    paragraphs = article.text.split("\n\n")
    # The issue says "six body paragraphs"; the page has six blocks from "Beijing has
    # warned" to "...from the island.", one of which is the "Also on rt.com" promo line
    # (clutter, which the issue also says must go). So five prose paragraphs remain.
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Beijing has warned the US against military contact with Taipei")
    assert paragraphs[-1].endswith("which is located directly across the Strait from the island.")
    # Every body paragraph of the page is kept verbatim.
    source_lines = path.read_text(encoding="utf-8").splitlines()
    for paragraph in paragraphs:
        assert paragraph in source_lines
    # ... and no clutter line, nor the title, is in the body.
    for clutter in ("icon", "Also on rt.com", "Like this story", "Podcasts", "0:00", "28:18", "29:16",
                    "28 Oct, 2021", "firmly opposes’ US-Taiwan military contact, after"):
        assert clutter not in article.text
    assert article.text.count("Beijing says it") == 0


def test_project_page_in_seed_style():
    page = clean_page_text((FIX / "harbor_page.txt").read_text(encoding="utf-8"))
    assert page.title == "Harbor City council delays vote on port expansion, citing safety review"
    assert page.published == datetime(2024, 3, 14, 9, 5)
    assert page.outlet == "harborledger.example"
    assert page.text == (FIX / "harbor_page.gold.txt").read_text(encoding="utf-8").strip()
    reasons = dict((line, reason) for line, reason in page.removed_lines)
    assert reasons["Like this story? Share it with a friend!"] == "share"
    assert reasons["0:00"] == "player"
    assert reasons["Podcasts"] == "player"
    assert [r for _, r in page.removed_lines].count("title") == 2
    assert page.notes == []


def test_outlet_option_wins_and_url_line_gives_url():
    text = ("https://www.example.org/news/2024/port-deal\nPort deal signed\n\n"
            "The port authority signed the deal on Monday, officials said.")
    page = clean_page_text(text)
    assert page.outlet == "example.org" and page.url == "https://www.example.org/news/2024/port-deal"
    assert page.title == "Port deal signed"
    assert clean_page_text(text, outlet="Harbor Herald").outlet == "harbor herald"


def test_byline_becomes_author_and_subheads_are_kept():
    text = ("Storm closes harbor\nBy Ana Ruiz and Tom Lee\nMarch 3, 2024 at 4:10 p.m. ET\n\n"
            "The storm closed the harbor on Sunday, the coast guard said.\n\nWhat comes next\n\n"
            "Crews will inspect the piers before ships return, officials said.\n\nAdvertisement\n\n"
            "© 2024 Harbor Herald. All rights reserved.")
    page = clean_page_text(text)
    assert page.authors == ["Ana Ruiz", "Tom Lee"]
    assert page.published.isoformat() == "2024-03-03T16:10:00-05:00"
    assert page.text.split("\n\n") == ["The storm closed the harbor on Sunday, the coast guard said.",
                                       "What comes next",
                                       "Crews will inspect the piers before ships return, officials said."]


def test_repeated_lines_across_pages_of_an_outlet_are_clutter(tmp_path):
    for i in range(4):
        (tmp_path / f"p{i}.txt").write_text(
            f"Story number {i} headline\n\nSome prose line number {i} was written here.\n\n"
            f"Quick Links Tonight\n\nAnother prose line about topic {i}, said officials.\n",
            encoding="utf-8")
    found = articles(read_paths([tmp_path], outlet="site.example"))
    assert len(found) == 4
    assert all("Quick Links Tonight" not in a.text for a in found)
    # Without the batch (one page alone), an inner non-prose line is kept as a sub-heading.
    alone = articles(read_path(tmp_path / "p0.txt", outlet="site.example"))
    assert "Quick Links Tonight" in alone[0].text


# -- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("28 Oct, 2021 12:43", "2021-10-28T12:43:00"),
    ("October 28, 2021", "2021-10-28T00:00:00"),
    ("Oct. 28, 2021 at 9:05 p.m. ET", "2021-10-28T21:05:00-04:00"),
    ("Thu 28 Oct 2021 12.43 BST", "2021-10-28T12:43:00+01:00"),
    ("Thu, 28 Oct 2021 12:43:00 +0000", "2021-10-28T12:43:00+00:00"),
    ("2021-10-28T12:43:00Z", "2021-10-28T12:43:00+00:00"),
    ("28.10.2021 12:43", "2021-10-28T12:43:00"),
    ("10/28/2021", "2021-10-28T00:00:00"),
    ("Published: October 28th, 2021 12:43 PM EDT", "2021-10-28T12:43:00-04:00"),
    ("12:43 GMT, 28 October 2021", "2021-10-28T12:43:00+00:00"),
    ("Updated 28 Oct 2021 | 12:43 IST", "2021-10-28T12:43:00+05:30"),
    (1635425000, "2021-10-28T12:43:20+00:00"),
])
def test_parse_date_formats(text, expected):
    assert parse_date(text).isoformat() == expected


def test_parse_date_rejects_non_dates():
    for text in ("no date here", "", "Room 101", "99/99/2021", None):
        assert parse_date(text) is None


# -- structured formats and presets ------------------------------------------------------------

def test_jsonl_fields_meta_gold_event_and_key(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"id": "x1", "title": "T1", "text": "Body one.", "outlet": "a.example", "published": "2024-03-01T10:00:00Z",
             "event": "e1", "key": "k1", "topic": "port"},
            {"title": "T2", "body": "Body two.", "source": "B Times", "date": "March 2, 2024"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a, b = articles(read_path(path))
    assert a.meta["gold_event"] == "e1" and a.meta["key"] == "k1" and a.meta["topic"] == "port"
    assert a.meta["source_id"] == "x1" and a.id != "x1"
    assert a.published == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    assert a.source == f"{path}:1"
    assert (b.outlet, b.text, b.published) == ("b times", "Body two.", datetime(2024, 3, 2))


def test_json_list_object_and_wrapper(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"title": "T", "text": "Body.", "outlet": "o.example"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": f"Body {i}.", "outlet": "o.example"} for i in range(5)]), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [{"content": "Wrapped body.", "source": {"name": "W"}}]}),
                       encoding="utf-8")
    assert len(articles(read_path(one))) == 1
    assert [a.text for a in articles(read_path(many))] == [f"Body {i}." for i in range(5)]
    (w,) = articles(read_path(wrapped))
    assert (w.text, w.outlet) == ("Wrapped body.", "w")


def test_news_please_preset(tmp_path):
    record = {"authors": ["Jane Roe"], "date_download": "2021-10-29 08:00:00", "date_modify": None,
              "date_publish": "2021-10-28 12:43:00", "description": "Short.", "filename": "x.json",
              "image_url": None, "language": "en", "localpath": None, "maintext": "Main text here.",
              "source_domain": "www.rt.com", "text": None, "title": "Headline", "title_page": None,
              "title_rss": None, "url": "https://www.rt.com/news/1/"}
    path = tmp_path / "np.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (a,) = articles(read_path(path))
    assert (a.text, a.outlet, a.lang, a.authors) == ("Main text here.", "rt.com", "en", ["Jane Roe"])
    assert a.published == datetime(2021, 10, 28, 12, 43)
    assert a.meta["preset"] == "news-please" and a.meta["description"] == "Short."


def test_allsides_preset(tmp_path):
    record = {"topic": "taiwan", "source": "CNN (Web News)", "bias": 0, "url": "https://cnn.com/x",
              "title": "T", "date": "2021-10-28", "authors": "A. Writer, B. Writer", "content": "processed text",
              "content_original": "Original text.", "source_url": "www.cnn.com", "bias_text": "left", "ID": "abc"}
    path = tmp_path / "abc.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (a,) = articles(read_path(path))
    assert a.text == "Original text." and a.outlet == "cnn (web news)"
    assert a.meta["bias"] == 0 and a.meta["bias_text"] == "left" and a.meta["source_id"] == "abc"
    assert a.authors == ["A. Writer", "B. Writer"]


def test_basil_preset(tmp_path):
    record = {"triplet-uuid": "t-1", "uuid": "u-1", "source": "fox", "title": "Title", "date": "2019-03-01",
              "url": "https://fox.example/a", "main-event": "Summit ends",
              "body-paragraphs": [["First sentence.", "Second sentence."], ["Third sentence."]],
              "phrase-level-annotations": []}
    path = tmp_path / "basil.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (a,) = articles(read_path(path))
    assert a.text == "First sentence. Second sentence.\n\nThird sentence."
    assert a.outlet == "foxnews.com" and a.meta["gold_event"] == "t-1" and a.meta["source_code"] == "fox"
    assert a.meta["main-event"] == "Summit ends"


def test_csv_mapping_tsv_and_mediacloud(tmp_path):
    csv_path = tmp_path / "export.csv"
    csv_path.write_text('content,source,date,extra\n"Body, with comma.",Herald,2024-03-01,x\n', encoding="utf-8")
    (a,) = articles(read_path(csv_path, mapping="text=content,outlet=source,published=date"))
    assert (a.text, a.outlet, a.meta["extra"]) == ("Body, with comma.", "herald", "x")
    tsv_path = tmp_path / "export.tsv"
    tsv_path.write_text("text\toutlet\nTab body.\tT\n", encoding="utf-8")
    assert articles(read_path(tsv_path))[0].text == "Tab body."
    mc = tmp_path / "mc.csv"
    mc.write_text("stories_id,publish_date,title,url,language,media_id,media_name,media_url,text\n"
                  "42,2024-03-01 10:00:00,T,https://www.herald.example/a,en,7,Herald,https://herald.example,Body.\n",
                  encoding="utf-8")
    (m,) = articles(read_path(mc))
    assert (m.outlet, m.meta["source_id"], m.meta["preset"]) == ("herald.example", "42", "mediacloud")


def test_feed(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>
<link>https://herald.example/</link>
<item><title>Port deal</title><link>https://herald.example/a</link>
<pubDate>Thu, 28 Oct 2021 12:43:00 GMT</pubDate><author>j@herald.example (Jo Writer)</author>
<description>&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description></item>
</channel></rss>""", encoding="utf-8")
    (a,) = articles(read_path(feed))
    assert (a.title, a.outlet, a.url) == ("Port deal", "herald.example", "https://herald.example/a")
    assert a.text == "First paragraph.\n\nSecond."
    assert a.published == datetime(2021, 10, 28, 12, 43, tzinfo=timezone.utc)


def test_html_page():
    (a,) = articles(read_path(FIX / "html" / "port_vote.html"))
    gold = (FIX / "html" / "port_vote.gold.txt").read_text(encoding="utf-8").strip()
    assert a.text == gold
    assert a.title == "Council delays port vote over crane safety"
    assert a.outlet == "harborherald.example"
    assert a.published.isoformat() == "2024-03-14T09:05:00+00:00"
    assert a.authors == ["Mara Quinn"]


def test_format_override_and_detection(tmp_path):
    path = tmp_path / "noext"
    path.write_text('{"text": "A."}\n{"text": "B."}\n', encoding="utf-8")
    assert len(articles(read_path(path))) == 2
    page = tmp_path / "page.json"
    page.write_text("Port reopens\n\nThe port reopened on Monday after the storm, officials said.\n", encoding="utf-8")
    assert rejections(read_path(page))  # not JSON
    (as_text,) = articles(read_path(page, fmt="text"))  # read as a raw page when the format is forced
    assert as_text.title == "Port reopens"
    with pytest.raises(Exception, match="valid"):
        list(read_path(path, fmt="docx"))
    assert "text" in FORMATS and "mediacloud" in FORMATS


def test_parse_mapping_errors():
    assert parse_mapping({"Text": "c"}) == {"text": "c"}
    with pytest.raises(ValueError, match="expected FIELD=COLUMN"):
        parse_mapping("text")


# -- ingest() and the CLI ----------------------------------------------------------------------------

def test_ingest_report_and_idempotence(tmp_path, db_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": f"Body {i}.", "outlet": "o.example"}) + "\n" for i in range(7)),
                    encoding="utf-8")
    first = ingest(path, db_path, batch_size=3)
    assert len(first.added) == 7 and first.ok
    again = ingest([path], db_path)
    assert len(again.added) == 0 and len(again.duplicates) == 7
    assert again.duplicates[0].source == f"{path}:1"
    with Store(db_path) as store:
        assert len(store) == 7
    dry = ingest(path, db_path, dry_run=True)
    assert len(dry.duplicates) == 7 and dry.dry_run


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "x."}\n{"text": "x."}\n', encoding="utf-8")
    db = tmp_path / "none.db"
    report = ingest(path, db, dry_run=True)
    assert (len(report.added), len(report.duplicates)) == (1, 1)
    assert not db.exists()


def test_cli_ingest_summary_and_exit_status(runner, tmp_path, db_path):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Body.", "outlet": "o.example"}\n', encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(good), "--db", str(db_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "added 1, duplicates 0, rejected 0" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"text": "cut off', encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(good), str(bad), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "added 0, duplicates 1, rejected 1" in result.output
    assert f"rejected: {bad}" in result.output and "truncated JSON" in result.output


def test_cli_stdin_dry_run_and_usage(runner, tmp_path, db_path):
    result = runner.invoke(main, ["ingest", "-", "--format", "jsonl", "--dry-run", "--db", str(db_path)],
                           input='{"text": "From stdin.", "outlet": "o"}\n')
    assert result.exit_code == 0 and "would add 1" in result.output
    assert not db_path.exists()
    result = runner.invoke(main, ["ingest", "--db", str(db_path)])
    assert result.exit_code == 2 and "--corpus" in result.output
    result = runner.invoke(main, ["ingest", "x", "--map", "body=content", "--db", str(db_path)])
    assert result.exit_code == 1 and "unknown mapping target 'body'" in result.output


def test_cli_help_has_example(runner):
    result = runner.invoke(main, ["ingest", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


# -- HTML quality on the project's own pages (no real pages with gold bodies are in the repo) -------

HTML_PAGES = sorted(p.stem for p in (FIX / "html").glob("*.html"))


@pytest.mark.parametrize("name", HTML_PAGES)
def test_html_fixture_bodies_are_exact(name):
    (a,) = articles(read_path(FIX / "html" / f"{name}.html"))
    assert a.text == (FIX / "html" / f"{name}.gold.txt").read_text(encoding="utf-8").strip()


def test_html_metadata_fallbacks():
    (storm,) = articles(read_path(FIX / "html" / "storm_live.html"))
    assert storm.outlet == "coastline news"  # from "<title>Headline | Site</title>"
    assert storm.published.isoformat() == "2024-02-11T17:20:00+00:00"  # the dateline gives the time of day
    (column,) = articles(read_path(FIX / "html" / "opinion_column.html"))
    assert column.published.isoformat() == "2024-03-16T10:00:00+01:00"  # JSON-LD
    assert column.url == "https://harborledger.example/opinion/port-deal-bad-bargain"


def test_html_cleaner_beats_trafilatura_alone():
    import trafilatura

    raw, cleaned = [], []
    for name in HTML_PAGES:
        gold = (FIX / "html" / f"{name}.gold.txt").read_text(encoding="utf-8")
        doc = trafilatura.bare_extraction((FIX / "html" / f"{name}.html").read_bytes(), include_comments=False,
                                          include_tables=False, with_metadata=True)
        raw.append(token_f1(doc.as_dict()["text"], gold))
        (a,) = articles(read_path(FIX / "html" / f"{name}.html"))
        cleaned.append(token_f1(a.text, gold))
    assert sum(cleaned) / len(cleaned) >= 0.99
    assert sum(cleaned) / len(cleaned) > sum(raw) / len(raw)


def test_atom_feed_with_full_content(tmp_path):
    feed = tmp_path / "atom.xml"
    feed.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><link href="https://ledger.example/"/>
<entry><title>Ferry fares rise</title><link href="https://ledger.example/ferry"/><id>tag:ledger,1</id>
<updated>2024-03-20T06:45:00+01:00</updated><author><name>Owen Talbot</name></author>
<content type="html">&lt;p&gt;Fares rise by 12 percent.&lt;/p&gt;&lt;p&gt;Commuters are angry.&lt;/p&gt;</content>
</entry></feed>""", encoding="utf-8")
    (a,) = articles(read_path(feed))
    assert (a.title, a.outlet, a.authors) == ("Ferry fares rise", "ledger.example", ["Owen Talbot"])
    assert a.text == "Fares rise by 12 percent.\n\nCommuters are angry."
    assert a.published.isoformat() == "2024-03-20T05:45:00+00:00"
    assert a.meta["guid"] == "tag:ledger,1"


def test_mediacloud_export_without_text_says_why(tmp_path):
    mc = tmp_path / "mc.csv"
    mc.write_text("stories_id,publish_date,title,url,media_name\n1,2024-03-01,T,https://a.example/x,a.example\n",
                  encoding="utf-8")
    (rejection,) = rejections(read_path(mc))
    assert "no text column" in rejection.reason and "Media Cloud" in rejection.reason


# -- speed work: the ingest fast paths give exactly what the plain code gives ---------------------
def test_split_and_the_regex_whitespace_class_are_the_same_characters():
    import re
    import sys

    # records._id_part relies on this to normalise ids like article.content_id does
    chars = [chr(c) for c in range(sys.maxunicode + 1)]
    by_regex = {c for c in chars if re.fullmatch(r"\s", c)}
    by_split = {c for c in chars if len(f"a{c}b".split()) == 2}
    assert by_regex == by_split and len(by_regex) > 20


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_messy = st.text(alphabet=st.sampled_from(list("ab Z.\u00e9\ufb01\u2163") + ["\n", "\t", "\r", "\u00a0", "\u2003",
                                                                             "\u3000", "\x1c", "\u200b", "\u0085",
                                                                             "\u2028", " "]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(outlet=st.one_of(st.none(), _messy, st.sampled_from(["https://www.Harbor.example/x", "WWW2.a.b:80"])),
       title=st.one_of(st.none(), _messy), text=_messy)
def test_fast_article_id_is_the_article_id(outlet, title, text):
    from framescope.ingest.records import article_id

    assert article_id(outlet, title, text) == Article(outlet=outlet, title=title, text=text).id


def test_record_ids_match_articles_built_directly(tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [{"text": "Dockers\u00a0walked  out.\n\n\tAgain.", "outlet": "https://www.Herald.example/p",
             "title": " Port\u2003strike ", "date": "28 Oct, 2021 12:43"},
            {"body": "ﬁve\u2163 walked.", "source": "Ledger", "headline": None}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    found = articles(read_path(path))
    assert [a.id for a in found] == [Article(outlet=a.outlet, title=a.title, text=a.text).id for a in found]


def test_parallel_reader_keeps_at_most_a_window_of_work_in_flight():
    from framescope.ingest import Rejection as Rej
    from framescope.ingest import parallel

    pulled = []

    def tasks():
        for i in range(30):
            pulled.append(i)
            yield (None, Rej(f"missing{i}", "no such file")) if i % 7 == 3 else (sorted, ([i, -i],))

    results = []
    for result in parallel._ordered_map(tasks(), 2):
        results.append(result)
        waiting = [i for i in pulled[len(results):] if i % 7 != 3]  # submitted work not consumed yet
        assert len(waiting) <= parallel.IN_FLIGHT * 2
    assert results == [[Rej(f"missing{i}", "no such file")] if i % 7 == 3 else [-i, i] for i in range(30)]


def test_parallel_reader_runs_a_single_unit_of_work_in_process():
    import os

    from framescope.ingest import Rejection as Rej
    from framescope.ingest import parallel

    one = list(parallel._ordered_map(iter([(None, Rej("x", "gone")), (os.getpid, ())]), 2))
    assert one == [[Rej("x", "gone")], os.getpid()]
    two = list(parallel._ordered_map(iter([(os.getpid, ()), (os.getpid, ())]), 2))
    assert os.getpid() not in two


def test_ingest_into_a_given_store_leaves_its_connection_settings(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "Dockers walked out.", "outlet": "o.example"}) + "\n", encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
        assert len(ingest(path, store).added) == 1
        assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before


@pytest.mark.slow
def test_joblib_parallel_still_works_after_ingest_jobs(tmp_path, monkeypatch):
    from joblib import Parallel, delayed

    from framescope.ingest import parallel

    monkeypatch.setattr(parallel, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(parallel, "PIECE_BYTES", 3000)
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": f"Body {i}", "outlet": "o.example"}) + "\n" for i in range(1500)),
                    encoding="utf-8")
    assert len(ingest(path, tmp_path / "c.db", n_jobs=2).added) == 1500
    # ingest shares joblib's worker pool; a pool of its own broke the next Parallel call here
    assert Parallel(n_jobs=2)(delayed(abs)(-i) for i in range(4)) == [0, 1, 2, 3]
    assert len(ingest(path, tmp_path / "d.db", n_jobs=2).added) == 1500
