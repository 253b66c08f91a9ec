"""Resolving a `Selection` against a store: which releases, kinds, theme,
dates and CONSTRUCT it means. Shared by the RDF and the network exporters
(and `kg analyze`), so every format reads a selection the same way.

Every query here is written for the layout of one named graph per release
(docs/graph-layout.md): the same fact is repeated in every release graph that
states it, so queries name the graph they read (`GRAPH ?g`), project DISTINCT
rows and aggregate in sub-selects instead of joining over the union."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pyoxigraph as ox

from kg.errors import KGError, ParameterError
from kg.export.registry import Selection
from kg.rdf.iri import BACKGROUND_GRAPH, ENTITY, RELEASE, RELEASE_GRAPH, WIKIDATA
from kg.vocabulary import KINDS as VOCABULARY_KINDS

KINDS = tuple(kind.prefix for kind in VOCABULARY_KINDS.values())
KIND_NAMES = {k: k.capitalize() for k in KINDS}
# Entity IRIs that are not entities of a kind.
_NOT_ENTITIES = (ENTITY + "scheme/", ENTITY + "software/")

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX kgo: <https://w3id.org/aseankg/ontology#>
"""


@dataclass(frozen=True)
class Release:
    id: str
    iri: str
    graph: str
    date: str | None = None  # yyyy-mm-dd (a year or year-month padded with -01)
    headline: str | None = None
    url: str | None = None
    themes: tuple[str, ...] = field(default=())  # theme IRIs the release mentions

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@lru_cache(maxsize=1 << 17)
def entity_kind(iri: str) -> str | None:
    """The kind of a kg entity IRI (lower case), or None for anything else."""
    if not iri.startswith(ENTITY) or iri.startswith(_NOT_ENTITIES):
        return None
    kind = iri[len(ENTITY):].split("/", 1)[0]
    return kind if kind in KINDS else None


def normalise_kinds(kinds) -> tuple[str, ...]:
    """("Person", "place,event") -> ("event", "person", "place"); unknown kinds are usage errors."""
    out: set[str] = set()
    for item in kinds or ():
        for part in str(item).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in KINDS:
                raise ParameterError(f"--kind: '{part}' is not a kind (kinds: {', '.join(KINDS)})")
            out.add(part)
    return tuple(sorted(out))


def date_bound(value: str | None, *, end: bool, option: str) -> str | None:
    """An ISO date for a --since/--until value: a date, a year-month or a year
    (the first day for --since, the last for --until)."""
    if not value:
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = int(value[:4]), int(value[5:])
            if end:
                nxt = date(year + (month == 12), month % 12 + 1, 1)
                return date.fromordinal(nxt.toordinal() - 1).isoformat()
            return date(year, month, 1).isoformat()
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise ParameterError(f"{option}: '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD; {exc})") from None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


def _value(term) -> str | None:
    return None if term is None else term.value


def releases(store) -> dict[str, Release]:
    """Every release in the store, by graph IRI, with its metadata and themes."""
    rows = store.query(PREFIXES + f"""
SELECT ?g ?release ?id ?date ?headline ?url WHERE {{
  {{
    SELECT ?g ?release (MIN(STR(?i)) AS ?id) WHERE {{
      GRAPH ?g {{ ?release dcterms:identifier ?i }}
      FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}") && STRSTARTS(STR(?release), "{RELEASE}"))
    }} GROUP BY ?g ?release
  }}
  OPTIONAL {{ SELECT ?g ?release (MIN(STR(?d)) AS ?date) WHERE {{ GRAPH ?g {{ ?release schema:datePublished ?d }} }}
             GROUP BY ?g ?release }}
  OPTIONAL {{ SELECT ?g ?release (MIN(STR(?h)) AS ?headline) WHERE {{ GRAPH ?g {{ ?release schema:headline ?h }} }}
             GROUP BY ?g ?release }}
  OPTIONAL {{ SELECT ?g ?release (MIN(STR(?u)) AS ?url) WHERE {{ GRAPH ?g {{ ?release schema:url ?u }} }}
             GROUP BY ?g ?release }}
}}""")
    found: dict[str, dict] = {}
    for row in rows:
        graph = row["g"].value
        if graph in found:  # two release nodes in one graph: keep the first by IRI
            if row["release"].value >= found[graph]["iri"]:
                continue
        found[graph] = {"id": row["id"].value, "iri": row["release"].value, "graph": graph,
                        "date": _date(_value(row["date"])), "headline": _value(row["headline"]),
                        "url": _value(row["url"])}
    themes: dict[str, set[str]] = {}
    for row in store.query(PREFIXES + f"""
SELECT DISTINCT ?g ?t WHERE {{
  GRAPH ?g {{ ?r schema:mentions ?t }}
  FILTER (STRSTARTS(STR(?g), "{RELEASE_GRAPH}") && STRSTARTS(STR(?t), "{ENTITY}theme/"))
}}"""):
        themes.setdefault(row["g"].value, set()).add(row["t"].value)
    return {g: Release(**d, themes=tuple(sorted(themes.get(g, ())))) for g, d in sorted(found.items())}


