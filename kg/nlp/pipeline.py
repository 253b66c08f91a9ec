"""The spaCy pipeline kg's classifiers read: the statistical English model
(its parse and its entities are features), kg's tokenizer exceptions and a
sentence break at every line break. kg.extraction adds the trained span
classifier (`kg_mentions`, kg.nlp.mentions) on top."""
from __future__ import annotations

from spacy.language import Language

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
