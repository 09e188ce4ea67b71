"""The bundled harbor-city corpus: shape, gold offsets, build freshness, loader API and CLI."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framescope import datasets
from framescope.errors import NotFoundError
from framescope.labels import GENERIC_FRAMES, ISSUE_FRAMES, PERSUASION_TECHNIQUES, VERB_STANCES
from framescope.text import word_count

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "harbor-city"


@pytest.fixture(scope="module")
def hc():
    return datasets.load("harbor-city")


# --- shape -------------------------------------------------------------------------------------

def test_counts(hc):
    a = hc.articles
    events = a["event"].dropna().unique()
    assert len(events) >= 10
    assert len(hc.events) == len(events)
    assert a["outlet"].nunique() >= 5
    assert len(a) >= 40
    assert a["key"].is_unique and a["id"].is_unique
    assert a["event"].isna().sum() >= 3, "a few articles belong to no event"


def test_event_kinds_cover_the_issue(hc):
    kinds = set(hc.events["kind"])
    assert {"foreign_policy", "strike", "court_ruling", "public_health", "budget", "protest", "disaster",
            "election_result", "corporate_scandal", "immigration"} <= kinds


def test_every_article_is_250_to_700_words(hc):
    counts = hc.articles["text"].map(word_count)
    bad = hc.articles.loc[(counts < 250) | (counts > 700), "key"].tolist()
    assert not bad


def test_every_event_is_covered_by_at_least_four_outlets(hc):
    per_event = hc.articles.dropna(subset=["event"]).groupby("event")["outlet"].nunique()
    assert (per_event >= 4).all(), per_event[per_event < 4].to_dict()


def test_outlets_table_matches_articles(hc):
    assert {"name", "domain", "country", "ownership", "leaning", "profile"} <= set(hc.outlets.columns)
    assert set(hc.articles["outlet"]) <= set(hc.outlets["domain"])


def test_article_fields_and_types(hc):
    a = hc.articles
    assert list(a.columns[:10]) == ["id", "outlet", "url", "title", "published", "text", "lang", "authors",
                                    "source", "meta"]
    assert str(a["published"].dt.tz) == "UTC" and a["published"].notna().all()
    assert (a["lang"] == "en").all() and (a["source"] == "harbor-city").all()
    assert a["url"].str.contains(r"^https://[a-z]+\.example/").all()
    assert all(isinstance(x, list) for x in a["authors"])
    from framescope.article import content_id

    assert all(content_id(r.outlet, r.title, r.text) == r.id for r in a.itertuples())


def test_paragraphs_are_separated_by_blank_lines(hc):
    for text in hc.articles["text"]:
        assert "\n\n" in text and "\n\n\n" not in text and text == text.strip()


def test_no_real_world_domains(hc):
    assert hc.articles["url"].map(lambda u: u.split("/")[2].endswith(".example")).all()


# --- the designed traps ------------------------------------------------------------------------

def test_two_same_topic_strikes_are_different_events(hc):
    ev = hc.events.set_index("event")
    assert ev.loc["e02", "kind"] == ev.loc["e08", "kind"] == "strike"
    days = abs((pd.Timestamp(ev.loc["e02", "date"]) - pd.Timestamp(ev.loc["e08", "date"])).days)
    assert days <= 7, "same week"
    def ids(event, kind):
        return {e["id"] for e in ev.loc[event, "entities"] if e["type"] == kind}

    assert not ids("e02", "organisation") & ids("e08", "organisation"), "different union and employer"
    assert len(ids("e02", "person") & ids("e08", "person")) <= 1, "different people (a minister may recur)"


def test_a_wire_story_is_reprinted_almost_verbatim_by_two_outlets(hc):
    a = hc.articles.set_index("id")
    reprints = hc.articles.dropna(subset=["duplicate_of"])
    assert len(reprints) >= 2
    for original_id, group in reprints.groupby("duplicate_of"):
        original = a.loc[original_id]
        assert original["outlet"] == "meridianwire.example"
        assert group["outlet"].nunique() == len(group) >= 2
        for row in group.itertuples():
            assert row.event == original["event"]
            assert row.text != original["text"], "tiny edits, not identical"
            ratio = difflib.SequenceMatcher(None, row.text, original["text"]).ratio()
            assert ratio > 0.9, (row.key, ratio)


def test_showcase_event_is_e01_with_ostrel_today(hc):
    ev = hc.events.set_index("event")
    assert bool(ev.loc["e01", "showcase"]) and ev["showcase"].sum() == 1
    assert "ostreltoday.example" in set(hc.articles.loc[hc.articles["event"] == "e01", "outlet"])


# --- gold annotations --------------------------------------------------------------------------

SPAN_TABLES = ("quotes", "labels", "persuasion", "fact_mentions")


@pytest.mark.parametrize("table", SPAN_TABLES)
def test_every_annotation_offset_matches_its_text(hc, table):
    a = hc.articles.set_index("id")
    frame = getattr(hc, table)
    assert len(frame) > 0
    for row in frame.itertuples():
        source = a.loc[row.article_id, row.field]
        assert source[row.start:row.end] == row.text, (table, row.key, row.text)


def test_span_offsets_in_gold_file_match_articles_file():
    articles = {json.loads(line)["key"]: json.loads(line) for line in open(CORPUS / "articles.jsonl")}
    for line in open(CORPUS / "gold.jsonl"):
        gold = json.loads(line)
        art = articles[gold["key"]]
        assert gold["article_id"] == art["id"]
        for part in ("quotes", "labels", "persuasion", "facts"):
            for item in gold[part]:
                assert art[item["field"]][item["start"]:item["end"]] == item["text"]


def test_label_ids_are_valid(hc):
    f = hc.frames
    assert set(f["primary_frame"]) <= set(ISSUE_FRAMES)
    assert all(set(x) <= set(ISSUE_FRAMES) and p in x for x, p in zip(f["issue_frames"], f["primary_frame"]))
    assert all(set(x) <= set(GENERIC_FRAMES) for x in f["generic_frames"])
    assert set(hc.quotes["stance"]) <= set(VERB_STANCES)
    assert set(hc.quotes["kind"]) == {"direct", "indirect"}
    assert set(hc.persuasion["technique"]) <= set(PERSUASION_TECHNIQUES)
    assert len(f) == len(hc.articles)


def test_primary_frames_differ_across_outlets_somewhere(hc):
    merged = hc.frames.merge(hc.articles[["id", "outlet"]], left_on="article_id", right_on="id")
    varied = merged.dropna(subset=["event"]).groupby("event")["primary_frame"].nunique()
    assert (varied >= 2).sum() >= 6


def test_facts_and_omissions(hc):
    per_event = hc.facts.groupby("event").size()
    assert per_event.between(6, 10).all()
    assert set(hc.fact_mentions["fact"]) <= set(hc.facts["fact"])
    mentions = hc.fact_mentions.merge(hc.articles[["id", "event"]], left_on="article_id", right_on="id")
    assert (mentions["fact"].str.split("-").str[0] == mentions["event"]).all()
    carried = mentions.groupby("article_id")["fact"].nunique()
    facts_per_event = hc.facts.groupby("event").size()
    evented = hc.articles.dropna(subset=["event"])
    omitted = [facts_per_event[r.event] - carried.get(r.id, 0) for r in evented.itertuples()]
    assert sum(1 for n in omitted if n > 0) >= 10, "outlets leave facts out"


def test_label_entities_exist(hc):
    ev = hc.events.set_index("event")
    labels = hc.labels.merge(hc.articles[["id", "event"]], left_on="article_id", right_on="id")
    for row in labels.itertuples():
        assert row.entity in {e["id"] for e in ev.loc[row.event, "entities"]}


def test_quote_verbs_follow_outlet_profiles(hc):
    q = hc.quotes.merge(hc.articles[["id", "outlet"]], left_on="article_id", right_on="id")
    share = q.groupby("outlet")["stance"].apply(lambda s: (s == "neutral").mean())
    assert share["meridianwire.example"] > 0.9
    assert share["meridianwire.example"] > share["harborledger.example"]
    assert share["meridianwire.example"] > share["dailyclarion.example"]
    persuasion = hc.persuasion.merge(hc.articles[["id", "outlet"]], left_on="article_id", right_on="id")
    counts = persuasion["outlet"].value_counts()
    assert counts.idxmax() == "dailyclarion.example"
    assert counts.get("meridianwire.example", 0) <= 3


def test_span_text_helper(hc):
    row = hc.labels.iloc[0]
    assert hc.span_text(row) == row["text"]


# --- build.py --------------------------------------------------------------------------------

def _run_build(folder: Path, *args: str, capsys) -> tuple[int, str]:
    """Run ``folder/build.py`` in-process (a fresh module per folder); return (exit code, stderr)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_hc_build_{abs(hash(str(folder)))}", folder / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    capsys.readouterr()
    code = module.main(list(args))
    return code, capsys.readouterr().err


