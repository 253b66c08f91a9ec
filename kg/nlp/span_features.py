"""Features of a candidate span, as named binary strings for the linear span
classifier. They describe English prose in general: the span's words and
their shape, its head word and what governs it in the parse, the statistical
model's label, the domain pack, and the words around it. None names a text."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.lexicon import HONORIFICS, NAME_CONNECTORS, THEME_CUES, TITLE_WORDS, head_kind
from kg.nlp.candidates import SpanCandidate

_TITLE_TOKENS = {w.casefold() for t in TITLE_WORDS for w in t.replace("-", " - ").split()} - {"-"}
_HONORIFIC_TOKENS = {h.casefold().rstrip(".") for h in HONORIFICS if " " not in h}


def token_shape(token) -> str:
    t = token.text
    if token.lower_ in NAME_CONNECTORS:
        return "c"
    if t.isdigit():
        return "d"
    if token.is_punct:
        return "p"
    if t.isupper() and len(t) > 1:
        return "U"
    if t[:1].isupper():
        return "T"
    if t[:1].isdigit():
        return "d"
    return "l"


def span_shape(doc: Doc, start: int, end: int) -> str:
    out: list[str] = []
    for token in doc[start:end]:
        s = token_shape(token)
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)[:8]


def syntactic_root(doc: Doc, start: int, end: int):
    """The token of the span whose head lies outside it."""
    for token in doc[start:end]:
        if not (start <= token.head.i < end) or token.head.i == token.i:
            return token
    return doc[end - 1]


def governor(root):
    """What governs a span in the sentence: for a list item, what governs the
    list's first item ("focus on A, B and C": C is governed as A is)."""
    seen = 0
    while root.dep_ == "conj" and root.head.i != root.i and seen < 10:
        root = root.head
        seen += 1
    return root


class DocIndex:
    """Per-document facts the features read more than once."""

    def __init__(self, doc: Doc, candidates: list[SpanCandidate]):
        self.doc = doc
        self.ents = [(e.start, e.end, e.label_) for e in doc.ents]
        self.known = [(s, e, c.gazetteer[0][0]) for c in candidates if c.gazetteer for s, e in [(c.start, c.end)]]
        counts: dict[str, int] = {}
        for c in candidates:
            key = doc[c.start:c.end].text.casefold()
            counts[key] = counts.get(key, 0) + 1
        self.counts = counts
        self.line_start = set()
        for t in doc:
            if t.i == 0 or "\n" in doc[t.i - 1].text_with_ws or doc[t.i - 1].is_space:
                self.line_start.add(t.i)


