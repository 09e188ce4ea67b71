"""Ingest: every kind of bad input gives a clear rejection naming it, and the rest of the batch goes in."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from framescope.article import Article
from framescope.cli import main
from framescope.ingest import Rejection, ingest, read_path
from framescope.ingest import sources as ingest_sources
from framescope.store import Store

PAGE = ("Port reopens after storm\n\n"
        "The port reopened on Monday after the storm, harbor officials said.\n\n"
        "Crews worked through the night to clear the damaged piers.\n")


def split(items):
    items = list(items)
    return ([x for x in items if isinstance(x, Article)], [x for x in items if isinstance(x, Rejection)])


def test_binary_file(tmp_path):
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    nul = tmp_path / "data.bin"
    nul.write_bytes(b"abc\x00\x01\x02def" * 100)
    for path, what in ((png, "PNG"), (nul, "NUL")):
        found, (rejection,) = split(read_path(path))
        assert not found
        assert rejection.source == str(path) and "binary file" in rejection.reason and what in rejection.reason


def test_empty_and_blank_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n", encoding="utf-8")
    assert [r.reason for r in split(read_path(empty))[1]] == ["empty file"]
    assert [r.reason for r in split(read_path(blank))[1]] == ["file contains only whitespace"]


def test_non_utf8_text_is_detected_and_decoded(tmp_path):
    page = tmp_path / "page.txt"
    text = ("Café owners protest new port fees\n\n"
            "“We cannot pay this,” said the owner of the harbour café, who has run it for twenty years.\n\n"
            "The council said the fees would fund repairs to the pier and the old customs house.\n")
    page.write_bytes(text.encode("cp1252"))
    (article,), rejected = split(read_path(page))
    assert not rejected
    assert article.title == "Café owners protest new port fees"
    assert "“We cannot pay this,” said the owner of the harbour café" in article.text
    assert any("not UTF-8" in n for n in article.meta["ingest_notes"])
    # JSONL in Latin-1 is streamed with the detected encoding too.
    jl = tmp_path / "latin.jsonl"
    jl.write_bytes('{"text": "Le café est fermé depuis lundi, a déclaré le maire.", "outlet": "o"}\n'.encode("latin-1"))
    (a,), _ = split(read_path(jl))
    assert "café" in a.text and "fermé" in a.text
    # An explicit encoding wins; a bogus one is a clear rejection.
    (b,), _ = split(read_path(page, encoding="cp1252"))
    assert b.text == article.text
    assert "unknown text encoding" in split(read_path(page, encoding="nope-8"))[1][0].reason


def test_utf16_with_bom(tmp_path):
    page = tmp_path / "page16.txt"
    page.write_bytes(PAGE.encode("utf-16"))
    (article,), rejected = split(read_path(page))
    assert not rejected and article.title == "Port reopens after storm"


def test_truncated_json(tmp_path):
    obj = tmp_path / "one.json"
    obj.write_text('{"title": "T", "text": "Body that is cut', encoding="utf-8")
    found, (rejection,) = split(read_path(obj))
    assert not found and "truncated JSON" in rejection.reason and rejection.source == str(obj)
    arr = tmp_path / "list.json"
    arr.write_text('[{"text": "One."},\n {"text": "Two."},\n {"text": "Thr', encoding="utf-8")
    found, (rejection,) = split(read_path(arr))
    assert [a.text for a in found] == ["One.", "Two."]
    assert "truncated JSON" in rejection.reason and rejection.record == 3 and rejection.line == 3
    jl = tmp_path / "cut.jsonl"
    jl.write_text('{"text": "One."}\n{"text": "Two."}\n{"text": "Th', encoding="utf-8")
    found, (rejection,) = split(read_path(jl))
    assert len(found) == 2 and rejection.line == 3 and "truncated JSON" in rejection.reason


def test_json_records_that_are_not_articles(tmp_path):
    jl = tmp_path / "mixed.jsonl"
    jl.write_text('{"text": "Fine."}\n[1, 2]\n{"title": "no body"}\n', encoding="utf-8")
    found, rejected = split(read_path(jl))
    assert len(found) == 1
    assert [(r.line, r.reason.split(" (")[0]) for r in rejected] == [
        (2, "expected a JSON object, got list"), (3, "no text field")]


def test_csv_missing_the_mapped_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("body,source\nSome text.,Herald\n", encoding="utf-8")
    found, (rejection,) = split(read_path(path, mapping="text=content"))
    assert not found
    assert "'content' (mapped to text) not in the header" in rejection.reason and "body, source" in rejection.reason
    no_text = tmp_path / "notext.csv"
    no_text.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    assert "no text column" in split(read_path(no_text))[1][0].reason
    rows = tmp_path / "rows.csv"
    rows.write_text('text,outlet\nGood.,o\n,o\n"Also good.",o\n', encoding="utf-8")
    found, (rejection,) = split(read_path(rows))
    assert len(found) == 2 and rejection.line == 3 and "empty text" in rejection.reason


def test_html_with_no_article(tmp_path):
    path = tmp_path / "index.html"
    path.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a>"
                    "<a href='/news'>News</a></nav><script>render()</script></body></html>", encoding="utf-8")
    found, (rejection,) = split(read_path(path))
    assert not found and "no article text found in the HTML" in rejection.reason


def test_page_with_no_recognisable_date(tmp_path, db_path):
    path = tmp_path / "nodate.txt"
    path.write_text(PAGE, encoding="utf-8")
    (article,), _ = split(read_path(path, outlet="herald.example"))
    assert article.published is None
    assert "no recognisable publication date" in article.meta["ingest_notes"]
    report = ingest(path, db_path, outlet="herald.example")
    assert report.ok and len(report.added) == 1
    assert [n.message for n in report.notes] == ["no recognisable publication date"]
    assert "note: no recognisable publication date: 1 article" in report.summary()


def test_directory_with_mixed_good_and_bad_files(tmp_path, db_path, runner):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    (folder / "sub" / "good.jsonl").write_text('{"text": "From JSONL.", "outlet": "o"}\n', encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "sub" / "image.html").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200))
    (folder / ".hidden").write_text("ignored", encoding="utf-8")
    report = ingest(folder, db_path)
    assert len(report.added) == 2
    assert sorted(Path(r.source).name for r in report.rejected) == ["empty.json", "image.html"]
    result = runner.invoke(main, ["ingest", str(folder), "--db", str(db_path), "-q"])
    assert result.exit_code == 1
    assert "added 0, duplicates 2, rejected 2" in result.output
    assert "empty.json: empty file" in result.output and "image.html: binary file" in result.output


def test_missing_path_and_empty_glob(tmp_path, db_path, runner):
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "Body.", "outlet": "o"}\n', encoding="utf-8")
    missing = tmp_path / "nope.txt"
    result = runner.invoke(main, ["ingest", str(missing), str(good), str(tmp_path / "*.xml"), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "added 1," in result.output
    assert f"{missing}: no such file or directory" in result.output
    assert "*.xml: no files match this pattern" in result.output


def test_glob_matches(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.jsonl").write_text(f'{{"text": "Body {i}."}}\n', encoding="utf-8")
    found, rejected = split(read_path(str(tmp_path / "a*.jsonl")))
    assert [a.text for a in found] == ["Body 0.", "Body 1.", "Body 2."] and not rejected


def test_unreadable_file(tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_text(PAGE, encoding="utf-8")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    # Tests run as root, where chmod 000 does not stop reading: simulate the refusal.
    monkeypatch.setattr(ingest_sources, "open", fake_open, raising=False)
    found, (rejection,) = split(read_path(locked))
    assert not found and rejection.source == str(locked) and "permission denied" in rejection.reason


def test_special_file_in_a_directory(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    found, (rejection,) = split(read_path(folder, outlet="o"))
    assert len(found) == 1 and rejection.source.endswith("pipe.txt") and "not a regular file" in rejection.reason


def test_very_large_single_document_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(PAGE * 2000, encoding="utf-8")  # ~290 kB
    found, (rejection,) = split(read_path(big, max_document_bytes=100_000))
    assert not found and "too large" in rejection.reason and "streamed" in rejection.reason


@pytest.mark.slow
def test_very_large_json_list_and_jsonl_stream_in_bounded_memory(tmp_path):
    record = {"title": "T", "text": "Dockers walked out on Monday. " * 40, "outlet": "o.example"}
    arr = tmp_path / "big.json"
    with arr.open("w", encoding="utf-8") as handle:
        handle.write("[")
        handle.write(",\n".join(json.dumps({**record, "n": i}) for i in range(2500)))
        handle.write("]")
    jl = tmp_path / "big.jsonl"
    with jl.open("w", encoding="utf-8") as handle:
        for i in range(2500):
            handle.write(json.dumps({**record, "n": i}) + "\n")
    size = arr.stat().st_size
    assert size > 3_000_000
    for path in (arr, jl):
        tracemalloc.start()
        count = 0
        for item in read_path(path, max_document_bytes=1_000_000):  # far below the file size
            assert isinstance(item, Article), item
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert count == 2500
        assert peak < size / 2, (path.name, peak, size)


def _count(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_database_and_rerun_completes(tmp_path):
    db = tmp_path / "corpus.db"
    lines = [json.dumps({"text": f"Body of article {i}.", "outlet": "o.example", "title": f"T{i}"}) + "\n"
             for i in range(1200)]
    full = tmp_path / "all.jsonl"
    full.write_text("".join(lines), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from framescope.cli import main; main()", "ingest", "-", "--format", "jsonl",
                             "--db", str(db), "--quiet"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        # Feed one batch and a bit more, keep the pipe open, and wait for the first batch to commit.
        proc.stdin.write("".join(lines[:700]).encode())
        proc.stdin.flush()
        deadline = time.time() + 60
        while time.time() < deadline:
            if db.exists():
                try:
                    if _count(db) >= 500:
                        break
                except sqlite3.Error:
                    pass
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    stored = _count(db)
    assert stored == 500  # exactly the committed batch: nothing half-written
    report = ingest(full, db)
    assert (len(report.added), len(report.duplicates), report.ok) == (700, 500, True)
    with Store(db) as store:
        assert len(store) == 1200
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.search("article")) == 1200  # the full-text index is complete too


def test_non_utf8_html_without_declared_charset(tmp_path):
    page = tmp_path / "page.html"
    body = ("<html><head><title>Café owners protest new port fees</title></head><body><article>"
            "<h1>Café owners protest new port fees</h1>"
            "<p>“We cannot pay this,” said the owner of the harbour café, who has run it for twenty years "
            "and employs six people.</p>"
            "<p>The council said the fees would fund repairs to the pier and the old customs house, which "
            "was damaged in the February storm.</p></article></body></html>")
    page.write_bytes(body.encode("cp1252"))
    (article,), rejected = split(read_path(page))
    assert not rejected
    assert "“We cannot pay this,” said the owner of the harbour café" in article.text


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_html_without_declared_charset(tmp_path, bom):
    """A scraper's saved page often has no <meta charset>: UTF-8 must not be read as Latin-1."""
    page = tmp_path / "page.html"
    body = ("<html><head><title>São Paulo’s mayor promises “a new pier”</title></head><body><article>"
            "<h1>São Paulo’s mayor promises “a new pier”</h1>"
            "<p>“We will rebuild,” the mayor said on Tuesday, after the storm left the fishermen of Ribeirão "
            "without a harbour for the third winter in a row.</p>"
            "<p>Critics said the plan, which costs €2 million, came too late for the café owners on the "
            "seafront, who have been closed since February.</p></article></body></html>")
    page.write_bytes(bom + body.encode("utf-8"))
    (article,), rejected = split(read_path(page))
    assert not rejected
    assert article.title == "São Paulo’s mayor promises “a new pier”"
    assert "“We will rebuild,” the mayor said" in article.text and "costs €2 million" in article.text
    assert "Ã" not in article.text + article.title


