"""HTML report: highlighting (overlaps, escaping, counts), untrusted input in every field, size limits."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framescope.report.highlight import Mask, Span, highlight, paragraph_ranges
from framescope.report.html import render_html, safe_url, write_report

SCRIPT = '<script>document.title="pwned";window.pwned=1</script>'
IMG = '<img src=x onerror="window.pwned=2;document.title=\'pwned\'">'
STYLE = "</style><script>window.pwned=3</script><style>"
JS_URL = "javascript:window.pwned=5;document.title='pwned'"
PAYLOADS = (SCRIPT, IMG, STYLE, JS_URL)

VOID = {"meta", "br", "wbr", "input", "img", "rect", "path", "line"}
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "div", "section", "nav", "p",
                "a", "h1", "h2", "h3", "h4", "span", "strong", "table", "thead", "tbody", "tr", "th", "td",
                "blockquote", "footer", "figure", "figcaption", "article", "mark", "time", "ul", "li", "dl", "dt",
                "dd", "input", "label", "br", "wbr", "svg", "g", "rect", "text", "path", "line", "ol", "em"}


class Audit(HTMLParser):
    """Collects tags and attributes and checks that elements nest properly."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.stack, self.errors, self.text = [], [], [], [], []
        self.style_text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "style":
            self.style_text.append(data)
        self.text.append(data)


def audit(page: str) -> Audit:
    a = Audit()
    a.feed(page)
    a.close()
    return a


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --------------------------------------------------------------------------- highlighting
def test_overlapping_spans_nest_or_split_without_touching_the_text():
    text = "The regime's warships prowl <at> our doorstep & more."
    spans = [Span(0, 4, 12, "f0", "Issue frame: political"),     # regime's
             Span(1, 4, 21, "f1", "Persuasion: loaded"),          # regime's warships (contains 0)
             Span(2, 13, 28, "f2", "Tone: negative"),             # warships prowl (crosses 1)
             Span(3, 13, 21, "f0", "Issue frame: security"),      # same start as 2
             Span(4, 29, 33, "f3", "x")]                          # <at>
    h = highlight(text, spans, paragraphs=False)
    assert strip_tags(h.html) == text
    assert h.drawn == {0, 1, 2, 3, 4}
    assert not audit(h.html).errors
    # every span has exactly one focusable first piece; the crossing span is split into pieces
    assert len(re.findall(r'data-first="1"', h.html)) == 5
    assert h.html.count('data-ev="2"') == 2
    assert "&lt;" in h.html and "at&gt;" in h.html and "<at>" not in h.html
    # the text covered by each span's pieces is exactly the span's text
    for s in spans:
        pieces = re.findall(rf'<mark [^>]*data-ev="{s.key}"[^>]*>', h.html)
        assert pieces


def test_spans_outside_the_text_are_reported_not_drawn():
    h = highlight("short", [Span(0, 0, 5, "f0", "a"), Span(1, 3, 99, "f0", "b"), Span(2, 4, 4, "f0", "c"),
                            Span(3, -1, 2, "f0", "d")])
    assert h.drawn == {0}
    assert [s.key for s in h.invalid] == [1, 2, 3]


def test_paragraphs_cover_every_character_and_spans_cross_them():
    text = "First para.\n\n  Second para.\n \nThird."
    ranges = paragraph_ranges(text)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    h = highlight(text, [Span(7, 6, 20, "f0", "across")])
    assert h.html.count("<p>") == 3 and h.html.count('data-ev="7"') == 2
    assert "".join(strip_tags(p) for p in re.findall(r"<p>(.*?)</p>", h.html, re.S)) == text


def test_masks_replace_their_characters_only():
    h = highlight("Told the Meridian Wire on Monday.", [Span(0, 5, 22, "f0", "x")],
                  masks=[Mask(9, 22, "[Outlet A]")], paragraphs=False)
    assert strip_tags(h.html) == "Told the [Outlet A] on Monday."
    assert h.drawn == {0}


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\n.é“")), max_size=60),
       raw=st.lists(st.tuples(st.integers(-2, 64), st.integers(-2, 64), st.integers(0, 3)), max_size=12))
