"""Candidate spans: every stretch of a parsed Doc that could be a name, a
theme or a job title. Recall matters here, not precision: the trained span
classifier (kg.nlp.entities) decides which candidates are mentions and of
what kind.

Sources, each recorded on the candidate (the classifier reads them as features):
- `ner`: the statistical model's entities;
- `chunk`: noun chunks without their determiner, and their tails
  ("sustainable urban development" -> "urban development");
- `caps`: runs of capitalised words, with the small words names hold inside
  ("Ministry of Economy, Trade and Industry"), and every sub-run that starts
  and ends on a capitalised word;
- `gaz`: surface forms of the domain pack (known entities and theme labels);
- `quote`: a phrase in quotation marks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.lexicon import NAME_CONNECTORS
from kg.nlp.tokens import token_table

# Past this many tokens a stretch is a clause, not a name.
MAX_TOKENS = 14
_DETERMINERS = {"DT", "PRP$", "WDT", "WP$", "POS"}


@dataclass
class SpanCandidate:
    start: int  # token offsets into the Doc
    end: int
    sources: set[str] = field(default_factory=set)
    ner: str = ""  # the model's label for exactly this span
    gazetteer: list[tuple[str, str]] = field(default_factory=list)  # (kind, pack key) of known forms


def _capitalised(token) -> bool:
    text = token.text
    return bool(text[:1].isupper()) or (text[:1].isdigit() and token.tag_ in ("CD", "JJ", "NNP"))


def _breaks(token) -> bool:
    """A token no name runs across: a line break, a sentence start inside the span."""
    return "\n" in token.text_with_ws or token.is_space


def _line_end(doc: Doc, i: int) -> int:
    """The first token index after `i` that starts a new line or sentence."""
    j = i
    while j < len(doc) and not (j > i and doc[j].is_sent_start) and not doc[j].is_space:
        if "\n" in doc[j].text_with_ws:
            return j + 1
        j += 1
    return j


def caps_runs(doc: Doc):
    """(start, end) of each maximal run of capitalised tokens joined by connectors."""
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised(doc[i]) or doc[i].is_punct:
            i += 1
            continue
        j, last_cap = i + 1, i + 1
        limit = _line_end(doc, i)
        while j < limit:
            t = doc[j]
            if _capitalised(t) and not t.is_punct:
                last_cap = j + 1
            elif t.lower_ in NAME_CONNECTORS or t.text in ("-", "–", "&", "'s", "’s", ".") or (
                    t.text == "," and j + 1 < limit and _capitalised(doc[j + 1])):
                pass
            else:
                break
            if _breaks(doc[j - 1]):
                break
            j += 1
        yield i, last_cap
        i = max(last_cap, i + 1)


def span_candidates(doc: Doc, gazetteer=None) -> list[SpanCandidate]:
    found: dict[tuple[int, int], SpanCandidate] = {}
    # Token attributes read once (a spaCy Token is a new object on each access).
    table = token_table(doc)
    tags, texts, punct, space = table.tag, table.text, table.is_punct, table.is_space
    connector = [low in NAME_CONNECTORS for low in table.lower]
    breaks = [0]
    for newline, is_space in zip(table.newline_after, space):  # breaks[k]: tokens no name runs across, of the first k
        breaks.append(breaks[-1] + (newline or is_space))

    def add(start: int, end: int, source: str) -> SpanCandidate | None:
        while start < end and (tags[start] in _DETERMINERS or punct[start] and texts[start] != "(" or space[start]):
            start += 1
        while end > start and (punct[end - 1] and texts[end - 1] not in (")", ".") or space[end - 1]
                               or tags[end - 1] == "POS" or connector[end - 1]):
            end -= 1
        if end <= start or end - start > MAX_TOKENS:
            return None
        if breaks[end - 1] - breaks[start]:
            return None
        c = found.get((start, end))
        if c is None:
            c = found[(start, end)] = SpanCandidate(start, end)
        c.sources.add(source)
        return c

    for ent in doc.ents:
        c = add(ent.start, ent.end, "ner")
        if c is not None:
            c.ner = ent.label_
    for chunk_start, chunk_end in noun_phrases(doc):
        start = chunk_start
        while start < chunk_end and tags[start] in _DETERMINERS:
            start += 1
        for s in range(start, chunk_end):
            if punct[s]:
                continue
            add(s, chunk_end, "chunk" if s == start else "chunk-tail")
    for start, end in caps_runs(doc):
        caps = [k for k in range(start, end) if _capitalised(doc[k]) and not punct[k]]
        for a in caps:
            for b in caps:
                if b >= a and b + 1 - a <= MAX_TOKENS:
                    add(a, b + 1, "caps" if (a, b + 1) == (start, end) else "caps-part")
    if gazetteer is not None:
        for start, end, kind, key in gazetteer.matches(doc):
            c = add(start, end, "gaz")
            if c is not None:
                c.gazetteer.append((kind, key))
    for start, end in _quoted(doc):
        add(start, end, "quote")
    return sorted(found.values(), key=lambda c: (c.start, c.end))


_NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}
_NP_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "ROOT", "dative", "appos", "obj", "obl", "npadvmod",
            "conj", "compound", "nmod", "dep", "oprd"}


def noun_phrases(doc: Doc):
    """(start, end) of base noun phrases, read from the tagger's fine tags and
    the parse (spaCy's own `noun_chunks` needs coarse parts of speech, which
    kg's pipeline does not compute): a noun and the modifiers to its left."""
    last_end = -1
    for token in doc:
        if token.tag_ not in _NOUN_TAGS or token.dep_ not in _NP_DEPS:
            continue
        if token.dep_ == "compound" and token.head.i > token.i and token.head.tag_ in _NOUN_TAGS:
            continue  # part of the phrase its head closes
        start = token.left_edge.i
        # A phrase does not run across a clause boundary its left edge reached.
        while start < token.i and (doc[start].is_punct and doc[start].text not in ("(",) or doc[start].tag_ in
                                   ("IN", "CC", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "TO", "MD", "RB")):
            start += 1
        for k in range(token.i - 1, start - 1, -1):
            if doc[k].tag_ in ("IN", "CC", "VBD", "VBZ", "VBP", "MD", "TO", "WDT", ",", ":") or doc[k].text in (",", ";", ":"):
                start = k + 1
                break
        if start <= last_end - 1 < token.i:
            start = last_end
        yield start, token.i + 1
        last_end = token.i + 1


_OPEN_QUOTES, _CLOSE_QUOTES = {"“", '"', "‘"}, {"”", '"', "’"}


def _quoted(doc: Doc):
    for i, t in enumerate(doc):
        if t.text in _OPEN_QUOTES:
            for j in range(i + 2, min(len(doc), i + MAX_TOKENS + 2)):
                if doc[j].text in _CLOSE_QUOTES:
                    yield i + 1, j
                    break
                if _breaks(doc[j]):
                    break