def theme_iri(store, theme: str) -> str:
    """The theme IRI for a key (theme/x), an IRI, a slug (x) or a label."""
    from kg.rdf.iri import slugify

    if re.match(r"^[a-z][a-z0-9+.\-]*:", theme):
        candidates = [theme]
    elif "/" in theme:
        candidates = [ENTITY + theme.lstrip("/")]
    else:
        candidates = [f"{ENTITY}theme/{theme}", f"{ENTITY}theme/{slugify(theme)}"]
    known = {row["t"].value: row["l"].value if row["l"] else "" for row in store.query(PREFIXES + f"""
SELECT ?t (MIN(STR(?label)) AS ?l) WHERE {{
  {{ SELECT DISTINCT ?t WHERE {{ ?t a skos:Concept FILTER STRSTARTS(STR(?t), "{ENTITY}theme/") }} }}
  OPTIONAL {{ ?t skos:prefLabel|rdfs:label ?label }}
}} GROUP BY ?t""")}
    for candidate in candidates:
        if candidate in known:
            return candidate
    by_label = [t for t, label in known.items() if label.casefold() == theme.casefold()]
    if by_label:
        return sorted(by_label)[0]
    raise ParameterError(f"--theme: no theme '{theme}' in the store (themes: "
                         f"{', '.join(sorted(t[len(ENTITY) + 6:] for t in known)) or 'none'})")


def selected_releases(store, selection: Selection) -> dict[str, Release]:
    """The releases a selection reads, by graph IRI: all of them, or those
    matching --release, --theme and --since/--until."""
    from kg.rdf.iri import release_graph_iri

    everything = releases(store)
    if not selection.by_release:
        return everything
    since = date_bound(selection.since, end=False, option="--since")
    until = date_bound(selection.until, end=True, option="--until")
    if since and until and since > until:
        raise ParameterError(f"--since {selection.since} is after --until {selection.until}")
    chosen = dict(everything)
    if selection.release:
        graph = release_graph_iri(selection.release)
        if graph not in chosen:
            raise KGError(f"no release '{selection.release}' in the store")
        chosen = {graph: chosen[graph]}
    if selection.theme:
        theme = theme_iri(store, selection.theme)
        chosen = {g: r for g, r in chosen.items() if theme in r.themes}
    if since or until:
        chosen = {g: r for g, r in chosen.items()
                  if r.date and (not since or r.date >= since) and (not until or r.date <= until)}
    return chosen


def construct(store, query: str) -> list[ox.Triple]:
    """The triples of a SPARQL CONSTRUCT (or DESCRIBE) over the whole store,
    distinct and sorted."""
    try:
        result = store.query(query)
    except SyntaxError as exc:
        raise ParameterError(f"--query: not valid SPARQL ({exc})") from None
    except OSError as exc:
        raise KGError(f"--query failed: {exc}") from None
    if not isinstance(result, ox.QueryTriples):
        raise ParameterError("--query: give a CONSTRUCT (or DESCRIBE) query; SELECT and ASK do not make a graph")
    return sorted(set(result), key=str)


def check_query_alone(selection: Selection) -> None:
    if selection.query and selection.by_release:
        raise ParameterError("--query selects the graph itself: it cannot be combined with "
                             "--release, --theme, --since or --until (put those in the query)")


def values(terms) -> str:
    """A VALUES body of IRIs, each serialised by pyoxigraph."""
    return " ".join(str(ox.NamedNode(t)) for t in terms)


__all__ = ["BACKGROUND_GRAPH", "KINDS", "KIND_NAMES", "PREFIXES", "Release", "WIKIDATA", "check_query_alone",
           "construct", "date_bound", "entity_kind", "normalise_kinds", "releases", "selected_releases",
           "theme_iri", "values"]
