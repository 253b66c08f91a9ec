"""People: job titles and the bodies or countries they serve, read from the
titles around their names ("Minister of Construction Pham Hong Ha",
"X, Director-General of Y", "NEDA Secretary X")."""
from __future__ import annotations

import re

from kg.document import Entity, Mention, Relation
from kg.domain import norm
from kg.lexicon import TITLE_WORDS, alternation
from kg.nlp.relations.context import Context

_TITLE = alternation(TITLE_WORDS)
TITLE_BEFORE = re.compile(
    r"(?P<title>(?:(?:Senior|Deputy|Vice|Assistant|Parliamentary|State|Chief|Executive|Permanent|Special|"
    r"Acting|Former|First|Under)[\s-]+)*(?:" + _TITLE + r")(?:\s+(?:of|for|to)\s+(?:the\s+)?(?P<of>[A-Z][\w’'&.\-]*"
    r"(?:(?:,\s+|\s+)(?:and\s+|&\s+|of\s+|for\s+|to\s+|the\s+)*[A-Z][\w’'&.\-]*)*))?)"
    r"(?:\s*,)?\s+(?:(?:H\.E\.|Mr\.|Ms\.|Mrs\.|Dr\.|Prof\.|His Excellency|Her Excellency|Datuk|Dato'?|Tan Sri)\s+)*$")


TITLE_AFTER = re.compile(
    r"^\s*,\s+(?:the\s+|a\s+|an\s+)?(?P<title>(?:(?:Senior|Deputy|Vice|Assistant|Parliamentary|State|Chief|"
    r"Executive|Permanent|Special|Acting|Under)[\s-]+)*(?:" + _TITLE + r")(?:\s+(?:of|for|to)\s+(?:the\s+)?"
    r"(?P<of>[A-Z][\w’'&.\-]*(?:(?:,\s+|\s+)(?:and\s+|&\s+|of\s+|for\s+|the\s+)*[A-Z][\w’'&.\-]*)*))?)")


_MINISTER = re.compile(r"(?:Vice[\s-]|Deputy\s|Parliamentary\s+Vice[\s-]|State\s|Senior\s)?Minister$", re.IGNORECASE)


def titles(ctx: Context, sent, ms) -> None:
    """jobTitle and affiliation from a title before or after a person's name."""
    text = ctx.text
    for person in (m for m in ms if ctx.kind(m) == "Person"):
        before = TITLE_BEFORE.search(text[max(sent[0], person.start - 160):person.start])
        after = TITLE_AFTER.match(text[person.end:min(sent[1], person.end + 200)])
        found = None
        if before:
            offset = max(sent[0], person.start - 160)
            found = (before, offset)
        elif after:
            found = (after, person.end)
        if not found:
            _affiliation_by_prefix(ctx, sent, ms, person)
            continue
        m, offset = found
        title = re.sub(r"\s+", " ", m.group("title")).strip(" ,").rstrip(".")
        title_start = offset + m.start("title")
        body = next((x for x in ms if x.end <= title_start and re.fullmatch(r"\s+", text[x.end:title_start])
                     and ctx.kind(x) == "Organization"), None)
        if body is not None and found[1] != person.end:
            title = f"{body.text} {title}"  # "NEDA Secretary", "JICA Chief Representative"
        if found[1] != person.end and not m.group("of") and _of_after(ctx, sent, ms, person, title):
            continue
        ctx.add(person.entity, "jobTitle", value=title, sentence=sent, rule="title")
        org = _title_body(ctx, m, offset, ms, sent)
        if org:
            ctx.add(person.entity, "affiliation", org, sentence=sent, rule="title of")
        if not org or found[1] != person.end:
            _affiliation_by_prefix(ctx, sent, ms, person, start=offset + m.start("title"))


_OF_AFTER = re.compile(r"^\s*,?\s+of\s+(?:the\s+)?(?P<of>[A-Z][\w’'&.\-]*(?:(?:,\s+|\s+)(?:and\s+|&\s+|of\s+|the\s+)*"
                       r"[A-Z][\w’'&.\-]*)*)")


def _of_after(ctx: Context, sent, ms, person: Mention, title: str) -> bool:
    """"Minister Kim Hyun-mee of MOLIT", "Minister X, of Digital Economy and
    Society of Thailand": the title's "of" phrase after the name."""
    m = _OF_AFTER.match(ctx.text[person.end:sent[1]])
    if not m:
        return False
    of_start = person.end + m.start("of")
    portfolio = m.group("of").rstrip(" ,")
    body = next((x for x in ms if x.start == of_start and ctx.kind(x) in {"Organization", "Country"}), None)
    if body is not None and body.end >= of_start + len(portfolio) - 1:
        ctx.add(person.entity, "jobTitle", value=title, sentence=sent, rule="title")
        ctx.add(person.entity, "affiliation", body.entity, sentence=sent, rule="name of body")
        return True
    ctx.add(person.entity, "jobTitle", value=f"{title} of {portfolio}", sentence=sent, rule="title, of")
    country = re.search(r"\s+of\s+([A-Z][\w ]+)$", portfolio)
    if country:
        named = next((x for x in ms if x.start == of_start + country.start(1) and ctx.kind(x) == "Country"), None)
        if named is not None:
            ctx.add(person.entity, "affiliation", named.entity, sentence=sent, rule="title, of country")
        portfolio = portfolio[:country.start()]
    if _MINISTER.search(title):
        key = _implicit_ministry(ctx, portfolio, of_start, sent)
        ctx.add(person.entity, "affiliation", key, sentence=sent, rule="title, of ministry")
    return True


