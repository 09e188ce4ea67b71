"""The report's stylesheet (inlined into every HTML file) and the family colours."""

from __future__ import annotations

FAMILY_STYLE = {
    # family: (display name, ink colour, tint)
    "issue_frames": ("Issue frames", "#2f6db5", "#e1ebf8"),
    "generic_frames": ("Generic frames", "#0e7f74", "#d7efeb"),
    "tone": ("Tone words", "#a86a12", "#fbecd0"),
    "persuasion": ("Persuasion cues", "#c2412d", "#fbe0da"),
    "structure": ("Structure", "#6f48b8", "#ebe4f7"),
    "sourcing": ("Quotes & sources", "#3f7f2a", "#e2f0d9"),
    "labeling": ("Naming", "#ad3577", "#f7dfec"),
}
TINTED = ("sourcing",)
"""Families whose spans (whole quotes) get a background tint; the others are underlined only,
so that a page with a thousand spans stays readable (every span is tinted on hover/focus)."""
FALLBACK_STYLE = [("#5f6b7a", "#e7eaee"), ("#8a6d3b", "#f1e9da"), ("#2c7d99", "#dceff5")]


def family_style(family: str, position: int) -> tuple[str, str, str]:
    """(display name, ink, tint) of a family; unknown families get neutral colours."""
    if family in FAMILY_STYLE:
        return FAMILY_STYLE[family]
    ink, tint = FALLBACK_STYLE[position % len(FALLBACK_STYLE)]
    return str(family).replace("_", " ").capitalize(), ink, tint


