"""kg's vocabulary in one place: the kinds of entity and the relations
between them, with the RDF terms each maps to. Every other module, query
and document reads these tables; `tests/test_vocabulary.py` checks them
against `ontology/` so the two cannot drift apart.

Adding a relation label: a row in RELATIONS, its property in the ontology
and shapes if it is kg's own, and their tests. Nothing else changes."""
from __future__ import annotations

from dataclasses import dataclass

SCHEMA = "http://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KGO = "https://w3id.org/aseankg/ontology#"


@dataclass(frozen=True)
class Kind:
    name: str  # as the guidelines write it
    iri: str  # the class its entities are typed with
    prefix: str  # first segment of an entity key ("person/...")
    colour: str  # in pictures and the web UI
    heads: tuple[str, ...] = ()  # head words that make a name of this kind (kg.lexicon)


@dataclass(frozen=True)
class RelationLabel:
    label: str  # as the guidelines write it
    iri: str  # the property kg writes
    domain: frozenset[str]  # kinds of subject
    range: frozenset[str]  # kinds of object; empty for a literal
    literal: str | None = None  # "date" or "text" for literal-valued relations
    # Where a candidate pair for it may lie: "sentence" (both in one sentence),
    # "near" (in neighbouring sentences too) or "release" (anywhere, from the
    # release's main subject).
    reach: str = "sentence"

    @property
    def is_literal(self) -> bool:
        return self.literal is not None


def _k(*names: str) -> frozenset[str]:
    return frozenset(names)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("Person", SCHEMA + "Person", "person", "#e15759"),
    Kind("Organization", SCHEMA + "Organization", "organization", "#4e79a7"),
    Kind("Country", SCHEMA + "Country", "country", "#59a14f"),
    Kind("Place", SCHEMA + "Place", "place", "#76b7b2"),
    Kind("Event", SCHEMA + "Event", "event", "#f28e2b"),
    Kind("Initiative", SCHEMA + "Project", "initiative", "#edc948"),
    Kind("Document", SCHEMA + "CreativeWork", "document", "#b07aa1"),
    Kind("Theme", SKOS + "Concept", "theme", "#ff9da7"),
)}
KIND_NAMES: tuple[str, ...] = tuple(KINDS)
AGENTS = _k("Person", "Organization", "Country")
BODIES = _k("Organization", "Country")
PLACES = _k("Place", "Country")

RELATIONS: dict[str, RelationLabel] = {r.label: r for r in (
    RelationLabel("organizer", SCHEMA + "organizer", _k("Event"), _k("Organization", "Country", "Person", "Initiative")),
    RelationLabel("location", SCHEMA + "location", _k("Event"), PLACES),
    RelationLabel("attendee", SCHEMA + "attendee", _k("Event"), AGENTS, reach="near"),
    RelationLabel("speaker", KGO + "speaker", _k("Event"), _k("Person", "Organization"), reach="near"),
    RelationLabel("startDate", SCHEMA + "startDate", _k("Event"), _k(), literal="date"),
    RelationLabel("endDate", SCHEMA + "endDate", _k("Event"), _k(), literal="date"),
    RelationLabel("about", SCHEMA + "about", _k("Event", "Document", "Initiative"), _k("Theme"), reach="release"),
    RelationLabel("affiliation", SCHEMA + "affiliation", _k("Person"), _k("Organization", "Country", "Initiative")),
    RelationLabel("jobTitle", SCHEMA + "jobTitle", _k("Person"), _k(), literal="text"),
    RelationLabel("memberOf", SCHEMA + "memberOf", _k("Country", "Place", "Organization"),
                  _k("Organization", "Initiative"), reach="near"),
    RelationLabel("containedInPlace", SCHEMA + "containedInPlace", _k("Place"), PLACES),
    RelationLabel("parentOrganization", SCHEMA + "parentOrganization", _k("Organization"), _k("Organization")),
    RelationLabel("founder", SCHEMA + "founder", _k("Initiative", "Organization", "Document"),
                  _k("Organization", "Country", "Person", "Initiative")),
    RelationLabel("foundingDate", SCHEMA + "foundingDate", _k("Initiative", "Organization", "Document"), _k(),
                  literal="date"),
    RelationLabel("superEvent", SCHEMA + "superEvent", _k("Event"), _k("Event")),
    RelationLabel("funder", SCHEMA + "funder", _k("Initiative", "Event"), _k("Organization", "Country", "Initiative")),
)}
ENTITY_RELATIONS = tuple(r for r in RELATIONS.values() if not r.is_literal)
DATE_RELATIONS = tuple(r.label for r in RELATIONS.values() if r.literal == "date")


def labels_for(subject_kind: str, object_kind: str) -> list[str]:
    """The entity-valued relations a (subject kind, object kind) pair may hold."""
    return [r.label for r in ENTITY_RELATIONS if subject_kind in r.domain and object_kind in r.range]
