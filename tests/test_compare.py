"""compare_event / compare_corpus: results, evidence, sample sizes, every output format, bad input, CLI."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.compare import Comparison, compare_corpus, compare_event, render_comparison
from framescope.errors import InputError, InvalidValueError, NotFoundError
from framescope.store import Store

STATE = ("President Elena Varga said on Tuesday that order had been restored in Harbor City. "
         "Police detained 40 rioters after agitators attacked officers near parliament, the Interior Ministry said.\n\n"
         "Interior Minister Joram Kest praised the police. “Our officers protected the nation,” Kest said.\n\n"
         "The government stressed that fuel subsidies would continue for farmers.")
WIRE = ("Thousands of people marched in Harbor City on Tuesday against fuel-price rises. "
        "Police used tear gas near parliament and detained 40 people, the Interior Ministry said.\n\n"
        "Twelve protesters were treated in hospital, according to the Red Cross.\n\n"
        "“We cannot afford to drive to work,” said nurse Amara Lind, 34.\n\n"
        "Interior Minister Joram Kest said the police had acted lawfully.")
LEDGER = ("Thousands of peaceful protesters marched in Harbor City on Tuesday against the fuel-price rises "
          "imposed by the ruling party. Police fired tear gas near parliament and detained 40 people.\n\n"
          "Twelve protesters were treated in hospital, according to the Red Cross.\n\n"
          "Opposition MP Aisha Okafor-Lind noted that the protest law was under review by the Constitutional Court. "
          "Interior Minister Joram Kest claimed the police had acted lawfully.")


def _store(path) -> Store:
    store = Store(path)
    arts = [
        Article(outlet="csb.example", title="Order restored after riot", text=STATE,
                published="2024-03-23T18:00:00+00:00"),
        Article(outlet="meridianwire.example", title="Thousands march against fuel prices", text=WIRE,
                published="2024-03-23T15:00:00+00:00"),
        Article(outlet="harborledger.example", title="Tear gas at peaceful march", text=LEDGER,
                published="2024-03-23T20:30:00+00:00"),
        # a second event covered by one outlet only
        Article(outlet="csb.example", title="Budget passes", text="The budget passed parliament on Friday.",
                published="2024-03-29T10:00:00+00:00"),
        # an event whose articles have no text
        Article(outlet="csb.example", title="Blank one", text="", published="2024-04-01T10:00:00+00:00"),
        Article(outlet="hpr.example", title="Blank two", text="   ", published="2024-04-01T11:00:00+00:00"),
    ]
    store.add_articles(arts)
    ids = [a.id for a in arts]
    store.set_column("event", {ids[0]: "e1", ids[1]: "e1", ids[2]: "e1", ids[3]: "e2", ids[4]: "e3", ids[5]: "e3"})
    return store


@pytest.fixture
def store(tmp_path):
    with _store(tmp_path / "c.db") as s:
        yield s


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    with _store(tmp_path_factory.mktemp("cmp") / "c.db") as s:
        return compare_event(s, "e1")


def test_comparison_structure_and_sample_sizes(comparison):
    cmp = comparison
    assert isinstance(cmp, Comparison)
    assert cmp.outlets == ["csb.example", "harborledger.example", "meridianwire.example"]
    assert cmp.sample_sizes.to_dict() == {o: 1 for o in cmp.outlets}
    assert cmp.is_anecdotal and cmp.anecdotal.all()
    cov = cmp.coverage
    assert cov.loc["meridianwire.example", "lag_hours"] == 0
    assert cov.loc["csb.example", "lag_hours"] == 3
    assert cov.loc["harborledger.example", "lag_hours"] == 5.5
    assert (cov["articles"] == 1).all() and cov["words"].gt(40).all()
    assert set(cmp.framing.index) == set(cmp.outlets)
    assert {"primary_frame", "primary_share"} <= set(cmp.framing.columns)
    assert any(c.startswith("issue__") for c in cmp.framing.columns)
    assert "mean_compound" in cmp.tone.columns
    assert cmp.similarity.shape == (3, 3)
    assert not cmp.separability.ok and "too few" in cmp.separability.status
    assert 1 <= len(cmp.differences) <= 3
    assert list(cmp.differences["rank"]) == list(range(1, len(cmp.differences) + 1))


def test_every_difference_quotes_its_evidence(comparison):
    texts = comparison.articles.set_index("id")
    for row in comparison.differences.itertuples():
        assert row.evidence, row.finding
        for e in row.evidence:
            source = texts.loc[e["article_id"], e["field"]]
            assert " ".join(source[e["start"]:e["end"]].split()) == e["text"]
            assert e["outlet"] == texts.loc[e["article_id"], "outlet"]


def test_omission_and_distinctive_terms_on_the_fixture(comparison):
    om = comparison.omission.omissions
    # the state broadcaster alone leaves out the injured protesters the two others report
    hospital = om[(om.outlet == "csb.example") & (om.kind == "claim") & om.text.str.contains("hospital")]
    assert len(hospital) == 1 and hospital.iloc[0]["status"] == "only_omits"
    terms = comparison.distinctive.top("csb.example")["term"].tolist()
    assert {"rioters", "agitators", "order", "restored"} & set(terms)
    assert "peaceful" in comparison.distinctive.top("harborledger.example", n=20)["term"].tolist()


def test_output_formats_carry_sample_sizes_and_anecdotal_flags(comparison):
    text = render_comparison(comparison, "table")
    assert "ANECDOTAL" in text and "most telling differences" in text and "csb.example" in text
    data = json.loads(render_comparison(comparison, "json"))
    assert data["anecdotal"] is True and data["sample_sizes"]["csb.example"] == 1
    assert all("anecdotal" in r and "n_articles" in r for r in data["coverage"])
    assert all(r["anecdotal"] for r in data["differences"])
    assert data["differences"][0]["evidence"][0]["article_id"]
    assert {"distinctive_terms", "coverage_omission", "similarity", "separability", "sourcing", "labels",
            "persuasion", "framing", "tone", "entity_tone"} <= set(data)
    csv = pd.read_csv(io.StringIO(render_comparison(comparison, "csv")))
    assert list(csv.columns) == ["table", "outlet", "item", "value", "n_articles", "anecdotal"]
    assert {"coverage", "framing", "similarity", "differences"} <= set(csv["table"])
    assert csv.loc[csv.outlet.notna(), "anecdotal"].all()
    md = render_comparison(comparison, "markdown")
    assert md.startswith("# Event e1") and "**Anecdotal.**" in md and "## The most telling differences" in md
    assert "| outlet |" in md
    frames = comparison.to_frames()
    assert {"summary", "differences", "coverage", "distinctive_terms", "omissions", "similarity"} <= set(frames)
    assert frames["coverage"]["anecdotal"].all()
    with pytest.raises(InvalidValueError, match="valid: csv, html, json, markdown, table"):
        render_comparison(comparison, "xml")


def test_query_outlets_and_reference(store):
    cmp = compare_event(store, query="tear gas")
    assert cmp.event["id"] is None and set(cmp.outlets) == {"meridianwire.example", "harborledger.example"}
    two = compare_event(store, "e1", outlets="csb.example, meridianwire.example")
    assert two.outlets == ["csb.example", "meridianwire.example"]
    ref = compare_event(store, "e1", reference="meridianwire.example")
    terms = ref.distinctive.terms
    assert set(terms.loc[~terms["pairwise"], "reference"]) == {"meridianwire.example"}
    assert set(terms.loc[~terms["pairwise"], "group"]) == {"csb.example", "harborledger.example"}
    corpus_prior = compare_event(store, "e1", prior="corpus")
    assert corpus_prior.distinctive.prior == "corpus"
    dated = compare_event(store, query="Harbor City", since="2024-03-23", until="2024-03-23")
    assert len(dated.articles) == 3


def test_bad_input(store):
    with pytest.raises(NotFoundError, match=r"no event 'nope'; valid: e1, e2, e3"):
        compare_event(store, "nope")
    with pytest.raises(NotFoundError, match="no article matches the query 'zeppelin'"):
        compare_event(store, query="zeppelin")
    with pytest.raises(InvalidValueError, match="only one outlet \\(csb.example\\)"):
        compare_event(store, "e2")
    with pytest.raises(NotFoundError, match="unknown outlet 'bbc.example'.*valid: csb.example, harborledger.example, "
                                            "meridianwire.example"):
        compare_event(store, "e1", outlets=["csb.example", "bbc.example"])
    with pytest.raises(NotFoundError, match="unknown reference outlet 'x.example'"):
        compare_event(store, "e1", reference="x.example")
    with pytest.raises(InputError, match="have no text"):
        compare_event(store, "e3")
    with pytest.raises(InvalidValueError, match="event id or a query"):
        compare_event(store)
    with pytest.raises(InvalidValueError, match="valid: corpus, event"):
        compare_event(store, "e1", prior="bogus")


def test_articles_with_no_text_are_skipped_with_a_note(tmp_path):
    with _store(tmp_path / "c.db") as s:
        blank = Article(outlet="hpr.example", title="Empty page", text="", published="2024-03-23T21:00:00+00:00")
        s.add_articles([blank])
        s.set_column("event", {blank.id: "e1"})
        cmp = compare_event(s, "e1")
    assert "hpr.example" not in cmp.outlets
    assert any("no text" in w and blank.id in w for w in cmp.warnings)


def test_reprints_are_discounted(tmp_path):
    with _store(tmp_path / "c.db") as s:
        copy = Article(outlet="hpr.example", title="Thousands march", text=WIRE, published="2024-03-23T16:00:00+00:00")
        s.add_articles([copy])
        wire = s.articles(outlets=["meridianwire.example"], columns=["id"])["id"].iloc[0]
        s.set_column("event", {copy.id: "e1"})
        s.set_column("duplicate_of", {copy.id: wire})
        cmp = compare_event(s, "e1")
    row = cmp.coverage.loc["hpr.example"]
    assert row["articles"] == 1 and row["reprints"] == 1 and row["own_articles"] == 0 and row["words"] == 0
    assert any("reprint" in w for w in cmp.warnings)


def _three_outlet_corpus(store: Store) -> None:
    """Four events, each covered once by three outlets that frame it differently."""
    arts = []
    for i in range(4):
        arts.append(Article(outlet="a.example", title=f"Riot {i}",
                            text=f"Rioters attacked police in district {i}. Order was restored."))
        arts.append(Article(outlet="b.example", title=f"March {i}",
                            text=f"Peaceful protesters marched in district {i} against unfair prices."))
        arts.append(Article(outlet="c.example", title=f"Costs {i}",
                            text=f"The protest in district {i} cost shops 3 million crowns in lost trade."))
    store.add_articles(arts)
    store.set_column("event", {a.id: f"e{i // 3}" for i, a in enumerate(arts)})


def test_compare_corpus_by_outlet_and_field(tmp_path):
    with Store(tmp_path / "c.db") as s:
        _three_outlet_corpus(s)
        result = compare_corpus(s, n_boot=200)
        assert list(result.sample_sizes.index) == ["a.example", "b.example", "c.example"]
        assert (result.profile["ci_low"] <= result.profile["mean"] + 1e-9).all()
        assert (result.profile["mean"] <= result.profile["ci_high"] + 1e-9).all()
        again = compare_corpus(s, n_boot=200)
        pd.testing.assert_frame_equal(result.profile, again.profile)
        assert result.separability.ok
        csv_path = tmp_path / "outlets.csv"
        csv_path.write_text("name,domain,leaning\nA,a.example,left\nB,b.example,left\nC,c.example,right\n")
        by = compare_corpus(s, by="leaning", outlets_csv=csv_path, n_boot=100)
        assert by.sample_sizes.to_dict() == {"left": 8, "right": 4}
        assert by.outlets["left"] == ["a.example", "b.example"]
        for fmt in ("table", "json", "csv", "markdown"):
            assert render_comparison(by, fmt)
        with pytest.raises(InvalidValueError, match="valid: domain, leaning, name, outlet"):
            compare_corpus(s, by="country", outlets_csv=csv_path)
        with pytest.raises(InvalidValueError, match="outlets-csv"):
            compare_corpus(s, by="leaning")


def _count_texts_read(monkeypatch) -> list[int]:
    """From now on, record how many articles each ``Store.articles`` call that reads text returns."""
    from framescope.store import STORE_COLUMNS

    texts_read: list[int] = []
    read = Store.articles

    def spy(self, **kwargs):
        frame = read(self, **kwargs)
        if "text" in (kwargs.get("columns") or STORE_COLUMNS):
            texts_read.append(len(frame))
        return frame

    monkeypatch.setattr(Store, "articles", spy)
    return texts_read


def test_compare_corpus_reads_texts_a_block_at_a_time(tmp_path, monkeypatch):
    import framescope.compare.similarity as similarity
    import framescope.framing.extract as extract

    with Store(tmp_path / "c.db") as s:
        _three_outlet_corpus(s)
        whole = compare_corpus(s, n_boot=100)
        monkeypatch.setattr(extract, "STREAM_ROWS", 4)
        monkeypatch.setattr(similarity, "MAX_SEPARABILITY_ARTICLES", 9)
        texts_read = _count_texts_read(monkeypatch)
        streamed = compare_corpus(s, n_boot=100)
    # 12 texts in blocks of 4 for the features, then only the 9 sampled for separability
    assert max(texts_read) == 4 and sum(texts_read) == 12 + 9
    pd.testing.assert_frame_equal(whole.profile, streamed.profile)
    pd.testing.assert_frame_equal(whole.primary_frames, streamed.primary_frames)
    assert streamed.separability.sampled_from == 12 and sum(streamed.separability.n_articles.values()) == 9
    assert whole.separability.sampled_from is None


def test_compare_corpus_names_the_articles_it_leaves_out_for_having_no_text(tmp_path):
    with Store(tmp_path / "c.db") as s:
        _three_outlet_corpus(s)
        blank = Article(outlet="a.example", title="Blank", text=" \n\u00a0")
        s.add_articles([blank])
        result = compare_corpus(s, n_boot=50)
    assert f"1 article(s) with no text left out: {blank.id}" in result.warnings
    assert result.sample_sizes["a.example"] == 4


def test_event_separability_falls_back_to_a_corpus_sample_without_reading_every_text(tmp_path, monkeypatch):
    import framescope.compare.event as event_module
    import framescope.compare.similarity as similarity

    with Store(tmp_path / "c.db") as s:
        _three_outlet_corpus(s)  # one article per outlet and event: too few to separate within one event
        blank = Article(outlet="a.example", title="Blank", text=" \n\u00a0")
        s.add_articles([blank])
        monkeypatch.setattr(similarity, "MAX_SEPARABILITY_ARTICLES", 9)
        monkeypatch.setattr(event_module, "_SEPARABILITY_MEMO", {})
        texts_read = _count_texts_read(monkeypatch)
        cmp = compare_event(s, "e0")
    sep = cmp.separability
    assert sep.ok and sep.scope == "corpus" and sep.sampled_from == 12  # the blank article is not counted
    assert sum(sep.n_articles.values()) == 9
    assert max(texts_read) <= 9  # the event's 3 articles, then the 9 sampled: never the whole corpus
    assert any("estimated on all stored articles" in w for w in cmp.warnings)


# ---------------------------------------------------------------- CLI
def test_cli_compare_formats_and_errors(runner, tmp_path):
    db = tmp_path / "c.db"
    _store(db).close()
    result = runner.invoke(main, ["compare", "e1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "most telling differences" in result.output and "ANECDOTAL" in result.output
    result = runner.invoke(main, ["compare", "e1", "--db", str(db), "--format", "json"])
    assert json.loads(result.output)["event"]["id"] == "e1"
    out = tmp_path / "e1.md"
    result = runner.invoke(main, ["compare", "e1", "--db", str(db), "--format", "markdown", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("# Event e1")
    page = tmp_path / "e1.html"
    result = runner.invoke(main, ["compare", "e1", "--db", str(db), "--format", "html", "--out", str(page)])
    assert result.exit_code == 0 and page.read_text().lstrip().lower().startswith("<!doctype html>")
    result = runner.invoke(main, ["compare", "--by", "outlet", "--db", str(db), "--format", "html"])
    assert result.exit_code == 1 and "renders one event" in result.output
    result = runner.invoke(main, ["compare", "--query", "tear gas", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0 and result.output.startswith("table,outlet,item,value")
    result = runner.invoke(main, ["compare", "--by", "outlet", "--db", str(db), "--n-boot", "50"])
    assert result.exit_code == 0 and "bootstrap" in result.output
    for args, message in [(["compare", "nope"], "no event 'nope'; valid: e1, e2, e3"),
                          (["compare", "--query", "zeppelin"], "no article matches"),
                          (["compare", "e2"], "only one outlet"),
                          (["compare", "e1", "--outlets", "bbc.example"], "valid: csb.example"),
                          (["compare", "e3"], "no text")]:
        result = runner.invoke(main, args + ["--db", str(db)])
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    result = runner.invoke(main, ["compare", "--db", str(db)])
    assert result.exit_code == 2 and "EVENT_ID" in result.output
    result = runner.invoke(main, ["compare", "--help"])
    assert "Example:" in result.output