def _affiliation_by_prefix(ctx: Context, sent, ms, person: Mention, start: int | None = None) -> None:
    """"JICA Chief Representative X", "Vietnamese Minister X": the body or
    country named right before the title."""
    start = person.start if start is None else start
    prior = [m for m in ms if m.end <= start and ctx.kind(m) in {"Organization", "Country"}]
    if prior and re.fullmatch(r"\s*(?:[’']s\s+)?(?:" + _TITLE + r")?(?:\s+(?:" + _TITLE + r"))*\s*",
                              ctx.text[prior[-1].end:start]):
        ctx.add(person.entity, "affiliation", prior[-1].entity, sentence=sent, rule="body title name")
        title = ctx.text[prior[-1].start:person.start].strip(" ,")
        if start == person.start and title != prior[-1].text:
            # "NEDA Secretary Arsenio Balisacan": the title names its body.
            ctx.add(person.entity, "jobTitle", value=title, sentence=sent, rule="body title")
    demonym = re.search(r"\b([A-Z][a-z]+)\s+(?:(?:Deputy|Vice|Prime|Foreign|State)[\s-])?(?:" + _TITLE + r")\b[^.]*$",
                        ctx.text[max(sent[0], start - 80):person.start])
    if demonym:
        country = ctx.pack.demonyms.get(demonym.group(1).casefold())
        if country is not None and country.kind == "Country":
            _implicit_country(ctx, country, max(sent[0], start - 80) + demonym.start(1), demonym.group(1), sent)
            ctx.add(person.entity, "affiliation", country.key, sentence=sent, rule="nationality")


def _implicit_country(ctx: Context, country, start: int, text: str, sent) -> None:
    """"Vietnamese Minister": the adjective names the country."""
    entity = ctx.entities.get(country.key)
    if entity is None:
        entity = ctx.entities[country.key] = Entity(key=country.key, kind="Country", name=country.name, known=True,
                                                    wikidata=country.wikidata or None, implicit=True, confidence=0.6)
    if not any(m.start == start for m in ctx.implicit):
        ctx.implicit.append(Mention(start=start, end=start + len(text), text=text, kind="Country",
                                    entity=country.key, sentence=sent, confidence=0.6, source="nationality"))


def _title_body(ctx: Context, m: re.Match, offset: int, ms: list[Mention], sent) -> str | None:
    """The body a title names: a mention inside its "of" phrase, or the
    ministry a minister's portfolio names ("Minister of Construction")."""
    if not m.group("of"):
        return None
    of_start, of_end = offset + m.start("of"), offset + m.end("of")
    inside = [x for x in ms if of_start <= x.start and x.end <= of_end and ctx.kind(x) in {"Organization", "Country"}]
    head = re.sub(r"\s+of$", "", m.group("title")[: m.start("of") - m.start("title")].strip())
    portfolio = m.group("of").rstrip(" ,")
    if _MINISTER.search(head.split(" of")[0]):
        # Drop a trailing country: "Digital Economy and Society of Thailand".
        portfolio_only = re.sub(r"\s+of\s+[A-Z][\w\s]+$", "", portfolio)
        return _implicit_ministry(ctx, portfolio_only, of_start, sent)
    if inside:
        # "of Malaysia's Ministry of Housing ...": the body, not its country.
        inside.sort(key=lambda x: ctx.kind(x) != "Organization")
        return inside[0].entity
    return None


def _implicit_ministry(ctx: Context, portfolio: str, start: int, sent) -> str | None:
    from kg.rdf.iri import entity_key

    name = f"Ministry of {portfolio}"
    countries = {m.entity for m in ctx.mentions if m.entity and m.entity.startswith("country/")}
    candidates = [e for e in ctx.pack.entities.values() if e.kind == "Organization" and norm(e.name) == norm(name)]
    known = next((e for e in candidates if not e.qualifier or e.country in countries), None)
    if known is None and len(candidates) == 1 and not candidates[0].qualifier:
        known = candidates[0]
    key = known.key if known else entity_key("Organization", name)
    entity = ctx.entities.get(key)
    if entity is None:
        entity = ctx.entities[key] = Entity(
            key=key, kind="Organization", name=known.name if known else name, known=known is not None,
            wikidata=(known.wikidata or None) if known else None, implicit=True, confidence=0.6)
    entity.aliases.add(portfolio)
    if not any(m.start == start and m.entity == key for m in ctx.implicit):
        ctx.implicit.append(Mention(start=start, end=start + len(portfolio), text=portfolio, kind="Organization",
                                    entity=key, sentence=sent, confidence=0.6, source="title"))
    return key


def longest_titles(ctx: Context) -> None:
    """One job title per person: "Minister" is the short form of "Minister of Construction"."""
    titles: dict[str, list[Relation]] = {}
    for rel in ctx.relations:
        if rel.predicate == "jobTitle":
            titles.setdefault(rel.subject, []).append(rel)
    for rels in titles.values():
        for rel in rels:
            words = set((rel.value or "").lower().replace("-", " ").split())
            if any(other is not rel and words < set((other.value or "").lower().replace("-", " ").split())
                   for other in rels):
                ctx.relations.remove(rel)
