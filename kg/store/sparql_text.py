"""Reading just enough of a SPARQL query's text to send it to a remote store:
its form (SELECT, ASK, CONSTRUCT, DESCRIBE), whether it names its own dataset
(FROM), and how to bind parameters in it, as Oxigraph's substitutions do for
the embedded store.

`substitute` writes each parameter's term in place of its variable, in the
query and in the sub-queries that project the variable (the same variable),
and projects it as `(term AS ?var)`: the query Oxigraph would evaluate with
the variable pre-bound. Where that cannot be done safely (SELECT *, the
variable as a BIND target or under BOUND, a sub-query with LIMIT) it gives up,
and `inline_values` binds the parameters with a VALUES block at the start of
the outermost WHERE group instead: joined with everything the group matches,
before its FILTERs and OPTIONALs see it. (VALUES appended after the query
joins after projection and grouping, where a parameter that is not projected
restricts nothing; Virtuoso 7.2 also fails with an internal error, SQ156, on
some queries with a VALUES-bound variable used only in FILTERs, which is why
substitution comes first.)

Terms are written by pyoxigraph and read back by it before use, the result is
parsed by pyoxigraph, and only variable tokens are replaced: no value can
leave its term."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import ParameterError, QueryError

# One token at a time; comments, strings and IRIs are matched whole, so braces
# or keywords inside them are never taken for syntax.
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\U000effff]+)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<word>[A-Za-z_][\w\-]*(?::[^\s{}()\[\];,.]*(?:\.[^\s{}()\[\];,.]+)*)?|:[^\s{}()\[\];,]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Shape:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset: bool  # FROM / FROM NAMED in the query
    where_open: int | None  # offset just after the '{' of the outermost WHERE group
    where_close: int | None  # offset of its matching '}'
    starts_with_subselect: bool  # the group is `{ SELECT ... }`
    short_construct: bool = False  # CONSTRUCT WHERE { template }

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def _tokens(text: str):
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        yield kind, m.group(), m.start(), m.end()


def analyse(text: str) -> Shape:
    """The shape of a query; QueryError when it is not a SPARQL query."""
    tokens = list(_tokens(text))
    form, i = None, 0
    while i < len(tokens):
        kind, value, _, _ = tokens[i]
        if kind == "word" and value.upper() in FORMS:
            form = value.upper()
            break
        if kind == "word" and value.upper() in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE",
                                                 "ADD", "MOVE", "COPY", "WITH"):
            raise QueryError("this is a SPARQL update, not a query")
        i += 1
    if form is None:
        raise QueryError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    i += 1
    has_dataset = short = False
    if form == "CONSTRUCT":
        if i < len(tokens) and tokens[i][1] == "{":
            i = _skip_group(tokens, i)  # the template
        else:
            short = True
    depth = 0
    while i < len(tokens):
        kind, value, _, end = tokens[i]
        if kind == "word" and value.upper() == "FROM" and depth == 0:
            has_dataset = True
        if kind == "open" and value == "{" and depth == 0:
            close = _skip_group(tokens, i)
            subselect = i + 1 < len(tokens) and tokens[i + 1][0] == "word" and tokens[i + 1][1].upper() == "SELECT"
            return Shape(form, has_dataset, end, tokens[close - 1][2], subselect, short)
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        i += 1
    return Shape(form, has_dataset, None, None, False, short)


def _skip_group(tokens, i: int) -> int:
    """The index just past the bracket that closes the one at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        kind = tokens[j][0]
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0:
                return j + 1
    raise QueryError("unbalanced braces in the query")


def term_text(name: str, term) -> str:
    """`term` as SPARQL text, checked by reading it back with pyoxigraph."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise ParameterError(f"--param {name}: only IRIs and literals can be bound, not {type(term).__name__}")
    text = str(term)
    result = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {text} }} }}")
    assert isinstance(result, ox.QuerySolutions)
    rows = list(result)
    if len(rows) != 1 or rows[0]["v"] != term:
        raise ParameterError(f"--param {name}: the value cannot be written as one SPARQL term")
    return text


def inline_values(text: str, bindings: dict) -> str:
    """The query with `bindings` (variable name -> pyoxigraph term) bound by a
    VALUES block at the start of its outermost WHERE group."""
    if not bindings:
        return text
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            raise ParameterError(f"--param {name}: not a variable name")
    shape = analyse(text)
    if shape.where_open is None:
        raise QueryError("parameters need a WHERE group to bind them in")
    if shape.short_construct:
        raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }; "
                         "write CONSTRUCT { ... } WHERE { ... }")
    names = " ".join(f"?{n}" for n in bindings)
    terms = " ".join(term_text(n, t) for n, t in bindings.items())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    if shape.starts_with_subselect:
        # `{ SELECT ... }` is a sub-query, not a group: wrap it so VALUES can join it.
        return (text[:shape.where_open] + block + "{" + text[shape.where_open:shape.where_close] + "} "
                + text[shape.where_close:])
    return text[:shape.where_open] + block + text[shape.where_open:]



class _Unsafe(Exception):
    """Substitution cannot keep the query's meaning here."""


