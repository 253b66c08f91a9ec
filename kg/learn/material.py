"""Training material of one annotated release: every candidate the
extractor would consider, described by the features it would compute, and
labelled from the gold annotation. It is computed once per release and
does not depend on any model, so cross-validation reuses it across folds."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.dates import to_date
from kg.extraction import main_event
from kg.learn.align import SpanLabeler, occurrences
from kg.learn.gold import Annotated, dates_match, match_key, titles_match
from kg.nlp.candidates import SpanCandidate, span_candidates
from kg.nlp.span_features import DocIndex, span_features, title_features
from kg.relations.candidates import (
    DateCandidate,
    PairCandidate,
    TitleCandidate,
    date_candidates,
    pair_candidates,
    sentence_index,
    title_candidates,
)
from kg.relations.classify import NONE
from kg.relations.features import PairMention
from kg.vocabulary import DATE_RELATIONS


@dataclass
class Material:
    id: str
    # candidate, features, kind or "O", the gold entity it names (or "")
    spans: list[tuple[SpanCandidate, list[str], str, str]] = field(default_factory=list)
    titles: list[tuple[SpanCandidate, list[str], bool]] = field(default_factory=list)  # title spans
    # pair, the labels it holds, the gold ids of its two ends ("" for none)
    pairs: list[tuple[PairCandidate, set[str], tuple[str, str]]] = field(default_factory=list)
    dates: list[tuple[DateCandidate, str]] = field(default_factory=list)  # label or "none"
    title_pairs: list[tuple[TitleCandidate, bool]] = field(default_factory=list)
    gold_relations: set[tuple[str, str, str]] = field(default_factory=set)  # (s, label, o) between gold ids
    gold_keys: dict[str, set[str]] = field(default_factory=dict)  # gold id -> match keys of its names
    annotated: Annotated | None = None
    doc: Doc | None = None
    # The relation material of the gold mentions, kept aside: each fit adds
    # that of the mentions its span classifier predicts (kg.learn.train).
    gold_relation_material: tuple = ()


def gold_mentions(annotated: Annotated, doc: Doc) -> list[PairMention]:
    sent_of = sentence_index(doc)
    out = []
    for occ in occurrences(annotated):
        span = doc.char_span(occ.start, occ.end, alignment_mode="contract")
        if span is None or not len(span):
            continue
        out.append(PairMention(span.start, span.end, occ.kind, occ.entity, sent_of[span.start]))
    return out


def material(annotated: Annotated, doc: Doc, gazetteer) -> Material:
    out = Material(id=annotated.id)
    labeler = SpanLabeler(annotated)
    gold_titles = [r.value for r in annotated.relations if r.p == "jobTitle" and r.value]
    candidates = span_candidates(doc, gazetteer)
    index = DocIndex(doc, candidates)
    title_spans = []
    for c in candidates:
        span = doc[c.start:c.end]
        features = span_features(index, c)
        label = labeler.label(span.start_char, span.end_char)
        gold_id = (labeler.entity_at(span.start_char, span.end_char) or "") if label != "O" else ""
        out.spans.append((c, features, label, gold_id))
        if "has_title_word" in features:
            is_title = any(titles_match(span.text, t) and match_key(span.text) for t in gold_titles)
            out.titles.append((c, title_features(index, c, features), is_title))
            if is_title:
                title_spans.append((c.start, c.end))
    out.gold_relations = {(r.s, r.p, r.o) for r in annotated.relations if r.o}
    out.gold_keys = {e.id: e.keys() for e in annotated.entities.values()}
    out.annotated, out.doc = annotated, doc
    mentions = gold_mentions(annotated, doc)
    relation_material(out, mentions, {m.entity: m.entity for m in mentions}, title_spans)
    out.gold_relation_material = (list(out.pairs), list(out.dates), list(out.title_pairs))
    return out


def relation_material(out: Material, mentions: list[PairMention], gold_of: dict[str, str],
                      title_spans: list[tuple[int, int]], keep: bool = False) -> None:
    """The relation candidates among these mentions, labelled by the gold
    relations between the gold entities they stand for (`gold_of`: a
    mention's entity -> gold id, or "" when it names none)."""
    annotated, doc = out.annotated, out.doc
    assert annotated is not None and doc is not None
    gold = out.gold_relations
    if keep:
        pairs, dates, title_pairs = out.gold_relation_material or ([], [], [])
        out.pairs, out.dates, out.title_pairs = list(pairs), list(dates), list(title_pairs)
    else:
        out.pairs, out.dates, out.title_pairs = [], [], []
    for pair in pair_candidates(doc, mentions):
        s, o = gold_of.get(pair.subject.entity, ""), gold_of.get(pair.object.entity, "")
        held = {label for label in pair.labels if s and o and (s, label, o) in gold}
        out.pairs.append((pair, held, (s, o)))
    dated = [(r.s, r.p, r.value) for r in annotated.relations if r.p in DATE_RELATIONS and r.value]
    for dc in date_candidates(doc, mentions, to_date(annotated.document.date), main_event(mentions),
                              annotated.document.text):
        s = gold_of.get(dc.subject.entity, "")
        label = next((p for g, p, v in dated if s and g == s and v and dates_match(dc.date.value, v)), NONE)
        out.dates.append((dc, label))
    held_titles = {r.s: r.value for r in annotated.relations if r.p == "jobTitle" and r.value}
    people = [m for m in mentions if m.kind == "Person"]
    for tc in title_candidates(doc, people, title_spans):
        want = held_titles.get(gold_of.get(tc.person.entity, ""))
        out.title_pairs.append((tc, bool(want) and titles_match(tc.text, want or "")))
