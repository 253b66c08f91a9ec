"""The JSON view of an Extraction that `kg extract --format json` prints."""
from __future__ import annotations

from collections import defaultdict

from kg.document import Extraction
from kg.rdf.iri import entity_iri, wikidata_iri


def extraction_json(x: Extraction) -> dict:
    spans: dict[str, list[dict]] = defaultdict(list)
    for m in x.mentions:
        if m.entity:
            spans[m.entity].append({"start": m.start, "end": m.end, "text": m.text, "source": m.source,
                                    "confidence": round(m.confidence, 3)})
    entities = []
    for key, e in sorted(x.entities.items()):
        if key not in spans:
            continue
        entities.append({
            "id": entity_iri(key), "key": key, "kind": e.kind, "name": e.name,
            "aliases": sorted(a for a in e.aliases if a != e.name),
            "link": wikidata_iri(e.wikidata) if e.wikidata else None, "known": e.known, "implicit": e.implicit,
            "confidence": round(max(s["confidence"] for s in spans[key]), 3), "spans": spans[key],
        })
    relations = []
    for r in x.relations:
        item: dict[str, object] = {"subject": r.subject, "predicate": r.predicate, "rule": r.evidence}
        item.update({"object": r.object} if r.object else {"value": r.value})
        if r.sentence:
            item["sentence"] = {"start": r.sentence[0], "end": r.sentence[1],
                                "text": x.document.text[r.sentence[0]:r.sentence[1]]}
        relations.append(item)
    d = x.document
    return {"id": d.id, "title": d.title, "date": d.date, "publisher": d.publisher, "url": d.url,
            "sha256": d.sha256, "model": {"name": x.model, "version": x.model_version},
            "entities": entities, "relations": relations}
