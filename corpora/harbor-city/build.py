"""Build the harbor-city corpus: src/ (texts + gold JSON) -> articles.jsonl, gold.jsonl, events.jsonl.

Usage::

    python corpora/harbor-city/build.py           # (re)write the three JSONL files
    python corpora/harbor-city/build.py --check   # exit 1 if they are not up to date

Every annotated string must be an exact substring of the article body (or of the
headline when ``"field": "title"``); the build computes its character offsets and
fails loudly, naming the file and the string, when it cannot find it. It also checks
label ids against ``framescope.labels``, fact and entity ids against the event's
``event.json``, word counts (250-700) and the outlet list in ``outlets.csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUTPUTS = ("articles.jsonl", "gold.jsonl", "events.jsonl")
SLUGS = {"csb": "csb.example", "meridian": "meridianwire.example", "clarion": "dailyclarion.example",
         "hpr": "hpr.example", "ledger": "harborledger.example", "ostrel": "ostreltoday.example"}
SLUG_ORDER = list(SLUGS)
MIN_WORDS, MAX_WORDS = 250, 700
QUOTE_KINDS = ("direct", "indirect")
FIELDS = ("text", "title")

try:  # run from a checkout without an install
    import framescope  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(HERE.parents[1] / "toolkit"))

from framescope.article import Article  # noqa: E402
from framescope.labels import GENERIC_FRAMES, ISSUE_FRAMES, PERSUASION_TECHNIQUES, VERB_STANCES  # noqa: E402
from framescope.text import word_count  # noqa: E402


class BuildError(Exception):
    """A source file is malformed; the message names the file and the offending value."""


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(HERE))
    except ValueError:
        return str(path)


def read_outlets() -> dict[str, dict]:
    """outlets.csv rows keyed by domain."""
    with open(HERE / "outlets.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    need = {"name", "domain", "country", "ownership", "leaning", "profile"}
    for i, row in enumerate(rows, 2):
        missing = need - {k for k, v in row.items() if v}
        if missing:
            raise BuildError(f"outlets.csv line {i}: missing {', '.join(sorted(missing))}")
    return {row["domain"]: row for row in rows}


def parse_article(path: Path) -> dict:
    """Header lines ``key: value``, a ``---`` line, then the body (paragraphs split by blank lines)."""
    raw = path.read_text(encoding="utf-8")
    if "\n---\n" not in raw:
        raise BuildError(f"{_rel(path)}: no '---' line between header and body")
    head, body = raw.split("\n---\n", 1)
    header = {}
    for line in head.splitlines():
        if not line.strip():
            continue
        if ":" not in line:
            raise BuildError(f"{_rel(path)}: header line without 'key: value': {line!r}")
        key, value = line.split(":", 1)
        header[key.strip()] = value.strip()
    for key in ("title", "outlet", "published", "url"):
        if not header.get(key):
            raise BuildError(f"{_rel(path)}: header {key!r} is missing")
    paragraphs = []
    for block in body.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines:
            paragraphs.append(" ".join(lines))
    header["text"] = "\n\n".join(paragraphs)
    try:
        when = datetime.fromisoformat(header["published"])
    except ValueError:
        raise BuildError(f"{_rel(path)}: published is not ISO 8601: {header['published']!r}") from None
    if when.tzinfo is None:
        raise BuildError(f"{_rel(path)}: published has no UTC offset: {header['published']!r}")
    return header


def locate(haystack: str, needle: str, occurrence: int, where: str) -> tuple[int, int]:
    """Start and end of the ``occurrence``-th (1-based) ``needle`` in ``haystack``."""
    if not needle:
        raise BuildError(f"{where}: empty string")
    start = -1
    for _ in range(max(1, int(occurrence))):
        start = haystack.find(needle, start + 1)
        if start < 0:
            found = haystack.count(needle)
            raise BuildError(f"{where}: string not found (occurrence {occurrence}, found {found}): {needle!r}")
    return start, start + len(needle)


def _check_choice(value, valid, what, where):
    if value not in valid:
        raise BuildError(f"{where}: unknown {what} {value!r}; valid: {', '.join(valid)}")


def build_gold(gold: dict, article: dict, event: dict | None, path: Path) -> dict:
    """Validate one ``.gold.json`` and add ``start``/``end`` to every span."""
    where = _rel(path)
    fields = {"text": article["text"], "title": article["title"]}
    issue = gold.get("issue_frames") or []
    if not issue:
        raise BuildError(f"{where}: issue_frames is empty")
    for label in issue:
        _check_choice(label, ISSUE_FRAMES, "issue frame", where)
    primary = gold.get("primary_frame")
    _check_choice(primary, ISSUE_FRAMES, "primary_frame", where)
    if primary not in issue:
        raise BuildError(f"{where}: primary_frame {primary!r} is not among issue_frames {issue}")
    for label in gold.get("generic_frames") or []:
        _check_choice(label, GENERIC_FRAMES, "generic frame", where)
    entity_ids = [e["id"] for e in (event or {}).get("entities", [])]
    fact_ids = [f["id"] for f in (event or {}).get("facts", [])]

    def spans(name, required, check):
        out = []
        for i, item in enumerate(gold.get(name) or []):
            at = f"{where}: {name}[{i}]"
            for key in required:
                if item.get(key) in (None, ""):
                    raise BuildError(f"{at}: {key!r} is missing")
            field = item.get("field", "text")
            _check_choice(field, FIELDS, "field", at)
            occurrence = int(item.get("occurrence", 1))
            start, end = locate(fields[field], item["text"], occurrence, at)
            check(item, at)
            row = dict(item)
            row.update(field=field, occurrence=occurrence, start=start, end=end)
            out.append(row)
        return out

    def check_quote(item, at):
        _check_choice(item["stance"], VERB_STANCES, "stance", at)
        _check_choice(item["kind"], QUOTE_KINDS, "quote kind", at)

    def check_label(item, at):
        _check_choice(item["entity"], entity_ids, "entity", at)

    def check_persuasion(item, at):
        _check_choice(item["technique"], PERSUASION_TECHNIQUES, "persuasion technique", at)

    def check_fact(item, at):
        _check_choice(item["fact"], fact_ids, "fact", at)

    if event is None and any(gold.get(k) for k in ("labels", "facts")):
        raise BuildError(f"{where}: labels/facts need an event (this article has none)")
    unknown = set(gold) - {"issue_frames", "primary_frame", "generic_frames", "quotes", "labels",
                           "persuasion", "facts", "duplicate_of", "note"}
    if unknown:
        raise BuildError(f"{where}: unknown keys {sorted(unknown)}")
    return {
        "issue_frames": list(issue),
        "primary_frame": primary,
        "generic_frames": list(gold.get("generic_frames") or []),
        "quotes": spans("quotes", ("text", "speaker", "speaker_id", "verb", "stance", "kind"), check_quote),
        "labels": spans("labels", ("entity", "text"), check_label),
        "persuasion": spans("persuasion", ("text", "technique"), check_persuasion),
        "facts": spans("facts", ("fact", "text"), check_fact),
        "duplicate_of": gold.get("duplicate_of"),
    }


def read_event(folder: Path) -> dict | None:
    path = folder / "event.json"
    if not path.exists():
        return None
    event = json.loads(path.read_text(encoding="utf-8"))
    for key in ("event", "kind", "title", "date", "summary", "entities", "facts"):
        if key not in event:
            raise BuildError(f"{_rel(path)}: {key!r} is missing")
    if event["event"] != folder.name:
        raise BuildError(f"{_rel(path)}: event id {event['event']!r} does not match folder {folder.name!r}")
    for what in ("entities", "facts"):
        ids = [item["id"] for item in event[what]]
        if len(ids) != len(set(ids)):
            raise BuildError(f"{_rel(path)}: duplicate {what} ids")
    if not 6 <= len(event["facts"]) <= 10:
        raise BuildError(f"{_rel(path)}: an event needs 6-10 facts, has {len(event['facts'])}")
    return event


def build(only: list[str] | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """Read ``src/`` and return (articles, gold, events) records; raise BuildError on any problem.

    ``only`` restricts the build to these ``src/`` folders (for checking work in progress).
    """
    outlets = read_outlets()
    articles, golds, events = [], [], []
    folders = sorted(p for p in SRC.iterdir() if p.is_dir() and (not only or p.name in only))
    for folder in folders:
        event = read_event(folder)
        if event is None and folder.name != "extra":
            raise BuildError(f"{_rel(folder)}: no event.json (only src/extra/ may lack one)")
        texts = sorted(folder.glob("*.txt"), key=lambda p: (
            SLUG_ORDER.index(p.stem) if p.stem in SLUG_ORDER else len(SLUG_ORDER), p.stem))
        if event is not None:
            events.append({**event, "showcase": bool(event.get("showcase", False))})
        for path in texts:
            header = parse_article(path)
            where = _rel(path)
            if event is not None:
                _check_choice(path.stem, SLUG_ORDER, "outlet file name", where)
                if SLUGS[path.stem] != header["outlet"]:
                    raise BuildError(f"{where}: outlet {header['outlet']!r} does not match file name "
                                     f"{path.stem!r} (expected {SLUGS[path.stem]!r})")
                key = f"{folder.name}-{path.stem}"
            else:
                key = f"x-{path.stem}"
            _check_choice(header["outlet"], list(outlets), "outlet", where)
            words = word_count(header["text"])
            if not MIN_WORDS <= words <= MAX_WORDS:
                raise BuildError(f"{where}: body has {words} words; must be {MIN_WORDS}-{MAX_WORDS}")
            gold_path = path.with_name(path.stem + ".gold.json")
            if not gold_path.exists():
                raise BuildError(f"{where}: no gold file {gold_path.name}")
            try:
                gold_raw = json.loads(gold_path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise BuildError(f"{_rel(gold_path)}: invalid JSON: {exc}") from None
            gold = build_gold(gold_raw, header, event, gold_path)
            authors = [a.strip() for a in header.get("authors", "").split(",") if a.strip()]
            art = Article(outlet=header["outlet"], title=header["title"], text=header["text"],
                          published=header["published"], url=header["url"], lang="en", authors=authors,
                          source="harbor-city", meta={})
            record = art.to_dict()
            record.update(event=event["event"] if event else None, key=key, duplicate_of=gold["duplicate_of"])
            articles.append(record)
            golds.append({"key": key, "article_id": art.id, "event": record["event"], "outlet": art.outlet,
                          **gold})
    keys = [a["key"] for a in articles]
    if len(keys) != len(set(keys)):
        raise BuildError("duplicate article keys")
    ids = [a["id"] for a in articles]
    if len(ids) != len(set(ids)):
        raise BuildError("two articles have the same content id")
    for record in articles:
        dup = record["duplicate_of"]
        if dup is not None and dup not in keys:
            raise BuildError(f"{record['key']}: duplicate_of {dup!r} is not an article key")
    for event in events:
        event["articles"] = [a["key"] for a in articles if a["event"] == event["event"]]
    return articles, golds, events


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the built files are out of date")
    parser.add_argument("--only", nargs="+", metavar="FOLDER",
                        help="only validate these src/ folders and print word counts (writes nothing)")
    args = parser.parse_args(argv)
    if args.only:
        try:
            articles, _, _ = build(args.only)
        except BuildError as exc:
            print(f"build.py: error: {exc}", file=sys.stderr)
            return 2
        for record in articles:
            print(f"{record['key']:<16} {word_count(record['text']):>4} words  {record['title']}")
        return 0
    try:
        built = build()
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    stale = []
    for name, records in zip(OUTPUTS, built):
        content = render(records)
        path = HERE / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(name)
        else:
            path.write_text(content, encoding="utf-8")
    articles, _, events = built
    if args.check:
        if stale:
            print(f"build.py: out of date: {', '.join(stale)} (run python {_rel(Path(__file__))})",
                  file=sys.stderr)
            return 1
        print(f"up to date: {len(articles)} articles, {len(events)} events")
        return 0
    print(f"wrote {', '.join(OUTPUTS)}: {len(articles)} articles, {len(events)} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
