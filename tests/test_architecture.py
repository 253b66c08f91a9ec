"""The house: kg's modules stand on floors, and each imports only from its
own floor or below, with no import circle (issue 15). The floors are the
pipeline read bottom-up: the ground floor (keys, word lists, vocabulary,
domain pack, dates, the model format), readers, then nlp -> link ->
relations, the extraction that runs them in that order, RDF, validation and
stores, queries, the ingest pipeline, exports, learning, the public API,
the server, and the command line on top."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

FLOORS = [
    ("ground", ["kg.version", "kg.errors", "kg.settings", "kg.keys", "kg.lexicon", "kg.vocabulary", "kg.dates",
                "kg.document", "kg.domain", "kg.fileio", "kg.linear", "kg.models", "kg.resources"]),
    ("readers", ["kg.ingest"]),
    ("nlp", ["kg.nlp"]),
    ("link", ["kg.link"]),
    ("relations", ["kg.relations"]),
    ("extraction", ["kg.extraction", "kg.extractor"]),
    ("rdf", ["kg.rdf", "kg.extraction_json"]),
    ("validation and stores", ["kg.validate", "kg.store", "kg.quarantine"]),
    ("queries", ["kg.queries", "kg.results", "kg.lookup"]),
    ("ingest pipeline", ["kg.pipeline"]),
    ("exports", ["kg.export", "kg.analyze"]),
    ("learning", ["kg.learn"]),
    ("public API", ["kg.api", "kg.graph"]),
    ("server", ["kg.server"]),
    ("command line", ["kg.cli", "kg.__main__"]),
]


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(known: dict[str, Path]) -> dict[str, set[str]]:
    """Every kg module each module imports, at the top or inside a function."""
    out: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kg":
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    out[name].add(target if target in known else node.module)
            elif isinstance(node, ast.Import):
                out[name].update(a.name for a in node.names if a.name.split(".")[0] == "kg")
    return out


def floor(name: str) -> int:
    best, level = -1, None
    for n, (_, prefixes) in enumerate(FLOORS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), n
    assert level is not None, f"{name} stands on no floor: add it to FLOORS"
    return level


def test_architecture_every_module_has_a_floor():
    for name in modules():
        if name != "kg":
            floor(name)


def test_architecture_no_upward_import():
    known = modules()
    upward = []
    for name, targets in imports(known).items():
        if name == "kg":  # the package's face re-exports the public API
            continue
        for target in targets:
            if target != "kg" and floor(target) > floor(name):
                upward.append(f"{name} ({FLOORS[floor(name)][0]}) imports {target} ({FLOORS[floor(target)][0]})")
    assert not upward, "\n".join(sorted(upward))


def test_architecture_no_import_circle():
    known = modules()
    graph = {n: {t for t in ts if t in known and t not in ("kg", n)} for n, ts in imports(known).items() if n != "kg"}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not circles, "\n".join(circles)


def test_architecture_nothing_imports_the_package_face():
    """`import kg` loads the public API; a module that needed it would pull the whole house in."""
    offenders = sorted(n for n, ts in imports(modules()).items() if "kg" in ts and n != "kg")
    assert not offenders, offenders
