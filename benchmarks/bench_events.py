"""Benchmark event grouping: time, peak memory and quality at several corpus sizes.

For each size it generates a synthetic corpus with ``generate_corpus.py`` (or reuses
``--cache-dir/syn{n}_seed{seed}.jsonl``), then, in a fresh subprocess so peak memory is
per size, times ``group_events`` and a bare ``TfidfVectorizer(sublinear_tf=True,
ngram_range=(1, 2), stop_words="english").fit_transform`` on the same title + text,
and reports wall seconds, CPU seconds of the main process and of the process tree
(from 20,000 articles on, a joblib worker shares the featurisation with the main
process; sampled with psutil), peak RSS of the main process (``resource.getrusage``)
and of the tree, the machine's load average, the ratio of the two CPU times, and
B-cubed F1 against the synthetic gold events.

Example:
    python benchmarks/bench_events.py --sizes 10000 30000 100000 --cache-dir /tmp/fsbench

Latest run, 2026-11-28 04:16-04:21 UTC, with that command on a machine busy with other
jobs (load average 4.8-5.0 on 2 cores: wall times are inflated, CPU times less so). CPU
s "tree" adds the worker process; the ratio is tree CPU over the bare TfidfVectorizer's
CPU on the same texts in the same run; RSS "tree" includes the worker:

| articles | group_events wall s | CPU s main / tree | TfidfVectorizer wall s (CPU s) | CPU ratio | RSS MB loaded -> peak main / tree | B-cubed F1 | load before |
|---:|---:|---:|---:|---:|---:|---:|---:|
| 10,000 | 6.3 | 5.9 / 5.9 | 6.2 (6.1) | 0.96 | 139 -> 435 / 433 | 0.932 | 5.0 |
| 30,000 | 22.2 | 13.9 / 21.8 | 18.5 (18.3) | 1.19 | 199 -> 647 / 931 | 0.908 | 4.8 |
| 100,000 | 94.8 | 50.3 / 76.6 | 66.2 (63.2) | 1.21 | 415 -> 1348 / 1630 | 0.908 | 4.8 |

The previous run (01:53-01:56 UTC, idle machine, load 0.2-0.9, before this round's
changes): 10,000 in 7.2 s wall (7.8 CPU s, ratio 1.41); 30,000 in 17.9 s (10.3 / 29.3
CPU s, ratio 1.54, tree RSS 1136 MB); 100,000 in 61.5 s (36.3 / 98.5 CPU s, ratio 1.67,
RSS 1506 / 2090 MB). Same F1, and the same assignments and duplicates on harbor-city
and on the 10k/30k corpora (compared article by article). The tree CPU per article
fell by 24 % at 10k, 26 % at 30k and 22 % at 100k, the ratio to TF-IDF from 1.4-1.7 to
1.0-1.2, peak tree RSS at 100k from 2.09 to 1.63 GB (one worker instead of two).
Growth: 0.59, 0.73, 0.77 tree CPU s per 1,000 articles at 10k / 30k / 100k (10k runs
in one process; 30k and 100k share the featurisation with a worker).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _corpus(n: int, seed: int, cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"syn{n}_seed{seed}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--n", str(n), "--out", str(path),
                        "--seed", str(seed)], check=True)
    return path


def _load(path: str):
    """The JSONL corpus as a DataFrame of plain Python objects (what ``Store.articles()`` gives; lean)."""
    import pandas as pd

    columns: dict[str, list] = {"outlet": [], "title": [], "published": [], "text": [], "event": []}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for key, values in columns.items():
                values.append(record.get(key))
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})
    frame["published"] = pd.to_datetime(frame["published"], utc=True, format="ISO8601")
    frame.insert(0, "id", pd.Series([f"a{i}" for i in range(len(frame))], dtype=object))
    return frame


class _TreeCPU:
    """CPU seconds of this process and its children (joblib workers), sampled with psutil when installed."""

    def __init__(self):
        try:
            import psutil
        except ImportError:  # pragma: no cover - optional
            self.proc = None
            return
        import threading

        self.proc = psutil.Process()
        self.seen: dict[int, float] = {}
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        total = 0
        for p in [self.proc] + self.proc.children(recursive=True):
            try:
                times = p.cpu_times()
                self.seen[p.pid] = times.user + times.system
                total += p.memory_info().rss
            except Exception:  # noqa: BLE001 - a worker may vanish while we look
                pass
        self.peak = max(self.peak, total)

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.1)

    def __enter__(self):
        if self.proc is not None:
            times = self.proc.cpu_times()
            self.base = times.user + times.system
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self.proc is not None:
            self._stop.set()
            self._thread.join()
            self._sample()

    def cpu(self) -> float | None:
        return None if self.proc is None else sum(self.seen.values()) - self.base


def _one(path: str, what: str, window: float) -> dict:
    """Run in a child process: load, then time one thing; report peak RSS."""
    import pandas as pd

    frame = _load(path)
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"n": len(frame), "what": what, "load_average_before": os.getloadavg()[0]}
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framescope.events import evaluate, group_events  # imports are not timed

    cpu0 = time.process_time()
    start = time.perf_counter()
    if what == "group_events":
        with _TreeCPU() as tree:
            result = group_events(frame, window_days=window)
        out["seconds"] = time.perf_counter() - start
        out["cpu_main_seconds"] = time.process_time() - cpu0
        out["cpu_tree_seconds"] = tree.cpu()
        out["peak_rss_tree_mb"] = tree.peak / 2 ** 20 if tree.proc is not None else None
        gold = pd.Series(list(frame["event"]), index=list(frame["id"]), dtype=object)
        scores = evaluate(result.assignments, gold)
        out.update(f1=float(scores["f1"]), precision=float(scores["precision"]), recall=float(scores["recall"]),
                   n_events=len(result.events))
    else:
        docs = (frame["title"].fillna("") + "\n" + frame["text"].fillna("")).tolist()
        TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), stop_words="english").fit_transform(docs)
        out["seconds"] = time.perf_counter() - start
        out["cpu_main_seconds"] = time.process_time() - cpu0
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["load_average_1min"] = os.getloadavg()[0]  # after the step
    out["rss_after_load_mb"] = rss_loaded
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--window", type=float, default=3.0)
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "fsbench")
    parser.add_argument("--skip-baseline", action="store_true", help="do not time the bare TfidfVectorizer")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "WHAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_one(args.child[0], args.child[1], args.window)))
        return 0
    rows = []
    for n in args.sizes:
        path = _corpus(n, args.seed, args.cache_dir)
        for what in ["group_events"] + ([] if args.skip_baseline else ["tfidf"]):
            done = subprocess.run([sys.executable, __file__, "--window", str(args.window), "--child", str(path), what],
                                  check=True, capture_output=True, text=True)
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| articles | group_events wall s | CPU s main / tree | TfidfVectorizer wall s (CPU s) | CPU ratio "
          "| RSS MB loaded -> peak main / tree | B-cubed F1 | load before |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        g = next(r for r in rows if r["n"] == n and r["what"] == "group_events")
        t = next((r for r in rows if r["n"] == n and r["what"] == "tfidf"), None)
        tree = g.get("cpu_tree_seconds") or g["cpu_main_seconds"]
        ratio = f"{tree / t['cpu_main_seconds']:.2f}" if t else "-"
        base = f"{t['seconds']:.1f} ({t['cpu_main_seconds']:.1f})" if t else "-"
        peak_tree = g.get("peak_rss_tree_mb")
        print(f"| {n} | {g['seconds']:.1f} | {g['cpu_main_seconds']:.1f} / {tree:.1f} | {base} | {ratio} "
              f"| {g['rss_after_load_mb']:.0f} -> {g['peak_rss_mb']:.0f} / {peak_tree or float('nan'):.0f} "
              f"| {g['f1']:.3f} | {g['load_average_before']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
