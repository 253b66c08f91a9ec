"""Entity resolution within a release: mentions that name the same thing become
one Entity, with a stable key.

- Known names (entity-ruler spans) carry their pack key; a name shared by
  several countries' bodies links only when the release names that country.
- "Full Name (ACR)" makes ACR an alias of Full Name for the whole release.
- A person's later short form ("Yoshida", "Lim") joins the full name it is part of.
- A definite reference ("the high level meeting", "the Conference", "the
  Ministry") joins the one entity of that kind whose name has the same head.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from kg.document import Entity, Mention
from kg.domain import DomainPack, norm
from kg.keys import entity_key, strip_honorifics
from kg.lexicon import DOCUMENT_HEADS, EVENT_HEADS, INITIATIVE_HEADS, ORGANIZATION_HEADS, head_kind
from kg.link.themes import same_theme, scheme_theme, theme_name

# Mentions a statistical component found (not the gazetteer, not a definition).
MODEL_SOURCES = {"ner", "shape", "model"}
CONFIDENCE = {"gazetteer": 0.95, "shape": 0.85, "acronym": 0.85, "title": 0.85, "ner": 0.7, "alias": 0.7,
              "reference": 0.6, "theme": 0.8, "list": 0.6}
_ACRONYM_DEF = re.compile(r"^\s*\(\s*([A-Z][A-Za-z0-9&/\-.]{1,14})\s*\)")
_DEFINITE_HEADS = EVENT_HEADS + DOCUMENT_HEADS + INITIATIVE_HEADS + ORGANIZATION_HEADS
_REFERENCE = re.compile(
    r"\b(?:the|this|that)\s+((?:(?:\d{1,2}(?:st|nd|rd|th)|[a-zA-Z][\w\-]*)\s+){0,4}?(?:"
    + "|".join(re.escape(h) for h in sorted(set(_DEFINITE_HEADS), key=len, reverse=True)) + r"))\b",
    re.IGNORECASE)


@dataclass
class Candidate:
    """A mention before resolution."""

    start: int
    end: int
    text: str
    kind: str
    key: str | None  # pack key for gazetteer spans
    source: str
    sentence: tuple[int, int] | None = None
    name: str | None = None  # the name it stands for, when not its own text
    confidence: float | None = None  # the classifier's probability, when it found the span


def resolve(text: str, candidates: list[Candidate], pack: DomainPack) -> tuple[list[Mention], dict[str, Entity]]:
    named_countries = _named_countries(text, candidates, pack)
    clusters: dict[str, Entity] = {}
    mentions: list[Mention] = []
    alias_to_key: dict[str, str | Candidate] = {}  # a key, or the candidate whose key it will be

    def add(c: Candidate, key: str, name: str, known: bool = False, wikidata: str | None = None,
            subtype: str | None = None) -> None:
        entity = clusters.get(key)
        if entity is None:
            entity = clusters[key] = Entity(key=key, kind=c.kind, name=name, known=known, wikidata=wikidata or None,
                                            subtype=subtype or None)
        confidence = c.confidence if c.confidence is not None else CONFIDENCE.get(c.source, 0.7)
        entity.confidence = max(entity.confidence if entity.aliases else 0, confidence)
        entity.aliases.add(c.text)
        mentions.append(Mention(start=c.start, end=c.end, text=c.text, kind=entity.kind, entity=key,
                                sentence=c.sentence, confidence=confidence, source=c.source))

    ordered = sorted(candidates, key=lambda c: c.start)
    # Themes first: the scheme's, or the text's own (kg.link.themes).
    previous: Candidate | None = None
    for c in [c for c in ordered if c.kind == "Theme"]:
        if previous is not None and re.fullmatch(r"\s*\(\s*", text[previous.end:c.start]):
            # "information and communications technology (ICT)": the acronym of the theme before it.
            target = mentions[-1].entity or ""
            add(c, target, clusters[target].name)
        else:
            _link_theme(c, pack, clusters, add)
        previous = c
    ordered = [c for c in ordered if c.kind != "Theme"]
    # Pass 1: known names, then acronym definitions of any name.
    pending: list[Candidate] = []
    for c in ordered:
        known = pack.entities.get(c.key) if c.key else None
        if known and known.qualifier and known.country not in named_countries:
            c.key, known = None, None  # "Ministry of Transport", but of which country?
        if known:
            add(c, known.key, known.name, known=True, wikidata=known.wikidata, subtype=known.subtype)
            alias_to_key[norm(c.text)] = known.key
        else:
            pending.append(c)
    linked: list[Candidate] = []
    for c in pending:
        m = _ACRONYM_DEF.match(text[c.end:c.end + 20])
        if not m:
            # "“... Urbanisation Strategy (ASUS) – Phase II”": the acronym
            # defines the name it closes inside a longer one.
            inner = re.search(r"\s\(([A-Z][A-Za-z0-9\-]{1,12})\)", c.text)
            if inner and _is_acronym_of(inner.group(1), c.text[:inner.start()]):
                host = next((o for o in pending if o is not c and o.start >= c.start
                             and o.end == c.start + inner.start()), None)
                closed = host if host is not None else c
                alias_to_key.setdefault(norm(inner.group(1)), entity_key(closed.kind, _canonical(closed)))
            continue
        known_key = alias_to_key.get(norm(m.group(1)))
        if known_key and known_key in clusters:
            # "United Nations Human Settlement Programme (UN-Habitat)": the
            # long form is another name of the known body.
            entity = clusters[known_key]
            c.kind = entity.kind
            add(c, known_key, entity.name)
            linked.append(c)
        elif _is_acronym_of(m.group(1), c.text):
            alias_to_key.setdefault(norm(m.group(1)), entity_key(c.kind, _canonical(c)))
    pending = [c for c in pending if c not in linked]
    # An unknown short acronym that the release never spells out names nothing
    # a reader could identify ("FS", "AMS").
    pending = [c for c in pending if not (c.source == "ner" and c.confidence is None and re.fullmatch(r"[A-Z]{2,3}", c.text)
                                          and norm(c.text) not in alias_to_key)]
    # Pass 2: full names first, so short forms and acronyms have something to join.
    for alias, target in _hereinafter(text, pending):
        alias_to_key.setdefault(norm(alias), target)
    people, rest, aliased = [], [], []
    for c in sorted(pending, key=lambda c: -len(c.text)):
        if alias_to_key.get(norm(c.text)):
            aliased.append(c)
        elif c.kind == "Person":
            people.append(c)
        else:
            rest.append(c)
    for c in people:
        if " " not in c.text.strip():
            place = _place_named(c, clusters)
            if place is not None:
                c.kind = place.kind
                add(c, place.key, place.name)
                continue
        full = _person_for(c, clusters)
        if full is not None:
            add(c, full.key, full.name)
        else:
            add(c, entity_key("Person", _canonical(c)), _canonical(c))
    # One-word model guesses last: by then the places they may name are known.
    rest.sort(key=lambda c: (c.source in MODEL_SOURCES and " " not in c.text.strip(), c.kind not in ("Place", "Country")))
    for c in rest:
        series = _series_event(c, pack) if c.kind == "Event" else None
        if series is not None:  # "the 6th Annual Meeting" of the ASCN
            add(c, series.key, series.name, known=True, wikidata=series.wikidata, subtype=series.subtype)
            continue
        if c.source in MODEL_SOURCES and " " not in c.text.strip() and head_kind(c.text) is not None:
            continue  # a bare head word ("City", "Ministry") names nothing
        if c.source in MODEL_SOURCES and " " not in c.text.strip():
            place = _place_named(c, clusters)
            if place is not None:  # "FUKUSHIMA —", "in Fukushima": the model's person or body is the place
                c.kind = place.kind
                add(c, place.key, place.name)
                continue
            person = _person_for(Candidate(c.start, c.end, c.text, "Person", None, c.source), clusters)
            if person is not None:  # "Izumi said": the model called a surname an organisation
                c.kind = "Person"
                add(c, person.key, person.name)
                continue
        longer = _longer_form(c, clusters)
        if longer is not None:
            c.kind = longer.kind
            add(c, longer.key, longer.name)
            continue
        k = entity_key(c.kind, _canonical(c))
        add(c, k, clusters[k].name if k in clusters else _canonical(c))
    for c in aliased:
        found = alias_to_key[norm(c.text)]
        target = entity_key(found.kind, _canonical(found)) if isinstance(found, Candidate) else found
        joined = clusters.get(target)
        if joined is not None:
            c.kind = joined.kind
            add(c, target, joined.name)
        else:
            add(c, entity_key(c.kind, _canonical(c)), _canonical(c))
    mentions += _definite_references(text, mentions, clusters)
    mentions.sort(key=lambda m: m.start)
    return mentions, clusters


def _link_theme(c: Candidate, pack: DomainPack, clusters: dict[str, Entity], add) -> None:
    scheme = scheme_theme(c.text, c.key, pack)
    own = entity_key("Theme", c.text)
    if scheme is not None and (same_theme(c.text, scheme) or own == scheme.key):
        add(c, scheme.key, scheme.pref_label, known=True)
        return
    add(c, own, clusters[own].name if own in clusters else theme_name(c.text))
    if scheme is not None:
        clusters[own].broader = scheme.key  # a phrase the scheme lists under one of its themes


def _canonical(c: Candidate) -> str:
    name = c.name or c.text
    name = re.sub(r"[’']s$", "", name.strip())
    name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
    if c.kind == "Person":
        name = strip_honorifics(name)
    if c.kind == "Place":
        name = re.sub(r"^Metro\s", "Metropolitan ", name)  # "Metro Davao" is "Metropolitan Davao"
    return " ".join(name.split())


def _is_acronym_of(acronym: str, name: str) -> bool:
    """Each capital of the acronym begins a word of the name, in order, the
    first one the first word ("R/D" ~ Record of Discussions, "IGaCoS" ~
    Island Garden City of Samal)."""
    caps = [ch for ch in acronym if ch.isupper()]
    initials = [w[0].upper() for w in re.findall(r"[A-Za-z]+", name)]
    if len(caps) < 2 or not initials or caps[0] != initials[0]:
        return False
    rest = iter(initials[1:])
    return all(ch in rest for ch in caps[1:])


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "inaugural": 1}


def _ordinal(words: list[str]) -> int | None:
    for w in words:
        m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", w)
        if m:
            return int(m.group(1))
        if w in _ORDINAL_WORDS:
            return _ORDINAL_WORDS[w]
    return None


def _series_event(c: Candidate, pack: DomainPack):
    """A known meeting named without its series' full name: "the 6th Annual
    Meeting" is the 6th ASCN Annual Meeting when that is the only known
    meeting with that number whose name holds all these words."""
    words = norm(_canonical(c)).replace("-", " ").split()
    number = _ordinal(words)
    if number is None:
        return None
    rest = {w for w in words if _ordinal([w]) is None}
    found = []
    for known in pack.entities.values():
        if known.kind != "Event":
            continue
        for form in known.surface_forms():
            form_words = norm(form).replace("-", " ").split()
            if _ordinal(form_words) == number and rest <= set(form_words):
                found.append(known)
                break
    return found[0] if len(found) == 1 else None


def _place_named(c: Candidate, clusters: dict[str, Entity]) -> Entity | None:
    """The place or country of the release with exactly this one-word name."""
    word = norm(c.text)
    found = [e for e in clusters.values() if e.kind in ("Place", "Country")
             and word in {norm(e.name), *(norm(a) for a in e.aliases)}]
    return found[0] if len(found) == 1 else None


def _person_for(c: Candidate, clusters: dict[str, Entity]) -> Entity | None:
    """The person whose fuller name contains all of this mention's words."""
    words = {w.casefold() for w in _canonical(c).split()}
    matches = [e for e in clusters.values() if e.kind == "Person" and words < {w.casefold() for w in e.name.split()}]
    return matches[0] if len(matches) == 1 else None


