"""What events, documents and initiatives are about."""
from __future__ import annotations

import re

from kg.nlp.relations.context import TOPICAL, Context

_ABOUT = re.compile(r"\b(?:theme|themes|focus(?:ed|es|ing)?|on|about|regarding|related\s+to|concerning|"
                    r"address(?:ing)?|promot(?:e|ing)|aim(?:s|ed)?|cover(?:s|ing)?|such\s+as|including|"
                    r"priorit(?:y|ies)|areas?|fields?|sectors?|topics?)\b", re.IGNORECASE)


def about(ctx: Context, sent, ms) -> None:
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
