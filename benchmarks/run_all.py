"""Run every benchmark step (ingest, events, features, compare) at several corpus sizes and tabulate them.

For each size N (default 1000, 10000 and 100000) a synthetic corpus is generated with
``generate_corpus.py`` (deterministic for ``--seed``; cached in ``--cache-dir``), then
each step runs in a fresh Python subprocess, so its peak memory is its own:

``tfidf``     bare ``TfidfVectorizer().fit_transform`` over title + text (the yardstick)
``ingest``    ``framescope.ingest.ingest`` of the JSONL file into a new store (``--jobs``)
``events``    ``framescope.events.regroup`` of that store (what ``framescope events`` runs)
``features``  ``framescope.framing.extract.store_features`` with every family, cached in
              the store and written to a Parquet file, evidence streamed to a JSONL file
              (what ``framescope features --out F.parquet --spans S.jsonl`` runs; ``--jobs``)
``compare``   ``framescope.compare.compare_corpus`` by outlet (reads the cached features)

Each row reports seconds, articles per second, the peak RSS of the step's process
tree (main process plus any joblib workers, sampled every 0.1 s with psutil, and the
kernel's ``ru_maxrss`` high-water mark of the main process), and the ratio of the
step's time to the TF-IDF time on the same texts in the same run. The machine load
average at the start of each step is recorded too (other work on the machine slows
every step alike, and the ratio partly cancels it).

Example::

    python benchmarks/run_all.py --sizes 1000 10000 --jobs 2 --out benchmarks/results.md
    nohup python benchmarks/run_all.py --sizes 100000 --jobs 2 --json /tmp/r100k.json &
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STEPS = ("tfidf", "ingest", "events", "features", "compare")


def corpus(n: int, seed: int, cache_dir: Path) -> Path:
    """The synthetic corpus of ``n`` articles (generated once, then reused)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"syn{n}_seed{seed}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".jsonl.tmp")
        subprocess.run([sys.executable, str(HERE / "generate_corpus.py"), "--n", str(n), "--out", str(tmp),
                        "--seed", str(seed)], check=True)
        tmp.replace(path)
    return path


class _TreeSampler:
    """Peak RSS of this process and its children, sampled in a background thread."""

    def __init__(self, interval: float = 0.1):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.cpu: dict[int, float] = {}  # pid -> user + system seconds seen last
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self):
        total = 0
        try:
            procs = [self.proc] + self.proc.children(recursive=True)
        except Exception:  # noqa: BLE001 - a child may vanish while we look
            return
        for p in procs:
            try:
                total += p.memory_info().rss
                times = p.cpu_times()
                self.cpu[p.pid] = times.user + times.system
            except Exception:  # noqa: BLE001
                pass
        self.peak = max(self.peak, total)

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        times = self.proc.cpu_times()
        self.cpu_start = times.user + times.system
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._sample()
        self._stop.set()
        self._thread.join()


