"""kg: a knowledge-graph builder for ASEAN smart-city cooperation releases.

    import kg
    with kg.open("kg-store") as graph:
        graph.ingest(["data/releases"])
        rows = graph.query("speakers-at-high-level-meetings")
"""

from kg.document import Document, Entity, Extraction, Mention, Relation  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.graph import KnowledgeGraph, documents, extract, open  # noqa: E402
from kg.version import __version__  # noqa: E402

__all__ = ["__version__", "open", "extract", "documents", "KnowledgeGraph", "Document", "Entity", "Extraction",
           "Mention", "Relation", "KGError"]
