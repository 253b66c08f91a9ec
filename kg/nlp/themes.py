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

from kg.nlp.names import set_ents

SPAN_KEY = "kg_themes"

# Phrases that introduce a list of themes, topics, sectors or priorities.
_CUE = re.compile(
    r"(?:sectors?|fields?|areas?|topics?|themes?|priorit(?:y|ies)|domains|pillars|technologies|solutions)"
    r"\s+(?:such as|like|including|:)\s*|(?:fields?|areas?|themes?)\s+of\s+"
    r"|(?:focus(?:ing|ed)? on|with a focus on|under the theme(?: of)?|centered on|centred on|"
    r"in the fields? of|in the areas? of)\s+",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|…|\.\.\.)\s*")
_ITEM = re.compile(r"^[a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,3}$")
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
        spans = [Span(doc, s, e, label="Theme", span_id=key) for key, s, e in self.matcher(doc)
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
        doc.spans[SPAN_KEY] = [s for s in _longest(spans) if not named & set(range(s.start, s.end))]
        return doc

    def _listed(self, doc: Doc):
        text = doc.text
        for cue in _CUE.finditer(text):
            tail_end = _list_end(text, cue.end())
            pos = cue.end()
            for item in _ITEM_SPLIT.split(text[cue.end():tail_end]):
                start = text.find(item, pos) if item else -1
                if start < 0:
                    continue
                pos = start + len(item)
                lead = _DETERMINERS.match(item)
                if lead:
                    start, item = start + lead.end(), item[lead.end():]
                item = item.rstrip(".")
                if not _ITEM.match(item) or item in _STOP_ITEMS or _DEICTIC.match(item):
                    continue
                span = doc.char_span(start, start + len(item), label="Theme", alignment_mode="contract")
                # "expanding the outreach" is an action, not a theme.
                if span is not None and len(span) and span[0].tag_ != "VBG":
                    yield span


def _modifier(doc: Doc, end: int) -> bool:
    """"business matching events": the theme words modify a noun that follows."""
    return end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end].pos_ in ("NOUN", "PROPN")


def _join_adjacent(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Disaster Prevention: Resilience" is one mention of one theme."""
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        if out and span.id_ and out[-1].id_ == span.id_ and re.fullmatch(
                r"\s*(?::|&|and|,|/|-)?\s*", doc.text[out[-1].end_char:span.start_char]):
            out[-1] = Span(doc, out[-1].start, span.end, label="Theme", span_id=span.id_)
        else:
            out.append(span)
    return out


def _list_end(text: str, start: int) -> int:
    """A listed phrase runs to the end of its clause."""
    m = re.compile(r"[.;:!?\n(\"“”]|\s(?:to|which|that|who|where|while|in order)\s").search(text, start)
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
