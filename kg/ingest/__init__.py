"""Readers: files, folders, globs and stdin to Documents."""
from __future__ import annotations

import glob
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.document import Document
from kg.errors import InputError, UnsupportedInput
from kg.ingest.decode import decode
from kg.ingest.registry import reader_for, register_reader, suffixes
from kg.ingest.sniff import looks_like_html, looks_like_text, sniff

__all__ = ["read_paths", "read_bytes", "register_reader", "suffixes", "decode"]


def read_bytes(data: bytes, source: str, release_id: str, suffix: str = ".txt") -> Iterator[Document | Exception]:
    """Documents from raw bytes, read as a file with `suffix` would be."""
    reader = reader_for(Path("x" + suffix))
    if reader is None:
        yield UnsupportedInput(f"{source}: unsupported file type '{suffix}' (supported: {', '.join(suffixes())})")
        return
    try:
        yield from reader(data, source, release_id)
    except InputError as exc:
        exc.data, exc.release_id = data, release_id
        yield exc


def read_paths(paths: Iterable[str], release_id: str | None = None,
               stdin_suffix: str | None = None, fmt: str | None = None) -> Iterator[Document | Exception]:
    """Every Document under `paths` (files, folders read recursively, globs, '-'
    for stdin), or an InputError for each input that cannot be read. The id is
    `release_id` when given (one input only), else the file's stem.

    `fmt` ("txt", "md", "html", "jsonl") reads every input so; else '-' and a
    file with an unknown extension are read as what their bytes are (kg.ingest.sniff),
    and a .txt or .md file that is HTML is read as HTML, with a warning."""
    forced = "." + fmt if fmt else stdin_suffix
    for path in _expand(paths):
        if path == "-":
            data = sys.stdin.buffer.read()
            suffix = forced or sniff(data)
            note = None if forced or suffix == ".txt" else f"<stdin>: read as {suffix[1:]} (its content; --format chooses)"
            yield from _warned(read_bytes(data, "<stdin>", release_id or _stdin_id(data), suffix), note)
            continue
        p = Path(path)
        suffix = p.suffix.lower()
        known = reader_for(p) is not None
        if not known and not forced and not p.is_file():
            yield UnsupportedInput(f"{p}: unsupported file type '{p.suffix or '(none)'}' "
                                   f"(supported: {', '.join(suffixes())})")
            continue
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield InputError(f"{p}: cannot read ({exc.strerror or exc})")
            continue
        note = None
        if forced:
            suffix = forced
        elif not known:
            if not looks_like_text(data):
                yield UnsupportedInput(f"{p}: unsupported file type '{p.suffix or '(none)'}' "
                                       f"(supported: {', '.join(suffixes())})")
                continue
            suffix = sniff(data)
            note = f"{p}: unknown extension '{p.suffix or '(none)'}', read as {suffix[1:]} (its content)"
        elif suffix in (".txt", ".md", ".markdown") and looks_like_html(data):
            suffix = ".html"
            note = f"{p}: the text is HTML markup: read as HTML (--format txt reads it as text)"
        yield from _warned(read_bytes(data, str(p), release_id or p.stem, suffix), note)


def _warned(items: Iterator[Document | Exception], note: str | None) -> Iterator[Document | Exception]:
    """The items, each Document carrying `note` among its warnings."""
    for item in items:
        if note and isinstance(item, Document):
            item.meta.setdefault("warnings", []).append(note)
        yield item


def _expand(paths: Iterable[str]) -> Iterator[str]:
    for path in paths:
        if path == "-":
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(c for c in p.rglob("*") if c.is_file()):
                # Inside folders, read only what a reader knows; README files and
                # the like are not releases.
                if reader_for(child) is not None and not child.name.lower().startswith("readme"):
                    yield str(child)
        elif p.exists():
            yield path
        else:
            matches = sorted(glob.glob(path, recursive=True))
            if matches:
                yield from (m for m in matches if Path(m).is_file())
            else:
                yield path  # reported as unreadable by the caller


def _stdin_id(data: bytes) -> str:
    import hashlib

    return "stdin-" + hashlib.sha256(data).hexdigest()[:12]
