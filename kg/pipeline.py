"""The whole path for a batch of releases: read, skip what is unchanged,
extract, map to RDF, validate, and commit each release's graph atomically.
A release that cannot be read or does not validate is reported with its
reason and never reaches the store; the others still commit."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.document import Document
from kg.errors import InputError, KGError, ValidationFailed
from kg.rdf.iri import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, release_graph_iri
from kg.settings import settings
from kg.store.base import Store


@dataclass
class Rejected:
    source: str
    reason: str


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict:
        return {
            "ingested": self.ingested, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
            "seconds": round(self.seconds, 3), "words": self.words,
        }


def ensure_background(store: Store) -> None:
    """Load the domain pack and the ontology into their graphs when they are
    missing or have changed (each graph records the hash of its source)."""
    from kg.link.domain import default_pack
    from kg.rdf.background import background_graph, ontology_graph

    pack = default_pack()
    if store.graph_hash(BACKGROUND_GRAPH) != pack.digest:
        g = background_graph(pack)
        _stamp(g, BACKGROUND_GRAPH, pack.digest)
        store.replace_graph(BACKGROUND_GRAPH, g.serialize(format="nt"))
    onto_dir = settings().ontology_dir
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(onto_dir.glob("*.ttl")))).hexdigest()
    if store.graph_hash(ONTOLOGY_GRAPH) != digest:
        g = ontology_graph(onto_dir)
        _stamp(g, ONTOLOGY_GRAPH, digest)
        store.replace_graph(ONTOLOGY_GRAPH, g.serialize(format="nt"))


def _stamp(graph, graph_iri: str, digest: str) -> None:
    from rdflib import Literal, URIRef

    from kg.rdf.vocab import SCHEMA

    graph.add((URIRef(graph_iri), SCHEMA.sha256, Literal(digest)))


def ingest(store: Store, items: Iterable[Document | InputError], jobs: int = 1,
           progress: Callable[[int, int], None] | None = None, validate: bool = True) -> IngestSummary:
    """Ingest documents (and report the InputErrors among `items`)."""
    from kg.nlp.extract import extract_many
    from kg.rdf.mapping import release_graph
    from kg.validate import validate_graph

    started = time.perf_counter()
    summary = IngestSummary()
    ensure_background(store)
    todo: list[Document] = []
    previous: dict[str, str | None] = {}
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Exception):
            summary.rejected.append(Rejected(_source_of(item), str(item)))
            continue
        if item.id in seen:
            summary.rejected.append(Rejected(item.source or item.id, f"[E003] {item.source}: release id '{item.id}' "
                                             f"was already given by {seen[item.id]} in this run"))
            continue
        seen[item.id] = item.source or item.id
        old = store.graph_hash(release_graph_iri(item.id))
        if old == item.sha256:
            summary.unchanged.append(item.id)
            continue
        previous[item.id] = old
        todo.append(item)
    done = 0
    if progress:
        progress(done, len(todo))
    for extraction in extract_many(todo, batch_size=settings().batch_size, n_process=max(1, jobs)):
        doc = extraction.document
        try:
            graph = release_graph(extraction)
            if validate:
                report = validate_graph(graph)
                if not report.conforms:
                    first = report.text.split("Message:")[1].splitlines()[0].strip() if "Message:" in report.text else ""
                    raise ValidationFailed(f"{doc.source}: the extracted graph breaks {report.violations} SHACL "
                                  f"constraint(s) ({first})")
            store.replace_graph(release_graph_iri(doc.id), graph.serialize(format="nt"))
        except KGError as exc:
            summary.rejected.append(Rejected(doc.source or doc.id, str(exc)))
        else:
            (summary.updated if previous.get(doc.id) else summary.ingested).append(doc.id)
            summary.words += len(doc.text.split())
        done += 1
        if progress:
            progress(done, len(todo))
    summary.seconds = time.perf_counter() - started
    return summary


def remove(store: Store, release_ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """Drop releases' graphs: (removed, not found)."""
    removed, missing = [], []
    for release_id in release_ids:
        (removed if store.drop_graph(release_graph_iri(release_id)) else missing).append(release_id)
    return removed, missing


def _source_of(error: Exception) -> str:
    text = str(error)
    if text.startswith("[") and "] " in text:
        text = text.split("] ", 1)[1]
    return text.split(": ", 1)[0]
