"""The exporter registry: an exporter writes a selection of the store in one
format. Built-in exporters register here exactly as a plugin would."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import UnknownPlugin


@dataclass
class Selection:
    """Which part of the store to export.

    Release-level filters choose release graphs: `release` (one release id),
    `theme` (the releases that mention a theme: key, IRI or slug), `since` /
    `until` (ISO dates, years or year-months, on the releases'
    schema:datePublished; a release without a date is then left out).
    Entity-level filters then narrow what those graphs say: `kinds` (entity
    kinds, e.g. ("person", "organization")) and `center` with `depth` (the
    entity's neighbourhood). `query` (a SPARQL CONSTRUCT over the whole store)
    replaces the release-level filters: its triples are the selection."""

    release: str | None = None
    center: str | None = None
    depth: int = 1
    kinds: tuple[str, ...] = ()
    theme: str | None = None
    since: str | None = None
    until: str | None = None
    query: str | None = None

    @property
    def by_release(self) -> bool:
        """True when release graphs are chosen (not the whole store)."""
        return bool(self.release or self.theme or self.since or self.until)


Exporter = Callable[["object", Selection], bytes]  # (store, selection) -> bytes


@dataclass(frozen=True)
class ExporterInfo:
    name: str
    exporter: Exporter
    suffix: str
    binary: bool = False  # bytes a terminal should not print (images, archives)
    description: str = ""


_EXPORTERS: dict[str, ExporterInfo] = {}


def register_exporter(name: str, suffix: str, *, binary: bool = False,
                      description: str = "") -> Callable[[Exporter], Exporter]:
    def decorate(exporter: Exporter) -> Exporter:
        _EXPORTERS[name] = ExporterInfo(name, exporter, suffix, binary, description)
        return exporter

    return decorate


def exporter(name: str) -> Exporter:
    return info(name).exporter


def info(name: str) -> ExporterInfo:
    _load_builtins()
    if name not in _EXPORTERS:
        raise UnknownPlugin(f"no exporter '{name}' (known: {', '.join(formats())})")
    return _EXPORTERS[name]


def formats() -> list[str]:
    _load_builtins()
    return sorted(_EXPORTERS)


# The built-in exporters, by dotted path: imported on first use, where they
# register exactly as a plugin does (the registry never imports them by name,
# so they may import it). Registration is cheap: the exporters import
# networkx and friends only when they run.
BUILTINS = ("kg.export.graphs", "kg.export.html", "kg.export.images", "kg.export.rdf", "kg.export.void")


def _load_builtins() -> None:
    import importlib

    for module in BUILTINS:
        importlib.import_module(module)
