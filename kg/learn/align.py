"""Gold annotations name entities, not spans. Aligning them to a text finds
where each name or alias occurs: every case-insensitive, whole-word
occurrence, the longer one winning where two overlap (in "ASEAN Smart
Cities Network", "ASEAN" is part of the network's name, not a mention of
ASEAN). The classifiers learn from these spans."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.learn.gold import Annotated, GoldEntity, match_key


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    kind: str
    entity: str  # gold id


def occurrences(annotated: Annotated) -> list[Occurrence]:
    text = annotated.document.text
    found: list[Occurrence] = []
    for entity in annotated.entities.values():
        for form in sorted(set(entity.forms()), key=len, reverse=True):
            form = form.strip()
            if not form:
                continue
            pattern = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])", re.IGNORECASE)
            for m in pattern.finditer(text):
                found.append(Occurrence(m.start(), m.end(), entity.kind, entity.id))
    kept: list[Occurrence] = []
    taken: list[tuple[int, int]] = []
    for occ in sorted(found, key=lambda o: (-(o.end - o.start), o.start)):
        if any(s < occ.end and occ.start < e for s, e in taken):
            continue
        kept.append(occ)
        taken.append((occ.start, occ.end))
    return sorted(kept, key=lambda o: o.start)


class SpanLabeler:
    """The gold kind of a candidate span: the kind of the occurrence it is,
    or a part of it that is another name of the same entity ("Turnbull" in
    "Mr Malcolm Turnbull", when the gold lists "Turnbull"), else "O"."""

    def __init__(self, annotated: Annotated):
        self.text = annotated.document.text
        self.entities: dict[str, GoldEntity] = annotated.entities
        self.occurrences = occurrences(annotated)
        self.starts = [o.start for o in self.occurrences]

    def label(self, start: int, end: int) -> str:
        import bisect

        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return "O"
        occ = self.occurrences[i]
        if not (occ.start <= start and end <= occ.end):
            return "O"
        if self._same(start, end, occ):
            return occ.kind
        return "O"

    def _same(self, start: int, end: int, occ: Occurrence) -> bool:
        return (start, end) == (occ.start, occ.end) or match_key(self.text[start:end]) in self.entities[occ.entity].keys()

    def entity_at(self, start: int, end: int) -> str | None:
        """The gold id a span names, under the same rule as `label`."""
        import bisect

        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        occ = self.occurrences[i]
        if occ.start <= start and end <= occ.end and self._same(start, end, occ):
            return occ.entity
        return None
