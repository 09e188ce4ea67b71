"""Classroom worksheet of a comparison (outlets anonymised, highlights hidden until revealed) and its answer key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framescope.report.highlight import esc
from framescope.report.html import (MAX_ARTICLES, MAX_CHARS, _anecdotal_note, _article_section, _charts_section,
                                    _families, _family_css, _finish_notes, _naming_section, _now, _page, _prepare,
                                    _short, _text, _when, entity_name, naming_columns, outlet_patterns, table_html)
from framescope.report.style import BASE_CSS, WORKSHEET_CSS


def outlet_letters(outlets, random_state: int | None = 0) -> dict:
    """``{outlet: "Outlet A", ...}`` in a shuffled (seeded) order, so the letters do not give the
    alphabetical order of the real names away.

    Examples
    --------
    >>> outlet_letters(["x.example", "y.example"], random_state=None)
    {'x.example': 'Outlet A', 'y.example': 'Outlet B'}
    """
    outlets = list(outlets)
    order = (np.random.default_rng(random_state).permutation(len(outlets)) if random_state is not None
             else np.arange(len(outlets)))
    letters = {}
    for rank, index in enumerate(order):
        letter = chr(ord("A") + rank % 26) + (str(rank // 26 + 1) if rank >= 26 else "")
        letters[outlets[int(index)]] = f"Outlet {letter}"
    return letters


def _anonymise(text, names: dict, patterns) -> str:
    """Plain text with every outlet name (and its own-name variants) replaced by its letter."""
    text = _text(text)
    for outlet in sorted(names, key=lambda o: -len(str(o))):
        text = text.replace(str(outlet), names[outlet])
    for outlet, pattern in patterns:
        text = pattern.sub(names.get(outlet, "an outlet"), text)
    return text


def _key_entities(cmp, n: int = 3) -> list[str]:
    labels = cmp.labels
    if labels is not None and len(labels) and "entity" in labels and "outlet" in labels:
        # entities every (or most) outlets name, with the most varied expressions first
        column = naming_columns(labels)
        reach = labels.groupby("entity")["outlet"].nunique()
        variety = labels.groupby("entity")[column].nunique() if column else reach * 0
        score = pd.DataFrame({"reach": reach, "variety": variety})
        score = score[score["reach"] >= 2].sort_values(["variety", "reach"], ascending=False, kind="stable")
        if len(score):
            return [str(e) for e in score.index[:n]]
    et = cmp.entity_tone
    if et is not None and len(et):
        return [str(e) for e in list(dict.fromkeys(et["entity"]))[:n]]
    return []


def _omission_question(cmp, names, patterns):
    om = cmp.omission.omissions if cmp.omission is not None else pd.DataFrame()
    if om is None or om.empty:
        return None
    only = om[(om["status"] == "only_omits") & (om["kind"] == "claim")]
    if only.empty:
        return None
    row = only.iloc[0]
    return row["outlet"], _anonymise(row["text"], names, patterns)


def _lines(outlets_display) -> str:
    return "<ol>" + "".join(f'<li><strong>{esc(o)}:</strong> <span class="lines"></span></li>'
                            for o in outlets_display) + "</ol>"


def _questions(cmp, names: dict, patterns) -> str:
    letters = [names[o] for o in cmp.outlets]
    letters_sorted = sorted(letters)
    qs = []
    qs.append(("Framing", "What frame leads?",
               "Read each headline and first paragraph. What is the story mainly about: security, the economy, "
               "the law, politics, people's everyday lives, morality…? Write the frame and copy the words that "
               "tell you.", _lines(letters_sorted)))
    qs.append(("Sourcing", "Who speaks?",
               "List the people each outlet quotes, and their side. Who gets the most words? Whose side is "
               "heard only in some outlets? Look at the verb that introduces each quote: said, claimed, "
               "admitted, warned…", _lines(letters_sorted)))
    entities = _key_entities(cmp)
    if entities:
        items = "".join(
            f'<li>How does each outlet refer to <strong>{esc(entity_name(e))}</strong>? Copy the exact words.'
            f'<span class="lines"></span></li>' for e in entities)
        qs.append(("Naming", "What is this person (or place) called?",
                   "The words chosen to name someone carry a judgement (a “leader” or a “boss”, a “government” "
                   "or a “regime”).", f"<ol>{items}</ol>"))
    else:
        qs.append(("Naming", "What is this person (or place) called?",
                   "Pick a person or country that every outlet names. Copy the words each outlet uses for them.",
                   _lines(letters_sorted)))
    missing = _omission_question(cmp, names, patterns)
    extra = ""
    if missing:
        extra = (f"<p>Every outlet but one reports this: <em>“{esc(_short(missing[1], 240))}”</em> Which outlet "
                 f"leaves it out? Why might it?</p>")
    qs.append(("Omission", "What is missing?",
               "Find a fact, number or voice that most outlets report and one outlet leaves out.",
               extra + '<span class="lines"></span><span class="lines"></span>'))
    qs.append(("Tone and persuasion", "Which words push your feelings?",
               "Find three words or phrases that try to make you feel fear, pride or anger. Which outlet uses "
               "the most? Rewrite one sentence in neutral words.", '<span class="lines"></span>' * 2))
    qs.append(("Checking the machine", "Reveal the highlights",
               "Tick “Reveal the highlights” above the articles. Did the computer find what you found? Find one "
               "highlight you think is wrong, and one thing it missed.", '<span class="lines"></span>'))
    cards = []
    for i, (device, title, prompt, body) in enumerate(qs, 1):
        cards.append(f'<div class="question"><div class="device">{esc(device)}</div><h3>{i}. {esc(title)}</h3>'
                     f"<p>{esc(prompt)}</p>{body}</div>")
    return "".join(cards)


def render_worksheet(cmp, *, random_state: int | None = 0, max_articles: int = MAX_ARTICLES,
                     max_chars: int = MAX_CHARS, generated: str | None = None, title: str | None = None
                     ) -> tuple[str, str]:
    """The classroom worksheet and its answer key, as two self-contained HTML pages.

    The worksheet shows the articles side by side under "Outlet A/B/C" (names in the
    text masked too), with every highlight hidden until the student ticks "Reveal the
    highlights", and guided questions per framing device (what frame leads? who speaks?
    what is this person called? what is missing?) with space to write; it prints cleanly.
    The answer key maps the letters to the outlets and answers each question from the
    comparison, with the charts.

    Parameters
    ----------
    cmp : a :class:`~framescope.compare.Comparison`.
    random_state : seed of the letter assignment (None: alphabetical order).
    max_articles, max_chars : as in :func:`~framescope.report.html.render_html`.

    Returns
    -------
    (worksheet_html, answers_html)

    Examples
    --------
    >>> sheet, answers = render_worksheet(cmp)  # doctest: +SKIP
    """
    names = outlet_letters(cmp.outlets, random_state)
    patterns = outlet_patterns(cmp.outlets)
    shown, evidence, info, anchors = _prepare(cmp, max_articles)
    families = _families(evidence)
    articles_html = _article_section(cmp, shown, evidence, families, info, max_chars=max_chars, names=names,
                                     worksheet=True, anchors=anchors)
    _finish_notes(info, max_chars)
    n = len(cmp.outlets)
    event = cmp.event or {}
    page_title = title or f"Worksheet: one event, {n} outlets"
    span = f"{_when(event.get('first'))} – {_when(event.get('last'))}"
    trunc = "".join(f'<p class="note">{esc(_anonymise(x, names, patterns))}</p>' for x in info.notes
                    if x.startswith("Large event"))
    body = f"""
