"""Event frames: who organised, chaired, attended and spoke at an event, where
and when, and which event another is part of."""
from __future__ import annotations

import re

from kg.dates import parse_dates, parse_range
from kg.nlp.relations.context import (AGENTS, FUTURE, NEGATED, ORGANIZERS, PLACES, Context, clause_end,
                                      event_reference, list_run, mentions_after, sentence_event)


_ORGANIZED_BY = re.compile(r"\b(?:co-)?(?:hosted|organi[sz]ed|convened|sponsored|arranged)\s+(?:jointly\s+)?by\b",
                           re.IGNORECASE)


_CHAIRED_BY = re.compile(r"\b(?:co-)?chaired\s+by\b|\bpresided\s+over\s+by\b", re.IGNORECASE)
_CO_ORGANIZER = re.compile(r"\b(?:in\s+(?:association|cooperation|collaboration|partnership)\s+with|"
                           r"together\s+with|jointly\s+with|and\s+co-hosted\s+by)\b", re.IGNORECASE)


_CHAIR_ROLE = re.compile(r"\b(?:served|serves|acted|acting)\s+as\s+(?:the\s+)?(?:co-)?chair", re.IGNORECASE)
_ACTIVE_HOST = re.compile(r"\b(?:hosted|organi[sz]ed|convened|co-hosted|co-organi[sz]ed|chaired|co-chaired|led|"
                          r"presided\s+over)\b", re.IGNORECASE)


_THE_MEETING = re.compile(r"\s+(?:the|this)\s+(?:[\w\-]+\s+){0,3}(?:meeting|conference|summit|forum|session)",
                          re.IGNORECASE)


_THE_HOST = re.compile(r"^\s*(?:\([^)]{1,15}\))?,?\s+(?:the|its|as)\s+(?:co-)?(?:host|organi[sz]er|convener)s?\b", re.IGNORECASE)
_HELD = re.compile(r"\b(?:held|took\s+place|convened|hosted|organi[sz]ed|opened|kicked\s+off|was\s+staged|"
                   r"takes\s+place|met|chaired|co-chaired|went\s+ahead|got\s+under\s*way|on\s+the\s+occasion\s+of|on\s+the\s+sidelines\s+of)\b",
                   re.IGNORECASE)


_SPEECH = re.compile(r"\b(?:speech|speeches|remarks|keynote|address(?:ed)?|video\s+message|spoke|speaking|"
                     r"delivered|presentation|presented|said|stated|emphasi[sz]ed|stressed|noted|told)\b",
                     re.IGNORECASE)


_ATTENDED = re.compile(r"\b(?:attended|attending|participated\s+in|took\s+part\s+in|joined|were\s+present\s+at|"
                       r"was\s+present\s+at|represented\s+\w+\s+at)\b", re.IGNORECASE)


_SUPER = re.compile(r"\b(?:opening|closing|welcome|signing)\s+(?:ceremony|session|plenary)\s+(?:of|for|at)\b",
                    re.IGNORECASE)


_GATHERED = re.compile(r"\b(?:brought\s+together|gathered|was\s+attended\s+by|were\s+attended\s+by|"
                       r"with\s+the\s+participation\s+of)\b", re.IGNORECASE)


def organizers(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _ORGANIZED_BY.finditer(text, sent[0], sent[1]):
        event = sentence_event(ctx, ms, cue.start()) or event_reference(ctx, sent, cue.start())
        end = clause_end(text, cue.end(), sent[1])
        after = mentions_after(ms, cue.end(), ORGANIZERS | {"Person"}, ctx, end)
        if event and after:
            for m in list_run(ctx, ms, after[0], ORGANIZERS | {"Person"}, end):
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="hosted by")
            for co in _CO_ORGANIZER.finditer(text, cue.end(), end):
                nxt = mentions_after(ms, co.end(), ORGANIZERS, ctx, end)
                if nxt:
                    for m in list_run(ctx, ms, nxt[0], ORGANIZERS, end):
                        ctx.add(event, "organizer", m.entity, sentence=sent, rule="in association with")
    for cue in _CHAIRED_BY.finditer(text, sent[0], sent[1]):
        event = sentence_event(ctx, ms, cue.start()) or event_reference(ctx, sent, cue.start())
        end = clause_end(text, cue.end(), sent[1])
        people = mentions_after(ms, cue.end(), {"Person"}, ctx, end)
        if event and people:
            for m in list_run(ctx, ms, people[0], {"Person"}, end):
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="chaired by")
    for _cue in _CHAIR_ROLE.finditer(text, sent[0], sent[1]):
        event = sentence_event(ctx, ms) or event_reference(ctx, sent, sent[1])
        people = [m for m in ms if ctx.kind(m) == "Person"]
        if event and people:
            for m in people:
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="served as co-chair")
    # "MLIT hosted the meeting"
    for cue in _ACTIVE_HOST.finditer(text, sent[0], sent[1]):
        if text[cue.end():cue.end() + 4].lower().startswith((" by", " ove")):
            continue
        before = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in ORGANIZERS | {"Person"}]
        end = clause_end(text, cue.end(), sent[1])
        after = mentions_after(ms, cue.end(), {"Event"}, ctx, end)
        event = after[0].entity if after else None
        if event is None and _THE_MEETING.match(text[cue.end():end]):
            event = sentence_event(ctx, ms) or ctx.main_event
        if before and event and not re.search(r"[,;(]", text[before[-1].end:cue.start()]):
            ctx.add(event, "organizer", before[-1].entity, sentence=sent, rule="X hosted Y")
    # "together with Japan's MLIT, the host"
    for m in ms:
        if ctx.kind(m) in ORGANIZERS and _THE_HOST.match(text[m.end:sent[1]]):
            event = sentence_event(ctx, ms) or event_reference(ctx, sent, sent[1])
            if event:
                ctx.add(event, "organizer", m.entity, sentence=sent, rule="X, the host")


