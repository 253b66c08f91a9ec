"""The whole path for a batch of releases: read, skip what is unchanged,
extract, map to RDF, validate, and commit each release's graph atomically.
A release that cannot be read or does not validate is reported with its
reason, quarantined for inspection (kg.quarantine) and never reaches the
store; the others still commit."""
from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

import kg.quarantine as quarantine
from kg.document import Document
from kg.errors import KGError, ValidationFailed
from kg.rdf.iri import BACKGROUND_GRAPH, ONTOLOGY_GRAPH, release_graph_iri
from kg.settings import settings
from kg.store.base import Store

# From this many releases to extract on, mapping and validation run in a
# worker process (starting one costs about two seconds).
BACKGROUND_VALIDATION = 32


@dataclass
class Rejected:
    source: str
    reason: str
    quarantine: str | None = None  # the folder holding the input, the reason and the rejected graph


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    # Facts withdrawn from a stored release because they broke a shape
    # (kept in its graph as kgo:SetAsideStatement, with the reason).
    set_aside: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # about inputs read (kg.ingest: an HTML .txt, ...)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict:
        return {
            "ingested": self.ingested, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": [{"source": r.source, "reason": r.reason,
                          **({"quarantine": r.quarantine} if r.quarantine else {})} for r in self.rejected],
            "seconds": round(self.seconds, 3), "words": self.words,
            "set_aside": self.set_aside, "warnings": self.warnings,
        }


def ensure_background(store: Store) -> None:
    """Load the domain pack and the ontology into their graphs when they are
    missing or have changed (each graph records the hash of its source)."""
    from kg.domain import default_pack
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


def ingest(store: Store, items: Iterable[Document | Exception], jobs: int = 1,
           progress: Callable[[int, int], None] | None = None, validate: bool = True) -> IngestSummary:
    """Ingest documents (and report the InputErrors among `items`)."""
    from kg.extraction import extract_many

    started = time.perf_counter()
    summary = IngestSummary()
    ensure_background(store)
    store.flush()  # readers in other processes see the store as it was until the first release lands
    todo: list[Document] = []
    previous: dict[str, str | None] = {}
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Exception):
            summary.rejected.append(_rejected_input(store, item))
            continue
        if item.id in seen:
            summary.rejected.append(Rejected(item.source or item.id, f"[E003] {item.source}: release id '{item.id}' "
                                             f"was already given by {seen[item.id]} in this run"))
            continue
        seen[item.id] = item.source or item.id
        summary.warnings += item.meta.get("warnings", [])
        item.revision = revision(item)
        old = store.graph_hash(release_graph_iri(item.id))
        if old is not None and stored_revision(store, item.id) == item.revision:
            summary.unchanged.append(item.id)
            continue
        previous[item.id] = old
        twins = sorted(set(same_text(store, item)) | {d.id for d in todo if d.sha256 == item.sha256})
        if twins:
            # The same text under another id: kept (ids are the user's), linked, and said.
            item.meta["same_text_as"] = twins
            summary.warnings.append(f"{item.source or item.id}: the same text as release(s) {', '.join(twins)} "
                                    f"(recorded with prov:alternateOf; its mentions count twice in queries)")
        todo.append(item)
    if progress:
        progress(0, len(todo))
    ontology_dir = str(settings().ontology_dir)
    extractions = extract_many(todo, batch_size=settings().batch_size, n_process=max(1, jobs))
    work = ((extraction, validate, ontology_dir) for extraction in extractions)
    # Many releases: mapping and SHACL run in a worker process, beside the NLP.
    graphs = _in_order(_release_graph, work, len(todo) >= BACKGROUND_VALIDATION, ontology_dir)
    for done, (doc, ntriples, error, report, withdrawn) in enumerate(graphs, start=1):
        if error is not None:
            # The release itself is at fault: keep it for inspection.
            folder = quarantine.quarantine(store, doc.id, str(error), text=doc.text, graph=ntriples, report=report)
            summary.rejected.append(Rejected(doc.source or doc.id, str(error), str(folder) if folder else None))
        else:
            assert ntriples is not None
            try:
                store.replace_graph(release_graph_iri(doc.id), ntriples)
            except KGError as exc:  # the store's fault, not the release's: nothing to quarantine
                summary.rejected.append(Rejected(doc.source or doc.id, str(exc)))
            else:
                quarantine.release(store, doc.id)
                (summary.updated if previous.get(doc.id) else summary.ingested).append(doc.id)
                if withdrawn:
                    summary.set_aside[doc.id] = withdrawn
                summary.words += len(doc.text.split())
        if progress:
            progress(done, len(todo))
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _release_graph(job: tuple) -> tuple[Document, str | None, KGError | None, str | None, list[str]]:
    """(document, N-Triples, error, SHACL report, facts set aside) for one
    extraction: its release graph, validated unless told not to. A fact that
    breaks a shape is set aside (kept reified with its reason, not asserted)
    and the rest of the release stands; only a graph that still breaks a
    shape once its offending facts are withdrawn is rejected."""
    from rdflib import Graph

    from kg.rdf.iri import release_iri
    from kg.rdf.mapping import release_graph
    from kg.validate import offending_triples, set_aside, validate_graph

    extraction, validate, ontology_dir = job
    doc = extraction.document
    try:
        graph = release_graph(extraction)
    except KGError as exc:
        return doc, None, exc, None, []
    ntriples = graph.serialize(format="nt")
    if not validate:
        return doc, ntriples, None, None, []
    report = validate_graph(graph, Path(ontology_dir), inplace=True, ntriples=ntriples)  # graph written out already
    withdrawn: list[str] = []
    for _ in range(3):
        if report.conforms:
            return doc, ntriples, None, None, withdrawn
        data = Graph().parse(data=ntriples, format="nt")
        facts = offending_triples(data, report, Path(ontology_dir))
        if not facts:
            break
        set_aside(data, facts, release_iri(doc.id))
        withdrawn += [f"{s.n3()} {p.n3()} {o.n3()}: {reason}" for (s, p, o), reason in facts]
        ntriples = data.serialize(format="nt")
        report = validate_graph(data, Path(ontology_dir), inplace=True, ntriples=ntriples)
    if report.conforms:
        return doc, ntriples, None, None, withdrawn
    first = report.text.split("Message:")[1].splitlines()[0].strip() if "Message:" in report.text else ""
    error = ValidationFailed(f"{doc.source}: the extracted graph breaks {report.violations} SHACL "
                             f"constraint(s) ({first})")
    return doc, ntriples, error, report.text, withdrawn


