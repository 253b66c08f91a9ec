"""Gold annotations (the format of the evaluation guidelines) and texts to
learn from: a folder of `<id>.txt` releases beside a folder of `<id>.json`
annotations, with the publication metadata of a `manifest.jsonl` when there
is one. Only training and evaluation read these; kg runs without them."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kg.document import Document

_HONORIFICS = r"^(mr|mrs|ms|dr|prof|h e|he|his excellency|her excellency|madam|datuk|dato|tan sri|pehin|yb)\s+"


def match_key(text: str) -> str:
    """How the guidelines compare names: case and punctuation aside, without
    a leading "the" or an honorific."""
    t = unicodedata.normalize("NFKC", str(text)).lower().replace("’", "'").replace("‘", "'")
    t = re.sub(r"[^\w\s]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^the\s+", "", t)
    for _ in range(2):
        t = re.sub(_HONORIFICS, "", t)
    return t


@dataclass
class GoldEntity:
    id: str
    kind: str
    name: str
    aliases: list[str]
    implicit: bool = False

    def forms(self) -> list[str]:
        return [self.name, *self.aliases]

    def keys(self) -> set[str]:
        return {k for k in (match_key(f) for f in self.forms()) if k}


@dataclass
class GoldRelation:
    s: str
    p: str
    o: str | None = None
    value: str | None = None


@dataclass
class Annotated:
    document: Document
    entities: dict[str, GoldEntity]
    relations: list[GoldRelation] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.document.id

    def kind_of_key(self) -> dict[str, str]:
        """match key -> the kind of the gold entity that has that form."""
        out: dict[str, str] = {}
        for e in self.entities.values():
            for k in e.keys():
                out.setdefault(k, e.kind)
        return out

    def titles(self) -> set[str]:
        return {match_key(r.value) for r in self.relations if r.p == "jobTitle" and r.value}


def _manifest(folder: Path) -> dict[str, dict]:
    for candidate in (folder / "manifest.jsonl", folder.parent / "manifest.jsonl"):
        if candidate.is_file():
            rows = [json.loads(line) for line in candidate.read_text(encoding="utf-8").splitlines() if line.strip()]
            return {row["id"]: row for row in rows if "id" in row}
    return {}


def read_set(texts: Path, gold: Path) -> list[Annotated]:
    """Every text of `texts` that has an annotation in `gold`, in id order."""
    manifest = _manifest(texts)
    out = []
    for path in sorted(gold.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        doc_id = data.get("doc_id") or path.stem
        text_path = texts / f"{doc_id}.txt"
        if not text_path.is_file():
            continue
        row = manifest.get(doc_id, {})
        document = Document(id=doc_id, text=text_path.read_text(encoding="utf-8"), title=row.get("title"),
                            date=row.get("date"), publisher=row.get("publisher"), url=row.get("url"),
                            source=str(text_path))
        entities = {e["id"]: GoldEntity(id=e["id"], kind=e["type"], name=e["name"], aliases=list(e.get("aliases", [])),
                                        implicit=bool(e.get("implicit"))) for e in data.get("entities", [])}
        relations = [GoldRelation(s=r["s"], p=r["p"], o=r.get("o"), value=r.get("value"))
                     for r in data.get("relations", [])]
        out.append(Annotated(document=document, entities=entities, relations=relations))
    return out


_TITLE_STOP = {"of", "the", "and", "for", "to", "in", "on", "at"}


def titles_match(system: str, gold: str) -> bool:
    """The guidelines' test for one job title written two ways: the same
    words (small words aside), the same head before "of" (two words or
    more), or a word overlap F1 of at least 0.75."""
    a, b = match_key(system), match_key(gold)
    if not a:
        return False
    wa, wb = set(a.split()) - _TITLE_STOP, set(b.split()) - _TITLE_STOP
    if wa == wb:
        return True
    head_a, head_b = a.split(" of ")[0], b.split(" of ")[0]
    if head_a == head_b and len(head_a.split()) >= 2:
        return True
    common = len(wa & wb)
    if not common:
        return False
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r) >= 0.75


def dates_match(system: str, gold: str) -> bool:
    """A date as precise as the gold's, or more precise within it."""
    return system[:len(gold)] == gold and (len(system) == len(gold) or len(gold) >= 10 or system[len(gold)] == "-")