def substitute(text: str, bindings: dict) -> str | None:
    """The query with each bound variable replaced by its term (see the module
    docstring), or None when that is not safe for this query."""
    if not bindings:
        return text
    terms = {name: term_text(name, term) for name, term in bindings.items()}
    toks = list(_tokens(text))
    edits: list[tuple[int, int, str]] = []
    i = next((j for j, t in enumerate(toks) if t[0] == "word" and t[1].upper() in FORMS), None)
    if i is None:
        return None
    try:
        _level(toks, i, set(terms), terms, edits, outer=True)
    except (_Unsafe, IndexError):
        return None
    out = text
    for start, stop, replacement in sorted(edits, reverse=True):
        out = out[:start] + replacement + out[stop:]
    try:
        ox.Store().query(out)  # parses (and evaluates nothing until read)
    except SyntaxError:
        return None
    return out


def _name(token) -> str | None:
    return token[1][1:] if token[0] == "var" else None


def _level(toks, i: int, active: set, terms: dict, edits: list, outer: bool) -> int:
    """A query (or sub-query) whose form keyword is at `i`; the index past it
    (for a sub-query: of its closing brace)."""
    form = toks[i][1].upper()
    i += 1
    inner = set(active)
    if form == "SELECT":
        projected, star = set(), False
        while not (toks[i][0] == "open" and toks[i][1] == "{") and toks[i][1].upper() != "WHERE":
            kind, value, start, end = toks[i]
            name = _name(toks[i])
            if value == "*":
                star = True
            elif name is not None:
                projected.add(name)
                if name in active:
                    edits.append((start, end, f"({terms[name]} AS {value})" if outer else ""))
            elif kind == "open" and value == "(":
                close = _skip_group(toks, i)
                alias = _name(toks[close - 2])
                if alias is None or toks[close - 3][1].upper() != "AS" or alias in active:
                    raise _Unsafe
                projected.add(alias)
                _plain(toks, i + 1, close - 3, active, terms, edits)
                i = close
                continue
            i += 1
        if star and outer:
            raise _Unsafe  # the substituted variables would vanish from the results
        inner = set(active) if star or outer else active & projected
    elif form == "CONSTRUCT" and toks[i][1] == "{":
        close = _skip_group(toks, i)
        _plain(toks, i + 1, close - 1, active, terms, edits)
        i = close
    elif form == "CONSTRUCT":
        raise _Unsafe
    while not (toks[i][0] == "open" and toks[i][1] == "{"):
        if _name(toks[i]) in active:  # DESCRIBE ?x
            edits.append((toks[i][2], toks[i][3], terms[_name(toks[i])]))
        i += 1
    i = _group(toks, i, inner, terms, edits)
    # Solution modifiers, up to the brace that closes a sub-query.
    mode: str | None = None
    clause_start: tuple[int, int] = (0, 0)
    items, dropped = 0, 0

    def close_clause():
        if mode in ("GROUP", "ORDER") and items and items == dropped:
            edits.append((clause_start[0], clause_start[1], ""))

    while i < len(toks) and not (toks[i][0] == "close" and toks[i][1] == "}"):
        kind, value, start, end = toks[i]
        upper = value.upper() if kind == "word" else ""
        if upper in ("GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "VALUES"):
            close_clause()
            mode, items, dropped = upper, 0, 0
            if upper in ("GROUP", "ORDER"):
                clause_start = (start, toks[i + 1][3])  # "GROUP BY"
                i += 2
                continue
            if upper in ("LIMIT", "OFFSET", "VALUES") and inner and not outer:
                raise _Unsafe  # restricting inside would change which rows are kept
            if upper == "VALUES" and inner:
                raise _Unsafe
        elif kind == "open" and value == "(":
            close = _skip_group(toks, i)
            _plain(toks, i + 1, close - 1, inner, terms, edits)
            items += 1
            i = close
            continue
        elif _name(toks[i]) is not None:
            items += 1
            if _name(toks[i]) in inner:
                if mode in ("GROUP", "ORDER"):
                    edits.append((start, end, ""))  # grouping or ordering by a constant
                    dropped += 1
                else:
                    edits.append((start, end, terms[_name(toks[i])]))
        elif upper in ("ASC", "DESC"):
            pass
        i += 1
    close_clause()
    return i + 1 if not outer else i


def _group(toks, i: int, active: set, terms: dict, edits: list) -> int:
    """The group whose '{' is at `i`; the index past its '}'."""
    i += 1
    while True:
        kind, value, start, end = toks[i]
        if kind == "close" and value == "}":
            return i + 1
        if kind == "open" and value == "{":
            if toks[i + 1][0] == "word" and toks[i + 1][1].upper() == "SELECT":
                i = _level(toks, i + 1, active, terms, edits, outer=False)
            else:
                i = _group(toks, i, active, terms, edits)
            continue
        if kind == "word" and value.upper() == "VALUES":
            j = i + 1
            while toks[j][1] != "{":
                if _name(toks[j]) in active:
                    raise _Unsafe
                j += 1
        name = _name(toks[i])
        if name in active:
            _check_position(toks, i)
            edits.append((start, end, terms[name]))
        i += 1


def _plain(toks, i: int, stop: int, active: set, terms: dict, edits: list) -> None:
    """Substitute in a stretch without groups (an expression, a template)."""
    for j in range(i, stop):
        name = _name(toks[j])
        if name in active:
            _check_position(toks, j)
            edits.append((toks[j][2], toks[j][3], terms[name]))
        elif toks[j][0] == "word" and toks[j][1].upper() == "EXISTS":
            raise _Unsafe  # a pattern inside an expression: keep to the simple cases


def _check_position(toks, i: int) -> None:
    before = toks[i - 1][1].upper() if i else ""
    if before == "AS":
        raise _Unsafe  # a BIND or projection target
    if before == "(" and i > 1 and toks[i - 2][1].upper() == "BOUND":
        raise _Unsafe