def span_features(index: DocIndex, c: SpanCandidate) -> list[str]:
    doc = index.doc
    start, end = c.start, c.end
    span = doc[start:end]
    words = [t.lower_ for t in span]
    f = [f"src:{s}" for s in sorted(c.sources)]
    n = end - start
    f.append(f"len:{min(n, 8)}")
    shape = span_shape(doc, start, end)
    f.append(f"shape:{shape}")
    # The statistical model's view.
    if c.ner:
        f.append(f"ner:{c.ner}")
    else:
        f.append("ner:-")
        for s, e, label in index.ents:
            if s <= start and end <= e:
                f.append(f"ner_over:{label}")
            elif start <= s and e <= end:
                f.append(f"ner_in:{label}")
            elif s < end and start < e:
                f.append(f"ner_cross:{label}")
    # The domain pack's view.
    for kind, _ in c.gazetteer[:1]:
        f.append(f"gaz:{kind}")
        f.append(f"gaz:{kind}|shape:{shape[:3]}")
    if not c.gazetteer:
        for s, e, kind in index.known:
            if start <= s and e <= end and (s, e) != (start, end):
                f.append(f"gaz_in:{kind}")
            elif s <= start and end <= e and (s, e) != (start, end):
                f.append(f"gaz_over:{kind}")
    # Words and head.
    last, first = span[-1], span[0]
    f += [f"last:{last.lower_}", f"last_tag:{last.tag_}", f"first:{first.lower_}", f"first_tag:{first.tag_}"]
    f.append(f"suffix:{last.lower_[-3:]}")
    f += [f"w:{w}" for w in set(words) if len(w) > 1]
    head = head_kind(span.text)
    f.append(f"head_kind:{head or '-'}")
    of = next((i for i, w in enumerate(words) if w in ("of", "on", "for") and i > 0), None)
    if of is not None:
        f.append(f"pre_of:{words[of - 1]}")
        f.append(f"pre_of_kind:{head_kind(span[:of].text) or '-'}")
    if c.ner:
        f.append(f"ner:{c.ner}|head_kind:{head or '-'}")
        f.append(f"ner:{c.ner}|shape:{shape[:3]}")
    if any(w in _TITLE_TOKENS for w in words):
        f.append("has_title_word")
    if words[0] in _HONORIFIC_TOKENS or words[0].rstrip(".") in _HONORIFIC_TOKENS:
        f.append("starts_honorific")
    if span.text.islower():
        f.append("lower")
    if any(ch.isdigit() for ch in span.text):
        f.append("digit")
    for w in ("of", "and", ",", "&", "-"):
        if w in words[1:-1]:
            f.append(f"has:{w}")
    if n == 1 and span.text.isupper() and 2 <= len(span.text) <= 8:
        f.append("acronym")
    # Context.
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    f.append(f"prev:{prev.lower_ if prev is not None else '^'}")
    f.append(f"next:{nxt.lower_ if nxt is not None else '$'}")
    if prev is not None:
        f.append(f"prev_tag:{prev.tag_}")
        if prev.lower_ in _TITLE_TOKENS:
            f.append("prev_title")
        if prev.lower_.rstrip(".") in _HONORIFIC_TOKENS:
            f.append("prev_honorific")
        if start > 1:
            f.append(f"prev2:{doc[start - 2].lower_}_{prev.lower_}")
    if nxt is not None:
        f.append(f"next_tag:{nxt.tag_}")
        if nxt.text == "(" and end + 2 < len(doc) and doc[end + 2].text == ")" and doc[end + 1].text.isupper():
            f.append("acronym_after")
        if end + 1 < len(doc):
            f.append(f"next2:{nxt.lower_}_{doc[end + 1].lower_}")
    # Boundaries: a name rarely stops just before, or starts just after, a
    # capitalised word of the same run.
    left = token_shape(prev) if prev is not None and not prev.is_space else "^"
    right = token_shape(nxt) if nxt is not None and not nxt.is_space else "$"
    f.append(f"left:{left}")
    f.append(f"right:{right}")
    f.append(f"bounds:{left}{right}")
    for src in c.sources:
        f.append(f"src:{src}|bounds:{left}{right}")
    if c.ner:
        f.append(f"ner:{c.ner}|bounds:{left}{right}")
    f.append(f"head_kind:{head or '-'}|bounds:{left}{right}")
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        f.append("in_brackets")
    if start in index.line_start:
        f.append("line_start")
        line_end = end
        while line_end < len(doc) and line_end not in index.line_start:
            line_end += 1
        if line_end == end:
            f.append("whole_line")
    # The parse.
    root = syntactic_root(doc, start, end)
    gov = governor(root)
    f.append(f"dep:{gov.dep_}")
    f.append(f"gov:{gov.head.lower_}")
    f.append(f"dep_gov:{gov.dep_}|{gov.head.lower_}")
    if gov.dep_ == "pobj":
        prep = gov.head
        f.append(f"prep:{prep.lower_}|{prep.head.lower_}")
        f.append(f"prep_head_tag:{prep.head.tag_}")
    if root.dep_ == "conj":
        f.append("conj")
    if root.dep_ == "appos" or gov.dep_ == "appos":
        f.append(f"appos_of:{gov.head.tag_}")
    # A cue in the words before the span ("such as", "focus on", "themes").
    window = {t.lower_ for t in doc[max(0, start - 8):start]}
    for cue in THEME_CUES & window:
        f.append(f"cue:{cue}")
    count = index.counts.get(span.text.casefold(), 1)
    f.append(f"count:{min(count, 3)}")
    return f


def title_features(index: DocIndex, c: SpanCandidate, base: list[str] | None = None) -> list[str]:
    """Job titles: the same view (`base`, when already computed), with what a title is beside."""
    f = list(base if base is not None else span_features(index, c))
    doc = index.doc
    nxt = doc[c.end] if c.end < len(doc) else None
    prev = doc[c.start - 1] if c.start > 0 else None
    if nxt is not None and nxt.ent_type_ == "PERSON":
        f.append("person_after")
    if prev is not None and (prev.ent_type_ == "PERSON" or prev.text == "," and c.start > 1
                             and doc[c.start - 2].ent_type_ == "PERSON"):
        f.append("person_before")
    if re.search(r"\bof\b", doc[c.start:c.end].text):
        f.append("title_of")
    return f
