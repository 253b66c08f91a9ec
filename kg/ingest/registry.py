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


# The built-in readers, by dotted path: imported on first use, where they
# register exactly as a plugin does.
BUILTINS = ("kg.ingest.html", "kg.ingest.jsonl", "kg.ingest.text")


def _load_builtins() -> None:
    import importlib

    for module in BUILTINS:
        importlib.import_module(module)
