"""The Python API: a knowledge graph in a store, and what a researcher or a
pipeline does with it. The command line is a thin layer over the same calls.

>>> import kg
>>> graph = kg.open(None)                      # an in-memory store, for a quick look
>>> graph.ingest_text("The 6th ASEAN-Japan Smart Cities Network High Level Meeting was held in Tokyo.",
...                   id="note-1", date="2024-10-31").ok
True
>>> graph.query("SELECT ?where WHERE { GRAPH <https://w3id.org/aseankg/graph/release/note-1> {"
...             " ?meeting <http://schema.org/location> ?place . ?place <http://www.w3.org/2000/01/rdf-schema#label> ?where } }")
[{'where': 'Tokyo'}]
>>> graph.close()
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.document import Document, Extraction
from kg.pipeline import IngestSummary
from kg.validate import Report

if TYPE_CHECKING:
    import pandas
    from rdflib import Dataset


class KnowledgeGraph:
    """A kg store (embedded Oxigraph directory, in-memory, or a remote SPARQL
    store) with kg's operations on it. Use it as a context manager, or call
    `close()` to release an embedded store's lock."""

    def __init__(self, store: Any):
        self.store = store

    # --- building -----------------------------------------------------------

    def ingest(self, paths: Iterable[str | Path], jobs: int = 1) -> IngestSummary:
        """Ingest files, folders or globs (see `kg ingest`)."""
        from kg.ingest import read_paths
        from kg.pipeline import ingest

        return ingest(self.store, read_paths([str(p) for p in paths]), jobs=jobs)

    def ingest_text(self, text: str, id: str, *, title: str | None = None, date: str | None = None,
                    publisher: str | None = None, url: str | None = None) -> IngestSummary:
        """Ingest one release given as text, with its metadata."""
        from kg.pipeline import ingest

        document = Document(id=id, text=text, title=title, date=date, publisher=publisher, url=url, source=id)
        return ingest(self.store, [document])

    def remove(self, release_ids: Iterable[str]) -> list[str]:
        """Remove releases; returns the ids that were removed."""
        from kg.pipeline import remove

        removed, _missing = remove(self.store, list(release_ids))
        return removed

    # --- asking -------------------------------------------------------------

    def query(self, query: str, params: dict[str, str] | None = None) -> list[dict[str, str | None]]:
        """Rows of a saved query (by name), a .rq file or SPARQL text, each a
        dict of variable -> value (IRIs and literals as strings)."""
        result = self._run(query, params)
        import pyoxigraph as ox

        if isinstance(result, ox.QueryBoolean):
            return [{"result": "true" if bool(result) else "false"}]
        if isinstance(result, ox.QueryTriples):
            return [{"subject": t.subject.value, "predicate": t.predicate.value,
                     "object": getattr(t.object, "value", str(t.object))} for t in result]
        names = [v.value for v in result.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]

    def dataframe(self, query: str, params: dict[str, str] | None = None) -> pandas.DataFrame:
        """The rows of `query` as a pandas DataFrame (install the `pandas` extra)."""
        import pandas

        rows = self.query(query, params)
        return pandas.DataFrame(rows)

    def rdf(self, release: str | None = None) -> Dataset:
        """The store (or one release's graph) as an rdflib Dataset."""
        from rdflib import Dataset

        from kg.export.registry import Selection, exporter

        data = exporter("nquads")(self.store, Selection(release=release))
        dataset = Dataset()
        dataset.parse(data=data.decode("utf-8"), format="nquads")
        return dataset

    def saved_queries(self) -> dict[str, str]:
        """Saved query names and their titles."""
        from kg.queries import saved_queries

        return {name: q.title for name, q in saved_queries().items()}

    # --- checking and sharing ----------------------------------------------

    def validate(self) -> Report:
        """SHACL validation of the whole store."""
        from kg.api import validate_store

        return validate_store(self.store)

    def export(self, format: str, path: str | Path | None = None, **selection: Any) -> bytes:
        """The graph in an export format (nquads, trig, turtle, jsonld, ...);
        written to `path` too when given. `selection` takes the keywords of
        kg.export.registry.Selection (release=, center=, depth=, ...)."""
        from kg.export.registry import Selection, exporter
        from kg.fileio import write_atomic

        data = exporter(format)(self.store, Selection(**selection))
        if path is not None:
            write_atomic(path, data)
        return data

    def stats(self) -> dict:
        from kg.api import stats

        return stats(self.store)

    # --- plumbing -----------------------------------------------------------

    def _run(self, query: str, params: dict[str, str] | None):
        from kg.api import run_query
        from kg.queries import saved_queries

        if query.endswith(".rq") or query in saved_queries():
            return run_query(self.store, query, None, params)
        return run_query(self.store, None, query, params)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(location: str | Path | None = "kg-store", reader: bool = False) -> KnowledgeGraph:  # noqa: A001
    """Open (creating if needed) the knowledge graph at `location`: a
    directory for the embedded store, an http(s):// URL for a remote SPARQL
    store, or None for a temporary in-memory store. With `reader=True` (to
    query only), an embedded store that another process is writing opens as
    the newest snapshot that process published."""
    if location is None:
        from kg.store.oxigraph import OxigraphStore

        return KnowledgeGraph(OxigraphStore(None))
    from kg.store.base import open_store

    return KnowledgeGraph(open_store(str(location), reader=reader))


def extract(source: str | Path | Document, id: str | None = None) -> Extraction:
    """Entities and relations of one document (a path or a Document), no store."""
    from kg.errors import InputError
    from kg.extraction import extract as run
    from kg.ingest import read_paths

    if isinstance(source, Document):
        return run(source)
    for item in read_paths([str(source)], release_id=id):
        if isinstance(item, Exception):
            raise item if isinstance(item, InputError) else InputError(str(item))
        return run(item)
    raise InputError(f"{source}: no document found")


def documents(paths: Iterable[str | Path]) -> Iterator[Document | Exception]:
    """The documents under `paths`, as kg's readers see them."""
    from kg.ingest import read_paths

    return read_paths([str(p) for p in paths])