def location_and_dates(ctx: Context, sent, ms) -> None:
    text = ctx.text
    clause = text[sent[0]:sent[1]]
    if FUTURE.search(clause) or NEGATED.search(clause):
        return
    held = _HELD.search(text, sent[0], sent[1])
    event = sentence_event(ctx, ms, held.start() if held else None)
    if event is None and held:
        event = event_reference(ctx, sent, held.start())
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


_DATE_BEFORE = re.compile(r"\bon\s+([^,;]{3,40}?),?\s+(?:at|during)\s+(?:the\s+)?$")


def _adjacent_dates(ctx: Context, sent, ms) -> None:
    """"on 28 April 2018, at the 32nd ASEAN Summit", "the ASEAN-Japan Summit
    in November 2018": a date right beside an event's name is its date."""
    text = ctx.text
    for ev in (m for m in ms if ctx.kind(m) == "Event"):
        before = _DATE_BEFORE.search(text[max(sent[0], ev.start - 60):ev.start])
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


def speakers(ctx: Context, sent, ms) -> None:
    text = ctx.text
    cue = _SPEECH.search(text, sent[0], sent[1])
    if not cue or NEGATED.search(text, sent[0], sent[1]):
        return
    people = [m for m in ms if ctx.kind(m) == "Person"]
    if not people:
        return
    event = sentence_event(ctx, ms)
    if event is None and re.search(r"\b(?:ceremony|meeting|conference|summit|forum|session|event)\b",
                                    text[sent[0]:sent[1]], re.IGNORECASE):
        event = ctx.main_event
    if event is None:
        return
    # The speaker is the subject: the first person before the cue, or right after "by".
    before = [m for m in people if m.end <= cue.start()]
    speaker = before[0] if before else people[0]
    ctx.add(event, "speaker", speaker.entity, sentence=sent, rule="speech")


def attendees(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _ATTENDED.finditer(text, sent[0], sent[1]):
        if NEGATED.search(text, max(sent[0], cue.start() - 12), cue.start()) or FUTURE.search(
                text, max(sent[0], cue.start() - 20), cue.start()):
            continue
        events = mentions_after(ms, cue.end(), {"Event"}, ctx, clause_end(text, cue.end(), sent[1]))
        if not events:
            continue
        subjects = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in AGENTS]
        # The subject is the head of the clause, not a body named inside it
        # ("Five students of the X Program at Y University attended").
        for m in subjects[:1] if subjects and ctx.kind(subjects[0]) == "Person" else subjects[-1:]:
            ctx.add(events[0].entity, "attendee", m.entity, sentence=sent, rule="attended")


def gathered(ctx: Context, sent, ms) -> None:
    """"The meeting brought together officials from X, Y and Z": the bodies
    and countries named after the cue attended."""
    text = ctx.text
    for cue in _GATHERED.finditer(text, sent[0], sent[1]):
        event = sentence_event(ctx, ms, cue.start()) or event_reference(ctx, sent, cue.start())
        if event is None:
            continue
        end = clause_end(text, cue.end(), sent[1])
        for m in mentions_after(ms, cue.end(), AGENTS, ctx, end):
            # "representatives of ASEAN member states": a group, not ASEAN itself.
            if re.match(r"\s+(?:member\s+(?:states|countries|cities)|countries|cities|officials)\b", text[m.end:],
                        re.IGNORECASE):
                continue
            ctx.add(event, "attendee", m.entity, sentence=sent, rule="brought together")


def super_events(ctx: Context, sent, ms) -> None:
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
        whole = mentions_after(ms, cue.end(), {"Event"}, ctx)
        if part and whole and part.entity != whole[0].entity:
            ctx.add(part.entity, "superEvent", whole[0].entity, sentence=sent, rule="ceremony of")


def chairs_bodies(ctx: Context) -> None:
    """A meeting chaired by a minister is organised by the ministry too."""
    for rel in list(ctx.relations):
        if rel.predicate != "organizer" or ctx.entities[rel.object].kind != "Person":
            continue
        for aff in ctx.relations:
            if aff.predicate == "affiliation" and aff.subject == rel.object and aff.object and \
                    ctx.entities[aff.object].kind == "Organization":
                ctx.add(rel.subject, "organizer", aff.object, sentence=rel.sentence, rule="chair's body")
