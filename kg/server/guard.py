"""What a query or an update may ask for before it runs: kg serve makes no
outbound requests, so SERVICE and LOAD are refused, and a dataset named in
the request (FROM, FROM NAMED, USING, USING NAMED, or the protocol's
default-graph-uri / named-graph-uri parameters) may only name kg's own
graphs (IRIs under https://w3id.org/aseankg/).

The decision is made on the parsed query, never on a reading of the text
that could disagree with the engine's: Oxigraph needs no space after a
keyword (`SERVICESILENT <x>`, `SERVICEex:y`, `FROMNAMED<g>`), and SPARQL
lets \\u escapes stand for any character before parsing. So:

1. The text's \\u and \\U escapes are decoded (SPARQL 1.1, 19.2).
2. A text in which none of "service", "load", "from", "using" occurs, in any
   case, cannot hold one of those keywords however it is spelt: it runs.
3. Any other text is parsed by rdflib's SPARQL parser into the algebra,
   which decides: service patterns and LOAD are refused, dataset IRIs
   (resolved against BASE and PREFIX) must be kg's. A text rdflib cannot
   parse is refused rather than run unchecked, so where the two parsers
   disagree, kg fails closed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

KG_BASE = "https://w3id.org/aseankg/"


class GuardError(Exception):
    status = 400


class Refused(GuardError):
    """The request is well-formed but asks for something kg serve does not do."""

    status = 403


class Malformed(GuardError):
    status = 400


@dataclass
class Checked:
    """What the checks found: whether the text names its own dataset (then
    the default graph is what it names, not the union of all graphs)."""

    names_dataset: bool = False
    dataset: list[str] = field(default_factory=list)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_RISKY = re.compile(r"service|load|from|using", re.IGNORECASE)


def unescaped(text: str) -> str:
    """The text with its codepoint escapes decoded, as SPARQL reads it."""
    def decode(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)
    return _ESCAPE.sub(decode, text)


def might_name_risky_keyword(text: str) -> bool:
    """False only when no spelling of SERVICE, LOAD, FROM or USING can be in the text."""
    return _RISKY.search(unescaped(text)) is not None


def check_query(text: str, dataset: list[str] | None = None) -> Checked:
    """Refuse (raise) a query that would fetch or name a foreign dataset."""
    return _check(text, update=False, protocol_dataset=dataset or [])


def check_update(text: str, dataset: list[str] | None = None) -> Checked:
    return _check(text, update=True, protocol_dataset=dataset or [])


def check_dataset_iris(iris: list[str]) -> None:
    foreign = [iri for iri in iris if not iri.startswith(KG_BASE)]
    if foreign:
        raise Refused(f"only kg's own graphs (<{KG_BASE}...>) can make a query's dataset; "
                      f"refused: <{foreign[0]}>")


def _check(text: str, update: bool, protocol_dataset: list[str]) -> Checked:
    check_dataset_iris(protocol_dataset)
    if not might_name_risky_keyword(text):
        return Checked(names_dataset=False, dataset=list(protocol_dataset))
    fetch, iris = _algebra_scan(unescaped(text), update)
    if fetch:
        raise Refused(f"{fetch} is not allowed: kg serve makes no outbound requests")
    check_dataset_iris(iris)
    return Checked(names_dataset=bool(iris) or bool(protocol_dataset), dataset=iris + list(protocol_dataset))


def _algebra_scan(text: str, update: bool) -> tuple[str | None, list[str]]:
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        algebra = translateUpdate(parseUpdate(text)).algebra if update else translateQuery(parseQuery(text)).algebra
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Malformed(f"malformed or unsupported SPARQL {'update' if update else 'query'}: {first}") from None
    fetch: list[str] = []
    iris: list[str] = []
    _walk(algebra, fetch, iris)
    return (fetch[0] if fetch else None), iris


def _walk(node, fetch: list[str], iris: list[str], depth: int = 0) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 500:
        raise Malformed("query nesting too deep to check")
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            fetch.append("SERVICE")
        elif node.name == "Load":
            fetch.append("LOAD")
        elif node.name in ("DatasetClause", "UsingClause"):
            for key in ("default", "named"):
                value = dict.get(node, key)
                if value is not None:
                    iris.append(str(value))
        for value in node.values():
            _walk(value, fetch, iris, depth + 1)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, fetch, iris, depth + 1)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _walk(value, fetch, iris, depth + 1)
