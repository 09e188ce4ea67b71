"""The scikit-learn contract, for every framing family in the registry."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from framescope.framing import FAMILIES, family_class
from framescope.framing.base import EVIDENCE_COLUMNS, FramingFamily

ARTICLES = pd.DataFrame({
    "id": ["a", "b", "c"],
    "outlet": ["x.example", "y.example", "z.example"],
    "title": ["Union bosses slam port deal", "Court strikes down protest law", ""],
    "text": [
        "The Harbor Dockworkers' Union said on Monday it would strike. “We will not back down,” said "
        "Rosa Ilvane, the union's general secretary.\n\nShips were delayed at the port, officials said.",
        "The Constitutional Court ruled 5-4 that parts of the Public Assembly Act were unconstitutional. "
        "Critics claimed the ruling would invite chaos.",
        "",
    ],
})


def family_or_skip(name):
    try:
        return family_class(name)
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"family {name!r} is not importable yet ({exc})")


@pytest.fixture(params=list(FAMILIES))
def cls(request):
    return family_or_skip(request.param)


def test_is_a_framing_family(cls):
    assert issubclass(cls, FramingFamily)
    assert cls.family in FAMILIES


def test_init_only_stores_params(cls):
    est = cls()
    params = est.get_params()
    for key, value in params.items():
        assert getattr(est, key) is value or getattr(est, key) == value
    assert not [k for k in vars(est) if k.endswith("_")]  # no learned state before fit


def test_clone_and_set_params(cls):
    est = cls()
    params = est.get_params()
    twin = clone(est)
    assert type(twin) is cls and twin.get_params() == params
    assert est.set_params(**params) is est


def test_fit_returns_self_and_width(cls):
    est = cls()
    assert est.fit(ARTICLES) is est
    X = est.transform(ARTICLES)
    names = est.get_feature_names_out()
    assert X.shape == (len(ARTICLES), len(names))
    assert all(str(n).startswith(f"{cls.family}__") for n in names)
    assert len(set(map(str, names))) == len(names)
    assert np.isfinite(np.asarray(X, dtype=float)).all()
    np.testing.assert_allclose(est.fit_transform(ARTICLES), X)  # deterministic


def test_evidence_columns(cls):
    ev = cls().fit(ARTICLES).evidence(ARTICLES)
    assert list(ev.columns) == EVIDENCE_COLUMNS
    if len(ev):
        assert set(ev["family"]) == {cls.family}
        assert set(ev["article_id"]) <= set(ARTICLES["id"])
        source = ARTICLES.set_index("id")
        for row in ev.itertuples():
            assert source.loc[row.article_id, row.field][row.start:row.end] == row.text


def test_pickle_round_trip(cls):
    est = cls().fit(ARTICLES)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_allclose(again.transform(ARTICLES), est.transform(ARTICLES))


def test_feature_union_and_pipeline(cls):
    union = FeatureUnion([("f", cls()), ("g", cls())])
    X = union.fit_transform(ARTICLES)
    width = len(cls().fit(ARTICLES).get_feature_names_out())
    assert X.shape == (len(ARTICLES), 2 * width)
    assert list(union.get_feature_names_out())[0].startswith(f"f__{cls.family}__")
    pipe = Pipeline([("f", cls()), ("scale", StandardScaler())])
    assert pipe.fit_transform(ARTICLES).shape == (len(ARTICLES), width)


def test_column_transformer(cls):
    ct = ColumnTransformer([("f", cls(), ["id", "title", "text"])], remainder="drop")
    X = ct.fit_transform(ARTICLES)
    width = len(cls().fit(ARTICLES).get_feature_names_out())
    assert X.shape == (len(ARTICLES), width)
    assert len(ct.get_feature_names_out()) == width
