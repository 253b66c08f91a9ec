"""The spaCy pipeline kg runs: the statistical English model, with the domain
pack's entity ruler before its `ner` (so known names are fixed first and the
model fills in the rest), then the shape-based names and the themes."""
from __future__ import annotations

import functools

from spacy.language import Language

from kg.link.domain import DomainPack, default_pack
from kg.nlp import names, themes  # noqa: F401  (registers the factories)
from kg.nlp.model import load_model

# Components of the statistical model whose output kg never reads: kg works
# from the tagger's fine-grained tags, not lemmas or coarse parts of speech
# (the attribute ruler and the lemmatizer cost a quarter of the model's time,
# and neither feeds the parser or the entity recognizer).
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer")

# Short upper-case forms are matched case-sensitively ("MIC" is not "mic").
_ACRONYM_MAX = 6


def ruler_patterns(pack: DomainPack) -> list[dict]:
    """Entity-ruler patterns: one per surface form of a known entity, the
    entity's key as pattern id (so `ent.ent_id_` is the link)."""
    country_forms = {f.casefold() for e in pack.entities.values() if e.kind == "Country" for f in e.surface_forms()}
    patterns = []
    for entity in pack.entities.values():
        for form in entity.surface_forms():
            # A city-state's city row must not shadow the country ("Singapore").
            if entity.kind != "Country" and form.casefold() in country_forms:
                continue
            if " " not in form and (form.isupper() and len(form) <= _ACRONYM_MAX or form == entity.acronym):
                pattern: str | list[dict] = [{"ORTH": form}]
            else:
                pattern = form
            patterns.append({"label": entity.kind, "pattern": pattern, "id": entity.key})
    return patterns


@Language.component("kg_paragraphs")
def paragraphs(doc):
    """A line break ends a sentence: headlines, datelines and list items carry
    no full stop, and a sentence never runs across a paragraph."""
    for token in doc[:-1]:
        if "\n" in token.text or (token.is_space and "\n" in token.text_with_ws):
            doc[token.i + 1].is_sent_start = True
    return doc


def adapt_tokenizer(nlp) -> None:
    """Abbreviations of place names stay one token ("Sta. Maria"), and a
    footnote mark splits off its word ("Smart JAMP*2", "(ASCN)*1")."""
    from spacy.attrs import ORTH
    from spacy.util import compile_infix_regex, compile_suffix_regex

    for abbreviation in ("Sta.", "Sto.", "Mt.", "Ft.", "Brgy.", "Gov.", "Sec.", "Usec.", "Asec.", "Atty.", "Engr."):
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r"\*(?=\d)"]).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, r"\*\d+$"]).search


def build_pipeline(pack: DomainPack | None = None, model: str | None = None):
    pack = pack or default_pack()
    nlp = load_model(model, exclude=UNUSED_COMPONENTS)
    adapt_tokenizer(nlp)
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", before="ner",
                         config={"phrase_matcher_attr": "LOWER", "validate": False})
    ruler.add_patterns(ruler_patterns(pack))
    known_words = sorted({f for e in pack.entities.values() if e.kind != "Person" for f in e.surface_forms()})
    nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_names", after="ner", config={"known_words": known_words})
    nlp.add_pipe("kg_themes", config={"labels": {t.key: t.labels() for t in pack.themes.values()}})
    return nlp


@functools.lru_cache(maxsize=2)
def shared_pipeline(model: str | None = None):
    """One pipeline per process: loading the model costs about two seconds."""
    return build_pipeline(model=model)
