"""Generate docs/ontology.html, the human-readable documentation of
ontology/kg.ttl: every own term with its label, definition and alignment,
and every standard term kg uses with its comment.

    python tools/gen_ontology_docs.py          # rewrite the page
    python tools/gen_ontology_docs.py --check  # exit 1 when it is out of date
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

from generated import write_or_check  # noqa: E402  (tools/ is on sys.path as a script)
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
TARGET = ROOT / "docs" / "ontology.html"
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ALIGNMENTS = [(RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "subproperty of"),
              (OWL.equivalentClass, "equivalent class"), (OWL.equivalentProperty, "equivalent property"),
              (OWL.inverseOf, "inverse of"), (RDFS.domain, "domain"), (RDFS.range, "range"),
              (URIRef("http://schema.org/domainIncludes"), "domain includes"),
              (URIRef("http://schema.org/rangeIncludes"), "range includes")]
KINDS = [(OWL.Class, "Classes"), (OWL.ObjectProperty, "Object properties"),
         (OWL.DatatypeProperty, "Datatype properties"), (OWL.AnnotationProperty, "Annotation properties")]


def _short(graph: Graph, term) -> str:
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # noqa: BLE001 - not every IRI has a prefix
        return str(term)


def _anchor(graph: Graph, term) -> str:
    return _short(graph, term).replace(":", "-")


def render() -> str:
    g = Graph().parse(ONTOLOGY)
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    own = str(onto) + "#"
    title = g.value(onto, DCTERMS.title) or "Ontology"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(str(title))}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.45}code{background:#f3f3f3;padding:0 .2em}dt{font-weight:600;margin-top:1em}"
        "section{border-top:1px solid #ddd;margin-top:1.5rem}.own{color:#0a5}</style>",
        "</head><body>",
        f"<h1>{html.escape(str(title))}</h1>",
        f"<p>IRI <code>{html.escape(str(onto))}</code>, version "
        f"<code>{html.escape(str(g.value(onto, OWL.versionIRI)))}</code>. Generated from "
        "<code>ontology/kg.ttl</code> by <code>tools/gen_ontology_docs.py</code>; do not edit.</p>",
        f"<p>{html.escape(str(g.value(onto, DCTERMS.description) or ''))}</p>",
    ]
    for kind, heading in KINDS:
        terms = sorted((t for t in g.subjects(RDF.type, kind) if isinstance(t, URIRef)),
                       key=lambda t: (not str(t).startswith(own), _short(g, t).lower()))
        if not terms:
            continue
        out.append(f"<h2>{heading}</h2>")
        for term in terms:
            mine = str(term).startswith(own)
            label = g.value(term, RDFS.label) or ""
            text = g.value(term, SKOS.definition) or g.value(term, RDFS.comment) or ""
            out.append(f'<section id="{_anchor(g, term)}"><h3><code{" class=own" if mine else ""}>'
                       f"{html.escape(_short(g, term))}</code> — {html.escape(str(label))}</h3>")
            out.append(f"<p>{html.escape(str(text))}</p><dl>")
            for prop, name in ALIGNMENTS:
                values = sorted(_short(g, o) for o in g.objects(term, prop) if isinstance(o, URIRef))
                if values:
                    links = ", ".join(f'<a href="#{v.replace(":", "-")}"><code>{html.escape(v)}</code></a>'
                                      for v in values)
                    out.append(f"<dt>{name}</dt><dd>{links}</dd>")
            out.append("</dl></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def main() -> int:
    return write_or_check(TARGET, render(), "gen_ontology_docs.py")


if __name__ == "__main__":
    sys.exit(main())
