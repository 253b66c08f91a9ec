"""The reader registry: a reader turns one file's bytes into Documents. Built-in
readers register here exactly as a plugin would, by file suffix."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kg.document import Document

# (data, source name, release id) -> documents; an InputError for a bad part.
Reader = Callable[[bytes, str, str], Iterator["Document | Exception"]]

_READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = reader
        return reader

    return decorate


def reader_for(path: Path) -> Reader | None:
    _load_builtins()
    return _READERS.get(path.suffix.lower())


def suffixes() -> list[str]:
    _load_builtins()
    return sorted(_READERS)


def _load_builtins() -> None:
    # Imported for their registration side effect, on first use only.
    from kg.ingest import html, jsonl, text  # noqa: F401
