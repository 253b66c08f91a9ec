"""HTML releases: the main text is extracted with trafilatura (navigation,
breadcrumbs and boilerplate dropped); title, date, publisher and URL come from
the page's metadata. The extracted text is what kg stores and points into."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.document import Document
from kg.errors import InputError
from kg.ingest.decode import decode
from kg.ingest.metadata import release_date
from kg.ingest.registry import register_reader

# Entity declarations in a DOCTYPE are how "billion laughs" bombs are built;
# a news page never needs them.
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)


@register_reader(".html", ".htm", ".xhtml")
def read_html(data: bytes, source: str, release_id: str) -> Iterator[Document]:
    yield html_document(decode(data, source), source, release_id)


_BYLINE = re.compile(r"\b(?:staff|writer|reporter|editor|correspondent|admin|desk|contributor|journalist)\b",
                     re.IGNORECASE)
_AD_LINE = re.compile(r"^\s*(?:advertisement|sponsored(?: content)?|scroll to continue)\b[^\n]{0,60}$",
                      re.IGNORECASE | re.MULTILINE)


def _without_ads(text: str) -> str:
    """The page's text without its advertisement markers ("ADVERTISEMENT - SCROLL TO CONTINUE")."""
    return re.sub(r"\n{3,}", "\n\n", _AD_LINE.sub("", text)).strip()


def html_document(html: str, source: str, release_id: str, **known: str | None) -> Document:
    """A Document from an HTML page; `known` metadata (from JSONL) wins over the page's."""
    if _ENTITY_DECL.search(html[:65536]):
        raise InputError(f"{source}: HTML declares XML entities (refused: entity expansion)")
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=True, url=known.get("url"))
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not text or extracted is None or isinstance(extracted, dict):
        raise InputError(f"{source}: no main text found in the HTML page")
    text = _without_ads(text)
    # The site publishes; an author line ("Staff Writer") is a byline, not a publisher.
    author = getattr(extracted, "author", None)
    publisher = getattr(extracted, "sitename", None) or (author if author and not _BYLINE.search(author) else None)
    return Document(
        id=release_id, text=text,
        title=known.get("title") or extracted.title,
        date=known.get("date") or _iso_date(extracted.date) or release_date(text),
        publisher=known.get("publisher") or publisher,
        url=known.get("url") or extracted.url, source=source,
    )


def _iso_date(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None