def test_highlight_never_corrupts_text(text, raw):
    spans = [Span(i, a, b, f"f{f}", f"label {i} <&>") for i, (a, b, f) in enumerate(raw)]
    h = highlight(text, spans)
    a = audit(h.html)
    assert not a.errors and not a.stack
    valid = {s.key for s in spans if 0 <= s.start < s.end <= len(text)}
    assert h.drawn == valid
    assert set(map(int, re.findall(r'data-ev="(\d+)"', h.html))) == valid
    assert len(re.findall(r'data-first="1"', h.html)) == len(valid)
    body = "".join(strip_tags(p) for p in re.findall(r"<p>(.*?)</p>", h.html, re.S))
    assert body == text


def test_safe_url():
    assert safe_url("https://example.com/a?b=1&c=2") == "https://example.com/a?b=1&c=2"
    assert safe_url("http://example.com") == "http://example.com"
    for bad in (JS_URL, " javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "vbscript:x",
                "//example.com/x", "/relative", "https://", "https://exa mple.com", "https://e.com/\"onmouseover=x",
                None, float("nan"), 3):
        assert safe_url(bad) is None, bad


# --------------------------------------------------------------------------- comparisons
def _store_with(articles):
    from framescope.store import Store

    store = Store(":memory:")
    store.add_articles(articles)
    store.set_column("event", {i: "e1" for i in store.ids()})
    return store


@pytest.fixture(scope="module")
def small_comparison():
    from framescope.article import Article
    from framescope.compare import compare_event

    store = _store_with([
        Article(outlet="a.example", url="https://a.example/1", title="Rioters clash with police",
                text="Rioters clashed with police in Harbor City on Monday. “We will not be intimidated,” said "
                     "Mayor Jo Lin.\n\nThe council warned of danger and chaos.",
                published="2024-03-05T06:00:00Z"),
        Article(outlet="b.example", url="https://b.example/2", title="Peaceful march fills the square",
                text="Peaceful protesters marched in Harbor City on Monday. The mayor claimed the city was calm."
                     "\n\nOrganisers said 4,000 people joined.", published="2024-03-05T08:00:00Z"),
        Article(outlet="c.example", url="https://c.example/3", title="March in Harbor City",
                text="Protesters marched in Harbor City. Mayor Jo Lin said the city was calm.\n\nPolice said the "
                     "march ended peacefully.", published="2024-03-05T09:30:00Z"),
    ])
    return compare_event(store, "e1")


@pytest.fixture(scope="module")
def payload_comparison():
    """A comparison with attack payloads in every untrusted field, in the store and in every table."""
    from framescope.article import Article
    from framescope.compare import compare_event

    store = _store_with([
        Article(outlet='evil"><img src=x onerror=window.pwned=4>.example', url=JS_URL,
                title="Rioters clash " + SCRIPT,
                text="Rioters clashed with police in Harbor City. " + IMG + " “We will win,” said Mayor Jo Lin."
                     "\n\nThe council warned of danger. " + STYLE, published="2024-03-05T06:00:00Z"),
        Article(outlet="b.example", url="https://b.example/x?a=1&b=2", title="Protest march " + IMG,
                text="Peaceful protesters marched in Harbor City. The mayor claimed calm. " + SCRIPT,
                published="2024-03-05T07:00:00Z"),
        Article(outlet="c.example", url="data:text/html,<script>window.pwned=6</script>", title="March " + STYLE,
                text="Protesters marched. Mayor Jo Lin said the city was calm. " + JS_URL,
                published="2024-03-05T08:00:00Z"),
    ])
    cmp = compare_event(store, "e1")
    inject_payloads(cmp)
    return cmp


