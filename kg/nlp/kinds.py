"""From spaCy's entity labels to kg's eight kinds. The model's ORG, GPE and
PRODUCT are coarse: a name's head word says more ("... Summit" is an Event
whatever the model called it), and a place that the pack knows as a country
is a Country."""
from __future__ import annotations

import re

from spacy.tokens import Span

from kg.document import KINDS
from kg.domain import DomainPack, norm
from kg.lexicon import HONORIFICS, TITLE_WORDS, alternation
from kg.nlp.names import name_kind

SPACY_KINDS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
               "EVENT": "Event", "LAW": "Document", "WORK_OF_ART": "Document", "PRODUCT": None}
_LEADING_TITLE = re.compile(r"^(?:(?:" + alternation(HONORIFICS + TITLE_WORDS) + r")\s+)+")
_GENERIC = {"smart cities", "smart city", "state", "states", "government", "governments", "ministry", "meeting", "conference", "summit", "forum", "project", "program",
            "programme", "agreement", "plan", "city", "province", "network", "initiative", "the conference",
            "secretariat", "council", "committee", "agency", "department", "division", "bureau",
            "ministerial meeting", "workshop", "ceremony", "partnership", "platform", "report", "framework"}


_GENERIC_TAIL = re.compile(r"\b(?:Member States|member states|Member Countries|countries|Governments?)$|"
                           r"^(?:COVID|Covid|covid)")
_TITLE_WORDS = {w for title in TITLE_WORDS for w in title.split()} | {"National", "Regional", "Local", "Chief",
                                                                    "Senior", "Smart", "City", "Officer"}
_GOVERNMENT_OF = re.compile(r"^(?:the\s+)?Governments?\s+of\s+(?:the\s+)?([A-Z][\w\- ]*?)(?:\s+and\s+.*)?$")
# "Indo-Pacific", "Asia-Pacific", "the Mekong region": regions the model calls organisations.
_REGION = re.compile(r"^(?:Indo|Asia|Trans|Southeast|South|East|North|Greater)?-?\s*(?:Pacific|Asia|Mekong|Indochina)"
                     r"(?:\s+[Rr]egion)?$")


_PORTFOLIO = re.compile(r"^.*?\bof\s+(?:the\s+)?[A-Z][\w\-]*(?:(?:,\s+|\s+and\s+|\s+&\s+)[A-Z][\w\-]*)*\s+"
                        r"(?=[A-Z][\w\-’']*(?:\s+[A-Z][\w\-’']*)+$)")


def _after_portfolio(text: str) -> str:
    """"Minister of Construction Pham Hong Ha" -> "Pham Hong Ha": the model
    sometimes takes a title with its portfolio into a person's name."""
    return _PORTFOLIO.sub("", text) if " of " in text else text


def span_kind(span: Span, pack: DomainPack) -> tuple[str | None, str]:
    """(kind or None to drop, name text) for an entity span."""
    label = span.label_
    text = span.text
    government = _GOVERNMENT_OF.match(text)
    if government:
        known = pack.by_name.get(norm(government.group(1)))
        if known is not None and known.kind == "Country":
            return "Country", government.group(1)  # "the Government of Japan" is Japan
    if label in KINDS:  # set by the gazetteer or the shape finder
        return label, text
    kind = SPACY_KINDS.get(label)
    if label == "PERSON":
        name = _LEADING_TITLE.sub("", _after_portfolio(text)).strip()
        if not name or not any(ch.isupper() for ch in name):
            return None, text
        return "Person", name
    if kind is None and label != "PRODUCT":
        return None, text
    if label == "ORG" and _REGION.search(text) and len(span) <= 4:
        return "Place", text
    if norm(text) in _GENERIC or text.islower() or _GENERIC_TAIL.search(text):
        return None, text
    if label in ("ORG", "PERSON", "NORP") and all(w in _TITLE_WORDS for w in text.split()):
        return None, text  # "National Representative": a role, not a body
    if len(span) == 1 and span[0].tag_ in ("VBG", "VBD", "VBN", "VB"):
        return None, text
    headed = name_kind(text)
    if headed is not None:
        kind = headed
    elif label == "PRODUCT" or len(text) < 2:
        return None, text
    if kind == "Place":
        known = pack.by_name.get(norm(text))
        if known is not None and known.kind == "Country":
            kind = "Country"
    return kind, text
