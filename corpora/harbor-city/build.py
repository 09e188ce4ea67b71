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


WARNINGS: list[str] = []
"""Non-fatal findings of the last build (printed to stderr)."""


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
    labels = spans("labels", ("entity", "text"), check_label)
    for i, label in enumerate(labels):
        outer = [m for m in labels if m is not label and m["entity"] == label["entity"]
                 and m["field"] == label["field"] and m["start"] <= label["start"] and label["end"] <= m["end"]
                 and (m["end"] - m["start"]) > (label["end"] - label["start"])]
        if outer:
            WARNINGS.append(f"{where}: labels[{i}] {label['text']!r} lies inside {outer[0]['text']!r} "
                            f"(same entity); did you mean a later occurrence?")
    return {
        "issue_frames": list(issue),
        "primary_frame": primary,
        "generic_frames": list(gold.get("generic_frames") or []),
        "quotes": spans("quotes", ("text", "speaker", "speaker_id", "verb", "stance", "kind"), check_quote),
        "labels": labels,
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
    WARNINGS.clear()
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


# ---------------------------------------------------------------------------------------------
# Raw-format variants (raw/): the same articles as a scraper, a CMS export or a feed would give
# them, with the clutter each format brings. Ingesting any of them must give the plain article.

RAW = HERE / "raw"
ICON_RUN = ("icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon "
            "chevron righticon chevron upicon closeicon v-compressicon downloadicon editicon v-expandicon "
            "fbicon fileicon filtericon flagicon full chevron downicon full chevron lefticon full chevron "
            "righticon full chevron upicon mailicon moveicon-musicicon mutedicon nomutedicon okicon v-pauseicon "
            "v-playicon searchicon shareicon sign inicon sign upicon stepbackicon stepforicon swipe downicon "
            "tagicon tagsicon twicon yticon")


def _utc(published: str):
    from datetime import timezone

    return datetime.fromisoformat(published).astimezone(timezone.utc)


def _paragraphs(article: dict) -> list[str]:
    return article["text"].split("\n\n")


def _seed_page(article: dict, promo: str, extra_top: list[str]) -> str:
    """Page text the way a generic scraper leaves it (icon run, date line, headline twice, teasers)."""
    paras = _paragraphs(article)
    when = _utc(article["published"]).strftime("%d %b, %Y %H:%M")
    body = paras[:2] + [f"Also on {article['outlet']} {promo}"] + paras[2:]
    lines = [ICON_RUN, *extra_top, when, "", article["title"], "", article["title"], ""]
    lines += [p + "\n" for p in body]
    lines += ["Like this story? Share it with a friend!", "", "Podcasts", "0:00", "28:18", "0:00", "29:16", ""]
    return "\n".join(lines)


def _html_page(article: dict, site_name: str) -> str:
    from html import escape

    paras = _paragraphs(article)
    published = article["published"]
    body = "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in paras[:3])
    body += ('\n      <aside class="related"><h3>Read more</h3><ul><li><a href="/news/ferries">'
             'Ferry timetable changes for the spring</a></li></ul></aside>\n')
    body += "\n".join(f"      <p>{escape(p, quote=False)}</p>" for p in paras[3:])
    authors = ", ".join(article["authors"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(article['title'])} | {escape(site_name)}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="{escape(paras[0][:150])}">
  <meta name="author" content="{escape(authors)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{escape(article['title'])}">
  <meta property="og:site_name" content="{escape(site_name)}">
  <meta property="og:url" content="{article['url']}">
  <meta property="og:image" content="https://{article['outlet']}/img/lead-image.jpg">
  <meta property="article:published_time" content="{published}">
  <link rel="canonical" href="{article['url']}">
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "news"}});</script>
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">{escape(site_name)}</a>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/programmes">Programmes</a></li>
      <li><a href="/podcasts">Podcasts</a></li><li><a href="/live">Listen live</a></li></ul></nav>
  </header>
  <div class="ad ad-leaderboard">Advertisement</div>
  <main>
    <article>
      <h1>{escape(article['title'])}</h1>
      <p class="byline">By {escape(authors)} · <time datetime="{published}">{_utc(published):%d %B %Y}</time></p>
{body}
    </article>
    <section class="newsletter">Sign up for the morning briefing. <button>Subscribe</button></section>
  </main>
  <div class="ad ad-sidebar">Advertisement</div>
  <footer><p>© 2024 {escape(site_name)}. All rights reserved.</p><p><a href="/privacy">Privacy</a> ·
    <a href="/cookies">Cookie settings</a></p></footer>
