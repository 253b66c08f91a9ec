"""Metadata a release states in its own first lines: the title and the date."""
from __future__ import annotations

import re
from datetime import date

from kg.dates import MONTHS

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
DATE_PATTERNS = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})", re.IGNORECASE),  # October 30, 2023
    re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})", re.IGNORECASE),  # 30 October 2023
    re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"),
]


def parse_date(text: str) -> str | None:
    """The first full date in `text`, as ISO yyyy-mm-dd."""
    best: tuple[int, str] | None = None
    for i, pattern in enumerate(DATE_PATTERNS):
        m = pattern.search(text)
        if not m:
            continue
        g = m.groups()
        try:
            if i in (0, 3):
                d = date(int(g[0]), int(g[1]), int(g[2]))
            elif i == 1:
                d = date(int(g[2]), MONTHS[g[0].lower().rstrip(".")], int(g[1]))
            else:
                d = date(int(g[2]), MONTHS[g[1].lower().rstrip(".")], int(g[0]))
        except (ValueError, KeyError):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), d.isoformat())
    return best[1] if best else None


def release_date(text: str) -> str | None:
    """A release puts its date near the top; look there only."""
    return parse_date(text[:800])


# "Press release, Ministry of ...", "Issued by the ... Office", "Source: ...".
_PUBLISHER = [
    re.compile(r"^\s*(?:press|news|media)\s+release\s*[,:\u2013\u2014-]\s*(?P<p>[A-Z][^\n]{3,120}?)\s*[.]?\s*$",
               re.IGNORECASE | re.MULTILINE),
    re.compile(r"\bissued\s+by\s*:?\s+(?:the\s+)?(?P<p>[A-Z][^\n.;]{3,120})", re.IGNORECASE),
    re.compile(r"^\s*(?:source|publisher)\s*:\s*(?P<p>[A-Z][^\n]{3,120}?)\s*$", re.IGNORECASE | re.MULTILINE),
]


def release_publisher(text: str) -> str | None:
    """Who issued a release, when its first or last lines say so."""
    for part in (text[:1200], text[-800:]):
        for pattern in _PUBLISHER:
            m = pattern.search(part)
            if m:
                return m.group("p").strip(" ,.;:")
    return None