def test_built_files_are_up_to_date(capsys):
    code, err = _run_build(CORPUS, "--check", capsys=capsys)
    assert code == 0, err


@pytest.fixture
def corpus_copy(tmp_path):
    target = tmp_path / "harbor-city"
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("raw", "__pycache__", "*.jsonl"))
    return target


def _edit_gold(folder: Path, name: str, edit) -> None:
    path = folder / "src" / "e01" / name
    gold = json.loads(path.read_text(encoding="utf-8"))
    edit(gold)
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("edit, expected", [
    (lambda g: g["quotes"][0].update(text="words nobody wrote"), "words nobody wrote"),
    (lambda g: g.update(primary_frame="warfare"), "warfare"),
    (lambda g: g["facts"].append({"fact": "e01-f99", "text": "Kessa"}), "e01-f99"),
    (lambda g: g["labels"].append({"entity": "nobody", "text": "Kessa"}), "nobody"),
    (lambda g: g["persuasion"].append({"text": "Kessa", "technique": "magic"}), "magic"),
])
def test_build_fails_loudly_naming_file_and_value(corpus_copy, edit, expected, capsys):
    _edit_gold(corpus_copy, "meridian.gold.json", edit)
    code, err = _run_build(corpus_copy, "--only", "e01", capsys=capsys)
    assert code == 2
    assert "src/e01/meridian.gold.json" in err and expected in err


