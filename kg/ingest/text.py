"""Plain text and Markdown releases. The text is stored as read: Markdown
markup stays in place so character offsets point into the file's own text."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.document import Document
from kg.ingest.decode import decode
from kg.ingest.metadata import release_date, release_publisher
from kg.ingest.registry import register_reader

_MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@register_reader(".txt")
def read_text(data: bytes, source: str, release_id: str) -> Iterator[Document]:
    text = decode(data, source)
    yield Document(id=release_id, text=text, title=_first_line(text), date=release_date(text),
                   publisher=release_publisher(text), source=source)


@register_reader(".md", ".markdown")
def read_markdown(data: bytes, source: str, release_id: str) -> Iterator[Document]:
    text = decode(data, source)
    m = _MD_TITLE.search(text)
    title = m.group(1) if m else _first_line(text)
    yield Document(id=release_id, text=text, title=title, date=release_date(text), publisher=release_publisher(text),
                   source=source)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return None
