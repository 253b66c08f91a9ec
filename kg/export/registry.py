"""The exporter registry: an exporter writes a selection of the store in one
format. Built-in exporters register here exactly as a plugin would."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import UnknownPlugin


@dataclass
class Selection:
    """Which part of the store to export."""

    release: str | None = None
    center: str | None = None
    depth: int = 1


Exporter = Callable[["object", Selection], bytes]  # (store, selection) -> bytes
_EXPORTERS: dict[str, tuple[Exporter, str]] = {}


def register_exporter(name: str, suffix: str) -> Callable[[Exporter], Exporter]:
    def decorate(exporter: Exporter) -> Exporter:
        _EXPORTERS[name] = (exporter, suffix)
        return exporter

    return decorate


def exporter(name: str) -> Exporter:
    _load_builtins()
    if name not in _EXPORTERS:
        raise UnknownPlugin(f"no exporter '{name}' (known: {', '.join(formats())})")
    return _EXPORTERS[name][0]


def formats() -> list[str]:
    _load_builtins()
    return sorted(_EXPORTERS)


def _load_builtins() -> None:
    from kg.export import rdf  # noqa: F401
