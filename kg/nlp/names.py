"""The `kg_names` component: names the statistical model misses or cuts, found
by their shape. A capitalised run ending in a head word is a name of the kind
the head says ("... High Level Meeting" is an Event, "... Division" a body);
a capitalised run after a title or honorific is a person ("H.E. SOK Lou").

It runs after `ner` and merges its spans into `doc.ents`: the longer span wins,
and a gazetteer span (one with an entity id) wins a tie."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.nlp.doctext import doc_text
from kg.lexicon import (EVENT_HEADS, FURNITURE, HEADLINE_VERBS, HONORIFICS, ORG_OPENERS, PLACE_LIST_OPENERS,
                            PLACE_OPENERS, PLACE_PREFIXES, PLACE_SUFFIXES, TITLE_WORDS, alternation, head_kind)

_WORD = r"(?:[A-Z][\w’'.\-]*[\w.’]|[A-Z]|G\d{1,2}|\d{4}(?:-\d{2,4})?|\d{1,2}(?:st|nd|rd|th))"
_CONNECTOR = r"(?:of|the|and|for|on|in|to|&|de|del|la|da|with|between|at|,)"
NAME = re.compile(
    r"(?<![\w\-])(?:(?:\d{1,2}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|"
    r"Inaugural|\d{4})\s+)?"
    + _WORD + r"(?:[ \t]+(?:" + _CONNECTOR + r"[ \t]+){0,3}" + _WORD + r"|,[ \t]+" + _WORD
    + r"|[ \t]+\([A-Z][A-Za-z0-9\-]{1,12}\)(?=[ \t]+[A-Z0-9]))*"
)
# The complement of these words is part of a name ("Meeting on Smart City",
# "Ministry of Construction"); "in" and "at" begin a place, not the name.
_KEEP_COMPLEMENT = {"of", "on", "for", "between", "with"}
_CUT_COMPLEMENT = {"in", "at", "to"}
_LEADING = re.compile(r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
                      r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|the|A|An|This|That|"
                      r"These|Those|Its|Their|His|Her|Our|Under|At|In|On|By|From|With|For|And|Of|To|As|Both|Each|"
                      r"All|New|Speaking|Held|Hosted|During|After|Before|Since|Through|Via|Upon|at|in|on|by|from|"
                      r"with|for|and|of|to|under|during)\s+)+")
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
_EVENT_HEAD = re.compile(r"\b(?:" + alternation(EVENT_HEADS) + r")\b")

_PERSON_WORD = r"(?:[A-Z][a-z’'\-]+(?:-[A-Za-z]+)?|[A-Z]{2,}(?:-[A-Z]+)?|[A-Z]\.)"
_PERSON_NAME = _PERSON_WORD + r"(?:[ \t]+(?:bin[ \t]+|binti[ \t]+|van[ \t]+|de[ \t]+)?" + _PERSON_WORD + r"){0,3}"
TITLED_PERSON = re.compile(
    r"(?<![\w\-])(?:" + alternation(HONORIFICS + TITLE_WORDS) + r")(?:[ \t]+(?:" + alternation(HONORIFICS + TITLE_WORDS)
    + r"))*[ \t]+(?P<name>" + _PERSON_NAME + r")"
)
# "SAKAMOTO Takema", "Buddhipongse PUNNAKANTA", "SOK Lou": a family name in
# capitals beside a given name is a person's name as Japanese, Thai and Khmer
# releases write it.
CAPS_PERSON = [re.compile(r"(?<![\w\-])[A-Z]{2,}[ \t]+[A-Z][a-z]+(?:-[a-z]+)?(?![\w\-])"),
               re.compile(r"(?<![\w\-])[A-Z][a-z]+(?:-[a-z]+)?[ \t]+[A-Z]{3,}(?![\w\-])")]
# "Minister of Construction Pham Hong Ha": a title, its portfolio (one word, or
# words joined by commas and "and"), then the name.
TITLED_WITH_PORTFOLIO = re.compile(
    r"(?<![\w\-])(?:" + alternation(TITLE_WORDS) + r")[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?[A-Z][\w\-]*"
    r"(?:(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]+&[ \t]+)[A-Z][\w\-]*)*[ \t]+"
    r"(?P<name>" + _PERSON_WORD + r"(?:[ \t]+" + _PERSON_WORD + r"){1,3})")
_SPANISH_PLACE = re.compile(r"(?<![\w\-])[A-Z][a-z]+[ \t]+(?:del|de|de la|de los)[ \t]+[A-Z][a-z]+(?![\w\-])")
_PLACE_LIST = re.compile(r"\b(?:" + alternation(PLACE_LIST_OPENERS) + r")[ \t]+of[ \t]+")
_LIST_ITEM = re.compile(r"(?:Sta\.|Sto\.|St\.|[A-Z][\w\-’']*)(?:[ \t]+(?:Sta\.|Sto\.|[A-Z][\w\-’']*))*")
_TITLE_WORD_SET = {w for t in TITLE_WORDS + HONORIFICS for w in t.split()}
_NOT_NAME_WORDS = {"The", "A", "An", "And", "Of", "For", "In", "On", "At", "To", "ASEAN", "Japan", "Minister",
                   "Ministry", "General", "Secretary", "Department", "Said", "Says", "Also", "Was", "Is"}


@Language.factory("kg_names", assigns=["doc.ents"], requires=["doc.ents"],
                  default_config={"known_words": []})
def make_names(nlp: Language, name: str, known_words: list[str]) -> "NameFinder":
    return NameFinder(set(known_words))


class NameFinder:
    def __init__(self, known_words: set[str]):
        self.known_words = known_words  # surface forms of known non-person entities

    def initialize(self, get_examples=None, *, nlp=None, known_words: list[str] | None = None) -> None:
        if known_words is not None:
            self.known_words = set(known_words)

    def __call__(self, doc: Doc) -> Doc:
        found = list(self._shaped_names(doc)) + list(self._titled_people(doc)) + list(self._caps_people(doc))
        found += list(self._quoted_names(doc))
        found += list(self._places(doc))
        set_ents(doc, merge(doc, [c for e in doc.ents for c in clean_span(e)], found))
        return doc

    def _quoted_names(self, doc: Doc):
        """A title in quotes: the Project “Vietnam Smart Urban Development for
        ...”, “Accelerating the Implementation of ... – Phase II” (ASUS
        Project – Phase II). Its kind comes from its own head word, from the
        word before the quotes, or from the short form in brackets after it."""
        text = doc_text(doc)
        for m in _QUOTED.finditer(text):
            name = m.group("name").strip()
            before = re.search(r"(\w+)\s*$", text[max(0, m.start() - 20):m.start()])
            after = re.match(r"\s*\(([^)]{2,60})\)", text[m.end():])
            kind = (head_kind(before.group(1)) if before and before.group(1)[:1].isupper() else None) or (
                name_kind(after.group(1)) if after else None) or (
                name_kind(name) if len(name.split()) > 1 else None)
            words = [w for w in re.findall(r"[A-Za-z][\w\-]*", name) if w.lower() not in _CONNECTOR_WORDS]
            capitalised = sum(w[0].isupper() for w in words)
            if kind is None or len(words) < 2 or capitalised * 2 < len(words) and not (
                    before and head_kind(before.group(1))):
                continue
            start = m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip()))
            span = doc.char_span(start, start + len(name), label=kind, alignment_mode="contract")
            if span is not None and len(span):
                yield span
                self._nested(doc, span)

    def _caps_people(self, doc: Doc):
        for m in (m for pattern in CAPS_PERSON for m in pattern.finditer(doc_text(doc))):
            words = m.group().split()
            if any(w in self.known_words or w in _TITLE_WORD_SET or w in _NOT_NAME_WORDS for w in words):
                continue
            span = doc.char_span(m.start(), m.end(), label="PERSON", alignment_mode="contract")
            if span is not None and len(span) == 2:
                yield span

    def _places(self, doc: Doc):
        """Places the model misreads: "Davao del Norte", a known place with a
        regional prefix or suffix ("Metro Davao", "Davao Oriental"), and the
        items of a place list ("the Municipalities of Sta. Cruz, Hagonoy, ...",
        "Carmen in Davao del Norte")."""
        text = doc_text(doc)
        for m in _SPANISH_PLACE.finditer(text):
            yield from _span(doc, m.start(), m.end(), "Place")
        for ent in doc.ents:
            if ent.label_ != "Place" or not ent.ent_id_:
                continue
            start, end = ent.start, ent.end
            if start > 0 and doc[start - 1].text in PLACE_PREFIXES:
                start -= 1
            if end < len(doc) and doc[end].text in PLACE_SUFFIXES - {"Province", "Prefecture", "Region"}:
                end += 1
            if (start, end) != (ent.start, ent.end):
                yield Span(doc, start, end, label="Place")
        for opener in _PLACE_LIST.finditer(text):
            stop = re.compile(r"(?<!\bSta)(?<!\bSto)(?<!\bSt)[;:.](?=\s|$)|\n").search(text, opener.end())
            limit = stop.start() if stop else len(text)
            pos = opener.end()
            while pos < limit:
                item = _LIST_ITEM.match(text, pos)
                if not item:
                    break
                yield from _span(doc, item.start(), item.end(), "Place")
                sep = re.compile(r",?[ \t]+and[ \t]+(?:the[ \t]+)?|,[ \t]*").match(text, item.end())
                if not sep:
                    break
                pos = sep.end()
        # "..., Carmen in Davao del Norte, Maco in Davao de Oro, and Malita and Sta. Maria in ..."
        for m in re.finditer(r"(?:,|\band)[ \t]+(?:and[ \t]+)?(" + _LIST_ITEM.pattern + r")(?:[ \t]+and[ \t]+("
                             + _LIST_ITEM.pattern + r"))?[ \t]+in[ \t]+(?:the[ \t]+)?"
                             r"(?:[A-Z][a-z]+[ \t]+(?:del|de)[ \t]+[A-Z][a-z]+|[A-Z][a-z]+[ \t]+(?:Oriental|Occidental|"
                             r"Province|Prefecture))", text):
            yield from _span(doc, m.start(1), m.end(1), "Place")
            if m.group(2):
                yield from _span(doc, m.start(2), m.end(2), "Place")

    def _shaped_names(self, doc: Doc):
        text = doc_text(doc)
        for m in NAME.finditer(text):
            for start, end in split_name(text, m.start(), m.end()):
                start, end = self._trim(text, start, end)
                name = text[start:end]
                kind = name_kind(name)
                if kind is None or " " not in name.strip() and kind != "Place":
                    continue
                if _PLURAL_LIST.match(name) or text[end:end + 1] == ":" and len(name.split()) <= 2:
                    continue  # "Cities of Panabo, Tagum": a list; "Implementing Agency:" a field label
                span = doc.char_span(start, end, label=kind, alignment_mode="contract")
                if span is not None and len(span):
                    for kept in _cut_at_verbs(span, kind):
                        yield kept
                        self._nested(doc, kept)

    def _nested(self, doc: Doc, span: Span) -> None:
        """A name inside a name ("Lead Implementing Body for the Master Plan on
        ASEAN Connectivity 2025 ..."): kept aside as a nested mention."""
        text = span.text
        for m in re.finditer(r"\b(?:for|of)\s+the\s+", text):
            inner_start = span.start_char + m.end()
            rest = text[m.end():]
            inner = NAME.match(rest)
            if not inner or inner.end() < 2:
                continue
            for s, e in split_name(rest, 0, inner.end()):
                kind = name_kind(rest[s:e])
                if kind in ("Document", "Initiative", "Event", "Organization") and " " in rest[s:e]:
                    nested = doc.char_span(inner_start + s, inner_start + e, label=kind, alignment_mode="contract")
                    if nested is not None and (nested.start, nested.end) != (span.start, span.end):
                        doc.spans.setdefault(NESTED_KEY, [])
                        doc.spans[NESTED_KEY] = list(doc.spans[NESTED_KEY]) + [nested]
                break

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """"Promotion of the ASEAN Smart City Network" names the network;
        "Ministry of Digital Economy and Society of Thailand" ends before the
        country; "Japan's Ministry of ..." starts after the possessive."""
        name = text[start:end]
        possessive = re.match(r"^[^’']*?[’']s\s+", name)
        if possessive and len(name.split()) > 2:
            start += possessive.end()
            name = name[possessive.end():]
        while name and name[-1] in "’'" and not name.endswith("s’") and not name.endswith("s'"):
            end -= 1
            name = name[:-1]
        if name.endswith(".") and not re.search(r"\b(?:Co|Ltd|Inc|Corp|Jr|Sr|St|Sta|Sto|Bros|No)\.$", name):
            end -= 1
            name = name[:-1]
        m = re.match(r"^([A-Z][\w\-]*(?:\s+(?:the\s+)?[A-Z][\w\-]*)?)\s+of\s+(?:the\s+)?", name)
        if m and head_kind(m.group(1)) is None and not any(name.startswith(o) for o in ORG_OPENERS + PLACE_OPENERS):
            rest = name[m.end():]
            if head_kind(rest) is not None and " " in rest:
                start += m.end()
                name = rest
        c = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w\- ]+)$", name)
        if c and c.group(1) in self.known_words and head_kind(name[:c.start()]) is not None:
            end = start + c.start()
        return start, end

    def _titled_people(self, doc: Doc):
        matches = list(TITLED_PERSON.finditer(doc_text(doc))) + list(TITLED_WITH_PORTFOLIO.finditer(doc_text(doc)))
        for m in matches:
            start, end = m.span("name")
            words = m.group("name").split()
            # Stop at a word that is a known body, country or title ("Minister Kim of MOLIT").
            kept = []
            for w in words:
                if (w in _NOT_NAME_WORDS or w.rstrip(".,") in self.known_words or w in HEADLINE_VERBS
                        or w in _TITLE_WORD_SET and not kept):
                    break
                kept.append(w)
            if not kept or any(w in _TITLE_WORD_SET or head_kind(w) for w in kept):
                continue
            # The name's words are separated by single spaces or tabs; find
            # where the last kept word ends in the text itself.
            end = start
            for w in kept:
                end = doc_text(doc).index(w, end) + len(w)
            span = doc.char_span(start, end, label="PERSON", alignment_mode="contract")
            if span is not None and len(span):
                yield span