def test_build_rejects_too_short_article(corpus_copy, capsys):
    path = corpus_copy / "src" / "e01" / "meridian.txt"
    head, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
    path.write_text(head + "\n---\nToo short.\n\nReally.\n", encoding="utf-8")
    code, err = _run_build(corpus_copy, "--only", "e01", capsys=capsys)
    assert code == 2 and "src/e01/meridian.txt" in err and "words" in err


def test_check_reports_stale_files(corpus_copy, capsys):
    code, err = _run_build(corpus_copy, "--check", capsys=capsys)
    assert code == 1 and "articles.jsonl" in err


# --- loader API and CLI ----------------------------------------------------------------------

def test_available_lists_harbor_city():
    table = datasets.available()
    assert list(table.columns) == ["name", "description", "articles", "events", "outlets"]
    row = table.set_index("name").loc["harbor-city"]
    assert row["articles"] >= 40 and row["events"] >= 10 and row["outlets"] >= 5
    assert "fictional" in row["description"].lower()


def test_paths():
    assert datasets.corpus_path("harbor-city").name == "harbor-city"
    path = datasets.corpus_articles_path("harbor-city")
    assert path.name == "articles.jsonl" and path.exists()


@pytest.mark.parametrize("call", [datasets.load, datasets.corpus_path, datasets.corpus_articles_path])
def test_unknown_corpus_names_the_valid_ones(call):
    with pytest.raises(NotFoundError, match=r"no bundled corpus 'nope'.*harbor-city"):
        call("nope")


def test_articles_roundtrip_into_article_records(hc):
    from framescope.article import Article

    row = hc.articles.iloc[0].to_dict()
    article = Article.from_dict({k: row[k] for k in ("outlet", "title", "text", "published", "url")})
    assert article.id == row["id"]


def test_corpora_command(runner):
    from framescope.cli import main

    result = runner.invoke(main, ["corpora"])
    assert result.exit_code == 0, result.output
    assert "harbor-city" in result.output
    result = runner.invoke(main, ["corpora", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert rows[0]["name"] == "harbor-city" and rows[0]["articles"] >= 40
    result = runner.invoke(main, ["corpora", "--format", "xml"])
    assert result.exit_code != 0 and "xml" in result.output


# --- packaging -------------------------------------------------------------------------------

@pytest.mark.slow
def test_wheel_ships_the_corpus_and_loads_it_outside_the_checkout(tmp_path):
    """Build a wheel (no deps), unpack it, and load the corpus from the unpacked package."""
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"),
                             str(REPO)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and "bdist_wheel" in result.stderr + result.stdout:  # pragma: no cover
        pytest.skip("cannot build wheels here")
    assert result.returncode == 0, result.stderr
    (wheel,) = (tmp_path / "w").glob("framescope-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for name in ("articles.jsonl", "gold.jsonl", "events.jsonl", "outlets.csv", "README.md"):
        assert f"framescope/corpora/harbor-city/{name}" in names
    code = ("import framescope, framescope.datasets as d; "
            "assert framescope.__file__.startswith(%r), framescope.__file__; "
            "c = d.load('harbor-city'); print(len(c.articles), len(c.events))") % str(tmp_path / "site")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert run.returncode == 0, run.stderr
    n_articles, n_events = map(int, run.stdout.split())
    assert n_articles >= 40 and n_events >= 10
