"""The spaCy pipeline kg runs: the statistical English model (its parse and
its entities are features), a sentence break at every line break, and kg's
trained span classifier (`kg_mentions`), loaded from the extractor artefact
(`kg train` writes one; kg ships one in kg/models/extractor)."""
from __future__ import annotations

import functools
from pathlib import Path

from spacy.language import Language

from kg.domain import DomainPack, default_pack
from kg.nlp import mentions  # noqa: F401  (registers the factory)
from kg.nlp.model import load_model

# Components of the statistical model whose output kg never reads: kg works
# from the tagger's fine-grained tags, not lemmas or coarse parts of speech
# (the attribute ruler and the lemmatizer cost a quarter of the model's time,
# and neither feeds the parser or the entity recognizer).
UNUSED_COMPONENTS = ("attribute_ruler", "lemmatizer")


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


def base_pipeline(model: str | None = None):
    """The statistical model with kg's tokenizer and sentence breaks: what the
    classifiers read (training parses its texts with this too)."""
    nlp = load_model(model, exclude=UNUSED_COMPONENTS)
    adapt_tokenizer(nlp)
    nlp.add_pipe("kg_paragraphs", before="parser")
    return nlp


def build_pipeline(pack: DomainPack | None = None, model: str | None = None, extractor: Path | None = None):
    from kg.extractor import load_extractor

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

    return _pipeline(model, str(settings().extractor_dir))


@functools.lru_cache(maxsize=2)
def _pipeline(model: str | None, extractor: str):
    return build_pipeline(model=model, extractor=Path(extractor))


def shared_relations():
    """The relation models of the extractor KG_EXTRACTOR names."""
    from kg.extractor import load_extractor

    return load_extractor().relations