_LEADING_WORDS = {"the", "a", "an", "“", "‘", '"', "'", "under", "in", "at", "on", "by", "for", "with", "from",
                  "through", "via", "during", "to"}
_FURNITURE_WORDS = {w.casefold() for f in FURNITURE for w in f.split()}
_VERB_TAGS = {"VBZ", "VBD", "VBP", "VBN"}


def set_ents(doc: Doc, spans: list[Span]) -> None:
    """Set doc.ents so each span keeps exactly its own entity id: the ids live
    on the tokens, and a new span over a linked span's tokens would inherit it."""
    kept = [(s.start, s.end, s.label_, s.id_) for s in spans]
    for token in doc:
        token.ent_id_ = ""
    doc.ents = [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in kept]


def _span(doc: Doc, start: int, end: int, label: str):
    span = doc.char_span(start, end, label=label, alignment_mode="contract")
    if span is not None and len(span):
        yield span


def clean_span(span: Span) -> list[Span]:
    """A model span cut at line breaks (page furniture runs into names across
    lines), without a leading "the", and dropped when it is furniture."""
    doc = span.doc
    out = []
    pieces: list[list[int]] = [[]]
    for token in span:
        if "\n" in token.text or token.is_space:
            pieces.append([])
        else:
            pieces[-1].append(token.i)
    for piece in pieces:
        while piece and doc[piece[0]].lower_ in _LEADING_WORDS:
            piece = piece[1:]
        while piece and (doc[piece[-1]].text in HEADLINE_VERBS or doc[piece[-1]].lower_ in ("of", "the", "and")):
            piece = piece[:-1]
        while piece and doc[piece[-1]].is_punct and doc[piece[-1]].text not in (".", ")"):
            piece = piece[:-1]
        if not piece:
            continue
        last = doc[piece[-1]]
        line_start = piece[0] == 0 or "\n" in doc[piece[0] - 1].text_with_ws
        if line_start and last.i + 1 < len(doc) and doc[last.i + 1].text == ":" and len(piece) <= 3:
            continue  # "Implementing Agency:" is a field label
        words = {doc[i].lower_ for i in piece if not doc[i].is_punct}
        if span.label_ in ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP") and \
                not span.id_ and _mostly_lower([doc[i] for i in piece]):
            continue  # "Smart urban management and smart urban utilities": a phrase, not a name
        if words and (words <= _FURNITURE_WORDS or words & {"upload", "date", "source"}):
            if span.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
                continue
        out.append(Span(doc, piece[0], piece[-1] + 1, label=span.label_, span_id=span.id_))
    return out