def _texts(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            out.append(f"{record.get('title') or ''}\n{record.get('text') or ''}")
    return out


def child(step: str, path: Path, db: Path, jobs: int) -> dict:
    """One step, in this (fresh) process; returns its figures."""
    work = db.parent
    if step == "tfidf":
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = _texts(path)
        with _TreeSampler() as sampler:
            start = time.perf_counter()
            TfidfVectorizer().fit_transform(texts)
            seconds = time.perf_counter() - start
        n = len(texts)
    elif step == "ingest":
        from framescope.ingest import ingest

        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        with _TreeSampler() as sampler:
            start = time.perf_counter()
            report = ingest(str(path), str(db), n_jobs=jobs)
            seconds = time.perf_counter() - start
        n = len(report.added)
        if not report.ok:
            raise SystemExit(f"ingest rejected {len(report.rejected)} inputs: {report.rejected[:3]}")
    elif step == "events":
        from framescope.events import regroup

        with _TreeSampler() as sampler:
            start = time.perf_counter()
            grouping = regroup(str(db))
            seconds = time.perf_counter() - start
        n = len(grouping.assignments)
    elif step == "features":
        from framescope.framing.extract import store_features

        with _TreeSampler() as sampler:
            start = time.perf_counter()
            result = store_features(str(db), n_jobs=jobs, out=work / "features.parquet",
                                    spans=work / "spans.jsonl", keep_evidence=False)
            seconds = time.perf_counter() - start
        n = len(result.values)
    elif step == "compare":
        from framescope.compare import compare_corpus

        with _TreeSampler() as sampler:
            start = time.perf_counter()
            compare_corpus(str(db), by="outlet", n_boot=200)
            seconds = time.perf_counter() - start
        from framescope.store import Store

        with Store(str(db)) as store:
            n = len(store)
    else:  # pragma: no cover - argparse guards this
        raise SystemExit(f"unknown step {step!r}")
    return {"step": step, "n": n, "seconds": seconds, "articles_per_s": n / seconds if seconds else None,
            "peak_tree_rss_mb": sampler.peak / 2**20, "cpu_seconds": sampler.cpu_seconds - sampler.cpu_start,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run(sizes, *, steps=STEPS, jobs: int = 2, seed: int = 0, cache_dir: Path, work_dir: Path | None = None,
        timeout: float | None = None, log=print) -> list[dict]:
    """Run the steps at every size, each in a fresh subprocess; returns one dict per (size, step)."""
    rows = []
    for n in sizes:
        path = corpus(n, seed, cache_dir)
        folder = Path(tempfile.mkdtemp(prefix=f"fsbench{n}-", dir=work_dir))
        db = folder / "corpus.db"
        for step in steps:
            load = os.getloadavg()[0]
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", step, str(path), str(db),
                   "--jobs", str(jobs)]
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                row = {"step": step, "n": n, "error": f"timeout after {timeout} s"}
            else:
                if done.returncode:
                    row = {"step": step, "n": n, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
                else:
                    row = json.loads(done.stdout.strip().splitlines()[-1])
            row.update(size=n, load_before=round(load, 1), jobs=jobs)
            rows.append(row)
            log(json.dumps(row))
    tfidf = {r["size"]: r["seconds"] for r in rows if r["step"] == "tfidf" and "seconds" in r}
    for row in rows:
        if "seconds" in row and row["size"] in tfidf:
            row["ratio_to_tfidf"] = row["seconds"] / tfidf[row["size"]]
    return rows


def table(rows: list[dict]) -> str:
    """The figures as a Markdown table."""
    lines = ["| articles | step | seconds | CPU s | articles/s | peak RSS MB (tree) | peak RSS MB (main) "
             "| × TF-IDF time | load before |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['size']} | {r['step']} | failed: {r['error']} | | | | | | {r['load_before']} |")
            continue
        ratio = f"{r['ratio_to_tfidf']:.1f}" if "ratio_to_tfidf" in r else "-"
        cpu = f"{r['cpu_seconds']:.1f}" if "cpu_seconds" in r else "-"
        lines.append(f"| {r['size']} | {r['step']} | {r['seconds']:.1f} | {cpu} | {r['articles_per_s']:.0f} "
                     f"| {r['peak_tree_rss_mb']:.0f} | {r['peak_rss_mb']:.0f} | {ratio} | {r['load_before']} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="corpus sizes")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS), help="steps to run [all]")
    parser.add_argument("--jobs", type=int, default=2, help="processes for ingest parsing and features [2]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cache-dir", type=Path,
                        default=Path(os.environ.get("TMPDIR", "/tmp")) / "framescope-bench",
                        help="where generated corpora are kept")
    parser.add_argument("--work-dir", type=Path, default=None, help="where the stores are built [temp]")
    parser.add_argument("--timeout", type=float, default=None, help="seconds allowed per step")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--child", nargs=3, metavar=("STEP", "CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, path, db = args.child
        print(json.dumps(child(step, Path(path), Path(db), args.jobs)))
        return 0
    if "tfidf" not in args.steps:
        args.steps = ["tfidf"] + args.steps
    steps = [s for s in STEPS if s in args.steps]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, jobs {args.jobs}, seed {args.seed}, "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    rows = run(args.sizes, steps=steps, jobs=args.jobs, seed=args.seed, cache_dir=args.cache_dir,
               work_dir=args.work_dir, timeout=args.timeout, log=lambda s: print(s, flush=True))
    text = table(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
