"""Plain dataclasses passed between stages: readers produce Documents, the NLP
stage produces an Extraction of Mentions, Entities and Relations. RDF appears
only at the mapping boundary (kg.rdf.mapping)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from kg.vocabulary import KIND_NAMES as KINDS  # noqa: F401  (re-exported)


@dataclass
class Document:
    """One release as read: `text` is kept exactly as decoded, so character
    offsets into it stay valid in the store."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    publisher: str | None = None
    url: str | None = None
    source: str | None = None  # where it was read from (path, "-", "file.jsonl:3")
    meta: dict[str, Any] = field(default_factory=dict)
    # What the release's graph was built from: its text and metadata, kg's
    # version and the domain pack. A new revision re-extracts the release.
    revision: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Mention:
    start: int
    end: int
    text: str
    kind: str
    entity: str | None = None  # key of the Entity it refers to
    sentence: tuple[int, int] | None = None
    confidence: float = 1.0
    source: str = "ner"  # which component found it


@dataclass
class Entity:
    key: str  # "{kind}/{slug}": the stable part of the IRI
    kind: str
    name: str
    subtype: str | None = None
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    known: bool = False  # linked to the domain pack
    implicit: bool = False  # named only inside a title or fixed phrase
    confidence: float = 1.0
    broader: str | None = None  # a theme's broader theme in the scheme


@dataclass
class Relation:
    subject: str  # entity key
    predicate: str  # guideline label, e.g. "organizer"
    object: str | None = None  # entity key, or None for a literal
    value: str | None = None  # literal value (ISO date, job title)
    sentence: tuple[int, int] | None = None
    evidence: str | None = None  # what produced it ("classifier", a rule's name)
    confidence: float = 1.0  # calibrated probability that the text states it

    def identity(self) -> tuple:
        return (self.subject, self.predicate, self.object, self.value)


@dataclass
class Extraction:
    document: Document
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    entities: dict[str, Entity]
    relations: list[Relation]
    model: str = ""
    model_version: str = ""