def _mostly_lower(tokens) -> bool:
    words = [t for t in tokens if t.is_alpha and t.lower_ not in _CONNECTOR_WORDS | {"a", "an"}]
    lower = [t for t in words[1:] if t.is_lower]
    return len(words) > 1 and bool(lower) and len(lower) * 2 >= len(words) - 1


def _phrase_like(span: Span) -> bool:
    return any(t.is_lower and t.is_alpha and t.lower_ not in _CONNECTOR_WORDS for t in span)


_CONNECTOR_WORDS = {"of", "the", "and", "for", "on", "in", "to", "de", "del", "la", "da", "with", "between", "at"}


def split_name(text: str, start: int, end: int):
    """Cut a capitalised run into names: drop leading function words, end the
    name before "in"/"at" complements, and split lists ("X Forum and the Y
    Report", "Trade Promotion Division, Trade and Economic Cooperation Bureau")
    where both sides are whole names."""
    chunk = text[start:end]
    lead = _LEADING.match(chunk)
    if lead:
        start += lead.end()
        chunk = chunk[lead.end():]
    pieces = re.split(r"(,[ \t]+(?!Ltd|Inc|Limited|Co\b)(?:and[ \t]+|the[ \t]+)*|[ \t]+and[ \t]+(?:the[ \t]+)?|[ \t]+with[ \t]+(?:the[ \t]+)?|[ \t]+(?:in|at|to)[ \t]+"
                      r"|[ \t]+on[ \t]+(?=" + _MONTHS + r"|\d)"
                      r"|(?<=\d{4})[ \t]+(?=[A-Z][a-z])"
                      r"|(?<!\bCo)(?<!\bLtd)(?<!\bInc)(?<!\bCorp)(?<!\bSt)(?<!\bSta)(?<!\bSto)(?<!\bNo)(?<![A-Z])\.[ \t]+)",
                      chunk)
    # Re-join pieces greedily: a separator splits only when the left side is a
    # whole name (ends in a head word) or the right side opens a new name.
    out = []
    cur_start, cur = start, pieces[0]
    pos = start + len(pieces[0])
    for i in range(1, len(pieces), 2):
        sep, right = pieces[i], pieces[i + 1]
        cut = sep.strip() in _CUT_COMPLEMENT | {"on", "."} or not sep.strip() and name_kind(cur) in (
            "Document", "Event", "Initiative")
        if sep.strip().startswith(","):
            splits = cut or head_kind(cur) is not None or _opens_name(right)
        else:  # "and": only between two whole names ("X Forum and the Y Report")
            splits = cut or _whole_name(cur) and _opens_name(right)
        if splits:
            out.append((cur_start, cur_start + len(cur)))
            cur_start, cur = pos + len(sep), right
        else:
            cur = cur + sep + right
        pos += len(sep) + len(right)
    out.append((cur_start, cur_start + len(cur)))
    trimmed = []
    for s, e in out:
        lead = _LEADING.match(text[s:e])
        trimmed.append((s + lead.end(), e) if lead else (s, e))
    return [(s, e) for s, e in trimmed if e > s]