<header class="top"><div class="wrap">
<p class="kicker">framescope classroom worksheet</p>
<h1>{esc(page_title)}</h1>
<p class="meta">{n} outlets · {info.articles_shown} articles · {esc(span)} · Name: ______________________</p>
</div></header>
<main class="wrap ws" data-evidence-shown="{info.evidence_shown}" data-evidence-total="{info.evidence_total}"
 data-articles-shown="{info.articles_shown}" id="worksheet">
<section class="instructions card"><h2 style="margin-top:0">How to work</h2><ol>
<li>These articles are about the same event. The outlets' names are hidden: they are called {esc(', '.join(sorted(names.values())[:3]))}{" and so on" if n > 3 else ""}.</li>
<li>Read the articles side by side, then answer the questions below. Quote the exact words.</li>
<li>Only at the end, tick <strong>Reveal the highlights</strong> to see what framescope found, and check it.</li>
</ol></section>
{trunc}
<section id="articles"><h2>The articles</h2>
{articles_html}
</section>
<section class="questions" id="questions"><h2>Questions</h2>
{_questions(cmp, names, patterns)}
</section>
<footer class="page">Made with framescope. The answer key is a separate file.</footer>
</main>"""
    css = BASE_CSS + WORKSHEET_CSS + _family_css(families, worksheet=True)
    sheet = _page(page_title, body, css)
    return sheet, _answers(cmp, names, patterns, info, families, page_title, generated)


def _answers(cmp, names, patterns, info, families, page_title, generated) -> str:
    from framescope.compare.event import frame_name
    from framescope import __version__

    letters = sorted(cmp.outlets, key=lambda o: names[o])
    mapping = pd.DataFrame({"letter": [names[o] for o in letters], "outlet": letters,
                            "articles": [int(cmp.sample_sizes.get(o, 0)) for o in letters]})
    parts = [f"<h2>Who is who</h2>{table_html(mapping)}"]
    # 1. frames
    ev = cmp.evidence if cmp.evidence is not None else pd.DataFrame()
    outlet_of = dict(zip(cmp.articles["id"].astype(str), cmp.articles["outlet"]))
    rows = []
    for o in letters:
        frame = cmp.framing.loc[o, "primary_frame"] if o in cmp.framing.index else None
        share = cmp.framing.loc[o, "primary_share"] if o in cmp.framing.index else float("nan")
        cues = ""
        if len(ev) and isinstance(frame, str):
            mine = ev[(ev["family"] == "issue_frames") & (ev["label"] == frame)
                      & ev["article_id"].astype(str).map(outlet_of).eq(o)]
            cues = ", ".join(dict.fromkeys(_text(t).lower() for t in mine["text"].head(12)))
        rows.append({"outlet": names[o], "leading frame": frame_name(frame),
                     "share of sentences": share, "cue words": _short(cues, 160)})
    parts.append("<h2>1. What frame leads?</h2>" + table_html(pd.DataFrame(rows),
                                                               formats={"share of sentences": "{:.0%}"}))
    # 2. voices
    voices = cmp.voices
    if voices is not None and len(voices):
        v = voices.copy()
        v["outlet"] = v["outlet"].map(lambda x: names.get(x, x))
        v = v.sort_values(["outlet", "share"], ascending=[True, False]).groupby("outlet").head(5)
        answer = table_html(v, columns=["outlet", "speaker", "quotes", "words", "share"], formats={"share": "{:.0%}"})
    else:
        answer = '<p class="empty">No quotes were found automatically; use the students\' own lists.</p>'
    parts.append("<h2>2. Who speaks?</h2>" + answer)
    # 3. naming
    entities = _key_entities(cmp)
    labels = cmp.labels
    if labels is not None and len(labels) and {"entity", "outlet"} <= set(labels.columns) and \
            naming_columns(labels):
        answer = _naming_section(cmp, names, entities)
    elif entities and cmp.entity_tone is not None and len(cmp.entity_tone):
        et = cmp.entity_tone[cmp.entity_tone["entity"].astype(str).isin(entities)].copy()
        et["outlet"] = et["outlet"].map(lambda x: names.get(x, x))
        answer = ('<p>No naming table in this installation; the tone of the sentences naming each entity '
                  'helps:</p>' + table_html(et, columns=["entity", "outlet", "n_sentences", "mean_compound"],
                                            formats={"mean_compound": "{:+.2f}"}))
    else:
        answer = '<p class="empty">No key entities were found automatically.</p>'
    parts.append("<h2>3. What is this person called?</h2>" + answer)
    # 4. missing
    om = cmp.omission.omissions if cmp.omission is not None else pd.DataFrame()
    missing = _omission_question(cmp, names, patterns)
    items = []
    if missing:
        items.append(f"<p>The fact in the question is left out by <strong>{esc(names[missing[0]])}</strong>.</p>")
    if om is not None and len(om):
        only = om[om["status"] == "only_omits"]
        for o in letters:
            mine = only[only["outlet"] == o]
            if len(mine):
                what = "; ".join(f"“{esc(_short(_anonymise(t, names, patterns), 150))}”" for t in mine["text"].head(4))
                items.append(f"<li><strong>{esc(names[o])}</strong> alone leaves out: {what}</li>")
    parts.append("<h2>4. What is missing?</h2>" + ("".join(i for i in items if i.startswith("<p>"))
                 + '<ul class="warnings">' + "".join(i for i in items if i.startswith("<li>")) + "</ul>"
                 if items else '<p class="empty">No outlet alone leaves out a fact the others all carry.</p>'))
    # 5. persuasion
    p = cmp.persuasion
    if p is not None and len(p):
        table = p.copy()
        table.index = [names.get(x, x) for x in table.index]
        table.index.name = "outlet"
        table = table.sort_index()
        examples = []
        if len(ev):
            pe = ev[ev["family"] == "persuasion"]
            for o in letters:
                mine = pe[pe["article_id"].astype(str).map(outlet_of).eq(o)]
                if len(mine):
                    words = ", ".join(f"“{esc(_text(t))}”" for t in dict.fromkeys(mine["text"].head(8)))
                    examples.append(f"<li><strong>{esc(names[o])}</strong>: {words}</li>")
        parts.append("<h2>5. Which words push your feelings?</h2>" + table_html(table, index=True)
                     + (f'<ul class="warnings">{"".join(examples)}</ul>' if examples else ""))
    # differences
    diffs = cmp.differences
    if diffs is not None and len(diffs):
        cards = []
        for row in diffs.to_dict(orient="records"):
            quotes = "".join(
                f"<blockquote>{esc(_anonymise(e.get('text'), names, patterns))}<footer>— "
                f"{esc(names.get(e.get('outlet'), e.get('outlet')))}</footer></blockquote>"
                for e in (row.get("evidence") or [])[:2] if isinstance(e, dict))
            cards.append(f'<div class="card diff"><div class="rank">{esc(row.get("rank"))}</div><div>'
                         f'<p class="finding">{esc(_anonymise(row.get("finding"), names, patterns))}</p>{quotes}'
                         f"</div></div>")
        parts.append('<h2>The three most telling differences</h2><div class="diffs">' + "".join(cards) + "</div>")
    parts.append(f"<h2>Charts</h2>{_charts_section(cmp, names)}")
    body = f"""
<header class="top"><div class="wrap">
<p class="kicker">framescope classroom worksheet · answer key</p>
<h1>Answer key: {esc(page_title)}</h1>
<p class="meta">For the teacher. Automatic answers: check them against the articles.</p>
</div></header>
<main class="wrap" id="answers">
{_anecdotal_note(cmp)}
{"".join(parts)}
<footer class="page">Generated by framescope {esc(__version__)} on {esc(generated or _now())}.</footer>
</main>"""
    return _page("Answer key: " + page_title, body, BASE_CSS + WORKSHEET_CSS + _family_css(families))


__all__ = ["outlet_letters", "render_worksheet"]
