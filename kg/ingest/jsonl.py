"""JSON Lines: one release per line, {"id", "text" or "html", "url", "title",
"date", "publisher", ...}. A malformed line is reported with its line number;
the other lines are still read."""
from __future__ import annotations

import json
from collections.abc import Iterator

from kg.document import Document
from kg.errors import InputError
from kg.ingest.decode import decode
from kg.ingest.html import html_document
from kg.ingest.metadata import release_date
from kg.ingest.registry import register_reader

META_KEYS = ("url", "title", "date", "publisher")


@register_reader(".jsonl", ".ndjson")
def read_jsonl(data: bytes, source: str, release_id: str) -> Iterator[Document | InputError]:
    text = decode(data, source)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield _line_document(line, where, f"{release_id}-{number}")
        except InputError as exc:
            exc.data, exc.release_id = line.encode("utf-8"), f"{release_id}-{number}"
            yield exc


def _line_document(line: str, where: str, fallback_id: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    release_id = record.get("id")
    if release_id is not None and (not isinstance(release_id, str | int) or not str(release_id).strip()):
        raise InputError(f"{where}: 'id' must be a non-empty string")
    release_id = str(release_id).strip() if release_id is not None else fallback_id
    meta = {k: str(record[k]) for k in META_KEYS if isinstance(record.get(k), str | int)}
    extra = {k: v for k, v in record.items() if k not in (*META_KEYS, "id", "text", "html")}
    if isinstance(record.get("text"), str) and record["text"].strip():
        body = record["text"]
        if "\x00" in body:
            raise InputError(f"{where}: binary content in 'text'")
        return Document(id=release_id, text=body, title=meta.get("title"),
                        date=meta.get("date") or release_date(body), publisher=meta.get("publisher"),
                        url=meta.get("url"), source=where, meta=extra)
    if isinstance(record.get("html"), str) and record["html"].strip():
        doc = html_document(record["html"], where, release_id, **meta)
        doc.meta = extra
        return doc
    raise InputError(f"{where}: no 'text' or 'html' with content")
