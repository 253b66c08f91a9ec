"""The `kg_themes` component: theme mentions, in `doc.spans["kg_themes"]`.

Two sources: the labels of the theme scheme (case-insensitive, whole words),
and the items of a list the text presents as themes or sectors ("in the
fields of education, health, transportation"; "with a focus on inclusivity").
Scheme matches carry the theme's key as span id; list items that match no
scheme label become themes of their own."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.nlp.doctext import doc_text
from kg.nlp.names import set_ents

SPAN_KEY = "kg_themes"

# Phrases that introduce a list of themes, topics, sectors or priorities.
_CUE = re.compile(
    r"(?:sectors?|fields?|areas?|topics?|themes?|priorit(?:y|ies)|domains|pillars|issues)"
    r"\s+(?:such as|like|including|:)\s*|(?:fields?|areas?|themes?|sectors?)\s+of\s+"
    r"|(?:technologies|solutions|expertise|innovations?)\s+(?:in|for|such as)\s+"
    r"|(?:focus(?:ing|ed)? on|with a focus on|under the theme(?: of)?|centered on|centred on|"
    r"in the fields? of|in the areas? of|including:)\s+",
    re.IGNORECASE,
)
# A theme given whole, in quotes or as a vision: "the theme ...: “Smart Cities - Towards ...”",
# "a shared vision for a free and open Indo-Pacific", "the goal of “smart and sustainable urban development”".
_WHOLE = re.compile(
    r"\btheme\b[^.“\"]{0,60}?[:,]?\s*[“\"](?P<q>[^”\"]{3,160})[”\"]"
    r"|\bgoal of\s+[“\"](?P<g>[^”\"]{3,80})[”\"]"
    r"|\bvision (?:for|of) (?:a |an )?(?P<v>[a-z\-]+(?: and [a-z\-]+)? [A-Z][\w\-]+)(?=\s*[.,;])",
    re.IGNORECASE)
_ITEM = re.compile(r"^[A-Za-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,4}$")
_STOP_ITEMS = {"others", "other", "etc", "more", "among others", "so on", "the like", "many more", "others."}
_DETERMINERS = re.compile(r"^(?:the|a|an|its|their|our|other|various|new|smart city)\s+", re.IGNORECASE)
_DEICTIC = re.compile(r"^(?:this|that|these|those|it|them|which|what|how|who)\b", re.IGNORECASE)


@Language.factory("kg_themes", assigns=["doc.spans"], default_config={"labels": {}})
def make_themes(nlp: Language, name: str, labels: dict[str, list[str]]) -> "ThemeFinder":
    finder = ThemeFinder(nlp)
    finder.initialize(labels=labels)
    return finder


class ThemeFinder:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def initialize(self, get_examples=None, *, nlp=None, labels: dict[str, list[str]] | None = None) -> None:
        """`labels`: theme key -> its labels."""
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for key, forms in (labels or {}).items():
            self.matcher.add(key, [self.nlp.make_doc(f) for f in forms if f.strip()])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, _balanced(doc, s, e), label="Theme", span_id=key) for key, s, e in self.matcher(doc)
                 if not _modifier(doc, e)]
        spans += list(self._listed(doc))
        spans = _join_adjacent(doc, spans)
        # A theme the model took for a name ("Disaster Prevention: Resilience"
        # as an ORG) is a theme: drop model spans that theme labels cover.
        themed = {i for sp in spans if sp.id_ for i in range(sp.start, sp.end)}
        set_ents(doc, [e for e in doc.ents if e.ent_id_ or e.label_ in ("Event", "Document", "Initiative", "Place",
                                                                      "Organization", "PERSON")
                    or len([i for i in range(e.start, e.end) if i in themed]) * 2 < len(e)])
        # A theme word inside a name is part of the name ("... Transport and Tourism").
        named = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        # A theme given whole may hold names ("... a free and open Indo-Pacific").
        doc.spans[SPAN_KEY] = [s for s in _longest(spans)
                               if s.kb_id_ == "whole" or not named & set(range(s.start, s.end))]
        return doc

    def _listed(self, doc: Doc):
        text = doc_text(doc)
        for cue in _CUE.finditer(text):
            items = list(_list_items(text, cue.end(), _list_end(text, cue.end())))
            spans = [doc.char_span(a, b, label="Theme", alignment_mode="contract") for a, b in items]
            spans = [sp for sp in spans if sp is not None and len(sp)]
            # "focus on increasing ..., supporting ... and expanding ...": actions, not themes.
            if not spans or spans[0][0].tag_ == "VBG" and spans[0][0].lower_ not in _GERUND_THEMES:
                continue
            yield from spans
        for m in _WHOLE.finditer(text):
            group = next(g for g in ("q", "g", "v") if m.group(g))
            span = doc.char_span(m.start(group), m.end(group), label="Theme", kb_id="whole",
                                 alignment_mode="contract")
            if span is not None and len(span):
                yield span


# Gerunds that name a field rather than an action ("planning", "greening").
_GERUND_THEMES = {"planning", "greening", "housing", "financing", "building", "engineering", "manufacturing",
                  "recycling", "farming", "banking", "policing", "learning", "computing", "sensing"}


def _list_items(text: str, start: int, end: int):
    """(start, end) of each item of "a, b, c, and d" / "a; b and c": items are
    split on commas and semicolons; "and" splits the last item only when the
    list had no comma before it (an Oxford comma keeps "information and
    communications technology" whole)."""
    chunk = text[start:end]
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^,;]+", chunk)]
    out = []
    for i, (a, b) in enumerate(parts):
        piece = chunk[a:b]
        oxford = i > 0 and re.match(r"\s*and\s", piece)
        if oxford:
            a += oxford.end()
            piece = chunk[a:b]
            out.append((a, b))
        elif i == len(parts) - 1 or len(parts) == 1:
            for m in re.finditer(r"(?:(?<=^)|(?<=\sand\s)|(?<=\sor\s))(.+?)(?=\s+and\s|\s+or\s|$)", piece):
                out.append((a + m.start(1), a + m.end(1)))
        else:
            out.append((a, b))
    for a, b in out:
        item = chunk[a:b]
        lead = len(item) - len(item.lstrip())
        item = item.strip().rstrip(".…")
        a += lead
        det = _DETERMINERS.match(item)
        if det:
            a, item = a + det.end(), item[det.end():]
        if _ITEM.match(item) and item.lower() not in _STOP_ITEMS and not _DEICTIC.match(item):
            yield start + a, start + a + len(item)


