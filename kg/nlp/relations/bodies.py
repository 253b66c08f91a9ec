"""Bodies and initiatives: parents of bodies, founders and founding dates,
funders, and members of networks."""
from __future__ import annotations

import re

from kg.dates import parse_dates
from kg.nlp.relations.context import NEGATED, PRONOUN_SUBJECT, Context, clause_end, list_run, mentions_after

_FOUNDED = re.compile(r"\b(?:launched|founded|established|created|set\s+up|initiated|inaugurated|"
                      r"came\s+into\s+(?:being|fruition|existence))\b", re.IGNORECASE)


_FUNDED = re.compile(r"\b(?:funded|financed|co-financed|co-funded|bankrolled)\s+by\b|"
                     r"\bwith\s+(?:funding|financing|financial\s+support|a\s+grant|grants?)\s+from\b|"
                     r"\b(?:funding|financing|financial\s+support)\s+(?:of|from)\b", re.IGNORECASE)


_MEMBER = re.compile(r"\b(?:(?-i:joined|join|joining)|members?\s+of|member\s+cities\s+of|pilot\s+cities\s+(?:in|of)|"
                     r"cities\s+(?:in|of)\s+the|one\s+of\s+the\s+[\w\s-]{0,30}?(?:cities|members)\s+(?:in|of)|"
                     r"became\s+(?:a\s+)?(?:member|part)\s+of|admitted\s+to|part\s+of)\b", re.IGNORECASE)


_LEVEL = {"Division": 1, "Section": 1, "Unit": 1, "Office": 2, "Department": 2, "Bureau": 2, "Directorate": 2,
          "Centre": 2, "Center": 2, "Secretariat": 2, "Agency": 3, "Ministry": 4, "Authority": 3}


def parents(ctx: Context, sent, ms) -> None:
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


def named_parents(ctx: Context) -> None:
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


def founders(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _FOUNDED.finditer(text, sent[0], sent[1]):
        subject = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Initiative", "Organization"}]
        if not subject:
            continue
        s = subject[0].entity
        by = re.match(r"\s+(?:jointly\s+)?by\s+(?:the\s+)?", text[cue.end():sent[1]])
        if by:
            founders = mentions_after(ms, cue.end() + by.end(), {"Organization", "Country", "Person"}, ctx)
            if founders and founders[0].start == cue.end() + by.end():
                for m in list_run(ctx, ms, founders[0], {"Organization", "Country", "Person"}, sent[1]):
                    ctx.add(s, "founder", m.entity, sentence=sent, rule="launched by")
        dates = parse_dates(text[cue.start():sent[1]], ctx.ref)
        year = re.search(r"(?<![\d\-/])((?:19|20)\d{2})(?![\d\-/])", text[cue.start():sent[1]])
        if dates:
            ctx.add(s, "foundingDate", value=dates[0][1], sentence=sent, rule="launched in")
        elif year:
            ctx.add(s, "foundingDate", value=year.group(1), sentence=sent, rule="launched ... year")


def funders(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _FUNDED.finditer(text, sent[0], sent[1]):
        funders = mentions_after(ms, cue.end(), {"Organization", "Country", "Initiative"}, ctx,
                                 clause_end(text, cue.end(), sent[1]))
        # The funded thing is the sentence's subject: its first programme or
        # event, or what "It"/"The programme" stands for.
        if PRONOUN_SUBJECT.match(text[sent[0]:sent[1]]):
            subject = ctx.topic_before(sent, {"Initiative", "Event"})
        else:
            named = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Initiative", "Event"}]
            subject = named[0].entity if named else None
        if subject and funders:
            for m in list_run(ctx, ms, funders[0], {"Organization", "Country", "Initiative"}, sent[1]):
                if m.entity != subject:
                    ctx.add(subject, "funder", m.entity, sentence=sent, rule="funded by")
    for m in re.finditer(r"\b([A-Z][A-Za-z]+)-(?:funded|financed)\b", text[sent[0]:sent[1]]):
        funder = next((x for x in ms if x.start == sent[0] + m.start(1)), None)
        subject = [x for x in ms if x.start > sent[0] + m.end() and ctx.kind(x) in {"Initiative", "Event"}]
        if funder and subject:
            ctx.add(subject[0].entity, "funder", funder.entity, sentence=sent, rule="X-funded")


def members(ctx: Context, sent, ms) -> None:
    text = ctx.text
    for cue in _MEMBER.finditer(text, sent[0], sent[1]):
        if NEGATED.search(text, max(sent[0], cue.start() - 15), cue.start()):
            continue
        end = clause_end(text, cue.end(), sent[1])
        groups = mentions_after(ms, cue.end(), {"Initiative", "Organization"}, ctx, end)
        members = [m for m in ms if m.end <= cue.start() and ctx.kind(m) in {"Place", "Country", "Organization"}]
        if not groups or not members:
            continue
        if re.search(r"cities", cue.group(), re.IGNORECASE):
            members = [m for m in members if ctx.kind(m) == "Place"]  # "pilot cities of": the members are cities
            if not members:
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
