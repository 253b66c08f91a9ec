"""What every relation rule shares: the release being read, its mentions and
entities, the relations found so far, and helpers to find mentions around a cue."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kg.document import Entity, Mention, Relation
from kg.domain import DomainPack

ORGANIZERS = {"Organization", "Country", "Initiative"}
AGENTS = {"Person", "Organization", "Country"}
PLACES = {"Place", "Country"}
TOPICAL = {"Event", "Document", "Initiative"}
NEGATED = re.compile(r"\b(?:not|never|no longer|cancel(?:l?ed)?|postponed|unable to)\b", re.IGNORECASE)
FUTURE = re.compile(r"\b(?:will|shall|would|to be held|is scheduled|are scheduled|is expected|plans? to|"
                     r"is set to|are set to|next year|upcoming)\b", re.IGNORECASE)


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

    def topic_before(self, sent: tuple[int, int], kinds: set[str]) -> str | None:
        """The entity a pronoun at the start of `sent` ("It", "The programme")
        stands for: the first one of these kinds named in the sentence before."""
        prior = [m for m in self.mentions if m.end <= sent[0] and self.kind(m) in kinds]
        if not prior:
            return None
        last_sentence = prior[-1].sentence
        return next((m.entity for m in prior if m.sentence == last_sentence), prior[-1].entity)

    def add(self, s: str | None, p: str, o: str | None = None, value: str | None = None,
            sentence: tuple[int, int] | None = None, rule: str = "") -> None:
        if not s or (o is None and value is None) or s == o:
            return
        rel = Relation(subject=s, predicate=p, object=o, value=value, sentence=sentence, evidence=rule)
        if all(r.identity() != rel.identity() for r in self.relations):
            self.relations.append(rel)


PRONOUN_SUBJECT = re.compile(r"\s*(?:It|Its|This|The\s+(?:programme|program|project|initiative|scheme|fund|"
                             r"network|partnership|platform|plan|study))\b")


def sentence_event(ctx: Context, ms: list[Mention], before: int | None = None) -> str | None:
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


def mentions_after(ms: list[Mention], pos: int, kinds: set[str], ctx: Context,
                   stop: int | None = None) -> list[Mention]:
    """The mentions of these kinds from `pos` (up to `stop`)."""
    return [m for m in ms if m.start >= pos and (stop is None or m.start < stop) and ctx.kind(m) in kinds]


_CLAUSE_END = re.compile(r"[;:]|,\s+(?:which|who|where|while|and\s+(?:the|a)\s+\w+\s+(?:was|were|is))|\.\s")


def clause_end(text: str, pos: int, limit: int) -> int:
    """Where the clause that starts at `pos` ends."""
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def list_run(ctx: Context, ms: list[Mention], first: Mention, kinds: set[str], limit: int) -> list[Mention]:
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


def event_reference(ctx: Context, sent, pos: int) -> str | None:
    """A sentence that speaks of "the meeting" without a resolved mention."""
    if re.search(r"\b(?:meeting|conference|summit|forum|event|workshop)\b", ctx.text[sent[0]:pos], re.IGNORECASE):
        return ctx.main_event
    return None
