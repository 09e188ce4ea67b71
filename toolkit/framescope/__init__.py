"""framescope: compare how news outlets frame the same event, with the evidence behind every number.

The public API is re-exported here lazily, so ``import framescope`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "framescope.article",
    "articles_to_frame": "framescope.article",
    "frame_to_articles": "framescope.article",
    "Store": "framescope.store",
    "FramescopeError": "framescope.errors",
    "split_sentences": "framescope.text",
    "tokenize": "framescope.text",
    "read_path": "framescope.ingest",
    "read_paths": "framescope.ingest",
    "ingest": "framescope.ingest",
    "group_events": "framescope.events",
    "extract_features": "framescope.framing",
    "compare_event": "framescope.compare",
}
_SUBMODULES = {"datasets", "events", "framing", "compare", "models", "report", "ingest", "text", "store"}

__all__ = sorted(_EXPORTS) + ["__version__"]


# ``framescope.ingest`` is both a subpackage and the re-exported function ``ingest``. The
# first import of the subpackage binds the *module* to the name ``ingest`` here, which would
# shadow the function (``fs.ingest(...)`` -> "'module' object is not callable" once anything,
# e.g. ``fs.read_path``, has imported it). Import the (lazy, cheap) subpackage now and drop
# that binding, so ``fs.ingest`` always resolves through ``__getattr__`` to the function.
importlib.import_module("framescope.ingest")
globals().pop("ingest", None)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _SUBMODULES:
        return importlib.import_module(f"framescope.{name}")
    raise AttributeError(f"module 'framescope' has no attribute {name!r}")
