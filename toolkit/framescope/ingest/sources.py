"""Finding input files, opening them safely, sniffing their format and text encoding."""

from __future__ import annotations

import codecs
import glob
import io
import os
import stat
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from framescope.ingest.base import MAX_DOCUMENT_BYTES, Rejection, human_size

HEAD_BYTES = 64 * 1024

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".php": "html", ".asp": "html",
    ".aspx": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jl": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}

_MAGIC = [
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"), (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"BZh", "bzip2-compressed data (decompress it first)"), (b"\xfd7zXZ", "xz-compressed data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\x7fELF", "an executable"), (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document"), (b"RIFF", "a media file"),
]
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


class LineTooLong(Exception):
    """A line of a streamed file is longer than the size limit (it was skipped, not read)."""

    def __init__(self, line: int, limit: int):
        super().__init__(f"line longer than {human_size(limit)}")
        self.line, self.limit = line, limit


class _Prefixed(io.RawIOBase):
    """A raw stream that returns ``head`` first, then the rest of ``stream`` (for stdin/FIFOs)."""

    def __init__(self, head: bytes, stream):
        self._head, self._stream = head, stream

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        reader = getattr(self._stream, "read1", self._stream.read)
        data = reader(len(buffer))
        buffer[:len(data)] = data
        return len(data)


@dataclass
class Source:
    """One opened input: its name, first bytes, size (None for pipes) and a binary stream."""

    name: str
    head: bytes
    size: int | None
    stream: BinaryIO
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when ``head`` holds the whole input."""
        return self.size is not None and self.size <= len(self.head)

    def close(self):
        if self.stream is not getattr(sys.stdin, "buffer", None):
            try:
                self.stream.close()
            except OSError:
                pass

    def read_all(self, limit: int = MAX_DOCUMENT_BYTES) -> bytes | None:
        """The whole input, or None when it is larger than ``limit`` bytes."""
        if self.size is not None and self.size > limit:
            return None
        data = self.stream.read(limit + 1)
        return None if len(data) > limit else data

    def text_lines(self, *, newline: str | None = None) -> io.TextIOWrapper:
        """The input as a stream of text lines in the detected encoding (bad bytes replaced)."""
        return io.TextIOWrapper(self.stream, encoding=self.encoding, errors="replace", newline=newline)

    def bounded_lines(self, limit: int, *, newline: str | None = None) -> Iterator[str | LineTooLong]:
        """Text lines; a line over ``limit`` characters is skipped unread and yields a :class:`LineTooLong`."""
        stream = self.text_lines(newline=newline)
        number = 0
        while True:
            line = stream.readline(limit + 1)
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith(("\n", "\r")):
                while True:  # skip the rest of the over-long line without holding it
                    rest = stream.readline(limit)
                    if not rest or rest.endswith(("\n", "\r")):
                        break
                yield LineTooLong(number, limit)
                continue
            yield line

    def decode(self, data: bytes) -> str:
        """Decode a whole document: the sniffed encoding, else charset detection, else cp1252."""
        try:
            return data.decode(self.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        encoding = _detect(data)
        if encoding:
            self.notes.append(f"decoded as {encoding} (not valid {self.encoding})")
            self.encoding = encoding
            return data.decode(encoding, errors="replace")
        self.notes.append(f"not valid {self.encoding}; decoded as cp1252 with undecodable bytes replaced")
        return data.decode("cp1252", errors="replace")


def expand(path: str, exclude: frozenset[str] = frozenset()) -> Iterator[str | Rejection]:
    """Files named by ``path``: itself, every file under a directory (sorted), a glob's matches, or "-".

    Hidden files and folders (``.git``, ``.DS_Store``) inside a directory are skipped, and
    so are the files in ``exclude`` (absolute paths: the database being written);
    special files (FIFOs, sockets, devices) inside a directory are rejected.
    """
    path = os.fspath(path)
    if exclude and path != "-" and os.path.abspath(path) in exclude:
        return
    if path == "-":
        yield "-"
        return
    if os.path.isdir(path):
        found = False
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                if exclude and os.path.abspath(full) in exclude:
                    continue
                found = True
                try:
                    mode = os.stat(full).st_mode
                except OSError as exc:
                    yield Rejection(full, f"cannot read: {exc.strerror or exc}")
                    continue
                if not stat.S_ISREG(mode):
                    yield Rejection(full, "not a regular file (FIFO, socket or device); skipped")
                    continue
                yield full
        if not found:
            yield Rejection(path, "directory contains no input files")
        return
    if os.path.exists(path):
        yield path
        return
    if any(ch in path for ch in "*?["):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Rejection(path, "no files match this pattern")
        for match in matches:
            yield from expand(match, exclude)
        return
    if os.path.islink(path):
        yield Rejection(path, "broken symbolic link")
        return
    yield Rejection(path, "no such file or directory")


def open_source(path: str, *, encoding: str | None = None) -> Source | Rejection:
    """Open ``path`` (or "-" for stdin), read its head, refuse binary data, pick the encoding."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            stream = sys.stdin.buffer
            head = stream.read1(HEAD_BYTES) if hasattr(stream, "read1") else stream.read(HEAD_BYTES)
            stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=HEAD_BYTES)
            size = None
        else:
            info = os.stat(path)
            if stat.S_ISDIR(info.st_mode):
                return Rejection(name, "is a directory, expected a file")
            stream = open(path, "rb")
            if stat.S_ISREG(info.st_mode):
                head = stream.read(HEAD_BYTES)
                stream.seek(0)
                size = info.st_size
            else:  # a FIFO or process substitution: read it like stdin
                head = stream.read1(HEAD_BYTES)
                stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=HEAD_BYTES)
                size = None
    except PermissionError as exc:
        return Rejection(name, f"permission denied: {exc.strerror or exc}")
    except IsADirectoryError:
        return Rejection(name, "is a directory, expected a file")
    except OSError as exc:
        return Rejection(name, f"cannot read: {exc.strerror or exc}")
    source = Source(name=name, head=head, size=size, stream=stream)
    if not head.strip():
        source.close()
        return Rejection(name, "empty file" if head == b"" else "file contains only whitespace")
    problem = binary_kind(head)
    if problem:
        source.close()
        return Rejection(name, f"binary file ({problem}), not text; framescope reads page text, HTML, "
                               f"JSON/JSONL, CSV/TSV and RSS/Atom feeds")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            source.close()
            return Rejection(name, f"unknown text encoding {encoding!r}")
        source.encoding = encoding
    else:
        source.encoding, note = sniff_encoding(head, complete=source.complete)
        if note:
            source.notes.append(note)
    return source