_LEGAL = re.compile(r",?\s+(?:Co\.,?\s*Ltd\.?|Co\.|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|PLC|JSC|"
                    r"Holdings|Group|Program|Programme|Project|Initiative)$")


_HEREINAFTER = re.compile(r"\(\s*(?:hereinafter|hereafter)(?:\s+referred\s+to\s+as)?\s+(?:the\s+)?[\"“‘']?"
                          r"(?:the\s+)?(?P<alias>[^\"”’')]{2,80}?)[\"”’']?\s*\)", re.IGNORECASE)


def _hereinafter(text: str, candidates: list[Candidate]):
    """"X (hereinafter the 'Ministerial Meeting')": the quoted words are X."""
    for m in _HEREINAFTER.finditer(text):
        before = [c for c in candidates if c.end <= m.start() and m.start() - c.end <= 3]
        if before:
            yield m.group("alias"), before[-1]


def _longer_form(c: Candidate, clusters: dict[str, Entity]) -> Entity | None:
    """"Yachiyo Engineering" for "Yachiyo Engineering Co., Ltd.", "Smart
    Sisters" for "Smart Sisters Program": a name without its legal suffix or
    its head word; "High-Level Meeting" for "ASCN High-Level Meeting": an
    event's name without its qualifiers."""
    if c.kind == "Event":
        words = norm(_canonical(c)).split()
        found = [e for e in clusters.values() if e.kind == "Event" and e.name != _canonical(c)
                 and _contains(norm(e.name).split(), words)]
        return found[0] if len(found) == 1 else None
    if c.kind not in ("Organization", "Initiative"):
        return None
    short = norm(_canonical(c))
    found = [e for e in clusters.values() if e.kind in ("Organization", "Initiative")
             and e.name != _canonical(c) and norm(_LEGAL.sub("", e.name)) == short]
    return found[0] if len(found) == 1 else None


