"""Relation rules over resolved mentions, one sentence at a time.

Each rule reads a cue in the sentence ("hosted by", "held in", "delivered a
speech", "joined") and the mentions around it, and states a Relation with the
sentence as evidence. Rules skip what the text does not assert as done: future
events ("will be held") and negations ("did not attend"). The rules of each
domain live in their own module; the lists below are the order they run in."""
from __future__ import annotations

from collections import Counter
from datetime import date

from kg.document import Entity, Mention, Relation
from kg.domain import DomainPack
from kg.nlp.relations import bodies, events, people, places, themes
from kg.nlp.relations.context import Context

# Rules over one sentence and its mentions. Titles come first: they add the
# implicit bodies ("Minister of Construction" names the ministry) that the
# other rules may use.
SENTENCE_RULES = [events.organizers, events.location_and_dates, events.speakers, events.attendees,
                  events.gathered, bodies.founders, bodies.funders, bodies.members, places.containment,
                  bodies.parents, themes.about, events.super_events]
# Rules over the whole release, once the sentence rules are done.
RELEASE_RULES = [bodies.named_parents, events.chairs_bodies, people.longest_titles]


def extract_relations(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                      entities: dict[str, Entity], pack: DomainPack,
                      ref: date | None) -> tuple[list[Relation], list[Mention]]:
    """Relations the text states, and the implicit mentions titles reveal
    ("Vice-Minister of Economy, Trade and Industry" names the ministry)."""
    ctx = Context(text, mentions, entities, pack, ref)
    named_events = Counter(m.entity for m in mentions if ctx.kind(m) == "Event")
    ctx.main_event = named_events.most_common(1)[0][0] if named_events else None
    for sent in sentences:
        in_sent = [m for m in mentions if sent[0] <= m.start and m.end <= sent[1]]
        people.titles(ctx, sent, in_sent)
        in_sent = sorted(in_sent + [m for m in ctx.implicit if sent[0] <= m.start < sent[1] and m not in in_sent],
                         key=lambda m: m.start)
        if not in_sent:
            continue
        for rule in SENTENCE_RULES:
            rule(ctx, sent, in_sent)
    for release_rule in RELEASE_RULES:
        release_rule(ctx)
    return ctx.relations, ctx.implicit