NESTED_KEY = "kg_nested"
_QUOTED = re.compile(r"[“\"](?P<name>[A-Z][^”\"\n]{5,160}?)[”\"]")
_PLURAL_LIST = re.compile(r"^(?:Cities|Municipalities|Towns|Provinces|Districts|Regencies|Villages|Barangays)\s+of\s")


def _cut_at_verbs(span: Span, kind: str):
    """Headlines capitalise every word: "Vice-Minister Yoshida Attends the 5th
    ... Meeting" is a clause, not a name. Keep what follows the last verb."""
    verbs = [t.i for t in span if (t.tag_ in _VERB_TAGS or t.text in HEADLINE_VERBS) and t.i > span.start]
    if not verbs:
        yield span
        return
    rest = span.doc[verbs[-1] + 1:span.end]
    while len(rest) and rest[0].lower_ in ("the", "a", "an"):
        rest = rest[1:]
    if len(rest) > 1 and name_kind(rest.text) == kind:
        yield Span(span.doc, rest.start, rest.end, label=kind)


def _whole_name(text: str) -> bool:
    """A name complete in itself: it ends in a head word, or it is a body's
    "X of Y" name ("Ministry of Foreign Affairs")."""
    return name_kind(text) is not None or len(text.split()) >= 3 and any(
        text.startswith(o + " of ") for o in ORG_OPENERS)


