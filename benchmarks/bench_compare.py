"""Benchmark: compare_event on a 50-article event, cold (features computed) and warm (features cached).

Usage::

    python benchmarks/bench_compare.py [--articles 50] [--repeat 3]

Builds a store from the bundled harbor-city corpus in a temporary folder, puts
``--articles`` of its articles (every outlet, several stories) into one event, then times
``compare_event``: the first call computes and caches the framing features, the next
``--repeat`` calls read them from the store's cache. Prints wall and CPU seconds.
The target (issue 7) is <= 2 s for the warm call on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from framescope.compare import compare_event
    from framescope.compare.gold import gold_store

    with tempfile.TemporaryDirectory() as tmp:
        store, hc = gold_store(path=os.path.join(tmp, "bench.db"))
        arts = hc.articles[hc.articles["event"].notna()].sort_values(["event", "outlet"]).head(args.articles)
        store.set_column("event", {i: "bench" for i in arts["id"]})
        print(f"event: {len(arts)} articles, {arts['outlet'].nunique()} outlets, {os.cpu_count()} CPUs")
        t, c = time.perf_counter(), time.process_time()
        cmp = compare_event(store, "bench")
        print(f"cold (features computed and cached): wall {time.perf_counter() - t:.2f} s, "
              f"cpu {time.process_time() - c:.2f} s")
        walls, cpus = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            cmp = compare_event(store, "bench")
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        print(f"warm (features cached), best of {args.repeat}: wall {min(walls):.2f} s, cpu {min(cpus):.2f} s "
              f"(all walls: {', '.join(f'{w:.2f}' for w in walls)})")
        print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(repr(cmp))
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
