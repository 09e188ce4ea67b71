"""The HTML report and worksheet opened in real headless Chromium: no console errors, every evidence
span drawn, toggles and reveal working, payloads inert, screenshots in tests/artifacts/."""

from __future__ import annotations

import base64
import shutil
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else shutil.which("chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]

if not CHROMIUM or not CHROMEDRIVER:
    pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver; CI installs it)",
                allow_module_level=True)

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[test]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from test_report import inject_payloads  # noqa: E402


@pytest.fixture(scope="module")
def driver():
    profile = tempfile.mkdtemp(prefix="framescope-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", "--window-size=1400,1000"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def corpus_comparison(tmp_path_factory):
    """The showcase event of the bundled corpus (or a small fixture when the corpus is absent)."""
    from framescope import datasets
    from framescope.compare import compare_event
    from framescope.store import Store

    try:
        datasets.corpus_path("harbor-city")
    except Exception:
        pytest.skip("the bundled harbor-city corpus is not present")
    from framescope.compare.demo import showcase_articles
    from framescope.events import regroup
    from framescope.ingest import ingest

    store = Store(tmp_path_factory.mktemp("corpus") / "hc.db")
    ingest([], store, corpus="harbor-city")
    regroup(store)
    found = store.articles(ids=showcase_articles("harbor-city"), columns=["id", "event"])
    event = found["event"].dropna().value_counts().index[0]
    return compare_event(store, event)


def _expected_spans(cmp) -> int:
    arts = cmp.articles.set_index("id")
    n = 0
    for r in cmp.evidence.itertuples():
        if r.article_id not in arts.index:
            continue
        source = arts.loc[r.article_id, "title" if r.field == "title" else "text"]
        source = source if isinstance(source, str) else ""
        if 0 <= int(r.start) < int(r.end) <= len(source):
            n += 1
    return n


def _open(driver, path: Path, width: int = 1400, height: int = 1000):
    driver.set_window_size(width, height)
    driver.get_log("browser")  # drop anything left from the previous page
    driver.get(path.resolve().as_uri())
    for _ in range(50):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.1)
    return driver


def _console_errors(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") in ("SEVERE", "ERROR")]


def _screenshot(driver, name: str, *, full: bool = True, max_height: int = 9000) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    width = driver.execute_script("return document.documentElement.clientWidth")
    height = min(max_height, driver.execute_script("return document.documentElement.scrollHeight")) if full else \
        driver.execute_script("return window.innerHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def _background(driver, element) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", element)


def _border(driver, element) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).borderBottomColor", element)


TRANSPARENT = "rgba(0, 0, 0, 0)"


def test_report_in_chromium(driver, corpus_comparison, tmp_path):
    from framescope.report.html import render_html

    cmp = corpus_comparison
    path = tmp_path / "report.html"
    path.write_text(render_html(cmp), encoding="utf-8")
    assert path.stat().st_size < 5_000_000
    _open(driver, path)
    assert _console_errors(driver) == []
    # no network: nothing but the page itself was fetched
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    main = driver.find_element(By.ID, "report")
    shown = int(main.get_attribute("data-evidence-shown"))
    keys = driver.execute_script(
        "return new Set([...document.querySelectorAll('mark.ev')].map(m => m.dataset.ev)).size")
    firsts = len(driver.find_elements(By.CSS_SELECTOR, "mark.ev[data-first]"))
    assert keys == firsts == shown == _expected_spans(cmp) > 0
    # every highlight is focusable and labelled
    first = driver.find_element(By.CSS_SELECTOR, "mark.ev[data-first]")
    assert first.get_attribute("tabindex") == "0" and first.get_attribute("title")
    _screenshot(driver, "report-full")

    # toggles: hide one family, the others stay; show it again
    chips = driver.find_elements(By.CSS_SELECTOR, ".legend label.chip")
    assert len(chips) >= 3
    family_mark = driver.find_element(By.CSS_SELECTOR, "mark.ev.f0")
    other_mark = driver.find_element(By.CSS_SELECTOR, "mark.ev:not(.f0)")
    assert _border(driver, family_mark) != TRANSPARENT
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", chips[0])
    chips[0].click()
    assert _background(driver, family_mark) == TRANSPARENT and _border(driver, family_mark) == TRANSPARENT
    assert _border(driver, other_mark) != TRANSPARENT
    driver.execute_script("document.getElementById('articles').scrollIntoView()")
    time.sleep(0.2)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (ARTIFACTS / "report-articles-toggled.png").write_bytes(base64.b64decode(shot["data"]))
    chips[0].click()
    assert _border(driver, family_mark) != TRANSPARENT
    # keyboard: focusing a highlight shows its label
    driver.execute_script("arguments[0].focus()", first)
    after = driver.execute_script("return getComputedStyle(arguments[0], '::after').content", first)
    assert first.get_attribute("data-label") in after
    assert _console_errors(driver) == []


