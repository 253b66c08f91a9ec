"""Relation rules over resolved mentions, one sentence at a time.

Each rule reads a cue in the sentence ("hosted by", "held in", "delivered a
speech", "joined") and the mentions around it, and states a Relation with the
sentence as evidence. Rules skip what the text does not assert as done: future
events ("will be held") and negations ("did not attend")."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kg.document import Entity, Mention, Relation
from kg.link.domain import DomainPack, norm
from kg.nlp.dates import parse_dates, parse_range
from kg.nlp.lexicon import TITLE_WORDS, alternation

ORGANIZERS = {"Organization", "Country", "Initiative"}
AGENTS = {"Person", "Organization", "Country"}
PLACES = {"Place", "Country"}
TOPICAL = {"Event", "Document", "Initiative"}

_NEGATED = re.compile(r"\b(?:not|never|no longer|cancel(?:l?ed)?|postponed|unable to)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|shall|would|to be held|is scheduled|are scheduled|is expected|plans? to|"
                     r"is set to|are set to|next year|upcoming)\b", re.IGNORECASE)
_ORGANIZED_BY = re.compile(r"\b(?:co-)?(?:hosted|organi[sz]ed|convened|sponsored|arranged)\s+(?:jointly\s+)?by\b",
                           re.IGNORECASE)
_CHAIRED_BY = re.compile(r"\b(?:co-)?chaired\s+by\b|\bpresided\s+over\s+by\b", re.IGNORECASE)
_CO_ORGANIZER = re.compile(r"\b(?:in\s+(?:association|cooperation|collaboration|partnership)\s+with|"
                           r"together\s+with|jointly\s+with|and\s+co-hosted\s+by)\b", re.IGNORECASE)
_CHAIR_ROLE = re.compile(r"\b(?:served|serves|acted|acting)\s+as\s+(?:the\s+)?(?:co-)?chair", re.IGNORECASE)
_ACTIVE_HOST = re.compile(r"\b(?:hosted|organi[sz]ed|convened|co-hosted|co-organi[sz]ed|chaired|co-chaired|led|"
                          r"presided\s+over)\b", re.IGNORECASE)
_THE_HOST = re.compile(r"^,?\s+(?:the|its|as)\s+(?:co-)?(?:host|organi[sz]er|convener)s?\b", re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|took\s+place|convened|hosted|organi[sz]ed|opened|kicked\s+off|was\s+staged|"
                   r"takes\s+place|met|chaired|co-chaired|went\s+ahead|got\s+under\s*way|on\s+the\s+occasion\s+of|on\s+the\s+sidelines\s+of)\b",
                   re.IGNORECASE)
_SPEECH = re.compile(r"\b(?:speech|speeches|remarks|keynote|address(?:ed)?|video\s+message|spoke|speaking|"
                     r"delivered|presentation|presented|said|stated|emphasi[sz]ed|stressed|noted|told)\b",
                     re.IGNORECASE)
_ATTENDED = re.compile(r"\b(?:attended|attending|participated\s+in|took\s+part\s+in|joined|were\s+present\s+at|"
                       r"was\s+present\s+at|represented\s+\w+\s+at)\b", re.IGNORECASE)
_FOUNDED = re.compile(r"\b(?:launched|founded|established|created|set\s+up|initiated|inaugurated|"
                      r"came\s+into\s+(?:being|fruition|existence))\b", re.IGNORECASE)
_FUNDED = re.compile(r"\b(?:funded|financed|co-financed|co-funded|bankrolled)\s+by\b|"
                     r"\bwith\s+(?:funding|financing|financial\s+support|a\s+grant|grants?)\s+from\b|"
                     r"\b(?:funding|financing|financial\s+support)\s+(?:of|from)\b", re.IGNORECASE)
_MEMBER = re.compile(r"\b(?:(?-i:joined|join|joining)|members?\s+of|member\s+cities\s+of|pilot\s+cities\s+(?:in|of)|"
                     r"cities\s+(?:in|of)\s+the|one\s+of\s+the\s+[\w\s-]{0,30}?(?:cities|members)\s+(?:in|of)|"
                     r"became\s+(?:a\s+)?(?:member|part)\s+of|admitted\s+to|part\s+of)\b", re.IGNORECASE)
_ABOUT = re.compile(r"\b(?:theme|themes|focus(?:ed|es|ing)?|on|about|regarding|related\s+to|concerning|"
                    r"address(?:ing)?|promot(?:e|ing)|aim(?:s|ed)?|cover(?:s|ing)?|such\s+as|including|"
                    r"priorit(?:y|ies)|areas?|fields?|sectors?|topics?)\b", re.IGNORECASE)
_SUPER = re.compile(r"\b(?:opening|closing|welcome|signing)\s+(?:ceremony|session|plenary)\s+(?:of|for|at)\b",
                    re.IGNORECASE)
_TITLE = alternation(TITLE_WORDS)
_NAMEISH = r"(?:[A-Z][\w’'&.\-]*|of|and|the|for|,)"
# "Parliamentary Vice-Minister of Economy, Trade and Industry" / "Minister of Construction"
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


@dataclass
class Context:
    text: str
    mentions: list[Mention]
    entities: dict[str, Entity]
    pack: DomainPack
    ref: date | None
    relations: list[Relation] = field(default_factory=list)
    implicit: list[Mention] = field(default_factory=list)
    main_event: str | None = None

    def kind(self, m: Mention) -> str:
        return self.entities[m.entity].kind

    def add(self, s: str | None, p: str, o: str | None = None, value: str | None = None,
            sentence: tuple[int, int] | None = None, rule: str = "") -> None:
        if not s or (o is None and value is None) or s == o:
            return
        rel = Relation(subject=s, predicate=p, object=o, value=value, sentence=sentence, evidence=rule)
        if all(r.identity() != rel.identity() for r in self.relations):
            self.relations.append(rel)


def extract_relations(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                      entities: dict[str, Entity], pack: DomainPack, ref: date | None) -> tuple[list[Relation], list[Mention]]:
    """Relations the text states, and the implicit mentions titles reveal
    ("Vice-Minister of Economy, Trade and Industry" names the ministry)."""
    ctx = Context(text, mentions, entities, pack, ref)
    events = Counter(m.entity for m in mentions if ctx.kind(m) == "Event")
    ctx.main_event = events.most_common(1)[0][0] if events else None
    for sent in sentences:
        in_sent = [m for m in mentions if sent[0] <= m.start and m.end <= sent[1]]
        _titles(ctx, sent, in_sent)
        in_sent = sorted(in_sent + [m for m in ctx.implicit if sent[0] <= m.start < sent[1] and m not in in_sent],
                         key=lambda m: m.start)
        if not in_sent:
            continue
        for rule in (_organizers, _location_and_dates, _speakers, _attendees, _gathered, _founders, _funders,
                     _members, _containment, _parents, _about, _super_events):
            rule(ctx, sent, in_sent)
    _named_parents(ctx)
    _chairs_bodies(ctx)
    _longest_titles(ctx)
    return ctx.relations, ctx.implicit


def _named_parents(ctx: Context) -> None:
    """"ASEAN Secretariat", "UN-Habitat Regional Office for Asia": a body
    named after another body the release mentions is part of it."""
    orgs = {m.entity for m in ctx.mentions if ctx.kind(m) == "Organization"}
    for child in orgs:
        name = ctx.entities[child].name
        for parent in orgs - {child}:
            entity = ctx.entities[parent]
            for form in {entity.name, *entity.aliases}:
                if len(form) > 2 and name.startswith(form + " ") and _level(name) > 0 or (
                        len(form) > 2 and name.startswith(form + " ") and name.split()[-1] in _LEVEL):
                    sentence = next((m.sentence for m in ctx.mentions if m.entity == child), None)
                    ctx.add(child, "parentOrganization", parent, sentence=sentence, rule="named after")
                    break


def _chairs_bodies(ctx: Context) -> None:
    """A meeting chaired by a minister is organised by the ministry too."""
    for rel in list(ctx.relations):
        if rel.predicate != "organizer" or rel.evidence not in ("chaired by", "served as co-chair"):
            continue
        for aff in ctx.relations:
            if aff.predicate == "affiliation" and aff.subject == rel.object and aff.object and \
                    ctx.entities[aff.object].kind == "Organization":
                ctx.add(rel.subject, "organizer", aff.object, sentence=rel.sentence, rule="chair's body")


def _longest_titles(ctx: Context) -> None:
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


# --- helpers -----------------------------------------------------------------

def _sentence_event(ctx: Context, ms: list[Mention], before: int | None = None) -> str | None:
    """The event a sentence speaks of: the nearest event mention before
    `before` (else any in the sentence), else the release's main event when the
    sentence refers to a meeting without naming it."""
    events = [m for m in ms if ctx.kind(m) == "Event"]
    if before is not None:
        prior = [m for m in events if m.end <= before]
        if prior:
            return prior[-1].entity
    if events:
        return events[0].entity
    return None


def _after(ms: list[Mention], pos: int, kinds: set[str], ctx: Context, stop: int | None = None) -> list[Mention]:
    return [m for m in ms if m.start >= pos and (stop is None or m.start < stop) and ctx.kind(m) in kinds]


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"[;:]|,\s+(?:which|who|where|while|and\s+(?:the|a)\s+\w+\s+(?:was|were|is))|\.\s").search(text, pos, limit)
    return m.start() if m else limit


def _list_run(ctx: Context, ms: list[Mention], first: Mention, kinds: set[str], limit: int) -> list[Mention]:
    """`first` and the mentions that continue a list after it ("X, Y and Z")."""
    run = [first]
    for m in ms:
        if m.start <= run[-1].start or m.start >= limit:
            continue
        gap = ctx.text[run[-1].end:m.start]
        if ctx.kind(m) in kinds and re.fullmatch(r"\s*(?:,|,?\s*and|&|as well as|,\s*and)\s*(?:the\s+)?", gap):
            run.append(m)
        elif ctx.kind(m) in kinds and re.fullmatch(r"\s*\(\s*", gap):
            continue
        else:
            break
    return run


# --- rules -------------------------------------------------------------------

def _organizers(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _ORGANIZED_BY.finditer(text, sent[0], sent[1]):
        event = _sentence_event(ctx, ms, cue.start()) or _event_reference(ctx, sent, cue.start())
        end = _clause_end(text, cue.end(), sent[1])
        after = _after(ms, cue.end(), ORGANIZERS | {"Person"}, ctx, end)
        if event and after:
            for m in _list_run(ctx, ms, after[0], ORGANIZERS | {"Person"}, end):
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="hosted by")
            for co in _CO_ORGANIZER.finditer(text, cue.end(), end):
                nxt = _after(ms, co.end(), ORGANIZERS, ctx, end)
                if nxt:
                    for m in _list_run(ctx, ms, nxt[0], ORGANIZERS, end):
                        ctx.add(event, "organizer", m.entity, sentence=sent, rule="in association with")
    for cue in _CHAIRED_BY.finditer(text, sent[0], sent[1]):
        event = _sentence_event(ctx, ms, cue.start()) or _event_reference(ctx, sent, cue.start())
        end = _clause_end(text, cue.end(), sent[1])
        people = _after(ms, cue.end(), {"Person"}, ctx, end)
        if event and people:
            for m in _list_run(ctx, ms, people[0], {"Person"}, end):
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="chaired by")
    for cue in _CHAIR_ROLE.finditer(text, sent[0], sent[1]):
        event = _sentence_event(ctx, ms) or _event_reference(ctx, sent, sent[1])
        people = [m for m in ms if ctx.kind(m) == "Person"]
        if event and people:
            for m in people:
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="served as co-chair")
    # "MLIT hosted the meeting"
    for cue in _ACTIVE_HOST.finditer(text, sent[0], sent[1]):
        if text[cue.end():cue.end() + 4].lower().startswith((" by", " ove")):
            continue
        before = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in ORGANIZERS | {"Person"}]
        end = _clause_end(text, cue.end(), sent[1])
        after = _after(ms, cue.end(), {"Event"}, ctx, end)
        event = after[0].entity if after else None
        if event is None and re.match(r"\s+(?:the|this)\s+(?:[\w\-]+\s+){0,3}(?:meeting|conference|summit|forum|session)",
                                      text[cue.end():end], re.IGNORECASE):
            event = _sentence_event(ctx, ms) or ctx.main_event
        if before and event and not re.search(r"[,;(]", text[before[-1].end:cue.start()]):
            ctx.add(event, "organizer", before[-1].entity, sentence=sent, rule="X hosted Y")
    # "together with Japan's MLIT, the host"
    for m in ms:
        if ctx.kind(m) in ORGANIZERS and _THE_HOST.match(text[m.end:sent[1]]):
            event = _sentence_event(ctx, ms) or _event_reference(ctx, sent, sent[1])
            if event:
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="X, the host")


def _event_reference(ctx: Context, sent, pos: int) -> str | None:
    """A sentence that speaks of "the meeting" without a resolved mention."""
    if re.search(r"\b(?:meeting|conference|summit|forum|event|workshop)\b", ctx.text[sent[0]:pos], re.IGNORECASE):
        return ctx.main_event
    return None


def _location_and_dates(ctx: Context, sent, ms) -> None:
    text = ctx.text
    clause = text[sent[0]:sent[1]]
    if _FUTURE.search(clause) or _NEGATED.search(clause):
        return
    held = _HELD.search(text, sent[0], sent[1])
    event = _sentence_event(ctx, ms, held.start() if held else None)
    if event is None and held:
        event = _event_reference(ctx, sent, held.start())
    if event is None:
        return
    if held:
        # "held in Ibaraki Prefecture", "held on November 25 in Busan, Korea"
        for loc in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?", text[held.end():sent[1]]):
            pos = held.end() + loc.end()
            m = next((m for m in ms if m.start == pos and ctx.kind(m) in PLACES), None)
            if m is not None:
                ctx.add(event, "location", m.entity, sentence=sent, rule="held in")
                break
    else:
        # "the ASEAN-ROK Summit in Busan": an event mention directly followed by "in" + place
        for ev in (m for m in ms if ctx.kind(m) == "Event"):
            after = re.match(r"\s+(?:in|at)\s+(?:the\s+)?", text[ev.end:sent[1]])
            if after:
                pos = ev.end + after.end()
                m = next((m for m in ms if m.start == pos and ctx.kind(m) in PLACES), None)
                if m is not None:
                    ctx.add(ev.entity, "location", m.entity, sentence=sent, rule="event in")
    if not held:
        _adjacent_dates(ctx, sent, ms)
        return
    span = parse_range(clause, ctx.ref)
    if span:
        ctx.add(event, "startDate", value=span[0], sentence=sent, rule="date range")
        ctx.add(event, "endDate", value=span[1], sentence=sent, rule="date range")
        return
    days = [(off, v) for off, v in parse_dates(clause, ctx.ref) if len(v) == 10 and not _dateline(clause, off)]
    if days:
        ctx.add(event, "startDate", value=days[0][1], sentence=sent, rule="held on")


def _adjacent_dates(ctx: Context, sent, ms) -> None:
    """"on 28 April 2018, at the 32nd ASEAN Summit", "the ASEAN-Japan Summit
    in November 2018": a date right beside an event's name is its date."""
    text = ctx.text
    for ev in (m for m in ms if ctx.kind(m) == "Event"):
        before = re.search(r"\bon\s+([^,;]{3,40}?),?\s+(?:at|during)\s+(?:the\s+)?$", text[max(sent[0], ev.start - 60):ev.start])
        after = re.match(r"\s+(?:on|in)\s+((?:[A-Z][a-z]+\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+[A-Z][a-z]+)?,?\s+\d{4}|"
                         r"[A-Z][a-z]+\s+\d{4})", text[ev.end:sent[1]])
        for m in (before, after):
            if not m:
                continue
            dates = parse_dates(m.group(1), ctx.ref)
            if dates:
                ctx.add(ev.entity, "startDate", value=dates[0][1], sentence=sent, rule="date beside the event")
                break


