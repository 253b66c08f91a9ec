"""Places in places: lists ("A, B and C in P"), pairs ("Takamatsu, Kagawa")
and regions that consist of or contain others."""
from __future__ import annotations

import re

from kg.document import Mention
from kg.nlp.relations.context import PLACES, Context

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


def containment(ctx: Context, sent, ms) -> None:
    """"A, B, and C in P": each of A, B and C is in P (a list restarts after
    "the Cities of", a semicolon, or the previous "in P"); "A, P" for a pair
    of places; "R, which consists of ... namely: A, B" puts A and B in R."""
    text = ctx.text
    places = [m for m in ms if ctx.kind(m) in PLACES]
    run: list[Mention] = []
    for m in places:
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
