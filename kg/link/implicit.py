"""Bodies a text names only inside a title (the guidelines' implicit
entities): "Minister of Construction" names the Ministry of Construction,
"Vietnamese Minister" names Viet Nam. Each becomes an entity marked
implicit, with a mention over the words that name it, so the relation stage
can give the title's holder that affiliation."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.document import Entity, Mention
from kg.domain import DomainPack, norm
from kg.keys import entity_key

_MINISTER = re.compile(r"\bMinister\s+(?:of|for)\s+(?:the\s+)?(?P<portfolio>[A-Z][\w'’&\- ,]*?[\w)])"
                       r"(?:\s+of\s+(?:the\s+)?(?P<country>[A-Z][\w ]+))?$")


@dataclass
class Implied:
    """What a title names: the key of the body or country, by the title's span."""

    start: int
    end: int
    body: str


def implicit_bodies(text: str, titles: list[tuple[int, int]], entities: dict[str, Entity],
                    mentions: list[Mention], pack: DomainPack) -> list[Implied]:
    """Add the implicit entities (and their mentions) that job titles name;
    returns, per title span, the key of what it names."""
    named_countries = {m.entity for m in mentions if m.entity and m.entity.startswith("country/")}
    taken = {(m.start, m.end) for m in mentions}
    out: list[Implied] = []
    for start, end in titles:
        title = text[start:end]
        m = _MINISTER.search(title)
        if m:
            portfolio = m.group("portfolio").strip(" ,")
            offset = start + m.start("portfolio")
            key = _ministry(portfolio, entities, named_countries, pack)
            _mention(mentions, taken, offset, offset + len(portfolio), portfolio, key)
            entities[key].aliases.add(portfolio)
            out.append(Implied(start, end, key))
        before = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, start - 25):start])
        country = pack.demonyms.get(before.group(1).casefold()) if before else None
        if before and country is not None and country.kind == "Country":
            at = start - len(before.group(0))
            if country.key not in entities:
                entities[country.key] = Entity(key=country.key, kind="Country", name=country.name, known=True,
                                               wikidata=country.wikidata or None, implicit=True, confidence=0.6)
            _mention(mentions, taken, at, at + len(before.group(1)), before.group(1), country.key)
            out.append(Implied(start, end, country.key))
    return out


def _mention(mentions: list[Mention], taken: set, start: int, end: int, text: str, key: str) -> None:
    if (start, end) not in taken:
        taken.add((start, end))
        mentions.append(Mention(start=start, end=end, text=text, kind=key.split("/")[0].capitalize(),
                                entity=key, confidence=0.6, source="title"))


def _ministry(portfolio: str, entities: dict[str, Entity], countries: set[str], pack: DomainPack) -> str:
    """The ministry a portfolio names: the pack's when it knows one by that
    name (of a country the text names, when the name is shared), else a new one."""
    name = f"Ministry of {portfolio}"
    candidates = [e for e in pack.entities.values() if e.kind == "Organization" and norm(e.name) == norm(name)]
    known = next((e for e in candidates if not e.qualifier or e.country in countries), None)
    if known is None and len(candidates) == 1 and not candidates[0].qualifier:
        known = candidates[0]
    key = known.key if known else entity_key("Organization", name)
    if key not in entities:
        entities[key] = Entity(key=key, kind="Organization", name=known.name if known else name,
                               known=known is not None, wikidata=(known.wikidata or None) if known else None,
                               implicit=True, confidence=0.6)
    return key
