"""The `kg_mentions` component: the trained span classifier.

It proposes candidate spans (kg.nlp.candidates), describes each
(kg.nlp.span_features), and asks two linear models learned from annotated
releases (`kg train`) what they are: one of the eight kinds or nothing, and
whether the span is a job title. The chosen spans go to
`doc.spans["kg_mentions"]` (label = kind) and `doc.spans["kg_titles"]`, each
group with its calibrated probabilities in `attrs["scores"]`, as spaCy's
own span categorizer keeps them. The domain pack's gazetteer feeds the
candidates and the features, and links what it knows (`span.id_` = pack key).
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from kg.linear import LinearModel
from kg.nlp.candidates import SpanCandidate, span_candidates
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.span_features import DocIndex, span_features, title_features
from kg.nlp.tokens import drop_token_table

MENTIONS_KEY = "kg_mentions"
TITLES_KEY = "kg_titles"
OUTSIDE = "O"


@Language.factory("kg_mentions", assigns=["doc.spans"],
                  requires=["doc.ents", "token.dep", "token.tag"], default_config={})
def make_mentions(nlp: Language, name: str) -> MentionClassifier:
    return MentionClassifier(nlp, name)


class MentionClassifier:
    def __init__(self, nlp: Language, name: str = "kg_mentions"):
        self.nlp = nlp
        self.name = name
        self.entities: LinearModel | None = None
        self.titles: LinearModel | None = None
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples=None, *, nlp=None, entities: LinearModel | None = None,
                   titles: LinearModel | None = None, pack=None) -> None:
        """Data arrives here, never at import: the models and the domain pack."""
        self.entities, self.titles = entities, titles
        if pack is not None:
            self.gazetteer = Gazetteer(nlp or self.nlp, pack)

    def __call__(self, doc: Doc) -> Doc:
        candidates = span_candidates(doc, self.gazetteer)
        index = DocIndex(doc, candidates)
        features = [span_features(index, c) for c in candidates]
        mentions, scores = self.choose(doc, candidates, features)
        group = SpanGroup(doc, name=MENTIONS_KEY, spans=mentions)
        group.attrs["scores"] = scores
        doc.spans[MENTIONS_KEY] = group
        titles, title_scores = self.choose_titles(doc, candidates, features, index)
        title_group = SpanGroup(doc, name=TITLES_KEY, spans=titles)
        title_group.attrs["scores"] = title_scores
        doc.spans[TITLES_KEY] = title_group
        drop_token_table(doc)  # a cache, not an annotation: it must not travel with the Doc
        return doc

    def choose(self, doc: Doc, candidates: list[SpanCandidate], features: list[list[str]]
               ) -> tuple[list[Span], list[float]]:
        """Non-overlapping spans, the most probable first, each above its kind's threshold."""
        if self.entities is None:
            return [], []
        return decode_mentions(doc, self.entities, candidates, features)

    def choose_titles(self, doc: Doc, candidates: list[SpanCandidate], features: list[list[str]],
                      index: DocIndex) -> tuple[list[Span], list[float]]:
        if self.titles is None:
            return [], []
        threshold = self.titles.meta.get("threshold", 0.5)
        titled = [(c, title_features(index, c, f)) for c, f in zip(candidates, features) if "has_title_word" in f]
        yes = self.titles.classes.index("yes")
        scored = []
        for (c, _), probs in zip(titled, self.titles.predict_proba_many([f for _, f in titled])):
            if probs[yes] >= threshold:
                scored.append((probs[yes], self._without_demonym(doc, c), "JobTitle"))
        return _non_overlapping(doc, scored)

    def _without_demonym(self, doc: Doc, c: SpanCandidate) -> SpanCandidate:
        """"Vietnamese Minister of Construction": the adjective names the
        minister's country (kg.link.implicit), not a word of the title."""
        demonyms = self.gazetteer.pack.demonyms if self.gazetteer is not None else {}
        if c.end - c.start > 1 and doc[c.start].lower_ in demonyms:
            return SpanCandidate(c.start + 1, c.end, c.sources, c.ner, c.gazetteer)
        return c

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, model in (("entities", self.entities), ("titles", self.titles)):
            if model is not None:
                (path / f"{name}.json").write_text(json.dumps(model.to_json()), encoding="utf-8")

    def from_disk(self, path, exclude=()) -> MentionClassifier:
        path = Path(path)
        for name in ("entities", "titles"):
            file = path / f"{name}.json"
            if file.is_file():
                setattr(self, name, LinearModel.from_json(json.loads(file.read_text(encoding="utf-8"))))
        return self


def decode_mentions(doc: Doc, model: LinearModel, candidates: list[SpanCandidate], features: list[list[str]],
                    thresholds: dict[str, float] | None = None) -> tuple[list[Span], list[float]]:
    """The spans a model keeps: each candidate's most probable kind, when it
    clears that kind's threshold; overlaps go to the more probable span."""
    thresholds = thresholds if thresholds is not None else model.meta.get("thresholds", {})
    scored = []
    for c, probs in zip(candidates, model.predict_proba_many(features)):
        kind, p = max(((k, v) for k, v in zip(model.classes, probs) if k != OUTSIDE), key=lambda kv: kv[1])
        if p >= thresholds.get(kind, 0.5):
            scored.append((p, c, kind))
    return _non_overlapping(doc, scored)


def _non_overlapping(doc: Doc, scored: list[tuple[float, SpanCandidate, str]]) -> tuple[list[Span], list[float]]:
    taken: set[int] = set()
    kept: list[tuple[Span, float]] = []
    for p, c, label in sorted(scored, key=lambda x: (-x[0], x[1].start)):
        tokens = set(range(c.start, c.end))
        if tokens & taken:
            continue
        taken |= tokens
        key = next((k for kind, k in c.gazetteer if kind == label), "")
        kept.append((Span(doc, c.start, c.end, label=label, span_id=key), p))
    kept.sort(key=lambda sp: sp[0].start)
    return [s for s, _ in kept], [p for _, p in kept]
