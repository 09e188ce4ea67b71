"""Generate a large synthetic multi-outlet news corpus (JSONL) by recombining real sentences.

Each synthetic event is built from one source event of an ``articles.jsonl`` (default:
the bundled harbor-city corpus): its articles are made of sentences drawn from the
source event's articles (plus some from other events, as background), with every
proper name and number replaced consistently by ones invented for the synthetic event.
Many synthetic events therefore share a topic and wording and differ only in their
names, numbers and dates, which is the hard case for event grouping. Articles are
spread over dates at a fixed density (``--per-day``), so a fixed grouping window sees
the same number of candidates whatever ``--n`` is.

Every output line is an Article record (outlet, title, published, text, url) plus
``event`` (the synthetic gold event id, null for the few singletons), so it can be
ingested (``framescope ingest``; the gold id lands in ``meta["gold_event"]``) or read
with pandas. The output depends only on the arguments (``--seed``).

Example:
    python benchmarks/generate_corpus.py --n 100000 --out /tmp/syn100k.jsonl --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

_NAME = re.compile(r"(?<![\w’'])([A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,5})(?![\w’'])")
_NUMBER = re.compile(r"(?<![\w.,:])\d+(?:[.,]\d+)*(?![\w:])")
_SYLLABLES = ("ka ri mo ve lan tor si bel dra ne pa ul os vi ren ha ju ko sta mer fel gri no "
              "tal ze ar qu in do bri sa len mar ek ot").split()


def _read_source(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
    if not rows:
        raise SystemExit(f"{path}: no records")
    return rows


def _default_source() -> Path:
    try:
        from framescope.datasets import corpus_articles_path

        return corpus_articles_path("harbor-city")
    except Exception:  # noqa: BLE001 - fall back to the checkout layout
        return Path(__file__).resolve().parents[1] / "corpora" / "harbor-city" / "articles.jsonl"


def _sentences(text: str) -> list[str]:
    from framescope.text import split_sentences

    return [s for s in split_sentences(text) if len(s.split()) >= 4]


class _Source:
    """Sentences, titles and name/number vocabulary of each source event."""

    def __init__(self, records: list[dict]):
        by_event: dict[str, list[dict]] = {}
        for record in records:
            by_event.setdefault(record.get("event") or "", []).append(record)
        self.events = sorted(k for k in by_event if k)
        if not self.events:  # no gold events: every article is its own source event
            by_event = {f"s{i}": [r] for i, r in enumerate(records)}
            self.events = sorted(by_event)
        self.sentences = {e: [s for r in by_event[e] for s in _sentences(r.get("text") or "")] for e in self.events}
        self.titles = {e: [r.get("title") or "" for r in by_event[e]] for e in self.events}
        self.events = [e for e in self.events if self.sentences[e]]
        if not self.events:
            raise SystemExit("the source has no usable sentences")
        self.all_sentences = [s for e in self.events for s in self.sentences[e]]
        # a word is a name when the source never writes it in lower case
        lower_words = {w for s in self.all_sentences for w in re.findall(r"\b[a-z][a-z-]+\b", s)}
        self.names = {}
        for e in self.events:
            names = set()
            for s in self.sentences[e] + self.titles[e]:
                names.update(m.group(1) for m in _NAME.finditer(s)
                             if m.start() > 0 and m.group(1).lower() not in lower_words)
            self.names[e] = sorted(names)


def _invent_name(rng: random.Random, template: str) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    if template.isupper():
        return word[: len(template)].upper().ljust(len(template), "X")
    return word.capitalize()


def _invent_number(rng: random.Random, template: str) -> str:
    digits = re.sub(r"\D", "", template)
    if len(digits) == 4 and digits.startswith(("19", "20")):
        return template  # keep years
    value = rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 1, 10 ** len(digits) - 1)
    text = str(value)
    if "," in template and len(text) > 3:
        text = f"{value:,}"
    if "." in template:
        text = f"{text[:-1] or '0'}.{text[-1]}"
    return text


def generate(n: int, *, seed: int = 0, source: Path | None = None, per_day: float = 300.0,
             n_outlets: int = 40, singleton_share: float = 0.05, start: str = "2024-01-01"):
    """Yield ``n`` synthetic article records (dicts) deterministically for ``seed``."""
    rng = random.Random(seed)
    src = _Source(_read_source(source or _default_source()))
    outlets = [f"{_invent_name(rng, 'Xx').lower()}-news.example" for _ in range(n_outlets)]
    outlets = sorted(set(outlets))
    span_days = max(1.0, n / per_day)
    t0 = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    made = 0
    event_no = 0
    while made < n:
        singleton = rng.random() < singleton_share
        size = 1 if singleton else min(n - made, max(2, min(8, 2 + int(rng.expovariate(0.6)))))
        base = rng.choice(src.events)
        names = {name: _invent_name(rng, name) for name in src.names[base]}
        numbers: dict[str, str] = {}

        def substitute(text: str) -> str:
            text = _NAME.sub(lambda m: names.get(m.group(1), m.group(1)), text)
            return _NUMBER.sub(lambda m: numbers.setdefault(m.group(), _invent_number(rng, m.group())), text)

        event_id = None if singleton else f"syn-{event_no:06d}"
        event_no += 1
        when = t0 + timedelta(days=rng.uniform(0, span_days))
        for outlet in rng.sample(outlets, min(size, len(outlets))):
            k = rng.randint(8, 16)
            own = src.sentences[base]
            chosen = [rng.choice(own) if rng.random() < 0.75 else rng.choice(src.all_sentences) for _ in range(k)]
            paragraphs, i = [], 0
            while i < len(chosen):
                step = rng.choice((1, 2, 3))
                paragraphs.append(" ".join(chosen[i:i + step]))
                i += step
            published = when + timedelta(hours=rng.uniform(0, 36))
            title = substitute(rng.choice(src.titles[base]) or chosen[0])
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
            yield {"outlet": outlet, "title": title,
                   "published": published.isoformat(timespec="seconds"),
                   "url": f"https://{outlet}/{published:%Y/%m/%d}/{slug}-{made}",
                   "text": substitute("\n\n".join(paragraphs)), "event": event_id}
            made += 1
            if made >= n:
                break


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: python benchmarks/generate_corpus.py --n 100000 "
                                            "--out /tmp/syn100k.jsonl --seed 0")
    parser.add_argument("--n", type=int, default=10000, help="number of articles [10000]")
    parser.add_argument("--out", required=True, help="output JSONL file ('-' for stdout)")
    parser.add_argument("--seed", type=int, default=0, help="random seed [0]")
    parser.add_argument("--source", type=Path, default=None,
                        help="articles.jsonl to recombine [bundled harbor-city corpus]")
    parser.add_argument("--per-day", type=float, default=300.0, help="articles per day [300]")
    parser.add_argument("--outlets", type=int, default=40, help="number of synthetic outlets [40]")
    parser.add_argument("--singletons", type=float, default=0.05, help="share of one-article events [0.05]")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    handle = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        for record in generate(args.n, seed=args.seed, source=args.source, per_day=args.per_day,
                               n_outlets=args.outlets, singleton_share=args.singletons):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdout:
            handle.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