def test_invalid_bytes_late_in_a_utf8_jsonl_are_replaced_and_noted(tmp_path):
    path = tmp_path / "late.jsonl"
    good = '{"text": "Plain ASCII line.", "outlet": "o"}\n'.encode() * 2000  # longer than the sniffed head
    path.write_bytes(good + b'{"text": "Caf\xe9 closed.", "outlet": "o"}\n')
    found, rejected = split(read_path(path))
    assert not rejected and len(found) == 2001
    assert found[-1].text == "Caf\ufffd closed."
    assert any("undecodable bytes replaced" in n for n in found[-1].meta["ingest_notes"])


def test_ingesting_the_folder_that_holds_the_database_skips_the_database(tmp_path, runner, monkeypatch):
    (tmp_path / "a.jsonl").write_text('{"text": "Body.", "outlet": "o"}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(main, ["ingest", ".", "-q"])  # default ./framescope.db, inside "."
    again = runner.invoke(main, ["ingest", ".", "-q"])
    assert first.exit_code == 0 and again.exit_code == 0, again.output
    assert "added 0, duplicates 1, rejected 0" in again.output


def test_over_long_lines_in_streamed_files_are_skipped_unread(tmp_path):
    jl = tmp_path / "long.jsonl"
    jl.write_text('{"text": "One."}\n{"text": "' + "x" * 300_000 + '"}\n{"text": "Three."}\n', encoding="utf-8")
    found, (rejection,) = split(read_path(jl, max_document_bytes=100_000))
    assert [a.text for a in found] == ["One.", "Three."]
    assert rejection.line == 2 and "line longer than" in rejection.reason
    csv_path = tmp_path / "long.csv"
    csv_path.write_text('text,outlet\nOne.,o\n"' + "y" * 300_000 + '",o\nThree.,o\n', encoding="utf-8")
    found, (rejection,) = split(read_path(csv_path, max_document_bytes=100_000))
    assert [a.text for a in found] == ["One."]
    assert rejection.line == 3 and "stopped reading" in rejection.reason


@pytest.mark.slow
def test_a_parsing_worker_dying_fails_cleanly_and_rerun_completes(tmp_path, monkeypatch):
    from joblib.externals.loky import reusable_executor

    from framescope.errors import FramescopeError
    from framescope.ingest import parallel

    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"text": f"Body of article {i} about the harbour.", "outlet": "o.example",
                                        "title": f"T{i}"}) + "\n" for i in range(3000)), encoding="utf-8")
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 1000)
    monkeypatch.setattr(parallel, "PIECE_BYTES", 3000)  # ~40 lines a piece: many pieces, few in flight

    class KillAfterFirstBatch(Store):
        killed = False

        def add_rows(self, rows, **kwargs):
            result = super().add_rows(rows, **kwargs)
            if not self.killed:
                self.killed = True
                pid = next(iter(reusable_executor._executor._processes))  # the pool ingest is using
                os.kill(pid, signal.SIGKILL)
            return result

    db = tmp_path / "corpus.db"
    with KillAfterFirstBatch(str(db)) as store:
        with pytest.raises(FramescopeError, match="worker process died.*run the same command again"):
            ingest(path, store, n_jobs=2, batch_size=200)
        stored = len(store)
        assert stored % 200 == 0 and 200 <= stored < 3000  # whole batches only
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
    report = ingest(path, db, n_jobs=2)
    assert (len(report.added), len(report.duplicates), report.ok) == (3000 - stored, stored, True)
    with Store(db) as store:
        assert len(store) == 3000 and len(store.search("harbour")) == 3000