BASE_CSS = """
:root{--ink:#1f2933;--muted:#5c6773;--line:#e3e6ea;--bg:#f7f7f4;--card:#ffffff;--accent:#1f5f8b;
--warn-bg:#fff6e0;--warn:#7a5300;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans","DejaVu Sans",Arial,sans-serif;
--serif:Charter,"Bitstream Charter","Iowan Old Style",Georgia,"Liberation Serif","DejaVu Serif",serif}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 var(--sans)}
a{color:var(--accent)}
a.plain{color:inherit;text-decoration:underline dotted #9aa5b1;text-underline-offset:3px}
a:focus-visible,mark:focus-visible,label:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.wrap{max-width:1320px;margin:0 auto;padding:0 28px 64px}
header.top{background:#fff;border-bottom:1px solid var(--line);margin-bottom:28px}
header.top .wrap{padding-top:30px;padding-bottom:18px}
.kicker{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin:0 0 6px}
h1{font:600 30px/1.2 var(--serif);margin:0 0 8px;letter-spacing:-.01em}
h2{font:600 22px/1.25 var(--serif);margin:44px 0 6px;padding-top:8px}
h3{font-size:15px;margin:0 0 6px}
.meta{color:var(--muted);margin:0}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 18px;margin-top:14px;font-size:14px}
nav.toc a{text-decoration:none;color:var(--muted);border-bottom:1px solid transparent}
nav.toc a:hover{color:var(--accent);border-bottom-color:var(--accent)}
.lede{color:var(--muted);margin:0 0 16px;max-width:75ch}
.note{background:var(--warn-bg);color:var(--warn);border:1px solid #f1d9a6;border-radius:8px;padding:10px 14px;
margin:14px 0;max-width:95ch}
.note strong{color:#5c3e00}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px}
.diffs{display:grid;gap:16px}
.diff{display:grid;grid-template-columns:44px 1fr;gap:4px 14px}
.diff .rank{font:600 26px/1 var(--serif);color:var(--accent);padding-top:2px}
.diff .finding{font-size:16.5px;font-weight:600;margin:0 0 4px;line-height:1.4}
.diff .kind{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
blockquote{margin:10px 0 0;padding:2px 0 2px 14px;border-left:3px solid var(--line);font:16px/1.55 var(--serif)}
blockquote footer{font:13px/1.4 var(--sans);color:var(--muted);margin-top:3px}
.tag{display:inline-block;font-size:11px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;
padding:1px 7px;border-radius:99px;background:#f1e6c8;color:#6b4b00;vertical-align:2px;margin-left:6px}
table{border-collapse:collapse;font-size:13.5px;background:#fff}
.tablewrap{display:inline-block;max-width:100%;vertical-align:top;overflow-x:auto;border:1px solid var(--line);
border-radius:10px;background:#fff}
.tablewrap>table{width:auto}
.naming .tag{text-transform:none;letter-spacing:0;font-weight:500;font-size:11px;margin-left:3px}
.tag.loaded{background:#fbe0da;color:#8f2a1c}.tag.only{background:#e1ebf8;color:#1f4e79}
.n{color:var(--muted);font-variant-numeric:tabular-nums}
.stance{font-weight:600}.s-neutral{color:var(--muted);font-weight:400}.s-endorsing{color:#1f5f8b}
.s-doubting,.s-alarming{color:#a3341f}.s-conceding{color:#7a5300}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:#f4f5f7;font-weight:600;font-size:12.5px;color:#3e4852;white-space:nowrap}
tbody tr:last-child th,tbody tr:last-child td{border-bottom:0}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.quote{font-family:var(--serif);font-size:14.5px;max-width:52ch}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:18px}
figure{margin:0}
.two>*,.charts>*,.columns>*{min-width:0}
figure.card{overflow:hidden}
figcaption{color:var(--muted);font-size:13px;margin-top:10px;max-width:80ch}
figure h3{margin-bottom:10px}
svg.chart{display:block;max-width:100%;height:auto;font-family:var(--sans);font-size:12px;fill:var(--ink)}
svg.chart .muted{fill:var(--muted)}
svg.chart .axis{stroke:#9aa5b1;stroke-width:1}
svg.chart .grid{stroke:#eceef1;stroke-width:1}
svg.chart .diamond{fill:#1f2933;stroke:#fff;stroke-width:1}
.terms{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:14px 22px}
.terms h4{margin:0 0 4px;font-size:13px}
.empty{color:var(--muted);font-style:italic;margin:6px 0}
table.coverage{width:100%}
figure .tablewrap{display:block}
table.coverage th[scope=row]{font-weight:400;font-family:var(--serif);font-size:14px;max-width:60ch;min-width:26ch}
table.coverage thead th span{display:inline-block;max-width:9em;white-space:normal}
td.dot{text-align:center;font-size:16px;line-height:1}
td.dot.yes{color:var(--accent)}td.dot.no{color:#b8c0c8}
.legend{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:4px 0 14px;position:sticky;top:0;z-index:5;
background:rgba(247,247,244,.96);padding:10px 0;border-bottom:1px solid var(--line)}
.legend .hint{color:var(--muted);font-size:13px;margin-right:4px}
.chip{display:inline-flex;align-items:center;gap:7px;padding:4px 11px 4px 9px;border-radius:99px;background:#fff;
border:1px solid var(--line);font-size:13px;cursor:pointer;user-select:none}
.chip .sw{width:12px;height:12px;border-radius:3px;border-bottom:3px solid;display:inline-block}
.chip .n{color:var(--muted);font-variant-numeric:tabular-nums}
.stance{font-weight:600}.s-neutral{color:var(--muted);font-weight:400}.s-endorsing{color:#1f5f8b}
.s-doubting,.s-alarming{color:#a3341f}.s-conceding{color:#7a5300}
input.tg{position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
.columns{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(330px,1fr);gap:18px;overflow-x:auto;
padding-bottom:10px;align-items:start}
.outlet-col{min-width:0}
.outlet-col>h3{font:600 13px/1.3 var(--sans);text-transform:uppercase;letter-spacing:.06em;color:var(--muted);
margin:0 0 10px;padding-bottom:6px;border-bottom:2px solid var(--ink)}
article.art{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 18px 8px;margin-bottom:16px;
scroll-margin-top:70px}
article.art h4{font:600 19px/1.3 var(--serif);margin:0 0 6px}
article.art .info{font-size:12.5px;color:var(--muted);margin:0 0 10px;overflow-wrap:anywhere}
article.art .body{font:16px/1.9 var(--serif)}
article.art .body p{margin:0 0 .9em}
mark.ev{--c:#5f6b7a;--t:#e7eaee;color:inherit;background:var(--bg,transparent);background-clip:content-box;
border-bottom:2px solid var(--c);padding:0;border-radius:2px;position:relative}
mark.ev:hover,mark.ev:focus{background:var(--t)}
mark.ev.d1{padding-bottom:3px}mark.ev.d2{padding-bottom:6px}mark.ev.d3{padding-bottom:9px}
mark.ev[data-first]:focus::after{content:attr(data-label);position:absolute;left:0;top:100%;margin-top:8px;z-index:10;
background:#1f2933;color:#fff;font:12px/1.3 var(--sans);padding:4px 8px;border-radius:4px;white-space:nowrap}
.redacted{background:#1f2933;color:#fff;font:600 12px var(--sans);padding:1px 5px;border-radius:3px}
.trunc{color:var(--muted);font-style:italic;font-size:13px}
.methods dt{font-weight:600;margin-top:12px}
.methods dd{margin:2px 0 0 0;color:#36404a;max-width:90ch}
ul.warnings{margin:6px 0 0;padding-left:20px;max-width:95ch}
ul.warnings li{margin:4px 0}
footer.page{margin-top:48px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:14px}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:18px}
@media (max-width:760px){
 .wrap{padding:0 14px 40px}h1{font-size:24px}
 .charts,.two{grid-template-columns:1fr}
 .columns{grid-auto-flow:row;grid-auto-columns:auto;grid-template-columns:1fr;overflow:visible}
 .diff{grid-template-columns:30px 1fr}
}
@media print{
 body{background:#fff;font-size:11pt}
 nav.toc,.legend .hint,input.tg{display:none}
 .legend{position:static;background:none}
 header.top{border:0;margin:0}
 .columns{display:block;overflow:visible}
 article.art,.card,figure,.question{break-inside:avoid;border-color:#ccc}
 article.art{break-inside:auto}
 mark.ev{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}
}
"""

