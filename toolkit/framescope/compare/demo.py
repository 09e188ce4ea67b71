"""The demo: bundled corpus -> store -> events -> comparison of the showcase event -> output folder."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DEFAULT_OUTPUT_DIR = "framescope-output"
DEMO_CORPUS = "harbor-city"


@dataclass
class DemoResult:
    """What :func:`run_demo` did: the comparison, where it wrote, and how long each step took."""

    comparison: object
    event_id: str
    output_dir: Path
    files: list[Path]
    db_path: Path | None
    timings: dict = field(default_factory=dict)
    n_articles: int = 0
    n_events: int = 0

    def to_text(self) -> str:
        """What the ``demo`` command prints: the comparison, then where everything is."""
        lines = [f"framescope demo: {self.n_articles} articles of the bundled '{DEMO_CORPUS}' corpus "
                 f"(fictional outlets), grouped into {self.n_events} events; comparing the showcase event.", "",
                 self.comparison.to_text(), "",
                 f"Full outputs written to {self.output_dir}/:"]
        for path in self.files:
            try:
                shown = path.relative_to(self.output_dir)
            except ValueError:
                shown = path
            lines.append(f"  {shown}")
        if self.db_path is not None:
            lines += ["", "Explore further:",
                      f"  framescope events --db {self.db_path}",
                      f"  framescope compare {self.event_id} --db {self.db_path} --format markdown"]
        lines.append(f"(done in {sum(self.timings.values()):.1f} s)")
        return "\n".join(lines)


def showcase_articles(corpus: str = DEMO_CORPUS) -> list[str]:
    """Article ids of the corpus's showcase event (``showcase: true`` in its events file)."""
    from framescope import datasets

    folder = datasets.corpus_path(corpus)
    events = [json.loads(line) for line in (folder / "events.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    show = next((e for e in events if e.get("showcase")), events[0] if events else None)
    if show is None:
        from framescope.errors import NotFoundError

        raise NotFoundError(f"bundled corpus {corpus!r} has no events")
    ids = []
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("event") == show["event"]:
                ids.append(record["id"])
    return ids


def write_outputs(comparison, out_dir: os.PathLike) -> list[Path]:
    """Write the comparison as Markdown, JSON, a long CSV and one CSV per table under ``out_dir``."""
    out = Path(out_dir)
    (out / "tables").mkdir(parents=True, exist_ok=True)
    files = []
    path = out / "comparison.md"
    path.write_text(comparison.to_markdown() + "\n", encoding="utf-8")
    files.append(path)
    path = out / "comparison.json"
    path.write_text(comparison.to_json(indent=1) + "\n", encoding="utf-8")
    files.append(path)
    path = out / "comparison.csv"
    path.write_text(comparison.to_csv(), encoding="utf-8")
    files.append(path)
    path = out / "summary.txt"
    path.write_text(comparison.to_text() + "\n", encoding="utf-8")
    files.append(path)
    from framescope.report.html import write_report

    files += write_report(comparison, out / "report.html")
    for name, frame in comparison.to_frames().items():
        target = out / "tables" / f"{name}.csv"
        _frame_csv(frame, target)
    files.append(out / "tables")
    return files


def _frame_csv(frame: pd.DataFrame, path: Path) -> None:
    from framescope.report.tables import render_frame

    path.write_text(render_frame(frame, "csv"), encoding="utf-8")


def run_demo(out_dir: os.PathLike | None = None, *, keep_store: bool | None = None, progress: bool = False,
             corpus: str = DEMO_CORPUS) -> DemoResult:
    """Ingest the bundled corpus, group events, compare the showcase event, write every output.

    Parameters
    ----------
    out_dir : folder for the outputs (default ``./framescope-output``). When given, the
        corpus database is kept there too (``framescope.db``); otherwise it lives in a
        temporary folder that is removed afterwards.
    keep_store : override where the store goes (True: under ``out_dir``; False: temporary).
    progress : show progress bars while ingesting.

    Returns
    -------
    DemoResult
    """
    from framescope.compare.event import compare_event
    from framescope.events import regroup
    from framescope.ingest import ingest
    from framescope.store import Store

    timings = {}
    explicit = out_dir is not None
    out = Path(out_dir if explicit else DEFAULT_OUTPUT_DIR)
    keep = explicit if keep_store is None else keep_store
    out.mkdir(parents=True, exist_ok=True)
    tmp = None
    if keep:
        db_path = out / "framescope.db"
    else:
        tmp = Path(tempfile.mkdtemp(prefix="framescope-demo-"))
        db_path = tmp / "framescope.db"
    try:
        with Store(db_path) as store:
            t = time.perf_counter()
            report = ingest([], store, corpus=corpus, progress=progress)
            timings["ingest"] = time.perf_counter() - t
            t = time.perf_counter()
            regroup(store)
            timings["events"] = time.perf_counter() - t
            wanted = showcase_articles(corpus)
            found = store.articles(ids=wanted, columns=["id", "event"])
            events = found["event"].dropna()
            if events.empty:
                from framescope.errors import FramescopeError

                raise FramescopeError("the showcase articles were not grouped into an event")
            event_id = events.value_counts().index[0]
            n_events = store.conn.execute("SELECT COUNT(DISTINCT event) FROM articles WHERE event IS NOT NULL") \
                .fetchone()[0]
            n_articles = len(store)
            t = time.perf_counter()
            comparison = compare_event(store, event_id)
            timings["compare"] = time.perf_counter() - t
        t = time.perf_counter()
        files = write_outputs(comparison, out)
        timings["write"] = time.perf_counter() - t
        del report
        return DemoResult(comparison=comparison, event_id=event_id, output_dir=out, files=files,
                          db_path=db_path if keep else None, timings=timings, n_articles=n_articles,
                          n_events=n_events)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
