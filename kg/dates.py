"""Date expressions to ISO dates, resolved against the release date where the
text leaves the year or the day implicit ("July 17", "Sunday", "yesterday",
"last year"). Ranges ("from October 26 to October 27, 2023", "8-12 September
2025") give a start and an end."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

# Month names are matched capitalised only: "may 2" is a verb and a number.
_MONTH = (r"(?P<{n}>(?-i:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|"
          r"SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER))\.?")
_DAY = r"(?P<{n}>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{n}>(?:19|20)\d{{2}})"
_WEEKDAY = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _md(i: int) -> str:  # "October 26" / "26 October"
    return (r"(?:" + _WEEKDAY + _MONTH.format(n=f"m{i}") + r"\s+" + _DAY.format(n=f"d{i}")
            + r"|" + _WEEKDAY + _DAY.format(n=f"e{i}") + r"\s+" + _MONTH.format(n=f"n{i}") + r")")


_SEP = r",?\s*(?:-|–|—|to|until|through|and)\s*"
RANGE = re.compile(
    # Thursday, October 26 to Friday, October 27, 2023 / 26 October - 27 October 2023
    r"(?:from\s+)?" + _md(1) + r"(?:,?\s+" + _YEAR.format(n="y1") + r")?" + _SEP + _md(2)
    + r"(?:,?\s+" + _YEAR.format(n="y2") + r")?"
    # 8-12 September 2025 / September 8-12, 2025
    + r"|(?P<rd1>\d{1,2})(?:st|nd|rd|th)?" + _SEP + r"(?P<rd2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(n="rm") + r"(?:,?\s+" + _YEAR.format(n="ry") + r")?"  # noqa: E501
    + r"|" + _MONTH.format(n="sm") + r"\s+(?P<sd1>\d{1,2})" + _SEP + r"(?P<sd2>\d{1,2}),?(?:\s+" + _YEAR.format(n="sy") + r")?",
    re.IGNORECASE)
SINGLE = re.compile(
    _md(1) + r"(?:,?\s+" + _YEAR.format(n="y1") + r")?"
    + r"|" + _MONTH.format(n="my") + r"\s+" + _YEAR.format(n="yy")
    + r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    + r"|\b(?P<rel>yesterday|today|last year|this year|last week|last month|(?:last\s+|this\s+|on\s+)?"
      r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    + r"|\b(?:in|since|from)\s+" + _YEAR.format(n="yo") + r"\b",
    re.IGNORECASE)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _make(year: int | None, month: int, day: int, ref: date | None) -> str | None:
    if year is None:
        if ref is None:
            return None
        year = ref.year
        # A release in January about "December 20" speaks of last year.
        try:
            if date(year, month, day) > ref + timedelta(days=180):
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _first(m: re.Match, *names: str) -> str:
    """The first of these groups that matched ("" when none did)."""
    for n in names:
        if m.group(n):
            return m.group(n)
    return ""


def parse_range(text: str, ref: date | None = None) -> tuple[str, str] | None:
    """The first date range in `text` as (start, end) ISO dates."""
    m = RANGE.search(text)
    if not m:
        return None
    if m.group("rd1"):
        year = int(m.group("ry")) if m.group("ry") else None
        month = _month(m.group("rm"))
        start, end = _make(year, month, int(m.group("rd1")), ref), _make(year, month, int(m.group("rd2")), ref)
    elif m.group("sm"):
        year = int(m.group("sy")) if m.group("sy") else None
        month = _month(m.group("sm"))
        start, end = _make(year, month, int(m.group("sd1")), ref), _make(year, month, int(m.group("sd2")), ref)
    else:
        year2 = int(m.group("y2")) if m.group("y2") else None
        month1, month2 = _month(_first(m, "m1", "n1")), _month(_first(m, "m2", "n2"))
        year1 = int(m.group("y1")) if m.group("y1") else year2
        if not m.group("y1") and year2 is not None and month1 > month2:
            year1 = year2 - 1  # "from 30 December to 2 January 2024"
        start = _make(year1, month1, int(_first(m, "d1", "e1")), ref)
        end = _make(year2 or year1, month2, int(_first(m, "d2", "e2")), ref)
    if start and end and start <= end:
        return start, end
    return None


def parse_dates(text: str, ref: date | None = None) -> list[tuple[int, str]]:
    """Every single date in `text`: (offset, ISO date, or yyyy-mm / yyyy when
    the text gives no more)."""
    out = []
    for m in SINGLE.finditer(text):
        value = None
        if m.group("iso"):
            value = m.group("iso")
        elif _first(m, "m1", "n1"):
            year = int(m.group("y1")) if m.group("y1") else None
            value = _make(year, _month(_first(m, "m1", "n1")), int(_first(m, "d1", "e1")), ref)
        elif m.group("my"):
            value = f"{int(m.group('yy')):04d}-{_month(m.group('my')):02d}"
        elif m.group("yo"):
            value = m.group("yo")
        elif m.group("rel") and ref is not None:
            value = _relative(m.group("rel").lower(), ref)
        if value:
            out.append((m.start(), value))
    return out


def _relative(expr: str, ref: date) -> str | None:
    if expr == "yesterday":
        return (ref - timedelta(days=1)).isoformat()
    if expr == "today":
        return ref.isoformat()
    if expr == "last year":
        return str(ref.year - 1)
    if expr == "this year":
        return str(ref.year)
    if expr in ("last week", "last month"):
        return None
    day = expr.split()[-1]
    if day in WEEKDAYS:
        # News uses a bare weekday for the most recent one (today counts).
        back = (ref.weekday() - WEEKDAYS.index(day)) % 7
        if expr.startswith("last ") and back == 0:
            back = 7
        return (ref - timedelta(days=back)).isoformat()
    return None


def to_date(value: str | None) -> date | None:
    """A publication date as a reference for the dates a text leaves
    incomplete: a full ISO date, or a month ("2023-04": its middle) or a
    year ("2023": its middle) when that is all the metadata gives."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), 15) if m.group(2) else date(int(m.group(1)), 7, 1)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateExpression:
    """A date the text writes: where, its ISO value, and its part in a range."""

    start: int
    end: int
    value: str  # yyyy-mm-dd, yyyy-mm or yyyy
    role: str  # "single", "from" (a range's start) or "until" (its end)


def _range_values(m: re.Match, ref: date | None) -> tuple[str, str] | None:
    return parse_range(m.group(0), ref)


def find_dates(text: str, ref: date | None = None) -> list[DateExpression]:
    """Every date expression of `text`, ranges first (a range's two ends are
    not also read as single dates)."""
    out: list[DateExpression] = []
    covered: list[tuple[int, int]] = []
    for m in RANGE.finditer(text):
        values = _range_values(m, ref)
        if values:
            out.append(DateExpression(m.start(), m.end(), values[0], "from"))
            out.append(DateExpression(m.start(), m.end(), values[1], "until"))
            covered.append((m.start(), m.end()))
    for offset, value in parse_dates(text, ref):
        if any(s <= offset < e for s, e in covered):
            continue
        single = SINGLE.match(text, offset)
        end = single.end() if single else offset + len(value)
        out.append(DateExpression(offset, end, value, "single"))
    return sorted(out, key=lambda d: (d.start, d.role))
