"""The domain pack: known entities and the theme scheme, read from data/domain/
(built from sourced reference tables by tools/build_domain_pack.py).

The pack helps recognise and link names; it never decides what a release says.
Its facts (city in country, city in the network) go to the background graph."""
from __future__ import annotations

import csv
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.keys import slugify

BRACKET = re.compile(r"\s*\(([^)]*)\)\s*$")


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def norm(text: str) -> str:
    """Case- and punctuation-insensitive comparison key."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold().replace("’", "'")).split())


@dataclass
class KnownEntity:
    key: str
    kind: str
    name: str
    subtype: str = ""
    acronym: str = ""
    aliases: list[str] = field(default_factory=list)
    wikidata: str = ""
    country: str = ""  # key
    parent: str = ""  # key
    member_of: str = ""  # key
    member_since: str = ""
    start_date: str = ""
    end_date: str = ""
    location: str = ""  # key
    demonyms: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    # "Ministry of Transport (Thailand)": the bare name is shared by many
    # countries, so it links only when the release names that country.
    qualifier: str = ""

    def surface_forms(self) -> list[str]:
        forms = [self.name, *self.aliases]
        if self.acronym:
            forms.append(self.acronym)
        return [f for f in dict.fromkeys(forms) if f and not BRACKET.search(f)]


@dataclass
class Theme:
    id: str
    key: str
    pref_label: str
    alt_labels: list[str]
    definition: str = ""
    broader: list[str] = field(default_factory=list)  # theme keys
    focus_area: bool = False
    sources: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        return [self.pref_label, *self.alt_labels]


@dataclass
class DomainPack:
    entities: dict[str, KnownEntity]
    themes: dict[str, Theme]
    digest: str

    @functools.cached_property
    def by_name(self) -> dict[str, KnownEntity]:
        """norm(name or alias) -> entity, for the unqualified forms."""
        out: dict[str, KnownEntity] = {}
        for entity in self.entities.values():
            for form in entity.surface_forms():
                out.setdefault(norm(form), entity)
        return out

    @functools.cached_property
    def demonyms(self) -> dict[str, KnownEntity]:
        return {d.casefold(): e for e in self.entities.values() for d in e.demonyms}

    @functools.cached_property
    def theme_by_label(self) -> dict[str, Theme]:
        out: dict[str, Theme] = {}
        for theme in self.themes.values():
            for label in theme.labels():
                out.setdefault(norm(label), theme)
        return out


def _resolve(name: str, index: dict[str, str]) -> str:
    return index.get(norm(name), "") if name else ""


def load_pack(directory: Path) -> DomainPack:
    entity_rows = list(csv.DictReader((directory / "entities.csv").open(encoding="utf-8")))
    theme_rows = list(csv.DictReader((directory / "themes.csv").open(encoding="utf-8")))
    digest = hashlib.sha256()
    for name in ("entities.csv", "themes.csv"):
        digest.update((directory / name).read_bytes())

    # Rows refer to each other by name ("parent: Ministry of ..."); index every
    # full name, label and acronym to its key.
    index: dict[str, str] = {}
    for row in entity_rows:
        for form in [row["name"], row["acronym"], *_split(row["aliases"])]:
            if form:
                index.setdefault(norm(form), row["key"])
    entities: dict[str, KnownEntity] = {}
    for row in entity_rows:
        qualifier = ""
        for alias in _split(row["aliases"]):
            m = BRACKET.search(alias)
            # "Ministry of Transport (Thailand)": a country in brackets qualifies the name.
            if m and BRACKET.sub("", alias) == row["name"] and _resolve(m.group(1), index).startswith("country/"):
                qualifier = m.group(1)
        entities[row["key"]] = KnownEntity(
            key=row["key"], kind=row["kind"], name=row["name"], subtype=row["subtype"],
            acronym=row["acronym"], aliases=_split(row["aliases"]), wikidata=row["wikidata"],
            country=_resolve(row["country"], index), parent=_resolve(row["parent"], index),
            member_of=_resolve(row["member_of"], index), member_since=row["member_since"],
            start_date=row["start_date"], end_date=row["end_date"],
            location=_resolve(row["location"], index), demonyms=_split(row["demonyms"]),
            sources=[s.strip() for s in row["sources"].split("|") if s.strip()], qualifier=qualifier,
        )
    themes: dict[str, Theme] = {}
    for row in theme_rows:
        key = "theme/" + slugify(row["id"])
        themes[key] = Theme(
            id=row["id"], key=key, pref_label=row["pref_label"], alt_labels=_split(row["alt_labels"]),
            definition=row["definition"], broader=["theme/" + slugify(b) for b in _split(row["broader"])],
            focus_area=row["ascf_focus_area"] == "yes",
            sources=[s.strip() for s in row["sources"].split("|") if s.strip()],
        )
    return DomainPack(entities=entities, themes=themes, digest=digest.hexdigest())


@functools.lru_cache(maxsize=4)
def default_pack(directory: str | None = None) -> DomainPack:
    from kg.settings import settings

    return load_pack(Path(directory) if directory else settings().domain_dir)
