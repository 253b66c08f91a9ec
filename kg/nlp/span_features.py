"""Features of a candidate span, as named binary strings for the linear span
classifier. They describe English prose in general: the span's words and
their shape, its head word and what governs it in the parse, the statistical
model's label, the domain pack, and the words around it. None names a text."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.lexicon import HONORIFICS, NAME_CONNECTORS, THEME_CUES, TITLE_WORDS, head_kind
from kg.nlp.candidates import SpanCandidate
from kg.nlp.doctext import doc_text
from kg.nlp.tokens import token_table

_TITLE_TOKENS = {w.casefold() for t in TITLE_WORDS for w in t.replace("-", " - ").split()} - {"-"}
_HONORIFIC_TOKENS = {h.casefold().rstrip(".") for h in HONORIFICS if " " not in h}


def token_shape(token) -> str:
    return _shape(token.text, token.lower_, token.is_punct)


def _shape(t: str, lower: str, is_punct: bool) -> str:
    if lower in NAME_CONNECTORS:
        return "c"
    if t.isdigit():
        return "d"
    if is_punct:
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
    """Per-document facts the features read more than once, with each
    token's attributes in plain lists: a spaCy Token is a new object on every
    access, and the features read tokens hundreds of thousands of times."""

    def __init__(self, doc: Doc, candidates: list[SpanCandidate]):
        table = token_table(doc)
        self.doc = doc
        self.text = doc_text(doc)
        self.n = len(doc)
        self.lower, self.orth, self.tag, self.dep = table.lower, table.text, table.tag, table.dep
        self.head, self.space = table.head, table.is_space
        self.start_char, self.end_char = table.start_char, table.end_char
        self.shape = [_shape(text, low, punct) for text, low, punct in zip(table.text, table.lower, table.is_punct)]
        self.ents = [(e.start, e.end, e.label_) for e in doc.ents]
        self.known = [(c.start, c.end, c.gazetteer[0][0]) for c in candidates if c.gazetteer]
        counts: dict[str, int] = {}
        for c in candidates:
            key = self.span_text(c.start, c.end).casefold()
            counts[key] = counts.get(key, 0) + 1
        self.counts = counts
        self.line_start = {0} | {i for i in range(1, self.n) if table.newline_after[i - 1] or self.space[i - 1]}

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.start_char[start]:self.end_char[end - 1]]

    def root(self, start: int, end: int) -> int:
        """The token of the span whose head lies outside it."""
        for i in range(start, end):
            h = self.head[i]
            if not (start <= h < end) or h == i:
                return i
        return end - 1

    def governor(self, i: int) -> int:
        """What governs a span: for a list item, what governs the list's first item."""
        seen = 0
        while self.dep[i] == "conj" and self.head[i] != i and seen < 10:
            i = self.head[i]
            seen += 1
        return i

    def shape_of(self, start: int, end: int) -> str:
        out: list[str] = []
        for s in self.shape[start:end]:
            if not out or out[-1] != s:
                out.append(s)
        return "".join(out)[:8]