def _contains(long: list[str], short: list[str]) -> bool:
    n = len(short)
    return 0 < n < len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _named_countries(text: str, candidates: list[Candidate], pack: DomainPack) -> set[str]:
    found = {c.key for c in candidates if c.key and c.key.startswith("country/")}
    lowered = text.casefold()
    for demonym, entity in pack.demonyms.items():
        if re.search(r"\b" + re.escape(demonym) + r"\b", lowered):
            found.add(entity.key)
    return found


def _definite_references(text: str, mentions: list[Mention], clusters: dict[str, Entity]) -> list[Mention]:
    """"the high level meeting" -> the release's one entity whose name ends in
    that head (the most mentioned one when several do)."""
    taken = [(m.start, m.end) for m in mentions]
    counts = Counter(m.entity for m in mentions)
    by_head: dict[str, list[Entity]] = defaultdict(list)
    for e in clusters.values():
        words = e.name.split()
        if words:
            by_head[words[-1].casefold()].append(e)
    out = []
    for m in _REFERENCE.finditer(text):
        start, end = m.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        phrase = m.group(1)
        head = phrase.split()[-1].casefold()
        candidates = by_head.get(head, [])
        if not candidates:
            continue
        # The modifiers must belong to the name ("the high level meeting" fits
        # "... High Level Meeting"; "the business matching meeting" does not).
        modifiers = {w.casefold() for w in phrase.split()[:-1]}
        fitting = [e for e in candidates if modifiers <= {w.casefold().strip(",") for w in e.name.replace("-", " ").split()}
                   | _ordinal_words(e.name)]
        if not fitting:
            continue
        # The nearest event named before the reference, else the most named one.
        last_seen = {m.entity: m.start for m in sorted(mentions, key=lambda m: m.start) if m.start < start}
        preceding = [e for e in fitting if e.key in last_seen]
        best = (max(preceding, key=lambda e: last_seen[e.key]) if preceding
                else max(fitting, key=lambda e: (counts[e.key], -len(e.name))))
        best.aliases.add(phrase)
        out.append(Mention(start=start, end=end, text=phrase, kind=best.kind, entity=best.key,
                           confidence=CONFIDENCE["reference"], source="reference"))
        taken.append((start, end))
    return out


def _ordinal_words(name: str) -> set[str]:
    m = re.match(r"(\d{1,2}(?:st|nd|rd|th))\b", name)
    return {m.group(1).casefold()} if m else set()