def _dateline(clause: str, offset: int) -> bool:
    """A date alone on its line is the release's dateline, not the event's date."""
    line_start = clause.rfind("\n", 0, offset) + 1
    line_end = clause.find("\n", offset)
    line = clause[line_start:line_end if line_end >= 0 else len(clause)].strip()
    return bool(re.fullmatch(r"[\w ,.]{0,30}\d{4}", line)) and len(line) <= 30


def _speakers(ctx: Context, sent, ms) -> None:
    text = ctx.text
    cue = _SPEECH.search(text, sent[0], sent[1])
    if not cue or _NEGATED.search(text, sent[0], sent[1]):
        return
    people = [m for m in ms if ctx.kind(m) == "Person"]
    if not people:
        return
    event = _sentence_event(ctx, ms)
    if event is None and re.search(r"\b(?:ceremony|meeting|conference|summit|forum|session|event)\b",
                                    text[sent[0]:sent[1]], re.IGNORECASE):
        event = ctx.main_event
    if event is None:
        return
    # The speaker is the subject: the first person before the cue, or right after "by".
    before = [m for m in people if m.end <= cue.start()]
    speaker = before[0] if before else people[0]
    ctx.add(event, "speaker", speaker.entity, sentence=sent, rule="speech")


def _attendees(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _ATTENDED.finditer(text, sent[0], sent[1]):
        if _NEGATED.search(text, max(sent[0], cue.start() - 12), cue.start()) or _FUTURE.search(
                text, max(sent[0], cue.start() - 20), cue.start()):
            continue
        events = _after(ms, cue.end(), {"Event"}, ctx, _clause_end(text, cue.end(), sent[1]))
        if not events:
            continue
        subjects = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in AGENTS]
        # The subject is the head of the clause, not a body named inside it
        # ("Five students of the X Program at Y University attended").
        for m in subjects[:1] if subjects and ctx.kind(subjects[0]) == "Person" else subjects[-1:]:
            ctx.add(events[0].entity, "attendee", m.entity, sentence=sent, rule="attended")