def binary_kind(head: bytes) -> str | None:
    """What kind of binary data ``head`` looks like, or None for text.

    Examples
    --------
    >>> binary_kind(b"%PDF-1.7 ..."), binary_kind("Taipei said".encode())
    ('looks like a PDF document', None)
    """
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"looks like {kind}"
    sample = head[:8192]
    if b"\x00" in sample:
        encoding = _detect(sample)
        if encoding and encoding.replace("_", "-").lower().startswith(("utf-16", "utf-32")):
            return None
        return "contains NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > 0.05:
        return "mostly control characters"
    return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:HEAD_BYTES * 4]).best()
    return best.encoding if best is not None else None


def sniff_encoding(head: bytes, *, complete: bool = False) -> tuple[str, str | None]:
    """``(encoding, note)`` for text starting with ``head``: BOM, else UTF-8, else detected.

    Examples
    --------
    >>> sniff_encoding("café".encode("utf-8"))
    ('utf-8', None)
    >>> sniff_encoding("Le café est très chaud, déjà ouvert à midi.".encode("cp1252"))[0] != "utf-8"
    True
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    encoding = _detect(head)
    if encoding:
        return encoding, f"not UTF-8; decoded as {encoding} (detected)"
    return "cp1252", "not UTF-8 and no encoding detected; decoded as cp1252 with bad bytes replaced"


def sniff_format(name: str, head: bytes) -> str:
    """Guess the input format from the file name, then from the first bytes.

    Examples
    --------
    >>> sniff_format("a.jsonl", b""), sniff_format("-", b'<?xml version="1.0"?><rss>')
    ('jsonl', 'feed')
    >>> sniff_format("page", b"28 Oct, 2021 12:43\\nTitle")
    'text'
    """
    lower = name.lower()
    ext = os.path.splitext(lower)[1]
    text = head[:HEAD_BYTES].decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    start = text[:2000].lower()
    if ext == ".xml" or (ext not in _EXTENSIONS and start.startswith("<")):
        if "<rss" in start or "<feed" in start or "<rdf:rdf" in start:
            return "feed"
        if ext == ".xml":
            return "html" if "<html" in start else "feed"
        return "html"
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        first, _, rest = text.partition("\n")
        if rest.lstrip().startswith("{") and first.rstrip().endswith("}"):
            return "jsonl"
        return "json"
    first_line = text.split("\n", 1)[0]
    if first_line.count("\t") >= 2:
        return "tsv"
    if first_line.count(",") >= 2 and len(first_line) < 500 and not first_line.rstrip().endswith("."):
        second = text.split("\n", 2)[1] if text.count("\n") >= 1 else ""
        if second and second.count(",") >= first_line.count(",") - 1:
            return "csv"
    return "text"
