"""From Documents to Extractions, the three steps in order:

1. nlp: the spaCy pipeline parses the text and its trained span classifier
   marks mentions and job titles (kg.nlp);
2. link: mentions that name the same thing become one entity with a stable
   key (kg.link);
3. relations: the trained relation classifiers read the pairs of mentions,
   the dates and the titles (kg.relations).

Relation code only reads what linking decided; mapping to RDF (kg.rdf)
is a pure function of the Extraction this returns."""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc

from kg.dates import to_date
from kg.document import Document, Extraction, Mention, Relation
from kg.domain import DomainPack, default_pack
from kg.link.implicit import Implied, implicit_bodies
from kg.link.resolve import Candidate, resolve
from kg.nlp.mentions import MENTIONS_KEY, TITLES_KEY
from kg.relations.candidates import date_candidates, pair_candidates, sentence_index, title_candidates
from kg.relations.classify import Found, RelationModels
from kg.relations.features import PairMention


def build_pipeline(pack: DomainPack | None = None, model: str | None = None, extractor: Path | None = None):
    """The base pipeline with the extractor's span classifier on top."""
    from kg.extractor import load_extractor
    from kg.nlp import mentions  # noqa: F401  (registers the kg_mentions factory)
    from kg.nlp.pipeline import base_pipeline

    pack = pack or default_pack()
    nlp = base_pipeline(model)
    artefact = load_extractor(extractor)
    component = nlp.add_pipe("kg_mentions")
    component.initialize(nlp=nlp, entities=artefact.entities, titles=artefact.titles, pack=pack)
    return nlp


def shared_pipeline(model: str | None = None):
    """One pipeline per process and setting (loading the model costs about
    two seconds): the model, and the extractor KG_EXTRACTOR names."""
    from kg.settings import settings

    return _pipeline(model, str(settings().extractor_dir), str(settings().domain_dir))


@functools.lru_cache(maxsize=2)
def _pipeline(model: str | None, extractor: str, domain: str):
    return build_pipeline(pack=default_pack(domain), model=model, extractor=Path(extractor))


def shared_relations() -> RelationModels:
    """The relation models of the extractor KG_EXTRACTOR names."""
    from kg.extractor import load_extractor

    return load_extractor().relations


def extract(document: Document, nlp=None, pack: DomainPack | None = None) -> Extraction:
    """One document, start to end."""
    return next(extract_many([document], nlp=nlp, pack=pack))


def extract_many(documents: Iterable[Document], nlp=None, pack: DomainPack | None = None,
                 batch_size: int | None = None, n_process: int = 1) -> Iterator[Extraction]:
    from kg.settings import settings

    nlp = nlp or shared_pipeline()
    pack = pack or default_pack()
    relations = shared_relations()
    docs = documents if isinstance(documents, list) else list(documents)
    name, version = nlp.meta.get("name", ""), nlp.meta.get("version", "")
    lang = nlp.meta.get("lang", "en")
    model = f"{lang}_{name}" if name and not name.startswith(lang) else name
    batch_size = batch_size or settings().batch_size
    for document, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=batch_size, n_process=n_process)):
        yield from_doc(document, doc, pack, relations, model, version)


def link(document: Document, doc: Doc, pack: DomainPack, implied: list | None = None):
    """Step 2: the classifier's spans as resolved mentions and entities, with
    the implicit bodies job titles name (appended to `implied`, when given)."""
    group = doc.spans[MENTIONS_KEY] if MENTIONS_KEY in doc.spans else None
    scores = list(group.attrs.get("scores", [])) if group is not None else []
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    sent_of = sentence_index(doc)
    candidates = []
    for span, score in zip(group if group is not None else [], scores):
        source = "gazetteer" if span.id_ else "model"
        candidates.append(Candidate(start=span.start_char, end=span.end_char, text=span.text, kind=span.label_,
                                    key=span.id_ or None, source=source,
                                    sentence=sentences[sent_of[span.start]], confidence=float(score)))
    mentions, entities = resolve(document.text, candidates, pack)
    titles = doc.spans[TITLES_KEY] if TITLES_KEY in doc.spans else []
    found = implicit_bodies(document.text, [(t.start_char, t.end_char) for t in titles], entities, mentions, pack)
    if implied is not None:
        implied.extend(found)
    mentions.sort(key=lambda m: m.start)
    return mentions, entities


def pair_mentions(doc: Doc, mentions: list[Mention], entities) -> list[PairMention]:
    sent_of = sentence_index(doc)
    out = []
    for m in mentions:
        if not m.entity or m.entity not in entities:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        out.append(PairMention(span.start, span.end, entities[m.entity].kind, m.entity, sent_of[span.start]))
    return out


def main_event(mentions: list[PairMention]) -> PairMention | None:
    """The release's most named event, at its first mention."""
    counts = Counter(m.entity for m in mentions if m.kind == "Event")
    if not counts:
        return None
    key = counts.most_common(1)[0][0]
    return next(m for m in mentions if m.entity == key)


def read_relations(document: Document, doc: Doc, pms: list[PairMention], models: RelationModels,
                   implied: list[Implied] | None = None) -> list[Found]:
    """Step 3: every relation the classifiers find among the linked mentions.
    A person holding a title that names a body is affiliated with it."""
    found = models.classify_pairs(pair_candidates(doc, pms))
    found += models.classify_dates(date_candidates(doc, pms, to_date(document.date), main_event(pms), document.text))
    titles = doc.spans[TITLES_KEY] if TITLES_KEY in doc.spans else []
    people = [m for m in pms if m.kind == "Person"]
    held = models.classify_titles(title_candidates(doc, people, [(t.start, t.end) for t in titles]))
    found += held
    by_text: dict[str, list[str]] = {}
    for i in implied or []:
        by_text.setdefault(document.text[i.start:i.end], []).append(i.body)
    have = {(f.subject, f.label, f.object) for f in found}
    for f in held:
        for body in by_text.get(f.value or "", []):
            if (f.subject, "affiliation", body) not in have:
                have.add((f.subject, "affiliation", body))
                found.append(Found(f.subject, "affiliation", body, None, f.confidence, f.sentence))
    return found


def from_doc(document: Document, doc: Doc, pack: DomainPack, models: RelationModels, model: str = "",
             version: str = "") -> Extraction:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    implied: list[Implied] = []
    mentions, entities = link(document, doc, pack, implied)
    pms = pair_mentions(doc, mentions, entities)
    relations = [Relation(subject=f.subject, predicate=f.label, object=f.object, value=f.value,
                          sentence=sentences[f.sentence] if f.sentence < len(sentences) else None,
                          evidence="classifier", confidence=f.confidence)
                 for f in read_relations(document, doc, pms, models, implied)]
    return Extraction(document=document, sentences=sentences, mentions=mentions, entities=entities,
                      relations=relations, model=model, model_version=version)