</body>
</html>
"""


def _rss(articles: list[dict], channel: str, home: str) -> str:
    from email.utils import format_datetime
    from html import escape

    items = []
    for a in articles:
        content = "".join(f"<p>{escape(p, quote=False)}</p>" for p in _paragraphs(a))
        items.append(f"""    <item>
      <title>{escape(a['title'])}</title>
      <link>{a['url']}</link>
      <guid isPermaLink="true">{a['url']}</guid>
      <pubDate>{format_datetime(datetime.fromisoformat(a['published']))}</pubDate>
      <dc:creator>{escape(', '.join(a['authors']))}</dc:creator>
      <description>{escape(_paragraphs(a)[0][:200])}</description>
      <content:encoded><![CDATA[{content}]]></content:encoded>
    </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{escape(channel)}</title>
    <link>{home}</link>
    <description>Latest stories from {escape(channel)}</description>
    <language>en</language>
{chr(10).join(items)}
  </channel>
</rss>
"""


def _csv(articles: list[dict]) -> str:
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stories_id", "publish_date", "title", "url", "language", "media_name", "media_url",
                     "indexed_date", "text"])
    for number, a in enumerate(articles, 1):
        when = _utc(a["published"])
        writer.writerow([f"88412{number:03d}", when.strftime("%Y-%m-%d %H:%M:%S"), a["title"], a["url"], "en",
                         "The Harbor Ledger", a["outlet"], when.strftime("%Y-%m-%d %H:%M:%S"), a["text"]])
    return out.getvalue()


def _jsonl(articles: list[dict]) -> str:
    rows = [{"headline": a["title"], "body": a["text"], "source": a["outlet"], "date": a["published"],
             "link": a["url"], "byline": ", ".join(a["authors"]), "section": "news", "wordcount":
             word_count(a["text"])} for a in articles]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _news_please(article: dict) -> str:
    when = _utc(article["published"]).strftime("%Y-%m-%d %H:%M:%S")
    record = {"authors": article["authors"], "date_download": "2024-03-19 09:02:11", "date_modify": None,
              "date_publish": when, "description": _paragraphs(article)[0][:200],
              "filename": article["url"].split("/")[-1] + ".json", "image_url": None, "language": "en",
              "localpath": None, "maintext": article["text"], "source_domain": article["outlet"],
              "title": article["title"], "title_page": None, "title_rss": None, "url": article["url"]}
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def build_raw(articles: list[dict]) -> dict[str, str]:
    """The raw-variant files (name -> content) and ``MANIFEST.json``, from the built articles."""
    by_key = {a["key"]: a for a in articles}

    def need(*keys):
        missing = [k for k in keys if k not in by_key]
        if missing:
            raise BuildError(f"raw variants need articles {missing}")
        return [by_key[k] for k in keys]

    files: dict[str, tuple[str, list[str], str]] = {}
    (ostrel,) = need("e01-ostrel")
    files["ostreltoday-dravinsk-warns.txt"] = (
        _seed_page(ostrel, "Kessa ‘will never be a pawn of Harbor City’, Federation lawmakers say", []),
        ["e01-ostrel"], "scraped page text with clutter (seed style)")
    (clarion,) = need("e02-clarion")
    files["clarion-held-to-ransom.txt"] = (
        _seed_page(clarion, "Union boss’s luxury flat revealed: the Clarion investigates",
                   ["Subscribe | Log in", "Trending: Port strike · Kessa · Weather"]),
        ["e02-clarion"], "scraped page text with clutter (seed style)")
    (hpr,) = need("e01-hpr")
    files["hpr-kessa-fishermen.html"] = (_html_page(hpr, "Harbor Public Radio"), ["e01-hpr"],
                                         "HTML page with navigation, ads, og: meta tags and an article tag")
    feed_keys = ["e02-meridian", "e03-meridian", "e04-meridian"]
    files["meridian-feed.xml"] = (_rss(need(*feed_keys), "Meridian Wire", "https://meridianwire.example/"),
                                  feed_keys, "RSS 2.0 feed with full content:encoded")
    csv_keys = ["e02-ledger", "e03-ledger", "e04-ledger", "e05-ledger"]
    files["ledger-mediacloud.csv"] = (_csv(need(*csv_keys)), csv_keys, "Media Cloud-style CSV export")
    jsonl_keys = ["e01-csb", "e02-csb", "e03-csb"]
    files["csb-export.jsonl"] = (_jsonl(need(*jsonl_keys)), jsonl_keys, "JSONL export with CMS field names")
    (newsplease,) = need("e04-hpr")
    files["hpr-measles-newsplease.json"] = (_news_please(newsplease), ["e04-hpr"], "news-please JSON record")
    out = {name: content for name, (content, _, _) in files.items()}
    manifest = {name: {"keys": keys, "format": what} for name, (_, keys, what) in files.items()}
    out["MANIFEST.json"] = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return out


# ---------------------------------------------------------------------------------------------
# The counts section of README.md (between the two markers) is generated from the built data.

CARD_START, CARD_END = "<!-- counts:start (generated by build.py) -->", "<!-- counts:end -->"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def card_counts(articles: list[dict], golds: list[dict], events: list[dict]) -> str:
    """Markdown tables: articles per event x outlet, primary frames per outlet, annotation totals."""
    from collections import Counter

    outlets = []
    for a in articles:
        if a["outlet"] not in outlets:
            outlets.append(a["outlet"])
    short = {o: o.split(".")[0] for o in outlets}
    rows = []
    for event in events:
        mine = [a for a in articles if a["event"] == event["event"]]
        cells = [sum(1 for a in mine if a["outlet"] == o) or "" for o in outlets]
        words = sum(word_count(a["text"]) for a in mine)
        rows.append([event["event"], event["kind"], *cells, len(mine), words])
    extra = [a for a in articles if a["event"] is None]
    rows.append(["(none)", "no event", *[sum(1 for a in extra if a["outlet"] == o) or "" for o in outlets],
                 len(extra), sum(word_count(a["text"]) for a in extra)])
    rows.append(["**all**", "", *[sum(1 for a in articles if a["outlet"] == o) for o in outlets], len(articles),
                 sum(word_count(a["text"]) for a in articles)])
    per_event = _table(["event", "kind", *[short[o] for o in outlets], "articles", "words"], rows)

    gold_outlet = {g["key"]: g["outlet"] for g in golds}
    primary = Counter((g["primary_frame"], gold_outlet[g["key"]]) for g in golds)
    frames = sorted({g["primary_frame"] for g in golds})
    frame_rows = [[f, *[primary.get((f, o), "") for o in outlets], sum(primary.get((f, o), 0) for o in outlets)]
                  for f in frames]
    per_frame = _table(["primary frame", *[short[o] for o in outlets], "total"], frame_rows)

    generic = Counter(f for g in golds for f in g["generic_frames"])
    issue = Counter(f for g in golds for f in g["issue_frames"])
    totals = [
        ["quotes (direct / indirect)", f"{sum(len(g['quotes']) for g in golds)} "
         f"({sum(q['kind'] == 'direct' for g in golds for q in g['quotes'])} / "
         f"{sum(q['kind'] == 'indirect' for g in golds for q in g['quotes'])})"],
        ["distinct speakers", len({q['speaker_id'] for g in golds for q in g['quotes']})],
        ["referring expressions (labels)", sum(len(g["labels"]) for g in golds)],
        ["persuasion spans", sum(len(g["persuasion"]) for g in golds)],
        ["event facts / fact mentions", f"{sum(len(e['facts']) for e in events)} / "
         f"{sum(len(g['facts']) for g in golds)}"],
        ["reprints (duplicate_of set)", sum(1 for a in articles if a["duplicate_of"])],
        ["issue frames carried (any position)", ", ".join(f"{k} {v}" for k, v in issue.most_common())],
        ["generic frames carried", ", ".join(f"{k} {v}" for k, v in generic.most_common())],
    ]
    stance = Counter((gold_outlet[g["key"]], q["stance"]) for g in golds for q in g["quotes"])
    stances = ["neutral", "endorsing", "doubting", "conceding", "alarming"]
    stance_rows = [[short[o], *[stance.get((o, s), 0) for s in stances]] for o in outlets]
    technique = Counter((gold_outlet[g["key"]]) for g in golds for _ in g["persuasion"])
    for row, o in zip(stance_rows, outlets):
        row.append(technique.get(o, 0))
    per_stance = _table(["outlet", *[f"{s} verbs" for s in stances], "persuasion spans"], stance_rows)
    return "\n\n".join([
        "Articles per event and outlet (and words):", per_event,
        "Primary issue frame per outlet:", per_frame,
        "Attribution-verb stance of the annotated quotes, and persuasion spans, per outlet:", per_stance,
        "Annotation totals:", _table(["what", "count"], totals)])


def render_card(current: str, counts: str) -> str:
    if CARD_START not in current or CARD_END not in current:
        raise BuildError(f"README.md: the markers {CARD_START!r} and {CARD_END!r} are missing")
    head, rest = current.split(CARD_START, 1)
    _, tail = rest.split(CARD_END, 1)
    return f"{head}{CARD_START}\n{counts}\n{CARD_END}{tail}"


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
        for warning in WARNINGS:
            print(f"build.py: warning: {warning}", file=sys.stderr)
        for record in articles:
            print(f"{record['key']:<16} {word_count(record['text']):>4} words  {record['title']}")
        return 0
    try:
        built = build()
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    if not args.check:
        for warning in WARNINGS:
            print(f"build.py: warning: {warning}", file=sys.stderr)
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
    try:
        raw_files = build_raw(articles)
    except BuildError as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    if not args.check:
        RAW.mkdir(exist_ok=True)
    for name, content in raw_files.items():
        path = RAW / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(f"raw/{name}")
        else:
            path.write_text(content, encoding="utf-8")
    readme = HERE / "README.md"
    try:
        card = render_card(readme.read_text(encoding="utf-8"), card_counts(*built))
    except (BuildError, OSError) as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if readme.read_text(encoding="utf-8") != card:
            stale.append("README.md (counts)")
    else:
        readme.write_text(card, encoding="utf-8")
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