def test_report_is_responsive(driver, corpus_comparison, tmp_path):
    from framescope.report.html import render_html

    path = tmp_path / "report.html"
    path.write_text(render_html(corpus_comparison), encoding="utf-8")
    _open(driver, path, width=420, height=900)
    cols = driver.find_elements(By.CSS_SELECTOR, ".outlet-col")
    assert len(cols) >= 2
    xs = {round(c.rect["x"]) for c in cols}
    assert len(xs) == 1  # stacked in one column on a phone
    assert driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    driver.execute_script("document.getElementById('articles').scrollIntoView()")
    time.sleep(0.2)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-phone.png").write_bytes(base64.b64decode(shot["data"]))
    driver.set_window_size(1400, 1000)


def test_worksheet_reveal_in_chromium(driver, corpus_comparison, tmp_path):
    from framescope.report.html import write_report

    sheet, answers = write_report(corpus_comparison, tmp_path / "sheet.html", worksheet=True)
    _open(driver, sheet)
    assert _console_errors(driver) == []
    main = driver.find_element(By.ID, "worksheet")
    shown = int(main.get_attribute("data-evidence-shown"))
    assert len(driver.find_elements(By.CSS_SELECTOR, "mark.ev[data-first]")) == shown > 0
    mark = driver.find_element(By.CSS_SELECTOR, "mark.ev")
    assert _border(driver, mark) == TRANSPARENT  # hidden until revealed
    assert not driver.find_elements(By.CSS_SELECTOR, ".legend label.chip")[0].is_displayed()
    _screenshot(driver, "worksheet")
    reveal = driver.find_element(By.CSS_SELECTOR, "label.reveal")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", reveal)
    reveal.click()
    assert _border(driver, mark) != TRANSPARENT
    chip = driver.find_elements(By.CSS_SELECTOR, ".legend label.chip")[0]
    assert chip.is_displayed()
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (ARTIFACTS / "worksheet-revealed.png").write_bytes(base64.b64decode(shot["data"]))
    # print: no reveal button, highlights off, questions on their own page
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not driver.find_element(By.CSS_SELECTOR, "label.reveal").is_displayed()
        assert _border(driver, mark) == TRANSPARENT
        _screenshot(driver, "worksheet-print", max_height=6000)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    _open(driver, answers)
    assert _console_errors(driver) == []
    assert "Who is who" in driver.find_element(By.TAG_NAME, "body").text
    _screenshot(driver, "worksheet-answers")


def test_payloads_do_not_execute_in_chromium(driver, tmp_path):
    from framescope.article import Article
    from framescope.compare import compare_event
    from framescope.report.html import render_html
    from framescope.report.worksheet import render_worksheet
    from framescope.store import Store

    from test_report import IMG, JS_URL, SCRIPT, STYLE

    store = Store(":memory:")
    store.add_articles([
        Article(outlet='evil"><img src=x onerror=window.pwned=4>.example', url=JS_URL, title="Clash " + SCRIPT,
                text="Rioters clashed with police. " + IMG + "\n\nThe council warned of danger. " + STYLE),
        Article(outlet="b.example", url="https://b.example/1", title="March " + IMG,
                text="Peaceful protesters marched. The mayor claimed calm. " + SCRIPT),
        Article(outlet="c.example", url="data:text/html,<script>window.pwned=6</script>", title="Walk " + STYLE,
                text="Protesters marched. Mayor Jo Lin said the city was calm. " + JS_URL)])
    store.set_column("event", {i: "e1" for i in store.ids()})
    cmp = compare_event(store, "e1")
    inject_payloads(cmp)
    sheet, answers = render_worksheet(cmp)
    pages = {"payload-report": render_html(cmp), "payload-worksheet": sheet, "payload-answers": answers}
    for name, page in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        _open(driver, path)
        title = driver.title
        assert "pwned" != title and title.startswith(("How ", "Worksheet", "Answer key"))
        assert driver.execute_script("return typeof window.pwned") == "undefined"
        assert driver.execute_script("return document.scripts.length") == 0
        assert driver.execute_script("return document.images.length") == 0
        assert driver.execute_script("return document.querySelectorAll('style').length") == 1
        hrefs = driver.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
        assert all(h.startswith(("http://", "https://", "file://")) for h in hrefs), hrefs
        assert not any(h.lower().startswith(("javascript", "data")) for h in hrefs)
        # the payloads are visible as text
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "<script>" in body or name != "payload-report"
        # interacting (hover/focus/click every highlight and link target) runs nothing either
        for mark in driver.find_elements(By.CSS_SELECTOR, "mark.ev[data-first]")[:20]:
            driver.execute_script("arguments[0].focus()", mark)
        assert driver.execute_script("return typeof window.pwned") == "undefined"
        assert _console_errors(driver) == []
        if name == "payload-report":
            _screenshot(driver, name, max_height=3000)
