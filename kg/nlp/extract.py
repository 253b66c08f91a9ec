"""From Documents to Extractions: run the spaCy pipeline, turn its spans into
candidate mentions, resolve them into entities, and read the relations."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.document import Document, Entity, Extraction, Mention
from kg.domain import DomainPack, default_pack
from kg.link.resolve import Candidate, resolve
from kg.dates import to_date
from kg.nlp.kinds import span_kind
from kg.nlp.names import NESTED_KEY
from kg.nlp.relations import extract_relations
from kg.nlp.themes import SPAN_KEY
from kg.rdf.iri import entity_key

def extract(document: Document, nlp=None, pack: DomainPack | None = None) -> Extraction:
    """One document, start to end."""
    return next(extract_many([document], nlp=nlp, pack=pack))

def extract_many(documents: Iterable[Document], nlp=None, pack: DomainPack | None = None,
                 batch_size: int | None = None, n_process: int = 1) -> Iterator[Extraction]:
    from kg.nlp.pipeline import shared_pipeline
    from kg.settings import settings

    nlp = nlp or shared_pipeline()
    pack = pack or default_pack()
    docs = list(documents) if not isinstance(documents, list) else documents
    name, version = nlp.meta.get("name", ""), nlp.meta.get("version", "")
    lang = nlp.meta.get("lang", "en")
    texts = (d.text for d in docs)
    batch_size = batch_size or settings().batch_size
    for document, doc in zip(docs, nlp.pipe(texts, batch_size=batch_size, n_process=n_process)):
        yield from_doc(document, doc, pack, f"{lang}_{name}" if name and not name.startswith(lang) else name, version)

def _theme_name(text: str) -> str:
    """A theme's label as a heading would write it: "water quality" -> "Water quality"."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def same_theme(text: str, theme) -> bool:
    """Is `text` the scheme theme itself (its label in another spelling, or
    its acronym) rather than a narrower phrase listed under it?"""
    def key(value: str) -> str:
        value = re.sub(r"\([^)]*\)", " ", value.casefold())
        words = [w for w in re.split(r"[^\w]+", value) if w and w not in ("and", "the")]
        return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words).replace("ize", "ise")

    target = key(theme.pref_label)
    acronyms = set(re.findall(r"\(([A-Z]{2,6})\)", theme.pref_label))
    return key(text) == target or text in acronyms or text.isupper() and text in theme.alt_labels and len(text) <= 4


def from_doc(document: Document, doc: Doc, pack: DomainPack, model: str = "", version: str = "") -> Extraction:
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(starts, offset) - 1
        return sentences[i] if i >= 0 else None

    candidates = []
    for span in [*doc.ents, *doc.spans.get(NESTED_KEY, [])]:
        kind, name = span_kind(span, pack)
        if kind is None:
            continue
        start = span.start_char + span.text.find(name) if name != span.text and name in span.text else span.start_char
        end = start + len(name) if name != span.text and name in span.text else span.end_char
        source = "gazetteer" if span.ent_id_ else ("shape" if span.label_ in ("Event", "Document", "Initiative",
                                                                               "Organization", "Place") else "ner")
        candidates.append(Candidate(start=start, end=end, text=document.text[start:end], kind=kind,
                                    key=span.ent_id_ or None, source=source, sentence=sentence_of(start)))
    mentions, entities = resolve(document.text, candidates, pack)
    for m in mentions:
        m.sentence = m.sentence or sentence_of(m.start)
    previous_theme: Mention | None = None
    for span in doc.spans.get(SPAN_KEY, []):
        scheme = pack.themes.get(span.id_) if span.id_ else None
        if previous_theme and re.fullmatch(r"\s*\(\s*", document.text[previous_theme.end:span.start_char]):
            key = previous_theme.entity  # "information and communications technology (ICT)"
        elif scheme is not None and not same_theme(span.text, scheme):
            # A narrower phrase the scheme lists under a theme ("water quality"
            # under Water) is a theme of its own, linked to the scheme's.
            key = entity_key("Theme", span.text)
            entities.setdefault(key, Entity(key=key, kind="Theme", name=_theme_name(span.text), confidence=0.75,
                                            broader=scheme.key))
        else:
            key = scheme.key if scheme else entity_key("Theme", span.text)
            entities.setdefault(key, Entity(key=key, kind="Theme", name=scheme.pref_label if scheme else
                                            _theme_name(span.text), known=scheme is not None,
                                            confidence=0.8 if scheme else 0.6))
        entity = entities[key]
        entity.aliases.add(span.text)
        previous_theme = Mention(start=span.start_char, end=span.end_char, text=span.text, kind="Theme", entity=key,
                                 sentence=sentence_of(span.start_char), confidence=entity.confidence, source="theme")
        mentions.append(previous_theme)
    mentions.sort(key=lambda m: m.start)
    relations, implicit = extract_relations(document.text, sentences, mentions, entities, pack,
                                            to_date(document.date))
    # A title's portfolio ("Economy, Trade and Industry") names the implicit
    # ministry; it replaces whatever the model made of the same words.
    covered = [(m.start, m.end) for m in implicit]
    mentions = [m for m in mentions if not any(s < m.end and m.start < e for s, e in covered)]
    mentions = sorted(mentions + implicit, key=lambda m: m.start)
    return Extraction(document=document, sentences=sentences, mentions=mentions, entities=entities,
                      relations=relations, model=model, model_version=version)