def _in_order(function: Callable, items: Iterable, background: bool, ontology_dir: str,
              window: int = 128) -> Iterator:
    """function(item) for each item, in order. With `background`, in a worker
    process while the caller's generator (the NLP) produces the next items:
    the work then costs wall time only where it is slower than the NLP. At
    most `window` items wait."""
    if not background:
        yield from map(function, items)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    from kg.validate import prepare

    pending: deque = deque()
    # spawn: a fresh interpreter, not a fork of one holding the spaCy model.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=prepare, initargs=(ontology_dir,)) as pool:
        try:
            for item in items:
                pending.append(pool.submit(function, item))
                while pending and (pending[0].done() or len(pending) > window):
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def revision(document: Document) -> str:
    """The revision of a release's graph: a changed text, title, date,
    publisher or URL, a new kg version, domain pack or extractor (its
    fingerprint: the trained models and the spaCy model) re-extracts it."""
    from kg.domain import default_pack
    from kg.version import __version__

    parts = [document.sha256, document.title or "", document.date or "", document.publisher or "",
             document.url or "", __version__, default_pack().digest, extractor_fingerprint()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def extractor_fingerprint() -> str:
    """The trained models and the statistical model they read: a change of
    either is a change of what kg extracts."""
    return _fingerprint(str(settings().extractor_dir), settings().model)


@functools.lru_cache(maxsize=4)
def _fingerprint(extractor_dir: str, model: str | None) -> str:
    from kg.extractor import fingerprint
    from kg.nlp.model import model_info

    name, version = model_info(model)
    return hashlib.sha256(f"{fingerprint(Path(extractor_dir))}|{name}|{version}".encode()).hexdigest()


def same_text(store: Store, document: Document) -> list[str]:
    """Ids of other stored releases whose text has this one's SHA-256."""
    sha = ox.Literal(document.sha256)  # serialised by pyoxigraph: one term, whatever it holds
    rows = store.query(f"SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ ?r <http://schema.org/sha256> {sha} ; "
                       "<http://purl.org/dc/terms/identifier> ?id } }")
    return [row["id"].value for row in rows if row["id"].value != document.id]


def stored_revision(store: Store, release_id: str) -> str | None:
    graph = release_graph_iri(release_id)
    for row in store.query(f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ ?r <http://schema.org/version> ?v }} }}"):
        return row["v"].value
    return None


def remove(store: Store, release_ids: Iterable[str]) -> tuple[list[str], list[str]]:
    """Drop releases' graphs: (removed, not found)."""
    removed: list[str] = []
    missing: list[str] = []
    for release_id in release_ids:
        (removed if store.drop_graph(release_graph_iri(release_id)) else missing).append(release_id)
    return removed, missing


def _rejected_input(store: Store, error: Exception) -> Rejected:
    """An input that could not be read; quarantined when its bytes are known."""
    from kg.ingest.decode import MAX_BYTES

    rejected = Rejected(_source_of(error), str(error))
    data = getattr(error, "data", None)
    if data is not None and len(data) <= MAX_BYTES:
        release_id = getattr(error, "release_id", None) or rejected.source
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        folder = quarantine.quarantine(store, release_id, str(error), text=text, data=None if text is not None else data)
        rejected.quarantine = str(folder) if folder else None
    return rejected


def _source_of(error: Exception) -> str:
    text = str(error)
    if text.startswith("[") and "] " in text:
        text = text.split("] ", 1)[1]
    return text.split(": ", 1)[0]