def span_features(index: DocIndex, c: SpanCandidate) -> list[str]:
    start, end, n_tokens = c.start, c.end, index.n
    lower, tag = index.lower, index.tag
    words = lower[start:end]
    text = index.span_text(start, end)
    f = [f"src:{s}" for s in sorted(c.sources)]
    n = end - start
    f.append(f"len:{min(n, 8)}")
    shape = index.shape_of(start, end)
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
    last, first = end - 1, start
    f += [f"last:{lower[last]}", f"last_tag:{tag[last]}", f"first:{lower[first]}", f"first_tag:{tag[first]}"]
    f.append(f"suffix:{lower[last][-3:]}")
    f += [f"w:{w}" for w in set(words) if len(w) > 1]
    head = head_kind(text)
    f.append(f"head_kind:{head or '-'}")
    of = next((i for i, w in enumerate(words) if w in ("of", "on", "for") and i > 0), None)
    if of is not None:
        f.append(f"pre_of:{words[of - 1]}")
        f.append(f"pre_of_kind:{head_kind(index.span_text(start, start + of)) or '-'}")
    if c.ner:
        f.append(f"ner:{c.ner}|head_kind:{head or '-'}")
        f.append(f"ner:{c.ner}|shape:{shape[:3]}")
    if any(w in _TITLE_TOKENS for w in words):
        f.append("has_title_word")
    if words[0] in _HONORIFIC_TOKENS or words[0].rstrip(".") in _HONORIFIC_TOKENS:
        f.append("starts_honorific")
    if text.islower():
        f.append("lower")
    if any(ch.isdigit() for ch in text):
        f.append("digit")
    for w in ("of", "and", ",", "&", "-"):
        if w in words[1:-1]:
            f.append(f"has:{w}")
    if n == 1 and text.isupper() and 2 <= len(text) <= 8:
        f.append("acronym")
    # Context.
    prev = start - 1 if start > 0 else None
    nxt = end if end < n_tokens else None
    f.append(f"prev:{lower[prev] if prev is not None else '^'}")
    f.append(f"next:{lower[nxt] if nxt is not None else '$'}")
    if prev is not None:
        f.append(f"prev_tag:{tag[prev]}")
        if lower[prev] in _TITLE_TOKENS:
            f.append("prev_title")
        if lower[prev].rstrip(".") in _HONORIFIC_TOKENS:
            f.append("prev_honorific")
        if start > 1:
            f.append(f"prev2:{lower[start - 2]}_{lower[prev]}")
    if nxt is not None:
        f.append(f"next_tag:{tag[nxt]}")
        orth = index.orth
        if orth[nxt] == "(" and end + 2 < n_tokens and orth[end + 2] == ")" and orth[end + 1].isupper():
            f.append("acronym_after")
        if end + 1 < n_tokens:
            f.append(f"next2:{lower[nxt]}_{lower[end + 1]}")
    # Boundaries: a name rarely stops just before, or starts just after, a
    # capitalised word of the same run.
    left = index.shape[prev] if prev is not None and not index.space[prev] else "^"
    right = index.shape[nxt] if nxt is not None and not index.space[nxt] else "$"
    f.append(f"left:{left}")
    f.append(f"right:{right}")
    f.append(f"bounds:{left}{right}")
    for src in c.sources:
        f.append(f"src:{src}|bounds:{left}{right}")
    if c.ner:
        f.append(f"ner:{c.ner}|bounds:{left}{right}")
    f.append(f"head_kind:{head or '-'}|bounds:{left}{right}")
    if prev is not None and index.orth[prev] == "(" and nxt is not None and index.orth[nxt] == ")":
        f.append("in_brackets")
    if start in index.line_start:
        f.append("line_start")
        line_end = end
        while line_end < n_tokens and line_end not in index.line_start:
            line_end += 1
        if line_end == end:
            f.append("whole_line")
    # The parse.
    dep, heads = index.dep, index.head
    root = index.root(start, end)
    gov = index.governor(root)
    gov_head = heads[gov]
    f.append(f"dep:{dep[gov]}")
    f.append(f"gov:{lower[gov_head]}")
    f.append(f"dep_gov:{dep[gov]}|{lower[gov_head]}")
    if dep[gov] == "pobj":
        f.append(f"prep:{lower[gov_head]}|{lower[heads[gov_head]]}")
        f.append(f"prep_head_tag:{tag[heads[gov_head]]}")
    if dep[root] == "conj":
        f.append("conj")
    if dep[root] == "appos" or dep[gov] == "appos":
        f.append(f"appos_of:{tag[gov_head]}")
    # A cue in the words before the span ("such as", "focus on", "themes").
    window = set(lower[max(0, start - 8):start])
    for cue in THEME_CUES & window:
        f.append(f"cue:{cue}")
    count = index.counts.get(text.casefold(), 1)
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
    if re.search(r"\bof\b", index.span_text(c.start, c.end)):
        f.append("title_of")
    return f
