"""Minting IRIs. Entity IRIs come from the kind and the canonical name only, so
the same real-world entity gets the same IRI in every release and on every run."""
from __future__ import annotations

from urllib.parse import quote

from kg.keys import MAX_SLUG, entity_key, slugify, strip_honorifics  # noqa: F401  (re-exported)

BASE = "https://w3id.org/aseankg/"
ONTOLOGY = BASE + "ontology#"
ENTITY = BASE + "id/"
RELEASE = BASE + "release/"
GRAPH = BASE + "graph/"
RELEASE_GRAPH = GRAPH + "release/"
BACKGROUND_GRAPH = GRAPH + "background"
ONTOLOGY_GRAPH = GRAPH + "ontology"
THEME_SCHEME = ENTITY + "scheme/themes"
WIKIDATA = "http://www.wikidata.org/entity/"


def entity_iri(key: str) -> str:
    kind, _, slug = key.partition("/")
    return ENTITY + kind + "/" + quote(slug, safe="-")


def release_id_slug(release_id: str) -> str:
    """Release ids come from file names or JSONL and may hold anything; the IRI
    percent-encodes what is not safe in a path segment."""
    return quote(release_id, safe="-._~")


def release_iri(release_id: str) -> str:
    return RELEASE + release_id_slug(release_id)


def release_graph_iri(release_id: str) -> str:
    return RELEASE_GRAPH + release_id_slug(release_id)


def span_iri(release_id: str, start: int, end: int) -> str:
    return f"{release_iri(release_id)}#char={start},{end}"


def wikidata_iri(qid: str) -> str:
    return WIKIDATA + qid
