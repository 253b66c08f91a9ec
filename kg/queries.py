"""Saved SPARQL queries (queries/*.rq) and running queries with typed
parameters. A header of comment lines describes each saved query:

    # title: Speakers at the High Level Meetings
    # description: Who spoke at which meeting, with the release that says so.
    # param: event iri optional  The meeting to restrict to

Parameters are bound as RDF terms through Oxigraph's substitutions (a remote
store gets a VALUES block built from serialised terms): never by pasting text
into the query."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ParameterError, QueryError, UnknownQuery
from kg.settings import settings

PARAM_TYPES = ("iri", "string", "date", "integer")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Param:
    name: str
    type: str
    optional: bool
    description: str


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)


def parse_saved(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    query = SavedQuery(name=path.stem, path=path, text=text)
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES or not _NAME.match(parts[0]):
                raise QueryError(f"{path}: bad parameter line '{value}' (want: NAME TYPE [optional] DESCRIPTION)")
            optional = len(parts) > 2 and parts[2].startswith("optional")
            desc = parts[2][len("optional"):].strip() if optional else (parts[2] if len(parts) > 2 else "")
            query.params.append(Param(parts[0], parts[1], optional, desc))
        else:
            setattr(query, key, value)
    return query


def saved_queries(directory: Path | None = None) -> dict[str, SavedQuery]:
    directory = directory or settings().queries_dir
    found = {p.stem: parse_saved(p) for p in sorted(directory.glob("*.rq"))}
    if not found:
        # An empty list would read as "kg has no saved queries".
        raise UnknownQuery(f"no saved queries (*.rq) in {directory}: set KG_QUERIES to a folder of them, "
                           "or reinstall kg")
    return found


def resolve_query(spec: str | None, expression: str | None) -> SavedQuery:
    """`-e` text, a path to a .rq file, or the name of a saved query."""
    if expression is not None:
        return SavedQuery(name="-e", path=Path("-e"), text=expression)
    if spec is None:
        raise UnknownQuery("give a saved query name, a .rq file or -e 'SPARQL'")
    path = Path(spec)
    if path.suffix == ".rq" and path.exists():
        return parse_saved(path)
    queries = saved_queries()
    if spec not in queries:
        raise UnknownQuery(f"no saved query '{spec}' (see `kg query --list`)")
    return queries[spec]


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed terms for the given parameter values; unknown or missing
    required parameters are usage errors."""
    declared = {p.name: p for p in query.params}
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    for name, raw in values.items():
        param = declared.get(name)
        if param is None and query.params:
            raise ParameterError(f"query '{query.name}' has no parameter '{name}' "
                                 f"(it takes: {', '.join(declared) or 'none'})")
        kind = param.type if param else "string"
        bindings[name] = term(name, kind, raw)
    missing = [p.name for p in query.params if not p.optional and p.name not in bindings]
    if missing:
        raise ParameterError(f"query '{query.name}' needs --param {missing[0]}=VALUE")
    return bindings


def term(name: str, kind: str, raw: str) -> ox.NamedNode | ox.Literal:
    try:
        if kind == "iri":
            return ox.NamedNode(_expand_iri(raw))
        if kind == "date":
            return ox.Literal(date.fromisoformat(raw).isoformat(),
                              datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
        if kind == "integer":
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    except ValueError as exc:
        raise ParameterError(f"--param {name}: '{raw}' is not a valid {kind} ({exc})") from None
    return ox.Literal(raw)


def _expand_iri(raw: str) -> str:
    """Full IRIs as given; "person/yoshida-nobuhiro" as a kg entity key."""
    from kg.rdf.iri import ENTITY

    if re.match(r"^[a-z][a-z0-9+.\-]*:", raw):
        return raw
    return ENTITY + raw.lstrip("/")


def values_clause(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A VALUES block for stores without substitutions; the terms are
    serialised by pyoxigraph, so no value can break out of its term."""
    if not bindings:
        return ""
    names = " ".join(f"?{n}" for n in bindings)
    terms = " ".join(str(t) for t in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"
