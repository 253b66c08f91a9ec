"""`kg export --format void`: the VoID/DCAT description of the dataset (Turtle)."""
from __future__ import annotations

import os

from kg.export.registry import Selection, register_exporter


@register_exporter("void", ".ttl", description="VoID/DCAT description of the dataset (counts, endpoint, dumps)")
def export_void(store, selection: Selection) -> bytes:
    from kg.rdf.void import void_graph

    endpoint = os.environ.get("KG_ENDPOINT")
    graph = void_graph(store, endpoint=endpoint, dump_base=os.environ.get("KG_DUMP_BASE"))
    return graph.serialize(format="turtle").encode("utf-8")