def _opens_name(text: str) -> bool:
    return name_kind(text) is not None and len(text.split()) > 1 or any(
        text.startswith(o + " of") for o in ORG_OPENERS)


_TAIL = re.compile(r"(?:\s*\([^)]*\))|(?:\s*[–-]\s*Phase\s+\w+)|(?:\s+Phase\s+(?:[IVX]+|\d+))|(?:\s+[IVX]+$)"
                   r"|(?:\s+\d{4}(?:\s*[-–]\s*\d{2,4})?$)")


def name_kind(name: str) -> str | None:
    """The kind of a name, read from its head word. The head is the word before
    a kept complement ("Meeting on Smart City" is an Event, not a City);
    brackets and a phase number are not the head ("... Project – Phase II")."""
    name = _TAIL.sub("", name).strip()
    words = name.split()
    for i, w in enumerate(words):
        if w in _KEEP_COMPLEMENT and i > 0:
            kind = head_kind(" ".join(words[:i]))
            if kind is not None:
                return kind
            break
    if words and words[0] + " of" in " ".join(words[:2]) and any(name.startswith(p) for p in PLACE_OPENERS):
        return "Place"
    if any(name.startswith(o + " of") for o in ORG_OPENERS):
        return "Organization"
    return head_kind(name)


def _lists_known(doc: Doc, span: Span, linked: list[Span]) -> bool:
    """Does `span` hold a list of known names ("Hanoi, Da Nang and Ho Chi Minh City")?"""
    inside = [k for k in linked if span.start <= k.start and k.end <= span.end]
    return any(re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", doc_text(doc)[a.end_char:b.start_char])
               for a, b in zip(inside, inside[1:]))