def inject_payloads(cmp) -> None:
    """Payloads in the tables the framing families will fill (quotes, labels) and in the free-text fields."""
    aid = str(cmp.articles["id"].iloc[0])
    outlet = cmp.outlets[0]
    cmp.event["label"] = "Event " + SCRIPT
    cmp.quotes = pd.DataFrame([{"article_id": aid, "outlet": outlet, "field": "text", "start": 0, "end": 5,
                                "text": p, "kind": "direct", "speaker": p, "speaker_id": p, "side": p,
                                "verb": p, "stance": "neutral", "anonymous": False, "words": 3} for p in PAYLOADS])
    cmp.labels = pd.DataFrame([{"entity": p, "outlet": outlet, "label": q, "count": 1}
                               for p in PAYLOADS for q in PAYLOADS[:2]])
    cmp.warnings = list(cmp.warnings) + list(PAYLOADS)
    extra = pd.DataFrame([{"article_id": aid, "field": "text", "start": 0, "end": 7, "family": STYLE,
                           "label": SCRIPT, "text": IMG, "weight": 1.0}])
    cmp.evidence = pd.concat([cmp.evidence, extra], ignore_index=True)
    diffs = cmp.differences.copy()
    row = {"rank": 9, "kind": SCRIPT, "outlet": outlet, "finding": "Finding " + IMG, "score": 1.0,
           "anecdotal": True, "evidence": [{"article_id": aid, "outlet": outlet, "field": "text", "start": 0,
                                            "end": 5, "text": STYLE + SCRIPT}]}
    cmp.differences = pd.concat([diffs, pd.DataFrame([row])], ignore_index=True)
    cmp.entity_tone = pd.concat([cmp.entity_tone, pd.DataFrame([
        {"outlet": outlet, "entity": SCRIPT, "n_sentences": 1, "mean_compound": -0.5, "n_articles": 1},
        {"outlet": cmp.outlets[1], "entity": SCRIPT, "n_sentences": 1, "mean_compound": 0.5, "n_articles": 1}])],
        ignore_index=True)
    cmp.voices = pd.DataFrame([{"outlet": outlet, "speaker": IMG, "quotes": 1, "words": 3, "share": 1.0}])
    cmp.sides = pd.DataFrame([{"outlet": outlet, "side": SCRIPT, "quotes": 1, "words": 3, "share": 1.0}])


def check_page_is_inert(page: str) -> Audit:
    a = audit(page)
    assert not a.errors, a.errors[:5]
    assert set(a.tags) <= ALLOWED_TAGS, set(a.tags) - ALLOWED_TAGS
    assert "script" not in a.tags and "img" not in a.tags and "iframe" not in a.tags
    assert a.tags.count("style") == 1
    for tag, name, value in a.attrs:
        assert not name.startswith("on"), (tag, name, value)
        if name in ("href", "src", "action", "formaction", "xlink:href"):
            assert value.startswith("#") or value.startswith(("http://", "https://")), (tag, name, value)
        if name == "style":
            assert "url(" not in value and "expression" not in value
    style = "".join(a.style_text)
    assert "</" not in style and "@import" not in style and "url(" not in style
    assert re.search(r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';[^\"]*"
                     r"script-src 'none'", page)
    return a


def test_payloads_in_every_field_are_escaped(payload_comparison):
    page = render_html(payload_comparison)
    a = check_page_is_inert(page)
    text = "".join(a.text)
    # the payloads are shown as text, not dropped
    assert 'window.pwned=1' in text and "onerror" in text and "javascript:window.pwned=5" in text
    assert page.count("&lt;script&gt;") >= 5
    # javascript:/data: URLs are never linked
    assert "href=\"javascript" not in page.lower() and "href=\"data:" not in page.lower()
    assert 'href="https://b.example/x?a=1&amp;b=2"' in page


def test_every_evidence_span_is_drawn_once(small_comparison):
    cmp = small_comparison
    page = render_html(cmp)
    check_page_is_inert(page)
    ev = cmp.evidence
    arts = cmp.articles.set_index("id")
    expected = 0
    for r in ev.itertuples():
        source = arts.loc[r.article_id, "title" if r.field == "title" else "text"]
        if 0 <= r.start < r.end <= len(source):
            expected += 1
    assert expected > 10
    keys = set(re.findall(r'data-ev="(\d+)"', page))
    assert len(keys) == expected
    assert len(re.findall(r'data-first="1"', page)) == expected
    assert f'data-evidence-shown="{expected}"' in page
    # the visible article text equals the stored text
    for aid, row in arts.iterrows():
        body = re.search(r'<article class="art" id="a\d+"><h4>(.*?)</h4>.*?<div class="body">(.*?)</div>', page,
                         re.S)
        assert body
    for title in arts["title"]:
        assert html.escape(title, quote=True) in strip_tags(page) or title in strip_tags(page)


