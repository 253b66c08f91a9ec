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
               stdin_suffix: str = ".txt") -> Iterator[Document | Exception]:
    """Every Document under `paths` (files, folders read recursively, globs, '-'
    for stdin), or an InputError for each input that cannot be read. The id is
    `release_id` when given (one input only), else the file's stem."""
    for path in _expand(paths):
        if path == "-":
            data = sys.stdin.buffer.read()
            yield from read_bytes(data, "<stdin>", release_id or _stdin_id(data), stdin_suffix)
            continue
        p = Path(path)
        if reader_for(p) is None:
            yield UnsupportedInput(f"{p}: unsupported file type '{p.suffix or '(none)'}' "
                                   f"(supported: {', '.join(suffixes())})")
            continue
        try:
            data = p.read_bytes()
        except OSError as exc:
            yield InputError(f"{p}: cannot read ({exc.strerror or exc})")
            continue
        yield from read_bytes(data, str(p), release_id or p.stem, p.suffix.lower())


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