def merge(doc: Doc, existing: list[Span], found: list[Span]) -> list[Span]:
    """Longest span wins; on a tie a span with an entity id (from the gazetteer)
    wins, then an existing one. Shape-found spans carry their kind as label."""
    # A model span holding two shape-found names is a list run together
    # ("Trade Promotion Division, Trade and Economic Cooperation Bureau").
    existing = [e for e in existing if e.ent_id_ or sum(
        1 for f in found if e.start <= f.start and f.end <= e.end) < 2]
    # Nor does a span that runs two known names together ("Hanoi, Da Nang and
    # Ho Chi Minh City").
    linked = [e for e in existing if e.ent_id_]
    existing = [e for e in existing if e.ent_id_ or not _lists_known(doc, e, linked)]
    found = [f for f in found if not _lists_known(doc, f, linked)]
    # A model span with lower-case words in it is a phrase, not a name
    # ("Indo-Pacific under the Japan-U.S. ... Partnership"); a name found
    # inside it, or a place from a list that overlaps it, is better.
    existing = [e for e in existing if e.ent_id_ or not any(
        f.start < e.end and e.start < f.end and (f.label_ == "Place" or _phrase_like(e))
        and (f.end - f.start) <= (e.end - e.start) for f in found)]
    ranked = sorted(enumerate(existing + found),
                    key=lambda p: (-(p[1].end - p[1].start), 0 if p[1].ent_id_ else 1, p[0]))
    taken: set[int] = set()
    kept = []
    for _, span in ranked:
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(span)
    return sorted(kept, key=lambda s: s.start)