def _balanced(doc: Doc, start: int, end: int) -> int:
    """Extend a match to its closing bracket: "green transformation (GX)"."""
    text = doc[start:end].text
    if text.count("(") > text.count(")") and end < len(doc) and doc[end].text == ")":
        return end + 1
    return end


# Penn Treebank noun tags (the tagger's own; kg runs no attribute ruler, so
# there is no coarse part of speech).
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})


def _modifier(doc: Doc, end: int) -> bool:
    """"business matching events": the theme words modify a noun that follows."""
    return end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end].tag_ in _NOUN_TAGS


def _join_adjacent(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Disaster Prevention: Resilience" is one mention of one theme."""
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:
            if span.end > out[-1].end and span.id_ == out[-1].id_:
                out[-1] = Span(doc, out[-1].start, span.end, label="Theme", span_id=span.id_)
            elif span.end > out[-1].end:
                out.append(span)
        elif out and span.id_ and out[-1].id_ == span.id_ and re.fullmatch(
                r"\s*(?::|&|and|,|/|-)?\s*", doc_text(doc)[out[-1].end_char:span.start_char]):
            out[-1] = Span(doc, out[-1].start, span.end, label="Theme", span_id=span.id_)
        else:
            out.append(span)
    return out


def _list_end(text: str, start: int) -> int:
    """A listed phrase runs to the end of its clause."""
    m = re.compile(r"[.:!?\n(\"“”]|…|\s(?:to|which|that|who|where|while|in order|step by step|among)\s").search(text, start)
    return m.start() if m else len(text)


def _longest(spans: list[Span]) -> list[Span]:
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), 0 if s.id_ else 1, s.start)):
        tokens = set(range(span.start, span.end))
        if not tokens & taken:
            taken |= tokens
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
