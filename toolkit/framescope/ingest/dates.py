"""Parse publication dates and times in the formats news pages and exports use."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["parse_date", "find_date", "is_date_line", "MONTHS", "ZONES"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
"""Month names and abbreviations (English) -> month number."""

# Offsets of the zone abbreviations that news sites print; ambiguous ones (IST, CST
# outside the US) follow the most common news usage.
ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "msk": 180, "ist": 330, "hkt": 480, "sgt": 480, "jst": 540, "kst": 540, "aest": 600,
    "aedt": 660, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "et": None, "pt": None, "ct": None, "mt": None,
}
"""Time-zone abbreviations -> UTC offset in minutes (None: US zone, daylight saving decides)."""

_US_GENERIC = {"et": (-300, -240), "ct": (-360, -300), "mt": (-420, -360), "pt": (-480, -420)}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+)?"
_TIME = (r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*"
         r"(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<zone>(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
         r"\b(?:" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")\b)?")
_SEP = r"\s*(?:,|at|@|-|–|—|\||/)?\s*"

_PATTERNS = [
    # 28 Oct, 2021 12:43 · 28 October 2021 · Thursday 28 October 2021, 12:43 GMT
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})"
               r"(?:" + _SEP + _TIME + r")?", re.I),
    # Oct 28, 2021 12:43 PM · October 28th, 2021 at 9:05 a.m. ET · Thu, Oct. 28, 2021
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
               r"(?:" + _SEP + _TIME + r")?", re.I),
    # 2021-10-28 12:43 · 2021/10/28 · 2021.10.28
    re.compile(r"(?P<year>\d{4})[-/.](?P<nmonth>\d{1,2})[-/.](?P<day>\d{1,2})(?:(?:T|\s+|" + _SEP + r")" + _TIME + r")?",
               re.I),
    # 28.10.2021 12:43 · 28/10/2021 · 10/28/2021 (day first unless impossible)
    re.compile(r"(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<year>\d{4})(?:" + _SEP + _TIME + r")?", re.I),
    # 12:43 28 Oct 2021 · 12:43 GMT, 28 October 2021
    re.compile(_TIME + _SEP + _WEEKDAY + r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    # 12:43 Oct 28, 2021
    re.compile(_TIME + _SEP + _WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})", re.I),
]

_NUMBER = re.compile(r"\d{9,13}(?:\.\d+)?")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_RFC_2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")
_OFFSET = re.compile(r"(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?")
_DATE_WORDS = re.compile(
    r"^\s*(?:(?:published|posted|updated|last updated|first published|date|modified|created|on)\s*(?:on|at)?\s*:?\s*)+", re.I)
_LEFTOVER_OK = re.compile(r"^[\s,.;:|()\-–—/•·]*$")


def _zone_offset(zone: str | None, when: datetime) -> timezone | None:
    if not zone:
        return None
    z = zone.strip().lower().replace(" ", "")
    m = _OFFSET.fullmatch(z)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    if z in _US_GENERIC:
        standard, daylight = _US_GENERIC[z]
        # US daylight saving: second Sunday of March to first Sunday of November.
        year = when.year
        march = date(year, 3, 8) + timedelta(days=(6 - date(year, 3, 8).weekday()) % 7)
        november = date(year, 11, 1) + timedelta(days=(6 - date(year, 11, 1).weekday()) % 7)
        minutes = daylight if march <= when.date() < november else standard
        return timezone(timedelta(minutes=minutes))
    if z in ZONES and ZONES[z] is not None:
        return timezone(timedelta(minutes=ZONES[z]))
    return None


def _build(match: re.Match) -> datetime | None:
    g = match.groupdict()
    try:
        year = int(g["year"])
        if g.get("month"):
            month = MONTHS[g["month"].lower().rstrip(".")]
            day = int(g["day"])
        elif g.get("nmonth"):
            month, day = int(g["nmonth"]), int(g["day"])
        else:
            a, b = int(g["a"]), int(g["b"])
            day, month = (a, b) if b <= 12 else (b, a)
        hour = int(g["hour"]) if g.get("hour") else 0
        minute = int(g["minute"]) if g.get("minute") else 0
        second = int(g["second"]) if g.get("second") else 0
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if not 1800 <= year <= 2200:
            return None
        value = datetime(year, month, day, hour, minute, second)
    except (ValueError, KeyError, TypeError):
        return None
    zone = _zone_offset(g.get("zone"), value)
    return value.replace(tzinfo=zone) if zone else value


def find_date(text: str) -> tuple[datetime, tuple[int, int]] | None:
    """The first date (with time and zone when given) in ``text`` and its character span.

    Examples
    --------
    >>> value, span = find_date("Published 28 Oct, 2021 12:43 by staff")
    >>> value.isoformat(), span
    ('2021-10-28T12:43:00', (10, 28))
    """
    if not text:
        return None
    best = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _build(match)
            if value is None:
                continue
            span = match.span()
            while span[1] > span[0] and text[span[1] - 1].isspace():
                span = (span[0], span[1] - 1)
            if best is None or span[0] < best[1][0] or (span[0] == best[1][0] and span[1] > best[1][1]):
                best = (value, span)
            break
    return best


def parse_date(value) -> datetime | None:
    """Parse a publication date-time from text; None when there is no recognisable date.

    Understands ISO 8601, RFC 2822 (feeds, e-mail), Unix timestamps (numbers) and the
    printed forms news pages use: "28 Oct, 2021 12:43", "October 28, 2021 at 9:05 a.m. ET",
    "Thu 28 Oct 2021 12.43 BST", "28.10.2021 12:43", "2021/10/28". A time zone, when
    given, makes the result timezone-aware; otherwise it is naive (zone unknown).

    Examples
    --------
    >>> parse_date("28 Oct, 2021 12:43")
    datetime.datetime(2021, 10, 28, 12, 43)
    >>> parse_date("Oct. 28, 2021 at 9:05 p.m. ET").isoformat()
    '2021-10-28T21:05:00-04:00'
    >>> parse_date("2021-10-28T12:43:00Z").isoformat()
    '2021-10-28T12:43:00+00:00'
    >>> parse_date("no date here") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:
            return None
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, dict) and "$date" in value:  # MongoDB export
        return parse_date(value["$date"])
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return parse_date(float(text))
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    if _ISO_START.match(iso):
        try:
            return datetime.fromisoformat(iso if "T" in iso or len(iso) <= 10 else iso.replace(" ", "T", 1))
        except ValueError:
            pass
    if _RFC_2822.match(text):
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    found = find_date(text)
    return found[0] if found else None


def is_date_line(line: str) -> datetime | None:
    """The date when ``line`` is nothing but a date (with an optional "Published:" label).

    Examples
    --------
    >>> is_date_line("Updated: 28 Oct, 2021 12:43 GMT").isoformat()
    '2021-10-28T12:43:00+00:00'
    >>> is_date_line("On 28 Oct 2021 the talks failed.") is None
    True
    """
    if not line or len(line) > 120:
        return None
    stripped = _DATE_WORDS.sub("", line.strip())
    found = find_date(stripped)
    if not found:
        return None
    value, (a, b) = found
    if _LEFTOVER_OK.match(stripped[:a]) and _LEFTOVER_OK.match(stripped[b:]):
        return value
    return None