def test_sections_and_tables(small_comparison):
    page = render_html(small_comparison, generated="2024-01-01")
    for anchor in ("summary", "charts", "articles", "naming", "quotes", "methods"):
        assert f'id="{anchor}"' in page
    assert "The three most telling differences" in page
    assert "Issue-frame profile per outlet" in page and "<svg" in page
    assert "Anecdotal." in page
    assert render_html(small_comparison, generated="2024-01-01") == page  # deterministic


def test_large_events_are_truncated_with_a_note(small_comparison):
    page = render_html(small_comparison, max_articles=2)
    assert "Large event: 2 of 3 articles are shown" in page
    assert page.count('<article class="art"') == 2
    shown = int(re.search(r'data-evidence-shown="(\d+)"', page).group(1))
    assert len(set(re.findall(r'data-ev="(\d+)"', page))) == shown
    assert "evidence spans are not highlighted" in page
    cut = render_html(small_comparison, max_chars=40)
    assert "Text cut at" in cut
    tiny = render_html(small_comparison, max_bytes=60_000)
    assert len(tiny.encode()) <= 60_000 or "Large event" in tiny


def test_write_report(tmp_path, small_comparison):
    paths = write_report(small_comparison, tmp_path / "r.html")
    assert paths == [tmp_path / "r.html"] and paths[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    from framescope.errors import NotFoundError

    with pytest.raises(NotFoundError, match="does not exist"):
        write_report(small_comparison, tmp_path / "missing" / "r.html")


# --------------------------------------------------------------------------- worksheet
def test_worksheet_hides_outlets_and_highlights(small_comparison):
    from framescope.report.worksheet import outlet_letters, render_worksheet

    cmp = small_comparison
    sheet, answers = render_worksheet(cmp, generated="2024-01-01")
    check_page_is_inert(sheet)
    check_page_is_inert(answers)
    letters = outlet_letters(cmp.outlets)
    assert sorted(letters.values()) == ["Outlet A", "Outlet B", "Outlet C"]
    assert outlet_letters(cmp.outlets) == letters  # seeded: the same letters every time
    visible = strip_tags(sheet)
    for outlet in cmp.outlets:
        assert outlet not in sheet and outlet.split(".")[0] + ".example" not in visible
        assert outlet in answers  # the key maps letters to outlets
    # no tooltips or URLs give the answers away; highlights are present but hidden until revealed
    assert "title=\"Issue frame" not in sheet and "https://" not in sheet
    assert 'id="reveal"' in sheet and "#reveal:not(:checked) ~ .columns mark.ev" in sheet
    assert int(re.search(r'data-evidence-shown="(\d+)"', sheet).group(1)) == len(
        set(re.findall(r'data-ev="(\d+)"', sheet))) > 0
    for question in ("What frame leads?", "Who speaks?", "What is this person (or place) called?",
                     "What is missing?"):
        assert question in sheet
    assert "@media print" in sheet
    assert "Who is who" in answers and "1. What frame leads?" in answers


def test_worksheet_masks_outlet_names_in_the_text():
    from framescope.report.html import _masks, outlet_patterns

    patterns = outlet_patterns(["meridianwire.example", "csb.example", "ab.example", "harborledger.example"])
    assert "ab.example" not in {o for o, _ in patterns}  # too short to find safely
    text = ("(Meridian Wire) - told the MeridianWire and meridianwire.example; CSB Radio; the Meridian. "
            "In Harbor City, the Ledger found. Wire services said. Harbor Ledger")
    names = {"meridianwire.example": "Outlet A", "csb.example": "Outlet B", "harborledger.example": "Outlet C"}
    h = highlight(text, [], masks=_masks(text, patterns, names), paragraphs=False)
    assert strip_tags(h.html) == ("([Outlet A]) - told the [Outlet A] and [Outlet A]; [Outlet B] Radio; the Meridian. "
                                  "In Harbor City, the [Outlet C] found. Wire services said. [Outlet C]")


def test_worksheet_payloads(payload_comparison):
    from framescope.report.worksheet import render_worksheet

    sheet, answers = render_worksheet(payload_comparison)
    check_page_is_inert(sheet)
    check_page_is_inert(answers)


def test_write_worksheet_and_cli(tmp_path, runner, small_comparison):
    from framescope.cli import main

    paths = write_report(small_comparison, tmp_path / "sheet.html", worksheet=True)
    assert [p.name for p in paths] == ["sheet.html", "sheet.answers.html"]
    assert all(p.stat().st_size > 1000 for p in paths)

    from framescope.article import Article
    from framescope.store import Store

    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_articles([Article(outlet=o, title=f"Port strike {o}", text=f"Dockers walked out, {o} said. "
                                    "The union warned of a long dispute.") for o in ("a.example", "b.example")])
        store.set_column("event", {i: "e1" for i in store.ids()})
    out = tmp_path / "r.html"
    result = runner.invoke(main, ["report", "e1", "--db", str(db), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and "wrote" in result.output
    result = runner.invoke(main, ["report", "e1", "--db", str(db), "--html", str(tmp_path / "w.html"),
                                  "--worksheet"])
    assert result.exit_code == 0 and (tmp_path / "w.answers.html").exists()
    # bad input: unknown event, missing folder, one outlet, missing --html
    result = runner.invoke(main, ["report", "nope", "--db", str(db), "--html", str(out)])
    assert result.exit_code == 1 and "no event 'nope'; valid: e1" in result.output
    result = runner.invoke(main, ["report", "e1", "--db", str(db), "--html", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 1 and "does not exist" in result.output
    result = runner.invoke(main, ["report", "e1", "--db", str(db), "--html", str(out), "--outlets", "a.example"])
    assert result.exit_code == 1 and "only one outlet" in result.output
    result = runner.invoke(main, ["report", "e1", "--db", str(db)])
    assert result.exit_code == 2 and "--html" in result.output
    assert "Example:" in runner.invoke(main, ["report", "--help"]).output


def test_plots_return_figures(small_comparison):
    from matplotlib.figure import Figure

    from framescope.report import plots

    figures = plots.all_figures(small_comparison)
    assert list(figures) == list(plots.CHARTS)
    assert all(isinstance(f, Figure) for f in figures.values())
    # names map outlets to what is displayed (the worksheet's letters), and $ is not mathtext
    fig = plots.similarity_heatmap(small_comparison, names={o: f"$Outlet {i}$" for i, o in
                                                             enumerate(small_comparison.outlets)})
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == r"\$Outlet 0\$"
    fig.canvas.draw()  # renders without a mathtext error


def test_figure_svg_is_inline_ready(small_comparison):
    from framescope.report import plots

    svg = plots.figure_svg(plots.tone_by_outlet(small_comparison), "tone", label='Tone <"x">')
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert 'aria-label="Tone &lt;&quot;x&quot;&gt;"' in svg
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("tone-") for i in ids)


def test_a_comparison_with_nothing_found_still_renders(small_comparison):
    import copy

    from framescope.framing.base import empty_evidence
    from framescope.report.worksheet import render_worksheet

    cmp = copy.copy(small_comparison)
    cmp.evidence = empty_evidence()
    cmp.differences = pd.DataFrame()
    cmp.quotes = cmp.quotes.iloc[0:0]
    cmp.voices = cmp.voices.iloc[0:0]
    cmp.sides = cmp.sides.iloc[0:0]
    cmp.labels = pd.DataFrame()
    cmp.entity_tone = cmp.entity_tone.iloc[0:0]
    cmp.similarity = pd.DataFrame()
    cmp.event = dict(cmp.event, id=None, label=None, query="port strike", first=pd.NaT, last=pd.NaT)
    page = render_html(cmp)
    check_page_is_inert(page)
    assert 'data-evidence-shown="0"' in page and "No difference stood out" in page
    assert "port strike" in page and "No quotes" in page and "No naming table" in page
    sheet, answers = render_worksheet(cmp)
    check_page_is_inert(sheet)
    check_page_is_inert(answers)
