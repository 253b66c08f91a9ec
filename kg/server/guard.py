"""What a query or an update may ask for before it runs: kg serve makes no
outbound requests, so SERVICE and LOAD are refused, and a dataset named in
the request (FROM, FROM NAMED, USING, USING NAMED, or the protocol's
default-graph-uri / named-graph-uri parameters) may only name kg's own
graphs (IRIs under https://w3id.org/aseankg/).

Oxigraph would fetch SERVICE and LOAD IRIs over HTTP (even `SERVICE:x` with a
prefix), so the check runs before execution, in two stages:

1. A SPARQL lexer (strings, long strings, IRIs, comments, prefixed names with
   their escapes) reads the text. Keywords cannot hide inside a token it
   recognises, so a text with no SERVICE, LOAD, FROM or USING keyword token
   (nor a prefixed name whose prefix is one of them, like `SERVICE:x`) needs
   nothing more. This is the fast path every saved query takes.
2. When one of those keywords is there, or the lexer cannot read the text,
   rdflib's SPARQL parser builds the algebra, and the algebra decides:
   service patterns and LOAD operations are refused, dataset IRIs (resolved
   against BASE and PREFIX) must be kg's. A text rdflib cannot parse is
   refused rather than run unchecked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

KG_BASE = "https://w3id.org/aseankg/"
FETCHING = frozenset({"SERVICE", "LOAD"})
DATASET = frozenset({"FROM", "USING"})


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


_PN_CHARS = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<string>\"\"\"(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*\"\"\"
              |'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''
              |"(?:[^"\\\n\r]|\\.)*"
              |'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<bnode>_:[\w](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<word>[^\W\d_]\w*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d+\.\d*[eE][+-]?\d+|\.?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|<<|>>|[{{}}()\[\],;.*+\-/!=<>|^?$@~])
    """,
    re.VERBOSE,
)


def keywords(text: str) -> set[str] | None:
    """The risky keywords (SERVICE, LOAD, FROM, USING) the text uses as
    keywords, upper-cased; None when the lexer cannot read the text."""
    found: set[str] = set()
    risky = FETCHING | DATASET
    pos, end = 0, len(text)
    while pos < end:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            return None
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if word in risky:
                found.add(word)
        elif kind == "pname":
            # `SERVICE:x` is read by Oxigraph as SERVICE followed by `:x`.
            prefix = m.group().split(":", 1)[0].upper()
            if prefix in risky:
                found.add(prefix)
        pos = m.end()
    return found


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
    found = keywords(text)
    if found is not None:
        fetching = found & FETCHING
        if fetching:
            raise Refused(f"{' and '.join(sorted(fetching))} {'is' if len(fetching) == 1 else 'are'} not "
                          f"allowed: kg serve makes no outbound requests")
        if not found & DATASET:
            return Checked(names_dataset=False, dataset=list(protocol_dataset))
    # FROM/USING present, or a text the lexer could not read: the algebra decides.
    fetch, iris = _algebra_scan(text, update)
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