_GATHERED = re.compile(r"\b(?:brought\s+together|gathered|was\s+attended\s+by|were\s+attended\s+by|"
                       r"with\s+the\s+participation\s+of)\b", re.IGNORECASE)


def _gathered(ctx: Context, sent, ms) -> None:
    """"The meeting brought together officials from X, Y and Z": the bodies
    and countries named after the cue attended."""
    text = ctx.text
    for cue in _GATHERED.finditer(text, sent[0], sent[1]):
        event = _sentence_event(ctx, ms, cue.start()) or _event_reference(ctx, sent, cue.start())
        if event is None:
            continue
        end = _clause_end(text, cue.end(), sent[1])
        for m in _after(ms, cue.end(), AGENTS, ctx, end):
            # "representatives of ASEAN member states": a group, not ASEAN itself.
            if re.match(r"\s+(?:member\s+(?:states|countries|cities)|countries|cities|officials)\b", text[m.end:],
                        re.IGNORECASE):
                continue
            ctx.add(event, "attendee", m.entity, sentence=sent, rule="brought together")


def _founders(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _FOUNDED.finditer(text, sent[0], sent[1]):
        subject = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Initiative", "Organization"}]
        if not subject:
            continue
        s = subject[0].entity
        by = re.match(r"\s+(?:jointly\s+)?by\s+(?:the\s+)?", text[cue.end():sent[1]])
        if by:
            founders = _after(ms, cue.end() + by.end(), {"Organization", "Country", "Person"}, ctx)
            if founders and founders[0].start == cue.end() + by.end():
                for m in _list_run(ctx, ms, founders[0], {"Organization", "Country", "Person"}, sent[1]):
                    ctx.add(s, "founder", m.entity, sentence=sent, rule="launched by")
        dates = parse_dates(text[cue.start():sent[1]], ctx.ref)
        year = re.search(r"(?<![\d\-/])((?:19|20)\d{2})(?![\d\-/])", text[cue.start():sent[1]])
        if dates:
            ctx.add(s, "foundingDate", value=dates[0][1], sentence=sent, rule="launched in")
        elif year:
            ctx.add(s, "foundingDate", value=year.group(1), sentence=sent, rule="launched ... year")


def _funders(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _FUNDED.finditer(text, sent[0], sent[1]):
        subject = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Initiative", "Event"}]
        funders = _after(ms, cue.end(), {"Organization", "Country", "Initiative"}, ctx,
                         _clause_end(text, cue.end(), sent[1]))
        if subject and funders:
            for m in _list_run(ctx, ms, funders[0], {"Organization", "Country", "Initiative"}, sent[1]):
                ctx.add(subject[-1].entity, "funder", m.entity, sentence=sent, rule="funded by")
    for m in re.finditer(r"\b([A-Z][A-Za-z]+)-(?:funded|financed)\b", text[sent[0]:sent[1]]):
        funder = next((x for x in ms if x.start == sent[0] + m.start(1)), None)
        subject = [x for x in ms if x.start > sent[0] + m.end() and ctx.kind(x) in {"Initiative", "Event"}]
        if funder and subject:
            ctx.add(subject[0].entity, "funder", funder.entity, sentence=sent, rule="X-funded")


def _members(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _MEMBER.finditer(text, sent[0], sent[1]):
        if _NEGATED.search(text, max(sent[0], cue.start() - 15), cue.start()):
            continue
        groups = _after(ms, cue.end(), {"Initiative", "Organization"}, ctx, _clause_end(text, cue.end(), sent[1]))
        members = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Place", "Country", "Organization"}]
        if not groups or not members:
            continue
        group = groups[0]
        first = members[-1]
        if cue.start() - first.end > 30 or "," in text[first.end:cue.start()]:
            continue  # the member must be the cue's subject, not a name further back
        # Walk back over a list "A, B and C joined".
        run = [first]
        for m in reversed(members[:-1]):
            gap = text[m.end:run[-1].start]
            if re.fullmatch(r"\s*(?:,|,?\s*and)\s*", gap):
                run.append(m)
            else:
                break
        for m in run:
            if m.entity != group.entity:
                ctx.add(m.entity, "memberOf", group.entity, sentence=sent, rule="joined")


_LIST_GAP = re.compile(r"\s*(?:,|;|,?\s*and)\s*(?:the\s+)?(?:(?:Cities|Municipalities|Towns|Provinces|City|"
                       r"Municipality|Town|Province)\s+of\s+)?|\s*\([^)]{1,15}\)\s*(?:,|;|,?\s*and)?\s*")
_IN_GAP = re.compile(r"(?:\s*\([^)]{1,15}\))?\s+(?:in|of)\s+(?:the\s+)?")
_CONTAINS = re.compile(r"\b(?:contains|containing|is\s+home\s+to|encompasses|encompassing)\b", re.IGNORECASE)
_CONSISTS = re.compile(r"\b(?:consists?\s+of|consisting\s+of|comprises?|comprising|composed\s+of|made\s+up\s+of|"
                       r"covers|covering|includes|including|namely)\b", re.IGNORECASE)


def _peers(ctx: Context, a: Mention, b: Mention) -> bool:
    """Two places of the same rank ("Bangkok, Chonburi": two cities) do not
    contain each other; a pair is "Takamatsu, Kagawa" or "Busan, Korea"."""
    known_a, known_b = ctx.pack.entities.get(a.entity), ctx.pack.entities.get(b.entity)
    if known_a is not None and known_b is not None:
        return known_a.kind == known_b.kind and known_a.subtype == known_b.subtype
    return False


def _containment(ctx: Context, sent, ms) -> None:
    """"A, B, and C in P": each of A, B and C is in P (a list restarts after
    "the Cities of", a semicolon, or the previous "in P"); "A, P" for a pair
    of places; "R, which consists of ... namely: A, B" puts A and B in R."""
    text = ctx.text
    places = [m for m in ms if ctx.kind(m) in PLACES]
    run: list[Mention] = []
    for i, m in enumerate(places):
        if run:
            gap = text[run[-1].end:m.start]
            if _IN_GAP.fullmatch(gap) and ctx.kind(run[-1]) != "Country":
                for item in run:
                    ctx.add(item.entity, "containedInPlace", m.entity, sentence=sent, rule="A, B in P")
                run = []
                continue
            if re.search(r";|\b(?:Cities|Municipalities|City|Municipality|Towns|Provinces)\s+of\b", gap) or \
                    not _LIST_GAP.fullmatch(gap):
                run = []
        run.append(m)
    # A pair "Takamatsu, Kagawa" / "Busan, Korea" (not a list of three or more).
    for i in range(len(places) - 1):
        a, b = places[i], places[i + 1]
        if ctx.kind(a) == "Country" or not re.fullmatch(r",\s*", text[a.end:b.start]):
            continue
        before = i > 0 and _LIST_GAP.fullmatch(text[places[i - 1].end:a.start])
        after = i + 2 < len(places) and _LIST_GAP.fullmatch(text[b.end:places[i + 2].start])
        # "..., Sulop in Davao del Sur, Carmen in ...": A closes the list before it.
        object_of_in = i > 0 and re.fullmatch(r"(?:\s*\([^)]{1,15}\))?\s+(?:in|of)\s+(?:the\s+)?",
                                              text[places[i - 1].end:a.start])
        followed_by_in = re.match(r"\s+(?:in|of)\s", text[b.end:b.end + 5])
        if not before and not after and not object_of_in and not followed_by_in and not _peers(ctx, a, b):
            ctx.add(a.entity, "containedInPlace", b.entity, sentence=sent, rule="A, B")
    for cue in _CONTAINS.finditer(text, sent[0], sent[1]):
        whole = [m for m in places if m.end <= cue.start() and ctx.kind(m) != "Country"]
        parts = [m for m in places if m.start >= cue.end()]
        if whole and parts and not re.search(r"[.;]", text[whole[0].end:cue.start()]):
            ctx.add(parts[0].entity, "containedInPlace", whole[0].entity, sentence=sent, rule="R contains A")
    for cue in _CONSISTS.finditer(text, sent[0], sent[1]):
        whole = [m for m in places if m.end <= cue.start()]
        parts = [m for m in places if m.start >= cue.end()]
        if whole and parts and re.search(r"\bnamely\b|:", text[cue.end():parts[0].start] + "namely"):
            if ctx.kind(whole[-1]) == "Country" or re.search(r"[.]", text[whole[-1].end:cue.start()]):
                continue
            for m in parts:
                if m.entity != whole[-1].entity and not re.search(r"\bin\s+(?:the\s+)?$",
                                                                  text[max(sent[0], m.start - 8):m.start]):
                    ctx.add(m.entity, "containedInPlace", whole[-1].entity, sentence=sent, rule="R consists of")


_LEVEL = {"Division": 1, "Section": 1, "Unit": 1, "Office": 2, "Department": 2, "Bureau": 2, "Directorate": 2,
          "Centre": 2, "Center": 2, "Secretariat": 2, "Agency": 3, "Ministry": 4, "Authority": 3}


def _parents(ctx: Context, sent, ms) -> None:
    text = ctx.text
    orgs = [m for m in ms if ctx.kind(m) == "Organization"]
    for a, b in zip(orgs, orgs[1:]):
        gap = text[a.end:b.start]
        la = _level(ctx.entities[a.entity].name)
        lb = _level(ctx.entities[b.entity].name)
        if re.fullmatch(r"\s*,\s*", gap) and la and lb and la < lb:
            ctx.add(a.entity, "parentOrganization", b.entity, sentence=sent, rule="Division, Bureau")
        elif re.fullmatch(r"\s+(?:of|under|within|at)\s+(?:the\s+)?", gap) and la and (lb or 0) >= la:
            ctx.add(a.entity, "parentOrganization", b.entity, sentence=sent, rule="X of Y")


def _level(name: str) -> int:
    words = name.split()
    for w in (words[0], words[-1]) if words else ():
        if w in _LEVEL:
            return _LEVEL[w]
    return 0


def _about(ctx: Context, sent, ms) -> None:
    text = ctx.text
    themes = [m for m in ms if ctx.kind(m) == "Theme"]
    if not themes or not _ABOUT.search(text, sent[0], sent[1]):
        return
    for theme in themes:
        if ctx.main_event and re.match(r"\s+as\s+(?:a|the)\s+(?:main\s+)?theme\s+of\s+(?:this|the)\s+"
                                       r"(?:meeting|conference|forum|summit|event)", text[theme.end:sent[1]],
                                       re.IGNORECASE):
            ctx.add(ctx.main_event, "about", theme.entity, sentence=sent, rule="as a theme of the meeting")
        owners = [m for m in ms if m.end <= theme.start and ctx.kind(m) in TOPICAL]
        if owners:
            owner = owners[-1].entity
        elif ctx.main_event and re.search(r"\b(?:theme|topics?|focus|discuss\w*|sessions?|agenda)\b",
                                          text[sent[0]:sent[1]], re.IGNORECASE):
            owner = ctx.main_event
        else:
            continue
        ctx.add(owner, "about", theme.entity, sentence=sent, rule="about")


def _super_events(ctx: Context, sent, ms) -> None:
    text = ctx.text
    # "the X Week (including the Y Conference and a site visit)": Y is part of X.
    for whole in (m for m in ms if ctx.kind(m) == "Event"):
        paren = re.match(r"\s*\(([^()]{3,300})\)", text[whole.end:sent[1]])
        if not paren:
            continue
        inside = (whole.end + paren.start(1), whole.end + paren.end(1))
        for part in (m for m in ms if ctx.kind(m) == "Event" and inside[0] <= m.start and m.end <= inside[1]):
            ctx.add(part.entity, "superEvent", whole.entity, sentence=sent, rule="part in brackets")
    for cue in _SUPER.finditer(text, sent[0], sent[1]):
        part = next((m for m in ms if m.start <= cue.start() < m.end and ctx.kind(m) == "Event"), None)
        whole = _after(ms, cue.end(), {"Event"}, ctx)
        if part and whole and part.entity != whole[0].entity:
            ctx.add(part.entity, "superEvent", whole[0].entity, sentence=sent, rule="ceremony of")


def _titles(ctx: Context, sent, ms) -> None:
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
        entity = ctx.entities[key] = Entity(key=key, kind="Organization", name=known.name if known else name,
                                            known=known is not None, wikidata=(known.wikidata or None) if known else None,
                                            implicit=True, confidence=0.6)
    entity.aliases.add(portfolio)
    if not any(m.start == start and m.entity == key for m in ctx.implicit):
        ctx.implicit.append(Mention(start=start, end=start + len(portfolio), text=portfolio, kind="Organization",
                                    entity=key, sentence=sent, confidence=0.6, source="title"))
    return key