WORKSHEET_CSS = """
.instructions{max-width:80ch}
.instructions ol{padding-left:20px}
.reveal{display:inline-flex;align-items:center;gap:8px;font-weight:600;padding:7px 14px;border-radius:99px;
background:var(--accent);color:#fff;cursor:pointer;font-size:14px;user-select:none}
.reveal::before{content:"";width:12px;height:12px;border:2px solid #fff;border-radius:3px;display:inline-block}
#reveal:checked ~ .legend .reveal::before{background:#fff}
#reveal:focus-visible ~ .legend .reveal{outline:2px solid var(--ink);outline-offset:2px}
#reveal:not(:checked) ~ .legend .chip{display:none}
#reveal:not(:checked) ~ .columns mark.ev{background:transparent;border-bottom-color:transparent}
#reveal:not(:checked) ~ .columns mark.ev:focus::after{display:none}
.question{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:14px 0}
.question h3{font:600 17px/1.3 var(--serif);margin:0 0 4px}
.question .device{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.question ol{margin:8px 0 0;padding-left:22px}
.question li{margin:8px 0}
.lines{display:block;height:3.2em;border-bottom:1px dotted #9aa5b1;background:repeating-linear-gradient(
transparent,transparent 1.55em,#d5dae0 1.55em,#d5dae0 calc(1.55em + 1px))}
@media print{
 .reveal,#reveal,.legend{display:none}
 .columns mark.ev{background:transparent !important;border-bottom-color:transparent !important}
 .lines{height:4.5em}
 .question{break-inside:avoid}
 section.questions{break-before:page}
}
"""
