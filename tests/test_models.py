"""Models: training, CV metrics, skops persistence and refusal, CLI."""

import json

import numpy as np
import pandas as pd
import pytest

from framescope import models
from framescope.cli import main
from framescope.errors import InputError, ModelError


def tiny_frame(n_repeat=5):
    texts = ["calm budget report today", "calm court report issued", "outrageous shameful lie again",
             "outrageous disgraceful lie spread"] * n_repeat
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(texts))], "title": "", "text": texts,
                         "label": ["neutral", "neutral", "biased", "biased"] * n_repeat})


def test_score_matches_hand_computation():
    # true a a b b / predicted a b b b: a: P=1 R=.5 F=2/3; b: P=2/3 R=1 F=.8; macro = (2/3+.8)/2
    metrics = models.score(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert metrics.summary["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2)
    assert metrics.summary["accuracy"] == pytest.approx(0.75)
    assert metrics.per_class.loc["a", "recall"] == pytest.approx(0.5)
    assert metrics.per_class.loc["b", "precision"] == pytest.approx(2 / 3)
    assert metrics.confusion.loc["a", "b"] == 1 and metrics.confusion.loc["b", "b"] == 2


def test_cross_validation_separable_and_random():
    good = models.cross_validate(models.build_pipeline(families=None), tiny_frame(), folds=5)
    assert good.summary["macro_f1"] == 1.0 and good.summary["n_examples"] == 20
    rng = np.random.default_rng(0)
    words = [" ".join(rng.choice(["alpha", "beta", "gamma", "delta", "eps"], 6)) for _ in range(60)]
    noise = pd.DataFrame({"id": range(60), "title": "", "text": words, "label": rng.choice(["x", "y"], 60)})
    chance = models.cross_validate(models.build_pipeline(families=None, use_chars=False), noise, folds=5)
    assert chance.summary["macro_f1"] < 0.75


def test_multi_label_training():
    frame = tiny_frame()
    frame["label"] = ["economic|legality", "legality", "morality", "morality|economic"] * 5
    model = models.train(frame, multi_label=True, families=(), folds=3)
    assert model.classes == ["economic", "legality", "morality"]
    assert model.metrics.confusion is None and "micro_f1" in model.metrics.summary
    out = models.predict(model, frame)
    assert set(out.columns) == {"id", "prediction", "proba_economic", "proba_legality", "proba_morality"}


@pytest.mark.parametrize("labels, message", [
    (["a"] * 20, "only one class"),
    (["a"] * 19 + ["b"], "has 1 example"),
])
def test_untrainable_labels(labels, message):
    frame = tiny_frame()
    frame["label"] = labels
    with pytest.raises(InputError, match=message):
        models.train(frame, families=())


def test_fewer_examples_than_folds():
    with pytest.raises(InputError, match="fewer than the 5"):
        models.train(tiny_frame(1), families=())


def test_read_labelled_sniffs_delimiter_and_names_missing_column(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("sentence;biased\nA calm report.;0\nA shameful lie!;1\n\t;0\n")
    frame = models.read_labelled(path, text_col="sentence", label_col="biased")
    assert list(frame["label"]) == ["0", "1", "0"] and frame.attrs["n_empty_texts"] == 1
    with pytest.raises(InputError, match="no label column 'bias'.*sentence, biased"):
        models.read_labelled(path, text_col="sentence", label_col="bias")
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text('{"t": "x", "y": "a"}\n{"t": null, "y": "b"}\n')
    assert models.read_labelled(jsonl, text_col="t", label_col="y")["text"].tolist() == ["x", ""]


def test_skops_round_trip_records_provenance(tmp_path):
    model = models.train(tiny_frame(), families=(), folds=5)
    path = models.save_model(model, tmp_path / "m.skops")
    loaded = models.load_model(path)
    assert loaded.meta["data_sha256"] == models.data_hash(tiny_frame())
    assert loaded.meta["metrics"]["summary"]["macro_f1"] == 1.0
    assert loaded.meta["framescope_version"]
    pd.testing.assert_frame_equal(models.predict(loaded, tiny_frame()), models.predict(model, tiny_frame()))


class Untrusted:  # a type outside the trusted set
    pass


def test_untrusted_type_refused(tmp_path):
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"format": "framescope-model", "meta": "{}", "pipeline": Untrusted()}, path)
    with pytest.raises(ModelError, match="does not trust.*Untrusted"):
        models.load_model(path)


def test_tampered_and_foreign_version_refused(tmp_path):
    model = models.train(tiny_frame(), families=(), folds=5)
    path = models.save_model(model, tmp_path / "m.skops")
    damaged = tmp_path / "damaged.skops"
    damaged.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(ModelError, match="not a readable"):
        models.load_model(damaged)
    model.meta["framescope_version"] = "9.9.0"
    old = models.save_model(model, tmp_path / "old.skops")
    with pytest.raises(ModelError, match="framescope 9.9.0"):
        models.load_model(old)


def test_explain_names_the_words():
    weights = models.explain(models.train(tiny_frame(), families=(), cv=False, use_chars=False), top=3)
    assert set(weights.loc[weights["class"] == "biased", "feature"]) & {"outrageous", "lie"}


def test_cli_train_evaluate_predict_explain(tmp_path, runner):
    data = tmp_path / "data.tsv"
    tiny_frame().rename(columns={"text": "sentence", "id": "sid"}).to_csv(data, sep="\t", index=False)
    model_path = tmp_path / "m.skops"
    common = ["--text-col", "sentence", "--id-col", "sid"]
    result = runner.invoke(main, ["train", str(data), *common, "--label-col", "label", "--features", "none",
                                  "--model", str(model_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["macro_f1"] == 1.0
    result = runner.invoke(main, ["evaluate", str(model_path), str(data), *common])
    assert result.exit_code == 0 and "macro_f1=1.000" in result.output
    out = tmp_path / "p.csv"
    result = runner.invoke(main, ["predict", str(model_path), str(data), *common, "--out", str(out)])
    assert result.exit_code == 0, result.output
    predictions = pd.read_csv(out)
    assert list(predictions.columns) == ["sid", "prediction", "proba_biased", "proba_neutral"]
    result = runner.invoke(main, ["explain", str(model_path), "--top", "2", "--format", "csv"])
    assert result.exit_code == 0 and "class,rank,feature,block,weight" in result.output
    bad = runner.invoke(main, ["train", str(data), "--text-col", "nope", "--label-col", "label",
                               "--model", str(model_path)])
    assert bad.exit_code == 1 and "no text column 'nope'" in bad.output


def test_predict_writes_to_store(tmp_path, runner):
    from framescope.article import Article
    from framescope.store import Store

    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_articles([Article(outlet=o, title=f"{o} {i}", text=t)
                            for i, (o, t) in enumerate([("a.example", "calm report on the budget"),
                                                        ("b.example", "shameful outrageous lie")] * 4)])
    model_path = tmp_path / "o.skops"
    result = runner.invoke(main, ["train", "--db", str(db), "--label-col", "outlet", "--features", "none",
                                  "--folds", "2", "--model", str(model_path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["predict", str(model_path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        rows = store.conn.execute("SELECT prediction FROM predictions").fetchall()
    assert len(rows) == 8


def test_framing_block_rows_have_the_chosen_norm():
    """The standardised framing block is scaled to rows of norm about ``framing_weight``,
    whatever the number of families (a TF-IDF row has norm 1)."""
    from framescope import datasets

    articles = datasets.load("harbor-city").articles[["id", "title", "text"]]
    for families in (("tone",), models.ARTICLE_FAMILIES):
        pipe = models.build_pipeline(families=families, framing_weight=2.0)
        block = pipe.named_steps["features"].fit(articles).named_transformers_["framing"].transform(articles)
        norms = np.linalg.norm(block, axis=1)
        assert 1.5 < np.sqrt(np.mean(norms ** 2)) < 2.5, families


def test_framing_families_add_to_words_on_a_style_task():
    """Which outlet wrote an article: TF-IDF alone barely beats chance on the teaching corpus
    (the words are the events'); the framing families carry the outlets' styles."""
    from framescope import datasets

    articles = datasets.load("harbor-city").articles
    articles = articles[articles["outlet"].map(articles["outlet"].value_counts()) >= 5]
    frame = articles.assign(label=articles["outlet"])[["id", "title", "text", "label"]]
    words = models.cross_validate(models.build_pipeline(families=()), frame, folds=3)
    both = models.cross_validate(models.build_pipeline(), frame, folds=3)
    assert both.summary["macro_f1"] >= words.summary["macro_f1"] + 0.2
